"""Statements: "X said (that) …", "…, X said", "according to X", direct quotes."""

from __future__ import annotations

import re

from spacy.tokens import Token

from ..model import EntityKind, Quote, Span, Status
from .context import DocContext, sentence_of

SPEECH_VERBS = {
    "say",
    "claim",
    "tell",
    "add",
    "confirm",
    "state",
    "estimate",
    "underline",
    "report",
    "announce",
    "reveal",
    "warn",
    "insist",
    "stress",
    "argue",
    "assert",
    "note",
    "acknowledge",
    "deny",
    "write",
    "explain",
    "assess",
    "predict",
    "suggest",
    "emphasize",
    "emphasise",
    "declare",
    "allege",
    "maintain",
}
SPEAKER_KINDS = {EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.GROUP}
_OPEN, _CLOSE = '“"«„', '”"»'
_QUOTED = re.compile(r"[“\"«„]([^“”\"«»„]+)[”\"»]")
_TRIM = " \n\t,.:;—–-" + _OPEN + _CLOSE


def extract_quotes(ctx: DocContext) -> None:
    for token in ctx.doc:
        if token.lower_ == "according" and token.dep_ == "prep":
            _according_to(ctx, token)
        elif token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in SPEECH_VERBS:
            _speech_verb(ctx, token)


def _speech_verb(ctx: DocContext, verb: Token) -> None:
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects and verb.dep_ == "conj":
        subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
    speaker = _speaker(ctx, subjects[0]) if subjects else None
    if speaker is None:
        return
    pieces: list[Span] = []
    complements = [c for c in verb.children if c.dep_ == "ccomp"]
    quoted = _quoted_pieces(ctx, sentence_of(verb).start_char, sentence_of(verb).end_char)
    if any(p.end <= verb.idx for p in quoted) and any(p.start > verb.idx for p in quoted):
        pieces = quoted  # “We will win,” he added, “and we will rebuild.”
    elif complements:
        pieces = [_trimmed(ctx, complements[0].left_edge.idx, _end(complements[0].right_edge))]
    else:
        pieces = _quoted_pieces(ctx, sentence_of(verb).start_char, sentence_of(verb).end_char)
    pieces = [p for p in pieces if p is not None and len(p.text) > 2]
    if not pieces:
        return
    cue = ctx.token_span([verb])
    _add_quote(ctx, pieces, speaker, cue, verb)
    if _is_direct(ctx, verb):  # each further quoted sentence is a claim of its own
        for sentence, piece in _continuation(ctx, sentence_of(verb).end):
            _add_quote(ctx, [piece], speaker, cue, sentence.root)


def _according_to(ctx: DocContext, according: Token) -> None:
    objects = [p for to in according.children if to.lower_ == "to" for p in to.children if p.dep_ == "pobj"]
    speaker = _speaker(ctx, objects[0]) if objects else None
    if speaker is None:
        return
    clause = according.head
    left, right = clause.left_edge.idx, _end(clause.right_edge)
    cut_from, cut_to = according.left_edge.idx, _end(according.right_edge)
    pieces = [_trimmed(ctx, left, cut_from), _trimmed(ctx, cut_to, right)]
    pieces = [p for p in pieces if p is not None and len(p.text) > 2]
    if pieces:
        cue = ctx.span(according.idx, _end(objects[0].head))
        _add_quote(ctx, pieces, speaker, cue, according)


def _speaker(ctx: DocContext, token: Token) -> int | None:
    entity_id = ctx.resolve(token)
    if entity_id is None or ctx.entity(entity_id).kind not in SPEAKER_KINDS:
        return None
    if ctx.entity(entity_id).status is Status.ARGUMENT:  # "a witness said": no node to credit
        return None
    return entity_id


def _add_quote(ctx: DocContext, pieces: list[Span], speaker: int, cue: Span, token: Token) -> None:
    sentence = sentence_of(token)
    quote = Quote(
        pieces=pieces, speaker=speaker, cue=cue, sentence=ctx.span(sentence.start_char, sentence.end_char)
    )
    for piece in pieces:
        for entity_id in ctx.entities_in(piece.start, piece.end):
            if entity_id not in quote.about_entities and entity_id != speaker:
                quote.about_entities.append(entity_id)
        for index, event in enumerate(ctx.extraction.events):
            if piece.start <= event.trigger.start and event.trigger.end <= piece.end:
                if index not in quote.about_events:
                    quote.about_events.append(index)
                if event.quote is None:  # the event is told by this statement
                    event.quote = len(ctx.extraction.quotes)
    for event in ctx.extraction.events:  # "X said ...": the Statement event said with this cue
        if event.trigger == cue and event.statement is None and ctx.lexicon.top(event.type) == "Statement":
            event.statement = len(ctx.extraction.quotes)
    ctx.extraction.quotes.append(quote)


def _end(token: Token) -> int:
    return token.idx + len(token.text)


def _trimmed(ctx: DocContext, start: int, end: int) -> Span | None:
    """The span without surrounding punctuation, quote marks, and a leading "that"."""
    text = ctx.article.text
    while start < end and text[start] in _TRIM:
        start += 1
    if text[start : start + 5].lower() == "that " and end - start > 5:
        start += 5
    while start < end and text[end - 1] in _TRIM:
        end -= 1
    return ctx.span(start, end) if end > start else None


def _quoted_pieces(ctx: DocContext, start: int, end: int) -> list[Span]:
    text = ctx.article.text
    return [
        p
        for m in _QUOTED.finditer(text, start, end)
        if (p := _trimmed(ctx, m.start(1), m.end(1))) is not None
    ]


def _is_direct(ctx: DocContext, verb: Token) -> bool:
    return any(
        c in ctx.article.text[sentence_of(verb).start_char : sentence_of(verb).end_char] for c in _OPEN
    )


def _continuation(ctx: DocContext, next_token: int) -> list[tuple]:
    """Following sentences that are wholly inside quotation marks and name no speaker."""
    pieces = []
    doc = ctx.doc
    while next_token < len(doc):
        sent = sentence_of(doc[next_token])
        stripped = sent.text.strip()
        if not stripped or stripped[0] not in _OPEN or not stripped.rstrip().endswith(tuple(_CLOSE)):
            break
        if any(t.lemma_.lower() in SPEECH_VERBS and t.pos_ == "VERB" for t in sent):
            break
        piece = _trimmed(ctx, sent.start_char, sent.end_char)
        if piece is not None:
            pieces.append((sent, piece))
        next_token = sent.end
    return pieces
