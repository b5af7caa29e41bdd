"""``kg eval events``: kg's events against WikiEvents (KAIROS event types, role-labelled arguments).

Each WikiEvents document is run through kg's full extraction; its gold events are
compared with kg's :class:`~kg.model.EventMention` values. KAIROS types and roles
are mapped to kg's by the ``kairos`` rows of ``kg/data/event_types.tsv`` (:mod:`kg.eval.mapping`).
Scores (docs/eval-tasks.md):

- **trigger identification**: a predicted trigger matches a gold trigger when their
  character spans overlap (one-to-one); every gold event counts;
- **trigger classification**: identification, and the predicted type, or a type above
  it along ``skos:broader`` (AerialStrike → Attack), is one the gold KAIROS type maps to.
  Gold events of a type mapped to "-" (nothing in kg fits) are left out, and so are the
  predictions matched to them;
- **argument identification / classification**: within matched event pairs (gold type
  mapped), a predicted argument matches a gold one when their head words overlap;
  classified when the gold role, mapped to kg, is one kg gave the argument
  (:func:`kg.eval.mapping.role_matches`: a type-specific role such as ``victim`` is also
  matched by its generic ``patient``). With ``--coref`` the head may be that of any
  mention of the gold entity's cluster.

``--held-out`` runs kg with a lexicon that leaves out the learned trigger entries whose
only source is WikiEvents (see :mod:`kg.eval.learn_triggers`).

The scoring functions take plain values (:class:`GoldEvent`, :class:`PredEvent`), so
they are tested without the model.

>>> m = load_kairos_mapping()
>>> m.kg_types("Conflict.Attack.DetonateExplode"), m.kg_types("Cognitive.IdentifyCategorize.Unspecified")
(('Attack',), ())
>>> m.kg_role("Victim"), m.kg_role("Instrument")
('victim', None)
"""

from __future__ import annotations

import functools
import json
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..model import Extraction, LocalEntity, Span
from .mapping import (  # noqa: F401  (KairosMapping, _tsv_rows: kept importable from here)
    GENERIC_ROLES,
    KairosMapping,
    TypeMapping,
    _tsv_rows,
    load_kairos_mapping,
    role_matches,
    role_parents,
)
from .metrics import Score, score_lines

Char = tuple[int, int]  # character offsets, end exclusive
Token = tuple[int, int, str]  # start, end, text

# -- head words ---------------------------------------------------------------

_TOKEN = re.compile(r"\w+(?:[-.&]\w+)*\.?|['’]s\b|[^\w\s]")
# Words that end a noun phrase's head: "the city of Lyon" -> "city".
POSTMODIFIERS = frozenset(
    {
        "of",
        "for",
        "in",
        "at",
        "from",
        "on",
        "with",
        "by",
        "near",
        "who",
        "whose",
        "which",
        "that",
        ",",
        "(",
        ":",
        ";",
    }
)
_APOSTROPHES = frozenset({"'", "’"})


def text_tokens(text: str, offset: int = 0) -> list[Token]:
    """Word and punctuation tokens of ``text``, with offsets shifted by ``offset``.

    >>> [t[2] for t in text_tokens("Russia's al-Nusra (Syria) U.S.")]
    ['Russia', "'s", 'al-Nusra', '(', 'Syria', ')', 'U.S.']
    """
    return [(m.start() + offset, m.end() + offset, m.group()) for m in _TOKEN.finditer(text)]


def head_span(tokens: Sequence[Token]) -> Char:
    """The head word of a phrase: its last token before any post-modifier, without a
    possessive or punctuation at the end.

    >>> head_span(text_tokens("the city of Lyon"))
    (4, 8)
    >>> head_span(text_tokens("Russia's"))
    (0, 6)
    >>> head_span([(0, 6, "Russia"), (6, 7, "’"), (7, 8, "s")])
    (0, 6)
    """
    if not tokens:
        raise ValueError("a phrase without tokens has no head")
    kept = list(tokens)
    for i, tok in enumerate(kept):
        if i > 0 and tok[2].lower() in POSTMODIFIERS:
            kept = kept[:i]
            break
    while kept:
        last = kept[-1][2]
        if last.lower() in ("'s", "’s") or not any(c.isalnum() for c in last):
            kept.pop()
        elif last.lower() == "s" and len(kept) > 1 and kept[-2][2] in _APOSTROPHES:
            del kept[-2:]
        else:
            break
    start, end, _ = kept[-1] if kept else tokens[-1]
    return start, end


