"""The one table layout of annotations: SQLite store, its exports, and the Spark job's Parquet.

:data:`ROW_COLUMNS` names the columns of each annotation table once, and
:func:`annotation_rows` flattens an analysed document (``Document.to_dict()``)
into rows in that order.  The SQLite store inserts these rows (adding its
storage keys ``doc_seq`` and, for quotes and events, the full ``record``);
the Spark job writes them to Parquet (adding ``doc_id``, the partition month
and a few Parquet-only columns, :mod:`marsad.spark.tables`).  Column names are
the store's, which users' databases and exports already have.

Event records hold nested dicts whose keys are set by the events stage; these
helpers read them defensively so the store keeps working as that stage evolves.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# (column, type) with type one of: string, long, double, boolean, array<string>
Column = tuple[str, str]

ROW_COLUMNS: Mapping[str, tuple[Column, ...]] = {
    "repairs": (("start", "long"), ("end", "long"), ("original", "string"), ("replacement", "string"),
                ("kind", "string")),
    "entities": (("start", "long"), ("end", "long"), ("text", "string"), ("type", "string"), ("canonical", "string"),
                 ("entity_id", "string")),
    "places": (("place_id", "string"), ("name", "string"), ("canonical", "string"), ("country", "string"),
               ("admin1", "string"), ("lat", "double"), ("lon", "double"), ("precision", "long"),
               ("feature", "string"), ("mentions", "long")),
    "times": (("start", "long"), ("end", "long"), ("text", "string"), ("value", "string"),
              ("granularity", "string")),
    "quotes": (("start", "long"), ("end", "long"), ("speaker", "string"), ("content", "string"),
               ("direct", "boolean"), ("speaker_id", "string"), ("speaker_confidence", "double")),
    "events": (("idx", "long"), ("event_type", "string"), ("mode", "string"), ("actor1", "string"),
               ("actor2", "string"), ("location", "string"), ("place_id", "string"), ("country", "string"),
               ("admin1", "string"), ("lat", "double"), ("lon", "double"), ("geo_precision", "long"),
               ("event_date", "string"), ("status", "string"), ("claim_source", "string"),
               ("chain", "array<string>"), ("trigger", "string"), ("fatalities", "long"),
               # Set by the learned models (schema version 3); NULL for rule-only output.
               ("confidence", "double"), ("event_key", "string"), ("actor1_id", "string"), ("actor2_id", "string"),
               ("mentions", "long"),
               # The argument model's probability for the chosen actor and target (schema version 7).
               ("actor1_confidence", "double"), ("actor2_confidence", "double")),
}
ANNOTATION_TABLES: tuple[str, ...] = tuple(ROW_COLUMNS)


def column_names(table: str) -> tuple[str, ...]:
    return tuple(name for name, _kind in ROW_COLUMNS[table])


def insert_sql(table: str, extra: tuple[str, ...] = ()) -> str:
    """The INSERT of one annotation table's row: ``doc_seq``, :data:`ROW_COLUMNS`, then ``extra``."""
    names = ", ".join(f'"{name}"' for name in ("doc_seq", *column_names(table), *extra))
    marks = ", ".join("?" * (1 + len(column_names(table)) + len(extra)))
    return f"INSERT INTO {table} ({names}) VALUES ({marks})"


# Each table's INSERT as the store lays out its rows (quotes and events end with their JSON
# ``record``): made once, not for every document the single writer stores.
ROW_INSERTS = {
    table: insert_sql(table, ("record",) if table in ("quotes", "events") else ()) for table in ANNOTATION_TABLES
}


def insert_rows(conn: Any, seq: int, rows: Mapping[str, list[tuple[Any, ...]]]) -> None:
    """Insert one document's prepared rows (``queries.PreparedDocument.rows``) under ``doc_seq`` ``seq``."""
    for table, table_rows in rows.items():
        if table_rows:
            conn.executemany(ROW_INSERTS[table], [(seq, *row) for row in table_rows])

_LABEL_KEYS = ("canonical", "name", "text", "label")
# Figure kinds counted as fatalities in the ACLED-like export.
_FATALITY_KINDS = frozenset({"killed", "dead", "deaths", "death", "fatalities", "fatality", "killed_count"})


