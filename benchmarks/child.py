"""Run a command and report its wall time and peak memory as JSON (one process per measurement).

``peak_rss_mb`` is the largest resident size of any one process of the run (``ru_maxrss``);
``peak_tree_rss_mb`` is the largest sum, sampled every 250 ms, of the resident sizes of the
command and every process it started (a build's model worker and page worker run beside it):
what the machine must hold at once.
"""

import json
import os
import resource
import subprocess
import sys
import time


def _children() -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            found.setdefault(ppid, []).append(int(name))
    return found


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_mb(root: int) -> float:
    """The resident memory of ``root`` and all its descendants, in MB."""
    children, total, todo = _children(), 0, [root]
    while todo:
        pid = todo.pop()
        total += _rss_kb(pid)
        todo += children.get(pid, [])
    return total / 1024


if __name__ == "__main__":
    start = time.perf_counter()
    process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
    tree_peak = 0.0
    while process.poll() is None:
        tree_peak = max(tree_peak, tree_rss_mb(process.pid))
        time.sleep(0.25)
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(
        json.dumps(
            {
                "returncode": process.returncode,
                "seconds": seconds,
                "peak_rss_mb": peak_kb / 1024,
                "peak_tree_rss_mb": tree_peak,
            }
        )
    )
