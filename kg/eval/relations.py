"""``kg eval relations``: kg's relations against CoNLL04 (Roth & Yih 2004) triples.

Every sentence is its own article (tokens joined by single spaces). kg's
:class:`~kg.model.Relation` values between two entities are mapped to CoNLL04 kinds by
``kg/data/conll04_to_kg.tsv`` (worksFor and memberOf → Work_For, …). A predicted triple
matches a gold one, one-to-one, when the kinds are equal and

- **strict**: a mention of the subject entity has exactly the gold subject's character
  span, and likewise for the object (the CoNLL04 convention: exact entity boundaries);
- **head**: the head words (:func:`kg.eval.events.head_span`) overlap instead.

Scores per relation kind and micro-averaged. Also reported: how many gold relation
arguments kg found as an entity mention at all (an upper bound on recall).

>>> m = load_conll04_mapping()
>>> m["worksFor"], m["memberOf"], m["killed"]
('Work_For', 'Work_For', 'Kill')
"""

from __future__ import annotations

import bisect
import json
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..model import EntityKind, Extraction, LocalEntity, Span
from .events import Char, _tsv_rows, head_span, overlaps, text_tokens
from .metrics import Score, score_lines

KINDS = ("Live_In", "Work_For", "OrgBased_In", "Located_In", "Kill")
MODES = ("strict", "head")


def load_conll04_mapping(path: str | Path | None = None) -> dict[str, str]:
    """kg predicate → CoNLL04 kind, from ``kg/data/conll04_to_kg.tsv`` (or ``path``)."""
    text = (
        Path(path).read_text("utf-8")
        if path
        else resources.files("kg.data").joinpath("conll04_to_kg.tsv").read_text("utf-8")
    )
    mapping = {}
    for row in _tsv_rows(text):
        kind, predicates = row[0], row[1]
        for predicate in predicates.split(","):
            if predicate.strip():
                mapping[predicate.strip()] = kind
    return mapping


# -- plain structures ---------------------------------------------------------


@dataclass(frozen=True)
class Argument:
    """A relation argument: its mention spans and their head words."""

    spans: tuple[Char, ...]
    heads: tuple[Char, ...]

    @classmethod
    def of_spans(cls, text: str, spans: Iterable[Char]) -> Argument:
        spans = tuple(spans)
        heads = tuple(head_span(text_tokens(text[a:b], a)) for a, b in spans if text_tokens(text[a:b]))
        return cls(spans, heads)

    def matches(self, other: Argument, mode: str) -> bool:
        if mode == "strict":
            return bool(set(self.spans) & set(other.spans))
        return any(overlaps(h, g) for h in self.heads for g in other.heads)


@dataclass(frozen=True)
class Triple:
    kind: str  # CoNLL04 relation kind
    subject: Argument
    object: Argument
    text: str = ""  # for reports: "subject|kind|object"


def align_triples(pred: Sequence[Triple], gold: Sequence[Triple], mode: str) -> list[tuple[int, int]]:
    """One-to-one (pred, gold) pairs with equal kinds and matching arguments (first come)."""
    pairs, used = [], set()
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            if (
                j not in used
                and p.kind == g.kind
                and p.subject.matches(g.subject, mode)
                and p.object.matches(g.object, mode)
            ):
                pairs.append((i, j))
                used.add(j)
                break
    return pairs


def score_relations(
    docs: Iterable[tuple[Sequence[Triple], Sequence[Triple]]], kinds: Sequence[str] = KINDS
) -> dict[str, Any]:
    """Per-kind and micro P/R/F1, strict and head match, over (pred, gold) triples per sentence."""
    counts = {mode: defaultdict(Counter) for mode in MODES}
    missed, spurious = Counter(), Counter()
    for pred, gold in docs:
        for mode in MODES:
            pairs = align_triples(pred, gold, mode)
            c = counts[mode]
            for p in pred:
                c[p.kind]["n_pred"] += 1
            for g in gold:
                c[g.kind]["n_gold"] += 1
            for _, j in pairs:
                c[gold[j].kind]["tp"] += 1
            if mode == "head":
                matched_p, matched_g = {i for i, _ in pairs}, {j for _, j in pairs}
                missed.update(g.kind for j, g in enumerate(gold) if j not in matched_g)
                spurious.update(p.kind for i, p in enumerate(pred) if i not in matched_p)
    result: dict[str, Any] = {}
    for mode in MODES:
        c = counts[mode]
        per_kind = {
            k: Score.from_counts(c[k]["tp"], c[k]["n_pred"], c[k]["n_gold"])
            for k in [*kinds, *sorted(set(c) - set(kinds))]
        }
        total = Counter()
        for k in c:
            total.update(c[k])
        result[mode] = {
            "micro": Score.from_counts(total["tp"], total["n_pred"], total["n_gold"]),
            "by_kind": per_kind,
        }
    result["missed"] = dict(missed.most_common())
    result["spurious"] = dict(spurious.most_common())
    return result


