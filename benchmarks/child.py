"""Run a command and report its wall time and peak RSS as JSON (one process per measurement)."""

import json
import resource
import subprocess
import sys
import time

if __name__ == "__main__":
    start = time.perf_counter()
    code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"returncode": code, "seconds": seconds, "peak_rss_mb": peak_kb / 1024}))
