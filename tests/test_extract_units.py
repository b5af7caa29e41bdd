"""Unit tests for kg.extract on hand-built spaCy Docs (no statistical model).

Every Doc is written as a table, one token a row, the way a parser would have
annotated it (most tables copy what ``en_core_web_sm`` gives for the sentence):

    index  word  POS  tag  dep  head  lemma  ent

``head`` is the index of the head token *within the same sentence block* (a
root's head is itself); ``lemma`` ``_`` means the word itself (lower-cased
unless PROPN); ``ent`` is an IOB tag.  :func:`make_doc` joins the blocks into
one Doc, so each block is one sentence.  The vocabulary is that of a blank
English pipeline, only so that lexical attributes such as ``is_title`` and
``is_stop`` are set (a bare ``Vocab()`` leaves them all False).
"""

from __future__ import annotations

import pytest
from builders import LEXICON, make_article, make_doc, mention_texts, named, run

from kg.extract import STAGES, extract
from kg.model import Article, EntityKind, Extraction, LocalEntity, Quote, Span, Status


def named_entities(x: Extraction) -> list[LocalEntity]:
    """The named entities, without the descriptions of the mention layer."""
    return [e for e in x.entities if e.status is Status.NAMED]


def check_spans(x: Extraction) -> None:
    """Every span the extraction holds is a true slice of the article text."""
    text = x.article.text
    spans = [m for e in x.entities for m in e.mentions] + [t.span for t in x.times]
    spans += [s for ev in x.events for s in (ev.trigger, ev.sentence)]
    spans += [s for q in x.quotes for s in (*q.pieces, q.cue, q.sentence)]
    for s in spans:
        assert text[s.start : s.end] == s.text, s


# -- sentences used by several tests ------------------------------------------------

ZELENSKY_VISITED_KHARKIV = """
0 Volodymyr PROPN NNP compound 1 _     B-PERSON
1 Zelensky  PROPN NNP nsubj    2 _     I-PERSON
2 visited   VERB  VBD ROOT     2 visit O
3 Kharkiv   PROPN NNP dobj     2 _     B-PERSON
4 .         PUNCT .   punct    2 _     O
"""

RUSSIAN_TROOPS_PULLED_BACK = """
0 Russian ADJ   JJ  amod   1 russian B-NORP
1 troops  NOUN  NNS nsubj  2 troop   O
2 pulled  VERB  VBD ROOT   2 pull    O
3 back    ADV   RB  advmod 2 _       O
4 from    ADP   IN  prep   2 _       O
5 Kharkiv PROPN NNP pobj   4 _       B-GPE
6 .       PUNCT .   punct  2 _       O
"""


# == entities ======================================================================


def test_full_name_and_later_surname_are_one_person():
    doc = make_doc(
        """
0 Volodymyr PROPN NNP  compound 1 _      B-PERSON
1 Zelensky  PROPN NNP  nsubj    2 _      I-PERSON
2 thanked   VERB  VBD  ROOT     2 thank  O
3 the       DET   DT   det      4 _      O
4 soldiers  NOUN  NNS  dobj     2 soldier O
5 for       ADP   IN   prep     2 _      O
6 their     PRON  PRP$ poss     7 _      O
7 courage   NOUN  NN   pobj     5 _      O
8 .         PUNCT .    punct    2 _      O
""",
        """
0 Zelensky  PROPN NNP nsubj 1 _        B-PERSON
1 visited   VERB  VBD ROOT  1 visit    O
2 wounded   ADJ   JJ  amod  3 _        O
3 fighters  NOUN  NNS dobj  1 fighter  O
4 in        ADP   IN  prep  1 _        O
5 a         DET   DT  det   6 _        O
6 hospital  NOUN  NN  pobj  4 _        O
7 .         PUNCT .   punct 1 _        O
""",
    )
    x = run(doc)
    check_spans(x)
    assert [(e.kind, e.name) for e in named_entities(x)] == [(EntityKind.PERSON, "Volodymyr Zelensky")]
    person = x.entities[0]
    assert mention_texts(person) == ["Volodymyr Zelensky", "Zelensky"]
    assert person.mentions[1].start == doc.text.index("Zelensky visited")
    assert person.names == ["Volodymyr Zelensky", "Zelensky"]


def test_city_tagged_person_by_ner_becomes_a_gazetteer_place():
    doc = make_doc("""
0 Heavy     ADJ   JJ  amod   1 _        O
1 shelling  NOUN  NN  nsubj  2 _        O
2 continued VERB  VBD ROOT   2 continue O
3 in        ADP   IN  prep   2 _        O
4 Kharkiv   PROPN NNP pobj   3 _        B-PERSON
5 overnight ADV   RB  advmod 2 _        O
6 .         PUNCT .   punct  2 _        O
""")
    x = run(doc)
    kharkiv = named(x, "Kharkiv")
    assert kharkiv.kind is EntityKind.PLACE
    assert kharkiv.geonameid == 706483
    assert kharkiv.country == "UA"
    assert not [e for e in x.entities if e.kind is EntityKind.PERSON]


def test_untagged_city_is_found_by_the_gazetteer():
    doc = make_doc("""
0 Missiles  NOUN  NNS nsubj  1 missile O
1 struck    VERB  VBD ROOT   1 strike  O
2 Kharkiv   PROPN NNP dobj   1 _       O
3 overnight ADV   RB  advmod 1 _       O
4 .         PUNCT .   punct  1 _       O
""")
    x = run(doc)
    assert [(e.kind, e.name, e.geonameid) for e in x.entities] == [(EntityKind.PLACE, "Kharkiv", 706483)]


