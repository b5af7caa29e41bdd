"""kg.merge.resolve on hand-built Extraction values (no spaCy, no model)."""

from __future__ import annotations

import random

import pytest
from builders import KHARKIV_ID, ArticleBuilder

from kg.lexicon import load_event_types
from kg.merge import resolve
from kg.model import EntityKind, Extraction

LEXICON = load_event_types()


def iri_of(r, doc: ArticleBuilder, local_id: int):
    return r.entities[(doc.aid, local_id)]


# -- entities ---------------------------------------------------------------------------


def test_transliterated_given_name_and_bare_surname_merge_under_the_canonical_label():
    a = ArticleBuilder("Vladimir Zelensky spoke in Kyiv on Monday.")
    za = a.entity(EntityKind.PERSON, "Vladimir Zelensky")
    b = ArticleBuilder("Volodymyr Zelensky visited the front. Zelensky thanked the troops.")
    zb = b.entity(EntityKind.PERSON, "Volodymyr Zelensky", "Zelensky")
    c = ArticleBuilder("Zelensky addressed parliament.")
    zc = c.entity(EntityKind.PERSON, "Zelensky")
    r = resolve([a.x, b.x, c.x], LEXICON)
    iri = iri_of(r, a, za)
    assert iri_of(r, b, zb) == iri == iri_of(r, c, zc)
    assert str(iri).endswith("/person/volodymyr-zelensky")
    info = r.entity_info[iri]
    assert info.kind is EntityKind.PERSON
    assert info.label == "Volodymyr Zelensky"
    assert info.names == {"Vladimir Zelensky", "Volodymyr Zelensky", "Zelensky"}
    assert len(r.entity_info) == 1


def test_canonical_spelling_wins_even_when_the_variant_is_more_frequent():
    a = ArticleBuilder("Vladimir Zelensky spoke. Vladimir Zelensky left. Vladimir Zelensky returned.")
    za = a.entity(
        EntityKind.PERSON, "Vladimir Zelensky", mentions=[("Vladimir Zelensky", 1), ("Vladimir Zelensky", 2)]
    )
    b = ArticleBuilder("Volodymyr Zelensky visited the front.")
    b.entity(EntityKind.PERSON, "Volodymyr Zelensky")
    r = resolve([a.x, b.x], LEXICON)
    assert r.entity_info[iri_of(r, a, za)].label == "Volodymyr Zelensky"


def test_two_people_sharing_a_surname_stay_apart_and_the_bare_surname_stays_alone():
    a = ArticleBuilder("Andriy Yermak met envoys in Kyiv.")
    andriy = a.entity(EntityKind.PERSON, "Andriy Yermak")
    b = ArticleBuilder("Oleh Yermak spoke to reporters.")
    oleh = b.entity(EntityKind.PERSON, "Oleh Yermak")
    c = ArticleBuilder("Yermak declined to comment.")
    bare = c.entity(EntityKind.PERSON, "Yermak")
    r = resolve([a.x, b.x, c.x], LEXICON)
    iris = {iri_of(r, a, andriy), iri_of(r, b, oleh), iri_of(r, c, bare)}
    assert len(iris) == 3
    assert r.entity_info[iri_of(r, a, andriy)].label == "Andriy Yermak"
    assert r.entity_info[iri_of(r, b, oleh)].label == "Oleh Yermak"
    assert r.entity_info[iri_of(r, c, bare)].label == "Yermak"


def test_a_bare_surname_joins_the_one_full_name_that_has_it():
    a = ArticleBuilder("Andrii Yermak met envoys in Kyiv.")
    andrii = a.entity(EntityKind.PERSON, "Andrii Yermak")
    c = ArticleBuilder("Yermak declined to comment.")
    bare = c.entity(EntityKind.PERSON, "Yermak")
    r = resolve([a.x, c.x], LEXICON)
    assert iri_of(r, a, andrii) == iri_of(r, c, bare)
    assert r.entity_info[iri_of(r, c, bare)].label == "Andrii Yermak"


@pytest.mark.parametrize("full", ["Andriy Yermak", "Oleksiy Reznikov", "Vladimir Zelensky"])
def test_a_full_name_in_a_variant_spelling_still_beats_the_bare_surname(full):
    surname = full.split()[1]
    d = ArticleBuilder(f"{full} met envoys in Kyiv. {surname} declined to comment.")
    person = d.entity(EntityKind.PERSON, full, surname)
    r = resolve([d.x], LEXICON)
    assert r.entity_info[iri_of(r, d, person)].label == full


