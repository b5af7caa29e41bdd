"""Event merging: one node per real-world event across the mentions of a build.

Called by :func:`kg.merge.resolve` once the entities have their nodes. Mentions are taken
one by one (those with a place first, then by article and position); each joins the best
cluster of its type that it fits, or starts one. A cluster *fits* when its dates lie within
:data:`EVENT_DATE_WINDOW_DAYS`, its place (if both have one) is the mention's, and, when both
name participants (entities that are not one article's descriptions), they share one.
Among the clusters that fit, the mention joins the one with most evidence:

- a shared participant (agent or patient, in either role: "Jackson was arrested" and "the
  arrest of Jackson"; a nation and its forces are one participant), or the same place;
- the same article (within-article coreference: "the earthquake ... the quake" of one
  type, or "the attack" after "the attack on X");
- else, for a mention with no cluster of its place or participants, the same story: a
  cluster of its type in other articles that share at least
  :data:`EVENT_CONTEXT_MIN_SHARED` entities with its own (countries apart), one with the same
  trigger lemma first (the one most articles report), else the one that shares most.

Two statements of one article stay two unless they are the same quotation. Every join is
recorded (``merges.json``) with the rule that allowed it (:data:`EVENT_RULES`).
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from rdflib import URIRef

from . import iris
from .gazetteer import gazetteer
from .lexicon import EventLexicon
from .model import EntityKind, EventMention, Extraction

EVENT_DATE_WINDOW_DAYS = 7  # two reports of one event lie at most this far apart
EVENT_CONTEXT_MIN_SHARED = 2  # entities two articles share for their bare mentions of a type to be one event


class Nodes(Protocol):
    """What event merging reads and writes of a :class:`kg.merge.Resolution`."""

    entities: dict
    entity_info: dict
    events: dict
    event_info: dict
    quotes: dict
    decisions: list


@dataclass
class EventInfo:
    type: str
    label: str


@dataclass
class _EventCluster:
    type: str
    kind: str  # what mentions must share to merge: the type, and a generic type's lemma
    place: URIRef | None
    dates: set[str]
    identity: tuple = ()
    seq: int = 0  # creation order
    members: list[tuple[str, int]] = field(default_factory=list)
    agents: list[URIRef] = field(default_factory=list)
    patient_list: list[URIRef] = field(default_factory=list)  # patients in order of appearance
    places: set[URIRef] = field(default_factory=set)  # every member's place
    participants: set[str] = field(default_factory=set)  # actor keys, article-local nodes too
    named: set[str] = field(default_factory=set)  # actor keys of named participants only
    named_agents: set[str] = field(default_factory=set)
    named_patients: set[str] = field(default_factory=set)
    lemmas: set[str] = field(default_factory=set)  # every member's trigger lemma

    articles: set[str] = field(default_factory=set)  # the members' articles (kept with them)


@dataclass
class _Mention:
    aid: str
    index: int
    event: EventMention
    agents: list[URIRef]  # named agents, in order
    patients: list[URIRef]  # named patients, in order
    place: URIRef | None
    dates: set[str]
    quote: Any
    participants: set[str]  # actor keys of every participant (article-local ones included)
    named: set[str]  # actor keys of the named participants
    named_agents: set[str] = field(default_factory=set)
    named_patients: set[str] = field(default_factory=set)


GENERIC_TYPES = frozenset({"Occurrence"})  # types of events no specific type fits: the lemma tells them apart


def merge_kind(event: EventMention) -> str:
    """What two mentions must share to be one event: their type, and for a generic type their
    lemma too ("foil" and "fall" are both occurrences, never one)."""
    return f"{event.type}:{event.lemma}" if event.type in GENERIC_TYPES else event.type


def actor_key(resolution: Nodes, iri: URIRef) -> str:
    """A nation's forces and the nation itself act as one actor in events."""
    info = resolution.entity_info[iri]
    if info.kind is EntityKind.GROUP and info.country:
        return f"nation:{info.country}"
    if info.kind is EntityKind.PLACE and info.country and info.geonameid is not None:
        entry = gazetteer().countries.get(info.country)
        if entry is not None and entry.geonameid == info.geonameid:
            return f"nation:{info.country}"
    return str(iri)


