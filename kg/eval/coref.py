"""Cross-document coreference: ``kg eval coref`` (ECB+) and ``kg eval coref-meantime``.

kg's real extraction runs over every document of a corpus; :func:`kg.merge.resolve`
merges them as a build would. The entity clusters are the mentions of every
:class:`~kg.model.LocalEntity` grouped by ``resolution.entities``; the event
clusters are the event triggers grouped by ``resolution.events``. Both are
scored end to end (over kg's own mentions, not gold mentions) with MUC, B³,
CEAF-e and the CoNLL F1 (:mod:`kg.eval.coref_metrics`), beside two baselines
computed on the same predicted mentions in the same run:

- ``no-merge``: kg's extraction without :mod:`kg.merge`: the mentions of one
  ``LocalEntity`` (kg's within-article coreference) form one cluster, nothing is
  merged across documents; every event trigger is its own cluster (kg has no
  within-article event coreference outside the merge).
- ``exact-label``: mentions with the same lower-cased, whitespace-normalised text
  form one cluster across the documents resolved together (a topic), whatever
  kg said about them.

**Mention matching.** A predicted mention covers the corpus tokens its character
span overlaps; its *last token* stands in for its head. A predicted mention and a
gold mention match when they are in the same document, the gold mention's tokens
contain the predicted mention's last token, and the predicted mention's tokens
contain the gold mention's last token (for contiguous spans: they end on the same
token — "Jackman" matches "Hugh Jackman", "phone" does not match "the phone's
antenna"). Matching is one to one: candidate pairs are taken greedily by token
overlap (Jaccard), then shorter length difference, then position. A matched
predicted mention takes the gold mention's id; an unmatched one stays a
*twinless* system mention, which the metrics count against precision.

>>> key = [{"a", "b", "c"}, {"d", "e", "f", "g"}]
>>> response = [{"a", "b"}, {"c", "d"}, {"f", "g", "h", "i"}]
>>> coref_scores(key, response)["conll_f1"]
0.4582
"""

from __future__ import annotations

import bisect
import dataclasses
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field

from ..model import Extraction
from .coref_metrics import coref_scores
from .metrics import Score

SYSTEMS = ("kg", "no-merge", "exact-label")
MENTION_SETS = ("entities", "events")


# -- the corpus-neutral document model -----------------------------------------


@dataclass(frozen=True)
class GoldMention:
    """One annotated mention: ``id`` is unique in the corpus, ``cluster`` is global."""

    id: str
    doc: str
    tokens: tuple[int, ...]  # token ids of the document
    cluster: Hashable
    tag: str  # the corpus's mention type (ECB+ tag, MEANTIME type)
    sentence: int
    text: str = ""


@dataclass
class CorefDoc:
    """A document rebuilt from corpus tokens, with the character span of every token."""

    id: str
    topic: str
    text: str
    tokens: dict[int, tuple[int, int, int]]  # token id -> (sentence, start, end)
    entities: list[GoldMention] = field(default_factory=list)
    events: list[GoldMention] = field(default_factory=list)

    def gold(self, which: str) -> list[GoldMention]:
        return self.entities if which == "entities" else self.events


NO_SPACE_BEFORE = {
    ",",
    ".",
    ";",
    ":",
    "!",
    "?",
    ")",
    "]",
    "}",
    "%",
    "'s",
    "'S",
    "’s",
    "n't",
    "N'T",
    "'re",
    "'ve",
    "'ll",
    "'d",
    "'m",
    "...",
    "'",
}
NO_SPACE_AFTER = {"(", "[", "{", "$", "#"}
PTB_QUOTES = {"``": '"', "''": '"', "-LRB-": "(", "-RRB-": ")"}


