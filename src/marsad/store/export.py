"""Exports of merged events: an ACLED-like table (CSV, JSON, Parquet) and PLOVER JSON Lines.

The ACLED-like columns are followed by Marsad's own: the status of the event
(confirmed, claimed, denied, …), its attribution chain and every report of it,
then what the learned models add: the highest confidence any report has (empty
for rule-only output), the event's id in each report (``document#e1``), the
dictionary ids of actor and target, and the most mentions one report makes of it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any, TextIO

from marsad.errors import MarsadError

ACLED_COLUMNS: tuple[str, ...] = (
    "event_date", "event_type", "sub_event_type", "actor1", "actor2", "country", "admin1", "location",
    "latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
)
MARSAD_COLUMNS: tuple[str, ...] = (
    "status", "source_chain", "reports_count", "urls", "cluster_id",
    "confidence", "event_ids", "actor1_id", "actor2_id", "mentions",
)
COLUMNS = ACLED_COLUMNS + MARSAD_COLUMNS
FORMATS = ("table", "json", "csv", "parquet", "plover")


class ExportError(MarsadError, RuntimeError):
    """An export that cannot be written (missing optional dependency, bad target)."""


def event_ids(reports: list[dict[str, Any]]) -> list[str]:
    """``document#key`` of every report whose event has an id in its document (set by the learned models)."""
    return [f"{r['document']}#{r['event_key']}" for r in reports if r.get("document") and r.get("event_key")]


def acled_row(event: dict[str, Any]) -> dict[str, Any]:
    """One merged event (from ``Store.merged_events``) as an ACLED-like row."""
    reports = event.get("reports") or []
    outlets = sorted({r["outlet"] for r in reports if r.get("outlet")})
    claimed_by = sorted({r["claim_source"] for r in reports if r.get("claim_source")})
    notes = event.get("trigger") or ""
    if claimed_by:
        notes = f"{notes} (according to {', '.join(claimed_by)})".strip()
    return {
        "event_date": event.get("event_date"),
        "event_type": event.get("event_type"),
        "sub_event_type": event.get("mode"),
        "actor1": event.get("actor1"),
        "actor2": event.get("actor2"),
        "country": event.get("country"),
        "admin1": event.get("admin1"),
        "location": event.get("location"),
        "latitude": event.get("lat"),
        "longitude": event.get("lon"),
        "geo_precision": event.get("geo_precision"),
        "source": "; ".join(outlets),
        "notes": notes,
        "fatalities": event.get("fatalities"),
        "status": event.get("status"),
        "source_chain": " > ".join(event.get("chain") or []),
        "reports_count": event.get("count", len(reports)),
        "urls": " ".join(r["url"] for r in reports if r.get("url")),
        "cluster_id": event.get("cluster_id"),
        "confidence": event.get("confidence"),
        "event_ids": " ".join(event_ids(reports)),
        "actor1_id": event.get("actor1_id"),
        "actor2_id": event.get("actor2_id"),
        "mentions": event.get("mentions"),
    }


def plover_record(event: dict[str, Any]) -> dict[str, Any]:
    """One merged event as a PLOVER JSON record (named fields of the PLOVER data-exchange format).

    PLOVER's record has no field for a model's confidence, dictionary ids or
    re-mentions; they go in a ``marsad`` object so the PLOVER fields keep their meaning."""
    reports = event.get("reports") or []
    record: dict[str, Any] = {
        "id": f"marsad-{event.get('cluster_id')}-{event.get('id')}",
        "date": event.get("event_date"),
        "actor": [{"entity_text": event["actor1"]}] if event.get("actor1") else [],
        "recipient": [{"entity_text": event["actor2"]}] if event.get("actor2") else [],
        "event": [event.get("event_type")],
        "mode": [event["mode"]] if event.get("mode") else [],
        "event_text": [event["trigger"]] if event.get("trigger") else [],
        "coder": "marsad",
        "status": event.get("status"),
        "source_chain": event.get("chain") or [],
        "reports_count": event.get("count", len(reports)),
        "cite_info": [
            {"source": r.get("outlet"), "url": r.get("url"), "date": r.get("published"), "doc_id": r.get("document"),
             "status": r.get("status"), "according_to": r.get("claim_source"), "event_key": r.get("event_key")}
            for r in reports
        ],
        "marsad": {
            "confidence": event.get("confidence"),
            "actor_id": event.get("actor1_id"),
            "recipient_id": event.get("actor2_id"),
            "mentions": event.get("mentions"),
            "event_ids": event_ids(reports),
        },
    }
    if event.get("location") or event.get("lat") is not None:
        record["event_loc"] = {
            "name": event.get("location"), "country": event.get("country"), "admin1": event.get("admin1"),
            "lat": event.get("lat"), "lon": event.get("lon"), "precision": event.get("geo_precision"),
        }
    if event.get("fatalities") is not None:
        record["fatalities"] = event["fatalities"]
    return record


def write_csv(events: Iterable[dict[str, Any]], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS))
    writer.writeheader()
    count = 0
    for event in events:
        writer.writerow(acled_row(event))
        count += 1
    return count


def write_json(events: Iterable[dict[str, Any]], out: TextIO) -> int:
    rows = [acled_row(e) for e in events]
    json.dump(rows, out, ensure_ascii=False, indent=1)
    out.write("\n")
    return len(rows)


def write_plover(events: Iterable[dict[str, Any]], out: TextIO) -> int:
    """PLOVER records as JSON Lines (the format the PLOVER manual recommends)."""
    count = 0
    for event in events:
        out.write(json.dumps(plover_record(event), ensure_ascii=False) + "\n")
        count += 1
    return count


def write_parquet(events: Iterable[dict[str, Any]], path: str) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ExportError("Parquet export needs pyarrow: pip install 'marsad[parquet]'") from None
    rows = [acled_row(e) for e in events]
    schema = pa.schema([
        ("event_date", pa.string()), ("event_type", pa.string()), ("sub_event_type", pa.string()),
        ("actor1", pa.string()), ("actor2", pa.string()), ("country", pa.string()), ("admin1", pa.string()),
        ("location", pa.string()), ("latitude", pa.float64()), ("longitude", pa.float64()),
        ("geo_precision", pa.int64()), ("source", pa.string()), ("notes", pa.string()),
        ("fatalities", pa.int64()), ("status", pa.string()), ("source_chain", pa.string()),
        ("reports_count", pa.int64()), ("urls", pa.string()), ("cluster_id", pa.int64()),
        ("confidence", pa.float64()), ("event_ids", pa.string()), ("actor1_id", pa.string()),
        ("actor2_id", pa.string()), ("mentions", pa.int64()),
    ])
    table = pa.Table.from_pylist(rows, schema=schema)
    try:
        pq.write_table(table, path)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc}") from None
    return len(rows)


def to_text(events: Iterable[dict[str, Any]], fmt: str) -> str:
    """CSV, JSON or PLOVER output as a string (for small exports and tests)."""
    buffer = io.StringIO()
    {"csv": write_csv, "json": write_json, "plover": write_plover}[fmt](events, buffer)
    return buffer.getvalue()
