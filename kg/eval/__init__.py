"""Evaluation of kg against human-annotated corpora (``kg eval …``).

One module per task scores kg (``events``, ``relations``, ``ner``, ``coref`` with the corpus
readers ``ecbplus`` and ``meantime``); the commands are in :mod:`kg.cli.eval`.
"""