def label(value: Any) -> str | None:
    """A readable name for an actor/place/source value (a dict from a stage, or a string)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value or None
    if isinstance(value, dict):
        for key in _LABEL_KEYS:
            found = value.get(key)
            if isinstance(found, str) and found:
                return found
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _int(value: Any) -> int | None:
    number = _number(value)
    return int(number) if number is not None else None


def fatalities(figures: list[dict[str, Any]]) -> int | None:
    total: int | None = None
    for figure in figures:
        if not isinstance(figure, dict):
            continue
        kind = str(figure.get("kind") or figure.get("type") or figure.get("label") or "").lower()
        if kind in _FATALITY_KINDS:
            value = _int(figure.get("value", figure.get("count")))
            if value is not None:
                total = (total or 0) + value
    return total


def place_fields(place: Any, doc_places: list[dict[str, Any]]) -> dict[str, Any]:
    """location, place_id, country, admin1, lat, lon, geo_precision of an event's place.

    Missing coordinates are taken from the document's geocoded place of the same
    id or name, so an event stage that only names the place still exports a point.
    """
    out: dict[str, Any] = {
        "location": label(place),
        "place_id": None,
        "country": None,
        "admin1": None,
        "lat": None,
        "lon": None,
        "geo_precision": None,
    }
    if not isinstance(place, dict):
        return out
    out["place_id"] = place.get("id") if isinstance(place.get("id"), str) else None
    out["country"] = place.get("country")
    out["admin1"] = place.get("admin1")
    out["lat"] = _number(place.get("lat", place.get("latitude")))
    out["lon"] = _number(place.get("lon", place.get("longitude")))
    out["geo_precision"] = _int(place.get("precision", place.get("geo_precision")))
    # The event stage names the place (id, name, point); the geocoded place of the
    # document with the same id or name has the rest (country, admin1, precision).
    missing = [key for key in _PLACE_FIELDS if out[key] is None]
    if missing:
        known = _find_place(doc_places, out["place_id"], out["location"], place.get("text"))
        if known is not None:
            for key in missing:
                out[key] = known.get(_PLACE_FIELDS[key])
            out["place_id"] = out["place_id"] or known.get("id")
            out["location"] = out["location"] or known.get("canonical") or known.get("name")
    return out


_PLACE_FIELDS = {"country": "country", "admin1": "admin1", "lat": "lat", "lon": "lon", "geo_precision": "precision"}


def _find_place(doc_places: list[dict[str, Any]], place_id: Any, *names: Any) -> dict[str, Any] | None:
    if place_id is not None:
        for known in doc_places:
            if known.get("id") == place_id:
                return known
    wanted = {n for n in names if isinstance(n, str) and n}
    for known in doc_places:
        if wanted & {known.get("name"), known.get("canonical")}:
            return known
    return None


def part_id(value: Any) -> str | None:
    """The dictionary id of an actor, target or speaker (``actor:hts``, ``SY``), when the stage gave one."""
    if isinstance(value, dict):
        found = value.get("id")
        if isinstance(found, str) and found:
            return found
    return None


def part_confidence(value: Any) -> float | None:
    """The model's probability for an actor, target or speaker dict, when it has one."""
    return _number(value.get("confidence")) if isinstance(value, dict) else None


def mention_count(event: dict[str, Any]) -> int:
    """The event's own trigger plus the re-mentions merged into it (an event is always mentioned once)."""
    merged = event.get("mentions")
    return 1 + (len(merged) if isinstance(merged, list) else 0)


def event_row(event: dict[str, Any], doc_places: list[dict[str, Any]]) -> dict[str, Any]:
    trigger = event.get("trigger") or {}
    key = event.get("id")
    row: dict[str, Any] = {
        "event_type": str(event.get("type") or "UNKNOWN"),
        "mode": event.get("mode"),
        "actor1": label(event.get("actor")),
        "actor2": label(event.get("target")),
        "event_date": event.get("date"),
        "status": str(event.get("status") or "unknown"),
        "claim_source": label(event.get("source")),
        "chain": list(event.get("chain") or []),
        "trigger": trigger.get("text") if isinstance(trigger, dict) else None,
        "fatalities": fatalities(list(event.get("figures") or [])),
        "confidence": _number(event.get("confidence")),
        "event_key": key if isinstance(key, str) and key else None,
        "actor1_id": part_id(event.get("actor")),
        "actor2_id": part_id(event.get("target")),
        "mentions": mention_count(event),
        "actor1_confidence": part_confidence(event.get("actor")),
        "actor2_confidence": part_confidence(event.get("target")),
    }
    row.update(place_fields(event.get("place"), doc_places))
    # Types (PLOVER) and countries (ISO 3166) are upper-case codes; stored so, a
    # filter is a plain comparison that an index answers.
    row["event_type"] = row["event_type"].upper()
    if isinstance(row.get("country"), str):
        row["country"] = row["country"].upper()
    return row


def _part_text(part: Any) -> Any:
    return part.get("text") if isinstance(part, dict) else None


def annotation_rows(doc: Mapping[str, Any]) -> dict[str, list[tuple[Any, ...]]]:
    """Rows of every annotation table for one analysed document, each a tuple in :data:`ROW_COLUMNS` order."""
    places: list[dict[str, Any]] = list(doc.get("places") or [])
    rows: dict[str, list[tuple[Any, ...]]] = {
        "repairs": [(r["start"], r["end"], r["original"], r["replacement"], r.get("kind"))
                    for r in doc.get("repairs") or []],
        "entities": [(e["start"], e["end"], e["text"], e["type"], e.get("canonical"), e.get("id"))
                     for e in doc.get("entities") or []],
        "places": [(pl.get("id"), pl["name"], pl.get("canonical"), pl.get("country"), pl.get("admin1"), pl.get("lat"),
                    pl.get("lon"), pl.get("precision"), pl.get("feature"), len(pl.get("mentions") or []))
                   for pl in places],
        "times": [(t["start"], t["end"], t["text"], t.get("value"), t.get("granularity")) for t in doc.get("times") or []],
        "quotes": [(q["start"], q["end"], _part_text(q.get("speaker")), _part_text(q.get("content")),
                    bool(q.get("direct")), part_id(q.get("speaker")), part_confidence(q.get("speaker")))
                   for q in doc.get("quotes") or []],
    }
    events = column_names("events")[1:]
    rows["events"] = [
        (idx, *(row[name] for name in events))
        for idx, row in enumerate(event_row(ev, places) for ev in doc.get("events") or [])
    ]
    return rows