def event_date(event: EventMention, published: str | None) -> str | None:
    if event.time is not None and event.time.date:
        return event.time.date
    return published[:10] if published else None


def _dates_close(a: set[str], b: set[str]) -> bool:
    if not a or not b:
        return True
    days = [abs((date.fromisoformat(x) - date.fromisoformat(y)).days) for x in a for y in b]
    return min(days) <= EVENT_DATE_WINDOW_DAYS


class _Mentions:
    """The event mentions of a build in the order they are merged: those with a place first (a
    place the gazetteer knows before one it does not), then by article and position; the others
    join their clusters where they fit. Each :class:`_Mention` is made when its turn comes and
    let go after it (a build has hundreds of thousands: made all at once, they would be the
    merge's peak of memory), and an actor's key is one string however often it is used."""

    def __init__(self, extractions: list[Extraction], resolution: Nodes) -> None:
        self.resolution = resolution
        self._keys: dict[URIRef, str] = {}
        order = []
        for x in extractions:
            aid = x.article.id
            for index, ev in enumerate(x.events):
                place = self._place(aid, ev)
                known = place is not None and _where(resolution, place) is not None
                order.append((place is None, not known, aid, ev.trigger.start, index, x, place))
        order.sort(key=lambda o: o[:5])
        self._order = [(x, index, place) for *_, index, x, place in order]

    def _place(self, aid: str, ev: EventMention) -> URIRef | None:
        entities, info = self.resolution.entities, self.resolution.entity_info
        places = [entities[(aid, p)] for p in ev.places]
        places = [p for p in places if not info[p].article_only]
        return places[0] if places else None

    def _key(self, iri: URIRef) -> str:
        key = self._keys.get(iri)
        if key is None:
            key = self._keys[iri] = actor_key(self.resolution, iri)
        return key

    def __iter__(self):
        for x, index, place in self._order:
            yield self._mention(x, index, place)

    def _mention(self, x: Extraction, index: int, place: URIRef | None) -> _Mention:
        resolution, key = self.resolution, self._key
        entities, info = resolution.entities, resolution.entity_info
        aid = x.article.id
        ev = x.events[index]
        said = ev.statement if ev.statement is not None else ev.quote
        every = [entities[(aid, e)] for e in [*ev.agents, *ev.patients]]
        day = event_date(ev, x.article.published)
        agents = [a for a in (entities[(aid, a)] for a in ev.agents) if not info[a].article_only]
        patients = [p for p in sorted({entities[(aid, p)] for p in ev.patients}) if not info[p].article_only]
        m = _Mention(
            aid,
            index,
            ev,
            agents,
            patients,
            place,
            {day} if day else set(),
            resolution.quotes.get((aid, said)) if said is not None else None,
            {key(iri) for iri in every if not info[iri].argument},
            {key(iri) for iri in every if not info[iri].article_only},
        )
        m.named_agents = {key(a) for a in agents}
        m.named_patients = {key(p) for p in patients}
        return m


def resolve_events(extractions: list[Extraction], resolution: Nodes, lexicon: EventLexicon) -> None:
    """One node per event (see the module docstring); fills ``resolution.events``,
    ``event_info`` and the event decisions."""
    clusters: list[_EventCluster] = []
    index_of = _EventIndex(_article_context(extractions, resolution), resolution)
    identities: set[tuple] = set()
    statements: dict[tuple, _EventCluster] = {}
    joins: list[tuple[_EventCluster, str, str, int, str]] = []  # why each mention joined its cluster
    for m in _Mentions(extractions, resolution):
        ev = m.event
        statement = lexicon.top(ev.type) == "Statement"
        quote_key = (ev.type, m.quote, *sorted(m.named))
        cluster, rule = None, ""
        if statement and m.quote is not None:  # the same quotation of one speaker is one statement
            cluster, rule = statements.get(quote_key), EVENT_RULES["statement"]
        if cluster is None:  # two statements of one article are two statements
            cluster, rule = index_of.find(m, elsewhere=statement)
        if cluster is not None:
            joins.append((cluster, rule, m.aid, m.index, ev.trigger.text))
        else:
            identity = (
                merge_kind(ev),
                str(m.place or ""),
                *sorted(k for k in m.named),
                *sorted(m.dates),
            )
            if not (m.place or m.named):
                identity += (m.aid,)  # a bare mention is merged only within its article
            if identity in identities:
                identity += (f"{m.aid}:{ev.trigger.start}",)
            identities.add(identity)
            cluster = _EventCluster(ev.type, merge_kind(ev), m.place, set(), identity, seq=len(clusters))
            clusters.append(cluster)
            if statement and m.quote is not None:
                statements[quote_key] = cluster
        index_of.add(cluster, m)
        cluster.members.append((m.aid, m.index))
        cluster.articles.add(m.aid)
        cluster.dates |= m.dates
        cluster.lemmas.add(ev.lemma)
        cluster.places |= {m.place} if m.place is not None else set()
        cluster.agents += [a for a in m.agents if a not in cluster.agents]
        cluster.patient_list += [p for p in m.patients if p not in cluster.patient_list]
    _name_clusters(clusters, joins, extractions, resolution, lexicon)


