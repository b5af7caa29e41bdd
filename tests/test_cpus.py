"""Where a build's threads run: kg.cpus."""

from __future__ import annotations

import os
import threading

import pytest

from kg.cpus import BACKGROUND_NICE, background, pin_process

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