def test_demonym_and_troops_is_one_group_that_forces_join():
    doc = make_doc(
        """
0 Russian  ADJ   JJ  amod  1 russian B-NORP
1 troops   NOUN  NNS nsubj 2 troop   O
2 shelled  VERB  VBD ROOT  2 shell   O
3 villages NOUN  NNS dobj  2 village O
4 .        PUNCT .   punct 2 _       O
""",
        """
0 Russian  ADJ   JJ  amod   1 russian B-NORP
1 forces   NOUN  NNS nsubj  2 force   O
2 remained VERB  VBD ROOT   2 remain  O
3 nearby   ADV   RB  advmod 2 _       O
4 .        PUNCT .   punct  2 _       O
""",
    )
    x = run(doc)
    check_spans(x)
    groups = [e for e in x.entities if e.kind is EntityKind.GROUP]
    assert len(groups) == 1
    group = groups[0]
    assert group.country == "RU"
    assert group.name == "Russian troops"
    assert group.names == ["Russian forces", "Russian troops"]
    assert mention_texts(group) == ["Russian troops", "Russian forces"]
    # the group is the agent of the shelling, not a country called "Russian"
    (shelling,) = x.events
    assert (shelling.type, shelling.agents) == ("Shelling", [group.id])


def test_the_city_is_a_mention_of_the_preceding_city():
    doc = make_doc(
        """
0 Missiles  NOUN  NNS nsubj  1 missile O
1 struck    VERB  VBD ROOT   1 strike  O
2 Kharkiv   PROPN NNP dobj   1 _       B-GPE
3 overnight ADV   RB  advmod 1 _       O
4 .         PUNCT .   punct  1 _       O
""",
        """
0 Residents NOUN  NNS nsubj 4 resident O
1 of        ADP   IN  prep  0 _        O
2 the       DET   DT  det   3 _        O
3 city      NOUN  NN  pobj  1 _        O
4 hid       VERB  VBD ROOT  4 hide     O
5 in        ADP   IN  prep  4 _        O
6 shelters  NOUN  NNS pobj  5 shelter  O
7 .         PUNCT .   punct 4 _        O
""",
    )
    x = run(doc)
    check_spans(x)
    assert len(named_entities(x)) == 1
    kharkiv = named(x, "Kharkiv")
    assert mention_texts(kharkiv) == ["Kharkiv", "the city"]
    assert kharkiv.mentions[1].start == doc.text.index("the city")
    assert kharkiv.names == ["Kharkiv"]  # a description is a mention, not a name


def test_pronoun_speaker_resolves_to_the_only_person_of_the_previous_sentence():
    doc = make_doc(
        """
0 Oleksiy  PROPN NNP compound 1 _     B-PERSON
1 Reznikov PROPN NNP nsubj    2 _     I-PERSON
2 visited  VERB  VBD ROOT     2 visit O
3 troops   NOUN  NNS dobj     2 troop O
4 in       ADP   IN  prep     3 _     O
5 Kharkiv  PROPN NNP pobj     4 _     B-LOC
6 .        PUNCT .   punct    2 _     O
""",
        """
0 He    PRON  PRP nsubj 1 he  O
1 said  VERB  VBD ROOT  1 say O
2 the   DET   DT  det   3 _   O
3 army  NOUN  NN  nsubj 4 _   O
4 was   AUX   VBD ccomp 1 be  O
5 ready ADJ   JJ  acomp 4 _   O
6 .     PUNCT .   punct 1 _   O
""",
    )
    x = run(doc)
    check_spans(x)
    reznikov = named(x, "Oleksiy Reznikov")
    assert named(x, "Kharkiv").kind is EntityKind.PLACE
    (quote,) = x.quotes
    assert quote.speaker == reznikov.id
    assert quote.text == "the army was ready"
    he = doc.text.index("He said")
    assert Span(he, he + 2, "He") in reznikov.mentions
    assert reznikov.names == ["Oleksiy Reznikov"]  # a pronoun is no name


def test_ambiguous_pronoun_has_no_antecedent():
    doc = make_doc(
        """
0 Oleksiy  PROPN NNP  compound 1 _    B-PERSON
1 Reznikov PROPN NNP  nsubj    2 _    I-PERSON
2 met      VERB  VBD  ROOT     2 meet O
3 Lloyd    PROPN NNP  compound 4 _    B-PERSON
4 Austin   PROPN NNP  dobj     2 _    I-PERSON
5 .        PUNCT .    punct    2 _    O
""",
        """
0 He    PRON  PRP nsubj 1 he  O
1 said  VERB  VBD ROOT  1 say O
2 the   DET   DT  det   3 _   O
3 army  NOUN  NN  nsubj 4 _   O
4 was   AUX   VBD ccomp 1 be  O
5 ready ADJ   JJ  acomp 4 _   O
6 .     PUNCT .   punct 1 _   O
""",
    )
    x = run(doc)
    # two people, one of them the subject: the subject wins
    (quote,) = x.quotes
    assert quote.speaker == named(x, "Oleksiy Reznikov").id


def test_org_tag_on_a_title_word_is_dropped():
    doc = make_doc("""
 0 Defense  PROPN NNP compound 1 _   B-ORG
 1 Minister PROPN NNP compound 3 _   O
 2 Oleksiy  PROPN NNP compound 3 _   B-PERSON
 3 Reznikov PROPN NNP nsubj    4 _   I-PERSON
 4 said     VERB  VBD ROOT     4 say O
 5 the      DET   DT  det      6 _   O
 6 army     NOUN  NN  nsubj    7 _   O
 7 was      AUX   VBD ccomp    4 be  O
 8 fully    ADV   RB  advmod   9 _   O
 9 ready    ADJ   JJ  acomp    7 _   O
10 .        PUNCT .   punct    4 _   O
""")
    x = run(doc)
    assert [(e.kind, e.name) for e in named_entities(x)] == [(EntityKind.PERSON, "Oleksiy Reznikov")]
    (quote,) = x.quotes
    assert quote.speaker == x.entities[0].id


