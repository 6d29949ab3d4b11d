"""The trigger thresholds chosen on dev: one event decides no threshold (marsad.train.attribution)."""

from __future__ import annotations

import pytest

from marsad.train.attribution import (
    NO_EVENT,
    TRIGGER_GRID,
    bagged_trigger_thresholds,
    by_article,
    choose_trigger_thresholds,
)


def _rows(kind: str, right: list[float], wrong: list[float], by_rule: bool) -> list[tuple[str, float, str, bool]]:
    return [(kind, p, kind, by_rule) for p in right] + [(kind, p, NO_EVENT, by_rule) for p in wrong]


def test_a_clear_optimum_is_kept() -> None:
    # the rules' words: right ones at 0.6 and above, wrong ones at 0.4 and under; the other words all wrong
    scored = _rows("ASSAULT", [0.6, 0.7, 0.8, 0.9] * 5, [0.1, 0.2, 0.3, 0.4] * 5, True)
    scored += _rows("ASSAULT", [], [0.5, 0.6, 0.7, 0.8, 0.9], False)
    t_rule, t_other = choose_trigger_thresholds(scored)
    assert 0.4 < t_rule <= 0.6
    assert t_other > 0.9


def test_within_one_event_of_the_best_the_rules_threshold_is_the_lowest() -> None:
    # the strict optimum is 0.325 (the wrong word at 0.32 left out); letting it in costs less than one right
    # event's F1, so the lowest threshold above the thirty wrong words at 0.1 is taken
    scored = _rows("MOBILIZE", [0.35] + [0.8] * 20, [0.32] + [0.1] * 30, True)
    scored += [("MOBILIZE", 0.0, "MOBILIZE", True)] * 4  # gold events no candidate finds
    t_rule, _ = choose_trigger_thresholds(scored)
    assert 0.1 < t_rule <= 0.3


def test_no_right_event_gives_the_neutral_thresholds() -> None:
    assert choose_trigger_thresholds(_rows("AID", [], [0.2, 0.9], True)) == (0.5, 0.5)
    assert choose_trigger_thresholds([]) == (0.5, 0.5)


def _spike_and_plateau() -> list[tuple[str, float, str, bool]]:
    # the rules' words: 30 right at 0.9, one right at 0.31, one wrong at 0.3 and at 0.29, 60 wrong at 0.1.
    # The strict best rules' threshold is 0.3 (one wrong word in); within one right event of it the lowest
    # edge reaches down to 0.125 (both wrong words in), next to the cliff of the sixty; from 0.325 up the
    # F1 stays just under the best: the broad plateau a neighbourhood's mean prefers
    scored = _rows("ASSAULT", [0.9] * 30 + [0.31], [0.3, 0.29] + [0.1] * 60, True)
    scored += _rows("ASSAULT", [0.9] * 10, [0.4] * 20, False)  # the other words: right at 0.9, wrong at 0.4
    return scored


def test_the_smoothed_choice_leaves_a_lone_spike_for_a_broad_plateau() -> None:
    scored = _spike_and_plateau()
    t_rule, t_other = choose_trigger_thresholds(scored, radius=2)
    assert t_rule >= 0.325  # on the plateau, clear of the wrong words
    assert 0.4 < t_other <= 0.9
    strict_rule, _ = choose_trigger_thresholds(scored)  # radius 0: the lowest edge within one event of the best
    assert strict_rule < t_rule


def test_a_radius_leaves_the_neutral_thresholds_without_a_right_event() -> None:
    assert choose_trigger_thresholds(_rows("AID", [], [0.2, 0.9], True), radius=3) == (0.5, 0.5)


def _articles() -> list[list[tuple[str, float, str, bool]]]:
    # forty articles, each with a rules' word right at 0.9 and the other words right at 0.9, wrong at 0.5 or
    # 0.6; every other article adds a right rules' word at 0.3, the others two wrong ones at 0.3: whether the
    # rules' threshold lets the words at 0.3 in depends on which articles a resample draws
    return [_rows("ASSAULT", [0.3, 0.9] if k % 2 == 0 else [0.9], [] if k % 2 == 0 else [0.3, 0.3], True)
            + _rows("AID", [0.9], [0.5] if k % 2 else [0.6], False) for k in range(40)]


def test_the_bagged_choice_repeats_and_records_its_resamples() -> None:
    articles = _articles()
    fixed = _rows("AID", [], [0.95], False)  # a pooled corpus's wrong word, in every resample
    first = bagged_trigger_thresholds(articles, fixed, 30)
    assert first == bagged_trigger_thresholds(articles, fixed, 30)  # resamples drawn from a fixed seed
    assert first.pair[0] in TRIGGER_GRID and first.pair[1] in TRIGGER_GRID and len(first.pairs) == 30
    rules = [rule for rule, _ in first.pairs]
    assert {0.05, 0.325} == set(rules)  # the words at 0.3 all in (the lowest edge) or all out
    assert all(0.6 < other <= 0.9 for _, other in first.pairs)
    summary = first.summary()
    assert summary["bags"] == 30 and summary["seed"] == first.seed
    assert summary["trigger_rules"]["min"] == 0.05 and summary["trigger_rules"]["max"] == 0.325
    assert summary["trigger_rules"]["mean"] == pytest.approx(sum(rules) / 30, abs=1e-4)
    assert summary["trigger_rules"]["sd"] > 0.0 and summary["trigger"]["sd"] == 0.0
    assert abs(first.pair[0] - summary["trigger_rules"]["mean"]) <= 0.0125  # the mean, on the grid
    assert bagged_trigger_thresholds(articles, fixed, 30, seed=7).pairs != first.pairs  # another draw


def test_resamples_of_like_articles_choose_as_the_whole_dev_does() -> None:
    """Every article alike: each resample is dev itself, so every bag's pair is dev's, with no spread; the
    counts summed over a resample's articles choose as the rows put together do."""
    one = _rows("ASSAULT", [0.8, 0.8, 0.6], [0.2, 0.45], True) + _rows("AID", [0.9], [0.5, 0.7], False)
    articles = [one] * 12
    whole = choose_trigger_thresholds([row for a in articles for row in a])
    bagged = bagged_trigger_thresholds(articles, [], 10)
    assert bagged.pair == whole and set(bagged.pairs) == {whole}
    assert bagged.summary()["trigger_rules"]["sd"] == 0.0 and bagged.summary()["trigger"]["sd"] == 0.0


def test_no_bags_or_no_articles_is_the_single_choice() -> None:
    articles = _articles()
    rows = [row for a in articles for row in a]
    assert bagged_trigger_thresholds(articles, [], 0).pair == choose_trigger_thresholds(rows)
    assert bagged_trigger_thresholds([], rows, 50).pair == choose_trigger_thresholds(rows)
    assert bagged_trigger_thresholds([], rows, 50).pairs == ()


def test_dev_rows_are_cut_by_article_and_the_rest_kept_whole() -> None:
    rows = _rows("AID", [0.1, 0.2, 0.3], [0.4, 0.5, 0.6], True)
    groups, rest = by_article(rows, [2, 0, 3])
    assert groups == [rows[:2], [], rows[2:5]] and rest == rows[5:]
    with pytest.raises(ValueError, match="7 rows by article"):
        by_article(rows, [3, 4])
