"""Event arguments on hand-built Docs (no model): argument mentions made for the nouns that fill
a slot, the words each argument was found by, and the syntax of participles, adjectives and
nominal triggers. Tables as in tests/test_extract_units.py: index, word, POS, tag, dep, head,
lemma ("_": the word), entity IOB tag."""

from __future__ import annotations

from builders import make_doc, named, run

from kg.eval.events import predicted_events
from kg.model import Status

HACKERS_HIJACKED = """
0 Syrian   ADJ   JJ  amod  1 syrian B-NORP
1 hackers  NOUN  NNS nsubj 2 hacker O
2 hijacked VERB  VBD ROOT  2 hijack O
3 the      DET   DT  det   4 _      O
4 account  NOUN  NN  dobj  2 _      O
5 .        PUNCT .   punct 2 _      O
"""


def test_a_slots_noun_that_names_nothing_becomes_an_argument_mention():
    x = run(make_doc(HACKERS_HIJACKED))
    (event,) = x.events
    hackers = named(x, "Syrian hackers")
    account = named(x, "the account")
    assert (hackers.status, account.status) == (Status.ARGUMENT, Status.ARGUMENT)
    assert [m.text for m in hackers.mentions] == ["Syrian hackers"]
    assert (event.agents, event.patients) == ([hackers.id], [account.id])
    assert event.argument_mentions == [hackers.mentions[0], account.mentions[0]]


MISSILES_STRUCK = """
0 Missiles NOUN  NNS nsubj 1 missile O
1 struck   VERB  VBD ROOT  1 strike  O
2 Kharkiv  PROPN NNP dobj  1 _       B-GPE
3 .        PUNCT .   punct 1 _       O
"""


def test_a_weapon_is_no_agent_and_makes_no_mention():
    x = run(make_doc(MISSILES_STRUCK))
    assert [e.name for e in x.entities] == ["Kharkiv"]
    assert [e.agents for e in x.events] == [[]]


SMITH_WON_THE_TITLE = """
0 Smith PROPN NNP nsubj 1 _     B-PERSON
1 won   VERB  VBD ROOT  1 win   O
2 the   DET   DT  det   3 _     O
3 title NOUN  NN  dobj  1 _     O
4 .     PUNCT .   punct 1 _     O
"""


def test_a_thing_fills_no_participant_role():
    x = run(make_doc(SMITH_WON_THE_TITLE))
    (event,) = x.events
    assert event.roles == {"winner": [named(x, "Smith").id]}
    assert "loser" not in event.roles


MEMBERS_KILLED = """
0 Six      NUM   CD  nummod 1 six    B-CARDINAL
1 members  NOUN  NNS nsubj  3 member O
2 killed   VERB  VBN acl    1 kill   O
3 were     AUX   VBD ROOT   3 be     O
4 American ADJ   JJ  acomp  3 _      B-NORP
5 .        PUNCT .   punct  3 _      O
"""


def test_a_passive_participle_after_a_noun_has_the_noun_as_patient():
    x = run(make_doc(MEMBERS_KILLED))
    (event,) = x.events
    members = named(x, "Six members")
    assert event.patients == [members.id] and event.roles == {"victim": [members.id]}


BOMBER_BLEW_UP_KILLING = """
0 A       DET   DT  det     2 a      O
1 suicide NOUN  NN  compound 2 _     O
2 bomber  NOUN  NN  nsubj   3 _      O
3 blew    VERB  VBD ROOT    3 blow   O
4 himself PRON  PRP dobj    3 _      O
5 up      ADP   RP  prt     3 _      O
6 ,       PUNCT ,   punct   3 _      O
7 killing VERB  VBG advcl   3 kill   O
8 six     NUM   CD  nummod  9 _      B-CARDINAL
9 soldiers NOUN NNS dobj    7 soldier O
10 .      PUNCT .   punct   3 _      O
"""


def test_a_participle_clause_shares_the_subject_of_its_main_clause():
    x = run(make_doc(BOMBER_BLEW_UP_KILLING))
    (event,) = [e for e in x.events if e.trigger.text == "killing"]
    bomber, soldiers = named(x, "A suicide bomber"), named(x, "six soldiers")
    assert (event.agents, event.patients) == ([bomber.id], [soldiers.id])


