"""kg.views: --focus LABEL|IRI --hops K (ego networks, names bound not pasted) and --max-nodes."""

from __future__ import annotations

import re

import pytest
from builders import ArticleGraph, datasets, make_store, page_data
from rdflib import Dataset

from kg.views import ViewError, write_view
from kg.views.network import build_network, find_focus, focus, importance, limit, network_for
from kg.vocab import KGID, SCHEMA

A, B, C, D = (KGID[f"person/{x}"] for x in "abcd")
E1, E2, E3 = (KGID[f"event/e{i}"] for i in (1, 2, 3))
HOSTILE = '"} DROP ALL ; #'
H = KGID["person/hostile"]
PLACE = KGID["place/p"]


@pytest.fixture(scope="module")
def chain():
    """A —E1— B —E2— C —E3— D, plus a lone person with a hostile name.

    Sources: A is in 3 articles, B in 2, the rest in 1; C has more mentions than D.
    """
    ds = Dataset()
    one = ArticleGraph(ds, "1111111111111111", ["Alice met Bob. Carol saw Carol and Dave."], "One")
    two = ArticleGraph(ds, "2222222222222222", ["Alice and Bob."], "Two")
    three = ArticleGraph(ds, "3333333333333333", ["Alice."], "Three")
    for art in (one, two, three):
        art.entity(A, [SCHEMA.Person], "Alice", ("Ally",))
    two.entity(B, [SCHEMA.Person], "Bob")
    one.entity(B, [SCHEMA.Person], "Bob")
    one.entity(C, [SCHEMA.Person], "Carol")
    one.mention(C, 0, "Carol saw")
    one.mention(C, 0, "Carol and")
    one.entity(D, [SCHEMA.Person], "Dave")
    one.entity(PLACE, [SCHEMA.Place], "Somewhere")
    one.event(E1, "Meeting: Alice, Bob", agent=A, patient=B)
    one.event(E2, "Meeting: Bob, Carol", agent=B, patient=C)
    one.event(E3, "Meeting: Carol, Dave", agent=C, patient=D)
    one.entity(H, [SCHEMA.Person], f"Eve {HOSTILE}")
    return make_store(ds)


def _ids(graph) -> set[str]:
    return set(graph.nodes)


def test_hops_1_and_2_give_the_expected_ego_networks(chain):
    full = build_network(chain)
    assert _ids(focus(full, [str(A)], 1)) == {str(A), str(E1)}
    assert _ids(focus(full, [str(A)], 2)) == {str(A), str(E1), str(B)}
    assert _ids(focus(full, [str(A)], 3)) == {str(A), str(E1), str(B), str(E2)}
    assert _ids(focus(full, [str(C)], 1)) == {str(C), str(E2), str(E3)}
    assert _ids(focus(full, [str(A)], 0)) == {str(A)}
    two = focus(full, [str(A)], 2, name="Alice")
    assert {(s, o) for s, o in two.edges()} == {(str(E1), str(A)), (str(E1), str(B))}
    assert two.graph["focus"] == {"name": "Alice", "centres": [str(A)], "hops": 2}


def test_focus_by_label_alt_label_iri_and_prefixed_name(chain):
    for name in ("Alice", "alice", "ALLY", str(A), "kgid:person/a"):
        graph = network_for(chain, focus_on=name, hops=1)
        assert _ids(graph) == {str(A), str(E1)}, name
    assert find_focus(chain, "Bob") == [str(B)]


def test_hostile_label_is_bound_not_pasted(chain):
    before = len(chain)
    # the label holds SPARQL syntax; bound as a literal, it finds its node and nothing else
    assert find_focus(chain, f"Eve {HOSTILE}") == [str(H)]
    assert _ids(network_for(chain, focus_on=f"eve {HOSTILE}", hops=2)) == {str(H)}
    with pytest.raises(ViewError, match="no node named"):
        find_focus(chain, '"} DROP GRAPH ?g ; #')  # no such name: a clean "not found", no SPARQL error
    with pytest.raises(ViewError):
        network_for(chain, focus_on="x" + HOSTILE + "\n} } SELECT * WHERE { ?s ?p ?o", hops=1)
    assert len(chain) == before  # nothing dropped or added


def test_focus_page_says_what_it_shows(chain, tmp_path):
    page = write_view(chain, tmp_path / "focus.html", focus_on="Alice", hops=2).read_text(encoding="utf-8")
    assert {n["id"] for n in datasets(page, "nodes")} == {str(A), str(E1), str(B)}
    assert "focus: Alice (2 hops)" in page


def test_importance_order(chain):
    graph = build_network(chain)
    order = importance(graph)
    assert order[:2] == [str(A), str(B)]  # 3 sources, then 2
    assert order.index(str(C)) < order.index(str(D))  # one source each; C has mentions


def test_max_nodes_keeps_the_top_n_and_says_what_was_left_out(chain, tmp_path):
    graph = build_network(chain)
    kept = limit(graph, 3)
    assert _ids(kept) == {str(A), str(B), str(C)}
    omitted = kept.graph["omitted"]
    assert omitted["nodes"] == graph.number_of_nodes() - 3 == 6
    assert omitted["kinds"] == {"event": 3, "person": 2, "place": 1}
    assert omitted["edges"] == graph.number_of_edges() - kept.number_of_edges() == 6
    assert limit(graph, 100) is graph and graph.graph["omitted"] is None

    page = write_view(chain, tmp_path / "top.html", max_nodes=3).read_text(encoding="utf-8")
    # the three are linked to nothing among themselves: listed beside the drawing, not drawn
    assert datasets(page, "nodes") == []
    assert {n["id"] for n in page_data(page)["loose"]} == {str(A), str(B), str(C)}
    note = re.search(r'<p id="kg-omitted">(.*?)</p>', page).group(1)
    assert "Showing the 3 most important of 9 nodes" in note
    assert "Left out: 6 node(s) (3 event, 2 person, 1 place) and 6 of 6 edge(s)" in note


def test_focus_then_limit(chain):
    graph = network_for(chain, focus_on="Carol", hops=2, max_nodes=2)
    assert _ids(graph) == {str(B), str(C)}
    assert graph.graph["focus"]["name"] == "Carol" and graph.graph["omitted"]["nodes"] == 3


def test_unknown_focus_is_an_error(chain):
    with pytest.raises(ViewError, match="no node named or identified by 'Nobody'"):
        network_for(chain, focus_on="Nobody")
    with pytest.raises(ViewError):  # a place is not in the events view's ego sets unless linked
        network_for(chain, "events", focus_on="Somewhere")
