"""``kg load``: push the named graphs into a SPARQL 1.1 store (the library is :mod:`kg.load`)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..load import LoadError, load
from ..store import StoreNotFound
from .common import EXIT_MISMATCH, OutOption, err, fail


class Format(str, Enum):
    nt = "nt"
    ttl = "ttl"


def load_command(
    out: OutOption = Path("out"),
    endpoint: Annotated[
        str | None,
        typer.Option(
            "--endpoint",
            help="Graph Store Protocol URL, e.g. http://localhost:7878/store (Oxigraph), "
            "http://localhost:8890/sparql-graph-crud-auth (Virtuoso).",
        ),
    ] = None,
    update: Annotated[
        str | None,
        typer.Option(
            "--update", help="Use SPARQL 1.1 Update at this URL instead (DROP + INSERT DATA per graph)."
        ),
    ] = None,
    query_endpoint: Annotated[
        str | None,
        typer.Option(
            "--query-endpoint",
            help="SPARQL query URL for the count check (default: guessed, "
            "e.g. …/query for Oxigraph, …/sparql for Virtuoso).",
        ),
    ] = None,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Triples per request.")] = 10_000,
    retries: Annotated[
        int,
        typer.Option(
            "--retries",
            min=0,
            help="Retries per request on connection errors, timeouts, 408, 429 and 5xx.",
        ),
    ] = 5,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.001, help="Seconds to wait for an answer.")
    ] = 60.0,
    fmt: Annotated[Format, typer.Option("--format", help="Body of Graph Store requests.")] = Format.nt,
    no_check: Annotated[
        bool,
        typer.Option("--no-check", help="Do not count the triples on the store; trust the state file."),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Send every graph, even those the state file says are there.")
    ] = False,
    prune: Annotated[
        bool, typer.Option("--prune", help="Drop graphs an earlier load sent that are no longer in OUT.")
    ] = False,
) -> None:
    """Push the named graphs into a SPARQL 1.1 store (Graph Store Protocol, or SPARQL Update).

    Credentials: KG_LOAD_USER and KG_LOAD_PASSWORD (KG_LOAD_AUTH=auto|basic|digest),
    or ~/.netrc (NETRC names another file); never on the command line.
    Exit 0 ok, 1 the triple counts on the store differ, 2 bad usage, store
    unreachable or credentials refused.
    """
    bar = Progress(
        TextColumn("loading {task.fields[graphs]}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("triples"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )
    task = bar.add_task("load", total=None, graphs="")

    def on_progress(done: int, graphs: int, triples_done: int, triples: int) -> None:
        bar.update(task, completed=triples_done, total=triples, graphs=f"{done}/{graphs} graphs")

    def on_message(message: str) -> None:
        bar.console.print(f"kg: {message}", highlight=False, markup=False, soft_wrap=True)

    try:
        with bar:
            result = load(
                out,
                endpoint,
                update=update,
                query_endpoint=query_endpoint,
                batch_size=batch_size,
                retries=retries,
                timeout=timeout,
                fmt=fmt.value,
                check=not no_check,
                force=force,
                prune=prune,
                progress=on_progress,
                on_message=on_message,
            )
    except StoreNotFound as exc:
        fail(str(exc))
    except LoadError as exc:
        fail(str(exc))
    loaded, skipped = result.loaded, result.skipped
    print(
        f"loaded {len(loaded)} graph(s), {sum(g.triples for g in loaded):,} triples, into "
        f"{result.target} ({'SPARQL Update' if result.mode == 'update' else 'Graph Store Protocol'}); "
        f"{len(skipped)} unchanged graph(s) skipped; {result.requests} request(s), "
        f"{result.retries} retried, {result.seconds:.1f} s"
    )
    if result.pruned:
        print(f"dropped {len(result.pruned)} graph(s) no longer in {out}")
    elif result.stale:
        print(
            f"{len(result.stale)} graph(s) loaded earlier are no longer in {out}; "
            "--prune drops them from the store"
        )
    if result.query_endpoint is None:
        print("triple counts not checked (--no-check)")
    elif result.ok:
        print(
            f"checked: the {len(result.graphs)} graph(s) hold {result.triples:,} triples "
            f"on {result.query_endpoint}, as in {out}"
        )
    else:
        for m in result.mismatches:
            err.print(
                f"kg: graph <{m.graph}>: {m.expected} triples in {out}, {m.found} on the store",
                highlight=False,
                markup=False,
                soft_wrap=True,
            )
        err.print(
            f"kg: {len(result.mismatches)} graph(s) differ on {result.query_endpoint}",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
        raise typer.Exit(EXIT_MISMATCH)


def register(app: typer.Typer) -> None:
    """Add ``load`` to ``app``."""
    app.command("load")(load_command)
