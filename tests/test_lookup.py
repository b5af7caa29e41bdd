"""kg.lookup: one look-up for kg sources, kg view --focus and the pages' search.

Unit tests on a hand-built store, then the command line on the seeds' graph (the four names of
issue 12) and on a hand-written article that introduces a person by a title.
"""

from __future__ import annotations

import pytest
from builders import ArticleGraph, make_store
from rdflib import Dataset
from typer.testing import CliRunner

from kg.cli import app
from kg.lookup import close, fold_key, lookup, name_keys, strip_title
from kg.views import ViewError
from kg.views.network import find_focus
from kg.vocab import KGID, SCHEMA

runner = CliRunner()

ZELENSKY, REZNIKOV, ISW = KGID["person/zelensky"], KGID["person/reznikov"], KGID["organization/isw"]
KHARKIV, KHARKIV_ORG = KGID["place/kharkiv"], KGID["organization/kharkiv-council"]
BROWN, NICK_BROWN = KGID["person/gordon-brown"], KGID["person/nick-brown"]
ATTACK = KGID["event/attack"]


@pytest.fixture(scope="module")
def store():
    ds = Dataset()
    a = ArticleGraph(ds, "aaaaaaaaaaaaaaaa", ["Zelensky spoke."], "One")
    b = ArticleGraph(ds, "bbbbbbbbbbbbbbbb", ["Brown spoke."], "Two")
    for art in (a, b):
        art.entity(ZELENSKY, [SCHEMA.Person], "Volodymyr Zelenskyy", ("Zelensky",))
        art.entity(BROWN, [SCHEMA.Person], "Gordon Brown")
        art.entity(KHARKIV, [SCHEMA.Place], "Kharkiv")
    a.entity(REZNIKOV, [SCHEMA.Person], "Oleksii Reznikov")
    a.entity(ISW, [SCHEMA.Organization], "Institute for the Study of War", ("Study of War",))
    a.entity(NICK_BROWN, [SCHEMA.Person], "Nick Brown")
    a.entity(KHARKIV_ORG, [SCHEMA.Organization], "Kharkiv City Council")
    a.event(ATTACK, "Attack: Russian troops in Kharkiv", place=KHARKIV)
    return make_store(ds)


def test_fold_key_folds_case_accents_punctuation_and_transliteration():
    assert fold_key("Volodymyr Zelenskyy") == fold_key("VOLODYMYR  ZELENSKIY") == "volodimir zelenski"
    assert fold_key("Zelensky's") == "zelenskis" and fold_key("Zelens'kyi") == "zelenski"
    assert fold_key("Kharkiv") == fold_key("Harkiv") and fold_key("Izium") == fold_key("Izyum")
    assert fold_key("Élysée  Palace!") == "elisee palace" and fold_key("'; --") == ""
    assert strip_title(fold_key("the ISW")) == "isw" and strip_title(fold_key("Mr Blair")) == "blair"
    assert strip_title("the") == "the"  # a name is never stripped to nothing


def test_name_keys_give_names_surnames_and_acronyms():
    assert name_keys(["Oleksii Reznikov"], "person") == (["oleksi reznikov"], ["reznikov"])
    assert name_keys(["Institute for the Study of War", "Study of War"], "organization") == (
        ["institute for the studi of war", "studi of war"],
        ["isw", "sw"],
    )
    assert name_keys(["Mr Blair"], "person") == (["mr blair"], ["blair"])
    assert name_keys(["European Union"], "organization") == (["european union"], ["eu"])
    assert name_keys(["Kharkiv"], "place") == (["harkiv"], [])  # one word: no acronym, no surname
    assert name_keys(["Attack: in Kharkiv"], "event") == (["attack in harkiv"], [])


def test_close_spelling_allows_one_edit_from_4_letters_and_two_from_8():
    assert close("reznikof", "reznikov") and close("brwn", "brown")  # 4 letters, 1 edit
    assert close("blar", "blair") and not close("bla", "blair")
    assert close("gordan browne", "gordon brown") and not close("gordan brwnee", "gordon brown")


