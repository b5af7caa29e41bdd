"""The output folder ``OUT``: its layout, one writer at a time, and an atomic swap.

This module is the one place that knows what ``OUT`` holds; everything else takes the
names from here::

    OUT/graph.trig          every named graph, TriG           TRIG_FILE
    OUT/store/              the embedded Oxigraph store       STORE_DIR
    OUT/graph.html …        the pages (kg.views registry)     GRAPH_PAGE, EVENTS_PAGE, SOURCES_PAGE,
                                                              MAP_PAGE, TIMELINE_PAGE
                                                              (kg view also: QUERY_PAGE, FOCUS_PAGE)
    OUT/report.json         articles read and skipped         REPORT_FILE
    OUT/merges.json         why names became one node         MERGES_FILE
    OUT/identity.json       IRIs of incremental builds        IDENTITY_FILE
    OUT/extractions/        one record per article            EXTRACTIONS_DIR
    OUT/overrides.tsv       the user's decisions in force     OVERRIDES_FILE
    OUT/load-state.json     what kg load sent where           LOAD_STATE_FILE
    .OUT.lock               the writers' lock, beside OUT     lock_path()
    .OUT.building-PID       a build being written             staging_path()
    .OUT.previous-PID       the old OUT during a plain swap   (swap_into_place)

A build writes a complete new ``OUT`` beside the old one (``.OUT.building-PID``)
and exchanges the two in one step, so at every instant ``OUT`` is either the
old graph or the new one, whole.  A lock file beside ``OUT`` keeps a second
build from writing at the same time; leftovers of a killed build are cleaned
up by the next one.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

TRIG_FILE = "graph.trig"
STORE_DIR = "store"
REPORT_FILE = "report.json"
MERGES_FILE = "merges.json"  # why names became one node: rule, score, names
IDENTITY_FILE = "identity.json"  # each article-local id's IRI, and redirects of merged IRIs
EXTRACTIONS_DIR = "extractions"  # one JSON record per article (kg.cache)
OVERRIDES_FILE = "overrides.tsv"  # the user's same/different decisions in force
LOAD_STATE_FILE = "load-state.json"  # kg load: per target, what was sent

GRAPH_PAGE = "graph.html"  # the network view, the page a build points to
EVENTS_PAGE = "events.html"
SOURCES_PAGE = "sources.html"
MAP_PAGE = "map.html"
TIMELINE_PAGE = "timeline.html"
QUERY_PAGE = "query.html"  # kg view --query
FOCUS_PAGE = "focus.html"  # kg view --focus

_STAGING = ".building-"
_PREVIOUS = ".previous-"


def store_path(out: str | Path) -> Path:
    return Path(out) / STORE_DIR


def record_path(out: str | Path, article_id: str) -> Path:
    """The extraction record of one article."""
    return Path(out) / EXTRACTIONS_DIR / f"{article_id}.json"


AT_FDCWD = -100
RENAME_EXCHANGE = 2


class OutputLocked(RuntimeError):
    """Another kg process is writing the same output directory."""


def lock_path(out: Path) -> Path:
    return out.parent / f".{out.name}.lock"


@contextmanager
def locked(out: Path, wait: float = 0.0):
    """Hold the output's lock; wait up to ``wait`` seconds for another build to finish."""
    out.parent.mkdir(parents=True, exist_ok=True)
    path = lock_path(out)
    handle = open(path, "a+")  # noqa: SIM115 (held until the lock is released below)
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            if time.monotonic() >= deadline:
                handle.seek(0)
                holder = handle.read().strip() or "another process"
                handle.close()
                raise OutputLocked(
                    f"{out} is being written by {holder}; wait for it to finish (or use --wait SECONDS)"
                ) from None
            time.sleep(0.2)
    try:
        handle.seek(0)
        handle.truncate()
        handle.write(f"kg (pid {os.getpid()})")
        handle.flush()
        recover(out)
        yield
    finally:
        handle.seek(0)
        handle.truncate()
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def staging_path(out: Path) -> Path:
    return out.parent / f".{out.name}{_STAGING}{os.getpid()}"


def recover(out: Path) -> None:
    """Undo what a killed build left: a missing ``OUT`` comes back, stale folders go."""
    leftovers = sorted(out.parent.glob(f".{out.name}{_STAGING}*")) + sorted(
        out.parent.glob(f".{out.name}{_PREVIOUS}*")
    )
    if not out.exists():
        previous = [p for p in leftovers if _PREVIOUS in p.name]
        if previous:  # killed between the two renames of a non-atomic swap
            previous[-1].rename(out)
            leftovers.remove(previous[-1])
    for path in leftovers:
        if path != staging_path(out):
            remove_tree(path)


def swap_into_place(staging: Path, out: Path) -> None:
    """Make ``staging`` the new ``out`` in one atomic step (Linux), then drop the old one."""
    if out.exists() and _exchange(staging, out):
        remove_tree(staging)  # now holds the old output
        return
    previous = out.parent / f".{out.name}{_PREVIOUS}{os.getpid()}"
    if out.exists():  # no atomic exchange here: two renames, undone by recover() if killed
        out.rename(previous)
    staging.rename(out)
    if previous.exists():
        remove_tree(previous)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with renameat2(RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    if result == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def remove_tree(path: Path) -> None:
    """Remove a folder; a store's background threads may still be finishing (then what still
    holds a store is collected and the removal tried again: a full collection of a build's heap
    is not free, so not before it is needed)."""
    import gc

    for attempt in range(6):
        shutil.rmtree(path, ignore_errors=True)
        if not path.exists():
            return
        if attempt == 0:
            gc.collect()
        else:
            time.sleep(0.1 * attempt)
