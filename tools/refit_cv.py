"""Nested measurement of the attribution training recipes on articles none of them learned from or chose on.

The open articles of the train and dev splits of the corpora the shipped recipe reads (``anercorp``,
``ntrex128``; ``ud-pud``, ``wojood``, ``xquad`` pooled for the trigger part) are split into K outer folds
by article id (:func:`marsad.train.refit.outer_fold`; each keeps its train or dev membership). For each
fold k the recipes run on train \\ F_k (fit) and dev \\ F_k (thresholds) and are scored, with the scorer of
``marsad eval events``, on the articles of F_k — and on the SaudiNewsNet train and dev articles of F_k, an
outlet no recipe learns from (scored only: their text comes from ``--shared``). Recipes:

* ``A`` the shipped one (fit on train, thresholds on dev);
* ``B`` A's thresholds held, every model refitted on train ∪ dev (:func:`marsad.train.refit.refit_with_dev`);
* ``C`` ``--threshold-folds 4`` (thresholds on held-out train folds and dev), fitted on train;
* ``D`` C's thresholds held, refitted on train ∪ dev (B's refitted models with C's thresholds).

``--trigger-bags N``: every recipe's trigger pair averaged over N bootstrap resamples of its dev articles, as
``marsad train attribution --trigger-bags`` does (default: the command's default); ``--recipes A``: only those
recipes (B needs A, D needs B and C). Round 23 ran ``--recipes A`` with ``--trigger-bags 0`` and ``100``.
``--argument-bags N``: likewise the actor's and target's thresholds (``marsad train attribution --argument-bags``;
default 0).

The rules' analysis of each article is made once (``--cache``). One JSON line a fold and recipe (its
thresholds and scores), then a table per recipe summed over the folds. The sealed test split is never read.

    PYTHONPATH=src python tools/refit_cv.py --gold gold --shared ../shared/data --out DIR
        [--folds 4] [--only 0 1 2 3] [--cache FILE] [--score-only] [--recipes A C] [--trigger-bags N]
        [--argument-bags N]
    PYTHONPATH=src python tools/refit_cv.py --out DIR --summarise LOG [LOG ...]

(the second form adds up the fold rows of runs made one or two folds at a time, ``--only``).
"""

from __future__ import annotations

import argparse
import json
import pickle
import time
from copy import deepcopy
from pathlib import Path
from typing import Any

from marsad.attribution.learned.extract import AttributionModels
from marsad.cli.cmd_train_attribution import (
    ARGUMENT_WRONG_COST_DEFAULT,
    C_DEFAULT,
    OPEN_CORPORA,
    POOL_CORPORA,
    POOL_PARTS_DEFAULT,
    SPEAKER_PRECISION_DEFAULT,
    TRIGGER_BAGS_DEFAULT,
    WRONG_COST_DEFAULT,
)
from marsad.cli.console import build_pipeline, pipeline_config
from marsad.cli.train_common import open_gold_corpus
from marsad.document import Document
from marsad.evaluate.attribution import Scores, annotated_articles, score_article
from marsad.train.attribution import (
    THRESHOLD_FOLDS,
    save,
    speaker_groups_by_guess,
    threshold_summary,
    train,
)
from marsad.train.recipe import chosen_speaker_threshold, collect_recipe
from marsad.train.refit import hold_thresholds, outer_fold, refit_with_dev
from marsad.train.threshold_folds import Decisions, held_out_decisions

OPEN = frozenset(OPEN_CORPORA.split(","))
POOLED = frozenset(POOL_CORPORA.split(","))
PARTS = POOL_PARTS_DEFAULT.split(",")
NEWS = ("anercorp", "ntrex128")
UNSEEN_OUTLET = "saudinewsnet"
C = C_DEFAULT


class CachedRules:
    """The rules' analysis of each article, made once and handed out as copies."""

    def __init__(self, docs: dict[str, Document]) -> None:
        self.docs = docs

    def __call__(self, doc: Document) -> Document:
        return deepcopy(self.docs[doc.text])


def analysed(articles: list[tuple[Any, dict[str, Any]]], cache: Path | None) -> CachedRules:
    if cache is not None and cache.exists():
        return CachedRules(pickle.loads(cache.read_bytes()))
    pipeline = build_pipeline(pipeline_config(None, None, "rules"))
    docs = {article.text: pipeline(article.document()) for article, _ in articles}
    if cache is not None:
        cache.write_bytes(pickle.dumps(docs))
    return CachedRules(docs)