@pytest.mark.parametrize(
    ("typed", "how", "expected"),
    [
        ("Volodymyr Zelenskyy", "name", [ZELENSKY]),
        ("Zelensky", "name", [ZELENSKY]),  # an alternative label
        ("Zelenskiy", "name", [ZELENSKY]),  # the same name, transliterated otherwise
        ("Reznikov", "short name", [REZNIKOV]),  # a surname
        ("the ISW", "short name", [ISW]),  # an acronym, with "the"
        ("President Zelenskyy", "name", [ZELENSKY]),  # a title
        ("Brown", "short name", [BROWN, NICK_BROWN]),  # two people: most sources first
        ("Kharkiv", "name", [KHARKIV]),
        ("Kharkiv City", "part of a name", [KHARKIV_ORG]),
        ("Khar", "part of a name", [KHARKIV, KHARKIV_ORG, ATTACK]),  # entities, then events
        ("Reznikof", "close spelling", [REZNIKOV]),
        ("Gordan Brwn", "close spelling", [BROWN]),
        (str(REZNIKOV), "iri", [REZNIKOV]),
        ("kgid:person/reznikov", "iri", [REZNIKOV]),
    ],
)
def test_lookup_tiers(store, typed, how, expected):
    found = lookup(store, typed)
    assert (found.how, found.iris) == (how, [str(x) for x in expected])


def test_lookup_reports_kind_and_sources_and_suggests_near_names(store):
    brown = lookup(store, "Brown").matches
    assert [(m.label, m.kind, m.sources) for m in brown] == [
        ("Gordon Brown", "person", 2),
        ("Nick Brown", "person", 1),
    ]
    unknown = lookup(store, "Reznikova Olga")
    assert not unknown and unknown.suggestions[0] == "Oleksii Reznikov"
    assert not lookup(store, "'; --") and not lookup(store, "   ")
    assert lookup(store, "Brown", within={str(NICK_BROWN)}).iris == [str(NICK_BROWN)]


def test_find_focus_uses_the_lookup_and_names_the_nearest(store):
    assert find_focus(store, "Zelenskiy") == [str(ZELENSKY)]
    with pytest.raises(ViewError, match="nearest names: Oleksii Reznikov"):
        find_focus(store, "Reznikova Olga")


# ----------------------------------------------------------- the command line


@pytest.mark.model
@pytest.mark.parametrize(
    ("typed", "label"),
    [
        ("Zelensky", "Volodymyr Zelensky"),
        ("Zelenskyy", "Volodymyr Zelensky"),
        ("Reznikov", "Oleksii Reznikov"),
        ("the ISW", "Institute for the Study of War"),
    ],
)
def test_kg_sources_finds_the_seeds_names(seeds_out, typed, label):
    result = runner.invoke(app, ["sources", "--out", str(seeds_out), typed])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(label + "  <") and "reported by" in result.stdout


@pytest.mark.model
def test_kg_view_focus_and_unknown_names(seeds_out, tmp_path):
    result = runner.invoke(
        app, ["view", "--out", str(seeds_out), "--focus", "Zelenskyy", "-o", str(tmp_path / "z.html")]
    )
    assert result.exit_code == 0, result.output
    assert "focus: Zelenskyy" in (tmp_path / "z.html").read_text(encoding="utf-8")
    result = runner.invoke(app, ["sources", "--out", str(seeds_out), "Reznikv"])
    assert result.exit_code == 0 and "Oleksii Reznikov" in result.stdout  # a close spelling
    result = runner.invoke(app, ["sources", "--out", str(seeds_out), "Oleksandra Reznikova"])
    assert result.exit_code == 2 and "nearest names: Oleksii Reznikov" in result.stderr
    result = runner.invoke(app, ["sources", "--out", str(seeds_out), "Russian"])
    assert result.exit_code == 0 and "nodes match 'Russian' (part of a name)" in result.stdout
    assert "Russian troops  (group, 2 source(s))" in result.stdout


MALIAR = """Ukraine says Russian troops are regrouping near Bakhmut

Deputy Minister of Defense Hanna Maliar said on Monday that Russian troops were regrouping near Bakhmut. \
Maliar added that Ukrainian forces held their positions.
"""


@pytest.mark.model
def test_a_person_introduced_by_a_title_is_found(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "maliar.txt").write_text(MALIAR, encoding="utf-8")
    assert runner.invoke(app, ["build", str(tmp_path / "in"), "--out", str(tmp_path / "out")]).exit_code == 0
    for typed in ("Hanna Maliar", "Maliar", "Deputy Minister of Defense Hanna Maliar"):
        result = runner.invoke(app, ["sources", "--out", str(tmp_path / "out"), typed])
        assert result.exit_code == 0, (typed, result.output)
        assert "Maliar" in result.stdout.splitlines()[0] and "reported by 1 article(s)" in result.stdout
