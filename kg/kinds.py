"""The kinds of node, next to the vocabulary: one table for the writer, the views and the analysis.

Each :class:`Kind` names the class that marks a node of that kind (its ``rdf:type``), the
classes kg writes for an entity of that kind (:mod:`kg.rdf`), and how the pages draw it
(colour, vis-network shape; :data:`KINDS` is in legend order).  A node with several of these
types takes the most specific kind (:data:`SPECIFICITY`): a ``kg:ActorGroup`` is also a
``schema:Organization``, and is drawn and counted as a group.

>>> kind_of({str(SCHEMA.Organization), str(KG.ActorGroup)}, ENTITY_KINDS)
'group'
>>> [str(c) for c in KIND_CLASSES[EntityKind.GROUP]]
['https://schema.org/Organization', 'https://w3id.org/kg-news/ns#ActorGroup']
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from rdflib.term import URIRef

from .model import EntityKind
from .vocab import KG, SCHEMA, SEM

__all__ = [
    "BY_NAME",
    "ENTITY_KINDS",
    "KINDS",
    "KIND_CLASSES",
    "SPECIFICITY",
    "Kind",
    "kind_of",
    "typed",
]


@dataclass(frozen=True)
class Kind:
    name: str
    colour: str  # on the pages
    shape: str  # vis-network's node shape
    type: URIRef | None = None  # the class that marks a node of this kind
    classes: tuple[URIRef, ...] = ()  # what kg writes for an entity of this kind


KINDS: tuple[Kind, ...] = (
    Kind("person", "#4e79a7", "dot", SCHEMA.Person, (SCHEMA.Person,)),
    Kind("organization", "#f28e2b", "dot", SCHEMA.Organization, (SCHEMA.Organization,)),
    Kind("group", "#e15759", "dot", KG.ActorGroup, (SCHEMA.Organization, KG.ActorGroup)),
    Kind("place", "#59a14f", "dot", SCHEMA.Place, (SCHEMA.Place,)),
    Kind("product", "#ff9da7", "dot", SCHEMA.Product, (SCHEMA.Product,)),
    Kind("event", "#b07aa1", "diamond", SEM.Event),
    Kind("time", "#edc948", "square", SEM.Time),
    Kind("article", "#76b7b2", "square", SCHEMA.NewsArticle),
    Kind("outlet", "#9c755f", "triangle"),  # a publisher: known by its place, not by a class
    Kind("other", "#bab0ac", "dot"),
)
BY_NAME: dict[str, Kind] = {k.name: k for k in KINDS}

#: Kinds with a class, most specific first.
SPECIFICITY = ("event", "article", "group", "person", "organization", "place", "product", "time")
#: The kinds of entity (:class:`kg.model.EntityKind` has the same names).
ENTITY_KINDS = ("person", "organization", "group", "place", "product")

#: What :mod:`kg.rdf` writes as the ``rdf:type`` of an entity of each kind.
KIND_CLASSES: dict[EntityKind, list[URIRef]] = {
    EntityKind(k.name): list(k.classes) for k in KINDS if k.name in ENTITY_KINDS
}


def typed(names: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """``(kind, class IRI)`` for the kinds ``names`` that have a class, most specific first."""
    wanted = set(names)
    return tuple((n, str(BY_NAME[n].type)) for n in SPECIFICITY if n in wanted)


def kind_of(types: Collection[str], names: Iterable[str] = SPECIFICITY) -> str | None:
    """The most specific of the kinds ``names`` whose class is among ``types`` (IRIs)."""
    return next((k for k, iri in typed(names) if iri in types), None)
