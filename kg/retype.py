"""Typing decided over the whole corpus: a name that most evidence calls a Place is a Place in
every article.

Each article types its names alone (:mod:`kg.extract.entities`: NER, gazetteer, titles,
organisation words, sports slots). Here every article's vote is counted per name, the name
folded so that transliteration variants ("Balakleya", "Balakliia") and possessives count as
one. A vote weighs its number of name mentions, doubled when it rests on more than the
model's label: a place the gazetteer identified, a region, a name of two words or more,
a title, an organisation word or a team's slot. An entity
whose own evidence is weak (one word, no gazetteer identity) takes the kind that has at
least twice its kind's weight, and a place's GeoNames identity with it.

:func:`retype` runs at the start of :func:`kg.merge.resolve`, before entity keys are made,
and ``kg eval ner`` calls it over the evaluated documents, so both see what a build writes.
It returns new records; the ones on disk keep each article's own reading.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from functools import lru_cache

from .gazetteer import gazetteer
from .model import EntityKind, Extraction, LocalEntity, Status
from .names import place_fold

MAJORITY = 2.0  # the winning kind's weight must be at least this many times the entity's own
RETYPED = (EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.PLACE)


def _key(entity: LocalEntity) -> str | None:
    """The name, folded; a place the gazetteer knows by any of its names is one key
    ("Kharkov" and "Kharkiv")."""
    keys = {_name_key(name) for name in entity.names} - {""}
    return keys.pop() if len(keys) == 1 else None


@lru_cache(maxsize=100_000)
def _name_key(name: str) -> str:
    entries = gazetteer().lookup(name)
    return f"geonames:{entries[0].geonameid}" if entries else place_fold(name)


def _strong(entity: LocalEntity) -> bool:
    if entity.cue:
        return True
    if entity.kind is EntityKind.PLACE:
        return entity.geonameid is not None or entity.region_of is not None
    return len(entity.name.split()) > 1


def _weight(entity: LocalEntity) -> float:
    names = set(entity.names)
    mentions = sum(1 for m in entity.mentions if m.text in names) or 1
    return mentions * (2.0 if _strong(entity) else 1.0)


def retype(extractions: list[Extraction]) -> list[Extraction]:
    """The extractions with every weakly typed named entity given its name's corpus-wide kind."""
    votes: dict[str, dict[EntityKind, float]] = defaultdict(lambda: defaultdict(float))
    places: dict[str, Counter] = defaultdict(Counter)  # name -> (geonameid, country) of its places
    for x in extractions:
        for e in x.entities:
            if e.status is not Status.NAMED or e.kind not in RETYPED:
                continue
            if e.kind is EntityKind.PERSON and len(e.name.split()) > 1:  # "Bill Clinton" votes for "Clinton"
                votes[_name_key(e.name.split()[-1])][e.kind] += _weight(e)
            key = _key(e)
            if key is None:
                continue
            votes[key][e.kind] += _weight(e)
            if e.kind is EntityKind.PLACE and e.geonameid is not None:
                places[key][(e.geonameid, e.country)] += 1
    out = []
    for x in extractions:
        changed = {}
        for e in x.entities:
            if e.status is not Status.NAMED or e.kind not in RETYPED or _strong(e):
                continue
            key = _key(e)
            if key is None or len(votes[key]) < 2:
                continue
            kind, weight = max(votes[key].items(), key=lambda kv: (kv[1], kv[0].value))
            if kind is e.kind or weight < MAJORITY * votes[key][e.kind]:
                continue
            geo = min(places[key].items(), key=lambda kv: (-kv[1], kv[0]))[0] if places[key] else (None, None)
            if kind is EntityKind.PLACE:
                changed[e.id] = dataclasses.replace(e, kind=kind, geonameid=geo[0], country=geo[1])
            else:
                changed[e.id] = dataclasses.replace(e, kind=kind, geonameid=None)
        if changed:
            x = dataclasses.replace(x, entities=[changed.get(e.id, e) for e in x.entities])
        out.append(x)
    return out
