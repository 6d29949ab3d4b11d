"""Quote speakers cross-validated on the open train split, and the whole precision/recall curve on dev.

The dev split (146 articles, about 450 gold speakers) moves by ±0.01 by chance, and the speaker threshold
the training chooses on its open part jumps between 0.05 steps with one quote, so a change of a few
right speakers cannot be judged there alone.  This tool adds the train split: the open train articles
(those the shipped model learns from) in four folds by article, each fold's quotes made by a cue model
and a speaker model fitted on the other three (as ``marsad train attribution`` fits them: the cue
vocabulary read across folds, the previous speaker guessed by folds), with the shipped model's cue
thresholds; then the same two models fitted on the whole open train split, scored on every dev article.
Both are printed as the quote cues found (right / given / gold, P / R: the cue model's side, the same at
every speaker threshold), then the speakers given / right at every threshold from 0.30 to 0.70, the threshold that
maximises right − 1.5 × wrong, and the best recall at precision ≥ 0.85 and ≥ 0.86; the dev figures at
the threshold the training chooses (the lowest at which the folds' and the open dev articles' speakers
together reach ``--speaker-precision``, :mod:`marsad.train.speaker_folds`).  Only the cue and
speaker models are refitted (the other models are the shipped ones: quotes do not read them).  The
sealed test split is never read.

``--pool-corpora ud-pud,wojood,xquad --pool-parts cue[,speaker]``: those parts also learn from the open
encyclopaedic and mixed train articles, as ``marsad train attribution --pool-parts`` pools its parts (the cue
vocabulary is then read from them too); the folds are still scored on the open news train articles only.

    PYTHONPATH=src python tools/eval_speakers_cv.py [--gold gold] [--shared ../shared/data] [--folds 4]
        [--c 0.25] [--no-dev] [--no-cv] [--speaker-precision 0.855] [--pool-corpora C,...] [--pool-parts cue,speaker]
"""

from __future__ import annotations

from collections.abc import Sequence
from copy import deepcopy
from dataclasses import replace
from typing import Any

from marsad.attribution.learned.context import Context
from marsad.attribution.learned.extract import AttributionModels, rescore_quotes, shipped_models
from marsad.attribution.text import analyse
from marsad.cli.console import build_pipeline, pipeline_config
from marsad.cli.train_common import gold_tool_parser, open_gold_corpus
from marsad.document import Document
from marsad.evaluate.attribution import Scores, score_quotes
from marsad.evaluate.gold_corpus import Article
from marsad.train.attribution import (
    Examples,
    _cue_examples,
    best_threshold_binary,
    cue_vocabulary_of,
    fit_binary,
    fit_choice,
    gold_articles,
    speaker_groups_by_guess,
    speaker_threshold,
)
from marsad.train.speaker_folds import Given, cue_examples_of, precision_threshold

OPEN_CORPORA = {"anercorp", "ntrex128"}
POOL_PARTS = {"cue", "speaker"}
Analysed = tuple[Article, dict[str, Any], Document]
GRID = [round(0.3 + 0.025 * k, 3) for k in range(17)]
GUESS_FLOOR = 0.25  # a run at this threshold keeps every decision a higher threshold would keep, chains alike


def fit_quote_models(train: Sequence[Analysed], base: AttributionModels, c: float,
                     dev_open: Sequence[Analysed] = (), pooled: Sequence[str] = ()) -> AttributionModels:
    """The shipped models with a cue and a speaker model fitted on ``train`` as the training command
    fits them; thresholds chosen on ``dev_open`` as it does, else the shipped model's. ``pooled``: the
    parts (``cue``, ``speaker``) that learn from every article of ``train``; the others from its open
    news articles alone."""
    news = [x for x in train if x[0].corpus in OPEN_CORPORA]
    cue_train = train if "cue" in pooled else news
    vocabulary = cue_vocabulary_of([(a, g) for a, g, _ in cue_train])
    examples = cue_examples_of(cue_train)
    assert base.cue is not None
    cue = fit_binary([*examples.cue, *examples.cue_rules], c)
    cue.threshold, rules_threshold = base.cue.threshold, base.cue_threshold_rules
    if dev_open:
        dev = Examples()
        for _, gold, doc in dev_open:
            copy = deepcopy(doc)
            _cue_examples(Context(copy, analyse(copy)), gold.get("quotes", []), vocabulary, dev)
        cue.threshold, rules_threshold = best_threshold_binary(cue, dev.cue), best_threshold_binary(cue, dev.cue_rules)
    speaker = fit_choice(speaker_groups_by_guess(train if "speaker" in pooled else news, c), c)
    speaker.threshold = base.speaker.threshold
    models = replace(base, speaker=speaker, cue=cue, cue_vocabulary=vocabulary, cue_threshold_rules=rules_threshold,
                     cue_cache={}, _cue_filter=None)
    if dev_open:
        speaker.threshold = speaker_threshold(models, dev_open, 1.5)
    return models


def decided(models: AttributionModels, articles: Sequence[Analysed]) -> list[Analysed]:
    """The articles with their quotes and speakers as the models make them, every speaker from p 0.25
    kept with its confidence (a higher threshold is applied by :func:`curve`)."""
    out = []
    keep = models.speaker.threshold
    models.speaker.threshold = GUESS_FLOOR
    try:
        for article, gold, doc in articles:
            copy = deepcopy(doc)
            rescore_quotes(copy, models)
            out.append((article, gold, copy))
    finally:
        models.speaker.threshold = keep
    return out