def test_title_case_heading_line_noise_is_dropped():
    doc = make_doc(
        """
0 Missiles  NOUN  NNS nsubj  1 missile O
1 struck    VERB  VBD ROOT   1 strike  O
2 Kharkiv   PROPN NNP dobj   1 _       B-GPE
3 overnight ADV   RB  advmod 1 _       O
4 .         PUNCT .   punct  1 _       O
5 \\n       SPACE _SP dep    4 _       O
""",
        """
0 Related   VERB  VBN amod   1 relate  B-ORG
1 News      PROPN NNP ROOT   1 _       I-ORG
""",
    )
    assert doc.text == "Missiles struck Kharkiv overnight.\nRelated News"
    x = run(doc)
    assert [e.name for e in x.entities] == ["Kharkiv"]


def test_a_sentence_line_full_of_names_is_not_a_heading():
    doc = make_doc(
        """
0 Leaders NOUN  NNS nsubj 1 leader O
1 meet    VERB  VBP ROOT  1 _      O
2 in      ADP   IN  prep  1 _      O
3 Kyiv    PROPN NNP pobj  2 _      B-GPE
4 \\n     SPACE _SP dep   3 _      O
""",
        """
 0 Ukrainian  ADJ   JJ  amod     1 ukrainian B-NORP
 1 President  PROPN NNP compound 3 _         O
 2 Volodymyr  PROPN NNP compound 3 _         B-PERSON
 3 Zelensky   PROPN NNP nsubj    4 _         I-PERSON
 4 met        VERB  VBD ROOT     4 meet      O
 5 German     ADJ   JJ  amod     8 german    B-NORP
 6 Chancellor PROPN NNP compound 8 _         O
 7 Olaf       PROPN NNP compound 8 _         B-PERSON
 8 Scholz     PROPN NNP dobj     4 _         I-PERSON
 9 in         ADP   IN  prep     4 _         O
10 Kyiv       PROPN NNP pobj     9 _         B-GPE
11 .          PUNCT .   punct    4 _         O
""",
    )
    assert doc.text == (
        "Leaders meet in Kyiv\nUkrainian President Volodymyr Zelensky met "
        "German Chancellor Olaf Scholz in Kyiv."
    )
    x = run(doc)
    people = sorted(e.name for e in named_entities(x) if e.kind is EntityKind.PERSON)
    assert people == ["Olaf Scholz", "Volodymyr Zelensky"]


def test_the_same_name_in_running_text_is_kept():
    # control for the test above: "Related News" is dropped for being on a heading line
    doc = make_doc("""
0 Missiles  NOUN  NNS nsubj  1 missile O
1 struck    VERB  VBD ROOT   1 strike  O
2 Kharkiv   PROPN NNP dobj   1 _       B-GPE
3 overnight ADV   RB  advmod 1 _       O
4 ,         PUNCT ,   punct  1 _       O
5 Related   VERB  VBN amod   6 relate  B-ORG
6 News      PROPN NNP nsubj  7 _       I-ORG
7 reported  VERB  VBD conj   1 report  O
8 .         PUNCT .   punct  7 _       O
""")
    x = run(doc)
    assert [e.name for e in x.entities] == ["Kharkiv", "Related News"]


# == events ========================================================================


def test_pulled_back_from_kharkiv_is_a_withdrawal():
    x = run(make_doc(RUSSIAN_TROOPS_PULLED_BACK))
    check_spans(x)
    group, kharkiv = named(x, "Russian troops"), named(x, "Kharkiv")
    assert group.kind is EntityKind.GROUP and group.country == "RU"
    (event,) = x.events
    assert event.type == "Withdrawal"
    assert event.trigger.text == "pulled back"
    assert event.lemma == "pull back"
    assert event.agents == [group.id]
    assert event.places == [kharkiv.id]
    assert event.patients == []
    assert event.sentence.text == "Russian troops pulled back from Kharkiv."


def test_pulled_back_with_from_attached_to_the_particle_still_has_its_place():
    # the parse en_core_web_sm gives for this sentence: "from" hangs off "back"
    x = run(
        make_doc("""
0 Russian ADJ   JJ  amod   1 russian B-NORP
1 troops  NOUN  NNS nsubj  2 troop   O
2 pulled  VERB  VBD ROOT   2 pull    O
3 back    ADV   RB  advmod 2 _       O
4 from    ADP   IN  prep   3 _       O
5 Kharkiv PROPN NNP pobj   4 _       B-LOC
6 .       PUNCT .   punct  2 _       O
""")
    )
    (event,) = x.events
    assert event.trigger.text == "pulled back"
    assert event.agents == [named(x, "Russian troops").id]
    assert event.places == [named(x, "Kharkiv").id]


def test_pull_without_a_particle_is_no_event():
    x = run(
        make_doc("""
0 Russian ADJ   JJ  amod  1 russian B-NORP
1 troops  NOUN  NNS nsubj 2 troop   O
2 pulled  VERB  VBD ROOT  2 pull    O
3 the     DET   DT  det   4 _       O
4 wounded NOUN  NN  dobj  2 _       O
5 from    ADP   IN  prep  2 _       O
6 Kharkiv PROPN NNP pobj  5 _       B-GPE
7 .       PUNCT .   punct 2 _       O
""")
    )
    # "pulled" without a particle is no withdrawal; "the wounded" are an Injury event
    assert [(e.trigger.text, e.type) for e in x.events] == [("wounded", "Injury")]
    assert {e.name for e in x.entities} == {"Russian troops", "Kharkiv"}


