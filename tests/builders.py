"""The shared test builders: every hand-made input that more than one test module uses.

- paths: :data:`ROOT`, :data:`SEEDS`;
- articles and extractions from plain text: :func:`make_article`, :class:`ArticleBuilder`;
- spaCy Docs written as tables, one token a row (no statistical model): :func:`make_doc`,
  :func:`run`, :func:`named`, and the sentence tables several modules share.  A table's
  columns are ``index word POS tag dep head lemma ent``: ``head`` is the index of the head
  token *within the same sentence block* (a root's head is itself); ``lemma`` ``_`` means
  the word itself (lower-cased unless PROPN); ``ent`` is an IOB tag.  :func:`make_doc` joins
  the blocks into one Doc, so each block is one sentence.  The vocabulary is that of a
  blank English pipeline, only so that lexical attributes such as ``is_title`` are set;
- hand-built stores for the views: :class:`ArticleGraph`, :func:`make_store`, :func:`dataset`
  (two articles, one hostile, and the service graphs), :func:`places_dataset` (places and
  dates), and readers of a written page (:func:`datasets`, :func:`options`, :func:`scripts`).

Test modules import from here (and from ``stores.py`` and ``browser.py``), never from each other.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pyoxigraph
import spacy
from rdflib import Dataset, Literal, URIRef
from spacy.tokens import Doc

from kg import vocab
from kg.extract import extract
from kg.lexicon import load_event_types
from kg.model import (
    Article,
    EntityKind,
    EventMention,
    Extraction,
    LocalEntity,
    Quote,
    Span,
    TimeExpr,
)
from kg.readers import article_id
from kg.store import refresh_union
from kg.vocab import GAF, GEO, KG, KGID, NIF, OWL, PROV, RDF, RDFS, SCHEMA, SEM, SKOS

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
KHARKIV_ID = 706483

SENTENCE = re.compile(r"[^.!?\n]+[.!?]”?")


def make_article(text: str, published: str | None = None, outlet: str | None = None) -> Article:
    """An article of ``text``, its first line the headline."""
    return Article(
        id=article_id(text),
        text=text,
        headline=text.split("\n")[0],
        source="test.txt",
        format="txt",
        published=published,
        outlet=outlet,
        url="https://example.com/a",
    )


class ArticleBuilder:
    """One article and its extraction, built by naming surface strings of the text.

    A surface is found as a whole word (or words); ``nth`` picks among its occurrences,
    counting from 0.  Sentences are the text's runs ending in ``.``, ``!`` or ``?`` (and a
    closing ``”``), never across a line break.
    """

    def __init__(self, text: str, published: str | None = None, outlet: str | None = None):
        self.text = text
        sentences = [Span(m.start(), m.end(), m.group()) for m in SENTENCE.finditer(text)]
        self.x = Extraction(
            article=make_article(text, published, outlet),
            sentences=[
                Span(s.start + len(s.text) - len(s.text.lstrip()), s.end, s.text.lstrip()) for s in sentences
            ],
        )

    @property
    def aid(self) -> str:
        return self.x.article.id

    def span(self, surface: str, nth: int = 0) -> Span:
        starts = [m.start() for m in re.finditer(r"(?<!\w)" + re.escape(surface) + r"(?!\w)", self.text)]
        return Span(starts[nth], starts[nth] + len(surface), surface)

    def sentence(self, span: Span) -> Span:
        return next(s for s in self.x.sentences if s.start <= span.start < s.end)

    def entity(
        self,
        kind: EntityKind,
        *names: str,
        mentions: tuple | list = (),
        geonameid: int | None = None,
        country: str | None = None,
    ) -> int:
        """An entity named ``names``, each mentioned at its first occurrence.

        ``mentions`` adds further mentions as ``(surface, nth)`` (or ``(surface,)``) pairs;
        the name with the most words (the first of those) is the entity's name.
        """
        spans = [self.span(n) for n in names] + [self.span(*m) for m in mentions]
        self.x.entities.append(
            LocalEntity(
                id=len(self.x.entities),
                kind=kind,
                name=max(names, key=lambda n: len(n.split())) if names else "",
                mentions=sorted(set(spans), key=lambda s: (s.start, s.end)),
                names=sorted(set(names)),
                geonameid=geonameid,
                country=country,
            )
        )
        return len(self.x.entities) - 1

    def group(self, surface: str, country: str) -> int:
        return self.entity(EntityKind.GROUP, surface, country=country)

    def kharkiv(self, surface: str = "Kharkiv") -> int:
        return self.entity(EntityKind.PLACE, surface, geonameid=KHARKIV_ID, country="UA")

    def time(self, surface: str, date: str | None) -> TimeExpr:
        t = TimeExpr(span=self.span(surface), date=date)
        self.x.times.append(t)
        return t

    def event(
        self,
        trigger: str,
        type_: str,
        agents=(),
        patients=(),
        places=(),
        time: TimeExpr | None = None,
        nth: int = 0,
    ) -> int:
        span = self.span(trigger, nth)
        self.x.events.append(
            EventMention(
                trigger=span,
                type=type_,
                lemma=trigger.lower(),
                sentence=self.sentence(span),
                agents=list(agents),
                patients=list(patients),
                places=list(places),
                time=time,
            )
        )
        return len(self.x.events) - 1

    def quote(
        self, pieces: list[str], speaker: int, cue: str = "said", about_entities=(), about_events=()
    ) -> int:
        spans = [self.span(p) for p in pieces]
        self.x.quotes.append(
            Quote(
                pieces=spans,
                speaker=speaker,
                cue=self.span(cue),
                sentence=self.sentence(spans[0]),
                about_entities=list(about_entities),
                about_events=list(about_events),
            )
        )
        return len(self.x.quotes) - 1


# -- spaCy Docs written as tables -----------------------------------------------------

VOCAB = spacy.blank("en").vocab
# The unit tests of typed events run without the generic layer (kge:Occurrence for the other
# verbs and nouns, on by default): its own tests use GENERIC_LEXICON and run_generic.
GENERIC_LEXICON = dataclasses.replace(load_event_types(), generic=True)
LEXICON = dataclasses.replace(GENERIC_LEXICON, generic=False)

NO_SPACE_BEFORE = {".", ",", "”", "'s", "’s", ":", ";", "!", "?", ")", "\n"}
NO_SPACE_AFTER = {"“", "(", "\n"}


def make_doc(*sentences: str) -> Doc:
    """A Doc from sentence tables (see the module docstring)."""
    words, pos, tags, deps, heads, lemmas, ents = [], [], [], [], [], [], []
    for block in sentences:
        offset = len(words)
        for n, line in enumerate(block.strip("\n").splitlines()):
            cols = line.split()
            assert len(cols) == 8, f"8 columns expected: {line!r}"
            index, word, p, tag, dep, head, lemma, ent = cols
            assert int(index) == n, f"row {n} is numbered {index}: {line!r}"
            word = "\n" if word == r"\n" else word
            words.append(word)
            pos.append(p)
            tags.append(tag)
            deps.append(dep)
            heads.append(offset + int(head))
            lemmas.append(lemma if lemma != "_" else (word if p == "PROPN" else word.lower()))
            ents.append(ent)
    spaces = [
        i + 1 < len(words) and words[i + 1] not in NO_SPACE_BEFORE and words[i] not in NO_SPACE_AFTER
        for i in range(len(words))
    ]
    doc = Doc(
        VOCAB,
        words=words,
        spaces=spaces,
        pos=pos,
        tags=tags,
        deps=deps,
        heads=heads,
        lemmas=lemmas,
        ents=ents,
    )
    starts = [0] + [
        sum(len(b.strip("\n").splitlines()) for b in sentences[:k]) for k in range(1, len(sentences))
    ]
    assert [s.start for s in doc.sents] == starts, "each block must be one dependency tree"
    return doc


def run(doc: Doc, published: str | None = None) -> Extraction:
    return extract(make_article(doc.text, published), doc, LEXICON)


def run_generic(doc: Doc, published: str | None = None) -> Extraction:
    """:func:`run` with the generic layer on (kg's default)."""
    return extract(make_article(doc.text, published), doc, GENERIC_LEXICON)


def mention_texts(entity) -> list[str]:
    """The texts of an entity's mentions, in order."""
    return [m.text for m in entity.mentions]


def glued(doc: Doc) -> Doc:
    """The same Doc without spaces around hyphens: "Washington-based", as the article has it."""
    spaces = [
        bool(t.whitespace_) and t.tag_ != "HYPH" and not (t.i + 1 < len(doc) and doc[t.i + 1].tag_ == "HYPH")
        for t in doc
    ]
    return Doc(
        doc.vocab,
        words=[t.text for t in doc],
        spaces=spaces,
        pos=[t.pos_ for t in doc],
        tags=[t.tag_ for t in doc],
        deps=[t.dep_ for t in doc],
        heads=[t.head.i for t in doc],
        lemmas=[t.lemma_ for t in doc],
        ents=[t.ent_iob_ + (f"-{t.ent_type_}" if t.ent_type_ else "") for t in doc],
    )


def check_evidence(x: Extraction) -> None:
    for r in x.relations:
        assert r.evidence is not None
        assert x.article.text[r.evidence.start : r.evidence.end] == r.evidence.text


def named(x: Extraction, name: str) -> LocalEntity:
    found = [e for e in x.entities if e.name == name]
    assert len(found) == 1, f"{name!r} not among {[e.name for e in x.entities]}"
    return found[0]


# -- sentence tables shared by several test modules ---------------------------------

PULLED_BACK_FROM_KHARKIV = """

0 Russian ADJ   JJ   amod   1 _     B-NORP
1 troops  NOUN  NNS  nsubj  2 troop O
2 pulled  VERB  VBD  ROOT   2 pull  O
3 back    ADV   RB   advmod 2 _     O
4 from    ADP   IN   prep   3 _     O
5 Kharkiv PROPN NNP  pobj   4 _     B-LOC
6 .       PUNCT .    punct  2 _     O
"""


KHARKIV_IS_THE_SECOND_LARGEST_CITY = """

 0 Kharkiv NOUN  NN   nsubj  1 _     O
 1 is      AUX   VBZ  ROOT   1 be    O
 2 the     DET   DT   det    6 _     O
 3 second  ADV   RB   advmod 5 _     B-ORDINAL
 4 -       PUNCT HYPH punct  5 _     O
 5 largest ADJ   JJS  amod   6 large O
 6 city    NOUN  NN   attr   1 _     O
 7 in      ADP   IN   prep   6 _     O
 8 Ukraine PROPN NNP  pobj   7 _     B-GPE
 9 .       PUNCT .    punct  1 _     O
"""


IT_HAD_RESIDENTS = """

0 It        PRON  PRP  nsubj    1 _        O
1 had       VERB  VBD  ROOT     1 have     O
2 1.4       NUM   CD   compound 3 _        B-CARDINAL
3 million   NUM   CD   nummod   4 _        I-CARDINAL
4 residents NOUN  NNS  dobj     1 resident O
5 before    ADP   IN   prep     1 _        O
6 the       DET   DT   det      7 _        O
7 war       NOUN  NN   pobj     5 _        O
8 .         PUNCT .    punct    1 _        O
"""


STRIKE_REPORTEDLY_KILLED = """

 0 Ukraine     PROPN NNP  nsubj    1 _       B-GPE
 1 destroyed   VERB  VBD  ROOT     1 destroy O
 2 a           DET   DT   det      4 _       O
 3 pontoon     NOUN  NN   compound 4 _       O
 4 bridge      NOUN  NN   dobj     1 _       O
 5 in          ADP   IN   prep     4 _       O
 6 Bilohorivka PROPN NNP  pobj     5 _       B-GPE
 7 ,           PUNCT ,    punct    6 _       O
 8 where       SCONJ WRB  advmod  12 _       O
 9 the         DET   DT   det     10 _       O
10 strike      NOUN  NN   nsubj   12 _       O
11 reportedly  ADV   RB   advmod  12 _       O
12 killed      VERB  VBD  relcl    6 kill    O
13 more        ADJ   JJR  amod    15 _       B-CARDINAL
14 than        ADP   IN   quantmod 15 _      I-CARDINAL
15 400         NUM   CD   nummod  17 _       I-CARDINAL
16 Russian     ADJ   JJ   amod    17 _       B-NORP
17 troops      NOUN  NNS  dobj    12 troop   O
18 .           PUNCT .    punct    1 _       O
"""


TRYING_TO_COME_OUT_VICTORIOUS = """

0 Russia     PROPN NNP  nsubj 2 _   B-GPE
1 is         AUX   VBZ  aux   2 be  O
2 trying     VERB  VBG  ROOT  2 try O
3 to         PART  TO   aux   4 _   O
4 come       VERB  VB   xcomp 2 _   O
5 out        ADP   RP   prt   4 _   O
6 victorious ADJ   JJ   acomp 4 _   O
7 in         ADP   IN   prep  4 _   O
8 Donbas     PROPN NNP  pobj  7 _   B-GPE
9 .          PUNCT .    punct 2 _   O
"""


# -- hand-built stores for the views ---------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
EVIL = "<b>Evil</b>"
JS_URL = "javascript:alert(1)"

ZELENSKY = KGID["person/volodymyr-zelensky"]
KHARKIV = KGID["place/kharkiv"]
UKRAINE = KGID["place/ukraine"]
FORCES = KGID["group/russian-forces"]
EVIL_ORG = KGID["organization/evil"]
REUTERS = KGID["organization/reuters"]
EVIL_NEWS = KGID["organization/evil-news"]
EVENT = KGID["event/withdrawal-kharkiv"]
SUNDAY = KGID["time/aaaaaaaaaaaaaaaa-0-6"]
QUOTE = KGID["quotation/q1"]
EVIL_QUOTE = KGID["quotation/q2"]
GRAPH_A = KGID["graph/aaaaaaaaaaaaaaaa"]
GRAPH_B = KGID["graph/bbbbbbbbbbbbbbbb"]
SERVICE_GRAPHS = (KGID["graph/geonames"], KGID["graph/identity"], KGID["graph/analysis"])

A_SENTENCES = [
    "Volodymyr Zelensky said Russian troops withdrew from Kharkiv on Sunday.",
    "Zelensky thanked the defenders.",
]
B_SENTENCES = [
    f"Vladimir Zelensky met {IMG} the {EVIL} group.",
    f"{EVIL} said {SCRIPT} is coming.",
    "Russian troops withdrew, the group said.",
]


class ArticleGraph:
    """Writes one article's named graph the way docs/rdf-contract.md describes."""

    def __init__(
        self,
        ds: Dataset,
        aid: str,
        sentences: list[str],
        headline: str,
        *,
        date: str | None = None,
        url: str | None = None,
    ):
        self.iri, self.sentences = KGID[f"article/{aid}"], sentences
        self.text = " ".join(sentences)
        self.g = ds.graph(KGID[f"graph/{aid}"])
        self.g.add((self.g.identifier, PROV.wasDerivedFrom, self.iri))
        for p, o in (
            (RDF.type, SCHEMA.NewsArticle),
            (RDF.type, NIF.Context),
            (SCHEMA.headline, Literal(headline)),
            (NIF.isString, Literal(self.text)),
        ):
            self.g.add((self.iri, p, o))
        if date:
            self.g.add((self.iri, SCHEMA.datePublished, Literal(date, datatype=vocab.XSD.date)))
        if url:
            self.g.add((self.iri, SCHEMA.url, Literal(url, datatype=vocab.XSD.anyURI)))

    def _span(self, begin: int, end: int, kind: URIRef) -> URIRef:
        iri = URIRef(f"{self.iri}#char={begin},{end}")
        for p, o in (
            (RDF.type, kind),
            (NIF.referenceContext, self.iri),
            (NIF.beginIndex, Literal(begin, datatype=vocab.XSD.nonNegativeInteger)),
            (NIF.endIndex, Literal(end, datatype=vocab.XSD.nonNegativeInteger)),
            (NIF.anchorOf, Literal(self.text[begin:end])),
        ):
            self.g.add((iri, p, o))
        return iri

    def mention(self, node: URIRef, sentence: int, surface: str) -> URIRef:
        """Add ``node gaf:denotedBy`` a mention of ``surface`` in sentence ``sentence``."""
        s_begin = len(" ".join(self.sentences[:sentence])) + (1 if sentence else 0)
        s_iri = self._span(s_begin, s_begin + len(self.sentences[sentence]), NIF.Sentence)
        begin = s_begin + self.sentences[sentence].index(surface)
        m_iri = self._span(begin, begin + len(surface), NIF.Phrase)
        self.g.add((m_iri, NIF.sentence, s_iri))
        self.g.add((node, GAF.denotedBy, m_iri))
        return m_iri

    def entity(self, node: URIRef, types: list[URIRef], label: str, alts: tuple[str, ...] = ()) -> None:
        for t in types:
            self.g.add((node, RDF.type, t))
        self.g.add((node, RDFS.label, Literal(label)))
        for alt in alts:
            self.g.add((node, SKOS.altLabel, Literal(alt)))

    def publisher(self, outlet: URIRef, label: str) -> None:
        self.g.add((self.iri, SCHEMA.publisher, outlet))
        self.entity(outlet, [SCHEMA.Organization], label)

    def event(self, node: URIRef, label: str, **roles: URIRef) -> None:
        """An event with roles given as agent=, patient=, actor=, place=, time=."""
        self.entity(node, [SEM.Event], label)
        for role, target in roles.items():
            if role in ("agent", "patient"):
                self.g.add((node, KG[role], target))
                self.g.add((node, SEM.hasActor, target))
            else:
                self.g.add(
                    (node, {"actor": SEM.hasActor, "place": SEM.hasPlace, "time": SEM.hasTime}[role], target)
                )

    def quotation(self, q: URIRef, creator: URIRef, text: str, about: list[URIRef]) -> None:
        self.g.add((q, RDF.type, SCHEMA.Quotation))
        self.g.add((q, SCHEMA.creator, creator))
        self.g.add((q, SCHEMA.text, Literal(text)))
        for target in about:
            self.g.add((q, SCHEMA.about, target))


def with_summary(ds: Dataset) -> Dataset:
    """``ds`` with the summary graph a build would write for its article graphs
    (:class:`kg.summary.Summary`: counts, and the pairs of entities named in one sentence)."""
    from kg.iris import summary_graph_iri
    from kg.summary import Summary

    summary = Summary()
    for graph in sorted(ds.graphs(), key=lambda g: str(g.identifier)):
        if (graph.identifier, PROV.wasDerivedFrom, None) in graph:
            summary.add_article(graph.identifier, [(s, p, o, graph.identifier) for s, p, o in graph])
    target = ds.graph(summary_graph_iri())
    for s, p, o, _ in summary.quads():
        target.add((s, p, o))
    return ds


def make_store(ds: Dataset) -> pyoxigraph.Store:
    """An in-memory store of ``ds``'s named graphs, with the union default graph."""
    store = pyoxigraph.Store()
    store.load(input=ds.serialize(format="nquads"), format=pyoxigraph.RdfFormat.N_QUADS)
    refresh_union(store)
    return store


def _article_a(ds: Dataset) -> None:
    a = ArticleGraph(
        ds,
        "aaaaaaaaaaaaaaaa",
        A_SENTENCES,
        "Kharkiv battle ends",
        date="2022-05-16",
        url="https://example.com/a",
    )
    a.publisher(REUTERS, "Reuters")
    a.entity(ZELENSKY, [SCHEMA.Person], "Volodymyr Zelensky", ("Zelensky",))
    a.mention(ZELENSKY, 0, "Volodymyr Zelensky")
    a.mention(ZELENSKY, 1, "Zelensky")
    a.entity(KHARKIV, [SCHEMA.Place], "Kharkiv")
    a.mention(KHARKIV, 0, "Kharkiv")
    a.entity(FORCES, [SCHEMA.Organization, KG.ActorGroup], "Russian troops")
    a.mention(FORCES, 0, "Russian troops")
    a.event(
        EVENT, "Withdrawal: Russian troops, Kharkiv", agent=FORCES, actor=ZELENSKY, place=KHARKIV, time=SUNDAY
    )
    a.mention(EVENT, 0, "withdrew")
    a.entity(SUNDAY, [SEM.Time], "Sunday")
    a.g.add((SUNDAY, SEM.hasTimeStamp, Literal("2022-05-15", datatype=vocab.XSD.date)))
    a.g.add((EVENT, SEM.hasTimeStamp, Literal("2022-05-15", datatype=vocab.XSD.date)))
    a.quotation(QUOTE, ZELENSKY, "We won the battle of Kharkiv", [KHARKIV, EVENT])
    a.g.add((QUOTE, GAF.denotedBy, a.mention(QUOTE, 1, "thanked the defenders")))


def _article_b(ds: Dataset) -> None:
    b = ArticleGraph(ds, "bbbbbbbbbbbbbbbb", B_SENTENCES, f"{SCRIPT} breaking {IMG}", url=JS_URL)
    b.publisher(EVIL_NEWS, f"{SCRIPT} News")
    b.entity(ZELENSKY, [SCHEMA.Person], "Volodymyr Zelensky", ("Vladimir Zelensky",))
    b.mention(ZELENSKY, 0, "Vladimir Zelensky")
    b.entity(EVIL_ORG, [SCHEMA.Organization], EVIL)
    b.mention(EVIL_ORG, 0, EVIL)
    b.mention(EVIL_ORG, 1, EVIL)
    b.entity(FORCES, [SCHEMA.Organization, KG.ActorGroup], "Russian troops")
    b.mention(FORCES, 2, "Russian troops")
    b.event(EVENT, "Withdrawal: Russian troops, Kharkiv", agent=FORCES)
    b.mention(EVENT, 2, "withdrew")
    b.quotation(QUOTE, ZELENSKY, "We won the battle of Kharkiv", [KHARKIV, EVENT])
    b.quotation(EVIL_QUOTE, EVIL_ORG, f"{SCRIPT} is coming", [ZELENSKY])


def _service_graphs(ds: Dataset) -> None:
    """What kg's service graphs hold, and more: none of it may count as a source."""
    geonames, identity, analysis = (ds.graph(g) for g in SERVICE_GRAPHS)
    geonames.add((geonames.identifier, PROV.wasDerivedFrom, URIRef("https://www.geonames.org/")))
    geonames.add((KHARKIV, GEO.lat, Literal("49.98177", datatype=vocab.XSD.decimal)))
    geonames.add((KHARKIV, GEO.long, Literal("36.25475", datatype=vocab.XSD.decimal)))
    geonames.add((KHARKIV, SCHEMA.containedInPlace, UKRAINE))
    geonames.add((KHARKIV, RDF.type, SCHEMA.Place))
    for p, o in (
        (RDF.type, SCHEMA.Place),
        (RDF.type, SCHEMA.Country),
        (RDFS.label, Literal("Ukraine")),
        (SCHEMA.identifier, Literal("UA")),
        (SCHEMA.identifier, Literal("UKR")),
    ):
        geonames.add((UKRAINE, p, o))
    identity.add((KGID["person/zelenskyy"], OWL.sameAs, ZELENSKY))
    identity.add((ZELENSKY, RDF.type, SCHEMA.Person))
    for g in (identity, analysis):
        g.add((EVENT, RDF.type, SEM.Event))
        g.add((EVENT, KG.agent, FORCES))
        g.add((ZELENSKY, RDF.type, SCHEMA.Person))
        g.add((QUOTE, SCHEMA.creator, ZELENSKY))
        g.add((QUOTE, SCHEMA.about, KHARKIV))


def dataset() -> Dataset:
    """Two articles (B hostile) and the three service graphs."""
    ds = Dataset()
    _article_a(ds)
    _article_b(ds)
    _service_graphs(ds)
    return ds


def datasets(page: str, name: str) -> list[dict]:
    """The JSON array pyvis passes to ``new vis.DataSet`` for ``name``."""
    start = page.index(f"{name} = new vis.DataSet(") + len(f"{name} = new vis.DataSet(")
    return json.JSONDecoder().raw_decode(page, start)[0]


def page_data(page: str) -> dict:
    """The page's own data (``<script type="application/json" id="kg-data">``): the nodes not
    linked to anything (``loose``), the communities, the label budget."""
    start = page.index('<script type="application/json" id="kg-data">') + len(
        '<script type="application/json" id="kg-data">'
    )
    return json.loads(page[start : page.index("</script>", start)])


def options(page: str) -> dict:
    start = page.index("var options = ") + len("var options = ")
    return json.JSONDecoder().raw_decode(page, start)[0]


def scripts(page: str) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", page, re.S)


# ------------------------------------------- a store with places and dates
# (shared with tests/test_view_map.py, test_view_timeline.py and test_view_safety.py)

IZYUM, ATLANTIS, WASHINGTON = KGID["place/izyum"], KGID["place/atlantis"], KGID["place/washington"]
HOSTILE_PLACE = KGID["place/hostile"]
SHELLING, WITHDRAWAL, FIGHTING = KGID["event/shelling"], KGID["event/withdrawal"], KGID["event/fighting"]
UNDATED_IN_DATED, ATLANTIS_STRIKE, HOSTILE_EVENT = (
    KGID["event/advance"],
    KGID["event/atlantis-strike"],
    KGID["event/hostile"],
)
P_SENTENCES = [
    "Shelling hit Kharkiv on Sunday.",
    "Troops withdrew from Izyum last week.",
    "Fighting in Kharkiv continued.",
    "Troops advanced on Izyum.",
]
Q_SENTENCES = [
    f"{IMG} shelled Kharkiv.",
    f"{SCRIPT} attacked the town.",
    "A strike hit Atlantis.",
]


def places_dataset() -> Dataset:
    """Dated and undated events at places with and without coordinates; article Q is hostile."""
    ds = Dataset()
    p = ArticleGraph(
        ds, "pppppppppppppppp", P_SENTENCES, "Week in Kharkiv", date="2022-05-01", url="https://example.com/p"
    )
    p.publisher(REUTERS, "Reuters")
    for node, label in ((KHARKIV, "Kharkiv"), (IZYUM, "Izyum"), (WASHINGTON, "Washington")):
        p.entity(node, [SCHEMA.Place], label)
    p.event(SHELLING, "Shelling: in Kharkiv", place=KHARKIV)
    p.mention(SHELLING, 0, "Shelling")
    p.g.add((SHELLING, SEM.hasTimeStamp, Literal("2022-05-15", datatype=vocab.XSD.date)))
    last_week = KGID["time/pppppppppppppppp-1"]
    p.event(WITHDRAWAL, "Withdrawal: troops, Izyum", place=IZYUM, time=last_week)
    p.mention(WITHDRAWAL, 1, "withdrew")
    p.entity(last_week, [SEM.Time], "last week")
    p.g.add((last_week, SEM.hasTimeStamp, Literal("2022-05-10", datatype=vocab.XSD.date)))
    p.event(FIGHTING, "Fighting: in Kharkiv", place=KHARKIV)
    p.mention(FIGHTING, 2, "Fighting")
    p.g.add((FIGHTING, SEM.hasBeginTimeStamp, Literal("2022-05-20", datatype=vocab.XSD.date)))
    p.g.add((FIGHTING, SEM.hasEndTimeStamp, Literal("2022-05-22", datatype=vocab.XSD.date)))
    p.event(UNDATED_IN_DATED, "Advance: troops, Izyum", place=IZYUM)
    p.mention(UNDATED_IN_DATED, 3, "advanced")

    q = ArticleGraph(ds, "qqqqqqqqqqqqqqqq", Q_SENTENCES, f"{SCRIPT} {IMG}", url=JS_URL)
    q.publisher(EVIL_NEWS, f"{IMG} News")
    q.entity(KHARKIV, [SCHEMA.Place], "Kharkiv")
    q.event(SHELLING, "Shelling: in Kharkiv", place=KHARKIV)
    q.mention(SHELLING, 0, "shelled")
    q.entity(HOSTILE_PLACE, [SCHEMA.Place], f"{IMG} town")
    q.event(HOSTILE_EVENT, f"Attack: {SCRIPT}", place=HOSTILE_PLACE)
    q.mention(HOSTILE_EVENT, 1, "attacked")
    q.entity(ATLANTIS, [SCHEMA.Place], "Atlantis")
    q.event(ATLANTIS_STRIKE, "Aerial strike: in Atlantis", place=ATLANTIS)
    q.mention(ATLANTIS_STRIKE, 2, "strike")

    geonames = ds.graph(SERVICE_GRAPHS[0])
    geonames.add((geonames.identifier, PROV.wasDerivedFrom, URIRef("https://www.geonames.org/")))
    for node, lat, long in (
        (KHARKIV, "49.98177", "36.25475"),
        (IZYUM, "49.20697", "37.27679"),
        (WASHINGTON, "38.89511", "-77.03637"),
        (HOSTILE_PLACE, "10.5", "20.25"),
    ):
        geonames.add((node, GEO.lat, Literal(lat, datatype=vocab.XSD.decimal)))
        geonames.add((node, GEO.long, Literal(long, datatype=vocab.XSD.decimal)))
    for node in (KHARKIV, IZYUM):
        geonames.add((node, SCHEMA.containedInPlace, UKRAINE))
    for p_, o in (
        (RDF.type, SCHEMA.Place),
        (RDF.type, SCHEMA.Country),
        (RDFS.label, Literal("Ukraine")),
        (SCHEMA.identifier, Literal("UA")),
        (SCHEMA.identifier, Literal("UKR")),
    ):
        geonames.add((UKRAINE, p_, o))
    return ds
