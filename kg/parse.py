"""The language model in a worker process, streaming parsed Docs to the process that extracts.

A build's two big jobs overlap on two cores: the worker loads the spaCy model and parses
batch after batch, while the main process loads the gazetteer, extracts what has arrived,
and keeps going.  Docs cross the process boundary as ``Doc.to_bytes`` (about 0.4 ms a
Doc each way, measured on Reuters stories) and are rebuilt over a blank English vocabulary,
which carries every string the Doc uses; kg's extraction reads only the Doc.
"""

from __future__ import annotations

import contextlib
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from .cpus import pin_process, split_cpus
from .errors import ModelNotFound
from .model import Article

if TYPE_CHECKING:  # kg.nlp imports spaCy: a worker starts before this process loads it
    from .nlp import ModelInfo

BATCH_SIZE = 64  # texts the model parses at a time (the Docs then come back in one message)

_EXCLUDE = ["tensor", "user_data"]  # the extraction uses neither
#: The Docs rebuilt over one vocabulary before the next one: each Doc adds its new words to it,
#: and one kept for a whole build grows to its end (10 MB at 1,974 articles), its words spread
#: through memory the build frees meanwhile and cannot give back while they live there (at
#: 19,680 articles ~1 GB of the build's small-object memory was free but held so, 2026-12-06).
VOCAB_DOCS = 1_000
_DONE = None


class ParseWorkerFailed(RuntimeError):
    """The model's worker process stopped without finishing its work."""


def _serve(model: str | None, max_length: int | None, batch_size: int, inbox, outbox) -> None:
    """Run in the worker: load the model, then parse each batch of texts it is sent."""

    def send(kind: str, value) -> None:
        pickle.dump((kind, value), outbox, protocol=pickle.HIGHEST_PROTOCOL)
        outbox.flush()

    try:
        from .nlp import load_model

        nlp, info = load_model(model)
        if max_length is not None and max_length > nlp.max_length:
            nlp.max_length = max_length
    except ModelNotFound as exc:
        send("model-not-found", str(exc))
        return
    except Exception as exc:  # reported to the main process, which raises
        send("error", f"{type(exc).__name__}: {exc}")
        return
    send("info", info)
    while True:
        try:
            batch = pickle.load(inbox)
        except EOFError:
            return
        if batch is _DONE:
            send("done", peak_rss_mb())  # what the model cost, for the build's report
            return
        try:
            send("docs", [doc.to_bytes(exclude=_EXCLUDE) for doc in nlp.pipe(batch, batch_size=batch_size)])
        except Exception as exc:
            send("error", f"{type(exc).__name__}: {exc}")
            return


