"""The commands over one graph: ``kg build``, ``query``, ``validate``, ``export``, ``stats``,
``sources`` and ``version``."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import pyoxigraph as ox
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .. import __version__
from ..store import serialize
from ..vocab import PREFIXES
from .common import EXIT_NONCONFORMANT, ModelOption, OutOption, Teardown, err, fail, open_out


class QueryFormat(str, Enum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    xml = "xml"


class ExportFormat(str, Enum):
    trig = "trig"
    nq = "nq"
    ttl = "ttl"
    jsonld = "jsonld"


def build(
    paths: Annotated[
        list[Path], typer.Argument(help="Article files or folders (.txt, .json, .jsonl, .html).")
    ],
    out: OutOption = Path("out"),
    model: ModelOption = None,
    fresh: Annotated[bool, typer.Option("--fresh", help="Start OUT over instead of adding to it.")] = False,
    overrides: Annotated[
        Path | None,
        typer.Option(
            "--overrides",
            help="File of same/different decisions that win over the merge rules "
            "(kept in OUT/overrides.tsv for later builds).",
        ),
    ] = None,
    engine: Annotated[
        str, typer.Option("--engine", help="serial, or dask (a Dask distributed cluster).")
    ] = "serial",
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler", help="Dask scheduler address (tcp://HOST:PORT); default: a local cluster."
        ),
    ] = None,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Worker processes of the local Dask cluster.")
    ] = 2,
    wait: Annotated[
        float,
        typer.Option(
            "--wait",
            min=0,
            help="Seconds to wait for another build writing OUT to finish (default: refuse at once).",
        ),
    ] = 0.0,
    max_chars: Annotated[
        int | None,
        typer.Option(
            "--max-chars",
            min=1,
            help="Longest article text read, in characters (default: the "
            "model's limit, 1,000,000); longer ones are skipped.",
        ),
    ] = None,
) -> None:
    """Add the articles of PATHS to the graph in OUT (graph.trig, store/, graph.html, report.json).

    Articles already in OUT are not processed again; new ones are merged into the
    existing nodes. --fresh builds OUT from PATHS alone.
    """
    from ..errors import ModelNotFound
    from ..parse import ModelWorker, discard_early

    # the model loads in its own process while this one imports the rest of kg and reads PATHS
    # (started by `kg` before it imported this module: kg/__main__.py)
    worker = ModelWorker(model, max_length=max_chars) if engine == "serial" else None
    if worker is None:
        discard_early()
    # only what the build needs before it feeds the model: it imports the rest meanwhile
    from ..build import NoUsableInput, UnknownEngine
    from ..build import build as run_build
    from ..outdir import GRAPH_PAGE, REPORT_FILE, OutputLocked
    from ..overrides import OverridesError

    def on_skip(skip) -> None:
        err.print(f"kg: skipped {skip.source}: {skip.reason}", highlight=False, markup=False)

    progress = Progress(
        TextColumn("extracting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )
    task = progress.add_task("extract", total=None)
    try:
        with progress:
            result = run_build(
                paths,
                out,
                wait=wait,
                model=model,
                fresh=fresh,
                overrides=overrides,
                max_chars=max_chars,
                engine=engine,
                scheduler=scheduler,
                workers=workers,
                model_worker=worker,
                on_skip=on_skip,
                progress=lambda done, total: progress.update(task, completed=done, total=total),
            )
    except NoUsableInput as exc:
        fail(str(exc))
    except (ModelNotFound, OverridesError, UnknownEngine, OutputLocked) as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot write {out}: {exc}")
    if not result.changed and not result.quads:
        print(
            f"nothing new: all {len(result.unchanged)} readable article(s) are already in {out}; "
            "it is unchanged"
        )
        return
    from ..stats import format_stats, stats

    if result.kept:
        print(f"added {len(result.articles)} article(s) to the {result.kept} already in {out}")
    print(format_stats(result.stats if result.stats is not None else stats(open_out(out))))
    if result.skipped:
        print(f"skipped: {len(result.skipped)} (see {out / REPORT_FILE})")
    print(f"view: {(out / GRAPH_PAGE).resolve()}")
    Teardown.skip = True  # the store is closed, the workers stopped, out/ in place


def query(
    sparql: Annotated[str, typer.Argument(help="A SPARQL query, or a .rq file holding one.")],
    out: OutOption = Path("out"),
    fmt: Annotated[QueryFormat, typer.Option("--format", help="Output format.")] = QueryFormat.table,
) -> None:
    """Run SPARQL over the graph; the union of all named graphs is the default graph."""
    from ..store import query as run_query

    if sparql.endswith(".rq"):
        path = Path(sparql)
        if not path.is_file():
            fail(f"no such query file: {path}")
        sparql = path.read_text(encoding="utf-8")
    store = open_out(out)
    try:
        results = run_query(store, sparql)
    except SyntaxError as exc:
        fail(f"invalid SPARQL: {exc}")
    if isinstance(results, ox.QueryBoolean):
        print("true" if bool(results) else "false")
    elif isinstance(results, ox.QueryTriples):
        sys.stdout.buffer.write(serialize(results, ox.RdfFormat.N_TRIPLES))
    elif fmt is QueryFormat.table:
        _print_table(results)
    else:
        sys.stdout.buffer.write(results.serialize(format=getattr(ox.QueryResultsFormat, fmt.name.upper())))


def _print_table(results: ox.QuerySolutions) -> None:
    variables = [v.value for v in results.variables]
    table = Table(*variables, show_lines=False)
    rows = 0
    for solution in results:
        table.add_row(*[_cell(solution[v]) for v in variables])
        rows += 1
    Console(markup=False, width=None if sys.stdout.isatty() else 200).print(table)
    print(f"{rows} row{'s' if rows != 1 else ''}")


def _cell(term) -> str:
    """A readable cell: IRIs as prefixed names where a kg prefix fits, literals as text."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if term.value.startswith(namespace) and len(term.value) > len(namespace):
                return f"{prefix}:{term.value[len(namespace) :]}"
        return term.value
    return term.value if isinstance(term, ox.Literal) else str(term)


