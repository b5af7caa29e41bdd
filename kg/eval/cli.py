"""The ``kg eval`` sub-commands: one module per corpus, each with ``register(app)``."""

from __future__ import annotations

import importlib

import typer

COMMAND_MODULES = (
    "kg.eval.events",  # kg eval events WIKIEVENTS.jsonl
    "kg.eval.rams",  # kg eval rams RAMS.jsonlines
    "kg.eval.relations",  # kg eval relations CONLL04.json
    "kg.eval.ner",  # kg eval ner CONLL2003_FILE
    "kg.eval.coref",  # kg eval coref ECBPLUS_DIR, kg eval coref-meantime DIR
)

eval_app = typer.Typer(
    no_args_is_help=True, help="Measure kg against human-annotated corpora (precision, recall, F1)."
)
for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(eval_app)
