"""The attribution models refitted on train and dev with the chosen thresholds held (marsad.train.refit),
and the outer folds of the nested measurement (tools/refit_cv.py)."""

from __future__ import annotations

import json
from copy import deepcopy
from pathlib import Path

import pytest

from marsad.attribution.learned.extract import load_models
from marsad.train.attribution import fold_of, threshold_summary
from marsad.train.refit import hold_thresholds, outer_fold

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "src" / "marsad" / "data" / "attribution-model.json"


def test_outer_folds_are_fixed_by_the_id_disjoint_and_cut_across_the_threshold_folds() -> None:
    ids = [f"aner-{k:04d}" for k in range(400)]
    folds = [outer_fold(i, 4) for i in ids]
    assert folds == [outer_fold(i, 4) for i in ids]  # the same split on every run
    assert [outer_fold(i, 4) for i in ids[::3]] == folds[::3]  # leaving articles out moves no other one
    members = [{i for i, f in zip(ids, folds, strict=True) if f == k} for k in range(4)]
    assert sum(len(m) for m in members) == len(ids) and set().union(*members) == set(ids)  # disjoint, complete
    assert min(len(m) for m in members) > 70
    # the articles left inside an outer fold still fill every threshold fold
    for k in range(4):
        assert {fold_of(i, 4) for i in ids if outer_fold(i, 4) != k} == {0, 1, 2, 3}
    with pytest.raises(ValueError, match="two folds"):
        outer_fold("aner-0001", 1)


def test_hold_thresholds_copies_every_threshold_and_no_weight() -> None:
    chosen = load_models(SHIPPED)
    refit = deepcopy(chosen)
    refit.trigger_threshold, refit.trigger_threshold_rules = 0.9, 0.9
    refit.argument.threshold, refit.argument_thresholds = 0.9, {"actor": 0.9, "target": 0.9}
    refit.speaker.threshold = refit.cue_threshold_rules = 0.9
    assert refit.cue is not None and refit.coref is not None
    refit.cue.threshold = refit.coref.threshold = 0.9
    refit.coref_threshold_conflicting = refit.status_rule_margin = 0.9
    weights = deepcopy(refit.trigger.weights)
    assert threshold_summary(refit) != threshold_summary(chosen)
    held = hold_thresholds(refit, chosen)
    assert threshold_summary(held) == threshold_summary(chosen)
    assert held.status_rule_margin == chosen.status_rule_margin
    assert held.trigger.weights == weights


def test_refit_with_dev_learns_from_both_splits_and_holds_the_chosen_thresholds(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from marsad.cli import app
    from marsad.cli.console import build_pipeline, pipeline_config
    from marsad.cli.train_common import open_gold_corpus
    from marsad.train.attribution import gold_articles
    from marsad.train.refit import refit_with_dev
    from test_train_own_gold import _own_gold

    gold, sound, _broken = _own_gold(tmp_path / "mine", "annotations", n_train=4)
    model = tmp_path / "train.json"
    trained = CliRunner().invoke(app, ["train", "attribution", "--gold", str(gold), "--corpora", "mine",
                                       "--pool-corpora", "", "--data", str(tmp_path / "no-shared"),
                                       "--out", str(model)])
    assert trained.exit_code == 0, trained.output
    chosen = load_models(model)
    corpus = open_gold_corpus(str(gold), str(tmp_path / "no-shared"))
    train_articles = gold_articles(corpus, "train", {"mine"})
    dev_articles = gold_articles(corpus, "dev", {"mine"})
    assert len(train_articles) == len(sound) == 4 and len(dev_articles) == 1
    rules = build_pipeline(pipeline_config(None, None, "rules"))
    refit, examples = refit_with_dev(train_articles, dev_articles, rules, chosen, c=0.25, pooled=frozenset(),
                                     parts=[])
    assert examples.articles == 5  # the dev article is learned from too
    assert threshold_summary(refit) == threshold_summary(chosen)
    assert refit.trigger.weights != chosen.trigger.weights  # refitted, not copied
    # the dev article's gold triggers are in the vocabulary now
    assert set(chosen.vocabulary) < set(refit.vocabulary)


def test_the_tool_adds_up_fold_rows_of_separate_runs(tmp_path: Path) -> None:
    from marsad.evaluate.attribution import Scores
    from refit_cv import figures, summed

    def scores(right: int, output: int, gold: int) -> Scores:
        out = Scores(articles=10)
        out.events_actor.correct, out.events_actor.predicted, out.events_actor.gold = right, output, gold
        out.actor_right.right, out.actor_right.total = right, output
        return out

    rows = [{"fold": 0, "recipe": "A", "group": "news", **figures(scores(10, 20, 20))},
            {"fold": 1, "recipe": "A", "group": "news", **figures(scores(30, 100, 180))}]
    first, second = tmp_path / "a.log", tmp_path / "b.log"
    first.write_text(json.dumps(rows[0]) + "\n" + json.dumps({"fold": 0, "cpu_s": 1.0}) + "\n", "utf-8")
    second.write_text("\n".join(json.dumps(r) for r in rows) + "\n", "utf-8")  # fold 0 again: counted once
    total = figures(summed([str(first), str(second)])["A"]["news"])
    assert total["articles"] == 20
    # 40 / 120 and 40 / 200 from the counts (the means of the folds' ratios would be 0.4 and 0.333)
    assert total["type_actor_p"] == 0.333 and total["type_actor_r"] == 0.2
    assert total["actor_right"] == 0.333
