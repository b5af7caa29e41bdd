"""Push kg's named graphs into a SPARQL 1.1 triple store (``kg load``).

Each named graph of ``OUT/store`` (one per article, plus the service graphs
``kgid:graph/geonames`` and ``kgid:graph/identity``) is sent on its own:

- by the SPARQL 1.1 Graph Store HTTP Protocol (the default): ``PUT
  ENDPOINT?graph=IRI`` with the graph's triples as N-Triples (or Turtle), so a
  repeated load replaces the graph and changes nothing.  A graph larger than
  the batch size is sent as one PUT and then POSTs (merge) of the other
  batches;
- or by SPARQL 1.1 Update (``update=URL``): ``DROP SILENT GRAPH <g> ;
  INSERT DATA { GRAPH <g> { … } }`` and then ``INSERT DATA`` for the other
  batches.  Every term is written by pyoxigraph's N-Triples serialiser, never
  pasted from text.

The store's default graph (the union of the named graphs plus kg's ontology)
is not sent: a remote store has its own idea of its default graph.

Credentials come from the environment (``KG_LOAD_USER``, ``KG_LOAD_PASSWORD``,
``KG_LOAD_AUTH`` = ``auto`` | ``basic`` | ``digest``) or from a netrc file
(``NETRC`` or ``~/.netrc``), never from the command line, and never appear in
messages, results or the state file.  Connection errors, timeouts, 408, 429
and 5xx are retried with exponential backoff; other 4xx are not.  After the
load, the triples of every graph are counted on the store's SPARQL query
endpoint.  ``OUT/load-state.json`` remembers, per target URL, the SHA-256 of
each graph sent, so a run after a failure skips what already arrived.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import netrc
import os
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox
import requests
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth

from .outdir import LOAD_STATE_FILE
from .store import serialize

ENV_USER = "KG_LOAD_USER"
ENV_PASSWORD = "KG_LOAD_PASSWORD"
ENV_AUTH = "KG_LOAD_AUTH"
ENV_NETRC = "NETRC"
AUTH_SCHEMES = ("auto", "basic", "digest")
STATE_FORMAT = 1

EXIT_OK, EXIT_MISMATCH, EXIT_USAGE = 0, 1, 2

FORMATS = {  # name -> (pyoxigraph format, media type)
    "nt": (ox.RdfFormat.N_TRIPLES, "application/n-triples"),
    "ttl": (ox.RdfFormat.TURTLE, "text/turtle"),
}
MAX_BACKOFF = 30.0  # seconds, the longest wait between two attempts
COUNT_CHUNK = 100  # graphs per counting query
RETRY_STATUS = frozenset({408, 429})


# --- errors -------------------------------------------------------------------------


class LoadError(Exception):
    """The load cannot go on (``kg load`` exits 2); the message holds no credentials."""

    exit_code = EXIT_USAGE


class Unreachable(LoadError):
    """The store did not answer (connection errors, timeouts, 5xx) within the retries."""


class AuthRefused(LoadError):
    """The store answered 401 or 403."""


class Rejected(LoadError):
    """The store refused a request (a 4xx other than 401, 403, 408, 429)."""


# --- credentials --------------------------------------------------------------------


@dataclass(frozen=True)
class Credentials:
    """A user name and password, and where they came from (said without them)."""

    user: str = field(repr=False)
    password: str = field(repr=False)
    scheme: str = "auto"  # auto | basic | digest
    source: str = ""  # e.g. "KG_LOAD_USER/KG_LOAD_PASSWORD" or "netrc file /x (machine h)"

    def secrets(self) -> list[str]:
        """The strings that must never be shown: the password, the user, the Basic token."""
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")
        return [s for s in (self.password, self.user, token, f"{self.user}:{self.password}") if len(s) >= 3]


def _auth_scheme(environ: Mapping[str, str]) -> str:
    scheme = environ.get(ENV_AUTH, "auto").strip().lower() or "auto"
    if scheme not in AUTH_SCHEMES:
        raise LoadError(f"{ENV_AUTH} must be one of {', '.join(AUTH_SCHEMES)}, not {scheme!r}")
    return scheme


def credentials_for(url: str, environ: Mapping[str, str] | None = None) -> Credentials | None:
    """The credentials for ``url``: from the environment, else from the netrc file.

    ``KG_LOAD_USER`` and ``KG_LOAD_PASSWORD`` (both, or neither) win; otherwise the
    ``machine`` entry for the URL's host (or the ``default`` entry) of the file
    ``NETRC`` names, or of ``~/.netrc``.
    """
    environ = os.environ if environ is None else environ
    scheme = _auth_scheme(environ)
    user, password = environ.get(ENV_USER), environ.get(ENV_PASSWORD)
    if user or password:
        if not (user and password):
            missing = ENV_PASSWORD if user else ENV_USER
            raise LoadError(f"{ENV_USER} and {ENV_PASSWORD} go together: {missing} is not set")
        return Credentials(user, password, scheme, f"{ENV_USER}/{ENV_PASSWORD}")
    explicit = environ.get(ENV_NETRC)
    path = Path(explicit).expanduser() if explicit else Path("~/.netrc").expanduser()
    if not path.is_file():
        return None
    host = (urlsplit(url).hostname or "").lower()
    try:
        # Only ~/.netrc gets Python's ownership and permission check; a file named
        # by NETRC is the caller's choice (as in curl and requests).
        entries = netrc.netrc(str(path) if explicit else None)
    except netrc.NetrcParseError as exc:  # its message may quote a token: leave it out
        if exc.msg.startswith("~/.netrc"):  # Python's ownership and permission check
            raise LoadError(f"{exc.msg.split(':')[0]}: `chmod 600 {path}`") from None
        raise LoadError(
            f"cannot read the netrc file {path} (line {exc.lineno}); fix it or set {ENV_USER}/{ENV_PASSWORD}"
        ) from None
    except OSError as exc:
        raise LoadError(f"cannot read the netrc file {path}: {exc.strerror}") from None
    found = entries.authenticators(host)
    if not found:
        return None
    login, _account, password = found
    if not login or not password:
        return None
    return Credentials(login, password, scheme, f"netrc file {path} (machine {host})")


def _auth_hint(url: str) -> str:
    host = urlsplit(url).hostname or "HOST"
    return (
        f"set {ENV_USER} and {ENV_PASSWORD} (and {ENV_AUTH}=basic or digest if the store "
        f"does not say which), or add `machine {host} login USER password PASSWORD` to "
        f"~/.netrc (or to the file ${ENV_NETRC} names)"
    )


# --- URLs ---------------------------------------------------------------------------


def check_url(url: str, what: str) -> str:
    """``url`` if it is an http(s) URL without credentials in it, else a LoadError."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- raises on a bad port
    except ValueError:
        raise LoadError(f"{what} is not a valid URL") from None
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise LoadError(
            f"{what}: credentials in the URL are not accepted (they would end up in "
            f"shell history and logs); {_auth_hint(url).replace('~/.netrc', 'a netrc file')}"
        )
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise LoadError(f"{what} must be an http:// or https:// URL, not {url!r}")
    return url


