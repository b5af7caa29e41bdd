"""RDF: one article's extraction, resolved to graph-wide IRIs, as quads in its own named graph.

The shape of what is written is documented in ``docs/rdf-contract.md`` and
checked by ``ontology/shapes.ttl``.
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.term import Node

from . import __version__, iris
from .gazetteer import gazetteer
from .kinds import KIND_CLASSES
from .merge import Resolution
from .model import EntityKind, Extraction, Factuality, Span
from .nlp import ModelInfo
from .vocab import GAF, GEO, KG, KGE, NIF, OWL, PROV, RDF, RDFS, SCHEMA, SEM, SKOS, XSD

Quad = tuple[Node, Node, Node, URIRef]


FACTUALITY = {
    Factuality.ASSERTED: KG.Asserted,
    Factuality.NEGATED: KG.Negated,
    Factuality.HEDGED: KG.Hedged,
    Factuality.ATTEMPTED: KG.Attempted,
}
CAUTION = [Factuality.NEGATED, Factuality.ATTEMPTED, Factuality.HEDGED, Factuality.ASSERTED]


@dataclass(frozen=True)
class Activity:
    """The build that generated the graphs: one prov:Activity per run."""

    started: str  # xsd:dateTime lexical form
    model: ModelInfo

    @property
    def agent_iri(self) -> URIRef:
        return iris.agent_iri(
            iris.digest("kg", __version__, self.model.name, self.model.version, self.model.spacy_version)
        )

    @property
    def iri(self) -> URIRef:
        return iris.activity_iri(iris.digest(self.started, str(self.agent_iri)))


def _lit(value, datatype=None) -> Literal:
    return Literal(value, datatype=datatype)


@functools.lru_cache(maxsize=65536)
def _nn(value: int) -> Literal:
    return Literal(str(int(value)), datatype=_NON_NEGATIVE)  # offsets repeat across articles


def clear_term_caches() -> None:
    """Forget the offsets cached while writing (see :func:`kg.store.clear_term_caches`)."""
    _nn.cache_clear()


@functools.lru_cache(maxsize=16)
def _extractor(name: str) -> Literal:
    return Literal(name)


# Terms of the hot paths, looked up once: a DefinedNamespace attribute costs a __getattr__ call.
_NON_NEGATIVE = XSD.nonNegativeInteger
_TYPE, _PHRASE, _SENTENCE = RDF.type, NIF.Phrase, NIF.Sentence
_CONTEXT, _BEGIN, _END, _ANCHOR, _IN_SENTENCE = (
    NIF.referenceContext,
    NIF.beginIndex,
    NIF.endIndex,
    NIF.anchorOf,
    NIF.sentence,
)
_EXTRACTOR = KG.extractor


# An article's graph in two layers (see :func:`local_quads`, :func:`node_quads`).
ALL, LOCAL, NODES = "all", "local", "nodes"
_PLACEHOLDER = "urn:kg:unmerged:"  # a node's stand-in while the article's own layer is written


class _Writer:
    """Writes one article's graph: every quad (``ALL``), only the quads that name no merged
    node (``LOCAL``: provenance, metadata, sentences, mentions, times, quantities), or only those
    that do (``NODES``). The sections below are written once and run in every layer."""

    def __init__(self, extraction: Extraction, resolution, activity: Activity, layer: str = ALL):
        self.x = extraction
        self.r = resolution
        self.activity = activity
        self.layer = layer
        self.aid = extraction.article.id
        self.g = iris.graph_iri(self.aid)
        self.article = iris.article_iri(self.aid)
        self.quads: list[Quad] = []
        self._sentence_starts = [s.start for s in extraction.sentences]
        self._done: set[URIRef] = set()
        self.sentence_map: dict[URIRef, URIRef] = {}  # mention -> its sentence (NODES: not written)
        self.amounts: dict[URIRef, Literal] = {}  # casualty quantity -> its schema:value (likewise)
        self.statements: dict[URIRef, tuple] = {}  # rdf:Statement -> the triple it reifies (likewise)
        self._local = layer != NODES  # the article's own layer is written
        if layer == NODES:  # this article's merged nodes
            aid = self.aid
            self._nodes = {resolution.events[(aid, i)] for i in range(len(extraction.events))}
            self._nodes.update(resolution.quotes[(aid, i)] for i in range(len(extraction.quotes)))
            for e in extraction.entities:
                iri = resolution.entities[(aid, e.id)]
                if not resolution.entity_info[iri].argument:
                    self._nodes.add(iri)
            outlet = resolution.publisher(aid)
            if outlet is not None:
                self._nodes.add(outlet)
            self.add = self._add_node
        elif layer == LOCAL:
            self.add = self._add_local

    def add(self, s, p, o) -> None:
        self.quads.append((s, p, o, self.g))

    def _add_local(self, s, p, o) -> None:
        if not (s.startswith(_PLACEHOLDER) or o.startswith(_PLACEHOLDER)):
            self.quads.append((s, p, o, self.g))

    def _add_node(self, s, p, o) -> None:
        if s in self._nodes or o in self._nodes:
            self.quads.append((s, p, o, self.g))

    def mention(self, span: Span, extractor: str) -> URIRef:
        m = iris.mention_iri(self.aid, span.start, span.end)
        g = self.g
        if not self._local:
            if m not in self.sentence_map:
                sentence = self.sentence_of(span)
                if sentence is not None:
                    self.sentence_map[m] = sentence
            return m
        if m not in self._done:
            self._done.add(m)
            self.quads += [
                (m, _TYPE, _PHRASE, g),
                (m, _CONTEXT, self.article, g),
                (m, _BEGIN, _nn(span.start), g),
                (m, _END, _nn(span.end), g),
                (m, _ANCHOR, Literal(span.text), g),
            ]
            sentence = self.sentence_of(span)
            if sentence is not None:
                self.quads.append((m, _IN_SENTENCE, sentence, g))
        self.quads.append((m, _EXTRACTOR, _extractor(extractor), g))
        return m

    def sentence_of(self, span: Span) -> URIRef | None:
        i = bisect.bisect_right(self._sentence_starts, span.start) - 1
        if i < 0:
            return None
        sentence = self.x.sentences[i]
        if span.end > sentence.end:
            return None
        s = iris.mention_iri(self.aid, sentence.start, sentence.end)
        if self._local and ("sentence", s) not in self._done:
            self._done.add(("sentence", s))
            g = self.g
            self.quads += [
                (s, _TYPE, _SENTENCE, g),
                (s, _CONTEXT, self.article, g),
                (s, _BEGIN, _nn(sentence.start), g),
                (s, _END, _nn(sentence.end), g),
                (s, _ANCHOR, Literal(sentence.text), g),
            ]
        return s

    # -- sections --------------------------------------------------------------

    def provenance(self) -> None:
        if not self._local:
            return
        a = self.activity
        self.add(self.g, PROV.wasDerivedFrom, self.article)
        self.add(self.g, PROV.wasGeneratedBy, a.iri)
        self.add(a.iri, RDF.type, PROV.Activity)
        self.add(a.iri, PROV.startedAtTime, _lit(a.started, XSD.dateTime))
        self.add(a.iri, PROV.wasAssociatedWith, a.agent_iri)
        self.add(a.agent_iri, RDF.type, PROV.SoftwareAgent)
        self.add(a.agent_iri, RDFS.label, _lit(f"kg {__version__} with {a.model.description}"))
        self.add(a.agent_iri, SCHEMA.softwareVersion, _lit(__version__))
        self.add(a.agent_iri, KG.modelName, _lit(a.model.name))
        self.add(a.agent_iri, KG.modelVersion, _lit(a.model.version))

    def article_metadata(self) -> None:
        art = self.x.article
        s = self.article
        if self._local:
            self.own_metadata()
        outlet = self.r.publisher(self.aid)
        if outlet is not None:
            self.add(s, SCHEMA.publisher, outlet)
            self.add(outlet, RDF.type, SCHEMA.Organization)
            label = self.r.entity_info[outlet].label
            self.add(outlet, RDFS.label, _lit(label))
            if art.outlet != label:
                self.add(outlet, SKOS.altLabel, _lit(art.outlet))

    def own_metadata(self) -> None:
        art = self.x.article
        s = self.article
        self.add(s, RDF.type, SCHEMA.NewsArticle)
        self.add(s, RDF.type, NIF.Context)
        self.add(s, SCHEMA.headline, _lit(art.headline))
        self.add(s, NIF.isString, _lit(art.text))
        self.add(s, KG.sourceFile, _lit(art.source))
        self.add(s, KG.textEncoding, _lit(art.encoding))
        if art.url:
            self.add(s, SCHEMA.url, _lit(art.url, XSD.anyURI))
        if art.published:
            dtype = XSD.dateTime if "T" in art.published else XSD.date
            self.add(s, SCHEMA.datePublished, _lit(art.published, dtype))
        if art.external_id:
            self.add(s, SCHEMA.identifier, _lit(art.external_id))
        if art.language:
            self.add(s, SCHEMA.inLanguage, _lit(art.language))

    def entities(self) -> None:
        for e in self.x.entities:
            node = self.r.entities[(self.aid, e.id)]
            info = self.r.entity_info[node]
            if info.argument:  # a mention only: it names itself
                self.mention(e.mentions[0], "entities/nominal")
                self.add(node, RDFS.label, _lit(e.mentions[0].text))
                continue
            for cls in KIND_CLASSES[info.kind]:
                self.add(node, RDF.type, cls)
            self.add(node, RDFS.label, _lit(info.label))
            names = set(e.names)
            for name in e.names:
                if name != info.label:
                    self.add(node, SKOS.altLabel, _lit(name))
            for span in e.mentions:
                self.add(node, GAF.denotedBy, self.mention(span, mention_extractor(span, names)))

    def node(self, entity_id: int) -> URIRef | None:
        """The node of an entity, or None for an argument mention (no node to state facts of)."""
        iri = self.r.entities[(self.aid, entity_id)]
        return None if self.r.entity_info[iri].argument else iri

    def events(self) -> None:
        by_node: dict[URIRef, list] = {}
        for index, ev in enumerate(self.x.events):
            by_node.setdefault(self.r.events[(self.aid, index)], []).append(ev)
        for node, mentions in by_node.items():
            # one value per graph: the most cautious reading among the article's own
            # statements of the event, or among what it quotes when it only quotes
            own = [m for m in mentions if m.quote is None] or mentions
            factuality = min((m.factuality for m in own), key=CAUTION.index)
            self.add(node, KG.factuality, FACTUALITY[factuality])
            for m in mentions:  # the statements that tell of it, or that a Statement event made
                if m.quote is not None:
                    self.add(node, KG.accordingTo, self.r.quotes[(self.aid, m.quote)])
                if m.statement is not None:
                    self.add(node, KG.accordingTo, self.r.quotes[(self.aid, m.statement)])
        for index, ev in enumerate(self.x.events):
            node = self.r.events[(self.aid, index)]
            info = self.r.event_info[node]
            self.add(node, RDF.type, SEM.Event)
            self.add(node, SEM.eventType, KGE[ev.type])
            self.add(node, RDFS.label, _lit(info.label))
            self.add(node, GAF.denotedBy, self.mention(ev.trigger, "events"))
            for role, ids in ((KG.agent, ev.agents), (KG.patient, ev.patients)):
                for i in ids:
                    actor = self.r.entities[(self.aid, i)]
                    self.add(node, role, actor)
                    self.add(node, SEM.hasActor, actor)
            for i in ev.places:
                self.add(node, SEM.hasPlace, self.r.entities[(self.aid, i)])
            for role, ids in sorted(ev.roles.items()):  # type-specific roles (kg/data/event_frames.tsv)
                prop, parent = ROLE_PROPERTIES[role]
                for i in ids:
                    target = self.r.entities[(self.aid, i)]
                    self.add(node, prop, target)
                    self.add(node, parent, target)
                    if parent != SEM.hasPlace:
                        self.add(node, SEM.hasActor, target)
            for role, values in sorted(ev.literals.items()):
                for value in values:
                    self.add(node, ROLE_PROPERTIES[role][0], _lit(value))
            if ev.time is not None:
                self.add(node, SEM.hasTime, self.time(ev.time))
                self.timestamps(node, ev.time)

    def time(self, t) -> URIRef:
        node = iris.time_iri(f"{self.aid}-{t.span.start}-{t.span.end}")
        if self._local and node not in self._done:
            self._done.add(node)
            self.add(node, RDF.type, SEM.Time)
            self.add(node, RDFS.label, _lit(t.span.text))
            self.add(node, GAF.denotedBy, self.mention(t.span, "times"))
            self.timestamps(node, t)
        return node

    def timestamps(self, node: URIRef, t) -> None:
        """A day as sem:hasTimeStamp; a period as its first and (if closed) last day."""
        for prop, value in (
            (SEM.hasTimeStamp, t.date),
            (SEM.hasBeginTimeStamp, t.begin),
            (SEM.hasEndTimeStamp, t.end),
        ):
            if value:
                self.add(node, prop, _lit(value, XSD.date))

    def times(self) -> None:
        if self._local:
            for t in self.x.times:
                self.time(t)

    def quotes(self) -> None:
        for index, q in enumerate(self.x.quotes):
            node = self.r.quotes[(self.aid, index)]
            self.add(node, RDF.type, SCHEMA.Quotation)
            self.add(node, SCHEMA.creator, self.r.entities[(self.aid, q.speaker)])
            self.add(node, SCHEMA.text, _lit(q.text))
            for piece in q.pieces:
                self.add(node, GAF.denotedBy, self.mention(piece, "quotes"))
            for i in q.about_entities:
                if self.node(i) is not None:
                    self.add(node, SCHEMA.about, self.node(i))
            for i in q.about_events:
                self.add(node, SCHEMA.about, self.r.events[(self.aid, i)])

    def relations(self) -> None:
        """Each relation as a plain triple, and reified (rdf:Statement) with the words that state it."""
        for rel in self.x.relations:
            subject = self.node(rel.subject)
            if subject is None:
                continue
            prop = RELATION_PROPERTIES[rel.predicate]
            if rel.predicate in LITERAL_RELATIONS:
                obj = _lit(rel.value)
            elif rel.object is not None and self.node(rel.object) is not None:
                obj = self.node(rel.object)
            else:
                continue
            self.add(subject, prop, obj)
            if rel.evidence is None:
                continue
            st = iris.statement_iri(f"{self.aid}-{statement_key(rel)}")
            self.statements[st] = (subject, prop, obj)
            self.add(st, RDF.type, RDF.Statement)
            self.add(st, RDF.subject, subject)
            self.add(st, RDF.predicate, prop)
            self.add(st, RDF.object, obj)
            self.add(st, GAF.denotedBy, self.mention(rel.evidence, "relations"))
            self.add(st, KG.extractor, _lit(rel.extractor))

    def quantities(self) -> None:
        for q in self.x.quantities:
            node = iris.quantity_iri(f"{self.aid}-{q.span.start}-{q.span.end}")
            if q.measures == "money":
                self.money(node, q)
                continue
            self.add(node, RDF.type, SCHEMA.QuantitativeValue)
            self.add(node, SCHEMA.value, _number(q.value))
            self.add(node, SCHEMA.unitText, _lit(q.unit))
            if q.unit.lower() in UNIT_CODES:
                self.add(node, SCHEMA.unitCode, _lit(UNIT_CODES[q.unit.lower()]))
            if q.min_value is not None:
                self.add(node, SCHEMA.minValue, _number(q.min_value))
            if q.max_value is not None:
                self.add(node, SCHEMA.maxValue, _number(q.max_value))
            if q.qualifier:
                self.add(node, KG.qualifier, _lit(q.qualifier))
            self.add(node, GAF.denotedBy, self.mention(q.span, "quantities"))
            if q.measures == "population" and q.entity is not None and self.node(q.entity):
                self.add(self.node(q.entity), SCHEMA.population, node)
            elif q.measures == "casualties" and q.event is not None:
                self.add(self.r.events[(self.aid, q.event)], KG.casualties, node)
                self.amounts[node] = _number(q.value)  # the summary compares reports' tolls
            elif q.measures == "distance" and q.entity is not None and self.node(q.entity):
                self.add(self.node(q.entity), KG.distance, node)
                if q.origin is not None and self.node(q.origin):
                    self.add(node, KG.distanceFrom, self.node(q.origin))
                if q.direction:
                    self.add(node, KG.direction, _lit(q.direction))

    def money(self, node: URIRef, q) -> None:
        """A sum of money an event is about: schema:MonetaryAmount, linked by kg:price or kg:amount."""
        self.add(node, RDF.type, SCHEMA.MonetaryAmount)
        self.add(node, SCHEMA.value, _number(q.value))
        if q.currency:
            self.add(node, SCHEMA.currency, _lit(q.currency))
        if q.min_value is not None:
            self.add(node, SCHEMA.minValue, _number(q.min_value))
        if q.max_value is not None:
            self.add(node, SCHEMA.maxValue, _number(q.max_value))
        self.add(node, GAF.denotedBy, self.mention(q.span, "quantities"))
        if q.event is not None and q.role in ("price", "amount"):
            self.add(self.r.events[(self.aid, q.event)], KG[q.role], node)


# type-specific event role -> (its property, the property above it that is written too)
ROLE_PROPERTIES = {
    **{r: (KG[r], KG.patient) for r in ("victim", "defendant")},
    **{r: (KG[r], KG.agent) for r in ("authority", "prosecutor", "plaintiff")},
    **{
        r: (KG[r], SEM.hasActor)
        for r in (
            "court",
            "employee",
            "employer",
            "buyer",
            "seller",
            "item",
            "giver",
            "recipient",
            "winner",
            "loser",
            "participant",
        )
    },
    **{r: (KG[r], SEM.hasPlace) for r in ("origin", "destination")},
    "position": (KG.position, None),
    "charge": (KG.charge, None),
}


def statement_key(rel) -> str:
    """What identifies a reified relation within its article: predicate, arguments' mentions, words."""
    parts = [rel.predicate, rel.value or ""]
    for span in (rel.subject_mention, rel.object_mention, rel.evidence):
        parts.append(f"{span.start},{span.end}" if span is not None else "")
    return iris.digest(*parts)


