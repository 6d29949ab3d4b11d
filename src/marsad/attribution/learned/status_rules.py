"""The annotation guide's statuses that overrule the learned status model (``data/status_rules.yaml``).

The status model reads an event by the words around it and weighs a scope word against everything
else it saw; where the guide states the status outright — a denial word before the event (denied), a
condition (hypothetical), the event word's own future form or a future word just before it
(planned), a possibility word right before it (hypothetical) — the guide's status is taken, whoever
states the event (a condition inside a quote is still hypothetical). The cues are read from the status
features (:func:`marsad.attribution.learned.context.status_features`), so training, the tools and the
run-time extraction see the same words.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import lru_cache

from marsad.resources import read_yaml

STATUSES = frozenset({"asserted", "claimed", "denied", "planned", "hypothetical"})
# the status features a cue of the data file stands for, besides the scope classes (scope=CLASS…)
_OWN_CUES = {"denial": "frame=deny", "own-future": "self=future"}
# how near the nearest scope word stands, as the status features bucket it (scope=CLASS|d=…)
_DISTANCES = {1: ("1",), 3: ("1", "2-3")}


@lru_cache(maxsize=1)
def status_rules() -> tuple[tuple[frozenset[str], str], ...]:
    """Each rule of ``data/status_rules.yaml`` as the status features any one of which fires it, and its
    status, in the file's order (the first that matches decides)."""
    classes = frozenset(read_yaml("status_scope.yaml")["classes"])
    rules: list[tuple[frozenset[str], str]] = []
    for entry in read_yaml("status_rules.yaml")["rules"]:
        cue, status = str(entry["cue"]), str(entry["status"])
        if status not in STATUSES:
            raise ValueError(f"status_rules.yaml: unknown status {status!r} (valid: {', '.join(sorted(STATUSES))})")
        within = entry.get("within")
        if cue not in _OWN_CUES and cue not in classes:
            valid = ", ".join([*_OWN_CUES, *sorted(classes)])
            raise ValueError(f"status_rules.yaml: unknown cue {cue!r} (valid: {valid})")
        if cue in _OWN_CUES:
            features = frozenset({_OWN_CUES[cue]})
        elif within is None:
            features = frozenset({f"scope={cue}"})
        elif int(within) in _DISTANCES:
            features = frozenset(f"scope={cue}|d={d}" for d in _DISTANCES[int(within)])
        else:
            raise ValueError(f"status_rules.yaml: within {within!r} of {cue!r} (valid: 1, 3 or none)")
        rules.append((features, status))
    return tuple(rules)


def guide_status(features: Collection[str]) -> str | None:
    """The status the annotation guide gives an event with these status features, None where no rule
    of ``data/status_rules.yaml`` applies (the model decides)."""
    present = features if isinstance(features, (set, frozenset)) else set(features)
    for cues, status in status_rules():
        if not cues.isdisjoint(present):
            return status
    return None
