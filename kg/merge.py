"""Merging: one node per real-world thing across the articles of a build.

Input is the per-article :class:`~kg.model.Extraction` list; output is a
:class:`Resolution` that maps every article-local id to a graph-wide IRI,
with the preferred label of each node.  Every decision is a pure function of
the extractions, taken in article-id order, so the same input gives the same
IRIs.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz
from rdflib import URIRef

from . import iris
from .gazetteer import gazetteer
from .lexicon import EventLexicon, load_event_types
from .lookup import TITLES
from .merge_descriptions import description_nouns, merge_descriptions
from .merge_events import EventInfo, resolve_events
from .model import EntityKind, Extraction, LocalEntity, Status
from .names import fold, given_name_key, is_canonical_variant, org_content_tokens, tokens
from .overrides import Overrides, OverridesError  # noqa: F401 (kg.merge.Overrides, as before)
from .retype import retype

OUTLET = -1  # the local id under which an article's outlet (publisher) is merged


@dataclass
class NodeInfo:
    kind: EntityKind
    label: str
    names: set[str] = field(default_factory=set)
    geonameid: int | None = None
    country: str | None = None
    region_of: int | None = None  # a region named after a city: the city's GeoNames id
    argument: bool = False  # an argument mention: the IRI is its nif:Phrase, not a node
    local: bool = (
        False  # a node of descriptions ("the driver"): one article's, or one story's (merge_descriptions)
    )

    @property
    def article_only(self) -> bool:
        return self.argument or self.local


@dataclass
class Resolution:
    entities: dict[tuple[str, int], URIRef] = field(default_factory=dict)
    entity_info: dict[URIRef, NodeInfo] = field(default_factory=dict)
    events: dict[tuple[str, int], URIRef] = field(default_factory=dict)
    event_info: dict[URIRef, EventInfo] = field(default_factory=dict)
    quotes: dict[tuple[str, int], URIRef] = field(default_factory=dict)
    redirects: dict[URIRef, URIRef] = field(default_factory=dict)  # old IRI -> its node now
    decisions: list[dict] = field(default_factory=list)  # why names became one node (or not)

    def member_iris(self) -> dict[str, str]:
        """Every article-local id with its IRI, to keep IRIs stable in the next build."""
        found = {f"e:{aid}:{lid}": str(iri) for (aid, lid), iri in self.entities.items()}
        found.update({f"v:{aid}:{i}": str(iri) for (aid, i), iri in self.events.items()})
        return found

    def publisher(self, article_id: str) -> URIRef | None:
        """The node of an article's outlet, if the article names one."""
        return self.entities.get((article_id, OUTLET))


def resolve(
    extractions: list[Extraction],
    lexicon: EventLexicon | None = None,
    previous: dict[str, str] | None = None,
    overrides: Overrides | None = None,
) -> Resolution:
    """Assign graph-wide IRIs to the entities, events and quotations of all articles.

    ``previous`` is :meth:`Resolution.member_iris` of an earlier build: a node whose
    earlier members all had one IRI keeps it; when nodes merge, the merged node gets
    a fresh IRI and :attr:`Resolution.redirects` maps the old IRIs to it.
    """
    extractions = retype(sorted(extractions, key=lambda x: x.article.id))
    resolution = Resolution()
    _resolve_entities(extractions, resolution, overrides or Overrides())
    if previous:
        _keep_stable(resolution, resolution.entities, resolution.entity_info, "e", previous)
    _resolve_quotes(extractions, resolution)
    resolve_events(extractions, resolution, lexicon or load_event_types())
    # the reports of one event: their descriptions of one thing become one node (IRI: a digest of its
    # members, the same in one build and in builds that add the articles one by one)
    if merge_descriptions(extractions, resolution, lambda kind, label: NodeInfo(kind, label, local=True)):
        _distinct_after_merge(extractions, resolution)
    if previous:
        _keep_stable(resolution, resolution.events, resolution.event_info, "v", previous)
    return resolution