SHOT_DEAD_BY_POLICE = """
0 A      DET   DT  det       1 a      O
1 man    NOUN  NN  nsubjpass 3 _      O
2 was    AUX   VBD auxpass   3 be     O
3 shot   VERB  VBN ROOT      3 shoot  O
4 dead   ADJ   JJ  oprd      3 _      O
5 by     ADP   IN  agent     3 _      O
6 police NOUN  NNS pobj      5 _      O
7 .      PUNCT .   punct     3 _      O
"""


def test_shot_dead_by_police_the_man_undergoes_and_police_did_it():
    x = run(make_doc(SHOT_DEAD_BY_POLICE))
    (event,) = [e for e in x.events if e.trigger.text == "dead"]
    man, police = named(x, "A man"), named(x, "police")
    assert (event.patients, event.agents) == ([man.id], [police.id])


IRA_CLAIMED_RESPONSIBILITY = """
0 The            DET   DT  det      1 the   O
1 IRA            PROPN NNP nsubj    2 _     B-ORG
2 accepted       VERB  VBD ROOT     2 accept O
3 responsibility NOUN  NN  dobj     2 _     O
4 for            ADP   IN  prep     3 _     O
5 the            DET   DT  det      6 _     O
6 bombings       NOUN  NNS pobj     4 bombing O
7 .              PUNCT .   punct    2 _     O
"""


def test_who_accepts_responsibility_for_an_attack_made_it():
    x = run(make_doc(IRA_CLAIMED_RESPONSIBILITY))
    (event,) = x.events
    assert event.agents == [named(x, "IRA").id]


def test_the_scorer_takes_the_words_an_argument_was_found_by():
    x = run(make_doc(HACKERS_HIJACKED))
    (pred,) = predicted_events(x)
    assert sorted(a.text for a in pred.arguments) == ["Syrian hackers", "the account"]


def test_every_argument_mention_made_for_a_slot_is_some_events_argument():
    for table in (HACKERS_HIJACKED, MISSILES_STRUCK, SMITH_WON_THE_TITLE, BOMBER_BLEW_UP_KILLING):
        x = run(make_doc(table))
        used = {
            i
            for e in x.events
            for i in (*e.agents, *e.patients, *e.places, *(j for ids in e.roles.values() for j in ids))
        }
        assert {e.id for e in x.entities if e.status is Status.ARGUMENT} <= used


KILLED_AND_INJURED = """
0 They    PRON  PRP nsubj 1 they   O
1 killed  VERB  VBD ROOT  1 kill   O
2 23      NUM   CD  nummod 4 _     B-CARDINAL
3 Afghan  ADJ   JJ  amod  4 afghan B-NORP
4 soldiers NOUN NNS dobj  1 soldier O
5 and     CCONJ CC  cc    1 _      O
6 injured VERB  VBD conj  1 injure O
7 another DET   DT  det   8 _      O
8 15      NUM   CD  dobj  6 _      B-CARDINAL
9 .       PUNCT .   punct 1 _      O
"""


def test_a_bare_number_of_people_is_a_victim():
    x = run(make_doc(KILLED_AND_INJURED))
    injury = next(e for e in x.events if e.type == "Injury")
    fifteen = named(x, "another 15")
    assert fifteen.status is Status.ARGUMENT
    assert injury.roles["victim"] == [fifteen.id]
    assert all("another 15" not in {m.text for m in e.argument_mentions} for e in x.events if e is not injury)


THIRTEEN_SUFFERED_INJURIES = """
0 13       NUM   CD  nummod 1 _       B-CARDINAL
1 people   NOUN  NNS nsubj  2 person  O
2 suffered VERB  VBD ROOT   2 suffer  O
3 minor    ADJ   JJ  amod   4 _       O
4 injuries NOUN  NNS dobj   2 injury  O
5 .        PUNCT .   punct  2 _       O
"""


def test_who_suffers_an_injury_undergoes_it_though_suffer_is_a_light_verb():
    x = run(make_doc(THIRTEEN_SUFFERED_INJURIES))
    (event,) = x.events
    people = named(x, "13 people")
    assert (event.agents, event.patients) == ([], [people.id])


GUNMEN_IN_IRAN = """
0 Gunmen PROPN NNS nsubj 3 gunman O
1 in     ADP   IN  prep  0 _      O
2 Iran   PROPN NNP pobj  1 _      B-GPE
3 killed VERB  VBD ROOT  3 kill   O
4 two    NUM   CD  nummod 5 _     B-CARDINAL
5 people NOUN  NNS dobj  3 person O
6 .      PUNCT .   punct 3 _      O
"""


