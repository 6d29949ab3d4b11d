"""Refit the learned argument chooser alone, and score it on dev and by cross-validation on train.

A change to the argument features or candidates moves only the argument model: the trigger, status,
speaker, cue and coreference models do not read argument candidates. Retraining everything with
``marsad train attribution`` for each variant costs minutes; this tool refits the argument chooser as
that command does (C 0.25, a threshold per role chosen on the redistributable dev groups with a wrong
phrase costing 0.5 and the 0.01 tie), puts it in the shipped model's place and scores:

* dev (every corpus, the news corpora together, each corpus), as ``marsad eval events --split dev
  --extraction learned`` scores it: the
  documents are kept as the learned pipeline leaves them before the events are rescored, so only the
  events stage's learned decisions run again (the base model reproduces the shipped figures);
* 5-fold cross-validation by article of the chooser alone on the redistributable train articles, at
  thresholds 0.05 (actor) / 0.55 (target): the share of right choices (a right "none" included) and
  the precision of the phrases given — a second, larger check where dev moves by a few events.

The first run caches the analysed documents (``--cache``, a pickle; delete it when a stage before the
events changes). The sealed test split is never read.

    PYTHONPATH=src python tools/argument_refit.py [--gold gold] [--shared ../shared/data]
        [--cache /tmp/argument-refit.pkl] [--no-cv] [--details FILE]
"""

from __future__ import annotations

import argparse
import json
import pickle
from copy import deepcopy
from pathlib import Path
from typing import Any

import marsad.stages.events as events_stage
from marsad.attribution.learned.context import Context, trigger_words
from marsad.attribution.learned.extract import ROLES, event_candidates, rescore_events, shipped_models
from marsad.attribution.learned.linear import ChoiceModel, choice_from_dict
from marsad.attribution.text import analyse
from marsad.cli.console import build_pipeline, pipeline_config
from marsad.cli.train_common import open_gold_corpus
from marsad.evaluate.attribution import Scores, score_events
from marsad.evaluate.matching import cluster_of
from marsad.train.attribution import (
    ARGUMENT_TIE,
    Group,
    _argument_groups,
    _gold_event_for,
    best_threshold_choice,
    fit_choice,
    gold_articles,
)

OPEN_CORPORA = {"anercorp", "ntrex128"}  # what the shipped model learns from (the default --corpora)
NEWS_CORPORA = {"anercorp", "ntrex128", "saudinewsnet"}  # the "news" row: eval's --corpora for the news part
C = 0.25  # marsad train attribution's default
WRONG_COST = 0.5  # its --argument-wrong-cost
CV_FOLDS = 5
CV_THRESHOLDS = {"actor": 0.05, "target": 0.55}


def build_cache(gold: str, shared: str) -> dict[str, Any]:
    """The rules' documents of the redistributable train and dev articles (training reads these), and
    every dev article as the learned pipeline leaves it before its events are rescored."""
    corpus = open_gold_corpus(gold, shared)
    rules = build_pipeline(pipeline_config(None, None, "rules"))
    out: dict[str, Any] = {}
    for split in ("train", "dev"):
        out[split] = [(a.id, g, rules(a.document())) for a, g in gold_articles(corpus, split, OPEN_CORPORA)]
    real = events_stage.rescore_events
    events_stage.rescore_events = lambda doc, models, min_confidence=None: None  # type: ignore[assignment]
    try:
        learned = build_pipeline(pipeline_config(None, None, "learned"))
        out["scored"] = [(a.id, a.corpus, g, learned(a.document())) for a, g in gold_articles(corpus, "dev", None)]
    finally:
        events_stage.rescore_events = real
    return out


def groups_of(rows: list[tuple[str, dict[str, Any], Any]],
              vocabulary: dict[str, tuple[str, ...]]) -> list[tuple[str, list[Group]]]:
    """Each article's argument groups, built as training builds them."""
    out = []
    words = trigger_words(vocabulary)
    for article_id, gold, doc in rows:
        doc = deepcopy(doc)
        ctx = Context(doc, analyse(doc))
        golds = gold.get("events", [])
        groups: list[Group] = []
        for cand in event_candidates(ctx, words):
            k = _gold_event_for(ctx, cand, golds)
            if k is None:
                continue
            cand.type = str(golds[k]["type"])
            groups.extend(_argument_groups(ctx, cand, cluster_of(golds, k), golds[k]))
        out.append((article_id, groups))
    return out


