"""tools/eval_nonlinear.py: trees read as the linear choosers are read, and columns from feature strings."""

from __future__ import annotations

import numpy as np

from eval_nonlinear import (
    TreeChoice,
    binary_columns,
    booster,
    design_choice,
    group_measures,
    group_rows,
    softmax_choice,
    top_features,
)
from marsad.attribution.learned.linear import ChoiceModel
from marsad.train.attribution import Group


def test_softmax_choice_is_the_linear_choosers_rule() -> None:
    model = ChoiceModel({"a": 2.0, "b": 1.5, "none": 0.5}, threshold=0.3)
    candidates = [["a"], ["b"], []]
    spans = [(0, 2), (1, 3), (5, 6)]
    for threshold in (0.0, 0.3, 0.6, 0.9):
        scores = np.array([model.score(f) for f in [*candidates, ["none"]]])
        for given in (None, spans):
            assert softmax_choice(scores, given, threshold) == model.choose(candidates, ["none"], given, threshold)
    # "none" outweighing the best candidate abstains whatever the threshold
    assert softmax_choice(np.array([0.0, 3.0]), None, 0.0)[0] is None


def test_columns_keep_the_most_frequent_features() -> None:
    columns = top_features([["x", "y"], ["x"], ["x", "z", "y"]], 2)
    assert columns == {"x": 0, "y": 1}
    x = binary_columns([["y", "q"], ["x", "x"]], columns)
    assert x.tolist() == [[0.0, 1.0], [1.0, 0.0]]


def test_a_tree_chooser_learns_which_candidate_is_right() -> None:
    # the right candidate is the one with "near" unless "far" is on it too (an interaction a tree can take)
    groups = []
    for k in range(120):
        odd = k % 2 == 1
        right = [("near", "far") if odd else ("near",), ("near",) if odd else ("other",), ("other",)]
        labels = [not odd, odd, False]
        groups.append(Group([(list(f), y) for f, y in zip(right, labels, strict=True)], ["none"]))
    blocks, labels = [], []
    columns = top_features([r for g in groups for r in group_rows(g)[0]], 10)
    for g in groups:
        rows, right_rows = group_rows(g)
        blocks.append(design_choice(rows, None, columns))
        labels += right_rows
    clf = booster(0)
    clf.set_params(min_samples_leaf=5, early_stopping=False, max_iter=50)
    clf.fit(np.vstack(blocks), np.array(labels))
    chooser = TreeChoice(None, columns, clf)
    assert chooser.choose([["near", "far"], ["near"], ["other"]], ["none"], threshold=0.0)[0] == 1
    assert chooser.choose([["near"], ["other"], ["other"]], ["none"], threshold=0.0)[0] == 0
    loss, accuracy = group_measures(chooser, groups)
    assert accuracy == 1.0 and loss < 0.3
