"""Gradient-boosted trees against the linear attribution models, on the same features (issue 12).

Every learned attribution model is linear (logistic regression over sparse binary features). This
tool measures whether scikit-learn's ``HistGradientBoostingClassifier`` does better, model by model
(trigger/type, argument chooser, speaker chooser, status), in two ways of feeding trees the sparse
string features:

* ``stack``: the linear model's own score, cross-fitted (4 folds by article inside the training
  articles, so that the trees see training scores as honest as those of new text), its place in the
  group for the choosers (margin to the group's best, softmax share, rank, group size, "none" row),
  plus the ``--stack-k`` most frequent features as 0/1 columns;
* ``topk``: the ``--top-k`` most frequent features as 0/1 columns (and the "none" row flag).

A chooser (argument, speaker) is a softmax over its group of candidates and "none"; trees score each
row (a binary "right or not" model) and the group's softmax is taken over their log-odds.

Two measures:

* 5-fold cross-validation by article on the train split (open corpora, as the shipped model): log
  loss and accuracy of each model on its held-out examples (for a chooser: of the group's right
  alternative);
* dev end to end: the shipped models with one of them replaced, its thresholds chosen again on the
  open dev articles as ``marsad train attribution`` chooses them, scored on every dev article as
  ``marsad eval events --split dev --extraction learned`` scores them.

    PYTHONPATH=src python tools/eval_nonlinear.py [--gold gold] [--shared ../shared/data]
        [--models trigger,argument,speaker,status] [--seeds 0,1,2] [--skip-dev] [--skip-cv]

The sealed test split is never read.
"""

from __future__ import annotations

import os

# One thread for the trees: on a shared machine OpenMP's threads waiting on each other cost more CPU
# than they save (set before scikit-learn loads its OpenMP runtime).
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import math
import pickle
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from copy import deepcopy
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

import marsad.attribution.learned.extract as extract_module
import marsad.train.attribution as train_module
from marsad.attribution.learned.context import Context
from marsad.attribution.learned.extract import (
    ROLES,
    AttributionModels,
    rescore_events,
    rescore_quotes,
    shipped_models,
)
from marsad.attribution.learned.linear import ChoiceModel, MulticlassModel
from marsad.attribution.text import analyse
from marsad.cli.console import build_pipeline, pipeline_config
from marsad.cli.train_common import open_gold_corpus
from marsad.document import Document
from marsad.evaluate.attribution import Scores, score_article
from marsad.evaluate.gold_corpus import Article
from marsad.train.attribution import (
    ARGUMENT_TIE,
    SPEAKER_FOLDS,
    STATUSES,
    TRIGGER_LABELS,
    Example,
    Examples,
    Group,
    _speaker_examples,
    best_threshold_trigger,
    cue_vocabulary_of,
    examples_from_article,
    fit_choice,
    fit_multiclass,
    fit_status,
    gold_articles,
    speaker_groups_by_guess_per_article,
    vocabulary_of,
)

OPEN = {"anercorp", "ntrex128"}
C = 0.25  # the trainer's default
CV_FOLDS = 5
STACK_FOLDS = 4
Doc3 = tuple[Article, dict[str, Any], Document]


# -- data ------------------------------------------------------------------------------------
@dataclass
class Data:
    train: list[Doc3]
    dev_open: list[Doc3]
    dev_all: list[Doc3]
    per: list[Examples]  # examples of each train article
    speaker_per: list[list[Group]]  # speaker groups of each train article, previous speaker guessed
    dev_open_examples: Examples


def speaker_groups_per_article(documents: Sequence[Doc3], c: float) -> list[list[Group]]:
    """The speaker training groups as training builds them, kept per article (the folds need them so)."""
    return speaker_groups_by_guess_per_article(documents, c, SPEAKER_FOLDS)