def _keep_stable(
    resolution: Resolution, members: dict, info: dict, prefix: str, previous: dict[str, str]
) -> None:
    by_node: dict[URIRef, set[URIRef]] = defaultdict(set)
    for (aid, local), iri in members.items():
        old = previous.get(f"{prefix}:{aid}:{local}")
        if old is not None:
            by_node[iri].add(URIRef(old))
    rename: dict[URIRef, URIRef] = {}
    taken = set(info)  # IRIs of live nodes: never redirected, never reused for another node
    for iri in sorted(by_node):
        olds = by_node[iri] - {iri}
        if not olds:
            continue
        if len(by_node[iri]) == 1:  # all earlier members agree: keep their IRI
            (old,) = olds
            if old not in taken:
                rename[iri] = old
                taken.add(old)
                continue
        for old in olds:  # nodes merged: the old IRIs stay valid as owl:sameAs the new one
            if old not in taken:
                resolution.redirects[old] = iri
    for key, iri in list(members.items()):
        members[key] = rename.get(iri, iri)
    for iri, old in rename.items():
        info[old] = info.pop(iri)
    for decision in resolution.decisions:  # merges.json names the node by the IRI it keeps
        node = decision.get("node")
        if node is not None and URIRef(node) in rename:
            decision["node"] = str(rename[URIRef(node)])
    for old, new in list(resolution.redirects.items()):
        resolution.redirects[old] = rename.get(new, new)


# -- entities -----------------------------------------------------------------


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def entity_key(entity: LocalEntity) -> tuple:
    """The identity of an entity before variant matching."""
    if entity.kind is EntityKind.PLACE and entity.geonameid is not None:
        return (entity.kind.value, f"geonames:{entity.geonameid}")
    if entity.kind is EntityKind.PLACE and entity.region_of is not None:
        return (entity.kind.value, f"region:{entity.region_of}")
    if entity.kind is EntityKind.GROUP:
        return (entity.kind.value, entity.country or " ".join(tokens(entity.name)))
    if entity.kind is EntityKind.PERSON:
        return (entity.kind.value, tuple(given_name_key(t) for t in tokens(entity.name)))
    if entity.kind is EntityKind.ORGANIZATION:
        return (entity.kind.value, tuple(sorted(org_content_tokens(entity.name))))
    return (entity.kind.value, tuple(fold(t) for t in tokens(entity.name)))


class _Merger:
    """Union-find over entity keys that records why each union happened."""

    def __init__(self, members: dict, overrides: Overrides) -> None:
        self.members = members
        self.overrides = overrides
        self.uf = _UnionFind()
        self.decisions: list[dict] = []
        for key in members:
            self.uf.find(key)

    def names(self, key) -> set[str]:
        root = self.uf.find(key)
        return {
            n
            for k in self.members
            if self.uf.find(k) == root
            for _, e in self.members[k]
            for n in (*e.names, e.name)
            if n
        }

    def union(self, a, b, rule: str, score: float | None = None) -> bool:
        if self.uf.find(a) == self.uf.find(b):
            return False
        blocked = bool(self.overrides.different) and self.overrides.forbids(self.names(a), self.names(b))
        decision = {
            "rule": rule,
            "kind": a[0],
            "a": _display(self.members[a]),
            "b": _display(self.members[b]),
            "_key": a,
        }
        if score is not None:
            decision["score"] = round(score, 1)
        if blocked:
            decision["blocked_by"] = "override: different"
            self.decisions.append(decision)
            return False
        self.uf.union(a, b)
        self.decisions.append(decision)
        return True


def _display(group: list[tuple[str, LocalEntity]]) -> str:
    return sorted({e.name for _, e in group if e.name} or {""})[0]