def test_with_no_city_the_one_country_the_sentence_locates_something_in_is_the_place():
    x = run(make_doc(GUNMEN_IN_IRAN))
    (event,) = x.events
    assert event.places == [named(x, "Iran").id]


SIX_DETAINED_IN_HOSPITAL = """
0 Six      NUM   CD  nummod   1 six     B-CARDINAL
1 people   NOUN  NNS nsubjpass 3 person O
2 were     AUX   VBD auxpass  3 be      O
3 detained VERB  VBN ROOT     3 detain  O
4 in       ADP   IN  prep     3 _       O
5 hospital NOUN  NN  pobj     4 _       O
6 .        PUNCT .   punct    3 _       O
"""


def test_a_described_place_is_the_place_of_an_event():
    x = run(make_doc(SIX_DETAINED_IN_HOSPITAL))
    (event,) = x.events
    hospital = named(x, "hospital")
    assert hospital.status is Status.ARGUMENT and event.places == [hospital.id]


ORLANDO_SHOOTING = """
0 The      DET   DT  det      3 the      O
1 Orlando  PROPN NNP compound 3 _        B-GPE
2 police   NOUN  NN  compound 3 _        O
3 shooting NOUN  NN  nsubj    4 _        O
4 shocked  VERB  VBD ROOT     4 shock    O
5 America  PROPN NNP dobj     4 _        B-GPE
6 .        PUNCT .   punct    4 _        O
"""

TALIBAN_ATTACK = """
0 A       DET   DT  det      2 a       O
1 Taliban PROPN NNP compound 2 _       B-ORG
2 attack  NOUN  NN  nsubj    3 _       O
3 killed  VERB  VBD ROOT     3 kill    O
4 six     NUM   CD  dobj     3 _       B-CARDINAL
5 .       PUNCT .   punct    3 _       O
"""


def test_a_nominal_triggers_compound_city_is_its_place_and_a_named_group_its_agent():
    x = run(make_doc(ORLANDO_SHOOTING, TALIBAN_ATTACK))
    shooting = next(e for e in x.events if e.trigger.text == "shooting")
    assert shooting.places == [named(x, "Orlando").id]
    assert shooting.agents == []  # "police" names nothing: no argument mention from a compound
    assert not any(e.name == "police" for e in x.entities)
    attack = next(e for e in x.events if e.trigger.text == "attack")
    assert attack.agents == [named(x, "Taliban").id]


INTERVIEW_WITH_REUTERS = """
0 In        ADP   IN  prep  5 in        O
1 an        DET   DT  det   2 an        O
2 interview NOUN  NN  pobj  0 _         O
3 with      ADP   IN  prep  2 _         O
4 Reuters   PROPN NNP pobj  3 _         B-ORG
5 warned    VERB  VBD ROOT  5 warn      O
6 .         PUNCT .   punct 5 _         O
"""


def test_who_an_interview_is_with_takes_part_in_it():
    x = run(make_doc(INTERVIEW_WITH_REUTERS))
    interview = next(e for e in x.events if e.trigger.text == "interview")
    assert interview.roles == {"participant": [named(x, "Reuters").id]}


BLAST_DAMAGED_A_BAKERY = """
0 The     DET  DT  det   1 the    O
1 blast   NOUN NN  nsubj 2 _      O
2 damaged VERB VBD ROOT  2 damage O
3 a       DET  DT  det   4 a      O
4 bakery  NOUN NN  dobj  2 _      O
5 .       PUNCT .  punct 2 _      O
"""


def test_what_an_event_noun_strikes_it_is_made_on():
    x = run(make_doc(BLAST_DAMAGED_A_BAKERY))
    blast = next(e for e in x.events if e.trigger.text == "blast")
    assert blast.patients == [named(x, "a bakery").id]