def prepare(gold: str, shared: str, cache: Path | None) -> Data:
    if cache is not None and cache.is_file():
        with cache.open("rb") as f:
            data: Data = pickle.load(f)  # the tool's own scratch file
            return data
    corpus = open_gold_corpus(gold, shared)
    rules = build_pipeline(pipeline_config(None, None, "rules"))
    train_articles = gold_articles(corpus, "train", OPEN)
    vocabulary = vocabulary_of(train_articles)
    cue_vocabulary = cue_vocabulary_of(train_articles)
    train = [(a, g, rules(a.document())) for a, g in train_articles]
    dev_all = [(a, g, rules(a.document())) for a, g in gold_articles(corpus, "dev", None)]
    dev_open = [d for d in dev_all if d[0].corpus in OPEN]
    per = []
    for article, g, doc in train:
        out = Examples()
        examples_from_article(article, g, deepcopy(doc), out, vocabulary, cue_vocabulary)
        per.append(out)
    dev_examples = Examples()
    for article, g, doc in dev_open:
        examples_from_article(article, g, deepcopy(doc), dev_examples, vocabulary, cue_vocabulary)
    data = Data(train, dev_open, dev_all, per, speaker_groups_per_article(train, C), dev_examples)
    if cache is not None:
        with cache.open("wb") as f:
            pickle.dump(data, f)
    return data


# -- features as columns ------------------------------------------------------------------------
def top_features(rows: Iterable[Sequence[str]], k: int) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for feats in rows:
        counts.update(set(feats))
    return {f: j for j, (f, _) in enumerate(sorted(counts.items(), key=lambda fc: (-fc[1], fc[0]))[:k])}


def binary_columns(rows: Sequence[Sequence[str]], columns: dict[str, int]) -> np.ndarray:
    x = np.zeros((len(rows), len(columns)), dtype=np.float32)
    for i, feats in enumerate(rows):
        for f in feats:
            j = columns.get(f)
            if j is not None:
                x[i, j] = 1.0
    return x


# the trees' settings (``--trees``): "default" and a more regularised "small" (fewer, larger leaves)
TREES = {"default": {"learning_rate": 0.1, "max_leaf_nodes": 15, "min_samples_leaf": 20},
         "small": {"learning_rate": 0.05, "max_leaf_nodes": 7, "min_samples_leaf": 60}}
TREE_SETTING = ["default"]


def booster(seed: int, multiclass: bool = False) -> Any:
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(
        **TREES[TREE_SETTING[0]], max_iter=200, l2_regularization=1.0,
        early_stopping=True, validation_fraction=0.15, n_iter_no_change=15, random_state=seed)


def folds_of(n: int, k: int) -> list[int]:
    return [i % k for i in range(n)]


# -- multiclass models (trigger, status) --------------------------------------------------------
class TreeMulticlass:
    """A multiclass model's interface (``labels``, ``probabilities``, ``probabilities_many``) over trees."""

    def __init__(self, labels: Sequence[str], linear: Any | None, columns: dict[str, int], clf: Any) -> None:
        self.labels = list(labels)
        self.linear = linear
        self.columns = columns
        self.clf = clf
        self.order = [self.labels.index(str(c)) for c in clf.classes_]

    def matrix(self, rows: Sequence[Sequence[str]]) -> np.ndarray:
        return design_multiclass(rows, self.linear, self.labels, self.columns)

    def probabilities_many(self, rows: Sequence[Iterable[str]]) -> np.ndarray:
        lists = [list(r) for r in rows]
        out = np.zeros((len(lists), len(self.labels)))
        if lists:
            out[:, self.order] = self.clf.predict_proba(self.matrix(lists))
        return out

    def probabilities(self, features: Iterable[str]) -> dict[str, float]:
        return dict(zip(self.labels, self.probabilities_many([list(features)])[0].tolist(), strict=True))


def linear_probs(model: Any, labels: Sequence[str], rows: Sequence[Sequence[str]]) -> np.ndarray:
    if isinstance(model, MulticlassModel):
        probs = model.probabilities_many(rows)
        return probs[:, [model.labels.index(lab) for lab in labels]]
    return np.array([[model.probabilities(r)[lab] for lab in labels] for r in rows])


