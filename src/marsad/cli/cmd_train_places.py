"""``marsad train places``: the learned place scorer (place or not, and which gazetteer entry)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from marsad.cli.console import fail, warn
from marsad.cli.train_common import (
    ModelOutOpt,
    SharedDataOpt,
    SummaryJsonOpt,
    open_gold_corpus,
    wanted_corpora,
)

DEFAULT_OUT = "src/marsad/data/geo-place-scorer.json"
OPEN_CORPORA = "anercorp,ntrex128"
STAGES = ("boilerplate", "repair", "entities")


def train_places(
    gold_dir: Annotated[str, typer.Option("--gold", help="The gold corpus folder.")] = "gold",
    corpora: Annotated[
        str, typer.Option("--corpora", help="Comma-separated corpora to learn from, or 'all'. The shipped "
                                            "model uses only the redistributable ones.")
    ] = OPEN_CORPORA,
    shared: SharedDataOpt = "../shared/data",
    out: ModelOutOpt = DEFAULT_OUT,
    c: Annotated[float | None, typer.Option(
        "--c", help="Inverse L2 regularisation strength (default: chosen by 5-fold cross-validation over the "
                    "train articles, per model).")] = None,
    beta: Annotated[float, typer.Option("--beta", help="The F-beta of mentions the place threshold maximises "
                                                       "on dev (below 1 favours precision).")] = 0.5,
    wrong_cost: Annotated[
        float, typer.Option("--wrong-cost", help="How much worse a place put at the wrong spot is than one "
                                                 "left off the map, when the 'which' threshold is chosen on dev.")
    ] = 1.5,
    judged: Annotated[list[Path] | None, typer.Option(
        "--judged", help="A file of hand-judged mentions to learn from as well (repeatable): the probe tools' "
                         "format or marsad eval places's on gold/open-articles.jsonl. Only probe halves of open "
                         "text are read: held halves, SaudiNewsNet and test articles are left out.")] = None,
    as_json: SummaryJsonOpt = False,
) -> None:
    """Train the place scorer on the train split of gold/places (thresholds on dev)."""
    from marsad.evaluate.judged_places import JudgedFileError, read_judged
    from marsad.geo.scorer import PlaceScorer
    from marsad.pipeline import Pipeline
    from marsad.stages.places import PlaceStage
    from marsad.train.places import (
        Examples,
        choose_c,
        choose_thresholds,
        collect,
        collect_by_article,
        collect_judged,
        fit,
        log_loss,
        prepare,
        prepare_judged,
    )

    corpus = open_gold_corpus(gold_dir, shared)
    try:  # (read before the articles are analysed: a bad file fails at once)
        judged_set = read_judged(list(judged or []), Path(gold_dir), Path(shared))
    except JudgedFileError as exc:
        fail(str(exc))
    wanted = wanted_corpora(corpora)
    analyse = Pipeline.build(STAGES)
    errors: list[str] = []
    train = prepare(corpus, "train", wanted, analyse, errors)
    dev = prepare(corpus, "dev", wanted, analyse, errors)
    for message in errors:
        warn(gold_dir, message)
    if not train or not dev:
        fail(f"no annotated {'train' if not train else 'dev'} article with place gold in corpora {corpora!r}")
    stage = PlaceStage(learned=False)
    judged_groups = collect_judged(prepare_judged(judged_set, analyse), stage)
    groups = collect_by_article(train, stage) + judged_groups
    examples = Examples([row for g in groups for row in g.place], [row for g in groups for row in g.which])
    dev_examples = collect(dev, stage)
    cv: dict[str, dict[float, float]] = {}
    if c is None:
        c_place, cv["place"] = choose_c([g.place for g in groups])
        c_which, cv["which"] = choose_c([g.which for g in groups])
    else:
        c_place = c_which = c
    try:
        place, which = fit(examples.place, c_place), fit(examples.which, c_which)
    except ValueError as exc:
        fail(f"cannot train the place scorer: {exc}")
    meta = {"trained_on": {"corpora": sorted(wanted) if wanted else "all", "train_articles": len(train),
                           "dev_articles": len(dev), "train": examples.counts(), "dev": dev_examples.counts()},
            **({"judged": {"files": [p.as_posix() for p in judged or []], "texts": len(judged_groups),
                           "examples": Examples([r for g in judged_groups for r in g.place],
                                                [r for g in judged_groups for r in g.which]).counts(),
                           "left_out": judged_set.skipped}} if judged else {}),
            "c": {"place": c_place, "which": c_which},
            "cv_log_loss": {k: {str(c): v for c, v in losses.items()} for k, losses in cv.items()},
            "beta": beta, "wrong_cost": wrong_cost,
            "dev_log_loss": {"place": round(log_loss(place, dev_examples.place), 4),
                             "which": round(log_loss(which, dev_examples.which), 4)}}
    scorer, trace = choose_thresholds(PlaceScorer(place, which, 1.0, meta), dev, stage, beta, wrong_cost)
    meta["thresholds"] = {"drop": scorer.place.threshold, "add": scorer.add_threshold,
                          "which": scorer.which.threshold}
    Path(out).write_text(json.dumps(scorer.to_dict(), ensure_ascii=False, indent=1) + "\n", "utf-8")
    if as_json:
        print(json.dumps({**meta, "trace": trace}, ensure_ascii=False))
    else:
        print(f"wrote {out}: {json.dumps(meta, ensure_ascii=False)}")


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    groups["train"].command("places")(train_places)