def public_url(url: str) -> str:
    """``url`` without any user information (the key of the state file)."""
    parts = urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))


def default_query_endpoint(url: str) -> str | None:
    """The SPARQL query endpoint that usually sits beside a Graph Store or Update endpoint.

    >>> default_query_endpoint("http://localhost:7878/store")        # Oxigraph
    'http://localhost:7878/query'
    >>> default_query_endpoint("http://localhost:7878/update")       # Oxigraph, Fuseki
    'http://localhost:7878/query'
    >>> default_query_endpoint("http://h:8890/sparql-graph-crud-auth")  # Virtuoso
    'http://h:8890/sparql'
    >>> default_query_endpoint("http://h:3030/ds/data")               # Fuseki
    'http://h:3030/ds/sparql'
    >>> default_query_endpoint("http://h/rdf4j-server/repositories/r/rdf-graphs/service")
    'http://h/rdf4j-server/repositories/r'
    >>> default_query_endpoint("http://h/elsewhere") is None
    True
    """
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    rules = (
        (r"/store$", "/query"),  # Oxigraph
        (r"/update$", "/query"),  # Oxigraph, Fuseki
        (r"/sparql-graph-crud(-auth)?$", "/sparql"),  # Virtuoso
        (r"/sparql-auth$", "/sparql"),  # Virtuoso (update)
        (r"/sparql$", "/sparql"),  # Virtuoso, Blazegraph: one endpoint
        (r"/data$", "/sparql"),  # Fuseki
        (r"/statements$", ""),  # RDF4J, GraphDB (update)
        (r"/rdf-graphs/service$", ""),  # RDF4J, GraphDB (graph store)
    )
    for pattern, replacement in rules:
        if re.search(pattern, path):
            return urlunsplit((parts.scheme, parts.netloc, re.sub(pattern, replacement, path), "", ""))
    return None