def design_multiclass(rows: Sequence[Sequence[str]], linear: Any | None, labels: Sequence[str],
                      columns: dict[str, int], stacked: np.ndarray | None = None) -> np.ndarray:
    parts = [binary_columns(rows, columns)]
    if linear is not None or stacked is not None:
        p = stacked if stacked is not None else linear_probs(linear, labels, rows)
        parts.insert(0, np.log(np.maximum(p, 1e-9)).astype(np.float32))
    return np.hstack(parts)


def fit_linear_multiclass(kind: str, rows: Sequence[Example]) -> Any:
    return fit_multiclass(rows, C, TRIGGER_LABELS) if kind == "trigger" else fit_status(rows, C)


def labels_of(kind: str) -> list[str]:
    return TRIGGER_LABELS if kind == "trigger" else STATUSES


def fit_tree_multiclass(kind: str, variant: str, per: Sequence[Sequence[Example]], seed: int, stack_k: int,
                        top_k: int, linear: Any = None, scores: Sequence[np.ndarray] | None = None) -> TreeMulticlass:
    """Trees over the rows of ``per`` (the training articles); ``stack``: ``scores`` are each article's
    rows scored by a linear model that did not see the article, ``linear`` the one that scores new rows."""
    labels = labels_of(kind)
    rows = [r for rows in per for r in rows]
    feats = [f for f, _ in rows]
    y = np.array([str(label) for _, label in rows])
    if variant == "stack":
        assert scores is not None
        columns = top_features(feats, stack_k)
        x = design_multiclass(feats, None, labels, columns, np.vstack(scores))
    else:
        columns = top_features(feats, top_k)
        linear = None
        x = design_multiclass(feats, None, labels, columns)
    clf = booster(seed, multiclass=True)
    clf.fit(x, y)
    return TreeMulticlass(labels, linear, columns, clf)


def multiclass_measures(model: Any, rows: Sequence[Example], labels: Sequence[str]) -> tuple[float, float]:
    """Log loss and accuracy of the held-out rows."""
    if isinstance(model, TreeMulticlass):
        probs = model.probabilities_many([f for f, _ in rows])
    else:
        probs = linear_probs(model, labels, [f for f, _ in rows])
    index = {lab: j for j, lab in enumerate(labels)}
    truth = np.array([index[str(y)] for _, y in rows])
    p_right = probs[np.arange(len(rows)), truth]
    return float(-np.log(np.maximum(p_right, 1e-12)).mean()), float((probs.argmax(axis=1) == truth).mean())


# -- choosers (argument, speaker) ----------------------------------------------------------------
def group_rows(group: Group) -> tuple[list[list[str]], list[bool]]:
    rows = [list(f) for f, _ in group.candidates] + [list(group.none)]
    right = [bool(y) for _, y in group.candidates] + [not group.has_gold]
    return rows, right


def relative_columns(scores: np.ndarray) -> np.ndarray:
    """A row's linear score and its place in the group (the last row is "none")."""
    n = len(scores)
    top = scores.max()
    e = np.exp(scores - top)
    share = e / e.sum()
    rank = np.argsort(np.argsort(-scores))
    none = np.zeros(n)
    none[-1] = 1.0
    return np.column_stack([scores, scores - top, share, rank, np.full(n, n - 1), none,
                            np.full(n, scores[-1]), scores - scores[-1]]).astype(np.float32)


