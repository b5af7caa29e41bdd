"""The mention layer and the typing cues, on hand-built Docs (see tests/test_extract_units.py
for the table format), and how argument mentions reach the RDF."""

from __future__ import annotations

from builders import ArticleBuilder, make_doc, mention_texts, named, run

from kg.merge import resolve
from kg.model import EntityKind, Status
from kg.nlp import ModelInfo
from kg.rdf import Activity, article_quads
from kg.vocab import GAF, KG, NIF, RDF, RDFS, SEM

MALIAR_SAID = """
0 Deputy   PROPN NNP nmod     1 _    O
1 Minister PROPN NNP nmod     5 _    O
2 of       ADP   IN  prep     1 _    O
3 Defense  PROPN NNP pobj     2 _    B-ORG
4 Hanna    PROPN NNP compound 5 _    I-ORG
5 Maliar   PROPN NNP nsubj    6 _    I-ORG
6 said     VERB  VBD ROOT     6 say  O
7 troops   NOUN  NNS nsubj    8 troop O
8 advanced VERB  VBD ccomp    6 advance O
9 .        PUNCT .   punct    6 _    O
"""


def test_a_person_introduced_by_title_and_department_is_the_person():
    x = run(make_doc(MALIAR_SAID))
    maliar = named(x, "Hanna Maliar")
    assert maliar.kind is EntityKind.PERSON
    assert maliar.cue
    assert not [e for e in x.entities if e.kind is EntityKind.ORGANIZATION]


def test_an_organisation_word_outweighs_the_person_tag():
    x = run(
        make_doc("""
0 Acme  PROPN NNP compound 1 _   B-PERSON
1 Corp  PROPN NNP nsubj    2 _   I-PERSON
2 fell  VERB  VBD ROOT     2 fall O
3 .     PUNCT .   punct    2 _   O
""")
    )
    assert named(x, "Acme Corp").kind is EntityKind.ORGANIZATION


SOCCER_HEADLINE = """
0 SOCCER PROPN NNP ROOT  0 soccer O
1 -      PUNCT :   punct 0 _      O
2 RESULT NOUN  NN  appos 0 result O
3 \\n    SPACE _SP dep   2 _      O
"""


def test_a_city_in_a_teams_slot_is_a_club_and_a_country_stays_a_place():
    x = run(
        make_doc(
            SOCCER_HEADLINE,
            """
0 Leeds   PROPN NNP nsubj 1 _    B-GPE
1 beat    VERB  VBD ROOT  1 beat O
2 Chelsea PROPN NNP dobj  1 _    B-GPE
3 .       PUNCT .   punct 1 _    O
""",
            """
0 Romania   PROPN NNP nsubj 1 _    B-GPE
1 beat      VERB  VBD ROOT  1 beat O
2 Lithuania PROPN NNP dobj  1 _    B-GPE
3 .         PUNCT .   punct 1 _    O
""",
        )
    )
    assert named(x, "Leeds").kind is EntityKind.ORGANIZATION
    assert named(x, "Chelsea").kind is EntityKind.ORGANIZATION
    assert named(x, "Romania").kind is EntityKind.PLACE  # a national team: a place, as CoNLL has it


def test_a_city_outside_a_sports_report_stays_a_place():
    x = run(
        make_doc("""
0 Leeds   PROPN NNP nsubj 1 _    B-GPE
1 beat    VERB  VBD ROOT  1 beat O
2 Chelsea PROPN NNP dobj  1 _    B-GPE
3 .       PUNCT .   punct 1 _    O
""")
    )
    assert named(x, "Leeds").kind is EntityKind.PLACE


def test_a_capitalised_dateline_is_a_place():
    x = run(
        make_doc(
            """
0 BELGRADE   PROPN NNP ROOT  0 _ O
1 1996-08-30 NUM   CD  nummod 0 _ B-DATE
2 \\n        SPACE _SP dep   1 _ O
""",
            """
0 Talks NOUN  NNS nsubj 1 talk O
1 ended VERB  VBD ROOT  1 end  O
2 .     PUNCT .   punct 1 _    O
""",
        )
    )
    assert named(x, "BELGRADE").kind is EntityKind.PLACE


def test_a_possessive_with_a_modifier_letter_apostrophe_is_cut_from_the_name():
    x = run(
        make_doc("""
0 Kupiansk PROPN NNP poss  2 _       B-ORG
1 ʼs       PART  POS case  0 _       O
2 centre   NOUN  NN  nsubj 3 _       O
3 fell     VERB  VBD ROOT  3 fall    O
4 .        PUNCT .   punct 3 _       O
""")
    )
    kupiansk = named(x, "Kupiansk")
    assert (kupiansk.kind, kupiansk.names) == (EntityKind.PLACE, ["Kupiansk"])


# -- descriptions and pronouns -----------------------------------------------------

ZELENSKY_SPOKE = """
0 Volodymyr PROPN NNP compound 1 _     B-PERSON
1 Zelensky  PROPN NNP nsubj    2 _     I-PERSON
2 spoke     VERB  VBD ROOT     2 speak O
3 .         PUNCT .   punct    2 _     O
"""


