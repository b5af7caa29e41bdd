"""``kg eval rams``: kg's event arguments against RAMS 1.0 (AIDA types, role-labelled arguments).

RAMS annotates one event per example (a five-sentence window of a news article): its
trigger, its type and its arguments, which may lie in the neighbouring sentences. kg
reads each example's text; its events are matched to the annotated one as follows:

- **the event**: among kg's events whose trigger overlaps the gold trigger (character
  spans), the one whose type the gold AIDA type maps to (``aida`` rows of
  ``kg/data/event_types.tsv``, a type or one above it along ``skos:broader``), else the
  one with the larger overlap. Unmatched, the example's gold arguments are all missed;
- **arguments** of the matched event are compared with the gold ones by head word (as in
  ``kg eval events``: a phrase's last word before a post-modifier), one to one;
  *identified* when the heads overlap, *classified* when the gold role, mapped to a kg
  role, is one kg gave the argument (:func:`kg.eval.mapping.role_matches`). Gold
  arguments whose role kg has no counterpart for (instruments, vehicles) are not scored,
  nor the predictions that match only them.

Only the annotated event's arguments are scored: kg's other events in the window are
neither right nor wrong here (RAMS leaves the other events of a window unannotated).
``--held-out`` leaves out the learned trigger entries whose only source is RAMS.

The scoring functions take plain values (:class:`RamsExample`, :class:`~kg.eval.events.PredEvent`).
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .events import (
    Char,
    GoldArgument,
    PredEvent,
    align_arguments,
    ancestors,
    broader_types,
    generic_role,
    head_span,
    overlaps,
    predicted_events,
)
from .mapping import TypeMapping, load_type_mapping, role_matches
from .metrics import Score, score_lines

_ROLE_PREFIX = re.compile(r"^evt\d+arg\d+")


@dataclass(frozen=True)
class RamsExample:
    doc_key: str
    text: str
    type: str  # AIDA type, e.g. "conflict.attack.n/a"
    trigger: Char
    arguments: tuple[GoldArgument, ...]
    trigger_text: str = ""


def read_rams(path: str | Path, limit: int | None = None) -> list[RamsExample]:
    """The examples of a RAMS .jsonlines file, with character offsets into the text kg reads
    (sentences one a line, tokens joined as :func:`kg.eval.coref.build_text` does)."""
    from .coref import build_text

    found: list[RamsExample] = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            if limit is not None and len(found) >= limit:
                break
            ex = json.loads(line)
            sentences, n = [], 0
            for number, sentence in enumerate(ex["sentences"]):
                sentences.append((number, [(n + i, tok) for i, tok in enumerate(sentence)]))
                n += len(sentence)
            text, spans = build_text(sentences)
            tokens = {i: (spans[i][1], spans[i][2], text[spans[i][1] : spans[i][2]]) for i in spans}
            start, end, types = ex["evt_triggers"][0]
            arguments = []
            for _, (a, b), role in ex["gold_evt_links"]:
                head = head_span([tokens[i] for i in range(a, b + 1)])
                arguments.append(
                    GoldArgument(_ROLE_PREFIX.sub("", role), (head,), text[spans[a][1] : spans[b][2]])
                )
            found.append(
                RamsExample(
                    ex["doc_key"],
                    text,
                    types[0][0],
                    (spans[start][1], spans[end][2]),
                    tuple(arguments),
                    text[spans[start][1] : spans[end][2]],
                )
            )
    return found


def match_event(
    pred: Sequence[PredEvent], example: RamsExample, mapping: TypeMapping, broader: Mapping[str, str]
) -> int | None:
    """The index of kg's event for the annotated one (see the module docstring), or None."""
    accepted = mapping.kg_types(example.type)
    best = None
    for i, p in enumerate(pred):
        if not overlaps(p.trigger, example.trigger):
            continue
        agrees = any(t in accepted for t in ancestors(p.type, broader))
        overlap = min(p.trigger[1], example.trigger[1]) - max(p.trigger[0], example.trigger[0])
        rank = (not agrees, -overlap, abs(p.trigger[0] - example.trigger[0]), i)
        if best is None or rank < best[0]:
            best = (rank, i)
    return best[1] if best else None