class TreeChoice:
    """A chooser's interface (``choose``, ``threshold``, ``group_scores``) over trees: one log-odds per
    row (candidates, then "none"), a softmax over the group."""

    def __init__(self, linear: ChoiceModel | None, columns: dict[str, int], clf: Any, threshold: float = 0.5) -> None:
        self.linear = linear
        self.columns = columns
        self.clf = clf
        self.threshold = threshold
        self.weights: dict[str, float] = {}

    def group_scores(self, rows: Sequence[Sequence[str]]) -> np.ndarray:
        linear = None if self.linear is None else np.array([self.linear.score(r) for r in rows])
        return np.asarray(self.clf.decision_function(design_choice(rows, linear, self.columns)), dtype=float)

    def choose(self, candidates: Sequence[Iterable[str]], none: Iterable[str],
               spans: Sequence[tuple[int, int]] | None = None,
               threshold: float | None = None) -> tuple[int | None, float]:
        if not candidates:
            return None, 0.0
        s = self.group_scores([list(c) for c in candidates] + [list(none)])
        return softmax_choice(s, spans, self.threshold if threshold is None else threshold)


def softmax_choice(s: np.ndarray, spans: Sequence[tuple[int, int]] | None, threshold: float) -> tuple[int | None, float]:
    """``ChoiceModel.choose`` over given scores (the last one "none")."""
    scores, none_score = s[:-1], s[-1]
    top = s.max()
    exp = np.exp(scores - top)
    none_e = math.exp(none_score - top)
    total = exp.sum() + none_e
    best = int(np.argmax(scores))
    if spans is None:
        mass = float(exp[best])
    else:
        first, last = spans[best]
        mass = float(sum(e for e, (a, b) in zip(exp, spans, strict=True) if a < last and first < b))
    p = mass / total
    if none_e >= mass or p < threshold:
        return None, p
    return best, p


def design_choice(rows: Sequence[Sequence[str]], linear: np.ndarray | None, columns: dict[str, int]) -> np.ndarray:
    parts = [binary_columns(rows, columns)]
    if linear is not None:
        parts.insert(0, relative_columns(linear))
    else:
        none = np.zeros((len(rows), 1), dtype=np.float32)
        none[-1] = 1.0
        parts.insert(0, none)
    return np.hstack(parts)


def fit_tree_choice(variant: str, per: Sequence[Sequence[Group]], seed: int, stack_k: int, top_k: int,
                    linear: ChoiceModel | None = None, models: Sequence[ChoiceModel] | None = None) -> TreeChoice:
    """Trees over the rows of the groups of ``per``; ``stack``: ``models[i]`` is a linear chooser that
    did not see article i, ``linear`` the one that scores new groups."""
    all_rows = [r for groups in per for g in groups for r in group_rows(g)[0]]
    blocks: list[np.ndarray] = []
    labels: list[bool] = []
    columns = top_features(all_rows, stack_k if variant == "stack" else top_k)
    if variant != "stack":
        linear = None
    for i, groups in enumerate(per):
        for g in groups:
            rows, right = group_rows(g)
            s = None if variant != "stack" or models is None else np.array([models[i].score(r) for r in rows])
            blocks.append(design_choice(rows, s, columns))
            labels += right
    clf = booster(seed)
    clf.fit(np.vstack(blocks), np.array(labels))
    return TreeChoice(linear, columns, clf)


def group_measures(model: ChoiceModel | TreeChoice, groups: Sequence[Group]) -> tuple[float, float]:
    """Log loss of the group's right alternatives and the share of groups whose top row is right."""
    losses, hits = [], 0
    for g in groups:
        rows, right = group_rows(g)
        if isinstance(model, TreeChoice):
            s = model.group_scores(rows)
        else:
            s = np.array([model.score(r) for r in rows])
        e = np.exp(s - s.max())
        p = e / e.sum()
        losses.append(-math.log(max(float(p[np.array(right)].sum()), 1e-12)))
        hits += right[int(np.argmax(s))]
    return float(np.mean(losses)), hits / len(groups)


