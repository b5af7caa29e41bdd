"""The output directory's guarantees: one writer at a time, and an atomic swap.

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
    return out.parent / f".{out.name}.building-{os.getpid()}"


def recover(out: Path) -> None:
    """Undo what a killed build left: a missing ``OUT`` comes back, stale folders go."""
    leftovers = sorted(out.parent.glob(f".{out.name}.building-*")) + sorted(
        out.parent.glob(f".{out.name}.previous-*")
    )
    if not out.exists():
        previous = [p for p in leftovers if ".previous-" in p.name]
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
    previous = out.parent / f".{out.name}.previous-{os.getpid()}"
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
    """Remove a folder; a store's background threads may still be finishing."""
    import gc

    gc.collect()
    for attempt in range(5):
        shutil.rmtree(path, ignore_errors=True)
        if not path.exists():
            return
        time.sleep(0.1 * (attempt + 1))
