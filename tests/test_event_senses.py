"""Event types in context (kg/data/event_senses.tsv), type-specific roles (kg/data/event_frames.tsv)
and money amounts, on hand-built Docs (no model). Tables as in tests/test_extract_units.py:
index, word, POS, tag, dep, head, lemma ("_": the word), entity IOB tag."""

from __future__ import annotations

import pytest
from builders import GENERIC_LEXICON, make_doc, named, run, run_generic

from kg.extract.roles import load_frames
from kg.extract.senses import load_senses
from kg.lexicon import load_event_types


def types(x) -> list[tuple[str, str]]:
    return [(e.trigger.text, e.type) for e in x.events]


# -- the data files ---------------------------------------------------------------------------


def test_every_rule_names_a_known_type_and_every_frame_a_known_role():
    labels = set(load_event_types().labels)
    rules = load_senses()
    assert len(rules.rules) > 150
    for lemma, lemma_rules in rules.rules.items():
        for rule in lemma_rules:
            assert rule.type == "-" or rule.type in labels, (lemma, rule.line)
            assert rule.pos in ("*", "VERB", "NOUN", "ADJ", "ADV", "PROPN"), (lemma, rule.line)
    frames = load_frames()
    assert frames.roles_for("Killing", "kill", "obj") == ("victim",)
    assert frames.roles_for("Travel", "visit", "pp:to") == ("destination:place",)  # from Movement
    assert frames.roles_for("Loan", "borrow", "subj") == ("recipient",)  # a "Type:lemma" row first
    assert frames.roles_for("Loan", "lend", "subj") == ("giver",)


# -- conflict words outside armed contexts ----------------------------------------------------

SHELL_COMPANY = """
0 Yugansk  PROPN NNP nsubjpass 2 _       B-ORG
1 was      AUX   VBD auxpass   2 be      O
2 sold     VERB  VBN ROOT      2 sell    O
3 to       ADP   IN  prep      2 _       O
4 a        DET   DT  det       6 _       O
5 shell    NOUN  NN  compound  6 _       O
6 company  NOUN  NN  pobj      3 _       O
7 .        PUNCT .   punct     2 _       O
"""


def test_a_shell_company_is_no_shelling():
    assert types(run(make_doc(SHELL_COMPANY))) == [("sold", "Sale")]


TROOPS_SHELLED_KHARKIV = """
0 Russian ADJ   JJ  amod  1 russian B-NORP
1 troops  NOUN  NNS nsubj 2 troop   O
2 shelled VERB  VBD ROOT  2 shell   O
3 Kharkiv PROPN NNP dobj  2 _       B-GPE
4 .       PUNCT .   punct 2 _       O
"""


def test_troops_shelling_a_city_is_shelling():
    assert types(run(make_doc(TROOPS_SHELLED_KHARKIV))) == [("shelled", "Shelling")]


KENNEDY_ATTACKED_BLAIR = """
0 Smith    PROPN NNP nsubj 1 _      B-PERSON
1 attacked VERB  VBD ROOT  1 attack O
2 Jones    PROPN NNP poss  4 _      B-PERSON
3 's       PART  POS case  2 _      O
4 plans    NOUN  NNS dobj  1 plan   O
5 .        PUNCT .   punct 1 _      O
"""


def test_a_politicians_attack_on_a_rival_is_an_accusation():
    x = run(make_doc(KENNEDY_ATTACKED_BLAIR))
    assert types(x) == [("attacked", "Accusation")]
    assert x.events[0].agents == [named(x, "Smith").id]


MILITANTS_ATTACKED = """
0 Militants NOUN  NNS nsubj 1 militant O
1 attacked  VERB  VBD ROOT  1 attack   O
2 a         DET   DT  det   4 _        O
3 police    NOUN  NN  compound 4 _     O
4 station   NOUN  NN  dobj  1 _        O
5 .         PUNCT .   punct 1 _        O
"""


def test_militants_attacking_is_an_attack():
    assert types(run(make_doc(MILITANTS_ATTACKED))) == [("attacked", "Attack")]


HEART_ATTACK = """
0 He       PRON  PRP nsubj    1 he      O
1 suffered VERB  VBD ROOT     1 suffer  O
2 a        DET   DT  det      4 _       O
3 heart    NOUN  NN  compound 4 _       O
4 attack   NOUN  NN  dobj     1 _       O
5 .        PUNCT .   punct    1 _       O
"""


def test_a_heart_attack_is_no_attack():
    assert types(run(make_doc(HEART_ATTACK))) == []