# -- the trainer's threshold choices, for either kind of model --------------------------------------
def pooled_choice_any(model: Any, features: list[list[str]], none: list[str], spans: list[tuple[int, int]],
                      names: list[str]) -> tuple[int | None, float]:
    """``extract.pooled_choice`` for a tree chooser too (its scores depend on the whole group)."""
    if not isinstance(model, TreeChoice):
        return ORIGINAL_POOLED(model, features, none, spans, names)
    if not features:
        return None, 0.0
    s = model.group_scores([*features, none])
    top = s.max()
    exp = np.exp(s[:-1] - top)
    none_mass = math.exp(s[-1] - top)
    total = exp.sum() + none_mass
    n = len(features)
    mass = [sum(exp[j] for j in range(n) if j == i or extract_module.same_party(spans[i], spans[j], names[i], names[j]))
            for i in range(n)]
    best = max(range(n), key=lambda i: (mass[i], s[i]))
    if none_mass >= mass[best]:
        return None, float(mass[best] / total)
    return best, float(mass[best] / total)


ORIGINAL_POOLED = extract_module.pooled_choice


def use_tree_choosers() -> None:
    """Let the speaker's choice and the trainer's threshold (which read ``pooled_choice`` from their
    modules at call time) take a tree chooser; a linear one is scored as before. Run by ``main`` only:
    importing the tool changes nothing."""
    setattr(extract_module, "pooled_choice", pooled_choice_any)  # noqa: B010
    setattr(train_module, "pooled_choice", pooled_choice_any)  # noqa: B010


def threshold_choice(model: Any, groups: Sequence[Group], wrong_cost: float, tie: float = 0.0) -> float:
    """``train.attribution.best_threshold_choice`` for either kind of chooser."""
    if not groups:
        return 0.5
    decisions = []
    for group in groups:
        features = [list(f) for f, _ in group.candidates]
        if group.names is not None and group.spans is not None:
            index, p = pooled_choice_any(model, features, list(group.none), group.spans, group.names)
        else:
            index, p = model.choose(features, group.none, group.spans, threshold=0.0)
        p *= group.belief
        right = index is not None and bool(group.candidates[index][1])
        decisions.append((p if index is not None else 0.0, right, group.has_gold or group.missed))
    curve = []
    for t in [x / 20 for x in range(1, 19)]:
        score = sum((1.0 if right else -wrong_cost) if p >= t else (0.0 if has_gold else 1.0)
                    for p, right, has_gold in decisions)
        curve.append((t, score))
    best = max(score for _, score in curve)
    return next(t for t, score in curve if score >= best - tie * len(groups))


class NoFilter:
    """No candidate passed over (the bounds hold for a linear trigger model only)."""

    def selector(self, threshold: float) -> None:
        return None


# -- dev end to end -----------------------------------------------------------------------------------
def evaluate_dev(models: AttributionModels, dev: Sequence[Doc3]) -> dict[str, float]:
    scores = Scores()
    for article, gold, doc in dev:
        copy = deepcopy(doc)
        rescore_quotes(copy, models)
        rescore_events(copy, models)
        score_article(article, gold, copy, scores, [])
    d = scores.as_dict()
    return {"type": d["events_type"]["f1"], "type+actor": d["events_type_actor"]["f1"],
            "actor": d["actor_right"]["share"], "target": d["target_right"]["share"],
            "status": d["status_right"]["share"], "dup": d["duplicates"]["share"],
            "spk P": d["quote_speakers"]["precision"], "spk R": d["quote_speakers"]["recall"]}


def with_trigger(base: AttributionModels, trigger: Any, dev: Examples) -> AttributionModels:
    rule_t, other_t = best_threshold_trigger(trigger, dev.trigger)
    return replace(base, trigger=trigger, trigger_threshold=other_t, trigger_threshold_rules=rule_t,
                   hint_cache={}, _trigger_filter=NoFilter())  # type: ignore[arg-type]


def with_argument(base: AttributionModels, argument: Any, dev: Examples, cost: float = 0.5) -> AttributionModels:
    argument.threshold = threshold_choice(argument, dev.argument, cost, ARGUMENT_TIE)
    roles = {role: threshold_choice(argument, [g for g in dev.argument if g.role == role], cost, ARGUMENT_TIE)
             for role in ROLES}
    return replace(base, argument=argument, argument_thresholds=roles, hint_cache={})


