"""Event coreference tried as a pairwise model over the events the trained models keep (issue 12).

The shipped merge (``extract.merge_mentions``) asks the coreference model about trigger words only
(same stem or root, distance, a demonstrative or the article on the later word) and merges a later
event into an earlier one of its type when their actors and targets do not contradict (or, where
they do, from the model file's ``threshold_conflicting``). This tool measures the alternative: a
logistic-regression model over *pairs of kept events*, with what the models chose for each mention
compared (actors, targets, places, statuses and sources: the same dictionary id, the same folded
phrase, one inside the other, a word in common, the two parties of a visit named the other way
round), how many events of the type stand between them, the trigger models' confidences; the pairs
are labelled by the gold ``same_as`` clusters, and the events are merged greedily from the likeliest
pair.

Both are scored as ``marsad eval events`` scores them:

* on the train split (open corpora), honestly: four folds by article; each fold's events are kept by
  trigger, argument and status models fitted on the other three folds, and merged by coreference
  models fitted on the other folds' pairs;
* on the dev split (all corpora), with the shipped models, the pair model fitted on all the
  cross-fitted train pairs.

    PYTHONPATH=src python tools/eval_event_coref.py [--gold gold] [--shared ../shared/data]

The sealed test split is never read. Prints one line per variant: type F1, type+actor F1, actor
right and duplicates on the train folds and on dev.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from copy import deepcopy
from dataclasses import dataclass, replace
from typing import Any

from marsad.attribution.learned.context import Context, bare, bucket, coref_features
from marsad.attribution.learned.extract import (
    AttributionModels,
    _compatible,
    decide_events,
    merge_mentions,
    rescore_quotes,
    shipped_models,
)
from marsad.attribution.learned.linear import BinaryModel
from marsad.attribution.text import analyse
from marsad.cli.console import build_pipeline, pipeline_config
from marsad.cli.train_common import gold_tool_parser, open_gold_corpus
from marsad.document import Document, Event
from marsad.evaluate.attribution import Scores, score_events
from marsad.evaluate.gold_corpus import Article
from marsad.evaluate.matching import cluster_root, gold_span, overlaps
from marsad.text.normalize import normalize
from marsad.train.attribution import (
    TRIGGER_LABELS,
    Examples,
    examples_from_article,
    fit_binary,
    fit_choice,
    fit_multiclass,
    fit_status,
    gold_articles,
)

Kept = tuple[int, Event]
Merge = Callable[[Context, list[Kept]], list[Event]]
OPEN = {"anercorp", "ntrex128"}
FOLDS = 4


# -- pair features -------------------------------------------------------------------------
def _words(arg: dict[str, Any]) -> set[str]:
    return {bare(w) for w in normalize(str(arg.get("text", ""))).split() if len(bare(w)) >= 3}


def relation(x: dict[str, Any] | None, y: dict[str, Any] | None) -> str:
    if not x and not y:
        return "none"
    if not x or not y:
        return "absent"
    if x.get("id") and x.get("id") == y.get("id"):
        return "id"
    a, b = bare(normalize(str(x.get("text", "")))), bare(normalize(str(y.get("text", ""))))
    if a == b:
        return "same"
    if a and b and (a in b or b in a):
        return "inside"
    return "word" if _words(x) & _words(y) else "different"


AGREE = frozenset({"id", "same", "inside", "word"})


def _place(a: Event, b: Event) -> str:
    if not a.place and not b.place:
        return "none"
    if not a.place or not b.place:
        return "absent"
    same = (a.place.get("id") or a.place.get("name")) == (b.place.get("id") or b.place.get("name"))
    return "same" if same else "different"


def _conf(p: float | None) -> str:
    return "none" if p is None else "low" if p < 0.4 else "mid" if p < 0.7 else "high"


def pair_features(ctx: Context, first: Kept, later: Kept, between: int, arguments: bool = True) -> list[str]:
    (i, a), (j, b) = first, later
    t = a.type
    feats = coref_features(ctx, i, j, t)
    share = next(f for f in feats if f.startswith("share="))
    same_sentence = ctx.tokens[i].sentence == ctx.tokens[j].sentence
    feats += [f"place={_place(a, b)}",
              f"source={'outlet' if not a.source and not b.source else relation(a.source, b.source)}",
              f"status={a.status}>{b.status}", f"same-status={a.status == b.status}",
              f"between={bucket(between)}", f"{share}|between={bucket(between)}",
              f"same-sentence={same_sentence}", f"same-sentence={same_sentence}|{share}",
              f"wdist={bucket((j - i) // 5)}"]
    if arguments:
        rel = {role: relation(getattr(a, role), getattr(b, role)) for role in ("actor", "target")}
        crossed = relation(a.actor, b.target) in AGREE or relation(a.target, b.actor) in AGREE
        feats += [f"actor={rel['actor']}", f"target={rel['target']}", f"actor={rel['actor']}|target={rel['target']}",
                  f"t={t}|actor={rel['actor']}", f"t={t}|target={rel['target']}", f"{share}|actor={rel['actor']}",
                  f"crossed={crossed}", f"t={t}|crossed={crossed}",
                  f"later-conf={_conf(b.confidence)}", f"first-conf={_conf(a.confidence)}"]
    return feats


def same_type_pairs(kept: Sequence[Kept]) -> Iterator[tuple[int, int, int]]:
    for m, later in enumerate(kept):
        between = 0
        for k in range(m - 1, -1, -1):
            if kept[k][1].type != later[1].type or kept[k][0] == later[0]:
                continue
            yield k, m, between
            between += 1


def unique_triggers(kept: Sequence[Kept]) -> list[Kept]:
    seen: set[tuple[str, int]] = set()
    out = []
    for index, event in kept:
        if (event.type, index) not in seen:
            seen.add((event.type, index))
            out.append((index, event))
    return out


def greedy_merge(kept: Sequence[Kept], probs: dict[tuple[int, int], float], threshold: float) -> list[Event]:
    """Union from the likeliest pair down to ``threshold``; each group is its first mention's event."""
    group = list(range(len(kept)))

    def root(k: int) -> int:
        while group[k] != k:
            k = group[k]
        return k

    for (k, m), p in sorted(probs.items(), key=lambda item: (-item[1], item[0])):
        if p < threshold:
            break
        rk, rm = root(k), root(m)
        if rk != rm:
            group[max(rk, rm)] = min(rk, rm)
    events: dict[int, Event] = {}
    for k, (_, event) in enumerate(kept):
        r = root(k)
        if r not in events:
            events[r] = event
            continue
        first = events[r]
        first.mentions.append({key: event.trigger[key] for key in ("start", "end", "text")})
        for role in ("actor", "target", "place"):
            if getattr(first, role) is None and getattr(event, role) is not None:
                setattr(first, role, getattr(event, role))
    return list(events.values())


