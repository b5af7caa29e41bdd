"""``kg eval rams``: the reader and the scorer on a hand-made fixture (no model), then the
command once with the real model.

tests/data/eval/rams.jsonlines (invented; text = sentences one a line, tokens joined by spaces):
  fx_r1: "Militants attacked the town of Ardent.\\nTwo soldiers died."
    trigger "attacked" (10,18), conflict.attack.n/a; attacker Militants (0,9), target "the town of
    Ardent" (head "town", 23,27), place Ardent (31,37), instrument "died" (kg has no instrument role)
  fx_r2: "Acme bought Widget from Zenith."  trigger "bought" (5,11), transaction...purchase;
    recipient Acme (0,4) -> buyer, artifact Widget (12,18) -> item, giver Zenith (24,30) -> seller
  fx_r3: "Crowds marched in Veldt."  trigger "marched", conflict.demonstrate...: no kg event matches
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.eval import rams
from kg.eval.events import PredArgument as A
from kg.eval.events import PredEvent as P

DATA = Path(__file__).resolve().parent / "data" / "eval"
RAMS = DATA / "rams.jsonlines"


def close(score, p, r, f):
    assert (score.precision, score.recall, score.f1) == pytest.approx((p, r, f), abs=1e-4)


def test_reader_offsets_roles_and_heads():
    one, two, three = rams.read_rams(RAMS)
    assert one.text == "Militants attacked the town of Ardent.\nTwo soldiers died."
    assert one.text[slice(*one.trigger)] == "attacked" and one.type == "conflict.attack.n/a"
    assert [(a.role, [one.text[x:y] for x, y in a.heads]) for a in one.arguments] == [
        ("attacker", ["Militants"]),
        ("target", ["town"]),  # the head of "the town of Ardent"
        ("place", ["Ardent"]),
        ("instrument", ["died"]),
    ]
    assert [a.role for a in two.arguments] == ["recipient", "artifact", "giver"]
    assert three.trigger_text == "marched"
    assert rams.read_rams(RAMS, limit=1) == [one]


def test_the_event_matching_the_gold_trigger_and_type_is_chosen():
    (ex, *_) = rams.read_rams(RAMS)
    mapping, broader = rams.load_type_mapping("aida"), rams.broader_types()
    pred = [P("Killing", (10, 18)), P("Attack", (10, 18)), P("Death", (52, 56))]
    assert rams.match_event(pred, ex, mapping, broader) == 1  # the type agrees
    assert rams.match_event([P("Killing", (10, 18))], ex, mapping, broader) == 0  # else the overlap
    assert rams.match_event([P("Death", (52, 56))], ex, mapping, broader) is None


def test_score_rams_by_hand():
    # gold arguments scored: fx_r1 3 (instrument excluded) + fx_r2 3 + fx_r3 2 = 8
    # fx_r1: kg's Attack matches; Militants agent (right), Ardent place (right), Veldt-like
    #        spurious agent "soldiers" (no gold head) -> 3 predicted, 2 identified, 2 classified
    # fx_r2: kg's Acquisition matches; Acme agent+buyer (right: buyer), Widget patient+item
    #        (right), Zenith as agent (identified, but gold seller != agent) -> 3, 3, 2
    # fx_r3: no kg event on "marched": both gold arguments missed, trigger not found
    # identification P 5/6 R 5/8; classification P 4/6 R 4/8
    examples = rams.read_rams(RAMS)
    preds = [
        [
            P(
                "Attack",
                (10, 18),
                (A("agent", (0, 9), 1), A("place", (31, 37), 2), A("agent", (43, 51), 3)),
            )
        ],
        [
            P(
                "Acquisition",
                (5, 11),
                (
                    A("agent", (0, 4), 1, roles=("buyer",)),
                    A("patient", (12, 18), 2, roles=("item",)),
                    A("agent", (24, 30), 3),
                ),
            )
        ],
        [P("Statement", (0, 6))],
    ]
    result = rams.score_rams(zip(preds, examples))
    s = result["scores"]
    close(s["trigger found"], 1.0, 2 / 3, 0.8)
    close(s["trigger typed"], 1.0, 2 / 3, 0.8)
    close(s["argument identification"], 5 / 6, 5 / 8, 2 * (5 / 6) * (5 / 8) / (5 / 6 + 5 / 8))
    close(s["argument classification"], 4 / 6, 4 / 8, 2 * (4 / 6) * (4 / 8) / (4 / 6 + 4 / 8))
    assert result["gold_arguments_excluded"] == {"instrument": 1}
    assert result["counts"]["gold_arguments"] == 9


@pytest.mark.model
def test_rams_command_runs_on_the_fixture(tmp_path):
    import json

    from typer.testing import CliRunner

    from kg.cli.eval import eval_app

    out = tmp_path / "rams.json"
    result = CliRunner().invoke(eval_app, ["rams", str(RAMS), "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "argument identification" in result.output
    data = json.loads(out.read_text())
    assert data["examples"] == 3 and data["counts"]["gold_arguments_scored"] == 8
