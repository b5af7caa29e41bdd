"""The ``kg`` command: a thin shell over the library.

Exit codes: 0 ok, 1 the graph does not conform to the shapes (kg validate) or the
triple counts on the store differ after loading (kg load), 2 bad usage or no usable input.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import pyoxigraph as ox
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__
from .vocab import PREFIXES

EXIT_OK, EXIT_NONCONFORMANT, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="News articles in, one provenance-rich RDF knowledge graph out.",
)
err = Console(stderr=True)
OutOption = Annotated[Path, typer.Option("--out", help="The output directory of `kg build`.")]


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


def _fail(message: str, code: int = EXIT_USAGE) -> None:
    """Say what went wrong on stderr, on one line (never wrapped, never read as markup)."""
    err.print(f"[bold red]kg:[/] {escape(message)}", highlight=False, markup=True, soft_wrap=True)
    raise typer.Exit(code)


def _store(out: Path) -> ox.Store:
    from .store import StoreNotFound, open_store

    try:
        return open_store(out)
    except StoreNotFound as exc:
        _fail(str(exc))


@app.command()
def build(
    paths: Annotated[
        list[Path], typer.Argument(help="Article files or folders (.txt, .json, .jsonl, .html).")
    ],
    out: OutOption = Path("out"),
    model: Annotated[
        str | None,
        typer.Option("--model", envvar="KG_MODEL", help="spaCy model to use (default: best installed)."),
    ] = None,
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
    from .build import NoUsableInput, UnknownEngine
    from .build import build as run_build
    from .merge import OverridesError
    from .nlp import ModelNotFound
    from .outdir import OutputLocked
    from .stats import format_stats, stats
    from .store import HTML_FILE, open_store

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
                on_skip=on_skip,
                progress=lambda done, total: progress.update(task, completed=done, total=total),
            )
    except NoUsableInput as exc:
        _fail(str(exc))
    except (ModelNotFound, OverridesError, UnknownEngine, OutputLocked) as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"cannot write {out}: {exc}")
    if not result.changed and not result.quads:
        print(
            f"nothing new: all {len(result.unchanged)} readable article(s) are already in {out}; "
            "it is unchanged"
        )
        return
    if result.kept:
        print(f"added {len(result.articles)} article(s) to the {result.kept} already in {out}")
    print(format_stats(stats(open_store(out))))
    if result.skipped:
        print(f"skipped: {len(result.skipped)} (see {out / 'report.json'})")
    print(f"view: {(out / HTML_FILE).resolve()}")


@app.command()
def query(
    sparql: Annotated[str, typer.Argument(help="A SPARQL query, or a .rq file holding one.")],
    out: OutOption = Path("out"),
    fmt: Annotated[QueryFormat, typer.Option("--format", help="Output format.")] = QueryFormat.table,
) -> None:
    """Run SPARQL over the graph; the union of all named graphs is the default graph."""
    from .store import query as run_query

    if sparql.endswith(".rq"):
        path = Path(sparql)
        if not path.is_file():
            _fail(f"no such query file: {path}")
        sparql = path.read_text(encoding="utf-8")
    store = _store(out)
    try:
        results = run_query(store, sparql)
    except SyntaxError as exc:
        _fail(f"invalid SPARQL: {exc}")
    if isinstance(results, ox.QueryBoolean):
        print("true" if bool(results) else "false")
    elif isinstance(results, ox.QueryTriples):
        sys.stdout.buffer.write(results.serialize(format=ox.RdfFormat.N_TRIPLES))
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


@app.command()
def view(
    out: OutOption = Path("out"),
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="Where to write the HTML (default: OUT/graph.html, OUT/events.html, …)."
        ),
    ] = None,
    events: Annotated[
        bool, typer.Option("--events", help="Events linked to their actors, places and times.")
    ] = False,
    sources: Annotated[
        bool, typer.Option("--sources", help="Articles and outlets, and what each reports.")
    ] = False,
    query_file: Annotated[
        Path | None,
        typer.Option("--query", help="Draw the triples of a SPARQL CONSTRUCT in FILE.rq.", metavar="FILE.rq"),
    ] = None,
    map_view: Annotated[
        bool, typer.Option("--map", help="Places with coordinates and their events (offline map).")
    ] = False,
    timeline: Annotated[bool, typer.Option("--timeline", help="Events by date, with their sources.")] = False,
    focus: Annotated[
        str | None,
        typer.Option(
            "--focus", help="Only the neighbourhood of this node (a label or an IRI).", metavar="LABEL|IRI"
        ),
    ] = None,
    hops: Annotated[int, typer.Option("--hops", min=0, help="How far --focus reaches (edges).")] = 1,
    max_nodes: Annotated[
        int | None,
        typer.Option(
            "--max-nodes", min=1, help="Keep the N most important nodes (by sources, mentions, links)."
        ),
    ] = None,
) -> None:
    """Write an interactive view (self-contained HTML): the network by default, or --events,
    --sources, --query FILE.rq, --map or --timeline."""

    from .view import VIEW_FILES, ViewError, write_view
    from .views.map import write_map
    from .views.timeline import write_timeline

    chosen = [
        name
        for name, on in (
            ("events", events),
            ("sources", sources),
            ("query", query_file is not None),
            ("map", map_view),
            ("timeline", timeline),
        )
        if on
    ]
    if len(chosen) > 1:
        _fail("choose one of --events, --sources, --query, --map, --timeline")
    kind = chosen[0] if chosen else "graph"
    if kind in ("map", "timeline") and (focus is not None or max_nodes is not None):
        _fail(f"--focus and --max-nodes apply to network views, not --{kind}")
    sparql = None
    if query_file is not None:
        try:
            sparql = query_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            _fail(f"cannot read {query_file}: {exc}")
    default = VIEW_FILES["focus"] if focus is not None and kind == "graph" else VIEW_FILES[kind]
    target = output or out / default
    store = _store(out)
    try:
        if kind == "map":
            write_map(store, target)
        elif kind == "timeline":
            write_timeline(store, target)
        else:
            write_view(
                store,
                target,
                title=f"kg {kind if kind != 'graph' else 'network'}",
                view=kind,
                query=sparql,
                focus_on=focus,
                hops=hops,
                max_nodes=max_nodes,
            )
    except ViewError as exc:
        _fail(str(exc))
    except SyntaxError as exc:
        _fail(f"invalid SPARQL: {exc}")
    print(target.resolve())


@app.command()
def validate(out: OutOption = Path("out")) -> None:
    """Check the graph against ontology/shapes.ttl (exit 1 if it does not conform)."""
    from .validate import validate as run_validate

    report = run_validate(_store(out))
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


@app.command()
def export(
    out: OutOption = Path("out"),
    fmt: Annotated[ExportFormat, typer.Option("--format", help="Serialisation.")] = ExportFormat.trig,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File to write (default: stdout).")
    ] = None,
) -> None:
    """Serialise the whole dataset (N-Quads come sorted)."""
    from .store import export as run_export

    data = run_export(_store(out), fmt.value)
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        output.write_bytes(data)


@app.command()
def stats(out: OutOption = Path("out")) -> None:
    """Counts: articles, entities by type, events, quotations, quads."""
    from .stats import format_stats
    from .stats import stats as run_stats

    print(format_stats(run_stats(_store(out))))


@app.command(name="sources")
def sources_command(
    node: Annotated[str, typer.Argument(help="An IRI, or a name (label or alternative label).")],
    out: OutOption = Path("out"),
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
) -> None:
    """Which articles and outlets report a node, with the sentences, and why it was merged."""
    import dataclasses
    import json

    from .sources import find_nodes, sources

    store = _store(out)
    found = find_nodes(store, node)
    if not found:
        _fail(
            f"no node is named or identified by {node!r} in {out}; "
            'try `kg query "SELECT ?n ?l WHERE { ?n rdfs:label ?l }"` to list names'
        )
    results = [sources(store, iri, out) for iri in found]
    if as_json:
        print(
            json.dumps(
                [dataclasses.asdict(r) | {"articles": r.articles, "outlets": r.outlets} for r in results],
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    for r in results:
        kinds = ", ".join(t.rsplit("/", 1)[-1].rsplit("#", 1)[-1] for t in r.types)
        print(f"{r.label or r.node}  <{r.node}>  ({kinds})")
        print(f"  reported by {r.articles} article(s) from {r.outlets} outlet(s)")
        for rep in r.reports:
            where = ", ".join(x for x in (rep.outlet, rep.date, rep.url) if x)
            print(f"  - {rep.headline}  [{rep.source_file}{'; ' + where if where else ''}]")
            for sentence in rep.sentences[:3]:
                print(f"      “{' '.join(sentence.split())}”")
        for m in r.merges:
            score = f" (score {m['score']})" if "score" in m else ""
            print(f"  merged: {m['a']!r} + {m['b']!r}: {m['rule']}{score}")


@app.command()
def version() -> None:
    """Print kg's version."""
    print(f"kg {__version__}")


def _mount_commands() -> None:
    """Commands that live beside the library code they run."""
    from .eval.cli import eval_app
    from .load import register as register_load
    from .network import register as register_analyze
    from .serve import register as register_serve

    app.add_typer(eval_app, name="eval")
    register_analyze(app)
    register_load(app)
    register_serve(app)


_mount_commands()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
