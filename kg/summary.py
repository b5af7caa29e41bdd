"""The summary graph: counts that whole-graph questions would otherwise compute over every article.

Written at build time into the named graph ``kgid:graph/summary`` (and so into the union
default graph), from the very quads written into the article graphs, so its answers are the
ones a query over the article graphs gives (``tests/test_summary.py`` checks this):

- every entity, event and quotation: ``kg:articleCount`` (article graphs that hold it),
  ``kg:outletCount`` (distinct publishers of those articles; an article without a publisher
  counts as an outlet of its own), ``kg:firstReported`` / ``kg:lastReported`` (the earliest and
  latest ``schema:datePublished`` among them, when any is known);
- every relation an article states (``?s schema:worksFor ?o`` and the other relation
  properties of :data:`kg.rdf.RELATION_PROPERTIES`): a ``kg:Relation`` node with
  ``rdf:subject``, ``rdf:predicate``, ``rdf:object`` and the same counts and dates, and
  ``kg:firstStatement`` the ``rdf:Statement`` (with the words that state it) of the
  earliest-published article that states it (undated articles last, ties by statement IRI);
- every pair of entities named in one sentence: a ``kg:CoMention`` node with ``kg:coMentionOf``
  both entities and ``kg:sentenceCount`` the number of sentences that mention both;
- every event for which articles give different values of a property (casualty figures,
  dates): ``kg:disputedProperty`` that property;
- ``kg:rank`` 1 to :data:`RANKED` on the entities, events, quotations and relations reported
  by most articles (then most outlets), and on the pairs named together in most sentences,
  one ranking for each of the five (ties broken by IRI; events' by their first mention's IRI,
  which, unlike the event's, does not depend on the order the articles came in). Whole-graph questions start from these
  few triples instead of sorting every node; dropping the ``kg:rank`` pattern gives the full
  list.

The summary is recomputed from all articles on every build, so an incremental build's summary
equals a fresh build's.

>>> from rdflib import URIRef
>>> from kg.vocab import GAF, NIF, RDF, SCHEMA
>>> g, p = URIRef("urn:g"), URIRef("urn:p")
>>> s = Summary()
>>> s.add_article(g, [(g, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), URIRef("urn:a"), g),
...                   (p, RDF.type, SCHEMA.Person, g)])
>>> s.reports[p].articles
{rdflib.term.URIRef('urn:g')}
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import Literal, URIRef

from . import iris
from .rdf import RELATION_PROPERTIES
from .vocab import GAF, KG, NIF, PROV, RDF, SCHEMA, SEM, XSD

RANKED = 100  # the top of each ranking carries kg:rank
ENTITY_CLASSES = {SCHEMA.Person, SCHEMA.Organization, SCHEMA.Place, SCHEMA.Product}
REPORTED_CLASSES = ENTITY_CLASSES | {SEM.Event, SCHEMA.Quotation}
DISPUTABLE = (SEM.hasTimeStamp, SEM.hasBeginTimeStamp)  # compared directly; casualties via their value
RELATION_PREDICATES = frozenset(RELATION_PROPERTIES.values())
_ROLE = {  # what a quad of each predicate tells the summary
    RDF.type: "type",
    GAF.denotedBy: "denoted",
    NIF.sentence: "sentence",
    PROV.wasDerivedFrom: "derived",
    SCHEMA.publisher: "publisher",
    SCHEMA.datePublished: "published",
    KG.casualties: "casualties",
    SCHEMA.value: "value",
    **{p: "disputable" for p in DISPUTABLE},
    RDF.subject: "statement",
    RDF.predicate: "statement",
    RDF.object: "statement",
    **{p: "relation" for p in RELATION_PREDICATES},
}


@dataclass
class _Reports:
    articles: set = field(default_factory=set)
    outlets: set = field(default_factory=set)
    dates: set = field(default_factory=set)


class Summary:
    """Counts accumulated article by article (:meth:`add_article`), then written (:meth:`quads`)."""

    def __init__(self) -> None:
        self.reports: dict[URIRef, _Reports] = defaultdict(_Reports)
        self.pairs: dict[tuple[URIRef, URIRef], int] = defaultdict(int)
        self.values: dict[tuple[URIRef, URIRef], set] = defaultdict(set)
        self.events: set[URIRef] = set()
        self.quotations: set[URIRef] = set()
        self.relations: dict[URIRef, tuple] = {}  # summary node -> (subject, predicate, object)
        self.first: dict[URIRef, tuple] = {}  # summary node -> (sort key, its first rdf:Statement)
        # event -> its first mention's IRI: an event's own IRI is the one minted when it was first
        # seen, so it depends on the order articles came in; its mentions do not (ties in ranks)
        self.first_mention: dict[URIRef, str] = {}

    def add_article(
        self,
        graph: URIRef,
        quads: Iterable[tuple],
        *,
        article: URIRef | None = None,
        published: str | None = None,
        sentences: dict[URIRef, URIRef] | None = None,
        values: dict[URIRef, Literal] | None = None,
        statements: dict[URIRef, tuple] | None = None,
    ) -> None:
        """Take one article graph's quads (rdflib terms): all of them, or those that name merged
        nodes (:func:`kg.rdf.node_quads`) with the article, its date, each mention's sentence,
        each casualty count's value and each relation statement's triple (which the article's
        own layer states)."""
        outlet = None
        published = published[:10] if published else None
        reported: set[URIRef] = set()
        entities: set[URIRef] = set()
        denoted: dict[URIRef, set[URIRef]] = defaultdict(set)  # mention -> entities
        sentence_of: dict[URIRef, URIRef] = dict(sentences or {})
        casualty_of: dict[URIRef, URIRef] = {}  # quantity -> event
        amounts: dict[URIRef, object] = dict(values or {})
        parts: dict[URIRef, dict] = defaultdict(dict)  # rdf:Statement -> {rdf:subject: ..., ...}
        for s, p, o, g in quads:
            role = _ROLE.get(p)  # one dict look-up a quad: rdflib's term comparisons are slow
            if role is None or g != graph:
                continue
            if role == "type":
                if o in REPORTED_CLASSES:
                    reported.add(s)
                if o in ENTITY_CLASSES:
                    entities.add(s)
                elif o == SEM.Event:
                    self.events.add(s)
                elif o == SCHEMA.Quotation:
                    self.quotations.add(s)
            elif role == "denoted":
                denoted[o].add(s)
            elif role == "statement":
                parts[s][p] = o
            elif role == "sentence":
                sentence_of[s] = o
            elif role == "derived":
                if s == graph:
                    article = o
            elif role == "publisher":
                outlet = o
            elif role == "published":
                published = str(o)[:10]
            elif role == "casualties":
                casualty_of[o] = s
            elif role == "value":
                amounts[s] = o
            elif role == "disputable":
                self.values[(s, p)].add(o)
            else:  # a relation
                node = iris.relation_iri(iris.digest(s.n3(), p.n3(), o.n3()))
                self.relations[node] = (s, p, o)
                reported.add(node)
        first = self.first_mention
        for mention, nodes in denoted.items():
            for node in nodes & self.events:
                if node not in first or str(mention) < first[node]:
                    first[node] = str(mention)
        for quantity, event in casualty_of.items():
            if quantity in amounts:
                self.values[(event, KG.casualties)].add(amounts[quantity])
        dated = (published is None, published or "")  # the earliest-published article's first
        triples = dict(statements or {})
        for st, given in parts.items():
            if len(given) == 3:
                triples[st] = (given[RDF.subject], given[RDF.predicate], given[RDF.object])
        for st, triple in triples.items():
            if triple[1] in RELATION_PREDICATES:
                node = iris.relation_iri(iris.digest(*(t.n3() for t in triple)))
                key = (*dated, st)
                if node not in self.first or key < self.first[node][0]:
                    self.first[node] = (key, st)
        source = outlet if outlet is not None else article
        for node in reported:
            r = self.reports[node]
            r.articles.add(graph)
            r.outlets.add(source)
            if published:
                r.dates.add(published)
        per_sentence: dict[URIRef, set[URIRef]] = defaultdict(set)
        for mention, nodes in denoted.items():
            sentence = sentence_of.get(mention)
            if sentence is not None:
                per_sentence[sentence] |= nodes & entities
        for members in per_sentence.values():
            ordered = sorted(members, key=str)  # IRIs: rdflib's order, without its slow __lt__
            for i, a in enumerate(ordered):
                for b in ordered[i + 1 :]:
                    self.pairs[(a, b)] += 1

    def quads(self, activity=None) -> Iterator[tuple]:
        """The summary graph, sorted by node (with the build's ``activity`` as its provenance),
        quad by quad: at 20k articles it is millions of quads, never all in memory at once."""
        g = iris.summary_graph_iri()
        if activity is not None:
            yield (g, PROV.wasGeneratedBy, activity.iri, g)
            yield (activity.iri, RDF.type, PROV.Activity, g)
            yield (activity.iri, PROV.startedAtTime, Literal(activity.started, datatype=XSD.dateTime), g)
        ranks: dict[URIRef, int] = {}
        relations = set(self.relations)
        entities = set(self.reports) - self.events - self.quotations - relations
        for members in (self.events, self.quotations, relations, entities):
            top = sorted(
                members,
                key=lambda n: (
                    -len(self.reports[n].articles),
                    -len(self.reports[n].outlets),
                    self.first_mention.get(n, ""),
                    n,
                ),
            )
            ranks.update((node, rank) for rank, node in enumerate(top[:RANKED], 1))
        # each term once (a DefinedNamespace attribute is a new URIRef each time it is read)
        t_relation, t_firststatement, t_rank = KG.Relation, KG.firstStatement, KG.rank
        t_articlecount, t_outletcount = KG.articleCount, KG.outletCount
        t_firstreported, t_lastreported = KG.firstReported, KG.lastReported
        t_comention, t_comentionof, t_sentencecount = KG.CoMention, KG.coMentionOf, KG.sentenceCount
        t_disputedproperty = KG.disputedProperty
        t_type, t_subject, t_predicate, t_object = RDF.type, RDF.subject, RDF.predicate, RDF.object
        for node in sorted(self.reports, key=str):
            r = self.reports[node]
            if node in self.relations:
                s, p, o = self.relations[node]
                yield from (
                    (node, t_type, t_relation, g),
                    (node, t_subject, s, g),
                    (node, t_predicate, p, g),
                    (node, t_object, o, g),
                )
                if node in self.first:
                    yield (node, t_firststatement, self.first[node][1], g)
            if node in ranks:
                yield (node, t_rank, _count(ranks[node]), g)
            yield (node, t_articlecount, _count(len(r.articles)), g)
            yield (node, t_outletcount, _count(len(r.outlets)), g)
            if r.dates:
                yield (node, t_firstreported, _date(min(r.dates)), g)
                yield (node, t_lastreported, _date(max(r.dates)), g)
        pairs = {key: iris.co_mention_iri(iris.digest(str(key[0]), str(key[1]))) for key in self.pairs}
        ranked_pairs = sorted(pairs, key=lambda key: (-self.pairs[key], pairs[key]))[:RANKED]
        pair_ranks = {key: rank for rank, key in enumerate(ranked_pairs, 1)}
        for (a, b), n in sorted(self.pairs.items(), key=lambda item: (str(item[0][0]), str(item[0][1]))):
            pair = pairs[(a, b)]
            if (a, b) in pair_ranks:
                yield (pair, t_rank, _count(pair_ranks[(a, b)]), g)
            yield from (
                (pair, t_type, t_comention, g),
                (pair, t_comentionof, a, g),
                (pair, t_comentionof, b, g),
                (pair, t_sentencecount, _count(n), g),
            )
        for (event, prop), values in sorted(self.values.items()):
            if len(values) > 1 and event in self.events:
                yield (event, t_disputedproperty, prop, g)


# rdflib makes a Literal slowly (it parses its value to a Python one); the summary's counts and
# dates repeat across its hundreds of thousands of nodes (1,000 Reuters stories: 64k Literals
# made in 0.7 s of the build's writing)
@lru_cache(maxsize=65536)
def _count(n: int) -> Literal:
    return Literal(str(n), datatype=XSD.integer)


@lru_cache(maxsize=65536)
def _date(day: str) -> Literal:
    return Literal(day, datatype=XSD.date)


def clear_term_caches() -> None:
    """Forget the counts and dates cached while writing (see :func:`kg.store.clear_term_caches`)."""
    _count.cache_clear()
    _date.cache_clear()