def test_the_study_of_war_joins_the_institute_for_the_study_of_war():
    a = ArticleBuilder("The Institute for the Study of War said the offensive had stalled.")
    isw = a.entity(EntityKind.ORGANIZATION, "Institute for the Study of War")
    b = ArticleBuilder("The Study of War underlined that the offensive had stalled.")
    short = b.entity(EntityKind.ORGANIZATION, "The Study of War")
    r = resolve([a.x, b.x], LEXICON)
    iri = iri_of(r, a, isw)
    assert iri_of(r, b, short) == iri
    assert r.entity_info[iri].label == "Institute for the Study of War"
    assert str(iri).endswith("/organization/institute-for-the-study-of-war")


def test_an_organization_subset_with_two_supersets_is_not_merged():
    a = ArticleBuilder("The Institute for the Study of War said so.")
    isw = a.entity(EntityKind.ORGANIZATION, "Institute for the Study of War")
    b = ArticleBuilder("The Center for the Study of War disagreed.")
    csw = b.entity(EntityKind.ORGANIZATION, "Center for the Study of War")
    c = ArticleBuilder("The Study of War underlined it.")
    short = c.entity(EntityKind.ORGANIZATION, "The Study of War")
    r = resolve([a.x, b.x, c.x], LEXICON)
    assert len({iri_of(r, a, isw), iri_of(r, b, csw), iri_of(r, c, short)}) == 3


def test_kharkov_and_kharkiv_with_one_geonameid_are_one_place_labelled_as_the_gazetteer_does():
    a = ArticleBuilder("Shelling hit Kharkov. Kharkov was dark.")
    ka = a.entity(EntityKind.PLACE, "Kharkov", mentions=[("Kharkov", 1)], geonameid=KHARKIV_ID, country="UA")
    b = ArticleBuilder("Residents returned to Kharkiv.")
    kb = b.kharkiv()
    r = resolve([a.x, b.x], LEXICON)
    iri = iri_of(r, a, ka)
    assert iri_of(r, b, kb) == iri
    info = r.entity_info[iri]
    assert (info.kind, info.geonameid, info.country) == (EntityKind.PLACE, KHARKIV_ID, "UA")
    assert info.label == "Kharkiv"  # the gazetteer's name, though "Kharkov" is used more
    assert info.names == {"Kharkiv", "Kharkov"}
    assert str(iri).endswith("/place/kharkiv")


def test_same_name_different_kind_gives_different_iris():
    a = ArticleBuilder("Kharkiv was shelled.")
    place = a.kharkiv()
    b = ArticleBuilder("Striker Kharkiv signed for the club.")
    person = b.entity(EntityKind.PERSON, "Kharkiv")
    b.x.entities[person].cue = True  # a title says so: the corpus's places do not overrule it
    r = resolve([a.x, b.x], LEXICON)
    assert iri_of(r, a, place) != iri_of(r, b, person)


def test_a_name_most_evidence_calls_a_place_is_a_place_in_every_article():
    a = ArticleBuilder("Kharkiv was shelled.")
    place = a.kharkiv()
    b = ArticleBuilder("Kharkov was quiet.")
    person = b.entity(EntityKind.PERSON, "Kharkov")  # the model's label alone
    c = ArticleBuilder("Shelling hit Kharkiv again.")
    c.kharkiv()
    r = resolve([a.x, b.x, c.x], LEXICON)
    assert iri_of(r, b, person) == iri_of(r, a, place)
    assert r.entity_info[iri_of(r, a, place)].kind is EntityKind.PLACE
    assert b.x.entities[person].kind is EntityKind.PERSON  # the article's own record is kept


def test_one_weak_vote_against_one_does_not_retype():
    a = ArticleBuilder("Jordan spoke.")
    a.entity(EntityKind.PERSON, "Jordan")
    b = ArticleBuilder("Jordan signed.")
    org = b.entity(EntityKind.ORGANIZATION, "Jordan")
    r = resolve([a.x, b.x], LEXICON)
    assert r.entity_info[iri_of(r, b, org)].kind is EntityKind.ORGANIZATION


# -- events -----------------------------------------------------------------------------