WORKERS_ON_STRIKE = """
0 Workers NOUN  NNS nsubj 1 worker O
1 went    VERB  VBD ROOT  1 go     O
2 on      ADP   IN  prep  1 _      O
3 strike  NOUN  NN  pobj  2 _      O
4 .       PUNCT .   punct 1 _      O
"""

MISSILES_STRUCK_KYIV = """
0 Missiles NOUN  NNS nsubj 1 missile O
1 struck   VERB  VBD ROOT  1 strike  O
2 Kyiv     PROPN NNP dobj  1 _       B-GPE
3 .        PUNCT .   punct 1 _       O
"""

STRUCK_A_DEAL = """
0 Acme   PROPN NNP nsubj 1 _      B-ORG
1 struck VERB  VBD ROOT  1 strike O
2 a      DET   DT  det   3 _      O
3 deal   NOUN  NN  dobj  1 _      O
4 .      PUNCT .   punct 1 _      O
"""


@pytest.mark.parametrize(
    "table, expected",
    [
        (WORKERS_ON_STRIKE, [("strike", "LabourStrike")]),
        (MISSILES_STRUCK_KYIV, [("struck", "AerialStrike")]),
        (STRUCK_A_DEAL, [("deal", "Agreement")]),  # a light verb: the deal is the event
    ],
    ids=["on strike", "missiles struck", "struck a deal"],
)
def test_strike(table, expected):
    assert types(run(make_doc(table))) == expected


RECAPTURED_HIS_TITLE = """
0 Greene     PROPN NNP  nsubj 1 _         B-PERSON
1 recaptured VERB  VBD  ROOT  1 recapture O
2 his        PRON  PRP$ poss  4 _         O
3 world      NOUN  NN   compound 4 _      O
4 title      NOUN  NN   dobj  1 _         O
5 .          PUNCT .    punct 1 _         O
"""

WOMENS_LIBERATION = """
0 Women      NOUN  NNS  poss  2 woman      O
1 's         PART  POS  case  0 _          O
2 liberation NOUN  NN   nsubj 3 _          O
3 began      VERB  VBD  ROOT  3 begin      O
4 .          PUNCT .    punct 3 _          O
"""


def test_a_title_is_recaptured_not_a_town_and_womens_liberation_is_no_event():
    x = run(make_doc(RECAPTURED_HIS_TITLE))
    assert types(x) == [("recaptured", "CompetitionWin")]
    assert x.events[0].roles == {"winner": [named(x, "Greene").id]}
    assert types(run(make_doc(WOMENS_LIBERATION))) == []


# -- justice -------------------------------------------------------------------------------------

CHARGED_WITH_FRAUD = """
0 Smith   PROPN NNP nsubjpass 2 _      B-PERSON
1 was     AUX   VBD auxpass   2 be     O
2 charged VERB  VBN ROOT      2 charge O
3 with    ADP   IN  prep      2 _      O
4 fraud   NOUN  NN  pobj      3 _      O
5 .       PUNCT .   punct     2 _      O
"""

IN_CHARGE = """
0 Smith  PROPN NNP nsubj 1 _      B-PERSON
1 is     AUX   VBZ ROOT  1 be     O
2 in     ADP   IN  prep  1 _      O
3 charge NOUN  NN  pobj  2 _      O
4 .      PUNCT .   punct 1 _      O
"""


def test_charged_with_a_crime_is_a_charge_with_its_defendant_and_charge():
    x = run(make_doc(CHARGED_WITH_FRAUD))
    (charge,) = [e for e in x.events if e.type == "Charge"]
    assert charge.roles == {"defendant": [named(x, "Smith").id]}
    assert charge.patients == [named(x, "Smith").id]
    assert charge.literals == {"charge": ["fraud"]}
    assert [t for t in types(run(make_doc(IN_CHARGE)))] == []


APPEALED_FOR_CALM = """
0 The      DET   DT  det   1 _      O
1 minister NOUN  NN  nsubj 2 _      O
2 appealed VERB  VBD ROOT  2 appeal O
3 for      ADP   IN  prep  2 _      O
4 calm     NOUN  NN  pobj  3 _      O
5 .        PUNCT .   punct 2 _      O
"""

LOST_HIS_APPEAL = """
0 He         PRON  PRP  nsubj 1 he         O
1 lost       VERB  VBD  ROOT  1 lose       O
2 his        PRON  PRP$ poss  3 _          O
3 appeal     NOUN  NN   dobj  1 _          O
4 against    ADP   IN   prep  3 _          O
5 the        DET   DT   det   6 _          O
6 conviction NOUN  NN   pobj  4 _          O
7 .          PUNCT .    punct 1 _          O
"""


