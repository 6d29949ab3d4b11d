"""Duplicate events and wrongly merged events by class, on dev and out of fold (issue 12).

A duplicate is what ``marsad eval events`` counts as one: a predicted event that repeats the type and trigger
of an earlier one, or meets a gold cluster (an event and its ``same_as`` re-mentions) another prediction
already matched. Each is classed by where its two mentions stand and what their words are, and by why the
merge (``extract.merge_mentions``) kept them apart. The opposite error is counted too: an output event whose
mentions meet two or more distinct gold events of its type (distinct events wrongly merged).

Two sets of articles are read, each with the models that never learned from it:

* dev (all corpora) with the shipped model (or ``--model``);
* with ``--folds DIR``: the held-out outer folds of ``tools/refit_cv.py`` (train and dev articles of the fold,
  SaudiNewsNet scored only), each with the fold's recipe-A model ``DIR/A-k.json``, as the shipped model would
  do on unseen text. ``--cache`` is ``refit_cv``'s pickle of the rules' analysis (read only).

The kept events of every article are decided once; each merge variant (``--variants``) is then applied to the
same kept events and scored, so the variants differ only in the merge.

    PYTHONPATH=src python tools/duplicate_classes.py --gold gold --shared ../shared/data
        [--folds DIR --cache RULES.pkl] [--variants base ...] [--list]

The sealed test split is never read.
"""

from __future__ import annotations

import argparse
import pickle
from collections import Counter
from collections.abc import Callable, Sequence
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marsad.attribution.learned import extract
from marsad.attribution.learned.context import Context, clitic, coref_features
from marsad.attribution.learned.extract import (
    AttributionModels,
    decide_events,
    load_models,
    merge_mentions,
    rescore_quotes,
    shipped_models,
    stage_context,
)
from marsad.attribution.learned.parties import one_party
from marsad.cli.console import build_pipeline, pipeline_config
from marsad.cli.train_common import open_gold_corpus
from marsad.document import Document, Event
from marsad.evaluate.attribution import Scores, _clusters, _match_events, annotated_articles, score_events
from marsad.evaluate.matching import cluster_root, gold_span, overlaps
from marsad.train.refit import outer_fold

Kept = tuple[int, Event]
Merge = Callable[[Context, list[Kept], AttributionModels], list[Event]]
NEWS = ("anercorp", "ntrex128", "saudinewsnet")
# the corpora refit_cv's folds learn from or score (its OPEN_CORPORA, POOL_CORPORA and the unseen outlet)
FOLD_CORPORA = frozenset({"anercorp", "ntrex128", "ud-pud", "wojood", "xquad", "saudinewsnet"})


@dataclass
class Run:
    """One article's kept events (before merging), with what the merge and the scorer read."""

    corpus: str
    article: str
    text: str
    golds: list[dict[str, Any]]
    ctx: Context
    kept: list[Kept]
    models: AttributionModels


def decided(models: AttributionModels, article: Any, gold: dict[str, Any], doc: Document) -> Run:
    copy = deepcopy(doc)
    rescore_quotes(copy, models)
    ctx = stage_context(copy)
    return Run(article.corpus, article.id, article.text, list(gold.get("events", [])), ctx,
               decide_events(ctx, models), models)


def shipped_merge(ctx: Context, kept: list[Kept], models: AttributionModels) -> list[Event]:
    return merge_mentions(ctx, kept, models.coref, models.coref_threshold_conflicting)


# -- the classes ----------------------------------------------------------------------------
def _spans(event: Event) -> list[tuple[int, int]]:
    spans = [(int(event.trigger["start"]), int(event.trigger["end"]))]
    spans += [(int(m["start"]), int(m["end"])) for m in event.mentions or [] if "start" in m]
    return spans


def _clusters_met(golds: Sequence[dict[str, Any]], event: Event) -> set[int]:
    roots = set()
    for k, g in enumerate(golds):
        span = gold_span(g.get("trigger"))
        if str(g.get("type")) == event.type and span and any(overlaps(span, s) for s in _spans(event)):
            roots.add(cluster_root(golds, k))
    return roots


