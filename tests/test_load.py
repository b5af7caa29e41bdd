"""kg load: the seeds' graph into real Oxigraph and Virtuoso servers (tests/stores.py).

The stores run on 127.0.0.1; failures, authentication and kills are staged with a
small proxy in front of them.  Nothing here may be skipped in CI (see stores.py).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
import typer
from stores import (  # noqa: F401
    VIRTUOSO_READER,
    VIRTUOSO_WRITER,
    Proxy,
    free_port,
    oxigraph,
    virtuoso,
    virtuoso_server,
)
from typer.testing import CliRunner

from kg.load import (
    ENV_AUTH,
    ENV_PASSWORD,
    ENV_USER,
    STATE_FILE,
    AuthRefused,
    LoadError,
    Rejected,
    Unreachable,
    credentials_for,
    load,
    register,
)
from kg.store import open_store, sparql_prefixes

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()
BASIC = ("kg-tester", "pw-Zq8!unique-7731")  # distinctive, so a leak cannot hide


def _app() -> typer.Typer:
    """kg's own app once `load` is mounted in kg/cli.py; until then, a bare one."""
    from kg.cli import app

    if any(
        (c.name or getattr(c.callback, "__name__", "")) in ("load", "load_command")
        for c in app.registered_commands
    ):
        return app
    bare = typer.Typer(add_completion=False)
    register(bare)

    @bare.callback()
    def _root() -> None:
        """kg"""

    return bare


def kg_load(*args, env: dict | None = None):
    return runner.invoke(_app(), ["load", *[str(a) for a in args]], env=env)


@pytest.fixture(autouse=True)
def _no_ambient_credentials(monkeypatch, tmp_path):
    """No credentials from the developer's environment or ~/.netrc leak into a test."""
    for name in (ENV_USER, ENV_PASSWORD, ENV_AUTH):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))


@pytest.fixture()
def out(tmp_path, seeds_out) -> Path:
    """A private copy of the seeds' out/ (kg load writes its state file there)."""
    target = tmp_path / "out"
    shutil.copytree(seeds_out, target, ignore=shutil.ignore_patterns(STATE_FILE))
    return target


def local_graphs(out: Path) -> dict[str, set[str]]:
    """Each named graph of ``out`` as a set of N-Triples lines."""
    store = open_store(out)
    graphs = {}
    for g in store.named_graphs():
        triples = [q.triple for q in store.quads_for_pattern(None, None, None, g)]
        graphs[g.value] = set(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode().splitlines())
    return graphs


def assert_exact(server, out: Path) -> None:
    """The store holds exactly the named graphs of ``out``: the same triples in each."""
    expected = local_graphs(out)
    assert server.counts() == {g: len(t) for g, t in expected.items()}
    for graph, triples in expected.items():
        assert server.triples(graph) == triples, graph


def assert_no_secret(secret: str, *texts: str) -> None:
    for text in texts:
        assert secret not in text


# --- the real stores -----------------------------------------------------------------


def test_gsp_load_into_oxigraph_is_exact_and_idempotent(oxigraph, out):
    first = kg_load("--out", out, "--endpoint", oxigraph.gsp)
    assert first.exit_code == 0, first.output
    assert "loaded 3 graph(s)" in first.stdout and "checked:" in first.stdout
    assert_exact(oxigraph, out)
    # Only named graphs are sent: nothing lands in the remote default graph.
    assert oxigraph.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"]["value"] == "0"
    before = oxigraph.counts()

    again = kg_load("--out", out, "--endpoint", oxigraph.gsp)
    assert again.exit_code == 0, again.output
    assert "loaded 0 graph(s)" in again.stdout and "3 unchanged graph(s) skipped" in again.stdout
    forced = kg_load(
        "--out", out, "--endpoint", oxigraph.gsp, "--force", "--batch-size", "250", "--format", "ttl"
    )
    assert forced.exit_code == 0, forced.output
    assert "loaded 3 graph(s)" in forced.stdout
    assert oxigraph.counts() == before
    assert_exact(oxigraph, out)


def test_update_mode_into_oxigraph_replaces_what_was_there(oxigraph, out):
    graph = sorted(local_graphs(out))[0]
    oxigraph.run_update(f'INSERT DATA {{ GRAPH <{graph}> {{ <urn:x> <urn:y> "stale" }} }}')
    result = load(out, update=oxigraph.update, batch_size=200)
    assert result.ok and result.mode == "update" and result.query_endpoint == oxigraph.query
    assert len(result.loaded) == 3 and result.requests > 10  # batches of 200
    assert_exact(oxigraph, out)
    again = load(out, update=oxigraph.update, batch_size=200, force=True)
    assert again.ok and len(again.loaded) == 3
    assert_exact(oxigraph, out)