def test_appeal_for_calm_and_an_appeal_against_a_conviction():
    assert types(run(make_doc(APPEALED_FOR_CALM))) == [("appealed", "Appeal")]
    assert ("appeal", "JusticeAppeal") in types(run(make_doc(LOST_HIS_APPEAL)))


POLICE_RELEASED_HOSTAGES = """
0 Police   NOUN  NNS nsubj 1 police  O
1 released VERB  VBD ROOT  1 release O
2 the      DET   DT  det   3 _       O
3 hostages NOUN  NNS dobj  1 hostage O
4 .        PUNCT .   punct 1 _       O
"""

BAND_RELEASED_ALBUM = """
0 The      DET   DT  det   1 _       O
1 band     NOUN  NN  nsubj 2 _       O
2 released VERB  VBD ROOT  2 release O
3 an       DET   DT  det   5 _       O
4 new      ADJ   JJ  amod  5 _       O
5 album    NOUN  NN  dobj  2 _       O
6 .        PUNCT .   punct 2 _       O
"""


def test_released_hostages_and_a_released_album():
    assert types(run(make_doc(POLICE_RELEASED_HOSTAGES))) == [("released", "ReleaseFromCustody")]
    assert types(run(make_doc(BAND_RELEASED_ALBUM))) == [("released", "ProductRelease")]


# -- fire, crashes, falls, disasters ------------------------------------------------------------

FIRE_DESTROYED = """
0 A         DET   DT  det   1 _       O
1 fire      NOUN  NN  nsubj 2 _       O
2 destroyed VERB  VBD ROOT  2 destroy O
3 the       DET   DT  det   4 _       O
4 factory   NOUN  NN  dobj  2 _       O
5 .         PUNCT .   punct 2 _       O
"""

OPENED_FIRE = """
0 Soldiers   NOUN  NNS nsubj 1 soldier   O
1 opened     VERB  VBD ROOT  1 open      O
2 fire       NOUN  NN  dobj  1 _         O
3 on         ADP   IN  prep  1 _         O
4 protesters NOUN  NNS pobj  3 protester O
5 .          PUNCT .   punct 1 _         O
"""

FIRED_ITS_MANAGER = """
0 The     DET   DT   det   1 _       O
1 club    NOUN  NN   nsubj 2 _       O
2 fired   VERB  VBD  ROOT  2 fire    O
3 its     PRON  PRP$ poss  4 _       O
4 manager NOUN  NN   dobj  2 _       O
5 .       PUNCT .    punct 2 _       O
"""


@pytest.mark.parametrize(
    "table, expected",
    [
        (FIRE_DESTROYED, [("fire", "Fire"), ("destroyed", "Destruction")]),
        (OPENED_FIRE, [("fire", "Attack")]),
        (FIRED_ITS_MANAGER, [("fired", "Dismissal")]),
    ],
    ids=["a fire", "opened fire", "fired its manager"],
)
def test_fire(table, expected):
    assert types(run(make_doc(table))) == expected


CAR_CRASHED = """
0 The     DET   DT  det   1 _     O
1 car     NOUN  NN  nsubj 2 _     O
2 crashed VERB  VBD ROOT  2 crash O
3 .       PUNCT .   punct 2 _     O
"""

MARKET_CRASHED = """
0 The     DET   DT  det   1 _      O
1 market  NOUN  NN  nsubj 2 _      O
2 crashed VERB  VBD ROOT  2 crash  O
3 .       PUNCT .   punct 2 _      O
"""

CLIMBER_FELL = """
0 The     DET   DT  det      1 _       O
1 climber NOUN  NN  nsubj    2 _       O
2 fell    VERB  VBD ROOT     2 fall    O
3 200     NUM   CD  nummod   4 _       B-QUANTITY
4 metres  NOUN  NNS npadvmod 2 metre   I-QUANTITY
5 .       PUNCT .   punct    2 _       O
"""

SHARES_FELL = """
0 Shares NOUN  NNS nsubj  1 share O
1 fell   VERB  VBD ROOT   1 fall  O
2 3      NUM   CD  nummod 3 _     B-PERCENT
3 %      NOUN  NN  npadvmod 1 _   I-PERCENT
4 .      PUNCT .   punct  1 _     O
"""

