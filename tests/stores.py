"""Real triple stores for the tests, started on 127.0.0.1 and stopped by their PIDs.

- ``oxigraph``: the Oxigraph server of the ``oxigraph`` package (``oxigraph serve``), a
  fresh empty store per test (it starts in a fraction of a second).
- ``virtuoso``: Virtuoso Open Source 7 (Debian's ``virtuoso-opensource``), one server per
  test session with its own database in a temporary directory and its own minimal ini
  (no other database is touched); it creates a user ``kgloader`` with the
  SPARQL_UPDATE role, and a user ``kgreader`` without it.
- :class:`Proxy`: a small HTTP proxy in front of a store that can ask for Basic
  credentials (Oxigraph has none), fail chosen requests with a status, cut the
  connection mid-upload, hang, or swallow a request.

Import the fixtures into a test module (``from stores import oxigraph, virtuoso``):
tests/conftest.py is not ours to change.  The tests run wherever the stores are
installed and fail, saying how to install them, where they are not; only
``KG_SKIP_STORES=1`` skips them, loudly, and never when ``CI`` is set.
"""

from __future__ import annotations

import base64
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from requests.auth import HTTPDigestAuth

OXIGRAPH_VERSION = "0.5.13"  # the `oxigraph` package, pinned beside pyoxigraph
SKIP_ENV = "KG_SKIP_STORES"
READY_TIMEOUT = 60.0  # seconds a server may take to answer
STOP_TIMEOUT = 15.0  # seconds between SIGTERM and SIGKILL

VIRTUOSO_WRITER = ("kgloader", "Vt-load-7Qx#9w")  # SPARQL_UPDATE
VIRTUOSO_READER = ("kgreader", "Vt-read-3Hk!2p")  # no SPARQL_UPDATE
VIRTUOSO_DBA = ("dba", "dba")  # a fresh database's administrator


# --- skipping, loudly ---------------------------------------------------------------


def _skip_if_asked(request, what: str) -> None:
    if os.environ.get(SKIP_ENV) != "1":
        return
    if os.environ.get("CI"):
        pytest.fail(
            f"{SKIP_ENV}=1 is set in CI (CI={os.environ['CI']!r}): the tests against a real "
            f"{what} must run there; unset {SKIP_ENV}"
        )
    message = (
        f"{SKIP_ENV}=1: the tests against a real {what} are SKIPPED; kg load is NOT tested "
        f"against it (unset {SKIP_ENV} to run them)"
    )
    capture = request.config.pluginmanager.getplugin("capturemanager")
    if capture is not None:
        with capture.global_and_fixture_disabled():
            sys.stderr.write(f"\n*** WARNING: {message} ***\n")
    else:
        sys.stderr.write(f"\n*** WARNING: {message} ***\n")
    warnings.warn(message, stacklevel=2)
    pytest.skip(message)


def oxigraph_binary() -> str:
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        pytest.fail(
            f"the Oxigraph server is not installed: `.venv/bin/pip install oxigraph=={OXIGRAPH_VERSION}` "
            f"(`make test` installs it from requirements-test.lock); or set {SKIP_ENV}=1 to skip "
            "the tests against real stores locally",
            pytrace=False,
        )
    return found


def virtuoso_binary() -> str:
    found = shutil.which("virtuoso-t")
    if not found:
        pytest.fail(
            "Virtuoso Open Source 7 is not installed (no virtuoso-t on PATH): "
            "`sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y "
            f"virtuoso-opensource` (as .ci/run does); or set {SKIP_ENV}=1 to skip the tests "
            "against real stores locally",
            pytrace=False,
        )
    return found


# --- processes ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(process: subprocess.Popen) -> None:
    """SIGTERM the process by its PID, then SIGKILL it if it is still there after a while."""
    if process.poll() is not None:
        return
    os.kill(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_TIMEOUT)


