"""Flat tables from an analysed document: the column layout of the Spark job's Parquet output.

The annotation tables have the store's one layout (:data:`marsad.store.records.ROW_COLUMNS`,
the columns of the SQLite store and its exports), preceded by ``doc_id`` and
followed by a few Parquet-only columns (:data:`PARQUET_ONLY`) that the store keeps
inside its ``record`` JSON instead.  Pure Python (no Spark import) so the layout
is testable alone and the loader (:mod:`marsad.ingest.spark_load`) can rely on it.
Nested parts that analysts rarely filter on (figures, mention spans, chain spans,
every mention of an event) are kept as JSON strings; ``documents.doc_json`` holds the whole analysed document so a
load back into the store is lossless.
"""

from __future__ import annotations

import json
from typing import Any

from marsad.ingest import spark_load
from marsad.store.analysis import AnalysisStamp
from marsad.store.events import all_mentions, record_report
from marsad.store.records import ANNOTATION_TABLES, ROW_COLUMNS, Column, annotation_rows, column_names

DOCUMENT_COLUMNS: list[Column] = [
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
]

# Columns the Parquet tables carry after the shared ones (the store has them in ``record``).
PARQUET_ONLY: dict[str, list[Column]] = {
    "places": [("mention_spans", "string")],
    "quotes": [
        ("cue", "string"), ("speaker_canonical", "string"), ("chain", "array<string>"),
        # where the speaker and the quoted words are in documents.text (start/end: the whole quote)
        ("speaker_start", "long"), ("speaker_end", "long"), ("content_start", "long"), ("content_end", "long"),
        ("chain_spans", "string"),  # every chain name located ({name, text, start, end}), JSON (round 31)
    ],
    "events": [
        ("trigger_start", "long"),
        ("trigger_end", "long"),
        ("actor1_text", "string"),  # the actor and target as the article wrote them
        ("actor2_text", "string"),
        ("figures", "string"),
        ("mention_spans", "string"),  # the merged re-mentions ({start, end, text} and, round 35, status, source, chain, chain_spans, confidence), JSON
        # where the actor, the target and the place (as written: place_text) are in documents.text
        ("actor1_start", "long"), ("actor1_end", "long"), ("actor2_start", "long"), ("actor2_end", "long"),
        ("place_text", "string"), ("place_start", "long"), ("place_end", "long"),
        # round 31: the chain's names located ({name, text, start, end}), and every mention of the event
        # (its own, then the merged re-mentions) in the exports' ``all_mentions`` shape; both JSON
        ("chain_spans", "string"), ("all_mentions", "string"),
    ],
}

# The document's id again under the name the rest of the contract gives it (the API, the exports:
# ``document_id``), last so the columns before keep their places; ``doc_id`` is its deprecated alias
# (round 29), kept for this release.
DOCUMENT_ID: Column = ("document_id", "string")
# What analysed the document, as the store's ingest records it (``marsad.ingest.provenance``: the
# analysis key, the build and the options as JSON), so a run loaded into a store is not stale when
# this Marsad analysed it (round 32).  Last, after ``document_id``: the columns before keep their places.
ANALYSIS_COLUMNS: list[Column] = [(name, "string") for name in spark_load.ANALYSIS_COLUMNS]

TABLE_COLUMNS: dict[str, list[Column]] = {
    "documents": [*DOCUMENT_COLUMNS, DOCUMENT_ID, *ANALYSIS_COLUMNS],
    **{
        table: [("doc_id", "string"), *ROW_COLUMNS[table], *PARQUET_ONLY.get(table, []), DOCUMENT_ID]
        for table in ANNOTATION_TABLES
    },
}
TABLES: tuple[str, ...] = tuple(TABLE_COLUMNS)
PARTITION_COLUMN = "month"


def month_of(published: str | None) -> str:
    """The partition value: publication month ``YYYY-MM`` or ``unknown``."""
    if published and len(published) >= 7 and published[4] == "-":
        return published[:7]
    return "unknown"


def _get(part: dict[str, Any] | None, key: str) -> Any:
    return part.get(key) if isinstance(part, dict) else None


def _span(part: dict[str, Any] | None) -> tuple[Any, Any]:
    """The start and end of a span-carrying part (a speaker, an actor, a place), or two Nones."""
    return _get(part, "start"), _get(part, "end")


def _document_row(doc: dict[str, Any], analysis: AnalysisStamp | None) -> tuple[Any, ...]:
    return (
        doc["id"],
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
        doc["id"],  # document_id
        *((analysis.key, analysis.build, analysis.description) if analysis is not None else (None, None, None)),
    )


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _parquet_only(table: str, record: dict[str, Any], doc_id: str, row: tuple[Any, ...]) -> tuple[Any, ...]:
    """The Parquet-only values (:data:`PARQUET_ONLY`) of one place, quote or event record (``row``: its
    shared values, :data:`ROW_COLUMNS` order)."""
    if table == "places":
        return (json.dumps(record.get("mentions") or []),)
    if table == "quotes":
        speaker, content = record.get("speaker"), record.get("content")
        return (_get(record.get("cue"), "text"), _get(speaker, "canonical"), list(record.get("chain") or []),
                *_span(speaker), *_span(content), _json(record.get("chain_spans") or []))
    if table == "events":
        return (*_span(record.get("trigger")), _get(record.get("actor"), "text"),
                _get(record.get("target"), "text"), json.dumps(record.get("figures") or [], ensure_ascii=False),
                json.dumps(record.get("mentions") or [], ensure_ascii=False),
                *_span(record.get("actor")), *_span(record.get("target")),
                _get(record.get("place"), "text"), *_span(record.get("place")),
                _json(record.get("chain_spans") or []),
                # the exports' function, so the two lists cannot drift apart
                _json(all_mentions([record_report(doc_id, dict(zip(column_names(table), row, strict=True)), record)])))
    return ()


def table_rows(doc: dict[str, Any], analysis: AnalysisStamp | None = None) -> dict[str, list[tuple[Any, ...]]]:
    """Rows for every table from one analysed document dict (``Document.to_dict()``); ``analysis``:
    what analysed it (None: unknown, the analysis columns are null).

    Each row is a tuple in :data:`TABLE_COLUMNS` order followed by the month.
    """
    doc_id = doc["id"]
    month = month_of(doc.get("published"))
    rows: dict[str, list[tuple[Any, ...]]] = {"documents": [(*_document_row(doc, analysis), month)]}
    for table, shared in annotation_rows(doc).items():
        records = doc.get(table) or []
        rows[table] = [
            (doc_id, *row, *_parquet_only(table, record, doc_id, row), doc_id, month)
            for row, record in zip(shared, records, strict=True)
        ]
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
