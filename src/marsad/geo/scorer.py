"""The learned place scorer: is a candidate mention a place, and which gazetteer entry is it.

Two logistic models over named numeric features (the features are computed by the places stage,
:mod:`marsad.stages.place_scoring`):

* ``place``: the probability that a candidate mention (a gazetteer name found by the scan, accepted
  or not by the hand-set rules, or a place entity of the entity stage) is a place.  A mention the
  rules accept is dropped below ``place.threshold``; one they reject is taken at ``add_threshold`` or
  above (the rules are the prior: overturning them takes more evidence);
* ``which``: the probability that one gazetteer candidate of a place mention is the place meant.

They are stored as JSON (a model file is data, never pickle) in ``marsad/data/geo-place-scorer.json``,
trained by ``marsad train places`` on the train split of ``gold/places`` with the thresholds chosen
on dev.  Features a model file does not know weigh nothing.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from itertools import repeat
from operator import mul
from typing import Any

from marsad.errors import MarsadError
from marsad.resources import data_file

MODEL_FILE = "geo-place-scorer.json"


class ScorerFileError(MarsadError, ValueError):
    """A place-scorer file that cannot be used; the message is for the user."""


def sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


@dataclass(frozen=True, slots=True)
class Logistic:
    """``sigmoid(bias + Σ weight·value)``; a decision is ``probability >= threshold``."""

    weights: Mapping[str, float]
    bias: float
    threshold: float = 0.5

    def probability(self, features: Mapping[str, float]) -> float:
        # The same products summed in the same order as a generator would, in C loops (asked of every candidate).
        weighted = map(mul, map(self.weights.get, features.keys(), repeat(0.0)), features.values())
        return sigmoid(self.bias + sum(weighted))

    def to_dict(self) -> dict[str, Any]:
        return {"bias": round(self.bias, 5), "threshold": round(self.threshold, 4),
                "weights": {k: round(v, 5) for k, v in sorted(self.weights.items()) if v}}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], what: str) -> Logistic:
        try:
            weights = {str(k): float(v) for k, v in dict(data["weights"]).items()}
            return cls(weights, float(data["bias"]), float(data["threshold"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise ScorerFileError(f"place scorer: the {what} model is malformed ({exc})") from exc


@dataclass(frozen=True, slots=True)
class PlaceScorer:
    place: Logistic
    which: Logistic
    add_threshold: float = 1.0  # (1.0: the scorer never takes a name the rules reject)
    meta: Mapping[str, Any] = field(default_factory=dict)

    def keeps(self, probability: float, accepted: bool) -> bool:
        """A place: above the drop threshold for a name the rules accept, the add threshold otherwise."""
        return probability >= (self.place.threshold if accepted else self.add_threshold)

    def to_dict(self) -> dict[str, Any]:
        return {"format": "marsad-place-scorer/1", "meta": dict(self.meta), "add_threshold": self.add_threshold,
                "place": self.place.to_dict(), "which": self.which.to_dict()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PlaceScorer:
        if data.get("format") != "marsad-place-scorer/1":
            raise ScorerFileError(f"place scorer: unknown format {data.get('format')!r}")
        try:
            add_threshold = float(data.get("add_threshold", 1.0))
        except (TypeError, ValueError) as exc:
            raise ScorerFileError(f"place scorer: add_threshold is not a number ({exc})") from exc
        return cls(Logistic.from_dict(data.get("place", {}), "place"),
                   Logistic.from_dict(data.get("which", {}), "which"), add_threshold, dict(data.get("meta", {})))


def read_scorer(text: str) -> PlaceScorer:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScorerFileError(f"place scorer: not JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise ScorerFileError("place scorer: expected a JSON object")
    return PlaceScorer.from_dict(data)


@cache
def default_scorer() -> PlaceScorer | None:
    """The shipped scorer, or None when the package has none (the hand-set rules decide alone)."""
    source = data_file(MODEL_FILE)
    if not source.is_file():
        return None
    return read_scorer(source.read_text("utf-8"))
