"""The event-type lexicon: trigger lemmas read from ``ontology/events.ttl``.

>>> lex = load_event_types()
>>> lex.by_lemma["pullback"], lex.by_phrase[("pull", "back")]
('Withdrawal', 'Withdrawal')
>>> lex.labels["AerialStrike"]
'Aerial strike'
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from kg.vocab import EVENT_NS, KG, KGE

__all__ = [
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


def load_event_types(path: str | Path | None = None) -> EventLexicon:
    """Read the event-type scheme (default: ``ontology_dir()/events.ttl``); cached per path."""
    resolved = Path(path).resolve() if path is not None else ontology_file("events.ttl")
    return _load(resolved)


@functools.lru_cache(maxsize=8)
def _load(path: Path) -> EventLexicon:
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
    return EventLexicon(
        by_lemma=MappingProxyType(dict(sorted(by_lemma.items()))),
        by_phrase=MappingProxyType(dict(sorted(by_phrase.items()))),
        labels=MappingProxyType(labels),
    )


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
