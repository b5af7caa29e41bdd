"""Which language an article is in, so that no text goes through the English model in silence.

>>> detect("Russian troops pulled back from Kharkiv on Sunday, officials said.")[0]
'en'
>>> detect("Die russischen Truppen zogen sich am Sonntag aus Charkiw zurück.")[0]
'de'
"""

from __future__ import annotations

from functools import lru_cache

SAMPLE_CHARS = 5000  # enough text to tell; long articles are not read whole
MIN_CHARS = 100  # shorter texts are too short to tell reliably: kept
MIN_CONFIDENCE = 0.8
ENGLISH = "en"


@lru_cache(maxsize=1)
def _identifier():
    """py3langid's identifier, read from kg's cache (:mod:`kg.usercache`): built from its
    LZMA-compressed model it takes 0.47 s, read back 0.07 s (2026-12-06), and a build reads its
    first articles only once it is loaded: the model's worker, loaded by then, waited for them."""
    from importlib import metadata

    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from . import usercache

    def build():
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

    return usercache.cached(
        "langid", [f"py3langid={metadata.version('py3langid')}".encode()], build, LanguageIdentifier
    )


def detect(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, probability) of the language of ``text``."""
    code, probability = _identifier().classify(text[:SAMPLE_CHARS])
    return code, float(probability)


def not_english(text: str) -> str | None:
    """Why ``text`` should not go through the English pipeline, or None if it may."""
    if len(text.strip()) < MIN_CHARS:
        return None
    code, probability = detect(text)
    if code == ENGLISH or probability < MIN_CONFIDENCE:
        return None
    return (
        f"the text is in language '{code}' (probability {probability:.2f}), not English: "
        "kg's extraction and model are English, so it was left out"
    )