def _withdrawal(
    text: str, published: str | None, group: str = "Russian troops"
) -> tuple[ArticleBuilder, int]:
    d = ArticleBuilder(text, published)
    g = d.group(group, "RU")
    k = d.kharkiv()
    return d, d.event(
        "pulled back" if "pulled back" in text else "withdrew", "Withdrawal", agents=[g], places=[k]
    )


def test_one_event_reported_by_two_articles_is_one_node():
    a, ea = _withdrawal("Russian troops pulled back from Kharkiv.", "2022-05-15")
    b, eb = _withdrawal(
        "Russian forces withdrew from Kharkiv, officials said.", "2022-05-16", group="Russian forces"
    )
    r = resolve([a.x, b.x], LEXICON)
    iri = r.events[(a.aid, ea)]
    assert r.events[(b.aid, eb)] == iri
    assert len(r.event_info) == 1
    info = r.event_info[iri]
    assert info.type == "Withdrawal"
    group = r.entities[(a.aid, 0)]
    assert r.entities[(b.aid, 0)] == group
    assert r.entity_info[group].label == "Russian forces"  # a tie in use: alphabetical
    assert info.label == "Withdrawal: Russian forces in Kharkiv"
    assert "/event/withdrawal-kharkiv-" in str(iri)


def test_a_nation_and_its_forces_are_one_actor_in_events():
    a, ea = _withdrawal("Russian troops pulled back from Kharkiv.", "2022-05-15")
    b = ArticleBuilder("Russia withdrew from Kharkiv.", "2022-05-15")
    russia = b.entity(EntityKind.PLACE, "Russia", geonameid=2017370, country="RU")
    eb = b.event("withdrew", "Withdrawal", agents=[russia], places=[b.kharkiv()])
    r = resolve([a.x, b.x], LEXICON)
    assert r.events[(a.aid, ea)] == r.events[(b.aid, eb)]


def test_same_type_and_place_with_disjoint_actors_are_two_events():
    a, ea = _withdrawal("Russian troops pulled back from Kharkiv.", "2022-05-15")
    b = ArticleBuilder("Ukrainian troops pulled back from Kharkiv.", "2022-05-15")
    eb = b.event(
        "pulled back", "Withdrawal", agents=[b.group("Ukrainian troops", "UA")], places=[b.kharkiv()]
    )
    r = resolve([a.x, b.x], LEXICON)
    assert r.events[(a.aid, ea)] != r.events[(b.aid, eb)]


def test_same_type_and_place_thirty_days_apart_are_two_events():
    a, ea = _withdrawal("Russian troops pulled back from Kharkiv.", "2022-05-15")
    b, eb = _withdrawal("Russian troops pulled back from Kharkiv again.", "2022-06-14")
    r = resolve([a.x, b.x], LEXICON)
    assert r.events[(a.aid, ea)] != r.events[(b.aid, eb)]
    assert len(r.event_info) == 2


def test_a_normalised_event_time_overrides_the_publication_date():
    a, ea = _withdrawal("Russian troops pulled back from Kharkiv.", "2022-05-15")
    b = ArticleBuilder("Russian troops withdrew from Kharkiv on May 14, weeks ago.", "2022-06-14")
    when = b.time("May 14", "2022-05-14")
    eb = b.event(
        "withdrew", "Withdrawal", agents=[b.group("Russian troops", "RU")], places=[b.kharkiv()], time=when
    )
    r = resolve([a.x, b.x], LEXICON)
    assert r.events[(a.aid, ea)] == r.events[(b.aid, eb)]


def test_bare_events_merge_within_an_article_but_not_across_articles():
    text = "Fighting continued. The fighting was heavy."
    a = ArticleBuilder(text, "2022-05-15")
    e1 = a.event("Fighting", "Fighting")
    e2 = a.event("fighting", "Fighting")
    r = resolve([a.x], LEXICON)
    assert r.events[(a.aid, e1)] == r.events[(a.aid, e2)]

    b = ArticleBuilder("Fighting went on all night.", "2022-05-15")
    eb = b.event("Fighting", "Fighting")
    r = resolve([a.x, b.x], LEXICON)
    assert r.events[(a.aid, e1)] == r.events[(a.aid, e2)]
    assert r.events[(b.aid, eb)] != r.events[(a.aid, e1)]
    assert len(r.event_info) == 2
    assert {i.label for i in r.event_info.values()} == {"Fighting"}


# -- quotations -------------------------------------------------------------------------