def build_text(
    sentences: Iterable[tuple[int, Sequence[tuple[int, str]]]],
) -> tuple[str, dict[int, tuple[int, int, int]]]:
    """Text of tokenised sentences (one a line) and each token's (sentence, start, end).

    Tokens are joined by a space except before closing punctuation and clitics and
    after opening brackets, so that spaCy sees ordinary prose:

    >>> text, spans = build_text([(1, [(7, "Hugh"), (8, "Jackman"), (9, "'s"), (10, "show"),
    ...                                 (11, ".")]), (2, [(12, "(Yes)")])])
    >>> text
    "Hugh Jackman's show.\\n(Yes)"
    >>> spans[9], text[spans[9][1]:spans[9][2]], spans[12]
    ((1, 12, 14), "'s", (2, 21, 26))
    """
    parts: list[str] = []
    spans: dict[int, tuple[int, int, int]] = {}
    pos = 0
    for s_index, (number, tokens) in enumerate(sentences):
        if s_index:
            parts.append("\n")
            pos += 1
        previous = None
        for tid, raw in tokens:
            token = PTB_QUOTES.get(raw, re.sub(r"\s", " ", raw))
            if previous is not None and token not in NO_SPACE_BEFORE and previous not in NO_SPACE_AFTER:
                parts.append(" ")
                pos += 1
            spans[tid] = (number, pos, pos + len(token))
            parts.append(token)
            pos += len(token)
            previous = token
    return "".join(parts), spans


# -- predicted mentions ----------------------------------------------------------


@dataclass(frozen=True)
class PredictedMention:
    doc: str
    start: int
    end: int
    text: str
    kg: Hashable  # kg's cluster (an IRI)
    local: Hashable  # the no-merge cluster


def predicted_mentions(extraction: Extraction, resolution, which: str) -> list[PredictedMention]:
    """kg's entity mentions (every span of every LocalEntity) or event triggers, one per span."""
    aid = extraction.article.id
    found: dict[tuple[int, int], PredictedMention] = {}
    if which == "entities":
        for entity in extraction.entities:
            iri = resolution.entities[(aid, entity.id)]
            for m in entity.mentions:
                found.setdefault(
                    (m.start, m.end),
                    PredictedMention(aid, m.start, m.end, m.text, iri, (aid, "entity", entity.id)),
                )
    else:
        for index, event in enumerate(extraction.events):
            t = event.trigger
            found.setdefault(
                (t.start, t.end),
                PredictedMention(
                    aid, t.start, t.end, t.text, resolution.events[(aid, index)], (aid, "event", index)
                ),
            )
    return sorted(found.values(), key=lambda p: (p.start, p.end))


def label_key(text: str) -> str:
    """The exact-label baseline's key: lower-cased text, whitespace normalised."""
    return " ".join(text.lower().split())


# -- matching --------------------------------------------------------------------


class _TokenIndex:
    def __init__(self, doc: CorefDoc) -> None:
        self.items = sorted((start, end, tid) for tid, (_, start, end) in doc.tokens.items())
        self.starts = [s for s, _, _ in self.items]
        self.doc = doc

    def covered(self, start: int, end: int) -> list[int]:
        """Ids of the tokens a character span overlaps, in text order."""
        i = max(bisect.bisect_right(self.starts, start) - 1, 0)
        out = []
        while i < len(self.items) and self.items[i][0] < end:
            s, e, tid = self.items[i]
            if e > start and s < end:
                out.append(tid)
            i += 1
        return out

    def last(self, token_ids: Iterable[int]) -> int:
        return max(token_ids, key=lambda t: self.doc.tokens[t][1])


