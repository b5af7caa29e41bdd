"""The state the extraction stages share while they work on one Doc."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..lexicon import EventLexicon
from ..model import Article, EntityKind, Extraction, LocalEntity, Span


def _position(span: Span) -> tuple[int, int]:
    return span.start, span.end


_SENTENCES = "kg.sentences"  # Doc.user_data key of the table sentence_of reads


def sentence_of(token: Token) -> SpacySpan:
    """``token.sent``, from a table built once per Doc: ``Token.sent`` walks the sentence at
    each call, which a 40,000-word sentence with thousands of events made quadratic."""
    doc = token.doc
    table = doc.user_data.get(_SENTENCES)
    if table is None:
        sentences = list(doc.sents)
        index = [0] * len(doc)
        for k, sentence in enumerate(sentences):
            index[sentence.start : sentence.end] = [k] * len(sentence)
        table = doc.user_data[_SENTENCES] = (sentences, index)
    sentences, index = table
    return sentences[index[token.i]]


PRONOUNS = {
    "he": EntityKind.PERSON,
    "she": EntityKind.PERSON,
    "him": EntityKind.PERSON,
    "her": EntityKind.PERSON,
}


@dataclass
class DocContext:
    article: Article
    doc: Doc
    lexicon: EventLexicon
    extraction: Extraction
    token_entity: dict[int, int] = field(default_factory=dict)  # token index -> entity id
    # answers computed once per sentence or head and reused by every event there: one very
    # long, flat sentence made per-event walks quadratic
    memo: dict[tuple, object] = field(default_factory=dict)
    mentions_resolved: bool = False  # the "mentions" stage has run: resolve() is a look-up

    def span(self, start_char: int, end_char: int) -> Span:
        return Span(start_char, end_char, self.article.text[start_char:end_char])

    def token_span(self, tokens: SpacySpan | list[Token]) -> Span:
        first, last = tokens[0], tokens[-1]
        return self.span(first.idx, last.idx + len(last.text))

    def entity(self, entity_id: int) -> LocalEntity:
        return self.extraction.entities[entity_id]

    def add_mention(self, entity_id: int, tokens: SpacySpan | list[Token]) -> None:
        """Record tokens as one more mention of an entity (kept sorted, no duplicates)."""
        span = self.token_span(tokens)
        ent = self.entity(entity_id)
        at = bisect_left(ent.mentions, (span.start, span.end), key=_position)  # thousands, in one text
        if at == len(ent.mentions) or ent.mentions[at] != span:
            ent.mentions.insert(at, span)
        for t in tokens:
            self.token_entity.setdefault(t.i, entity_id)

    def resolve(self, token: Token) -> int | None:
        """The entity a token refers to, or None.

        After the "mentions" stage this is a look-up: names, descriptions ("the company",
        "police", "a 32-year-old man") and pronouns ("he", "its", "they", "who") were resolved
        within the article once per Doc (:mod:`kg.extract.mentions`). ``self.entity(id).status``
        tells a named entity, an article-local one (:attr:`Status.LOCAL`) and an argument
        mention (:attr:`Status.ARGUMENT`, a description of nothing named: no node, but an
        argument all the same). Without that stage (unit tests of single stages), a
        personal pronoun falls back to the nearest unambiguous person.
        """
        if token.i in self.token_entity:
            return self.token_entity[token.i]
        kind = PRONOUNS.get(token.lower_)
        if kind is not None and not self.mentions_resolved:
            antecedent = self.antecedent(token, kind)
            if antecedent is not None:
                self.add_mention(antecedent, [token])
            return antecedent
        return None

    def antecedent(self, token: Token, kind: EntityKind) -> int | None:
        """The one entity of ``kind`` in the nearest sentence before ``token`` that has any.

        Ambiguous (two or more candidates in that sentence, none the subject) gives None.
        """
        sentence = sentence_of(token)
        candidates = self._kind_in(self.doc[sentence.start : token.i], kind)
        while not candidates and sentence.start > 0:
            sentence = sentence_of(self.doc[sentence.start - 1])
            candidates = self._kind_in(sentence, kind)
        if len(candidates) == 1:
            return next(iter(candidates))
        subjects = {
            self.token_entity[t.i]
            for t in sentence
            if t.dep_ == "nsubj" and self.token_entity.get(t.i) in candidates
        }
        return next(iter(subjects)) if len(subjects) == 1 else None

    def _kind_in(self, tokens, kind: EntityKind) -> set[int]:
        return {
            self.token_entity[t.i]
            for t in tokens
            if t.i in self.token_entity and self.entity(self.token_entity[t.i]).kind is kind
        }

    def nation_actor(self, code: str) -> int | None:
        """The article's actor for a nation: its forces if named, else the country itself."""
        from ..gazetteer import gazetteer

        groups = [e.id for e in self.extraction.entities if e.kind is EntityKind.GROUP and e.country == code]
        if groups:
            return groups[0]
        for e in self.extraction.entities:
            entry = gazetteer().by_id.get(e.geonameid) if e.geonameid else None
            if (
                e.kind is EntityKind.PLACE
                and entry is not None
                and entry.kind == "country"
                and entry.country == code
            ):
                return e.id
        return None

    def entities_in(self, start_char: int, end_char: int) -> list[int]:
        """Ids of entities with a mention inside the character range."""
        return sorted(
            {
                e.id
                for e in self.extraction.entities
                for m in e.mentions
                if m.start >= start_char and m.end <= end_char
            }
        )