RELATION_PROPERTIES = {  # Relation.predicate -> property; literal-valued ones in LITERAL_RELATIONS
    "worksFor": SCHEMA.worksFor,
    "memberOf": SCHEMA.memberOf,
    "nationality": SCHEMA.nationality,
    "containedInPlace": SCHEMA.containedInPlace,
    "location": SCHEMA.location,
    "homeLocation": SCHEMA.homeLocation,
    "killed": KG.killed,
    "birthPlace": SCHEMA.birthPlace,
    "jobTitle": SCHEMA.jobTitle,
    "description": SCHEMA.description,
}
LITERAL_RELATIONS = {"jobTitle", "description"}
UNIT_CODES = {
    "mile": "SMI",
    "miles": "SMI",
    "km": "KMT",
    "kilometre": "KMT",
    "kilometres": "KMT",
    "kilometer": "KMT",
    "kilometers": "KMT",
    "metre": "MTR",
    "meter": "MTR",
    "metres": "MTR",
    "meters": "MTR",
}  # UN/CEFACT common codes


PRONOUNS = frozenset(
    [
        "he",
        "him",
        "his",
        "himself",
        "she",
        "her",
        "hers",
        "herself",
        "it",
        "its",
        "itself",
        "they",
        "them",
        "their",
        "theirs",
        "themselves",
        "who",
        "whom",
        "whose",
        "which",
        "that",
    ]
)


