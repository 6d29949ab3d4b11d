"""Precision, recall and F1 from three counts, shared by every evaluation.

Evaluations keep their own count names (NER counts tp/fp/fn, the events scorer
gold/predicted/correct) and their own report shapes; the arithmetic is here once.
"""

from __future__ import annotations


class PrecisionRecall:
    """Mixin: a subclass says how many were right, predicted and in the gold data."""

    __slots__ = ()

    @property
    def n_correct(self) -> int:
        raise NotImplementedError

    @property
    def n_predicted(self) -> int:
        raise NotImplementedError

    @property
    def n_gold(self) -> int:
        raise NotImplementedError

    @property
    def precision(self) -> float:
        return self.n_correct / self.n_predicted if self.n_predicted else 0.0

    @property
    def recall(self) -> float:
        return self.n_correct / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0
