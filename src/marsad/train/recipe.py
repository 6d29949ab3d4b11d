"""The attribution models' training recipe, as ``marsad train attribution`` runs it: the examples of the train and dev
articles (the pooled corpora's added for the parts that learn from them) and the speaker threshold chosen once the
models are trained. One implementation, so that the tools which measure the recipe on other splits
(``tools/refit_cv.py``, ``tools/threshold_stability.py``) train what the command trains."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from marsad.attribution.learned.extract import AttributionModels
from marsad.document import Document
from marsad.evaluate.gold_corpus import Article
from marsad.train.attribution import (
    CUE_FOLDS,
    Examples,
    HeldOut,
    collect,
    cue_vocabulary_of,
    pool_parts,
    speaker_threshold,
    vocabulary_of,
)
from marsad.train.speaker_folds import fold_speakers, given_speakers, precision_threshold

Annotated = tuple[Article, dict[str, Any]]
Analysed = tuple[Article, dict[str, Any], Document]


@dataclass
class RecipeExamples:
    """What the models are fitted and thresholded on."""

    vocabulary: dict[str, tuple[str, ...]]
    cue_vocabulary: frozenset[str]
    train: Examples  # the train articles' examples, the pooled corpora's added for the pooled parts
    dev: Examples  # the same for dev
    pooled_train: Examples  # the pooled corpora's examples alone (every part)
    pooled_dev: Examples
    train_documents: list[Analysed]  # the train articles (not the pooled corpora's) as the rules left them
    dev_documents: list[Analysed]
    held_out: list[HeldOut] | None  # with threshold folds: each train article's own and held-out examples


def collect_recipe(train_articles: Sequence[Annotated], dev_articles: Sequence[Annotated],
                   analyse_rules: Callable[[Document], Document], *, pooled: frozenset[str], parts: Sequence[str],
                   threshold_folds: int = 0) -> RecipeExamples:
    """The examples of ``train_articles`` and ``dev_articles`` (the pooled corpora's articles in the lists too: the
    vocabularies and the cue folds read them)."""
    vocabulary = vocabulary_of(train_articles)
    cue_vocabulary = cue_vocabulary_of(train_articles)
    pooled_train, pooled_dev = Examples(), Examples()
    train_documents: list[Analysed] = []
    held_out: list[HeldOut] | None = [] if threshold_folds else None
    train = collect(train_articles, analyse_rules, vocabulary, cue_vocabulary, train_documents, cue_folds=CUE_FOLDS,
                    pooled=pooled, pooled_out=pooled_train, held_out=held_out, threshold_folds=threshold_folds)
    dev_documents: list[Analysed] = []
    dev = collect(dev_articles, analyse_rules, vocabulary, cue_vocabulary, dev_documents, pooled=pooled,
                  pooled_out=pooled_dev)
    pool_parts(train, pooled_train, parts)
    pool_parts(dev, pooled_dev, parts)
    return RecipeExamples(vocabulary, cue_vocabulary, train, dev, pooled_train, pooled_dev, train_documents,
                          dev_documents, held_out)


def chosen_speaker_threshold(models: AttributionModels, train_documents: Sequence[Analysed],
                             dev_documents: Sequence[Analysed], *, c: float, speaker_precision: float,
                             wrong_cost: float) -> float:
    """The speaker model's threshold: with ``speaker_precision`` > 0 the lowest at which the speakers given at run
    time on the train folds and on dev, non-quotes included, reach that precision (a precision that holds beyond
    the 200 dev speakers, see :mod:`marsad.train.speaker_folds`); else the best right − ``wrong_cost`` × wrong on
    the dev quotes the trained cue model makes."""
    if speaker_precision > 0:
        given = [*fold_speakers(train_documents, models, c), *given_speakers(models, dev_documents)]
        return precision_threshold(given, speaker_precision)
    return speaker_threshold(models, dev_documents, wrong_cost)
