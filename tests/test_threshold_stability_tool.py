"""tools/threshold_stability.py's summary of how far the chosen trigger pair moves over perturbed retrains."""

from __future__ import annotations

import pytest

from tool_module import load_tool


def test_the_spread_of_a_radius_is_its_range_and_standard_deviation() -> None:
    tool = load_tool("threshold_stability.py")
    rows = [{"seed": s, "radius": 2, "trigger_rules": r, "trigger": 0.4, "dev_trigger_f1": f, "output": n}
            for s, (r, f, n) in enumerate([(0.1, 0.5, 300), (0.2, 0.52, 320), (0.3, 0.54, 340)])]
    out = tool.spread(rows, 2)
    assert out["seeds"] == 3 and out["radius"] == 2
    assert out["trigger_rules"]["range"] == pytest.approx(0.2)
    assert out["trigger_rules"]["sd"] == pytest.approx(0.0816, abs=1e-4)
    assert out["trigger"] == {"min": 0.4, "max": 0.4, "range": 0.0, "sd": 0.0}
    assert out["output"]["min"] == 300 and out["output"]["max"] == 340


def test_seed_zero_leaves_no_article_out() -> None:
    tool = load_tool("threshold_stability.py")
    ids = [f"aner-{k:04d}" for k in range(200)]
    assert not any(tool.dropped(i, 0) for i in ids)
    assert 5 < sum(tool.dropped(i, 1) for i in ids) < 40  # about a tenth


def test_the_bagged_choice_is_a_grid_pair_and_repeats() -> None:
    tool = load_tool("threshold_stability.py")
    # twenty articles of five rules' words: four right at 0.8, one wrong at 0.2 (the last article's wrong word
    # at 0.6); the pooled rows after them: one wrong other word at 0.9
    scored = []
    for k in range(20):
        scored += [("ASSAULT", 0.8, "ASSAULT", True)] * 4 + [("ASSAULT", 0.6 if k == 19 else 0.2, "NONE", True)]
    scored.append(("ASSAULT", 0.9, "NONE", False))
    sizes = [5] * 20
    first = tool.bagged_choice(scored, sizes, 20, 0)
    assert first == tool.bagged_choice(scored, sizes, 20, 0)  # fixed resamples
    assert first[0] in tool.TRIGGER_GRID and first[1] in tool.TRIGGER_GRID
    assert 0.2 < first[0] <= 0.8  # every resample keeps the wrong words at 0.2 out and the right ones in
    assert first[1] > 0.9  # the pooled wrong word is in every resample
