"""The ``kg`` command: a thin shell over the library; every command's Typer code lives here.

``common`` holds what the commands share (:func:`~kg.cli.common.fail`, the options);
each other module registers its commands on :data:`app`.
"""

from __future__ import annotations

import typer

from . import analyze, eval, graph, load, serve, view

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="News articles in, one provenance-rich RDF knowledge graph out.",
)
for _module in (graph, view, eval, analyze, load, serve):  # the order of `kg --help`
    _module.register(app)


def main() -> None:
    app()


__all__ = ["app", "main"]
