"""Learn dependency-path relation patterns from CoNLL04's train split.

    python -m kg.eval.learn_relations ../shared/data/conll04/conll04_train.json \\
        -o kg/data/relation_patterns.tsv [--folds 5]

For every ordered pair of gold entity mentions in a sentence whose kinds a kg relation joins
(person-place, person-organisation, organisation-place, place-place, person-person), the
dependency path between their head words (:func:`kg.extract.paths.paths`, three levels of
detail) is counted, with the gold relation of the pair if there is one. A path whose pairs are
mostly one relation becomes a pattern for it; a path seen often and mostly without a relation
becomes a blocking pattern (predicate ``-``), so that a more general level does not fire where
a specific one knows better. ``--folds N`` reports N-fold cross-validated P/R/F1 on train with
gold entities, the figure the thresholds were chosen on (never the dev split).

Hand-written patterns (``origin`` ``hand``) are kept from the existing file when it is rewritten.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..extract.paths import LEVELS, MAX_GAP, ORIGINS, Pattern, match, parse_patterns, paths
from .relations import read_conll04

KINDS = {"Peop": "person", "Org": "org", "Loc": "place"}
PAIRS = {  # (subject kind, object kind) -> CoNLL04 kind -> kg predicate
    ("person", "place"): ("Live_In", "homeLocation"),
    ("person", "org"): ("Work_For", "worksFor"),
    ("org", "place"): ("OrgBased_In", "location"),
    ("place", "place"): ("Located_In", "containedInPlace"),
    ("person", "person"): ("Kill", "killed"),
}
BIRTH = {"bear", "born", "birthplace", "native"}  # Live_In stated by birth is schema:birthPlace
NONE = "-"
MIN_SUPPORT = {"lex": 1, "trigger": 1, "words": 1}
MIN_PRECISION = 0.5
MAX_EDGES_SINGLE = 5  # a path seen only once is kept when it has at most this many edges
MIN_BLOCK = 0.5  # a blocking pattern: most of its pairs have no relation (and it has the support below)
MIN_BLOCK_SUPPORT = 3


@dataclass(frozen=True)
class Example:
    sentence: int
    subject: str
    object: str
    keys: tuple[str, ...]
    label: str  # kg predicate, or "-"


def head(doc, start: int, end: int):
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def examples(path: str | Path, limit: int | None = None, model: str | None = None) -> list[Example]:
    """Every candidate pair of gold mentions in the corpus, with its paths and gold label."""
    from ..nlp import load_model

    sentences = read_conll04(path, limit)
    nlp, _ = load_model(model)
    found = []
    for n, (sentence, doc) in enumerate(zip(sentences, nlp.pipe(s.text for s in sentences))):
        mentions = []
        kinds: dict[int, str] = {}
        for (start, end), kind in sentence.entities:
            token = head(doc, start, end)
            if kind not in KINDS or token is None:
                continue
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            mentions.append(((start, end), KINDS[kind], span))
            for t in span:
                kinds.setdefault(t.i, KINDS[kind])
        gold = {(t.subject.spans[0], t.object.spans[0]): t.kind for t in sentence.triples}
        for a_span, a_kind, a in mentions:
            for b_span, b_kind, b in mentions:
                if (a_kind, b_kind) not in PAIRS or a.root.i == b.root.i or a.root.sent != b.root.sent:
                    continue
                if max(b.start - a.end, a.start - b.end) > MAX_GAP:
                    continue  # as kg/extract/relations.py: mentions this far apart are not paired
                keys = paths(a, b, kinds)
                if keys is None:
                    continue
                conll, predicate = PAIRS[(a_kind, b_kind)]
                label = NONE
                if gold.get((a_span, b_span)) == conll:
                    label = predicate
                    if conll == "Live_In" and BIRTH & set(" ".join(keys).split()):
                        label = "birthPlace"
                found.append(Example(n, a_kind, b_kind, keys, label))
    return found


def learn(
    data: Iterable[Example], min_support: dict[str, int] = MIN_SUPPORT, min_precision: float = MIN_PRECISION
) -> dict[tuple[str, str, str, str], Pattern]:
    counts: dict[tuple[str, str, str, str], Counter] = defaultdict(Counter)
    for ex in data:
        for level, path in zip(LEVELS, ex.keys):
            counts[(ex.subject, ex.object, level, path)][_label(ex.label, path)] += 1
    table = {}
    for key, c in counts.items():
        support = sum(c.values())
        if not key[3] or support < min_support[key[2]]:
            continue
        if support < 2 and (edges(key[3]) > MAX_EDGES_SINGLE or not lexical(key[3])):
            continue  # a long path seen once, or one without a word, is an accident of one sentence
        best = max((n, lab) for lab, n in c.items() if lab != NONE) if len(c) > (NONE in c) else (0, NONE)
        if best[0] / support >= min_precision:
            n, label = best
        elif support >= MIN_BLOCK_SUPPORT and c[NONE] / support >= MIN_BLOCK:
            n, label = c[NONE], NONE
        else:
            continue
        table[key] = Pattern(*key, predicate=label, origin="learned", support=support, precision=n / support)
    return table


def lexical(path: str) -> bool:
    """The path names a word (a lemma, not only dependencies, parts of speech and kinds):
    ``poss< headquarters >nmod``, not ``>poss``."""
    return any(w[:1].islower() and not w.endswith("<") for w in path.split())


def edges(path: str) -> int:
    return sum(1 for w in path.split() if w.endswith("<") or w.startswith(">"))


def _label(label: str, key: str) -> str:
    """A birth is a birthPlace only where the path says so ("born", "native"): elsewhere homeLocation."""
    return "homeLocation" if label == "birthPlace" and not BIRTH & set(key.split()) else label


def predict(table, ex: Example) -> str:
    pattern = match(table, ex.subject, ex.object, ex.keys)
    return NONE if pattern is None else pattern.predicate


def score(table, data: Sequence[Example]) -> tuple[int, int, int]:
    tp = n_pred = n_gold = 0
    for ex in data:
        guess = predict(table, ex)
        n_pred += guess != NONE
        n_gold += ex.label != NONE
        tp += guess != NONE and _conll(guess) == _conll(ex.label)
    return tp, n_pred, n_gold


def _conll(predicate: str) -> str:
    """Predicates that are one CoNLL04 kind compare equal (kg/data/conll04_to_kg.tsv)."""
    return {"birthPlace": "homeLocation", "memberOf": "worksFor"}.get(predicate, predicate)


def cross_validate(data: Sequence[Example], folds: int, **kw) -> tuple[float, float, float]:
    tp = n_pred = n_gold = 0
    for k in range(folds):
        train = [e for e in data if e.sentence % folds != k]
        test = [e for e in data if e.sentence % folds == k]
        a, b, c = score(learn(train, **kw), test)
        tp, n_pred, n_gold = tp + a, n_pred + b, n_gold + c
    p, r = tp / max(n_pred, 1), tp / max(n_gold, 1)
    return p, r, 2 * p * r / max(p + r, 1e-9)


def measure(rows: dict, data: Sequence[Example]) -> dict:
    """Rows with their support and precision on ``data`` (a review row's: the share without a relation)."""
    counts: dict[tuple, Counter] = defaultdict(Counter)
    for ex in data:
        for level, key in zip(LEVELS, ex.keys):
            if (ex.subject, ex.object, level, key) in rows:
                counts[(ex.subject, ex.object, level, key)][_conll(_label(ex.label, key))] += 1
    measured = {}
    for k, p in rows.items():
        c = counts[k]
        support = sum(c.values())
        precision = c[_conll(p.predicate)] / support if support else 0.0
        measured[k] = replace(p, support=support, precision=precision)
    return measured


HEADER = """\
# Relation patterns: dependency paths between two entity mentions of one sentence
# (kg/extract/paths.py) -> kg relation predicate (kg.rdf.RELATION_PROPERTIES; "-": no relation,
# a blocking pattern that stops a more general level from firing).
#
# Source: {source} (CoNLL04, Roth & Yih 2004, SpERT split), split: train, {sentences} sentences.
# Derived {date} by `python -m kg.eval.learn_relations {source_arg} -o <this file>`:
# every ordered pair of gold mentions of kinds a kg relation joins, its path at three levels
# (lex, trigger, words; kg/extract/paths.py); kept when support >= {min_support} (a path seen
# once: at most {max_single} edges, naming a word) and the best relation's share >= {min_precision}; a path with
# support >= {block_support} that is mostly no relation is kept as blocking ("-"). Gold entities,
# parsed by {model}. Live_In is birthPlace where the path says "born" or "native".
# Cross-validated on train ({folds} folds, gold entities): P {cv_p:.1f} R {cv_r:.1f} F1 {cv_f:.1f}.
# Origin "hand": written by hand (the verb relations: works for, joined, based in, headquartered
# in, born in, lives in); origin "review": a learned row that hand review turned into a blocking
# row, with the reason in the note. Both are kept when the file is rewritten, their support and
# precision measured again on train (a review row's precision: the share with no relation).
# Where hand and learned rows both match, the hand row wins; otherwise the most specific level.
#
# Columns: subject kind, object kind, level, path, predicate, origin, support (train pairs with
# this path), hits (of them, pairs with this predicate), precision (hits / support).
"""
COLUMNS = "subject\tobject\tlevel\tpath\tpredicate\torigin\tsupport\thits\tprecision\tnote"


def write(table, path: Path, header: str) -> None:
    rows = sorted(
        table.values(),
        key=lambda p: (
            ORIGINS.index(p.origin),
            LEVELS.index(p.level),
            p.subject,
            p.object,
            -p.support,
            p.path,
        ),
    )
    lines = [header.rstrip("\n"), COLUMNS]
    for p in rows:
        hits = round(p.support * p.precision)
        lines.append(
            f"{p.subject}\t{p.object}\t{p.level}\t{p.path}\t{p.predicate}\t{p.origin}\t{p.support}\t{hits}\t{p.precision:.2f}\t{p.note}"
        )
    path.write_text("\n".join(lines) + "\n", "utf-8")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("train", type=Path, help="conll04_train.json")
    parser.add_argument("-o", "--out", type=Path, help="the patterns TSV to (re)write")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--model", default=None)
    args = parser.parse_args(argv)
    from ..nlp import resolve_model_name

    data = examples(args.train, model=args.model)
    cv = cross_validate(data, args.folds) if args.folds > 1 else (0.0, 0.0, 0.0)
    print(f"{len(data)} candidate pairs; cross-validated P {cv[0]:.1%} R {cv[1]:.1%} F1 {cv[2]:.1%}")
    if args.out is None:
        return
    table = learn(data)
    if args.out.exists():  # keep the hand-written and reviewed rows, measured again on train
        kept = {k: p for k, p in parse_patterns(args.out.read_text("utf-8")).items() if p.origin != "learned"}
        table.update(measure(kept, data))
    header = HEADER.format(
        source=args.train.name,
        source_arg=args.train,
        sentences=len(read_conll04(args.train)),
        date=dt.date.today().isoformat(),
        min_support=" / ".join(f"{k} {v}" for k, v in MIN_SUPPORT.items()),
        min_precision=MIN_PRECISION,
        max_single=MAX_EDGES_SINGLE,
        block_support=MIN_BLOCK_SUPPORT,
        model=resolve_model_name(args.model),
        folds=args.folds,
        cv_p=100 * cv[0],
        cv_r=100 * cv[1],
        cv_f=100 * cv[2],
    )
    write(table, args.out, header)
    print(f"wrote {len(table)} patterns to {args.out}")


if __name__ == "__main__":
    main()
