"""Turn input files and folders into :class:`~kg.model.Article` values.

:func:`read_inputs` is the one entry point.  It walks files and folders in a
deterministic order, decodes bytes into text, dispatches on the file extension
through :data:`READERS`, and yields an :class:`Article` per article or a
:class:`Skip` explaining why an input (or one record of it) was not used.  A
problem with one file never stops the iteration.

``Article.text`` is the exact string later offsets refer to: decoded text with
newlines normalised to ``\\n``, Unicode NFC, stripped.  For every format the
headline is the first line of the text (``text.startswith(headline)``).
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import json
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg.model import Article, Skip

__all__ = [
    "READERS",
    "NotText",
    "article_id",
    "decode_bytes",
    "normalize_date",
    "normalize_text",
    "read_inputs",
    "read_path",
    "split_headline",
]

#: What a reader yields: where it came from ("path", "path:3", "path#0") and the result.
Located = tuple[str, Article | Skip]
#: A reader gets the source path and the decoded (not yet normalised) text.
Reader = Callable[[str, str, str], Iterator[Located]]

_BOMS = (  # (BOM, codec that drops it, name recorded); UTF-32-LE's BOM starts with UTF-16-LE's
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
)
_CONTROL_OK = frozenset("\t\n\r\f\v")
_MAX_CONTROL_RATIO = 0.05
_CHAOS_TOLERANCE = 0.1  # how much worse cp1252 may score and still be preferred
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|2[01]\d\d)(?!\d)")


class NotText(ValueError):
    """The bytes are not text (binary content or an unknown encoding)."""


# ----------------------------------------------------------------- identity


def article_id(text: str) -> str:
    """First 16 hex digits of the SHA-256 of the identity-normalised text.

    Identity ignores case, compatibility forms and whitespace layout:

    >>> article_id("Kharkiv  falls\\n\\nTroops left.") == article_id("KHARKIV falls Troops left.")
    True
    >>> len(article_id("x"))
    16
    """
    key = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


# ----------------------------------------------------------------- decoding


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``; raise :class:`NotText`.

    A BOM wins; then strict UTF-8; then charset-normalizer (preferring cp1252
    among near-equal guesses, since it is the usual legacy news encoding).
    """
    for bom, codec, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data.decode(codec)), encoding
            except UnicodeDecodeError as exc:
                raise NotText(f"invalid {encoding} after BOM") from exc
    if b"\x00" in data:
        raise NotText("NUL bytes")
    try:
        return _check_text(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    encoding = _detect_encoding(data)
    return _check_text(data.decode(encoding)), encoding


def _detect_encoding(data: bytes) -> str:
    """The encoding charset-normalizer finds, with a bias towards cp1252."""
    import charset_normalizer

    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        raise NotText("no encoding fits")
    best = min(matches, key=lambda m: m.chaos)
    for match in matches:
        if match.chaos <= best.chaos + _CHAOS_TOLERANCE and "cp1252" in match.could_be_from_charset:
            return "cp1252"
    return codecs.lookup(matches[0].encoding).name


def _check_text(text: str) -> str:
    """Return ``text`` unless too many of its characters are control characters."""
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in _CONTROL_OK)
    if controls > _MAX_CONTROL_RATIO * len(text):
        raise NotText("control characters")
    return text


_UNENCODABLE = re.compile("[\ud800-\udfff\ufffe\uffff]")  # lone surrogates, non-characters


def normalize_text(text: str) -> str:
    """Newlines to ``\\n``, Unicode NFC, outer whitespace stripped, and characters no RDF
    serialisation can carry (lone surrogates from JSON ``\\ud800`` escapes, U+FFFE/U+FFFF)
    replaced by U+FFFD.

    >>> normalize_text("a\\r\\nb\\ud800 ")
    'a\\nb\ufffd'
    """
    text = _UNENCODABLE.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))
    return unicodedata.normalize("NFC", text).strip()


# ------------------------------------------------------------------- dates


def normalize_date(value: str | None) -> str | None:
    """An ISO date or date-time for an absolute date string, else ``None``.

    >>> normalize_date("May 15, 2022"), normalize_date("yesterday")
    ('2022-05-15', None)
    """
    if not isinstance(value, str) or not value.strip():
        return None
    return _normalize_date(value.strip())


