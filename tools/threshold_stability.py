"""How far the learned attribution thresholds move when the training data moves a little.

The canonical recipe (``marsad train attribution``: the open corpora, the other open corpora pooled for the
triggers) is run on the train split with one article in ten left out (a different tenth for each seed),
and the thresholds are chosen twice on each: on dev alone (``--threshold-folds 0``, the choice before
round 19) and on the held-out train folds and dev together (:mod:`marsad.train.threshold_folds`). Each
model is written to ``--out`` (``{selection}-{seed}.json``) to be scored with ``marsad eval events
--split dev --attribution-model FILE``; the thresholds are printed, one JSON line a model.

The articles are analysed once (the trigger and cue vocabularies stay those of the whole split: the
perturbation leaves out the examples of the dropped articles). The sealed test split is never read.

    PYTHONPATH=src python tools/threshold_stability.py --gold gold --shared EMPTY_DIR --out DIR
        [--seeds 0 1 2 3 4] [--cache FILE] [--trigger-radius N]

Seed 0 leaves nothing out. ``--trigger-radius``: the trigger pair's choice, as ``marsad train attribution
--trigger-radius`` takes it. ``--triggers-only --radii 0 2 3``: only the trigger model is fitted on each
seed's articles (no model file written), its dev decisions scored once and the trigger pair chosen with each
radius; one JSON line a seed and radius (the pair, and the dev trigger words' type F1, right and output
events at it), then one a radius with the spread of the pair over the seeds (round 22). ``--bags B``: also
each radius's pair averaged over B bootstrap resamples of the open dev articles (a bagged choice).
"""

from __future__ import annotations

import argparse
import json
import pickle
import zlib
from pathlib import Path
from typing import Any

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
from marsad.train.attribution import (
    THRESHOLD_FOLDS,
    TRIGGER_GRID,
    TRIGGER_LABELS,
    Examples,
    HeldOut,
    TriggerDecision,
    bagged_trigger_thresholds,
    by_article,
    choose_trigger_thresholds,
    fit_multiclass,
    gold_articles,
    pool_parts,
    save,
    speaker_groups_by_guess,
    threshold_summary,
    train,
    trigger_decisions,
    trigger_surface,
)
from marsad.train.recipe import chosen_speaker_threshold, collect_recipe
from marsad.train.threshold_folds import held_out_decisions

# the shipped recipe, as `marsad train attribution` runs it by default
OPEN = set(OPEN_CORPORA.split(","))  # its --corpora
POOLED = frozenset(POOL_CORPORA.split(","))  # its --pool-corpora
PARTS = POOL_PARTS_DEFAULT.split(",")  # its --pool-parts
C = C_DEFAULT
WRONG_COST = WRONG_COST_DEFAULT
ARGUMENT_WRONG_COST = ARGUMENT_WRONG_COST_DEFAULT
SPEAKER_PRECISION = SPEAKER_PRECISION_DEFAULT
TRIGGER_BAGS = TRIGGER_BAGS_DEFAULT


def build(gold: str, shared: str) -> dict[str, Any]:
    """The analysed train and dev articles as the training command makes them, with every train
    article's own and held-out examples."""
    corpus = open_gold_corpus(gold, shared)
    pipeline = build_pipeline(pipeline_config(None, None, "rules"))
    wanted = OPEN | POOLED
    train_articles = gold_articles(corpus, "train", wanted)
    dev_articles = gold_articles(corpus, "dev", wanted)
    recipe = collect_recipe(train_articles, dev_articles, pipeline, pooled=POOLED, parts=PARTS,
                            threshold_folds=THRESHOLD_FOLDS)
    return {"ids": [a.id for a, _ in train_articles], "held": recipe.held_out,
            "train_documents": recipe.train_documents, "dev": recipe.dev, "dev_documents": recipe.dev_documents,
            "vocabulary": recipe.vocabulary, "cue_vocabulary": recipe.cue_vocabulary}


def dropped(article_id: str, seed: int) -> bool:
    return seed > 0 and zlib.crc32(f"{seed}:{article_id}".encode()) % 10 == 0


def train_examples(held: list[HeldOut]) -> Examples:
    """The training examples of the kept articles, as the command pools them."""
    out = Examples()
    for record in held:
        if record.pooled:
            pool_parts(out, record.own, PARTS)
        else:
            out.extend(record.own)
    return out


def kept(data: dict[str, Any], seed: int) -> tuple[list[bool], list[HeldOut]]:
    keep = [not dropped(i, seed) for i in data["ids"]]
    return keep, [h for h, k in zip(data["held"], keep, strict=True) if k]


def bagged_choice(scored: list[TriggerDecision], sizes: list[int], bags: int, radius: int) -> tuple[float, float]:
    """The trigger pair averaged over ``bags`` bootstrap resamples of the open dev articles (``sizes``: their
    trigger rows, :attr:`Examples.trigger_articles`; the pooled corpora's dev rows in every resample), as
    ``marsad train attribution --trigger-bags`` chooses it (:func:`bagged_trigger_thresholds`)."""
    articles, rest = by_article(scored, sizes)
    return bagged_trigger_thresholds(articles, rest, bags, radius=radius).pair


