"""``marsad eval events``: quotes and events against gold annotations of real articles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from marsad.cli.console import fail, warn

if TYPE_CHECKING:
    from marsad.evaluate.events import Report

DEFAULT_JSONL = "../shared/data/saudinewsnet/syria_related_subset.jsonl"


def eval_events(
    gold_dir: Annotated[str, typer.Argument(help="Directory of gold JSON files (e.g. tests/gold/events).")],
    data: Annotated[
        str, typer.Option("--data", help="The JSON Lines corpus the gold files point into (by line number).")
    ] = DEFAULT_JSONL,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as one JSON object.")] = False,
    details: Annotated[bool, typer.Option("--details", help="List every miss, extra and wrong label.")] = False,
) -> None:
    """Precision/recall/F1 of quote speakers and events (type+actor[+target]), status accuracy, place match."""
    from marsad.evaluate.events import GoldError, evaluate
    from marsad.pipeline import Pipeline

    pipeline = Pipeline.build()
    try:
        report = evaluate(Path(gold_dir), Path(data), pipeline)
    except GoldError as exc:
        fail(str(exc))
        return
    for message in report.errors:
        warn(gold_dir, message)
    if report.documents == 0:
        fail("no gold article could be scored")
    if as_json:
        out = report.as_dict()
        if details:
            out["details"] = report.details
        print(json.dumps(out, ensure_ascii=False))
        return
    _print_report(report, details)


def _print_report(report: Report, details: bool) -> None:
    print(f"articles scored: {report.documents}")
    rows = [
        ("quotes (cue found)", report.quotes),
        ("quote speakers", report.speakers),
        ("events: type (trigger)", report.events_type),
        ("events: type+actor", report.events_actor),
        ("events: type+actor+target", report.events_actor_target),
    ]
    print(f"{'':28} {'gold':>5} {'pred':>5} {'ok':>5} {'P':>6} {'R':>6} {'F1':>6}")
    for name, c in rows:
        print(f"{name:28} {c.gold:5d} {c.predicted:5d} {c.correct:5d} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f}")
    print(f"{'status accuracy':28} {report.status.right}/{report.status.total} = {report.status.value:.3f}")
    print(f"{'place match':28} {report.place.right}/{report.place.total} = {report.place.value:.3f}")
    if details:
        for line in report.details:
            print("  " + line)


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    groups["eval"].command("events")(eval_events)
