"""The speaker threshold chosen on the train articles cross-fitted, not on the few dev quotes alone.

The dev split's open articles hold about 200 gold speakers: the threshold that maximises right − 1.5 ×
wrong there jumps by 0.05 with one quote, and between 0.475 and 0.55 that cost is flat while the
precision runs from 0.84 to 0.87, so a threshold chosen on dev sits wherever chance puts it (0.50 gave
a dev precision of 0.850 and a sealed-test one of 0.846). Here the train articles are split in folds by
article; each fold's quotes are made at run time by a cue model and a speaker model fitted on the
others (as the training fits them: the cue vocabulary read across folds, the previous speaker guessed
by folds), and the dev quotes by the trained models; the threshold is the lowest at which the speakers
given over all of them reach a precision floor. About 1,500 gold speakers instead of 200.
"""

from __future__ import annotations

from collections.abc import Sequence
from copy import deepcopy
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from marsad.attribution.learned.context import Context
from marsad.attribution.learned.extract import GUESS_FLOOR, AttributionModels, rescore_quotes
from marsad.attribution.text import analyse
from marsad.document import Document
from marsad.evaluate.gold_corpus import Article
from marsad.evaluate.matching import gold_span, overlaps, same_argument

if TYPE_CHECKING:
    from marsad.train.attribution import Examples

Analysed = tuple[Article, dict[str, Any], Document]
SPEAKER_FOLDS = 4
# thresholds tried, by 0.025 (the cost-based choice on dev moved by 0.05)
THRESHOLD_GRID = tuple(round(0.3 + 0.025 * k, 3) for k in range(21))


@dataclass(frozen=True, slots=True)
class Given:
    """A speaker the models give at run time (at the lowest threshold a continuation follows): its
    confidence and whether gold names that speaker for that quote."""

    confidence: float
    right: bool


def given_speakers(models: AttributionModels, documents: Sequence[Analysed]) -> list[Given]:
    """Every speaker the models give on ``documents`` from the guess floor up, each judged as the
    scorer judges it (:func:`marsad.evaluate.attribution.score_quotes`: quotes matched to gold by their
    cue, a speaker on a quote gold lacks is wrong). A run at the floor keeps every decision a higher
    threshold keeps, continuations alike (they follow the guess above the floor, given or not)."""
    keep = models.speaker.threshold
    models.speaker.threshold = GUESS_FLOOR
    out: list[Given] = []
    try:
        for article, gold, doc in documents:
            copy = deepcopy(doc)
            rescore_quotes(copy, models)
            golds = gold.get("quotes", [])
            matched: dict[int, dict[str, Any]] = {}
            for g in golds:
                cue = gold_span(g.get("cue"))
                k = next((k for k, q in enumerate(copy.quotes) if k not in matched
                          and overlaps(cue, (int(q.cue["start"]), int(q.cue["end"])))), None)
                if k is not None:
                    matched[k] = g
            for k, q in enumerate(copy.quotes):
                if not q.speaker:
                    continue
                speaker = gold_span(matched[k].get("speaker")) if k in matched else None
                right = speaker is not None and same_argument(article.text, speaker, q.speaker)
                out.append(Given(float(q.speaker.get("confidence", 0.0)), right))
    finally:
        models.speaker.threshold = keep
    return out


def cue_examples_of(train: Sequence[Analysed]) -> Examples:
    """The cue model's examples from ``train`` as the training command makes them: each article's cue words
    from the vocabulary of the other cue folds' articles."""
    from marsad.train.attribution import CUE_FOLDS, Examples, _cue_examples, cue_vocabulary_of

    by_fold = [cue_vocabulary_of([(a, g) for i, (a, g, _) in enumerate(train) if i % CUE_FOLDS != j])
               for j in range(CUE_FOLDS)]
    examples = Examples()
    for i, (_, gold, doc) in enumerate(train):
        copy = deepcopy(doc)
        _cue_examples(Context(copy, analyse(copy)), gold.get("quotes", []), by_fold[i % CUE_FOLDS], examples)
    return examples


def fold_speakers(train: Sequence[Analysed], models: AttributionModels, c: float,
                  folds: int = SPEAKER_FOLDS) -> list[Given]:
    """The speakers given on each fold of ``train`` by a cue and a speaker model fitted on the other
    folds (the trained ``models``' cue thresholds and other models)."""
    from marsad.train.attribution import cue_vocabulary_of, fit_binary, fit_choice, speaker_groups_by_guess

    assert models.cue is not None
    out: list[Given] = []
    for k in range(folds):
        rest = [x for i, x in enumerate(train) if i % folds != k]
        vocabulary = cue_vocabulary_of([(a, g) for a, g, _ in rest])
        examples = cue_examples_of(rest)
        cue = fit_binary([*examples.cue, *examples.cue_rules], c)
        cue.threshold = models.cue.threshold
        speaker = fit_choice(speaker_groups_by_guess(rest, c), c)
        fitted = replace(models, speaker=speaker, cue=cue, cue_vocabulary=vocabulary, cue_cache={}, _cue_filter=None)
        out.extend(given_speakers(fitted, [x for i, x in enumerate(train) if i % folds == k]))
    return out


def precision_threshold(given: Sequence[Given], floor: float) -> float:
    """The lowest threshold of the grid at which the speakers given reach precision ``floor`` (the
    highest of the grid when none does)."""
    for t in THRESHOLD_GRID:
        kept = [g for g in given if g.confidence >= t - 1e-9]
        if kept and sum(g.right for g in kept) >= floor * len(kept):
            return t
    return THRESHOLD_GRID[-1]