QUAKE_HIT = """
0 The        DET   DT  det   1 _          O
1 earthquake NOUN  NN  nsubj 2 _          O
2 hit        VERB  VBD ROOT  2 hit        O
3 Sumatra    PROPN NNP dobj  2 _          B-GPE
4 .          PUNCT .   punct 2 _          O
"""


@pytest.mark.parametrize(
    "table, expected",
    [
        (CAR_CRASHED, [("crashed", "Crash")]),
        (MARKET_CRASHED, [("crashed", "MarketMove")]),
        (CLIMBER_FELL, [("fell", "Disaster")]),
        (SHARES_FELL, [("fell", "MarketMove")]),
        (QUAKE_HIT, [("earthquake", "Earthquake"), ("hit", "Earthquake")]),
    ],
    ids=["car crash", "market crash", "a climber's fall", "shares fell", "the quake hit"],
)
def test_crashes_falls_and_disasters(table, expected):
    assert types(run(make_doc(table))) == expected


# -- business: results, money, stakes -------------------------------------------------------------

PROFITS_JUMPED = """
0 Profits NOUN  NNS nsubj  1 profit  O
1 jumped  VERB  VBD ROOT   1 jump    O
2 76      NUM   CD  nummod 3 _       B-PERCENT
3 %       NOUN  NN  npadvmod 1 _     I-PERCENT
4 to      ADP   IN  prep   1 _       O
5 $       SYM   $   nmod   6 _       B-MONEY
6 1.13bn  NUM   CD  pobj   4 _       I-MONEY
7 .       PUNCT .   punct  1 _       O
"""


def test_profits_that_jumped_are_one_results_event_with_its_amount():
    x = run(make_doc(PROFITS_JUMPED))
    assert types(x) == [("jumped", "FinancialResults")]  # "Profits" is carried by the verb
    (money,) = [q for q in x.quantities if q.measures == "money"]
    assert (money.value, money.currency, money.role, money.event) == (1.13e9, "USD", "amount", 0)


TOOK_A_STAKE = """
0 Acme  PROPN NNP nsubj    1 _     B-ORG
1 took  VERB  VBD ROOT     1 take  O
2 a     DET   DT  det      4 _     O
3 10    NUM   CD  nummod   4 _     B-PERCENT
4 stake NOUN  NN  dobj     1 _     O
5 in    ADP   IN  prep     4 _     O
6 Widco PROPN NNP pobj     5 _     B-ORG
7 for   ADP   IN  prep     1 _     O
8 $     SYM   $   nmod     9 _     B-MONEY
9 5m    NUM   CD  pobj     7 _     I-MONEY
10 .    PUNCT .   punct    1 _     O
"""


def test_took_a_stake_is_an_acquisition_with_buyer_item_and_price():
    x = run(make_doc(TOOK_A_STAKE))
    (event,) = x.events
    assert (event.trigger.text, event.type, event.lemma) == ("stake", "Acquisition", "take stake")
    assert event.roles == {"buyer": [named(x, "Acme").id], "item": [named(x, "Widco").id]}
    assert event.agents == [named(x, "Acme").id]
    (price,) = x.quantities
    assert (price.value, price.currency, price.role) == (5e6, "USD", "price")


APPLE_LAUNCHED_A_PHONE = """
0 Apple    PROPN NNP nsubj 1 _      B-ORG
1 launched VERB  VBD ROOT  1 launch O
2 a        DET   DT  det   4 _      O
3 new      ADJ   JJ  amod  4 _      O
4 phone    NOUN  NN  dobj  1 _      O
5 .        PUNCT .   punct 1 _      O
"""

LAUNCHED_AN_OFFENSIVE = """
0 Russian   ADJ   JJ  amod  1 russian B-NORP
1 troops    NOUN  NNS nsubj 2 troop   O
2 launched  VERB  VBD ROOT  2 launch  O
3 an        DET   DT  det   4 _       O
4 offensive NOUN  NN  dobj  2 _       O
5 .         PUNCT .   punct 2 _       O
"""


def test_launch_a_product_and_launch_an_offensive():
    assert types(run(make_doc(APPLE_LAUNCHED_A_PHONE))) == [("launched", "ProductRelease")]
    x = run(make_doc(LAUNCHED_AN_OFFENSIVE))
    assert types(x) == [("offensive", "Offensive")]  # the light verb's subject is the agent
    assert x.events[0].agents == [named(x, "Russian troops").id]


# -- personnel, life, competition ------------------------------------------------------------------