@lru_cache(maxsize=4096)  # a feed's articles share a handful of dates; parsing one is slow
def _normalize_date(value: str) -> str | None:
    try:
        return _iso(datetime.fromisoformat(value), has_time=len(value) > 10)
    except ValueError:
        pass
    if not _YEAR.search(value):  # only absolute dates: "yesterday" has no year
        return None
    parsed = _date_parser().get_date_data(value).date_obj
    if parsed is None:
        return None
    return _iso(parsed, has_time=(parsed.hour, parsed.minute, parsed.second) != (0, 0, 0))


def _iso(moment: datetime, *, has_time: bool) -> str:
    return moment.isoformat() if has_time else moment.date().isoformat()


@lru_cache(maxsize=1)
def _date_parser() -> Any:
    from dateparser.date import DateDataParser

    return DateDataParser(
        settings={
            "PREFER_DAY_OF_MONTH": "first",
            "PREFER_MONTH_OF_YEAR": "first",
            "RETURN_AS_TIMEZONE_AWARE": False,
        }
    )


# ----------------------------------------------------------------- articles


def split_headline(text: str) -> tuple[str, str]:
    """Split normalised text into its first non-empty line and the stripped rest.

    >>> split_headline("Kharkiv falls\\n\\nTroops withdraw.\\n\\nMore later.")
    ('Kharkiv falls', 'Troops withdraw.\\n\\nMore later.')
    >>> split_headline("Only a headline")
    ('Only a headline', '')
    """
    headline, _, body = text.strip().partition("\n")
    return headline.strip(), body.strip()


def _make_article(source: str, fmt: str, encoding: str, title: str | None, body: str, **meta: Any) -> Article:
    """Build an Article: text is ``title + "\\n\\n" + body`` (or the body alone)."""
    title = normalize_text(title or "")
    body = normalize_text(body)
    text = f"{title}\n\n{body}" if title and body else (title or body)
    headline = split_headline(text)[0]
    return Article(
        id=article_id(text),
        text=text,
        headline=headline,
        source=source,
        format=fmt,
        encoding=encoding,
        **meta,
    )


def _string(value: Any) -> str | None:
    """``value`` stripped if it is a non-empty string, else ``None``."""
    if isinstance(value, str) and value.strip():
        return normalize_text(value)
    return None


# ------------------------------------------------------------------ readers


def read_txt(source: str, raw: str, encoding: str) -> Iterator[Located]:
    """A plain-text article: first non-empty line is the headline, the rest the body."""
    headline, body = split_headline(normalize_text(raw))
    yield source, _make_article(source, "txt", encoding, headline, body)


