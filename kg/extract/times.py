"""Time expressions, normalised against the article's date when it is known."""

from __future__ import annotations

import re
from datetime import datetime

import dateparser

from ..model import TimeExpr
from .context import DocContext

TIME_LABELS = {"DATE", "TIME"}
_YEAR = re.compile(r"\b(1[89]|20)\d\d\b")
_VAGUE = re.compile(r"(?i)\b(weeks?|days?|months?|years?)\b")  # durations, not points


def extract_times(ctx: DocContext) -> None:
    base = _article_datetime(ctx.article.published)
    for ent in ctx.doc.ents:
        if ent.label_ not in TIME_LABELS or not ent.text.strip():
            continue
        span = ctx.span(ent.start_char, ent.end_char)
        ctx.extraction.times.append(TimeExpr(span=span, date=normalise_date(span.text, base)))


def _article_datetime(published: str | None) -> datetime | None:
    if not published:
        return None
    try:
        return datetime.fromisoformat(published[:19])
    except ValueError:
        return None


def normalise_date(text: str, base: datetime | None) -> str | None:
    """An ISO date for ``text``, relative to ``base``; None when it is not a point in time.

    >>> normalise_date("Sunday", datetime(2022, 5, 16))
    '2022-05-15'
    >>> normalise_date("Sunday", None) is None
    True
    >>> normalise_date("May 14, 2022", None)
    '2022-05-14'
    """
    if base is None and not _YEAR.search(text):
        return None
    if _VAGUE.search(text) and not re.search(r"(?i)\b(last|next|this)\b", text):
        return None
    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if base is not None:
        settings["RELATIVE_BASE"] = base
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return parsed.date().isoformat() if parsed else None
