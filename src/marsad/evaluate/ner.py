"""Entity-level precision, recall and F1 (CoNLL ``conlleval`` rules).

An entity counts as correct only when its start, end and type all match the
gold entity.  Chunks are read from IOB tags by :func:`marsad.ner.iob.chunks`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from marsad.evaluate.scores import PrecisionRecall
from marsad.ner.conll import Sentence
from marsad.ner.consistency import spread_names
from marsad.ner.crf import NerModel
from marsad.ner.iob import chunks
from marsad.text.normalize import normalize

# The types a news user gets from the tagger; MISC is trained (it keeps nationalities,
# events and works out of the other types) but is not output nor averaged.
SCORED_TYPES = ("PERSON", "LOC", "ORG")


@dataclass(slots=True)
class Counts(PrecisionRecall):
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def n_correct(self) -> int:
        return self.tp

    @property
    def n_predicted(self) -> int:
        return self.tp + self.fp

    @property
    def n_gold(self) -> int:
        return self.tp + self.fn

    def as_dict(self) -> dict[str, Any]:
        return {
            "precision": round(100 * self.precision, 2),
            "recall": round(100 * self.recall, 2),
            "f1": round(100 * self.f1, 2),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "gold": self.tp + self.fn,
            "predicted": self.tp + self.fp,
        }


@dataclass(slots=True)
class NerScores:
    """Per-type counts; ``overall`` is micro-averaged over ``types``."""

    types: tuple[str, ...]
    per_type: dict[str, Counts] = field(default_factory=dict)

    @property
    def overall(self) -> Counts:
        total = Counts()
        for kind in self.types:
            c = self.per_type.get(kind, Counts())
            total.tp += c.tp
            total.fp += c.fp
            total.fn += c.fn
        return total

    def as_dict(self) -> dict[str, Any]:
        return {
            "types": {k: c.as_dict() for k, c in sorted(self.per_type.items())},
            "overall": self.overall.as_dict(),
            "overall_types": list(self.types),
        }


def score(
    gold: Iterable[Sequence[str]], predicted: Iterable[Sequence[str]], types: Sequence[str] | None = None
) -> NerScores:
    """Score predicted tag sequences against gold ones (same lengths, same order).

    ``types`` selects the types averaged into ``overall`` (default: every type seen).
    """
    per_type: dict[str, Counts] = {}
    for index, (g, p) in enumerate(zip(gold, predicted, strict=True)):
        if len(g) != len(p):
            raise ValueError(f"sequence {index}: {len(g)} gold tags but {len(p)} predicted")
        gold_chunks, pred_chunks = chunks(g), chunks(p)
        for kind, _s, _e in gold_chunks | pred_chunks:
            per_type.setdefault(kind, Counts())
        for chunk in gold_chunks & pred_chunks:
            per_type[chunk[0]].tp += 1
        for chunk in pred_chunks - gold_chunks:
            per_type[chunk[0]].fp += 1
        for chunk in gold_chunks - pred_chunks:
            per_type[chunk[0]].fn += 1
    chosen = tuple(types) if types is not None else tuple(sorted(per_type))
    return NerScores(chosen, per_type)


def evaluate_model(
    model: NerModel, sentences: Sequence[Sentence], types: Sequence[str] = SCORED_TYPES, *, article: int = 1
) -> NerScores:
    """Score the tagger's tags for ``sentences`` against their gold tags.

    ``article`` > 1 tags runs of that many consecutive sentences as one article (the corpora
    keep no article boundaries) and spreads each name over the article
    (:func:`marsad.ner.consistency.spread_names`).
    """
    gold = [[tag for _token, tag in s] for s in sentences]
    if article <= 1:
        predicted = [model.tag_raw([token for token, _tag in s]) for s in sentences]
        return score(gold, predicted, types)
    predicted = []
    for first in range(0, len(sentences), article):
        words_of = [
            [normalize(token) or token for token, _tag in s] for s in sentences[first : first + article]
        ]
        predicted.extend(spread_names(words_of, model.tag_many(words_of)))
    return score(gold, predicted, types)
