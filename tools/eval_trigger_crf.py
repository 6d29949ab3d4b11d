"""A linear-chain CRF event-trigger tagger against the linear trigger model, out of fold (issue 12).

The trigger model is a multiclass logistic regression over single candidate words (the rules' events and the
words some lexicon reads as event words). This tool measures whether a sequence model does better: a
linear-chain CRF (crfsuite, as the NER stage uses it) tagging every token of a sentence ``B-TYPE`` /
``I-TYPE`` / ``O`` with the trigger model's word features (written form, stem, clitic, pieces, the rules'
type, lexicon, UniversalPetrarch, vocabulary, root and template), its near features at every word, and its
far features and a ``cand`` flag at the candidate words. It sees neighbouring decisions, multi-word triggers,
and words no candidate source proposes.

Both are measured on the same 5 folds by article of the open train split (``eval_nonlinear``'s folds and
prepared articles). For each held-out fold the trigger vocabulary (verb stems of gold triggers → types) is
made from the other folds only, as at run time, and every article's features are read with it (the training
articles' too, as the trainer reads its own). Per fold and pooled:

* trigger detection and type precision, recall and F1 over the unique gold trigger spans (a prediction is
  right if it overlaps a gold trigger, of the same type for "type"); the linear model keeps a candidate
  whose probability of being an event is at least 0.5, with its most probable type; the CRF keeps its
  Viterbi spans;
* the recall (detection, type) of the gold triggers no candidate word overlaps.

``--dev``: instead trained on every open train article and scored on every dev article (news: ANERcorp,
NTREX-128, SaudiNewsNet; its gold is offsets only).

``--stack`` (step 2): the CRF's marginal probability of ``B-TYPE`` at each candidate word, cross-fitted
inside the training articles (``--stack-folds`` folds by article) and from a CRF of all training articles
for the held-out fold, binned as features of the trigger model (``crf=TYPE|bin``, ``crfO=bin``); and the CRF's
spans no kept candidate overlaps added to the linear model's (``|crf``: extra candidates).

``--cross-vocabulary``: read on its own training articles every gold trigger is a "known" word and so a
candidate, and the CRF learns that a word no source reads is never an event; these variants (``-xv``) train
on the training articles each read with the vocabulary of the other ``--stack-folds`` inner folds instead.

    PYTHONPATH=src python tools/eval_trigger_crf.py --cache FILE [--gold gold] [--shared ../shared/data]
        [--c1 0.05] [--c2 0.01] [--iterations 150] [--stack] [--cross-vocabulary] [--thresholds 0.5,0.3]

The sealed test split is never read (``eval_nonlinear.prepare`` reads the train and dev splits).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable, Sequence
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pycrfsuite

from eval_nonlinear import CV_FOLDS, Doc3, fmt, folds_of, prepare
from marsad.attribution.learned.context import (
    Context,
    TriggerHints,
    TriggerWords,
    trigger_far_features,
    trigger_hints,
    trigger_near_features,
    trigger_word_features,
    trigger_words,
)
from marsad.attribution.learned.extract import NO_EVENT, event_candidates
from marsad.attribution.text import analyse
from marsad.evaluate.matching import gold_span, overlaps
from marsad.train.attribution import TRIGGER_LABELS, fit_multiclass, vocabulary_of

C = 0.25  # the trainer's default
NO_HINTS = TriggerHints(None, (), ())
Span = tuple[int, int]


# -- one article read with one vocabulary --------------------------------------------------------------
@dataclass
class ArticleRows:
    """An article's CRF sequences and the trigger model's candidate rows, read with one vocabulary."""

    sequences: list[tuple[list[list[str]], list[str]]] = field(default_factory=list)  # features, tags
    token_of: list[list[int]] = field(default_factory=list)  # each sequence's token indices
    spans: list[Span] = field(default_factory=list)  # each token's character span
    candidates: list[tuple[int, list[str], str]] = field(default_factory=list)  # token, features, label
    gold: list[tuple[Span, str]] = field(default_factory=list)  # unique gold trigger spans and types


def gold_triggers(gold: dict[str, Any]) -> list[tuple[Span, str]]:
    seen: dict[Span, str] = {}
    for ev in gold.get("events", []):
        span = gold_span(ev.get("trigger"))
        if span is not None:
            seen.setdefault(span, str(ev["type"]))
    return sorted(seen.items())


def tags_of(ctx: Context, golds: Sequence[tuple[Span, str]]) -> list[str]:
    """``B-TYPE`` at the first token a gold trigger overlaps, ``I-TYPE`` at the next ones, ``O`` elsewhere."""
    tags = ["O"] * len(ctx.tokens)
    for (start, end), event_type in golds:
        span = ctx.token_span(start, end)
        if span is None:
            continue
        for k in range(*span):
            if tags[k] == "O":
                tags[k] = ("B-" if k == span[0] else "I-") + event_type
    return tags


def read_article(ctx: Context, gold: dict[str, Any], words: TriggerWords) -> ArticleRows:
    out = ArticleRows(gold=gold_triggers(gold))
    golds = out.gold
    cache: dict[str, TriggerHints | None] = {}
    candidates = event_candidates(ctx, words, cache)
    for cand in candidates:
        tok = ctx.tokens[cand.index]
        label = next((t for s, t in golds if overlaps(s, (tok.start, tok.end))), NO_EVENT)
        out.candidates.append((cand.index, cand.features, label))
    by_index = {cand.index: cand for cand in candidates}
    rule_type: dict[int, str] = {}
    for ev in ctx.doc.events:
        span = ctx.token_span(int(ev.trigger["start"]), int(ev.trigger["end"]))
        if span is not None:
            for k in range(*span):
                rule_type.setdefault(k, ev.type)
    tags = tags_of(ctx, golds)
    flags = ctx.at.token_flags()
    out.spans = [(t.start, t.end) for t in ctx.tokens]
    for sentence in ctx.at.sentences:
        indices = list(range(sentence.first, sentence.last))
        if not indices:
            continue
        feats = [token_features(ctx, k, words, flags[k], cache, by_index.get(k), rule_type.get(k)) for k in indices]
        out.sequences.append((feats, [tags[k] for k in indices]))
        out.token_of.append(indices)
    return out


def token_features(ctx: Context, k: int, words: TriggerWords, flag: int, cache: dict[str, TriggerHints | None],
                   cand: Any, rule_type: str | None) -> list[str]:
    tok = ctx.tokens[k]
    if not tok.is_word:
        return ["punct", f"p={tok.form}"]
    if cand is not None:  # the trigger model's own features, all three groups
        return ["cand", *cand.features]
    form = tok.form
    hints = cache[form] if form in cache else cache.setdefault(form, trigger_hints(form, words, flag))
    feats = trigger_word_features(form, hints or NO_HINTS, rule_type)
    feats += trigger_near_features(ctx, k, hints or NO_HINTS)
    if hints is not None:  # a candidate source reads it, but candidates pass it over (boilerplate, institution)
        feats += ["hinted", *trigger_far_features(ctx, k, hints)]
    return feats


def crf_safe(feats: Sequence[str]) -> list[str]:
    # crfsuite reads attribute names as C strings and splits name:value at a colon: keep neither in them
    return [f.replace("\0", " ").replace(":", "_") for f in feats if f]


# -- the CRF -----------------------------------------------------------------------------------------------
@dataclass
class CrfSettings:
    c1: float = 0.05
    c2: float = 0.01
    iterations: int = 150


def fit_crf(sequences: Sequence[tuple[list[list[str]], list[str]]], settings: CrfSettings) -> pycrfsuite.Tagger:
    trainer = pycrfsuite.Trainer(verbose=False)
    for feats, tags in sequences:
        trainer.append([crf_safe(f) for f in feats], tags)
    trainer.set_params({"c1": settings.c1, "c2": settings.c2, "max_iterations": settings.iterations,
                        "feature.possible_transitions": True})
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "trigger.crfsuite")
        trainer.train(path)
        tagger = pycrfsuite.Tagger()
        tagger.open(path)  # crfsuite reads the whole file in: the directory may go
    return tagger


def crf_spans(tagger: pycrfsuite.Tagger, rows: ArticleRows) -> list[tuple[Span, str]]:
    """The tagged triggers of an article as character spans (an ``I-`` without its ``B-`` starts one)."""
    found: list[tuple[Span, str]] = []
    for (feats, _), indices in zip(rows.sequences, rows.token_of, strict=True):
        tags = tagger.tag([crf_safe(f) for f in feats])
        current: tuple[int, int, str] | None = None
        for k, tag in zip(indices, tags, strict=True):
            kind, _, event_type = tag.partition("-")
            if current is not None and (kind != "I" or event_type != current[2]):
                found.append(((rows.spans[current[0]][0], rows.spans[current[1]][1]), current[2]))
                current = None
            if kind == "B" or (kind == "I" and current is None):
                current = (k, k, event_type)
            elif kind == "I" and current is not None:
                current = (current[0], k, event_type)
        if current is not None:
            found.append(((rows.spans[current[0]][0], rows.spans[current[1]][1]), current[2]))
    return found


def crf_marginals(tagger: pycrfsuite.Tagger, rows: ArticleRows) -> dict[int, dict[str, float]]:
    """For each candidate word: the CRF's marginal probability of each label there (``B-`` and ``I-`` of a
    type summed)."""
    wanted = {k for k, _, _ in rows.candidates}
    labels = tagger.labels()
    out: dict[int, dict[str, float]] = {}
    for (feats, _), indices in zip(rows.sequences, rows.token_of, strict=True):
        if wanted.isdisjoint(indices):
            continue
        tagger.set([crf_safe(f) for f in feats])
        for pos, k in enumerate(indices):
            if k in wanted:
                probs: dict[str, float] = {}
                for lab in labels:
                    key = "O" if lab == "O" else lab[2:]
                    probs[key] = probs.get(key, 0.0) + tagger.marginal(lab, pos)
                out[k] = probs
    return out


BINS = (0.05, 0.2, 0.5, 0.8)


def stack_features(probs: dict[str, float]) -> list[str]:
    """The CRF's belief at a candidate as binned features: how sure it is of no event, and of its best type."""
    p_none = probs.get("O", 1.0)
    best = max((t for t in probs if t != "O"), key=lambda t: probs[t], default=None)
    feats = [f"crfO={sum(p_none >= b for b in BINS)}"]
    if best is not None:
        level = sum(probs[best] >= b for b in BINS)
        feats += [f"crf={best}|{level}", f"crfany={level}"]
    return feats


