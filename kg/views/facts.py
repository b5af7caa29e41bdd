"""What the network views read from the store: nodes, kinds, labels, mentions and sources.

:class:`Facts` queries each part once, when first needed, so that the three network pages
a build writes (network, events, sources) read the store once between them.

Sources: a node's or edge's sources are the distinct named graphs of *articles* (graphs
that ``prov:wasDerivedFrom`` a ``schema:NewsArticle``) that state it; the service graphs
``kgid:graph/geonames``, ``…/identity`` and ``…/analysis`` never count.  Evidence is the
sentence each fact came from (the ``nif:sentence`` of a ``gaf:denotedBy`` mention in that
article), at most :data:`MAX_EVIDENCE` per source.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple, TypeVar

import pyoxigraph

from kg.iris import summary_graph_iri
from kg.kinds import ENTITY_KINDS, kind_of, typed
from kg.store import query
from kg.views.common import (
    Row,
    Source,
    articles,
    iter_rows,
    least_values,
    local_name,
    minor_events,
    select,
    select_in,
    term_value,
)

__all__ = [
    "EVIDENCE_SOURCES",
    "MAX_EVIDENCE",
    "Facts",
    "Mention",
    "Pending",
    "edge_evidence",
    "evidence",
    "fill_evidence",
    "group_mentions",
    "iri_values",
]

MAX_EVIDENCE = 5  # sentences per source in a tooltip
EVIDENCE_SOURCES = 8  # sources a tooltip lists: the pages read the evidence of these only
_CHAR = re.compile(r"#char=(\d+),(\d+)$")
#: The kinds of node the entity views draw, in legend order.
VIEW_KINDS = (*ENTITY_KINDS, "event")
T = TypeVar("T")


@dataclass(frozen=True)
class Mention:
    graph: str
    iri: str
    sentence: str | None  # the nif:Sentence IRI
    text: str | None  # its nif:anchorOf

    @property
    def begin(self) -> int:
        m = _CHAR.search(self.iri)
        return int(m.group(1)) if m else 0


def iri_values(iris: Iterable[str]) -> str:
    return " ".join(f"<{i}>" for i in iris)


class Facts:
    """What the views read from one store, each part queried once, when first needed."""

    def __init__(self, store: pyoxigraph.Store):
        self.store = store
        self.articles: dict[str, Source] = articles(store)
        table = typed((*VIEW_KINDS, "time"))
        self._table = table
        # one copy of each IRI and text the whole-graph reads give (at 20,000 articles they
        # name the same IRIs in millions of values)
        self._strings: dict[str, str] = {g: g for g in self.articles}
        self._derived: dict[str, Any] = {}
        self._mentions: dict[str, list[Mention]] = {}
        self._mentions_in: dict[tuple[str, str], list[Mention]] = {}

    def rows(self, sparql: str) -> Iterator[Row]:
        """The rows of a SELECT, one at a time (not kept: what the pages share is kept derived,
        see :meth:`once`; at 19,680 articles a whole-graph read is 350k rows)."""
        return iter_rows(self.store, sparql, self._strings)

    def once(self, key: str, compute: Callable[[], T]) -> T:
        """``compute()``, computed once per :class:`Facts` under ``key``: what several pages
        derive from the same rows (treat it as read-only)."""
        if key not in self._derived:
            self._derived[key] = compute()
        return self._derived[key]

    @cached_property
    def typed(self) -> dict[str, str]:
        """Every node of a kind in the table, minor events too -> its most specific kind."""
        types: dict[str, set[str]] = defaultdict(set)
        for r in self.rows(
            f"SELECT DISTINCT ?n ?t WHERE {{ ?n a ?t . VALUES ?t {{ {iri_values(i for _, i in self._table)} }} }}"
        ):
            types[r["n"]].add(r["t"])
        return {n: kind_of(ts, (k for k, _ in self._table)) or "other" for n, ts in types.items()}

    @cached_property
    def kinds(self) -> dict[str, str]:
        """Every entity, event and time IRI -> its most specific kind."""
        minor = minor_events(self.store)  # Occurrences with fewer than two participants: not drawn
        return {n: kind for n, kind in self.typed.items() if n not in minor}

    # The reads below take every node's values and keep the typed nodes' here: joined with the
    # types (and grouped) in the query, they took 2-3 times as long (19,680 articles: the labels
    # 10.4 s against 4.2, the mentions counted 14.1 against 4.4), 2026-12-06.

    def _of_typed(self, sparql: str) -> Iterator[tuple[str, str]]:
        """(node, value) of a SELECT of ``?n`` and one value, for the typed nodes (the others'
        are let go unshared: at 19,680 articles 70k labelled nodes more)."""
        typed, share = self.typed, self._strings.setdefault
        for n, value in query(self.store, sparql):
            node = term_value(n)
            if node in typed:
                yield share(node, node), value.value

    @cached_property
    def labels(self) -> dict[str, str]:
        """Typed node -> its least label (in code point order, as SPARQL's MIN)."""
        return least_values(self._of_typed("SELECT ?n (STR(?l) AS ?label) WHERE { ?n rdfs:label ?l }"))

    @cached_property
    def alt_labels(self) -> dict[str, list[str]]:
        alts: dict[str, set[str]] = defaultdict(set)
        for n, alt in self._of_typed("SELECT ?n (STR(?l) AS ?alt) WHERE { ?n skos:altLabel ?l }"):
            alts[n].add(alt)
        return {n: sorted(a) for n, a in alts.items()}

    @cached_property
    def graphs(self) -> dict[str, list[str]]:
        """Node -> the article graphs that state it (type it)."""
        rows = self.rows(
            f"SELECT DISTINCT ?n ?g WHERE {{ GRAPH ?g {{ ?n a ?t }} "
            f"VALUES ?t {{ {iri_values(i for _, i in self._table)} }} }}"
        )
        found: dict[str, set[str]] = defaultdict(set)
        for r in rows:
            if r["g"] in self.articles:
                found[r["n"]].add(r["g"])
        return {n: sorted(gs) for n, gs in found.items()}

    @cached_property
    def mention_counts(self) -> dict[str, int]:
        """Node -> the number of its distinct mentions (all graphs)."""
        rows = self._of_typed(
            "SELECT ?n (COUNT(DISTINCT ?m) AS ?c) WHERE { GRAPH ?g { ?n gaf:denotedBy ?m } } GROUP BY ?n"
        )
        return {n: int(c) for n, c in rows}

    def mentions_of(self, nodes: Iterable[str]) -> dict[str, list[Mention]]:
        """Node -> its mentions (all graphs), in article and text order, with their sentences'
        texts: read for ``nodes`` only (a page draws a few hundred nodes of a graph that may
        have millions of mentions), each node once per :class:`Facts`."""
        wanted = sorted({n for n in nodes if n not in self._mentions})
        if wanted:
            rows = select_in(
                self.store,
                f"""SELECT DISTINCT ?n ?g ?m ?s (STR(?text) AS ?sentence) WHERE {{
                ?n a ?t . VALUES ?t {{ {iri_values(i for _, i in self._table)} }}
                GRAPH ?g {{ ?n gaf:denotedBy ?m }}
                OPTIONAL {{ ?m nif:sentence ?s OPTIONAL {{ ?s nif:anchorOf ?text }} }} }}""",
                "n",
                wanted,
            )
            found = group_mentions(rows)
            for n in wanted:
                self._mentions[n] = found.get(n, [])
        return {n: self._mentions.get(n, []) for n in nodes}

    def mentions_in(self, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], list[Mention]]:
        """(node, graph) -> the node's mentions in that graph, read for ``pairs`` only (a
        tooltip lists a node's first few sources: at 20,000 articles a country has thousands)."""
        pairs = list(pairs)
        # only typed nodes have mentions here (as in :meth:`mentions_of`): tested in Python, a
        # type pattern in the query made Oxigraph scan every typed node for each batch
        wanted = sorted({pair for pair in pairs if pair not in self._mentions_in and pair[0] in self.kinds})
        if wanted:
            for start in range(0, len(wanted), 400):
                values = " ".join(
                    f"({pyoxigraph.NamedNode(n)} {pyoxigraph.NamedNode(g)})"
                    for n, g in wanted[start : start + 400]
                )
                rows = select(
                    self.store,
                    f"""SELECT DISTINCT ?n ?g ?m ?s (STR(?text) AS ?sentence) WHERE {{
                    VALUES (?n ?g) {{ {values} }} GRAPH ?g {{ ?n gaf:denotedBy ?m }}
                    OPTIONAL {{ ?m nif:sentence ?s OPTIONAL {{ ?s nif:anchorOf ?text }} }} }}""",
                )
                for n, ms in group_mentions(rows).items():
                    for m in ms:
                        self._mentions_in.setdefault((n, m.graph), []).append(m)
        return {pair: self._mentions_in.get(pair, []) for pair in pairs}

    @cached_property
    def quotation_mentions(self) -> dict[str, list[Mention]]:
        rows = self.rows("""SELECT DISTINCT ?n ?g ?m ?s (STR(?text) AS ?sentence) WHERE {
            ?n a schema:Quotation . GRAPH ?g { ?n gaf:denotedBy ?m }
            OPTIONAL { ?m nif:sentence ?s OPTIONAL { ?s nif:anchorOf ?text } } }""")
        return group_mentions(rows)

    @cached_property
    def time_stamps(self) -> dict[str, list[str]]:
        rows = self.rows("""SELECT DISTINCT ?n (STR(?ts) AS ?stamp) WHERE {
            ?n a sem:Time . { ?n sem:hasTimeStamp ?ts } UNION { ?n sem:hasBeginTimeStamp ?ts }
            UNION { ?n sem:hasEndTimeStamp ?ts } }""")
        found: dict[str, set[str]] = defaultdict(set)
        for r in rows:
            found[r["n"]].add(r["stamp"])
        return {n: sorted(s) for n, s in found.items()}

    @cached_property
    def co_mentions(self) -> dict[tuple[str, str], int]:
        """(a, b) with a < b -> the number of sentences that name both: the ``kg:CoMention``
        pairs of the summary graph (:mod:`kg.summary`; none in a store without one)."""
        rows = self.rows(f"""SELECT ?pair ?e ?n WHERE {{ GRAPH <{summary_graph_iri()}> {{
            ?pair kg:sentenceCount ?n ; kg:coMentionOf ?e }} }}""")
        members: dict[str, list[str]] = defaultdict(list)
        count = {}
        for r in rows:
            members[r["pair"]].append(r["e"])
            count[r["pair"]] = int(r["n"])
        found = {}
        for pair, both in members.items():
            if len(both) == 2:
                a, b = sorted(both)
                found[a, b] = count[pair]
        return found

    @cached_property
    def event_types(self) -> dict[str, str]:
        """Event -> the preferred label of its type (the first, if several)."""
        rows = self.rows(
            "SELECT ?e (MIN(STR(?l)) AS ?type) WHERE { ?e a sem:Event ; sem:eventType/skos:prefLabel ?l } GROUP BY ?e"
        )
        return {r["e"]: r["type"] for r in rows}

    def evidence(self, node: str, graphs: Iterable[str] | None = None) -> list[tuple[str, str]]:
        """(graph, sentence) pairs of ``node``'s mentions in article graphs, at most
        MAX_EVIDENCE per graph."""
        wanted = set(graphs) if graphs is not None else None
        return evidence(self.mentions_of([node])[node], self.articles, wanted)

    def edge_evidence(self, s: str, o: str, graphs: Iterable[str]) -> list[tuple[str, str]]:
        """The sentences an s → o fact came from, per graph: the subject's mentions that share
        a sentence with a mention of the object, else the subject's, else the object's."""
        return edge_evidence(self.mentions_of([s, o]), s, o, graphs)

    def node(self, iri: str, kind: str | None = None, *, lazy: bool = False) -> dict:
        """The attributes of a node of the typed views; with ``lazy``, its ``evidence`` is a
        :class:`Pending` that :func:`fill_evidence` replaces (for the nodes a page keeps)."""
        graphs = self.graphs.get(iri, [])
        attrs = [("time stamp", ts) for ts in self.time_stamps.get(iri, [])]
        kind = kind or self.kinds.get(iri, "other")
        typed = {"event_type": self.event_types[iri]} if kind == "event" and iri in self.event_types else {}
        return dict(
            label=self.labels.get(iri) or local_name(iri),
            kind=kind,
            alt_labels=self.alt_labels.get(iri, []),
            mentions=self.mention_counts.get(iri, 0),
            sources=len(graphs),
            graphs=graphs,
            evidence=Pending(iri) if lazy else self.evidence(iri),
            attrs=attrs,
            **typed,
        )


