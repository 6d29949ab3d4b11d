"""The status model alone: refit on the open train split, scored on dev and by cross-validation on train.

End to end (``marsad eval events``) a status feature is judged on the ~190 dev events the learned layer
matches, where one event is 0.005; this tool judges the status model on every gold event a candidate
word covers (about 540 dev and 1,630 open train events) and in folds by article over the train split,
so a feature or a setting is measured on three times the events before the whole model is retrained.

For each gold-matched candidate the status features are made as ``marsad train attribution`` makes
them (the rules' analysis of the article; the trigger vocabulary of the train articles, pooled corpora
included), and the nested status model (:func:`marsad.train.attribution.fit_status`) is fitted on the
open train corpora's examples. A prediction is right when its status is one of the statuses of the gold
event's mentions, as ``marsad eval events`` counts it.

    PYTHONPATH=src python tools/status_cv.py [--gold gold] [--shared ../shared/data] [--c 0.25]
        [--folds 5] [--drop PREFIX ...]

``--drop pre=`` leaves out every feature starting with ``pre=`` (a feature group). The sealed test
split is never read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from marsad.attribution.learned.context import Context, status_features, trigger_words
from marsad.attribution.learned.extract import event_candidates
from marsad.attribution.learned.linear import MulticlassModel, NestedModel
from marsad.attribution.text import analyse
from marsad.cli.console import build_pipeline, pipeline_config
from marsad.cli.train_common import gold_tool_parser, open_gold_corpus
from marsad.evaluate.gold_corpus import Article
from marsad.evaluate.matching import cluster_of
from marsad.train.attribution import (
    _gold_event_for,
    _synthetic_event,
    fit_status,
    gold_articles,
    vocabulary_of,
)

OPEN = frozenset({"anercorp", "ntrex128"})  # the corpora the shipped status model learns from
POOLED = frozenset({"ud-pud", "wojood", "xquad"})  # read for the trigger vocabulary only (the shipped recipe)
NEWS = frozenset({"anercorp", "ntrex128", "saudinewsnet"})


@dataclass(frozen=True, slots=True)
class StatusItem:
    article: str
    corpus: str
    features: tuple[str, ...]
    status: str  # the gold mention's own status (the training label)
    statuses: frozenset[str]  # every status of the gold event's mentions (a prediction among them is right)


def without(features: Sequence[str], drop: Sequence[str]) -> tuple[str, ...]:
    return tuple(f for f in features if not f.startswith(tuple(drop)))


def status_items(articles: Sequence[tuple[Article, dict[str, Any]]], vocabulary: dict[str, tuple[str, ...]],
                 drop: Sequence[str] = ()) -> list[StatusItem]:
    """One item per candidate word that covers a gold event's trigger, as the trainer makes them."""
    pipeline = build_pipeline(pipeline_config(None, None, "rules"))
    words = trigger_words(vocabulary)
    items: list[StatusItem] = []
    for article, gold in articles:
        doc = pipeline(article.document())
        ctx = Context(doc, analyse(doc))
        golds = gold.get("events", [])
        for cand in event_candidates(ctx, words, check=True):
            k = _gold_event_for(ctx, cand, golds)
            if k is None:
                continue
            cand.type = str(golds[k]["type"])
            event = cand.rule or _synthetic_event(ctx, cand)
            statuses = frozenset(str(m.get("status", "asserted")) for m in cluster_of(golds, k))
            items.append(StatusItem(article.id, article.corpus, without(status_features(ctx, event, cand.index), drop),
                                    str(golds[k].get("status", "asserted")), statuses))
    return items


def fit(items: Sequence[StatusItem], c: float) -> MulticlassModel | NestedModel:
    return fit_status([(list(item.features), item.status) for item in items], c)


def right(model: MulticlassModel | NestedModel, items: Sequence[StatusItem]) -> int:
    """How many items the model reads with one of their gold statuses."""
    count = 0
    for item in items:
        probs = model.probabilities(item.features)
        count += max(probs, key=probs.__getitem__) in item.statuses
    return count


def cross_validated(items: Sequence[StatusItem], c: float, folds: int) -> int:
    """Items right when each fold of articles is read by a model fitted on the other folds."""
    order = {a: i % folds for i, a in enumerate(sorted({item.article for item in items}))}
    count = 0
    for k in range(folds):
        model = fit([item for item in items if order[item.article] != k], c)
        count += right(model, [item for item in items if order[item.article] == k])
    return count


def main() -> None:
    parser = gold_tool_parser(__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--c", type=float, default=0.25)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--drop", action="append", default=[], help="Leave out the features with this prefix.")
    args = parser.parse_args()
    corpus = open_gold_corpus(args.gold, args.shared)
    train_articles = gold_articles(corpus, "train", set(OPEN | POOLED))
    vocabulary = vocabulary_of(train_articles)
    train = status_items([a for a in train_articles if a[0].corpus in OPEN], vocabulary, args.drop)
    dev = status_items(gold_articles(corpus, "dev", None), vocabulary, args.drop)
    model = fit(train, args.c)
    news = [item for item in dev if item.corpus in NEWS]
    cv = cross_validated(train, args.c, args.folds)
    print(f"dev (all) {right(model, dev)}/{len(dev)} = {right(model, dev) / max(1, len(dev)):.4f}   "
          f"news dev {right(model, news)}/{len(news)} = {right(model, news) / max(1, len(news)):.4f}   "
          f"train CV ({args.folds} folds) {cv}/{len(train)} = {cv / max(1, len(train)):.4f}")


if __name__ == "__main__":
    main()
