"""``kg view``: write one interactive page of the graph."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import OutOption, fail, open_out


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

    from ..outdir import FOCUS_PAGE
    from ..views import VIEWS, ViewError

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
        fail("choose one of --events, --sources, --query, --map, --timeline")
    kind = chosen[0] if chosen else "graph"
    if kind in ("map", "timeline") and (focus is not None or max_nodes is not None):
        fail(f"--focus and --max-nodes apply to network views, not --{kind}")
    sparql = None
    if query_file is not None:
        try:
            sparql = query_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            fail(f"cannot read {query_file}: {exc}")
    chosen_view = VIEWS[kind]
    default = FOCUS_PAGE if focus is not None and kind == "graph" else chosen_view.file
    target = output or out / default
    options = {}
    if chosen_view.network:
        options = {"query": sparql, "focus_on": focus, "hops": hops, "max_nodes": max_nodes}
    store = open_out(out)
    try:
        chosen_view.write(store, target, title=f"kg {chosen_view.label}", **options)
    except ViewError as exc:
        fail(str(exc))
    except SyntaxError as exc:
        fail(f"invalid SPARQL: {exc}")
    print(target.resolve())


def register(app: typer.Typer) -> None:
    """Add ``view`` to ``app``."""
    app.command()(view)