def batches(n: int, size: int) -> list[tuple[int, int]]:
    """``(start, end)`` of the batches ``n`` texts are sent in: ``size`` at a time, then the
    last ``2 * size`` texts in quarter batches, so that the extraction of the last Docs, which
    waits for their batch, is short once the model is done.

    >>> batches(10, 4)
    [(0, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 7), (7, 8), (8, 9), (9, 10)]
    >>> batches(300, 64)[:3], batches(300, 64)[-1]
    ([(0, 64), (64, 128), (128, 172)], (284, 300))
    """
    small = max(1, size // 4)
    tail = min(n, 2 * size)
    found = [(start, min(start + size, n - tail)) for start in range(0, n - tail, size)]
    found += [(start, min(start + small, n)) for start in range(n - tail, n, small)]
    return found


#: A worker started before its model was known (:func:`start_early`), for the next
#: :class:`ModelWorker` to take over.
_EARLY: list[subprocess.Popen] = []


def start_early() -> None:
    """Start a model worker now, before the caller knows which model it wants: the worker
    imports spaCy (~0.55 s here) meanwhile, and the next :class:`ModelWorker` takes it over and
    tells it what to load.  ``kg build`` calls this first (:mod:`kg.__main__`), before its
    command line is imported (~0.4 s), so the model is ready about that much sooner.  A
    worker never taken over ends when this process does (:func:`discard_early` ends it now)."""
    if not _EARLY:
        _EARLY.append(
            subprocess.Popen(
                [sys.executable, "-m", "kg.parse", "--configure"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
            )
        )


def discard_early() -> None:
    """End the worker :func:`start_early` started, if no :class:`ModelWorker` took it over (a
    build on Dask does not use it)."""
    if _EARLY:
        _end(_EARLY.pop())


def _end(process: subprocess.Popen) -> None:
    """End a worker that was never told its settings: the end of its input lets it leave."""
    with contextlib.suppress(OSError):
        process.stdin.close()  # type: ignore[union-attr]  # Popen(stdin=PIPE)
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    if process.stdout is not None:
        process.stdout.close()


def _take_early(settings: dict) -> subprocess.Popen | None:
    """The worker :func:`start_early` started, told ``settings``; None if there is none, or it
    is gone (the caller starts a new one)."""
    if not _EARLY:
        return None
    process = _EARLY.pop()
    try:
        assert process.stdin is not None  # Popen(stdin=PIPE)
        pickle.dump(settings, process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        process.stdin.flush()
    except OSError:  # it has died
        _end(process)
        return None
    return process


class ModelWorker:
    """The spaCy model in a worker process: it starts loading at once, then parses what it is
    given, in order.

    The worker is a plain ``python -m kg.parse`` subprocess talking over its standard input
    and output (not :mod:`multiprocessing`, whose spawn would re-run the caller's script).
    Start it early, so the model loads while the caller reads its inputs; ``info`` waits for
    the model and describes it (or raises :class:`~kg.nlp.ModelNotFound`); :meth:`parse`
    yields ``(Doc, Article)`` in input order.  Use it as a context manager so the worker
    stops with the caller, whatever happens.
    """

    def __init__(
        self, model: str | None = None, *, batch_size: int = BATCH_SIZE, max_length: int | None = None
    ):
        self.batch_size = batch_size
        settings = {"model": model, "max_length": max_length, "batch_size": batch_size}
        process = _take_early(settings)
        if process is None:
            command = [sys.executable, "-m", "kg.parse", "--batch-size", str(batch_size)]
            if model:
                command += ["--model", model]
            if max_length:
                command += ["--max-length", str(max_length)]
            process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self._process = process
        self._cpus = split_cpus(self._process.pid)
        self._info: ModelInfo | None = None
        self._used = False
        self._fed: list[Article] | None = None
        self.peak_rss_mb: float | None = None  # the worker's peak memory, once it has parsed all

    @property
    def caller_cpus(self) -> set[int] | None:
        """The CPUs the caller's threads run on while :meth:`parse` yields (all but the model's),
        or None where CPUs are not assigned."""
        return set(self._cpus[1]) if self._cpus else None

    def _feed(self, articles: Iterable[Article], fed: list[Article]) -> None:
        """Send the texts batch by batch as ``articles`` come (each kept in ``fed``): the first
        batch as soon as it is full, then holding the last ``2 * batch_size`` back to send them
        in quarter batches once ``articles`` ends (see :func:`batches`); the pipe's buffer holds
        back a worker that lags."""
        stdin = self._process.stdin
        assert stdin is not None  # Popen(stdin=PIPE)
        size, pending = self.batch_size, []

        def send(chunk: list[Article] | None) -> None:
            pickle.dump(
                None if chunk is None else [a.text for a in chunk], stdin, protocol=pickle.HIGHEST_PROTOCOL
            )
            stdin.flush()

        try:
            for article in articles:
                fed.append(article)
                pending.append(article)
                if len(pending) >= (size if len(fed) == len(pending) else 3 * size):  # the first at once
                    send(pending[:size])
                    del pending[:size]
            for start, end in batches(len(pending), size):
                send(pending[start:end])
            send(_DONE)
        except (BrokenPipeError, ValueError, OSError):
            return  # the worker is gone or being stopped: the reader reports it

    def _receive(self):
        try:
            return pickle.load(self._process.stdout)
        except (EOFError, pickle.UnpicklingError):
            code = self._process.wait()
            raise ParseWorkerFailed(
                f"the spaCy worker process stopped (exit code {code}); "
                "if the machine is short of memory, try smaller inputs"
            ) from None

    def _drain(self, inbox: queue.SimpleQueue) -> None:
        """Put each message of the worker into ``inbox`` until its last ("done", or a failure)."""
        while True:
            try:
                kind, value = self._receive()
            except BaseException as exc:  # raised by parse, in the caller's thread
                inbox.put(("failed", exc))
                return
            inbox.put((kind, value))
            if kind != "docs":
                return

    @property
    def info(self) -> ModelInfo:
        """The model the worker loaded (waits for it)."""
        if self._info is None:
            kind, value = self._receive()
            if kind == "model-not-found":
                raise ModelNotFound(value)
            if kind != "info":
                raise ParseWorkerFailed(f"the spaCy worker could not start: {value}")
            self._info = value
        return self._info

    def feed(self, articles: Iterable[Article]) -> None:
        """Start sending the texts of ``articles`` now, as they come (``articles`` may be a
        generator that waits for them), so that the model parses while the caller reads the rest
        and prepares its work; :meth:`parse` then yields them (one sequence per worker).  A build
        feeds its articles as it reads them: on 198 BBC articles the loaded model had waited
        0.5 s for its first texts, the build reading them."""
        if self._fed is not None:
            raise RuntimeError("a ModelWorker parses one sequence of articles; start another")
        self._fed = []
        threading.Thread(
            target=self._feed, args=(articles, self._fed), name="kg-parse-feeder", daemon=True
        ).start()

    def parse(self, articles: Iterable[Article] | None = None) -> Iterator[tuple]:
        """``(Doc, Article)`` for each article, in order: those given to :meth:`feed`, or
        ``articles`` (one call per worker)."""
        from spacy.tokens import Doc

        if self._used:
            raise RuntimeError("a ModelWorker parses one sequence of articles; start another")
        self._used = True
        if self._fed is None:
            self.feed(list(articles or ()))
        elif articles is not None:
            raise ValueError("parse() takes the articles given to feed(), not others")
        articles = self._fed  # filled as the feeder sends them: a Doc comes after its text
        self.info  # noqa: B018 - the model's description is the first message
        assert articles is not None
        # the worker's messages are read as they come, by a thread of their own: the worker can
        # start its next batch while this one extracts (it waited, blocked on a full pipe, for
        # the extraction of the previous batch: 0.4 s of 9 on 198 BBC articles, extraction only)
        inbox: queue.SimpleQueue = queue.SimpleQueue()
        threading.Thread(target=self._drain, args=(inbox,), name="kg-parse-reader", daemon=True).start()
        # off the model's core while it parses (the store's loading thread too)
        before = pin_process(self._cpus[1]) if self._cpus else None
        try:
            vocab = _blank_vocab()
            position = 0
            while True:
                kind, value = inbox.get()
                if kind == "failed":
                    raise value
                if kind == "done":
                    self.peak_rss_mb = value
                    return
                if kind != "docs":
                    raise ParseWorkerFailed(f"the spaCy worker failed: {value}")
                for data in value:
                    if position and position % VOCAB_DOCS == 0:
                        vocab = _blank_vocab()  # the last one goes with its Docs
                    yield Doc(vocab).from_bytes(data, exclude=_EXCLUDE), articles[position]
                    position += 1
        finally:
            if before is not None:
                pin_process(before)

    def close(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        for pipe in (self._process.stdin, self._process.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()

    def __enter__(self) -> ModelWorker:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB: ``VmHWM`` where Linux gives it (``ru_maxrss``
    keeps the resident size of the process that started this one, at the time it did), else
    ``ru_maxrss`` (KiB on Linux)."""
    import resource

    with (
        contextlib.suppress(OSError, ValueError, IndexError),
        open("/proc/self/status", encoding="ascii") as status,
    ):
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _blank_vocab():
    """An English vocabulary: lexical attributes (is_stop, like_num, ...) as the model's."""
    import spacy

    return spacy.blank("en").vocab


def main(argv: list[str] | None = None) -> None:
    """``python -m kg.parse``: the worker end of :class:`ModelWorker`."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m kg.parse")
    parser.add_argument("--model")
    parser.add_argument("--max-length", type=int)
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    parser.add_argument(
        "--configure", action="store_true", help="import spaCy, then read the settings from standard input"
    )
    args = parser.parse_args(argv)
    inbox, outbox = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but the protocol on the real standard output
    with contextlib.suppress(BrokenPipeError, KeyboardInterrupt):  # the build stopped or was killed
        settings = {"model": args.model, "max_length": args.max_length, "batch_size": args.batch_size}
        if args.configure:  # started early (start_early): the slow import first, then the settings
            from . import nlp  # noqa: F401

            try:
                settings = pickle.load(inbox)
            except EOFError:  # never taken over
                return
        _serve(settings["model"], settings["max_length"], settings["batch_size"], inbox, outbox)


if __name__ == "__main__":
    main()
