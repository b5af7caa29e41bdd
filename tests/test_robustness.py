"""Hostile and broken input, crashes and concurrency (issue 7): kg keeps working and loses nothing.

Each bad input is made here, by the test. The real model runs; one build covers the corpus.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from builders import SEEDS

from kg.store import open_store, query

KG = str(Path(sys.executable).parent / "kg")
GOOD = "Russian troops pulled back from Kharkiv on Sunday, Ukrainian officials said in Kyiv."


def _article(headline: str, body: str = GOOD) -> str:
    return f"{headline}\n\n{body}\n"


@pytest.fixture(scope="module")
def bad_corpus(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("bad")
    (d / "empty.txt").write_text("")
    (d / "blank.txt").write_text("  \n\t\n  ")
    (d / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(512))
    with zipfile.ZipFile(d / "archive.txt", "w") as z:
        z.writestr("a.txt", "hello " * 100)
    (d / "latin1.txt").write_bytes(
        _article("Caf\xe9 reopens in Kyiv", GOOD + " The caf\xe9 owner said business was returning.").encode(
            "latin-1"
        )
    )
    (d / "cp1252.txt").write_bytes(
        _article("\x93Shelling\x94 near Kharkiv", GOOD + " \x93It was loud\x94, a resident said.").encode(
            "latin-1"
        )
    )
    (d / "utf16.txt").write_bytes(b"\xff\xfe" + _article("UTF-16 report from Izyum").encode("utf-16-le"))
    (d / "huge.txt").write_text(_article("A very long article", "Kharkiv news. " * 3_600_000))  # 50 MB
    (d / "german.txt").write_text(
        _article(
            "Russische Truppen ziehen sich zurück",
            "Die russischen Truppen haben sich am Sonntag aus der Umgebung von Charkiw "
            "zurückgezogen, teilten ukrainische Beamte mit. Die Stadt wurde wochenlang beschossen.",
        )
    )
    (d / "page.html").write_text(
        "<html><head><title>Strike on Dergachi</title><style>body{color:red}</style>"
        "<script>var secret = 'SCRIPT-TEXT-MUST-NOT-APPEAR';</script></head><body><article>"
        "<h1>Strike on Dergachi</h1><p>" + GOOD + "</p><p>Firefighters doused the wreckage "
        "in Dergachi after an overnight missile attack, local officials said.</p></article>"
        "</body></html>"
    )
    (d / "feed.jsonl").write_text(
        "\n".join(
            [
                json.dumps({"title": "Good JSON line", "text": GOOD}),
                "{this is not json",
                json.dumps({"title": 42, "text": ["not", "a", "string"]}),
                json.dumps(
                    {
                        "title": "Wrong types elsewhere",
                        "text": GOOD + " Again.",
                        "url": ["x"],
                        "published": 2022,
                        "outlet": {"name": "x"},
                    }
                ),
            ]
        )
        + "\n"
    )
    (d / "copy of seed.txt").write_bytes((SEEDS / "000_45a644dd4072bac6.txt").read_bytes())
    (d / "original.txt").write_bytes((SEEDS / "000_45a644dd4072bac6.txt").read_bytes())
    (d / "near copy.txt").write_text((SEEDS / "000_45a644dd4072bac6.txt").read_text().replace(",", " -"))
    (d / "name with\nnewline é 中.txt").write_text(_article("Odd file name", GOOD + " Odd."))
    (d / "dangling.txt").symlink_to(d / "does-not-exist.txt")
    os.mkfifo(d / "pipe.txt")
    (d / "loop").mkdir()
    (d / "loop" / "up").symlink_to(d, target_is_directory=True)
    return d


@pytest.fixture(scope="module")
def bad_build(bad_corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("badout") / "out"
    run = subprocess.run(
        [KG, "build", str(bad_corpus), "--out", str(out)], capture_output=True, text=True, timeout=600
    )
    return run, out, json.loads((out / "report.json").read_text())


def _reason(report, name_part: str) -> str:
    found = [s["reason"] for s in report["skipped"] if name_part in s["source"]]
    assert found, f"{name_part} was not reported as skipped"
    return found[0]


def _read(report, name_part: str) -> dict:
    found = [a for a in report["articles"] if name_part in a["source"]]
    assert found, f"{name_part} was not read"
    return found[0]


@pytest.mark.model
def test_the_run_goes_on_and_exits_0(bad_build):
    run, _, report = bad_build
    assert run.returncode == 0, run.stderr
    assert report["counts"]["articles"] == 8  # the readable ones, none lost
    # the summary is all there though the process ends without tearing down (kg.cli.main)
    assert "articles: 8" in run.stdout and run.stdout.rstrip().endswith("graph.html")


@pytest.mark.parametrize(
    "name, words",
    [
        ("empty.txt", "empty"),
        ("blank.txt", "empty"),
        ("image.txt", "binary"),
        ("archive.txt", "binary"),
        ("huge.txt", "longer than the limit"),
        ("german.txt", "language 'de'"),
        ("feed.jsonl:2", "malformed JSON"),
        ("feed.jsonl:3", "no 'text'"),
        ("original.txt", "duplicate of"),
        ("near copy.txt", "near-duplicate"),
        ("dangling.txt", ""),
        ("pipe.txt", "not a regular file"),
    ],
)
@pytest.mark.model
def test_each_bad_input_is_skipped_with_a_reason_on_stderr_and_in_the_report(bad_build, name, words):
    run, _, report = bad_build
    reason = _reason(report, name)
    assert words in reason
    assert name.split(":")[0].split(" ")[0] in run.stderr


@pytest.mark.parametrize(
    "name, encoding", [("latin1.txt", None), ("cp1252.txt", "cp1252"), ("utf16.txt", "utf-16")]
)
@pytest.mark.model
def test_other_encodings_are_detected_decoded_and_recorded(bad_build, name, encoding):
    run, _out, report = bad_build
    article = _read(report, name)
    assert article["encoding"] != "utf-8"
    if encoding:
        assert article["encoding"] == encoding
    assert f"{name} is not UTF-8 text; decoded as" in run.stderr


@pytest.mark.model
def test_decoded_text_is_right(bad_build):
    _, out, _ = bad_build
    rows = list(
        query(
            open_store(out),
            """SELECT ?h WHERE { ?a schema:headline ?h
        FILTER(CONTAINS(?h, "Caf") || CONTAINS(?h, "Shelling")) }""",
        )
    )
    assert {r["h"].value for r in rows} == {"Café reopens in Kyiv", "“Shelling” near Kharkiv"}


@pytest.mark.model
def test_html_scripts_and_styles_stay_out_of_the_text(bad_build):
    _, out, report = bad_build
    _read(report, "page.html")
    texts = [r["t"].value for r in query(open_store(out), "SELECT ?t WHERE { ?a nif:isString ?t }")]
    assert any("Dergachi" in t for t in texts)
    assert not any("SCRIPT-TEXT-MUST-NOT-APPEAR" in t or "color:red" in t for t in texts)


@pytest.mark.model
def test_odd_file_names_and_wrong_field_types_are_read(bad_build):
    _, _, report = bad_build
    _read(report, "newline")
    _read(report, "feed.jsonl")  # the good line and the one with wrong optional fields


@pytest.mark.model
def test_the_long_unpunctuated_sentence_is_processed(tmp_path):
    words = ["troops", "city", "Kharkiv", "forces", "Russian", "attack", "and", "from", "Kyiv"]
    text = " ".join(words[i % len(words)] for i in range(40_000))[:200_000]
    (tmp_path / "long.txt").write_text("A headline\n\n" + text)
    run = subprocess.run(
        [KG, "build", str(tmp_path / "long.txt"), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads((tmp_path / "out" / "report.json").read_text())["counts"]["articles"] == 1


# -- crash safety and concurrency -----------------------------------------------


def _articles_and_quads(out: Path) -> tuple[int, int]:
    store = open_store(out)
    articles = int(
        next(iter(query(store, "SELECT (COUNT(?a) AS ?n) WHERE { ?a a schema:NewsArticle }")))["n"].value
    )
    quads = int(
        next(iter(query(store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")))["n"].value
    )
    return articles, quads


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The quads of a clean build of one seed, and of both."""
    base = tmp_path_factory.mktemp("ref")
    one = base / "one"
    one.mkdir()
    (one / "a.txt").write_bytes((SEEDS / "000_45a644dd4072bac6.txt").read_bytes())
    subprocess.run([KG, "build", str(one), "--out", str(base / "out1")], check=True, capture_output=True)
    subprocess.run([KG, "build", str(SEEDS), "--out", str(base / "out2")], check=True, capture_output=True)
    return one, _articles_and_quads(base / "out1"), _articles_and_quads(base / "out2")


