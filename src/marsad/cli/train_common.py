"""What the training commands share (``marsad train attribution``, ``marsad train places``): options,
opening the gold corpus, the corpora to learn from."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from marsad.cli.console import fail

if TYPE_CHECKING:
    from marsad.evaluate.gold_corpus import GoldCorpus

SharedDataOpt = Annotated[str, typer.Option("--shared", help="Shared data folder (SaudiNewsNet texts).")]
ModelOutOpt = Annotated[str, typer.Option("--out", help="Where to write the model (JSON).")]
SummaryJsonOpt = Annotated[bool, typer.Option("--json", help="Print the training summary as JSON.")]


def open_gold_corpus(gold_dir: str, shared: str) -> GoldCorpus:
    """The gold corpus at ``gold_dir`` (SaudiNewsNet texts from ``shared`` when that folder exists), or exit
    with the corpus's own message."""
    from marsad.evaluate.gold_corpus import GoldCorpus, GoldCorpusError

    try:
        return GoldCorpus(Path(gold_dir), Path(shared) if Path(shared).is_dir() else None)
    except GoldCorpusError as exc:
        fail(str(exc))


def wanted_corpora(corpora: str) -> set[str] | None:
    """``--corpora``: a comma-separated list, or ``all`` (None: every corpus)."""
    return None if corpora == "all" else {name.strip() for name in corpora.split(",") if name.strip()}
