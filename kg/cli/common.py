"""What every ``kg`` command shares: the one error helper and the shared options.

Exit codes: 0 ok, 1 the graph does not conform to the shapes (kg validate) or the
triple counts on the store differ after loading (kg load), 2 bad usage, no usable
input, or anything else that stops a command (:func:`fail`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NoReturn

import pyoxigraph as ox
import typer
from rich.console import Console
from rich.markup import escape

EXIT_OK, EXIT_MISMATCH, EXIT_USAGE = 0, 1, 2
EXIT_NONCONFORMANT = EXIT_MISMATCH

err = Console(stderr=True)


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Say what went wrong on stderr as ``kg: MESSAGE``, on one line (never wrapped, never
    read as markup), and end the command with exit code ``code``."""
    err.print(f"[bold red]kg:[/] {escape(message)}", highlight=False, markup=True, soft_wrap=True)
    raise typer.Exit(code)


class Teardown:
    """Whether the ``kg`` process may end without tearing the interpreter down (see
    :func:`kg.cli.main`): a command that leaves nothing open sets ``skip`` when it is done."""

    skip = False


def say(message: str) -> None:
    """A plain line on stderr (progress notes, skipped inputs), never read as markup."""
    err.print(message, highlight=False, markup=False, soft_wrap=True)


# -- the options several commands take, declared once -------------------------------

OutOption = Annotated[Path, typer.Option("--out", help="The output directory of `kg build`.")]
ModelOption = Annotated[
    str | None,
    typer.Option("--model", envvar="KG_MODEL", help="spaCy model to use (default: best installed)."),
]
JsonOption = Annotated[Path | None, typer.Option("--json", help="Write all figures as JSON to this file.")]


def open_out(out: Path, *, read_only: bool = True) -> ox.Store:
    """The store of ``out``, or exit 2 saying how to build one."""
    from ..store import StoreNotFound, open_store

    try:
        return open_store(out, read_only=read_only)
    except StoreNotFound as exc:
        fail(str(exc))
    except OSError as exc:
        if read_only:
            raise
        fail(f"cannot open the store in {out} for writing ({exc}); is another kg using it?")