# -- the linear trigger model ------------------------------------------------------------------------------
def linear_spans(model: Any, rows: ArticleRows, extra: dict[int, list[str]] | None = None,
                 threshold: float = 0.5) -> list[tuple[Span, str]]:
    if not rows.candidates:
        return []
    feats = [[*f, *(extra or {}).get(k, [])] for k, f, _ in rows.candidates]
    probs = model.probabilities_many(feats)
    none = model.labels.index(NO_EVENT)
    found = []
    for (k, _, _), p in zip(rows.candidates, probs, strict=True):
        if 1.0 - p[none] >= threshold:
            q = p.copy()
            q[none] = -1.0
            found.append((rows.spans[k], model.labels[int(np.argmax(q))]))
    return found


# -- scoring -----------------------------------------------------------------------------------------------
@dataclass
class Tally:
    predicted: int = 0
    detect_right: int = 0  # predictions overlapping a gold trigger
    type_right: int = 0  # ... of its type
    gold: int = 0
    found: int = 0  # gold triggers some prediction overlaps
    typed: int = 0  # ... with the gold type
    missed_gold: int = 0  # gold triggers no candidate word overlaps
    missed_found: int = 0
    missed_typed: int = 0

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def figures(self) -> dict[str, float]:
        def f1(p: float, r: float) -> float:
            return 2 * p * r / (p + r) if p + r else 0.0

        dp, dr = self.detect_right / max(self.predicted, 1), self.found / max(self.gold, 1)
        tp, tr = self.type_right / max(self.predicted, 1), self.typed / max(self.gold, 1)
        return {"det P": dp, "det R": dr, "det F1": f1(dp, dr), "type P": tp, "type R": tr, "type F1": f1(tp, tr),
                "miss R": self.missed_found / max(self.missed_gold, 1),
                "miss typeR": self.missed_typed / max(self.missed_gold, 1)}


