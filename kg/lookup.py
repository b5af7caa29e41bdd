"""Finding a node by a name a person types: one look-up for ``kg sources``, ``kg view --focus``
and the pages' search box.

A node answers to the *keys* :func:`name_keys` derives from its names (``rdfs:label``,
``skos:altLabel``, an article's ``schema:headline``), each folded by :func:`fold_key`
(case, accents, apostrophes, punctuation, and the transliteration variants of
:func:`kg.names.fold`: Zelenskyy, Zelensky and Zelenskiy give one key):

- *name* keys: each name as it is;
- *short* keys: the name without a leading determiner or title ("the", "Mr", "President"),
  a person's surname, and an organisation's or place's acronym ("Institute for the Study of
  War" -> "isw").

:func:`lookup` compares the typed text (folded the same way, with and without a leading
determiner or title) with those keys, in tiers, and keeps the first tier that finds
something: an IRI; a whole name; a short key; a run of whole words inside a name, the start of
one of its words (three letters or more), or a name of two words or more inside the typed
text; a close spelling (:func:`close`: one
edit for 4–7 letters, two from 8).  The matches are ranked by number of sources; when
nothing matches, :attr:`Matches.suggestions` holds the nearest names.

The pages do not call Python: each node carries its keys (:func:`name_keys`), and the page's
script folds the typed text with a small JavaScript twin of :func:`fold_key`
(``kg/views/static/network.js``) and walks the same tiers over the keys
(``tests/test_network_page.py`` checks the two folds agree in Chromium).

>>> fold_key("Volodymyr Zelenskyy") == fold_key("VOLODYMYR  ZELENSKIY")
True
>>> name_keys(["Institute for the Study of War"], "organization")
(['institute for the studi of war'], ['isw'])
>>> name_keys(["Mr Tony Blair"], "person")
(['mr toni blair'], ['toni blair', 'blair'])
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

import pyoxigraph
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from .kinds import ENTITY_KINDS, kind_of, typed
from .store import query
from .vocab import PREFIXES

__all__ = ["TIERS", "Match", "Matches", "close", "fold_key", "lookup", "name_keys", "strip_title"]

#: The tiers of a look-up, best first (a Match's ``how``).
TIERS = ("iri", "name", "short name", "part of a name", "close spelling")
#: The kinds of node a look-up finds (entities, events, articles).
LOOKUP_KINDS = (*ENTITY_KINDS, "event", "article")
#: Words a typed name or a label may start with that do not name anyone.
TITLES = frozenset(
    [
        "the",
        "a",
        "an",
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "sir",
        "lord",
        "lady",
        "dame",
        "prof",
        "president",
        "prime",
        "minister",
        "deputy",
        "chancellor",
        "secretary",
        "general",
        "gen",
        "col",
        "lt",
        "capt",
        "sgt",
        "governor",
        "mayor",
        "senator",
        "rep",
        "king",
        "queen",
        "prince",
        "princess",
    ]
)
_ACRONYM_SKIP = frozenset(
    {"the", "of", "for", "and", "a", "an", "in", "on", "at", "s", "de", "la", "le", "du"}
)
_APOSTROPHES = "'’ʼ`´ʹ"
_NOT_WORD = re.compile(r"[\W_]+")
_FOLD_RULES = ((re.compile("kh"), "h"), (re.compile("ts"), "c"), (re.compile("zh"), "z"))
_I_LIKE = re.compile("[yj]")
_RUN_OF_I = re.compile("i+")


def fold_key(text: str) -> str:
    """Lower case, no accents or apostrophes, words joined by one space, and the
    transliteration variants folded (kh/h, ts/c, zh/z, y/j/i, runs of i).

    The page's JavaScript ``foldKey`` does exactly this; keep them the same.
    """
    text = unicodedata.normalize("NFKD", str(text)).lower()
    text = "".join(c for c in text if unicodedata.category(c) != "Mn" and c not in _APOSTROPHES)
    text = _NOT_WORD.sub(" ", text).strip()
    for pattern, repl in _FOLD_RULES:
        text = pattern.sub(repl, text)
    return _RUN_OF_I.sub("i", _I_LIKE.sub("i", text))


def strip_title(key: str) -> str:
    """A folded name without its leading determiners and titles ("the isw" -> "isw");
    the name itself if nothing else is left."""
    words = key.split()
    start = 0
    while start < len(words) - 1 and words[start] in FOLDED_TITLES:
        start += 1
    return " ".join(words[start:])


FOLDED_TITLES = frozenset(fold_key(t) for t in TITLES)
_FOLDED_SKIP = frozenset(fold_key(t) for t in _ACRONYM_SKIP)


def name_keys(names: Iterable[str], kind: str) -> tuple[list[str], list[str]]:
    """The keys a node with ``names`` (its label first) answers to: (name keys, short keys),
    each list in order, without repeats, and no short key that is also a name key."""
    full: list[str] = []
    short: list[str] = []
    for name in names:
        key = fold_key(name)
        if not key:
            continue
        full.append(key)
        bare = strip_title(key)
        short.append(bare)
        words = bare.split()
        if kind == "person" and len(words) > 1 and len(words[-1]) > 1:
            short.append(words[-1])
        if kind in ("organization", "group", "place") and len(words) > 1:
            letters = "".join(w[0] for w in words if w not in _FOLDED_SKIP)
            if len(letters) > 1:
                short.append(letters)
    full = list(dict.fromkeys(full))
    names_set = set(full)
    return full, [k for k in dict.fromkeys(short) if k not in names_set]


def close(typed_key: str, key: str) -> bool:
    """Whether ``key`` is a close spelling of ``typed_key``: at most one edit for 4–7
    letters, two from 8 on (none below 4)."""
    n = len(typed_key)
    allowed = 0 if n < 4 else 1 if n < 8 else 2
    return allowed > 0 and Levenshtein.distance(typed_key, key, score_cutoff=allowed) <= allowed


def _part_of(typed_key: str, key: str) -> bool:
    """``typed_key`` is a run of whole words of ``key``, or (3 letters or more) the start of one
    of its words; or ``key``, of two words or more, is a run of whole words of ``typed_key``
    ("deputy minister of defense hanna maliar" names "hanna maliar")."""
    if f" {typed_key} " in f" {key} " or (" " in key and f" {key} " in f" {typed_key} "):
        return True
    return len(typed_key) >= 3 and any(w.startswith(typed_key) for w in key.split())


@dataclass(frozen=True)
class Match:
    """One node a look-up found: how (one of :data:`TIERS`) and by which key."""

    iri: str
    label: str
    kind: str
    sources: int
    how: str
    key: str = ""


@dataclass(frozen=True)
class Matches:
    """What a look-up of ``text`` found: the matches of the best tier (most sources first), or,
    when none, the nearest names as ``suggestions``."""

    text: str
    matches: tuple[Match, ...] = ()
    suggestions: tuple[str, ...] = field(default=())

    def __bool__(self) -> bool:
        return bool(self.matches)

    @property
    def iris(self) -> list[str]:
        return [m.iri for m in self.matches]

    @property
    def how(self) -> str | None:
        return self.matches[0].how if self.matches else None


_KIND_ORDER = {**dict.fromkeys(ENTITY_KINDS, 0), "event": 1, "article": 2}  # entities first


@dataclass
class _Node:
    label: str
    kind: str
    names: list[str]


_SOURCES = """SELECT ?n (COUNT(DISTINCT ?g) AS ?sources) WHERE {
  GRAPH ?g { ?n a ?t } ?g prov:wasDerivedFrom ?a . ?a a schema:NewsArticle .
} GROUP BY ?n"""
_SUMMARY_COUNT = "SELECT ?n ?sources WHERE { ?n kg:articleCount ?sources }"


def _index(store: pyoxigraph.Store, within: Collection[str] | None) -> dict[str, _Node]:
    table = typed(LOOKUP_KINDS)
    values = " ".join(f"<{iri}>" for _, iri in table)
    types: dict[str, set[str]] = defaultdict(set)
    names: dict[str, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    names_query = f"""SELECT ?n ?t (STR(?l) AS ?name) ?p WHERE {{
      ?n a ?t . VALUES ?t {{ {values} }}
      {{ ?n rdfs:label ?l BIND(0 AS ?p) }} UNION {{ ?n skos:altLabel ?l BIND(1 AS ?p) }}
      UNION {{ ?n schema:headline ?l BIND(0 AS ?p) }}
    }}"""
    for row in query(store, names_query):
        n = row["n"].value
        if within is not None and n not in within:
            continue
        types[n].add(row["t"].value)
        names[n][int(row["p"].value)].append(row["name"].value)
    nodes = {}
    for n in sorted(names):
        labels, alts = names[n]
        ordered = sorted(set(labels)) + sorted(set(alts) - set(labels))
        kind = kind_of(types[n], LOOKUP_KINDS) or "other"
        nodes[n] = _Node(ordered[0], kind, ordered)
    return nodes


def _sources(store: pyoxigraph.Store, iris: Sequence[str]) -> dict[str, int]:
    """Article graphs per node: the summary graph's kg:articleCount, else counted."""
    if not iris:
        return {}
    values = " ".join(str(pyoxigraph.NamedNode(i)) for i in iris)
    found: dict[str, int] = {}
    for sparql in (_SUMMARY_COUNT, _SOURCES):
        where = sparql.index("{") + 1
        bound = sparql[:where] + f" VALUES ?n {{ {values} }} " + sparql[where:]
        for row in query(store, bound):
            found.setdefault(row["n"].value, int(row["sources"].value))
        if len(found) == len(iris):
            break
    return {i: found.get(i, 0) for i in iris}


