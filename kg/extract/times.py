"""Time expressions, normalised against the article's date when it is known.

A day ("Sunday", "May 14, 2022") gets a date; a period ("over the weekend",
"last month") a first and last day; "since last month" a first day only.
Without an article date only absolute dates (with a year) are normalised, and
the surface text is always kept.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from dateparser.date import DateDataParser

from ..model import TimeExpr
from .context import DocContext

TIME_LABELS = {"DATE", "TIME"}
_YEAR = re.compile(r"\b(1[89]|20)\d\d\b")
_DURATION = re.compile(r"(?i)\b(weeks?|days?|months?|years?|hours?)\b")  # "weeks of shelling"
_RELATIVE = re.compile(r"(?i)\b(last|next|this|past|previous|coming)\b")


def extract_times(ctx: DocContext) -> None:
    base = _article_datetime(ctx.article.published)
    for ent in ctx.doc.ents:
        if ent.label_ not in TIME_LABELS or not ent.text.strip():
            continue
        span = ctx.span(ent.start_char, ent.end_char)
        since = ent.start > 0 and ctx.doc[ent.start - 1].lower_ == "since"
        ctx.extraction.times.append(normalise(span, base, since=since))


def _article_datetime(published: str | None) -> datetime | None:
    if not published:
        return None
    try:
        return datetime.fromisoformat(published[:19])
    except ValueError:
        return None


def normalise(span, base: datetime | None, *, since: bool = False) -> TimeExpr:
    """A TimeExpr for ``span`` with its day or period resolved against ``base``."""
    time = TimeExpr(span=span)
    period = _period(span.text, base.date() if base else None)
    parsed = None if period is not None else _parse(span.text, base)
    if parsed is not None:
        day, unit = parsed
        if unit == "day":
            time.date = day.isoformat()
        elif unit == "month":
            period = day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
        elif unit == "year":
            period = date(day.year, 1, 1), date(day.year, 12, 31)
    if period is not None:
        time.begin, time.end = (d.isoformat() for d in period)
    if since:  # "since last month": open-ended, from the start of that period
        time.begin, time.end, time.date = time.begin or time.date, None, None
    return time


def _period(text: str, base: date | None) -> tuple[date, date] | None:
    """First and last day of "the weekend", "last week", "last month", "last year".

    >>> _period("over the weekend", date(2022, 5, 16))
    (datetime.date(2022, 5, 14), datetime.date(2022, 5, 15))
    >>> _period("last month", date(2022, 5, 16))
    (datetime.date(2022, 4, 1), datetime.date(2022, 4, 30))
    """
    if base is None:
        return None
    t = text.lower()
    if "weekend" in t:  # the latest Saturday-Sunday that has begun by the article's date
        saturday = base - timedelta(days=(base.weekday() - 5) % 7)
        if "next" in t or "coming" in t:
            saturday += timedelta(days=7)
        return saturday, saturday + timedelta(days=1)
    step = -1 if re.search(r"\b(last|past|previous)\b", t) else 1 if "next" in t else 0
    if not re.search(r"\b(last|past|previous|this|next)\b", t) or re.search(r"\d", t):
        return None
    if re.search(r"\bweek\b", t):
        monday = base - timedelta(days=base.weekday()) + timedelta(weeks=step)
        return monday, monday + timedelta(days=6)
    if re.search(r"\bmonth\b", t):
        month = (base.year * 12 + base.month - 1) + step
        year, month = divmod(month, 12)
        first = date(year, month + 1, 1)
        return first, date(year, month + 1, calendar.monthrange(year, month + 1)[1])
    if re.search(r"\byear\b", t):
        return date(base.year + step, 1, 1), date(base.year + step, 12, 31)
    return None


def normalise_date(text: str, base: datetime | None) -> str | None:
    """An ISO date for ``text``, relative to ``base``; None when it is not one day.

    >>> normalise_date("Sunday", datetime(2022, 5, 16))
    '2022-05-15'
    >>> normalise_date("Sunday", None) is None
    True
    >>> normalise_date("May 14, 2022", None)
    '2022-05-14'
    >>> normalise_date("May 2022", None) is None  # a month, not a day
    True
    >>> normalise_date("weeks", datetime(2022, 5, 16)) is None
    True
    """
    parsed = _parse(text, base)
    return parsed[0].isoformat() if parsed is not None and parsed[1] == "day" else None


@lru_cache(maxsize=64)
def _parser(base: datetime | None) -> DateDataParser:
    """One dateparser per article date: building one costs more than parsing with it."""
    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if base is not None:
        settings["RELATIVE_BASE"] = base
    return DateDataParser(languages=["en"], settings=settings)


@lru_cache(maxsize=8192)  # articles of one day share their dates ("Monday", "last week")
def _parse(text: str, base: datetime | None) -> tuple[date, str] | None:
    """(date, period) as dateparser reads ``text``; period is "day", "week", "month" or "year"."""
    if base is None and not _YEAR.search(text):
        return None  # relative, and nothing to be relative to
    if _DURATION.search(text) and not _RELATIVE.search(text) and not _YEAR.search(text):
        return None
    if base is not None and text.strip().lower() == calendar.day_name[base.weekday()].lower():
        return base.date(), "day"  # "Monday" in an article of a Monday is that day
    data = _parser(base).get_date_data(text)
    if data.date_obj is None:
        return None
    return data.date_obj.date(), data.period
