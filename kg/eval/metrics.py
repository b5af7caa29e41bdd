"""Precision, recall and F1, shared by every ``kg eval`` command.

>>> s = Score.from_counts(tp=3, n_pred=4, n_gold=6)
>>> (s.precision, s.recall, round(s.f1, 3))
(0.75, 0.5, 0.6)
>>> Score.from_counts(0, 0, 0).f1
0.0
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float
    tp: float = 0
    n_pred: float = 0
    n_gold: float = 0

    @classmethod
    def from_counts(cls, tp: float, n_pred: float, n_gold: float) -> Score:
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return cls(p, r, f, tp, n_pred, n_gold)

    @classmethod
    def from_pr(cls, precision: float, recall: float) -> Score:
        f = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return cls(precision, recall, f)

    def as_dict(self) -> dict[str, float]:
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in asdict(self).items()}

    def row(self, name: str) -> str:
        return f"{name:<32} P {self.precision:6.1%}  R {self.recall:6.1%}  F1 {self.f1:6.1%}"


# -- reporting, shared by the kg eval commands ------------------------------------


def jsonable(value: Any) -> Any:
    """Scores as dicts, tuples as lists, recursively."""
    if isinstance(value, Score):
        return value.as_dict()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


def write_json(result: Mapping[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(jsonable(result), indent=2, ensure_ascii=False) + "\n", "utf-8")


def score_lines(scores: Mapping[str, Score], prefix: str = "") -> list[str]:
    return [
        s.row(prefix + name) + f"   ({s.tp:g}/{s.n_pred:g} pred, {s.n_gold:g} gold)"
        for name, s in scores.items()
    ]
