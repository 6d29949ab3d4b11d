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
    checked_annotations,
    load_annotation,
)
from marsad.evaluate.matching import Span, cluster_root, gold_span, overlaps, predicted_span, same_argument
from marsad.evaluate.scores import Counts, Ratio

Analyse = Callable[[Document], Document]


@dataclass(slots=True)
class Scores:
    articles: int = 0
    events_type: Counts = field(default_factory=Counts)
    events_actor: Counts = field(default_factory=Counts)
    events_actor_target: Counts = field(default_factory=Counts)
    actor_right: Ratio = field(default_factory=Ratio)
    target_right: Ratio = field(default_factory=Ratio)
    actor_precision: Ratio = field(default_factory=Ratio)
    target_precision: Ratio = field(default_factory=Ratio)
    status_right: Ratio = field(default_factory=Ratio)
    duplicates: Ratio = field(default_factory=Ratio)
    quotes: Counts = field(default_factory=Counts)
    speakers: Counts = field(default_factory=Counts)

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
            "actor_right": self.actor_right.as_dict("share"),
            "target_right": self.target_right.as_dict("share"),
            "actor_precision": self.actor_precision.as_dict("share"),
            "target_precision": self.target_precision.as_dict("share"),
            "status_right": self.status_right.as_dict("share"),
            "duplicates": self.duplicates.as_dict("share"),
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
def _trigger_spans(event: Event) -> list[Span]:
    spans = [(int(event.trigger["start"]), int(event.trigger["end"]))]
    for mention in getattr(event, "mentions", None) or []:
        span = predicted_span(mention.get("trigger") if isinstance(mention.get("trigger"), dict) else mention)
        if span is not None:
            spans.append(span)
    return spans


@dataclass(slots=True)
class _Cluster:
    type: str
    members: list[dict[str, Any]]

    def triggers(self) -> list[Span]:
        return [s for s in (gold_span(m.get("trigger")) for m in self.members) if s is not None]


def _clusters(gold_events: Sequence[dict[str, Any]]) -> list[_Cluster]:
    by_root: dict[int, _Cluster] = {}
    for k, ev in enumerate(gold_events):
        root = cluster_root(gold_events, k)
        cluster = by_root.setdefault(root, _Cluster(str(gold_events[root]["type"]), []))
        cluster.members.append(ev)
    return list(by_root.values())


def _argument_right(text: str, cluster: _Cluster, key: str, pred: dict[str, Any] | None) -> bool:
    """Right when the prediction agrees with the argument of any mention that names one."""
    named = [s for s in (gold_span(m.get(key)) for m in cluster.members) if s is not None]
    if not named:
        return not pred
    return any(same_argument(text, span, pred) for span in named)


def _triggers_meet(cluster: _Cluster, event: Event) -> bool:
    return cluster.type == event.type and any(
        overlaps(g, t) for g in cluster.triggers() for t in _trigger_spans(event))


def _match_events(text: str, clusters: Sequence[_Cluster], preds: Sequence[Event]) -> dict[int, int]:
    """Prediction → cluster, one to one, the pairs whose arguments agree best first."""
    candidates: list[tuple[int, int, int]] = []
    for pi, p in enumerate(preds):
        for ci, c in enumerate(clusters):
            if _triggers_meet(c, p):
                a = _argument_right(text, c, "actor", p.actor)
                t = _argument_right(text, c, "target", p.target)
                candidates.append((-(2 * a + t), pi, ci))
    matched: dict[int, int] = {}
    used: set[int] = set()
    for _, pi, ci in sorted(candidates):
        if pi not in matched and ci not in used:
            matched[pi] = ci
            used.add(ci)
    return matched


def _count_duplicates(clusters: Sequence[_Cluster], preds: Sequence[Event], matched: dict[int, int]) -> int:
    """Predictions repeating the type and trigger of an earlier one, or an already matched cluster."""
    used = set(matched.values())
    seen: set[tuple[str, Span]] = set()
    duplicates = 0
    for pi, p in enumerate(preds):
        key = (p.type, _trigger_spans(p)[0])
        repeat = key in seen
        seen.add(key)
        remention = pi not in matched and any(ci in used and _triggers_meet(c, p) for ci, c in enumerate(clusters))
        duplicates += repeat or remention
    return duplicates


def _score_match(text: str, cluster: _Cluster, p: Event, scores: Scores, details: list[str], label: str) -> None:
    actor = _argument_right(text, cluster, "actor", p.actor)
    target = _argument_right(text, cluster, "target", p.target)
    statuses = {m.get("status") for m in cluster.members}
    scores.events_type.correct += 1
    scores.events_actor.correct += actor
    scores.events_actor_target.correct += actor and target
    for ratio, right, given in ((scores.actor_right, actor, True), (scores.target_right, target, True),
                                (scores.actor_precision, actor, bool(p.actor)),
                                (scores.target_precision, target, bool(p.target)),
                                (scores.status_right, p.status in statuses, True)):
        if given:
            ratio.total += 1
            ratio.right += right
    trig = cluster.triggers()[0]
    name = f"{cluster.type} «{text[trig[0]:trig[1]]}»"
    for role, right, got in (("actor", actor, p.actor), ("target", target, p.target)):
        if not right:
            want = [text[s[0]:s[1]] for s in (gold_span(m.get(role)) for m in cluster.members) if s]
            details.append(f"{label}: {role} of {name} is {want or None}, got «{(got or {}).get('text')}»")
    if p.status not in statuses:
        details.append(f"{label}: status of {name} is {sorted(str(s) for s in statuses)}, got {p.status}")


def score_events(text: str, golds: Sequence[dict[str, Any]], preds: Sequence[Event], scores: Scores,
                 details: list[str], label: str) -> None:
    clusters = _clusters(golds)
    for tally in (scores.events_type, scores.events_actor, scores.events_actor_target):
        tally.gold += len(clusters)
        tally.predicted += len(preds)
    matched = _match_events(text, clusters, preds)
    scores.duplicates.total += len(preds)
    scores.duplicates.right += _count_duplicates(clusters, preds, matched)
    for pi, p in enumerate(preds):
        if pi in matched:
            _score_match(text, clusters[matched[pi]], p, scores, details, label)
        else:
            details.append(f"{label}: extra {p.type} «{p.trigger.get('text')}» actor «{(p.actor or {}).get('text')}»")
    used = set(matched.values())
    for ci, c in enumerate(clusters):
        if ci not in used:
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
        cue = gold_span(g.get("cue"))
        match = next((k for k, q in enumerate(preds)
                      if k not in used and overlaps(cue, (int(q.cue["start"]), int(q.cue["end"])))), None)
        if match is None:
            details.append(f"{label}: missed quote «{text[cue[0]:cue[1]] if cue else ''}»")
            continue
        used.add(match)
        scores.quotes.correct += 1
        speaker = gold_span(g.get("speaker"))
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


def annotated_articles(corpus: GoldCorpus, split: str | None, errors: list[str],
                       corpora: frozenset[str] | None = None) -> Iterable[tuple[Article, dict[str, Any]]]:
    """Every annotated article of the split (and of ``corpora``) with its annotation; problems go to ``errors``."""
    return checked_annotations(corpus, split, errors, "annotations", check_annotation, corpora)


def evaluate_corpus(corpus: GoldCorpus, split: str | None, analyse: Analyse,
                    corpora: frozenset[str] | None = None) -> Report:
    """Run ``analyse`` on every annotated article of ``split`` (of ``corpora``, if given) and score it."""
    report = Report(split)
    for article, gold in annotated_articles(corpus, split, report.errors, corpora):
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
        span = gold_span(value)
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
