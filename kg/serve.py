"""``kg serve``: the HTML views of ``OUT`` and a read-only SPARQL endpoint over ``OUT/store``.

Two processes, one job each:

* **Oxigraph's own server** (``oxigraph serve-read-only``, from the ``oxigraph``
  package) answers SPARQL. It runs as a child on a free loopback port, opens
  ``OUT/store`` read-only and gets ``--timeout-s`` so it cancels its own work.
  The store's default graph already holds the union of the article graphs as a
  set (``kg.store``), so it is started *without* ``--union-default-graph``
  (which would count a fact once per article).
* **A thin front** (stdlib ``ThreadingHTTPServer``) on ``--host:--port`` serves
  the ``*.html`` files of ``OUT`` and forwards ``/sparql`` (alias ``/query``)
  to the child, doing what the binary cannot:

  - **Result limit**: Oxigraph has none. The front asks the child for TSV
    (SELECT, one solution a line) or N-Triples (CONSTRUCT/DESCRIBE, one triple
    a line), reads at most ``limit`` lines, hangs up on the rest, and
    re-serialises what it kept (pyoxigraph) in the negotiated format. A
    truncated answer is still a valid result document, with the response
    headers ``KG-Truncated: true`` and ``KG-Result-Limit: N``.
  - **Exact timeout**: ``--timeout-s`` takes whole seconds, and when it fires
    mid-answer Oxigraph still replies ``200`` and writes "The SPARQL operation
    has been cancelled" into the body. The front keeps its own deadline on the
    socket and checks the body, and answers ``504 Gateway Timeout`` either way.
  - **Read-only protocol**: SPARQL Update (``update=``, ``application/sparql-update``,
    ``/update``, or an update sent as ``query=``) is refused with ``403``.
  - kg's prefixes are predeclared, as in ``kg query`` (a query's own ``PREFIX``
    wins), so the README's queries run as they are.

The child is started in its own session, is told to die with its parent
(``PR_SET_PDEATHSIG`` on Linux), and is stopped by :meth:`Server.stop`, at exit,
and on SIGINT/SIGTERM/SIGHUP in ``kg serve``. When ``kg build`` swaps a new
``OUT/store`` into place (or the child dies), the next query restarts the child
on the new store; the views are read from disk on every request.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import errno
import html
import http.client
import math
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import threading
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Self, TextIO
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

import pyoxigraph as ox

from .negotiate import negotiate, not_acceptable
from .negotiate import wanted as wanted_format
from .outdir import store_path
from .store import StoreNotFound
from .vocab import PREFIXES

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 30.0  # seconds per query; 0 = none
DEFAULT_LIMIT = 10_000  # solutions (or triples) per answer; 0 = none
MAX_QUERY_BYTES = 1 << 20
OXIGRAPH_ENV = "KG_OXIGRAPH"  # path of the oxigraph binary, if not the one beside Python

SPARQL_PATHS = ("/sparql", "/query")
TRUNCATED_HEADER = "KG-Truncated"
LIMIT_HEADER = "KG-Result-Limit"

_UPSTREAM_ACCEPT = "text/tab-separated-values, application/n-triples"
_CANCELLED = "operation has been cancelled"
_UPDATE = re.compile(
    r"(?is)^(?:\s|\#[^\n]*+|BASE\s*+<[^>]*+>|PREFIX\s++[^\s:]*+:\s*+<[^>]*+>)*+"  # possessive: linear
    r"(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b"
)
_POSITION = re.compile(r"\bat (\d+):(\d+)")


class ServeError(RuntimeError):
    """``kg serve`` cannot start; the message says why and what to do."""


class PortInUse(ServeError):
    """The front's port is taken (or not ours to bind)."""


class OxigraphNotFound(ServeError):
    """No ``oxigraph`` server binary (the ``oxigraph`` package) is installed."""


# ---------------------------------------------------------------------------
# The Oxigraph child


def oxigraph_binary() -> str:
    """The ``oxigraph`` binary: $KG_OXIGRAPH, else the one installed beside this Python, else PATH."""
    explicit = os.environ.get(OXIGRAPH_ENV)
    if explicit:
        return explicit
    name = "oxigraph.exe" if os.name == "nt" else "oxigraph"
    for folder in (sysconfig.get_path("scripts"), str(Path(sys.executable).parent)):
        candidate = Path(folder) / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise OxigraphNotFound(
        "the Oxigraph server binary is not installed; install it with "
        f"`pip install oxigraph=={ox.__version__}` (the version of pyoxigraph), "
        f"or set {OXIGRAPH_ENV} to its path"
    )