def align(
    doc: CorefDoc, index: _TokenIndex, gold: Sequence[GoldMention], predicted: Sequence[PredictedMention]
) -> list[str | None]:
    """For each predicted mention, the id of the gold mention it matches, or None."""
    by_token: dict[int, list[GoldMention]] = defaultdict(list)
    gold_last = {}
    for g in gold:
        for t in g.tokens:
            by_token[t].append(g)
        gold_last[g.id] = index.last(g.tokens)
    candidates = []
    for i, p in enumerate(predicted):
        tokens = index.covered(p.start, p.end)
        if not tokens:
            continue
        last = index.last(tokens)
        for g in by_token.get(last, []):
            if gold_last[g.id] in tokens:
                overlap = len(set(tokens) & set(g.tokens)) / len(set(tokens) | set(g.tokens))
                candidates.append((-overlap, abs(len(tokens) - len(g.tokens)), p.start, i, g.id))
    matched: list[str | None] = [None] * len(predicted)
    taken: set[str] = set()
    for _, _, _, i, gid in sorted(candidates):
        if matched[i] is None and gid not in taken:
            matched[i] = gid
            taken.add(gid)
    return matched


# -- scoring ---------------------------------------------------------------------


def _clusters(items: Iterable[tuple[Hashable, Hashable]]) -> list[set]:
    """Group (mention id, cluster key) pairs into a clustering."""
    groups: dict[Hashable, set] = defaultdict(set)
    for mention, key in items:
        groups[key].add(mention)
    return list(groups.values())


@dataclass
class _Block:
    """The mentions of one setting and mention set, ready to be clustered."""

    gold: list[GoldMention] = field(default_factory=list)
    # (mention id, document id, {system: cluster key}, tag of the matched gold mention or None)
    predicted: list[tuple[Hashable, str, dict[str, Hashable], str | None]] = field(default_factory=list)


def _score_block(block: _Block, doc_ids: Iterable[str] | None = None) -> dict:
    """Coreference scores of every system, and mention detection, over some documents.

    ``matched_only`` is the CoNLL F1 over the matched mentions alone (gold mentions
    kg found, predicted mentions that are gold): clustering quality with mention
    detection errors taken out.
    """
    wanted = set(doc_ids) if doc_ids is not None else None
    gold = [g for g in block.gold if wanted is None or g.doc in wanted]
    preds = [p for p in block.predicted if wanted is None or p[1] in wanted]
    key = _clusters((g.id, g.cluster) for g in gold)
    matched = Counter(tag for *_, tag in preds if tag is not None)
    out: dict = {
        "gold_mentions": len(gold),
        "gold_clusters": len(key),
        "predicted_mentions": len(preds),
        "mention_detection": Score.from_counts(sum(matched.values()), len(preds), len(gold)).as_dict(),
        "systems": {},
    }
    found = {mid for mid, *_, tag in preds if tag is not None}
    found_key = _clusters((g.id, g.cluster) for g in gold if g.id in found)
    out["matched_only"] = {}
    for system in SYSTEMS:
        response = _clusters((mid, clusters[system]) for mid, _, clusters, _ in preds)
        out["systems"][system] = {**coref_scores(key, response), "clusters": len(response)}
        found_response = _clusters(
            (mid, clusters[system]) for mid, _, clusters, tag in preds if tag is not None
        )
        out["matched_only"][system] = coref_scores(found_key, found_response)["conll_f1"]
    if wanted is None:
        out["recall_by_tag"] = {
            tag: {"gold": n, "matched": matched[tag], "recall": round(matched[tag] / n, 4)}
            for tag, n in sorted(Counter(g.tag for g in gold).items())
        }
    return out