def score_rams(
    docs: Iterable[tuple[Sequence[PredEvent], RamsExample]],
    mapping: TypeMapping | None = None,
    broader: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Trigger and argument scores over (kg's events, the annotated example) pairs."""
    mapping = mapping or load_type_mapping("aida")
    broader = broader_types() if broader is None else broader
    n: Counter = Counter()
    by_role: dict[str, Counter] = {}
    excluded: Counter[str] = Counter()
    unmapped_types: Counter[str] = Counter()
    for pred, ex in docs:
        n["examples"] += 1
        role_of = lambda role, t=ex.type: mapping.kg_role(role, t)
        scored = [a for a in ex.arguments if role_of(a.role) is not None]
        excluded.update(a.role for a in ex.arguments if role_of(a.role) is None)
        n["gold_arguments"] += len(ex.arguments)
        n["gold_arguments_scored"] += len(scored)
        for gold in scored:
            by_role.setdefault(generic_role(role_of(gold.role) or ""), Counter())["n_gold"] += 1
        if not mapping.is_mapped(ex.type):
            unmapped_types[ex.type] += 1
        i = match_event(pred, ex, mapping, broader)
        if i is None:
            continue
        n["trigger_found"] += 1
        p = pred[i]
        if any(t in mapping.kg_types(ex.type) for t in ancestors(p.type, broader)):
            n["trigger_typed"] += 1
        args = list(p.arguments)
        n["pred_arguments"] += len(args)
        for a in args:
            by_role.setdefault(a.role, Counter())["n_pred"] += 1
        for a_i, a_j in align_arguments(args, ex.arguments, role_of):
            gold_role = role_of(ex.arguments[a_j].role)
            if gold_role is None:
                n["pred_arguments_ignored"] += 1
                by_role[args[a_i].role]["n_pred"] -= 1
                continue
            n["arg_id_tp"] += 1
            if role_matches(gold_role, args[a_i].all_roles):
                n["arg_cls_tp"] += 1
                by_role[args[a_i].role]["tp"] += 1
    args_scored = n["pred_arguments"] - n["pred_arguments_ignored"]
    scores = {
        "trigger found": Score.from_counts(n["trigger_found"], n["trigger_found"], n["examples"]),
        "trigger typed": Score.from_counts(n["trigger_typed"], n["trigger_found"], n["examples"]),
        "argument identification": Score.from_counts(n["arg_id_tp"], args_scored, n["gold_arguments_scored"]),
        "argument classification": Score.from_counts(
            n["arg_cls_tp"], args_scored, n["gold_arguments_scored"]
        ),
    }
    return {
        "scores": scores,
        "by_role": {
            r: Score.from_counts(c["tp"], c["n_pred"], c["n_gold"]) for r, c in sorted(by_role.items())
        },
        "counts": dict(n),
        "gold_arguments_excluded": dict(excluded.most_common()),
        "unmapped_gold_types": dict(unmapped_types.most_common()),
    }


def evaluate_rams(
    path: str | Path, limit: int | None = None, model: str | None = None, held_out: bool = False
) -> dict[str, Any]:
    """Run kg over a RAMS file and score the annotated events (see the module docstring)."""
    from ..lexicon import load_event_types
    from ..nlp import resolve_model_name
    from .pipeline import extract_articles, make_article

    started = time.perf_counter()
    examples = read_rams(path, limit)
    lexicon = load_event_types(held_out="rams" if held_out else None)
    articles = [make_article(ex.text, source=ex.doc_key) for ex in examples]
    extractions = extract_articles(articles, model=model, lexicon=lexicon)
    result = score_rams((predicted_events(x), ex) for x, ex in zip(extractions, examples))
    result.update(
        corpus=str(path),
        examples=len(examples),
        lexicon="held out (no entries learned from RAMS alone)" if held_out else "full",
        model=resolve_model_name(model),
        seconds=round(time.perf_counter() - started, 1),
    )
    return result


def report_lines(result: Mapping[str, Any]) -> list[str]:
    c = result["counts"]
    lines = [
        f"RAMS {result['corpus']}: {result['examples']} examples, {c.get('gold_arguments_scored', 0)} gold "
        f"arguments scored ({c.get('gold_arguments', 0)} in all); lexicon {result.get('lexicon', 'full')}; "
        f"{result.get('seconds', 0)} s"
    ]
    lines += score_lines(result["scores"])
    lines += score_lines(result["by_role"], "  role ")
    return lines
