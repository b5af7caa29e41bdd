"""``kg eval ner``: kg's entity typing against CoNLL-2003 (PER, ORG, LOC), beside the bare model.

Each CoNLL-2003 document is rebuilt as text: tokens joined by single spaces, sentences
by line breaks (kg starts a sentence at every line break). Two systems are scored on
the same parsed Docs, by exact character span and type:

- **kg**: every *name* mention of each :class:`~kg.model.LocalEntity` (a mention whose
  text is one of ``LocalEntity.names``; descriptions such as "the city" and pronouns are
  not NER spans), typed PERSON → PER, ORGANIZATION and GROUP → ORG, PLACE → LOC;
- **model**: the spaCy model's own ``doc.ents``, PERSON → PER, ORG → ORG, GPE/LOC/FAC → LOC
  (NORP, PRODUCT, EVENT, dates, numbers … ignored).

MISC is not scored (neither system has the type); its gold count is reported, with how
many of each system's predictions fall exactly on (or overlap) a gold MISC span.

>>> iob1_spans(["I-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-MISC"])
[(0, 2, 'PER'), (3, 4, 'LOC'), (4, 5, 'LOC'), (5, 6, 'MISC')]
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import EntityKind, Extraction
from ..retype import retype
from .metrics import Score, score_lines

TYPES = ("PER", "ORG", "LOC")
KG_TYPES = {
    EntityKind.PERSON: "PER",
    EntityKind.ORGANIZATION: "ORG",
    EntityKind.GROUP: "ORG",
    EntityKind.PLACE: "LOC",
}
MODEL_TYPES = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
SYSTEMS = ("kg", "model")

NerSpan = tuple[int, int, str]  # start char, end char (exclusive), type


# -- reading CoNLL-2003 -------------------------------------------------------


def iob1_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) token spans of an IOB1 (or IOB2) tag sequence."""
    spans: list[list] = []
    prev = "O"
    for i, tag in enumerate(tags):
        if tag == "O":
            prev = tag
            continue
        prefix, _, kind = tag.partition("-")
        if prefix == "B" or prev == "O" or prev.partition("-")[2] != kind:
            spans.append([i, i + 1, kind])
        else:
            spans[-1][1] = i + 1
        prev = tag
    return [tuple(s) for s in spans]


@dataclass
class NerDoc:
    text: str
    gold: list[NerSpan]  # PER, ORG, LOC and MISC


def _doc(sentences: list[list[tuple[str, str]]]) -> NerDoc:
    lines, gold, pos = [], [], 0
    for sentence in sentences:
        starts = []
        for word, _ in sentence:
            starts.append(pos)
            pos += len(word) + 1
        lines.append(" ".join(w for w, _ in sentence))
        for a, b, kind in iob1_spans([t for _, t in sentence]):
            gold.append((starts[a], starts[b - 1] + len(sentence[b - 1][0]), kind))
    return NerDoc("\n".join(lines), gold)


def read_conll2003(path: str | Path, limit: int | None = None) -> list[NerDoc]:
    """Documents (split at -DOCSTART-; the file start is one too) with gold char spans."""
    docs: list[NerDoc] = []
    sentences: list[list[tuple[str, str]]] = []
    sentence: list[tuple[str, str]] = []

    def close_document() -> None:
        if sentence:
            sentences.append(list(sentence))
            sentence.clear()
        if sentences:
            docs.append(_doc(sentences))
            sentences.clear()

    with open(path, encoding="utf-8") as f:
        for line in f:
            if limit is not None and len(docs) >= limit:
                break
            fields = line.split()
            if not fields:
                if sentence:
                    sentences.append(list(sentence))
                    sentence.clear()
            elif fields[0] == "-DOCSTART-":
                close_document()
            else:
                sentence.append((fields[0], fields[-1]))
    close_document()
    return docs[:limit] if limit else docs


# -- the two systems ----------------------------------------------------------


def kg_spans(extraction: Extraction) -> set[NerSpan]:
    """Every name mention of kg's entities, typed PER, ORG or LOC."""
    found = set()
    for entity in extraction.entities:
        names = set(entity.names)
        kind = KG_TYPES.get(entity.kind)
        if kind is None:
            continue
        for m in entity.mentions:
            if m.text in names:
                found.add((m.start, m.end, kind))
    return found


def model_spans(ents: Iterable[tuple[int, int, str]]) -> set[NerSpan]:
    """The model's entities (start, end, spaCy label), typed PER, ORG or LOC; others dropped."""
    return {(a, b, MODEL_TYPES[label]) for a, b, label in ents if label in MODEL_TYPES}


# -- scoring ------------------------------------------------------------------