def _resolve_entities(extractions: list[Extraction], resolution: Resolution, overrides: Overrides) -> None:
    members: dict[tuple, list[tuple[str, LocalEntity]]] = defaultdict(list)
    local: dict[tuple, list[tuple[str, LocalEntity]]] = defaultdict(list)
    for x in extractions:
        for e in x.entities:
            if e.status is Status.ARGUMENT:  # a mention only: its node is its nif:Phrase
                _argument(resolution, x.article.id, e)
            elif e.status is Status.LOCAL:  # the article's own: never merged by name
                local[(e.kind.value, ("local", x.article.id, e.id))].append((x.article.id, e))
            else:
                members[entity_key(e)].append((x.article.id, e))
        if x.article.outlet and tokens(x.article.outlet):  # the publisher: merged like a name
            outlet = LocalEntity(
                id=OUTLET, kind=EntityKind.ORGANIZATION, name=x.article.outlet, names=[x.article.outlet]
            )
            members[entity_key(outlet)].append((x.article.id, outlet))
    merger = _Merger(members, overrides)
    overrides.apply_same(merger)
    _merge_person_variants(members, merger)
    _merge_person_fragments(members, merger)
    _merge_org_subsets(members, merger)
    _merge_acronyms(members, merger)
    _merge_similar_spellings(members, merger)
    members.update(local)
    uf = merger.uf
    clusters: dict[tuple, list[tuple[str, LocalEntity]]] = defaultdict(list)
    for key in sorted(members, key=repr):
        clusters[uf.find(key)].extend(members[key])
    used: dict[URIRef, tuple] = {}
    for root in sorted(clusters, key=repr):
        group = clusters[root]
        kind = group[0][1].kind
        label = preferred_label(group)
        iri = iris.entity_iri(kind.value, iris.name_key(label) or iris.digest(repr(root)))
        if iri in used and used[iri] != root:  # same name, different thing
            iri = iris.entity_iri(kind.value, f"{iris.name_key(label)}-{iris.digest(repr(root), length=8)}")
        used[iri] = root
        first = next((e for _, e in group if e.geonameid is not None), group[0][1])
        resolution.entity_info[iri] = NodeInfo(
            kind=kind,
            label=label,
            names={n for _, e in group for n in e.names},
            geonameid=first.geonameid,
            country=first.country,
            local=group[0][1].status is Status.LOCAL,
            region_of=group[0][1].region_of,
        )
        for article_id, e in group:
            resolution.entities[(article_id, e.id)] = iri
    node_of_root = {
        uf.find(members_key): resolution.entities[(group[0][0], group[0][1].id)]
        for members_key, group in members.items()
    }
    for decision in merger.decisions:
        key = decision.pop("_key")
        if key is not None:
            decision["node"] = str(node_of_root[uf.find(key)])
        resolution.decisions.append(decision)
    _distinct_after_merge(extractions, resolution)


def _distinct_after_merge(extractions: list[Extraction], resolution: Resolution) -> None:
    headlines = {x.article.id: x.article.headline for x in extractions}
    first_article = {iri: aid for (aid, _), iri in sorted(resolution.entities.items(), reverse=True)}
    distinct_labels(resolution.entity_info, {n: headlines.get(a, "") for n, a in first_article.items()})


def distinct_labels(info: dict[URIRef, NodeInfo], headlines: dict[URIRef, str]) -> None:
    """No two nodes of one kind share a preferred label: the reader could not tell them apart.

    Two places get their country ("Donetsk, Ukraine" and "Donetsk, Russia"), nodes of one
    article's descriptions the headline of that article ("the driver (Bus crash in ...)");
    what is still shared gets a number, in IRI order.
    """
    by_label: dict[tuple, list[URIRef]] = defaultdict(list)
    for iri, node in info.items():
        if not node.argument:
            by_label[(node.kind, node.label)].append(iri)
    taken = set(by_label)
    for (kind, label), nodes in sorted(by_label.items(), key=lambda kv: (kv[0][0].value, kv[0][1])):
        if len(nodes) < 2:
            continue
        for n, iri in enumerate(sorted(nodes)):
            node = info[iri]
            new = label
            if node.local and headlines.get(iri):
                new = f"{label} ({_short(headlines[iri])})"
            elif kind is EntityKind.PLACE and node.country and (node.geonameid or node.region_of):
                country = gazetteer().countries.get(node.country)
                new = f"{label}, {country.name}" if country else label
            while (kind, new) in taken:
                new = f"{label} ({n + 1})" if new == label else f"{new} ({n + 1})"
            if new != label:
                taken.add((kind, new))
                node.label = new


def _short(headline: str, words: int = 6) -> str:
    cut = headline.split()
    return " ".join(cut[:words]) + (" …" if len(cut) > words else "")


def _argument(resolution: Resolution, article_id: str, e: LocalEntity) -> None:
    """An argument mention stands for itself: events point at its nif:Phrase."""
    span = e.mentions[0]
    iri = iris.mention_iri(article_id, span.start, span.end)
    resolution.entities[(article_id, e.id)] = iri
    resolution.entity_info[iri] = NodeInfo(kind=e.kind, label=span.text, argument=True)


NAME_SUFFIXES = {fold(s) for s in ("jr", "sr", "ii", "iii", "iv")}  # folded: "iii" is "i"


