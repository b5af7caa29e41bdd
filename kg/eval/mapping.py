"""Event types and roles of the annotated corpora mapped to kg's: ``kg/data/event_types.tsv``.

Three schemes share the file: ``kairos`` (WikiEvents), ``aida`` (RAMS) and ``ace``. A
corpus type maps to the kg types a prediction may have to count as correctly typed; a
corpus role to one kg role (``agent``, ``patient``, ``place``, ``actor`` for any
participant, or a type-specific sub-role of ``ontology/kg.ttl`` such as ``victim``).

>>> m = load_type_mapping("kairos")
>>> m.kg_types("Conflict.Attack.DetonateExplode"), m.kg_types("Justice.ArrestJailDetain.Unspecified")
(('Attack',), ('Arrest', 'Sentencing'))
>>> m.kg_role("Victim"), m.kg_role("Instrument"), m.kg_role("Recipient", "Transaction.ExchangeBuySell.Unspecified")
('victim', None, 'buyer')
>>> role_matches("victim", {"patient"}), role_matches("victim", {"patient", "defendant"})
(True, False)
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

SCHEMES = ("kairos", "aida", "ace")
GENERIC_ROLES = ("agent", "patient", "place")
ANY_ACTOR = "actor"  # a corpus role any kg participant role satisfies


@dataclass(frozen=True)
class TypeMapping:
    """One scheme's type prefixes → accepted kg types, and roles → kg roles."""

    types: Mapping[str, tuple[str, ...]]  # an empty tuple: deliberately unmapped
    roles: Mapping[str, str | None]  # "Role" or "TypePrefix:Role" -> kg role
    separator: str = "."  # between the segments of a type ("Life.Die"; ACE "Life:Die")

    def kg_types(self, external_type: str) -> tuple[str, ...]:
        """The kg types a corpus type maps to (longest prefix on whole segments); () if none."""
        parts = external_type.split(self.separator)
        for n in range(len(parts), 0, -1):
            found = self.types.get(self.separator.join(parts[:n]))
            if found is not None:
                return found
        return ()

    def is_mapped(self, external_type: str) -> bool:
        return bool(self.kg_types(external_type))

    def kg_role(self, role: str, event_type: str | None = None) -> str | None:
        """The kg role of a corpus role, looked up first under the event type's prefixes."""
        if event_type:
            parts = event_type.split(self.separator)
            for n in range(len(parts), 0, -1):
                key = f"{self.separator.join(parts[:n])}:{role}"
                if key in self.roles:
                    return self.roles[key]
        return self.roles.get(role)

    def canonical(self, kg_type: str) -> str:
        """The type a kg type is reported under: the first of the first list holding it
        (kg's Fighting counts as Attack, since Conflict.Attack accepts both).

        >>> TypeMapping({"Conflict.Attack": ("Attack", "Fighting")}, {}).canonical("Fighting")
        'Attack'
        """
        for accepted in self.types.values():
            if kg_type in accepted:
                return accepted[0]
        return kg_type


KairosMapping = TypeMapping  # the name of earlier releases


def _tsv_rows(text: str) -> Iterable[list[str]]:
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield [c.strip() for c in line.split("\t")]


def known_roles() -> set[str]:
    return {*GENERIC_ROLES, ANY_ACTOR, *role_parents()}


def load_type_mapping(scheme: str = "kairos", path: str | Path | None = None) -> TypeMapping:
    """Read one scheme's rows of ``kg/data/event_types.tsv`` (or ``path``)."""
    if scheme not in SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r}; expected one of {', '.join(SCHEMES)}")
    text = (
        Path(path).read_text("utf-8")
        if path
        else resources.files("kg.data").joinpath("event_types.tsv").read_text("utf-8")
    )
    roles_known = known_roles()
    types: dict[str, tuple[str, ...]] = {}
    roles: dict[str, str | None] = {}
    for row in _tsv_rows(text):
        if len(row) < 4:
            raise ValueError(f"event_types.tsv: expected scheme, kind, external, kg in {row!r}")
        row_scheme, kind, external, kg = row[:4]
        if row_scheme not in SCHEMES:
            raise ValueError(f"event_types.tsv: unknown scheme {row_scheme!r}")
        if row_scheme != scheme:
            continue
        if kind == "type":
            types[external] = () if kg == "-" else tuple(t.strip() for t in kg.split(",") if t.strip())
        elif kind == "role":
            if kg != "-" and kg not in roles_known:
                raise ValueError(f"event_types.tsv: unknown kg role {kg!r}")
            roles[external] = None if kg == "-" else kg
        else:
            raise ValueError(f"event_types.tsv: unknown kind {kind!r}")
    return TypeMapping(types, roles, ":" if scheme == "ace" else ".")


def load_kairos_mapping(path: str | Path | None = None) -> TypeMapping:
    """The KAIROS rows (WikiEvents)."""
    return load_type_mapping("kairos", path)


@functools.cache
def role_parents() -> dict[str, str]:
    """kg's type-specific roles → the generic role above them: ``agent``, ``patient``,
    ``place`` (sem:hasPlace), ``actor`` (sem:hasActor) or ``value`` (amounts, literals),
    from the rdfs:subPropertyOf links of ``ontology/kg.ttl``."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDFS

    from ..lexicon import ontology_file
    from ..vocab import KG, KG_NS, SEM

    graph = Graph().parse(ontology_file("kg.ttl"))
    generic = {KG.agent: "agent", KG.patient: "patient", SEM.hasPlace: "place", SEM.hasActor: ANY_ACTOR}
    parents: dict[str, str] = {}
    for term, parent in graph.subject_objects(RDFS.subPropertyOf):
        name = str(term)[len(KG_NS) :]
        if (
            str(term).startswith(KG_NS)
            and isinstance(parent, URIRef)
            and parent in generic
            and name not in GENERIC_ROLES
        ):
            parents[name] = generic[parent]
    for name in ("price", "amount", "position", "charge"):
        parents.setdefault(name, "value")
    return parents


def role_matches(gold: str, predicted: set[str] | frozenset[str]) -> bool:
    """Whether an argument kg gave the roles ``predicted`` (its generic role and any
    type-specific one) has the gold role ``gold`` (mapped to kg).

    Equal roles match; ``actor`` is matched by any participant role; a type-specific gold
    role (``victim``) is matched by its generic role (``patient``) when kg gave no other
    type-specific role.
    """
    if gold in predicted:
        return True
    parents = role_parents()
    if gold == ANY_ACTOR:
        return any(
            r in ("agent", "patient") or parents.get(r) in ("agent", "patient", ANY_ACTOR) for r in predicted
        )
    parent = parents.get(gold)
    specific = {r for r in predicted if r not in GENERIC_ROLES}
    return parent in GENERIC_ROLES and parent in predicted and not specific
