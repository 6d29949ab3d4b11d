"""Three training recipes of the place scorer, measured on held-out articles (nested by article).

The shipped recipe (``marsad train places``) fits the scorer on the train articles of the place gold and
chooses its thresholds (drop, add, which) on dev. Dev holds almost no false place, so this tool measures
two other recipes on articles none of them saw. The train and dev articles of the corpora the shipped
scorer learns from are dealt into ``--folds`` outer folds by article id
(:func:`marsad.train.places.fold_of`); for each fold, each recipe is run on the other articles and the
fold is scored as ``marsad eval places`` scores (mention P / R / F1, located right, false city-level):

* **A** (``dev``, shipped): fitted on the train articles, thresholds chosen on the dev articles;
* **B** (``refit``): A's thresholds held, refitted on the train and dev articles;
* **C** (``folds``): thresholds chosen on out-of-fold predictions over the train and dev articles
  (``--inner-folds``, each scored by a scorer fitted on the others), then fitted on all of them.

Every model learns from the judged files the shipped model learned from (its ``meta.judged``: probe halves
only). The regularisation is chosen by cross-validation as the training command chooses it (C's inner
folds keep the one chosen on all their articles). Then each recipe is run on every train and dev article
and the final models are scored on checks none of them learned from: the held half of the AQMAR recall
check (``tools/probe_places_aqmar.py --recall``), the second ANERcorp probe (judged, never learned from)
and the SaudiNewsNet train articles of the place gold (an outlet never learned from). The sealed test
split is never read.

    PYTHONPATH=src python tools/eval_places_nested.py [--gold gold] [--shared ../shared/data]
        [--folds 4] [--inner-folds 4] [--seed SALT] [--drop-max 0.6] [--out DIR] [--json FILE]

It prints each fold's thresholds and figures, the sums by corpus, each other recipe less A with a 95 %
interval (a paired bootstrap over the held-out articles, the models held fixed), and the final models' checks.
``--seed`` deals the articles into other folds; ``--drop-max`` lets C choose a drop threshold above the
training command's 0.6; ``--out`` writes the three final models (``A.json``, ``B.json``, ``C.json``).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import marsad.stages.places as places_stage
from marsad.cli.train_common import open_gold_corpus
from marsad.evaluate.judged_places import read_judged
from marsad.evaluate.places import GoldPlaceScores
from marsad.geo.scorer import PlaceScorer, default_scorer
from marsad.pipeline import Pipeline
from marsad.stages.places import PlaceStage
from marsad.train.places import (
    DROP_GRID,
    Examples,
    Prepared,
    choose_thresholds,
    choose_thresholds_pooled,
    collect_by_article,
    collect_judged,
    fit_scorer,
    fold_of,
    out_of_fold_parts,
    prepare,
    prepare_judged,
    score_places,
    with_thresholds,
)

TOOLS = Path(__file__).resolve().parent
RECIPES = ("A", "B", "C")
BETA, WRONG_COST = 0.5, 1.5  # the training command's defaults


def line(name: str, scores: GoldPlaceScores) -> str:
    m, located, city = scores.mentions, scores.located, scores.city_level
    return (f"{name:28s} {scores.articles:4d} art.  P {m.precision:.3f}  R {m.recall:.3f}  F1 {m.f1:.3f}  "
            f"located {located.right}/{located.total} = {located.value:.3f}  "
            f"false city-level {city.right}/{city.total}")


def thresholds(scorer: PlaceScorer) -> dict[str, float]:
    return {"drop": scorer.place.threshold, "add": scorer.add_threshold, "which": scorer.which.threshold}


class Data:
    """The prepared train and dev articles, their examples, and the judged examples every model learns from."""

    def __init__(self, train: list[Prepared], dev: list[Prepared], extra: list[Examples]) -> None:
        self.rules = PlaceStage(learned=False)
        self.train, self.dev, self.extra = train, dev, extra
        self.groups = dict(zip([p.article.id for p in train + dev],
                               collect_by_article(train + dev, self.rules), strict=True))

    def of(self, articles: Sequence[Prepared]) -> list[Examples]:
        return [self.groups[p.article.id] for p in articles]

    def stage(self, scorer: PlaceScorer) -> PlaceStage:
        return PlaceStage(self.rules.gaz, scorer)


def recipes(data: Data, train: list[Prepared], dev: list[Prepared], inner: int,
            drop_grid: Sequence[float] = DROP_GRID) -> dict[str, PlaceScorer]:
    """The three recipes' scorers, learned from ``train`` and ``dev`` (and the judged examples); ``drop_grid``:
    the drop thresholds C chooses among."""
    stage = PlaceStage(data.rules.gaz, None)
    fitted = fit_scorer([*data.of(train), *data.extra])
    a, _trace = choose_thresholds(fitted, dev, stage, BETA, WRONG_COST)
    both = train + dev
    refit = fit_scorer([*data.of(both), *data.extra])
    b = with_thresholds(refit, a.place.threshold, a.add_threshold, a.which.threshold)
    c_place, c_which = refit.meta["c"]["place"], refit.meta["c"]["which"]
    parts = out_of_fold_parts(both, data.of(both), data.extra, inner, c_place, c_which)
    c, _trace = choose_thresholds_pooled(parts, stage, BETA, WRONG_COST, refit, drop_grid)
    return {"A": a, "B": b, "C": c}


# what each held-out article adds to the figures, for the paired bootstrap
COLUMNS = ("gold", "predicted", "correct", "located_right", "located", "false_city", "city")


def _vector(scores: GoldPlaceScores) -> tuple[int, ...]:
    m = scores.mentions
    return (m.gold, m.predicted, m.correct, scores.located.right, scores.located.total,
            scores.city_level.right, scores.city_level.total)


def nested(data: Data, folds: int, inner: int, salt: str, drop_grid: Sequence[float]) -> dict[str, Any]:
    """Each outer fold scored by each recipe run on the other articles: the sums by corpus, each fold's
    figures and thresholds, and each held-out article's counts (``COLUMNS``, in the same order per recipe)."""
    fold = fold_of([p.article.id for p in data.train + data.dev], folds, salt)
    summed = {r: {"all": GoldPlaceScores()} for r in RECIPES}
    per_fold: list[dict[str, Any]] = []
    vectors: dict[str, list[tuple[int, ...]]] = {r: [] for r in RECIPES}
    for k in range(folds):
        held = [p for p in data.train + data.dev if fold[p.article.id] == k]
        scorers = recipes(data, [p for p in data.train if fold[p.article.id] != k],
                          [p for p in data.dev if fold[p.article.id] != k], inner, drop_grid)
        row: dict[str, Any] = {"fold": k, "articles": len(held)}
        for name, scorer in scorers.items():
            stage, scores = data.stage(scorer), GoldPlaceScores()
            for item in held:
                one = score_places([item], stage, [])["all"]
                vectors[name].append(_vector(one))
                scores.add(one)
                summed[name]["all"].add(one)
                summed[name].setdefault(item.article.corpus, GoldPlaceScores()).add(one)
            row[name] = {"thresholds": thresholds(scorer), "c": scorer.meta.get("c"), "scores": scores}
        per_fold.append(row)
        print(f"fold {k}: {len(held)} held-out articles", flush=True)
        for name in RECIPES:
            print(f"  {name} {json.dumps(row[name]['thresholds'])} " + line("", row[name]["scores"]), flush=True)
    return {"summed": summed, "per_fold": per_fold, "vectors": vectors}


