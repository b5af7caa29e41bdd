"""``kg eval coref`` / ``coref-meantime``: metrics on hand-worked examples, the two corpus
readers on tiny hand-made fixtures (invented sentences), mention matching, scoring of
hand-built extractions, and one end-to-end run of each command with the real model."""

from __future__ import annotations

import itertools
import json
import random
from fractions import Fraction
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from kg.eval.coref import (
    CorefDoc,
    GoldMention,
    PredictedMention,
    _TokenIndex,
    align,
    article_for,
    build_text,
    score_extractions,
)
from kg.eval.coref_metrics import b_cubed, ceaf_e, conll_f1, max_assignment, muc
from kg.eval.ecbplus import read_ecbplus, read_sentence_filter
from kg.eval.meantime import read_meantime
from kg.model import EntityKind, EventMention, Extraction, LocalEntity, Span

DATA = Path(__file__).parent / "data" / "eval_coref"
ECB = DATA / "ecbplus"
MEANTIME = DATA / "meantime"


def close(value: float, expected) -> bool:
    return value == pytest.approx(float(expected), abs=1e-9)


def check(score, precision, recall, f1) -> None:
    assert close(score.precision, precision), score
    assert close(score.recall, recall), score
    assert close(score.f1, f1), score


# -- metrics --------------------------------------------------------------------

KEY = [{"a", "b", "c"}, {"d", "e", "f", "g"}]


def test_classic_example_of_pradhan_et_al_2014():
    """Key {a,b,c} {d,e,f,g}; response {a,b} {c,d} {f,g,h,i} (h, i are twinless)."""
    response = [{"a", "b"}, {"c", "d"}, {"f", "g", "h", "i"}]
    # MUC recall: {a,b,c} is cut by the response into {a,b} {c}: 3 - 2 = 1 of 2 links;
    #   {d,e,f,g} into {d} {e} {f,g}: 4 - 3 = 1 of 3 links -> R = 2/5.
    # MUC precision: {a,b} -> 1 part: 1 of 1; {c,d} -> {c} {d}: 0 of 1;
    #   {f,g,h,i} -> {f,g} {h} {i}: 1 of 3 -> P = 2/5.
    check(muc(KEY, response), Fraction(2, 5), Fraction(2, 5), Fraction(2, 5))
    # B3 recall: a,b: 2/3 each; c: 1/3; d: 1/4; e: 0; f,g: 2/4 each -> (5/3 + 5/4) / 7 = 5/12.
    # B3 precision: a,b: 2/2 each; c,d: 1/2 each; f,g: 2/4 each; h,i: 0 -> 4/8 = 1/2.
    # F1 = 2 * 5/12 * 1/2 / (5/12 + 1/2) = 5/11.
    check(b_cubed(KEY, response), Fraction(1, 2), Fraction(5, 12), Fraction(5, 11))
    # CEAF-e: phi4({a,b,c},{a,b}) = 4/5, phi4({d,e,f,g},{f,g,h,i}) = 4/8; the best
    # alignment takes both (0.8 + 0.5 = 1.3; the others give 0.4 + 0.5 or 0.8 + 1/3).
    # R = 1.3/2 = 0.65, P = 1.3/3 = 13/30, F1 = 2 * 1.3 / (2 + 3) = 0.52.
    check(ceaf_e(KEY, response), Fraction(13, 30), Fraction(13, 20), Fraction(13, 25))
    # CoNLL = (2/5 + 5/11 + 13/25) / 3
    assert close(conll_f1(KEY, response), (Fraction(2, 5) + Fraction(5, 11) + Fraction(13, 25)) / 3)


