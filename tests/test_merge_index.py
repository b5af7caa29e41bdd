"""The event index's search for articles of the same story (kg.merge_events._EventIndex):
the candidates it takes from the rarest entities must be every article that shares enough."""

from __future__ import annotations

import itertools
import random

from kg.merge_events import _EventIndex


def _shared_by_brute_force(context: dict[str, set], aid: str, least: int) -> dict[str, int]:
    mine = context[aid]
    return {other: len(mine & ents) for other, ents in context.items() if len(mine & ents) >= least}


def test_every_article_sharing_enough_is_found_whichever_way_the_candidates_come():
    rng = random.Random(7)
    common = [f"common{i}" for i in range(3)]  # named by nearly every article
    rare = [f"rare{i}" for i in range(40)]
    context = {
        f"a{n}": {e for e in common if rng.random() < 0.9} | set(rng.sample(rare, rng.randint(0, 5)))
        for n in range(60)
    }
    for few_of_kind in (True, False):
        index = _EventIndex(context)  # one index asked in turn with each threshold (what it keeps)
        # the articles with a cluster of the kind: a few (read one by one) or all of them
        index.articles_of["kind"] = ["a1", "a2"] if few_of_kind else sorted(context)
        for aid, least in itertools.product(sorted(context), (1, 2, 3)):
            found = dict(index._sharing("kind", aid, least))
            expected = _shared_by_brute_force(context, aid, least)
            if few_of_kind:  # the articles with a cluster of the kind, each with its count
                expected = {a: n for a, n in expected.items() if a in ("a1", "a2")}
                found = {a: n for a, n in found.items() if a in ("a1", "a2")}
            assert found == expected, (least, few_of_kind, aid)


def test_an_article_naming_fewer_entities_than_needed_shares_with_none():
    index = _EventIndex({"a": {"x"}, "b": {"x", "y"}})
    index.articles_of["kind"] = ["a", "b"]
    assert list(index._sharing("kind", "a", 2)) == []
    assert dict(index._sharing("kind", "b", 2)) == {"b": 2}