def _figures(sums: Any) -> Any:
    """Precision, recall, F1, located right and false city-level share of summed counts (numpy, last axis)."""
    import numpy as np

    gold, predicted, correct, right, located, false_city, city = (sums[..., i] for i in range(len(COLUMNS)))
    precision = correct / np.maximum(predicted, 1)
    recall = correct / np.maximum(gold, 1)
    f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-12)
    return np.stack([precision, recall, f1, right / np.maximum(located, 1), false_city / np.maximum(city, 1)], -1)


FIGURES = ("precision", "recall", "F1", "located right", "false city-level")


def paired_bootstrap(base: list[tuple[int, ...]], other: list[tuple[int, ...]], rounds: int = 2000,
                     seed: int = 20) -> dict[str, tuple[float, float, float]]:
    """``other`` less ``base`` on each figure, with a 95 % interval from resampling the held-out articles
    (the same draw for both: the recipes scored the same articles)."""
    import numpy as np

    a, b = np.array(base, dtype=float), np.array(other, dtype=float)
    draws = np.random.default_rng(seed).integers(0, len(a), size=(rounds, len(a)))
    diff = _figures(b[draws].sum(axis=1)) - _figures(a[draws].sum(axis=1))
    point = _figures(b.sum(axis=0)) - _figures(a.sum(axis=0))
    low, high = np.percentile(diff, [2.5, 97.5], axis=0)
    return {name: (round(float(point[i]), 4), round(float(low[i]), 4), round(float(high[i]), 4))
            for i, name in enumerate(FIGURES)}


@contextlib.contextmanager
def shipped_as(scorer: PlaceScorer) -> Iterator[None]:
    """Every places stage built meanwhile (the probe tools build their own pipelines) runs ``scorer``."""
    saved = getattr(places_stage, "default_scorer")  # noqa: B009 (the stage module's own name, patched)
    setattr(places_stage, "default_scorer", lambda: scorer)  # noqa: B010
    try:
        yield
    finally:
        setattr(places_stage, "default_scorer", saved)  # noqa: B010


