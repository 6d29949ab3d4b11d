"""Exports of events: merged events as an ACLED-like table (CSV, JSON, JSON Lines,
Parquet) and PLOVER JSON Lines; event reports (the API's rows) as a flat table.

The ACLED-like columns are followed by Marsad's own: the status of the event
(asserted, claimed, denied, …), its attribution chain and every report of it,
then what the learned models add: the highest confidence any report has (empty
for rule-only output), the event's id in each report (``document#e1``), the
dictionary ids of actor and target, and the most mentions one report makes of it;
last, the ids that join the row to the rest of the data: the event's own id
(``document#key`` of its first report), that report's document id, and the
precision of the event date (day, month or year); and whether an analyst reviewed the event
(``reviewed``: its values are then the reviewed ones; the originals are in the review history)
with the verdict given (``right``, ``wrong``, or empty; a merged event is ``wrong`` when any of
its reports was judged wrong).  CSV writes the flag as ``true``/``false``.

CSV is written in UTF-8 with a byte-order mark: spreadsheet programs (Excel)
read a CSV without one in the machine's legacy code page and show Arabic as
mojibake; pandas (``encoding="utf-8-sig"``) and DuckDB read it either way.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from marsad.errors import MarsadError

ACLED_COLUMNS: tuple[str, ...] = (
    "event_date", "event_type", "sub_event_type", "actor1", "actor2", "country", "admin1", "location",
    "latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
)
MARSAD_COLUMNS: tuple[str, ...] = (
    "status", "source_chain", "reports_count", "urls", "cluster_id",
    "confidence", "event_ids", "actor1_id", "actor2_id", "mentions",
    "event_id", "document_id", "date_precision", "reviewed", "verdict",
    "actor1_confidence", "actor2_confidence",
    # The report named by event_id / document_id, located in its article's original text:
    "trigger_start", "trigger_end", "claim_text", "claim_start", "claim_end",
    # Every mention of the event (every report, and the re-mentions merged in each), each located:
    # ``Store.merged_events``' ``all_mentions`` (JSON text in CSV and Parquet).
    "all_mentions",
    # Every status the event's mentions give, its reports' and their merged re-mentions' (round 35: a
    # claim and its denial): a list in JSON, JSON text in CSV and Parquet; ``status`` is the most certain report's.
    "statuses",
    # Who else tells it (round 37, store/corroboration.py): the outlets of the group of articles whose
    # events are grouped as this act (1 when none), the group's id (empty when none), its outlets and
    # the claim sources its reports give (lists in JSON, JSON text in CSV and Parquet).
    "outlets_count", "corroboration_id", "corroborating_outlets", "corroborating_sources",
)
COLUMNS = ACLED_COLUMNS + MARSAD_COLUMNS
FORMATS = ("table", "json", "jsonl", "csv", "parquet", "plover", "geojson")
# Written first in a CSV file so spreadsheets read it as UTF-8 (see the module docstring).
BOM = "\ufeff"

# One row per event report (what ``/api/events`` lists): the API's exports.
REPORT_COLUMNS: tuple[str, ...] = (
    "event_id", "document_id", "index", "cluster_id", "event_date", "date_precision", "event_type", "mode",
    "status", "actor1", "actor1_id", "actor2", "actor2_id", "location", "place_id", "country", "admin1",
    "latitude", "longitude", "geo_precision", "claim_source", "claim_text", "claim_start", "claim_end",
    "source_chain", "fatalities", "confidence",
    "actor1_confidence", "actor2_confidence", "mentions", "trigger", "trigger_start", "trigger_end", "outlet", "published", "title", "url", "reviewed", "verdict",
    # Who else tells it (round 37): the outlets of the report's corroboration group (1: none), its id.
    "outlets_count", "corroboration_id",
)


class ExportError(MarsadError, RuntimeError):
    """An export that cannot be written (missing optional dependency, bad target)."""


def event_ids(reports: list[dict[str, Any]]) -> list[str]:
    """``document#key`` of every report whose event has an id in its document (set by the learned models)."""
    return [f"{r['document']}#{r['event_key']}" for r in reports if r.get("document") and r.get("event_key")]


def date_precision(date: object) -> str | None:
    """How precise an event date is, from its ISO form: ``day`` (2019-12-11), ``month`` (2019-12),
    ``year`` (2019); None for no date or another form."""
    if not isinstance(date, str):
        return None
    return {10: "day", 7: "month", 4: "year"}.get(len(date))


def report_event_id(document: object, key: object, index: object) -> str | None:
    """An event's id in its document: ``document#key`` when the models gave it a key (``e1``),
    else ``document#i<position>`` (its place in the document's event list, from 0)."""
    if not document:
        return None
    if key:
        return f"{document}#{key}"
    return f"{document}#i{index}" if index is not None else None


