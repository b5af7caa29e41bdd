"""Some of a build's pages written by a second process while the build writes the others.

A build's last steps, compacting its store and drawing its pages, would run one after the
other in one process.  :class:`PageWorker` starts ``python -m kg.views.worker`` once the model
is loaded, and the build's store loader hands it every chunk of quads it loads
(:meth:`PageWorker.feed`): the worker loads the same quads into a store of its own, in
memory, while the model parses (on the build's core, in the time the extraction leaves
free) and while the build merges and writes.  When the build has loaded its last quads it
asks for the pages (:meth:`PageWorker.start`): the worker draws the three network pages
(:data:`SECOND_PROCESS`, the heaviest, which share what they read) from its copy, while the
build loads its last chunks, compacts its own store on disk and draws the map and the
timeline from it.  The same quads, so the same pages, byte for byte
(``tests/test_page_worker.py``).

A worker fed nothing opens the store of the folder it is given, read-only.  A build of more
than ``kg.build.SECOND_PROCESS_MAX_ARTICLES`` articles feeds it nothing (a copy of its store
would not fit in memory beside the build): once its store is written and closed, the worker
draws the map and the timeline from it (:data:`FROM_DISK`) while the build draws the network
pages.

The protocol, on the worker's standard input: frames of a header line ``KIND SIZE`` and
``SIZE`` bytes: ``Q`` and ``U``, a chunk of quads as :func:`kg.store.load_chunk` takes it (its
TriG, then its triples); ``G``, the model is done (load at full priority); ``J``, the job
(JSON), last. Its answer is one JSON line on standard output.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Collection
from pathlib import Path

from kg.cpus import lowest_priority, pin_process
from kg.parse import peak_rss_mb

#: The pages the second process writes: the network pages, the heaviest (985 Reuters stories,
#: 2026-12-06: 1.78 s from the worker's copy in memory, 2.65 s from the store on disk; the
#: timeline 0.50 against 1.20 s, the map 0.20 against 0.29 s). The build compacts its store and
#: draws the map and the timeline meanwhile: with the timeline in the worker too, 198 BBC
#: articles took as long or longer (the worker's part was then the longer one).
SECOND_PROCESS = ("graph", "events", "sources")
#: The pages it writes from the store on disk, fed nothing (a build of more than
#: ``kg.build.SECOND_PROCESS_MAX_ARTICLES`` articles): the lighter ones, while the build draws
#: the network pages in the memory its merge freed (19,680 articles: ~480 MB in this process,
#: against ~800 MB for the network pages).
FROM_DISK = ("map", "timeline")


class PageWorkerFailed(RuntimeError):
    """The second process did not write its pages (the build writes them itself then)."""


class PageWorker:
    """A second process that writes some pages of a store (see the module's docstring).

    The process starts at :meth:`launch` (or at once with ``launch=True``), or with the first
    quads it is fed.

    >>> with PageWorker(launch=True) as pages:
    ...     pages.stop()  # never given a store: it leaves without writing anything
    """

    def __init__(self, *, launch: bool = False) -> None:
        self._process: subprocess.Popen | None = None
        self._started = False
        self._fed = 0  # quads' bytes handed over
        self._gone: str | None = None  # why a hand-over failed
        # what is handed over waits here for a thread that writes it to the process, so that a
        # caller never waits for the worker (the build's loading thread would, on a full pipe)
        self._outbox: queue.SimpleQueue[tuple[bytes, bytes] | None] = queue.SimpleQueue()
        self._sender: threading.Thread | None = None
        self.peak_rss_mb: float | None = None  # the worker's peak memory, once it has answered
        if launch:
            self.launch()

    def launch(self, cpus: set[int] | None = None) -> None:
        """Start the process (once), on ``cpus`` when given (see :meth:`pin`)."""
        if self._process is None:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "kg.views.worker"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
            )
            if cpus:
                self.pin(cpus)
            self._sender = threading.Thread(target=self._send, name="kg-page-sender", daemon=True)
            self._sender.start()

    def pin(self, cpus: set[int]) -> None:
        """Run the process's threads on ``cpus`` (a build keeps it off the model's core while
        the model parses)."""
        if self._process is not None:
            pin_process(cpus, self._process.pid)

    def hurry(self) -> None:
        """The model is done: the worker loads what is left at full priority, on every core of
        this process."""
        if self._process is None:
            return
        with contextlib.suppress(AttributeError, OSError):  # not Linux: the scheduler decides
            self.pin(os.sched_getaffinity(0))
        with contextlib.suppress(PageWorkerFailed):  # found out at start()
            self._post(b"G", b"")

    @property
    def fed(self) -> bool:
        """Whether quads were handed over (and no hand-over has failed yet)."""
        return self._fed > 0 and self._gone is None

    def feed(self, trig: bytes, triples: bytes) -> None:
        """Hand over a chunk of quads to load into the worker's own store, as
        :func:`kg.store.load_chunk` takes it (the build's loading thread calls this with every
        chunk it loads); raises :class:`PageWorkerFailed` once a hand-over has failed."""
        self.launch()
        self._post(b"Q", trig)
        self._post(b"U", triples)
        self._fed += len(trig)

    def _post(self, kind: bytes, payload: bytes) -> None:
        if self._gone is not None:
            raise PageWorkerFailed(self._gone)
        self._outbox.put((kind, payload))

    def _send(self) -> None:
        """The sending thread: each frame to the process; the end of its input after the job."""
        assert self._process is not None and self._process.stdin is not None
        stdin = self._process.stdin
        try:
            while (item := self._outbox.get()) is not None:
                kind, payload = item
                stdin.write(b"%s %d\n" % (kind, len(payload)))
                stdin.write(payload)
                stdin.flush()
        except (OSError, ValueError) as exc:  # a broken pipe: the worker is gone
            self._gone = f"the page worker is gone ({exc})"
            with contextlib.suppress(queue.Empty):  # what was handed over meanwhile is let go
                while True:
                    self._outbox.get_nowait()
        finally:
            with contextlib.suppress(OSError, ValueError):
                stdin.close()

    def start(self, out_dir: Path, names: Collection[str], *, title: str, max_nodes: int | None) -> None:
        """Ask for the pages ``names`` into the output folder ``out_dir``: drawn from the quads
        fed, or, if none were, from ``out_dir``'s store (flushed: the worker opens it
        read-only). Raises :class:`PageWorkerFailed` when a hand-over has failed."""
        job = {
            "out": str(out_dir),
            "names": sorted(names),
            "title": title,
            "max_nodes": max_nodes,
            "fed": self._fed > 0,
        }
        self.launch()
        self._post(b"J", json.dumps(job).encode("utf-8"))
        self._outbox.put(None)  # the end of its input
        self._started = True

    def wait(self) -> dict[str, Path]:
        """The pages written, name -> path; raises :class:`PageWorkerFailed`."""
        if not self._started or self._process is None:
            raise PageWorkerFailed("the page worker was given no store")
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        code = self._process.wait()
        try:
            answer = json.loads(line)
        except ValueError:
            raise PageWorkerFailed(f"the page worker stopped (exit code {code})") from None
        self.peak_rss_mb = answer.get("peak_rss_mb")
        if "error" in answer:
            raise PageWorkerFailed(answer["error"])
        return {name: Path(path) for name, path in answer["written"].items()}

    def stop(self) -> None:
        if self._process is None:
            return
        self._outbox.put(None)  # the end of its input, after what was handed over: it leaves
        if self._process.poll() is None and not self._started:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(timeout=5)
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        if self._sender is not None:
            self._sender.join()
        for pipe in (self._process.stdin, self._process.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()

    def __enter__(self) -> PageWorker:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


class _Copy:
    """The worker's own store, in memory, loaded by a thread of its own as quads come."""

    def __init__(self) -> None:
        import pyoxigraph

        self.store = pyoxigraph.Store()
        self._chunks: queue.SimpleQueue[tuple[bytes, bytes] | None] = queue.SimpleQueue()
        self._failed: BaseException | None = None
        self._hurry = False
        self._threads = [
            threading.Thread(target=self._load, args=(True,), name="kg-page-loader", daemon=True)
        ]
        self._threads[0].start()

    def add(self, trig: bytes, triples: bytes) -> None:
        self._chunks.put((trig, triples))

    def hurry(self) -> None:
        """Load the rest at full priority: by a new thread (a thread cannot raise its own
        priority again), the low-priority one leaving after its chunk."""
        if not self._hurry:
            self._hurry = True
            self._threads.append(threading.Thread(target=self._load, name="kg-page-loader", daemon=True))
            self._threads[-1].start()

    def _load(self, low: bool = False) -> None:
        from kg.store import load_chunk

        if low:
            lowest_priority()
        while not (low and self._hurry):
            chunk = self._chunks.get()
            if chunk is None:
                self._chunks.put(None)  # the end, for the other thread too
                return
            if self._failed is None:
                try:
                    load_chunk(self.store, *chunk)
                except BaseException as exc:  # raised by done()
                    self._failed = exc

    def done(self):
        """The store, once every chunk is loaded, with kg's ontology beside the union."""
        from kg.store import load_ontology

        self._chunks.put(None)
        for thread in self._threads:
            thread.join()
        if self._failed is not None:
            raise RuntimeError(f"loading the quads failed: {self._failed}") from self._failed
        load_ontology(self.store)
        return self.store