def test_he_is_the_person_of_the_sentence_before_and_his_too():
    x = run(
        make_doc(
            ZELENSKY_SPOKE,
            """
0 He       PRON PRP  nsubj 1 he     O
1 thanked  VERB VBD  ROOT  1 thank  O
2 his      PRON PRP$ poss  3 his    O
3 soldiers NOUN NNS  dobj  1 soldier O
4 .        PUNCT .   punct 1 _      O
""",
        )
    )
    zelensky = named(x, "Volodymyr Zelensky")
    assert mention_texts(zelensky) == ["Volodymyr Zelensky", "He", "his"]


def test_she_is_not_a_man_the_article_called_he():
    x = run(
        make_doc(
            ZELENSKY_SPOKE,
            """
0 He    PRON PRP nsubj 1 he   O
1 left  VERB VBD ROOT  1 leave O
2 .     PUNCT .  punct 1 _    O
""",
            """
0 She   PRON PRP nsubj 1 she  O
1 stayed VERB VBD ROOT 1 stay O
2 .     PUNCT .  punct 1 _    O
""",
        )
    )
    assert mention_texts(named(x, "Volodymyr Zelensky")) == ["Volodymyr Zelensky", "He"]


def test_its_is_the_organisation_and_the_company_too():
    x = run(
        make_doc(
            """
0 Apple PROPN NNP nsubj 1 _      B-ORG
1 cut   VERB  VBD ROOT  1 cut    O
2 its   PRON  PRP$ poss 3 its    O
3 prices NOUN NNS dobj  1 price  O
4 .     PUNCT .   punct 1 _      O
""",
            """
0 The     DET  DT  det   1 the     O
1 company NOUN NN  nsubj 2 company O
2 grew    VERB VBD ROOT  2 grow    O
3 .       PUNCT .  punct 2 _       O
""",
        )
    )
    assert mention_texts(named(x, "Apple")) == ["Apple", "its", "The company"]


def test_a_described_man_mentioned_again_is_a_local_entity_and_who_is_him():
    x = run(
        make_doc(
            """
0 A        DET   DT  det   2 a       O
1 young    ADJ   JJ  amod  2 young   O
2 man      NOUN  NN  nsubj 5 man     O
3 who      PRON  WP  nsubj 4 who     O
4 fled     VERB  VBD relcl 2 flee    O
5 was      AUX   VBD ROOT  5 be      O
6 arrested VERB  VBN acomp 5 arrest  O
7 .        PUNCT .   punct 5 _       O
""",
            """
0 The  DET  DT  det   1 the  O
1 man  NOUN NN  nsubj 2 man  O
2 wept VERB VBD ROOT  2 weep O
3 .    PUNCT .  punct 2 _    O
""",
        )
    )
    (man,) = [e for e in x.entities if e.status is Status.LOCAL]
    assert man.kind is EntityKind.PERSON
    assert man.name == "A young man"  # its fullest description
    assert mention_texts(man) == ["A young man", "who", "The man"]


def test_a_description_mentioned_once_is_an_argument_mention_that_resolve_answers_for():
    from builders import make_article

    from kg.extract import DocContext
    from kg.extract.entities import extract_entities
    from kg.extract.mentions import extract_mentions
    from kg.lexicon import load_event_types
    from kg.model import Extraction

    doc = make_doc("""
0 Police NOUN  NNS nsubj 1 police O
1 found  VERB  VBD ROOT  1 find   O
2 a      DET   DT  det   3 a      O
3 car    NOUN  NN  dobj  1 car    O
4 .      PUNCT .   punct 1 _      O
""")
    article = make_article(doc.text)
    ctx = DocContext(article, doc, load_event_types(), Extraction(article, []))
    extract_entities(ctx)
    extract_mentions(ctx)
    police, car = (ctx.entity(ctx.resolve(doc[i])) for i in (0, 3))
    assert (police.kind, police.status, police.name) == (EntityKind.ORGANIZATION, Status.ARGUMENT, "Police")
    assert (car.kind, car.status, mention_texts(car)) == (EntityKind.PRODUCT, Status.ARGUMENT, ["a car"])
    assert ctx.resolve(doc[1]) is None


def test_an_argument_mention_is_a_phrase_the_event_points_at():
    b = ArticleBuilder("A 32-year-old man attacked Kharkiv.")
    man = b.entity(EntityKind.PERSON, mentions=[("A 32-year-old man",)])
    b.x.entities[man].status = Status.ARGUMENT
    b.event("attacked", "Attack", agents=[man], places=[b.kharkiv()])
    r = resolve([b.x])
    quads = article_quads(b.x, r, Activity("2026-01-01T00:00:00Z", ModelInfo("m", "m", "1", "3.8")))
    triples = {(s, p, o) for s, p, o, _ in quads}
    phrase = r.entities[(b.aid, man)]
    assert str(phrase).endswith("#char=0,17")
    assert (phrase, RDF.type, NIF.Phrase) in triples
    assert {str(o) for s, p, o in triples if s == phrase and p == RDFS.label} == {"A 32-year-old man"}
    assert {str(o) for s, p, o in triples if s == phrase and p == KG.extractor} == {"entities/nominal"}
    event = r.events[(b.aid, 0)]
    assert (event, KG.agent, phrase) in triples and (event, SEM.hasActor, phrase) in triples
    assert not [t for t in triples if t[1] == GAF.denotedBy and t[2] == phrase]  # no node of its own
