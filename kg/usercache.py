"""kg's cache of costly derived objects, in the user's cache folder, built once per version of
their sources: the gazetteer's index (:mod:`kg.gazetteer`) and the language identifier's model
(:mod:`kg.language`).

The folder is ``$KG_CACHE_DIR`` if set (``off`` turns the cache off), else
``$XDG_CACHE_HOME/kg`` (default ``~/.cache/kg``). Each object is one pickle named after what it
is built from (``NAME-{digest}.pickle``); a stale one (another digest) is removed when the new
one is written, and an unreadable one is built again.

>>> import os
>>> os.environ["KG_CACHE_DIR"] = "off"
>>> cached("example", [b"v1"], lambda: {"built": True})
{'built': True}
>>> del os.environ["KG_CACHE_DIR"]
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def folder() -> Path | None:
    """The cache folder, or None when the cache is off."""
    chosen = os.environ.get("KG_CACHE_DIR")
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kg"


def path_for(name: str, sources: Iterable[bytes]) -> Path | None:
    """Where the object ``name`` built from ``sources`` (bytes that change whenever it would) is
    kept, or None when the cache is off."""
    where = folder()
    if where is None:
        return None
    digest = hashlib.sha256()
    for source in sources:
        digest.update(hashlib.sha256(source).digest())
    return where / f"{name}-{digest.hexdigest()[:16]}.pickle"


def cached(name: str, sources: Iterable[bytes], build: Callable[[], T], kind: type | None = None) -> T:
    """The object ``name`` read from the cache, else ``build()`` and kept there (when the folder
    can be written); ``kind``, when given, is the type the cached object must have."""
    path = path_for(name, sources)
    if path is not None:
        try:
            with open(path, "rb") as f:
                found = pickle.load(f)
            if kind is None or isinstance(found, kind):
                return found
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
            pass  # no cache yet, or an unreadable one: build it again
    built = build()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.tmp")
            with open(partial, "wb") as f:
                pickle.dump(built, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(partial, path)  # atomic: a concurrent build reads all of it or nothing
            for stale in path.parent.glob(f"{name}-*.pickle"):  # built from other versions
                if stale != path:
                    stale.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only home: build it each time
    return built
