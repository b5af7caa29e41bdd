"""The ``kg`` command: a thin shell over the library; every command's Typer code lives here.

``common`` holds what the commands share (:func:`~kg.cli.common.fail`, the options);
each other module registers its commands on :data:`app`.
"""

from __future__ import annotations

import os
import sys

import typer

from . import analyze, common, eval, graph, load, serve, view

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="News articles in, one provenance-rich RDF knowledge graph out.",
)
for _module in (graph, view, eval, analyze, load, serve):  # the order of `kg --help`
    _module.register(app)


def main() -> None:
    """The ``kg`` command.  A command that leaves nothing open (``kg build``) ends the process at
    once when it is done: tearing the interpreter down (freeing the gazetteer's, the lexicons' and
    the model's vocabulary objects one by one) took 0.3-0.4 s after a 198-article build."""
    try:
        app()
    except SystemExit as exc:
        if not common.Teardown.skip:
            raise
        code = exc.code
    else:
        return
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    os._exit(code if isinstance(code, int) else 0 if code is None else 1)


__all__ = ["app", "main"]