def run_triggers(data: dict[str, Any], seed: int, radii: list[int], bags: int = 0,
                 sizes: list[int] | None = None) -> list[dict[str, Any]]:
    """The trigger pair each radius chooses for the trigger model fitted on the seed's articles (with
    ``bags``: also each radius's bagged pair, over the open dev articles of ``sizes`` rows)."""
    _, held = kept(data, seed)
    scored = trigger_decisions(fit_multiclass(train_examples(held).trigger, C, TRIGGER_LABELS), data["dev"].trigger)
    surface = trigger_surface(scored)
    rows = []
    for radius in radii:
        for bagged in ([False, True] if bags and sizes else [False]):
            t_rule, t_other = (bagged_choice(scored, sizes or [], bags, radius) if bagged
                               else choose_trigger_thresholds(scored, radius=radius))
            f1, right, wrong = surface[TRIGGER_GRID.index(t_rule)][TRIGGER_GRID.index(t_other)]
            rows.append({"seed": seed, "radius": radius, "bags": bags if bagged else 0, "trigger_rules": t_rule,
                         "trigger": t_other, "dev_trigger_f1": round(f1, 4), "right": right,
                         "output": right + wrong})
    return rows


def spread(rows: list[dict[str, Any]], radius: int, bags: int = 0) -> dict[str, Any]:
    """How far a radius's pair moves over the seeds: range and population standard deviation."""
    out: dict[str, Any] = {"radius": radius, "bags": bags, "seeds": len(rows)}
    for key in ("trigger_rules", "trigger", "dev_trigger_f1", "output"):
        values = [float(r[key]) for r in rows]
        mean = sum(values) / len(values)
        out[key] = {"min": min(values), "max": max(values), "range": round(max(values) - min(values), 4),
                    "sd": round((sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5, 4)}
    return out


def run(data: dict[str, Any], seed: int, out_dir: Path, radius: int = 0,
        bags: int = TRIGGER_BAGS) -> list[dict[str, Any]]:
    keep, held = kept(data, seed)
    kept_ids = {i for i, k in zip(data["ids"], keep, strict=True) if k}
    documents = [d for d in data["train_documents"] if d[0].id in kept_ids]
    examples = train_examples(held)
    speakers = speaker_groups_by_guess(documents, C)
    results = []
    for selection in ("dev", "pooled"):
        pooled = held_out_decisions(held, PARTS, C) if selection == "pooled" else None
        models = train(examples, data["dev"], data["vocabulary"], c=C, wrong_cost=WRONG_COST,
                       cue_vocabulary=data["cue_vocabulary"], argument_wrong_cost=ARGUMENT_WRONG_COST,
                       speaker_groups=speakers, held_out=pooled, trigger_radius=radius, trigger_bags=bags)
        models.speaker.threshold = chosen_speaker_threshold(models, documents, data["dev_documents"], c=C,
                                                            speaker_precision=SPEAKER_PRECISION,
                                                            wrong_cost=WRONG_COST)
        thresholds = threshold_summary(models)
        path = out_dir / f"{selection}-{seed}.json"
        save(models, path, {"thresholds": thresholds, "seed": seed, "selection": selection,
                            **({"trigger_radius": radius} if radius else {}),
                            **({"trigger_bags": bags} if bags else {})})
        results.append({"seed": seed, "selection": selection, "articles": sum(keep), "model": str(path),
                        **thresholds})
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default="gold")
    parser.add_argument("--shared", required=True, help="an empty folder for the canonical (open) recipe")
    parser.add_argument("--out", required=True)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    parser.add_argument("--cache", default=None, help="a pickle of the analysed articles (made when absent)")
    parser.add_argument("--trigger-radius", type=int, default=0, help="the trigger pair's smoothing (grid steps)")
    parser.add_argument("--triggers-only", action="store_true", help="only the trigger pair, for each --radii")
    parser.add_argument("--radii", type=int, nargs="+", default=[0, 2, 3])
    parser.add_argument("--bags", type=int, default=0, help="with --triggers-only: also each radius's pair "
                                                            "averaged over this many bootstrap resamples of dev")
    args = parser.parse_args()
    if args.trigger_radius < 0 or any(r < 0 for r in args.radii):
        parser.error("a radius is 0 or more grid steps")
    if args.bags < 0:
        parser.error("--bags is 0 (none) or more resamples")
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    cache = Path(args.cache) if args.cache else None
    if cache is not None and cache.exists():
        data = pickle.loads(cache.read_bytes())
    else:
        data = build(args.gold, args.shared)
        if cache is not None:
            cache.write_bytes(pickle.dumps(data))
    if args.triggers_only:
        sizes = data["dev"].trigger_articles if args.bags else None
        rows = []
        for seed in args.seeds:
            for row in run_triggers(data, seed, args.radii, args.bags, sizes):
                print(json.dumps(row), flush=True)
                rows.append(row)
        for radius in args.radii:
            for bags in sorted({r["bags"] for r in rows}):
                print(json.dumps(spread([r for r in rows if r["radius"] == radius and r["bags"] == bags], radius,
                                        bags)), flush=True)
        return
    for seed in args.seeds:
        for row in run(data, seed, out_dir, args.trigger_radius):
            print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