NAMED_AS_CHIEF = """
0 Acme      PROPN NNP nsubj    1 _      B-ORG
1 named     VERB  VBD ROOT     1 name   O
2 Smith     PROPN NNP dobj     1 _      B-PERSON
3 as        ADP   IN  prep     1 _      O
4 chief     ADJ   JJ  amod     5 _      O
5 executive NOUN  NN  pobj     3 _      O
6 .         PUNCT .   punct    1 _      O
"""


def test_named_as_chief_executive_is_an_appointment():
    x = run(make_doc(NAMED_AS_CHIEF))
    (event,) = x.events
    assert event.type == "Appointment"
    assert event.roles == {"employer": [named(x, "Acme").id], "employee": [named(x, "Smith").id]}
    assert event.literals == {"position": ["chief executive"]}


SMITH_DIED = """
0 Smith PROPN NNP nsubj 1 _   B-PERSON
1 died  VERB  VBD ROOT  1 die O
2 .     PUNCT .   punct 1 _   O
"""


def test_the_dead_are_victims_and_patients_not_agents():
    x = run(make_doc(SMITH_DIED))
    (event,) = x.events
    smith = named(x, "Smith").id
    assert (event.type, event.agents, event.patients, event.roles) == (
        "Death",
        [],
        [smith],
        {"victim": [smith]},
    )


SHE_WON_THE_RACE = """
0 Smith PROPN NNP nsubj 1 _   B-PERSON
1 won   VERB  VBD ROOT  1 win O
2 the   DET   DT  det   3 _   O
3 race  NOUN  NN  dobj  1 _   O
4 .     PUNCT .   punct 1 _   O
"""

WON_THE_ELECTION = """
0 Labour   PROPN NNP nsubj 1 _        B-ORG
1 won      VERB  VBD ROOT  1 win      O
2 the      DET   DT  det   3 _        O
3 election NOUN  NN  dobj  1 _        O
4 .        PUNCT .   punct 1 _        O
"""


def test_win_a_race_and_win_an_election():
    x = run(make_doc(SHE_WON_THE_RACE))
    assert types(x) == [("won", "CompetitionWin"), ("race", "Competition")]
    assert x.events[0].roles == {"winner": [named(x, "Smith").id]}
    assert types(run(make_doc(WON_THE_ELECTION))) == [("won", "Election"), ("election", "Election")]


PAID_MATERNITY_LEAVE = """
0 Paid      VERB  VBN amod     2 pay       O
1 maternity NOUN  NN  compound 2 _         O
2 leave     NOUN  NN  nsubj    3 _         O
3 rose      VERB  VBD ROOT     3 rise      O
4 .         PUNCT .   punct    3 _         O
"""


def test_paid_leave_is_no_payment():
    assert types(run(make_doc(PAID_MATERNITY_LEAVE))) == []


# -- the generic layer: eventive verbs no type fits ------------------------------------------

NAVY_FOILED = """
0 The      DET   DT  det   2 _     B-ORG
1 Indian   PROPN NNP compound 2 _  I-ORG
2 Navy     PROPN NNP nsubj 3 _     I-ORG
3 foiled   VERB  VBD ROOT  3 foil  O
4 the      DET   DT  det   5 _     O
5 plan     NOUN  NN  dobj  3 _     O
6 .        PUNCT .   punct 3 _     O
"""

CRITICS_FOILED = """
0 Critics  NOUN  NNS nsubj 1 critic O
1 foiled   VERB  VBD ROOT  1 foil   O
2 it       PRON  PRP dobj  1 _      O
3 .        PUNCT .   punct 1 _      O
"""

CRITICS_FOIL = """
0 Critics  NOUN  NNS nsubj 1 critic O
1 foil     VERB  VBP ROOT  1 foil   O
2 it       PRON  PRP dobj  1 _      O
3 .        PUNCT .   punct 1 _      O
"""

NAVY_FOILED_PAKISTAN = """
0 The      DET   DT  det   2 _     B-ORG
1 Indian   PROPN NNP compound 2 _  I-ORG
2 Navy     PROPN NNP nsubj 3 _     I-ORG
3 foiled   VERB  VBD ROOT  3 foil  O
4 Pakistan PROPN NNP dobj  3 _     B-GPE
5 .        PUNCT .   punct 3 _     O
"""

BLAIR_HAD = """
0 Blair    PROPN NNP nsubj 1 _      B-PERSON
1 had      VERB  VBD ROOT  1 have   O
2 a        DET   DT  det   3 _      O
3 role     NOUN  NN  dobj  1 _      O
4 .        PUNCT .   punct 1 _      O
"""

