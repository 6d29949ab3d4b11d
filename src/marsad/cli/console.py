"""Shared terminal helpers: consoles, one-line error messages, RTL display."""

from __future__ import annotations

import datetime as dt
import os
import sys
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console

if TYPE_CHECKING:
    from marsad.pipeline import Pipeline

stdout = Console(highlight=False, soft_wrap=False)
stderr = Console(stderr=True, highlight=False)


def visual_order() -> bool:
    """Reorder RTL text for terminals without a bidi algorithm (MARSAD_BIDI=visual)."""
    return os.environ.get("MARSAD_BIDI", "").lower() == "visual"


def display(text: str) -> str:
    """Text as it should be written to this terminal."""
    if not visual_order():
        return text
    from bidi import get_display

    return "\n".join(get_display(line) for line in text.split("\n"))


def fail(message: str, code: int = 2) -> NoReturn:
    stderr.print(f"[bold red]error:[/] {message}")
    sys.exit(code)


def warn(source: str, reason: str) -> None:
    """One line per bad input, on stderr."""
    print(f"marsad: {source}: {reason}", file=sys.stderr)


def check_date(value: str | None) -> str | None:
    """A typer callback: an ISO date YYYY-MM-DD, or a usage error naming the expected form."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None


# The option that lets `analyze` and `ingest` weigh dotless readings with a
# corpus-trained context model; the model is checked before any input is read.
RepairContextModelOption = Annotated[
    str | None,
    typer.Option(
        "--repair-context-model",
        help="Context model for dotless repairs (trained with 'marsad train repair-context --corpus'); "
        "sets $MARSAD_REPAIR_CONTEXT_MODEL.",
    ),
]


def build_pipeline(stages: str | None, repair_context_model: str | None = None) -> Pipeline:
    """The pipeline for ``--stages`` (comma-separated), or one line and exit 2 for a bad stage or model."""
    from marsad.pipeline import Pipeline, UnknownStageError
    from marsad.text.dotless_context import ContextModelError, use_model_file

    try:
        if repair_context_model is not None:
            use_model_file(repair_context_model)  # checked here; stages built later read it too
        return Pipeline.build(stages.split(",") if stages else None)
    except (UnknownStageError, ContextModelError) as exc:
        fail(str(exc))
