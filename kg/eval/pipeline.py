"""Run kg's extraction (and merging) over texts from an evaluation corpus."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..extract import extract
from ..lexicon import EventLexicon, load_event_types
from ..model import Article, Extraction
from ..nlp import load_model
from ..readers import article_id


def make_article(
    text: str, *, headline: str = "", source: str = "eval", published: str | None = None
) -> Article:
    """An Article over exactly ``text`` (offsets in the corpus and in kg agree)."""
    return Article(
        id=article_id(text) if text.strip() else "empty",
        text=text,
        headline=headline or text.split("\n", 1)[0][:200],
        source=source,
        format="eval",
        published=published,
    )


def extract_articles(
    articles: Iterable[Article],
    model: str | None = None,
    batch_size: int = 32,
    lexicon: EventLexicon | None = None,
) -> Iterator[Extraction]:
    """kg's full extraction for each article, in input order (the model is loaded once);
    ``lexicon``: another event lexicon (e.g. one with a corpus held out)."""
    nlp, _ = load_model(model)
    lexicon = lexicon or load_event_types()
    for doc, article in nlp.pipe(((a.text, a) for a in articles), as_tuples=True, batch_size=batch_size):
        yield extract(article, doc, lexicon)