GLITCH_OCCURRED = """
0 A        DET   DT  det   1 _      O
1 glitch   NOUN  NN  nsubj 2 glitch O
2 occurred VERB  VBD ROOT  2 occur  O
3 .        PUNCT .   punct 2 _      O
"""

BLAIR_STRESSED = """
0 Blair    PROPN NNP nsubj 1 _      B-PERSON
1 stressed VERB  VBD ROOT  1 stress O
2 support  NOUN  NN  dobj  1 _      O
3 .        PUNCT .   punct 1 _      O
"""

BLAIR_PLAYED = """
0 Blair    PROPN NNP nsubj 1 _      B-PERSON
1 played   VERB  VBD ROOT  1 play   O
2 a        DET   DT  det   3 _      O
3 role     NOUN  NN  dobj  1 _      O
4 .        PUNCT .   punct 1 _      O
"""


def test_an_eventive_verb_with_a_named_participant_is_an_occurrence():
    assert run(make_doc(NAVY_FOILED)).events == []  # the generic layer off
    x = run_generic(make_doc(NAVY_FOILED))
    assert [(e.trigger.text, e.type, e.lemma) for e in x.events] == [("foiled", "Occurrence", "foil")]
    assert x.events[0].agents == []  # one named participant: the Occurrence keeps no argument


def test_an_occurrence_with_two_named_participants_keeps_its_arguments():
    x = run_generic(make_doc(NAVY_FOILED_PAKISTAN))
    assert types(x) == [("foiled", "Occurrence")]
    e = x.events[0]
    assert [x.entities[a].name for a in e.agents] == ["Indian Navy"]
    assert [x.entities[p].name for p in e.patients] == ["Pakistan"]


def test_a_verb_whose_form_says_it_happened_is_an_occurrence_without_a_named_participant():
    x = run_generic(make_doc(CRITICS_FOILED))  # "critics", "it": nobody named, but it happened
    assert types(x) == [("foiled", "Occurrence")] and x.events[0].patients == []
    assert types(run_generic(make_doc(CRITICS_FOIL))) == []  # a present: no happening stated


def test_a_state_is_no_occurrence():
    assert types(run_generic(make_doc(BLAIR_HAD))) == []  # "have" is on the stative list


def test_a_learned_eventive_noun_of_no_type_is_an_occurrence():
    assert "glitch" in GENERIC_LEXICON.occurrence_nouns  # kg/data/event_triggers_learned.tsv
    assert types(run_generic(make_doc(GLITCH_OCCURRED))) == [("glitch", "Occurrence")]  # "occur": stative
    assert types(run(make_doc(GLITCH_OCCURRED))) == []


def test_an_occurrence_never_shares_an_argument_with_a_typed_event_of_its_sentence():
    from kg.extract.events import _typed_events_keep_arguments
    from kg.model import EventMention, Span

    sentence, other = Span(0, 40, "s"), Span(41, 60, "t")
    attack = EventMention(Span(5, 13, "attacked"), "Attack", "attack", sentence, agents=[1], patients=[2])
    same = EventMention(
        Span(20, 30, "destroying"), "Occurrence", "destroy", sentence, agents=[1], patients=[3]
    )
    elsewhere = EventMention(Span(45, 50, "razed"), "Occurrence", "raze", other, agents=[1], patients=[2])
    _typed_events_keep_arguments([attack, same, elsewhere])
    assert (attack.agents, attack.patients) == ([1], [2])
    assert (same.agents, same.patients) == ([], [3])
    assert (elsewhere.agents, elsewhere.patients) == ([1], [2])


def test_a_speech_act_with_content_is_a_statement():
    assert types(run(make_doc(BLAIR_STRESSED))) == [("stressed", "Statement")]


def test_the_generic_layer_is_on_unless_its_variable_turns_it_off(monkeypatch):
    from kg.lexicon import GENERIC_EVENTS_VARIABLE, load_event_types

    monkeypatch.delenv(GENERIC_EVENTS_VARIABLE, raising=False)
    assert load_event_types().generic and not load_event_types().every_verb
    monkeypatch.setenv(GENERIC_EVENTS_VARIABLE, "0")
    assert not load_event_types().generic and not load_event_types().occurrence_nouns
    monkeypatch.setenv(GENERIC_EVENTS_VARIABLE, "all")
    assert load_event_types().generic and load_event_types().every_verb
