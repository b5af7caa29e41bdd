"""``kg view`` options on a hand-built OUT/store: files, defaults and usage errors."""

from __future__ import annotations

import pyoxigraph
import pytest
from builders import (
    HOSTILE_PLACE,
    KHARKIV,
    SCRIPT,
    ZELENSKY,
    dataset,
    datasets,
    make_store,
    places_dataset,
)
from typer.testing import CliRunner

from kg.cli import app
from kg.outdir import STORE_DIR

runner = CliRunner()


def kg(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    """An OUT directory whose store holds both hand-built datasets."""
    out = tmp_path_factory.mktemp("cli") / "out"
    (out / STORE_DIR).mkdir(parents=True)
    disk = pyoxigraph.Store(str(out / STORE_DIR))
    for ds in (dataset(), places_dataset()):
        disk.bulk_extend(make_store(ds))
    disk.flush()
    del disk
    return out


@pytest.mark.parametrize(
    "args, name",
    [
        ((), "graph.html"),
        (("--events",), "events.html"),
        (("--sources",), "sources.html"),
        (("--map",), "map.html"),
        (("--timeline",), "timeline.html"),
        (("--focus", "Kharkiv"), "focus.html"),
    ],
)
def test_default_outputs(out, args, name):
    result = kg("view", "--out", out, *args)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str((out / name).resolve())
    page = (out / name).read_text(encoding="utf-8")
    assert SCRIPT not in page and "<script src" not in page


def test_network_options(out, tmp_path):
    target = tmp_path / "sub" / "z.html"
    result = kg("view", "--out", out, "--focus", "volodymyr zelensky", "--hops", "1", "-o", target)
    assert result.exit_code == 0, result.output
    ids = {n["id"] for n in datasets(target.read_text(encoding="utf-8"), "nodes")}
    assert str(ZELENSKY) in ids and str(HOSTILE_PLACE) not in ids
    assert kg("view", "--out", out, "--max-nodes", "3", "-o", tmp_path / "top.html").exit_code == 0
    top = (tmp_path / "top.html").read_text(encoding="utf-8")
    assert len(datasets(top, "nodes")) == 3 and 'id="kg-omitted"' in top


def test_query_option(out, tmp_path):
    rq = tmp_path / "places.rq"
    rq.write_text("CONSTRUCT { ?e sem:hasPlace ?p } WHERE { ?e sem:hasPlace ?p }", encoding="utf-8")
    result = kg("view", "--out", out, "--query", rq)
    assert result.exit_code == 0, result.output
    nodes = {n["id"] for n in datasets((out / "query.html").read_text(encoding="utf-8"), "nodes")}
    assert str(KHARKIV) in nodes and str(ZELENSKY) not in nodes


def test_usage_errors_exit_2(out, tmp_path):
    select = tmp_path / "select.rq"
    select.write_text("SELECT * WHERE { ?s ?p ?o }", encoding="utf-8")
    broken = tmp_path / "broken.rq"
    broken.write_text("CONSTRUCT { ?s ?p } WHERE {", encoding="utf-8")
    cases = [
        (("--events", "--map"), "choose one of"),
        (("--map", "--focus", "Kharkiv"), "apply to network views"),
        (("--timeline", "--max-nodes", "3"), "apply to network views"),
        (("--query", select), "CONSTRUCT"),
        (("--query", broken), "invalid SPARQL"),
        (("--query", tmp_path / "missing.rq"), "cannot read"),
        (("--focus", '"} DROP ALL ; #'), "no node named"),
        (("--focus", "Nobody [bold]at all[/bold]"), "Nobody [bold]at all[/bold]"),
    ]
    for args, message in cases:
        result = kg("view", "--out", out, *args)
        assert result.exit_code == 2, (args, result.output)
        assert message in " ".join(result.output.split()), (args, result.output)
    assert kg("view", "--out", tmp_path / "nothing").exit_code == 2
    again = kg("view", "--out", out, "--focus", "Kharkiv", "-o", tmp_path / "k.html")
    assert again.exit_code == 0  # the store is intact after the hostile focus