def with_speaker(base: AttributionModels, speaker: Any, dev_docs: Sequence[Doc3], cost: float = 1.5) -> AttributionModels:
    models = replace(base, speaker=speaker, hint_cache={})
    out = Examples()
    for _, gold, doc in dev_docs:
        copy = deepcopy(doc)
        _speaker_examples(Context(copy, analyse(copy)), gold.get("quotes", []), out, models)
    speaker.threshold = threshold_choice(speaker, out.speaker, cost)
    return models


def with_status(base: AttributionModels, status: Any) -> AttributionModels:
    return replace(base, status=status, hint_cache={})


# -- the runs ---------------------------------------------------------------------------------------
def rows_of(kind: str, ex: Examples) -> list[Example]:
    return ex.trigger if kind == "trigger" else ex.status


def groups_of(kind: str, data: Data, i: int) -> list[Group]:
    return data.per[i].argument if kind == "argument" else data.speaker_per[i]


class Linear:
    """Linear models fitted on the train articles outside some CV folds, kept on disk between runs."""

    def __init__(self, kind: str, data: Data, path: Path | None) -> None:
        self.kind, self.data, self.path = kind, data, path
        self.fold = folds_of(len(data.train), CV_FOLDS)
        self.fits: dict[frozenset[int], Any] = {}
        if path is not None and path.is_file():
            try:
                with path.open("rb") as f:
                    self.fits = pickle.load(f)  # the tool's own scratch file
            except (EOFError, pickle.UnpicklingError):  # being written by another run: fit again
                self.fits = {}

    def outside(self, excluded: Iterable[int]) -> Any:
        key = frozenset(excluded)
        if key not in self.fits:
            keep = [i for i in range(len(self.data.train)) if self.fold[i] not in key]
            if self.kind in ("trigger", "status"):
                self.fits[key] = fit_linear_multiclass(self.kind, [r for i in keep for r in rows_of(self.kind, self.data.per[i])])
            else:
                self.fits[key] = fit_choice([g for i in keep for g in groups_of(self.kind, self.data, i)], C)
            if self.path is not None:
                with self.path.open("wb") as f:
                    pickle.dump(self.fits, f)
        return self.fits[key]

    def stack_for(self, articles: Sequence[int], outer: int | None) -> list[Any]:
        """For each article, a model that saw neither it nor the held-out fold ``outer``."""
        return [self.outside({self.fold[i]} | ({outer} if outer is not None else set())) for i in articles]


def tree_model(kind: str, variant: str, data: Data, lin: Linear, articles: Sequence[int], outer: int | None,
               seed: int, stack_k: int, top_k: int) -> Any:
    linear = lin.outside({outer} if outer is not None else set())
    if kind in ("trigger", "status"):
        per = [rows_of(kind, data.per[i]) for i in articles]
        scores = None
        if variant == "stack":
            labels = labels_of(kind)
            scores = [linear_probs(m, labels, [f for f, _ in rows]) if rows else np.zeros((0, len(labels)))
                      for m, rows in zip(lin.stack_for(articles, outer), per, strict=True)]
        return fit_tree_multiclass(kind, variant, per, seed, stack_k, top_k, linear, scores)
    groups = [groups_of(kind, data, i) for i in articles]
    models = lin.stack_for(articles, outer) if variant == "stack" else None
    return fit_tree_choice(variant, groups, seed, stack_k, top_k, linear, models)


