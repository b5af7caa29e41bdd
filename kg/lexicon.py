"""The event-type lexicon: trigger lemmas read from ``ontology/events.ttl`` (the hand
lexicon), merged with the lexicon learned from the dev corpora
(``kg/data/event_triggers_learned.tsv``, written by ``kg/eval/learn_triggers.py`` and
reviewed by hand). The hand lexicon wins: a learned entry whose lemma the hand lexicon
has is not used.

>>> lex = load_event_types()
>>> lex.by_lemma["pullback"], lex.by_phrase[("pull", "back")]
('Withdrawal', 'Withdrawal')
>>> lex.labels["AerialStrike"]
'Aerial strike'
>>> lex.broader["Arrest"], lex.top("Counteroffensive")
('Justice', 'Attack')
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from kg.vocab import EVENT_NS, KG, KGE

__all__ = [
    "CORPORA",
    "EventLexicon",
    "LexiconError",
    "OntologyNotFound",
    "load_event_types",
    "ontology_dir",
    "ontology_file",
]

_PACKAGE = Path(__file__).resolve().parent
# Where the ontology files may live, first match wins: a source checkout
# (<repo>/ontology), then the copy shipped inside an installed wheel.
_CANDIDATES: tuple[Path, ...] = (_PACKAGE.parent / "ontology", _PACKAGE / "data" / "ontology")
_MARKER = "events.ttl"
LEARNED_FILE = _PACKAGE / "data" / "event_triggers_learned.tsv"
# The corpora the learned lexicon is derived from (its count columns), in file order.
CORPORA = ("rams", "wikievents", "ecbplus", "meantime")
USED_STATUSES = frozenset({"learned", "reviewed"})
# Not rdflib's XSD namespace object: pytest's doctest collection probes module globals and it warns.
_XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")


class OntologyNotFound(FileNotFoundError):
    """The ``ontology/`` directory (kg.ttl, events.ttl, shapes.ttl) is missing."""


class LexiconError(ValueError):
    """``events.ttl`` is not a usable event-type lexicon."""


@dataclass(frozen=True)
class EventLexicon:
    """Trigger lemmas mapped to ``KGE`` local names (read-only mappings)."""

    by_lemma: Mapping[str, str]
    by_phrase: Mapping[tuple[str, ...], str]
    labels: Mapping[str, str]
    # skos:broader of each type that has one
    broader: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # learned entries: (lemma, coarse POS) -> type; used where the hand lexicon has no entry
    learned: Mapping[tuple[str, str], str] = field(default_factory=lambda: MappingProxyType({}))
    held_out: str | None = None  # the corpus whose own learned entries were left out
    # every word of every entry: a token whose lemma and form are not here triggers nothing
    words: frozenset[str] = frozenset()
    # the generic layer (kge:Occurrence for eventive verbs and nouns no entry names): on unless
    # KG_GENERIC_EVENTS=0 (see README "Events"; docs/eval-tasks.md has what it costs and gains)
    generic: bool = False
    # eventive nouns with no type: the learned rows of no type (status untyped or weak) seen
    # often enough as a gold trigger (:func:`read_occurrence_nouns`); the generic layer's nouns
    occurrence_nouns: frozenset[str] = frozenset()
    # KG_GENERIC_EVENTS=all: every verb that is no state is an Occurrence, whatever its form says
    # (a measurement setting: it finds the events ECB+ and MEANTIME mark, and many no reader would)
    every_verb: bool = False

    def lookup(self, lemma: str, pos: str) -> str | None:
        """The type of a single-word trigger: the hand lexicon's, else the learned one."""
        found = self.by_lemma.get(lemma)
        return found if found is not None else self.learned.get((lemma, pos))

    def top(self, event_type: str) -> str:
        """The top concept above ``event_type`` along ``skos:broader``."""
        seen = {event_type}
        while event_type in self.broader and self.broader[event_type] not in seen:
            event_type = self.broader[event_type]
            seen.add(event_type)
        return event_type