def test_nominal_withdrawal_of_its_troops_from_kharkiv():
    doc = make_doc(
        """
0 Russia  PROPN NNP  nsubj 1 _      B-GPE
1 changed VERB  VBD  ROOT  1 change O
2 its     PRON  PRP$ poss  3 _      O
3 plans   NOUN  NNS  dobj  1 plan   O
4 .       PUNCT .    punct 1 _      O
""",
        """
0 The        DET   DT   det   1 _        O
1 withdrawal NOUN  NN   nsubj 7 _        O
2 of         ADP   IN   prep  1 _        O
3 its        PRON  PRP$ poss  4 _        O
4 troops     NOUN  NNS  pobj  2 troop    O
5 from       ADP   IN   prep  1 _        O
6 Kharkiv    PROPN NNP  pobj  5 _        B-ORG
7 surprised  VERB  VBD  ROOT  7 surprise O
8 analysts   NOUN  NNS  dobj  7 analyst  O
9 .          PUNCT .    punct 7 _        O
""",
    )
    x = run(doc)
    check_spans(x)
    russia, kharkiv = named(x, "Russia"), named(x, "Kharkiv")
    assert (russia.kind, russia.country) == (EntityKind.PLACE, "RU")
    assert kharkiv.kind is EntityKind.PLACE  # an ORG tag on a gazetteer city is overruled
    (group,) = [e for e in x.entities if e.kind is EntityKind.GROUP]
    assert group.country == "RU"
    assert mention_texts(group) == ["its troops"]
    assert group.names == []  # "its troops" is a mention, not a name
    (event,) = x.events
    assert (event.type, event.trigger.text) == ("Withdrawal", "withdrawal")
    assert event.agents == [group.id]
    assert event.places == [kharkiv.id]
    assert event.patients == []


def test_object_control_the_object_of_forced_is_the_subject_of_leave():
    doc = make_doc(
        """
0 Residents NOUN  NNS nsubj 1 resident O
1 returned  VERB  VBD ROOT  1 return   O
2 to        ADP   IN  prep  1 _        O
3 Kharkiv   PROPN NNP pobj  2 _        B-GPE
4 .         PUNCT .   punct 1 _        O
""",
        """
0 Ukrainian ADJ   JJ  amod  1 ukrainian B-NORP
1 forces    NOUN  NNS nsubj 2 force     O
2 forced    VERB  VBD ROOT  2 force     O
3 Russian   ADJ   JJ  amod  4 russian   B-NORP
4 troops    NOUN  NNS dobj  2 troop     O
5 to        PART  TO  aux   6 _         O
6 leave     VERB  VB  xcomp 2 _         O
7 the       DET   DT  det   8 _         O
8 city      NOUN  NN  dobj  6 _         O
9 .         PUNCT .   punct 2 _         O
""",
    )
    x = run(doc)
    check_spans(x)
    ukrainian, russian = named(x, "Ukrainian forces"), named(x, "Russian troops")
    assert (ukrainian.country, russian.country) == ("UA", "RU")
    kharkiv = named(x, "Kharkiv")
    assert "the city" in mention_texts(kharkiv)
    (event,) = x.events
    assert (event.type, event.trigger.text) == ("Withdrawal", "leave")
    assert event.agents == [russian.id]
    # a city object is where the event happens, not a participant (events._fill_roles)
    assert event.patients == []
    assert event.places == [kharkiv.id]


def test_object_control_with_a_pronoun_object_does_not_fall_back_to_the_subject():
    doc = make_doc(
        """
0 Residents NOUN  NNS nsubj 1 resident O
1 returned  VERB  VBD ROOT  1 return   O
2 to        ADP   IN  prep  1 _        O
3 Kharkiv   PROPN NNP pobj  2 _        B-GPE
4 .         PUNCT .   punct 1 _        O
""",
        """
0 Ukrainian ADJ   JJ  amod  1 ukrainian B-NORP
1 forces    NOUN  NNS nsubj 2 force     O
2 forced    VERB  VBD ROOT  2 force     O
3 them      PRON  PRP dobj  2 they      O
4 to        PART  TO  aux   5 _         O
5 leave     VERB  VB  xcomp 2 _         O
6 the       DET   DT  det   7 _         O
7 city      NOUN  NN  dobj  5 _         O
8 .         PUNCT .   punct 2 _         O
""",
    )
    x = run(doc)
    (event,) = x.events
    assert event.type == "Withdrawal"
    # "them" is the one who leaves: the residents, never the forces that are its verb's subject
    (residents,) = [e for e in x.entities if e.status is Status.LOCAL]
    assert mention_texts(residents) == ["Residents", "them"]
    assert event.agents == [residents.id]
    assert event.places == [named(x, "Kharkiv").id]


def test_leave_without_a_place_object_is_no_event():
    x = run(
        make_doc("""
0 Ukrainian ADJ   JJ  amod  1 ukrainian B-NORP
1 forces    NOUN  NNS nsubj 2 force     O
2 forced    VERB  VBD ROOT  2 force     O
3 them      PRON  PRP dobj  2 they      O
4 to        PART  TO  aux   5 _         O
5 leave     VERB  VB  xcomp 2 _         O
6 their     PRON  PRP$ poss 7 _         O
7 positions NOUN  NNS dobj  5 position  O
8 .         PUNCT .   punct 2 _         O
""")
    )
    assert x.events == []


def test_prevented_from_encircling_takes_the_object_as_agent():
    x = run(
        make_doc("""
0 Ukrainian  ADJ   JJ  amod  1 ukrainian B-NORP
1 forces     NOUN  NNS nsubj 2 force     O
2 prevented  VERB  VBD ROOT  2 prevent   O
3 Russian    ADJ   JJ  amod  4 russian   B-NORP
4 troops     NOUN  NNS dobj  2 troop     O
5 from       ADP   IN  prep  2 _         O
6 encircling VERB  VBG pcomp 5 encircle  O
7 Kharkiv    PROPN NNP dobj  6 _         B-PERSON
8 .          PUNCT .   punct 2 _         O
""")
    )
    check_spans(x)
    russian, kharkiv = named(x, "Russian troops"), named(x, "Kharkiv")
    (event,) = x.events
    assert (event.type, event.trigger.text) == ("Encirclement", "encircling")
    assert event.agents == [russian.id]
    assert event.patients == []  # the encircled city is the place (events._fill_roles)
    assert event.places == [kharkiv.id]