def score_extractions(
    docs: Sequence[CorefDoc],
    extractions: Sequence[Extraction],
    sentences: dict[str, set[int]] | None = None,
    one_build: bool = True,
) -> dict:
    """Score kg and the baselines, given kg's extraction of each document (same order).

    Documents are resolved per topic (the standard cross-document setting: gold
    topics, coreference within a topic); with ``one_build`` also all together,
    as one kg build of every document would be (within topics, a gold chain that
    spans topics counts as one chain per topic). ``sentences`` maps a document id
    to the sentence numbers to evaluate: gold mentions elsewhere are not scored,
    and predicted mentions whose last token lies elsewhere are dropped too.
    Gold mentions on tokens that are not in the text (ECB+'s URL line) are dropped.
    """
    from ..merge import resolve

    if len(docs) != len(extractions):
        raise ValueError("one extraction per document is needed")
    indexes = {d.id: _TokenIndex(d) for d in docs}
    by_topic: dict[str, list[Extraction]] = defaultdict(list)
    for d, x in zip(docs, extractions):
        if x.article.id != d.id:
            raise ValueError(f"extraction of {x.article.id} given for document {d.id}")
        by_topic[d.topic].append(x)
    settings: dict[str, dict[str, object]] = {"within_topic": {t: resolve(xs) for t, xs in by_topic.items()}}
    if one_build:
        everything = resolve(list(extractions))
        settings["one_build"] = {t: everything for t in by_topic}

    def keep(doc: CorefDoc, token_ids: Iterable[int]) -> bool:
        if sentences is None:
            return True
        sentence = doc.tokens[indexes[doc.id].last(token_ids)][0]
        return sentence in sentences.get(doc.id, set())

    gold: dict[tuple[str, str], list[GoldMention]] = {}
    outside = 0
    for doc in docs:
        for which in MENTION_SETS:
            in_text = [g for g in doc.gold(which) if g.tokens and all(t in doc.tokens for t in g.tokens)]
            outside += len(doc.gold(which)) - len(in_text)
            gold[(doc.id, which)] = [g for g in in_text if keep(doc, g.tokens)]

    topics = sorted(by_topic, key=_topic_order)
    result: dict = {"documents": len(docs), "topics": topics, "gold_mentions_outside_text": outside}
    per_topic: dict[str, dict] = {t: {} for t in topics}
    for setting, resolutions in settings.items():
        result[setting] = {}
        for which in MENTION_SETS:
            block = _Block()
            for doc, x in zip(docs, extractions):
                index = indexes[doc.id]
                doc_gold = gold[(doc.id, which)]
                if setting == "within_topic":  # a gold chain across topics is cut at topics
                    block.gold += [dataclasses.replace(g, cluster=(doc.topic, g.cluster)) for g in doc_gold]
                else:
                    block.gold += doc_gold
                preds = []
                for p in predicted_mentions(x, resolutions[doc.topic], which):
                    tokens = index.covered(p.start, p.end)
                    if tokens and keep(doc, tokens):
                        preds.append(p)
                group = doc.topic if setting == "within_topic" else "*"
                tags = {g.id: g.tag for g in doc_gold}
                for p, gid in zip(preds, align(doc, index, doc_gold, preds)):
                    mid = gid if gid is not None else ("system", doc.id, p.start, p.end)
                    block.predicted.append(
                        (
                            mid,
                            doc.id,
                            {
                                "kg": (group, p.kg),
                                "no-merge": p.local,
                                "exact-label": (group, label_key(p.text)),
                            },
                            tags.get(gid),
                        )
                    )
            result[setting][which] = _score_block(block)
            if setting == "within_topic":
                for topic in topics:
                    per_topic[topic][which] = _score_block(block, [d.id for d in docs if d.topic == topic])
    result["per_topic"] = per_topic
    return result


def _topic_order(topic: str):
    return (0, int(topic), "") if topic.isdigit() else (1, 0, topic)


def article_for(doc: CorefDoc):
    """The kg Article of a corpus document; its id is the document's id."""
    from .pipeline import make_article

    return dataclasses.replace(make_article(doc.text, source=doc.id), id=doc.id)


def evaluate_docs(
    docs: Sequence[CorefDoc],
    model: str | None = None,
    sentences: dict[str, set[int]] | None = None,
    one_build: bool = True,
    progress: Callable[[int, int], None] | None = None,
    held_out: str | None = None,
) -> dict:
    """Run kg over ``docs`` and score it (see :func:`score_extractions`); ``held_out`` names
    the corpus whose own learned trigger entries the lexicon leaves out."""
    from ..lexicon import load_event_types
    from .pipeline import extract_articles

    started = time.perf_counter()
    extractions = []
    lexicon = load_event_types(held_out=held_out)
    for x in extract_articles([article_for(d) for d in docs], model=model, lexicon=lexicon):
        extractions.append(x)
        if progress:
            progress(len(extractions), len(docs))
    extracted = time.perf_counter()
    result = score_extractions(docs, extractions, sentences, one_build=one_build)
    result["seconds"] = {
        "extraction": round(extracted - started, 1),
        "scoring": round(time.perf_counter() - extracted, 1),
    }
    return result


