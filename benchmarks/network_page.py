"""How readable a network page is at its first view, in headless Chromium (a figure, not a test).

``python -m benchmarks.network_page PAGE.html... [--width 1400 --height 1000] [--screenshot DIR]``

Each page is opened from disk (tests/browser.py: Debian's chromium and chromedriver, offline)
and measured on the page's own vis ``network`` object once it has drawn (and, with physics,
stabilised): the share of drawn nodes without a drawn edge, the labels drawn at >= 9 px and
at >= 12 px on screen, the share of the former that overlap another, the time to draw
(milliseconds from navigation start to the later of the first drawing and ``data-kg-ready``),
and the page's size in bytes per node (drawn or listed).  Prints one JSON line per page.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measure(pages: list[Path], *, width: int = 1400, height: int = 1000, screenshots: Path | None = None):
    sys.path.insert(0, str(ROOT / "tests"))
    from browser import Chromium, missing

    reason = missing()
    if reason:
        raise SystemExit(f"cannot run the browser measurement: {reason}")
    results = []
    with Chromium(width=width, height=height) as browser:
        for page in pages:
            browser.driver.get("about:blank")
            browser.open(page, timeout=120)
            browser.wait_stable(settle=10.0, timeout=120)
            browser.wait_for("window.__kgDraw && window.__kgDraw.firstDraw !== null", timeout=60)
            report = browser.network_report(9.0)
            big = browser.network_report(12.0)
            listed = browser.js("return window.kgView && kgView.loose ? kgView.loose().length : 0;") or 0
            size = page.stat().st_size
            shown = report.pop("shown")
            big.pop("shown")
            result = {
                "page": str(page),
                **{k: (round(v, 4) if isinstance(v, float) else v) for k, v in report.items()},
                "labels12": big["labels"],
                "listed": listed,
                "bytes": size,
                "bytes_per_node": round(size / max(1, report["nodes"] + listed)),
                "sample": [s["text"] for s in shown[:12]],
            }
            if screenshots is not None:
                browser.pointer(0, 0)
                browser.screenshot(screenshots / (page.parent.name + "-" + page.stem + ".png"))
            results.append(result)
            print(json.dumps(result, ensure_ascii=False), flush=True)
    return results


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="+", type=Path)
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=1000)
    parser.add_argument("--screenshot", type=Path, help="write a screenshot of each page here")
    args = parser.parse_args(argv)
    return measure(args.pages, width=args.width, height=args.height, screenshots=args.screenshot)


if __name__ == "__main__":
    main()
