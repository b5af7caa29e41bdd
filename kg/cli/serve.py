"""``kg serve``: the views and a read-only SPARQL endpoint (the library is :mod:`kg.serve`)."""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path
from typing import Annotated

import typer

from ..serve import (
    DEFAULT_HOST,
    DEFAULT_LIMIT,
    DEFAULT_PORT,
    DEFAULT_TIMEOUT,
    TRUNCATED_HEADER,
    ServeError,
    start_server,
)
from ..store import StoreNotFound
from .common import OutOption, err, fail


def serve(
    out: OutOption = Path("out"),
    port: Annotated[int, typer.Option("--port", help="Port to listen on (0: any free port).")] = DEFAULT_PORT,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            help="Address to listen on. Anything but loopback exposes the graph "
            "(and SPARQL SERVICE calls made from this machine) to the network.",
        ),
    ] = DEFAULT_HOST,
    timeout: Annotated[
        float,
        typer.Option("--timeout", help="Seconds a query may run; longer ones get 504 (0: no limit)."),
    ] = DEFAULT_TIMEOUT,
    limit: Annotated[
        int,
        typer.Option(
            "--limit",
            help="Most rows (or triples) in an answer; more are cut off and the "
            f"response says {TRUNCATED_HEADER}: true (0: no limit).",
        ),
    ] = DEFAULT_LIMIT,
    quiet: Annotated[bool, typer.Option("--quiet", help="Do not log requests.")] = False,
) -> None:
    """Serve OUT's HTML views and a read-only SPARQL endpoint at http://HOST:PORT/sparql.

    SPARQL 1.1 Protocol: GET or POST (form or application/sparql-query); results as
    JSON, XML, CSV or TSV by Accept header or format=. The default graph is the union
    of the articles' graphs, and kg's prefixes are predeclared. Updates are refused.
    Stop with Ctrl-C.
    """
    if timeout < 0 or limit < 0:
        fail("--timeout and --limit must be ≥ 0 (0 turns them off)")
    try:
        server = start_server(out, port, host, timeout, limit, log=None if quiet else sys.stderr)
    except (StoreNotFound, ServeError) as exc:
        fail(str(exc))
    stop = threading.Event()
    previous = {}
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            sig = getattr(signal, name)
            previous[sig] = signal.signal(sig, lambda *_: stop.set())
    try:
        views = ", ".join(server.url + v for v in server.views()) or "none"
        print(
            f"kg serve: {server.out}\n  views:  {views}\n  SPARQL: {server.sparql_url} "
            f"(read-only; timeout {f'{timeout:g} s' if timeout else 'none'}, "
            f"limit {f'{limit:,} rows' if limit else 'none'})\n  Ctrl-C to stop",
            flush=True,
        )
        if host not in ("127.0.0.1", "::1", "localhost"):
            err.print(
                f"kg serve: listening on {host}: the graph is reachable from the network",
                highlight=False,
                markup=False,
            )
        while not stop.wait(0.5):
            pass
    finally:
        server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print("kg serve: stopped", flush=True)


def register(app: typer.Typer) -> None:
    """Add ``serve`` to ``app``."""
    app.command()(serve)
