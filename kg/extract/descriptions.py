"""Definite descriptions that name their referent's kind ("the city", "the think tank"): each
refers back to the nearest fitting named entity (part of the entities stage)."""

from __future__ import annotations

from spacy.tokens import Token

from ..gazetteer import gazetteer
from ..model import EntityKind, LocalEntity
from .context import DocContext, sentence_of

# Definite descriptions that refer back to a named entity: head lemma -> kind.
DESCRIPTIONS = {
    "city": EntityKind.PLACE,
    "town": EntityKind.PLACE,
    "village": EntityKind.PLACE,
    "capital": EntityKind.PLACE,
    "country": EntityKind.PLACE,
    "tank": EntityKind.ORGANIZATION,
    "institute": EntityKind.ORGANIZATION,
    "ministry": EntityKind.ORGANIZATION,
    "agency": EntityKind.ORGANIZATION,
    "president": EntityKind.PERSON,
    "minister": EntityKind.PERSON,
}
PLACE_DESCRIPTION_KIND = {
    "city": "city",
    "town": "city",
    "village": "city",
    "capital": "city",
    "country": "country",
}


def definite_descriptions(ctx: DocContext) -> None:
    """ "the think tank", "the city": refer back to the nearest fitting entity."""
    gaz = gazetteer()
    for token in ctx.doc:
        kind = DESCRIPTIONS.get(token.lemma_.lower())
        if kind is None or token.pos_ != "NOUN" or token.tag_ == "NNS" or token.i in ctx.token_entity:
            continue
        if not any(c.lower_ == "the" or c.dep_ == "poss" for c in token.children):
            continue
        target = _of_complement(ctx, token, kind)
        if target is None:
            target = _nearest_before(ctx, token, kind, PLACE_DESCRIPTION_KIND.get(token.lemma_.lower()), gaz)
        if target is not None:
            ctx.add_mention(target, ctx.doc[token.left_edge.i : token.i + 1])
            ctx.token_entity[token.i] = target


def _of_complement(ctx: DocContext, token: Token, kind: EntityKind) -> int | None:
    """ "the city of Kharkiv" names its referent."""
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for pobj in prep.children:
                entity_id = ctx.token_entity.get(pobj.i)
                if entity_id is not None and ctx.entity(entity_id).kind is kind:
                    return entity_id
    return None


SALIENCE_WINDOW = 3  # sentences looked back over for the antecedent of a description


def _nearest_before(ctx: DocContext, token: Token, kind: EntityKind, place_kind: str | None, gaz):
    """The antecedent of a definite description.

    The nearest fitting entity earlier in the same sentence; otherwise the one
    mentioned most often in the last few sentences (the topic), the latest on a tie;
    failing both, the nearest one before those sentences.
    """
    sentence = sentence_of(token)
    start = sentence.start
    for _ in range(SALIENCE_WINDOW):
        if start == 0:
            break
        start = sentence_of(ctx.doc[start - 1]).start
    counts: dict[int, int] = {}
    latest: dict[int, int] = {}
    for t in ctx.doc[start : token.left_edge.i]:
        entity_id = ctx.token_entity.get(t.i)
        if entity_id is None or not _fits(ctx.entity(entity_id), kind, place_kind, gaz):
            continue
        if t.i >= sentence.start:
            latest_in_sentence = entity_id
        if latest.get(entity_id) != t.i - 1:  # count mentions, not tokens
            counts[entity_id] = counts.get(entity_id, 0) + 1
        latest[entity_id] = t.i
    if any(latest[e] >= sentence.start for e in latest):
        return latest_in_sentence
    if counts:
        return max(counts, key=lambda e: (counts[e], latest[e]))
    for t in reversed(ctx.doc[:start]):  # nothing in the window: the nearest one before it
        entity_id = ctx.token_entity.get(t.i)
        if entity_id is not None and _fits(ctx.entity(entity_id), kind, place_kind, gaz):
            return entity_id
    return None


def _fits(entity: LocalEntity, kind: EntityKind, place_kind: str | None, gaz) -> bool:
    if entity.kind is not kind:
        return False
    if place_kind is None:
        return True
    entries = gaz.lookup(entity.name)
    return bool(entries) and entries[0].kind == place_kind
