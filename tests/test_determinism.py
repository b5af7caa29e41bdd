"""The same input gives byte-identical sorted N-Quads, whatever the file names or order."""

from __future__ import annotations

import shutil

from conftest import SEEDS
from kg.build import build
from kg.store import export, open_store


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


def test_build_twice_into_same_out_replaces_it(tmp_path, monkeypatch):
    out = tmp_path / "out"
    one = _nquads([SEEDS], out, monkeypatch)
    two = _nquads([SEEDS], out, monkeypatch)
    assert one == two
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
