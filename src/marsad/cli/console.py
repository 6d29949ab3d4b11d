"""Shared terminal helpers: consoles, one-line error messages, RTL display."""

from __future__ import annotations

import datetime as dt
import os
import sys

import typer
from rich.console import Console

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


def fail(message: str, code: int = 2) -> None:
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