def test_reference_scorer_case_with_missing_and_false_alarm_mentions():
    """TC4 of the reference scorer's test cases: key {a} {b,c} {d,e,f}; response {a} {b,c,x} {d,y} {z}."""
    key = [{"a"}, {"b", "c"}, {"d", "e", "f"}]
    response = [{"a"}, {"b", "c", "x"}, {"d", "y"}, {"z"}]
    # MUC R: {b,c} whole: 1 of 1; {d,e,f} -> {d} {e} {f}: 0 of 2 -> 1/3.
    # MUC P: {b,c,x} -> {b,c} {x}: 1 of 2; {d,y} -> {d} {y}: 0 of 1 -> 1/3.
    check(muc(key, response), Fraction(1, 3), Fraction(1, 3), Fraction(1, 3))
    # B3 R: a 1; b,c 2/2 each; d 1/3; e,f 0 -> (3 + 1/3) / 6 = 5/9.
    # B3 P: a 1; b,c 2/3 each; x 0; d 1/2; y 0; z 0 -> (1 + 4/3 + 1/2) / 7 = 17/42.
    check(b_cubed(key, response), Fraction(17, 42), Fraction(5, 9), Fraction(170, 363))
    # CEAF-e: 1 + 4/5 + 2/5 = 2.2 (as in the reference): R = 2.2/3, P = 2.2/4, F1 = 4.4/7.
    check(ceaf_e(key, response), Fraction(11, 20), Fraction(11, 15), Fraction(22, 35))


def test_identity_scores_one():
    key = [{"a", "b", "c"}, {"d", "e"}, {"f"}]
    for metric in (muc, b_cubed, ceaf_e):
        check(metric(key, [set(c) for c in key]), 1, 1, 1)
    assert close(conll_f1(key, key), 1)


def test_all_singletons():
    response = [{m} for m in "abcdefg"]
    # MUC: no link is found and none is proposed -> 0 (0/0 counts as 0).
    check(muc(KEY, response), 0, 0, 0)
    # B3 R: each key cluster gives 1 (|k| mentions of 1/|k|) -> 2/7; P: every mention 1/1 -> 1.
    check(b_cubed(KEY, response), 1, Fraction(2, 7), Fraction(4, 9))
    # CEAF-e: best phi4 per key cluster: 2/(3+1) and 2/(4+1) -> 0.9; R = 0.9/2, P = 0.9/7.
    check(ceaf_e(KEY, response), Fraction(9, 70), Fraction(9, 20), Fraction(1, 5))


def test_everything_in_one_cluster():
    response = [set("abcdefg")]
    # MUC R: both key clusters whole: 5/5; P: {a..g} cut in 2 parts: (7 - 2)/6.
    check(muc(KEY, response), Fraction(5, 6), 1, Fraction(10, 11))
    # B3 R 1; P: (3*3/7 + 4*4/7) / 7 = 25/49.
    check(b_cubed(KEY, response), Fraction(25, 49), 1, Fraction(25, 37))
    # CEAF-e: phi4 = 6/10 or 8/11; the one response cluster takes 8/11: R = 4/11, P = 8/11.
    check(ceaf_e(KEY, response), Fraction(8, 11), Fraction(4, 11), Fraction(16, 33))


def test_no_response_and_no_key():
    for metric in (muc, b_cubed, ceaf_e):
        check(metric(KEY, []), 0, 0, 0)
        check(metric([], [{"a"}]), 0, 0, 0)


def test_a_mention_in_two_clusters_is_an_error():
    with pytest.raises(ValueError):
        b_cubed([{"a", "b"}, {"b"}], [{"a"}])
    with pytest.raises(ValueError):
        muc([{"a"}], [{"a"}, {"a", "c"}])


def test_max_assignment_is_optimal():
    rng = random.Random(7)
    for _ in range(300):
        rows, cols = rng.randint(1, 5), rng.randint(1, 5)
        w = [[rng.choice([0.0, 0.0, rng.random()]) for _ in range(cols)] for _ in range(rows)]
        if rows <= cols:
            best = max(
                sum(w[i][j] for i, j in enumerate(p)) for p in itertools.permutations(range(cols), rows)
            )
        else:
            best = max(
                sum(w[i][j] for j, i in enumerate(p)) for p in itertools.permutations(range(rows), cols)
            )
        pairs = max_assignment(w)
        assert len({i for i, _ in pairs}) == len(pairs) == len({j for _, j in pairs})
        assert sum(w[i][j] for i, j in pairs) == pytest.approx(best)


# -- text and matching ----------------------------------------------------------


