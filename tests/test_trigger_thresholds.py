"""The trigger thresholds chosen on dev: one event decides no threshold (marsad.train.attribution)."""

from __future__ import annotations

from marsad.train.attribution import NO_EVENT, choose_trigger_thresholds


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