def _name_clusters(clusters, joins, extractions, resolution: Nodes, lexicon: EventLexicon) -> None:
    for cluster in clusters:
        place_label = resolution.entity_info[cluster.place].label if cluster.place else ""
        key = "-".join(
            filter(
                None,
                [
                    iris.name_key(cluster.type),
                    iris.name_key(place_label),
                    iris.digest(*map(str, cluster.identity), length=10),
                ],
            )
        )
        iri = iris.event_iri(key)
        resolution.event_info[iri] = EventInfo(
            type=cluster.type, label=_event_label(cluster, resolution, lexicon)
        )
        for member in cluster.members:
            resolution.events[member] = iri
    triggers = {(x.article.id, i): ev.trigger.text for x in extractions for i, ev in enumerate(x.events)}
    for cluster, rule, aid, index, text in joins:
        first_aid, first_index = cluster.members[0]
        iri = resolution.events[(aid, index)]
        resolution.decisions.append(
            {
                "rule": rule,
                "kind": "event",
                "a": f"{triggers[(first_aid, first_index)]} ({first_aid})",
                "b": f"{text} ({aid})",
                "label": resolution.event_info[iri].label,
                "node": str(iri),
            }
        )


class _EventIndex:
    """Event clusters by (type, place), (type, participant), (type, article) and (type, an
    entity of a member's article), so finding an event's cluster does not scan every cluster."""

    def __init__(
        self,
        context: dict[str, set] | None = None,
        resolution: Nodes | None = None,
    ) -> None:
        self.by: dict[tuple, dict[int, _EventCluster]] = defaultdict(dict)  # key -> {seq: cluster}
        # A story is told by one article, so a mention's article must share enough with one
        # member article of a cluster (the union of a cluster's articles' entities grows with
        # every article it takes in). (kind, article) -> the article's clusters of that kind;
        # kind -> the articles with one; entity -> the articles that name it.
        self.clusters_of: dict[tuple, list[int]] = defaultdict(list)
        self.articles_of: dict[str, list[str]] = defaultdict(list)
        self.clusters: dict[int, _EventCluster] = {}
        self.context = context or {}  # article id -> its entities (countries apart)
        self.naming: dict[URIRef, list[str]] = defaultdict(list)
        for aid, entities in self.context.items():
            for e in entities:
                self.naming[e].append(aid)
        self.resolution = resolution
        # what _sharing found for the last article asked about: other article -> entities the
        # two share, the naming lists of its rarest entities, the articles sharing enough
        self._counted_for: tuple[str, int] | None = None
        self._counts: dict[str, int] = {}
        self._rarest: list[list[str]] = []
        self._story: list[tuple[str, int]] | None = None

    def places_agree(self, a: URIRef, b: URIRef) -> bool:
        """Two places of one event: the same, one inside the other (a city and its country or
        region), or places the gazetteer does not know ("the DUI checkpoint", "his Bentley"
        typed as places): only two different known cities, regions or countries disagree."""
        if a == b or self.resolution is None:
            return True
        where_a, where_b = _where(self.resolution, a), _where(self.resolution, b)
        if where_a is None or where_b is None:
            return True
        (kind_a, country_a, id_a), (kind_b, country_b, id_b) = where_a, where_b
        if country_a != country_b:
            return False
        if "country" in (kind_a, kind_b):
            return True
        return id_a == id_b  # a city and the region named after it, or one city

    def add(self, cluster: _EventCluster, m: _Mention) -> None:
        kind = cluster.kind
        keys = [("article", kind, m.aid)] + ([("place", kind, m.place)] if m.place is not None else [])
        if m.aid not in cluster.articles:
            self.clusters[cluster.seq] = cluster
            of_article = self.clusters_of[kind, m.aid]
            if not of_article:  # the article's first cluster of this kind
                self.articles_of[kind].append(m.aid)
            of_article.append(cluster.seq)
        keys += [("participant", kind, p) for p in m.participants - cluster.participants]
        for key in keys:
            self.by[key][cluster.seq] = cluster
        cluster.participants |= m.participants
        cluster.named |= m.named
        cluster.named_agents |= m.named_agents
        cluster.named_patients |= m.named_patients

    def _candidates(self, keys: Iterable[tuple]) -> list[_EventCluster]:
        found = {seq: c for key in keys for seq, c in self.by.get(key, {}).items()}
        return [found[seq] for seq in sorted(found)]  # oldest first

    def find(self, m: _Mention, elsewhere: bool = False) -> tuple[_EventCluster | None, str]:
        """The cluster a mention joins, and the rule that says so (see EVENT_RULES); with
        ``elsewhere``, only a cluster that has no mention from the same article."""
        event_type = merge_kind(m.event)

        def fit(c: _EventCluster) -> bool:
            if not _dates_close(c.dates, m.dates) or (elsewhere and m.aid in c.articles):
                return False
            if m.place is not None and not all(self.places_agree(m.place, p) for p in sorted(c.places)):
                return False
            # two events of one type with different named patients are two events ("Apple released
            # the iPhone" / "Apple released the iPod"); agents are too often a side's spokesman
            return not (m.named_patients and c.named_patients and not m.named_patients & c.named_patients)

        keys = [("participant", event_type, p) for p in sorted(m.participants)]
        keys += [("place", event_type, m.place)] if m.place is not None else []
        keys.append(("article", event_type, m.aid))
        best: tuple | None = None
        for c in self._candidates(keys):
            if not fit(c):
                continue
            shared = len(m.participants & c.participants)
            if not shared and m.named_agents and c.named_agents and not m.named_agents & c.named_agents:
                continue  # a place or an article alone never makes one event of two sides' acts
            same_place = m.place is not None and m.place in c.places
            same_article = m.aid in c.articles
            score = 3 * shared + 3 * same_place + 2 * same_article
            score += bool(score) and m.event.lemma in c.lemmas  # the same word: "the quake" again
            if score and (best is None or score > best[0]):
                rule = "participant" if shared else "place" if same_place else "article"
                best = (score, c, rule)
        if best is not None:
            return best[1], EVENT_RULES[best[2]]
        return self._by_context(m, fit)

    def _sharing(self, kind: str, aid: str, least: int) -> Iterable[tuple[str, int]]:
        """(article, entities it shares with article ``aid``) for the articles that share at
        least ``least`` of them, among them every one with a cluster of ``kind``.

        An article that shares ``least`` of ``m`` entities names one of any ``m - least + 1``
        of them: the articles that name the rarest ones are the candidates (a corpus-wide
        entity is named by thousands), or the articles with a cluster of ``kind`` when they are
        fewer. What is found is kept for the mentions of one article, which come together."""
        if (aid, least) != self._counted_for:
            entities = self.context.get(aid, set())
            naming = sorted((self.naming[e] for e in entities if e in self.naming), key=len)
            rarest = naming[: len(naming) - least + 1] if len(naming) >= least else []
            self._counted_for, self._counts, self._rarest, self._story = (aid, least), {}, rarest, None
        if not self._rarest:
            return ()
        of_kind = self.articles_of.get(kind, ())
        if self._story is None and len(of_kind) <= sum(map(len, self._rarest)):
            return self._shared(aid, of_kind, least)
        if self._story is None:
            self._story = self._shared(aid, {other for aids in self._rarest for other in aids}, least)
        return self._story

    def _shared(self, aid: str, candidates: Iterable[str], least: int) -> list[tuple[str, int]]:
        entities, context, counts = self.context.get(aid, set()), self.context, self._counts
        found = []
        for other in candidates:
            n = counts.get(other)
            if n is None:
                n = counts[other] = len(entities & context[other])
            if n >= least:
                found.append((other, n))
        return found

    def _by_context(self, m: _Mention, fit) -> tuple[_EventCluster | None, str]:
        """A mention without a cluster of its place or participants joins a cluster of its type
        in another article of the same story (its article shares at least
        EVENT_CONTEXT_MIN_SHARED entities, countries apart, with one article of the cluster): one with its own word first ("the
        quake" joins the quake), and of those the one most articles report; among the others, the
        one that shares most. A tie leaves it alone."""
        kind = merge_kind(m.event)
        shared: Counter = Counter()  # cluster -> most entities shared with one of its articles
        found: dict[int, _EventCluster] = {}
        for aid, n in self._sharing(kind, m.aid, EVENT_CONTEXT_MIN_SHARED):
            for seq in self.clusters_of.get((kind, aid), ()):
                c = self.clusters[seq]
                if m.aid not in c.articles and n > shared[seq]:
                    shared[seq] = n
                    found[seq] = c
        lemma = m.event.lemma
        fits = [found[k] for k, n in shared.items() if n >= EVENT_CONTEXT_MIN_SHARED and fit(found[k])]
        if not fits:
            return None, ""

        def rank(c: _EventCluster) -> tuple[bool, int, int]:  # the same word, most shared, most reports
            return (lemma not in c.lemmas, -shared[c.seq], -len(c.articles) if lemma in c.lemmas else 0)

        fits.sort(key=lambda c: (*rank(c), c.seq))
        if len(fits) > 1 and rank(fits[0]) == rank(fits[1]):
            return None, ""
        return fits[0], EVENT_RULES["context"]