def at_threshold(articles: Sequence[Analysed], t: float) -> Scores:
    scores = Scores()
    for article, gold, doc in articles:
        quotes = [q if q.speaker is None or float(q.speaker.get("confidence", 0.0)) >= t - 1e-9
                  else replace(q, speaker=None) for q in doc.quotes]
        score_quotes(article.text, gold.get("quotes", []), quotes, scores, [], article.id)
    return scores


def curve(name: str, articles: Sequence[Analysed], chosen: float | None = None) -> None:
    points = {t: at_threshold(articles, t).speakers for t in GRID}
    gold = next(iter(points.values())).gold
    quotes = at_threshold(articles, GRID[0]).quotes  # the quotes do not depend on the speaker threshold

    def cost(t: float) -> float:
        return points[t].correct - 1.5 * (points[t].predicted - points[t].correct)

    print(f"{name}: {len(articles)} articles, {gold} gold speakers; quotes {quotes.correct} right of "
          f"{quotes.predicted} given, {quotes.gold} gold (P {quotes.correct / max(quotes.predicted, 1):.3f} / "
          f"R {quotes.correct / max(quotes.gold, 1):.3f}); speakers given/right by threshold")
    print("  " + " ".join(f"{t}:{p.predicted}/{p.correct}" for t, p in points.items()))
    best = max(GRID, key=cost)
    line = f"  best right - 1.5 x wrong {cost(best):.1f} at {best}"
    for floor in (0.85, 0.86):
        ok = [t for t in GRID if points[t].predicted and points[t].correct / points[t].predicted >= floor]
        if ok:
            t = max(ok, key=lambda x: points[x].correct)
            line += f"; recall at P >= {floor}: {points[t].correct / gold:.3f} (at {t})"
    print(line)
    if chosen is not None:
        s = at_threshold(articles, chosen).speakers
        print(f"  at the chosen {chosen}: given {s.predicted}, right {s.correct}, "
              f"P {s.correct / max(s.predicted, 1):.3f} / R {s.correct / max(s.gold, 1):.3f}")


def main() -> None:
    parser = gold_tool_parser(__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=4)
    parser.add_argument("--c", type=float, default=0.25, help="Regularisation, as `marsad train attribution --c`.")
    parser.add_argument("--no-dev", action="store_true", help="Skip the dev curve.")
    parser.add_argument("--no-cv", action="store_true", help="Skip the train cross-validation.")
    parser.add_argument("--speaker-precision", type=float, default=0.855,
                        help="As `marsad train attribution --speaker-precision`.")
    parser.add_argument("--pool-corpora", default="",
                        help="Comma-separated corpora whose train articles the --pool-parts learn from too.")
    parser.add_argument("--pool-parts", default="cue", help="Comma-separated among cue, speaker.")
    args = parser.parse_args()
    pool = {c.strip() for c in args.pool_corpora.split(",") if c.strip()}
    parts = [p.strip() for p in args.pool_parts.split(",") if p.strip()] if pool else []
    if set(parts) - POOL_PARTS:
        raise SystemExit(f"--pool-parts takes {', '.join(sorted(POOL_PARTS))}, not {args.pool_parts!r}")
    base = shipped_models()
    if base is None or base.cue is None:
        raise SystemExit("no shipped attribution model with a cue model to start from")
    corpus = open_gold_corpus(args.gold, args.shared)
    pipeline = build_pipeline(pipeline_config(None, None, "rules"))
    train = [(a, g, pipeline(a.document())) for a, g in gold_articles(corpus, "train", OPEN_CORPORA | pool)]
    scored: list[Analysed] = []
    if not args.no_cv:
        for k in range(args.folds):
            models = fit_quote_models([x for i, x in enumerate(train) if i % args.folds != k], base, args.c,
                                      pooled=parts)
            scored.extend(decided(models, [x for i, x in enumerate(train)
                                           if i % args.folds == k and x[0].corpus in OPEN_CORPORA]))
        curve(f"open train, {args.folds} folds", scored)
    if not args.no_dev:
        dev = [(a, g, pipeline(a.document())) for a, g in gold_articles(corpus, "dev", None)]
        models = fit_quote_models(train, base, args.c, [x for x in dev if x[0].corpus in OPEN_CORPORA], parts)
        made = decided(models, dev)
        if scored:  # as the training chooses it: the folds' and the open dev articles' speakers pooled
            pooled = [*given_of(scored), *given_of([x for x in made if x[0].corpus in OPEN_CORPORA])]
            models.speaker.threshold = precision_threshold(pooled, args.speaker_precision)
        curve("dev (models fitted on the open train split, thresholds on its open dev articles"
              + (f" and the folds at precision {args.speaker_precision})" if scored else ")"),
              made, models.speaker.threshold)


def given_of(articles: Sequence[Analysed]) -> list[Given]:
    """The speakers of articles already decided (at the guess floor), judged as the scorer judges them."""
    out: list[Given] = []
    for article, gold, doc in articles:
        for q in doc.quotes:
            if q.speaker:
                scores = Scores()
                score_quotes(article.text, gold.get("quotes", []), [q], scores, [], article.id)
                out.append(Given(float(q.speaker.get("confidence", 0.0)), scores.speakers.correct == 1))
    return out


if __name__ == "__main__":
    main()