def _token(ctx: Context, event: Event) -> int:
    span = ctx.token_span(int(event.trigger["start"]), int(event.trigger["end"]))
    return span[0] if span else 0


def _in_quote(ctx: Context, event: Event) -> bool:
    start = int(event.trigger["start"])
    return any(s <= start < e for s, e, _ in ctx.quote_contents)


def where(ctx: Context, first: Event, later: Event) -> str:
    """Where the two mentions stand: one repeats the other in a quote, the headline or lede retold, the
    same sentence (a coordination ``الغارات والبراميل`` when only ``و`` stands between), or body and body."""
    a, b = _token(ctx, first), _token(ctx, later)
    sa, sb = ctx.tokens[a].sentence, ctx.tokens[b].sentence
    if sa == sb:
        between = [t for t in ctx.tokens[a + 1:b] if t.is_word]
        if not between and ctx.tokens[b].form.startswith("و"):
            return "coordination"
        return "same sentence"
    if _in_quote(ctx, first) != _in_quote(ctx, later):
        return "a quote repeating the narrative"
    if min(sa, sb) <= 1:
        return "headline or lede and body"
    return "body and body"


def words(ctx: Context, first: Event, later: Event) -> str:
    """What the two trigger words are: the same word, the same stem, shared root letters, a noun
    re-mention (the article or a demonstrative on the later word), another word."""
    a, b = _token(ctx, first), _token(ctx, later)
    if first.trigger["text"] == later.trigger["text"]:
        return "the same word"
    feats = coref_features(ctx, a, b, later.type)
    share = next(f for f in feats if f.startswith("share="))
    if share == "share=stem":
        return "the same stem"
    definite = "ال" in clitic(ctx.tokens[b].form) or any(f.startswith("mark=") for f in feats)
    if definite:
        return "a noun re-mention" + (" (shared letters)" if share == "share=root" else " (another word)")
    return "shared letters" if share == "share=root" else "another word"


def why_apart(run: Run, first: Event, later: Event) -> str:
    """Why the merge kept the two apart: the same trigger twice, the coreference probability under the
    model's threshold, or the arguments contradicting (the actors, the targets alone) under the higher one."""
    models, ctx = run.models, run.ctx
    if _spans(first)[0] == _spans(later)[0]:
        return "the same trigger twice"
    coref = models.coref
    if coref is None:
        return "no coreference model"
    index = {int(event.trigger["start"]): k for k, event in run.kept}  # the candidate token of each trigger
    b = index.get(_spans(later)[0][0], _token(ctx, later))
    firsts = [index.get(s, _token(ctx, first)) for s, _ in _spans(first)]
    p = max(coref.probability(coref_features(ctx, a, b, later.type)) for a in firsts)
    near = any(abs(ctx.tokens[a].sentence - ctx.tokens[b].sentence) <= extract.NEAR_SENTENCES for a in firsts)
    if extract._compatible(first, later) or near:
        return f"p under the threshold ({p:.3f} < {coref.threshold:.2f})"
    actors = not (not first.actor or not later.actor or one_party(first.actor, later.actor))
    return f"{'the actors' if actors else 'the targets alone'} differ (p {p:.2f})"


@dataclass
class Tally:
    scores: Scores
    duplicates: list[tuple[str, str, str, str]]  # where, words, why, an example line
    wrong_merges: list[str]


def scored(runs: Sequence[Run], merge: Merge) -> Tally:
    tally = Tally(Scores(), [], [])
    for run in runs:
        kept = [(index, deepcopy(event)) for index, event in run.kept]
        events = merge(run.ctx, kept, run.models)
        before = tally.scores.duplicates.right
        score_events(run.text, run.golds, events, tally.scores, [], "")
        if tally.scores.duplicates.right > before:
            tally.duplicates += duplicate_rows(run, events)
        tally.wrong_merges += wrong_merges(run, events)
    return tally


