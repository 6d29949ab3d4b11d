"""Sparse logistic-regression models stored as JSON (no pickle: a model file is data).

A binary model maps feature strings to weights; a multiclass model holds one
weight table per label (softmax over labels). Features absent from the table
weigh nothing, so a model trained on a small corpus degrades to its bias.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np

from marsad.attribution.learned.grouped import GroupedScorer
from marsad.errors import MarsadError

# Weights smaller than this are left out of a model file: they change no decision that matters
# and would make the file several times larger (thousands of word features from few examples).
MIN_WEIGHT = 0.01


class ModelFileError(MarsadError, ValueError):
    """A model file that cannot be used; the message is for the user."""


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)



def summed_rows(matrix: np.ndarray, index: Mapping[str, int], rows: Iterable[Iterable[str]]) -> np.ndarray:
    """For each feature list, the sum of its features' weight rows (one gather and one ``reduceat`` for
    all the lists). ``matrix`` has one extra all-zero row at ``len(index)``: every list takes it once (so
    an empty list sums to zero) and an unknown feature takes it again."""
    zero = len(index)
    get = index.get
    indices: list[int] = []
    starts: list[int] = []
    for feats in rows:
        starts.append(len(indices))
        indices.append(zero)
        indices += map(get, feats, repeat(zero))
    # ``take`` of an index array: the gather ``matrix[indices]`` makes of a list, without numpy reading
    # the list as a nested sequence first (most of the gather's cost)
    summed: np.ndarray = np.add.reduceat(matrix.take(np.array(indices, dtype=np.intp), axis=0), starts, axis=0)
    return summed

@dataclass(slots=True)
class BinaryModel:
    weights: dict[str, float]
    bias: float
    threshold: float = 0.5

    def probability(self, features: Iterable[str]) -> float:
        # map(get, features, repeat(0.0)): the same weights added in the same order as a generator
        # of ``get(f, 0.0)``, without a Python frame per feature
        return _sigmoid(self.bias + sum(map(self.weights.get, features, repeat(0.0))))

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "binary", "bias": self.bias, "threshold": self.threshold,
                "weights": {k: round(v, 4) for k, v in sorted(self.weights.items()) if abs(v) >= MIN_WEIGHT}}


@dataclass(slots=True)
class ChoiceModel:
    """A conditional-logit chooser: one score per candidate and one for "none of them",
    a softmax over the group; the winner is taken when its probability reaches the threshold."""

    weights: dict[str, float]
    threshold: float = 0.5
    # the weights summed per group of features, one scorer per tuple of group functions (built on first use)
    _grouped: dict[tuple[Callable[..., Sequence[str]], ...], GroupedScorer] = field(
        default_factory=dict, repr=False, compare=False)

    def score(self, features: Iterable[str]) -> float:
        return sum(map(self.weights.get, features, repeat(0.0)))

    def grouped(self, groups: Sequence[Callable[..., Sequence[str]]]) -> GroupedScorer:
        """The scorer that adds this model's weights group by group over ``groups`` (:mod:`.grouped`)."""
        key = tuple(groups)
        found = self._grouped.get(key)
        if found is None or found.weights is not self.weights:
            found = self._grouped[key] = GroupedScorer(self.weights, key)
        return found

    def choose(self, candidates: Sequence[Iterable[str]], none: Iterable[str],
               spans: Sequence[tuple[int, int]] | None = None,
               threshold: float | None = None) -> tuple[int | None, float]:
        """Index of the chosen candidate (or None) and its probability.

        With ``spans`` (token spans of the candidates), the probability of the best candidate is
        that of every candidate overlapping it: ``شرطة بنغلاديش`` and ``شرطة بنغلاديش نحو 200
        شخص`` name one party, and splitting the mass between two boundaries must not make the
        chooser abstain on it, nor lose it to "none". ``threshold``: instead of the model's own (one per role for arguments; 0: only "none" abstains)."""
        if not candidates:
            return None, 0.0
        get = self.weights.get
        return self.choose_scores([sum(map(get, f, repeat(0.0))) for f in candidates],
                                  sum(map(get, none, repeat(0.0))), spans, threshold)

    def choose_scores(self, scores: Sequence[float], none_score: float,
                      spans: Sequence[tuple[int, int]] | None = None,
                      threshold: float | None = None) -> tuple[int | None, float]:
        """:meth:`choose` from the candidates' scores (the sums of their features' weights)."""
        if not scores:
            return None, 0.0
        top = max(*scores, none_score)
        exp = [math.exp(x - top) for x in scores]
        total = sum(exp) + math.exp(none_score - top)
        best = max(range(len(scores)), key=scores.__getitem__)
        if spans is None:
            mass = exp[best]
        else:
            first, last = spans[best]
            mass = sum(e for e, (a, b) in zip(exp, spans, strict=True) if a < last and first < b)
        p = mass / total
        # "none of them" wins over the party's pooled mass, not over its best boundary alone (a target whose
        # mass is split between two boundaries was given up to a "none" weaker than the two together)
        if math.exp(none_score - top) >= mass or p < (self.threshold if threshold is None else threshold):
            # "none of them" wins, or too unsure
            return None, p
        return best, p

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "choice", "threshold": self.threshold,
                "weights": {k: round(v, 4) for k, v in sorted(self.weights.items()) if abs(v) >= MIN_WEIGHT}}


