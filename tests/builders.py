"""Hand-built test inputs: an Article, and an Article with its Extraction, from plain text."""

from __future__ import annotations

import re

from kg.model import (
    Article,
    EntityKind,
    EventMention,
    Extraction,
    LocalEntity,
    Quote,
    Span,
    TimeExpr,
)
from kg.readers import article_id

KHARKIV_ID = 706483

SENTENCE = re.compile(r"[^.!?\n]+[.!?]”?")


def make_article(text: str, published: str | None = None, outlet: str | None = None) -> Article:
    """An article of ``text``, its first line the headline."""
    return Article(
        id=article_id(text),
        text=text,
        headline=text.split("\n")[0],
        source="test.txt",
        format="txt",
        published=published,
        outlet=outlet,
        url="https://example.com/a",
    )


class ArticleBuilder:
    """One article and its extraction, built by naming surface strings of the text.

    A surface is found as a whole word (or words); ``nth`` picks among its occurrences,
    counting from 0.  Sentences are the text's runs ending in ``.``, ``!`` or ``?`` (and a
    closing ``”``), never across a line break.
    """

    def __init__(self, text: str, published: str | None = None, outlet: str | None = None):
        self.text = text
        sentences = [Span(m.start(), m.end(), m.group()) for m in SENTENCE.finditer(text)]
        self.x = Extraction(
            article=make_article(text, published, outlet),
            sentences=[
                Span(s.start + len(s.text) - len(s.text.lstrip()), s.end, s.text.lstrip()) for s in sentences
            ],
        )

    @property
    def aid(self) -> str:
        return self.x.article.id

    def span(self, surface: str, nth: int = 0) -> Span:
        starts = [m.start() for m in re.finditer(r"(?<!\w)" + re.escape(surface) + r"(?!\w)", self.text)]
        return Span(starts[nth], starts[nth] + len(surface), surface)

    def sentence(self, span: Span) -> Span:
        return next(s for s in self.x.sentences if s.start <= span.start < s.end)

    def entity(
        self,
        kind: EntityKind,
        *names: str,
        mentions: tuple | list = (),
        geonameid: int | None = None,
        country: str | None = None,
    ) -> int:
        """An entity named ``names``, each mentioned at its first occurrence.

        ``mentions`` adds further mentions as ``(surface, nth)`` (or ``(surface,)``) pairs;
        the name with the most words (the first of those) is the entity's name.
        """
        spans = [self.span(n) for n in names] + [self.span(*m) for m in mentions]
        self.x.entities.append(
            LocalEntity(
                id=len(self.x.entities),
                kind=kind,
                name=max(names, key=lambda n: len(n.split())) if names else "",
                mentions=sorted(set(spans), key=lambda s: (s.start, s.end)),
                names=sorted(set(names)),
                geonameid=geonameid,
                country=country,
            )
        )
        return len(self.x.entities) - 1

    def group(self, surface: str, country: str) -> int:
        return self.entity(EntityKind.GROUP, surface, country=country)

    def kharkiv(self, surface: str = "Kharkiv") -> int:
        return self.entity(EntityKind.PLACE, surface, geonameid=KHARKIV_ID, country="UA")

    def time(self, surface: str, date: str | None) -> TimeExpr:
        t = TimeExpr(span=self.span(surface), date=date)
        self.x.times.append(t)
        return t

    def event(
        self,
        trigger: str,
        type_: str,
        agents=(),
        patients=(),
        places=(),
        time: TimeExpr | None = None,
        nth: int = 0,
    ) -> int:
        span = self.span(trigger, nth)
        self.x.events.append(
            EventMention(
                trigger=span,
                type=type_,
                lemma=trigger.lower(),
                sentence=self.sentence(span),
                agents=list(agents),
                patients=list(patients),
                places=list(places),
                time=time,
            )
        )
        return len(self.x.events) - 1

    def quote(
        self, pieces: list[str], speaker: int, cue: str = "said", about_entities=(), about_events=()
    ) -> int:
        spans = [self.span(p) for p in pieces]
        self.x.quotes.append(
            Quote(
                pieces=spans,
                speaker=speaker,
                cue=self.span(cue),
                sentence=self.sentence(spans[0]),
                about_entities=list(about_entities),
                about_events=list(about_events),
            )
        )
        return len(self.x.quotes) - 1
