"""``kg build``: read, extract, merge, write, then swap the new ``out/`` into place."""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pyoxigraph as ox

from . import __version__
from .extract import extract
from .lexicon import load_event_types
from .merge import resolve
from .model import Article, Extraction, Skip
from .nlp import load_model
from .rdf import Activity, article_quads
from .readers import read_inputs
from .store import HTML_FILE, REPORT_FILE, STORE_DIR, TRIG_FILE, export, load_ontology, to_quads

BATCH_SIZE = 64
UTF8 = {"utf-8", "utf_8", "ascii", "utf-8-sig"}


class NoUsableInput(ValueError):
    """None of the inputs could be read as an article."""


@dataclass
class BuildResult:
    out: Path
    articles: list[Article] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    quads: int = 0
    timings: dict[str, float] = field(default_factory=dict)


def started_at() -> str:
    """Now, or ``$SOURCE_DATE_EPOCH`` for reproducible builds, as xsd:dateTime."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch else datetime.now(timezone.utc)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


def build(
    paths: Iterable[str | Path],
    out: str | Path = "out",
    *,
    model: str | None = None,
    on_skip: Callable[[Skip], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BuildResult:
    """Build ``out/`` from the articles under ``paths``.

    The new output is written beside ``out/`` and swapped in only when complete,
    so a failed or interrupted build leaves the previous ``out/`` as it was.
    """
    on_skip = on_skip or (lambda s: _stderr(f"kg: skipped {s.source}: {s.reason}"))
    out = Path(out)
    result = BuildResult(out=out)
    clock = time.perf_counter()

    for item in read_inputs(paths):
        if isinstance(item, Skip):
            result.skipped.append(item)
            on_skip(item)
        else:
            result.articles.append(item)
            if item.encoding not in UTF8:
                _stderr(f"kg: {item.source} is not UTF-8 text; decoded as {item.encoding}")
    result.timings["read"] = time.perf_counter() - clock
    nlp, info = load_model(model)
    fits = []
    for article in result.articles:
        if len(article.text) > nlp.max_length:
            skip = Skip(article.source, f"text of {len(article.text)} characters is longer than "
                                        f"the model's limit ({nlp.max_length})")
            result.skipped.append(skip)
            on_skip(skip)
        else:
            fits.append(article)
    result.articles = fits
    if not result.articles:
        raise NoUsableInput("no usable article in the input"
                            + (f" ({len(result.skipped)} skipped)" if result.skipped else ""))

    clock = time.perf_counter()
    lexicon = load_event_types()
    extractions: list[Extraction] = []
    pairs = ((a.text, a) for a in result.articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=BATCH_SIZE):
        extractions.append(extract(article, doc, lexicon))
        if progress:
            progress(len(extractions), len(result.articles))
    result.timings["extract"] = time.perf_counter() - clock

    clock = time.perf_counter()
    resolution = resolve(extractions, lexicon)
    result.timings["merge"] = time.perf_counter() - clock

    clock = time.perf_counter()
    activity = Activity(started=started_at(), model=info)
    staging = out.parent / f".{out.name}.building-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    try:
        store = ox.Store(str(staging / STORE_DIR))
        for x in sorted(extractions, key=lambda x: x.article.id):
            quads = article_quads(x, resolution, activity)
            result.quads += len(quads)
            store.bulk_extend(to_quads(quads))
        load_ontology(store)
        store.flush()
        (staging / TRIG_FILE).write_bytes(export(store, "trig"))
        result.timings["write"] = time.perf_counter() - clock

        clock = time.perf_counter()
        from .view import write_view

        write_view(store, staging / HTML_FILE, title="kg: " + ", ".join(str(p) for p in paths))
        result.timings["view"] = time.perf_counter() - clock
        _write_report(staging / REPORT_FILE, result, info.description)
        del store
        _swap_into_place(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return result


def _write_report(path: Path, result: BuildResult, model: str) -> None:
    report = {
        "kg_version": __version__,
        "model": model,
        "articles": [{"id": a.id, "source": a.source, "headline": a.headline,
                      "encoding": a.encoding, "format": a.format} for a in result.articles],
        "skipped": [{"source": s.source, "reason": s.reason} for s in result.skipped],
        "counts": {"articles": len(result.articles), "skipped": len(result.skipped),
                   "quads": result.quads},
        "timings_seconds": {k: round(v, 3) for k, v in result.timings.items()},
    }
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _swap_into_place(staging: Path, out: Path) -> None:
    """Replace ``out`` with ``staging``; the old ``out`` goes only once the new one is there."""
    previous = out.parent / f".{out.name}.previous-{os.getpid()}"
    if out.exists():
        out.rename(previous)
    staging.rename(out)
    if previous.exists():
        shutil.rmtree(previous)