def score(rows: ArticleRows, predicted: Sequence[tuple[Span, str]]) -> Tally:
    t = Tally(predicted=len(predicted), gold=len(rows.gold))
    for span, event_type in predicted:
        hits = [g for g in rows.gold if overlaps(g[0], span)]
        t.detect_right += bool(hits)
        t.type_right += any(g[1] == event_type for g in hits)
    candidate_spans = [rows.spans[k] for k, _, _ in rows.candidates]
    for span, event_type in rows.gold:
        hits = [p for p in predicted if overlaps(p[0], span)]
        found, typed = bool(hits), any(p[1] == event_type for p in hits)
        t.found += found
        t.typed += typed
        if not any(overlaps(span, c) for c in candidate_spans):
            t.missed_gold += 1
            t.missed_found += found
            t.missed_typed += typed
    return t


# -- the folds ---------------------------------------------------------------------------------------------
def contexts(train: Sequence[Doc3]) -> list[Context]:
    out = []
    for _, _, doc in train:
        copy = deepcopy(doc)
        out.append(Context(copy, analyse(copy)))
    return out


def read_all(train: Sequence[Doc3], ctxs: Sequence[Context], articles: Sequence[int]) -> list[ArticleRows]:
    """Every article read with the vocabulary of ``articles`` (the training articles of a fold)."""
    words = trigger_words(vocabulary_of([(train[i][0], train[i][1]) for i in articles]))
    return [read_article(ctx, g, words) for ctx, (_, g, _) in zip(ctxs, train, strict=True)]


