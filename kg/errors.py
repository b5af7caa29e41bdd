"""Errors that light modules raise or catch without importing what raises them.

``kg build`` catches :class:`ModelNotFound` before it has imported spaCy (:mod:`kg.nlp`, which
raises it in the model's worker): the build's process imports spaCy while the model loads.
``kg.nlp.ModelNotFound`` and ``kg.parse.ModelNotFound`` are this class.
"""

from __future__ import annotations


class ModelNotFound(RuntimeError):
    """No usable spaCy model is installed."""


__all__ = ["ModelNotFound"]
