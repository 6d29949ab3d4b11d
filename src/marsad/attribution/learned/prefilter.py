"""The candidates a model cannot keep at its threshold, passed over before their far features are built.

The trigger model decides on every word a lexicon reads as an event word, the cue model on every
reporting word the rules did not take; most are far under the threshold. Each filter bounds the
model's probability from the word's own features (once per word form), the near features, and the
largest weight each far slot may add (:mod:`marsad.attribution.learned.bounds`): a candidate the
bound rules out is one the full model would not have kept, so the output does not change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from itertools import chain, repeat
from operator import itemgetter

import numpy as np

from marsad.attribution.learned.bounds import ThresholdBound, log_odds_limit
from marsad.attribution.learned.context import (
    SENTENCE_END,
    SENTENCE_START,
    Context,
    CueReading,
    TriggerHints,
    cue_far_slots,
    cue_near_features,
    cue_word_features,
    lexicon_p1,
    neighbour_features,
    trigger_far_slots,
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
        # each word form's base, a line of one matrix (grown by doubling, emptied when full): a document's
        # bases are one gather, where an array of arrays cost a Python step per word
        self._base_lines: dict[str, int] = {}
        self._bases = np.zeros((1024, len(self.bound.bias)))
        self._given: dict[str, tuple[int, ...]] = {}  # see trigger_near_rows

    def selector(self, threshold: float) -> TriggerSelect | None:
        """The words of a document that may reach ``threshold``; None when no word may be passed over."""
        limit = log_odds_limit(threshold)
        if limit is None:
            return None

        def select(ctx: Context, words: TriggerWords) -> TriggerWords:
            if not words:
                return []
            # the near features as rows of the bound's matrix for all the words at once, not as strings per word:
            # only the words kept need the strings (for the model), about a quarter of them
            if len(self._given) > BASE_CACHE_SIZE:
                self._given.clear()
            reached = self.bound.reachable_rows(self._bases_of(ctx, words),
                                                trigger_near_rows(ctx, words, self.bound.rows, self._given), limit)
            return [word for word, ok in zip(words, reached, strict=True) if ok]

        return select

    def _bases_of(self, ctx: Context, words: TriggerWords) -> np.ndarray:
        """Each word's base (:meth:`ThresholdBound.base` of its own features and far slots), one line per word:
        the forms already seen found in one C-level pass, the others made together and kept."""
        if len(self._base_lines) > BASE_CACHE_SIZE:
            self._base_lines.clear()
        tokens = ctx.tokens
        forms = [tokens[index].form for index, _ in words]
        lines = list(map(self._base_lines.get, forms))
        missing = [k for k, line in enumerate(lines) if line is None]
        if missing:
            self._add_bases({forms[k]: words[k][1] for k in missing})
            lines = list(map(self._base_lines.__getitem__, forms))
        return self._bases.take(np.array(lines, dtype=np.intp), axis=0)

    def _add_bases(self, new: dict[str, TriggerHints]) -> None:
        first = len(self._base_lines)
        while first + len(new) > len(self._bases):
            self._bases = np.concatenate([self._bases, np.zeros_like(self._bases)])
        self._bases[first:first + len(new)] = self.bound.bases(
            [trigger_word_features(form, hints, None) for form, hints in new.items()],
            [trigger_far_slots(hints.lexicon.type if hints.lexicon is not None else None) for hints in new.values()])
        self._base_lines.update(zip(new, range(first, first + len(new)), strict=True))


_FORM, _IS_WORD, _SENTENCE = itemgetter(3), itemgetter(4), itemgetter(5)  # Token's fields, read in C-level passes


def trigger_near_rows(ctx: Context, words: TriggerWords, rows: Mapping[str, int],
                      given: dict[str, tuple[int, ...]]) -> np.ndarray:
    """The rows in ``rows`` (``len(rows)``, a zero row, for a feature it does not hold) of each word's
    :func:`trigger_near_features`, one line per feature a word may have and one column per word (the zero row
    where it has none), for all the words of a document at once. ``given``: per word form, the rows of the
    features it gives the word next to it (``p1``, ``n1``, ``p2``, ``n2``, ``n1cl``), kept with ``rows``: a
    token around a word costs one lookup, where the strings cost five and a lookup each (most of the trigger
    filter's cost was there). The same multiset of features as the strings, which stay the one definition:
    ``tests/test_learned_prefilter.py`` compares the two, and a near feature added there must be added here,
    or the bound would no longer hold."""
    toks = ctx.tokens
    n = len(toks)
    zero = len(rows)
    get = rows.get
    index = [i for i, _ in words]
    at = np.array(index, dtype=np.intp)
    # the tokens two or one before or after a word, each a line of ``table`` after the document's two edges
    around = np.unique(np.concatenate([at - 2, at - 1, at + 1, at + 2]))
    inside = around[(around >= 0) & (around < n)]
    places = inside.tolist()
    forms = list(map(_FORM, map(toks.__getitem__, places)))
    for form in [form for form in forms if form not in given]:
        given[form] = tuple(map(get, neighbour_features(form), repeat(zero)))
    found = list(map(given.__getitem__, forms))
    edges = [get(feature, zero) if feature else zero for feature in (*SENTENCE_START, *SENTENCE_END)]
    table = np.fromiter(chain(edges, chain.from_iterable(found)), dtype=np.intp,
                        count=5 * (len(found) + 2)).reshape(len(found) + 2, 5)
    line_of = np.zeros(n + 4, dtype=np.intp)  # token i → its line of ``table`` (at i + 2: before the first, 0)
    line_of[n + 2:] = 1
    line_of[inside + 2] = np.arange(2, len(places) + 2)
    is_word = np.concatenate([[False, False], np.fromiter(map(_IS_WORD, map(toks.__getitem__, places)),
                                                          dtype=bool, count=len(places))])  # by line

    def line(shift: int) -> np.ndarray:
        return line_of[at + (shift + 2)]

    next_word = is_word[line(1)]  # the clitic of the next token only when it is a word
    after_punct = ~is_word[line(-1)]  # the first token, or one after a mark
    first = np.fromiter(map(_SENTENCE, map(toks.__getitem__, index)), dtype=np.intp, count=len(index)) == 0
    lexicon = [zero if hints.lexicon is None
               else get(lexicon_p1(hints.lexicon.type, neighbour_features(toks[i - 1].form)[0] if i else SENTENCE_START[0]),
                        zero)
               for i, hints in words]
    columns = [table[line(-1), 0], table[line(1), 1], np.array(lexicon, dtype=np.intp),
               np.where(first, get("first-sentence", zero), zero), np.where(after_punct, get("after-punct", zero), zero),
               np.where(next_word, table[line(1), 4], zero), table[line(-2), 2], table[line(2), 3]]
    columns += [np.full(len(words), get(feature, zero), dtype=np.intp) for feature in ctx.article_parties()]
    return np.array(columns)


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