def read_json(source: str, raw: str, encoding: str) -> Iterator[Located]:
    """One JSON object, or a list of objects (records located as ``path#INDEX``)."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        yield source, Skip(source, f"malformed JSON: {exc}")
        return
    if isinstance(data, list):
        if not data:
            yield source, Skip(source, "JSON file has no records")
        for index, record in enumerate(data):
            yield _record(source, f"{source}#{index}", record, "json", encoding)
    else:
        yield _record(source, source, data, "json", encoding)


def read_jsonl(source: str, raw: str, encoding: str) -> Iterator[Located]:
    """One JSON object per line (records located as ``path:LINE``, 1-based)."""
    for number, line in enumerate(raw.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield where, Skip(where, f"malformed JSON: {exc}")
            continue
        yield _record(source, where, record, "jsonl", encoding)


def _record(source: str, where: str, record: Any, fmt: str, encoding: str) -> Located:
    """Turn one JSON record into an Article; ill-typed optional fields are ignored."""
    if not isinstance(record, dict):
        return where, Skip(where, f"JSON record is not an object (got {type(record).__name__})")
    body = _first(record, "text", "body")
    if body is None:
        return where, Skip(where, "JSON record has no 'text' or 'body' string")
    external_id = record.get("id")
    if isinstance(external_id, int) and not isinstance(external_id, bool):
        external_id = str(external_id)
    return where, _make_article(
        source,
        fmt,
        encoding,
        _string(record.get("title")),
        body,
        url=_string(record.get("url")),
        published=normalize_date(_first(record, "published", "date")),
        outlet=_first(record, "outlet", "source"),
        external_id=_string(external_id),
        language=_first(record, "language", "lang"),
    )


def _first(record: dict[str, Any], *keys: str) -> str | None:
    """The first of ``keys`` whose value is a non-empty string."""
    for key in keys:
        if (value := _string(record.get(key))) is not None:
            return value
    return None


def read_html(source: str, raw: str, encoding: str) -> Iterator[Located]:
    """An HTML page: trafilatura finds the main text and the metadata."""
    import trafilatura

    doc: Any = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False)
    body = normalize_text(getattr(doc, "text", None) or "") if doc is not None else ""
    if not body:
        yield source, Skip(source, "no article text found in HTML")
        return
    title = _string(doc.title)
    lines = [line.strip() for line in body.split("\n") if line.strip()]
    if title and lines and lines[0] == title:
        lines = lines[1:]  # trafilatura often repeats the <h1> as the first line
    yield (
        source,
        _make_article(
            source,
            "html",
            encoding,
            title,
            "\n\n".join(lines),
            url=_string(doc.url),
            published=normalize_date(doc.date),
            outlet=_string(doc.sitename),
            language=_string(doc.language),
        ),
    )


#: File extension (lower case, with the dot) -> reader.  Add new formats here.
READERS: dict[str, Reader] = {
    ".txt": read_txt,
    ".json": read_json,
    ".jsonl": read_jsonl,
    ".html": read_html,
    ".htm": read_html,
}


# ------------------------------------------------------------------- files


def read_path(path: str | Path) -> Iterator[Located]:
    """Read one file, yielding ``(where, Article | Skip)``; never raises for file problems."""
    source = os.fspath(path)
    suffix = Path(source).suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        yield source, Skip(source, _unsupported(suffix))
        return
    try:
        st = os.stat(source)
        if not stat.S_ISREG(st.st_mode):
            yield source, Skip(source, "not a regular file")
            return
        with open(source, "rb") as handle:
            data = handle.read()
        text, encoding = decode_bytes(data)
        if not text.strip():
            yield source, Skip(source, "empty file")
            return
        yield from reader(source, text, encoding)
    except NotText:
        yield source, Skip(source, "binary file (not text)")
    except OSError as exc:
        yield source, Skip(source, f"cannot read file: {_os_reason(exc)}")
    except Exception as exc:  # a per-file problem must not end the run
        yield source, Skip(source, f"cannot read file: {type(exc).__name__}: {exc}")


def _unsupported(suffix: str) -> str:
    known = ", ".join(sorted(READERS))
    kind = f"'{suffix}'" if suffix else "(no extension)"
    return f"unsupported file type {kind} (kg reads {known})"


def _os_reason(exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ENOENT:
        return "no such file or directory"
    return (exc.strerror or str(exc)).lower()


# ---------------------------------------------------------------- walking


def _walk(top: str, visited: set[str]) -> Iterator[tuple[str, Skip | None]]:
    """Files under ``top`` in sorted order as ``(path, None)``, or ``(dir, Skip)``.

    Hidden entries are ignored; a directory whose real path was already
    visited (a symlink loop or a second link to it) is not entered again.
    """
    real = os.path.realpath(top)
    if real in visited:
        return
    visited.add(real)
    try:
        names = sorted(os.listdir(top))
    except OSError as exc:
        yield top, Skip(top, f"cannot read directory: {_os_reason(exc)}")
        return
    for name in names:
        if name.startswith("."):
            continue
        path = os.path.join(top, name)
        if os.path.isdir(path):
            yield from _walk(path, visited)
        else:
            yield path, None


def near_duplicate_key(text: str) -> str:
    """The article's words alone: texts that differ only in punctuation, case or spacing
    (a re-post, a re-encoded copy) share this key.

    >>> near_duplicate_key("Kyiv, Ukraine -- shelling!") == near_duplicate_key("KYIV Ukraine: shelling.")
    True
    """
    words = re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold())
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()[:16]


def read_inputs(paths: Iterable[str | Path]) -> Iterator[Article | Skip]:
    """Yield an Article or a Skip for every file named or found under a folder.

    The second occurrence of the same article text (see :func:`article_id`)
    is skipped as a duplicate of the first.
    """
    seen: dict[str, str] = {}
    near: dict[str, str] = {}
    for given in paths:
        top = os.fspath(given)
        if not os.path.exists(top):
            yield Skip(top, "no such file or directory")
            continue
        files = _walk(top, set()) if os.path.isdir(top) else iter([(top, None)])
        for path, problem in files:
            if problem is not None:
                yield problem
                continue
            for where, item in read_path(path):
                if isinstance(item, Article):
                    words = near_duplicate_key(item.text)
                    if item.id in seen:
                        item = Skip(where, f"duplicate of {seen[item.id]} (same text)")
                    elif words in near:
                        item = Skip(
                            where,
                            f"near-duplicate of {near[words]} (the same words; "
                            "only punctuation, case or spacing differ)",
                        )
                    else:
                        seen[item.id] = near[words] = where
                yield item
