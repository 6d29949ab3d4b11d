"""Precision, recall and F1 from three counts, shared by every evaluation.

Evaluations keep their own count names (NER counts tp/fp/fn, the events scorer
gold/predicted/correct) and their own report shapes; the arithmetic is here once.
"""

from __future__ import annotations

from dataclasses import dataclass


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


@dataclass(slots=True)
class Counts(PrecisionRecall):
    """Gold, predicted and correct items, with P/R/F1."""

    gold: int = 0
    predicted: int = 0
    correct: int = 0

    @property
    def n_correct(self) -> int:
        return self.correct

    @property
    def n_predicted(self) -> int:
        return self.predicted

    @property
    def n_gold(self) -> int:
        return self.gold

    def add(self, other: Counts) -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.correct += other.correct

    def as_dict(self) -> dict[str, float | int]:
        return {"gold": self.gold, "predicted": self.predicted, "correct": self.correct,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass(slots=True)
class Ratio:
    """How many of ``total`` were right."""

    total: int = 0
    right: int = 0

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 0.0

    def add(self, other: Ratio) -> None:
        self.total += other.total
        self.right += other.right

    def as_dict(self, name: str = "accuracy") -> dict[str, float | int]:
        return {"total": self.total, "right": self.right, name: round(self.value, 4)}