def test_update_mode_escapes_literals(oxigraph, tmp_path):
    """Terms are serialised, never pasted: a literal that looks like SPARQL stays a literal."""
    (tmp_path / "out").mkdir()
    store = ox.Store(str(tmp_path / "out" / "store"))
    nasty = 'x" } } ; DROP ALL ; INSERT DATA { GRAPH <urn:evil> { <urn:a> <urn:b> "c'
    g = ox.NamedNode("https://w3id.org/kg-news/id/graph/nasty")
    store.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal(nasty + "\n\\ \u2028 é"), g))
    store.add(ox.Quad(ox.BlankNode(), ox.NamedNode("urn:p"), ox.Literal("bnode", language="en"), g))
    store.add(
        ox.Quad(
            ox.NamedNode("urn:s"),
            ox.NamedNode("urn:q"),
            ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
            g,
        )
    )
    del store
    result = load(tmp_path / "out", update=oxigraph.update, batch_size=1)
    assert result.ok, result.mismatches
    rows = oxigraph.select("SELECT ?o WHERE { GRAPH ?g { <urn:s> <urn:p> ?o } }")
    assert [r["o"]["value"] for r in rows] == [nasty + "\n\\ \u2028 é"]
    evil = requests.post(
        oxigraph.query,
        data={"query": "ASK { GRAPH <urn:evil> { ?s ?p ?o } }"},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    assert evil.json()["boolean"] is False
    assert sum(oxigraph.counts().values()) == 3


def test_virtuoso_digest_from_netrc_idempotent(virtuoso, out, tmp_path, monkeypatch):
    user, password = VIRTUOSO_WRITER
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1\n  login {user}\n  password {password}\n")
    monkeypatch.setenv("NETRC", str(netrc))
    first = kg_load("--out", out, "--endpoint", virtuoso.gsp)  # auth scheme read from the 401
    assert first.exit_code == 0, first.output
    assert "checked: the 3 graph(s) hold" in first.stdout and virtuoso.query in first.stdout
    assert_exact(virtuoso, out)
    before = virtuoso.counts()
    again = kg_load("--out", out, "--endpoint", virtuoso.gsp)
    assert again.exit_code == 0 and "3 unchanged graph(s) skipped" in again.stdout
    forced = kg_load("--out", out, "--endpoint", virtuoso.gsp, "--force", "--batch-size", "300")
    assert forced.exit_code == 0, forced.output
    assert virtuoso.counts() == before
    assert_exact(virtuoso, out)
    state = (out / STATE_FILE).read_text()
    for text in (first.stdout, first.stderr, again.stdout, forced.stdout, forced.stderr, state):
        assert password not in text and user not in text


def test_virtuoso_update_mode_with_digest_from_env(virtuoso, out, monkeypatch):
    user, password = VIRTUOSO_WRITER
    monkeypatch.setenv(ENV_USER, user)
    monkeypatch.setenv(ENV_PASSWORD, password)
    monkeypatch.setenv(ENV_AUTH, "digest")
    result = load(out, update=virtuoso.update, batch_size=400)
    assert result.ok and result.query_endpoint == virtuoso.query
    assert_exact(virtuoso, out)
    assert password not in json.dumps(result.to_json()) + repr(result)


def test_virtuoso_refusals_are_clear_and_not_retried(virtuoso, out, monkeypatch):
    refused = kg_load("--out", out, "--endpoint", virtuoso.gsp, "--retries", "3")
    assert refused.exit_code == 2
    assert (
        "asks for credentials" in refused.stderr and ENV_USER in refused.stderr and "netrc" in refused.stderr
    )
    assert "retry" not in refused.stderr

    reader, reader_password = VIRTUOSO_READER
    monkeypatch.setenv(ENV_USER, reader)
    monkeypatch.setenv(ENV_PASSWORD, reader_password)
    forbidden = kg_load("--out", out, "--endpoint", virtuoso.gsp, "--retries", "3")
    assert forbidden.exit_code == 2
    assert "HTTP 403" in forbidden.stderr and "SPARQL_UPDATE" in forbidden.stderr
    assert "retry" not in forbidden.stderr

    monkeypatch.setenv(ENV_USER, VIRTUOSO_WRITER[0])
    monkeypatch.setenv(ENV_PASSWORD, "not-the-password-4471")
    with pytest.raises(AuthRefused, match="HTTP 401"):
        load(out, virtuoso.gsp, retries=3)
    wrong = kg_load("--out", out, "--endpoint", virtuoso.gsp, "--retries", "3")
    assert wrong.exit_code == 2
    assert "refused the credentials from KG_LOAD_USER/KG_LOAD_PASSWORD (HTTP 401)" in wrong.stderr
    for text in (forbidden.stdout, forbidden.stderr, wrong.stdout, wrong.stderr):
        assert_no_secret(reader_password, text)
        assert_no_secret("not-the-password-4471", text)
    assert virtuoso.counts() == {}


# The README's questions, asked of the remote store with the named graphs as its dataset.
QUESTIONS = {
    "sources per event": """SELECT ?event ?label (COUNT(DISTINCT ?g) AS ?sources) WHERE {
  GRAPH ?g { ?event a sem:Event ; rdfs:label ?label }
}
GROUP BY ?event ?label
ORDER BY DESC(?sources) ?label""",
    "who claimed what": """SELECT ?speaker ?said WHERE {
  ?quote a schema:Quotation ; schema:creator/rdfs:label ?speaker ; schema:text ?said .
}
ORDER BY ?speaker ?said""",
    "articles carrying a claim": """SELECT ?said ?article ?source WHERE {
  GRAPH ?g { ?quote a schema:Quotation ; schema:text ?said ; schema:creator ?speaker .
             ?g prov:wasDerivedFrom ?article . ?article kg:sourceFile ?source }
  ?speaker rdfs:label "Institute for the Study of War" .
  FILTER(CONTAINS(LCASE(?said), "appears to have won"))
}
ORDER BY ?source""",
}


def test_readme_questions_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for question in QUESTIONS.values():
        assert question in readme


def _rows(results: dict) -> list[tuple]:
    return sorted(
        tuple(
            sorted(
                (name, term["value"], term.get("datatype"), term.get("xml:lang"))
                for name, term in row.items()
            )
        )
        for row in results["results"]["bindings"]
    )


def _with_dataset(sparql: str, graphs: list[str]) -> str:
    """``sparql`` with FROM and FROM NAMED clauses for ``graphs`` (the remote default graph
    is not kg's union), and kg's prefixes."""
    where = re.search(r"(?i)\bWHERE\s*\{", sparql)
    dataset = "".join(f"FROM <{g}>\n" for g in graphs) + "".join(f"FROM NAMED <{g}>\n" for g in graphs)
    return sparql_prefixes() + sparql[: where.start()] + dataset + sparql[where.start() :]


@pytest.mark.parametrize("kind", ["oxigraph", "virtuoso"])
def test_same_answers_as_kg_query(kind, request, out, monkeypatch):
    from kg.cli import app as kg_app

    server = request.getfixturevalue(kind)
    if kind == "virtuoso":
        monkeypatch.setenv(ENV_USER, VIRTUOSO_WRITER[0])
        monkeypatch.setenv(ENV_PASSWORD, VIRTUOSO_WRITER[1])
    assert load(out, server.gsp).ok
    graphs = sorted(local_graphs(out))
    for name, question in QUESTIONS.items():
        asked = runner.invoke(kg_app, ["query", "--out", str(out), "--format", "json", question])
        assert asked.exit_code == 0, asked.output
        local = _rows(json.loads(asked.stdout))
        response = requests.post(
            server.query,
            data={"query": _with_dataset(question, graphs)},
            timeout=30,
            headers={"Accept": "application/sparql-results+json"},
        )
        response.raise_for_status()
        remote = _rows(response.json())
        assert local, name
        if "COUNT" in question:
            assert remote == local, name
        else:
            # Both stores merge FROM graphs as a bag (a fact two articles report comes
            # twice), while kg's default graph is a set: compare the distinct rows.
            assert len(set(local)) == len(local), name
            assert sorted(set(remote)) == local, name


# --- authentication, through a proxy that asks for Basic credentials -----------------


def test_basic_auth_from_env_never_shown(oxigraph, out, monkeypatch):
    user, password = BASIC
    monkeypatch.setenv(ENV_USER, user)
    monkeypatch.setenv(ENV_PASSWORD, password)
    with Proxy(oxigraph.base, basic=BASIC) as proxy:
        result = kg_load("--out", out, "--endpoint", proxy.url + "/store")
        assert result.exit_code == 0, result.output
        assert_exact(oxigraph, out)
        # The store asked (401 + WWW-Authenticate: Basic), then every request carried them.
        assert "Authorization" not in proxy.seen[0]["headers"]
        assert all(r["headers"].get("Authorization", "").startswith("Basic ") for r in proxy.seen[1:])
        assert any(r["path"].startswith("/query") for r in proxy.seen)

        monkeypatch.setenv(ENV_AUTH, "basic")  # sent at once, without waiting to be asked
        proxy.seen.clear()
        forced = kg_load("--out", out, "--endpoint", proxy.url + "/store", "--force")
        assert forced.exit_code == 0, forced.output
        assert all(r["headers"].get("Authorization", "").startswith("Basic ") for r in proxy.seen)
    state = (out / STATE_FILE).read_text()
    for text in (result.stdout, result.stderr, forced.stdout, forced.stderr, state):
        assert password not in text and user not in text
    assert proxy.url + "/store" in json.loads(state)["targets"]


def test_auth_refused_is_clear_and_not_retried(oxigraph, out, monkeypatch):
    with Proxy(oxigraph.base, basic=BASIC) as proxy:
        none = kg_load("--out", out, "--endpoint", proxy.url + "/store", "--retries", "4")
        assert none.exit_code == 2
        assert "asks for credentials (HTTP 401) and none are set" in none.stderr
        assert f"set {ENV_USER} and {ENV_PASSWORD}" in none.stderr and "netrc" in none.stderr
        assert len(proxy.seen) == 1

        monkeypatch.setenv(ENV_USER, BASIC[0])
        monkeypatch.setenv(ENV_PASSWORD, "wrong-Pw-9902")
        proxy.seen.clear()
        wrong = kg_load("--out", out, "--endpoint", proxy.url + "/store", "--retries", "4")
        assert wrong.exit_code == 2 and "HTTP 401" in wrong.stderr
        assert len(proxy.seen) == 2  # unauthenticated, then with the credentials: no retries
        assert_no_secret("wrong-Pw-9902", wrong.stdout, wrong.stderr)

    monkeypatch.setenv(ENV_PASSWORD, BASIC[1])
    with Proxy(oxigraph.base, basic=BASIC, forbid=True) as proxy:
        forbidden = kg_load("--out", out, "--endpoint", proxy.url + "/store", "--retries", "4")
        assert forbidden.exit_code == 2 and "HTTP 403" in forbidden.stderr
        assert len(proxy.seen) == 2
        assert_no_secret(BASIC[1], forbidden.stdout, forbidden.stderr)
    assert oxigraph.counts() == {}


def test_secrets_scrubbed_from_store_messages(oxigraph, out, monkeypatch):
    """A store that quotes the request back (here the Authorization header) in an error."""
    monkeypatch.setenv(ENV_USER, BASIC[0])
    monkeypatch.setenv(ENV_PASSWORD, BASIC[1])
    monkeypatch.setenv(ENV_AUTH, "basic")
    with Proxy(oxigraph.base, basic=BASIC, echo_auth_on=1) as proxy:
        result = kg_load("--out", out, "--endpoint", proxy.url + "/store")
    assert (
        result.exit_code == 2
        and "HTTP 400" in result.stderr
        and "bad request from Basic ***" in result.stderr
    )
    import base64

    token = base64.b64encode(f"{BASIC[0]}:{BASIC[1]}".encode()).decode()
    for secret in (BASIC[1], BASIC[0], token):
        assert_no_secret(secret, result.stdout, result.stderr)


def test_credentials_in_the_url_are_refused(out):
    result = kg_load("--out", out, "--endpoint", f"http://{BASIC[0]}:{BASIC[1]}@127.0.0.1:9/store")
    assert result.exit_code == 2 and "credentials in the URL are not accepted" in result.stderr
    assert_no_secret(BASIC[1], result.stdout, result.stderr)
    assert_no_secret(BASIC[0], result.stdout, result.stderr)


def test_credentials_from_env_then_netrc(tmp_path, monkeypatch):
    netrc = tmp_path / "netrc"
    netrc.write_text(
        "machine store.example login alice password n3trc-pw\ndefault login bob password d3f-pw\n"
    )
    environ = {"NETRC": str(netrc)}
    creds = credentials_for("https://store.example:8890/sparql-graph-crud-auth", environ)
    assert (creds.user, creds.password, creds.scheme) == ("alice", "n3trc-pw", "auto")
    assert "n3trc-pw" not in repr(creds) and "alice" not in repr(creds) and str(netrc) in creds.source
    assert credentials_for("http://other.example/store", environ).user == "bob"
    env = environ | {ENV_USER: "carol", ENV_PASSWORD: "env-pw", ENV_AUTH: "Digest"}
    assert (
        credentials_for("https://store.example/", env).user,
        credentials_for("https://x/", env).scheme,
    ) == ("carol", "digest")
    assert credentials_for("http://h/", {"NETRC": str(tmp_path / "none")}) is None
    with pytest.raises(LoadError, match=ENV_PASSWORD):
        credentials_for("http://h/", {ENV_USER: "carol"})
    with pytest.raises(LoadError, match=ENV_AUTH):
        credentials_for("http://h/", {ENV_AUTH: "kerberos"})
    netrc.write_text("machine h login x password secret-in-bad-file oops\n")
    with pytest.raises(LoadError) as bad:
        credentials_for("http://h/", environ)
    assert "secret-in-bad-file" not in str(bad.value)


# --- failures, retries and resuming ----------------------------------------------------


def test_retries_after_500_and_a_connection_cut_midway(oxigraph, out):
    messages = []
    # Requests 1-2 replace graph 1, 3-4 graph 2 (batches of 600): a 500, a connection
    # closed half-way through an upload, a 503 and a 429 are all retried.
    with Proxy(oxigraph.base, faults={2: 500, 4: "close", 5: 503, 8: 429}) as proxy:
        result = load(out, proxy.url + "/store", batch_size=600, backoff=0.01, on_message=messages.append)
    assert result.ok and result.retries == 4, messages
    assert any("HTTP 500" in m for m in messages) and any("closed" in m or "reset" in m for m in messages)
    assert_exact(oxigraph, out)


def test_retries_show_on_stderr_and_a_4xx_is_not_retried(oxigraph, out):
    with Proxy(oxigraph.base, faults={1: 502}) as proxy:
        ok = kg_load("--out", out, "--endpoint", proxy.url + "/store")
    assert ok.exit_code == 0, ok.output
    assert "HTTP 502" in ok.stderr and "retry 1/5" in ok.stderr and "1 retried" in ok.stdout

    for status in (400, 404, 415, 307):  # a redirect is not followed: a PUT could turn into a GET
        with Proxy(oxigraph.base, faults={1: status}) as proxy:
            with pytest.raises(Rejected, match=f"HTTP {status}"):
                load(out, proxy.url + "/store", force=True, backoff=0.01)
            assert len(proxy.seen) == 1


def test_timeouts_are_retried_then_give_up(oxigraph, out):
    with Proxy(oxigraph.base, faults={1: "hang", 2: "hang"}) as proxy:
        started = time.monotonic()
        with pytest.raises(Unreachable, match="no answer within 0.5 s"):
            load(out, proxy.url + "/store", timeout=0.5, retries=1, backoff=0.01)
        assert time.monotonic() - started < 5
        assert len(proxy.seen) == 2


def test_connection_refused_exits_2_in_bounded_time(out):
    port = free_port()  # nothing listens there
    started = time.monotonic()
    result = kg_load(
        "--out", out, "--endpoint", f"http://127.0.0.1:{port}/store", "--retries", "2", "--timeout", "2"
    )
    elapsed = time.monotonic() - started
    assert result.exit_code == 2
    assert (
        f"http://127.0.0.1:{port}/store is unreachable after 3 attempt(s): connection refused"
        in result.stderr
    )
    assert result.stderr.count("retry ") == 2
    assert elapsed < 10


def test_count_mismatch_exits_1_naming_the_graph(oxigraph, out):
    # The proxy answers 204 to the second graph's PUT without passing it on.
    with Proxy(oxigraph.base, faults={2: "swallow"}) as proxy:
        result = kg_load("--out", out, "--endpoint", proxy.url + "/store")
        graphs = sorted(local_graphs(out))
        assert result.exit_code == 1
        assert (
            f"graph <{graphs[1]}>: {len(local_graphs(out)[graphs[1]])} triples in {out}, 0 on the store"
            in result.stderr
        )
        state = json.loads((out / STATE_FILE).read_text())["targets"][proxy.url + "/store"]["graphs"]
        assert graphs[1] not in state and graphs[0] in state  # so the next run sends it again
        fixed = kg_load("--out", out, "--endpoint", proxy.url + "/store")
        assert fixed.exit_code == 0 and "loaded 1 graph(s)" in fixed.stdout
    assert_exact(oxigraph, out)


def test_aborted_load_resumes_with_exactly_the_right_quads(oxigraph, out):
    graphs = sorted(local_graphs(out))
    # Stale triples in a graph that will be half-sent when the load stops.
    oxigraph.run_update(f'INSERT DATA {{ GRAPH <{graphs[1]}> {{ <urn:old> <urn:p> "gone" }} }}')
    first = -(-len(local_graphs(out)[graphs[0]]) // 300)  # batches of 300: graph 0 = requests 1..first
    with Proxy(oxigraph.base, faults={first + 2: 400}) as proxy:  # graph 1's second batch fails
        with pytest.raises(Rejected):
            load(out, proxy.url + "/store", batch_size=300)
        assert oxigraph.counts()[graphs[1]] == 300  # its first batch replaced it, then the load stopped
        proxy.faults.clear()
        resumed = load(out, proxy.url + "/store", batch_size=300)
    assert resumed.ok
    assert [g.action for g in resumed.graphs] == ["skipped", "loaded", "loaded"]
    assert_exact(oxigraph, out)


def test_killed_load_resumes_with_exactly_the_right_quads(oxigraph, out):
    graphs = sorted(local_graphs(out))
    # A first, complete load; then a store that lost one graph and has junk in another.
    assert load(out, oxigraph.gsp).ok
    oxigraph.run_update(f"DROP GRAPH <{graphs[2]}>")
    oxigraph.run_update(f'INSERT DATA {{ GRAPH <{graphs[1]}> {{ <urn:old> <urn:p> "junk" }} }}')
    hang = -(-len(local_graphs(out)[graphs[0]]) // 300) + 3  # graph 0's batches, graph 1's first two
    with Proxy(oxigraph.base, faults={hang: "hang"}) as proxy:
        target = proxy.url + "/store"
        env = {k: v for k, v in os.environ.items() if not k.startswith("KG_LOAD_")}
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "kg.load",
                "load",
                "--out",
                str(out),
                "--endpoint",
                target,
                "--batch-size",
                "300",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            proxy.wait_for(hang)  # graph 0 done, graph 1's first two batches, hanging on the third
        finally:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        state = json.loads((out / STATE_FILE).read_text())["targets"][target]["graphs"]
        assert list(state) == [graphs[0]]
        assert oxigraph.counts()[graphs[1]] == 600  # half-sent

        proxy.faults.clear()
        resumed = load(out, target, batch_size=300)
        assert resumed.ok
        assert [g.action for g in resumed.graphs] == ["skipped", "loaded", "loaded"]
        assert_exact(oxigraph, out)
        # The state says graph 1 is there, but the store must agree (it counts before skipping).
        oxigraph.run_update(f"DROP GRAPH <{graphs[0]}>")
        again = load(out, target)
        assert [g.action for g in again.graphs] == ["loaded", "skipped", "skipped"]
    assert_exact(oxigraph, out)


def test_prune_drops_graphs_no_longer_in_out(oxigraph, out, tmp_path):
    smaller = tmp_path / "smaller"
    shutil.copytree(out, smaller)
    graphs = sorted(local_graphs(out))
    store = ox.Store(str(smaller / "store"))
    store.remove_graph(ox.NamedNode(graphs[0]))
    del store
    state = tmp_path / "state.json"
    assert load(out, oxigraph.gsp, state_file=state).ok
    kept = load(smaller, oxigraph.gsp, state_file=state)
    assert kept.ok and kept.stale == [graphs[0]] and graphs[0] in oxigraph.counts()
    pruned = load(smaller, oxigraph.gsp, state_file=state, prune=True)
    assert pruned.pruned == [graphs[0]] and graphs[0] not in oxigraph.counts()
    assert_exact(oxigraph, smaller)


def test_bad_usage_exits_2(out, tmp_path):
    assert kg_load("--out", out).exit_code == 2  # no endpoint
    nostore = kg_load("--out", tmp_path / "nothing", "--endpoint", "http://127.0.0.1:9/store")
    assert nostore.exit_code == 2 and "kg build" in nostore.stderr
    guess = kg_load("--out", out, "--endpoint", "http://127.0.0.1:9/gsp")
    assert guess.exit_code == 2 and "--query-endpoint" in guess.stderr
    assert kg_load("--out", out, "--endpoint", "ftp://127.0.0.1/store").exit_code == 2
    assert kg_load("--out", out, "--endpoint", "http://127.0.0.1:9/store", "--batch-size", "0").exit_code == 2