def mention_extractor(span: Span, names: set[str]) -> str:
    """kg:extractor of an entity's mention: "entities" for a name, "entities/pronoun" or
    "entities/nominal" for a pronoun or a description."""
    if span.text in names:
        return "entities"
    return "entities/pronoun" if span.text.lower() in PRONOUNS else "entities/nominal"


def _number(value: float) -> Literal:
    return Literal(f"{value:.15g}" if "e" not in f"{value:.15g}" else f"{value:f}", datatype=XSD.decimal)


def article_quads(extraction: Extraction, resolution: Resolution, activity: Activity) -> list[Quad]:
    """Every quad for one article, all in the article's named graph: the union of
    :func:`local_quads` and :func:`node_quads`."""
    return _write(_Writer(extraction, resolution, activity))


def local_quads(extraction: Extraction, activity: Activity) -> list[Quad]:
    """The quads of an article's graph that name no merged node: provenance, the article and
    its metadata, sentences, mentions (with ``kg:extractor``), times, quantities, the words of
    its relation statements. They are known as soon as the article is extracted, before any
    merging, so a build writes them while the model still parses other articles."""
    return _write(_Writer(extraction, _Unmerged(extraction), activity, LOCAL))


def node_quads(
    extraction: Extraction, resolution: Resolution, activity: Activity
) -> tuple[list[Quad], dict[URIRef, URIRef], dict[URIRef, Literal], dict[URIRef, tuple]]:
    """The rest of the article's graph, once merging has given every node its IRI: entities,
    events, quotations, relations, the publisher. Only the article's sentence spans are needed
    of its text. Also returns what the summary graph needs of the article's own layer: each
    mention these quads name with its sentence, each casualty count with its value, and each
    relation statement with the triple it reifies."""
    w = _Writer(extraction, resolution, activity, NODES)
    return _write(w), w.sentence_map, w.amounts, w.statements