ARRESTED_INCLUDING = """
0 Six       NUM   CD  nummod    1 six      B-CARDINAL
1 activists NOUN  NNS nsubjpass 3 activist O
2 were      AUX   VBD auxpass   3 be       O
3 arrested  VERB  VBN ROOT      3 arrest   O
4 ,         PUNCT ,   punct     3 _        O
5 including VERB  VBG prep      3 include  O
6 Eva       PROPN NNP compound  7 _        B-PERSON
7 Forest    PROPN NNP pobj      5 _        I-PERSON
8 and       CCONJ CC  cc        7 _        O
9 the       DET   DT  det       10 the     O
10 writer   NOUN  NN  conj      7 _        O
11 Eliseo   PROPN NNP compound  12 _       B-PERSON
12 Bayo     PROPN NNP appos     10 _       I-PERSON
13 .        PUNCT .   punct     3 _        O
"""


def test_the_people_a_patients_including_lists_undergo_the_event_too():
    x = run(make_doc(ARRESTED_INCLUDING))
    (event,) = x.events
    forest, bayo = named(x, "Eva Forest"), named(x, "Eliseo Bayo")
    assert forest.id in event.patients and bayo.id in event.patients
    assert {forest.id, bayo.id} <= set(event.roles["defendant"])


WARNINGS_GIVEN_TO = """
0 Warnings NOUN  NNS nsubjpass 2 warning O
1 were     AUX   VBD auxpass   2 be      O
2 given    VERB  VBN ROOT      2 give    O
3 to       ADP   IN  dative    2 _       O
4 the      DET   DT  det       5 the     O
5 Samaritans PROPN NNPS pobj   3 _       B-ORG
6 and      CCONJ CC  cc        5 _       O
7 Reuters  PROPN NNP conj      5 _       B-ORG
8 .        PUNCT .   punct     2 _       O
"""


def test_whom_a_warning_is_given_to_undergoes_it():
    x = run(make_doc(WARNINGS_GIVEN_TO))
    warnings = next(e for e in x.events if e.trigger.text == "Warnings")
    assert warnings.patients == [named(x, "Samaritans").id, named(x, "Reuters").id]
    assert "patient" not in warnings.roles


CALLED_ON_MUSLIMS = """
0 The     DET   DT  det   1 the    O
1 council NOUN  NN  nsubj 2 _      O
2 called  VERB  VBD ROOT  2 call   O
3 on      ADP   RP  prt   2 _      O
4 Muslims PROPN NNPS pobj 3 muslim B-NORP
5 to      PART  TO  aux   6 _      O
6 vote    VERB  VB  xcomp 2 _      O
7 .       PUNCT .   punct 2 _      O
"""


def test_whom_an_appeal_calls_on_undergoes_it():
    x = run(make_doc(CALLED_ON_MUSLIMS))
    appeal = next(e for e in x.events if e.trigger.text == "called on")
    assert appeal.type == "Appeal" and appeal.patients == [named(x, "Muslims").id]


PAY_YOU_20_DOLLARS = """
0 Smith PROPN NNP nsubj  1 _   B-PERSON
1 paid  VERB  VBD ROOT   1 pay O
2 Jones PROPN NNP dative 1 _   B-PERSON
3 $     SYM   $   nmod   4 $   O
4 20    NUM   CD  dobj   1 _   B-MONEY
5 .     PUNCT .   punct  1 _   O
"""


def test_a_dollar_sign_the_model_left_out_of_the_amount_is_kept():
    x = run(make_doc(PAY_YOU_20_DOLLARS))
    (amount,) = [q for q in x.quantities if q.measures == "money"]
    assert (amount.span.text, amount.value, amount.currency, amount.role, amount.event) == (
        "$ 20",
        20,
        "USD",
        "amount",
        0,
    )


SCORES_WOUNDED_AND_KILLED = """
0 Scores   NOUN  NNS nsubjpass 2 score  O
1 were     AUX   VBD auxpass   2 be     O
2 wounded  VERB  VBN ROOT      2 wound  O
3 and      CCONJ CC  cc        2 _      O
4 killed   VERB  VBN conj      2 kill   O
5 .        PUNCT .   punct     2 _      O
"""


def test_a_passives_subject_undergoes_its_conjoined_participles_too():
    x = run(make_doc(SCORES_WOUNDED_AND_KILLED))
    scores = named(x, "Scores")
    killing = next(e for e in x.events if e.trigger.text == "killed")
    assert (killing.agents, killing.patients, killing.roles) == ([], [scores.id], {"victim": [scores.id]})