def overlaps(a: Char, b: Char) -> bool:
    """Whether two character ranges share a character.

    >>> overlaps((0, 5), (4, 9)), overlaps((0, 5), (5, 9))
    (True, False)
    """
    return a[0] < b[1] and b[0] < a[1]


# -- the mapping (kg/eval/mapping.py) ------------------------------------------


@functools.cache
def broader_types() -> dict[str, str]:
    """kg event type → its ``skos:broader`` type, from ``ontology/events.ttl``."""
    from rdflib import Graph
    from rdflib.namespace import SKOS

    from ..lexicon import ontology_file
    from ..vocab import EVENT_NS

    graph = Graph().parse(ontology_file("events.ttl"))
    return {
        str(s)[len(EVENT_NS) :]: str(o)[len(EVENT_NS) :]
        for s, o in graph.subject_objects(SKOS.broader)
        if str(s).startswith(EVENT_NS) and str(o).startswith(EVENT_NS)
    }


def ancestors(event_type: str, broader: Mapping[str, str]) -> list[str]:
    """The type and the types above it along ``skos:broader``: Arrest, Justice."""
    found = [event_type]
    while found[-1] in broader and broader[found[-1]] not in found:
        found.append(broader[found[-1]])
    return found


def top_type(event_type: str, broader: Mapping[str, str]) -> str:
    """Follow ``skos:broader`` to the top: Counteroffensive → Offensive → Attack."""
    seen = {event_type}
    while event_type in broader and broader[event_type] not in seen:
        event_type = broader[event_type]
        seen.add(event_type)
    return event_type


# -- plain structures ---------------------------------------------------------


@dataclass(frozen=True)
class GoldArgument:
    role: str  # KAIROS role
    heads: tuple[Char, ...]  # the argument mention's head; with coref, every cluster mention's
    text: str = ""


@dataclass(frozen=True)
class GoldEvent:
    type: str  # KAIROS type
    trigger: Char
    arguments: tuple[GoldArgument, ...] = ()
    text: str = ""


@dataclass(frozen=True)
class PredArgument:
    role: str  # "agent", "patient", "place", or "actor" for a participant in a specific role only
    head: Char
    entity: int = -1
    text: str = ""
    roles: tuple[str, ...] = ()  # type-specific roles ("victim", "buyer")

    @property
    def all_roles(self) -> set[str]:
        return {self.role, *self.roles}


@dataclass(frozen=True)
class PredEvent:
    type: str  # kg type (local name in ontology/events.ttl)
    trigger: Char
    arguments: tuple[PredArgument, ...] = ()
    text: str = ""


# -- scoring ------------------------------------------------------------------


def _overlap_len(a: Char, b: Char) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def align_triggers(
    pred: Sequence[PredEvent],
    gold: Sequence[GoldEvent],
    agrees: Callable[[PredEvent, GoldEvent], bool] = lambda p, g: False,
) -> list[tuple[int, int]]:
    """One-to-one (pred index, gold index) pairs of overlapping triggers.

    Greedy: pairs whose types agree first, then the larger overlap, then the nearer start.

    >>> p = [PredEvent("Attack", (0, 6))]
    >>> g = [GoldEvent("Life.Die", (0, 6)), GoldEvent("Conflict.Attack", (0, 6))]
    >>> align_triggers(p, g, lambda p, g: g.type == "Conflict.Attack")
    [(0, 1)]
    """
    candidates = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            if overlaps(p.trigger, g.trigger):
                candidates.append(
                    (
                        not agrees(p, g),
                        -_overlap_len(p.trigger, g.trigger),
                        abs(p.trigger[0] - g.trigger[0]),
                        i,
                        j,
                    )
                )
    return greedy_pairs(candidates)


def greedy_pairs(candidates: list[tuple]) -> list[tuple[int, int]]:
    """One-to-one (i, j) pairs from candidates ``(*rank, i, j)``, best-ranked first."""
    pairs, used_p, used_g = [], set(), set()
    for *_, i, j in sorted(candidates):
        if i not in used_p and j not in used_g:
            pairs.append((i, j))
            used_p.add(i)
            used_g.add(j)
    return sorted(pairs)