def test_conjoined_verb_shares_the_subject():
    x = run(
        make_doc("""
0 Ukraine        PROPN NNP nsubj 1 _             B-GPE
1 launched       VERB  VBD ROOT  1 launch        O
2 counterattacks NOUN  NNS dobj  1 counterattack O
3 in             ADP   IN  prep  1 _             O
4 Severodonetsk  PROPN NNP pobj  3 _             B-GPE
5 and            CCONJ CC  cc    1 _             O
6 destroyed      VERB  VBD conj  1 destroy       O
7 a              DET   DT  det   8 _             O
8 bridge         NOUN  NN  dobj  6 _             O
9 .              PUNCT .   punct 1 _             O
""")
    )
    check_spans(x)
    ukraine, city = named(x, "Ukraine"), named(x, "Severodonetsk")
    assert (city.kind, city.geonameid) == (EntityKind.PLACE, 691999)
    by_type = {e.type: e for e in x.events}
    assert sorted(by_type) == ["Counteroffensive", "Destruction"]
    assert by_type["Destruction"].trigger.text == "destroyed"
    assert by_type["Destruction"].agents == [ukraine.id]
    # the light verb's subject is the nominal event's agent; the verb's place is its place
    assert by_type["Counteroffensive"].agents == [ukraine.id]
    assert by_type["Counteroffensive"].places == [city.id]


def test_battle_of_a_city_has_the_city_as_place_and_no_agent():
    x = run(
        make_doc("""
0 The     DET   DT  det   1 _      O
1 battle  NOUN  NN  nsubj 4 _      O
2 of      ADP   IN  prep  1 _      O
3 Kharkiv PROPN NNP pobj  2 _      B-ORG
4 lasted  VERB  VBD ROOT  4 last   O
5 for     ADP   IN  prep  4 _      O
6 weeks   NOUN  NNS pobj  5 week   B-DATE
7 .       PUNCT .   punct 4 _      O
""")
    )
    kharkiv = named(x, "Kharkiv")
    (event,) = x.events
    assert (event.type, event.trigger.text) == ("Fighting", "battle")
    assert event.agents == []
    assert event.places == [kharkiv.id]
    # "weeks" is a duration: a TimeExpr, but without a date
    assert [(t.span.text, t.date) for t in x.times] == [("weeks", None)]


# == quotes ========================================================================


def test_said_that_clause_is_the_quote_without_that():
    x = run(
        make_doc("""
0 Oleksiy  PROPN NNP compound 1 _   B-PERSON
1 Reznikov PROPN NNP nsubj    2 _   I-PERSON
2 said     VERB  VBD ROOT     2 say O
3 that     SCONJ IN  mark     6 _   O
4 the      DET   DT  det      5 _   O
5 army     NOUN  NN  nsubj    6 _   O
6 was      AUX   VBD ccomp    2 be  O
7 ready    ADJ   JJ  acomp    6 _   O
8 .        PUNCT .   punct    2 _   O
""")
    )
    check_spans(x)
    (quote,) = x.quotes
    assert quote.speaker == named(x, "Oleksiy Reznikov").id
    assert [p.text for p in quote.pieces] == ["the army was ready"]
    assert quote.text == "the army was ready"
    assert quote.cue.text == "said"
    assert quote.sentence.text == x.article.text


def test_clause_before_the_speaker_is_the_quote():
    x = run(
        make_doc("""
0 The      DET   DT  det   1 _   O
1 army     NOUN  NN  nsubj 2 _   O
2 is       AUX   VBZ ccomp 6 be  O
3 ready    ADJ   JJ  acomp 2 _   O
4 ,        PUNCT ,   punct 6 _   O
5 Reznikov PROPN NNP nsubj 6 _   B-PERSON
6 said     VERB  VBD ROOT  6 say O
7 .        PUNCT .   punct 6 _   O
""")
    )
    assert x.article.text == "The army is ready, Reznikov said."
    (quote,) = x.quotes
    assert quote.speaker == named(x, "Reznikov").id
    assert quote.text == "The army is ready"
    assert quote.pieces == [Span(0, 17, "The army is ready")]


def test_according_to_names_the_speaker_and_is_cut_from_the_claim():
    x = run(
        make_doc("""
 0 Russian   ADJ   JJ  amod     1 russian  B-NORP
 1 troops    NOUN  NNS nsubj    2 troop    O
 2 withdrew  VERB  VBD ROOT     2 withdraw O
 3 from      ADP   IN  prep     2 _        O
 4 Kharkiv   PROPN NNP pobj     3 _        B-PERSON
 5 overnight ADV   RB  advmod   2 _        O
 6 ,         PUNCT ,   punct    2 _        O
 7 according VERB  VBG prep     2 accord   O
 8 to        ADP   IN  prep     7 _        O
 9 Al        PROPN NNP compound 10 _       B-ORG
10 Jazeera   PROPN NNP pobj     8 _        I-ORG
11 .         PUNCT .   punct    2 _        O
""")
    )
    check_spans(x)
    aljazeera = named(x, "Al Jazeera")
    assert aljazeera.kind is EntityKind.ORGANIZATION
    (quote,) = x.quotes
    assert quote.speaker == aljazeera.id
    assert quote.text == "Russian troops withdrew from Kharkiv overnight"
    assert "according" not in " ".join(p.text for p in quote.pieces)
    assert quote.cue.text == "according to"
    assert sorted(quote.about_entities) == sorted([named(x, "Russian troops").id, named(x, "Kharkiv").id])
    assert quote.about_events == [0] and x.events[0].type == "Withdrawal"


