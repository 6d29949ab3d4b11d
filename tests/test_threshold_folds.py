"""Thresholds chosen on the held-out train folds and dev together (marsad.train.threshold_folds)."""

from __future__ import annotations

from marsad.train.attribution import (
    NO_EVENT,
    ChoiceDecision,
    Examples,
    HeldOut,
    choose_binary_threshold,
    choose_choice_threshold,
    choose_trigger_thresholds,
    fold_of,
)
from marsad.train.threshold_folds import Decisions, held_out_decisions


def _choices(p: float, right: bool, n: int, role: str = "actor") -> list[ChoiceDecision]:
    return [(p, right, True, role)] * n


def test_a_fold_is_fixed_by_the_article_id() -> None:
    ids = [f"anercorp-{k}" for k in range(200)]
    folds = [fold_of(i, 4) for i in ids]
    assert set(folds) == {0, 1, 2, 3}
    assert min(folds.count(k) for k in range(4)) > 30  # the ids spread over every fold
    # leaving articles out moves no other article to another fold
    assert [fold_of(i, 4) for i in ids[::2]] == folds[::2]


def test_dev_alone_follows_its_noise_the_pool_does_not() -> None:
    # held-out folds: right phrases at 0.6, wrong ones at 0.3 — the answer is the lowest threshold over 0.3
    held = [*_choices(0.6, True, 100), *_choices(0.3, False, 100)]
    # a small dev split where by chance three wrong phrases scored 0.62 and 0.6 looks worse than abstaining
    dev = [*_choices(0.6, True, 2), *_choices(0.62, False, 3), *_choices(0.3, False, 2)]
    assert choose_choice_threshold(dev, wrong_cost=1.0) == 0.65
    assert choose_choice_threshold([*held, *dev], wrong_cost=1.0) == 0.35


def test_the_argument_tie_is_a_share_of_the_pool() -> None:
    # 0.35 scores 100 right; 0.25 lets 30 wrong phrases in (−30): beyond a tie of 1 % of 400 decisions …
    decisions = [*_choices(0.6, True, 100), *_choices(0.3, False, 30), *_choices(0.1, False, 270)]
    assert choose_choice_threshold(decisions, 1.0, tie=0.01) == 0.35
    # … within a tie of 10 % (40 decisions): the lowest threshold of the plateau
    assert choose_choice_threshold(decisions, 1.0, tie=0.1) == 0.15


def test_roles_choose_on_their_own_decisions() -> None:
    pooled = [*_choices(0.6, True, 50, "actor"), *_choices(0.3, False, 50, "actor"),
              *_choices(0.2, True, 50, "target"), *_choices(0.1, False, 50, "target")]
    assert choose_choice_threshold([d for d in pooled if d[3] == "actor"], 1.0) == 0.35
    assert choose_choice_threshold([d for d in pooled if d[3] == "target"], 1.0) == 0.15


def test_the_trigger_tie_grows_with_the_pool() -> None:
    # the rules' words: 40 right at 0.8, one right at 0.35, three wrong at 0.3, 40 wrong at 0.1
    scored = [("ASSAULT", 0.8, "ASSAULT", True)] * 40 + [("ASSAULT", 0.35, "ASSAULT", True)]
    scored += [("ASSAULT", 0.3, NO_EVENT, True)] * 3 + [("ASSAULT", 0.1, NO_EVENT, True)] * 40
    scored += [("ASSAULT", 0.9, NO_EVENT, False)]  # the other words: a wrong one only
    strict, _ = choose_trigger_thresholds(scored)
    assert 0.3 < strict <= 0.35  # one right event of slack does not pay for three wrong ones
    loose, _ = choose_trigger_thresholds(scored, slack=3.0)
    assert 0.1 < loose <= 0.3  # three do: the lowest rules' threshold of the plateau


def test_the_binary_threshold_is_chosen_on_the_pool() -> None:
    held = [(0.7, True)] * 50 + [(0.4, False)] * 50
    dev = [(0.45, True)] * 3 + [(0.2, False)] * 3  # dev alone: any threshold from 0.25 to 0.45 is perfect
    assert choose_binary_threshold(dev) == 0.25
    assert choose_binary_threshold([*held, *dev]) == 0.45


def _article(k: int, fold: int, pooled: bool = False) -> HeldOut:
    rows = [(["w=good"], "ASSAULT")] * 5 + [(["w=bad"], NO_EVENT)] * 10 + [(["w=bad", f"only={k}"], "ASSAULT")]
    own = Examples(trigger=list(rows), coref=[(["near"], True), (["far"], False)])
    held = Examples(trigger=list(rows), coref=[(["near"], True), (["far"], False)])
    return HeldOut(fold, pooled, own, held)


def test_each_fold_is_scored_by_models_that_never_saw_it() -> None:
    articles = [_article(k, k % 4) for k in range(8)] + [_article(8, 1, pooled=True)]
    found = held_out_decisions(articles, ["trigger"], c=1.0, folds=4)
    assert isinstance(found, Decisions)
    # every held-out row scored once; the pooled article only for the part it is pooled for
    assert len(found.trigger) == 9 * 16
    assert len(found.coref) == 8 * 2
    scores = [p for _, p, _, _ in found.trigger]
    blocks = [scores[k:k + 16] for k in range(0, len(scores), 16)]
    assert all(min(block[:5]) > 0.5 > max(block[5:]) for block in blocks)
    # a word only its own article has is unseen by the model that scores it: it weighs nothing, and the
    # row scores as the article's other "w=bad" rows (trained on itself, it would score above them)
    assert all(abs(block[15] - block[5]) < 1e-9 for block in blocks)