def validate(out: OutOption = Path("out")) -> None:
    """Check the graph against ontology/shapes.ttl (exit 1 if it does not conform)."""
    from ..validate import validate as run_validate

    report = run_validate(open_out(out))
    if report.conforms:
        print("conforms: the graph satisfies ontology/shapes.ttl")
        return
    print(report.results_text)
    for problem in report.graph_problems:
        print(problem)
    print(
        f"does not conform: {report.violations} shape violation(s), "
        f"{len(report.graph_problems)} named-graph problem(s)"
    )
    raise typer.Exit(EXIT_NONCONFORMANT)


def export(
    out: OutOption = Path("out"),
    fmt: Annotated[ExportFormat, typer.Option("--format", help="Serialisation.")] = ExportFormat.trig,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File to write (default: stdout).")
    ] = None,
) -> None:
    """Serialise the whole dataset (N-Quads come sorted)."""
    from ..store import export as run_export

    data = run_export(open_out(out), fmt.value)
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        output.write_bytes(data)


def stats(out: OutOption = Path("out")) -> None:
    """Counts: articles, entities by type, events, quotations, quads."""
    from ..stats import format_stats
    from ..stats import stats as run_stats

    print(format_stats(run_stats(open_out(out))))


def sources_command(
    node: Annotated[
        str,
        typer.Argument(
            help="An IRI, or a name: a label or other name, a surname, an acronym, a close spelling."
        ),
    ],
    out: OutOption = Path("out"),
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
) -> None:
    """Which articles and outlets report a node, with the sentences, and why it was merged."""
    import dataclasses
    import json

    from ..lookup import lookup
    from ..sources import sources

    store = open_out(out)
    found = lookup(store, node)
    if not found:
        near = f"; nearest names: {', '.join(found.suggestions)}" if found.suggestions else ""
        fail(f"no node is named or identified by {node!r} in {out}{near}")
    if as_json:
        results = [sources(store, iri, out) for iri in found.iris]
        print(
            json.dumps(
                [
                    dataclasses.asdict(r) | {"articles": r.articles, "outlets": r.outlets, "matched": m.how}
                    for r, m in zip(results, found.matches)
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    if len(found.matches) > 1:
        print(f"{len(found.matches)} nodes match {node!r} ({found.how}):")
        for m in found.matches:
            print(f"  {m.label}  ({m.kind}, {m.sources} source(s))  <{m.iri}>")
        print("The first one (give its full name or IRI to see another):\n")
    results = [sources(store, found.iris[0], out)]
    for r in results:
        kinds = ", ".join(t.rsplit("/", 1)[-1].rsplit("#", 1)[-1] for t in r.types)
        print(f"{r.label or r.node}  <{r.node}>  ({kinds})")
        print(f"  reported by {r.articles} article(s) from {r.outlets} outlet(s)")
        for rep in r.reports:
            where = ", ".join(x for x in (rep.outlet, rep.date, rep.url) if x)
            print(f"  - {rep.headline}  [{rep.source_file}{'; ' + where if where else ''}]")
            for sentence in rep.sentences[:3]:
                print(f"      “{' '.join(sentence.split())}”")
        for merge in r.merges:
            score = f" (score {merge['score']})" if "score" in merge else ""
            print(f"  merged: {merge['a']!r} + {merge['b']!r}: {merge['rule']}{score}")


def version() -> None:
    """Print kg's version."""
    print(f"kg {__version__}")


def register(app: typer.Typer) -> None:
    """Add these commands to ``app``."""
    app.command()(build)
    app.command()(query)
    app.command()(validate)
    app.command()(export)
    app.command()(stats)
    app.command("sources")(sources_command)
    app.command()(version)