MCVEIGH_RENTED_HER_TRIAL = """
0 McVeigh PROPN NNP nsubj 1 _    B-PERSON
1 rented  VERB  VBD ROOT  1 rent O
2 a       DET   DT  det   3 a    O
3 truck   NOUN  NN  dobj  1 _    O
4 .       PUNCT .   punct 1 _    O
"""

SMITHS_TRIAL = """
0 Smith PROPN NNP poss  2 _     B-PERSON
1 's    PART  POS case  0 _     O
2 trial NOUN  NN  nsubj 3 _     O
3 began VERB  VBD ROOT  3 begin O
4 .     PUNCT .   punct 3 _     O
"""


def test_who_rents_a_thing_buys_its_use_and_whose_trial_it_is_is_tried():
    x = run(make_doc(MCVEIGH_RENTED_HER_TRIAL, SMITHS_TRIAL))
    rented = next(e for e in x.events if e.trigger.text == "rented")
    assert rented.roles == {"buyer": [named(x, "McVeigh").id], "item": [named(x, "a truck").id]}
    trial = next(e for e in x.events if e.trigger.text == "trial")
    assert trial.roles == {"defendant": [named(x, "Smith").id]} and trial.agents == []


EXPLOSION_KILLED = """
0 An        DET   DT  det      1 an        O
1 explosion NOUN  NN  nsubj    2 _         O
2 killed    VERB  VBD ROOT     2 kill      O
3 13        NUM   CD  nummod   4 _         B-CARDINAL
4 people    NOUN  NNS dobj     2 person    O
5 .         PUNCT .   punct    2 _         O
"""

ASSASSINATION_ATTEMPT = """
0 They          PRON  PRP nsubj    1 they          O
1 planned       VERB  VBD ROOT     1 plan          O
2 an            DET   DT  det      4 an            O
3 assassination NOUN  NN  compound 4 _             O
4 attempt       NOUN  NN  dobj     1 _             O
5 .             PUNCT .   punct    1 _             O
"""


def test_an_event_is_no_agent_and_an_attempt_no_target():
    x = run(make_doc(EXPLOSION_KILLED, ASSASSINATION_ATTEMPT))
    killing = next(e for e in x.events if e.trigger.text == "killed")
    assert killing.agents == [] and killing.patients == [named(x, "13 people").id]
    assassination = next(e for e in x.events if e.trigger.text == "assassination")
    assert assassination.patients == []


DEVICE_EXPLODED = """
0 A        DET   DT  det   1 a       O
1 device   NOUN  NN  nsubj 2 _       O
2 exploded VERB  VBD ROOT  2 explode O
3 .        PUNCT .   punct 2 _       O
"""

DEVICE_WOUNDED = """
0 The      DET   DT  det   1 the     O
1 device   NOUN  NN  nsubj 2 _       O
2 wounded  VERB  VBD ROOT  2 wound   O
3 Smith    PROPN NNP dobj  2 _       B-PERSON
4 .        PUNCT .   punct 2 _       O
"""


def test_a_salient_thing_the_article_describes_is_no_agent():
    x = run(make_doc(DEVICE_EXPLODED, DEVICE_WOUNDED))
    device = named(x, "The device")
    assert device.status is Status.LOCAL
    assert all(device.id not in e.agents for e in x.events)


ELEVEN_OF_THE_INJURED = """
0 Eleven    NUM   CD  nsubj 4 eleven    B-CARDINAL
1 of        ADP   IN  prep  0 _         O
2 the       DET   DT  det   3 the       O
3 injured   VERB  VBN pobj  1 injure    O
4 were      AUX   VBD ROOT  4 be        O
5 policemen NOUN  NNS attr  4 policeman O
6 .         PUNCT .   punct 4 _         O
"""

CRIMES_OF_TREASON = """
0 Smith     PROPN NNP nsubj 1 _       B-PERSON
1 committed VERB  VBD ROOT  1 commit  O
2 crimes    NOUN  NNS dobj  1 crime   O
3 of        ADP   IN  prep  2 _       O
4 treason   NOUN  NN  pobj  3 _       O
5 .         PUNCT .   punct 1 _       O
"""


def test_eleven_of_the_injured_were_injured_and_treason_is_no_victim_of_a_crime():
    x = run(make_doc(ELEVEN_OF_THE_INJURED, CRIMES_OF_TREASON))
    injury = next(e for e in x.events if e.trigger.text == "injured")
    assert injury.roles == {"victim": [named(x, "Eleven").id]}
    crimes = next(e for e in x.events if e.trigger.text == "crimes")
    assert crimes.patients == []
    assert not any(e.name == "treason" for e in x.entities)