def test_build_text_keeps_each_token_at_its_offsets():
    text, spans = build_text(
        [
            (0, [(1, "``"), (2, "Hi"), (3, "''"), (4, ","), (5, "she"), (6, "said")]),
            (1, [(7, "It"), (8, "cost"), (9, "$"), (10, "5"), (11, "(")]),
        ]
    )
    assert text == '" Hi ", she said\nIt cost $5 ('
    assert {t: text[s:e] for t, (_, s, e) in spans.items()}[6] == "said"
    assert spans[10][0] == 1 and text[spans[10][1] : spans[10][2]] == "5"


def _doc(words: str) -> CorefDoc:
    tokens = list(enumerate(words.split(), 1))
    text, spans = build_text([(1, tokens)])
    return CorefDoc(id="d", topic="1", text=text, tokens=spans)


def _pred(doc: CorefDoc, surface: str, nth: int = 0) -> PredictedMention:
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(surface, start + 1)
    return PredictedMention("d", start, start + len(surface), surface, "kg", "local")


def test_mentions_match_on_their_last_token():
    doc = _doc("Actor Hugh Jackman said the phone 's antenna broke .")
    gold = [
        GoldMention("g1", "d", (2, 3), "c1", "HUMAN_PART_PER", 1),
        GoldMention("g2", "d", (5, 6, 7, 8), "c2", "NON_HUMAN_PART", 1),
    ]
    preds = [
        _pred(doc, "Jackman"),
        _pred(doc, "phone"),
        _pred(doc, "Actor Hugh Jackman"),
        _pred(doc, "antenna"),
    ]
    # "Jackman" and "Actor Hugh Jackman" both end on Jackman's token: the closer one,
    # "Actor Hugh Jackman" (Jaccard 2/3 against 1/2), wins; matching is one to one.
    # "phone" does not end where the gold mention does; "antenna" does.
    assert align(doc, _TokenIndex(doc), gold, preds) == [None, None, "g1", "g2"]


# -- readers ----------------------------------------------------------------------


def test_read_ecbplus_fixture():
    docs = read_ecbplus(ECB, ["1"])
    assert [d.id for d in docs] == ["1_1ecb", "1_1ecbplus"]
    ecb, plus = docs
    assert ecb.text.startswith("Russian troops attacked Izium on Monday.\nMayor Oleg Petrenko")
    assert "http" not in plus.text and plus.text.startswith("Oleg Petrenko said")  # URL line dropped
    assert {g.text: g.cluster for g in ecb.entities} == {
        "Russian troops": "HUM100",
        "Izium": "LOC300",
        "Oleg Petrenko": "HUM400",
        "a bridge": "1_1ecb/intra/1005",
        "The bridge": "1_1ecb/intra/1005",
    }  # TIME_* left out
    assert {g.text: g.cluster for g in ecb.events} == {
        "attacked": "ACT200",
        "said": "1_1ecb/singleton/6",
        "the attack": "ACT200",
        "destroyed": "1_1ecb/singleton/8",
        "built": "1_1ecb/singleton/11",
    }
    assert {g.cluster for g in plus.entities if g.text in ("Oleg Petrenko", "He")} == {"HUM400"}
    for doc in docs:
        for g in doc.entities + doc.events:
            covered = " ".join(doc.text[doc.tokens[t][1] : doc.tokens[t][2]] for t in g.tokens)
            assert covered == g.text
    assert [d.id for d in read_ecbplus(ECB, ["1"], limit_docs=1)] == ["1_1ecb"]
    with_times = read_ecbplus(ECB, ["1"], include_times=True)[0]
    assert {g.text: g.tag for g in with_times.entities}["Monday"] == "TIME_DATE"
    assert read_ecbplus(ECB, ["2"]) == []


def test_read_sentence_filter():
    assert read_sentence_filter(ECB / "sentences.csv") == {"1_1ecb": {0, 1, 2}, "1_1ecbplus": {1}}