_WINDOW = f"dates within {EVENT_DATE_WINDOW_DAYS} days"
EVENT_RULES = {
    "place": f"event: same type and place, compatible participants, {_WINDOW}",
    "participant": f"event: same type, a shared participant, same place if both have one, {_WINDOW}",
    "article": f"event: same type in one article, compatible place and participants, {_WINDOW}",
    "statement": "event: the same statement (same speaker and quotation)",
    "context": (
        f"event: same type, no place, no cluster of its participants, {_WINDOW}, in "
        f"articles that share {EVENT_CONTEXT_MIN_SHARED} or more entities (countries apart)"
    ),
}


def _where(resolution: Nodes, iri: URIRef) -> tuple[str, str, int] | None:
    """(country / city, country code, city id) of a place the gazetteer knows; a region named
    after a city counts as that city."""
    info = resolution.entity_info[iri]
    if not info.country or (info.geonameid is None and info.region_of is None):
        return None
    if actor_key(resolution, iri).startswith("nation:"):
        return ("country", info.country, info.geonameid)
    return ("city", info.country, info.region_of if info.region_of is not None else info.geonameid)


def _article_context(extractions: list[Extraction], resolution: Nodes) -> dict[str, set]:
    """Each article's entity nodes, countries apart: what two reports of one story share."""
    context: dict[str, set] = {}
    for x in extractions:
        aid = x.article.id
        nodes = {resolution.entities[(aid, e.id)] for e in x.entities}
        context[aid] = {n for n in nodes if not actor_key(resolution, n).startswith("nation:")}
    return context


def _event_label(cluster: _EventCluster, resolution: Nodes, lexicon: EventLexicon) -> str:
    """ "Withdrawal: Russian troops in Kharkiv", "Acquisition: Time Warner, AOL Europe": the type,
    up to two agents then patients, and the place."""
    label = lexicon.labels.get(cluster.type, cluster.type)
    if cluster.type in GENERIC_TYPES:  # "Occurrence (foil): Indian Navy"
        label = f"{label} ({cluster.kind.split(':', 1)[1]})"
    named = cluster.agents[:2]
    if len(named) < 2:  # topped up with patients (a big cluster has thousands: not all scanned)
        named = named + list(
            itertools.islice((p for p in cluster.patient_list if p not in named), 2 - len(named))
        )
    agents = ", ".join(resolution.entity_info[a].label for a in named)
    place = resolution.entity_info[cluster.place].label if cluster.place else ""
    parts = [p for p in (agents, f"in {place}" if place else "") if p]
    return f"{label}: {' '.join(parts)}" if parts else label
