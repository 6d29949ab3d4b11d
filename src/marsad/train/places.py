"""Train the learned place scorer (:mod:`marsad.geo.scorer`) on the place gold (``gold/places``).

Every article of the split goes through ``boilerplate, repair, entities``; the places stage with the
hand-set rules alone then lists every candidate mention with its evidence
(:meth:`marsad.stages.places.PlaceStage.candidates`):

* the ``place`` model learns, for each candidate, whether it overlaps a gold place mention;
* the ``which`` model learns, for each gazetteer candidate of a candidate that overlaps a located gold
  mention, whether it is located right by the scorer's rule (:func:`marsad.evaluate.places.located_right`).

Both are L2-regularised logistic regressions on standardised features; the scaling is folded back
into the weights, so the file holds weights on the raw features.  The thresholds are chosen on dev by
running the whole places stage with the new models (``choose_thresholds``).
"""

from __future__ import annotations

import copy
import math
import random
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from marsad.document import Document, Place
from marsad.evaluate.gold_corpus import Article, GoldCorpus
from marsad.evaluate.judged_places import JudgedSet, JudgedText, Judgement
from marsad.evaluate.places import GoldPlaceScores, gold_place_articles, located_right, score_gold_places
from marsad.geo.gazetteer import Entry
from marsad.geo.names import rules
from marsad.geo.resolve import SAME_PLACE_KM, haversine_km
from marsad.geo.scorer import Logistic, PlaceScorer
from marsad.stages.place_scoring import candidate_features, place_features
from marsad.stages.places import Mention, PlaceStage

Features = dict[str, float]
# The corpora the shipped scorer learns from (redistributable); the others' train articles are held out.
OPEN_CORPORA = frozenset({"anercorp", "ntrex128"})
Analyse = Callable[[Document], Document]