# -- runs, pairs, scores ---------------------------------------------------------------------
@dataclass(slots=True)
class Run:
    text: str
    golds: list[dict[str, Any]]
    ctx: Context
    kept: list[Kept]


def runs_of(models: AttributionModels, documents: Sequence[tuple[Article, dict[str, Any], Document]]) -> list[Run]:
    out = []
    for article, gold, doc in documents:
        copy = deepcopy(doc)
        rescore_quotes(copy, models)
        ctx = Context(copy, analyse(copy))
        out.append(Run(article.text, list(gold.get("events", [])), ctx, unique_triggers(decide_events(ctx, models))))
    return out


def _cluster(golds: Sequence[dict[str, Any]], event: Event) -> int | None:
    span = (int(event.trigger["start"]), int(event.trigger["end"]))
    for k, g in enumerate(golds):
        if str(g.get("type")) == event.type and overlaps(gold_span(g.get("trigger")), span):
            return cluster_root(golds, k)
    return None


def pair_rows(runs: Sequence[Run], arguments: bool) -> list[tuple[list[str], bool]]:
    """Pairs of kept events that both match a gold event: one event when they match one cluster."""
    rows = []
    for run in runs:
        clusters = [_cluster(run.golds, event) for _, event in run.kept]
        rows += [(pair_features(run.ctx, run.kept[k], run.kept[m], b, arguments), clusters[k] == clusters[m])
                 for k, m, b in same_type_pairs(run.kept) if clusters[k] is not None and clusters[m] is not None]
    return rows


