"""tools/argument_refit.py cross-validates the argument chooser by article: right choices and precision."""

from __future__ import annotations

from argument_refit import cross_validate
from marsad.train.attribution import Group


def _group(role: str, right: int | None, n: int = 3) -> Group:
    """``n`` candidates, the one at ``right`` (None: gold names no argument) marked by the feature ``good``."""
    rows = [([f"r={role}|good" if k == right else f"r={role}|bad", f"r={role}|k={k}"], k == right) for k in range(n)]
    return Group(rows, [f"NONE|r={role}"], spans=[(k, k + 1) for k in range(n)], role=role)


def test_a_feature_that_marks_the_right_candidate_is_learned_on_other_folds() -> None:
    # twenty articles, each with one actor choice the feature "good" tells right
    articles = [(f"a{i}", [_group("actor", i % 3), _group("target", None)]) for i in range(20)]
    result = cross_validate(articles)
    assert result["actor"] == {"right": 1.0, "precision": 1.0}
    # no target is ever right: the chooser learns "none", which is right where gold names none
    assert result["target"]["right"] == 1.0
    assert result["target"]["precision"] == 0.0


def test_a_candidate_that_is_never_right_is_not_given() -> None:
    # the feature tells nothing (the right candidate is marked "bad" like the others): choices are a coin toss
    articles = [(f"a{i}", [Group([([f"r=actor|k={k}"], k == i % 2) for k in range(2)], ["NONE|r=actor"],
                                 spans=[(0, 1), (1, 2)], role="actor")]) for i in range(20)]
    result = cross_validate(articles)
    assert result["actor"]["right"] <= 0.6