def argument_coverage(docs: Iterable[tuple[Sequence[Argument], Sequence[Triple]]]) -> dict[str, Any]:
    """How many gold relation arguments (and whole triples) kg has an entity mention for."""
    n = Counter()
    for entities, gold in docs:
        for g in gold:
            for mode in MODES:
                found = [any(e.matches(arg, mode) for e in entities) for arg in (g.subject, g.object)]
                n[f"arguments_{mode}"] += sum(found)
                n[f"triples_{mode}"] += all(found)
            n["arguments"] += 2
            n["triples"] += 1
    return dict(n)


def score_on_found(
    docs: Iterable[tuple[Sequence[Triple], Sequence[Triple], Sequence[Argument], Sequence[Char]]],
) -> Score:
    """Relation P/R where kg found both arguments (strict): the relation step on its own.

    Gold: the triples whose two arguments are among kg's entity mentions. Predicted: kg's
    triples whose two arguments are gold entity mentions (of any gold type).
    """
    tp = n_pred = n_gold = 0
    for pred, gold, entities, gold_spans in docs:
        spans = set(gold_spans)
        found = [
            g
            for g in gold
            if all(any(e.matches(arg, "strict") for e in entities) for arg in (g.subject, g.object))
        ]
        kept = [p for p in pred if set(p.subject.spans) & spans and set(p.object.spans) & spans]
        tp += len(align_triples(kept, found, "strict"))
        n_pred += len(kept)
        n_gold += len(found)
    return Score.from_counts(tp, n_pred, n_gold)


# -- reading CoNLL04 ----------------------------------------------------------