@dataclass(slots=True)
class Examples:
    place: list[tuple[Features, int]] = field(default_factory=list)
    which: list[tuple[Features, int]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {"candidates": len(self.place), "places": sum(y for _x, y in self.place),
                "entries": len(self.which), "right_entries": sum(y for _x, y in self.which)}


@dataclass(slots=True)
class Prepared:
    """One gold article analysed up to the places stage (copied for each run of the stage)."""

    article: Article
    gold: dict[str, Any]
    doc: Document


def prepare(corpus: GoldCorpus, split: str, corpora: set[str] | None, analyse: Analyse,
            errors: list[str]) -> list[Prepared]:
    # the problems of the corpora asked for only: the open recipe says nothing of SaudiNewsNet articles
    # it never reads (their text is not at hand without the shared data)
    wanted = None if corpora is None else frozenset(corpora)
    return [Prepared(article, gold, analyse(article.document()))
            for article, gold in gold_place_articles(corpus, split, errors, wanted)]


def _as_place(entry: Entry) -> Place:
    return Place(entry.id, entry.name_ar, entry.name, entry.country or None, None, entry.lat, entry.lon,
                 entry.precision)


def collect(articles: Sequence[Prepared], stage: PlaceStage) -> Examples:
    """The training examples of both models (``stage`` must run the hand-set rules alone)."""
    out = Examples()
    for part in collect_by_article(articles, stage):
        out.place.extend(part.place)
        out.which.extend(part.which)
    return out


# What one candidate teaches: None (no label: nobody judged it), or whether it is a place and, for a place,
# how to tell its right entries (True / False; None: the label has no location to tell by).
Label = tuple[int, Callable[[Entry], bool | None] | None] | None


def _examples(doc: Document, stage: PlaceStage, label: Callable[[Mention], Label]) -> Examples:
    """The examples of one analysed text (``stage`` must run the hand-set rules alone): every candidate
    ``label`` labels is a place example; a settled place whose right entries are told labels ``which`` too."""
    out = Examples()
    home = rules().home_countries
    candidates, evidence = stage.candidates(copy.deepcopy(doc))
    for mention in candidates:
        found = label(mention)
        if found is None:
            continue
        is_place, right = found
        out.place.append((place_features(stage.gaz, mention, evidence), is_place))
        if not is_place or right is None or not mention.scored or not mention.settle:
            continue
        verdicts = [right(s.entry) for s in mention.scored]
        if any(v is None for v in verdicts) or not any(verdicts):
            continue  # nothing to learn: no location to tell by, or no candidate is right
        best = mention.scored[0]
        for scored, verdict in zip(mention.scored, verdicts, strict=True):
            out.which.append((candidate_features(mention, scored, best, home), int(bool(verdict))))
    return out


def collect_by_article(articles: Sequence[Prepared], stage: PlaceStage) -> list[Examples]:
    """The examples of each article apart (cross-validation keeps an article on one side)."""
    found = []
    for item in articles:
        gold = [(int(g["mention"][0]), int(g["mention"][1]), g) for g in item.gold["places"]]

        def label(mention: Mention, gold: list[tuple[int, int, dict[str, Any]]] = gold) -> Label:
            overlapping = [g for s, e, g in gold if s < mention.end and mention.start < e]
            if not overlapping:
                return 0, None

            def right(entry: Entry) -> bool | None:
                verdict = located_right(overlapping[0], _as_place(entry))
                return None if verdict is None else verdict[0]

            return 1, right

        found.append(_examples(item.doc, stage, label))
    return found


@dataclass(slots=True)
class PreparedJudged:
    """One text of hand-judged mentions analysed up to the places stage."""

    judged: JudgedText
    doc: Document


def prepare_judged(judged: JudgedSet, analyse: Analyse) -> list[PreparedJudged]:
    return [PreparedJudged(item, analyse(Document(item.text))) for item in judged.texts]


def collect_judged(items: Sequence[PreparedJudged], stage: PlaceStage) -> list[Examples]:
    """The examples of each judged text: a candidate of the stage (``stage``: the rules alone) that overlaps a
    judged mention is a place or not by the judgement; one that overlaps none is no label (nobody judged it).
    Where the judgement names the right entry, the candidate entries of a settled mention label ``which``."""
    by_id = {entry.id: entry for entry in stage.gaz.entries}
    found = []
    for item in items:
        judgements = item.judged.judgements

        def label(mention: Mention, judgements: list[Judgement] = judgements) -> Label:
            over = [j for j in judgements if j.start < mention.end and mention.start < j.end]
            if not over:
                return None
            gold = by_id.get(next((j.gold for j in over if j.gold), ""))
            right = None if gold is None else (lambda entry, gold=gold: _same_entry(entry, gold))
            return int(any(j.place for j in over)), right

        found.append(_examples(item.doc, stage, label))
    return found


def _same_entry(entry: Entry, gold: Entry) -> bool:
    """The judged place: its entry, or one of its country within a few km (a city and the division it seats)."""
    return entry.id == gold.id or (entry.country == gold.country
                                   and haversine_km(entry.lat, entry.lon, gold.lat, gold.lon) < SAME_PLACE_KM)


C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0)


def choose_c(groups: Sequence[Sequence[tuple[Features, int]]], grid: Sequence[float] = C_GRID,
             folds: int = 5, seed: int = 13) -> tuple[float, dict[float, float]]:
    """The regularisation with the lowest log loss in ``folds``-fold cross-validation over articles
    (``groups``: the examples of each article, kept on one side of every split)."""
    order = list(range(len(groups)))
    random.Random(seed).shuffle(order)
    parts = [set(order[k::folds]) for k in range(folds)]
    losses: dict[float, float] = {}
    for c in grid:
        total, count = 0.0, 0
        for held in parts:
            train_rows = [row for i in order if i not in held for row in groups[i]]
            test_rows = [row for i in held for row in groups[i]]
            if not test_rows or len({y for _x, y in train_rows}) < 2:
                continue
            total += log_loss(fit(train_rows, c), test_rows) * len(test_rows)
            count += len(test_rows)
        losses[c] = round(total / max(1, count), 5)
    return min(grid, key=lambda c: (losses[c], c)), losses


