"""The kg command: exit codes, bad input, formats. Builds use the real model."""

from __future__ import annotations

import json
import shutil
import zipfile

import pytest
from builders import SEEDS
from rdflib import Dataset, Graph
from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()


def kg(*args: str):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture()
def bad_inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_text("")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    (folder / "feed.jsonl").write_text('{"title": "No text here"}\n{not json\n')
    with zipfile.ZipFile(folder / "archive.txt", "w") as z:
        z.writestr("a.txt", "hello")
    return folder


@pytest.mark.model
def test_build_skips_bad_input_and_goes_on(tmp_path, bad_inputs):
    shutil.copy(SEEDS / "000_45a644dd4072bac6.txt", bad_inputs / "good.txt")
    (bad_inputs / "latin1.txt").write_bytes(
        "Kyiv caf\xe9 report\n\nThe caf\xe9 in Kyiv reopened, officials said on Monday.".encode("latin-1")
    )
    out = tmp_path / "out"
    result = kg("build", bad_inputs, "--out", out)
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text())
    skipped = {s["source"].rsplit("/", 1)[-1].split(":")[0]: s["reason"] for s in report["skipped"]}
    assert set(skipped) == {"empty.txt", "image.txt", "notes.pdf", "feed.jsonl", "archive.txt"}
    assert "empty" in skipped["empty.txt"]
    assert "binary" in skipped["image.txt"]
    assert "unsupported" in skipped["notes.pdf"]
    assert report["counts"]["articles"] == 2
    latin1 = [a for a in report["articles"] if a["source"].endswith("latin1.txt")]
    assert latin1 and latin1[0]["encoding"] != "utf-8"
    assert "latin1.txt is not UTF-8 text; decoded as" in result.stderr
    for name in skipped:  # each skip is named on stderr with its reason
        assert name in result.stderr
    assert "articles: 2" in result.stdout


@pytest.mark.model
def test_no_usable_input_exits_2_and_keeps_previous_out(tmp_path, bad_inputs):
    out = tmp_path / "out"
    assert kg("build", SEEDS, "--out", out).exit_code == 0
    before = (out / "graph.trig").read_bytes()
    result = kg("build", bad_inputs, "--out", out)
    assert result.exit_code == 2
    assert "no usable article" in result.stderr
    assert (out / "graph.trig").read_bytes() == before
    assert [p.name for p in tmp_path.glob(".out.*")] == [".out.lock"], "a staging directory was left"


def test_missing_model_is_a_clear_error(tmp_path):
    result = kg("build", SEEDS, "--out", tmp_path / "out", "--model", "en_core_web_nonexistent")
    assert result.exit_code == 2
    assert "not installed" in result.stderr and "requirements-model.txt" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.model
def test_query_formats_and_errors(seeds_out, tmp_path):
    q = "SELECT ?l WHERE { ?p a schema:Person ; rdfs:label ?l } ORDER BY ?l"
    table = kg("query", q, "--out", seeds_out)
    assert table.exit_code == 0 and "Volodymyr Zelensky" in table.stdout
    csv = kg("query", q, "--out", seeds_out, "--format", "csv")
    assert csv.stdout.splitlines()[0] == "l" and "Volodymyr Zelensky" in csv.stdout
    js = json.loads(kg("query", q, "--out", seeds_out, "--format", "json").stdout)
    assert "Volodymyr Zelensky" in [b["l"]["value"] for b in js["results"]["bindings"]]
    rq = tmp_path / "q.rq"
    rq.write_text("ASK { ?x a sem:Event }")
    assert kg("query", rq, "--out", seeds_out).stdout.strip() == "true"
    assert kg("query", "SELECT WHERE {", "--out", seeds_out).exit_code == 2
    assert kg("query", tmp_path / "missing.rq", "--out", seeds_out).exit_code == 2
    assert kg("query", q, "--out", tmp_path / "nothing-here").exit_code == 2


@pytest.mark.model
@pytest.mark.parametrize("fmt,parse_as", [("trig", "trig"), ("nq", "nquads"), ("jsonld", "json-ld")])
def test_export_parses_back_to_the_same_dataset(seeds_out, fmt, parse_as):
    result = runner.invoke(app, ["export", "--out", str(seeds_out), "--format", fmt])
    assert result.exit_code == 0
    exported = Dataset()
    exported.parse(data=result.stdout_bytes, format=parse_as)
    reference = Dataset()
    reference.parse(seeds_out / "graph.trig", format="trig")
    graphs = {str(g.identifier) for g in exported.graphs() if len(g)}
    assert graphs == {str(g.identifier) for g in reference.graphs() if len(g)}
    assert len(exported) == len(reference) > 1000


@pytest.mark.model
def test_export_turtle_is_the_union(seeds_out):
    result = runner.invoke(app, ["export", "--out", str(seeds_out), "--format", "ttl"])
    g = Graph().parse(data=result.stdout, format="turtle")
    assert len(g) > 1000


@pytest.mark.model
def test_stats_and_validate(seeds_out):
    stats = kg("stats", "--out", seeds_out)
    assert stats.exit_code == 0 and "articles: 2" in stats.stdout
    valid = kg("validate", "--out", seeds_out)
    assert valid.exit_code == 0 and "conforms" in valid.stdout


@pytest.mark.model
def test_validate_exits_1_on_a_nonconforming_graph(seeds_out, tmp_path):
    import pyoxigraph as ox

    broken = tmp_path / "broken"
    shutil.copytree(seeds_out, broken)
    store = ox.Store(str(broken / "store"))
    mention = next(
        iter(
            store.quads_for_pattern(
                None,
                ox.NamedNode("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf"),
                None,
            )
        )
    )
    store.remove(mention)
    store.add(ox.Quad(mention.subject, mention.predicate, ox.Literal("not the text"), mention.graph_name))
    store.flush()
    del store
    result = kg("validate", "--out", broken)
    assert result.exit_code == 1, result.output
    assert "does not conform" in result.stdout


@pytest.mark.model
def test_view_writes_html(seeds_out, tmp_path):
    target = tmp_path / "view.html"
    result = kg("view", "--out", seeds_out, "-o", target)
    assert result.exit_code == 0
    page = target.read_text(encoding="utf-8")
    assert "Volodymyr Zelensky" in page and '<script src="http' not in page


def test_usage_error_exits_2():
    assert kg("build").exit_code == 2
    assert kg("export", "--format", "xml").exit_code == 2