class Pending(NamedTuple):
    """Evidence not read yet: of node ``a`` (``b`` is None), restricted to ``graphs`` when
    given, or of the fact ``a`` → ``b`` in ``graphs``."""

    a: str
    b: str | None = None
    graphs: tuple[str, ...] | None = None


def fill_evidence(graph, facts: Facts, sources: int | None = None) -> None:
    """Replace every :class:`Pending` evidence of ``graph``'s nodes and edges, reading the
    mentions of the nodes concerned in one pass; with ``sources``, only for the first
    ``sources`` of each one's ``graphs`` (the sources a tooltip lists)."""
    pending = [d for _, d in graph.nodes(data=True) if isinstance(d.get("evidence"), Pending)]
    pending += [d for *_, d in graph.edges(data=True) if isinstance(d.get("evidence"), Pending)]
    if not pending:
        return
    if sources is None:
        facts.mentions_of({n for d in pending for n in (d["evidence"].a, d["evidence"].b) if n is not None})
        for d in pending:
            p = d["evidence"]
            if p.b is None:
                d["evidence"] = facts.evidence(p.a, p.graphs)
            else:
                d["evidence"] = facts.edge_evidence(p.a, p.b, p.graphs or ())
        return
    shown = {}
    for i, d in enumerate(pending):
        p = d["evidence"]
        graphs = p.graphs if p.graphs is not None else d["graphs"]
        shown[i] = sorted(set(graphs) & set(d["graphs"]) if p.b is None else set(graphs))[:sources]
    found = facts.mentions_in(
        {
            (n, g)
            for i, d in enumerate(pending)
            for n in (d["evidence"].a, d["evidence"].b)
            if n
            for g in shown[i]
        }
    )
    for i, d in enumerate(pending):
        p, graphs = d["evidence"], shown[i]
        mentions = {n: [m for g in graphs for m in found[n, g]] for n in (p.a, p.b) if n is not None}
        if p.b is None:
            d["evidence"] = evidence(mentions[p.a], facts.articles, set(graphs))
        else:
            d["evidence"] = edge_evidence(mentions, p.a, p.b, graphs)


