"""Decision thresholds chosen on the held-out train folds and dev together, not on dev alone.

The trigger, argument, cue and coreference thresholds were chosen on the dev split alone: a few hundred
decisions on a flat surface, where a change of a few place mentions moved the trigger thresholds from
0.15 / 0.30 to 0.10 / 0.45 (round 18). Here the train articles are split in folds by article id; each fold
is scored by models fitted on the other folds with the same recipe (its trigger words read with the
vocabulary of the other folds' gold triggers, as a new article's are at run time), and those held-out
scores are pooled with the dev scores of the models trained on the whole split. Each threshold is chosen
on the pool with the rule it had on dev (the tie of the argument thresholds is a share of the pool; the
trigger thresholds' tie of one right event grows with the pool). The speaker threshold is chosen on train
folds and dev already (:mod:`marsad.train.speaker_folds`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from marsad.train.attribution import (
    POOL_PARTS,
    THRESHOLD_FOLDS,
    TRIGGER_LABELS,
    ChoiceDecision,
    Examples,
    HeldOut,
    TriggerDecision,
    binary_decisions,
    choice_decisions,
    fit_binary,
    fit_choice,
    fit_multiclass,
    trigger_decisions,
)

# the example lists the held-out folds are scored on (speakers and status have no threshold chosen here)
POOL_PARTS_ALL = ("trigger", "argument", "cue", "cue_rules", "coref")


@dataclass(slots=True)
class Decisions:
    """Scored decisions of the thresholded model parts, at the lowest threshold."""

    trigger: list[TriggerDecision] = field(default_factory=list)
    argument: list[ChoiceDecision] = field(default_factory=list)
    cue: list[tuple[float, bool]] = field(default_factory=list)
    cue_rules: list[tuple[float, bool]] = field(default_factory=list)
    coref: list[tuple[float, bool]] = field(default_factory=list)

    def extend(self, other: Decisions) -> None:
        for name in ("trigger", "argument", "cue", "cue_rules", "coref"):
            getattr(self, name).extend(getattr(other, name))

    def counts(self) -> dict[str, int]:
        return {"trigger": len(self.trigger), "argument_groups": len(self.argument), "cue": len(self.cue),
                "cue_rules": len(self.cue_rules), "coref_pairs": len(self.coref)}


def _add(out: Examples, examples: Examples, pooled: bool, parts: Sequence[str]) -> None:
    """``examples`` into ``out``: every part, or for a pooled corpus's article only the pooled parts."""
    names = [name for part in parts for name in POOL_PARTS[part]] if pooled else list(POOL_PARTS_ALL)
    for name in names:
        getattr(out, name).extend(getattr(examples, name))


def held_out_decisions(articles: Sequence[HeldOut], parts: Sequence[str], c: float,
                       folds: int = THRESHOLD_FOLDS) -> Decisions:
    """Each fold's decisions by the trigger, argument, cue and coreference models fitted on the other
    folds as :func:`marsad.train.attribution.train` fits them on the whole split."""
    out = Decisions()
    for k in range(folds):
        rest, held = Examples(), Examples()
        for article in articles:
            if article.fold == k:
                _add(held, article.held, article.pooled, parts)
            else:
                _add(rest, article.own, article.pooled, parts)
        if not held.trigger and not held.argument and not held.cue and not held.coref:
            continue
        trigger = fit_multiclass(rest.trigger, c, TRIGGER_LABELS)
        argument = fit_choice(rest.argument, c)
        cue = fit_binary([*rest.cue, *rest.cue_rules], c)
        coref = fit_binary(rest.coref, c)
        out.extend(Decisions(trigger_decisions(trigger, held.trigger), choice_decisions(argument, held.argument),
                             binary_decisions(cue, held.cue), binary_decisions(cue, held.cue_rules),
                             binary_decisions(coref, held.coref)))
    return out