def shipped_recipes(train_articles: list[Any], dev_articles: list[Any], rules: CachedRules,
                    names: frozenset[str] = frozenset({"A", "C"}),
                    trigger_bags: int = TRIGGER_BAGS_DEFAULT, argument_bags: int = 0) -> dict[str, AttributionModels]:
    """A (thresholds on dev) and C (on held-out train folds and dev), as ``marsad train attribution``
    makes them with ``--threshold-folds 0`` and ``4``: one collection of examples serves both (only those of
    ``names``; the held-out folds are collected only for C)."""
    folds = THRESHOLD_FOLDS if "C" in names else 0
    recipe = collect_recipe(train_articles, dev_articles, rules, pooled=POOLED, parts=PARTS, threshold_folds=folds)
    speakers = speaker_groups_by_guess(recipe.train_documents, C)
    wanted: list[tuple[str, Decisions | None]] = [("A", None)] if "A" in names else []
    if "C" in names:
        assert recipe.held_out is not None
        wanted.append(("C", held_out_decisions(recipe.held_out, PARTS, C, THRESHOLD_FOLDS)))
    out = {}
    for name, held in wanted:
        models = train(recipe.train, recipe.dev, recipe.vocabulary, c=C, wrong_cost=WRONG_COST_DEFAULT,
                       cue_vocabulary=recipe.cue_vocabulary, argument_wrong_cost=ARGUMENT_WRONG_COST_DEFAULT,
                       speaker_groups=speakers, held_out=held, trigger_bags=trigger_bags,
                       argument_bags=argument_bags)
        models.speaker.threshold = chosen_speaker_threshold(
            models, recipe.train_documents, recipe.dev_documents, c=C,
            speaker_precision=SPEAKER_PRECISION_DEFAULT, wrong_cost=WRONG_COST_DEFAULT)
        out[name] = models
    return out


def score(model_path: Path, articles: list[tuple[Any, dict[str, Any]]]) -> dict[str, Scores]:
    """The articles scored as ``marsad eval events`` scores them, by corpus."""
    pipeline = build_pipeline(pipeline_config(None, None, "learned", str(model_path.resolve())))
    by_corpus: dict[str, Scores] = {}
    for article, gold in articles:
        scores = Scores()
        score_article(article, gold, pipeline(article.document()), scores, [])
        by_corpus.setdefault(article.corpus, Scores()).add(scores)
    return by_corpus


def merged(by_corpus: dict[str, Scores], names: tuple[str, ...] | None) -> Scores:
    out = Scores()
    for name, scores in by_corpus.items():
        if names is None or name in names:
            out.add(scores)
    return out


def counts(scores: Scores) -> dict[str, int]:
    """Every count behind the figures: the rows of separate runs (``--only``) add up (``--summarise``)."""
    out = {"articles": scores.articles}
    for name in ("events_type", "events_actor", "quotes", "speakers"):
        counted = getattr(scores, name)
        out |= {f"{name}.gold": counted.gold, f"{name}.predicted": counted.predicted,
                f"{name}.correct": counted.correct}
    for name in ("actor_right", "target_right", "status_right", "duplicates"):
        ratio = getattr(scores, name)
        out |= {f"{name}.total": ratio.total, f"{name}.right": ratio.right}
    return out


def from_counts(row: dict[str, int]) -> Scores:
    scores = Scores(articles=row["articles"])
    for key, value in row.items():
        if "." in key:
            name, field = key.split(".")
            setattr(getattr(scores, name), field, value)
    return scores


def figures(scores: Scores) -> dict[str, Any]:
    return {"articles": scores.articles, "type_f1": round(scores.events_type.f1, 3),
            "type_actor_p": round(scores.events_actor.precision, 3),
            "type_actor_r": round(scores.events_actor.recall, 3),
            "type_actor_f1": round(scores.events_actor.f1, 3),
            "actor_right": round(scores.actor_right.value, 3), "target_right": round(scores.target_right.value, 3),
            "status": round(scores.status_right.value, 3), "duplicates": round(scores.duplicates.value, 3),
            "cue_p": round(scores.quotes.precision, 3), "cue_r": round(scores.quotes.recall, 3),
            "speaker_p": round(scores.speakers.precision, 3), "speaker_r": round(scores.speakers.recall, 3),
            "counts": counts(scores)}


GROUPS: dict[str, tuple[str, ...] | None] = {"news": NEWS, "open": tuple(sorted(OPEN | POOLED)),
                                             "saudinewsnet": (UNSEEN_OUTLET,)}