def fit_linear(rows: Sequence[ArticleRows], articles: Sequence[int],
               extra: Sequence[dict[int, list[str]]] | None = None) -> Any:
    examples = [([*f, *(extra[j].get(k, []) if extra is not None else [])], label)
                for j, i in enumerate(articles) for k, f, label in rows[i].candidates]
    return fit_multiclass(examples, C, TRIGGER_LABELS)


def stacked_features(rows: Sequence[ArticleRows], articles: Sequence[int], inner: int,
                     settings: CrfSettings) -> list[dict[int, list[str]]]:
    """For each article of ``articles``: the stack features of its candidates from a CRF trained on the other
    inner folds of ``articles`` (cross-fitted: as honest as the held-out articles' ones)."""
    fold = folds_of(len(articles), inner)
    out: list[dict[int, list[str]]] = [{} for _ in articles]
    for k in range(inner):
        tagger = fit_crf([s for j, i in enumerate(articles) if fold[j] != k for s in rows[i].sequences], settings)
        for j, i in enumerate(articles):
            if fold[j] == k:
                out[j] = {c: stack_features(p) for c, p in crf_marginals(tagger, rows[i]).items()}
    return out


def read_crossed(train: Sequence[Doc3], ctxs: Sequence[Context], articles: Sequence[int],
                 inner: int) -> list[ArticleRows]:
    """Each of ``articles`` read with the vocabulary of the other inner folds of ``articles``: its gold
    triggers are no longer all "known" words, as a new article's are not (``cue_folds`` does so for cues)."""
    fold = folds_of(len(articles), inner)
    out: list[ArticleRows | None] = [None] * len(articles)
    for m in range(inner):
        words = trigger_words(vocabulary_of([(train[i][0], train[i][1])
                                             for j, i in enumerate(articles) if fold[j] != m]))
        for j, i in enumerate(articles):
            if fold[j] == m:
                out[j] = read_article(ctxs[i], train[i][1], words)
    return [r for r in out if r is not None]


NEWS = {"anercorp", "ntrex128", "saudinewsnet"}  # the news corpora of the dev figures


def run_folds(train: Sequence[Doc3], settings: CrfSettings, stack: bool, inner: int,
              thresholds: Sequence[float] = (0.5,), log: Callable[[str], None] = print,
              cross_vocabulary: bool = False, dev: Sequence[Doc3] = ()) -> dict[str, Tally]:
    """The variants on the 5 folds by article of ``train`` (pooled as "cv"); with ``dev``, instead trained on
    every train article and scored on the dev articles ("dev news" and "dev all").
    ``cross_vocabulary``: also a CRF and a linear model trained on the training articles read with the
    vocabulary of the other inner folds (``read_crossed``)."""
    n = len(train)
    docs = [*train, *dev]
    ctxs = contexts(docs)
    if dev:
        splits = [(list(range(n)), list(range(n, len(docs))))]
    else:
        fold = folds_of(n, CV_FOLDS)
        splits = [([i for i in range(n) if fold[i] != k], [i for i in range(n) if fold[i] == k])
                  for k in range(CV_FOLDS)]
    pooled: dict[str, Tally] = {}
    for k, (tr, te) in enumerate(splits):
        t0 = time.process_time()
        rows = read_all(docs, ctxs, tr)
        linear = fit_linear(rows, tr)
        log(f"fold {k}: read and linear model in {time.process_time() - t0:.0f} s CPU")
        tagger = fit_crf([s for i in tr for s in rows[i].sequences], settings)
        log(f"fold {k}: CRF in {time.process_time() - t0:.0f} s CPU")
        stacked = fit_linear(rows, tr, stacked_features(rows, tr, inner, settings)) if stack else None
        predicted = [predictions(rows[i], linear, tagger, stacked, thresholds) for i in te]
        if cross_vocabulary:
            crossed = read_crossed(docs, ctxs, tr, inner)
            linear_x = fit_linear(crossed, list(range(len(tr))))
            tagger_x = fit_crf([s for r in crossed for s in r.sequences], settings)
            log(f"fold {k}: cross-vocabulary models in {time.process_time() - t0:.0f} s CPU")
            for found, i in zip(predicted, te, strict=True):
                crf_x = crf_spans(tagger_x, rows[i])
                found["crf-xv"] = crf_x
                for t in thresholds:
                    found[f"linear-xv@{t:g}"] = linear_spans(linear_x, rows[i], threshold=t)
                    found[f"linear@{t:g}|crf-xv"] = union(found[f"linear@{t:g}"], crf_x)
        groups = ["dev all", "dev news"] if dev else ["cv"]
        for name in predicted[0] if predicted else ():
            for group in groups:
                tally = Tally()
                for i, found in zip(te, predicted, strict=True):
                    if group != "dev news" or docs[i][0].corpus in NEWS:
                        tally.add(score(rows[i], found[name]))
                pooled.setdefault(f"{group} {name}", Tally()).add(tally)
                log(f"{group if dev else f'fold {k} {group}'} {name:20s} {fmt(tally.figures())}")
        log(f"fold {k} done in {time.process_time() - t0:.0f} s CPU")
    return pooled


