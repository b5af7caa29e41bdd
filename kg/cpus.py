"""Which cores a build's threads run on, and at what priority (Linux; elsewhere the scheduler
decides).

A build parses with the language model in a process of its own, on a core of its own
(:func:`split_cpus`).  While the model parses, this process's threads keep off that core
(:func:`pin_process`), except those marked as background work (:func:`background`), which run
on every core at the lowest priority (nice 19): in the time the model and the extraction leave
free, on either core, and never in their way.

A large build marks the store's threads so: its loading thread (and the threads a bulk load
starts) and RocksDB's background threads, which compact the files the bulk loads leave
(:func:`store_threads`).  Loading grows with the store: at 19,680 articles RocksDB's
compactions alone took ~290 s of CPU in a 640-s parse, and pinned with the extraction they
made the extraction's core, not the model, set the pace (the parse took 643 s pinned, 565 s
in the background; 2026-12-06).  A small build keeps them pinned: its extraction's core has
time to spare, and 985 Reuters stories built in 34-38 s with them in the background against
31-33 s pinned (their late loads waited behind the page worker's).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterable, Iterator

#: The lowest priority: such a thread runs when a core would otherwise idle.
BACKGROUND_NICE = 19
#: The names (``comm``) of RocksDB's background threads ("rocksdb:low", "rocksdb:high").
STORE_THREAD_PREFIX = "rocksdb:"

_background: set[int] = set()  # native ids of this process's threads inside background()


@contextlib.contextmanager
def background(threads: Iterable[int] = ()) -> Iterator[None]:
    """Mark the calling thread, and the threads of this process ``threads`` (native ids), as
    background work while the block runs: :func:`pin_process` then leaves them on every core,
    at the lowest priority.

    >>> with background():
    ...     threading.get_native_id() in _background
    True
    """
    marked = {threading.get_native_id(), *threads}
    _background.update(marked)
    try:
        yield
    finally:
        _background.difference_update(marked)


def store_threads() -> list[int]:
    """The native ids of RocksDB's background threads in this process (they start with the
    first store opened, and serve every store)."""
    found = []
    for thread in _threads():
        with contextlib.suppress(OSError), open(f"/proc/self/task/{thread}/comm") as fh:  # or it ended
            if fh.read().startswith(STORE_THREAD_PREFIX):
                found.append(thread)
    return found


def split_cpus(worker: int) -> tuple[set[int], set[int]] | None:
    """Give the worker process one CPU of this process's, and keep the others for this process
    while the model parses; None where CPUs cannot be assigned, or there is only one.

    The model then has its core to itself: the build's own threads no longer take turns on it.
    On 198 BBC articles, 4 runs each, the model's part of the build took 11.35 s on average
    instead of 12.35.
    """
    try:
        mine = os.sched_getaffinity(0)
        if len(mine) < 2:
            return None
        theirs = {max(mine)}
        os.sched_setaffinity(worker, theirs)
    except (AttributeError, OSError):  # not Linux, or not allowed: the scheduler decides
        return None
    return theirs, mine - theirs


def pin_process(cpus: set[int], pid: int | None = None) -> set[int] | None:
    """Run every thread of process ``pid`` (this one when None), and the threads they start, on
    ``cpus``; the CPUs its main thread had, or None where CPUs cannot be assigned.

    In this process, background threads (:func:`background`) are left on every core it had and
    ``cpus``, at the lowest priority, instead."""
    try:
        before = os.sched_getaffinity(pid or 0)
        os.sched_setaffinity(pid or 0, cpus)
    except (AttributeError, OSError):  # not Linux, not allowed, or the process is gone
        return None
    for thread in _threads(pid):
        with contextlib.suppress(OSError):  # a thread that has just ended
            if pid is None and thread in _background:
                os.sched_setaffinity(thread, cpus | before)
                lowest_priority(thread)
            else:
                os.sched_setaffinity(thread, cpus)
    return before


def lowest_priority(thread: int | None = None) -> None:
    """Run thread ``thread`` of this process (the calling one when None) at the lowest priority
    (Linux: a thread's own nice value); it cannot be raised again without privileges."""
    with contextlib.suppress(AttributeError, OSError):  # not Linux, or the thread has ended
        thread = thread or threading.get_native_id()
        if os.getpriority(os.PRIO_PROCESS, thread) < BACKGROUND_NICE:
            os.setpriority(os.PRIO_PROCESS, thread, BACKGROUND_NICE)


def _threads(pid: int | None = None) -> list[int]:
    """The ids of the threads of process ``pid`` (this one when None) (Linux), else none."""
    try:
        return [int(name) for name in os.listdir(f"/proc/{pid or 'self'}/task")]
    except OSError:
        return []