def choice_from_dict(data: Mapping[str, Any]) -> ChoiceModel:
    return ChoiceModel({str(k): float(v) for k, v in data["weights"].items()}, float(data.get("threshold", 0.5)))


@dataclass(slots=True)
class MulticlassModel:
    labels: list[str]
    weights: dict[str, dict[str, float]]  # label → feature → weight
    biases: dict[str, float]
    extra: dict[str, Any] = field(default_factory=dict)
    # feature → its weight for every label, in label order: one vector addition per feature
    _by_feature: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
    _bias: np.ndarray | None = field(default=None, repr=False)
    _feature_index: dict[str, int] = field(default_factory=dict, repr=False)
    _matrix: np.ndarray | None = field(default=None, repr=False)  # features × labels

    def _compile(self) -> np.ndarray:
        index = {label: k for k, label in enumerate(self.labels)}
        table: dict[str, np.ndarray] = {}
        for label, weights in self.weights.items():
            for feature, w in weights.items():
                table.setdefault(feature, np.zeros(len(self.labels)))[index[label]] = w
        self._by_feature = table
        self._feature_index = {feature: k for k, feature in enumerate(table)}
        # one row per feature, then a row of zeros that every unknown feature (and every candidate,
        # however few features it has) points to
        self._matrix = np.vstack([*table.values(), np.zeros(len(self.labels))])
        self._bias = np.array([self.biases[label] for label in self.labels])
        return self._bias

    def scores_many(self, rows: Sequence[Iterable[str]], base: np.ndarray | None = None) -> np.ndarray:
        """The score of every label (columns, in ``labels`` order) for many feature lists at once: the bias
        plus the summed weights of each list. ``base``: one row per list to start from instead of the bias
        (the bias and the sum of features scored before, the same for many lists)."""
        bias = self._bias if self._bias is not None else self._compile()
        assert self._matrix is not None
        if not rows:
            return np.zeros((0, len(self.labels)))
        scores: np.ndarray = summed_rows(self._matrix, self._feature_index, rows) + (bias if base is None else base)
        return scores

    def probabilities_many(self, rows: Sequence[Iterable[str]], base: np.ndarray | None = None) -> np.ndarray:
        """Probabilities of every label (columns, in ``labels`` order) for many feature lists at once:
        one gather of weight rows and one sum per document instead of one small vector sum per candidate
        (``base``: see :meth:`scores_many`)."""
        if not rows:
            return np.zeros((0, len(self.labels)))
        scores: np.ndarray = self.scores_many(rows, base)
        scores = np.exp(scores - scores.max(axis=1, keepdims=True))
        scores /= scores.sum(axis=1, keepdims=True)
        return scores

    def probabilities(self, features: Iterable[str]) -> dict[str, float]:
        bias = self._bias if self._bias is not None else self._compile()
        scores = bias.copy()
        table = self._by_feature
        for f in features:
            vector = table.get(f)
            if vector is not None:
                scores += vector
        scores = np.exp(scores - scores.max())
        scores /= scores.sum()
        return dict(zip(self.labels, scores.tolist(), strict=True))

    def best(self, features: Iterable[str]) -> tuple[str, float]:
        probs = self.probabilities(features)
        label = max(probs, key=probs.__getitem__)
        return label, probs[label]

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "multiclass", "labels": self.labels, "biases": self.biases,
                "weights": {label: {k: round(v, 4) for k, v in sorted(table.items()) if abs(v) >= MIN_WEIGHT}
                            for label, table in self.weights.items()}}


