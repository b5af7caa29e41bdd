"""``kg eval``: measure kg against human-annotated corpora.

Each command is a plain function here; :func:`register` adds them all to the ``kg eval``
app in one place.  The scoring lives in :mod:`kg.eval` (one module per task).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Annotated, Any

import typer

from ..eval import coref as coref_eval
from ..eval import ecbplus, events, meantime, metrics, ner, rams, relations
from .common import JsonOption, ModelOption, fail

eval_app = typer.Typer(
    no_args_is_help=True, help="Measure kg against human-annotated corpora (precision, recall, F1)."
)


def run_command(
    evaluate: Callable[[], Mapping[str, Any]],
    report_lines: Callable[[Any], list[str]],
    json_out: Path | None,
    errors: tuple[type[Exception], ...] = (),
) -> None:
    """Run an evaluation, print its report, and write its JSON if asked.

    A missing model, or one of ``errors`` (bad input), exits 2 with its message.
    """
    from ..nlp import ModelNotFound  # spaCy: imported when a command runs, not for `kg --help`

    caught: tuple[type[Exception], ...] = (ModelNotFound, *errors)
    try:
        result = evaluate()
    except caught as exc:
        fail(str(exc))
    for line in report_lines(result):
        typer.echo(line)
    if json_out:
        metrics.write_json(result, json_out)
        typer.echo(f"wrote {json_out}", err=True)


def events_command(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="WikiEvents .jsonl file.")],
    coref: Annotated[
        Path | None,
        typer.Option(
            "--coref",
            exists=True,
            dir_okay=False,
            help="WikiEvents coref .jsonlines: an argument may match any mention of its entity.",
        ),
    ] = None,
    json_out: JsonOption = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Only the first N documents.")] = None,
    model: ModelOption = None,
    raw_text: Annotated[
        bool,
        typer.Option(
            "--raw-text",
            help="Give kg the `text` field as is (sentences glued together) "
            "instead of the layout rebuilt from the token offsets.",
        ),
    ] = False,
    held_out: Annotated[
        bool,
        typer.Option(
            "--held-out", help="Leave out the learned trigger entries whose only source is WikiEvents."
        ),
    ] = False,
) -> None:
    """Events against WikiEvents: trigger and argument P/R/F1 (KAIROS types mapped to kg's)."""

    run_command(
        lambda: events.evaluate_events(file, coref, limit, model, raw_text, held_out),
        events.report_lines,
        json_out,
    )


def rams_command(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="RAMS .jsonlines file.")],
    json_out: JsonOption = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Only the first N examples.")] = None,
    model: ModelOption = None,
    held_out: Annotated[
        bool,
        typer.Option("--held-out", help="Leave out the learned trigger entries whose only source is RAMS."),
    ] = False,
) -> None:
    """Event arguments against RAMS: the annotated event's arguments, identified and classified."""
    run_command(lambda: rams.evaluate_rams(file, limit, model, held_out), rams.report_lines, json_out)


def relations_command(
    file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="CoNLL04 .json file (SpERT format).")
    ],
    json_out: JsonOption = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Only the first N sentences.")] = None,
    model: ModelOption = None,
) -> None:
    """Relations against CoNLL04: P/R/F1 per relation kind and micro, strict and head match."""
    run_command(lambda: relations.evaluate_relations(file, limit, model), relations.report_lines, json_out)


def ner_command(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CoNLL-2003 file (eng.testa).")],
    json_out: JsonOption = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Only the first N documents.")] = None,
    model: ModelOption = None,
) -> None:
    """Entity typing against CoNLL-2003: PER/ORG/LOC span P/R/F1 of kg and of the bare model."""
    run_command(lambda: ner.evaluate_ner(file, limit, model), ner.report_lines, json_out)


