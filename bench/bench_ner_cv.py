"""Cross-validated NER quality: k contiguous folds of the ANERcorp train part.

One held-out slice says little (slices of the same corpus score 65–78 F1: the
tail of ANERcorp is mostly football results).  This script trains k models,
each without one contiguous fold of ANERcorp (AQMAR train is always added, as
for the shipped model), scores each on its fold, and reports per-fold and mean
entity-level P/R/F1 for PERSON, LOC, ORG (micro) — CoNLL rules, exact span and type.

    python bench/bench_ner_cv.py                  # ../shared beside the repo, 5 folds
    python bench/bench_ner_cv.py --folds 3 --iterations 100
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

from marsad.evaluate.ner import SCORED_TYPES, Counts, evaluate_model
from marsad.ner.conll import read_conll
from marsad.ner.crf import TrainingParams, train
from marsad.train.ner import ANERCORP_TRAIN, AQMAR_TRAIN

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--c1", type=float, default=0.05)
    parser.add_argument("--c2", type=float, default=0.01)
    args = parser.parse_args()
    data = args.shared / "data"
    if not (data / ANERCORP_TRAIN).is_file():
        print(f"bench_ner_cv: {ANERCORP_TRAIN} not found under {args.shared}/data", file=sys.stderr)
        return 2
    anercorp = read_conll(data / ANERCORP_TRAIN).sentences
    aqmar = read_conll(data / AQMAR_TRAIN).sentences if (data / AQMAR_TRAIN).is_file() else []
    params = TrainingParams(c1=args.c1, c2=args.c2, max_iterations=args.iterations)
    size = len(anercorp) // args.folds
    f1s: list[float] = []
    total = Counts()
    for fold in range(args.folds):
        lo = fold * size
        hi = len(anercorp) if fold == args.folds - 1 else lo + size
        model = train(anercorp[:lo] + anercorp[hi:] + aqmar, params=params)
        result = evaluate_model(model, anercorp[lo:hi])
        overall = result.overall
        total.tp += overall.tp
        total.fp += overall.fp
        total.fn += overall.fn
        f1s.append(100 * overall.f1)
        per_type = "  ".join(
            f"{k} {100 * result.per_type[k].f1:.1f}" for k in SCORED_TYPES if k in result.per_type
        )
        print(
            f"fold {fold + 1}/{args.folds} (sentences {lo}-{hi}): P {100 * overall.precision:.1f} "
            f"R {100 * overall.recall:.1f} F1 {100 * overall.f1:.1f}   {per_type}",
            flush=True,
        )
    print(
        f"mean F1 {statistics.mean(f1s):.1f} (min {min(f1s):.1f}, max {max(f1s):.1f}); pooled P "
        f"{100 * total.precision:.1f} R {100 * total.recall:.1f} F1 {100 * total.f1:.1f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