def pair_merge(model: BinaryModel, arguments: bool, threshold: float, conflicting: float) -> Merge:
    def merge(ctx: Context, kept: list[Kept]) -> list[Event]:
        probs = {}
        for k, m, b in same_type_pairs(kept):
            p = model.probability(pair_features(ctx, kept[k], kept[m], b, arguments))
            probs[(k, m)] = p if _compatible(kept[k][1], kept[m][1]) or p >= conflicting else 0.0
        return greedy_merge(kept, probs, threshold)
    return merge


def score(runs: Sequence[Run], merges: Sequence[Merge]) -> str:
    """Each run merged by ``merges[i % len(merges)]`` (its fold's), scored together."""
    scores = Scores()
    for i, run in enumerate(runs):
        kept = [(index, deepcopy(event)) for index, event in run.kept]
        score_events(run.text, run.golds, merges[i % len(merges)](run.ctx, kept), scores, [], "")
    dup = scores.duplicates
    return (f"type F1 {scores.events_type.f1:.4f}  type+actor F1 {scores.events_actor.f1:.4f}  "
            f"actor right {scores.actor_right.value:.3f}  duplicates {dup.right}/{dup.total} = {dup.value:.3f}")


def main() -> None:
    parser = gold_tool_parser(__doc__.splitlines()[0])
    args = parser.parse_args()
    corpus = open_gold_corpus(args.gold, args.shared)
    rules = build_pipeline(pipeline_config(None, None, "rules"))
    train = [(a, g, rules(a.document())) for a, g in gold_articles(corpus, "train", OPEN)]
    dev = [(a, g, rules(a.document())) for a, g in gold_articles(corpus, "dev", None)]
    models = shipped_models()
    per = []
    for article, gold, doc in train:
        out = Examples()
        examples_from_article(article, gold, deepcopy(doc), out, models.vocabulary, models.cue_vocabulary)
        per.append(out)
    runs: list[Run | None] = [None] * len(train)
    old_corefs = []
    for k in range(FOLDS):
        rest = [o for i, o in enumerate(per) if i % FOLDS != k]
        argument = fit_choice([g for o in rest for g in o.argument], 0.25)
        argument.threshold = models.argument.threshold
        fold_models = replace(models, argument=argument, hint_cache={},
                              trigger=fit_multiclass([r for o in rest for r in o.trigger], 0.25, TRIGGER_LABELS),
                              status=fit_status([r for o in rest for r in o.status], 0.25))
        mine = [i for i in range(len(train)) if i % FOLDS == k]
        for i, run in zip(mine, runs_of(fold_models, [train[i] for i in mine]), strict=True):
            runs[i] = run
        fold_coref = fit_binary([r for o in rest for r in o.coref], 0.25)
        if models.coref is not None:  # merged at the shipped model's threshold, as a run merges
            fold_coref.threshold = models.coref.threshold
        old_corefs.append(fold_coref)
    train_runs = [run for run in runs if run is not None]
    dev_runs = runs_of(models, dev)

    def old(coref: BinaryModel) -> Merge:
        return lambda ctx, kept: merge_mentions(ctx, kept, coref, models.coref_threshold_conflicting)

    print(f"{'shipped merge':34s} train folds: {score(train_runs, [old(m) for m in old_corefs])}")
    print(f"{'':34s} dev:         {score(dev_runs, [old(models.coref) if models.coref else old(BinaryModel({}, 0.0))])}")
    for arguments in (True, False):
        fold_pairs = [fit_binary(pair_rows([r for i, r in enumerate(train_runs) if i % FOLDS != k], arguments), 0.1)
                      for k in range(FOLDS)]
        full = fit_binary(pair_rows(train_runs, arguments), 0.1)
        for threshold in (0.3, 0.4, 0.5, 0.6):
            name = f"pairs{' + arguments' if arguments else ''}, from p {threshold}"
            print(f"{name:34s} train folds: "
                  f"{score(train_runs, [pair_merge(m, arguments, threshold, 0.7) for m in fold_pairs])}")
            print(f"{'':34s} dev:         {score(dev_runs, [pair_merge(full, arguments, threshold, 0.7)])}")


if __name__ == "__main__":
    main()