def test_the_same_words_of_the_same_speaker_are_one_quotation():
    a = ArticleBuilder("“We will win,” Zelensky said.")
    za = a.entity(EntityKind.PERSON, "Zelensky")
    qa = a.quote(["“We will win,”"], za)
    b = ArticleBuilder('Volodymyr Zelensky said: "we will WIN".')
    zb = b.entity(EntityKind.PERSON, "Volodymyr Zelensky")
    qb = b.quote(['"we will WIN"'], zb)
    assert a.x.quotes[qa].text == "We will win" and b.x.quotes[qb].text == "we will WIN"
    r = resolve([a.x, b.x], LEXICON)
    assert r.quotes[(a.aid, qa)] == r.quotes[(b.aid, qb)]


def test_the_same_words_of_different_speakers_are_two_quotations():
    a = ArticleBuilder("“We will win,” Zelensky said.")
    qa = a.quote(["“We will win,”"], a.entity(EntityKind.PERSON, "Zelensky"))
    b = ArticleBuilder("“We will win,” Reznikov said.")
    qb = b.quote(["“We will win,”"], b.entity(EntityKind.PERSON, "Reznikov"))
    r = resolve([a.x, b.x], LEXICON)
    assert r.quotes[(a.aid, qa)] != r.quotes[(b.aid, qb)]


# -- determinism ------------------------------------------------------------------------


def _corpus() -> list[Extraction]:
    docs = []
    a = ArticleBuilder("Vladimir Zelensky said Russian troops pulled back from Kharkov.", "2022-05-15")
    z = a.entity(EntityKind.PERSON, "Vladimir Zelensky")
    g = a.group("Russian troops", "RU")
    k = a.entity(EntityKind.PLACE, "Kharkov", geonameid=KHARKIV_ID, country="UA")
    a.event("pulled back", "Withdrawal", agents=[g], places=[k])
    a.quote(["Russian troops pulled back from Kharkov"], z)
    docs.append(a)
    b = ArticleBuilder("Volodymyr Zelensky visited Kharkiv. Zelensky said fighting continued.", "2022-05-16")
    z = b.entity(EntityKind.PERSON, "Volodymyr Zelensky", "Zelensky")
    b.kharkiv()
    b.event("fighting", "Fighting")
    b.quote(["fighting continued"], z)
    docs.append(b)
    c = ArticleBuilder(
        "The Study of War said fighting continued. Andriy Yermak and Yermak agreed.", "2022-05-16"
    )
    c.entity(EntityKind.ORGANIZATION, "The Study of War")
    c.event("fighting", "Fighting")
    c.entity(EntityKind.PERSON, "Andriy Yermak")
    docs.append(c)
    d = ArticleBuilder(
        "The Institute for the Study of War said Russian forces withdrew from Kharkiv. Oleh Yermak spoke.",
        "2022-06-20",
    )
    isw = d.entity(EntityKind.ORGANIZATION, "Institute for the Study of War")
    g = d.group("Russian forces", "RU")
    d.event("withdrew", "Withdrawal", agents=[g], places=[d.kharkiv()])
    d.quote(["Russian forces withdrew from Kharkiv"], isw)
    d.entity(EntityKind.PERSON, "Oleh Yermak")
    docs.append(d)
    e = ArticleBuilder("Yermak declined to comment. Fighting raged.", "2022-05-16")
    e.entity(EntityKind.PERSON, "Yermak")
    e.event("Fighting", "Fighting")
    docs.append(e)
    return [d.x for d in docs]


def test_resolve_does_not_depend_on_the_order_of_its_input():
    corpus = _corpus()
    expected = resolve(corpus, LEXICON)
    # Zelensky, Russian forces, Kharkiv, ISW, and three Yermaks (two full names, one bare)
    assert len(set(expected.entities.values())) == 7
    rng = random.Random(20260101)
    for _ in range(8):
        shuffled = corpus[:]
        rng.shuffle(shuffled)
        got = resolve(shuffled, LEXICON)
        assert got.entities == expected.entities
        assert got.entity_info == expected.entity_info
        assert got.events == expected.events
        assert got.event_info == expected.event_info
        assert got.quotes == expected.quotes


def test_resolve_is_a_pure_function_of_its_input():
    first = resolve(_corpus(), LEXICON)
    again = resolve(_corpus(), LEXICON)
    assert (first.entities, first.events, first.quotes) == (again.entities, again.events, again.quotes)