def acled_row(event: dict[str, Any]) -> dict[str, Any]:
    """One merged event (from ``Store.merged_events``) as an ACLED-like row."""
    reports = event.get("reports") or []
    first: dict[str, Any] = reports[0] if reports else {}
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
        "event_id": report_event_id(first.get("document"), first.get("event_key"), first.get("index")),
        "document_id": first.get("document"),
        "date_precision": date_precision(event.get("event_date")),
        "reviewed": bool(event.get("reviewed")),
        "verdict": event.get("verdict"),
        "actor1_confidence": event.get("actor1_confidence"),
        "actor2_confidence": event.get("actor2_confidence"),
        **report_spans(first),
        "all_mentions": event.get("all_mentions") or [],
        "statuses": list(event.get("statuses") or []),
        **_corroboration_fields(event),
    }


def _corroboration_fields(event: dict[str, Any]) -> dict[str, Any]:
    group = event.get("corroboration")
    if not isinstance(group, dict):
        return {"outlets_count": event.get("outlets", 1), "corroboration_id": None, "corroborating_outlets": [],
                "corroborating_sources": []}
    return {"outlets_count": group.get("outlets"), "corroboration_id": group.get("id"),
            "corroborating_outlets": list(group.get("outlet_names") or []),
            "corroborating_sources": list(group.get("sources") or [])}


def report_spans(report: dict[str, Any]) -> dict[str, Any]:
    """Where one report is in its article's original text: the trigger's offsets and the claim source
    as written (``claim_text``; ``notes`` and ``source_chain`` give canonical names) with its offsets,
    so a fact-checker can go from an exported row to the words the article used."""
    return {key: report.get(key) for key in ("trigger_start", "trigger_end", "claim_text", "claim_start", "claim_end")}


def record_spans(record: object) -> dict[str, Any]:
    """:func:`report_spans`' fields read from an event's stored record (its JSON object)."""
    fields: dict[str, Any] = record if isinstance(record, dict) else {}
    trigger = fields.get("trigger")
    source = fields.get("source")
    trigger = trigger if isinstance(trigger, dict) else {}
    source = source if isinstance(source, dict) else {}
    return {"trigger_start": trigger.get("start"), "trigger_end": trigger.get("end"),
            "claim_text": source.get("text"), "claim_start": source.get("start"), "claim_end": source.get("end")}


def _span(report: dict[str, Any], prefix: str) -> list[int] | None:
    start, end = report.get(f"{prefix}_start"), report.get(f"{prefix}_end")
    return [start, end] if isinstance(start, int) and isinstance(end, int) else None


def report_row(report: dict[str, Any]) -> dict[str, Any]:
    """One event report (a row of ``Store.events``, as ``/api/events`` lists it) as a flat row."""
    return {
        "event_id": report_event_id(report.get("document"), report.get("event_key"), report.get("idx")),
        "document_id": report.get("document"),
        "index": report.get("idx"),
        "cluster_id": report.get("cluster_id"),
        "event_date": report.get("event_date"),
        "date_precision": date_precision(report.get("event_date")),
        "event_type": report.get("event_type"),
        "mode": report.get("mode"),
        "status": report.get("status"),
        "actor1": report.get("actor1"),
        "actor1_id": report.get("actor1_id"),
        "actor2": report.get("actor2"),
        "actor2_id": report.get("actor2_id"),
        "location": report.get("location"),
        "place_id": report.get("place_id"),
        "country": report.get("country"),
        "admin1": report.get("admin1"),
        "latitude": report.get("lat"),
        "longitude": report.get("lon"),
        "geo_precision": report.get("geo_precision"),
        "claim_source": report.get("claim_source"),
        **{key: value for key, value in record_spans(report.get("record")).items() if key.startswith("claim")},
        "source_chain": " > ".join(report.get("chain") or []),
        "fatalities": report.get("fatalities"),
        "confidence": report.get("confidence"),
        "actor1_confidence": report.get("actor1_confidence"),
        "actor2_confidence": report.get("actor2_confidence"),
        "mentions": report.get("mentions") or 1,
        "trigger": report.get("trigger"),
        **{key: value for key, value in record_spans(report.get("record")).items() if key.startswith("trigger")},
        "outlet": report.get("outlet"),
        "published": report.get("published"),
        "title": report.get("title"),
        "url": report.get("url"),
        "reviewed": bool(report.get("reviewed")),
        "verdict": report.get("verdict"),
        "outlets_count": report.get("corroboration_outlets") or 1,
        "corroboration_id": report.get("corroboration"),
    }


