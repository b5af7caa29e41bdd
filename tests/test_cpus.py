"""Where a build's threads run: kg.cpus."""

from __future__ import annotations

import os
import threading
import time

import pytest

from kg.cpus import BACKGROUND_NICE, background, pin_process, store_threads

pytestmark = pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="Linux only")


def _run(in_background: bool, started: threading.Event, stop: threading.Event, ids: dict) -> None:
    if in_background:
        with background():
            ids["background"] = threading.get_native_id()
            started.set()
            stop.wait()
    else:
        ids["plain"] = threading.get_native_id()
        started.set()
        stop.wait()


def test_pinning_leaves_the_background_threads_on_every_core_at_the_lowest_priority():
    every = os.sched_getaffinity(0)
    one = {min(every)}
    stop, ids, threads = threading.Event(), {}, []
    for in_background in (True, False):
        started = threading.Event()
        threads.append(threading.Thread(target=_run, args=(in_background, started, stop, ids)))
        threads[-1].start()
        started.wait()
    before = pin_process(one)
    try:
        assert before == every
        assert os.sched_getaffinity(ids["plain"]) == one
        assert os.sched_getaffinity(0) == one
        assert os.sched_getaffinity(ids["background"]) == every
        assert os.getpriority(os.PRIO_PROCESS, ids["background"]) == BACKGROUND_NICE
        assert os.getpriority(os.PRIO_PROCESS, ids["plain"]) == os.getpriority(os.PRIO_PROCESS, 0)
    finally:
        pin_process(before)
        stop.set()
        for thread in threads:
            thread.join()
    assert os.sched_getaffinity(0) == every


def test_a_thread_is_background_work_only_inside_the_block():
    from kg import cpus

    with background():
        assert threading.get_native_id() in cpus._background
    assert threading.get_native_id() not in cpus._background


def test_store_threads_are_rocksdbs(tmp_path):
    import pyoxigraph

    store = pyoxigraph.Store(str(tmp_path / "store"))  # RocksDB's threads start with a store on disk
    found = store_threads()
    assert found and threading.get_native_id() not in found
    for thread in found:
        with open(f"/proc/self/task/{thread}/comm") as fh:
            assert fh.read().startswith("rocksdb:")
    del store


@pytest.mark.parametrize("in_background", [True, False])
def test_a_loader_marks_its_thread_and_the_stores_as_background_only_when_asked(tmp_path, in_background):
    import io

    import pyoxigraph

    from kg import cpus
    from kg.store import Loader

    store = pyoxigraph.Store(str(tmp_path / "store"))
    loader = Loader(store, io.BytesIO(), background=in_background)
    try:
        waited = time.monotonic() + 30
        while (
            in_background and loader._thread.native_id not in cpus._background and time.monotonic() < waited
        ):
            time.sleep(0.01)
        marked = set(cpus._background)
        assert (loader._thread.native_id in marked) is in_background
        assert (set(store_threads()) <= marked and bool(store_threads())) is in_background
    finally:
        loader.close()
    assert loader._thread.native_id not in cpus._background