SPLIT_QUOTE_ADDED = """
 0 “       PUNCT ``  punct 7  _       O
 1 We      PRON  PRP nsubj 3  we      O
 2 will    AUX   MD  aux   3  _       O
 3 win     VERB  VB  {dep} 7  _       O
 4 ,       PUNCT ,   punct 7  _       O
 5 ”       PUNCT ''  punct 7  _       O
 6 he      PRON  PRP nsubj 7  he      O
 7 added   VERB  VBD ROOT  7  add     O
 8 ,       PUNCT ,   punct 7  _       O
 9 “       PUNCT ``  punct 7  _       O
10 and     CCONJ CC  cc    7  _       O
11 we      PRON  PRP nsubj 13 we      O
12 will    AUX   MD  aux   13 _       O
13 rebuild VERB  VB  conj  7  _       O
14 .       PUNCT .   punct 13 _       O
15 ”       PUNCT ''  punct 13 _       O
"""


def _split_quote(dep: str) -> Extraction:
    doc = make_doc(ZELENSKY_VISITED_KHARKIV, SPLIT_QUOTE_ADDED.format(dep=dep))
    assert doc.text == ("Volodymyr Zelensky visited Kharkiv. “We will win,” he added, “and we will rebuild.”")
    return run(doc)


def test_direct_quote_split_by_he_added_is_one_quote_in_two_pieces():
    x = _split_quote("ccomp")
    (quote,) = x.quotes
    assert quote.speaker == named(x, "Volodymyr Zelensky").id
    assert [p.text for p in quote.pieces] == ["We will win", "and we will rebuild"]


def test_direct_quote_split_by_he_added_without_a_ccomp_parse():
    x = _split_quote("parataxis")
    check_spans(x)
    zelensky = named(x, "Volodymyr Zelensky")
    (quote,) = x.quotes
    assert quote.speaker == zelensky.id
    assert [p.text for p in quote.pieces] == ["We will win", "and we will rebuild"]
    assert quote.text == "We will win and we will rebuild"
    assert quote.cue.text == "added"
    assert "he" in mention_texts(zelensky)


def test_following_sentence_in_quotation_marks_is_a_further_quote():
    doc = make_doc(
        ZELENSKY_VISITED_KHARKIV,
        """
0 “    PUNCT ``  punct 7 _   O
1 We   PRON  PRP nsubj 3 we  O
2 will AUX   MD  aux   3 _   O
3 win  VERB  VB  ccomp 7 _   O
4 ,    PUNCT ,   punct 7 _   O
5 ”    PUNCT ''  punct 7 _   O
6 he   PRON  PRP nsubj 7 he  O
7 said VERB  VBD ROOT  7 say O
8 .    PUNCT .   punct 7 _   O
""",
        """
0 “       PUNCT ``  punct     5 _       O
1 The     DET   DT  det       2 _       O
2 city    NOUN  NN  nsubjpass 5 _       O
3 will    AUX   MD  aux       5 _       O
4 be      AUX   VB  auxpass   5 _       O
5 rebuilt VERB  VBN ROOT      5 rebuild O
6 .       PUNCT .   punct     5 _       O
7 ”       PUNCT ''  punct     5 _       O
""",
    )
    x = run(doc)
    check_spans(x)
    zelensky, kharkiv = named(x, "Volodymyr Zelensky"), named(x, "Kharkiv")
    assert [(q.speaker, q.text) for q in x.quotes] == [
        (zelensky.id, "We will win"),
        (zelensky.id, "The city will be rebuilt"),
    ]
    second = x.quotes[1]
    assert second.sentence.text == "“The city will be rebuilt.”"
    assert second.cue.text == "said"
    assert second.about_entities == [kharkiv.id]  # "the city" is Kharkiv


def test_a_place_is_no_speaker():
    x = run(
        make_doc("""
0 Ukraine  PROPN NNP nsubj 1 _        B-GPE
1 says     VERB  VBZ ROOT  1 say      O
2 Russian  ADJ   JJ  amod  3 russian  B-NORP
3 troops   NOUN  NNS nsubj 4 troop    O
4 withdrew VERB  VBD ccomp 1 withdraw O
5 .        PUNCT .   punct 1 _        O
""")
    )
    assert named(x, "Ukraine").kind is EntityKind.PLACE
    assert x.quotes == []
    (event,) = x.events  # plain "says" is no Statement event (measured: docs/eval-tasks.md)
    assert event.type == "Withdrawal"
    assert event.agents == [named(x, "Russian troops").id]


def test_quote_text_strips_quotation_marks():
    quote = Quote(
        pieces=[Span(0, 14, "“We will win,”"), Span(24, 47, "“and we will «rebuild».”")],
        speaker=0,
        cue=Span(18, 23, "added"),
        sentence=Span(0, 47, "…"),
    )
    assert quote.text == "We will win, and we will rebuild"
    straight = Quote(
        pieces=[Span(0, 13, '"It is over."')], speaker=0, cue=Span(0, 0, ""), sentence=Span(0, 13, "")
    )
    assert straight.text == "It is over"


# == times =========================================================================

SUNDAY = """
0 Heavy    ADJ   JJ  amod  1 _      O
1 shelling NOUN  NN  nsubj 2 _      O
2 resumed  VERB  VBD ROOT  2 resume O
3 near     ADP   IN  prep  2 _      O
4 Kharkiv  PROPN NNP pobj  3 _      B-GPE
5 on       ADP   IN  prep  2 _      O
6 Sunday   PROPN NNP pobj  5 _      B-DATE
7 .        PUNCT .   punct 2 _      O
"""


