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
from datetime import date

from rdflib import URIRef

from . import iris
from .gazetteer import gazetteer
from .lexicon import EventLexicon, load_event_types
from .model import EntityKind, EventMention, Extraction, LocalEntity
from .names import fold, given_name_key, is_canonical_variant, org_content_tokens, tokens

EVENT_DATE_WINDOW_DAYS = 7  # two reports of one event lie at most this far apart
OUTLET = -1  # the local id under which an article's outlet (publisher) is merged


@dataclass
class NodeInfo:
    kind: EntityKind
    label: str
    names: set[str] = field(default_factory=set)
    geonameid: int | None = None
    country: str | None = None


@dataclass
class EventInfo:
    type: str
    label: str


@dataclass
class Resolution:
    entities: dict[tuple[str, int], URIRef] = field(default_factory=dict)
    entity_info: dict[URIRef, NodeInfo] = field(default_factory=dict)
    events: dict[tuple[str, int], URIRef] = field(default_factory=dict)
    event_info: dict[URIRef, EventInfo] = field(default_factory=dict)
    quotes: dict[tuple[str, int], URIRef] = field(default_factory=dict)

    def publisher(self, article_id: str) -> URIRef | None:
        """The node of an article's outlet, if the article names one."""
        return self.entities.get((article_id, OUTLET))


def resolve(extractions: list[Extraction], lexicon: EventLexicon | None = None) -> Resolution:
    """Assign graph-wide IRIs to the entities, events and quotations of all articles."""
    extractions = sorted(extractions, key=lambda x: x.article.id)
    resolution = Resolution()
    _resolve_entities(extractions, resolution)
    _resolve_events(extractions, resolution, lexicon or load_event_types())
    _resolve_quotes(extractions, resolution)
    return resolution


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
    if entity.kind is EntityKind.GROUP:
        return (entity.kind.value, entity.country or " ".join(tokens(entity.name)))
    if entity.kind is EntityKind.PERSON:
        return (entity.kind.value, tuple(given_name_key(t) for t in tokens(entity.name)))
    if entity.kind is EntityKind.ORGANIZATION:
        return (entity.kind.value, tuple(sorted(org_content_tokens(entity.name))))
    return (entity.kind.value, tuple(fold(t) for t in tokens(entity.name)))


def _resolve_entities(extractions: list[Extraction], resolution: Resolution) -> None:
    members: dict[tuple, list[tuple[str, LocalEntity]]] = defaultdict(list)
    for x in extractions:
        for e in x.entities:
            members[entity_key(e)].append((x.article.id, e))
        if x.article.outlet and tokens(x.article.outlet):  # the publisher: merged like a name
            outlet = LocalEntity(id=OUTLET, kind=EntityKind.ORGANIZATION, name=x.article.outlet,
                                 names=[x.article.outlet])
            members[entity_key(outlet)].append((x.article.id, outlet))
    uf = _UnionFind()
    for key in members:
        uf.find(key)
    _merge_person_fragments(members, uf)
    _merge_org_subsets(members, uf)

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
            kind=kind, label=label, names={n for _, e in group for n in e.names},
            geonameid=first.geonameid, country=first.country)
        for article_id, e in group:
            resolution.entities[(article_id, e.id)] = iri


def _merge_person_fragments(members: dict, uf: _UnionFind) -> None:
    """"Zelensky" joins "Volodymyr Zelensky" when only one full name has that surname."""
    people = [k for k in members if k[0] == EntityKind.PERSON.value]
    full = [k for k in people if len(k[1]) >= 2]
    for key in people:
        if len(key[1]) == 1:
            owners = [f for f in full if key[1][0] in (f[1][-1], f[1][0])]
            if len({uf.find(o) for o in owners}) == 1:
                uf.union(key, owners[0])


def _merge_org_subsets(members: dict, uf: _UnionFind) -> None:
    """"The Study of War" joins "Institute for the Study of War" (unique superset)."""
    orgs = [k for k in members if k[0] == EntityKind.ORGANIZATION.value]
    for small in orgs:
        words = set(small[1])
        if len(words) < 2:
            continue
        supersets = [big for big in orgs if big != small and words < set(big[1])]
        if len({uf.find(b) for b in supersets}) == 1:
            uf.union(small, supersets[0])


def preferred_label(group: list[tuple[str, LocalEntity]]) -> str:
    """The name to show: canonical spelling, fullest, most used, then alphabetical."""
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

    def rank(name: str):
        words = name.split()
        return (
            name not in gaz_names,
            -len(words),
            not all(is_canonical_variant(w) for w in words),
            -counts[name],
            name,
        )

    return min(counts, key=rank)


# -- events -------------------------------------------------------------------

