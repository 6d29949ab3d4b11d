"""``marsad train repair-context``: the neighbour counts that settle dotless readings."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from marsad.cli.console import fail


def train_repair_context(
    out: Annotated[Path, typer.Option("--out", help="Model file to write (e.g. repair-context.model).")],
    data: Annotated[
        Path,
        typer.Option(
            "--data", help="Directory holding anercorp/, aqmar/ and wojood-sample/ (the shared data)."
        ),
    ] = Path("../shared/data"),
) -> None:
    """Count word neighbours in the licensed corpora; reproduces the shipped model with the defaults."""
    from marsad.text.dotless_training import CorpusError, build_context_model, load_corpora

    data_dir = data.resolve()
    if (data_dir / "data" / "anercorp").is_dir():
        data_dir = data_dir / "data"  # accept the shared directory itself as well as its data/
    if not data_dir.is_dir():
        fail(f"--data {data}: not a directory")
    started = time.monotonic()
    try:
        corpora = load_corpora(data_dir)
    except CorpusError as exc:
        fail(str(exc))
    for corpus in corpora:
        print(f"counting {corpus.name}: {len(corpus.sentences)} sentences", file=sys.stderr)
    model = build_context_model(corpora)
    try:
        model.save(out)
    except OSError as exc:
        fail(f"cannot write {out}: {exc.strerror}")
    size = out.stat().st_size / 1e6
    print(f"wrote {out} ({size:.2f} MB) in {time.monotonic() - started:.0f} s", file=sys.stderr)


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    groups["train"].command("repair-context")(train_repair_context)