SOME_130_MORE_INJURED = """
0 Some    DET   DT  advmod    1 some    O
1 130     NUM   CD  nsubjpass 4 _       B-CARDINAL
2 more    ADJ   JJR amod      1 more    O
3 were    AUX   VBD auxpass   4 be      O
4 injured VERB  VBN ROOT      4 injure  O
5 .       PUNCT .   punct     4 _       O
"""


def test_a_counted_victims_mention_keeps_the_more_after_it():
    x = run(make_doc(SOME_130_MORE_INJURED))
    (event,) = x.events
    assert event.roles == {"victim": [named(x, "Some 130 more").id]}


SAID_IN_AN_EMAIL = """
0 Smith PROPN NNP nsubj 1 _     B-PERSON
1 said  VERB  VBD ROOT  1 say   O
2 in    ADP   IN  prep  1 _     O
3 an    DET   DT  det   4 an    O
4 email NOUN  NN  pobj  2 _     O
5 .     PUNCT .   punct 1 _     O
"""


def test_who_says_something_in_an_email_writes_it():
    x = run(make_doc(SAID_IN_AN_EMAIL))
    email = next(e for e in x.events if e.trigger.text == "email")
    assert email.agents == [named(x, "Smith").id]


VOLUNTEER_WHO_WAS_KILLED = """
0 an      DET   DT  det       2 an      O
1 Army    PROPN NNP compound  2 _       B-ORG
2 volunteer NOUN NN ROOT      2 _       O
3 who     PRON  WP  nsubjpass 5 who     O
4 was     AUX   VBD auxpass   5 be      O
5 killed  VERB  VBN relcl     2 kill    O
6 .       PUNCT .   punct     2 _       O
"""

ATTACK_WHICH_KILLED = """
0 the    DET   DT  det   1 the    O
1 attack NOUN  NN  ROOT  1 _      O
2 ,      PUNCT ,   punct 1 _      O
3 which  PRON  WDT nsubj 4 which  O
4 killed VERB  VBD relcl 1 kill   O
5 three  NUM   CD  dobj  4 _      B-CARDINAL
6 .      PUNCT .   punct 1 _      O
"""


def test_a_relative_pronoun_that_names_nothing_stands_for_its_noun_but_an_event_is_no_agent():
    x = run(make_doc(VOLUNTEER_WHO_WAS_KILLED, ATTACK_WHICH_KILLED))
    killed = [e for e in x.events if e.trigger.text == "killed"]
    volunteer = named(x, "an Army volunteer")
    assert killed[0].roles == {"victim": [volunteer.id]}
    assert [m.text for m in killed[0].argument_mentions] == ["an Army volunteer"]
    assert killed[1].agents == []


BATTLE_BETWEEN = """
0 a          DET   DT  det   1 a        O
1 battle     NOUN  NN  ROOT  1 _        O
2 between    ADP   IN  prep  1 _        O
3 Hamas      PROPN NNP pobj  2 _        B-ORG
4 and        CCONJ CC  cc    3 _        O
5 Fatah      PROPN NNP conj  3 _        B-ORG
6 .          PUNCT .   punct 1 _        O
"""

INTERVIEW_TO_THE_BBC = """
0 Whitelaw  PROPN NNP nsubj 1 _       B-PERSON
1 gave      VERB  VBD ROOT  1 give    O
2 an        DET   DT  det   3 an      O
3 interview NOUN  NN  dobj  1 _       O
4 to        ADP   IN  prep  1 _       O
5 the       DET   DT  det   6 the     O
6 BBC       PROPN NNP pobj  4 _       B-ORG
7 .         PUNCT .   punct 1 _       O
"""


def test_both_sides_of_a_battle_fight_and_an_interview_given_to_someone_is_with_them():
    x = run(make_doc(BATTLE_BETWEEN, INTERVIEW_TO_THE_BBC))
    battle = next(e for e in x.events if e.trigger.text == "battle")
    assert battle.agents == [named(x, "Hamas").id, named(x, "Fatah").id]
    interview = next(e for e in x.events if e.trigger.text == "interview")
    assert interview.roles == {"participant": [named(x, "Whitelaw").id, named(x, "BBC").id]}