def score_ner(
    docs: Iterable[tuple[set[NerSpan], Sequence[NerSpan]]], types: Sequence[str] = TYPES
) -> dict[str, Any]:
    """Exact span+type P/R/F1 per type and micro; MISC and error kinds counted apart."""
    n: dict[str, Counter] = {t: Counter() for t in types}
    misc, errors = Counter(), Counter()
    for pred, gold in docs:
        pred = {p for p in pred if p[2] in types}
        scored = {g for g in gold if g[2] in types}
        misc_gold = [g for g in gold if g[2] == "MISC"]
        misc["gold"] += len(misc_gold)
        for t in types:
            n[t]["n_pred"] += sum(p[2] == t for p in pred)
            n[t]["n_gold"] += sum(g[2] == t for g in scored)
            n[t]["tp"] += sum(p[2] == t for p in pred & scored)
        spans = {(g[0], g[1]): g[2] for g in gold}
        for p in pred - scored:
            gold_type = spans.get((p[0], p[1]))
            if gold_type == "MISC":
                misc["pred_exact"] += 1
                errors["on MISC"] += 1
            elif gold_type is not None:
                errors[f"{p[2]} for {gold_type}"] += 1
            elif any(p[0] < g[1] and g[0] < p[1] and g[2] == p[2] for g in gold):
                errors["boundary"] += 1
            elif any(p[0] < g[1] and g[0] < p[1] for g in gold):
                errors["boundary and type"] += 1
            else:
                errors["no gold entity"] += 1
            if any(p[0] < g[1] and g[0] < p[1] for g in misc_gold):
                misc["pred_overlap"] += 1
        predicted_at = {(p[0], p[1]) for p in pred}
        errors["missed (no prediction on the span)"] += sum(
            1 for g in scored - pred if (g[0], g[1]) not in predicted_at
        )
    total = Counter()
    for t in types:
        total.update(n[t])
    return {
        "micro": Score.from_counts(total["tp"], total["n_pred"], total["n_gold"]),
        "by_type": {t: Score.from_counts(n[t]["tp"], n[t]["n_pred"], n[t]["n_gold"]) for t in types},
        "misc": dict(misc),
        "errors": dict(errors.most_common()),
    }


def compare(kg: dict[str, Any], model: dict[str, Any]) -> dict[str, float]:
    """F1 of kg minus F1 of the bare model, micro and per type (in points of 1.0)."""
    diff = {"micro": round(kg["micro"].f1 - model["micro"].f1, 4)}
    for t in kg["by_type"]:
        diff[t] = round(kg["by_type"][t].f1 - model["by_type"][t].f1, 4)
    return diff


# -- running ------------------------------------------------------------------


def parse_and_extract(
    texts: Iterable[str],
    model: str | None = None,
    batch_size: int = 32,
) -> Iterator[tuple[list[tuple[int, int, str]], Extraction]]:
    """For each text: the model's own entities (read before kg's stages run) and kg's extraction.

    The same loop as :func:`kg.eval.pipeline.extract_articles`, keeping the Docs' entities.
    """
    from ..extract import extract
    from ..lexicon import load_event_types
    from ..nlp import load_model
    from .pipeline import make_article

    nlp, _ = load_model(model)
    lexicon = load_event_types()
    articles = (make_article(t, source="conll2003") for t in texts)
    for doc, article in nlp.pipe(((a.text, a) for a in articles), as_tuples=True, batch_size=batch_size):
        ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        yield ents, extract(article, doc, lexicon)


def evaluate_ner(path: str | Path, limit: int | None = None, model: str | None = None) -> dict[str, Any]:
    """Run kg over CoNLL-2003 documents; score kg and the bare model side by side."""
    from ..nlp import resolve_model_name

    started = time.perf_counter()
    docs = read_conll2003(path, limit)
    model_pred, extractions = [], []
    for ents, extraction in parse_and_extract((d.text for d in docs), model):
        extractions.append(extraction)
        model_pred.append(model_spans(ents))
    kg_pred = [kg_spans(x) for x in retype(extractions)]  # typed over the corpus, as a build does
    golds = [d.gold for d in docs]
    result: dict[str, Any] = {
        "kg": score_ner(zip(kg_pred, golds)),
        "model": score_ner(zip(model_pred, golds)),
    }
    result["difference"] = compare(result["kg"], result["model"])
    result.update(
        corpus=str(path),
        documents=len(docs),
        model_name=resolve_model_name(model),
        counts={
            "gold": dict(Counter(g[2] for d in docs for g in d.gold)),
            "tokens": sum(len(d.text.split()) for d in docs),
        },
        seconds=round(time.perf_counter() - started, 1),
    )
    return result


def report_lines(result: dict[str, Any]) -> list[str]:
    gold = result["counts"]["gold"]
    lines = [
        f"CoNLL-2003 {result['corpus']}: {result['documents']} documents, gold "
        + ", ".join(f"{t} {gold.get(t, 0)}" for t in (*TYPES, "MISC"))
        + f"; model {result['model_name']}; {result.get('seconds', 0)} s"
    ]
    for system in SYSTEMS:
        lines += score_lines({f"{system} micro": result[system]["micro"]})
        lines += score_lines(result[system]["by_type"], f"  {system} ")
        m = result[system]["misc"]
        lines.append(
            f"  {system} on gold MISC spans: {m.get('pred_exact', 0)} exact, "
            f"{m.get('pred_overlap', 0)} overlapping (of {m.get('gold', 0)} gold MISC)"
        )
    d = result["difference"]
    lines.append("F1 kg - model: " + ", ".join(f"{k} {v * 100:+.1f}" for k, v in d.items()))
    return lines