@lru_cache(maxsize=1)
def _person_words() -> frozenset[str]:
    """Words a name may start with that say what someone is, not who: titles ("Dr", "Mayor")
    and the person nouns of kg/data/mention_nouns.tsv ("Comedian Ellen DeGeneres")."""
    nouns = {lemma for lemma, kind in description_nouns().items() if kind == "person"}
    return frozenset(fold(w) for w in nouns | TITLES)


def _first_last(key: tuple) -> tuple[tuple, tuple]:
    """(first name, surname) of a person key and the middle names between them, without titles
    before them or "Jr"/"III" after them."""
    words = list(key[1])
    while len(words) > 2 and words[0] in _person_words():
        words.pop(0)
    while len(words) > 2 and words[-1] in NAME_SUFFIXES:
        words.pop()
    return (words[0], words[-1]), tuple(words[1:-1])


def _merge_person_variants(members: dict, merger: _Merger) -> None:
    """ "Comedian Ellen DeGeneres", "Regina M. Benjamin", "Anthony LaCalamita III" join "Ellen
    DeGeneres", "Regina Benjamin", "Anthony LaCalamita": the same first name and surname, when
    the middle names of all the names so spelled agree (one is the other's initial)."""
    by_pair: dict[tuple, list] = defaultdict(list)
    for key in sorted((k for k in members if k[0] == EntityKind.PERSON.value and len(k[1]) >= 2), key=repr):
        pair, middle = _first_last(key)
        by_pair[pair].append((key, middle))
    for _pair, keys in sorted(by_pair.items()):
        if len(keys) < 2:
            continue
        middles = {m for _, m in keys if m}
        if len({tuple(w[0] for w in m) for m in middles}) > 1:
            continue  # "John A. Smith" and "John B. Smith": two people, "John Smith" either
        for key, _ in keys[1:]:
            merger.union(keys[0][0], key, "person name: the same first name and surname")


def _merge_person_fragments(members: dict, merger: _Merger) -> None:
    """ "Zelensky" joins "Volodymyr Zelensky" when only one full name has that surname."""
    people = [k for k in members if k[0] == EntityKind.PERSON.value]
    by_name: dict[str, list] = defaultdict(list)  # first or last name -> full names
    for f in people:
        if len(f[1]) >= 2:
            for part in {f[1][0], f[1][-1]}:
                by_name[part].append(f)
    context = None
    for key in people:
        if len(key[1]) == 1:
            owners = by_name.get(key[1][0], [])
            if len({merger.uf.find(o) for o in owners}) == 1:
                merger.union(key, owners[0], "name fragment: the only full name with this surname")
            elif len(owners) > 1:
                context = context or _Cooccurrence(members)
                scored = sorted(((len(context[key] & context[o]), repr(o), o) for o in owners), reverse=True)
                (best, _, owner), (second, _, _) = scored[0], scored[1]
                if best >= CONTEXT_MIN_SHARED and best > second:
                    merger.union(
                        key,
                        owner,
                        "name fragment: the full name seen with the same people, places and organisations",
                        best,
                    )


CONTEXT_MIN_SHARED = 2  # other entities two names must share to be read as one person


class _Cooccurrence:
    """Entity key -> the keys of the other entities in the articles that mention it, worked out
    for the keys asked about only (a country named in thousands of articles has a large set)."""

    def __init__(self, members: dict):
        self.members = members
        self.by_article: dict[str, set] = defaultdict(set)
        for key, group in members.items():
            for aid, _ in group:
                self.by_article[aid].add(key)
        self.found: dict[tuple, set] = {}

    def __getitem__(self, key: tuple) -> set:
        if key not in self.found:
            self.found[key] = {k for aid, _ in self.members[key] for k in self.by_article[aid]} - {key}
        return self.found[key]


def _merge_org_subsets(members: dict, merger: _Merger) -> None:
    """ "The Study of War" joins "Institute for the Study of War" (unique superset)."""
    orgs = [k for k in members if k[0] == EntityKind.ORGANIZATION.value]
    by_word: dict[str, set] = defaultdict(set)
    for key in orgs:
        for word in key[1]:
            by_word[word].add(key)
    for small in orgs:
        words = set(small[1])
        if len(words) < 2:
            continue
        candidates = set.intersection(*(by_word[w] for w in words))
        supersets = sorted((big for big in candidates if words < set(big[1])), key=repr)
        if len({merger.uf.find(b) for b in supersets}) == 1:
            merger.union(small, supersets[0], "organisation name within the only longer name")