def test_read_meantime_fixture():
    docs = read_meantime(MEANTIME)
    assert [(d.topic, d.id) for d in docs] == [
        ("alpha", "10_Acme_buys_Widgetco.xml"),
        ("alpha", "11_Widgetco_sold_to_Acme.xml"),
        ("beta", "20_Snow_in_Chicago.xml"),
    ]
    first = docs[0]
    assert first.text == (
        "Acme buys Widgetco\nMarch 3, 2009\n"
        "Acme Corporation said on Monday it bought Widgetco for $2 billion."
    )
    by_text = {g.text: g for g in first.entities}
    assert by_text["Acme Corporation"].cluster == by_text["it"].cluster == "ORG111"
    assert by_text["$ 2 billion"].cluster == "10_Acme_buys_Widgetco.xml/Singleton_6_10_Acme_buys_Widgetco.xml"
    assert by_text["$ 2 billion"].tag == "FIN"
    assert [g.text for g in first.events] == ["buys", "said", "bought"]
    for doc in docs:
        for g in doc.entities + doc.events:
            covered = " ".join(doc.text[doc.tokens[t][1] : doc.tokens[t][2]] for t in g.tokens)
            assert covered == g.text
    assert [d.id for d in read_meantime(MEANTIME, ["beta"])] == ["20_Snow_in_Chicago.xml"]


# -- scoring hand-built extractions (no model) ------------------------------------------


def _span(doc: CorefDoc, surface: str) -> Span:
    start = doc.text.index(surface)
    return Span(start, start + len(surface), surface)


def _extraction(doc: CorefDoc, entities, events) -> Extraction:
    x = Extraction(article=article_for(doc), sentences=[])
    for i, (kind, surfaces) in enumerate(entities):
        mentions = [_span(doc, s) for s in surfaces]
        x.entities.append(LocalEntity(i, kind, surfaces[0], mentions=mentions, names=[surfaces[0]]))
    for surface, kind, places in events:
        x.events.append(
            EventMention(
                trigger=_span(doc, surface),
                type=kind,
                lemma=surface,
                sentence=_span(doc, surface),
                places=places,
            )
        )
    return x


