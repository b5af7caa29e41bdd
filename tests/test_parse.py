"""The model in a worker process (kg.parse): same Docs as in-process, clear errors."""

from __future__ import annotations

import pytest
from builders import SEEDS

from kg.cache import to_json
from kg.extract import extract
from kg.model import Article
from kg.nlp import ModelNotFound, load_model
from kg.parse import ModelWorker, ParseWorkerFailed
from kg.readers import read_inputs


def _seeds() -> list[Article]:
    return sorted((a for a in read_inputs([SEEDS]) if isinstance(a, Article)), key=lambda a: a.id)


@pytest.mark.model
def test_the_worker_gives_the_same_extraction_as_the_model_in_process():
    articles = _seeds()
    with ModelWorker(batch_size=1) as worker:
        assert worker.info.version
        from_worker = [
            (article.id, to_json(extract(article, doc))) for doc, article in worker.parse(articles)
        ]
    nlp, _ = load_model()
    in_process = [
        (article.id, to_json(extract(article, doc)))
        for doc, article in nlp.pipe(((a.text, a) for a in articles), as_tuples=True)
    ]
    assert [aid for aid, _ in from_worker] == [a.id for a in articles]
    assert from_worker == in_process


def test_a_missing_model_is_reported_as_such():
    with ModelWorker(model="no_such_model_kg_test") as worker, pytest.raises(ModelNotFound):
        worker.info  # noqa: B018


def test_a_worker_that_dies_is_an_error_not_a_hang():
    worker = ModelWorker(model="no_such_model_kg_test")
    worker._process.kill()
    with pytest.raises(ParseWorkerFailed, match="stopped"):
        worker.info  # noqa: B018
    worker.close()