def test_weekday_without_an_article_date_has_no_date():
    x = run(make_doc(SUNDAY))
    check_spans(x)
    (time,) = x.times
    assert time.span.text == "Sunday"
    assert time.date is None


def test_weekday_is_normalised_against_the_publication_date():
    x = run(make_doc(SUNDAY), published="2022-05-16")
    (time,) = x.times
    assert (time.span.text, time.date) == ("Sunday", "2022-05-15")
    (event,) = x.events
    assert (event.type, event.places) == ("Shelling", [named(x, "Kharkiv").id])


@pytest.mark.parametrize(
    "blocks",
    [
        (SUNDAY,),  # nominal trigger "shelling": the time hangs on its clause's verb
        (
            """
0 Russian ADJ   JJ  amod   1 russian B-NORP
1 troops  NOUN  NNS nsubj  2 troop   O
2 pulled  VERB  VBD ROOT   2 pull    O
3 back    ADV   RB  advmod 2 _       O
4 on      ADP   IN  prep   2 _       O
5 Sunday  PROPN NNP pobj   4 _       B-DATE
6 .       PUNCT .   punct  2 _       O
""",
        ),  # verbal trigger "pulled back"
    ],
    ids=["nominal", "verbal"],
)
def test_event_takes_the_time_of_its_clause(blocks):
    x = run(make_doc(*blocks), published="2022-05-16")
    (time,) = x.times
    (event,) = x.events
    assert event.time == time
    assert event.time.date == "2022-05-15"


def test_publication_date_time_is_also_a_base():
    x = run(make_doc(SUNDAY), published="2022-05-16T09:30:00+00:00")
    assert [t.date for t in x.times] == ["2022-05-15"]


# == the registry and the entry point ==============================================


def test_stages_run_in_registry_order():
    assert list(STAGES) == [
        "entities",
        "mentions",
        "times",
        "events",
        "factuality",
        "quotes",
        "quantities",
        "relations",
    ]


def test_extract_runs_the_registered_stages(monkeypatch):
    calls = []
    for name in list(STAGES):
        monkeypatch.setitem(STAGES, name, lambda ctx, name=name: calls.append(name))
    doc = make_doc(RUSSIAN_TROOPS_PULLED_BACK)
    x = run(doc)
    assert calls == [
        "entities",
        "mentions",
        "times",
        "events",
        "factuality",
        "quotes",
        "quantities",
        "relations",
    ]
    assert x.entities == [] and x.events == []
    assert [s.text for s in x.sentences] == [doc.text]


def test_extract_rejects_a_doc_of_another_text():
    doc = make_doc(RUSSIAN_TROOPS_PULLED_BACK)
    article = make_article(doc.text)
    other = Article(
        id=article.id,
        text=article.text + " More.",
        headline=article.headline,
        source="test.txt",
        format="txt",
    )
    with pytest.raises(ValueError, match=article.id):
        extract(other, doc, LEXICON)


def test_sentences_are_stripped_spans_of_the_text():
    doc = make_doc(ZELENSKY_VISITED_KHARKIV, RUSSIAN_TROOPS_PULLED_BACK)
    x = run(doc)
    assert [s.text for s in x.sentences] == [
        "Volodymyr Zelensky visited Kharkiv.",
        "Russian troops pulled back from Kharkiv.",
    ]
    for s in x.sentences:
        assert doc.text[s.start : s.end] == s.text


# -- typing from the words around a name (issue 12, CoNLL04) --------------------------


def test_a_title_makes_a_person_of_a_name_the_gazetteer_knows_as_a_town():
    x = run(
        make_doc("""
0 Reporters NOUN  NNS nsubj    1 reporter O
1 asked     VERB  VBD ROOT     1 ask      O
2 President PROPN NNP compound 3 _        O
3 Lincoln   PROPN NNP dobj     1 _        B-PERSON
4 .         PUNCT .   punct    1 _        O
""")
    )
    assert named(x, "Lincoln").kind is EntityKind.PERSON  # not Lincoln, Nebraska


@pytest.mark.parametrize(
    "table",
    [
        """
0 Nobody  PRON  NN  nsubj 1 nobody    O
1 saw     VERB  VBD ROOT  1 see       O
2 him     PRON  PRP nsubj 3 he        O
3 killing VERB  VBG ccomp 1 kill      O
4 Kennedy PROPN NNP dobj  3 _         B-PERSON
5 .       PUNCT .   punct 1 _         O
""",
        """
0 Kennedy  PROPN NNP  poss  2 _        B-PERSON
1 's       PART  POS  case  0 's       O
2 assassin NOUN  NN   nsubj 3 _        O
3 fled     VERB  VBD  ROOT  3 flee     O
4 .        PUNCT .    punct 3 _        O
""",
    ],
)
def test_what_only_a_person_undergoes_makes_a_person_of_a_town_name(table):
    assert named(run(make_doc(table)), "Kennedy").kind is EntityKind.PERSON  # not Kennedy, Bogota


def test_a_country_stays_a_place_before_a_person_noun():
    x = run(
        make_doc("""
0 Russia   PROPN NNP  poss  2 _       B-GPE
1 's       PART  POS  case  0 's      O
2 killing  NOUN  NN   nsubj 3 _       O
3 shocked  VERB  VBD  ROOT  3 shock   O
4 them     PRON  PRP  dobj  3 they    O
5 .        PUNCT .    punct 3 _       O
""")
    )
    assert named(x, "Russia").kind is EntityKind.PLACE


