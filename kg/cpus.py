"""Which cores a build's threads run on, and at what priority (Linux; elsewhere the scheduler
decides).

A build parses with the language model in a process of its own, on a core of its own
(:func:`split_cpus`).  While the model parses, this process's threads keep off that core
(:func:`pin_process`), except the store's: its loading thread (and the threads a bulk load
starts) and RocksDB's background threads, which compact the files the bulk loads leave.
Those run on every core at the lowest priority (nice 19): in the time the model and the
extraction leave free, on either core, and never in their way.

Loading is about a third of the CPU time beside the model, and grows with the store: on a
build of 1,974 articles RocksDB's compactions alone took 19.6 s of the process's 66.7, and a
store loaded on one core costs 19-23 µs a quad from 1 to 4 million (2026-12-06).  Pinned with
the extraction, they made the extraction's core, not the model, set the pace of a build of
19,680 articles.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator

#: The lowest priority: such a thread runs when a core would otherwise idle.
BACKGROUND_NICE = 19
#: The names (``comm``) of RocksDB's background threads ("rocksdb:low", "rocksdb:high").
STORE_THREAD_PREFIX = "rocksdb:"

_background: set[int] = set()  # native ids of this process's threads inside background()


@contextlib.contextmanager
def background() -> Iterator[None]:
    """Mark the calling thread as background work while the block runs: :func:`pin_process`
    then leaves it on every core, at the lowest priority (the store's loading thread).

    >>> with background():
    ...     threading.get_native_id() in _background
    True
    """
    me = threading.get_native_id()
    _background.add(me)
    try:
        yield
    finally:
        _background.discard(me)


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

    In this process, background threads (:func:`background`, and RocksDB's) are left on every
    core it had and ``cpus``, at the lowest priority, instead."""
    try:
        before = os.sched_getaffinity(pid or 0)
        os.sched_setaffinity(pid or 0, cpus)
    except (AttributeError, OSError):  # not Linux, not allowed, or the process is gone
        return None
    for thread in _threads(pid):
        with contextlib.suppress(OSError):  # a thread that has just ended
            if pid is None and _is_background(thread):
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


def _is_background(thread: int) -> bool:
    """Whether thread ``thread`` of this process is background work (see :func:`pin_process`)."""
    if thread in _background:
        return True
    try:
        with open(f"/proc/self/task/{thread}/comm") as fh:
            return fh.read().startswith(STORE_THREAD_PREFIX)
    except OSError:
        return False


def _threads(pid: int | None = None) -> list[int]:
    """The ids of the threads of process ``pid`` (this one when None) (Linux), else none."""
    try:
        return [int(name) for name in os.listdir(f"/proc/{pid or 'self'}/task")]
    except OSError:
        return []