def wrong_merges(run: Run, events: Sequence[Event]) -> list[str]:
    """Output events whose merged mentions meet gold events (clusters) of their type that their first
    trigger does not, and that no output event matches: distinct events lost to a merge."""
    clusters = _clusters(run.golds)
    matched = set(_match_events(run.text, clusters, events).values())
    roots = list(dict.fromkeys(cluster_root(run.golds, k) for k in range(len(run.golds))))  # _clusters' order
    lost_roots = {roots[c] for c in range(len(clusters)) if c not in matched}
    out = []
    for event in events:
        main = _clusters_met(run.golds, _first_only(event))
        lost = (_clusters_met(run.golds, event) - main) & lost_roots
        if event.mentions and lost and main:
            out.append(f"{run.article}: {event.type} «{event.trigger['text']}» ({(event.actor or {}).get('text')})"
                       f" + {[m['text'] for m in event.mentions]}: {len(lost)} gold event(s) lost")
    return out


def _first_only(event: Event) -> Event:
    copy = deepcopy(event)
    copy.mentions = []
    return copy


def duplicate_rows(run: Run, events: Sequence[Event]) -> list[tuple[str, str, str, str]]:
    """The classes of the article's duplicates: each later event paired with the earlier one that meets
    the same gold cluster (or has its type and trigger)."""
    rows = []
    met = [_clusters_met(run.golds, e) for e in events]
    for j, later in enumerate(events):
        for i in range(j):
            first = events[i]
            same_trigger = first.type == later.type and _spans(first)[0] == _spans(later)[0]
            if same_trigger or (first.type == later.type and met[i] & met[j]):
                line = (f"{run.article} {later.type}: «{first.trigger['text']}» "
                        f"({(first.actor or {}).get('text')}) … «{later.trigger['text']}» "
                        f"({(later.actor or {}).get('text')})")
                rows.append((where(run.ctx, first, later), words(run.ctx, first, later),
                             why_apart(run, first, later), line))
                break
    return rows


def figures(tally: Tally) -> str:
    s = tally.scores
    return (f"type F1 {s.events_type.f1:.4f}  type+actor F1 {s.events_actor.f1:.4f}  status "
            f"{s.status_right.right}/{s.status_right.total}  duplicates {s.duplicates.right}/{s.duplicates.total}"
            f" = {s.duplicates.value:.3f}  wrongly merged {len(tally.wrong_merges)}")


def report(name: str, runs: Sequence[Run], merges: dict[str, Merge], show: bool) -> None:
    for group, wanted in (("all", None), ("news", NEWS)):
        chosen = [r for r in runs if wanted is None or r.corpus in wanted]
        for variant, merge in merges.items():
            tally = scored(chosen, merge)
            print(f"{name:5s} {group:4s} {variant:24s} {figures(tally)}", flush=True)
            if show and group == "all" and variant == next(iter(merges)):
                for label, key in (("where", 0), ("words", 1), ("why apart", 2)):
                    counted = Counter(row[key].split(" (")[0] if key == 2 else row[key] for row in tally.duplicates)
                    print(f"    by {label}: " + "; ".join(f"{k} {n}" for k, n in counted.most_common()))
                for row in tally.duplicates:
                    print(f"    {row[0]} | {row[1]} | {row[2]} | {row[3]}")
                for line in tally.wrong_merges:
                    print(f"    wrongly merged: {line}")


def patched(**values: Any) -> Merge:
    """The shipped merge with some of ``extract``'s merge constants set otherwise (for the run only)."""
    def merge(ctx: Context, kept: list[Kept], models: AttributionModels) -> list[Event]:
        saved = {name: getattr(extract, name) for name in values}
        try:
            for name, value in values.items():
                setattr(extract, name, value)
            return shipped_merge(ctx, kept, models)
        finally:
            for name, value in saved.items():
                setattr(extract, name, value)
    return merge


def at_thresholds(coref: float | None = None, conflicting: float | None = None) -> Merge:
    """The shipped merge with the model's coreference threshold (or the conflicting one) set otherwise."""
    def merge(ctx: Context, kept: list[Kept], models: AttributionModels) -> list[Event]:
        model = models.coref
        if model is None:
            return shipped_merge(ctx, kept, models)
        saved = model.threshold
        try:
            model.threshold = saved if coref is None else coref
            return merge_mentions(ctx, kept, model, models.coref_threshold_conflicting if conflicting is None
                                  else conflicting)
        finally:
            model.threshold = saved
    return merge


