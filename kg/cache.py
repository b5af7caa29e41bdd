"""Per-article extraction records in ``OUT/extractions/``, for incremental builds.

Each record holds an article's :class:`~kg.model.Extraction` and the
:class:`~kg.rdf.Activity` that made it, as JSON.  A later ``kg build`` reads
them back instead of running spaCy again, so only new articles cost model time.

>>> from kg.model import Article, Extraction, Span
>>> x = Extraction(Article("a1", "Hi.", "Hi.", "t.txt", "txt"), [Span(0, 3, "Hi.")])
>>> from_json(Extraction, to_json(x)) == x
True
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import json
import os
import shutil
import types
import typing
from pathlib import Path

from .model import Extraction
from .nlp import ModelInfo
from .outdir import EXTRACTIONS_DIR, record_path
from .rdf import Activity

FORMAT_VERSION = 1


def to_json(value):
    """Plain JSON-able data for a tree of dataclasses, enums and lists."""
    if dataclasses.is_dataclass(value):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    return value


def from_json(cls, data):
    """The inverse of :func:`to_json`, guided by ``cls``'s type hints."""
    if data is None:
        return None
    origin = typing.get_origin(cls)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(cls) if a is not type(None)]
        return from_json(options[0], data)
    if origin is list:
        (item,) = typing.get_args(cls)
        return [from_json(item, v) for v in data]
    if dataclasses.is_dataclass(cls):
        return cls(**{name: from_json(hint, data[name]) for name, hint in _field_hints(cls) if name in data})
    if isinstance(cls, type) and issubclass(cls, enum.Enum):
        return cls(data)
    return data


@functools.cache
def _field_hints(cls) -> tuple[tuple[str, object], ...]:
    hints = typing.get_type_hints(cls)  # slow: it evaluates the annotations' strings
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))


def save(out: Path, extraction: Extraction, activity: Activity) -> None:
    path = record_path(out, extraction.article.id)
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {"format": FORMAT_VERSION, "activity": to_json(activity), "extraction": to_json(extraction)}
    path.write_text(json.dumps(record, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def carry_over(old_out: Path, new_out: Path, article_id: str) -> None:
    """Keep an unchanged record in the new output: a hard link where possible, else a copy."""
    source, target = record_path(old_out, article_id), record_path(new_out, article_id)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def load(path: Path) -> tuple[Extraction, Activity] | None:
    """One record, or None if it is of another format."""
    record = json.loads(path.read_text(encoding="utf-8"))
    if record.get("format") != FORMAT_VERSION:
        return None
    activity = Activity(record["activity"]["started"], from_json(ModelInfo, record["activity"]["model"]))
    return from_json(Extraction, record["extraction"]), activity


def load_all(out: Path, *, slim: bool = False) -> list[tuple[Extraction, Activity]]:
    """Every record under ``out``, in article-id order (records of another format are skipped);
    with ``slim``, only what merging needs (see :func:`slim_view`)."""
    found = []
    folder = out / EXTRACTIONS_DIR
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else ():
        loaded = load(path)
        if loaded is not None:
            found.append((slim_view(loaded[0]) if slim else loaded[0], loaded[1]))
    return found


def write_view(extraction: Extraction) -> Extraction:
    """The extraction without its article's text (what writing the merged nodes needs: the
    sentences' spans, not their words): a build holds one of these per new article until it
    has merged and written them."""
    article = dataclasses.replace(extraction.article, text="")
    sentences = [dataclasses.replace(s, text="") for s in extraction.sentences]
    return dataclasses.replace(extraction, article=article, sentences=sentences)


def slim_view(extraction: Extraction) -> Extraction:
    """The extraction without what only writing needs (the article's text, its sentences):
    a build holds one of these per article for merging, and reads the full record back
    from disk to write it, so memory grows with entities, not with text."""
    article = dataclasses.replace(extraction.article, text="")
    return dataclasses.replace(extraction, article=article, sentences=[])