def refit(train: list[Group], dev: list[Group]) -> tuple[ChoiceModel, dict[str, float]]:
    model = fit_choice(train, C)
    model.threshold = best_threshold_choice(model, dev, WRONG_COST, ARGUMENT_TIE)
    thresholds = {role: best_threshold_choice(model, [g for g in dev if g.role == role], WRONG_COST, ARGUMENT_TIE)
                  for role in ROLES}
    return choice_from_dict(model.to_dict()), thresholds  # weights rounded as the model file keeps them


def _row(scores: Scores) -> dict[str, Any]:
    d = scores.as_dict()
    return {"type_f1": round(d["events_type"]["f1"], 3), "type_actor_f1": round(d["events_type_actor"]["f1"], 3),
            "type_actor_target_f1": round(d["events_type_actor_target"]["f1"], 3),
            "actor_right": round(d["actor_right"]["share"], 3), "target_right": round(d["target_right"]["share"], 3),
            "actor_precision": [round(d["actor_precision"]["share"], 3), d["actor_precision"]["total"]],
            "target_precision": [round(d["target_precision"]["share"], 3), d["target_precision"]["total"]],
            "status_right": round(d["status_right"]["share"], 3), "duplicates": round(d["duplicates"]["share"], 3),
            "matched": d["actor_right"]["total"]}


def score_dev(cache: dict[str, Any], model: ChoiceModel, thresholds: dict[str, float],
              details: list[str]) -> dict[str, Any]:
    models = deepcopy(shipped_models())
    assert models is not None
    models.argument, models.argument_thresholds = model, thresholds
    overall, news, by_corpus = Scores(), Scores(), {}
    for article_id, corpus, gold, doc in cache["scored"]:
        doc = deepcopy(doc)
        rescore_events(doc, models)
        scores = Scores()
        score_events(doc.text, gold.get("events", []), doc.events, scores, details, article_id)
        overall.add(scores)
        if corpus in NEWS_CORPORA:
            news.add(scores)
        by_corpus.setdefault(corpus, Scores()).add(scores)
    return {"all": _row(overall), "news": _row(news), **{name: _row(s) for name, s in sorted(by_corpus.items())}}


def cross_validate(train: list[tuple[str, list[Group]]]) -> dict[str, dict[str, float]]:
    """Right choices (a right "none" included) and the precision of the phrases given, per role."""
    tally = {role: [0, 0, 0, 0] for role in ROLES}  # right, groups, right among given, given
    for fold in range(CV_FOLDS):
        fit = [g for i, (_, groups) in enumerate(train) if i % CV_FOLDS != fold for g in groups]
        model = choice_from_dict(fit_choice(fit, C).to_dict())
        for i, (_, groups) in enumerate(train):
            if i % CV_FOLDS != fold:
                continue
            for g in groups:
                index, _ = model.choose([f for f, _ in g.candidates], g.none, g.spans, CV_THRESHOLDS[g.role])
                t = tally[g.role]
                t[1] += 1
                if index is None:
                    t[0] += not g.has_gold and not g.missed
                else:
                    right = bool(g.candidates[index][1])
                    t[0] += right
                    t[2] += right
                    t[3] += 1
    return {role: {"right": round(t[0] / max(1, t[1]), 3), "precision": round(t[2] / max(1, t[3]), 3)}
            for role, t in tally.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", default="gold")
    parser.add_argument("--shared", default="../shared/data")
    parser.add_argument("--cache", default="/tmp/argument-refit.pkl",
                        help="The analysed documents (built on the first run; delete it when a stage before "
                             "the events changes).")
    parser.add_argument("--no-cv", action="store_true", help="Dev only, without the cross-validation.")
    parser.add_argument("--details", help="Write the dev scorer's error lines here (to compare two variants).")
    args = parser.parse_args()
    cache_path = Path(args.cache)
    if cache_path.is_file():
        with cache_path.open("rb") as f:
            cache = pickle.load(f)  # a file this tool wrote
    else:
        cache = build_cache(args.gold, args.shared)
        with cache_path.open("wb") as f:
            pickle.dump(cache, f)
    base = shipped_models()
    if base is None:
        raise SystemExit("this build ships no attribution model to refit the argument chooser into")
    train = groups_of(cache["train"], base.vocabulary)
    dev = groups_of(cache["dev"], base.vocabulary)
    model, thresholds = refit([g for _, gs in train for g in gs], [g for _, gs in dev for g in gs])
    details: list[str] = []
    result: dict[str, Any] = {"thresholds": thresholds, "dev": score_dev(cache, model, thresholds, details)}
    if not args.no_cv:
        result["cv"] = cross_validate(train)
    if args.details:
        Path(args.details).write_text("\n".join(details) + "\n", encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
