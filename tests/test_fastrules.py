"""kg.fastrules: the fast attribute ruler and lemmatizer annotate exactly as spaCy's own.

By hand (no model): rules that overlap (a later one wins), multi-token rules with positive and
negative indices, a regular expression, a lemmatizer's rules, word list and exceptions.  With the
real model: the seeds and 60 BBC News articles (the first five of each category's files, from
../shared/data), every token's tag, POS, morphology, lemma, dependency and entity compared.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
import pytest
import spacy
from builders import ROOT, SEEDS
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, ORTH, POS, TAG
from spacy.lookups import Lookups
from spacy.tokens import Doc

from kg.fastrules import FastAttributeRuler, FastLemmatizer, speed_up

ATTRS = [ORTH, TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_TYPE, ENT_IOB]
BBC = Path(os.environ.get("KG_EVAL_DATA", ROOT.parent / "shared" / "data")) / "bbc_news"

RULES = [
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
    {"patterns": [[{"TAG": "NNS"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Plur"}},
    {"patterns": [[{"TAG": "VBD"}]], "attrs": {"POS": "VERB", "MORPH": "Tense=Past|VerbForm=Fin"}},
    {"patterns": [[{"TAG": "EX"}]], "attrs": {"POS": "PRON"}},
    {"patterns": [[{"TAG": "VBZ"}]], "attrs": {"POS": "AUX", "MORPH": "Number=Sing"}},
    # later rules win over the tag map
    {"patterns": [[{"LOWER": "geese", "TAG": "NNS"}]], "attrs": {"MORPH": "Number=Plur|Animacy=Anim"}},
    {"patterns": [[{"LOWER": {"REGEX": "^nothin'?$"}}]], "attrs": {"LEMMA": "nothing", "POS": "PRON"}},
    {"patterns": [[{"LOWER": {"IN": ["ran", "flew"]}, "DEP": "ROOT"}]], "attrs": {"LEMMA": "move"}},
    # multi-token rules, on the second token and on the last one
    {"patterns": [[{"DEP": "expl"}, {"LOWER": {"IN": ["is", "was"]}}]], "attrs": {"POS": "VERB"}, "index": 1},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "go"}, "index": 0},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": -1},
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"LEMMA": "thing"}},  # after the multi-token ones
]
WORDS = [
    "There",
    "is",
    "nothing",
    "the",
    "geese",
    "ran",
    "from",
    ";",
    "there",
    "was",
    "nothin'",
    "gon",
    "na",
    "stop",
    "them",
    ";",
    "Geese",
    "flew",
]
TAGS = [
    "EX",
    "VBZ",
    "NN",
    "DT",
    "NNS",
    "VBD",
    "IN",
    ":",
    "EX",
    "VBD",
    "NN",
    "VBG",
    "TO",
    "VB",
    "PRP",
    ":",
    "NNS",
    "VBD",
]
DEPS = [
    "expl",
    "ROOT",
    "attr",
    "det",
    "nsubj",
    "relcl",
    "prep",
    "punct",
    "expl",
    "ROOT",
    "attr",
    "aux",
    "aux",
    "acl",
    "dobj",
    "punct",
    "nsubj",
    "ROOT",
]


def _doc(nlp) -> Doc:
    return Doc(nlp.vocab, words=WORDS, tags=TAGS, deps=DEPS, heads=list(range(len(WORDS))))


def test_attribute_ruler_by_hand_as_spacy():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(RULES)
    fast = FastAttributeRuler(ruler)
    assert FastAttributeRuler.applies_to(ruler)
    slow_doc, fast_doc = ruler(_doc(nlp)), fast(_doc(nlp))
    assert np.array_equal(slow_doc.to_array(ATTRS), fast_doc.to_array(ATTRS))
    assert [t.pos_ for t in fast_doc][:3] == ["PRON", "VERB", "NOUN"]  # the rules were applied
    assert fast_doc[4].morph.get("Animacy") == ["Anim"] and fast_doc[12].lemma_ == "to"
    assert (fast_doc[10].pos_, fast_doc[10].lemma_) == ("PRON", "thing")  # the last rule's lemma
    assert fast(_doc(nlp)).to_array(ATTRS).tolist() == slow_doc.to_array(ATTRS).tolist()  # cached


def test_attribute_ruler_with_other_patterns_is_left_to_spacy():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns([{"patterns": [[{"TAG": "NN", "OP": "+"}]], "attrs": {"POS": "NOUN"}}])
    assert not FastAttributeRuler.applies_to(ruler)
    assert speed_up(nlp) == []


def _lemmatizer(nlp):
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "rule"})
    lookups = Lookups()
    lookups.add_table(
        "lemma_rules", {"noun": [["s", ""], ["es", ""], ["'s", ""]], "verb": [["ed", ""], ["ed", "e"]]}
    )
    lookups.add_table("lemma_index", {"noun": ["cat", "box"], "verb": ["stop", "move"]})
    lookups.add_table("lemma_exc", {"noun": {"geese": ["goose"]}, "verb": {"ran": ["run"]}})
    lemmatizer.initialize(lookups=lookups)
    return lemmatizer


def test_lemmatizer_by_hand_as_spacy():
    nlp = spacy.blank("en")
    lemmatizer = _lemmatizer(nlp)
    words = ["cats", "boxes", "geese", "foxes", "dog's", "stopped", "moved", "ran", "Paris", "walked"]
    pos = ["NOUN", "NOUN", "NOUN", "NOUN", "NOUN", "VERB", "VERB", "VERB", "PROPN", "VERB"]
    morphs = ["Number=Plur"] * 5 + ["Tense=Past|VerbForm=Fin"] * 3 + ["Number=Sing", "VerbForm=Inf"]

    def doc():
        return Doc(nlp.vocab, words=words, pos=pos, morphs=morphs)

    fast = FastLemmatizer(lemmatizer)
    assert FastLemmatizer.applies_to(lemmatizer)
    expected = [t.lemma_ for t in lemmatizer(doc())]
    assert expected == ["cat", "box", "goose", "foxe", "dog'", "stopp", "move", "run", "Paris", "walked"]
    assert [t.lemma_ for t in fast(doc())] == expected
    assert [t.lemma_ for t in fast(doc())] == expected  # from its cache


def _texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    if not BBC.is_dir():
        if os.environ.get("CI"):
            raise RuntimeError(f"the evaluation data is missing: {BBC} (CI must have ../shared/data)")
        print(f"\n*** the fast rules are compared on the seeds only: no data at {BBC} ***\n", file=sys.stderr)
        return texts
    for category in sorted(p for p in BBC.iterdir() if p.is_dir()):
        texts += [p.read_text(encoding="latin-1") for p in sorted(category.glob("*.txt"))[:5]]
    return texts


@pytest.mark.model
def test_the_models_annotations_unchanged_on_real_articles():
    from kg.nlp import resolve_model_name

    stock = spacy.load(resolve_model_name(), exclude=["senter"])
    fast = spacy.load(resolve_model_name(), exclude=["senter"])
    assert speed_up(fast) == ["attribute_ruler", "lemmatizer"]
    texts = _texts()
    differing = [
        i
        for i, (a, b) in enumerate(zip(stock.pipe(texts), fast.pipe(texts), strict=True))
        if not np.array_equal(a.to_array(ATTRS), b.to_array(ATTRS))
    ]
    assert len(texts) >= 6 and differing == []


def test_full_caches_start_again(monkeypatch):
    import kg.fastrules

    monkeypatch.setattr(kg.fastrules, "MAX_CACHED", 2)
    test_attribute_ruler_by_hand_as_spacy()
    test_lemmatizer_by_hand_as_spacy()


def test_a_ruler_of_multi_token_rules_only():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns([r for r in RULES if len(r["patterns"][0]) > 1])
    fast = FastAttributeRuler(ruler)
    assert np.array_equal(ruler(_doc(nlp)).to_array(ATTRS), fast(_doc(nlp)).to_array(ATTRS))
    assert fast(_doc(nlp))[12].lemma_ == "to"
