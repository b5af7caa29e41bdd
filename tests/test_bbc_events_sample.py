"""Event-type precision on a hand-checked sample of BBC News (tests/data/bbc_events_sample.tsv),
and the number of events per article, with the real model.

The sample holds every event kg extracted from files 045-048 of each category, each judged by
reading its sentence (measured on 2026-12-05: 189 of 215 right, precision 0.879; 10.75 events
per article; with the generic layer's 46 events added the same day, 225 of 260, 0.865, 13.0 per article;
with the layer made default in session 5 and its 159 new events judged, 362 of 419, 0.864). The articles are extracted again here and every event is scored against the
judgement of the event at the same offsets; an event the sample does not hold counts as wrong,
so a change that makes new events needs the sample annotated again, and a change that loses the
sample's events fails the coverage check. CI has the data beside the clone (../shared/data); a
local run without it skips, loudly.
"""

from __future__ import annotations

import csv
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from builders import ROOT

DATA = Path(os.environ.get("KG_EVAL_DATA", ROOT.parent / "shared" / "data")) / "bbc_news"
SAMPLE = Path(__file__).resolve().parent / "data" / "bbc_events_sample.tsv"

if not DATA.is_dir():
    if os.environ.get("CI"):
        raise RuntimeError(f"the evaluation data is missing: {DATA} (CI must have ../shared/data)")
    print(f"\n*** SKIPPING the BBC event sample: no data at {DATA} ***\n", file=sys.stderr)
    pytest.skip(f"no BBC News data at {DATA}", allow_module_level=True)


def read_sample(path: Path = SAMPLE) -> dict[tuple[str, int, int], dict[str, str]]:
    rows = (line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
    found = {}
    for row in csv.DictReader(rows, delimiter="\t"):
        found[(row["file"], int(row["start"]), int(row["end"]))] = row
    return found


def right_type(row: dict[str, str]) -> str:
    """The type the annotator says the event has ("-": no event)."""
    return row["type"] if row["judgement"] == "correct" else row["correct_type"]


def score(sample, predicted: list[tuple[str, int, int, str]]) -> dict:
    """Precision of ``predicted`` (file, start, end, type) against the sample's judgements."""
    right = wrong = unjudged = 0
    seen = set()
    for file, start, end, event_type in predicted:
        row = sample.get((file, start, end))
        if row is None:
            unjudged += 1
            continue
        seen.add((file, start, end))
        if right_type(row) == event_type:
            right += 1
        else:
            wrong += 1
    kept = [k for k, row in sample.items() if row["judgement"] == "correct"]
    return {
        "precision": right / (right + wrong + unjudged) if predicted else 0.0,
        "right": right,
        "wrong": wrong,
        "unjudged": unjudged,
        "coverage": sum(k in seen for k in kept) / len(kept),
    }


def test_the_scoring_counts_unjudged_and_retyped_events_as_wrong():
    sample = {
        ("a.txt", 0, 5): {"type": "Death", "judgement": "correct", "correct_type": ""},
        ("a.txt", 9, 14): {"type": "Flood", "judgement": "wrong", "correct_type": "-"},
        ("a.txt", 20, 25): {"type": "Trial", "judgement": "wrong", "correct_type": "Meeting"},
    }
    s = score(sample, [("a.txt", 0, 5, "Death"), ("a.txt", 20, 25, "Meeting"), ("a.txt", 30, 35, "Sale")])
    assert (s["right"], s["wrong"], s["unjudged"]) == (2, 0, 1)
    assert s["precision"] == pytest.approx(2 / 3) and s["coverage"] == 1.0
    s = score(sample, [("a.txt", 0, 5, "Killing"), ("a.txt", 9, 14, "Flood")])
    assert (s["right"], s["wrong"], s["coverage"]) == (0, 2, 1.0)
    assert score(sample, [])["precision"] == 0.0 and score(sample, [])["coverage"] == 0.0


@pytest.mark.model
def test_event_type_precision_and_events_per_article_on_the_bbc_sample():
    from kg.eval.pipeline import extract_articles
    from kg.model import Article
    from kg.readers import read_inputs

    sample = read_sample()
    files = sorted({k[0] for k in sample})
    assert len(files) == 20 and len(sample) >= 100
    articles = [a for a in read_inputs([DATA / f for f in files]) if isinstance(a, Article)]
    assert len(articles) == len(files)
    predicted, per_category = [], defaultdict(list)
    for article, x in zip(articles, extract_articles(articles)):
        name = "/".join(Path(article.source).parts[-2:])
        predicted += [(name, e.trigger.start, e.trigger.end, e.type) for e in x.events]
        per_category[name.split("/")[0]].append(len(x.events))
    from kg.lexicon import load_event_types

    if not load_event_types().generic:  # the generic layer's events are judged too: off, not found
        sample = {k: row for k, row in sample.items() if row["type"] != "Occurrence"}
    s = score(sample, predicted)
    assert s["coverage"] >= 0.95, s  # the sample's right events are still found
    assert s["unjudged"] <= 0.05 * len(predicted), s  # new events: annotate the sample again
    # measured 0.885 (200/226) with the generic layer off (KG_GENERIC_EVENTS=0); with it on (the
    # default since session 5) 0.864 (362/419; 0.745 if its 50 "said"/"told"/"added" Occurrences
    # counted as Statements); the issue asks 0.85
    assert s["precision"] >= 0.85, s
    averages = {c: sum(n) / len(n) for c, n in per_category.items()}
    assert len(averages) == 5
    # measured 11.3 with the generic layer off, 21.0 with it on; the issue asks 3
    assert sum(averages.values()) / 5 >= 3.0, averages
    assert Counter(f.split("/")[0] for f in files) == Counter({c: 4 for c in averages})
