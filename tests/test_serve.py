"""``kg serve``: the views and a read-only SPARQL endpoint, queried with real clients.

The endpoint must answer exactly what ``kg.store.query`` answers on the same store.
Builds use the real model (the session's ``seeds_out``).
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import psutil
import pyoxigraph as ox
import pytest
import rdflib
import typer
from builders import ROOT
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, TSV, XML, SPARQLWrapper
from typer.testing import CliRunner

from kg.outdir import STORE_DIR
from kg.serve import (
    DEFAULT_HOST,
    DEFAULT_LIMIT,
    DEFAULT_TIMEOUT,
    LIMIT_HEADER,
    TRUNCATED_HEADER,
    PortInUse,
    start_server,
)
from kg.store import query as kg_query

pytestmark = pytest.mark.model

PREFIXES = """PREFIX schema: <https://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX kge: <https://w3id.org/kg-news/event-type/>
"""
# 3 named people and 2 the seeds only describe ("the Russian commanders", "Firefighters")
PERSONS = PREFIXES + "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a schema:Person }"
ZELENSKY = (
    PREFIXES
    + """SELECT ?name WHERE {
  ?p a schema:Person ; rdfs:label|skos:altLabel ?name ; rdfs:label ?label .
  FILTER(CONTAINS(?label, "Zelensk"))
} ORDER BY ?name"""
)
SOURCES = (
    PREFIXES
    + """SELECT ?event (COUNT(DISTINCT ?g) AS ?sources) WHERE {
  GRAPH ?g { ?event a sem:Event ; sem:eventType kge:Withdrawal }
} GROUP BY ?event ORDER BY ?event"""
)
QUERIES = [PERSONS, ZELENSKY, SOURCES]
# over a billion solutions: no engine finishes this in a second
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def server(seeds_out):
    with start_server(seeds_out, port=0) as running:
        yield running


@pytest.fixture(scope="module")
def strict(seeds_out):
    """A server with a 1 s timeout and a 5-row limit."""
    with start_server(seeds_out, port=0, timeout=1, limit=5) as running:
        yield running


def expected(store, sparql: str) -> list[tuple]:
    """kg.store.query's answer as rows of plain values."""
    results = kg_query(store, sparql)
    names = [v.value for v in results.variables]
    return [tuple(row[n].value if row[n] is not None else None for n in names) for row in results]


def from_json(data: dict) -> list[tuple]:
    names = data["head"]["vars"]
    return [tuple(b[n]["value"] if n in b else None for n in names) for b in data["results"]["bindings"]]


