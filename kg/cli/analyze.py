"""``kg analyze``: network analysis of the graph (the library is :mod:`kg.network`)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from .. import iris
from .common import OutOption, open_out


class Projection(str, Enum):
    """The projections, as a command-line choice."""

    co_mention = "co-mention"
    actor_event_place = "actor-event-place"
    source_entity = "source-entity"


def analyze_command(
    out: OutOption = Path("out"),
    projection: Annotated[
        Projection, typer.Option("--projection", help="Which network to read from the graph.")
    ] = Projection.co_mention,
    graphml: Annotated[
        Path | None, typer.Option("--graphml", help="Write the projection as GraphML.")
    ] = None,
    gexf: Annotated[Path | None, typer.Option("--gexf", help="Write the projection as GEXF.")] = None,
    top: Annotated[int, typer.Option("--top", help="Print the top N nodes by PageRank.")] = 10,
    no_write: Annotated[
        bool, typer.Option("--no-write", help="Do not write the results into the store's analysis graph.")
    ] = False,
) -> None:
    """Network analysis: centralities, communities, key actors and bridges of a projection."""
    from ..network import analyze, format_analysis, project, write_analysis, write_gexf, write_graphml

    store = open_out(out, read_only=no_write)
    graph = project(store, projection.value)
    result = analyze(graph, projection.value)
    typer.echo(format_analysis(graph, result, top))
    if graphml is not None:
        typer.echo(f"GraphML: {write_graphml(graph, graphml, result).resolve()}")
    if gexf is not None:
        typer.echo(f"GEXF: {write_gexf(graph, gexf, result).resolve()}")
    if not no_write:
        n = write_analysis(store, result, graph)
        typer.echo(f"analysis graph: {n} quads in <{iris.analysis_graph_iri()}>")


def register(app: typer.Typer) -> None:
    """Add ``analyze`` to ``app``."""
    app.command("analyze")(analyze_command)