# --- HTTP with retries and authentication ------------------------------------------


class _Client:
    """requests with retries, exponential backoff, and authentication chosen per host."""

    def __init__(
        self,
        *,
        timeout: float,
        retries: int,
        backoff: float,
        environ: Mapping[str, str],
        on_message: Callable[[str], None],
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.session = requests.Session()
        self.timeout, self.retries, self.backoff = timeout, retries, backoff
        self.environ, self.on_message, self.sleep = environ, on_message, sleep
        self._credentials: dict[str, Credentials | None] = {}
        self._auth: dict[str, AuthBase | None] = {}
        self.secrets: list[str] = []
        self.requests = 0
        self.retried = 0

    def close(self) -> None:
        self.session.close()

    def scrub(self, text: str) -> str:
        for secret in sorted(self.secrets, key=len, reverse=True):
            text = text.replace(secret, "***")
        return text

    def credentials(self, url: str) -> Credentials | None:
        host = urlsplit(url).netloc.lower()
        if host not in self._credentials:
            creds = credentials_for(url, self.environ)
            self._credentials[host] = creds
            if creds is not None:
                self.secrets.extend(creds.secrets())
                if creds.scheme != "auto":
                    self._auth[host] = _make_auth(creds.scheme, creds)
        return self._credentials[host]

    def request(
        self, method: str, url: str, *, what: str, params=None, data=None, headers=None
    ) -> requests.Response:
        host = urlsplit(url).netloc.lower()
        creds = self.credentials(url)
        attempt = 0
        challenged = False
        while True:
            retry_after = None
            self.requests += 1
            try:
                response = self.session.request(
                    method,
                    url,
                    params=params,
                    data=data,
                    headers=headers,
                    auth=self._auth.get(host, _NO_AUTH),
                    timeout=self.timeout,
                    allow_redirects=False,
                )
            except requests.Timeout:
                reason = f"no answer within {self.timeout:g} s"
            except requests.RequestException as exc:
                reason = _connection_reason(exc)
            else:
                status = response.status_code
                if status < 300:
                    return response
                if status < 400:  # a PUT redirected could come back a GET, and "succeed"
                    raise Rejected(
                        self.scrub(
                            f"{what}: {public_url(url)} redirects (HTTP {status}) to "
                            f"{public_url(response.headers.get('Location', '?'))}; give that URL instead"
                        )
                    )
                if status == 401 and creds is not None and host not in self._auth and not challenged:
                    # The store asked for credentials: answer in the scheme it named.
                    challenged = True
                    self._auth[host] = _make_auth(_challenge_scheme(response), creds)
                    continue
                if status in (401, 403):
                    raise AuthRefused(self.scrub(_refusal(url, status, creds)))
                if status in RETRY_STATUS or status >= 500:
                    reason = f"HTTP {status} {response.reason}".rstrip()
                    retry_after = _retry_after(response)
                else:
                    raise Rejected(
                        self.scrub(
                            f"{what}: {public_url(url)} answered HTTP {status} {response.reason}: "
                            f"{_excerpt(response.text)}"
                        )
                    )
            if attempt >= self.retries:
                raise Unreachable(
                    self.scrub(
                        f"{what}: {public_url(url)} is unreachable after {attempt + 1} attempt(s): {reason}"
                    )
                )
            delay = min(self.backoff * 2**attempt, MAX_BACKOFF)
            if retry_after is not None:
                delay = min(max(delay, retry_after), 2 * MAX_BACKOFF)
            attempt += 1
            self.retried += 1
            self.on_message(self.scrub(f"{what}: {reason}; retry {attempt}/{self.retries} in {delay:.1f} s"))
            self.sleep(delay)


class _NoAuth(AuthBase):
    """No credentials; unlike ``auth=None``, it keeps requests from reading ~/.netrc on its own
    (and sending what it finds as Basic credentials to a store that asks for Digest)."""

    def __call__(self, r):
        return r


_NO_AUTH = _NoAuth()


def _make_auth(scheme: str, creds: Credentials) -> AuthBase:
    return (
        HTTPDigestAuth(creds.user, creds.password)
        if scheme == "digest"
        else HTTPBasicAuth(creds.user, creds.password)
    )


def _challenge_scheme(response: requests.Response) -> str:
    challenge = response.headers.get("WWW-Authenticate", "").strip().lower()
    if challenge.startswith("digest") or ", digest" in challenge:
        return "digest"
    return "basic"


def _refusal(url: str, status: int, creds: Credentials | None) -> str:
    where = public_url(url)
    if creds is None:
        return f"{where} asks for credentials (HTTP {status}) and none are set: {_auth_hint(url)}"
    if status == 401:
        return f"{where} refused the credentials from {creds.source} (HTTP 401): {_auth_hint(url)}"
    return (
        f"{where} forbids this to the user from {creds.source} (HTTP 403): give that user write "
        f"access (Virtuoso: the SPARQL_UPDATE role) or use another; {_auth_hint(url)}"
    )


def _connection_reason(exc: requests.RequestException) -> str:
    text = str(exc)
    for marker, reason in (
        ("Connection refused", "connection refused"),
        ("Name or service not known", "unknown host"),
        ("Temporary failure in name resolution", "unknown host"),
        ("Connection reset", "connection reset"),
        ("Connection aborted", "connection closed by the store"),
        ("RemoteDisconnected", "connection closed by the store"),
        ("Broken pipe", "connection closed by the store"),
    ):
        if marker in text:
            return reason
    return f"{type(exc).__name__}: {_excerpt(text)}"


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After", "").strip()
    return float(value) if value.isdigit() else None


def _excerpt(text: str, limit: int = 300) -> str:
    text = " ".join(re.sub(r"<[^>]+>", " ", text or "").split())
    return text[:limit] + ("…" if len(text) > limit else "") if text else "(no message)"


# --- what is sent -------------------------------------------------------------------


@dataclass
class _Graph:
    """One named graph: its IRI, size and content hash; the triples are read when sent."""

    iri: str
    size: int
    sha256: str

    def triples(self, store: ox.Store) -> list:
        """The graph's triples, those with a blank node first, in a stable order."""
        triples = [q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(self.iri))]
        triples.sort(key=lambda t: (not _has_blank(t), str(t)))
        return triples

    def batches(self, store: ox.Store, size: int) -> list[list]:
        """Batches of ``size`` triples; every triple with a blank node is in the first one,
        which replaces the graph, so that each request can be repeated without harm."""
        triples = self.triples(store)
        first = max(size, sum(1 for t in triples if _has_blank(t)))
        rest = triples[first:]
        return [triples[:first]] + [rest[i : i + size] for i in range(0, len(rest), size)]