def http(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    """(status, headers, body) without raising on 4xx/5xx."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def get(server, sparql: str, accept: str | None = None, **params):
    query = urllib.parse.urlencode({"query": sparql, **params})
    return http(f"{server.sparql_url}?{query}", headers={"Accept": accept} if accept else {})


# ---------------------------------------------------------------------------
# Real clients get what kg.store.query gets


@pytest.mark.parametrize("sparql", QUERIES, ids=["persons", "zelensky", "sources"])
@pytest.mark.parametrize("method", ["GET", "POST-form", "POST-direct"])
def test_sparqlwrapper_answers_as_kg_store(server, seeds_store, sparql, method):
    client = SPARQLWrapper(server.sparql_url)
    client.setQuery(sparql)
    client.setReturnFormat(JSON)
    if method != "GET":
        client.setMethod(POST)
    if method == "POST-direct":
        client.setRequestMethod(POSTDIRECTLY)
    assert from_json(client.query().convert()) == expected(seeds_store, sparql)


def test_sparqlwrapper_known_answers(server):
    client = SPARQLWrapper(server.sparql_url)
    client.setReturnFormat(JSON)
    client.setQuery(PERSONS)
    assert from_json(client.queryAndConvert()) == [("5",)]
    client.setQuery(ZELENSKY)
    assert [r[0] for r in from_json(client.queryAndConvert())] == ["Vladimir Zelensky", "Volodymyr Zelensky"]


@pytest.mark.parametrize("sparql", QUERIES, ids=["persons", "zelensky", "sources"])
def test_rdflib_sparqlstore_answers_as_kg_store(server, seeds_store, sparql):
    graph = rdflib.Graph(store=SPARQLStore(query_endpoint=server.sparql_url))
    rows = [tuple(str(term) if term is not None else None for term in row) for row in graph.query(sparql)]
    assert rows == expected(seeds_store, sparql)


def test_rdflib_sparqlstore_ask_and_construct(server, seeds_store):
    graph = rdflib.Graph(store=SPARQLStore(query_endpoint=server.sparql_url))
    assert graph.query(PREFIXES + "ASK { ?p a schema:Person }").askAnswer is True
    construct = PREFIXES + "CONSTRUCT { ?p rdfs:label ?l } WHERE { ?p a schema:Person ; rdfs:label ?l }"
    triples = set(graph.query(construct))
    want = {(str(t.subject.value), str(t.object.value)) for t in kg_query(seeds_store, construct)}
    assert {(str(s), str(o)) for s, _, o in triples} == want


def test_readme_queries_answer_as_kg_store(server, seeds_store):
    """The README's queries use kg's predeclared prefixes; so does the endpoint."""
    import re

    blocks = re.findall(r"```sparql\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.DOTALL)
    assert blocks
    for block in blocks:
        status, _, body = get(server, block)
        assert status == 200, body
        assert from_json(json.loads(body)) == expected(seeds_store, block)


# ---------------------------------------------------------------------------
# Formats


@pytest.mark.parametrize(
    "accept, kind",
    [
        ("application/sparql-results+json", "json"),
        ("application/sparql-results+xml", "xml"),
        ("text/csv", "csv"),
        ("text/tab-separated-values", "tsv"),
        (None, "json"),
        ("text/html;q=0.9, text/csv;q=0.8", "csv"),
    ],
)
def test_results_by_accept(server, seeds_store, accept, kind):
    status, headers, body = get(server, ZELENSKY, accept)
    assert status == 200
    media = {
        "json": "application/sparql-results+json",
        "xml": "application/sparql-results+xml",
        "csv": "text/csv",
        "tsv": "text/tab-separated-values",
    }[kind]
    assert headers["Content-Type"].split(";")[0] == media
    want = expected(seeds_store, ZELENSKY)
    if kind == "csv":
        rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
        assert rows[0] == ["name"] and [tuple(r) for r in rows[1:]] == want
    else:
        fmt = {
            "json": ox.QueryResultsFormat.JSON,
            "xml": ox.QueryResultsFormat.XML,
            "tsv": ox.QueryResultsFormat.TSV,
        }[kind]
        parsed = ox.parse_query_results(body, format=fmt)
        assert [tuple(row[v].value for v in parsed.variables) for row in parsed] == want


@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_formats(server, seeds_store, fmt):
    client = SPARQLWrapper(server.sparql_url)
    client.setQuery(ZELENSKY)
    client.setReturnFormat(fmt)
    result = client.query()
    assert result.response.status == 200
    names = [n for (n,) in expected(seeds_store, ZELENSKY)]
    text = result.response.read().decode("utf-8")
    assert all(name in text for name in names)


def test_format_parameter_wins_over_accept(server):
    status, headers, body = get(server, PERSONS, "application/sparql-results+json", format="csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert body.decode("utf-8").splitlines() == ["n", "5"]


def test_ask_and_construct_formats(server, seeds_store):
    status, _, body = get(server, PREFIXES + "ASK { ?p a schema:Person }")
    assert status == 200 and json.loads(body) == {"head": {}, "boolean": True}
    construct = PREFIXES + "CONSTRUCT WHERE { ?p a schema:Person ; rdfs:label ?l }"
    want = len(list(kg_query(seeds_store, construct)))
    for accept, fmt in [
        (None, "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ]:
        status, _, body = get(server, construct, accept)
        assert status == 200, body
        assert len(rdflib.Graph().parse(data=body, format=fmt)) == want


def test_unacceptable_format_is_406(server):
    status, _, body = get(server, PERSONS, "image/png")
    assert status == 406 and b"application/sparql-results+json" in body
    assert get(server, PREFIXES + "CONSTRUCT WHERE { ?s a schema:Person }", format="csv")[0] == 406


# ---------------------------------------------------------------------------
# Protocol: POST forms, errors, read-only


def test_post_form_and_sparql_query(server, seeds_store):
    want = expected(seeds_store, PERSONS)
    form = urllib.parse.urlencode({"query": PERSONS}).encode()
    status, _, body = http(server.sparql_url, form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and from_json(json.loads(body)) == want
    status, _, body = http(
        server.url + "query",
        PERSONS.encode(),
        {"Content-Type": "application/sparql-query", "Accept": "text/csv"},
    )
    assert status == 200 and body.decode().splitlines() == ["n", want[0][0]]
    status, _, _ = http(server.sparql_url, b"x", {"Content-Type": "text/plain"})
    assert status == 415


def test_bad_query_is_400_with_the_users_position(server):
    status, _, body = get(server, "SELECT ?x WHERE { ?x ?y }")
    assert status == 400 and body.decode().startswith("error at 1:")
    status, _, body = get(server, "SELECT ?x\nWHERE { ?x ?y }")
    assert status == 400 and body.decode().startswith("error at 2:")
    assert http(server.sparql_url + "?query=")[0] == 400


def test_update_is_refused(server, seeds_store):
    before = expected(seeds_store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    insert = "INSERT DATA { <urn:kg:a> <urn:kg:b> <urn:kg:c> }"
    client = SPARQLWrapper(server.sparql_url, updateEndpoint=server.url + "update")
    client.setMethod(POST)
    client.setQuery(insert)
    with pytest.raises(urllib.error.HTTPError) as refused:
        client.query()
    assert refused.value.code == 403
    form = urllib.parse.urlencode({"update": insert}).encode()
    assert http(server.sparql_url, form, {"Content-Type": "application/x-www-form-urlencoded"})[0] == 403
    assert http(server.sparql_url, insert.encode(), {"Content-Type": "application/sparql-update"})[0] == 403
    status, _, body = get(server, insert)  # an update sent as a query
    assert status == 403 and b"read-only" in body
    assert http(server.url + "store", b"", method="PUT")[0] == 405
    assert not bool(kg_query(seeds_store, "ASK { <urn:kg:a> ?p ?o }"))
    assert expected(seeds_store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }") == before
    status, _, body = get(server, "ASK { <urn:kg:a> ?p ?o }")
    assert json.loads(body)["boolean"] is False


# ---------------------------------------------------------------------------
# Timeout and limit


def test_slow_query_times_out_with_504(strict):
    started = time.monotonic()
    status, _, body = get(strict, SLOW)
    elapsed = time.monotonic() - started
    assert status == 504
    assert b"time limit of 1 s" in body
    assert elapsed < 5
    assert get(strict, PERSONS)[0] == 200  # and the server goes on


def test_timeout_reaches_real_clients(strict):
    client = SPARQLWrapper(strict.sparql_url)
    client.setQuery(SLOW)
    client.setReturnFormat(JSON)
    with pytest.raises(urllib.error.HTTPError) as timed_out:
        client.query()
    assert timed_out.value.code == 504


def test_limit_truncates_and_says_so(strict, seeds_store):
    every = "SELECT ?s ?l WHERE { ?s rdfs:label ?l } ORDER BY ?s ?l"  # many rows, well within 1 s
    status, headers, body = get(strict, every)
    assert status == 200
    assert headers[TRUNCATED_HEADER] == "true" and headers[LIMIT_HEADER] == "5"
    assert from_json(json.loads(body)) == expected(seeds_store, every)[:5]
    status, headers, body = get(strict, every, "text/csv")
    assert headers[TRUNCATED_HEADER] == "true" and len(body.decode().splitlines()) == 1 + 5
    status, headers, body = get(strict, ZELENSKY)  # 2 rows: under the limit
    assert headers[TRUNCATED_HEADER] == "false" and len(from_json(json.loads(body))) == 2
    status, headers, body = get(strict, "CONSTRUCT WHERE { ?s rdfs:label ?l }", "application/n-triples")
    assert headers[TRUNCATED_HEADER] == "true" and len(body.decode().splitlines()) == 5


def test_update_detection_is_linear_time():
    from kg.serve import _UPDATE

    assert _UPDATE.match("# note\nPREFIX x: <urn:x>\nBASE <urn:b>\n insert data { }")
    assert _UPDATE.match("prefix : <urn:x> WITH <urn:g> DELETE { } WHERE { }")
    assert not _UPDATE.match("PREFIX insert: <urn:x> SELECT ?delete WHERE { }")
    started = time.monotonic()
    for hostile in (
        " " * 100_000 + "SELECT",
        "#" * 100_000 + "\n" * 100_000 + "x",
        "PREFIX a: <b> " * 20_000 + "ASK {}",
        "PREFIX a: <" + "x" * 100_000,
    ):
        assert not _UPDATE.match(hostile)
    assert time.monotonic() - started < 1


def test_defaults_are_documented_values():
    assert (DEFAULT_HOST, DEFAULT_TIMEOUT, DEFAULT_LIMIT) == ("127.0.0.1", 30.0, 10_000)


# ---------------------------------------------------------------------------
# Views, bind address, processes


def test_views_are_served(server, seeds_out):
    status, headers, body = http(server.url + "graph.html")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert body == (seeds_out / "graph.html").read_bytes()
    assert http(server.url + "graph.html", method="HEAD")[0] == 200
    status, headers, body = http(server.url)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert b'href="/graph.html"' in body and server.sparql_url.encode() in body
    for path in ("report.json", "store/CURRENT", "..%2Fstore%2FCURRENT", "missing.html", ".x.html"):
        assert http(server.url + path)[0] == 404, path


def _listening(pid: int, port: int) -> set[str]:
    return {
        c.laddr.ip
        for c in psutil.Process(pid).net_connections(kind="inet")
        if c.status == psutil.CONN_LISTEN and c.laddr.port == port
    }


def test_bound_to_loopback_by_default(server):
    assert server.host == "127.0.0.1" and server.url.startswith("http://127.0.0.1:")
    assert _listening(os.getpid(), server.port) == {"127.0.0.1"}
    child = psutil.Process(server.pid)
    ports = {c.laddr.port for c in child.net_connections(kind="inet") if c.status == psutil.CONN_LISTEN}
    assert ports and all(_listening(server.pid, p) == {"127.0.0.1"} for p in ports)
    assert "serve-read-only" in child.cmdline()


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


def test_stop_leaves_no_child(seeds_out):
    running = start_server(seeds_out, port=0)
    pid = running.pid
    assert psutil.Process(pid).ppid() == os.getpid()
    running.stop()
    assert _gone(pid)
    assert running.pids == []
    running.stop()  # twice is fine
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(running.url, timeout=2)


def test_a_replaced_store_is_served_after_a_rebuild(seeds_out, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(seeds_out, out)
    with start_server(out, port=0, timeout=1) as running:
        first = running.pid
        assert from_json(json.loads(get(running, PERSONS)[2])) == [("5",)]
        # what `kg build` does: write beside, then swap the new store in
        fresh = ox.Store(str(tmp_path / "new"))
        fresh.add(
            ox.Quad(
                ox.NamedNode("urn:kg:p"),
                ox.NamedNode(str(rdflib.RDF.type)),
                ox.NamedNode("https://schema.org/Person"),
                ox.DefaultGraph(),
            )
        )
        fresh.flush()
        del fresh
        (out / STORE_DIR).rename(tmp_path / "old")
        (tmp_path / "new").rename(out / STORE_DIR)
        assert from_json(json.loads(get(running, PERSONS)[2])) == [("1",)]
        assert running.pid != first
        pids = running.pids
    assert all(_gone(pid) for pid in [first, *pids])


def test_no_store_is_an_error(tmp_path):
    from kg.store import StoreNotFound

    with pytest.raises(StoreNotFound):
        start_server(tmp_path, port=0)


# ---------------------------------------------------------------------------
# The command


def _app() -> typer.Typer:
    from kg.cli import app

    return app


def test_command_defaults_and_help():
    result = CliRunner().invoke(_app(), ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--out", "--port", "--host", "--timeout", "--limit"):
        assert option in result.output
    assert "127.0.0.1" in result.output and "10000" in result.output


def test_port_in_use_exits_2(seeds_out, seeds_store):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(PortInUse):
            start_server(seeds_out, port=port)
        result = CliRunner().invoke(_app(), ["serve", "--out", str(seeds_out), "--port", str(port)])
    assert result.exit_code == 2
    assert "already in use" in result.output


def test_command_without_store_exits_2(tmp_path):
    result = CliRunner().invoke(_app(), ["serve", "--out", str(tmp_path), "--port", "0"])
    assert result.exit_code == 2 and "no kg store" in result.output


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_command_stops_its_child_on_signal(seeds_out, sig):
    script = "from kg.cli import main; main()\n"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-c", script, "serve", "--out", str(seeds_out), "--port", str(port), "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        lines = []
        for line in proc.stdout:
            lines.append(line)
            if "Ctrl-C" in line:
                break
        assert any(f"http://127.0.0.1:{port}/sparql" in line for line in lines), lines
        children = psutil.Process(proc.pid).children(recursive=True)
        assert [c for c in children if "serve-read-only" in c.cmdline()]
        query = urllib.parse.urlencode({"query": PERSONS})
        assert http(f"http://127.0.0.1:{port}/sparql?{query}")[0] == 200
        proc.send_signal(sig)
        assert proc.wait(10) == 0
        _, still = psutil.wait_procs(children, timeout=5)
        assert still == []
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