def fit(rows: Sequence[tuple[Features, int]], c: float) -> Logistic:
    """An L2 logistic regression (scikit-learn) on standardised features, returned on raw features."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    names = sorted({name for x, _y in rows for name in x})
    matrix = np.array([[x.get(name, 0.0) for name in names] for x, _y in rows], dtype=float)
    labels = np.array([y for _x, y in rows])
    if len(set(labels.tolist())) < 2:
        raise ValueError("the training examples hold one class only")
    mean = matrix.mean(axis=0)
    scale = matrix.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=2000)
    model.fit((matrix - mean) / scale, labels)
    raw = model.coef_[0] / scale
    bias = float(model.intercept_[0] - float(np.dot(raw, mean)))
    return Logistic({name: float(w) for name, w in zip(names, raw, strict=True) if abs(w) > 1e-6}, bias)


def run(articles: Sequence[Prepared], stage: PlaceStage) -> GoldPlaceScores:
    """The place scores of ``stage`` on ``articles`` (each analysed on a fresh copy)."""
    scores = GoldPlaceScores()
    details: list[str] = []
    for item in articles:
        doc = copy.deepcopy(item.doc)
        stage(doc)
        score_gold_places(item.article, item.gold, doc, scores, details)
    return scores


def f_beta(precision: float, recall: float, beta: float) -> float:
    if precision + recall == 0:
        return 0.0
    b2 = beta * beta
    return (1 + b2) * precision * recall / (b2 * precision + recall)


DROP_GRID = tuple(round(0.05 * k, 2) for k in range(0, 13))  # 0 .. 0.6
ADD_GRID = tuple(round(0.05 * k, 2) for k in range(10, 21))  # 0.5 .. 1 (1: never)
WHICH_GRID = tuple(round(0.05 * k, 2) for k in range(0, 15))


def choose_thresholds(scorer: PlaceScorer, dev: Sequence[Prepared], stage: PlaceStage, beta: float,
                      wrong_cost: float) -> tuple[PlaceScorer, list[dict[str, Any]]]:
    """The drop and add thresholds of the place model with the best F-beta of mentions on dev (beta < 1
    favours precision), then the ``which`` threshold with the most located-right mentions less ``wrong_cost`` per mislocated one
    (an unresolved mention is shown on no map); ties: the middle of the best thresholds."""
    chosen, trace = choose_thresholds_pooled([(scorer, dev)], stage, beta, wrong_cost, scorer)
    return chosen, trace


# Scored articles: the articles a scorer of unset thresholds is run on (dev with the model fitted on train, or
# each held-out fold with the model fitted on the other folds).
ScoredPart = tuple[PlaceScorer, Sequence[Prepared]]


def with_thresholds(scorer: PlaceScorer, drop: float, add: float, which: float) -> PlaceScorer:
    return PlaceScorer(Logistic(scorer.place.weights, scorer.place.bias, drop),
                       Logistic(scorer.which.weights, scorer.which.bias, which), add, scorer.meta)


def _run_parts(parts: Sequence[ScoredPart], stage: PlaceStage, drop: float, add: float,
               which: float) -> tuple[GoldPlaceScores, int]:
    """The place scores and the mislocated mentions of every part, each run by its own scorer at these
    thresholds, summed (one run of the stage per article)."""
    scores = GoldPlaceScores()
    wrong = 0
    details: list[str] = []
    for scorer, articles in parts:
        stage.scorer = with_thresholds(scorer, drop, add, which)
        for item in articles:
            doc = copy.deepcopy(item.doc)
            stage(doc)
            score_gold_places(item.article, item.gold, doc, scores, details)
            wrong += _mislocated_in(item, doc)
    return scores, wrong


def choose_thresholds_pooled(parts: Sequence[ScoredPart], stage: PlaceStage, beta: float, wrong_cost: float,
                             final: PlaceScorer, drop_grid: Sequence[float] = DROP_GRID
                             ) -> tuple[PlaceScorer, list[dict[str, Any]]]:
    """:func:`choose_thresholds` on several parts pooled: each part's articles are run by that part's scorer
    (a fold scored by the model fitted on the other folds), and every threshold is chosen on the sum. The
    chosen thresholds are returned on ``final``'s weights."""
    trace: list[dict[str, Any]] = []

    def mentions_value(drop: float, add: float, what: str) -> float:
        m = _run_parts(parts, stage, drop, add, 0.5)[0].mentions
        value = f_beta(m.precision, m.recall, beta)
        trace.append({what: drop if what == "drop_threshold" else add, "precision": round(m.precision, 4),
                      "recall": round(m.recall, 4), f"f{beta:g}": round(value, 4)})
        return value

    # first what the scorer removes of the rules' places (adding nothing), then what it adds
    drop = _middle_of_best(drop_grid, [mentions_value(t, 1.0, "drop_threshold") for t in drop_grid])
    add = _middle_of_best(ADD_GRID, [mentions_value(drop, t, "add_threshold") for t in ADD_GRID])
    values = []
    for threshold in WHICH_GRID:
        scores, wrong = _run_parts(parts, stage, drop, add, threshold)
        values.append(scores.located.right - wrong_cost * wrong)
        trace.append({"which_threshold": threshold, "located_right": scores.located.right,
                      "of": scores.located.total, "value": round(values[-1], 3)})
    # the articles may hold no mention whose candidates the threshold separates: then the logistic's own 0.5
    which_threshold = 0.5 if len(set(values)) == 1 else _middle_of_best(WHICH_GRID, values)
    chosen = with_thresholds(final, drop, add, which_threshold)
    stage.scorer = chosen
    return chosen, trace