def _has_blank(triple: ox.Triple) -> bool:
    return isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode)


def _named_graphs(store: ox.Store) -> list[_Graph]:
    """The named graphs with an IRI, sorted, each with the SHA-256 of its sorted N-Triples."""
    graphs = []
    for name in sorted(store.named_graphs(), key=lambda g: g.value):
        if not isinstance(name, ox.NamedNode):
            continue  # a blank-node graph name has no IRI a remote store could share
        data = serialize(
            (q.triple for q in store.quads_for_pattern(None, None, None, name)), ox.RdfFormat.N_TRIPLES
        )
        lines = data.splitlines(keepends=True)
        if lines:
            graphs.append(_Graph(name.value, len(lines), hashlib.sha256(b"".join(sorted(lines))).hexdigest()))
    return graphs


def _serialize(triples: list, fmt: str) -> bytes:
    from .vocab import PREFIXES

    rdf_format = FORMATS[fmt][0]
    return serialize(triples, rdf_format, PREFIXES if fmt == "ttl" else None)


def update_request(graph: str, triples: list, *, first: bool) -> bytes:
    """A SPARQL Update that (first) replaces ``graph`` by, or adds to it, ``triples``.

    >>> t = ox.Triple(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"),
    ...               ox.Literal('say "} DROP ALL #\\n'))
    >>> print(update_request("http://e/g", [t], first=True).decode(), end="")
    DROP SILENT GRAPH <http://e/g> ;
    INSERT DATA { GRAPH <http://e/g> {
    <http://e/s> <http://e/p> "say \\"} DROP ALL #\\n" .
    } }
    """
    name = str(ox.NamedNode(graph))
    body = serialize(triples, ox.RdfFormat.N_TRIPLES).decode("utf-8")
    drop = f"DROP SILENT GRAPH {name} ;\n" if first else ""
    return f"{drop}INSERT DATA {{ GRAPH {name} {{\n{body}}} }}\n".encode()