def predictions(rows: ArticleRows, linear: Any, tagger: pycrfsuite.Tagger, stacked: Any,
                thresholds: Sequence[float]) -> dict[str, list[tuple[Span, str]]]:
    """Each variant's triggers of an article: the linear model at each threshold, the CRF, the CRF's spans
    no kept candidate overlaps added to the linear model's (extra candidates), and the stacked model."""
    crf = crf_spans(tagger, rows)
    out: dict[str, list[tuple[Span, str]]] = {}
    for t in thresholds:
        out[f"linear@{t:g}"] = linear_spans(linear, rows, threshold=t)
    out["crf"] = crf
    for t in thresholds:
        out[f"linear@{t:g}|crf"] = union(out[f"linear@{t:g}"], crf)
    if stacked is not None:
        extra = {c: stack_features(p) for c, p in crf_marginals(tagger, rows).items()}
        for t in thresholds:
            out[f"stacked@{t:g}"] = linear_spans(stacked, rows, extra, threshold=t)
            out[f"stacked@{t:g}|crf"] = union(out[f"stacked@{t:g}"], crf)
    return out


def union(first: Sequence[tuple[Span, str]], extra: Sequence[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """``first``, and the spans of ``extra`` that overlap none of them (extra candidates)."""
    return [*first, *(e for e in extra if not any(overlaps(e[0], f[0]) for f in first))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default="gold")
    parser.add_argument("--shared", default="../shared/data")
    parser.add_argument("--cache", default=None, help="eval_nonlinear's scratch file of the analysed articles")
    parser.add_argument("--c1", type=float, default=0.05)
    parser.add_argument("--c2", type=float, default=0.01)
    parser.add_argument("--iterations", type=int, default=150)
    parser.add_argument("--stack", action="store_true")
    parser.add_argument("--stack-folds", type=int, default=4)
    parser.add_argument("--cross-vocabulary", action="store_true",
                        help="also models trained on the training articles read with the other inner folds' vocabulary")
    parser.add_argument("--thresholds", default="0.5,0.3", help="the linear models' P(event) to keep a candidate")
    parser.add_argument("--dev", action="store_true", help="train on every train article, score the dev articles")
    args = parser.parse_args()
    data = prepare(args.gold, args.shared, Path(args.cache) if args.cache else None)
    print(f"{len(data.train)} open train articles, " + (f"{len(data.dev_all)} dev articles" if args.dev
          else f"{CV_FOLDS} folds by article"), flush=True)
    pooled = run_folds(data.train, CrfSettings(args.c1, args.c2, args.iterations), args.stack, args.stack_folds,
                       [float(t) for t in args.thresholds.split(",")], lambda s: print(s, flush=True),
                       args.cross_vocabulary, data.dev_all if args.dev else ())
    for name, tally in pooled.items():
        print(f"pooled {name:28s} {fmt(tally.figures())}  (gold {tally.gold}, missed by candidates "
              f"{tally.missed_gold})", flush=True)


if __name__ == "__main__":
    main()