class _Unmerged:
    """A stand-in :class:`~kg.merge.Resolution` for one article before merging: every node is a
    placeholder IRI (argument mentions are their own nif:Phrase, as merging makes them)."""

    def __init__(self, extraction: Extraction) -> None:
        from .merge import EventInfo, NodeInfo
        from .model import Status

        aid = extraction.article.id
        self.entities: dict[tuple[str, int], URIRef] = {}
        self.entity_info: dict[URIRef, NodeInfo] = {}
        for e in extraction.entities:
            if e.status is Status.ARGUMENT:
                iri = iris.mention_iri(aid, e.mentions[0].start, e.mentions[0].end)
            else:
                iri = URIRef(f"{_PLACEHOLDER}entity:{e.id}")
            self.entities[(aid, e.id)] = iri
            self.entity_info[iri] = NodeInfo(kind=e.kind, label="", argument=e.status is Status.ARGUMENT)
        self.events = {(aid, i): URIRef(f"{_PLACEHOLDER}event:{i}") for i in range(len(extraction.events))}
        self.event_info = {iri: EventInfo(type="", label="") for iri in self.events.values()}
        self.quotes = {(aid, i): URIRef(f"{_PLACEHOLDER}quote:{i}") for i in range(len(extraction.quotes))}
        self._outlet = URIRef(f"{_PLACEHOLDER}outlet") if extraction.article.outlet else None
        if self._outlet is not None:
            self.entity_info[self._outlet] = NodeInfo(kind=EntityKind.ORGANIZATION, label="")

    def publisher(self, article_id: str) -> URIRef | None:
        return self._outlet


