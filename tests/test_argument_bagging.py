"""The actor's and target's thresholds averaged over resamples of dev's articles (``--argument-bags``)."""

from __future__ import annotations

import pytest

from marsad.train.attribution import (
    CHOICE_GRID,
    ChoiceDecision,
    bagged_argument_thresholds,
    bootstrap_resamples,
    choose_choice_threshold,
)


def _articles() -> list[list[ChoiceDecision]]:
    # forty articles, each with an actor chosen right at 0.9 and a target right at 0.8; every other article
    # adds an actor right at 0.3, the others one wrong at 0.3: at a wrong phrase costing one right one,
    # whether the actor's threshold lets 0.3 in depends on which articles a resample draws
    return [[(0.9, True, True, "actor"), (0.3, k % 2 == 0, True, "actor"), (0.8, True, True, "target")]
            for k in range(40)]


def test_the_bagged_choice_repeats_and_records_its_resamples() -> None:
    articles = _articles()
    fixed: list[ChoiceDecision] = [(0.6, False, False, "target")]  # a pooled corpus's group, in every resample
    first = bagged_argument_thresholds(articles, fixed, 30, wrong_cost=1.0, tie=0.0)
    assert first == bagged_argument_thresholds(articles, fixed, 30, wrong_cost=1.0, tie=0.0)  # a fixed seed
    assert len(first.chosen) == 30
    actors = [c["actor"] for c in first.chosen]
    assert set(actors) == {0.05, 0.35}  # the actors at 0.3 all in (the lowest edge) or all out
    assert {c["target"] for c in first.chosen} == {0.65}  # the wrong target at 0.6 left out, in every resample
    summary = first.summary()
    assert summary["bags"] == 30 and summary["seed"] == first.seed
    assert summary["actor"]["min"] == 0.05 and summary["actor"]["max"] == 0.35
    assert summary["actor"]["mean"] == pytest.approx(sum(actors) / 30, abs=1e-4)
    assert summary["actor"]["sd"] > 0.0 and summary["target"]["sd"] == 0.0
    assert first.by_role["actor"] in CHOICE_GRID and first.threshold in CHOICE_GRID
    assert abs(first.by_role["actor"] - summary["actor"]["mean"]) <= 0.025  # the mean, on the grid
    assert first.by_role["target"] == 0.65
    other = bagged_argument_thresholds(articles, fixed, 30, wrong_cost=1.0, tie=0.0, seed=7)
    assert other.chosen != first.chosen  # another draw


def test_no_bags_or_no_articles_is_the_single_choice() -> None:
    articles = _articles()
    fixed: list[ChoiceDecision] = [(0.6, False, False, "target")]
    rows = [*(d for a in articles for d in a), *fixed]
    once = bagged_argument_thresholds(articles, fixed, 0, wrong_cost=1.0, tie=0.01)
    assert once.threshold == choose_choice_threshold(rows, 1.0, 0.01)
    for role in ("actor", "target"):
        assert once.by_role[role] == choose_choice_threshold([d for d in rows if d[3] == role], 1.0, 0.01)
    assert once.chosen == ()
    alone = bagged_argument_thresholds([], rows, 50, wrong_cost=1.0, tie=0.01)
    assert (alone.threshold, alone.by_role, alone.chosen) == (once.threshold, once.by_role, ())


def test_resamples_of_like_articles_choose_as_the_whole_dev_does() -> None:
    """Every article alike: the curves summed over a resample's articles choose as the rows put together do."""
    one: list[ChoiceDecision] = [(0.7, True, True, "actor"), (0.4, False, True, "actor"),
                                 (0.2, False, False, "target"), (0.9, True, True, "target")]
    articles = [one] * 12
    rows = [d for a in articles for d in a]
    bagged = bagged_argument_thresholds(articles, [], 10, wrong_cost=0.5, tie=0.01)
    assert bagged.by_role["actor"] == choose_choice_threshold([d for d in rows if d[3] == "actor"], 0.5, 0.01)
    assert bagged.by_role["target"] == choose_choice_threshold([d for d in rows if d[3] == "target"], 0.5, 0.01)
    assert bagged.threshold == choose_choice_threshold(rows, 0.5, 0.01)
    assert all(c == bagged.chosen[0] for c in bagged.chosen)


def test_the_resamples_are_drawn_by_article_with_replacement() -> None:
    draws = bootstrap_resamples(10, 5, seed=3)
    assert draws == bootstrap_resamples(10, 5, seed=3) and len(draws) == 5
    assert all(len(d) == 10 and all(0 <= k < 10 for k in d) for d in draws)
    assert any(len(set(d)) < 10 for d in draws)  # some article drawn twice
