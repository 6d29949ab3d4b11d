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
        [--folds 5] [--drop PREFIX ...] [--errors] [--model-only]

Each reading is the status stage's: the annotation guide's status where a rule of
``data/status_rules.yaml`` applies (a denial word, a condition, a future form, a possibility word right
before the event), else the model's, and an asserted reading becomes a claim where an "according to" phrase
closes the event's sentence (``attributed_after``, round 37); ``--model-only`` scores the model alone (the
figures before round 36).
``--drop pre=`` leaves out every feature starting with ``pre=`` (a feature group). ``--errors`` also
counts the wrong readings of train CV and of dev by class (:func:`error_class`: a claim read as the
outlet's, the outlet's background read as a claim, a modality with or without a scope word the
model saw). The sealed test split is never read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from marsad.attribution.learned.context import Context, bare, status_features, trigger_words
from marsad.attribution.learned.extract import event_candidates
from marsad.attribution.learned.linear import MulticlassModel, NestedModel
from marsad.attribution.learned.status_attributed import source_phrase_after
from marsad.attribution.learned.status_rules import guide_status
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
    # an "according to" phrase closes its sentence (data/status_rules.yaml, attributed_after): an asserted
    # reading becomes the phrase's party's claim, as the extraction decides it
    attributed: bool = False


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
                                    str(golds[k].get("status", "asserted")), statuses,
                                    source_phrase_after(ctx, cand.index) is not None))
    return items


def fit(items: Sequence[StatusItem], c: float) -> MulticlassModel | NestedModel:
    return fit_status([(list(item.features), item.status) for item in items], c)


def readings(model: MulticlassModel | NestedModel, items: Sequence[StatusItem], guide: bool = True) -> list[str]:
    """Each item's status as the extraction decides it: the guide's status where a rule of
    ``data/status_rules.yaml`` applies (unless ``--model-only``), else the model's likeliest — a claim where
    it reads the event as asserted but an "according to" phrase closes its sentence."""
    out: list[str] = []
    for item in items:
        guided = guide_status(item.features) if guide else None
        if guided is not None:
            out.append(guided)
            continue
        probs = model.probabilities(item.features)
        status = max(probs, key=probs.__getitem__)
        out.append("claimed" if guide and status == "asserted" and item.attributed else status)
    return out


def count_right(statuses: Sequence[str], items: Sequence[StatusItem]) -> int:
    """How many of ``statuses`` (one per item) are one of their item's gold statuses."""
    return sum(status in item.statuses for status, item in zip(statuses, items, strict=True))


def right(model: MulticlassModel | NestedModel, items: Sequence[StatusItem], guide: bool = True) -> int:
    """How many items the status stage reads with one of their gold statuses."""
    return count_right(readings(model, items, guide), items)


def cross_validated_readings(items: Sequence[StatusItem], c: float, folds: int, guide: bool = True) -> list[str]:
    """Each item's reading by a model fitted on the other folds of articles."""
    order = {a: i % folds for i, a in enumerate(sorted({item.article for item in items}))}
    out = [""] * len(items)
    for k in range(folds):
        model = fit([item for item in items if order[item.article] != k], c)
        held = [i for i, item in enumerate(items) if order[item.article] == k]
        for i, status in zip(held, readings(model, [items[i] for i in held], guide), strict=True):
            out[i] = status
    return out


def cross_validated(items: Sequence[StatusItem], c: float, folds: int, guide: bool = True) -> int:
    """Items right when each fold of articles is read by a model fitted on the other folds."""
    return count_right(cross_validated_readings(items, c, folds, guide), items)


# The outlet's own background (يذكر أن, وكان): asserted, whoever it mentions (the annotation guide).
BACKGROUND_WORDS = frozenset(bare(w) for w in ("يذكر", "يشار", "وكان"))
MODALITY_SCOPES = {"planned": ("intention", "future"), "denied": ("negation",),
                   "hypothetical": ("condition", "possibility", "warning", "purpose", "necessity")}


def error_class(features: Sequence[str], gold: str, reading: str) -> str:
    """The class of a wrong reading, from what the status model saw: whether the event stood in a
    quote, under an accusation or demand, after a reporting word and its أن, after the outlet's
    background words, and whether a scope word of the gold modality was in its window."""
    feats = set(features)
    scopes = {f.split("=", 1)[1] for f in feats if f.startswith("in-scope=")}
    if feats & {"self=future", "after=future", "when=future"}:  # a future form or time word, not only a word before it
        scopes.add("future")
    if gold == "claimed" and reading == "asserted":
        if "inquote" in feats:
            return "claim in a quote read as asserted"
        if scopes & {"allegation", "necessity"} or any(f.startswith("scoped-by=") for f in feats):
            return "claim under an accusation or demand read as asserted"
        if any(f.startswith("reported-clause=") for f in feats):
            return "claim after a reporting word and أن (no quote made) read as asserted"
        return "claim without a reporting frame in its sentence read as asserted"
    if gold == "asserted" and reading == "claimed":
        if feats & {f"pre={w}" for w in BACKGROUND_WORDS}:
            return "outlet's background (يذكر أن, وكان) read as claimed"
        if "inquote" in feats:
            return "asserted event in a quote read as claimed"
        return "asserted read as claimed, no quote"
    if gold in MODALITY_SCOPES:
        cue = "with" if scopes & set(MODALITY_SCOPES[gold]) else "without"
        return f"{gold} read as {reading}, {cue} a scope word of its kind"
    return f"{gold} read as {reading}"


def print_errors(title: str, items: Sequence[StatusItem], statuses: Sequence[str]) -> None:
    """The wrong readings by class, most frequent first (gold: the item's own mention's status)."""
    wrong = Counter(error_class(item.features, item.status, status)
                    for item, status in zip(items, statuses, strict=True) if status not in item.statuses)
    print(f"{title}: {sum(wrong.values())} wrong")
    for label, count in wrong.most_common():
        print(f"  {count:5d}  {label}")


def main() -> None:
    parser = gold_tool_parser(__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--c", type=float, default=0.25)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--drop", action="append", default=[], help="Leave out the features with this prefix.")
    parser.add_argument("--errors", action="store_true", help="Count the wrong readings by class.")
    parser.add_argument("--model-only", action="store_true",
                        help="The model alone, without the guide's rules of data/status_rules.yaml.")
    args = parser.parse_args()
    guide = not args.model_only
    corpus = open_gold_corpus(args.gold, args.shared)
    train_articles = gold_articles(corpus, "train", set(OPEN | POOLED))
    vocabulary = vocabulary_of(train_articles)
    train = status_items([a for a in train_articles if a[0].corpus in OPEN], vocabulary, args.drop)
    dev = status_items(gold_articles(corpus, "dev", None), vocabulary, args.drop)
    model = fit(train, args.c)
    news = [item for item in dev if item.corpus in NEWS]
    cv_readings = cross_validated_readings(train, args.c, args.folds, guide)
    cv = count_right(cv_readings, train)
    all_right, news_right = right(model, dev, guide), right(model, news, guide)
    print(f"dev (all) {all_right}/{len(dev)} = {all_right / max(1, len(dev)):.4f}   "
          f"news dev {news_right}/{len(news)} = {news_right / max(1, len(news)):.4f}   "
          f"train CV ({args.folds} folds) {cv}/{len(train)} = {cv / max(1, len(train)):.4f}")
    if args.errors:
        print_errors(f"train CV ({args.folds} folds)", train, cv_readings)
        print_errors("dev (all)", dev, readings(model, dev, guide))


if __name__ == "__main__":
    main()