def _wait_ready(process: subprocess.Popen, url: str, log: Path, what: str, auth=None) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode} before it was ready:\n{_tail(log)}")
        try:
            if requests.get(url, params={"query": "ASK {}"}, auth=auth, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    stop(process)
    raise RuntimeError(f"{what} did not answer at {url} within {READY_TIMEOUT:g} s:\n{_tail(log)}")


def _tail(log: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


@dataclass
class Server:
    """A running store: its Graph Store, query and update URLs, and the process."""

    kind: str
    base: str
    gsp: str
    query: str
    update: str
    process: subprocess.Popen = field(repr=False)
    update_auth: object = field(default=None, repr=False)

    @property
    def pid(self) -> int:
        return self.process.pid

    def select(self, sparql: str) -> list[dict]:
        response = requests.post(
            self.query,
            data={"query": sparql},
            timeout=30,
            headers={"Accept": "application/sparql-results+json"},
        )
        response.raise_for_status()
        return response.json()["results"]["bindings"]

    def counts(self, prefix: str = "https://w3id.org/kg-news/") -> dict[str, int]:
        """Triples per named graph whose IRI starts with ``prefix``."""
        rows = self.select(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            f'FILTER(STRSTARTS(STR(?g), "{prefix}")) }} GROUP BY ?g'
        )
        return {r["g"]["value"]: int(r["n"]["value"]) for r in rows}

    def triples(self, graph: str) -> set[str]:
        """The triples of one graph, as N-Triples lines (the store's own CONSTRUCT)."""
        import pyoxigraph as ox

        response = requests.post(
            self.query,
            timeout=30,
            headers={"Accept": "application/n-triples"},
            data={"query": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"},
        )
        response.raise_for_status()
        parsed = ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES)
        return {line for line in ox.serialize(parsed, format=ox.RdfFormat.N_TRIPLES).decode().splitlines()}

    def run_update(self, sparql: str) -> None:
        response = requests.post(
            self.update,
            data=sparql.encode("utf-8"),
            auth=self.update_auth,
            timeout=30,
            headers={"Content-Type": "application/sparql-update"},
        )
        response.raise_for_status()

    def clear(self, prefix: str = "https://w3id.org/kg-news/") -> None:
        """Drop the graphs the tests write (IRIs starting with ``prefix``)."""
        for graph in self.counts(prefix):
            self.run_update(f"DROP SILENT GRAPH <{graph}>")


def start_oxigraph(directory: Path) -> tuple[Server, Path]:
    binary = oxigraph_binary()
    log = directory / "oxigraph.log"
    for _attempt in range(3):  # the free port may be taken between finding and binding it
        port = free_port()
        with open(log, "wb") as sink:
            process = subprocess.Popen(
                [binary, "serve", "--location", str(directory / "db"), "--bind", f"127.0.0.1:{port}"],
                stdout=sink,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_ready(process, f"{base}/query", log, "oxigraph serve")
        except RuntimeError:
            if "in use" in _tail(log).lower():
                continue
            raise
        return Server("oxigraph", base, f"{base}/store", f"{base}/query", f"{base}/update", process), log
    raise RuntimeError(f"oxigraph serve found no free port:\n{_tail(log)}")


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = ., {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
CheckpointInterval = 0
MaxClientConnections = 10

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerThreads = 6
MaxClientConnections = 6
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


def start_virtuoso(directory: Path) -> tuple[Server, Path]:
    binary = virtuoso_binary()
    log = directory / "virtuoso.out"
    sql_port, http_port = free_port(), free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=directory, sql_port=sql_port, http_port=http_port))
    with open(log, "wb") as sink:
        process = subprocess.Popen(
            [binary, "+foreground", "+configfile", str(ini)],
            cwd=directory,
            stdout=sink,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    base = f"http://127.0.0.1:{http_port}"
    _wait_ready(process, f"{base}/sparql", log, "virtuoso-t")
    server = Server(
        "virtuoso",
        base,
        f"{base}/sparql-graph-crud-auth",
        f"{base}/sparql",
        f"{base}/sparql-auth",
        process,
        update_auth=HTTPDigestAuth(*VIRTUOSO_DBA),
    )
    _virtuoso_users(server, sql_port, log)
    return server, log


def _virtuoso_users(server: Server, sql_port: int, log: Path) -> None:
    """The writer and reader users, created over SQL with isql-vt (the package's client)."""
    isql = shutil.which("isql-vt") or shutil.which("isql")
    (user, password), (reader, reader_password) = VIRTUOSO_WRITER, VIRTUOSO_READER
    sql = (
        f"DB.DBA.USER_CREATE('{user}', '{password}'); GRANT SPARQL_UPDATE TO \"{user}\"; "
        f"DB.DBA.USER_CREATE('{reader}', '{reader_password}');"
    )
    done = subprocess.run(
        [isql, f"127.0.0.1:{sql_port}", *VIRTUOSO_DBA, f"exec={sql}"],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    if done.returncode != 0 or "Error" in done.stdout + done.stderr:
        stop(server.process)
        raise RuntimeError(f"cannot create the Virtuoso test users: {done.stdout}{done.stderr}\n{_tail(log)}")


# --- fixtures -----------------------------------------------------------------------


@pytest.fixture()
def oxigraph(request) -> Iterator[Server]:
    """A fresh, empty Oxigraph server for one test."""
    _skip_if_asked(request, "Oxigraph server")
    directory = Path(tempfile.mkdtemp(prefix="kg-oxigraph-"))
    try:
        server, _log = start_oxigraph(directory)
        try:
            yield server
        finally:
            stop(server.process)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="session")
def virtuoso_server(request) -> Iterator[Server]:
    _skip_if_asked(request, "Virtuoso server")
    directory = Path(tempfile.mkdtemp(prefix="kg-virtuoso-"))
    try:
        server, _log = start_virtuoso(directory)
        try:
            yield server
        finally:
            stop(server.process)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture()
def virtuoso(virtuoso_server) -> Server:
    """The session's Virtuoso server, without the graphs earlier tests loaded."""
    virtuoso_server.clear()
    return virtuoso_server


# --- a proxy that misbehaves on purpose ----------------------------------------------


class Proxy:
    """An HTTP proxy on 127.0.0.1 in front of ``upstream``, for testing failures and auth.

    ``faults`` maps the number of a request (1-based, counting every request the
    proxy sees) to what happens to it instead of forwarding: an int status
    (answered at once, after reading the body), ``"close"`` (read half the body,
    then close the connection without an answer), ``"hang"`` (wait until the
    proxy stops), or ``"swallow"`` (answer 204 without forwarding).  ``basic``
    asks for those Basic credentials; ``forbid`` answers 403 to any request that
    has them.  ``seen`` records each request's method, path and headers.
    """

    def __init__(
        self,
        upstream: str,
        *,
        basic: tuple[str, str] | None = None,
        forbid: bool = False,
        faults: dict[int, object] | None = None,
        echo_auth_on: int | None = None,
    ) -> None:
        self.upstream = urlsplit(upstream)
        self.basic = basic
        self.forbid = forbid
        self.faults = dict(faults or {})
        self.echo_auth_on = echo_auth_on  # answer 400 quoting the Authorization header back
        self.seen: list[dict] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def _handle(self) -> None:
                proxy._serve(self)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> Proxy:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stopping.set()
        self.server.shutdown()
        self.server.server_close()

    def wait_for(self, n: int, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while len(self.seen) < n:
            if time.monotonic() > deadline:
                raise TimeoutError(f"the proxy saw {len(self.seen)} request(s), not {n}")
            time.sleep(0.02)

    def _serve(self, h: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self.seen.append({"method": h.command, "path": h.path, "headers": dict(h.headers)})
            n = len(self.seen)
        length = int(h.headers.get("Content-Length") or 0)
        fault = self.faults.get(n)
        if fault == "close":
            h.rfile.read(length // 2)
            h.close_connection = True
            h.connection.shutdown(socket.SHUT_RDWR)
            return
        body = h.rfile.read(length) if length else b""
        if fault == "hang":
            self._stopping.wait(120)
            h.close_connection = True
            return
        if isinstance(fault, int):
            return self._answer(h, fault, b"injected failure\n")
        if fault == "swallow":
            return self._answer(h, 204, b"")
        if self.basic is not None:
            token = base64.b64encode(f"{self.basic[0]}:{self.basic[1]}".encode()).decode()
            if h.headers.get("Authorization") != f"Basic {token}":
                return self._answer(h, 401, b"who are you?\n", {"WWW-Authenticate": 'Basic realm="kg-test"'})
            if self.forbid:
                return self._answer(h, 403, b"read only\n")
        if self.echo_auth_on == n:
            return self._answer(h, 400, f"bad request from {h.headers.get('Authorization')}\n".encode())
        self._forward(h, body)

    def _forward(self, h: BaseHTTPRequestHandler, body: bytes) -> None:
        connection = http.client.HTTPConnection(self.upstream.hostname, self.upstream.port, timeout=60)
        headers = {
            k: v
            for k, v in h.headers.items()
            if k.lower() not in ("host", "authorization", "connection", "keep-alive")
        }
        try:
            connection.request(h.command, h.path, body=body or None, headers=headers)
            response = connection.getresponse()
            data = response.read()
            extra = {
                k: v
                for k, v in response.getheaders()
                if k.lower() not in ("content-length", "transfer-encoding", "connection", "keep-alive")
            }
            self._answer(h, response.status, data, extra)
        finally:
            connection.close()

    @staticmethod
    def _answer(h: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict | None = None) -> None:
        h.send_response(status)
        for key, value in (headers or {}).items():
            h.send_header(key, value)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        if h.command != "HEAD":
            h.wfile.write(body)