def test_scores_of_hand_built_extractions():
    ecb, plus = read_ecbplus(ECB, ["1"])
    person, place, org = EntityKind.PERSON, EntityKind.PLACE, EntityKind.ORGANIZATION
    x1 = _extraction(
        ecb,
        [(person, ["Oleg Petrenko"]), (place, ["Izium"]), (org, ["Monday"])],
        [("attacked", "Attack", [1]), ("the attack", "Attack", []), ("destroyed", "Destruction", [])],
    )
    x2 = _extraction(
        plus,
        [(person, ["Oleg Petrenko", "He"]), (place, ["Izium"]), (org, ["Kyiv"])],
        [("attacked", "Attack", [1])],
    )
    result = score_extractions([ecb, plus], [x1, x2], read_sentence_filter(ECB / "sentences.csv"))
    entities = result["within_topic"]["entities"]
    # Gold after the sentence filter: {troops1, troops2} {Izium1, Izium2} {Petrenko1, Petrenko2}
    # {a bridge, The bridge}; "He" and "Kyiv" are in a sentence outside the filter: dropped.
    assert (entities["gold_mentions"], entities["gold_clusters"], entities["predicted_mentions"]) == (8, 4, 5)
    assert entities["mention_detection"]["tp"] == 4  # "Monday" is twinless (times are not gold)
    kg = entities["systems"]["kg"]
    # kg merges the two Petrenkos and the two Iziums: MUC R 2/4, P 2/2; B3 R 4/8, P 4/5;
    # CEAF-e 2 aligned clusters of phi4 = 1: R 2/4, P 2/3.
    assert kg["muc"] == {"precision": 1.0, "recall": 0.5, "f1": round(2 / 3, 4)}
    assert kg["b3"] == {"precision": 0.8, "recall": 0.5, "f1": round(8 / 13, 4)}
    assert kg["ceafe"] == {"precision": round(2 / 3, 4), "recall": 0.5, "f1": round(4 / 7, 4)}
    assert kg["conll_f1"] == round((2 / 3 + 8 / 13 + 4 / 7) / 3, 4)
    none = entities["systems"]["no-merge"]
    # every predicted mention alone: MUC 0; B3 R 2/8, P 4/5; CEAF-e 4 * 1/3... = 4/3: R 1/3, P 4/15
    assert none["muc"]["f1"] == 0.0
    assert none["b3"] == {"precision": 0.8, "recall": 0.25, "f1": round(8 / 21, 4)}
    assert none["ceafe"]["f1"] == round(8 / 27, 4)
    assert entities["systems"]["exact-label"]["conll_f1"] == kg["conll_f1"]
    assert entities["matched_only"]["kg"] == 1.0

    events = result["within_topic"]["events"]
    # Gold: {attacked1, the attack1, attacked2} and 4 singletons (said, destroyed, built, said).
    # kg: the two "attacked" share type and place; the bare "attack" joins its article's cluster.
    assert (events["gold_mentions"], events["gold_clusters"]) == (7, 5)
    kg = events["systems"]["kg"]
    assert kg["muc"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert kg["b3"] == {"precision": 1.0, "recall": round(4 / 7, 4), "f1": round(8 / 11, 4)}
    assert kg["ceafe"] == {"precision": 1.0, "recall": 0.4, "f1": round(4 / 7, 4)}
    label = events["systems"]["exact-label"]
    assert label["muc"] == {"precision": 1.0, "recall": 0.5, "f1": round(2 / 3, 4)}
    assert result["per_topic"]["1"]["events"]["systems"]["kg"] == {k: v for k, v in kg.items()}
    assert (
        result["one_build"]["entities"]["systems"]["kg"]["conll_f1"]
        == result["within_topic"]["entities"]["systems"]["kg"]["conll_f1"]
    )


# -- end to end, with the real model ----------------------------------------------------


@pytest.fixture()
def eval_app() -> typer.Typer:
    from kg.cli.eval import eval_app

    return eval_app


@pytest.mark.model
def test_coref_command_on_ecbplus_fixture(eval_app, tmp_path):
    out = tmp_path / "coref.json"
    result = CliRunner().invoke(
        eval_app,
        ["coref", str(ECB), "--topics", "1", "--sentences", str(ECB / "sentences.csv"), "--json", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert "kg (merge.resolve)" in result.stdout and "exact label match" in result.stdout
    report = json.loads(out.read_text())
    assert report["corpus"] == "ECB+" and report["documents"] == 2 and report["topics"] == ["1"]
    entities = report["within_topic"]["entities"]
    assert (entities["gold_mentions"], entities["gold_clusters"]) == (8, 4)
    assert report["within_topic"]["events"]["gold_mentions"] == 7
    # "Oleg Petrenko" is found in both documents and kg merges the two
    assert entities["mention_detection"]["tp"] >= 2
    assert entities["systems"]["kg"]["muc"]["recall"] > 0
    assert entities["systems"]["kg"]["conll_f1"] >= entities["systems"]["no-merge"]["conll_f1"]
    for setting in ("within_topic", "one_build"):
        for which in ("entities", "events"):
            for scores in report[setting][which]["systems"].values():
                assert 0 <= scores["conll_f1"] <= 1


@pytest.mark.model
def test_coref_meantime_command_on_fixture(eval_app, tmp_path):
    out = tmp_path / "meantime.json"
    result = CliRunner().invoke(eval_app, ["coref-meantime", str(MEANTIME), "--json", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text())
    assert report["corpus"] == "MEANTIME" and report["topics"] == ["alpha", "beta"]
    assert set(report["per_topic"]) == {"alpha", "beta"}
    assert report["within_topic"]["entities"]["gold_mentions"] == 13
    # Chicago's chain crosses topics: within topics it counts once per topic, in one build once
    assert report["within_topic"]["entities"]["gold_clusters"] == 5
    assert report["one_build"]["entities"]["gold_clusters"] == 4
    assert report["per_topic"]["beta"]["events"]["gold_mentions"] == 2
    assert "CoNLL F1 per topic" in result.stdout


def test_commands_fail_cleanly_on_a_missing_folder(eval_app, tmp_path):
    runner = CliRunner()
    assert runner.invoke(eval_app, ["coref", str(tmp_path / "nope")]).exit_code == 2
    assert runner.invoke(eval_app, ["coref-meantime", str(tmp_path)]).exit_code == 2
    assert runner.invoke(eval_app, ["coref", str(ECB), "--topics", "x"]).exit_code == 2
