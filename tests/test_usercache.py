"""kg.usercache: costly derived objects built once per version of their sources, and the
language identifier kept there (a build reads its first articles once it is loaded)."""

from __future__ import annotations

import pickle

from kg import language, usercache


def test_an_object_is_built_once_then_read_back_and_a_stale_one_goes(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    (tmp_path / "thing-0123456789abcdef.pickle").write_bytes(pickle.dumps({"from": "old sources"}))
    calls = []

    def build():
        calls.append(1)
        return {"from": "v2"}

    assert usercache.cached("thing", [b"v2"], build) == {"from": "v2"}
    assert usercache.cached("thing", [b"v2"], build) == {"from": "v2"}
    assert len(calls) == 1
    (kept,) = tmp_path.glob("thing-*.pickle")  # the stale one is gone
    assert kept == usercache.path_for("thing", [b"v2"]) != usercache.path_for("thing", [b"v3"])
    kept.write_bytes(b"not a pickle")  # a damaged cache is built again
    assert usercache.cached("thing", [b"v2"], build) == {"from": "v2"} and len(calls) == 2
    assert usercache.cached("thing", [b"v2"], lambda: ["a list"], kind=list) == ["a list"]  # wrong type


def test_no_cache_when_it_is_off_or_its_folder_cannot_be_written(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", "off")
    assert usercache.path_for("thing", [b"v"]) is None
    assert usercache.cached("thing", [b"v"], lambda: 42) == 42
    blocked = tmp_path / "a file"
    blocked.write_text("")
    monkeypatch.setenv("KG_CACHE_DIR", str(blocked / "kg"))  # not a folder: built each time
    assert usercache.cached("thing", [b"v"], lambda: 43) == 43


def test_the_language_identifier_is_read_back_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    language._identifier.cache_clear()
    try:
        built = language._identifier()
        (kept,) = tmp_path.glob("langid-*.pickle")
        language._identifier.cache_clear()
        again = language._identifier()
        assert again is not built  # read from the file
        for text in (
            "Russian troops pulled back from Kharkiv on Sunday, officials said.",
            "Die russischen Truppen zogen sich am Sonntag aus Charkiw zurück.",
            "Les troupes russes se sont retirées de Kharkiv dimanche.",
        ):
            assert again.classify(text) == built.classify(text)
        assert kept.stat().st_size > 1_000_000
    finally:
        language._identifier.cache_clear()
