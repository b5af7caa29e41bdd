"""``kg`` and ``python -m kg``: the command line (:mod:`kg.cli`).

For ``kg build`` the model's worker process is started first (:func:`kg.parse.start_early`),
before the command line's own imports (Typer, Rich and kg's modules, ~0.4 s here), so that
it imports spaCy meanwhile and the model is ready that much sooner.
"""

from __future__ import annotations

import sys


def main() -> None:
    """The ``kg`` command."""
    if sys.argv[1:2] == ["build"] and "--help" not in sys.argv:
        from kg.parse import start_early

        start_early()
    from kg.cli import main as cli

    cli()


if __name__ == "__main__":
    main()
