"""Score quotes and events against gold annotations of real articles.

A gold file (``tests/gold/events/*.json``) points to one article of a JSON
Lines corpus by its line number (1-based) and URL, with the SHA-1 of the
annotated field so that a changed corpus is noticed, and holds offsets and
labels only::

    {"dataset": "saudinewsnet/syria_related_subset.jsonl", "line": 11, "url": "…",
     "field": "content", "sha1": "…",
     "quotes": [{"cue": [s, e], "speaker": [s, e] | null, "direct": bool}],
     "events": [{"type": "ASSAULT", "trigger": [s, e], "actor": [s, e] | null,
                 "target": [s, e] | null, "status": "claimed", "place": [s, e] | null}]}

Matching is by offsets: a predicted quote matches a gold quote when their cues
overlap; its speaker is right when the spans overlap or the folded surfaces
are equal (a continued speaker may point at another mention of the same name).
A predicted event matches a gold event of the same type whose trigger it
overlaps (one to one, best arguments first); actor, target and place match the
same way as speakers.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.document import Document, Event, Quote
from marsad.errors import MarsadError
from marsad.evaluate.matching import overlaps, same_argument
from marsad.evaluate.scores import Counts, Ratio

Span = tuple[int, int]


class GoldError(MarsadError, ValueError):
    """A gold file or corpus that cannot be used; the message is for the user."""


@dataclass(slots=True)
class GoldDoc:
    path: Path
    line: int
    url: str | None
    text_field: str
    sha1: str | None
    quotes: list[dict[str, Any]]
    events: list[dict[str, Any]]


@dataclass(slots=True)
class Report:
    documents: int = 0
    quotes: Counts = field(default_factory=Counts)
    speakers: Counts = field(default_factory=Counts)
    events_type: Counts = field(default_factory=Counts)
    events_actor: Counts = field(default_factory=Counts)
    events_actor_target: Counts = field(default_factory=Counts)
    status: Ratio = field(default_factory=Ratio)
    place: Ratio = field(default_factory=Ratio)
    errors: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "quotes": self.quotes.as_dict(),
            "quote_speakers": self.speakers.as_dict(),
            "events_type": self.events_type.as_dict(),
            "events_type_actor": self.events_actor.as_dict(),
            "events_type_actor_target": self.events_actor_target.as_dict(),
            "status_accuracy": self.status.as_dict(),
            "place_match": self.place.as_dict(),
            "errors": self.errors,
        }


# -- loading ---------------------------------------------------------------------
def _span(value: Any, what: str, path: Path) -> Span | None:
    if value is None:
        return None
    if (not isinstance(value, list) or len(value) != 2 or not all(isinstance(v, int) for v in value)
            or value[0] > value[1]):
        raise GoldError(f"{path.name}: {what} must be [start, end] or null, got {value!r}")
    return value[0], value[1]


def load_gold(gold_dir: Path) -> list[GoldDoc]:
    if not gold_dir.is_dir():
        raise GoldError(f"{gold_dir} is not a directory of gold JSON files")
    docs: list[GoldDoc] = []
    for path in sorted(gold_dir.glob("*.json")):
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise GoldError(f"{path.name}: not readable JSON ({exc})") from None
        if not isinstance(data, dict) or not isinstance(data.get("line"), int):
            raise GoldError(f"{path.name}: needs an integer 'line' (1-based line of the corpus)")
        for q in data.get("quotes", []):
            _span(q.get("cue"), "quote cue", path)
            _span(q.get("speaker"), "quote speaker", path)
        for ev in data.get("events", []):
            if not isinstance(ev.get("type"), str) or not isinstance(ev.get("status"), str):
                raise GoldError(f"{path.name}: every event needs a 'type' and a 'status'")
            for key in ("trigger", "actor", "target", "place"):
                _span(ev.get(key), f"event {key}", path)
        docs.append(GoldDoc(path, data["line"], data.get("url"), data.get("field", "content"),
                            data.get("sha1"), list(data.get("quotes", [])), list(data.get("events", []))))
    if not docs:
        raise GoldError(f"no *.json gold files in {gold_dir}")
    return docs


def load_records(corpus: Path, lines: Iterable[int]) -> dict[int, dict[str, Any]]:
    """The corpus records at the given 1-based line numbers."""
    wanted = set(lines)
    found: dict[int, dict[str, Any]] = {}
    try:
        with corpus.open("r", encoding="utf-8") as handle:
            for number, raw in enumerate(handle, start=1):
                if number in wanted:
                    try:
                        found[number] = json.loads(raw)
                    except ValueError:
                        raise GoldError(f"{corpus.name}: line {number} is not JSON") from None
                    if len(found) == len(wanted):
                        break
    except OSError as exc:
        raise GoldError(f"cannot read corpus {corpus}: {exc.strerror or exc}") from None
    return found


def document_for(gold: GoldDoc, record: dict[str, Any]) -> Document:
    text = record.get(gold.text_field)
    if not isinstance(text, str):
        raise GoldError(f"{gold.path.name}: corpus line {gold.line} has no text field {gold.text_field!r}")
    if gold.sha1 and hashlib.sha1(text.encode("utf-8")).hexdigest() != gold.sha1:
        raise GoldError(f"{gold.path.name}: corpus line {gold.line} is not the annotated article (checksum differs)")
    if gold.url and record.get("url") and record["url"] != gold.url:
        raise GoldError(f"{gold.path.name}: corpus line {gold.line} has another URL than the gold file")
    date = str(record.get("date_extracted") or "")[:10] or None
    return Document(text, url=record.get("url"), title=record.get("title"), source=record.get("source"),
                    published=date)


# -- matching ----------------------------------------------------------------------
def score_quotes(doc: Document, gold: GoldDoc, report: Report) -> None:
    text = doc.text
    quotes = report.quotes
    speakers = report.speakers
    quotes.gold += len(gold.quotes)
    quotes.predicted += len(doc.quotes)
    speakers.gold += sum(1 for q in gold.quotes if q.get("speaker"))
    speakers.predicted += sum(1 for q in doc.quotes if q.speaker)
    used: set[int] = set()
    for g in gold.quotes:
        cue = _span(g["cue"], "cue", gold.path)
        match: Quote | None = None
        for k, q in enumerate(doc.quotes):
            if k not in used and overlaps(cue, (q.cue["start"], q.cue["end"])):
                match = q
                used.add(k)
                break
        if match is None:
            report.details.append(f"line {gold.line}: missed quote at {cue} «{text[cue[0]:cue[1]] if cue else ''}»")
            continue
        quotes.correct += 1
        g_speaker = _span(g.get("speaker"), "speaker", gold.path)
        if g_speaker is not None and match.speaker and same_argument(text, g_speaker, match.speaker):
            speakers.correct += 1
        elif g_speaker is not None:
            got = match.speaker.get("text") if match.speaker else None
            report.details.append(
                f"line {gold.line}: speaker of «{match.cue['text']}» is «{text[g_speaker[0]:g_speaker[1]]}», got «{got}»"
            )
    for k, q in enumerate(doc.quotes):
        if k not in used:
            report.details.append(f"line {gold.line}: extra quote «{q.cue['text']}» speaker «{(q.speaker or {}).get('text')}»")


def score_events(doc: Document, gold: GoldDoc, report: Report) -> None:
    text = doc.text
    preds = doc.events
    golds = gold.events
    for counts in (report.events_type, report.events_actor, report.events_actor_target):
        counts.gold += len(golds)
        counts.predicted += len(preds)

    def agree(g: dict[str, Any], p: Event) -> tuple[bool, bool, bool]:
        actor = same_argument(text, _span(g.get("actor"), "actor", gold.path), p.actor)
        target = same_argument(text, _span(g.get("target"), "target", gold.path), p.target)
        place = same_argument(text, _span(g.get("place"), "place", gold.path), _place_arg(p))
        return actor, target, place

    candidates: list[tuple[int, int, int]] = []
    for gi, g in enumerate(golds):
        trig = _span(g["trigger"], "trigger", gold.path)
        for pi, p in enumerate(preds):
            if p.type == g["type"] and overlaps(trig, (p.trigger["start"], p.trigger["end"])):
                a, t, pl = agree(g, p)
                candidates.append((-(2 * a + t + pl), gi, pi))
    candidates.sort()
    g_used: dict[int, int] = {}
    p_used: set[int] = set()
    for _score, gi, pi in candidates:
        if gi in g_used or pi in p_used:
            continue
        g_used[gi] = pi
        p_used.add(pi)
    for gi, g in enumerate(golds):
        trig = _span(g["trigger"], "trigger", gold.path)
        label = f"{g['type']} «{text[trig[0]:trig[1]] if trig else ''}»"
        if gi not in g_used:
            report.details.append(f"line {gold.line}: missed event {label}")
            continue
        p = preds[g_used[gi]]
        actor, target, place = agree(g, p)
        report.events_type.correct += 1
        report.events_actor.correct += actor
        report.events_actor_target.correct += actor and target
        report.status.total += 1
        report.status.right += p.status == g["status"]
        if p.status != g["status"]:
            report.details.append(f"line {gold.line}: status of {label} is {g['status']}, got {p.status}")
        if not actor:
            report.details.append(f"line {gold.line}: actor of {label} wrong: got «{(p.actor or {}).get('text')}»")
        elif not target:
            g_target = _span(g.get("target"), "target", gold.path)
            want = text[g_target[0]:g_target[1]] if g_target else None
            report.details.append(
                f"line {gold.line}: target of {label} is «{want}», got «{(p.target or {}).get('text')}»"
            )
        if g.get("place") is not None:
            report.place.total += 1
            report.place.right += place
    for pi, p in enumerate(preds):
        if pi not in p_used:
            report.details.append(
                f"line {gold.line}: extra event {p.type} «{p.trigger['text']}» actor «{(p.actor or {}).get('text')}»"
            )


def _place_arg(ev: Event) -> dict[str, Any] | None:
    if ev.place is None:
        return None
    return {"text": ev.place.get("text") or ev.place.get("name"), "start": ev.place.get("start"),
            "end": ev.place.get("end")}


def evaluate(
    gold_dir: Path, corpus: Path, analyse: Callable[[Document], Document],
) -> Report:
    """Run ``analyse`` on every annotated article and score it."""
    golds = load_gold(gold_dir)
    if not corpus.is_file():
        raise GoldError(f"corpus {corpus} not found; pass --data PATH to the JSON Lines file")
    records = load_records(corpus, (g.line for g in golds))
    report = Report()
    for gold in golds:
        record = records.get(gold.line)
        if record is None:
            report.errors.append(f"{gold.path.name}: corpus has no line {gold.line}")
            continue
        try:
            doc = analyse(document_for(gold, record))
        except GoldError as exc:
            report.errors.append(str(exc))
            continue
        report.documents += 1
        score_quotes(doc, gold, report)
        score_events(doc, gold, report)
    return report