def _resolve_iri(text: str) -> str | None:
    if re.match(r"(?i)^(https?|urn):\S+$", text):
        return text
    prefix, _, rest = text.partition(":")
    if rest and prefix in PREFIXES and " " not in text:
        return PREFIXES[prefix] + rest
    return None


def lookup(store: pyoxigraph.Store, text: str, *, within: Collection[str] | None = None) -> Matches:
    """The nodes of ``store`` (only those in ``within``, if given) that ``text`` names: an IRI,
    a name, a short name, part of a name or a close spelling (:data:`TIERS`, first tier that
    finds anything), most sources first; suggestions when nothing matches."""
    text = text.strip()
    nodes = _index(store, within)
    iri = _resolve_iri(text)
    if iri is not None and (iri in nodes or (within is None and _exists(store, iri))):
        node = nodes.get(iri)
        found = [(iri, "iri", iri)]
        return _matches(store, text, found, {iri: node} if node else {})
    typed_keys = list(dict.fromkeys(k for k in (fold_key(text), strip_title(fold_key(text))) if k))
    if not typed_keys:
        return Matches(text)
    keys = {n: name_keys(node.names, node.kind) for n, node in nodes.items()}
    for tier, test in (
        ("name", lambda k, full, short: k in full),
        ("short name", lambda k, full, short: k in short),
        ("part of a name", lambda k, full, short: any(_part_of(k, x) for x in full)),
        ("close spelling", lambda k, full, short: any(close(k, x) for x in (*full, *short))),
    ):
        found = []
        for n, (full, short) in keys.items():
            hit = next((k for k in typed_keys if test(k, full, short)), None)
            if hit is not None:
                found.append((n, tier, hit))
        if found:
            return _matches(store, text, found, nodes)
    choices = {f"{k}\x00{n}": k for n, (full, _) in keys.items() for k in full}
    near = process.extract(typed_keys[0], choices, scorer=fuzz.ratio, limit=20, score_cutoff=50)
    suggestions = list(dict.fromkeys(nodes[key.split("\x00", 1)[1]].label for _, _, key in near))
    return Matches(text, (), tuple(suggestions[:5]))


def _exists(store: pyoxigraph.Store, iri: str) -> bool:
    return bool(query(store, "ASK WHERE { ?node ?p ?o }", node=pyoxigraph.NamedNode(iri)))


def _matches(
    store: pyoxigraph.Store, text: str, found: list[tuple[str, str, str]], nodes: dict[str, _Node]
) -> Matches:
    counts = _sources(store, [n for n, _, _ in found])
    matches = [
        Match(
            n,
            nodes[n].label if n in nodes else n,
            nodes[n].kind if n in nodes else "other",
            counts.get(n, 0),
            how,
            key,
        )
        for n, how, key in found
    ]
    matches.sort(key=lambda m: (_KIND_ORDER.get(m.kind, 3), -m.sources, m.label.casefold(), m.iri))
    return Matches(text, tuple(matches))
