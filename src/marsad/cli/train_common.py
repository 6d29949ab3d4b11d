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


def chosen_corpora(parser: argparse.ArgumentParser, corpora: str, corpus: GoldCorpus) -> frozenset[str] | None:
    """``--corpora`` read and checked against the gold's corpora (None: all); a name the gold does not hold
    stops the tool at once with the valid choices, rather than reading no article."""
    wanted = wanted_corpora(corpora)
    unknown = sorted((wanted or set()) - set(corpus.corpora()))
    if unknown or wanted == set():
        parser.error(f"unknown corpora {', '.join(unknown) or repr(corpora)}; choose from: "
                     f"{', '.join(corpus.corpora())}, or all")
    return frozenset(wanted) if wanted is not None else None


GOLD_TOOL_SPLITS = ("train", "dev")  # what the gold tools read: never the sealed test split


def gold_tool_parser(description: str, *, split: bool = False, model: bool = False,
                     fold_models: bool = False, corpora: bool = False) -> argparse.ArgumentParser:
    """The arguments every gold-corpus tool under ``tools/`` shares: the gold and shared-data folders,
    and where asked the split (train or dev only), an attribution model file, the out-of-fold models
    (``--fold-models DIR --folds K``: :class:`FoldModels`) and the corpora to read (``--corpora``,
    checked by :func:`chosen_corpora`)."""
    parser = argparse.ArgumentParser(description=description)
    if corpora:
        parser.add_argument("--corpora", default="all",
                            help="Comma-separated corpora to read (the news: anercorp,ntrex128,saudinewsnet), or all.")
    if split:
        parser.add_argument("--split", default="dev", choices=GOLD_TOOL_SPLITS)
    parser.add_argument("--gold", default="gold")
    parser.add_argument("--shared", default="../shared/data")
    if model:
        parser.add_argument("--attribution-model",
                            help="A model file from 'marsad train attribution' (default: shipped).")
    if fold_models:
        parser.add_argument("--fold-models", metavar="DIR",
                            help="Out of fold: each article read by DIR/A-k.json, the model of its outer fold k "
                                 "(tools/refit_cv.py --recipes A --out DIR), which never learned from it.")
        parser.add_argument("--folds", type=int, default=4, help="The outer folds of --fold-models (default 4).")
    return parser


class FoldModels:
    """The model file each article is read with: the given one (None: the shipped model), or out of fold
    (``fold_dir``) the recipe-A model ``A-k.json`` of the article's outer fold k, fitted and thresholded
    without the articles of fold k (:func:`marsad.train.refit.outer_fold`); so on the train split the
    articles scored are never those the model learned from."""

    def __init__(self, attribution_model: str | None, fold_dir: str | None, folds: int = 4) -> None:
        if fold_dir and attribution_model:
            fail("--fold-models and --attribution-model exclude each other")
        if fold_dir and folds < 2:
            fail(f"--folds is 2 or more, not {folds}")
        self.folds = folds
        self.paths = [Path(fold_dir) / f"A-{k}.json" for k in range(folds)] if fold_dir else []
        missing = [str(path) for path in self.paths if not path.is_file()]
        if missing:
            fail(f"no fold model {missing[0]} (tools/refit_cv.py --recipes A --out DIR makes them)")
        self.single = str(Path(attribution_model).resolve()) if attribution_model else None
        self.pipelines: dict[str | None, Pipeline] = {}

    def path(self, article_id: str) -> str | None:
        """The model file of the article (None: the shipped model)."""
        if not self.paths:
            return self.single
        from marsad.train.refit import outer_fold

        return str(self.paths[outer_fold(article_id, self.folds)].resolve())

    def pipeline(self, article_id: str) -> Pipeline:
        """The learned pipeline of the article's model (one per model file, made on first use)."""
        path = self.path(article_id)
        if path not in self.pipelines:
            self.pipelines[path] = learned_pipeline(path)[0]
        return self.pipelines[path]


def learned_pipeline(attribution_model: str | None) -> tuple[Pipeline, str | None]:
    """The learned pipeline a gold tool reads its decisions from, with the model file it was given (resolved,
    so the tool's working directory does not matter) or the shipped model (None)."""
    from marsad.pipeline import Pipeline, PipelineConfig

    model = str(Path(attribution_model).resolve()) if attribution_model else None
    return Pipeline.from_config(PipelineConfig(extraction="learned", attribution_model=model)), model
