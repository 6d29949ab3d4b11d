"""Upper bounds of a linear model's belief: candidates that cannot reach a threshold are passed over.

Most words a lexicon reads as an event word (some 150 an article) or as a reporting word are none,
and the models say so with a probability far under their thresholds; building every feature of
each of them was most of the learned layer's cost. So a candidate's features come in three groups:

- the word's own (the same wherever the word stands: computed once per word form),
- near ones, cheap to read (the words around it; the article's counts),
- far ones, dearer (entities, quotes, the article's use of the stem), each filling one declared
  *slot*: a prefix every feature of that slot starts with, at most one feature per slot.

Whatever value a far feature takes, it adds at most the largest weight among the model's features
that start with its slot's prefix (nothing, for a value the model never saw). When the word's and
the near features plus those largest weights still leave the probability under the threshold, the
full model could not have kept the candidate, and its far features are never built. The decisions
are therefore the full model's own; a small margin absorbs rounding in the other order of addition.

A model's score for a candidate is read here as margins over its "no" label: for a multiclass
model with a "none" label N, ``d_l = s_l - s_N`` for every other label l, and the probability that
the candidate is something (``1 - P(N)``) is ``S / (1 + S)`` with ``S = Σ_l exp(d_l)``; a binary
model is the case of one label, ``S = exp(z)``. So ``p >= t`` exactly when ``log S >= logit(t)``.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from marsad.attribution.learned.linear import BinaryModel, MulticlassModel, summed_rows
from marsad.errors import MarsadError

# How far under the threshold's log-odds a bound must stay: the full model adds the same weights in
# another order, and its probability may differ from the bound's arithmetic in the last bits.
MARGIN = 1e-9


class SlotError(MarsadError, AssertionError):
    """Far features that do not fill the slots declared for them (a programming error: a feature was
    added to a far group without its slot, and the bound would no longer hold)."""


def check_slots(features: Sequence[str], slots: Sequence[str]) -> None:
    """That ``features`` fill ``slots`` in order, at most one feature per slot (a slot may stay empty)."""
    k = 0
    for feature in features:
        while k < len(slots) and not feature.startswith(slots[k]):
            k += 1
        if k == len(slots):
            raise SlotError(f"far feature {feature!r} fills none of the remaining slots of {list(slots)}")
        k += 1


@dataclass(slots=True)
class ThresholdBound:
    """Margins of a linear model over its "no" label, feature by feature, and the bounds read from them."""

    margins: dict[str, np.ndarray]  # feature → its weight for each label minus its weight for "no"
    bias: np.ndarray
    _index: dict[str, int] = field(default_factory=dict)  # feature → its row of _matrix
    _matrix: np.ndarray = field(default_factory=lambda: np.zeros((1, 1)))  # features × labels, then a zero row
    _sorted: list[str] = field(default_factory=list)
    _slot_tops: dict[str, np.ndarray] = field(default_factory=dict)
    _slots_tops: dict[tuple[str, ...], np.ndarray] = field(default_factory=dict)  # see bases

    def __post_init__(self) -> None:
        self._index = {f: k for k, f in enumerate(self.margins)}
        self._matrix = np.vstack([*self.margins.values(), np.zeros(len(self.bias))])
        self._sorted = sorted(self.margins)

    @classmethod
    def of_multiclass(cls, model: MulticlassModel, none_label: str) -> ThresholdBound:
        names = model.labels
        n = names.index(none_label)
        others = [k for k in range(len(names)) if k != n]
        by_feature: dict[str, np.ndarray] = {}
        for k, label in enumerate(names):
            for feature, w in model.weights.get(label, {}).items():
                by_feature.setdefault(feature, np.zeros(len(names)))[k] = w
        margins = {f: (v - v[n])[others] for f, v in by_feature.items()}
        bias = np.array([model.biases[names[k]] - model.biases[names[n]] for k in others])
        return cls(margins, bias)

    @classmethod
    def of_binary(cls, model: BinaryModel) -> ThresholdBound:
        return cls({f: np.array([w]) for f, w in model.weights.items()}, np.array([model.bias]))

    def slot_top(self, prefix: str) -> np.ndarray:
        """For each label, the largest margin any feature starting with ``prefix`` has, or 0 (a value the
        model never saw, or the slot left empty, adds nothing)."""
        found = self._slot_tops.get(prefix)
        if found is None:
            found = np.zeros(len(self.bias))
            keys = self._sorted
            for k in range(bisect.bisect_left(keys, prefix), len(keys)):
                if not keys[k].startswith(prefix):
                    break
                np.maximum(found, self.margins[keys[k]], out=found)
            self._slot_tops[prefix] = found
        return found

    def base(self, word: Iterable[str], slots: Iterable[str]) -> np.ndarray:
        """The margins a word's own features and the largest weights of its far slots allow (for each
        label): what every candidate of this word form starts from."""
        total = self.bias.copy()
        for feature in word:
            m = self.margins.get(feature)
            if m is not None:
                total += m
        for prefix in slots:
            total += self.slot_top(prefix)
        return total

    def bases(self, words: Sequence[Iterable[str]], slots: Sequence[tuple[str, ...]]) -> np.ndarray:
        """:meth:`base` of many words at once (one line each): their own features' margins in one gather and
        sum, and the largest weights of each tuple of slots summed once per tuple. The same sums as
        :meth:`base`'s up to the order of the additions (the bound's margin absorbs it)."""
        tops = []
        for prefixes in slots:
            top = self._slots_tops.get(prefixes)
            if top is None:
                top = self._slots_tops[prefixes] = sum((self.slot_top(p) for p in prefixes), np.zeros(len(self.bias)))
            tops.append(top)
        found: np.ndarray = summed_rows(self._matrix, self._index, words) + np.array(tops) + self.bias
        return found

    def reachable(self, bases: Sequence[np.ndarray], nears: Sequence[Iterable[str]], limit: float) -> list[bool]:
        """For each candidate (its :meth:`base` and its near features), whether it could reach ``limit``
        (log-odds, see :func:`log_odds_limit`): the log of the summed exponentials of its margins, for
        all the candidates of a document in a few array operations."""
        if not bases:
            return []
        return self._reached(summed_rows(self._matrix, self._index, nears) + np.array(bases), limit)

    @property
    def rows(self) -> dict[str, int]:
        """Feature → its row of the margins' matrix (a feature absent from it takes the zero row, ``len(rows)``)."""
        return self._index

    def reachable_rows(self, bases: np.ndarray, near_rows: np.ndarray, limit: float) -> list[bool]:
        """:meth:`reachable` with the candidates' bases as the lines of one array and their near features as
        rows of the margins' matrix (features × candidates, the zero row where a candidate has fewer): one
        gather per feature added to the bases (a gather of all of them and a sum over the features' axis
        cost three times as much)."""
        if not len(bases):
            return []
        total = bases.copy()
        for rows in near_rows:
            total += self._matrix.take(rows, axis=0)
        return self._reached(total, limit)

    @staticmethod
    def _reached(total: np.ndarray, limit: float) -> list[bool]:
        top = total.max(axis=1)
        log_sums = top + np.log(np.exp(total - top[:, None]).sum(axis=1))
        reached: list[bool] = (log_sums >= limit).tolist()
        return reached


def log_odds_limit(threshold: float) -> float | None:
    """The log-odds under which a bound rules a candidate out for ``threshold``, with the margin; None
    when no candidate may be ruled out (a threshold of 0 keeps all, and at 1 rounding decides)."""
    if not 0.0 < threshold < 1.0:
        return None
    return math.log(threshold / (1.0 - threshold)) - MARGIN
