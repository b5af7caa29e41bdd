"""Learn event-trigger lemmas from the gold triggers of the dev corpora.

``python -m kg.eval.learn_triggers [--data ../shared/data] [--out kg/data/event_triggers_learned.tsv]``

For every gold trigger of RAMS 1.0 dev, WikiEvents dev, ECB+ train topics (the topics of
1-35 outside the dev topics, sentence filter applied) and MEANTIME's train topics (airbus,
apple), the trigger's syntactic head is parsed with kg's spaCy model and its (lemma,
coarse POS) counted per corpus, with the gold type mapped to kg's by
``kg/data/event_types.tsv`` (RAMS and WikiEvents are typed; ECB+ and MEANTIME are not).
Where a corpus annotates every event of its text (WikiEvents, ECB+ in the listed
sentences, MEANTIME), each (lemma, POS) is also counted wherever it occurs, so
``rate`` = gold triggers / occurrences estimates how often the word is an event there.

One row per (lemma, POS). ``status``:

- ``hand``: the hand lexicon (``ontology/events.ttl``) has the lemma; it wins, the row is
  informative only;
- ``learned``: a typed corpus gives a kg type, seen at least ``MIN_COUNT`` times, with a
  rate of at least ``MIN_RATE`` where one is known; used;
- ``weak``: typed, but too rare or too seldom an event; not used;
- ``untyped``: only in untyped corpora; not used;
- ``reviewed`` / ``dropped``: decided by hand (``dropped`` nouns are not used by the generic
  layer either: "term", "land" name no happening) (the type column then is the reviewer's);
  kept as they are when the file is written again, with fresh counts.

The lexicon loader (:func:`kg.lexicon.load_event_types`) uses the ``learned`` and
``reviewed`` rows; ``held_out=`` leaves out the rows whose only source is one corpus.
"""

from __future__ import annotations

import argparse
import datetime
import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..lexicon import (
    CORPORA,
    LEARNED_FILE,
    OCCURRENCE_MIN_COUNT,
    OCCURRENCE_MIN_RATE,
    learned_rows,
    load_event_types,
)
from .mapping import load_type_mapping

MIN_COUNT = 2
MIN_RATE = 0.25
CONTENT_POS = ("VERB", "NOUN", "ADJ", "PROPN", "ADV")
MEANTIME_TOPICS = ("airbus", "apple")  # the train topics of Cattan et al.'s split
EXHAUSTIVE = ("wikievents", "ecbplus", "meantime")  # corpora that annotate every event of a text


@dataclass
class CorpusText:
    """A text with its gold triggers (character spans and corpus types, or None)."""

    text: str
    triggers: list[tuple[int, int, str | None]]
    annotated: list[tuple[int, int]] = field(default_factory=list)  # spans where every event is marked


def rams_texts(path: Path) -> Iterator[CorpusText]:
    from .coref import build_text

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        ex = json.loads(line)
        sentences, n = [], 0
        for number, sentence in enumerate(ex["sentences"]):
            sentences.append((number, [(n + i, tok) for i, tok in enumerate(sentence)]))
            n += len(sentence)
        text, spans = build_text(sentences)
        triggers = []
        for start, end, types in ex["evt_triggers"]:
            triggers.append((spans[start][1], spans[end][2], types[0][0]))
        yield CorpusText(text, triggers)


def wikievents_texts(path: Path) -> Iterator[CorpusText]:
    from .events import read_wikievents

    for doc in read_wikievents(path):
        yield CorpusText(doc.text, [(*e.trigger, e.type) for e in doc.events], [(0, len(doc.text))])


def ecbplus_texts(root: Path) -> Iterator[CorpusText]:
    from .ecbplus import TRAIN_TOPICS, read_ecbplus, read_sentence_filter

    selected = read_sentence_filter(root / "ECBplus_coreference_sentences.csv")
    for doc in read_ecbplus(root, TRAIN_TOPICS):
        wanted = selected.get(doc.id, set())
        by_sentence: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for number, start, end in doc.tokens.values():
            by_sentence[number].append((start, end))
        annotated = [
            (min(s for s, _ in v), max(e for _, e in v)) for n, v in by_sentence.items() if n in wanted
        ]
        inside = [t for t in _untyped_triggers(doc) if any(a <= t[0] < b for a, b in annotated)]
        yield CorpusText(doc.text, inside, annotated)


def meantime_texts(root: Path) -> Iterator[CorpusText]:
    from .meantime import read_meantime

    for doc in read_meantime(root, MEANTIME_TOPICS):
        yield CorpusText(doc.text, _untyped_triggers(doc), [(0, len(doc.text))])


def _untyped_triggers(doc) -> list[tuple[int, int, str | None]]:
    found: list[tuple[int, int, str | None]] = []
    for g in doc.events:
        spans = [doc.tokens[t] for t in g.tokens if t in doc.tokens]
        if spans:
            last = max(spans, key=lambda s: s[1])
            found.append((last[1], last[2], None))  # the last token stands for the head (as in scoring)
    return found


@dataclass
class Tally:
    gold: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # corpus -> key -> n
    seen: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # corpus -> key -> n
    types: dict[tuple[str, str], Counter] = field(default_factory=lambda: defaultdict(Counter))  # kg types
    gold_types: dict[tuple[str, str], Counter] = field(default_factory=lambda: defaultdict(Counter))