def _read_frame(stdin) -> tuple[bytes, bytes] | None:
    """The next frame, or None at the end of input."""
    header = stdin.readline()
    if not header.strip():
        return None
    kind, size = header.split()
    payload = stdin.read(int(size))
    if len(payload) != int(size):
        return None  # cut short: the build is gone
    return kind, payload


def _warm_up() -> None:
    lowest_priority()
    import kg.views  # noqa: F401 - networkx, pyvis, jinja2: while the quads come


def main() -> None:
    """``python -m kg.views.worker``: load the quads fed, wait for the job, write its pages, and
    answer ``{"written": {name: path}}`` or ``{"error": message}`` on standard output."""
    warm = threading.Thread(target=_warm_up, name="kg-page-imports", daemon=True)
    warm.start()
    stdin = sys.stdin.buffer
    copy: _Copy | None = None
    trig, hurried = b"", False
    while (frame := _read_frame(stdin)) is not None:
        kind, payload = frame
        if kind == b"Q":
            trig = payload
        elif kind == b"U":  # a chunk's second half
            if copy is None:
                copy = _Copy()
                if hurried:  # the model was done before the first chunk was full (a small build)
                    copy.hurry()
            copy.add(trig, payload)
        elif kind == b"G":
            hurried = True
            if copy is not None:
                copy.hurry()
        elif kind == b"J":
            break
    else:
        return  # the build ended before its pages (or it failed)
    job = json.loads(payload)
    try:
        if job["fed"]:
            if copy is None:
                raise RuntimeError("no quads came")
            store = copy.done()
        else:
            from kg.store import open_store

            store = open_store(job["out"], read_only=True)
        warm.join()
        from kg.views import write_all_views

        written = write_all_views(
            store, job["out"], title=job["title"], max_nodes=job["max_nodes"], only=job["names"]
        )
        answer: dict = {"written": {name: str(path) for name, path in written.items()}}
    except Exception as exc:  # reported to the build, which writes the pages itself
        answer = {"error": f"{type(exc).__name__}: {exc}"}
    answer["peak_rss_mb"] = peak_rss_mb()
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
    # the pages are written and closed: the build waits for this process to end, and tearing its
    # interpreter down would only free what it read (0.2 s at 1,000 articles)
    os._exit(0)


if __name__ == "__main__":
    with contextlib.suppress(BrokenPipeError, KeyboardInterrupt):
        main()