def fold_of(article_ids: Sequence[str], folds: int, salt: str = "") -> dict[str, int]:
    """A fold for each article id, deterministic and balanced: the ids ordered by a hash of ``salt`` and
    the id (not by corpus or name, so every fold mixes the corpora), then dealt out in turn."""
    if folds < 2:
        raise ValueError(f"folds must be 2 or more, not {folds}")
    order = sorted(set(article_ids), key=lambda i: (zlib.crc32(f"{salt}{i}".encode()), i))
    return {article_id: n % folds for n, article_id in enumerate(order)}


def fit_scorer(groups: Sequence[Examples], c_place: float | None = None,
               c_which: float | None = None) -> PlaceScorer:
    """Both models fitted on ``groups`` (the examples of each article or judged text), the regularisation
    chosen by cross-validation over them where not given; thresholds unset (0.5, add never)."""
    if c_place is None:
        c_place = choose_c([g.place for g in groups])[0]
    if c_which is None:
        c_which = choose_c([g.which for g in groups])[0]
    place = fit([r for g in groups for r in g.place], c_place)
    which = fit([r for g in groups for r in g.which], c_which)
    return PlaceScorer(place, which, 1.0, {"c": {"place": c_place, "which": c_which}})


def out_of_fold_parts(articles: Sequence[Prepared], groups: Sequence[Examples], extra: Sequence[Examples],
                      folds: int, c_place: float, c_which: float, salt: str = "inner") -> list[ScoredPart]:
    """Each fold of ``articles`` (``groups``: their examples, in the same order) with the scorer fitted on the
    other folds and ``extra`` (judged texts, learned by every fold): what thresholds are chosen on when they
    are chosen on out-of-fold predictions."""
    fold = fold_of([p.article.id for p in articles], folds, salt)
    parts: list[ScoredPart] = []
    for k in range(folds):
        held = [p for p in articles if fold[p.article.id] == k]
        rest = [g for p, g in zip(articles, groups, strict=True) if fold[p.article.id] != k]
        if held:
            parts.append((fit_scorer([*rest, *extra], c_place, c_which), held))
    return parts


