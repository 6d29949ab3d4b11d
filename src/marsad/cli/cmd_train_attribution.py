"""``marsad train attribution`` (also ``train events`` / ``train quotes``): the learned attribution models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from marsad.cli.console import build_pipeline, fail, pipeline_config, warn
from marsad.cli.train_common import (
    ModelOutOpt,
    SharedDataOpt,
    SummaryJsonOpt,
    open_gold_corpus,
    wanted_corpora,
)

DEFAULT_OUT = "src/marsad/data/attribution-model.json"
OPEN_CORPORA = "anercorp,ntrex128"
# the shipped recipe's other defaults (tools/threshold_stability.py reruns the recipe with them)
POOL_CORPORA = "ud-pud,wojood,xquad"
POOL_PARTS_DEFAULT = "trigger"
C_DEFAULT = 0.25
WRONG_COST_DEFAULT = 1.5
ARGUMENT_WRONG_COST_DEFAULT = 0.5
SPEAKER_PRECISION_DEFAULT = 0.855
TRIGGER_BAGS_DEFAULT = 100


def train_attribution(
    gold_dir: Annotated[str, typer.Option("--gold", help="The gold corpus folder.")] = "gold",
    corpora: Annotated[
        str, typer.Option("--corpora", help="Comma-separated corpora to learn from, or 'all'. The shipped "
                                            "model uses only the redistributable ones.")
    ] = OPEN_CORPORA,
    shared: SharedDataOpt = "../shared/data",
    out: ModelOutOpt = DEFAULT_OUT,
    c: Annotated[float, typer.Option("--c", help="Inverse L2 regularisation strength.")] = C_DEFAULT,
    wrong_cost: Annotated[
        float, typer.Option("--wrong-cost", help="How much worse a wrong speaker is than a missing one, when "
                                                 "the abstention threshold is chosen on dev "
                                                 "(--speaker-precision 0).")
    ] = WRONG_COST_DEFAULT,
    argument_wrong_cost: Annotated[
        float, typer.Option("--argument-wrong-cost", help="How much worse a wrong actor or target is than a "
                                                          "missing one, when their abstention thresholds are "
                                                          "chosen on dev.")
    ] = ARGUMENT_WRONG_COST_DEFAULT,
    speaker_precision: Annotated[
        float, typer.Option("--speaker-precision", help="The speaker threshold is the lowest at which the "
                                                        "speakers given on the train articles (cross-fitted "
                                                        "by folds) and on dev reach this precision; 0: the "
                                                        "threshold that maximises right - wrong-cost x wrong "
                                                        "on dev alone.")
    ] = SPEAKER_PRECISION_DEFAULT,
    pool_corpora: Annotated[
        str, typer.Option("--pool-corpora", help="Comma-separated corpora that only the --pool-parts learn from "
                                                 "(train articles) and choose their thresholds on (dev articles); "
                                                 "the trigger vocabulary is read from them too. Empty "
                                                 "(--pool-corpora ''): none.")
    ] = POOL_CORPORA,
    pool_parts: Annotated[
        str, typer.Option("--pool-parts", help="The model parts that learn from --pool-corpora: comma-separated "
                                               "among trigger, argument, status, coref, cue.")
    ] = POOL_PARTS_DEFAULT,
    threshold_folds: Annotated[
        int, typer.Option("--threshold-folds", help="Folds (by article id) of the train split scored by models "
                                                    "fitted on the other folds; the trigger, argument, cue and "
                                                    "coreference thresholds are then chosen on those scores and "
                                                    "dev's together (4: steadier, lower on dev; "
                                                    "docs/events.md). 0: on dev alone.")
    ] = 0,
    trigger_radius: Annotated[
        int, typer.Option("--trigger-radius", help="Grid steps (of 0.025) either side over which the type F1 of "
                                                   "each pair of trigger thresholds is averaged before the best "
                                                   "pair is taken; 0: the lowest rules' threshold within one "
                                                   "right event of the best pair (docs/events.md).")
    ] = 0,
    trigger_bags: Annotated[
        int, typer.Option("--trigger-bags", help="Bootstrap resamples of the dev articles (drawn from a fixed "
                                                 "seed) over which the pair of trigger thresholds is averaged; "
                                                 "their spread is recorded in the model file. 0: the pair "
                                                 "chosen on dev once (docs/events.md).")
    ] = TRIGGER_BAGS_DEFAULT,
    argument_bags: Annotated[
        int, typer.Option("--argument-bags", help="Bootstrap resamples of the dev articles (the trigger pair's "
                                                  "seed) over which the actor's and target's thresholds are "
                                                  "averaged; their spread is recorded in the model file. 0: "
                                                  "chosen on dev once (docs/events.md).")
    ] = 0,
    as_json: SummaryJsonOpt = False,
) -> None:
    """Train the trigger, argument, status and speaker models on the train split (thresholds on dev)."""
    from marsad.train.attribution import (
        POOL_PARTS,
        gold_articles,
        save,
        speaker_groups_by_guess,
        threshold_summary,
        train,
    )
    from marsad.train.recipe import chosen_speaker_threshold, collect_recipe
    from marsad.train.threshold_folds import held_out_decisions

    if threshold_folds == 1 or threshold_folds < 0:
        fail(f"--threshold-folds takes 0 (dev alone) or 2 and more, not {threshold_folds}")
    if not 0 <= trigger_radius <= 10:
        fail(f"--trigger-radius takes 0 to 10 grid steps, not {trigger_radius}")
    if not 0 <= trigger_bags <= 10_000:
        fail(f"--trigger-bags takes 0 (none) to 10000 resamples, not {trigger_bags}")
    if not 0 <= argument_bags <= 10_000:
        fail(f"--argument-bags takes 0 (none) to 10000 resamples, not {argument_bags}")

    wanted = wanted_corpora(corpora)
    pooled, parts = _pooling(pool_corpora, pool_parts, wanted, set(POOL_PARTS))
    corpus = open_gold_corpus(gold_dir, shared)
    pipeline = build_pipeline(pipeline_config(None, None, "rules"))
    # An article left out (its text not at hand, an annotation that does not fit it) is named, never
    # skipped in silence: a user's own annotations would otherwise train a model without a word.
    errors: list[str] = []
    asked = None if wanted is None else wanted | pooled
    train_articles = gold_articles(corpus, "train", asked, errors)
    dev_articles = gold_articles(corpus, "dev", asked, errors)
    for message in errors:
        warn(gold_dir, message)
    if not any(article.corpus not in pooled for article, _ in train_articles):
        # Say which corpora the folder has (an export-gold folder holds corpus 'review').
        present = sorted({article.corpus for article, _ in gold_articles(corpus, "train", None)})
        hint = f" (this folder's train split has: {', '.join(present)}; pass --corpora)" if present else ""
        fail(f"no annotated train article in corpora {corpora!r}{hint}")
    # the pooled corpora's train articles are in the lists: the vocabularies and the cue folds read them
    recipe = collect_recipe(train_articles, dev_articles, pipeline, pooled=pooled, parts=parts,
                            threshold_folds=threshold_folds)
    held_out = recipe.held_out
    bagging: dict[str, Any] = {}
    argument_bagging: dict[str, Any] = {}
    models = train(recipe.train, recipe.dev, recipe.vocabulary, c=c, wrong_cost=wrong_cost,
                   cue_vocabulary=recipe.cue_vocabulary, argument_wrong_cost=argument_wrong_cost,
                   speaker_groups=speaker_groups_by_guess(recipe.train_documents, c),
                   held_out=held_out_decisions(held_out, parts, c, threshold_folds) if held_out is not None else None,
                   trigger_radius=trigger_radius, trigger_bags=trigger_bags, trigger_report=bagging,
                   argument_bags=argument_bags, argument_report=argument_bagging)
    models.speaker.threshold = chosen_speaker_threshold(models, recipe.train_documents, recipe.dev_documents, c=c,
                                                        speaker_precision=speaker_precision, wrong_cost=wrong_cost)
    meta = {"trained_on": {"corpora": sorted(wanted) if wanted else "all", "train": recipe.train.counts(),
                           "dev": recipe.dev.counts()},
            "thresholds": threshold_summary(models), "c": c, "wrong_cost": wrong_cost,
            "argument_wrong_cost": argument_wrong_cost, "speaker_precision": speaker_precision,
            "threshold_folds": threshold_folds}
    if trigger_radius:  # recorded when used: the default choice leaves the model file as it was
        meta["trigger_radius"] = trigger_radius
    if bagging:  # the resamples and their pairs' spread: how much one dev's choice would have wandered
        meta["trigger_bags"] = bagging
    if argument_bagging:  # recorded when used: the default choice leaves the model file as it was
        meta["argument_bags"] = argument_bagging
    if pooled:
        meta["pooled"] = {"corpora": sorted(pooled), "parts": parts, "train": recipe.pooled_train.counts(),
                          "dev": recipe.pooled_dev.counts()}
    save(models, Path(out), meta)
    if as_json:
        print(json.dumps(meta, ensure_ascii=False))
    else:
        print(f"wrote {out}: {json.dumps(meta, ensure_ascii=False)}")


def _pooling(pool_corpora: str, pool_parts: str, wanted: set[str] | None,
             known_parts: set[str]) -> tuple[frozenset[str], list[str]]:
    """``--pool-corpora`` and ``--pool-parts`` checked: the pooled corpora not already learned from by
    every part, and the parts that learn from them."""
    if pool_corpora.strip() == "all":
        fail("--pool-corpora takes corpus names (e.g. ud-pud,wojood,xquad), not 'all'")
    parts = [part.strip() for part in pool_parts.split(",") if part.strip()]
    unknown = sorted(set(parts) - known_parts)
    if unknown:
        fail(f"unknown --pool-parts {', '.join(unknown)}; choose among: {', '.join(sorted(known_parts))}")
    names = wanted_corpora(pool_corpora) or set()
    if wanted is None or not parts:  # every corpus is already learned from by every part
        return frozenset(), parts
    return frozenset(names - wanted), parts


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    groups["train"].command("attribution")(train_attribution)
    groups["train"].command("events", help="Same as 'train attribution': events and quotes train together.")(
        train_attribution)
    groups["train"].command("quotes", help="Same as 'train attribution': events and quotes train together.")(
        train_attribution)
