"""Flat tables from an analysed document: the column layout of the Spark job's Parquet output.

Pure Python (no Spark import) so the layout is testable alone and the loader
(:mod:`marsad.ingest.spark_load`) can rely on it.  Nested parts that analysts rarely
filter on (figures, mentions) are kept as JSON strings; ``documents.doc_json``
holds the whole analysed document so a load back into the store is lossless.
"""

from __future__ import annotations

import json
from typing import Any

# (column, type) with type one of: string, long, double, boolean, array<string>
Column = tuple[str, str]

TABLE_COLUMNS: dict[str, list[Column]] = {
    "documents": [
        ("doc_id", "string"),
        ("source", "string"),
        ("url", "string"),
        ("title", "string"),
        ("published", "string"),
        ("published_detected", "boolean"),
        ("chars", "long"),
        ("text", "string"),
        ("clean_text", "string"),
        ("n_repairs", "long"),
        ("n_entities", "long"),
        ("n_places", "long"),
        ("n_quotes", "long"),
        ("n_events", "long"),
        ("errors", "string"),
        ("doc_json", "string"),
    ],
    "repairs": [
        ("doc_id", "string"),
        ("start", "long"),
        ("end", "long"),
        ("original", "string"),
        ("replacement", "string"),
        ("kind", "string"),
    ],
    "entities": [
        ("doc_id", "string"),
        ("start", "long"),
        ("end", "long"),
        ("text", "string"),
        ("type", "string"),
        ("canonical", "string"),
        ("entity_id", "string"),
    ],
    "places": [
        ("doc_id", "string"),
        ("place_id", "string"),
        ("name", "string"),
        ("canonical", "string"),
        ("country", "string"),
        ("admin1", "string"),
        ("lat", "double"),
        ("lon", "double"),
        ("precision", "long"),
        ("mentions", "long"),
        ("mention_spans", "string"),
    ],
    "times": [
        ("doc_id", "string"),
        ("start", "long"),
        ("end", "long"),
        ("text", "string"),
        ("value", "string"),
        ("granularity", "string"),
    ],
    "quotes": [
        ("doc_id", "string"),
        ("start", "long"),
        ("end", "long"),
        ("cue", "string"),
        ("speaker", "string"),
        ("speaker_canonical", "string"),
        ("content", "string"),
        ("direct", "boolean"),
        ("chain", "array<string>"),
    ],
    "events": [
        ("doc_id", "string"),
        ("type", "string"),
        ("mode", "string"),
        ("trigger_start", "long"),
        ("trigger_end", "long"),
        ("trigger", "string"),
        ("actor", "string"),
        ("actor_canonical", "string"),
        ("target", "string"),
        ("target_canonical", "string"),
        ("place", "string"),
        ("place_id", "string"),
        ("lat", "double"),
        ("lon", "double"),
        ("date", "string"),
        ("status", "string"),
        ("source", "string"),
        ("chain", "array<string>"),
        ("figures", "string"),
    ],
}
TABLES: tuple[str, ...] = tuple(TABLE_COLUMNS)
PARTITION_COLUMN = "month"


def month_of(published: str | None) -> str:
    """The partition value: publication month ``YYYY-MM`` or ``unknown``."""
    if published and len(published) >= 7 and published[4] == "-":
        return published[:7]
    return "unknown"


def _get(part: dict[str, Any] | None, key: str) -> Any:
    return part.get(key) if part else None


def table_rows(doc: dict[str, Any]) -> dict[str, list[tuple[Any, ...]]]:
    """Rows for every table from one analysed document dict (``Document.to_dict()``).

    Each row is a tuple in :data:`TABLE_COLUMNS` order followed by the month.
    """
    doc_id = doc["id"]
    month = month_of(doc.get("published"))
    rows: dict[str, list[tuple[Any, ...]]] = {name: [] for name in TABLES}
    rows["documents"].append(
        (
            doc_id,
            doc.get("source"),
            doc.get("url"),
            doc.get("title"),
            doc.get("published"),
            bool(doc.get("published_detected")),
            len(doc["text"]),
            doc["text"],
            doc["clean_text"],
            len(doc.get("repairs") or []),
            len(doc.get("entities") or []),
            len(doc.get("places") or []),
            len(doc.get("quotes") or []),
            len(doc.get("events") or []),
            json.dumps(doc.get("errors") or [], ensure_ascii=False),
            json.dumps(doc, ensure_ascii=False),
            month,
        )
    )
    for r in doc.get("repairs") or []:
        rows["repairs"].append((doc_id, r["start"], r["end"], r["original"], r["replacement"], r["kind"], month))
    for e in doc.get("entities") or []:
        rows["entities"].append(
            (doc_id, e["start"], e["end"], e["text"], e["type"], e.get("canonical"), e.get("id"), month)
        )
    for p in doc.get("places") or []:
        mentions = p.get("mentions") or []
        rows["places"].append(
            (
                doc_id,
                p.get("id"),
                p.get("name"),
                p.get("canonical"),
                p.get("country"),
                p.get("admin1"),
                p.get("lat"),
                p.get("lon"),
                p.get("precision"),
                len(mentions),
                json.dumps(mentions),
                month,
            )
        )
    for t in doc.get("times") or []:
        rows["times"].append((doc_id, t["start"], t["end"], t["text"], t["value"], t["granularity"], month))
    for q in doc.get("quotes") or []:
        speaker = q.get("speaker")
        rows["quotes"].append(
            (
                doc_id,
                q["start"],
                q["end"],
                _get(q.get("cue"), "text"),
                _get(speaker, "text"),
                _get(speaker, "canonical"),
                _get(q.get("content"), "text"),
                bool(q.get("direct")),
                list(q.get("chain") or []),
                month,
            )
        )
    for ev in doc.get("events") or []:
        trigger = ev.get("trigger") or {}
        place = ev.get("place")
        rows["events"].append(
            (
                doc_id,
                ev.get("type"),
                ev.get("mode"),
                trigger.get("start"),
                trigger.get("end"),
                trigger.get("text"),
                _get(ev.get("actor"), "text"),
                _get(ev.get("actor"), "canonical"),
                _get(ev.get("target"), "text"),
                _get(ev.get("target"), "canonical"),
                _get(place, "name"),
                _get(place, "id"),
                _get(place, "lat"),
                _get(place, "lon"),
                ev.get("date"),
                ev.get("status"),
                _get(ev.get("source"), "canonical") or _get(ev.get("source"), "text"),
                list(ev.get("chain") or []),
                json.dumps(ev.get("figures") or [], ensure_ascii=False),
                month,
            )
        )
    return rows


def _coerce(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "double":
        return float(value)
    if kind == "long":
        return int(value)
    if kind == "boolean":
        return bool(value)
    if kind == "array<string>":
        return [str(v) for v in value]
    return str(value)


def coerce_row(table: str, row: tuple[Any, ...]) -> tuple[Any, ...]:
    """Give every value the Parquet column's type (Spark refuses an int in a double column)."""
    columns = TABLE_COLUMNS[table]
    values = [_coerce(v, kind) for v, (_name, kind) in zip(row, columns, strict=False)]
    return (*values, row[len(columns)])