VARIANTS: dict[str, Merge] = {
    "base": shipped_merge,
    # a mention in a quote and one outside it (agreeing arguments) merge from QUOTE_RETOLD_THRESHOLD (0.15)
    "quote-off": patched(QUOTE_RETOLD_THRESHOLD=1.0),
    "quote-0.1": patched(QUOTE_RETOLD_THRESHOLD=0.1),
    "quote-0.2": patched(QUOTE_RETOLD_THRESHOLD=0.2),
    "target-0.7": patched(TARGET_CONFLICT_THRESHOLD=0.7),
    "target-0.55": patched(TARGET_CONFLICT_THRESHOLD=0.55),
    "near-0": patched(NEAR_SENTENCES=0),
    "floor-0.3": patched(MERGE_ARGUMENT_FLOOR=0.3),
    "floor-0.5": patched(MERGE_ARGUMENT_FLOOR=0.5),
    "coref-0.15": at_thresholds(coref=0.15),
    "coref-0.2": at_thresholds(coref=0.2),
    "coref-0.25": at_thresholds(coref=0.25),
    "coref-0.35": at_thresholds(coref=0.35),
    "coref-0.3": at_thresholds(coref=0.3),
    "conflicting-0.6": at_thresholds(conflicting=0.6),
    "conflicting-0.8": at_thresholds(conflicting=0.8),
}


def dev_runs(corpus: Any, model: AttributionModels) -> list[Run]:
    rules = build_pipeline(pipeline_config(None, None, "rules"))
    return [decided(model, a, g, rules(a.document())) for a, g in annotated_articles(corpus, "dev", [])]


def fold_runs(corpus: Any, folds: Path, cache: Path | None, k_folds: int) -> list[Run]:
    docs: dict[str, Document] = pickle.loads(cache.read_bytes()) if cache else {}
    rules = build_pipeline(pipeline_config(None, None, "rules"))
    runs = []
    for k in range(k_folds):
        model = load_models(folds / f"A-{k}.json")
        for split in ("train", "dev"):  # never the sealed test split
            for article, gold in annotated_articles(corpus, split, [], FOLD_CORPORA):
                if outer_fold(article.id, k_folds) == k:
                    doc = docs.get(article.text) or rules(article.document())
                    runs.append(decided(model, article, gold, doc))
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default="gold")
    parser.add_argument("--shared", default="../shared/data")
    parser.add_argument("--model", default=None, help="the model for dev (default: the shipped one)")
    parser.add_argument("--folds", default=None, help="a folder of refit_cv's fold models A-0.json …")
    parser.add_argument("--k", type=int, default=4, help="refit_cv's number of outer folds")
    parser.add_argument("--cache", default=None, help="refit_cv's pickle of the rules' analysis (read only)")
    parser.add_argument("--variants", nargs="+", default=["base"], choices=sorted(VARIANTS))
    parser.add_argument("--list", action="store_true", help="print every duplicate and wrong merge of 'base'")
    parser.add_argument("--no-dev", action="store_true")
    args = parser.parse_args()
    if args.folds and not all((Path(args.folds) / f"A-{k}.json").is_file() for k in range(args.k)):
        parser.error(f"--folds {args.folds}: refit_cv's recipe-A fold models A-0.json … A-{args.k - 1}.json are not all there")
    if args.cache and not Path(args.cache).is_file():
        parser.error(f"--cache {args.cache}: no such file")
    if args.model and not Path(args.model).is_file():
        parser.error(f"--model {args.model}: no such file")
    corpus = open_gold_corpus(args.gold, args.shared)
    merges = {name: VARIANTS[name] for name in args.variants}
    if not args.no_dev:
        model = load_models(Path(args.model)) if args.model else shipped_models()
        if model is None:
            parser.error("no attribution model: give --model")
        report("dev", dev_runs(corpus, model), merges, args.list)
    if args.folds:
        report("folds", fold_runs(corpus, Path(args.folds), Path(args.cache) if args.cache else None, args.k),
               merges, args.list)


if __name__ == "__main__":
    main()