def csv_lines(rows: Iterable[dict[str, Any]], columns: tuple[str, ...]) -> Iterator[str]:
    """A CSV file as text pieces, the byte-order mark and header first (for streaming a response)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns))
    writer.writeheader()
    yield BOM + buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        # Flags as true/false (what pandas and DuckDB read as booleans), not Python's True/False;
        # a list (the mentions) as JSON text.
        writer.writerow({k: ("true" if v else "false") if isinstance(v, bool)
                         else json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v
                         for k, v in row.items()})
        yield buffer.getvalue()


_REVIEWED = REPORT_COLUMNS.index("reviewed")


def csv_table_lines(chunks: Iterable[list[tuple[Any, ...]]]) -> Iterator[str]:
    """The CSV of :func:`csv_lines` over report rows, from chunks of the flat report table
    (``Store.event_table_chunk``: ``REPORT_COLUMNS`` order, ``reviewed`` 0/1): one text piece per
    chunk, written by the C writer a chunk at a time (no dict per row)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(REPORT_COLUMNS)
    yield BOM + buffer.getvalue()
    flag = _REVIEWED
    for chunk in chunks:
        buffer.seek(0)
        buffer.truncate()
        writer.writerows((*row[:flag], "true" if row[flag] else "false", *row[flag + 1:]) for row in chunk)
        yield buffer.getvalue()


def write_report_table_parquet(chunks: Iterable[list[tuple[Any, ...]]], sink: Any) -> int:
    """:func:`write_reports_parquet` from chunks of the flat report table: each chunk a row group,
    built column by column (no dict per row)."""
    return list(report_table_parquet_steps(chunks, sink))[-1]


def report_table_parquet_steps(
    chunks: Iterable[list[tuple[Any, ...]]], sink: Any, batch_size: int = 5000
) -> Iterator[int]:
    """:func:`write_report_table_parquet` a chunk at a time: the rows read so far after each chunk
    (and once more when the file is complete), so a server can let other requests run in between.
    Row groups hold ``batch_size`` rows, as :func:`write_reports_parquet` writes them (same file)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ExportError("Parquet export needs pyarrow: pip install 'marsad[parquet]'") from None
    types = [getattr(pa, _REPORT_TYPES.get(name, "string"))() for name in REPORT_COLUMNS]
    schema = pa.schema(list(zip(REPORT_COLUMNS, types, strict=True)))

    def table(rows: list[tuple[Any, ...]]) -> Any:
        columns = list(zip(*rows, strict=True)) if rows else [() for _ in REPORT_COLUMNS]
        return pa.Table.from_arrays([
            pa.array([bool(v) for v in values] if name == "reviewed" else values, type=kind)
            for name, kind, values in zip(REPORT_COLUMNS, types, columns, strict=True)
        ], schema=schema)

    count = 0
    written = 0
    pending: list[tuple[Any, ...]] = []
    with pq.ParquetWriter(sink, schema) as writer:
        for chunk in chunks:
            pending += chunk
            count += len(chunk)
            while len(pending) >= batch_size:
                writer.write_table(table(pending[:batch_size]))
                written += batch_size
                del pending[:batch_size]
            yield count
        if pending or written == 0:  # the rest; an empty export is one empty row group, as before
            writer.write_table(table(pending))
    yield count


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
            {"source": r.get("outlet"), "url": r.get("url"), "date": r.get("published"),
             "document_id": r.get("document"), "doc_id": r.get("document"),  # doc_id: deprecated alias
             "status": r.get("status"), "according_to": r.get("claim_source"), "event_key": r.get("event_key"),
             # The words of this report's article, [start, end) in its original text.
             "according_to_text": r.get("claim_text"), "according_to_span": _span(r, "claim"),
             "event_text_span": _span(r, "trigger")}
            for r in reports
        ],
        "marsad": {
            "confidence": event.get("confidence"),
            "actor_id": event.get("actor1_id"),
            "recipient_id": event.get("actor2_id"),
            "actor_confidence": event.get("actor1_confidence"),
            "recipient_confidence": event.get("actor2_confidence"),
            "mentions": event.get("mentions"),
            "event_ids": event_ids(reports),
            # Every mention located, as in the other exports (cite_info has one entry per article).
            "all_mentions": event.get("all_mentions") or [],
            # Every status its mentions give (a claim and its denial), as a list (round 35).
            "statuses": event.get("statuses") or [],
            # Who else tells it (round 37): the outlets of its corroboration group, and the group.
            "outlets": event.get("outlets", 1),
            "corroboration": event.get("corroboration"),
        },
    }
    if event.get("location") or event.get("lat") is not None:
        record["event_loc"] = {
            "name": event.get("location"), "country": event.get("country"), "admin1": event.get("admin1"),
            "lat": event.get("lat"), "lon": event.get("lon"), "precision": event.get("geo_precision"),
        }
    if event.get("fatalities") is not None:
        record["fatalities"] = event["fatalities"]
    if event.get("reviewed"):  # only then: unreviewed records stay as they were
        record["marsad"].update(reviewed=True, verdict=event.get("verdict"))
    return record


def write_csv(events: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Merged events as CSV, after a byte-order mark (see the module docstring)."""
    count = 0

    def rows() -> Iterator[dict[str, Any]]:
        nonlocal count
        for event in events:
            count += 1
            yield acled_row(event)

    for piece in csv_lines(rows(), COLUMNS):
        out.write(piece)
    return count


