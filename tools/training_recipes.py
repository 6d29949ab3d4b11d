"""Training recipes of the attribution models compared on dev: which train articles each model part learns from.

The shipped recipe (``marsad train attribution --gold gold``) trains every part on the open news train articles
(anercorp, ntrex128) and chooses the thresholds on their dev articles. The gold pool also holds the open
encyclopaedic and mixed passages (``ud-pud``, ``wojood``, ``xquad``): this tool trains each model part —
trigger/type, arguments, status, coreference, cue, speaker — on either set, with the news articles optionally
counted several times in the pooled parts, and each part's thresholds chosen on the news or on all open dev
articles, then scores every recipe on the whole dev split and on its news articles (anercorp + ntrex128 +
saudinewsnet). The examples are collected once per trigger/cue vocabulary (news or pooled train triggers), per
article, so a recipe is only a choice of articles. Recipe ``base`` reproduces the shipped model weight for
weight, ``pooled`` what ``--corpora anercorp,ntrex128,ud-pud,wojood,xquad`` trains. The sealed test split is
never read.

    PYTHONPATH=src python tools/training_recipes.py [--gold gold] [--shared ../shared/data] [--out DIR]
        [--recipes base,pooled,...] [--recipe NAME:VOCAB:PARTS:DEV:WEIGHT ...]

A recipe spec: ``VOCAB`` news|pool; ``PARTS`` the parts learning from every open corpus (``+``-separated:
trigger, argument, status, coref, cue, speaker; ``-`` none); ``DEV`` the parts whose thresholds are chosen on all
open dev articles (the others: news dev); ``WEIGHT`` how many times a news article counts in the pooled parts.
Fix ``PYTHONHASHSEED`` when comparing runs.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marsad.attribution.learned.context import trigger_words
from marsad.cli.console import build_pipeline, pipeline_config
from marsad.cli.train_common import open_gold_corpus
from marsad.document import Document
from marsad.evaluate.attribution import Scores, evaluate_corpus
from marsad.evaluate.gold_corpus import Article
from marsad.train.attribution import (
    CUE_FOLDS,
    Examples,
    cue_vocabulary_of,
    examples_from_article,
    gold_articles,
    save,
    speaker_groups_by_guess_per_article,
    speaker_threshold,
    train,
    vocabulary_of,
)

NEWS = frozenset({"anercorp", "ntrex128"})
OPEN = NEWS | {"ud-pud", "wojood", "xquad"}
SCORED_NEWS = ("anercorp", "ntrex128", "saudinewsnet")
PARTS = ("trigger", "argument", "status", "coref", "cue", "speaker")
FIELDS = {"trigger": ("trigger",), "argument": ("argument",), "status": ("status",), "coref": ("coref",),
          "cue": ("cue", "cue_rules"), "speaker": ("speaker",)}
C = 0.25  # the trainer's defaults
WRONG_COST = 1.5
ARGUMENT_WRONG_COST = 0.5

# The recipes measured in round 14 (docs/evaluation-log.md).
RECIPES = {
    "base": "news:-:-:1",
    "pooled": "pool:" + "+".join(PARTS) + ":" + "+".join(PARTS) + ":1",
    "pooled-news-dev": "pool:" + "+".join(PARTS) + ":-:1",
    "arguments-speakers": "news:argument+speaker:-:1",
    "triggers-arguments": "pool:trigger+argument:-:1",
    "triggers-all-dev": "pool:trigger:trigger:1",
    "pooled-news-x2": "pool:" + "+".join(PARTS) + ":" + "+".join(PARTS) + ":2",
    "triggers-arguments-x3": "pool:trigger+argument:trigger:3",
    "mixed": "pool:trigger+argument+coref:trigger+argument+coref:1",
}

Row = tuple[Article, dict[str, Any], Examples, tuple[Article, dict[str, Any], Document]]


@dataclass(frozen=True, slots=True)
class Recipe:
    name: str
    vocabulary: str
    pooled: frozenset[str]
    all_dev: frozenset[str]
    weight: int


def parse_recipe(name: str, spec: str) -> Recipe:
    try:
        vocab, parts, dev, weight = spec.split(":")
        pooled = frozenset() if parts == "-" else frozenset(parts.split("+"))
        all_dev = frozenset() if dev == "-" else frozenset(dev.split("+"))
        recipe = Recipe(name, vocab, pooled, all_dev, int(weight))
    except ValueError as exc:
        raise SystemExit(f"recipe {name!r}: expected VOCAB:PARTS:DEV:WEIGHT, got {spec!r}") from exc
    unknown = sorted((pooled | all_dev) - set(PARTS))
    if unknown or vocab not in ("news", "pool") or recipe.weight < 1:
        raise SystemExit(f"recipe {name!r}: unknown parts {unknown} or vocabulary {vocab!r} or weight {weight!r}")
    return recipe


def collect(corpus: Any, vocab_mode: str) -> dict[str, Any]:
    """Every open train and dev article's examples read with one vocabulary. The train articles' cue
    vocabulary is read across folds as the trainer reads it, the folds taken over the list the trainer would
    see (the news articles alone for the news vocabulary, the five corpora for the pooled one)."""
    pipeline = build_pipeline(pipeline_config(None, None, "rules"))
    train_all = gold_articles(corpus, "train", set(OPEN))
    news = [a for a in train_all if a[0].corpus in NEWS]
    source = news if vocab_mode == "news" else train_all
    vocabulary, cue_vocabulary = vocabulary_of(source), cue_vocabulary_of(source)
    words = trigger_words(vocabulary)

    def run(articles: Sequence[tuple[Article, dict[str, Any]]], folds: bool) -> list[Row]:
        fold_vocabularies = [cue_vocabulary_of([a for i, a in enumerate(articles) if i % CUE_FOLDS != k])
                             for k in range(CUE_FOLDS)]
        rows: list[Row] = []
        for i, (article, gold) in enumerate(articles):
            doc = pipeline(article.document())
            kept = (article, gold, deepcopy(doc))
            out = Examples()
            own = fold_vocabularies[i % CUE_FOLDS] if folds else cue_vocabulary
            examples_from_article(article, gold, doc, out, vocabulary, own, words)
            rows.append((article, gold, out, kept))
        return rows

    rows = run(source, True)
    if vocab_mode == "news":
        rows += run([a for a in train_all if a[0].corpus not in NEWS], True)
    return {"vocabulary": vocabulary, "cue_vocabulary": cue_vocabulary, "train": rows,
            "dev": run(gold_articles(corpus, "dev", set(OPEN)), False)}


def train_recipe(recipe: Recipe, data: dict[str, Any], out: Path) -> dict[str, Any]:
    def train_rows(part: str) -> list[Row]:
        pooled = part in recipe.pooled
        rows: list[Row] = []
        for row in data["train"]:
            if row[0].corpus in NEWS:
                rows.extend([row] * (recipe.weight if pooled else 1))
            elif pooled:
                rows.append(row)
        return rows

    def dev_rows(part: str) -> list[Row]:
        return [row for row in data["dev"] if part in recipe.all_dev or row[0].corpus in NEWS]

    train_examples, dev_examples = Examples(), Examples()
    for part, fields in FIELDS.items():
        for name in fields:
            setattr(train_examples, name, [x for row in train_rows(part) for x in getattr(row[2], name)])
            setattr(dev_examples, name, [x for row in dev_rows(part) for x in getattr(row[2], name)])
    # the previous speaker is guessed by fold models over distinct articles; a weighted article's groups repeat
    distinct = list({id(row): row for row in train_rows("speaker")}.values())
    per_article = speaker_groups_by_guess_per_article([row[3] for row in distinct], C)
    repeat = recipe.weight if "speaker" in recipe.pooled else 1
    speaker_groups = [group for row, groups in zip(distinct, per_article, strict=True)
                      for group in groups * (repeat if row[0].corpus in NEWS else 1)]
    models = train(train_examples, dev_examples, data["vocabulary"], c=C, wrong_cost=WRONG_COST,
                   cue_vocabulary=data["cue_vocabulary"], argument_wrong_cost=ARGUMENT_WRONG_COST,
                   speaker_groups=speaker_groups)
    models.speaker.threshold = speaker_threshold(models, [row[3] for row in dev_rows("speaker")], WRONG_COST)
    thresholds = {"trigger": models.trigger_threshold, "trigger_rules": models.trigger_threshold_rules,
                  "argument_by_role": models.argument_thresholds, "speaker": models.speaker.threshold,
                  "cue": models.cue.threshold if models.cue else None, "cue_rules": models.cue_threshold_rules,
                  "coref": models.coref.threshold if models.coref else None}
    save(models, out, {"trained_on": {"recipe": recipe.name}, "thresholds": thresholds, "c": C})
    return thresholds


def _f1(counts: Any) -> tuple[float, float, float]:
    return counts.precision, counts.recall, counts.f1


def summary(scores: Scores) -> str:
    _, _, type_f1 = _f1(scores.events_type)
    p, r, f = _f1(scores.events_actor)
    sp, sr, _ = _f1(scores.speakers)
    return (f"{type_f1:.3f} | {p:.3f} / {r:.3f} / **{f:.3f}** | {scores.actor_right.value:.3f} | "
            f"{scores.target_right.value:.3f} | {scores.status_right.value:.3f} | {scores.duplicates.value:.3f} | "
            f"{sp:.3f} / {sr:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", default="gold")
    parser.add_argument("--shared", default="../shared/data")
    parser.add_argument("--out", default="recipe-models", help="Folder for the trained model files.")
    parser.add_argument("--recipes", default=",".join(RECIPES), help="Named recipes to run (comma-separated).")
    parser.add_argument("--recipe", action="append", default=[], help="NAME:VOCAB:PARTS:DEV:WEIGHT (repeatable).")
    args = parser.parse_args()
    recipes = [parse_recipe(name, RECIPES[name]) for name in args.recipes.split(",") if name]
    for spec in args.recipe:
        name, _, rest = spec.partition(":")
        recipes.append(parse_recipe(name, rest))
    unknown = [name for name in args.recipes.split(",") if name and name not in RECIPES]
    if unknown:
        raise SystemExit(f"unknown recipes {unknown}; named ones: {', '.join(RECIPES)}")
    corpus = open_gold_corpus(args.gold, args.shared)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    collected: dict[str, dict[str, Any]] = {}
    print("| recipe | dev | type F1 | type+actor P / R / F1 | actor right | target right | status | duplicates | "
          "speakers P / R |")
    for recipe in recipes:
        if recipe.vocabulary not in collected:
            collected[recipe.vocabulary] = collect(corpus, recipe.vocabulary)
        path = out / f"{recipe.name}.json"
        thresholds = train_recipe(recipe, collected[recipe.vocabulary], path)
        pipeline = build_pipeline(pipeline_config(None, None, "learned", str(path.resolve())))
        report = evaluate_corpus(corpus, "dev", pipeline, None)
        news = Scores()
        for name in SCORED_NEWS:
            if name in report.by_corpus:
                news.add(report.by_corpus[name])
        print(f"| {recipe.name} | all {report.overall.articles} | {summary(report.overall)} |")
        print(f"| {recipe.name} | news {news.articles} | {summary(news)} |")
        print(f"<!-- {recipe.name} thresholds: {json.dumps(thresholds)} -->", flush=True)


if __name__ == "__main__":
    main()
