"""The benchmark harness measures real work: its lookups answer something on a real graph."""

from __future__ import annotations

import pytest
from builders import ROOT

from benchmarks.__main__ import _corpus_lookups, _peak_rss, table
from kg.store import query

LOOKUPS = ["events-at-place.rq", "quotation-sources.rq"]


@pytest.mark.model
@pytest.mark.parametrize("name", LOOKUPS)
def test_seed_names_are_replaced_by_names_the_graph_has(seeds_store, name):
    text = (ROOT / "examples" / name).read_text()
    replaced = _corpus_lookups(seeds_store, text)
    assert list(query(seeds_store, replaced)), f"{name} answers nothing after the substitution"


def test_table_names_every_aim_and_the_row_counts():
    results = {
        "date": "2026-01-01",
        "machine": "test machine",
        "ratio": [
            {"corpus": "BBC", "articles": 10, "words": 100, "kg_s": 2.0, "bare_s": 1.0, "ratio": 2.0},
            {"corpus": "Reuters", "articles": 20, "words": 200, "kg_s": 3.0, "bare_s": 2.5, "ratio": 1.2,
             "runs": {"bare_s": [2.5, 2.6, 2.4], "kg_s": [3.0, 3.1, 2.9]}},
        ],
        "scale": [
            {
                "articles": 10,
                "articles_per_s": 5.0,
                "ms_per_article": 200.0,
                "peak_rss_mb": 300.0,
                "quads": 1000,
                "store_mb": 1.0,
            },
            {
                "articles": 20,
                "words": 3000,
                "articles_per_s": 4.0,
                "ms_per_article": 250.0,
                "ms_per_1000_words": 1666.7,
                "peak_rss_mb": 400.0,
                "quads": 2000,
                "store_mb": 2.0,
            },
        ],
        "bulk_load": {"quads": 1000, "memory_quads_per_s": 1e5, "disk_quads_per_s": 5e4},
        "server_load": [
            {
                "store": "Oxigraph server",
                "articles": 10,
                "graphs": 12,
                "quads": 900,
                "seconds": 1.0,
                "quads_per_s": 900.0,
                "checked": True,
            }
        ],
        "sparql": [
            {"query": "claims.rq", "articles": 2000, "median_ms": 12.0, "rows": 3},
            {"query": "claims.rq", "articles": 20000, "median_ms": 70.0, "rows": 30},
        ],
        "dask": {"articles": 10, "dask_s": 1.0, "serial_s": 2.0, "speedup": 2.0},
        "pages": {
            "real": [
                {"articles": 10, "max_nodes": 500, "drawnMs": 812.0, "nodes": 40, "looseShare": 0.0,
                 "listed": 3, "labels": 31, "overlapShare": 0.0, "bytes_per_node": 6100}
            ],
            "synthetic": {"nodes": 5000, "edges": 6000, "drawn_ms": 1234.0, "bytes_per_node": 900},
        },
    }  # fmt: skip
    text = table(results)
    assert "drawn in 0.8 s; 40 drawn (0% without an edge), 3 listed apart; 31 labels ≥ 9 px" in text
    assert "6,100 bytes per node | < 5 s" in text and "5,000 nodes, 6,000 edges | drawn in 1.2 s" in text
    assert "10 BBC articles (100 words) | 2.0 s vs 1.0 s: **ratio 2.00** | ≤ 1.15" in text
    assert "20 Reuters stories (200 words) | 3.0 s vs 2.5 s (medians of 3 runs each): **ratio 1.20**" in text
    assert "`claims.rq` at 2,000 articles | median 12 ms (3 rows) | < 50 ms" in text
    assert "`claims.rq` at 20,000 articles | median 70 ms (30 rows) | < 100 ms" in text
    assert "`kg load` into Oxigraph server" in text and "counts checked" in text
    assert "scale: 10 articles | 5.0 articles/s (200 ms each), peak RSS" in text  # words not counted
    assert (
        "scale: 20 articles | 4.0 articles/s (250 ms each; 150 words each, 1,667 ms per 1,000 words)" in text
    )


def test_peak_memory_is_never_below_a_process_peak_the_samples_missed():
    # sampled sum 1,795 MB, but kg's own process peaked at 1,837 MB between two samples
    run = {"peak_tree_rss_mb": 1795.0, "peak_rss_mb": 1837.6}
    assert _peak_rss(run, {"peak_rss_mb": {"kg": 1837.6, "model worker": 640.4}}) == 1837.6
    # the sample caught the two processes together: their sum stands
    assert (
        _peak_rss({"peak_tree_rss_mb": 2100.0, "peak_rss_mb": 1500.0}, {"peak_rss_mb": {"kg": 1500.0}})
        == 2100.0
    )
    # no samples: each process at its own peak, added (an upper bound)
    assert _peak_rss({"peak_rss_mb": 900.0}, {"peak_rss_mb": {"kg": 600.0, "model worker": 400.0}}) == 1000.0
