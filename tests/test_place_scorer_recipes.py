"""Recipes of the place scorer measured on held-out articles: folds by article id, thresholds chosen on
pooled out-of-fold predictions, thresholds held over a refit (``tools/eval_places_nested.py``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from marsad.evaluate.gold_corpus import GoldCorpus
from marsad.geo.scorer import PlaceScorer, default_scorer
from marsad.pipeline import Pipeline
from marsad.stages.places import PlaceStage
from marsad.train.places import (
    Prepared,
    choose_thresholds,
    choose_thresholds_pooled,
    collect_by_article,
    fold_of,
    out_of_fold_parts,
    prepare,
    with_thresholds,
)
from tool_module import load_tool

ROOT = Path(__file__).resolve().parents[1]
TOOL = ROOT / "tools" / "eval_places_nested.py"


def _tool() -> Any:
    return load_tool("eval_places_nested.py")


def _shipped() -> PlaceScorer:
    scorer = default_scorer()
    assert scorer is not None
    return scorer


def _dev(corpora: set[str]) -> list[Prepared]:
    """The dev articles of ``corpora`` with place gold, analysed up to the places stage (open text, in the
    repository)."""
    errors: list[str] = []
    articles = prepare(GoldCorpus(ROOT / "gold", None), "dev", corpora,
                       Pipeline.build(("boilerplate", "repair", "entities")), errors)
    assert not errors and len(articles) >= 6
    return articles


@pytest.fixture(scope="module")
def dev_articles() -> list[Prepared]:
    return _dev({"anercorp"})


def test_folds_are_deterministic_disjoint_and_balanced() -> None:
    ids = [f"aner-{n:04d}" for n in range(23)] + [f"pud-{n}" for n in range(10)]
    folds = fold_of(ids, 4)
    assert folds == fold_of(list(reversed(ids)), 4)  # by id, not by the order given
    assert set(folds) == set(ids) and set(folds.values()) == {0, 1, 2, 3}
    sizes = sorted(list(folds.values()).count(k) for k in range(4))
    assert sizes[-1] - sizes[0] <= 1
    # not dealt out by name: the first ids do not all go to the first folds in turn
    assert [folds[i] for i in ids[:8]] != [0, 1, 2, 3, 0, 1, 2, 3]
    assert fold_of(ids, 4, "another") != folds  # a salt deals them otherwise
    with pytest.raises(ValueError, match="folds must be 2 or more, not 1"):
        fold_of(ids, 1)


def test_thresholds_are_set_and_the_weights_held() -> None:
    shipped = _shipped()
    moved = with_thresholds(shipped, 0.3, 0.8, 0.6)
    assert (moved.place.threshold, moved.add_threshold, moved.which.threshold) == (0.3, 0.8, 0.6)
    assert moved.place.weights == shipped.place.weights and moved.place.bias == shipped.place.bias
    assert moved.which.weights == shipped.which.weights and moved.meta is shipped.meta


def test_pooled_thresholds_are_chosen_on_the_sum_of_the_parts(dev_articles: list[Prepared]) -> None:
    """One scorer over two halves chooses what it chooses over the whole (the choice reads the summed
    figures); the chosen thresholds are set on the final scorer's weights, not on a part's."""
    shipped = _shipped()
    stage = PlaceStage(learned=False)
    whole, _trace = choose_thresholds(shipped, dev_articles, stage, 0.5, 1.5)
    half = len(dev_articles) // 2
    final = PlaceScorer(shipped.place, shipped.which, 1.0, {"recipe": "final"})
    pooled, trace = choose_thresholds_pooled([(shipped, dev_articles[:half]), (shipped, dev_articles[half:])],
                                             stage, 0.5, 1.5, final)
    chosen = (pooled.place.threshold, pooled.add_threshold, pooled.which.threshold)
    assert chosen == (whole.place.threshold, whole.add_threshold, whole.which.threshold)
    assert pooled.meta == {"recipe": "final"} and pooled.place.weights == shipped.place.weights
    # a wider drop grid is read in full: one trace line per drop threshold
    wide, wide_trace = choose_thresholds_pooled([(shipped, dev_articles)], stage, 0.5, 1.5, final,
                                                drop_grid=(0.7, 0.8))
    assert [t["drop_threshold"] for t in wide_trace if "drop_threshold" in t] == [0.7, 0.8]
    assert wide.place.threshold in (0.7, 0.8)
    assert len([t for t in trace if "drop_threshold" in t]) == 13


def test_out_of_fold_parts_partition_the_articles() -> None:
    pytest.importorskip("sklearn")
    dev_articles = _dev({"anercorp", "wojood"})  # (enough articles for both classes of both models in a fold)
    groups = collect_by_article(dev_articles, PlaceStage(learned=False))
    parts = out_of_fold_parts(dev_articles, groups, [], 2, 0.3, 1.0)
    seen = [p.article.id for _scorer, articles in parts for p in articles]
    assert sorted(seen) == sorted(p.article.id for p in dev_articles) and len(parts) == 2
    # each part's scorer learned from the other part only: the two differ
    assert parts[0][0].place.weights != parts[1][0].place.weights
    assert parts[0][0].meta["c"] == {"place": 0.3, "which": 1.0}


def test_paired_bootstrap_reads_a_difference_and_no_difference() -> None:
    tool = _tool()
    # gold, predicted, correct, located right, located, false city-level, city-level
    base = [(4, 4, 3, 3, 3, 1, 2)] * 30 + [(2, 2, 2, 2, 2, 0, 1)] * 30
    same = tool.paired_bootstrap(base, base, rounds=200)
    assert all(v == (0.0, 0.0, 0.0) for v in same.values())
    better = [(4, 3, 3, 3, 3, 0, 1)] * 30 + [(2, 2, 2, 2, 2, 0, 1)] * 30  # the false place gone
    diff = tool.paired_bootstrap(base, better, rounds=200)
    point, low, high = diff["precision"]
    assert point > 0 and 0 < low <= point <= high
    assert diff["false city-level"][0] < 0 and diff["recall"] == (0.0, 0.0, 0.0)


@pytest.mark.parametrize("args", [["--folds", "1"], ["--drop-max", "1.5"]])
def test_the_tool_refuses_bad_values_with_a_message(args: list[str]) -> None:
    result = subprocess.run([sys.executable, str(TOOL), *args], capture_output=True, text=True, cwd=ROOT,
                            check=False)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "must be" in result.stderr.splitlines()[-1]


def test_the_shipped_scorer_is_reproduced_by_the_documented_command(shared_dir: Path, tmp_path: Path) -> None:
    """docs/places.md's command rebuilds ``geo-place-scorer.json``: a change to the gazetteer or the stage that
    moves the scorer's training candidates must ship the retrained file with it."""
    import json

    shipped = json.loads((ROOT / "src" / "marsad" / "data" / "geo-place-scorer.json").read_text("utf-8"))
    out = tmp_path / "scorer.json"
    judged = [arg for name in ("aqmar_judged", "fresh_judged", "anercorp_probe")
              for arg in ("--judged", str(ROOT / "tests" / "gold" / "places" / f"{name}.tsv"))]
    run = subprocess.run([sys.executable, "-c", "from marsad.cli import main; main()", "train", "places",
                          "--shared", str(shared_dir / "data"), "--corpora", "anercorp,ntrex128,ud-pud,xquad,wojood",
                          *judged, "--out", str(out)], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    again = json.loads(out.read_text("utf-8"))
    assert again["meta"]["thresholds"] == shipped["meta"]["thresholds"]
    assert again["meta"]["c"] == shipped["meta"]["c"]
    for part in ("place", "which"):
        assert abs(again[part]["bias"] - shipped[part]["bias"]) < 0.02, part
        assert again[part]["weights"].keys() == shipped[part]["weights"].keys(), part
        for feature, weight in shipped[part]["weights"].items():
            assert abs(again[part]["weights"][feature] - weight) < 0.02, (part, feature)