def _write(w: _Writer) -> list[Quad]:
    w.provenance()
    w.article_metadata()
    w.entities()
    w.times()
    w.events()
    w.quotes()
    w.quantities()
    w.relations()
    seen: set[Quad] = set()
    return [q for q in w.quads if not (q in seen or seen.add(q))]


__all__ = ["Activity", "Quad", "article_quads", "local_quads", "node_quads"]


def identity_quads(redirects: dict[str, str], activity: Activity) -> list[Quad]:
    """``old owl:sameAs new`` for IRIs that merges retired, in the identity graph."""
    if not redirects:
        return []
    g = iris.identity_graph_iri()
    quads: list[Quad] = [
        (g, PROV.wasGeneratedBy, activity.iri, g),
        (activity.iri, RDF.type, PROV.Activity, g),
        (activity.iri, PROV.startedAtTime, _lit(activity.started, XSD.dateTime), g),
    ]
    for old, new in sorted(redirects.items()):
        quads.append((URIRef(old), OWL.sameAs, URIRef(new), g))
    return quads


def gazetteer_quads(resolution: Resolution, activity: Activity) -> list[Quad]:
    """What GeoNames says of the places kg linked, in its own named graph.

    Each linked place: ``owl:sameAs`` its GeoNames IRI, ``geo:lat``/``geo:long``, and
    ``schema:containedInPlace`` its country; each country: ``schema:Country`` with its
    ISO 3166-1 codes (pycountry) as ``schema:identifier``.
    """
    gaz = gazetteer()
    g = iris.gazetteer_graph_iri()
    quads: list[Quad] = []
    add = lambda s, p, o: quads.append((s, p, o, g))
    countries: dict[str, URIRef] = {}
    for node, info in resolution.entity_info.items():
        entry = gaz.by_id.get(info.geonameid) if info.geonameid is not None else None
        if entry is not None and entry.kind == "country":
            countries[entry.country] = node
    regions = {  # a region named after a city holds the city ("Donetsk" in "Donetsk Oblast")
        info.region_of: node
        for node, info in sorted(resolution.entity_info.items())
        if info.region_of is not None and info.kind is EntityKind.PLACE
    }
    for node, info in sorted(resolution.entity_info.items()):
        if info.region_of is not None and info.kind is EntityKind.PLACE:
            country = gaz.countries.get(info.country or "")
            if country is not None and info.country is not None:
                if info.country not in countries:
                    countries[info.country] = iris.entity_iri("place", iris.name_key(country.name))
                add(node, SCHEMA.containedInPlace, countries[info.country])
            continue
        entry = gaz.by_id.get(info.geonameid) if info.geonameid is not None else None
        if entry is None or info.kind is not EntityKind.PLACE:
            continue
        if entry.geonameid in regions:
            add(node, SCHEMA.containedInPlace, regions[entry.geonameid])
        add(node, OWL.sameAs, URIRef(entry.iri))
        if entry.lat is not None:
            add(node, GEO.lat, _lit(f"{entry.lat:.5f}", XSD.decimal))
            add(node, GEO.long, _lit(f"{entry.lon:.5f}", XSD.decimal))
        if entry.kind == "country":
            continue
        country = gaz.countries.get(entry.country)
        if country is None:
            continue
        if entry.country not in countries:  # not mentioned: the gazetteer's own node
            countries[entry.country] = iris.entity_iri("place", iris.name_key(country.name))
        add(node, SCHEMA.containedInPlace, countries[entry.country])
    for code, node in sorted(countries.items()):
        country = gaz.countries.get(code)
        if country is None:
            continue
        add(node, RDF.type, SCHEMA.Place)
        add(node, RDF.type, SCHEMA.Country)
        add(node, OWL.sameAs, URIRef(country.iri))
        label = resolution.entity_info[node].label if node in resolution.entity_info else country.name
        add(node, RDFS.label, _lit(label))
        for identifier in gaz.iso_codes(code) or ():
            add(node, SCHEMA.identifier, _lit(identifier))
    if quads:
        quads[:0] = [
            (g, PROV.wasDerivedFrom, URIRef("https://www.geonames.org/"), g),
            (g, PROV.wasGeneratedBy, activity.iri, g),
            (activity.iri, RDF.type, PROV.Activity, g),
            (activity.iri, PROV.startedAtTime, _lit(activity.started, XSD.dateTime), g),
        ]
    return quads