# -- the two corpora ---------------------------------------------------------------

DEV_TOPICS = ("2", "5", "12", "18", "21", "23", "34", "35")


def _model_name(requested: str | None) -> str:
    from ..nlp import resolve_model_name

    try:
        return resolve_model_name(requested)
    except Exception:
        return requested or "?"


# -- output ------------------------------------------------------------------------

SYSTEM_LABELS = {"kg": "kg (merge.resolve)", "no-merge": "no merging", "exact-label": "exact label match"}
SETTING_LABELS = {
    "within_topic": "cross-document within each topic (standard)",
    "one_build": "all documents in one build (no gold topics)",
}


def format_report(result: dict) -> str:
    """The figures as plain-text tables (percentages)."""
    from io import StringIO

    from rich.console import Console
    from rich.table import Table

    buffer = StringIO()
    console = Console(file=buffer, width=140, markup=False, highlight=False)
    sentences = result.get("sentences")
    console.print(
        f"{result['corpus']}: {result['documents']} documents, topics "
        f"{','.join(result['topics'])}; model {result.get('model', '?')}"
        + (f"; sentences from {sentences}" if sentences else "")
        + ("; TIME_* counted as entities" if result.get("times_are_entities") else "")
        + f"; lexicon {result.get('lexicon', 'full')}"
    )
    for setting in ("within_topic", "one_build"):
        if setting not in result:
            continue
        table = Table(title=SETTING_LABELS[setting], title_justify="left")
        table.add_column("system")
        for which in MENTION_SETS:
            for metric in ("MUC", "B3", "CEAF-e", "CoNLL"):
                table.add_column(f"{which[:3]} {metric}", justify="right")
        for system in SYSTEMS:
            row = [SYSTEM_LABELS[system]]
            for which in MENTION_SETS:
                s = result[setting][which]["systems"][system]
                row += [f"{100 * s[m]['f1']:.1f}" for m in ("muc", "b3", "ceafe")]
                row.append(f"{100 * s['conll_f1']:.1f}")
            table.add_row(*row)
        console.print(table)
        if setting == "within_topic":
            for which in MENTION_SETS:
                block = result[setting][which]
                md = block["mention_detection"]
                only = ", ".join(f"{s} {100 * v:.1f}" for s, v in block["matched_only"].items())
                console.print(
                    f"{which}: {block['gold_mentions']} gold mentions in "
                    f"{block['gold_clusters']} clusters, {block['predicted_mentions']} "
                    f"predicted; mention detection P {100 * md['precision']:.1f} "
                    f"R {100 * md['recall']:.1f} F1 {100 * md['f1']:.1f}; "
                    f"CoNLL F1 on the matched mentions only: {only}"
                )
    topics = Table(title="CoNLL F1 per topic (within topic)", title_justify="left")
    topics.add_column("topic")
    for which in MENTION_SETS:
        topics.add_column(f"{which[:3]} gold", justify="right")
        for system in SYSTEMS:
            topics.add_column(f"{which[:3]} {system}", justify="right")
    for topic, blocks in result["per_topic"].items():
        row = [topic]
        for which in MENTION_SETS:
            row.append(str(blocks[which]["gold_mentions"]))
            row += [f"{100 * blocks[which]['systems'][s]['conll_f1']:.1f}" for s in SYSTEMS]
        topics.add_row(*row)
    console.print(topics)
    if "seconds" in result:
        console.print(
            f"time: extraction {result['seconds']['extraction']} s, scoring {result['seconds']['scoring']} s"
        )
    return buffer.getvalue()
