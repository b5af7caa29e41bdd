"""The same input gives byte-identical sorted N-Quads, whatever the file names or order."""

from __future__ import annotations

import re
import shutil

import pytest
from builders import SEEDS

from kg.build import build
from kg.store import export, open_store

pytestmark = pytest.mark.model


def _nquads(paths, out, monkeypatch) -> bytes:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build(paths, out, on_skip=lambda s: None)
    return export(open_store(out), "nq")


def test_same_input_same_bytes(tmp_path, monkeypatch):
    first = _nquads([SEEDS], tmp_path / "a", monkeypatch)
    renamed = tmp_path / "renamed"
    renamed.mkdir()
    for i, f in enumerate(sorted(SEEDS.glob("*.txt"), reverse=True)):
        shutil.copy(f, renamed / f"z{i}-{f.name}")
    second = _nquads(sorted(renamed.glob("*.txt"), reverse=True), tmp_path / "b", monkeypatch)
    # kg:sourceFile names the file, so compare everything else byte for byte
    strip = lambda data: b"\n".join(l for l in data.splitlines() if b"ns#sourceFile" not in l)
    assert strip(first) == strip(second)
    assert first == _nquads([SEEDS], tmp_path / "c", monkeypatch)


def test_rebuilding_the_same_input_changes_nothing(tmp_path, monkeypatch):
    out = tmp_path / "out"
    one = _nquads([SEEDS], out, monkeypatch)
    stamp = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")  # a later build would stamp its time
    result = build([SEEDS], out, on_skip=lambda s: None)
    assert not result.changed and len(result.unchanged) == 2
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == stamp
    assert export(open_store(out), "nq") == one
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", "out"]  # no staging left


def _events_named_by_mentions(nquads: bytes) -> list[str]:
    """N-Quads with each event IRI replaced by the sorted list of its trigger mentions."""
    lines = nquads.decode("utf-8").splitlines()
    mentions: dict[str, list[str]] = {}
    for line in lines:
        s, p, o = line.split(" ", 3)[:3]
        if "/id/event/" in s and p.endswith("gaf#denotedBy>"):
            mentions.setdefault(s, []).append(o)
    names = {iri: "<event:" + "|".join(sorted(ms)) + ">" for iri, ms in mentions.items()}
    pattern = re.compile("|".join(map(re.escape, names)))
    return sorted(pattern.sub(lambda m: names[m.group()], line) for line in lines)


def test_adding_articles_one_by_one_gives_the_same_graph_as_together(tmp_path, monkeypatch):
    together = _nquads([SEEDS], tmp_path / "together", monkeypatch)
    first, second = sorted(SEEDS.glob("*.txt"))
    _nquads([first], tmp_path / "step", monkeypatch)
    stepwise = _nquads([second], tmp_path / "step", monkeypatch)
    # same nodes, facts and provenance; an event keeps the IRI minted when it was first seen
    assert _events_named_by_mentions(stepwise) == _events_named_by_mentions(together)
    entities = lambda data: sorted(
        set(re.findall(rb"<[^>]*/id/(?:person|organization|place|group)/[^>]*>", data))
    )
    assert entities(stepwise) == entities(together)
