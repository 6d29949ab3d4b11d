"""The attribution models refitted on train and dev with the chosen thresholds held (marsad.train.refit,
``marsad train attribution --fit-on``), and the outer folds of the nested measurement (tools/refit_cv.py)."""

from __future__ import annotations

import json
from copy import deepcopy
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.attribution.learned.extract import load_models
from marsad.cli import app
from marsad.train.attribution import fold_of, threshold_summary
from marsad.train.refit import hold_thresholds, outer_fold
from test_train_own_gold import _own_gold

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


def _model(path: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(path.read_text("utf-8"))
    return data


def test_train_attribution_refits_on_train_and_dev_with_the_thresholds_held(tmp_path: Path) -> None:
    gold, sound, _broken = _own_gold(tmp_path / "mine", "annotations", n_train=4)
    args = ["train", "attribution", "--gold", str(gold), "--corpora", "mine", "--pool-corpora", "",
            "--data", str(tmp_path / "no-shared"), "--json"]
    plain = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "train.json")])
    refit = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "both.json"), "--fit-on", "train+dev"])
    assert plain.exit_code == 0 and refit.exit_code == 0, plain.output + refit.output
    meta, refit_meta = json.loads(plain.stdout), json.loads(refit.stdout)
    assert meta["fit_on"] == "train" and refit_meta["fit_on"] == "train+dev"
    assert "train+dev" not in meta["trained_on"]
    assert refit_meta["trained_on"]["train+dev"]["articles"] == len(sound) + 1 == 5  # the dev article learned too
    assert refit_meta["thresholds"] == meta["thresholds"]
    a, b = _model(tmp_path / "train.json"), _model(tmp_path / "both.json")
    assert a["fit_on"] == "train" and b["fit_on"] == "train+dev"
    models_a, models_b = a["models"], b["models"]
    assert isinstance(models_a, dict) and isinstance(models_b, dict)
    assert models_a["trigger"]["threshold"] == models_b["trigger"]["threshold"]
    assert models_a["speaker"]["threshold"] == models_b["speaker"]["threshold"]
    assert models_a["trigger"]["weights"] != models_b["trigger"]["weights"]  # refitted, not copied


def test_train_attribution_refuses_an_unknown_fit_on_in_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["train", "attribution", "--fit-on", "dev", "--out", str(tmp_path / "m.json")])
    assert result.exit_code == 2
    message = " ".join(result.output.split())
    assert "unknown --fit-on 'dev'; choose one of: train, train+dev" in message
    assert "Traceback" not in result.output and not (tmp_path / "m.json").exists()