def _tool(name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, TOOLS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def held_checks(scorer: PlaceScorer, shared: Path, gold: Path, snn: list[Prepared]) -> list[str]:
    """The final model on the checks it never learned from (captured output lines)."""
    from marsad.cli.cmd_eval_places import eval_places

    out = io.StringIO()
    with shipped_as(scorer), contextlib.redirect_stdout(out):
        _tool("probe_places_aqmar").recall(Pipeline.build(("boilerplate", "repair", "entities", "places")),
                                           shared, 12, Path("tests/gold/places/aqmar_recall.tsv"), None)
        eval_places(Path("tests/gold/places/anercorp_probe2.tsv"), data=gold / "open-articles.jsonl")
    lines = [f"  {x}" for x in out.getvalue().splitlines() if x.strip()]
    if snn:
        lines.append("  " + line("saudinewsnet train", score_places(snn, PlaceStage(scorer=scorer), [])["all"]))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default="gold")
    parser.add_argument("--shared", default="../shared/data")
    parser.add_argument("--folds", type=int, default=4)
    parser.add_argument("--inner-folds", type=int, default=4)
    parser.add_argument("--seed", default="", help="a salt of the outer folds (another deal of the articles)")
    parser.add_argument("--drop-max", type=float, default=0.6,
                        help="the highest drop threshold C may choose (the training command's: 0.6)")
    parser.add_argument("--out", type=Path, help="write the final models here (A.json, B.json, C.json)")
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    args = parser.parse_args()
    if args.folds < 2 or args.inner_folds < 2:
        parser.error(f"--folds and --inner-folds must be 2 or more, not {args.folds} and {args.inner_folds}")
    if not 0.6 <= args.drop_max <= 0.95:
        parser.error(f"--drop-max must be between 0.6 and 0.95, not {args.drop_max}")
    shipped = default_scorer()
    if shipped is None:
        raise SystemExit("eval_places_nested: the package ships no place scorer (its meta names the recipe)")
    trained_on = shipped.meta.get("trained_on", {})
    corpora = frozenset(trained_on.get("corpora", ())) if isinstance(trained_on, dict) else frozenset()
    corpus = open_gold_corpus(args.gold, args.shared)
    analyse = Pipeline.build(("boilerplate", "repair", "entities"))
    errors: list[str] = []
    train = prepare(corpus, "train", set(corpora), analyse, errors)
    dev = prepare(corpus, "dev", set(corpora), analyse, errors)
    snn = [p for p in prepare(corpus, "train", None, analyse, errors) if p.article.corpus not in corpora]
    judged_meta = shipped.meta.get("judged", {})
    files = [Path(f) for f in judged_meta.get("files", [])] if isinstance(judged_meta, dict) else []
    extra = collect_judged(prepare_judged(read_judged(files, Path(args.gold), Path(args.shared)), analyse),
                           PlaceStage(learned=False)) if files else []
    for message in errors:
        print(message)
    data = Data(train, dev, extra)
    print(f"{len(train)} train and {len(dev)} dev articles of {', '.join(sorted(corpora))}; {len(extra)} judged "
          f"texts; {len(snn)} train articles of other corpora (held checks)", flush=True)
    drop_grid = tuple(round(0.05 * k, 2) for k in range(round(args.drop_max / 0.05) + 1))  # 0.6: DROP_GRID
    result = nested(data, args.folds, args.inner_folds, args.seed, drop_grid)
    print(f"summed over {args.folds} folds:")
    for name in RECIPES:
        for corpus_name, scores in sorted(result["summed"][name].items()):
            print(line(f"{name} {corpus_name}", scores))
    report: dict[str, Any] = {"folds": args.folds, "inner_folds": args.inner_folds, "seed": args.seed,
                              "drop_max": args.drop_max, "finals": {}, "against_A": {}}
    for name in RECIPES[1:]:
        report["against_A"][name] = paired_bootstrap(result["vectors"]["A"], result["vectors"][name])
        print(f"{name} less A (95 % interval, paired bootstrap over the held-out articles): " + "; ".join(
            f"{k} {v[0]:+.4f} [{v[1]:+.4f}, {v[2]:+.4f}]" for k, v in report["against_A"][name].items()), flush=True)
    finals = recipes(data, train, dev, args.inner_folds, drop_grid)
    for name, scorer in finals.items():
        print(f"final {name} (all train and dev articles): {json.dumps(thresholds(scorer))} c "
              f"{json.dumps(scorer.meta.get('c'))}", flush=True)
        checks = held_checks(scorer, Path(args.shared), Path(args.gold), snn)
        print("\n".join(checks), flush=True)
        report["finals"][name] = {"thresholds": thresholds(scorer), "c": scorer.meta.get("c"), "checks": checks}
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / f"{name}.json").write_text(json.dumps(scorer.to_dict(), ensure_ascii=False, indent=1)
                                                   + "\n", "utf-8")
    if args.json:
        report["summed"] = {n: {c: s.as_dict() for c, s in by.items()} for n, by in result["summed"].items()}
        report["per_fold"] = [{**{k: v for k, v in row.items() if k not in RECIPES},
                               **{n: {**row[n], "scores": row[n]["scores"].as_dict()} for n in RECIPES}}
                              for row in result["per_fold"]]
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
