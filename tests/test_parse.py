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
    import os

    articles = _seeds()
    cpus = os.sched_getaffinity(0)
    with ModelWorker(batch_size=1) as worker:
        assert worker.info.version
        from_worker = []
        for doc, article in worker.parse(articles):
            from_worker.append((article.id, to_json(extract(article, doc))))
            if len(cpus) > 1:  # the model has a core of its own, this process the others
                assert os.sched_getaffinity(worker._process.pid) == {max(cpus)}
                assert os.sched_getaffinity(0) == cpus - {max(cpus)}
    assert os.sched_getaffinity(0) == cpus  # given back once the model is done
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


def test_the_command_line_starts_without_spacy():
    """`kg` imports spaCy only when a command needs it: a build's model worker starts before
    (kg.cli imported with spaCy took 0.63 s, without it 0.19 s)."""
    import subprocess
    import sys

    code = "import sys, kg.cli, kg.parse; print(sorted(m for m in ('spacy', 'networkx') if m in sys.modules))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


def test_the_build_module_imports_without_spacy():
    """A build reads its inputs and feeds the model before it imports what extraction and
    writing need (kg.build's own imports are light: the model got its first texts 0.3-0.4 s
    sooner on 198 BBC articles)."""
    import subprocess
    import sys

    code = (
        "import sys, kg.build, kg.cli.graph, kg.overrides;"
        "print(sorted(m for m in ('spacy', 'networkx', 'dateparser', 'rapidfuzz') if m in sys.modules))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


def test_a_worker_started_early_is_taken_over_with_its_settings():
    """`kg build` starts the model's worker before it knows the model (kg/__main__.py): the next
    ModelWorker takes that process and tells it which model to load."""
    from kg import parse

    parse.start_early()
    early = parse._EARLY[-1]
    with ModelWorker(model="no_such_model_kg_test") as worker, pytest.raises(ModelNotFound):
        assert worker._process is early
        assert not parse._EARLY
        worker.info  # noqa: B018 - the model it was told to load is not installed


def test_an_early_worker_not_taken_over_is_ended():
    from kg import parse

    parse.start_early()
    early = parse._EARLY[-1]
    parse.discard_early()
    assert early.poll() is not None and not parse._EARLY
    with ModelWorker(model="no_such_model_kg_test") as worker:  # a new process, as before
        assert worker._process is not early


def test_the_model_error_is_one_class():
    import kg.errors
    import kg.nlp

    assert kg.nlp.ModelNotFound is kg.errors.ModelNotFound


def test_a_worker_given_to_a_build_stops_when_the_build_fails(tmp_path):
    from kg.build import UnknownEngine, build

    worker = ModelWorker(model="no_such_model_kg_test")
    with pytest.raises(UnknownEngine):
        build([SEEDS], tmp_path / "out", engine="no-such-engine", model_worker=worker)
    assert worker._process.poll() is not None  # stopped, not left running


@pytest.mark.model
def test_texts_fed_as_they_are_read_come_back_in_order():
    import queue
    import threading
    import time

    articles = _seeds()
    stream: queue.SimpleQueue = queue.SimpleQueue()

    def read():  # a reader slower than the model's start
        for article in articles:
            time.sleep(0.05)
            stream.put(article)
        stream.put(None)

    with ModelWorker(batch_size=2) as worker:
        worker.feed(iter(stream.get, None))
        threading.Thread(target=read).start()
        got = [(doc.text, article.id) for doc, article in worker.parse()]
        with pytest.raises(RuntimeError):
            worker.feed(articles)  # one sequence per worker
    assert got == [(a.text, a.id) for a in articles]


@pytest.mark.model
def test_the_worker_goes_on_parsing_while_the_caller_works_on_a_doc():
    """The Docs are read off the pipe as they come: a worker whose batches are larger than the
    pipe's buffer (64 KiB) does not wait, blocked, for the caller to finish with the last one."""
    import os
    import time

    text = " ".join(a.text for a in _seeds()) * 2  # about 20,000 words: its Doc is MBs
    articles = [Article(id=str(i), source=str(i), text=text, headline="", format="txt") for i in range(3)]
    with ModelWorker(batch_size=1) as worker:
        docs = worker.parse(articles)
        next(docs)  # the caller "works" on the first Doc from here on
        deadline = time.monotonic() + 60
        while worker._process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert worker._process.poll() == 0, "the worker waited for the caller"
        assert len(list(docs)) == 2
        assert os.sched_getaffinity(0)  # the caller's CPUs are given back


@pytest.mark.model
def test_the_docs_are_rebuilt_over_a_new_vocabulary_now_and_then(monkeypatch):
    """Every VOCAB_DOCS Docs the caller's vocabulary is a new one (one kept for a whole build
    grows to its end), and the Docs are the same whichever vocabulary they come over."""
    import dataclasses

    import kg.parse

    seeds = _seeds()
    articles = [dataclasses.replace(seeds[i % len(seeds)], id=f"a{i}") for i in range(5)]
    with ModelWorker(batch_size=2) as worker:
        one = [(doc.to_json(), doc.vocab) for doc, _ in worker.parse(articles)]
    monkeypatch.setattr(kg.parse, "VOCAB_DOCS", 2)
    with ModelWorker(batch_size=2) as worker:
        renewed = [(doc.to_json(), doc.vocab) for doc, _ in worker.parse(articles)]
    assert [d for d, _ in renewed] == [d for d, _ in one]
    assert len({id(v) for _, v in one}) == 1
    vocabs = [v for _, v in renewed]
    assert vocabs[0] is vocabs[1] and vocabs[2] is vocabs[3] and vocabs[1] is not vocabs[2]
    assert vocabs[3] is not vocabs[4]


def test_a_process_reports_its_own_peak_memory_not_its_parents():
    """``peak_rss_mb`` of a process started by a large one (Linux keeps the parent's resident
    size in ``ru_maxrss`` across the start): the child's own."""
    import subprocess
    import sys

    from kg.parse import peak_rss_mb

    held = bytearray(300 * 1024 * 1024)
    for i in range(0, len(held), 4096):
        held[i] = 1
    code = "from kg.parse import peak_rss_mb; print(peak_rss_mb())"
    child = float(
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    )
    assert peak_rss_mb() >= 300
    assert child < 150, child
    del held