def test_a_town_comma_a_state_abbreviation_is_a_town_and_its_state():
    x = run(
        make_doc("""
0 She   PRON  PRP nsubj  1 she    O
1 grew  VERB  VBD ROOT   1 grow   O
2 up    ADP   RP  prt    1 _      O
3 in    ADP   IN  prep   1 _      O
4 Tupelo PROPN NNP pobj  3 _      B-GPE
5 ,     PUNCT ,   punct  4 _      O
6 Miss  PROPN NNP appos  4 _      B-PERSON
7 .     PUNCT .   punct  1 _      O
""")
    )
    state = named(x, "Miss.")  # the abbreviation with its full stop
    assert state.kind is EntityKind.PLACE and state.geonameid == 4436296  # Mississippi, not a person
    assert named(x, "Tupelo").kind is EntityKind.PLACE
    assert [e.name for e in x.entities if e.kind is EntityKind.PERSON and e.names] == []


def test_a_state_modifying_a_noun_is_no_town_s_state():
    x = run(
        make_doc("""
0 Perot       PROPN NNP nsubj    4 _           B-PERSON
1 ,           PUNCT ,   punct    0 _           O
2 a           DET   DT  det      3 _           O
3 Texas       PROPN NNP compound 4 _           B-GPE
4 billionaire NOUN  NN  ROOT     4 _           O
5 .           PUNCT .   punct    4 _           O
""")
    )
    assert named(x, "Perot").kind is EntityKind.PERSON


def test_an_alternate_name_in_the_gazetteer_does_not_beat_an_organisation_tag():
    x = run(
        make_doc("""
0 FAA       PROPN NNP compound 1 _        B-ORG
1 officials NOUN  NNS nsubj    2 official O
2 said      VERB  VBD ROOT     2 say      O
3 .         PUNCT .   punct    2 _        O
""")
    )
    assert named(x, "FAA").kind is EntityKind.ORGANIZATION  # "FAA" is among Faranah's alternate names


@pytest.mark.parametrize(
    "table",
    [
        """
0 Jane  PROPN NNP compound 2 _     B-ORG
1 Q.    PROPN NNP compound 2 _     I-ORG
2 Doe   PROPN NNP nsubj    6 _     I-ORG
3 ,     PUNCT ,   punct    2 _     O
4 47    NUM   CD  appos    2 _     B-DATE
5 ,     PUNCT ,   punct    2 _     O
6 left  VERB  VBD ROOT     6 leave O
7 .     PUNCT .   punct    6 _     O
""",
        """
0 Doe       PROPN NNP nsubj 5 _         B-ORG
1 ,         PUNCT ,   punct 0 _         O
2 a         DET   DT  det   3 _         O
3 professor NOUN  NN  appos 0 _         O
4 ,         PUNCT ,   punct 5 _         O
5 died      VERB  VBD ROOT  5 die       O
6 .         PUNCT .   punct 5 _         O
""",
    ],
)
def test_an_age_or_a_role_in_apposition_makes_a_person(table):
    x = run(make_doc(table))
    (entity,) = [e for e in x.entities if e.names]
    assert entity.kind is EntityKind.PERSON


def test_a_country_is_no_fragment_of_a_person_s_name():
    x = run(
        make_doc("""
0 Yisrael PROPN NNP compound 1 _     B-PERSON
1 Tal     PROPN NNP nsubj    2 _     I-PERSON
2 visited VERB  VBD ROOT     2 visit O
3 Israel  PROPN NNP dobj     2 _     B-GPE
4 .       PUNCT .   punct    2 _     O
""")
    )
    assert named(x, "Israel").kind is EntityKind.PLACE  # "Israel" folds like "Yisrael"


def test_a_dateline_names_its_place_state_and_agency():
    x = run(
        make_doc("""
0 DAYTON PROPN NNP   ROOT  0 _ B-ORG
1 ,      PUNCT ,     punct 0 _ O
2 Ohio   PROPN NNP   conj  0 _ B-GPE
3 (      PUNCT -LRB- punct 4 _ O
4 AP     PROPN NNP   appos 2 _ O
5 )      PUNCT -RRB- punct 4 _ O
6 --     PUNCT :     punct 0 _ O
""")
    )
    assert {(e.name, e.kind) for e in x.entities if e.names} == {
        ("DAYTON", EntityKind.PLACE),
        ("Ohio", EntityKind.PLACE),
        ("AP", EntityKind.ORGANIZATION),
    }
    assert [
        r for r in x.relations if r.predicate == "location"
    ] == []  # the agency filed there; it is not based there


def _plain_doc(*sentences: str):
    """A Doc of whitespace-split words, one sentence per argument (no parse needed)."""
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    words = [w for s in sentences for w in s.split()]
    starts = [i == 0 for s in sentences for i, _ in enumerate(s.split())]
    return Doc(Vocab(), words=words, sent_starts=starts)


def test_sentence_of_is_token_sent_from_a_table():
    from kg.extract.context import sentence_of

    doc = _plain_doc("Russian troops withdrew from Izium .", "The city was shelled .", "Kyiv said so .")
    assert [sentence_of(t) for t in doc] == [t.sent for t in doc]
    assert sentence_of(doc[-1]).text == "Kyiv said so ."


def test_a_mention_added_twice_or_out_of_order_is_kept_once_and_in_order():
    from kg.extract.context import DocContext

    doc = _plain_doc("Kyiv and Kyiv and Kyiv .")
    x = Extraction(make_article(doc.text), sentences=[])
    x.entities.append(LocalEntity(id=0, kind=EntityKind.PLACE, name="Kyiv"))
    ctx = DocContext(x.article, doc, LEXICON, x)
    for i in (4, 0, 2, 0):
        ctx.add_mention(0, doc[i : i + 1])
    assert [(m.start, m.text) for m in x.entities[0].mentions] == [(0, "Kyiv"), (9, "Kyiv"), (18, "Kyiv")]
