"""The attribution models refitted on train and dev together, the thresholds chosen on dev held.

The shipped recipe (``marsad train attribution``) fits every model on the train split and chooses its
decision thresholds on dev (or on held-out train folds and dev, ``--threshold-folds``); dev is then
never learned from. Refitting on train ∪ dev with the chosen thresholds held is the usual last step
after model selection: the trigger and cue vocabularies are read from both splits, every model part
learns from both (the pooled corpora's dev articles feed the pooled parts only, as their train
articles do), the speaker model's previous-speaker guesses are cross-fitted over the joined list as
over the train split, and the thresholds are those of the models fitted on train.

:func:`outer_fold` splits articles into the outer folds of the nested measurement
(``tools/refit_cv.py``): a stable hash of the id other than theirs, so that the threshold folds
(:func:`marsad.train.attribution.fold_of`) of the articles left inside stay populated.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Any

from marsad.attribution.learned.extract import AttributionModels
from marsad.document import Document
from marsad.evaluate.gold_corpus import Article
from marsad.train.attribution import (
    CUE_FOLDS,
    Examples,
    collect,
    cue_vocabulary_of,
    pool_parts,
    speaker_groups_by_guess,
    train,
    vocabulary_of,
)

Annotated = tuple[Article, dict[str, Any]]


def outer_fold(article_id: str, folds: int) -> int:
    """The article's outer fold (held out as unseen text): fixed by its id, hashed apart from the
    threshold folds (:func:`marsad.train.attribution.fold_of`) so that each outer fold cuts across them."""
    if folds < 2:
        raise ValueError(f"outer folds need two folds or more, not {folds}")
    # not a salted CRC: a CRC is affine, so a prefix only XORs a constant into it and the outer fold
    # would be the threshold fold renamed (each outer fold would empty one threshold fold)
    return int.from_bytes(hashlib.sha256(article_id.encode("utf-8")).digest()[:8], "big") % folds


def hold_thresholds(models: AttributionModels, chosen: AttributionModels) -> AttributionModels:
    """``models`` with every decision threshold of ``chosen`` (the models the thresholds were chosen
    for), in place; returned for convenience."""
    models.trigger_threshold = chosen.trigger_threshold
    models.trigger_threshold_rules = chosen.trigger_threshold_rules
    models.argument.threshold = chosen.argument.threshold
    models.argument_thresholds = dict(chosen.argument_thresholds)
    models.speaker.threshold = chosen.speaker.threshold
    if models.cue is not None and chosen.cue is not None:
        models.cue.threshold = chosen.cue.threshold
    models.cue_threshold_rules = chosen.cue_threshold_rules
    if models.coref is not None and chosen.coref is not None:
        models.coref.threshold = chosen.coref.threshold
    models.coref_threshold_conflicting = chosen.coref_threshold_conflicting
    models.status_rule_margin = chosen.status_rule_margin
    return models


def refit_with_dev(train_articles: Sequence[Annotated], dev_articles: Sequence[Annotated],
                   analyse_rules: Callable[[Document], Document], chosen: AttributionModels, *, c: float,
                   pooled: frozenset[str], parts: Sequence[str]) -> tuple[AttributionModels, Examples]:
    """Every model refitted on ``train_articles`` then ``dev_articles`` (one list, in that order, as
    the train split alone is read by the recipe) with ``chosen``'s thresholds; with the examples
    learned from (the pooled corpora's added for ``parts``)."""
    articles = [*train_articles, *dev_articles]
    vocabulary = vocabulary_of(articles)
    cue_vocabulary = cue_vocabulary_of(articles)
    documents: list[Any] = []
    pooled_out = Examples()
    examples = collect(articles, analyse_rules, vocabulary, cue_vocabulary, documents, cue_folds=CUE_FOLDS,
                       pooled=pooled, pooled_out=pooled_out)
    pool_parts(examples, pooled_out, parts)
    # no dev left to choose on: the thresholds ``train`` picks on nothing are replaced by the chosen ones
    models = train(examples, Examples(), vocabulary, c=c, cue_vocabulary=cue_vocabulary,
                   speaker_groups=speaker_groups_by_guess(documents, c))
    return hold_thresholds(models, chosen), examples