def _topics_option(value: str) -> list[str]:
    words = {
        "dev": list(ecbplus.DEV_TOPICS),
        "train": list(ecbplus.TRAIN_TOPICS),
        "all": list(ecbplus.ALL_TOPICS),
    }
    topics: list[str] = []
    for part in value.split(","):
        part = part.strip()
        if not part:
            continue
        if part in words:
            topics += words[part]
        elif part.isdigit():
            topics.append(str(int(part)))
        else:
            raise typer.BadParameter(f"not a topic number: {part!r}")
    return list(dict.fromkeys(topics))


def _progress():
    def show(done: int, total: int) -> None:
        if done == total or done % 20 == 0:
            print(f"extracted {done}/{total} documents", file=sys.stderr)

    return show


def _report_lines(result) -> list[str]:
    return coref_eval.format_report(result).rstrip("\n").split("\n")


def coref_command(
    ecbplus_dir: Annotated[
        Path,
        typer.Argument(
            help="The ECB+ folder: holds ECB+/<topic>/<topic>_<n>ecb(plus).xml, or is that folder."
        ),
    ],
    topics: Annotated[
        str, typer.Option("--topics", help="Comma-separated topic numbers, or dev / train / all.")
    ] = ",".join(ecbplus.DEV_TOPICS),
    sentences: Annotated[
        Path | None,
        typer.Option("--sentences", help="ECBplus_coreference_sentences.csv: score only these sentences."),
    ] = None,
    json_out: JsonOption = None,
    limit_docs: Annotated[
        int | None, typer.Option("--limit-docs", min=1, help="Only the first N documents of each topic.")
    ] = None,
    model: ModelOption = None,
    with_times: Annotated[
        bool,
        typer.Option(
            "--with-times", help="Count TIME_* mentions as gold entities (as published figures do)."
        ),
    ] = False,
    held_out: Annotated[
        bool,
        typer.Option("--held-out", help="Leave out the learned trigger entries whose only source is ECB+."),
    ] = False,
) -> None:
    """Cross-document entity and event coreference on ECB+ (MUC, B³, CEAF-e, CoNLL F1)."""
    if not ecbplus_dir.is_dir():
        fail(f"no such folder: {ecbplus_dir}")
    if sentences is not None and not sentences.is_file():
        fail(f"no such file: {sentences}")
    run_command(
        lambda: ecbplus.evaluate_ecbplus(
            ecbplus_dir,
            _topics_option(topics),
            sentences_csv=sentences,
            limit_docs=limit_docs,
            model=model,
            include_times=with_times,
            progress=_progress(),
            held_out=held_out,
        ),
        _report_lines,
        json_out,
        errors=(ValueError,),
    )


def coref_meantime_command(
    meantime_dir: Annotated[
        Path,
        typer.Argument(
            help="Folder with all_text.txt, all_entity_gold_mentions.json, all_event_gold_mentions.json."
        ),
    ],
    topics: Annotated[
        str | None,
        typer.Option("--topics", help="Comma-separated topics (airbus, apple, gm, stock); default all."),
    ] = None,
    json_out: JsonOption = None,
    model: ModelOption = None,
    held_out: Annotated[
        bool,
        typer.Option(
            "--held-out", help="Leave out the learned trigger entries whose only source is MEANTIME."
        ),
    ] = False,
) -> None:
    """Cross-document entity and event coreference on MEANTIME, per topic and all together."""
    if not meantime_dir.is_dir():
        fail(f"no such folder: {meantime_dir}")
    chosen = [t.strip() for t in topics.split(",") if t.strip()] if topics else None
    run_command(
        lambda: meantime.evaluate_meantime(
            meantime_dir, chosen, model=model, progress=_progress(), held_out=held_out
        ),
        _report_lines,
        json_out,
        errors=(ValueError, OSError),
    )


# -- every `kg eval` command, in one place ------------------------------------------

eval_app.command("events")(events_command)
eval_app.command("rams")(rams_command)
eval_app.command("relations")(relations_command)
eval_app.command("ner")(ner_command)
eval_app.command("coref")(coref_command)
eval_app.command("coref-meantime")(coref_meantime_command)


def register(app: typer.Typer) -> None:
    """Add ``kg eval`` to ``app``."""
    app.add_typer(eval_app, name="eval")