def align_arguments(
    pred: Sequence[PredArgument], gold: Sequence[GoldArgument], role_of: Callable[[str], str | None]
) -> list[tuple[int, int]]:
    """One-to-one (pred, gold) argument pairs whose head words overlap.

    Greedy: gold arguments with a mapped role equal to the predicted role first, then
    those with any mapped role, then the rest (which the caller leaves out of scoring).
    """
    candidates = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            if any(overlaps(p.head, h) for h in g.heads):
                kg_role = role_of(g.role)
                rank = (
                    0 if kg_role and role_matches(kg_role, p.all_roles) else 1 if kg_role is not None else 2
                )
                candidates.append((rank, 0 if overlaps(p.head, g.heads[0]) else 1, i, j))
    return greedy_pairs(candidates)


def score_events(
    docs: Iterable[tuple[Sequence[PredEvent], Sequence[GoldEvent]]],
    mapping: KairosMapping | None = None,
    broader: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Trigger and argument scores over (predicted, gold) events of each document."""
    mapping = mapping or load_kairos_mapping()
    broader = broader_types() if broader is None else broader

    def agrees(p: PredEvent, g: GoldEvent) -> bool:
        accepted = mapping.kg_types(g.type)
        return any(t in accepted for t in ancestors(p.type, broader))

    in_scheme = {t for accepted in mapping.types.values() for t in accepted}

    def in_scope(p: PredEvent) -> bool:  # a kg type the corpus's scheme has a counterpart for
        return any(t in in_scheme for t in ancestors(p.type, broader))

    def gold_key(g: GoldEvent) -> str:
        return mapping.canonical(top_type(mapping.kg_types(g.type)[0], broader))

    n = Counter()
    by_type: dict[str, Counter] = defaultdict(Counter)
    by_role: dict[str, Counter] = defaultdict(Counter)
    unmapped_gold, pred_types, on_unmapped = Counter(), Counter(), Counter()
    missed, spurious, mistyped = Counter(), Counter(), Counter()
    excluded_roles = Counter()

    for pred, gold in docs:
        pairs = align_triggers(pred, gold, agrees)
        gold_of = dict(pairs)
        mapped = {j for j, g in enumerate(gold) if mapping.kg_types(g.type)}
        ignored = {i for i, j in pairs if j not in mapped}  # matched an unmapped gold event
        n["gold_events"] += len(gold)
        n["gold_events_mapped"] += len(mapped)
        n["pred_events"] += len(pred)
        n["pred_events_ignored"] += len(ignored)
        n["trig_id_tp"] += len(pairs)
        n["trig_id_mapped_tp"] += sum(j in mapped for _, j in pairs)
        scoped = {i for i, p in enumerate(pred) if in_scope(p)}
        n["pred_events_in_scope"] += len(scoped)
        n["trig_id_scope_tp"] += sum(i in scoped for i, _ in pairs)
        for j, g in enumerate(gold):
            if j not in mapped:
                unmapped_gold[g.type] += 1
            else:
                by_type[gold_key(g)]["n_gold"] += 1
        matched_gold = set(gold_of.values())
        for j in mapped - matched_gold:
            missed[(gold[j].type, gold[j].text.lower())] += 1
        for i, p in enumerate(pred):
            pred_types[p.type] += 1
            if i in ignored:
                on_unmapped[(p.type, gold[gold_of[i]].type)] += 1
                continue
            right = i in gold_of and agrees(p, gold[gold_of[i]])
            kind = gold_key(gold[gold_of[i]]) if right else mapping.canonical(top_type(p.type, broader))
            by_type[kind]["n_pred"] += 1
            if i not in gold_of:
                spurious[(p.type, p.text.lower())] += 1
            elif agrees(p, gold[gold_of[i]]):
                n["trig_cls_tp"] += 1
                by_type[kind]["tp"] += 1
            else:
                mistyped[(p.type, gold[gold_of[i]].type)] += 1

        # arguments: predictions of events not matched to an unmapped gold event
        for i, p in enumerate(pred):
            if i in ignored:
                continue
            args = _unique_arguments(p.arguments)
            n["pred_arguments"] += len(args)
            for a in args:
                by_role[a.role]["n_pred"] += 1
            if i not in gold_of:
                continue
            g = gold[gold_of[i]]
            role_of = functools.partial(_role_of, mapping, g.type)
            for a_i, a_j in align_arguments(args, g.arguments, role_of):
                gold_role = role_of(g.arguments[a_j].role)
                if gold_role is None:  # a gold argument kg has no role for: not scored
                    n["pred_arguments_ignored"] += 1
                    by_role[args[a_i].role]["n_pred"] -= 1
                    continue
                n["arg_id_tp"] += 1
                if role_matches(gold_role, args[a_i].all_roles):
                    n["arg_cls_tp"] += 1
                    by_role[args[a_i].role]["tp"] += 1
        for j in mapped:
            for a in gold[j].arguments:
                role = mapping.kg_role(a.role, gold[j].type)
                n["gold_arguments"] += 1
                if role is None:
                    excluded_roles[a.role] += 1
                else:
                    n["gold_arguments_scored"] += 1
                    by_role[generic_role(role)]["n_gold"] += 1

    pred_scored = n["pred_events"] - n["pred_events_ignored"]
    args_scored = n["pred_arguments"] - n["pred_arguments_ignored"]
    scores = {
        "trigger identification": Score.from_counts(n["trig_id_tp"], n["pred_events"], n["gold_events"]),
        "trigger identification (kg types in KAIROS)": Score.from_counts(
            n["trig_id_scope_tp"], n["pred_events_in_scope"], n["gold_events"]
        ),
        "trigger identification (mapped)": Score.from_counts(
            n["trig_id_mapped_tp"], pred_scored, n["gold_events_mapped"]
        ),
        "trigger classification": Score.from_counts(n["trig_cls_tp"], pred_scored, n["gold_events_mapped"]),
        "argument identification": Score.from_counts(n["arg_id_tp"], args_scored, n["gold_arguments_scored"]),
        "argument classification": Score.from_counts(
            n["arg_cls_tp"], args_scored, n["gold_arguments_scored"]
        ),
    }
    return {
        "scores": scores,
        "by_type": {
            t: Score.from_counts(c["tp"], c["n_pred"], c["n_gold"]) for t, c in sorted(by_type.items())
        },
        "by_role": {
            r: Score.from_counts(c["tp"], c["n_pred"], c["n_gold"]) for r, c in sorted(by_role.items())
        },
        "counts": {
            **{
                k: n[k]
                for k in (
                    "gold_events",
                    "gold_events_mapped",
                    "pred_events",
                    "pred_events_ignored",
                    "pred_events_in_scope",
                    "gold_arguments",
                    "gold_arguments_scored",
                    "pred_arguments",
                    "pred_arguments_ignored",
                )
            },
            "gold_events_unmapped": n["gold_events"] - n["gold_events_mapped"],
            "gold_arguments_excluded": dict(excluded_roles.most_common()),
        },
        "unmapped_gold_types": dict(unmapped_gold.most_common()),
        "pred_types": dict(pred_types.most_common()),
        "pred_on_unmapped_gold": _pairs(on_unmapped),
        "missed_triggers": _pairs(missed),
        "spurious_triggers": _pairs(spurious),
        "mistyped_triggers": _pairs(mistyped),
    }


def _role_of(mapping: TypeMapping, event_type: str, role: str) -> str | None:
    return mapping.kg_role(role, event_type)


def generic_role(role: str) -> str:
    """The generic role a kg role is reported under: agent, patient, place or actor."""
    return role if role in GENERIC_ROLES else role_parents().get(role, role)


def _unique_arguments(args: Sequence[PredArgument]) -> list[PredArgument]:
    seen, out = set(), []
    for a in args:
        key = (a.role, a.entity if a.entity >= 0 else a.head)
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


def _pairs(counter: Counter) -> list[list]:
    return [[*k, v] for k, v in counter.most_common()]


# -- reading WikiEvents -------------------------------------------------------


@dataclass
class WikiDoc:
    doc_id: str
    text: str
    events: list[GoldEvent]


def doc_text(doc: Mapping[str, Any], raw_text: bool = False) -> tuple[str, list[Char]]:
    """The text to give kg and the character offsets of every gold token in it.

    The ``sentences`` hold ``[[token, start, end], ...], sentence_text`` with offsets into
    the original document, and ``text`` is the sentence texts concatenated *without*
    the whitespace between them ("...in SyriaThe desert..."). By default the original
    layout is rebuilt from the offsets: a one-character gap becomes a space, a longer one
    as many line breaks. With ``raw_text`` the ``text`` field is used unchanged.

    >>> d = {"text": "Bomb hits Lyon.Two died.", "sentences": [
    ...     [[["Bomb", 0, 4], ["hits", 5, 9], ["Lyon", 10, 14], [".", 14, 15]], "Bomb hits Lyon."],
    ...     [[["Two", 17, 20], ["died", 21, 25], [".", 25, 26]], "Two died."]]}
    >>> doc_text(d)
    ('Bomb hits Lyon.\\n\\nTwo died.', [(0, 4), (5, 9), (10, 14), (14, 15), (17, 20), (21, 25), (25, 26)])
    >>> doc_text(d, raw_text=True)[1][4:]
    [(15, 18), (19, 23), (23, 24)]
    """
    offsets: list[Char] = []
    if raw_text:
        text, pos = doc["text"], 0
        for tokens, sentence in doc["sentences"]:
            found = text.find(sentence, pos)
            start = found if found >= 0 else pos
            s0 = tokens[0][1]
            offsets += [(start + a - s0, start + b - s0) for _, a, b in tokens]
            pos = start + len(sentence)
        return text, offsets
    pieces: list[str] = []
    length, prev_end = 0, None
    for tokens, sentence in doc["sentences"]:
        s0, end = tokens[0][1], tokens[-1][2]
        if prev_end is None:
            sep = ""
        else:
            gap = s0 - prev_end
            sep = " " if gap <= 1 else "\n" * gap
        start = length + len(sep)
        pieces += [sep, sentence[: end - s0]]
        offsets += [(start + a - s0, start + b - s0) for _, a, b in tokens]
        length = start + end - s0
        prev_end = end
    return "".join(pieces), offsets


def read_coref(path: str | Path) -> dict[str, list[list[str]]]:
    """doc_key → clusters of entity-mention ids, from a WikiEvents coref .jsonlines file."""
    clusters = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                record = json.loads(line)
                clusters[record["doc_key"]] = record.get("clusters", [])
    return clusters


def read_wikievents(
    path: str | Path, coref: str | Path | None = None, limit: int | None = None, raw_text: bool = False
) -> list[WikiDoc]:
    """Gold events of each document, with heads as character offsets into the text kg reads."""
    clusters = read_coref(coref) if coref else {}
    docs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            if limit is not None and len(docs) >= limit:
                break
            record = json.loads(line)
            text, offsets = doc_text(record, raw_text)
            tokens = [(a, b, text[a:b]) for a, b in offsets]
            heads = {
                m["id"]: head_span(tokens[m["start"] : m["end"]]) for m in record.get("entity_mentions", [])
            }
            cluster_of: dict[str, list[str]] = {}
            for cluster in clusters.get(record["doc_id"], []):
                for mention_id in cluster:
                    cluster_of[mention_id] = cluster
            events = []
            for e in record.get("event_mentions", []):
                t = e["trigger"]
                args = []
                for a in e.get("arguments", []):
                    own = heads.get(a["entity_id"])
                    if own is None:
                        continue
                    others = [
                        heads[m] for m in cluster_of.get(a["entity_id"], []) if m in heads and heads[m] != own
                    ]
                    args.append(GoldArgument(a["role"], (own, *others), a.get("text", "")))
                events.append(
                    GoldEvent(
                        e["event_type"],
                        (offsets[t["start"]][0], offsets[t["end"] - 1][1]),
                        tuple(args),
                        t.get("text", ""),
                    )
                )
            docs.append(WikiDoc(record["doc_id"], text, events))
    return docs


# -- kg's predictions ---------------------------------------------------------


def nearest_mention(entity: LocalEntity, anchor: Char) -> Span | None:
    """The entity's mention nearest to ``anchor`` (0 when they overlap)."""

    def distance(m: Span) -> int:
        return (
            0 if overlaps((m.start, m.end), anchor) else min(abs(m.start - anchor[1]), abs(anchor[0] - m.end))
        )

    return min(entity.mentions, key=lambda m: (distance(m), m.start), default=None)


def predicted_events(extraction: Extraction) -> list[PredEvent]:
    """kg's events as plain values; an argument's head is the last word (see :func:`head_span`)
    of the mention the event found it by (:attr:`~kg.model.EventMention.argument_mentions`),
    else of its entity's mention nearest the trigger. The money an event's role takes (a
    :class:`~kg.model.Quantity` with the event's index and a role, kg:price or kg:amount in the
    graph) is a "value" argument."""
    entities = {e.id: e for e in extraction.entities}
    amounts: dict[int, list] = {}
    for q in extraction.quantities:
        if q.event is not None and q.measures == "money" and q.role:
            amounts.setdefault(q.event, []).append(q)
    events = []
    for index, ev in enumerate(extraction.events):
        trigger = (ev.trigger.start, ev.trigger.end)
        specific: dict[int, list[str]] = {}
        for role, ids in sorted(ev.roles.items()):
            for entity_id in ids:
                specific.setdefault(entity_id, []).append(role)
        generic: dict[int, str] = {}
        for role, ids in (("agent", ev.agents), ("patient", ev.patients), ("place", ev.places)):
            for entity_id in ids:
                generic.setdefault(entity_id, role)
        for entity_id, roles in specific.items():
            parent = role_parents().get(roles[0], "actor")
            generic.setdefault(entity_id, parent if parent in GENERIC_ROLES else "actor")
        args = []
        used = set(ev.argument_mentions)
        for entity_id, role in generic.items():
            entity = entities.get(entity_id)
            mention = None
            if entity is not None:  # the words the event found it by, else its mention nearest the trigger
                own = [m for m in entity.mentions if m in used]
                mention = nearest_mention(replace(entity, mentions=own) if own else entity, trigger)
            tokens = text_tokens(mention.text, mention.start) if mention else []
            if tokens:
                roles = tuple(specific.get(entity_id, ()))
                args.append(PredArgument(role, head_span(tokens), entity_id, mention.text, roles))
        for q in amounts.get(index, ()):  # money it was paid, bought or sold for (kg:price, kg:amount)
            tokens = text_tokens(q.span.text, q.span.start)
            if tokens:
                args.append(PredArgument("value", head_span(tokens), -1, q.span.text, (q.role or "amount",)))
        events.append(PredEvent(ev.type, trigger, tuple(args), ev.trigger.text))
    return events


def evaluate_events(
    path: str | Path,
    coref: str | Path | None = None,
    limit: int | None = None,
    model: str | None = None,
    raw_text: bool = False,
    held_out: bool = False,
) -> dict[str, Any]:
    """Run kg over a WikiEvents file and score its events (see the module docstring)."""
    from ..lexicon import load_event_types
    from ..nlp import resolve_model_name
    from .pipeline import extract_articles, make_article

    started = time.perf_counter()
    docs = read_wikievents(path, coref, limit, raw_text)
    articles = [make_article(d.text, source=d.doc_id) for d in docs]
    lexicon = load_event_types(held_out="wikievents" if held_out else None)
    extractions = list(extract_articles(articles, model=model, lexicon=lexicon))
    result = score_events((predicted_events(x), d.events) for x, d in zip(extractions, docs))
    result.update(
        corpus=str(path),
        coref=str(coref) if coref else None,
        documents=len(docs),
        text="raw" if raw_text else "layout",
        lexicon="held out (no entries learned from WikiEvents alone)" if held_out else "full",
        model=resolve_model_name(model),
        seconds=round(time.perf_counter() - started, 1),
    )
    return result


# -- output and command -------------------------------------------------------


def report_lines(result: Mapping[str, Any]) -> list[str]:
    c = result["counts"]
    lines = [
        (
            f"WikiEvents {result['corpus']}: {result['documents']} documents, "
            f"{c['gold_events']} gold events ({c['gold_events_mapped']} of mapped types), "
            f"{c['pred_events']} predicted ({c['pred_events_ignored']} on unmapped gold events); "
            f"coref {'on' if result.get('coref') else 'off'}; lexicon {result.get('lexicon', 'full')}; "
            f"{result.get('seconds', 0)} s"
        )
    ]
    lines += score_lines(result["scores"])
    lines += score_lines(result["by_type"], "  type ")
    lines += score_lines(result["by_role"], "  role ")
    return lines
