"""The pages draw an Occurrence (kge:Occurrence, the generic event layer) only with two or more
participants; the others stay in the graph (kg.views.common.minor_events)."""

from __future__ import annotations

from builders import KHARKIV, ArticleGraph, make_store
from rdflib import Dataset

from kg.views.common import minor_events
from kg.views.map import places
from kg.views.network import build_events_network, build_network
from kg.views.timeline import events
from kg.vocab import KGE, KGID, SCHEMA, SEM

ALONE, PAIR, SHELLING = KGID["event/occ-alone"], KGID["event/occ-pair"], KGID["event/typed"]
NAVY, PAKISTAN = KGID["organization/navy"], KGID["place/pakistan"]
SENTENCES = ["Prices jumped in Kharkiv.", "The Navy foiled Pakistan.", "Shelling hit Kharkiv."]


def dataset() -> Dataset:
    ds = Dataset()
    a = ArticleGraph(
        ds, "oooooooooooooooo", SENTENCES, "Occurrences", date="2022-05-01", url="https://e.com/o"
    )
    a.entity(KHARKIV, [SCHEMA.Place], "Kharkiv")
    a.entity(NAVY, [SCHEMA.Organization], "Navy")
    a.entity(PAKISTAN, [SCHEMA.Place], "Pakistan")
    a.event(ALONE, "Occurrence (jump)", place=KHARKIV)
    a.g.add((ALONE, SEM.eventType, KGE.Occurrence))
    a.mention(ALONE, 0, "jumped")
    a.event(PAIR, "Occurrence (foil): Navy, Pakistan", agent=NAVY, patient=PAKISTAN)
    a.g.add((PAIR, SEM.eventType, KGE.Occurrence))
    a.mention(PAIR, 1, "foiled")
    a.event(SHELLING, "Shelling: in Kharkiv", place=KHARKIV)
    a.g.add((SHELLING, SEM.eventType, KGE.Shelling))
    a.mention(SHELLING, 2, "Shelling")
    return ds


def test_only_occurrences_with_two_participants_are_drawn():
    store = make_store(dataset())
    assert minor_events(store) == {str(ALONE)}
    assert {e.iri for e in events(store)} == {str(PAIR), str(SHELLING)}
    assert str(ALONE) not in build_network(store) and str(PAIR) in build_network(store)
    assert set(build_events_network(store)) >= {str(PAIR), str(SHELLING)}
    assert str(ALONE) not in build_events_network(store)
    drawn = {e for place in (*places(store)[0], *places(store)[1]) for e, *_ in place.events}
    assert str(ALONE) not in drawn and str(SHELLING) in drawn