RECIPES = ("A", "B", "C", "D")
COLUMNS = ("type_f1", "type_actor_p", "type_actor_r", "type_actor_f1", "actor_right", "target_right", "status",
           "duplicates", "cue_p", "cue_r", "speaker_p", "speaker_r")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default="gold")
    parser.add_argument("--shared", default="../shared/data", help="for the SaudiNewsNet texts (scored only)")
    parser.add_argument("--out", required=True, help="a folder for the model files")
    parser.add_argument("--folds", type=int, default=4)
    parser.add_argument("--only", type=int, nargs="*", default=None, help="run these outer folds only")
    parser.add_argument("--cache", default=None, help="a pickle of the rules' analysis (made when absent)")
    parser.add_argument("--summarise", nargs="+", default=None, metavar="LOG",
                        help="only add up the JSON lines of earlier runs' output (one run a fold) into the tables")
    parser.add_argument("--score-only", action="store_true",
                        help="score the model files an earlier run left in --out instead of training them")
    parser.add_argument("--recipes", nargs="+", choices=RECIPES, default=list(RECIPES),
                        help="only these recipes (B needs A; D needs B and C)")
    parser.add_argument("--trigger-bags", type=int, default=TRIGGER_BAGS_DEFAULT,
                        help="bootstrap resamples of dev the trigger pair is averaged over (0: none)")
    parser.add_argument("--argument-bags", type=int, default=0,
                        help="bootstrap resamples of dev the actor's and target's thresholds are averaged over")
    args = parser.parse_args()
    recipes = frozenset(args.recipes)
    if ("B" in recipes and "A" not in recipes) or ("D" in recipes and not {"B", "C"} <= recipes):
        parser.error("B needs A, and D needs B and C")
    if args.trigger_bags < 0 or args.argument_bags < 0:
        parser.error("--trigger-bags and --argument-bags are 0 (none) or more resamples")
    if args.summarise:
        tables(summed(args.summarise))
        return
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    corpus = open_gold_corpus(args.gold, args.shared)
    learned = OPEN | POOLED
    split_of: dict[str, list[Any]] = {}
    for split in ("train", "dev"):  # never the sealed test split
        split_of[split] = list(annotated_articles(corpus, split, [], learned | {UNSEEN_OUTLET}))
    rules = None if args.score_only else analysed(
        [a for s in ("train", "dev") for a in split_of[s] if a[0].corpus in learned], Path(args.cache) if args.cache
        else None)
    totals: dict[str, dict[str, Scores]] = {}
    for k in args.only if args.only is not None else range(args.folds):
        started = time.process_time()

        def outside(split: str, fold: int = k) -> list[Any]:
            """The split's articles the recipes learn from or choose on: of the corpora read, not in the fold."""
            return [a for a in split_of[split] if a[0].corpus in learned and outer_fold(a[0].id, args.folds) != fold]

        train_k, dev_k = outside("train"), outside("dev")
        held = [a for s in ("train", "dev") for a in split_of[s] if outer_fold(a[0].id, args.folds) == k]
        if rules is not None:
            models = shipped_recipes(train_k, dev_k, rules, recipes, args.trigger_bags, args.argument_bags)
            if "B" in recipes:
                refit, _ = refit_with_dev(train_k, dev_k, rules, models["A"], c=C, pooled=POOLED, parts=PARTS)
                models["B"] = refit
                if "D" in recipes:
                    models["D"] = hold_thresholds(deepcopy(refit), models["C"])
        for name in [r for r in RECIPES if r in recipes]:
            path = out_dir / f"{name}-{k}.json"
            if rules is not None:
                save(models[name], path, {"thresholds": threshold_summary(models[name]), "recipe": name, "fold": k,
                                          **({"trigger_bags": args.trigger_bags} if args.trigger_bags else {}),
                                          **({"argument_bags": args.argument_bags} if args.argument_bags else {})})
            by_corpus = score(path, held)
            for group, names in GROUPS.items():
                totals.setdefault(name, {}).setdefault(group, Scores()).add(merged(by_corpus, names))
                row = {"fold": k, "recipe": name, "group": group, **figures(merged(by_corpus, names))}
                print(json.dumps(row), flush=True)
            thresholds = json.loads(path.read_text("utf-8"))["thresholds"]
            print(json.dumps({"fold": k, "recipe": name, "thresholds": thresholds}), flush=True)
        print(json.dumps({"fold": k, "cpu_s": round(time.process_time() - started, 1)}), flush=True)
    tables(totals)


def summed(logs: list[str]) -> dict[str, dict[str, Scores]]:
    """The fold rows of earlier runs' output added up by recipe and group (a fold met twice counts once)."""
    rows: dict[tuple[int, str, str], dict[str, int]] = {}
    for log in logs:
        for line in Path(log).read_text("utf-8").splitlines():
            if line.startswith("{") and '"group"' in line:
                row = json.loads(line)
                rows[(row["fold"], row["recipe"], row["group"])] = row["counts"]
    totals: dict[str, dict[str, Scores]] = {}
    for (_fold, recipe, group), row in sorted(rows.items()):
        totals.setdefault(recipe, {}).setdefault(group, Scores()).add(from_counts(row))
    return totals


def tables(totals: dict[str, dict[str, Scores]]) -> None:
    for group in GROUPS:
        print(f"\n{group}, summed over the folds\n| recipe | articles | " + " | ".join(COLUMNS) + " |")
        for name, by_group in sorted(totals.items()):
            if group in by_group:
                row = figures(by_group[group])
                print(f"| {name} | {row['articles']} | " + " | ".join(f"{row[c]:.3f}" for c in COLUMNS) + " |")


if __name__ == "__main__":
    main()