@pytest.mark.model
@pytest.mark.parametrize("delay", [0.5, 2.5, 4.5, 7.0])  # reading, model, extraction, writing
def test_kill_9_at_any_point_leaves_the_previous_out_and_the_next_run_completes(tmp_path, reference, delay):
    one, before, after = reference
    out = tmp_path / "out"
    subprocess.run([KG, "build", str(one), "--out", str(out)], check=True, capture_output=True)
    assert _articles_and_quads(out) == before
    proc = subprocess.Popen(
        [KG, "build", str(SEEDS), "--out", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert _articles_and_quads(out) in (before, after)  # the old graph or the new one, whole
    done = subprocess.run([KG, "build", str(SEEDS), "--out", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert _articles_and_quads(out) == after  # no duplicates, nothing lost
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", "out"]


@pytest.mark.model
def test_a_second_build_on_the_same_out_refuses_or_waits(tmp_path, reference):
    one, _, after = reference
    out = tmp_path / "out"
    first = subprocess.Popen(
        [KG, "build", str(SEEDS), "--out", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 30
        while not (tmp_path / ".out.lock").exists() or not (tmp_path / ".out.lock").read_text():
            assert time.monotonic() < deadline
            time.sleep(0.05)
        refused = subprocess.run([KG, "build", str(one), "--out", str(out)], capture_output=True, text=True)
        assert refused.returncode == 2 and "is being written by kg (pid" in refused.stderr
        waited = subprocess.run(
            [KG, "build", str(one), "--out", str(out), "--wait", "120"], capture_output=True, text=True
        )
        assert waited.returncode == 0, waited.stderr
    finally:
        first.wait(timeout=120)
    assert first.returncode == 0
    assert _articles_and_quads(out) == after


@pytest.fixture()
def small_fs(tmp_path):
    """A real 16 MB filesystem (tmpfs); root can mount one here, as in CI."""
    mount = tmp_path / "fs"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mount)], capture_output=True, text=True
    )
    if made.returncode != 0:
        pytest.fail(f"cannot mount a tmpfs to test a full disk: {made.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.mark.model
def test_a_full_disk_gives_a_clear_error_and_keeps_the_previous_state(small_fs, reference):
    one, before, _ = reference
    out = small_fs / "out"
    subprocess.run([KG, "build", str(one), "--out", str(out)], check=True, capture_output=True)
    free = os.statvfs(small_fs).f_bavail * os.statvfs(small_fs).f_frsize
    filler = small_fs / "filler"
    with open(filler, "wb") as fh:  # leave about 200 kB
        fh.write(b"\0" * max(0, free - 200_000))
    full = subprocess.run([KG, "build", str(SEEDS), "--out", str(out)], capture_output=True, text=True)
    assert full.returncode == 2
    assert "cannot write" in full.stderr and "No space left" in full.stderr
    assert _articles_and_quads(out) == before
    assert not list(small_fs.glob(".out.building-*"))
    filler.unlink()
    again = subprocess.run([KG, "build", str(SEEDS), "--out", str(out)], capture_output=True, text=True)
    assert again.returncode == 0, again.stderr


@pytest.mark.model
def test_a_read_only_out_gives_a_clear_error_and_keeps_the_previous_state(small_fs, reference):
    one, before, _ = reference
    out = small_fs / "out"
    subprocess.run([KG, "build", str(one), "--out", str(out)], check=True, capture_output=True)
    subprocess.run(["mount", "-o", "remount,ro", str(small_fs)], check=True)
    refused = subprocess.run([KG, "build", str(SEEDS), "--out", str(out)], capture_output=True, text=True)
    assert refused.returncode == 2
    assert "cannot write" in refused.stderr and "Read-only file system" in refused.stderr
    assert _articles_and_quads(out) == before
