"""Descriptions across the reports of one story: "the driver" of two reports of one crash.

Called by :func:`kg.merge.resolve` once entities and events have their nodes. An article's
own things (its article-local nodes and argument mentions: "a 61-year-old man ... he", "the
pirates") are never merged by their words alone. Two of them in different articles become
one node only when the two articles report the same merged event, and

- they fill the same role of that event (the agent of the one Arrest in both reports, the
  patient of the one Shooting), both of one kind; or
- they have the same head word (the same noun in the same number: "pirates", "the 26
  pirates") and one kind, and no number, age or other attribute of theirs differs.

A merged node keeps its descriptions as ``gaf:denotedBy``; it is labelled by its most used
fullest description. Two things of one article never become one node: the article told them
apart. Every merge is recorded (``merges.json``) with its rule.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Protocol

from rdflib import URIRef

from . import iris
from .model import EntityKind, Extraction, LocalEntity

ROLE_RULE = "description: the same role of the same event, in two reports of it"
HEAD_RULE = "description: the same head noun and attributes, in two reports of one event"
# words of a description that say which of several things it is: two descriptions that carry
# different ones ("the 61-year-old man", "a 25-year-old man") are two things
_NUMBER = re.compile(r"\d")
_DETERMINERS = {"a", "an", "the", "this", "that", "these", "those", "his", "her", "its", "their", "our"}


class _Nodes(Protocol):
    entities: dict
    entity_info: dict
    events: dict
    decisions: list


def head_word(name: str) -> str:
    """The head of a description: its last word, lower-cased, without a possessive."""
    words = name.replace("’", "'").split()
    if not words:
        return ""
    last = words[-1].lower()
    return last[:-2] if last.endswith("'s") else last.rstrip("'")


def attributes(name: str) -> set[str]:
    """The words of a description that are numbers or ages ("61-year-old", "26")."""
    return {w.lower() for w in name.split() if _NUMBER.search(w)}


def merge_descriptions(extractions: list[Extraction], resolution: _Nodes, node_info) -> bool:
    """Merge the article-local things of the reports of one event (see the module docstring);
    ``node_info(kind, label)`` makes the NodeInfo of a merged node. True if any merged."""
    local: dict[tuple[str, int], LocalEntity] = {}
    for x in extractions:
        for e in x.entities:
            iri = resolution.entities.get((x.article.id, e.id))
            if iri is not None and resolution.entity_info[iri].article_only:
                local[(x.article.id, e.id)] = e
    if not local:
        return False
    events_of: dict[str, set[URIRef]] = defaultdict(set)
    for (aid, _), iri in resolution.events.items():
        events_of[aid].add(iri)
    union = _Union({key: {key[0]} for key in local})
    _by_role(extractions, resolution, local, union)
    _by_head(local, events_of, union)
    return _write(resolution, local, union, node_info)


class _Union:
    """Union-find whose sets never hold two things of one article."""

    def __init__(self, articles: dict) -> None:
        self.parent: dict = {}
        self.articles = articles
        self.rules: list[tuple] = []

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b, rule: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb or self.articles[ra] & self.articles[rb]:
            return False
        keep, drop = min(ra, rb), max(ra, rb)
        self.parent[drop] = keep
        self.articles[keep] = self.articles[keep] | self.articles.pop(drop)
        self.rules.append((a, b, rule))
        return True


def _by_role(extractions: list[Extraction], resolution: _Nodes, local: dict, union: _Union) -> None:
    """The article-local fillers of one role of one merged event, one per report."""
    fillers: dict[tuple, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for x in extractions:
        aid = x.article.id
        for index, ev in enumerate(x.events):
            event = resolution.events[(aid, index)]
            slots = [("agent", ev.agents), ("patient", ev.patients), *sorted(ev.roles.items())]
            for role, ids in slots:
                for i in ids:
                    if (aid, i) in local:
                        fillers[(event, role, local[(aid, i)].kind)][aid].add((aid, i))
    for (_event, _role, _kind), by_article in sorted(fillers.items(), key=repr):
        ones = [next(iter(keys)) for aid, keys in sorted(by_article.items()) if len(keys) == 1]
        for i, a in enumerate(ones):
            for b in ones[i + 1 :]:
                if agree(local[a], local[b]):
                    union.union(a, b, ROLE_RULE)


def _by_head(local: dict, events_of: dict[str, set], union: _Union) -> None:
    """Same kind, head word and attributes, in two articles that share a merged event."""
    groups: dict[tuple, list] = defaultdict(list)
    for key in sorted(local):
        e = local[key]
        head = head_word(e.name)
        if head and head not in _DETERMINERS:
            groups[(e.kind, head)].append(key)
    for (_kind, _head), keys in sorted(groups.items(), key=repr):
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                if a[0] == b[0] or not events_of.get(a[0], set()) & events_of.get(b[0], set()):
                    continue
                if not agree(local[a], local[b]):
                    continue
                union.union(a, b, HEAD_RULE)


def agree(a: LocalEntity, b: LocalEntity) -> bool:
    """Two descriptions that may be one thing: one number (singular or plural), no two genders,
    no two different numbers or ages."""
    if is_plural(a) != is_plural(b) or {gender(a), gender(b)} == {"f", "m"}:
        return False
    ours, theirs = attributes(a.name), attributes(b.name)
    return not ours or not theirs or bool(ours & theirs)


PLURAL_HEADS = {"people", "police", "men", "women", "children", "staff", "crew", "personnel"}
MASS_HEADS = {"news", "series", "species", "press", "business", "bus", "gas", "class", "campus", "status"}


def is_plural(e: LocalEntity) -> bool:
    head = head_word(e.name)
    if head in PLURAL_HEADS:
        return True
    return head.endswith("s") and not head.endswith(("ss", "us", "is")) and head not in MASS_HEADS


def gender(e: LocalEntity) -> str | None:
    """ "f" or "m" by the pronouns or the head noun of a description ("the woman ... she")."""
    from .extract.mentions import FEMALE, FEMALE_NOUNS, MALE, MALE_NOUNS

    words = {m.text.lower() for m in e.mentions} | {head_word(e.name)}
    female, male = bool(words & (FEMALE | FEMALE_NOUNS)), bool(words & (MALE | MALE_NOUNS))
    return "f" if female and not male else "m" if male and not female else None


def _write(resolution: _Nodes, local: dict, union: _Union, node_info) -> bool:
    clusters: dict = defaultdict(list)
    for key in sorted(local):
        clusters[union.find(key)].append(key)
    node_of: dict = {}
    replaced: set[URIRef] = set()
    for _root, keys in sorted(clusters.items()):
        if len(keys) < 2:
            continue
        entities = [local[k] for k in keys]
        label = _label(entities)
        kind: EntityKind = Counter(e.kind for e in entities).most_common(1)[0][0]
        members = ",".join(f"{aid}:{e.mentions[0].start}" for (aid, _), e in zip(keys, entities))
        iri = iris.entity_iri(kind.value, f"{iris.name_key(label)}-{iris.digest(members, length=10)}")
        resolution.entity_info[iri] = node_info(kind, label)
        for k in keys:
            replaced.add(resolution.entities[k])
            resolution.entities[k] = iri
            node_of[k] = iri
    for old in replaced - set(resolution.entities.values()):  # a node all of whose members moved
        del resolution.entity_info[old]
    for a, b, rule in union.rules:
        resolution.decisions.append(
            {
                "rule": rule,
                "kind": local[a].kind.value,
                "a": f"{local[a].name} ({a[0]})",
                "b": f"{local[b].name} ({b[0]})",
                "node": str(node_of[a]),
            }
        )
    return bool(node_of)


def _label(entities: list[LocalEntity]) -> str:
    """The description most of the reports use, the fullest on a tie."""
    counts = Counter(e.name for e in entities)
    return min(counts, key=lambda n: (-counts[n], -len(n.split()), n))
