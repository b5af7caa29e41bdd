"""Evaluation of kg against human-annotated corpora (``kg eval …``).

Each corpus has its own module with a ``register(app)`` function that adds its
command to the ``kg eval`` Typer app; :data:`kg.eval.cli.COMMAND_MODULES` lists them.
"""
