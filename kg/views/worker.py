"""Some of a build's pages written by a second process while the build writes the others.

A build's last step, its pages, is Python work on one core; the model's worker is done by
then.  :class:`PageWorker` starts ``python -m kg.views.worker`` when the model has parsed the
last article (it imports the views' modules while the build merges and writes, on the core the
model no longer needs), and at the end hands it the output folder: it opens the store read-only and writes its pages (by default the map and the
timeline, :data:`SECOND_PROCESS`), while the build draws the three network pages, which
share what they read from the store.  The pages are the same bytes either way.  A build of
more than ``kg.build.SECOND_PROCESS_MAX_ARTICLES`` articles stops its worker unused and draws
every page itself (memory).
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Collection
from pathlib import Path

#: The pages the second process writes: about as much work as the three network pages.
SECOND_PROCESS = ("map", "timeline")


class PageWorkerFailed(RuntimeError):
    """The second process did not write its pages (the build writes them itself then)."""


class PageWorker:
    """A second process that writes some pages of a store (see the module's docstring).

    The process starts at :meth:`launch` (or at once with ``launch=True``): a build launches it
    when the model has parsed everything, so that its start-up takes the model's core then
    instead of competing with the model's loading.

    >>> with PageWorker(launch=True) as pages:
    ...     pages.stop()  # never given a store: it leaves without writing anything
    """

    def __init__(self, *, launch: bool = False) -> None:
        self._process: subprocess.Popen | None = None
        self._started = False
        if launch:
            self.launch()

    def launch(self) -> None:
        """Start the process (it imports the pages' modules and waits for its job); once."""
        if self._process is None:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "kg.views.worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )

    def start(self, out_dir: Path, names: Collection[str], *, title: str, max_nodes: int | None) -> None:
        """Ask for the pages ``names`` of the output folder ``out_dir``, into it (its store
        flushed: the worker opens it read-only)."""
        job = {"out": str(out_dir), "names": sorted(names), "title": title, "max_nodes": max_nodes}
        self.launch()
        assert self._process is not None
        try:
            assert self._process.stdin is not None
            self._process.stdin.write(json.dumps(job) + "\n")
            self._process.stdin.close()
            self._started = True
        except OSError as exc:
            raise PageWorkerFailed(f"the page worker is gone ({exc})") from None

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
        if "error" in answer:
            raise PageWorkerFailed(answer["error"])
        return {name: Path(path) for name, path in answer["written"].items()}

    def stop(self) -> None:
        if self._process is None:
            return
        if self._process.poll() is None and not self._started:
            with contextlib.suppress(OSError):
                assert self._process.stdin is not None
                self._process.stdin.close()  # end of input: it leaves
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(timeout=5)
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        for pipe in (self._process.stdin, self._process.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()

    def __enter__(self) -> PageWorker:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def main() -> None:
    """``python -m kg.views.worker``: wait for one job on standard input, write its pages, and
    answer ``{"written": {name: path}}`` or ``{"error": message}`` on standard output."""
    from kg.store import open_store  # imported now, while the build's model loads
    from kg.views import write_all_views

    line = sys.stdin.readline()
    if not line.strip():
        return  # the build ended before its pages (or it failed)
    job = json.loads(line)
    try:
        store = open_store(job["out"], read_only=True)
        written = write_all_views(
            store, job["out"], title=job["title"], max_nodes=job["max_nodes"], only=job["names"]
        )
        answer: dict = {"written": {name: str(path) for name, path in written.items()}}
    except Exception as exc:  # reported to the build, which writes the pages itself
        answer = {"error": f"{type(exc).__name__}: {exc}"}
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
    # the pages are written and closed, the store only read: the build waits for this process to
    # end, and tearing its interpreter down would only free what it read (0.2 s at 1,000 articles)
    os._exit(0)


if __name__ == "__main__":
    with contextlib.suppress(BrokenPipeError, KeyboardInterrupt):
        main()
