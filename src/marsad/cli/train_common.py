"""What the training commands share (``marsad train attribution``, ``marsad train places``): options,
opening the gold corpus, the corpora to learn from."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from marsad.cli.console import fail

if TYPE_CHECKING:
    from marsad.evaluate.gold_corpus import GoldCorpus
    from marsad.pipeline import Pipeline

# ``--data`` too: the name ``marsad train ner`` gives the same folder, and the one issue 12 tells users to retrain with.
SharedDataOpt = Annotated[str, typer.Option("--shared", "--data", help="Shared data folder (SaudiNewsNet texts; "
                                                                       "--data is the same option).")]
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


GOLD_TOOL_SPLITS = ("train", "dev")  # what the gold tools read: never the sealed test split


def gold_tool_parser(description: str, *, split: bool = False, model: bool = False) -> argparse.ArgumentParser:
    """The arguments every gold-corpus tool under ``tools/`` shares: the gold and shared-data folders,
    and where asked the split (train or dev only) and an attribution model file."""
    parser = argparse.ArgumentParser(description=description)
    if split:
        parser.add_argument("--split", default="dev", choices=GOLD_TOOL_SPLITS)
    parser.add_argument("--gold", default="gold")
    parser.add_argument("--shared", default="../shared/data")
    if model:
        parser.add_argument("--attribution-model",
                            help="A model file from 'marsad train attribution' (default: shipped).")
    return parser


def learned_pipeline(attribution_model: str | None) -> tuple[Pipeline, str | None]:
    """The learned pipeline a gold tool reads its decisions from, with the model file it was given (resolved,
    so the tool's working directory does not matter) or the shipped model (None)."""
    from marsad.pipeline import Pipeline, PipelineConfig

    model = str(Path(attribution_model).resolve()) if attribution_model else None
    return Pipeline.from_config(PipelineConfig(extraction="learned", attribution_model=model)), model