def bilou_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) token spans of a BILOU tag sequence, in order of appearance.

    >>> bilou_spans(["B-Peop", "I-Peop", "L-Peop", "O", "U-Loc"])
    [(0, 3, 'Peop'), (4, 5, 'Loc')]
    """
    spans, start = [], None
    for i, tag in enumerate(tags):
        prefix, _, kind = tag.partition("-")
        if prefix == "U":
            spans.append((i, i + 1, kind))
            start = None
        elif prefix == "B":
            start = i
        elif prefix == "L" and start is not None:
            spans.append((start, i + 1, kind))
            start = None
        elif prefix == "O":
            start = None
    return spans


@dataclass
class Sentence:
    text: str
    triples: list[Triple]
    entities: list[tuple[Char, str]]  # gold entity char spans with their types
    tokens: tuple[Char, ...] = ()  # the corpus's tokens

    def snap(self, span: Char) -> Char:
        """``span`` widened to whole corpus tokens: kg's "Ethiopia" is CoNLL04's token "Ethiopia."
        (the corpus glues a sentence's full stop to its last word).

        >>> Sentence("in Addis Ababa , Ethiopia.", [], [], ((0, 2), (3, 8), (9, 14), (15, 16), (17, 26))).snap((17, 25))
        (17, 26)
        """
        if not self.tokens:
            return span
        starts = [a for a, _ in self.tokens]
        first = self.tokens[max(bisect.bisect_right(starts, span[0]) - 1, 0)]
        last = self.tokens[max(bisect.bisect_right(starts, span[1] - 1) - 1, 0)]
        return (min(first[0], span[0]), max(last[1], span[1]))

    def inside_one_entity(self, a: Char, b: Char) -> bool:
        """Both spans inside one gold entity: "West Branch , Iowa" is one Loc in CoNLL04, so a
        relation between its parts has no gold counterpart (it is not scored)."""
        return any(s <= min(a[0], b[0]) and max(a[1], b[1]) <= e for (s, e), _ in self.entities)


def read_conll04(path: str | Path, limit: int | None = None) -> list[Sentence]:
    """Sentences as text (tokens joined by spaces) with gold triples in character offsets."""
    with open(path, encoding="utf-8") as f:
        records = json.load(f)
    sentences = []
    for record in records[:limit] if limit else records:
        tokens = record["tokens"]
        starts, pos = [], 0
        for tok in tokens:
            starts.append(pos)
            pos += len(tok) + 1
        text = " ".join(tokens)
        spans = [
            ((starts[a], starts[b - 1] + len(tokens[b - 1])), kind)
            for a, b, kind in bilou_spans(record["tags"])
        ]
        triples = []
        for r in record.get("relations", []):
            (s, _), (o, _) = spans[r["head"]], spans[r["tail"]]
            triples.append(
                Triple(
                    r["type"],
                    Argument.of_spans(text, [s]),
                    Argument.of_spans(text, [o]),
                    f"{text[s[0] : s[1]]}|{r['type']}|{text[o[0] : o[1]]}",
                )
            )
        sentences.append(
            Sentence(text, triples, spans, tuple((a, a + len(t)) for a, t in zip(starts, tokens)))
        )
    return sentences


# -- kg's predictions ---------------------------------------------------------


def predicted_triples(
    extraction: Extraction, mapping: Mapping[str, str], sentence: Sentence | None = None
) -> list[Triple]:
    """kg's relations between two entities whose predicate maps to a CoNLL04 kind
    (one triple per kind, subject and object).

    An argument's spans are its entity's mentions and the relation's own mention of it.
    With the gold ``sentence``, spans are widened to its tokens (:meth:`Sentence.snap`) and a
    relation whose two argument mentions lie inside one gold entity is left out.
    """
    text = extraction.article.text
    entities = {e.id: e for e in extraction.entities}
    spans: dict[tuple, list[list[Char]]] = {}
    order: list[tuple] = []
    for r in extraction.relations:
        kind = mapping.get(r.predicate)
        if kind is None or r.object is None or r.subject not in entities or r.object not in entities:
            continue
        mentions = (r.subject_mention, r.object_mention)
        if sentence is not None and None not in mentions:
            a, b = ((m.start, m.end) for m in mentions)
            if sentence.inside_one_entity(a, b):
                continue
        key = (kind, r.subject, r.object)
        if key not in spans:
            order.append(key)
            spans[key] = [[(m.start, m.end) for m in entities[i].mentions] for i in (r.subject, r.object)]
        for side, m in zip(spans[key], mentions):
            if m is not None and (m.start, m.end) not in side:
                side.append((m.start, m.end))
    triples = []
    for key in order:
        kind, s, o = key
        subject, obj = (
            sorted({sentence.snap(c) for c in side}) if sentence is not None else side for side in spans[key]
        )
        triples.append(
            Triple(
                kind,
                Argument.of_spans(text, subject),
                Argument.of_spans(text, obj),
                f"{entities[s].name}|{kind}|{entities[o].name}",
            )
        )
    return triples


def entity_arguments(extraction: Extraction, sentence: Sentence | None = None) -> list[Argument]:
    text = extraction.article.text
    snap = sentence.snap if sentence is not None else (lambda c: c)
    return [
        Argument.of_spans(text, sorted({snap((m.start, m.end)) for m in e.mentions}))
        for e in extraction.entities
    ]


GOLD_KINDS = {"Peop": EntityKind.PERSON, "Org": EntityKind.ORGANIZATION, "Loc": EntityKind.PLACE}


def extract_with_gold_entities(sentences: Sequence[Sentence], model: str | None = None) -> list[Extraction]:
    """kg's extraction with the gold entity mentions in place of its own entity stage: the
    relation step measured on its own (every other stage runs as usual)."""
    from ..extract import STAGES, DocContext, _strip_span
    from ..lexicon import load_event_types
    from ..nlp import load_model
    from .pipeline import make_article

    nlp, _ = load_model(model)
    lexicon = load_event_types()
    found = []
    for i, (sentence, doc) in enumerate(zip(sentences, nlp.pipe(s.text for s in sentences))):
        article = make_article(sentence.text, source=f"conll04:{i}")
        spans = [_strip_span(Span(s.start_char, s.end_char, s.text)) for s in doc.sents if s.text.strip()]
        ctx = DocContext(article=article, doc=doc, lexicon=lexicon, extraction=Extraction(article, spans))
        for (start, end), kind in sentence.entities:
            tokens = doc.char_span(start, end, alignment_mode="expand")
            if kind not in GOLD_KINDS or tokens is None:
                continue
            entity = LocalEntity(
                len(ctx.extraction.entities), GOLD_KINDS[kind], tokens.text, names=[tokens.text]
            )
            ctx.extraction.entities.append(entity)
            ctx.add_mention(entity.id, tokens)
        for name, stage in STAGES.items():
            if name != "entities":
                stage(ctx)
        found.append(ctx.extraction)
    return found


def evaluate_relations(
    path: str | Path, limit: int | None = None, model: str | None = None
) -> dict[str, Any]:
    """Run kg over each CoNLL04 sentence and score its relations."""
    from ..nlp import resolve_model_name
    from .pipeline import extract_articles, make_article

    started = time.perf_counter()
    mapping = load_conll04_mapping()
    sentences = read_conll04(path, limit)
    articles = [make_article(s.text, source=f"conll04:{i}") for i, s in enumerate(sentences)]
    extractions = list(extract_articles(articles, model=model))
    predicted = [predicted_triples(x, mapping, s) for x, s in zip(extractions, sentences)]
    result = score_relations(zip(predicted, (s.triples for s in sentences)))
    exact = score_relations(
        zip((predicted_triples(x, mapping) for x in extractions), (s.triples for s in sentences))
    )
    arguments = [entity_arguments(x, s) for x, s in zip(extractions, sentences)]
    oracle = extract_with_gold_entities(sentences, model)
    with_gold = score_relations(
        zip(
            (predicted_triples(x, mapping, s) for x, s in zip(oracle, sentences)),
            (s.triples for s in sentences),
        )
    )
    predicates = Counter(r.predicate for x in extractions for r in x.relations)
    result.update(
        corpus=str(path),
        sentences=len(sentences),
        model=resolve_model_name(model),
        exact_characters=exact["strict"]["micro"],
        gold_entities=with_gold["strict"]["micro"],
        counts={
            "gold_triples": sum(len(s.triples) for s in sentences),
            "gold_by_kind": dict(Counter(t.kind for s in sentences for t in s.triples)),
            "pred_triples": sum(len(p) for p in predicted),
            "kg_relations": sum(predicates.values()),
            "kg_relations_by_predicate": dict(predicates.most_common()),
            "sentences_with_kg_relations": sum(bool(x.relations) for x in extractions),
        },
        coverage=argument_coverage(zip(arguments, (s.triples for s in sentences))),
        found=score_on_found(
            zip(
                predicted,
                (s.triples for s in sentences),
                arguments,
                ([span for span, _ in s.entities] for s in sentences),
            )
        ),
        seconds=round(time.perf_counter() - started, 1),
    )
    return result


def report_lines(result: Mapping[str, Any]) -> list[str]:
    c, cov = result["counts"], result["coverage"]
    lines = [
        (
            f"CoNLL04 {result['corpus']}: {result['sentences']} sentences, {c['gold_triples']} gold "
            f"triples, {c['pred_triples']} predicted (of {c['kg_relations']} kg relations); "
            f"{result.get('seconds', 0)} s"
        )
    ]
    for mode in MODES:
        lines += score_lines({f"{mode} micro": result[mode]["micro"]})
        lines += score_lines(result[mode]["by_kind"], f"  {mode} ")
    if cov.get("triples"):
        lines.append(
            f"gold triples with both arguments among kg's entity mentions: "
            f"strict {cov['triples_strict']}/{cov['triples']}, head {cov['triples_head']}/{cov['triples']}"
        )
    if "found" in result:
        lines += score_lines({"on found arguments (strict)": result["found"]})
    if "exact_characters" in result:
        lines += score_lines({"strict, exact characters": result["exact_characters"]})
    if "gold_entities" in result:
        lines += score_lines({"strict, with gold entities": result["gold_entities"]})
    return lines
