"""Soak: a stream of 10,000 articles, 10% of them bad, fed to kg build in batches.

Checks that nothing good was lost (every good article is in the graph: a count check) and
records peak memory per batch. ``python -m benchmarks.soak [--articles N] [--batches B]``.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from .corpora import ROOT, reuters, write_jsonl

PY = sys.executable
KG = str(Path(PY).parent / "kg")
GERMAN = (
    "Die russischen Truppen haben sich am Sonntag aus der Umgebung von Charkiw "
    "zurückgezogen, teilten ukrainische Beamte mit. Die Stadt wurde wochenlang beschossen."
)


def bad_inputs(folder: Path, n: int, good: list[dict], rng: random.Random) -> int:
    """n bad inputs of every kind kg must skip; returns n."""
    kinds = ["empty", "binary", "zip", "malformed", "notext", "german", "duplicate"]
    for i in range(n):
        kind = kinds[i % len(kinds)]
        path = folder / f"bad-{i:05d}-{kind}"
        if kind == "empty":
            path.with_suffix(".txt").write_text("  \n")
        elif kind == "binary":
            path.with_suffix(".txt").write_bytes(b"\x89PNG\r\n\x1a\n\0" + rng.randbytes(300))
        elif kind == "zip":
            with zipfile.ZipFile(path.with_suffix(".txt"), "w") as z:
                z.writestr("x", "y" * 100)
        elif kind == "malformed":
            path.with_suffix(".jsonl").write_text("{not json\n")
        elif kind == "notext":
            path.with_suffix(".json").write_text(json.dumps({"title": "no text"}))
        elif kind == "german":
            path.with_suffix(".txt").write_text(f"Bericht {i}\n\n{GERMAN} Nummer {i}.")
        else:
            record = rng.choice(good)
            path.with_suffix(".json").write_text(json.dumps(record))
    return n


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.soak")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--batches", type=int, default=10)
    parser.add_argument("--work", type=Path)
    args = parser.parse_args(argv)
    rng = random.Random(7)
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-soak-"))
    n_bad = args.articles // 10
    good = list(reuters(args.articles - n_bad))
    out = work / "out"
    rows, expected = [], 0
    per_batch = len(good) // args.batches
    for b in range(args.batches):
        folder = work / f"batch-{b:02d}"
        folder.mkdir(parents=True)
        batch = good[b * per_batch : (b + 1) * per_batch] if b < args.batches - 1 else good[b * per_batch :]
        write_jsonl(batch, folder / "good.jsonl")
        bad_inputs(folder, n_bad // args.batches, good[: (b + 1) * per_batch], rng)
        run = subprocess.run(
            [PY, "-m", "benchmarks.child", KG, "build", str(folder), "--out", str(out)],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        measured = json.loads(run.stdout.strip().splitlines()[-1])
        report = json.loads((out / "report.json").read_text())
        expected += report["counts"]["added"]
        rows.append(
            {
                "batch": b,
                "good_given": len(batch),
                "added": report["counts"]["added"],
                "skipped": report["counts"]["skipped"],
                "articles": report["counts"]["articles"],
                "seconds": round(measured["seconds"], 1),
                "peak_rss_mb": round(measured["peak_rss_mb"]),
            }
        )
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    from kg.store import open_store, query

    store = open_store(out)
    in_graph = int(
        next(iter(query(store, "SELECT (COUNT(?a) AS ?n) WHERE { ?a a schema:NewsArticle }")))["n"].value
    )
    from kg.readers import near_duplicate_key

    # Reuters repeats some stories word for word: kg keeps one of each, by design
    distinct_good = len({near_duplicate_key(f"{r['title']}\n\n{r['text']}") for r in good})
    result = {
        "articles_given": args.articles,
        "bad_given": n_bad,
        "good_given": len(good),
        "distinct_good": distinct_good,
        "in_graph": in_graph,
        "batches": rows,
        "nothing_good_lost": in_graph == distinct_good,
    }
    print(json.dumps(result, indent=1))
    (ROOT / "benchmarks" / "soak-results.json").write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