def _middle_of_best(grid: Sequence[float], values: Sequence[float]) -> float:
    """The middle of the thresholds that reach the best value (a plateau chosen on a small dev set:
    its middle is the least tuned to it)."""
    best = max(values)
    tied = [t for t, v in zip(grid, values, strict=True) if v >= best - 1e-9]
    return tied[len(tied) // 2]


def _mislocated(articles: Sequence[Prepared], stage: PlaceStage) -> int:
    """Matched mentions the stage puts on the map at the wrong place."""
    wrong = 0
    for item in articles:
        doc = copy.deepcopy(item.doc)
        stage(doc)
        wrong += _mislocated_in(item, doc)
    return wrong


def _mislocated_in(item: Prepared, doc: Document) -> int:
    """The matched mentions of ``doc`` (``item``'s article after the stage) put on the map at the wrong place."""
    wrong = 0
    gold = [(int(g["mention"][0]), int(g["mention"][1]), g) for g in item.gold["places"]]
    for place in doc.places:
        if place.lat is None and place.country is None:
            continue
        for start, end in place.mentions:
            overlapping = [g for s, e, g in gold if s < end and start < e]
            if place.id is not None and overlapping:
                verdict = located_right(overlapping[0], place)
                wrong += int(verdict is not None and not verdict[0])
    return wrong


def log_loss(model: Logistic, rows: Sequence[tuple[Features, int]]) -> float:
    total = 0.0
    for x, y in rows:
        p = min(max(model.probability(x), 1e-9), 1 - 1e-9)
        total -= math.log(p if y else 1 - p)
    return total / max(1, len(rows))


def cross_validated(articles: Sequence[Prepared], template: PlaceScorer, c_place: float, c_which: float,
                    folds: int = 5, seed: int = 13, details: list[str] | None = None,
                    extra: Sequence[Examples] = ()) -> dict[str, GoldPlaceScores]:
    """Honest figures on in-sample articles: each fold of ``articles`` is scored by a scorer fitted on
    the other folds (``template``'s thresholds; an article stays on one side), by corpus and ``all``.
    ``extra`` (the examples of judged texts, never scored here) is learned by every fold."""
    rules_stage = PlaceStage(learned=False)
    groups = collect_by_article(articles, rules_stage)
    order = list(range(len(articles)))
    random.Random(seed).shuffle(order)
    by_corpus: dict[str, GoldPlaceScores] = {"all": GoldPlaceScores()}
    notes = details if details is not None else []
    for k in range(folds):
        held = set(order[k::folds])
        rows = [groups[i] for i in order if i not in held] + list(extra)
        place = fit([r for g in rows for r in g.place], c_place)
        which = fit([r for g in rows for r in g.which], c_which)
        stage = PlaceStage(rules_stage.gaz, PlaceScorer(
            Logistic(place.weights, place.bias, template.place.threshold),
            Logistic(which.weights, which.bias, template.which.threshold), template.add_threshold))
        score_places([articles[i] for i in sorted(held)], stage, notes, by_corpus)
    return by_corpus


def score_places(items: Sequence[Prepared], stage: PlaceStage, details: list[str],
                 by_corpus: dict[str, GoldPlaceScores] | None = None) -> dict[str, GoldPlaceScores]:
    """``stage`` run on a copy of each prepared article and scored against its gold, added into
    ``by_corpus`` (by corpus and ``all``; a new table when None), which is returned."""
    out = by_corpus if by_corpus is not None else {"all": GoldPlaceScores()}
    for item in items:
        doc = copy.deepcopy(item.doc)
        stage(doc)
        scores = GoldPlaceScores()
        score_gold_places(item.article, item.gold, doc, scores, details)
        out["all"].add(scores)
        out.setdefault(item.article.corpus, GoldPlaceScores()).add(scores)
    return out
