"""Extraction: an Article and its parsed Doc in, an :class:`~kg.model.Extraction` out.

The stages run in the order of :data:`STAGES`, an explicit registry; each is a
plain function over a :class:`DocContext`.  To add or deepen a stage, edit its
module and, for a new one, add it here.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc

from ..lexicon import EventLexicon, load_event_types
from ..model import Article, Extraction, Span
from .context import DocContext
from .entities import extract_entities
from .events import extract_events
from .factuality import extract_factuality
from .mentions import extract_mentions
from .quantities import extract_quantities
from .quotes import extract_quotes
from .relations import extract_relations
from .times import extract_times

Stage = Callable[[DocContext], None]

STAGES: dict[str, Stage] = {
    "entities": extract_entities,  # names, actor groups, within-article coreference
    "mentions": extract_mentions,  # descriptions and pronouns, resolved within the article
    "times": extract_times,
    "events": extract_events,
    "factuality": extract_factuality,  # asserted / negated / hedged / attempted
    "quotes": extract_quotes,  # also links events said inside a quotation to it
    "quantities": extract_quantities,  # populations, casualties, distances
    "relations": extract_relations,  # titles, affiliations, containment, locations, killings
}


def extract(article: Article, doc: Doc, lexicon: EventLexicon | None = None) -> Extraction:
    """Run every stage of :data:`STAGES` over one parsed article."""
    if doc.text != article.text:
        raise ValueError(f"the Doc's text is not the text of article {article.id}")
    sentences = [Span(s.start_char, s.end_char, s.text) for s in doc.sents if s.text.strip()]
    sentences = [_strip_span(s) for s in sentences]
    ctx = DocContext(
        article=article,
        doc=doc,
        lexicon=lexicon or load_event_types(),
        extraction=Extraction(article=article, sentences=sentences),
    )
    for stage in STAGES.values():
        stage(ctx)
    return ctx.extraction


def _strip_span(span: Span) -> Span:
    lead = len(span.text) - len(span.text.lstrip())
    text = span.text.strip()
    return Span(span.start + lead, span.start + lead + len(text), text)


__all__ = ["STAGES", "DocContext", "extract"]