def write_jsonl(events: Iterable[dict[str, Any]], out: TextIO) -> int:
    """The ACLED-like rows as JSON Lines, one object per event (like the other commands' --json)."""
    count = 0
    for event in events:
        out.write(json.dumps(acled_row(event), ensure_ascii=False) + "\n")
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


def geojson_collection(events: Iterable[dict[str, Any]]) -> tuple[dict[str, Any], int]:
    """Merged events as a GeoJSON FeatureCollection (RFC 7946) for a GIS (QGIS reads it as a point
    layer): one Point feature per event with coordinates, at its place (``[longitude, latitude]``),
    its properties the ACLED-like row's columns (``all_mentions`` a list, as in JSON).  An event with
    no coordinates has no feature; how many were left out is returned beside the collection."""
    features: list[dict[str, Any]] = []
    left_out = 0
    for event in events:
        row = acled_row(event)
        lat, lon = row.get("latitude"), row.get("longitude")
        if not isinstance(lat, int | float) or not isinstance(lon, int | float):
            left_out += 1
            continue
        features.append({"type": "Feature", "id": row.get("event_id") or len(features),
                         "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": row})
    return {"type": "FeatureCollection", "features": features}, left_out


def write_geojson(events: Iterable[dict[str, Any]], out: TextIO) -> int:
    """:func:`geojson_collection` written as one JSON document; the number of features written."""
    collection, _left_out = geojson_collection(events)
    json.dump(collection, out, ensure_ascii=False)
    out.write("\n")
    return len(collection["features"])


# The list columns written as JSON text in Parquet (and CSV).
_JSON_TEXT = ("all_mentions", "statuses", "corroborating_outlets", "corroborating_sources")


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
        ("event_id", pa.string()), ("document_id", pa.string()), ("date_precision", pa.string()),
        ("reviewed", pa.bool_()), ("verdict", pa.string()),
        ("actor1_confidence", pa.float64()), ("actor2_confidence", pa.float64()),
        ("trigger_start", pa.int64()), ("trigger_end", pa.int64()), ("claim_text", pa.string()),
        ("claim_start", pa.int64()), ("claim_end", pa.int64()), ("all_mentions", pa.string()),
        ("statuses", pa.string()), ("outlets_count", pa.int64()), ("corroboration_id", pa.int64()),
        ("corroborating_outlets", pa.string()), ("corroborating_sources", pa.string()),
    ])
    rows = [{**row, **{name: json.dumps(row[name], ensure_ascii=False) for name in _JSON_TEXT}} for row in rows]
    table = pa.Table.from_pylist(rows, schema=schema)
    try:
        pq.write_table(table, path)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc}") from None
    return len(rows)


def to_text(events: Iterable[dict[str, Any]], fmt: str) -> str:
    """CSV, JSON, JSON Lines or PLOVER output as a string (for small exports and tests)."""
    buffer = io.StringIO()
    {"csv": write_csv, "json": write_json, "jsonl": write_jsonl, "plover": write_plover}[fmt](events, buffer)
    return buffer.getvalue()


# Parquet types of the report columns that are not strings.
_REPORT_TYPES = {
    "index": "int64", "cluster_id": "int64", "latitude": "float64", "longitude": "float64",
    "geo_precision": "int64", "fatalities": "int64", "confidence": "float64", "mentions": "int64",
    "actor1_confidence": "float64", "actor2_confidence": "float64",
    "claim_start": "int64", "claim_end": "int64", "trigger_start": "int64", "trigger_end": "int64",
    "reviewed": "bool_", "outlets_count": "int64", "corroboration_id": "int64",
}


def write_reports_parquet(rows: Iterable[dict[str, Any]], sink: Any, batch_size: int = 5000) -> int:
    """Report rows (:func:`report_row`) as Parquet into ``sink`` (a path or a binary file),
    written in row groups of ``batch_size`` so memory stays bounded for any size."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ExportError("Parquet export needs pyarrow: pip install 'marsad[parquet]'") from None
    schema = pa.schema([(name, getattr(pa, _REPORT_TYPES.get(name, "string"))()) for name in REPORT_COLUMNS])
    count = 0
    with pq.ParquetWriter(sink, schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= batch_size:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


def parquet_available() -> bool:
    """Whether the parquet extra (pyarrow) is installed."""
    import importlib.util

    return importlib.util.find_spec("pyarrow") is not None
