"""The candidates a model cannot keep at its threshold, passed over before their far features are built.

The trigger model decides on every word a lexicon reads as an event word, the cue model on every
reporting word the rules did not take; most are far under the threshold. Each filter bounds the
model's probability from the word's own features (once per word form), the near features, and the
largest weight each far slot may add (:mod:`marsad.attribution.learned.bounds`): a candidate the
bound rules out is one the full model would not have kept, so the output does not change.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from marsad.attribution.learned.bounds import ThresholdBound, log_odds_limit
from marsad.attribution.learned.context import (
    Context,
    CueReading,
    TriggerHints,
    cue_far_slots,
    cue_near_features,
    cue_word_features,
    trigger_far_slots,
    trigger_near_features,
    trigger_word_features,
)
from marsad.attribution.learned.linear import BinaryModel, MulticlassModel

BASE_CACHE_SIZE = 200_000  # word forms whose bound base is kept (emptied when full)

TriggerWords = list[tuple[int, TriggerHints]]
CueWords = list[tuple[int, CueReading]]
TriggerSelect = Callable[[Context, TriggerWords], TriggerWords]


class TriggerFilter:
    """Words the trigger model may believe are events at a threshold (non-rule candidates only: the
    rules' events are always scored)."""

    def __init__(self, model: MulticlassModel, none_label: str) -> None:
        self.bound = ThresholdBound.of_multiclass(model, none_label)
        self._bases: dict[str, np.ndarray] = {}

    def selector(self, threshold: float) -> TriggerSelect | None:
        """The words of a document that may reach ``threshold``; None when no word may be passed over."""
        limit = log_odds_limit(threshold)
        if limit is None:
            return None

        def select(ctx: Context, words: TriggerWords) -> TriggerWords:
            reached = self.bound.reachable([self._base(ctx.tokens[index].form, hints) for index, hints in words],
                                           [trigger_near_features(ctx, index, hints) for index, hints in words],
                                           limit)
            return [word for word, ok in zip(words, reached, strict=True) if ok]

        return select

    def _base(self, form: str, hints: TriggerHints) -> np.ndarray:
        base = self._bases.get(form)
        if base is None:
            if len(self._bases) > BASE_CACHE_SIZE:
                self._bases.clear()
            lexicon_type = hints.lexicon.type if hints.lexicon is not None else None
            base = self._bases[form] = self.bound.base(trigger_word_features(form, hints, None),
                                                       trigger_far_slots(lexicon_type))
        return base


class CueFilter:
    """Reporting words the cue model may believe introduce a statement at a threshold (the words the
    rules did not take as cues)."""

    def __init__(self, model: BinaryModel) -> None:
        self.bound = ThresholdBound.of_binary(model)
        self._bases: dict[str, np.ndarray] = {}

    def select(self, ctx: Context, words: CueWords, threshold: float) -> CueWords:
        """The words that may reach ``threshold`` (all of them when none may be passed over)."""
        limit = log_odds_limit(threshold)
        if limit is None:
            return words
        reached = self.bound.reachable([self._base(ctx.tokens[index].form, reading) for index, reading in words],
                                       [cue_near_features(ctx, index) for index, _ in words], limit)
        return [word for word, ok in zip(words, reached, strict=True) if ok]

    def _base(self, form: str, reading: CueReading) -> np.ndarray:
        base = self._bases.get(form)
        if base is None:
            if len(self._bases) > BASE_CACHE_SIZE:
                self._bases.clear()
            base = self._bases[form] = self.bound.base(cue_word_features(form, *reading), cue_far_slots())
        return base