@dataclass(slots=True)
class NestedModel:
    """Two multiclass models read as one distribution: ``outer`` decides among its labels, and the
    probability of its label ``split`` is shared out among the labels of ``inner``.

    The event status: whether an event is denied, planned or hypothetical does not depend on who
    states it (a condition inside a quote is hypothetical, one outside too), and whether a plain
    event is the outlet's or a party's claim does not depend on those words; two models learn each
    question from all the events that bear on it."""

    outer: MulticlassModel
    inner: MulticlassModel
    split: str

    @property
    def labels(self) -> list[str]:
        return [*(label for label in self.outer.labels if label != self.split), *self.inner.labels]

    def probabilities(self, features: Iterable[str]) -> dict[str, float]:
        features = list(features)
        outer = self.outer.probabilities(features)
        share = outer.pop(self.split, 0.0)
        return {**outer, **{label: share * p for label, p in self.inner.probabilities(features).items()}}

    def probabilities_many(self, rows: Sequence[Iterable[str]]) -> np.ndarray:
        """:meth:`probabilities` of many feature lists at once (columns in ``labels`` order): two
        products per document instead of two per list."""
        rows = [list(row) for row in rows]
        outer = self.outer.probabilities_many(rows)
        if not rows:
            return np.zeros((0, len(self.labels)))
        inner = self.inner.probabilities_many(rows)
        split = self.outer.labels.index(self.split)
        keep = [k for k, label in enumerate(self.outer.labels) if label != self.split]
        return np.hstack([outer[:, keep], outer[:, [split]] * inner])

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "nested", "split": self.split, "outer": self.outer.to_dict(), "inner": self.inner.to_dict()}


def status_model_from_dict(data: Mapping[str, Any]) -> MulticlassModel | NestedModel:
    """A multiclass model, or a nested one (``"kind": "nested"``)."""
    if data.get("kind") == "nested":
        return NestedModel(multiclass_from_dict(data["outer"]), multiclass_from_dict(data["inner"]), str(data["split"]))
    return multiclass_from_dict(data)


def binary_from_dict(data: Mapping[str, Any]) -> BinaryModel:
    return BinaryModel({str(k): float(v) for k, v in data["weights"].items()}, float(data["bias"]),
                       float(data.get("threshold", 0.5)))


def multiclass_from_dict(data: Mapping[str, Any]) -> MulticlassModel:
    labels = [str(x) for x in data["labels"]]
    return MulticlassModel(labels, {lab: {str(k): float(v) for k, v in data["weights"].get(lab, {}).items()}
                                    for lab in labels},
                           {lab: float(data["biases"][lab]) for lab in labels})


def read_model_file(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise ModelFileError(f"cannot read model {path}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise ModelFileError(f"model {path} is not JSON ({exc})") from None
    if not isinstance(data, dict) or "models" not in data:
        raise ModelFileError(f"{path} is not a Marsad attribution model (no 'models')")
    return data