def cv(kind: str, data: Data, lin: Linear, variant: str, seed: int, stack_k: int, top_k: int) -> tuple[float, float]:
    """5-fold CV by article on the train split: log loss and accuracy of the held-out examples."""
    n = len(data.train)
    fold = lin.fold
    pooled: list[tuple[float, float, int]] = []
    for k in range(CV_FOLDS):
        tr = [i for i in range(n) if fold[i] != k]
        te = [i for i in range(n) if fold[i] == k]
        model = (lin.outside({k}) if variant == "linear"
                 else tree_model(kind, variant, data, lin, tr, k, seed, stack_k, top_k))
        if kind in ("trigger", "status"):
            held = [r for i in te for r in rows_of(kind, data.per[i])]
            loss, acc = multiclass_measures(model, held, labels_of(kind))
            pooled.append((loss, acc, len(held)))
        else:
            held_groups = [g for i in te for g in groups_of(kind, data, i)]
            loss, acc = group_measures(model, held_groups)
            pooled.append((loss, acc, len(held_groups)))
    total = sum(c for *_, c in pooled)
    return sum(a * c for a, _, c in pooled) / total, sum(b * c for _, b, c in pooled) / total


def dev_run(kind: str, variant: str, data: Data, lin: Linear, base: AttributionModels, seed: int, stack_k: int,
            top_k: int) -> dict[str, float]:
    if variant == "linear":
        model: Any = deepcopy(lin.outside(set()))
    else:
        model = tree_model(kind, variant, data, lin, range(len(data.train)), None, seed, stack_k, top_k)
    if kind == "trigger":
        models = with_trigger(base, model, data.dev_open_examples)
    elif kind == "status":
        models = with_status(base, model)
    elif kind == "argument":
        models = with_argument(base, model, data.dev_open_examples)
    else:
        models = with_speaker(base, model, data.dev_open)
    return evaluate_dev(models, data.dev_all)


def fmt(d: dict[str, float]) -> str:
    return "  ".join(f"{k} {v:.3f}" for k, v in d.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default="gold")
    parser.add_argument("--shared", default="../shared/data")
    parser.add_argument("--cache", default=None, help="a scratch file for the analysed articles and examples")
    parser.add_argument("--models", default="trigger,argument,speaker,status")
    parser.add_argument("--variants", default="linear,stack,topk")
    parser.add_argument("--seeds", default="0")
    parser.add_argument("--stack-k", type=int, default=100)
    parser.add_argument("--top-k", type=int, default=500)
    parser.add_argument("--trees", choices=sorted(TREES), default="default")
    parser.add_argument("--skip-cv", action="store_true")
    parser.add_argument("--skip-dev", action="store_true")
    args = parser.parse_args()
    started = time.process_time()
    use_tree_choosers()
    TREE_SETTING[0] = args.trees
    data = prepare(args.gold, args.shared, Path(args.cache) if args.cache else None)
    base = shipped_models()
    if base is None:
        sys.exit("no shipped attribution model")
    print(f"prepared in {time.process_time() - started:.0f} s CPU: {len(data.train)} train, "
          f"{len(data.dev_all)} dev ({len(data.dev_open)} open)", flush=True)
    if not args.skip_dev:
        print(f"{'shipped':28s} dev: {fmt(evaluate_dev(base, data.dev_all))}", flush=True)
    for kind in args.models.split(","):
        lin = Linear(kind, data, Path(args.cache + f".{kind}") if args.cache else None)
        for variant in args.variants.split(","):
            for seed in [int(s) for s in args.seeds.split(",")] if variant != "linear" else [0]:
                name = f"{kind} {variant}" + (f" seed {seed}" if variant != "linear" else "")
                t = time.process_time()
                if not args.skip_cv:
                    loss, acc = cv(kind, data, lin, variant, seed, args.stack_k, args.top_k)
                    print(f"{name:28s} CV:  log loss {loss:.4f}  accuracy {acc:.4f}", flush=True)
                if not args.skip_dev:
                    print(f"{name:28s} dev: {fmt(dev_run(kind, variant, data, lin, base, seed, args.stack_k, args.top_k))}"
                          f"  ({time.process_time() - t:.0f} s CPU)", flush=True)


if __name__ == "__main__":
    main()