def tally(corpora: dict[str, list[CorpusText]], model: str | None = None) -> Tally:
    from ..nlp import load_model
    from .mapping import TypeMapping

    nlp, _ = load_model(model)
    mappings: dict[str, TypeMapping] = {
        "rams": load_type_mapping("aida"),
        "wikievents": load_type_mapping("kairos"),
    }
    t = Tally()
    for corpus, texts in corpora.items():
        for item, doc in zip(texts, nlp.pipe([x.text for x in texts], batch_size=32)):
            for start, end, gold_type in item.triggers:
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is None or not len(span):
                    continue
                head = span.root
                key = (head.lemma_.lower(), head.pos_)
                t.gold[corpus][key] += 1
                if gold_type is not None:
                    t.gold_types[key][gold_type] += 1
                    kg = mappings[corpus].kg_types(gold_type)
                    if kg:
                        t.types[key][kg[0]] += 1
            for tok in doc:
                if tok.pos_ in CONTENT_POS and any(a <= tok.idx < b for a, b in item.annotated):
                    t.seen[corpus][(tok.lemma_.lower(), tok.pos_)] += 1
    return t


HEADER = ("lemma", "pos", "type", "status", *CORPORA, "rate", "gold")


def rows(t: Tally, previous: dict[tuple[str, str], dict[str, str]]) -> list[dict[str, str]]:
    lexicon = load_event_types(learned=Path("/dev/null"))  # the hand lexicon alone
    keys = set().union(*(t.gold[c] for c in CORPORA))
    out = []
    for key in sorted(keys):
        lemma, pos = key
        counts = {c: t.gold[c][key] for c in CORPORA}
        seen = sum(t.seen[c][key] for c in EXHAUSTIVE)
        marked = sum(t.gold[c][key] for c in EXHAUSTIVE)
        rate = round(min(marked / seen, 1.0), 2) if seen else None
        typed = t.types.get(key)
        row = {"lemma": lemma, "pos": pos, **{c: str(n) for c, n in counts.items()}}
        row["rate"] = "" if rate is None else f"{rate:.2f}"
        row["gold"] = ",".join(f"{g}:{n}" for g, n in t.gold_types[key].most_common(3))
        if lemma in lexicon.by_lemma:
            row["type"], row["status"] = lexicon.by_lemma[lemma], "hand"
        elif typed:
            row["type"] = typed.most_common(1)[0][0]
            strong = sum(counts.values()) >= MIN_COUNT and (rate is None or rate >= MIN_RATE)
            row["status"] = "learned" if strong else "weak"
        else:
            row["type"], row["status"] = "-", "untyped"
        decided = previous.get(key)
        if decided and decided["status"] in ("reviewed", "dropped"):
            row["type"], row["status"] = decided["type"], decided["status"]
        out.append(row)
    return out


def read_previous(path: Path) -> dict[tuple[str, str], dict[str, str]]:
    found: dict[tuple[str, str], dict[str, str]] = {}
    if not path.is_file():
        return found
    for _, row in learned_rows(path):
        found[(row["lemma"], row["pos"])] = row
    return found


def write(path: Path, table: list[dict[str, str]], sizes: dict[str, int]) -> None:
    today = datetime.date.today().isoformat()
    described = {
        "rams": "RAMS 1.0 dev",
        "wikievents": "WikiEvents dev",
        "ecbplus": "ECB+ train topics (1-35 without the dev topics 2,5,12,18,21,23,34,35; listed sentences)",
        "meantime": "MEANTIME topics airbus and apple",
    }
    lines = [
        "# Event-trigger lemmas learned from the gold triggers of annotated corpora (never a test split):",
        *(f"#   {c}: {described[c]}, {sizes.get(c, 0)} texts" for c in CORPORA),
        f"# Written by `python -m kg.eval.learn_triggers` on {today} (kg's spaCy model; see that module).",
        "# Columns: lemma and coarse POS of the trigger's head; type: kg event type (ontology/events.ttl);",
        "# status: hand (in events.ttl, which wins), learned (used), weak / untyped (not used), reviewed",
        "# (a reviewer's decision, used), dropped (not used); then gold-trigger counts per corpus; rate: gold",
        "# triggers / occurrences in the corpora that mark every event (WikiEvents, ECB+, MEANTIME);",
        f"# gold: the corpus types seen. learned = typed, >= {MIN_COUNT} triggers, rate >= {MIN_RATE} where known.",
        "# The generic event layer (kge:Occurrence) uses the NOUN rows of status untyped or weak with >= "
        f"{OCCURRENCE_MIN_COUNT}\n# triggers and rate >= {OCCURRENCE_MIN_RATE} where known "
        "(kg.lexicon.read_occurrence_nouns); dropped: not used.",
        "\t".join(HEADER),
    ]
    for row in table:
        lines.append("\t".join(row.get(h, "") for h in HEADER))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m kg.eval.learn_triggers", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=LEARNED_FILE)
    parser.add_argument("--model", default=None)
    args = parser.parse_args(argv)
    corpora = {
        "rams": list(rams_texts(args.data / "rams" / "dev.jsonlines")),
        "wikievents": list(wikievents_texts(args.data / "wikievents" / "dev.jsonl")),
        "ecbplus": list(ecbplus_texts(args.data / "ecbplus")),
        "meantime": list(meantime_texts(args.data / "meantime")),
    }
    t = tally(corpora, args.model)
    table = rows(t, read_previous(args.out))
    write(args.out, table, {c: len(v) for c, v in corpora.items()})
    used = sum(r["status"] in ("learned", "reviewed") and r["type"] != "-" for r in table)
    print(f"wrote {args.out}: {len(table)} rows, {used} in use")


if __name__ == "__main__":
    main()
