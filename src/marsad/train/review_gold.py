"""Analysts' reviews as a gold corpus (``marsad export-gold``), in the layout of ``gold/``.

Every document with a reviewed event or quote becomes one article of corpus ``review``:

* ``open-articles.jsonl`` holds its text exactly as stored (the offsets' reference), its
  publication date, URL, outlet and Marsad id (``document``);
* ``annotations/<id>.json`` holds the events and quotes judged right or corrected, with their
  reviewed values and spans ([start, end) into the text, as the annotation guide asks); items
  judged wrong go under ``rejected`` (the loader ignores it; they are the analysts' negatives);
* ``splits.tsv`` puts a fixed share of the articles in ``dev`` (chosen by a hash of the id, so a
  document keeps its split from one export to the next) and the rest in ``train``;
* ``saudinewsnet-articles.tsv`` is empty (no article is read from the shared data).

An annotation lists only reviewed items: an article's unreviewed machine output is no gold.
An item that cannot be written as gold (no trigger or cue span, a status outside the annotation
guide's) is left out and counted in :class:`GoldExport`.

Train on it with ``marsad train attribution --gold DIR --corpora review``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.attribution.choices import STATUSES
from marsad.evaluate.gold_corpus import check_annotation
from marsad.store.queries import Store
from marsad.store.reviews import find_name

CORPUS = "review"
SNN_HEADER = "id\tfile\tindex\tsource\turl\tpublished\tsha1\n"


@dataclass(slots=True)
class GoldExport:
    articles: int = 0
    events: int = 0
    mentions: int = 0  # re-mentions written after their event (``same_as``), kept or rejected
    quotes: int = 0
    rejected: int = 0
    skipped: list[str] = field(default_factory=list)  # "article: item: why"
    splits: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"articles": self.articles, "events": self.events, "mentions": self.mentions, "quotes": self.quotes,
                "rejected": self.rejected,
                "skipped": len(self.skipped), "splits": self.splits}


def article_id(document: str) -> str:
    """A file-name-safe gold id for a Marsad document id (``url:ab12`` → ``review-url-ab12``)."""
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in document)
    return f"{CORPUS}-{safe}"


def split_of(gold_id: str, dev_share: float) -> str:
    bucket = int(hashlib.sha1(gold_id.encode("utf-8")).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "dev" if bucket < dev_share or dev_share >= 1.0 else "train"


def _span(part: Any) -> list[int] | None:
    if isinstance(part, dict) and isinstance(part.get("start"), int) and isinstance(part.get("end"), int):
        return [int(part["start"]), int(part["end"])]
    return None


def _nearest(text: str, name: Any, near: int) -> list[int] | None:
    if not isinstance(name, str) or not name:
        return None
    return find_name(text, name, near)


def _place_span(record: dict[str, Any], item: dict[str, Any], doc: dict[str, Any], near: int) -> list[int] | None:
    place = record.get("place")
    found = _span(place)
    if found is not None or place is None:
        return found
    # The events stage names the place; its mentions are on the document's geocoded place.
    mentions: list[list[int]] = []
    for known in doc.get("places") or []:
        if (item.get("place_id") and known.get("id") == item.get("place_id")) or (
                item.get("location") and item.get("location") in (known.get("name"), known.get("canonical"))):
            mentions += [list(m) for m in known.get("mentions") or [] if isinstance(m, list | tuple) and len(m) == 2]
    if mentions:
        best = min(mentions, key=lambda m: abs(int(m[0]) - near))
        return [int(best[0]), int(best[1])]
    text = str(doc.get("text") or "")
    return _nearest(text, place.get("text") if isinstance(place, dict) else None, near) or _nearest(
        text, item.get("location"), near)


def event_gold(item: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    """A reviewed event report as an annotation-guide event."""
    record: dict[str, Any] = item.get("record") or {}
    trigger = _span(record.get("trigger"))
    near = trigger[0] if trigger else 0
    return {
        "trigger": trigger,
        "actor": _span(record.get("actor")),
        "target": _span(record.get("target")),
        "place": _place_span(record, item, doc, near),
        "source": _span(record.get("source")),
        "type": item.get("event_type"),
        "actor_name": item.get("actor1"),
        "target_name": item.get("actor2"),
        "date": item.get("event_date"),
        "status": item.get("status"),
        "same_as": None,
        "source_name": item.get("claim_source"),
    }


def remention_golds(item: dict[str, Any], text: str, event: dict[str, Any], index: int) -> list[dict[str, Any]]:
    """The re-mentions merged into a reviewed event, as gold events ``same_as`` ``index`` (where ``event``,
    its gold entry, stands): each its own trigger span, status (the event's when it has none the guide
    knows) and source; a re-mention whose trigger span is not in the text is left out."""
    record: dict[str, Any] = item.get("record") or {}
    out: list[dict[str, Any]] = []
    for mention in record.get("mentions") or []:
        trigger = _span(mention)
        if trigger is None or not 0 <= trigger[0] < trigger[1] <= len(text):
            continue
        source = mention.get("source") if isinstance(mention.get("source"), dict) else None
        status = mention.get("status") if mention.get("status") in STATUSES else event["status"]
        out.append({
            "trigger": trigger, "actor": None, "target": None, "place": None, "source": _span(source),
            "type": event["type"], "actor_name": None, "target_name": None, "date": event["date"],
            "status": status, "same_as": index,
            "source_name": (source.get("canonical") or source.get("text")) if source else None,
        })
    return out


def quote_gold(item: dict[str, Any]) -> dict[str, Any]:
    """A reviewed quote as an annotation-guide quote."""
    record: dict[str, Any] = item.get("record") or {}
    return {
        "cue": _span(record.get("cue")),
        "speaker": _span(record.get("speaker")),
        "content": _span(record.get("content")) or [int(item["start"]), int(item["end"])],
        "speaker_name": item.get("speaker"),
        "direct": bool(item.get("direct")),
    }


def export_gold(store: Store, out: Path, *, dev_share: float = 0.2) -> GoldExport:
    """Write every reviewed item of ``store`` as a gold corpus into ``out`` (see the module docstring).

    Annotations of articles no longer reviewed are not removed: give an empty or new folder."""
    summary = GoldExport()
    by_document: dict[str, list[dict[str, Any]]] = {}
    for item in store.reviewed_items():
        by_document.setdefault(str(item["document"]), []).append(item)
    (out / "annotations").mkdir(parents=True, exist_ok=True)
    splits: list[tuple[str, str]] = []
    articles: list[dict[str, Any]] = []
    for document, items in by_document.items():
        doc = store.document(document)
        if doc is None:
            continue
        gold_id = article_id(document)
        text = str(doc["text"])
        annotation: dict[str, Any] = {
            "id": gold_id, "corpus": CORPUS, "published": doc.get("published"), "document": document,
            "annotator": "; ".join(sorted({r for i in items for r in i.get("reviewers") or []})),
            "events": [], "quotes": [], "rejected": {"events": [], "quotes": []},
        }
        for item in sorted(items, key=lambda i: (i["kind"], int(i["idx"]))):
            kind = str(item["kind"])
            entry = event_gold(item, doc) if kind == "event" else quote_gold(item)
            problems = check_annotation({f"{kind}s": [entry]}, text)
            if problems:
                summary.skipped.append(f"{gold_id}: {kind} {item['idx']}: {'; '.join(problems)}")
                continue
            into = annotation["rejected"][f"{kind}s"] if item.get("verdict") == "wrong" else annotation[f"{kind}s"]
            into.append(entry)
            if item.get("verdict") == "wrong":
                summary.rejected += 1
            elif kind == "event":
                summary.events += 1
            else:
                summary.quotes += 1
            if kind == "event":
                mentions = remention_golds(item, text, entry, len(into) - 1)
                into.extend(mentions)
                summary.mentions += len(mentions)
        (out / "annotations" / f"{gold_id}.json").write_text(
            json.dumps(annotation, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        split = split_of(gold_id, dev_share)
        splits.append((gold_id, split))
        summary.splits[split] = summary.splits.get(split, 0) + 1
        articles.append({"id": gold_id, "corpus": CORPUS, "text": text, "published": doc.get("published"),
                         "url": doc.get("url"), "source": doc.get("source"), "document": document})
        summary.articles += 1
    (out / "splits.tsv").write_text("id\tsplit\n" + "".join(f"{i}\t{s}\n" for i, s in splits), encoding="utf-8")
    (out / "open-articles.jsonl").write_text(
        "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
    (out / "saudinewsnet-articles.tsv").write_text(SNN_HEADER, encoding="utf-8")
    return summary