try:  # so a child dies with us even if we are killed (Linux)
    _PRCTL = ctypes.CDLL(None, use_errno=True).prctl if sys.platform.startswith("linux") else None
except (OSError, AttributeError):  # pragma: no cover
    _PRCTL = None
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:  # runs in the child between fork and exec
    if _PRCTL is not None:
        _PRCTL(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _store_identity(store: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(store)
    except OSError:
        return None
    return st.st_dev, st.st_ino


class _Oxigraph:
    """One ``oxigraph serve-read-only`` child on a loopback port."""

    def __init__(self, proc: subprocess.Popen, port: int, identity, output: deque, drain: threading.Thread):
        self.proc, self.port, self.identity, self.output = proc, port, identity, output
        self.drain = drain

    @classmethod
    def start(cls, binary: str, store: Path, timeout: float, spawn) -> _Oxigraph:
        identity = _store_identity(store)
        last = ""
        for _ in range(3):  # a free port can be taken between probing and binding
            port = _free_port()
            cmd = [binary, "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{port}"]
            if timeout:
                cmd += ["--timeout-s", str(max(1, math.ceil(timeout)))]
            proc = spawn(cmd)
            output: deque[str] = deque(maxlen=40)
            drain = threading.Thread(
                target=_drain, args=(proc, output), daemon=True, name=f"kg-serve-oxigraph-{proc.pid}"
            )
            drain.start()
            child = cls(proc, port, identity, output, drain)
            if child._wait_ready(deadline=time.monotonic() + 20):
                return child
            child.stop()
            last = "\n".join(output).strip()
            if "address" not in last.lower() or "in use" not in last.lower():
                break
        raise ServeError(f"the Oxigraph server ({binary}) did not start on {store}: {last or 'no output'}")

    def _wait_ready(self, deadline: float) -> bool:
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.drain.join(1)  # its last words
                return False
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return True
            except OSError:
                time.sleep(0.02)
        return False

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.proc.wait()
        self.drain.join(1)


def _drain(proc: subprocess.Popen, output: deque) -> None:
    """Keep the child's last lines (its error, if it fails to start); never let its pipe fill."""
    if proc.stdout is None:  # started without a pipe: nothing to keep
        return
    with proc.stdout:
        for line in proc.stdout:
            output.append(line.decode("utf-8", "replace").rstrip())


# ---------------------------------------------------------------------------
# The front


class _Reply(Exception):
    """An HTTP answer other than a result: status and a plain-text message."""

    def __init__(self, status: int, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


class Server:
    """A running ``kg serve``: ``url``, ``sparql_url``, ``stop()``. Use :func:`start_server`."""

    def __init__(
        self, out: Path, host: str, port: int, timeout: float, limit: int, log: TextIO | None, binary: str
    ):
        self.out = Path(out)
        self.store = store_path(self.out)
        self.timeout, self.limit, self.log = timeout, limit, log
        self._binary = binary
        self._lock = threading.Lock()
        self._retired: list[_Oxigraph] = []
        self._stopped = False
        self._prologue = " ".join(f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items()) + "\n"
        # Every child is spawned from this one long-lived thread: PR_SET_PDEATHSIG fires
        # when the spawning *thread* ends, so handler threads must not spawn.
        self._spawner = ThreadPoolExecutor(1, thread_name_prefix="kg-serve-spawn")
        self._httpd = _bind(host, port, self)  # first: a taken port fails before any child starts
        try:
            self._oxigraph = _Oxigraph.start(binary, self.store, timeout, self._spawn)
        except BaseException:
            self._httpd.server_close()
            self._spawner.shutdown()
            raise
        bound, self.port = self._httpd.server_address[:2]
        self.host: str = bound if isinstance(bound, str) else bytes(bound).decode()
        shown = f"[{self.host}]" if ":" in self.host else self.host
        self.url = f"http://{shown}:{self.port}/"
        self.sparql_url = self.url + "sparql"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True, name="kg-serve-http")
        self._thread.start()
        atexit.register(self.stop)

    def _spawn(self, cmd: list[str]) -> subprocess.Popen:
        return self._spawner.submit(
            subprocess.Popen,
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent if _PRCTL is not None else None,
        ).result()

    @property
    def pid(self) -> int:
        """The process id of the Oxigraph child now serving."""
        return self._oxigraph.proc.pid

    @property
    def pids(self) -> list[int]:
        """Every child process this server has started and not yet reaped."""
        with self._lock:
            return [c.proc.pid for c in [self._oxigraph, *self._retired] if c.proc.returncode is None]

    def views(self) -> list[str]:
        """The HTML files served: the ``*.html`` directly in OUT, kg's pages first, in the
        order of the views registry (:data:`kg.views.VIEWS`), then any other, by name."""
        present = {p.name for p in self.out.glob("*.html") if p.is_file()}
        ours = [v.file for v in _views().values() if v.file in present]
        return ours + sorted(present - set(ours))

    def upstream(self) -> _Oxigraph:
        """The child to ask; restarted if it died or ``OUT/store`` was replaced by a build."""
        with self._lock:
            if self._stopped:
                raise _Reply(503, "kg serve is stopping")
            current = self._oxigraph
            identity = _store_identity(self.store)
            if current.alive and (identity is None or identity == current.identity):
                return current
            if identity is None:
                raise _Reply(503, f"no store in {self.out}")
            self._note(
                f"restarting Oxigraph on {self.store} ({'store replaced' if current.alive else 'it stopped'})"
            )
            try:
                self._oxigraph = _Oxigraph.start(self._binary, self.store, self.timeout, self._spawn)
            except ServeError as exc:
                raise _Reply(503, str(exc)) from None
            # the old child finishes the queries it has in hand, then goes
            self._retired.append(current)
            timer = threading.Timer((self.timeout or 30) + 1, self._retire, args=(current,))
            timer.daemon = True
            timer.start()
            return self._oxigraph

    def _retire(self, child: _Oxigraph) -> None:
        child.stop()
        with self._lock:
            if child in self._retired:
                self._retired.remove(child)

    def _note(self, message: str) -> None:
        if self.log is not None:
            print(f"kg serve: {message}", file=self.log, flush=True)

    def stop(self) -> None:
        """Stop serving and stop the Oxigraph child(ren); safe to call twice."""
        with self._lock:
            if self._stopped:
                return
            self._stopped = True
            children = [self._oxigraph, *self._retired]
            self._retired = []
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(5)
        for child in children:
            child.stop()
        self._spawner.shutdown(wait=True)
        atexit.unregister(self.stop)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"<kg serve {self.url} out={self.out} timeout={self.timeout} limit={self.limit}>"

    # -- SPARQL --------------------------------------------------------------

    def answer(self, params: list[tuple[str, str]], accept: str | None):
        """Status, headers and body for SPARQL Protocol parameters (query, default-graph-uri, ...)."""
        names = {k for k, _ in params}
        if "update" in names:
            raise _Reply(403, "kg serve is read-only: SPARQL Update is not accepted")
        queries = [v for k, v in params if k == "query"]
        if len(queries) != 1 or not queries[0].strip():
            raise _Reply(
                400,
                "give exactly one SPARQL query as query=… (GET or form POST), "
                "or POST it as application/sparql-query",
            )
        sparql = queries[0]
        if _UPDATE.match(sparql):
            raise _Reply(403, "kg serve is read-only: SPARQL Update is not accepted")
        fmt = [v for k, v in params if k == "format"]
        if wanted_format(fmt, accept, graph=False) is None and wanted_format(fmt, accept, graph=True) is None:
            raise _Reply(406, not_acceptable())  # before running a query nothing can satisfy
        forward = [("query", self._prologue + sparql)]
        forward += [(k, v) for k, v in params if k in ("default-graph-uri", "named-graph-uri")]
        kind, lines, truncated = self._ask(urlencode(forward).encode("utf-8"))
        body: Any  # solutions or a boolean, or a graph's triples
        if kind == "boolean":
            wanted = wanted_format(fmt, accept, graph=False)
            if wanted is None:
                raise _Reply(406, not_acceptable())
            body = ox.parse_query_results(b"".join(lines), format=ox.QueryResultsFormat.TSV)
        elif kind == "solutions":
            wanted = wanted_format(fmt, accept, graph=False)
            if wanted is None:
                raise _Reply(406, not_acceptable())
            body = _parse(lambda: ox.parse_query_results(b"".join(lines), format=ox.QueryResultsFormat.TSV))
        else:
            wanted = wanted_format(fmt, accept, graph=True)
            if wanted is None:
                raise _Reply(406, not_acceptable(graph=True))
            body = _parse(lambda: list(ox.parse(b"".join(lines), format=ox.RdfFormat.N_TRIPLES)))
        media, form = wanted
        if kind == "graph":
            data = ox.serialize(
                body,
                format=form,
                prefixes=PREFIXES if form in (ox.RdfFormat.TURTLE, ox.RdfFormat.N3) else None,
            )
        else:
            data = body.serialize(format=form)
        if truncated:
            self._note(f"answer truncated to {self.limit} {'triples' if kind == 'graph' else 'rows'}")
        textual = media.startswith("text/") or media.endswith(("json", "xml"))
        headers = {
            "Content-Type": media + ("; charset=utf-8" if textual else ""),
            TRUNCATED_HEADER: "true" if truncated else "false",
            LIMIT_HEADER: str(self.limit),
            "Vary": "Accept",
            "Cache-Control": "no-store",
        }
        return 200, headers, data

    def _ask(self, body: bytes):
        """POST the query to the child; ("solutions"|"boolean"|"graph", lines kept, truncated)."""
        child = self.upstream()
        deadline = time.monotonic() + self.timeout if self.timeout else None

        def remaining() -> float | None:
            if deadline is None:
                return None
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            return left

        conn = http.client.HTTPConnection("127.0.0.1", child.port, timeout=remaining())
        try:
            try:
                conn.request(
                    "POST",
                    "/query",
                    body,
                    {
                        "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                        "Accept": _UPSTREAM_ACCEPT,
                    },
                )
                response = conn.getresponse()
                if response.status != 200:
                    message = response.read().decode("utf-8", "replace").strip()
                    raise self._upstream_error(response.status, message)
                media = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
                if media not in ("text/tab-separated-values", "application/n-triples"):
                    raise _Reply(502, f"unexpected answer from Oxigraph: {media or 'no type'}")
                lines: list[bytes] = []
                if media == "text/tab-separated-values":
                    conn.sock.settimeout(remaining())
                    header = response.readline()
                    if header.strip() in (b"true", b"false"):
                        return "boolean", [header.strip()], False
                    if not header.endswith(b"\n"):
                        raise self._upstream_error(500, header.decode("utf-8", "replace"))
                    lines.append(header)
                kept, truncated = 0, False
                while True:
                    conn.sock.settimeout(remaining())
                    line = response.readline()
                    if not line:
                        break
                    if not line.endswith(b"\n"):  # Oxigraph's mid-answer error, e.g. its timeout
                        raise self._upstream_error(500, line.decode("utf-8", "replace"))
                    if self.limit and kept == self.limit:
                        truncated = True
                        break
                    lines.append(line)
                    kept += 1
                kind = "solutions" if media == "text/tab-separated-values" else "graph"
                return kind, lines, truncated
            except TimeoutError:
                raise self._timed_out() from None
            except (ConnectionError, http.client.HTTPException) as exc:
                if not child.alive:
                    raise _Reply(503, "the Oxigraph server stopped; try again") from None
                raise _Reply(502, f"lost the Oxigraph server: {exc}") from None
        finally:
            conn.close()  # hangs up on whatever the limit cut off

    def _timed_out(self) -> _Reply:
        return _Reply(
            504,
            f"the query took longer than the time limit of {self.timeout:g} s "
            "(kg serve --timeout); narrow it or add a LIMIT",
        )

    def _upstream_error(self, status: int, message: str) -> _Reply:
        if _CANCELLED in message.lower():
            return self._timed_out()
        if status in (400, 403, 404, 406, 415):
            # positions refer to the query as sent, one line of predeclared prefixes above it
            message = _POSITION.sub(lambda m: f"at {max(1, int(m[1]) - 1)}:{m[2]}", message)
            return _Reply(status, message or "bad request")
        return _Reply(502, f"the Oxigraph server failed: {message or status}")


def _views():
    from .views import VIEWS  # the pages (pyvis, networkx) load only when an index is asked for

    return VIEWS


def _parse(make):
    try:
        return make()
    except SyntaxError as exc:
        raise _Reply(502, f"unreadable answer from Oxigraph: {exc}") from None


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, address, handler, kg: Server):
        self.kg = kg
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        super().__init__(address, handler)


def _bind(host: str, port: int, kg: Server) -> _HTTPServer:
    try:
        return _HTTPServer((host, port), _Handler, kg)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise PortInUse(
                f"port {port} on {host} is already in use; stop what uses it or choose another with --port"
            ) from None
        if exc.errno == errno.EACCES:
            raise PortInUse(f"not allowed to listen on {host}:{port}; choose a port above 1023") from None
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    server_version = "kg-serve"
    protocol_version = "HTTP/1.1"
    timeout = 60  # seconds to read a request

    @property
    def kg(self) -> Server:
        return self.server.kg

    def log_message(self, format: str, *args) -> None:
        if self.kg.log is not None:
            print(f"kg serve: {self.address_string()} {format % args}", file=self.kg.log, flush=True)

    # -- dispatch

    def do_GET(self) -> None:
        self._dispatch(head=False)

    def do_HEAD(self) -> None:
        self._dispatch(head=True)

    def do_POST(self) -> None:
        try:
            body = self._body()
            path = urlsplit(self.path).path
            if path == "/update":
                raise _Reply(403, "kg serve is read-only: SPARQL Update is not accepted")
            if path not in SPARQL_PATHS:
                raise _Reply(405, "POST goes to /sparql (or /query)", {"Allow": "GET, HEAD"})
            params = parse_qsl(urlsplit(self.path).query, keep_blank_values=True)
            kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if kind == "application/x-www-form-urlencoded":
                params += parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
            elif kind == "application/sparql-query":
                params.append(("query", body.decode("utf-8", "replace")))
            elif kind == "application/sparql-update":
                raise _Reply(403, "kg serve is read-only: SPARQL Update is not accepted")
            else:
                raise _Reply(
                    415,
                    "POST a query as application/x-www-form-urlencoded (query=…) "
                    "or as application/sparql-query",
                )
            self._sparql(params)
        except _Reply as reply:
            self._text(reply.status, reply.message, reply.headers)

    def _refuse(self) -> None:
        with contextlib.suppress(_Reply):
            self._body()
        self._text(405, "kg serve is read-only", {"Allow": "GET, HEAD, POST"})

    do_PUT = do_DELETE = do_PATCH = _refuse

    def _dispatch(self, head: bool) -> None:
        try:
            parts = urlsplit(self.path)
            path = unquote(parts.path)
            if path in SPARQL_PATHS:
                params = parse_qsl(parts.query, keep_blank_values=True)
                if not params and not head:
                    self._html(200, self._index(), head)
                    return
                self._sparql(params, head=head)
            elif path == "/update":
                raise _Reply(403, "kg serve is read-only: SPARQL Update is not accepted")
            elif path == "/favicon.ico":  # browsers ask for it; there is none, and that is fine
                self._send(204, {}, b"", head)
            elif path in ("/", "/index.html") and not (self.kg.out / "index.html").is_file():
                self._html(200, self._index(), head)
            else:
                self._view(path, head)
        except _Reply as reply:
            self._text(reply.status, reply.message, reply.headers, head=head)

    # -- pieces

    def _body(self) -> bytes:
        length = self.headers.get("Content-Length")
        if length is None:
            if self.headers.get("Transfer-Encoding") is None:
                return b""
            self.close_connection = True
            raise _Reply(411, "send a Content-Length")
        try:
            size = int(length)
        except ValueError:
            raise _Reply(400, "bad Content-Length") from None
        if size > MAX_QUERY_BYTES:
            self.close_connection = True
            raise _Reply(413, f"a query may be at most {MAX_QUERY_BYTES} bytes")
        return self.rfile.read(size)

    def _sparql(self, params, head: bool = False) -> None:
        try:
            status, headers, data = self.kg.answer(params, self.headers.get("Accept"))
        except _Reply:
            raise
        except Exception as exc:
            raise _Reply(500, f"kg serve failed: {type(exc).__name__}: {exc}") from None
        self._send(status, headers, data, head)

    def _view(self, path: str, head: bool) -> None:
        name = path.lstrip("/")
        if not name or "/" in name or "\\" in name or name.startswith(".") or not name.endswith(".html"):
            raise _Reply(
                404, f"not found: {path} (views: {', '.join(self.kg.views()) or 'none'}; SPARQL at /sparql)"
            )
        file = self.kg.out / name
        try:
            if file.resolve().parent != self.kg.out.resolve():
                raise FileNotFoundError
            data = file.read_bytes()
        except OSError:
            raise _Reply(404, f"no view {name} in {self.kg.out}") from None
        self._send(200, {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-cache"}, data, head)

    def _index(self) -> str:
        kg = self.kg
        labels = {v.file: v.label for v in _views().values()}
        views = "".join(
            f'<li><a href="/{quote(v)}">{html.escape(v)}</a>'
            + (f" ({html.escape(labels[v])})" if v in labels else "")
            + "</li>"
            for v in kg.views()
        )
        limits = (
            (f"timeout {kg.timeout:g} s" if kg.timeout else "no timeout")
            + ", "
            + (
                f"at most {kg.limit:,} rows (more are cut off; header {TRUNCATED_HEADER}: true)"
                if kg.limit
                else "no row limit"
            )
        )
        example = (
            "SELECT ?type (COUNT(*) AS ?n) WHERE {\n  VALUES ?type { schema:Person "
            "schema:Organization schema:Place sem:Event schema:Quotation }\n  ?x a ?type\n}"
            " GROUP BY ?type"
        )
        return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>kg serve: {html.escape(str(kg.out))}</title>
<style>body{{font:15px/1.4 system-ui,sans-serif;max-width:52em;margin:2em auto;padding:0 1em}}
textarea{{width:100%;font:13px monospace}}code{{background:#f3f3f3;padding:0 .2em}}</style></head>
<body><h1>kg: {html.escape(kg.out.name)}</h1>
<p>The graph in <code>{html.escape(str(kg.out))}</code>.</p>
<h2>Views</h2><ul>{views or "<li>none</li>"}</ul>
<h2>SPARQL</h2>
<p>Read-only SPARQL 1.1 Protocol endpoint: <code>{html.escape(kg.sparql_url)}</code>
(GET or POST; results as JSON, XML, CSV or TSV by <code>Accept</code> or <code>format=</code>).
The default graph is the union of all articles' graphs; <code>GRAPH ?g</code> tells which
article says what. kg's prefixes ({html.escape(", ".join(PREFIXES))}) are predeclared.
Limits: {html.escape(limits)}.</p>
<form action="/sparql" method="get"><textarea name="query" rows="6">{html.escape(example)}</textarea>
<p><select name="format"><option>json</option><option>xml</option><option>csv</option>
<option>tsv</option><option>ttl</option></select> <button>Run</button></p></form>
</body></html>
"""

    def _html(self, status: int, page: str, head: bool) -> None:
        self._send(status, {"Content-Type": "text/html; charset=utf-8"}, page.encode("utf-8"), head)

    def _text(self, status: int, message: str, headers: dict | None = None, head: bool = False) -> None:
        self._send(
            status,
            {"Content-Type": "text/plain; charset=utf-8", **(headers or {})},
            (message.rstrip() + "\n").encode("utf-8"),
            head,
        )

    def _send(self, status: int, headers: dict, data: bytes, head: bool = False) -> None:
        try:
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if not head:
                self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


# ---------------------------------------------------------------------------
# Library entry point


def start_server(
    out: str | Path = "out",
    port: int = 0,
    host: str = DEFAULT_HOST,
    timeout: float = DEFAULT_TIMEOUT,
    limit: int = DEFAULT_LIMIT,
    *,
    log: TextIO | None = None,
) -> Server:
    """Serve ``out``'s views and a read-only SPARQL endpoint in the background.

    ``port=0`` picks a free port (see ``.url``). ``timeout`` is seconds per query
    (0: none; over it the answer is ``504``); ``limit`` is the most solutions or
    triples one answer carries (0: none; over it the answer is cut to ``limit``
    with the header ``KG-Truncated: true``). ``log`` gets one line per request.
    Raises :class:`kg.store.StoreNotFound`, :class:`PortInUse`,
    :class:`OxigraphNotFound` or :class:`ServeError`. Stop with ``.stop()`` (or
    use the handle in a ``with`` block); it is also stopped at exit.
    """
    out = Path(out)
    if not store_path(out).is_dir():
        raise StoreNotFound(
            f"no kg store in {out}/ (looked for {store_path(out)}); run `kg build PATH --out {out}` first"
        )
    if timeout < 0 or limit < 0:
        raise ValueError("timeout and limit must be ≥ 0 (0 turns them off)")
    return Server(out, host, port, float(timeout), int(limit), log, oxigraph_binary())


__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_LIMIT",
    "DEFAULT_PORT",
    "DEFAULT_TIMEOUT",
    "LIMIT_HEADER",
    "TRUNCATED_HEADER",
    "OxigraphNotFound",
    "PortInUse",
    "ServeError",
    "Server",
    "negotiate",
    "oxigraph_binary",
    "start_server",
]
