"""Honest place figures on the train split of ``gold/places``, where the shipped place scorer learned.

``marsad eval places --split train`` scores the train articles of the corpora the scorer learned from
(its file's ``trained_on.corpora``) with a scorer fitted on them (in-sample: it flatters the scorer).
This tool scores each of those articles with a scorer fitted on the other folds only (5 folds by
article, the shipped model's regularisation and thresholds: :func:`marsad.train.places.cross_validated`; every
fold also learns from the judged files the model learned from, ``meta.judged``);
the train articles of the other corpora (SaudiNewsNet), which the scorer never learned from, are scored
with it as they are.  The dev split is scored with the shipped scorer.  The sealed test split is never read.

    PYTHONPATH=src python tools/eval_places_cv.py [--gold gold] [--shared ../shared/data] [--details FILE]
        [--model FILE]

Prints one line per corpus: articles, mention P / R / F1, located right, false city-level places.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from marsad.cli.train_common import open_gold_corpus
from marsad.evaluate.judged_places import read_judged
from marsad.evaluate.places import GoldPlaceScores
from marsad.geo.scorer import default_scorer, read_scorer
from marsad.pipeline import Pipeline
from marsad.stages.places import PlaceStage
from marsad.train.places import (
    OPEN_CORPORA,
    collect_judged,
    cross_validated,
    prepare,
    prepare_judged,
    score_places,
)


def _line(name: str, scores: GoldPlaceScores) -> str:
    m, located, city = scores.mentions, scores.located, scores.city_level
    return (f"{name:24s} {scores.articles:4d} articles  P {m.precision:.3f}  R {m.recall:.3f}  F1 {m.f1:.3f}  "
            f"located {located.right}/{located.total} = {located.value:.3f}  "
            f"false city-level {city.right}/{city.total} = {city.value:.3f}")


def learned_corpora(trained_on: object, present: set[str]) -> frozenset[str]:
    """The corpora a scorer learned from, by its file's ``trained_on``: a scorer trained with ``--corpora all``
    says "all", every corpus ``present`` (not the letters of the word); a file that says nothing, the open ones."""
    named = trained_on.get("corpora", OPEN_CORPORA) if isinstance(trained_on, dict) else OPEN_CORPORA
    return frozenset(present) if named == "all" else frozenset(named)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default="gold")
    parser.add_argument("--shared", default="../shared/data")
    parser.add_argument("--details", type=Path, help="Write every missed, false and mislocated place here.")
    parser.add_argument("--model", type=Path, help="A place-scorer file (default: the shipped one): its C and "
                                                    "thresholds for the folds, itself for the other articles.")
    args = parser.parse_args()
    scorer = read_scorer(args.model.read_text("utf-8")) if args.model else default_scorer()
    if scorer is None:
        raise SystemExit("eval_places_cv: the package ships no place scorer")
    corpus = open_gold_corpus(args.gold, args.shared)
    analyse = Pipeline.build(("boilerplate", "repair", "entities"))
    errors: list[str] = []
    train = prepare(corpus, "train", None, analyse, errors)
    dev = prepare(corpus, "dev", None, analyse, errors)
    # The folds learn from the corpora the model itself learned from (its file says which).
    open_corpora = learned_corpora(scorer.meta.get("trained_on", {}), {p.article.corpus for p in train})
    learned_from = [p for p in train if p.article.corpus in open_corpora]
    held_out = [p for p in train if p.article.corpus not in open_corpora]
    # ... and from the judged files it learned from, which every fold learns from too (they are no gold article)
    judged_meta = scorer.meta.get("judged", {})
    judged_files = [Path(f) for f in judged_meta.get("files", [])] if isinstance(judged_meta, dict) else []
    extra = collect_judged(prepare_judged(read_judged(judged_files, Path(args.gold), Path(args.shared)), analyse),
                           PlaceStage(learned=False)) if judged_files else []
    c = scorer.meta.get("c", {})
    details: list[str] = []
    folds = cross_validated(learned_from, scorer, float(c.get("place", 0.1)), float(c.get("which", 1.0)),
                            details=details, extra=extra)
    stage = PlaceStage(scorer=scorer)
    others = score_places(held_out, stage, details)
    train_all = GoldPlaceScores()
    train_all.add(folds["all"])
    train_all.add(others["all"])
    lines = [f"train, cross-validated ({', '.join(sorted(open_corpora))}) and held out (the others):"]
    lines += [_line(name, s) for name, s in sorted({**folds, **others, "all": train_all}.items())]
    lines.append(f"dev, {args.model or 'shipped'} scorer:")
    lines += [_line(name, s) for name, s in sorted(score_places(dev, stage, details).items())]
    print("\n".join(errors + lines))
    if args.details:
        args.details.write_text("\n".join(details) + "\n", "utf-8")


if __name__ == "__main__":
    main()