# --- state --------------------------------------------------------------------------


class _State:
    """``OUT/load-state.json``: per target URL, each graph's SHA-256 and triple count."""

    def __init__(self, path: Path, target: str) -> None:
        self.path, self.target = path, target
        self.data: dict[str, Any] = {"format": STATE_FORMAT, "targets": {}}
        if path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if data.get("format") == STATE_FORMAT and isinstance(data.get("targets"), dict):
                    self.data = data
            except (OSError, ValueError):
                pass  # an unreadable state only costs a full load
        self.graphs: dict = self.data["targets"].setdefault(target, {}).setdefault("graphs", {})
        self._written = 0.0

    def matches(self, graph: _Graph) -> bool:
        entry = self.graphs.get(graph.iri)
        return entry is not None and bool(entry) and entry.get("sha256") == graph.sha256

    def mark(self, graph: _Graph) -> None:
        self.graphs[graph.iri] = {"sha256": graph.sha256, "triples": graph.size}
        if time.monotonic() - self._written > 1.0:  # a killed run loses at most a second of it
            self.save()

    def forget(self, iri: str) -> None:
        self.graphs.pop(iri, None)

    def save(self) -> None:
        self.data["targets"][self.target]["updated"] = datetime.now(UTC).isoformat(timespec="seconds")
        tmp = self.path.with_name(self.path.name + ".tmp")
        try:
            tmp.write_text(json.dumps(self.data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:
            return  # a read-only OUT: the load works, it just cannot be resumed
        self._written = time.monotonic()


# --- the load -----------------------------------------------------------------------


@dataclass
class GraphLoad:
    graph: str
    triples: int
    action: str  # "loaded" | "skipped" (same content already there)
    remote: int | None = None  # the count the store gave after the load


@dataclass
class Mismatch:
    graph: str
    expected: int
    found: int


@dataclass
class LoadResult:
    target: str  # the Graph Store or Update URL (never with credentials)
    mode: str  # "gsp" | "update"
    query_endpoint: str | None  # where the counts were checked (None: not checked)
    graphs: list[GraphLoad] = field(default_factory=list)
    mismatches: list[Mismatch] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)  # loaded earlier, no longer in OUT
    pruned: list[str] = field(default_factory=list)  # ... and dropped from the store
    requests: int = 0
    retries: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.mismatches

    @property
    def loaded(self) -> list[GraphLoad]:
        return [g for g in self.graphs if g.action == "loaded"]

    @property
    def skipped(self) -> list[GraphLoad]:
        return [g for g in self.graphs if g.action == "skipped"]

    @property
    def triples(self) -> int:
        return sum(g.triples for g in self.graphs)

    def to_json(self) -> dict:
        return dataclasses.asdict(self) | {"ok": self.ok}


Progress = Callable[[int, int, int, int], None]  # graphs done, graphs, triples done, triples


def load(
    out: str | Path,
    endpoint: str | None = None,
    *,
    update: str | None = None,
    query_endpoint: str | None = None,
    batch_size: int = 10_000,
    retries: int = 5,
    timeout: float = 60.0,
    fmt: str = "nt",
    check: bool = True,
    force: bool = False,
    prune: bool = False,
    backoff: float = 0.5,
    environ: Mapping[str, str] | None = None,
    state_file: str | Path | None = None,
    progress: Progress | None = None,
    on_message: Callable[[str], None] | None = None,
) -> LoadResult:
    """Load the named graphs of ``out`` into a SPARQL store; see the module's docstring.

    ``endpoint`` is a Graph Store Protocol URL (Oxigraph ``…/store``, Virtuoso
    ``…/sparql-graph-crud-auth``); ``update`` a SPARQL Update URL, used instead
    when given.  ``query_endpoint`` (default: guessed from the other URL) is
    where the triples are counted after the load, and before it for the graphs
    the state file says are there already; ``check=False`` trusts the state
    file and skips the counts.  ``force`` sends every graph whatever the state
    says; ``prune`` drops graphs an earlier load sent that are no longer in
    ``out``.  Raises :class:`LoadError` when the load cannot go on; a count
    that differs is reported in ``LoadResult.mismatches``.
    """
    from .store import open_store

    started = time.monotonic()
    if batch_size < 1:
        raise LoadError("the batch size must be at least 1")
    if retries < 0 or timeout <= 0:
        raise LoadError("retries must be ≥ 0 and the timeout > 0")
    if fmt not in FORMATS:
        raise LoadError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if update is not None:
        mode, target = "update", check_url(update, "--update")
    elif endpoint is not None:
        mode, target = "gsp", check_url(endpoint, "--endpoint")
    else:
        raise LoadError(
            "give the store's Graph Store endpoint (--endpoint URL) "
            "or its SPARQL Update endpoint (--update URL)"
        )
    if endpoint is not None:
        check_url(endpoint, "--endpoint")
    if check:
        if query_endpoint is None:
            query_endpoint = default_query_endpoint(target) or (
                default_query_endpoint(endpoint) if endpoint is not None else None
            )
            if query_endpoint is None:
                raise LoadError(
                    f"cannot guess the SPARQL query endpoint of {public_url(target)}: "
                    "give --query-endpoint URL (or --no-check)"
                )
        check_url(query_endpoint, "--query-endpoint")
    else:
        query_endpoint = None

    environ = os.environ if environ is None else environ
    say = on_message or (lambda message: None)
    client = _Client(timeout=timeout, retries=retries, backoff=backoff, environ=environ, on_message=say)
    result = LoadResult(public_url(target), mode, public_url(query_endpoint) if query_endpoint else None)
    store = open_store(out)
    graphs = _named_graphs(store)
    state = _State(Path(state_file) if state_file else Path(out) / LOAD_STATE_FILE, public_url(target))
    try:
        for url in (target, query_endpoint):  # a bad KG_LOAD_AUTH or netrc fails before any work
            if url:
                client.credentials(url)
        known = {g.iri for g in graphs if not force and state.matches(g)}
        if known and query_endpoint:  # trust the state only where the store agrees
            counts = _count(client, query_endpoint, sorted(known))
            known = {g.iri for g in graphs if g.iri in known and counts.get(g.iri) == g.size}
        total = sum(g.size for g in graphs)
        done_triples = 0
        if progress:
            progress(0, len(graphs), 0, total)
        for done_graphs, graph in enumerate(graphs, 1):
            if graph.iri in known:
                result.graphs.append(GraphLoad(graph.iri, graph.size, "skipped"))
            else:
                state.forget(graph.iri)  # half-sent graphs are sent again
                for i, batch in enumerate(graph.batches(store, batch_size)):
                    _send(client, mode, target, graph.iri, batch, first=i == 0, fmt=fmt)
                state.mark(graph)
                result.graphs.append(GraphLoad(graph.iri, graph.size, "loaded"))
            done_triples += graph.size
            if progress:
                progress(done_graphs, len(graphs), done_triples, total)
        present = {g.iri for g in graphs}
        result.stale = sorted(iri for iri in state.graphs if iri not in present)
        if prune:
            for iri in result.stale:
                _drop(client, mode, target, iri)
                state.forget(iri)
                result.pruned.append(iri)
        if query_endpoint:
            counts = _count(client, query_endpoint, [g.iri for g in graphs])
            for graph, loaded in zip(graphs, result.graphs):
                loaded.remote = counts.get(graph.iri, 0)
                if loaded.remote != graph.size:
                    result.mismatches.append(Mismatch(graph.iri, graph.size, loaded.remote))
                    state.forget(graph.iri)
    except LoadError as exc:
        raise type(exc)(client.scrub(str(exc))) from None
    finally:
        state.save()
        client.close()
        result.requests, result.retries = client.requests, client.retried
        result.seconds = round(time.monotonic() - started, 3)
    return result


def _send(
    client: _Client, mode: str, target: str, graph: str, triples: list, *, first: bool, fmt: str
) -> None:
    what = f"{'replacing' if first else 'adding to'} graph <{graph}>"
    if mode == "update":
        client.request(
            "POST",
            target,
            what=what,
            data=update_request(graph, triples, first=first),
            headers={"Content-Type": "application/sparql-update; charset=utf-8"},
        )
    else:
        client.request(
            "PUT" if first else "POST",
            target,
            what=what,
            params={"graph": graph},
            data=_serialize(triples, fmt),
            headers={"Content-Type": FORMATS[fmt][1]},
        )


def _drop(client: _Client, mode: str, target: str, graph: str) -> None:
    what = f"dropping graph <{graph}>"
    if mode == "update":
        client.request(
            "POST",
            target,
            what=what,
            data=f"DROP SILENT GRAPH {ox.NamedNode(graph)}\n".encode(),
            headers={"Content-Type": "application/sparql-update; charset=utf-8"},
        )
        return
    try:
        client.request("DELETE", target, what=what, params={"graph": graph})
    except Rejected as exc:
        if "HTTP 404" not in str(exc):  # already gone
            raise


def _count(client: _Client, query_endpoint: str, graphs: Iterable[str]) -> dict[str, int]:
    """The number of triples in each graph, as the store's SPARQL endpoint counts them."""
    graphs = list(graphs)
    counts: dict[str, int] = {}
    for i in range(0, len(graphs), COUNT_CHUNK):
        values = " ".join(str(ox.NamedNode(g)) for g in graphs[i : i + COUNT_CHUNK])
        sparql = (
            f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} "
            f"GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g"
        )
        response = client.request(
            "POST",
            query_endpoint,
            what="counting triples",
            data={"query": sparql},
            headers={"Accept": "application/sparql-results+json"},
        )
        try:
            bindings = response.json()["results"]["bindings"]
            for row in bindings:
                counts[row["g"]["value"]] = int(row["n"]["value"])
        except (ValueError, KeyError, TypeError):
            raise Rejected(
                f"{public_url(query_endpoint)} did not answer the count query with SPARQL "
                f"JSON results; is it a SPARQL query endpoint? (--query-endpoint)"
            ) from None
    return counts
