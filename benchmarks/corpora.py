"""Benchmark corpora read from ../shared/data (never copied into the repository)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("KG_EVAL_DATA", ROOT.parent / "shared" / "data"))


class _ReutersStories(HTMLParser):
    """The stories of one Reuters SGML file (a tokenizer: <BODY> stays an ordinary tag)."""

    FIELDS = frozenset({"title", "body", "date"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stories: list[dict] = []
        self._story: dict | None = None
        self._field: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "reuters":
            self._story = {"newid": dict(attrs).get("newid"), "title": "", "body": "", "date": ""}
        elif tag in self.FIELDS and self._story is not None:
            self._field = tag

    def handle_endtag(self, tag):
        if tag == "reuters" and self._story is not None:
            self.stories.append(self._story)
            self._story = None
        elif tag == self._field:
            self._field = None

    def handle_data(self, data):
        if self._field and self._story is not None:
            self._story[self._field] += data


def reuters(limit: int | None = None) -> Iterator[dict]:
    """Reuters-21578 stories with a body, as kg JSON records (title, text, date, outlet, id)."""
    count = 0
    for path in sorted((DATA / "reuters21578").glob("reut2-*.sgm")):
        stories = _ReutersStories()
        stories.feed(path.read_bytes().decode("latin-1"))
        for story in stories.stories:
            body = story["body"].strip()
            if not body:
                continue
            if body.lower().endswith("reuter"):
                body = body[: -len("reuter")].rstrip()
            yield {
                "id": f"reuters-{story['newid']}",
                "title": story["title"].strip(),
                "text": body,
                "date": story["date"].strip()[:11],
                "outlet": "Reuters",
            }
            count += 1
            if limit is not None and count >= limit:
                return


def bbc(limit: int | None = None) -> Iterator[Path]:
    """BBC News article files (kg reads their .txt format directly)."""
    files = sorted((DATA / "bbc_news").glob("*/*.txt"))
    return iter(files if limit is None else files[:limit])


def bbc_sample(n: int) -> list[Path]:
    """``n`` BBC files, as many from each of the five categories (the first of each, by name)."""
    folders = sorted(p for p in (DATA / "bbc_news").iterdir() if p.is_dir())
    each, extra = divmod(n, len(folders))
    files: list[Path] = []
    for i, folder in enumerate(folders):
        files += sorted(folder.glob("*.txt"))[: each + (i < extra)]
    return files


def write_jsonl(records, path: Path) -> int:
    """Write records as one .jsonl file; return how many."""
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    return n


def words(records: list[dict]) -> int:
    return sum(len((r["title"] + " " + r["text"]).split()) for r in records)
