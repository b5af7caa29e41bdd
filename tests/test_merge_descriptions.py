"""Descriptions across the reports of one event (kg/merge_descriptions.py), on hand-built extractions."""

from __future__ import annotations

from builders import ArticleBuilder

from kg.merge import resolve
from kg.merge_descriptions import agree, attributes, head_word
from kg.model import EntityKind, LocalEntity, Status

PERSON, ORG = EntityKind.PERSON, EntityKind.ORGANIZATION
LOCAL, ARGUMENT = Status.LOCAL, Status.ARGUMENT


def _described(builder: ArticleBuilder, kind: EntityKind, text: str, *more: str, status=LOCAL) -> int:
    """An article-local thing (or an argument mention) described by ``text`` (and ``more``)."""
    entity = builder.entity(kind, mentions=[(text,), *((m,) for m in more)])
    builder.x.entities[entity].name = text
    builder.x.entities[entity].status = status
    return entity


def _report(text: str, description: str, *more: str, status=LOCAL, trigger: str = "arrested"):
    """A report of an arrest by a police force the article names, with a described suspect;
    every report also names the store (two named things in common: one story)."""
    b = ArticleBuilder(text + " It happened at Mall of America.", "2009-05-01")
    police = b.entity(ORG, "Bloomington Police")
    b.entity(ORG, "Mall of America")
    suspect = _described(b, PERSON, description, *more, status=status)
    b.event(trigger, "Arrest", agents=[police], patients=[suspect])
    return b, suspect


def test_descriptions_of_one_role_of_one_event_become_one_node():
    a, sa = _report("Bloomington Police arrested a 32-year-old man. He was held.", "a 32-year-old man", "He")
    b, sb = _report("Bloomington Police arrested a driver. The driver was drunk.", "a driver", "The driver")
    r = resolve([a.x, b.x])
    assert r.events[(a.aid, 0)] == r.events[(b.aid, 0)]  # one arrest, reported twice
    node = r.entities[(a.aid, sa)]
    assert node == r.entities[(b.aid, sb)]
    info = r.entity_info[node]
    assert info.local and not info.argument and info.kind is PERSON
    assert any(d["rule"].startswith("description: the same role") for d in r.decisions)


def test_an_argument_mention_joins_a_description_of_the_same_head():
    a, sa = _report("Bloomington Police arrested the driver.", "the driver", status=ARGUMENT)
    b, sb = _report("Bloomington Police arrested the drunk driver. He was held.", "the drunk driver", "He")
    c = ArticleBuilder("The driver fled Mall of America. Bloomington Police arrested him.", "2009-05-01")
    police = c.entity(ORG, "Bloomington Police")
    c.entity(ORG, "Mall of America")
    driver = _described(c, PERSON, "The driver", "him")
    c.event("arrested", "Arrest", agents=[police])  # the suspect is not the event's patient here
    r = resolve([a.x, b.x, c.x])
    node = r.entities[(a.aid, sa)]
    assert node == r.entities[(b.aid, sb)] == r.entities[(c.aid, driver)]
    assert not r.entity_info[node].argument  # a node now, no longer a mention only
    assert r.entity_info[node].label == "the drunk driver"  # the fullest of the most used
    assert any(d["rule"].startswith("description: the same head noun") for d in r.decisions)


def test_descriptions_of_articles_that_share_no_event_stay_apart():
    a, sa = _report("Bloomington Police arrested the driver.", "the driver")
    b = ArticleBuilder("The driver crashed in Lyon. The driver died.", "2009-05-01")
    sb = _described(b, PERSON, "The driver", "The driver")
    b.event("crashed", "Accident", agents=[sb])
    r = resolve([a.x, b.x])
    assert r.entities[(a.aid, sa)] != r.entities[(b.aid, sb)]
    assert r.entity_info[r.entities[(b.aid, sb)]].local


def test_one_event_in_common_is_not_yet_one_story():
    a, sa = _report("Bloomington Police arrested the driver.", "the driver")
    b = ArticleBuilder("Bloomington Police arrested the driver. The driver was drunk.", "2009-05-01")
    police = b.entity(ORG, "Bloomington Police")  # the only named thing the two reports share
    sb = _described(b, PERSON, "the driver", "The driver")
    b.event("arrested", "Arrest", agents=[police], patients=[sb])
    r = resolve([a.x, b.x])
    assert r.events[(a.aid, 0)] == r.events[(b.aid, 0)]
    assert r.entities[(a.aid, sa)] != r.entities[(b.aid, sb)]


def test_two_things_of_one_article_never_become_one():
    a, sa = _report("Bloomington Police arrested a man. He was held.", "a man", "He")
    b = ArticleBuilder(
        "Bloomington Police arrested a man. Another man fled. The man hid at Mall of America.", "2009-05-01"
    )
    police = b.entity(ORG, "Bloomington Police")
    b.entity(ORG, "Mall of America")
    first = _described(b, PERSON, "a man")
    second = _described(b, PERSON, "Another man", "The man")
    b.event("arrested", "Arrest", agents=[police], patients=[first])
    r = resolve([a.x, b.x])
    assert r.entities[(a.aid, sa)] == r.entities[(b.aid, first)]  # the arrested one: same role
    assert r.entities[(b.aid, second)] != r.entities[(b.aid, first)]


def test_descriptions_that_disagree_in_gender_number_or_age_stay_apart():
    a, sa = _report("Bloomington Police arrested a 61-year-old man.", "a 61-year-old man")
    b, sb = _report("Bloomington Police arrested a 25-year-old man.", "a 25-year-old man")
    c, sc = _report("Bloomington Police arrested a woman. She was held.", "a woman", "She")
    d, sd = _report("Bloomington Police arrested three people.", "three people")
    e, se = _report("Bloomington Police arrested a Michigan man.", "a Michigan man")
    f, sf = _report("Bloomington Police arrested some other man.", "some other man")
    reports = ((a, sa), (b, sb), (c, sc), (d, sd), (e, se), (f, sf))
    r = resolve([x.x for x, _ in reports])
    assert len({r.entities[(x.aid, s)] for x, s in reports}) == 6


def test_head_words_and_attributes_of_descriptions():
    assert head_word("the 12 Somali and 11 Yemeni suspects") == "suspects"
    assert head_word("the driver’s") == "driver"
    assert attributes("A 61-year-old Vancouver man") == {"61-year-old"}

    def thing(name: str) -> LocalEntity:
        return LocalEntity(id=0, kind=PERSON, name=name, status=LOCAL)

    assert agree(thing("the pirates"), thing("26 Somali pirates"))
    assert not agree(thing("the pirate"), thing("the pirates"))
    assert not agree(thing("the woman"), thing("the man"))
    assert not agree(thing("23 pirates"), thing("26 pirates"))
    assert agree(thing("the driver"), thing("the drunk driver"))
    assert not agree(thing("EU member states"), thing("Deep South states"))
    assert not agree(thing("the driver"), thing("any other driver"))