def ontology_dir() -> Path:
    """The directory holding kg.ttl, events.ttl and shapes.ttl."""
    for candidate in _CANDIDATES:
        if (candidate / _MARKER).is_file():
            return candidate
    searched = ", ".join(str(c) for c in _CANDIDATES)
    raise OntologyNotFound(
        f"kg's ontology files were not found (looked for {_MARKER} in: {searched}). "
        "Run kg from a source checkout that has an ontology/ directory, or reinstall "
        "a kg wheel built with kg/data/ontology/ included."
    )


def ontology_file(name: str) -> Path:
    """``ontology_dir() / name``, or :class:`OntologyNotFound` if that file is missing."""
    path = ontology_dir() / name
    if not path.is_file():
        raise OntologyNotFound(f"{path} is missing; restore it from the kg repository.")
    return path


def load_event_types(
    path: str | Path | None = None, *, learned: str | Path | None = None, held_out: str | None = None
) -> EventLexicon:
    """Read the event-type scheme (default: ``ontology_dir()/events.ttl``) and the learned
    lexicon (default: ``kg/data/event_triggers_learned.tsv``; with an explicit ``path`` and
    no ``learned``, none); cached.

    ``held_out`` names a corpus of :data:`CORPORA`: learned entries whose only source is
    that corpus are left out, so that corpus's figures are not inflated by what was
    learned from it.
    """
    if held_out is not None and held_out not in CORPORA:
        raise ValueError(f"unknown corpus {held_out!r}; expected one of {', '.join(CORPORA)}")
    resolved = Path(path).resolve() if path is not None else ontology_file("events.ttl")
    if learned is not None:
        learned_path: Path | None = Path(learned).resolve()
    else:
        learned_path = LEARNED_FILE if path is None and LEARNED_FILE.is_file() else None
    setting = os.environ.get(GENERIC_EVENTS_VARIABLE, "1").strip().lower()
    generic = setting not in ("", "0")
    return _load(resolved, learned_path, held_out, generic, setting == "all")


#: Set to 0 to turn off the generic event layer (on by default); "all" makes every verb that is
#: no state an Occurrence, whatever its form (a measurement setting, see docs/eval-tasks.md).
GENERIC_EVENTS_VARIABLE = "KG_GENERIC_EVENTS"


@functools.lru_cache(maxsize=16)
def _load(
    path: Path,
    learned_path: Path | None = None,
    held_out: str | None = None,
    generic: bool = False,
    every_verb: bool = False,
) -> EventLexicon:
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except FileNotFoundError:
        raise OntologyNotFound(f"{path} does not exist; pass the path of an events.ttl.") from None

    concepts = sorted(
        c for c in graph.subjects(SKOS.inScheme, KGE.scheme) if (c, RDF.type, SKOS.Concept) in graph
    )
    if not concepts:
        raise LexiconError(f"{path}: no skos:Concept has skos:inScheme {KGE.scheme}.")

    owner: dict[tuple[str, ...], str] = {}
    labels: dict[str, str] = {}
    for concept in concepts:
        name = _local_name(concept, path)
        labels[name] = _pref_label(graph, concept, name, path)
        for value in sorted(graph.objects(concept, KG.triggerLemma)):
            words = _lemma_words(value, name, path)
            other = owner.setdefault(words, name)
            if other != name:
                raise LexiconError(
                    f"{path}: trigger lemma {' '.join(words)!r} belongs to both {other} "
                    f"and {name}; keep it in one of them."
                )

    by_lemma = {words[0]: name for words, name in owner.items() if len(words) == 1}
    by_phrase = {words: name for words, name in owner.items() if len(words) > 1}
    broader = {
        _local_name(c, path): _local_name(b, path)
        for c in concepts
        for b in graph.objects(c, SKOS.broader)
        if str(b).startswith(EVENT_NS)
    }
    learned = read_learned(learned_path, set(labels), held_out) if learned_path else {}
    learned = {key: t for key, t in learned.items() if key[0] not in by_lemma}  # the hand lexicon wins
    nouns = read_occurrence_nouns(learned_path, held_out) if learned_path and generic else frozenset()
    typed_words = {*by_lemma, *(lemma for lemma, _ in learned)}
    return EventLexicon(
        by_lemma=MappingProxyType(dict(sorted(by_lemma.items()))),
        by_phrase=MappingProxyType(dict(sorted(by_phrase.items()))),
        labels=MappingProxyType(labels),
        broader=MappingProxyType(dict(sorted(broader.items()))),
        learned=MappingProxyType(dict(sorted(learned.items()))),
        held_out=held_out,
        generic=generic,
        occurrence_nouns=frozenset(n for n in nouns if n not in typed_words),
        every_verb=generic and every_verb,
        words=frozenset(
            {*by_lemma, *(w for words in by_phrase for w in words), *(lemma for lemma, _ in learned)}
        ),
    )


