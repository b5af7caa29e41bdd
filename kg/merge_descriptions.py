"""Descriptions across the reports of one story: "the driver" of two reports of one crash.

Called by :func:`kg.merge.resolve` once entities and events have their nodes. An article's
own things (its article-local nodes and argument mentions: "a 61-year-old man ... he", "the
pirates") are never merged by their words alone. Two of them in different articles become
one node only when the two articles report one story (a merged event in common, and at least
:data:`STORY_MIN_SHARED` named things besides, countries apart), and

- they fill the same role of one merged event (the agent of the one Arrest in both reports,
  the patient of the one Shooting), each the only one of its kind in that role in its
  article, with the same head noun or two heads that both say what a thing is ("company",
  "group": kg/data/mention_nouns.tsv); or
- they have the same head noun in the same number ("pirates", "the 26 pirates"),

and they agree (:func:`agree`): both refer (no "any", "other", "no" ...), one kind, one
number, no two genders, no two different numbers or ages, and with one head the words before
it of one are among the other's ("the driver", "the drunk driver").

A merged node keeps its descriptions as ``gaf:denotedBy``; it is labelled by the description
most of its reports use. Two things of one article never become one node: the article told
them apart. Every merge is recorded (``merges.json``) with its rule. A description never joins
a named node of another article (docs/rdf-contract.md says why).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache
from importlib import resources
from typing import Protocol

from rdflib import URIRef

from . import iris
from .merge_events import EVENT_CONTEXT_MIN_SHARED, actor_key
from .model import EntityKind, Extraction, LocalEntity

ROLE_RULE = "description: the same role of the same event, in two reports of it"
HEAD_RULE = "description: the same head noun and attributes, in two reports of one story"
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
    story = _Story(events_of, _named_context(extractions, resolution))
    union = _Union({key: {key[0]} for key in local})
    _by_role(extractions, resolution, local, union, story)
    _by_head(local, story, union)
    return _write(resolution, local, union, node_info)


# named things (countries apart) two reports of one story share besides the event: as many as
# event merging asks of two articles of one story (merge_events.EVENT_CONTEXT_MIN_SHARED)
STORY_MIN_SHARED = EVENT_CONTEXT_MIN_SHARED


def _named_context(extractions: list[Extraction], resolution) -> dict[str, set]:
    """Each article's named nodes, countries apart."""
    found: dict[str, set] = {}
    for x in extractions:
        nodes = {resolution.entities[(x.article.id, e.id)] for e in x.entities}
        found[x.article.id] = {
            n
            for n in nodes
            if not resolution.entity_info[n].article_only
            and not actor_key(resolution, n).startswith("nation:")
        }
    return found


class _Story:
    """Whether two articles report one story: a merged event in common, and named things."""

    def __init__(self, events_of: dict[str, set], named: dict[str, set]) -> None:
        self.events_of = events_of
        self.named = named

    def __call__(self, a: str, b: str) -> bool:
        if a == b or not self.events_of.get(a, set()) & self.events_of.get(b, set()):
            return False
        return len(self.named.get(a, set()) & self.named.get(b, set())) >= STORY_MIN_SHARED


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


def _by_role(extractions: list[Extraction], resolution: _Nodes, local: dict, union: _Union, story) -> None:
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
                ea, eb = local[a], local[b]
                if not story(a[0], b[0]):
                    continue
                if head_word(ea.name) == head_word(eb.name):
                    fits = agree(ea, eb)
                else:  # "a little-known shell company", "a previously unknown group": both say what
                    fits = _known(ea) and _known(eb) and agree(ea, eb, same_head=False)
                if fits:
                    union.union(a, b, ROLE_RULE)


def _by_head(local: dict, story, union: _Union) -> None:
    """Same kind, head word and attributes, in two articles that share a merged event."""
    groups: dict[tuple, list] = defaultdict(list)
    for key in sorted(local):
        e = local[key]
        head = head_word(e.name)
        if head and head not in _DETERMINERS:
            groups[(e.kind, head)].append(key)
    for (_kind, _head), keys in sorted(groups.items(), key=repr):
        # only two articles with a merged event in common can tell one story: the pairs tried
        # are those, in the order of every pair (the unions depend on their order)
        sharing: dict = defaultdict(list)  # merged event -> positions of the keys of its articles
        for j, key in enumerate(keys):
            for event in story.events_of.get(key[0], ()):
                sharing[event].append(j)
        for i, a in enumerate(keys):
            later = sorted({j for event in story.events_of.get(a[0], ()) for j in sharing[event] if j > i})
            for b in (keys[j] for j in later):
                if not story(a[0], b[0]):
                    continue
                if not agree(local[a], local[b]):
                    continue
                union.union(a, b, HEAD_RULE)


def agree(a: LocalEntity, b: LocalEntity, same_head: bool = True) -> bool:
    """Two descriptions that may be one thing: both refer (no "any", "other", "no" ...), one
    number (singular or plural), no two genders, no two different numbers or ages; with the
    same head, the words before it of one are among the other's ("the driver", "the drunk
    driver"; not "EU member states", "Deep South states")."""
    if not _refers(a) or not _refers(b):
        return False
    if is_plural(a) != is_plural(b) or {gender(a), gender(b)} == {"f", "m"}:
        return False
    if same_head:
        ours, theirs = modifiers(a.name), modifiers(b.name)
        return ours <= theirs or theirs <= ours
    ours, theirs = attributes(a.name), attributes(b.name)
    return not ours or not theirs or bool(ours & theirs)


# words that make a description quantify, not refer: "any other car", "no EU member state"
QUANTIFIERS = {
    "other", "another", "any", "no", "some", "all", "many", "most", "such", "each", "every",
    "only", "both", "several", "few", "more", "less", "fewer", "various", "certain",
}  # fmt: skip


def _words(name: str) -> list[str]:
    words = re.split(r"[\s\-‐–]+", name.replace("’", "'").lower())
    return [w[:-2] if w.endswith("'s") else w for w in words if w]


def modifiers(name: str) -> set[str]:
    """The words of a description before its head, without determiners ("a 61-year-old
    Vancouver man" -> 61, year, old, vancouver)."""
    return {w for w in _words(name)[:-1] if w not in _DETERMINERS}


def _refers(e: LocalEntity) -> bool:
    return not QUANTIFIERS & set(_words(e.name))


@lru_cache(maxsize=1)
def description_nouns() -> dict[str, str]:
    """Head nouns of descriptions and their kind (person, organization, place, product):
    kg/data/mention_nouns.tsv, as the mention layer reads it."""
    table: dict[str, str] = {}
    text = resources.files("kg.data").joinpath("mention_nouns.tsv").read_text("utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            lemma, kind, *_ = line.split("\t")
            table[lemma.strip()] = kind.strip()
    return table


def _known(e: LocalEntity) -> bool:
    """Whether a description's head is a noun that says what a thing is ("company", "driver")."""
    head, nouns = head_word(e.name), description_nouns()
    singular = [head, head[:-1], head[:-2], head[:-3] + "y"] if head.endswith("s") else [head]
    return any(w in nouns for w in singular) or head in {"men", "women", "people", "children"}


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