@dataclass
class _EventCluster:
    type: str
    place: URIRef | None
    actors: set[str]
    patients: set[URIRef]
    dates: set[str]
    identity: tuple = ()
    members: list[tuple[str, int]] = field(default_factory=list)
    agents: list[URIRef] = field(default_factory=list)

    @property
    def articles(self) -> set[str]:
        return {aid for aid, _ in self.members}


def _actor_key(resolution: Resolution, iri: URIRef) -> str:
    """A nation's forces and the nation itself act as one actor in events."""
    info = resolution.entity_info[iri]
    if info.kind is EntityKind.GROUP and info.country:
        return f"nation:{info.country}"
    if info.kind is EntityKind.PLACE and info.country and info.geonameid is not None:
        entry = gazetteer().countries.get(info.country)
        if entry is not None and entry.geonameid == info.geonameid:
            return f"nation:{info.country}"
    return str(iri)


def _event_date(event: EventMention, published: str | None) -> str | None:
    if event.time is not None and event.time.date:
        return event.time.date
    return published[:10] if published else None


def _dates_close(a: set[str], b: set[str]) -> bool:
    if not a or not b:
        return True
    days = [abs((date.fromisoformat(x) - date.fromisoformat(y)).days) for x in a for y in b]
    return min(days) <= EVENT_DATE_WINDOW_DAYS


def _resolve_events(extractions: list[Extraction], resolution: Resolution,
                    lexicon: EventLexicon) -> None:
    """One node per event: same type, same place, compatible actors, close dates."""
    pending = []
    for x in extractions:
        aid = x.article.id
        for index, ev in enumerate(x.events):
            agents = [resolution.entities[(aid, a)] for a in ev.agents]
            pending.append((aid, index, ev, agents,
                            {resolution.entities[(aid, p)] for p in ev.patients},
                            [resolution.entities[(aid, p)] for p in ev.places],
                            _event_date(ev, x.article.published)))
    # events with a place found clusters first; the others join them where they fit
    pending.sort(key=lambda p: (not p[5], p[0], p[2].trigger.start))
    clusters: list[_EventCluster] = []
    identities: set[tuple] = set()
    for aid, index, ev, agents, patients, places, day in pending:
        actors = {_actor_key(resolution, a) for a in agents}
        dates = {day} if day else set()
        place = places[0] if places else None
        cluster = _find_cluster(clusters, ev.type, aid, place, actors, patients, dates)
        if cluster is None:
            identity = (ev.type, str(place or ""), *sorted(actors), *sorted(map(str, patients)),
                        *sorted(dates))
            if not (place or actors or patients):
                identity += (aid,)  # a bare mention is merged only within its article
            if identity in identities:
                identity += (f"{aid}:{ev.trigger.start}",)
            identities.add(identity)
            cluster = _EventCluster(ev.type, place, set(), set(), set(), identity)
            clusters.append(cluster)
        cluster.members.append((aid, index))
        cluster.actors |= actors
        cluster.patients |= patients
        cluster.dates |= dates
        cluster.agents += [a for a in agents if a not in cluster.agents]

    for cluster in clusters:
        place_label = resolution.entity_info[cluster.place].label if cluster.place else ""
        key = "-".join(filter(None, [iris.name_key(cluster.type), iris.name_key(place_label),
                                     iris.digest(*map(str, cluster.identity), length=10)]))
        iri = iris.event_iri(key)
        resolution.event_info[iri] = EventInfo(type=cluster.type,
                                               label=_event_label(cluster, resolution, lexicon))
        for member in cluster.members:
            resolution.events[member] = iri


def _find_cluster(clusters, event_type, aid, place, actors, patients, dates):
    same_type = [c for c in clusters if c.type == event_type and _dates_close(c.dates, dates)]
    if place is not None:
        for c in same_type:
            if c.place == place and (not actors or not c.actors or actors & c.actors):
                return c
        return None
    if actors or patients:
        fits = [c for c in same_type
                if (actors & c.actors) or (not actors and patients & c.patients)]
        return fits[0] if len(fits) == 1 else None
    in_article = [c for c in same_type if aid in c.articles]
    return in_article[0] if len(in_article) == 1 else None


def _event_label(cluster: _EventCluster, resolution: Resolution, lexicon: EventLexicon) -> str:
    label = lexicon.labels.get(cluster.type, cluster.type)
    agents = ", ".join(resolution.entity_info[a].label for a in cluster.agents[:2])
    place = resolution.entity_info[cluster.place].label if cluster.place else ""
    parts = [p for p in (agents, f"in {place}" if place else "") if p]
    return f"{label}: {' '.join(parts)}" if parts else label


# -- quotations ---------------------------------------------------------------

def _resolve_quotes(extractions: list[Extraction], resolution: Resolution) -> None:
    for x in extractions:
        for index, quote in enumerate(x.quotes):
            speaker = resolution.entities[(x.article.id, quote.speaker)]
            key = iris.digest(str(speaker), iris.name_key(quote.text))
            resolution.quotes[(x.article.id, index)] = iris.quotation_iri(key)