def read_learned(path: Path, types: set[str], held_out: str | None = None) -> dict[tuple[str, str], str]:
    """(lemma, POS) -> type for the rows of a learned lexicon in use (status learned or
    reviewed, a type); without the rows whose only source is ``held_out``."""
    found: dict[tuple[str, str], str] = {}
    for number, row in learned_rows(path, required={"lemma", "pos", "type", "status", *CORPORA}):
        if row["status"] not in USED_STATUSES or row["type"] == "-":
            continue
        if row["type"] not in types:
            raise LexiconError(f"{path}:{number}: {row['type']!r} is not an event type of events.ttl.")
        sources = {c for c in CORPORA if int(row[c] or 0) > 0}
        if held_out is not None and sources <= {held_out}:
            continue
        found[(row["lemma"], row["pos"])] = row["type"]
    return found


def learned_rows(path: Path, required: Iterable[str] = ()) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row by column name) of a learned-lexicon TSV: comments and blank lines
    skipped, the first other line is the header, which must name the ``required`` columns."""
    header: list[str] | None = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            missing = set(required) - set(header)
            if missing:
                raise LexiconError(f"{path}: the header lacks {', '.join(sorted(missing))}.")
            continue
        yield number, dict(zip(header, cells))


OCCURRENCE_MIN_COUNT = 2  # gold triggers (outside the held-out corpus) an untyped noun needs
OCCURRENCE_MIN_RATE = 0.5  # and gold triggers / occurrences where a corpus marks every event
OCCURRENCE_STATUSES = frozenset({"untyped", "weak"})


def read_occurrence_nouns(path: Path, held_out: str | None = None) -> frozenset[str]:
    """The nouns of a learned lexicon that name events of no type (status untyped or weak):
    at least :data:`OCCURRENCE_MIN_COUNT` gold triggers in the corpora other than ``held_out``
    and, where the rate is known, a rate of at least :data:`OCCURRENCE_MIN_RATE`."""
    found: set[str] = set()
    for _, row in learned_rows(path):
        if row["status"] not in OCCURRENCE_STATUSES or row["pos"] != "NOUN" or not row["lemma"].isalpha():
            continue
        count = sum(int(row[c] or 0) for c in CORPORA if c != held_out)
        rate = float(row["rate"]) if row.get("rate") else None
        if count >= OCCURRENCE_MIN_COUNT and (rate is None or rate >= OCCURRENCE_MIN_RATE):
            found.add(row["lemma"])
    return frozenset(found)


def _local_name(concept: URIRef, path: Path) -> str:
    iri = str(concept)
    if not iri.startswith(EVENT_NS) or len(iri) == len(EVENT_NS):
        raise LexiconError(f"{path}: event type {iri} is not in the namespace {EVENT_NS}.")
    return iri[len(EVENT_NS) :]


def _pref_label(graph: Graph, concept: URIRef, name: str, path: Path) -> str:
    labels = {
        lit.language: str(lit) for lit in graph.objects(concept, SKOS.prefLabel) if isinstance(lit, Literal)
    }
    for lang in ("en", None):
        if lang in labels:
            return labels[lang]
    raise LexiconError(f"{path}: event type {name} has no English skos:prefLabel; add one.")


def _lemma_words(value: object, name: str, path: Path) -> tuple[str, ...]:
    if not isinstance(value, Literal) or value.language or value.datatype not in (None, _XSD_STRING):
        raise LexiconError(f"{path}: kg:triggerLemma {value!r} of {name} must be a plain string literal.")
    text = str(value)
    words = tuple(text.split(" "))
    if text != text.lower() or not all(words) or any(c.isspace() for w in words for c in w):
        raise LexiconError(
            f"{path}: kg:triggerLemma {text!r} of {name} must be lowercase, with the words "
            "of a multi-word lemma separated by exactly one space."
        )
    return words