def _merge_acronyms(members: dict, merger: _Merger) -> None:
    """ "ISW" joins "Institute for the Study of War" when that is the only expansion."""
    orgs = [k for k in members if k[0] == EntityKind.ORGANIZATION.value]
    expansions: dict[str, list] = defaultdict(list)
    for key in orgs:
        for _, e in members[key]:
            initials = "".join(w[0] for w in e.name.split() if w[:1].isupper())
            if len(initials) >= 2:
                expansions[initials.lower()].append(key)
    for key in orgs:
        names = {e.name for _, e in members[key]}
        for name in names:
            if len(name) >= 2 and name.isupper() and " " not in name:
                targets = {merger.uf.find(k) for k in expansions.get(name.lower(), []) if k != key}
                if len(targets) == 1:
                    target = next(k for k in expansions[name.lower()] if k != key)
                    merger.union(key, target, "acronym of the only name with these initials")


FUZZY_THRESHOLD = 90.0  # rapidfuzz ratio of folded spellings (Balakliya/Balakleya: 94)
FUZZY_MIN_LENGTH = 6  # shorter names are too easily confused (Sumy/Suma)


def _merge_similar_spellings(members: dict, merger: _Merger) -> None:
    """Spelling variants the folding misses: blocking on the first letters, rapidfuzz scoring.

    Places the gazetteer identified are merged by GeoNames id instead; people need equal
    (or variant) given names and similar surnames.
    """
    blocks: dict[tuple, list] = defaultdict(list)
    for key in members:
        kind = key[0]
        if kind == EntityKind.PLACE.value and not str(key[1]).startswith(("geonames:", "region:")):
            text = key[1] if isinstance(key[1], str) else " ".join(key[1])
        elif kind == EntityKind.PERSON.value and len(key[1]) >= 2:
            text = key[1][-1]
        else:
            continue
        if len(text) >= FUZZY_MIN_LENGTH:
            blocks[(kind, text[:2])].append((key, text))
    for block in blocks.values():
        block.sort(key=lambda kt: repr(kt[0]))
        for i, (a, text_a) in enumerate(block):
            for b, text_b in block[i + 1 :]:
                if a[0] == EntityKind.PERSON.value and a[1][:-1] != b[1][:-1]:
                    continue  # two people who share a surname stay apart
                if len(text_a.split()) != len(text_b.split()):
                    continue  # "Kharkiv" vs "Kharkiv region": a city is not its region
                score = fuzz.ratio(text_a, text_b)
                if score >= FUZZY_THRESHOLD:
                    merger.union(a, b, "similar spelling (rapidfuzz ratio of folded names)", score)


def preferred_label(group: list[tuple[str, LocalEntity]]) -> str:
    """The name to show: canonical spelling, fullest, most used, then alphabetical.

    A region named after a city is called by its region name ("Donetsk Oblast"), the one
    its articles give most often.
    """
    if group[0][1].region_of is not None:
        spelled = Counter(e.name for _, e in group)
        return min(spelled, key=lambda n: (-spelled[n], n))
    counts: Counter[str] = Counter()
    for _, e in group:
        for m in e.mentions:
            if m.text in e.names:
                counts[m.text] += 1
        for n in e.names:
            counts[n] += 0
    if not counts:
        return group[0][1].name
    gaz_names = set()
    for _, e in group:
        if e.geonameid is not None:
            gaz_names |= {g.name for g in gazetteer().lookup(e.name) if g.geonameid == e.geonameid}

    person = group[0][1].kind is EntityKind.PERSON

    def rank(name: str):
        words = name.split()
        return (
            name not in gaz_names,
            person and len(words) > 2 and fold(words[0].rstrip(".")) in _person_words(),  # "Comedian X Y"
            -len(words),
            not all(is_canonical_variant(w) for w in words),
            -counts[name],
            name,
        )

    return min(counts, key=rank)


# -- quotations ---------------------------------------------------------------


def _resolve_quotes(extractions: list[Extraction], resolution: Resolution) -> None:
    for x in extractions:
        for index, quote in enumerate(x.quotes):
            speaker = resolution.entities[(x.article.id, quote.speaker)]
            key = iris.digest(str(speaker), iris.name_key(quote.text))
            resolution.quotes[(x.article.id, index)] = iris.quotation_iri(key)