def group_mentions(rows: Iterable[Row], sentences: dict[str, str] | None = None) -> dict[str, list[Mention]]:
    """Node -> its mentions, from rows of ``?n ?g ?m ?s`` and either ``?sentence`` (the text)
    or ``sentences`` (sentence IRI -> text)."""
    found: dict[str, set[Mention]] = defaultdict(set)
    for r in rows:
        s = r["s"]
        text = r.get("sentence") if sentences is None else sentences.get(s) if s else None
        found[r["n"]].add(Mention(r["g"], r["m"], s, text))
    return {
        n: sorted(ms, key=lambda m: (m.graph, m.begin, m.iri, m.sentence or "", m.text or ""))
        for n, ms in found.items()
    }


def evidence(
    mentions: list[Mention], known: dict[str, Source], wanted: set[str] | None
) -> list[tuple[str, str]]:
    per_graph: dict[str, list[str]] = defaultdict(list)
    for m in mentions:
        if (
            m.graph in known
            and (wanted is None or m.graph in wanted)
            and m.text
            and m.text not in per_graph[m.graph]
            and len(per_graph[m.graph]) < MAX_EVIDENCE
        ):
            per_graph[m.graph].append(m.text)
    return [(g, t) for g in sorted(per_graph) for t in per_graph[g]]


def edge_evidence(
    mentions: dict[str, list[Mention]], s: str, o: str, graphs: Iterable[str]
) -> list[tuple[str, str]]:
    found = []
    for g in sorted(graphs):
        subj = [m for m in mentions.get(s, []) if m.graph == g and m.text]
        obj = [m for m in mentions.get(o, []) if m.graph == g and m.text]
        shared = {m.sentence for m in obj}
        chosen = [m for m in subj if m.sentence in shared] or subj or obj
        found += [(g, t) for t in list(dict.fromkeys(m.text for m in chosen if m.text))[:MAX_EVIDENCE]]
    return found
