"""Score events and quotes against the gold corpus (``gold/``), split by split.

Events are scored as *event clusters*: a gold event and its re-mentions
(``same_as``) are one event. A predicted event matches a cluster of its type
when its trigger — or any of its merged mentions — overlaps a trigger of the
cluster; each cluster is matched once, so a second prediction for the same
cluster is a duplicate and counts as a false positive. Arguments (actor,
target, place, source) match when their spans overlap or their folded
surfaces contain one another; a missing argument matches a missing one.

Reported per split and per corpus (outlet family):

* events: type P/R/F1; type+actor P/R/F1; type+actor+target F1;
* of the predicted events that match a gold event: actor right, target right,
  status right (accuracy), and actor/target precision when one is given;
* duplicates: predicted events that repeat a matched cluster or the type and
  trigger of another prediction, as a share of all predicted events;
* quotes: cue P/R/F1; speaker precision (right speakers / predicted quotes with
  a speaker) and recall (right speakers / gold quotes with a speaker).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from marsad.document import Document, Event, Quote
from marsad.evaluate.gold_corpus import (
    Article,
    GoldCorpus,
    GoldCorpusError,
    check_annotation,
    load_annotation,
)
from marsad.evaluate.scores import PrecisionRecall
from marsad.text.normalize import normalize

Span = tuple[int, int]
Analyse = Callable[[Document], Document]


@dataclass(slots=True)
class Tally(PrecisionRecall):
    gold: int = 0
    predicted: int = 0
    correct: int = 0

    @property
    def n_correct(self) -> int:
        return self.correct

    @property
    def n_predicted(self) -> int:
        return self.predicted

    @property
    def n_gold(self) -> int:
        return self.gold

    def add(self, other: Tally) -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.correct += other.correct

    def as_dict(self) -> dict[str, float | int]:
        return {"gold": self.gold, "predicted": self.predicted, "correct": self.correct,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass(slots=True)
class Share:
    total: int = 0
    right: int = 0

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 0.0

    def add(self, other: Share) -> None:
        self.total += other.total
        self.right += other.right

    def as_dict(self) -> dict[str, float | int]:
        return {"total": self.total, "right": self.right, "share": round(self.value, 4)}


@dataclass(slots=True)
class Scores:
    articles: int = 0
    events_type: Tally = field(default_factory=Tally)
    events_actor: Tally = field(default_factory=Tally)
    events_actor_target: Tally = field(default_factory=Tally)
    actor_right: Share = field(default_factory=Share)
    target_right: Share = field(default_factory=Share)
    actor_precision: Share = field(default_factory=Share)
    target_precision: Share = field(default_factory=Share)
    status_right: Share = field(default_factory=Share)
    duplicates: Share = field(default_factory=Share)
    quotes: Tally = field(default_factory=Tally)
    speakers: Tally = field(default_factory=Tally)

    def add(self, other: Scores) -> None:
        self.articles += other.articles
        for name in self.__slots__:
            mine = getattr(self, name)
            if hasattr(mine, "add"):
                mine.add(getattr(other, name))

    def as_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "events_type": self.events_type.as_dict(),
            "events_type_actor": self.events_actor.as_dict(),
            "events_type_actor_target": self.events_actor_target.as_dict(),
            "actor_right": self.actor_right.as_dict(),
            "target_right": self.target_right.as_dict(),
            "actor_precision": self.actor_precision.as_dict(),
            "target_precision": self.target_precision.as_dict(),
            "status_right": self.status_right.as_dict(),
            "duplicates": self.duplicates.as_dict(),
            "quotes": self.quotes.as_dict(),
            "quote_speakers": self.speakers.as_dict(),
        }


@dataclass(slots=True)
class Report:
    split: str | None
    overall: Scores = field(default_factory=Scores)
    by_corpus: dict[str, Scores] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"split": self.split, "overall": self.overall.as_dict(),
                "by_corpus": {k: v.as_dict() for k, v in sorted(self.by_corpus.items())},
                "errors": self.errors}


# -- matching ----------------------------------------------------------------------
def _span(value: Any) -> Span | None:
    return (int(value[0]), int(value[1])) if isinstance(value, list | tuple) and len(value) == 2 else None


def _overlaps(a: Span | None, b: Span | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _folded(text: str) -> str:
    return " ".join(normalize(text).split())


def _pred_span(arg: dict[str, Any] | None) -> Span | None:
    if not arg:
        return None
    start, end = arg.get("start"), arg.get("end")
    return (start, end) if isinstance(start, int) and isinstance(end, int) else None


def same_argument(text: str, gold: Span | None, pred: dict[str, Any] | None) -> bool:
    """Overlapping spans, or folded surfaces of which one contains the other; None matches None."""
    if gold is None or not pred:
        return gold is None and not pred
    if _overlaps(gold, _pred_span(pred)):
        return True
    g = _folded(text[gold[0]:gold[1]])
    p = _folded(str(pred.get("text") or pred.get("name") or ""))
    return bool(g and p) and (g in p or p in g)


def _trigger_spans(event: Event) -> list[Span]:
    spans = [(int(event.trigger["start"]), int(event.trigger["end"]))]
    for mention in getattr(event, "mentions", None) or []:
        span = _pred_span(mention.get("trigger") if isinstance(mention.get("trigger"), dict) else mention)
        if span is not None:
            spans.append(span)
    return spans


def _root(events: Sequence[dict[str, Any]], k: int) -> int:
    seen: set[int] = set()
    while isinstance(events[k].get("same_as"), int) and k not in seen:
        seen.add(k)
        k = int(events[k]["same_as"])
    return k


@dataclass(slots=True)
class _Cluster:
    type: str
    members: list[dict[str, Any]]

    def triggers(self) -> list[Span]:
        return [s for s in (_span(m.get("trigger")) for m in self.members) if s is not None]


def _clusters(gold_events: Sequence[dict[str, Any]]) -> list[_Cluster]:
    by_root: dict[int, _Cluster] = {}
    for k, ev in enumerate(gold_events):
        root = _root(gold_events, k)
        cluster = by_root.setdefault(root, _Cluster(str(gold_events[root]["type"]), []))
        cluster.members.append(ev)
    return list(by_root.values())


def _argument_right(text: str, cluster: _Cluster, key: str, pred: dict[str, Any] | None) -> bool:
    """Right when the prediction agrees with the argument of any mention that names one."""
    named = [s for s in (_span(m.get(key)) for m in cluster.members) if s is not None]
    if not named:
        return not pred
    return any(same_argument(text, span, pred) for span in named)


def score_events(text: str, golds: Sequence[dict[str, Any]], preds: Sequence[Event], scores: Scores,
                 details: list[str], label: str) -> None:
    clusters = _clusters(golds)
    for tally in (scores.events_type, scores.events_actor, scores.events_actor_target):
        tally.gold += len(clusters)
        tally.predicted += len(preds)
    scores.duplicates.total += len(preds)
    seen_triggers: set[tuple[str, Span]] = set()
    candidates: list[tuple[int, int, int]] = []
    for pi, p in enumerate(preds):
        key = (p.type, _trigger_spans(p)[0])
        if key in seen_triggers:
            scores.duplicates.right += 1
        seen_triggers.add(key)
        for ci, c in enumerate(clusters):
            if c.type == p.type and any(_overlaps(g, t) for g in c.triggers() for t in _trigger_spans(p)):
                a = _argument_right(text, c, "actor", p.actor)
                t = _argument_right(text, c, "target", p.target)
                candidates.append((-(2 * a + t), pi, ci))
    candidates.sort()
    matched: dict[int, int] = {}
    used_clusters: set[int] = set()
    for _, pi, ci in candidates:
        if pi in matched or ci in used_clusters:
            continue
        matched[pi] = ci
        used_clusters.add(ci)
    for pi, p in enumerate(preds):
        if pi not in matched:
            if any(c.type == p.type and ci in used_clusters
                   and any(_overlaps(g, t) for g in c.triggers() for t in _trigger_spans(p))
                   for ci, c in enumerate(clusters)):
                scores.duplicates.right += 1
            details.append(f"{label}: extra {p.type} «{p.trigger.get('text')}» actor «{(p.actor or {}).get('text')}»")
            continue
        c = clusters[matched[pi]]
        actor = _argument_right(text, c, "actor", p.actor)
        target = _argument_right(text, c, "target", p.target)
        scores.events_type.correct += 1
        scores.events_actor.correct += actor
        scores.events_actor_target.correct += actor and target
        scores.actor_right.total += 1
        scores.actor_right.right += actor
        scores.target_right.total += 1
        scores.target_right.right += target
        if p.actor:
            scores.actor_precision.total += 1
            scores.actor_precision.right += actor
        if p.target:
            scores.target_precision.total += 1
            scores.target_precision.right += target
        statuses = {m.get("status") for m in c.members}
        scores.status_right.total += 1
        scores.status_right.right += p.status in statuses
        trig = c.triggers()[0]
        name = f"{c.type} «{text[trig[0]:trig[1]]}»"
        if not actor:
            want = [text[s[0]:s[1]] for s in (_span(m.get("actor")) for m in c.members) if s]
            details.append(f"{label}: actor of {name} is {want or None}, got «{(p.actor or {}).get('text')}»")
        if not target:
            want = [text[s[0]:s[1]] for s in (_span(m.get("target")) for m in c.members) if s]
            details.append(f"{label}: target of {name} is {want or None}, got «{(p.target or {}).get('text')}»")
        if p.status not in statuses:
            details.append(f"{label}: status of {name} is {sorted(str(s) for s in statuses)}, got {p.status}")
    for ci, c in enumerate(clusters):
        if ci not in used_clusters:
            trig = c.triggers()[0]
            details.append(f"{label}: missed {c.type} «{text[trig[0]:trig[1]]}»")


def score_quotes(text: str, golds: Sequence[dict[str, Any]], preds: Sequence[Quote], scores: Scores,
                 details: list[str], label: str) -> None:
    scores.quotes.gold += len(golds)
    scores.quotes.predicted += len(preds)
    scores.speakers.gold += sum(1 for g in golds if g.get("speaker"))
    scores.speakers.predicted += sum(1 for p in preds if p.speaker)
    used: set[int] = set()
    for g in golds:
        cue = _span(g.get("cue"))
        match = next((k for k, q in enumerate(preds)
                      if k not in used and _overlaps(cue, (int(q.cue["start"]), int(q.cue["end"])))), None)
        if match is None:
            details.append(f"{label}: missed quote «{text[cue[0]:cue[1]] if cue else ''}»")
            continue
        used.add(match)
        scores.quotes.correct += 1
        speaker = _span(g.get("speaker"))
        q = preds[match]
        if speaker is not None and q.speaker and same_argument(text, speaker, q.speaker):
            scores.speakers.correct += 1
        elif speaker is not None or q.speaker:
            want = text[speaker[0]:speaker[1]] if speaker else None
            details.append(f"{label}: speaker of «{q.cue.get('text')}» is «{want}», got «{(q.speaker or {}).get('text')}»")
    for k, q in enumerate(preds):
        if k not in used:
            details.append(f"{label}: extra quote «{q.cue.get('text')}» speaker «{(q.speaker or {}).get('text')}»")


def score_article(article: Article, gold: dict[str, Any], doc: Document, scores: Scores,
                  details: list[str]) -> None:
    scores.articles += 1
    score_events(article.text, gold.get("events", []), doc.events, scores, details, article.id)
    score_quotes(article.text, gold.get("quotes", []), doc.quotes, scores, details, article.id)


def annotated_articles(corpus: GoldCorpus, split: str | None,
                       errors: list[str]) -> Iterable[tuple[Article, dict[str, Any]]]:
    """Every annotated article of the split with its annotation; problems go to ``errors``."""
    for article_id, path in corpus.annotation_paths().items():
        if split is not None and corpus.splits.get(article_id) != split:
            continue
        try:
            article = corpus.article(article_id)
            gold = load_annotation(path)
        except GoldCorpusError as exc:
            errors.append(str(exc))
            continue
        problems = check_annotation(gold, article.text)
        if problems:
            errors.append(f"{article_id}: " + "; ".join(problems[:3]))
            continue
        yield article, gold


def evaluate_corpus(corpus: GoldCorpus, split: str | None, analyse: Analyse) -> Report:
    """Run ``analyse`` on every annotated article of ``split`` and score it."""
    report = Report(split)
    for article, gold in annotated_articles(corpus, split, report.errors):
        scores = Scores()
        doc = analyse(article.document())
        for error in doc.errors:  # a failing stage would look like a system that finds nothing
            report.errors.append(f"{article.id}: stage {error.stage} failed: {error.message}")
        score_article(article, gold, doc, scores, report.details)
        report.overall.add(scores)
        report.by_corpus.setdefault(article.corpus, Scores()).add(scores)
    return report


# -- agreement between two annotation passes ---------------------------------------
def _as_prediction(text: str, annotation: dict[str, Any]) -> tuple[list[Event], list[Quote]]:
    """A second pass read as if it were a system's output, to score it against the first."""

    def arg(value: Any) -> dict[str, Any] | None:
        span = _span(value)
        return None if span is None else {"start": span[0], "end": span[1], "text": text[span[0]:span[1]]}

    events: list[Event] = []
    for ev in annotation.get("events", []):
        if ev.get("same_as") is not None and 0 <= int(ev["same_as"]) < len(events):
            trig = arg(ev.get("trigger"))
            if trig is not None:
                events[int(ev["same_as"])].mentions.append(trig)
            continue
        trigger = arg(ev.get("trigger")) or {"start": 0, "end": 0, "text": ""}
        events.append(Event(str(ev.get("type")), None, trigger, arg(ev.get("actor")), arg(ev.get("target")),
                            None, ev.get("date"), str(ev.get("status")), arg(ev.get("source"))))
    quotes: list[Quote] = []
    for q in annotation.get("quotes", []):
        cue = arg(q.get("cue"))
        content = arg(q.get("content")) or cue
        if cue is None or content is None:
            continue
        quotes.append(Quote(cue["start"], content["end"], cue, arg(q.get("speaker")), content, bool(q.get("direct"))))
    return events, quotes


def agreement(corpus: GoldCorpus) -> Report:
    """The second pass scored against the first, on every article annotated twice."""
    report = Report("second-pass")
    firsts = corpus.annotation_paths()
    for article_id, path in corpus.annotation_paths("second-pass").items():
        if article_id not in firsts:
            continue
        try:
            article = corpus.article(article_id)
            first, second = load_annotation(firsts[article_id]), load_annotation(path)
        except GoldCorpusError as exc:
            report.errors.append(str(exc))
            continue
        doc = article.document()
        doc.events, doc.quotes = _as_prediction(article.text, second)
        scores = Scores()
        score_article(article, first, doc, scores, report.details)
        report.overall.add(scores)
        report.by_corpus.setdefault(article.corpus, Scores()).add(scores)
    return report
