"""Read queries the dashboard needs that the store's query layer does not offer (yet).

Every statement is a fixed string with ``?`` parameters; user input is only
ever a bound value.  Event filters reuse the store's own WHERE builder so the
map and timeline count exactly the events that ``/api/events`` lists.
"""

from __future__ import annotations

import json
import threading
from collections import defaultdict
from dataclasses import replace
from typing import Any, ClassVar

from marsad.store.queries import EventFilters, Store
from marsad.text.normalize import normalize
from marsad.web.source import JSON

MAX_PAGE_LIST = 100  # documents listed on a place or entity page
MAX_PAGE_EVENTS = 500  # events listed on a place or entity page
MAX_REMEMBERED_ANSWERS = 4096  # label-filter answers kept by LabelIndex

_EVENT_COLUMNS = (
    "SELECT e.id, e.idx, d.id AS document, d.url, d.title, s.name AS outlet, d.published, e.event_type, e.mode,"
    " e.actor1, e.actor2, e.location, e.place_id, e.country, e.admin1, e.lat, e.lon, e.event_date, e.status,"
    " e.claim_source, e.chain, e.trigger, e.fatalities, e.record"
    " FROM events e JOIN documents d ON d.seq = e.doc_seq LEFT JOIN sources s ON s.id = d.source_id"
)


class LabelIndex:
    """The distinct actor and place labels of the events table, each normalised once.

    The store filters actors and places by calling a Python normalisation
    function on every event row (twice per filter: the page and its count),
    which costs seconds per request on a full corpus.  Labels repeat a lot, so
    this index normalises each distinct label once (reading only events added
    since its last look) and turns a filter into "label IN (matching labels)",
    which SQLite evaluates without calling back into Python.  The match is the
    store's own: the normalised query is a substring of the normalised label.
    """

    # Fixed SQL expressions (never user input) of the labels that filters look at:
    # the actors, the English place label, its governorate, and the place as the
    # article wrote it (each has an index, schema version 2).
    # ``{t}`` is where a table alias goes.
    COLUMNS: ClassVar[dict[str, str]] = {
        "actor1": "{t}actor1",
        "actor2": "{t}actor2",
        "location": "{t}location",
        "admin1": "{t}admin1",
        "place_text": "json_extract({t}record, '$.place.text')",
    }

    @classmethod
    def expression(cls, column: str, alias: str = "") -> str:
        return cls.COLUMNS[column].format(t=f"{alias}." if alias else "")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen_up_to = 0
        self._labels: dict[str, dict[str, str]] = {column: {} for column in self.COLUMNS}
        # Answers per (column, normalised query) as the JSON list a query binds;
        # dropped whenever new labels arrive.  A dashboard asks the same few filters often.
        self._answers: dict[tuple[str, str], str] = {}

    def refresh(self, store: Store) -> None:
        """Read the labels of events added since the last look."""
        top = int(store.conn.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0])
        with self._lock:
            # Threads read different snapshots while an ingest writes: one may see
            # fewer events than the index already holds, which is not a reason to rebuild.
            if top <= self._seen_up_to:
                return
            for column in self.COLUMNS:
                expression = self.expression(column)
                known = self._labels[column]
                rows = store.conn.execute(
                    f"SELECT DISTINCT {expression} FROM events WHERE id > ? AND id <= ? AND {expression} IS NOT NULL",
                    (self._seen_up_to, top),
                )
                for (label,) in rows:
                    if label not in known:
                        known[label] = normalize(label)
            self._seen_up_to = top
            self._answers.clear()

    def matching(self, store: Store, column: str, query: str) -> list[str]:
        """The labels in ``column`` whose normalised form contains the normalised ``query``."""
        self.refresh(store)
        needle = normalize(query)
        with self._lock:
            return self._containing(column, needle)

    def _containing(self, column: str, needle: str) -> list[str]:
        """Labels whose normalised form contains ``needle`` (caller holds the lock)."""
        return [label for label, folded in self._labels[column].items() if needle in folded]

    def matching_json(self, store: Store, column: str, query: str) -> str:
        """:meth:`matching` as a JSON list (for ``json_each``), remembered until the labels change."""
        self.refresh(store)  # new labels drop every remembered answer
        needle = normalize(query)
        key = (column, needle)
        with self._lock:
            found = self._answers.get(key)
            if found is None:
                found = json.dumps(self._containing(column, needle), ensure_ascii=False)
                if len(self._answers) >= MAX_REMEMBERED_ANSWERS:
                    self._answers.clear()
                self._answers[key] = found
            return found


def _filtered(store: Store, labels: LabelIndex, filters: EventFilters) -> tuple[str, list[Any]]:
    """FROM + WHERE for these filters (bound parameters only).

    Every filter but actor and place is the store's own WHERE builder; actor and
    place go through :class:`LabelIndex` (same matching rule, no per-row Python).
    """
    where, params = Store._event_where(replace(filters, actor=None, place=None))
    clauses: list[str] = []
    for value, columns in ((filters.actor, ("actor1", "actor2")), (filters.place, ("location", "admin1", "place_text"))):
        if value is None:
            continue
        # One indexed IN-list per column; SQLite answers the OR with a union of index searches.
        clauses.append(
            "(" + " OR ".join(f"{LabelIndex.expression(c, 'e')} IN (SELECT value FROM json_each(?))" for c in columns) + ")"
        )
        params += [labels.matching_json(store, column, value) for column in columns]
    from_where = Store._EVENT_FROM + where
    for clause in clauses:
        from_where = _and(from_where, clause)
    return from_where, params


def _and(where_sql: str, clause: str) -> str:
    return where_sql + (" AND " if " WHERE " in where_sql else " WHERE ") + clause


def _event_row(row: Any) -> dict[str, Any]:
    item = dict(row)
    item["chain"] = json.loads(item["chain"]) if item.get("chain") else []
    item["record"] = json.loads(item["record"]) if item.get("record") else {}
    return item


def store_event(row: dict[str, Any]) -> JSON:
    """A row of ``Store.events`` in the API's event shape (see ``source.event_record``)."""
    record: dict[str, Any] = row.get("record") or {}
    published = row.get("published")
    date = row.get("event_date")
    day_source = date or published
    place = None
    if row.get("location") or row.get("place_id") or row.get("lat") is not None:
        place = {
            "name": row.get("location"),
            "id": row.get("place_id"),
            "lat": row.get("lat"),
            "lon": row.get("lon"),
            "country": row.get("country"),
        }
    return {
        "doc_id": row["document"],
        "index": row.get("idx"),
        "title": row.get("title"),
        "published": published,
        "day": day_source[:10] if isinstance(day_source, str) and len(day_source) >= 10 else None,
        "type": row.get("event_type"),
        "mode": row.get("mode"),
        "status": row.get("status"),
        "date": date,
        "actor": record.get("actor"),
        "actor_name": row.get("actor1"),
        "target": record.get("target"),
        "target_name": row.get("actor2"),
        "place": place,
        "source": record.get("source"),
        "source_name": row.get("claim_source"),
        "chain": row.get("chain") or [],
        "figures": record.get("figures") or [],
        "trigger": record.get("trigger"),
    }


def filtered_events(
    store: Store, labels: LabelIndex, filters: EventFilters, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """A page of event rows (the columns of ``Store.events`` plus ``idx``), newest first, and the total."""
    from_where, params = _filtered(store, labels, filters)
    columns = _EVENT_COLUMNS[: _EVENT_COLUMNS.index(" FROM ")]
    rows = store.conn.execute(
        columns + from_where + " ORDER BY e.event_date DESC, e.id DESC LIMIT ? OFFSET ?", [*params, limit, offset]
    ).fetchall()
    # Only the outlet filter looks at the joined tables; without it the count needs no join.
    count_from = from_where if filters.source is not None else from_where.replace(Store._EVENT_FROM, " FROM events e", 1)
    total = store.conn.execute("SELECT COUNT(*)" + count_from, params).fetchone()[0]
    return [_event_row(r) for r in rows], int(total)


def event_summary(store: Store, labels: LabelIndex, filters: EventFilters) -> JSON:
    """Events per place and type (map) and per day and type (timeline)."""
    from_where, params = _filtered(store, labels, filters)
    place_rows = store.conn.execute(
        "SELECT COALESCE(e.place_id, e.location) AS k, MIN(e.place_id) AS id, MIN(e.location) AS name,"
        " MIN(e.country) AS country, AVG(e.lat) AS lat, AVG(e.lon) AS lon, e.event_type AS type, COUNT(*) AS n"
        + _and(from_where, "e.lat IS NOT NULL AND e.lon IS NOT NULL")
        + " GROUP BY k, e.event_type",
        params,
    ).fetchall()
    places: dict[str, JSON] = {}
    for r in place_rows:
        entry = places.setdefault(
            r["k"],
            {"id": r["id"], "name": r["name"], "country": r["country"], "lat": r["lat"], "lon": r["lon"],
             "count": 0, "types": {}},
        )
        entry["count"] += r["n"]
        entry["types"][r["type"]] = r["n"]
    day_rows = store.conn.execute(
        "SELECT substr(COALESCE(e.event_date, d.published), 1, 10) AS day, e.event_type AS type, COUNT(*) AS n"
        + from_where
        + " GROUP BY day, e.event_type ORDER BY day",
        params,
    ).fetchall()
    types: defaultdict[str, int] = defaultdict(int)
    days = []
    for r in day_rows:
        types[r["type"]] += r["n"]
        if isinstance(r["day"], str) and len(r["day"]) == 10:
            days.append({"day": r["day"], "type": r["type"], "count": r["n"]})
    return {
        "places": sorted(places.values(), key=lambda p: -int(p["count"])),
        "days": days,
        "types": dict(sorted(types.items(), key=lambda kv: -kv[1])),
    }


# -- places ------------------------------------------------------------------------------
_PLACE_KEY = "COALESCE(p.place_id, COALESCE(p.canonical, p.name))"
_PLACE_WHERE = (
    " WHERE (?1 IS NULL OR instr(marsad_norm(COALESCE(p.canonical, p.name)), ?1) > 0"
    " OR instr(marsad_norm(p.name), ?1) > 0) AND (?2 IS NULL OR upper(p.country) = upper(?2))"
)


def _event_counts_for_places(store: Store, keys: list[str]) -> dict[str, int]:
    if not keys:
        return {}
    marks = ",".join("?" * len(keys))
    rows = store.conn.execute(
        f"SELECT COALESCE(place_id, location) AS k, COUNT(*) FROM events WHERE place_id IN ({marks})"
        f" OR (place_id IS NULL AND location IN ({marks})) GROUP BY k",
        [*keys, *keys],
    ).fetchall()
    return {r[0]: r[1] for r in rows}


def places(store: Store, query: str | None, country: str | None, limit: int, offset: int) -> tuple[list[JSON], int]:
    needle = normalize(query) if query else None
    params = [needle, country]
    rows = store.conn.execute(
        f"SELECT {_PLACE_KEY} AS k, MIN(p.place_id) AS place_id, MIN(COALESCE(p.canonical, p.name)) AS name,"
        " MIN(p.country) AS country, MIN(p.admin1) AS admin1, AVG(p.lat) AS lat, AVG(p.lon) AS lon,"
        " COUNT(DISTINCT p.doc_seq) AS documents, SUM(p.mentions) AS mentions"
        f" FROM places p{_PLACE_WHERE} GROUP BY k ORDER BY documents DESC, mentions DESC, k LIMIT ?3 OFFSET ?4",
        [*params, limit, offset],
    ).fetchall()
    total = store.conn.execute(f"SELECT COUNT(DISTINCT {_PLACE_KEY}) FROM places p{_PLACE_WHERE}", params).fetchone()[0]
    counts = _event_counts_for_places(store, [r["k"] for r in rows])
    items = [
        {"id": r["k"], "place_id": r["place_id"], "name": r["name"], "country": r["country"], "admin1": r["admin1"],
         "lat": r["lat"], "lon": r["lon"], "documents": r["documents"], "mentions": r["mentions"],
         "events": counts.get(r["k"], 0)}
        for r in rows
    ]
    return items, int(total)


def _doc_summaries(rows: list[Any]) -> list[JSON]:
    return [
        {"id": r["id"], "title": r["title"], "url": r["url"], "source": r["source"], "published": r["published"],
         "events": r["n_events"]}
        for r in rows
    ]


def place(store: Store, key: str) -> JSON | None:
    head = store.conn.execute(
        "SELECT MIN(p.place_id) AS place_id, MIN(COALESCE(p.canonical, p.name)) AS name, MIN(p.country) AS country,"
        " MIN(p.admin1) AS admin1, AVG(p.lat) AS lat, AVG(p.lon) AS lon, COUNT(DISTINCT p.doc_seq) AS documents,"
        f" SUM(p.mentions) AS mentions, COUNT(*) AS n FROM places p WHERE {_PLACE_KEY} = ?",
        (key,),
    ).fetchone()
    if head is None or not head["n"]:
        return None
    names = [r[0] for r in store.conn.execute(f"SELECT DISTINCT p.name FROM places p WHERE {_PLACE_KEY} = ?", (key,))]
    docs = store.conn.execute(
        "SELECT DISTINCT d.id, d.title, d.url, s.name AS source, d.published, d.n_events FROM places p"
        " JOIN documents d ON d.seq = p.doc_seq LEFT JOIN sources s ON s.id = d.source_id"
        f" WHERE {_PLACE_KEY} = ? ORDER BY d.published DESC LIMIT ?",
        (key, MAX_PAGE_LIST),
    ).fetchall()
    events = store.conn.execute(
        _EVENT_COLUMNS + " WHERE e.place_id = ? OR (e.place_id IS NULL AND e.location = ?)"
        " ORDER BY e.event_date DESC, e.id DESC LIMIT ?",
        (key, key, MAX_PAGE_EVENTS),
    ).fetchall()
    return {
        "id": key, "place_id": head["place_id"], "name": head["name"], "names": names, "country": head["country"],
        "admin1": head["admin1"], "lat": head["lat"], "lon": head["lon"], "documents": head["documents"],
        "mentions": head["mentions"], "events": len(events),
        "documents_list": _doc_summaries(docs),
        "events_list": [store_event(_event_row(r)) for r in events],
    }


# -- entities ------------------------------------------------------------------------------
_ENTITY_WHERE = (
    " WHERE (?1 IS NULL OR instr(marsad_norm(COALESCE(en.canonical, en.text)), ?1) > 0)"
    " AND (?2 IS NULL OR en.type = ?2)"
)


def entities(
    store: Store, query: str | None, entity_type: str | None, limit: int, offset: int
) -> tuple[list[JSON], int]:
    params = [normalize(query) if query else None, entity_type]
    rows = store.conn.execute(
        "SELECT COALESCE(en.canonical, en.text) AS name, en.type, COUNT(DISTINCT en.doc_seq) AS documents,"
        f" COUNT(*) AS mentions FROM entities en{_ENTITY_WHERE} GROUP BY name, en.type"
        " ORDER BY documents DESC, mentions DESC, name LIMIT ?3 OFFSET ?4",
        [*params, limit, offset],
    ).fetchall()
    total = store.conn.execute(
        f"SELECT COUNT(*) FROM (SELECT 1 FROM entities en{_ENTITY_WHERE} GROUP BY COALESCE(en.canonical, en.text),"
        " en.type)",
        params,
    ).fetchone()[0]
    return [dict(r) for r in rows], int(total)


def entity(store: Store, name: str, entity_type: str | None) -> JSON | None:
    head = store.conn.execute(
        "SELECT MIN(en.type) AS type, COUNT(DISTINCT en.doc_seq) AS documents, COUNT(*) AS mentions FROM entities en"
        " WHERE COALESCE(en.canonical, en.text) = ?1 AND (?2 IS NULL OR en.type = ?2)",
        (name, entity_type),
    ).fetchone()
    if head is None or not head["mentions"]:
        return None
    docs = store.conn.execute(
        "SELECT DISTINCT d.id, d.title, d.url, s.name AS source, d.published, d.n_events FROM entities en"
        " JOIN documents d ON d.seq = en.doc_seq LEFT JOIN sources s ON s.id = d.source_id"
        " WHERE COALESCE(en.canonical, en.text) = ?1 AND (?2 IS NULL OR en.type = ?2)"
        " ORDER BY d.published DESC LIMIT ?3",
        (name, entity_type, MAX_PAGE_LIST),
    ).fetchall()
    events = store.conn.execute(
        _EVENT_COLUMNS + " WHERE e.actor1 = ?1 OR e.actor2 = ?1 ORDER BY e.event_date DESC, e.id DESC LIMIT ?2",
        (name, MAX_PAGE_EVENTS),
    ).fetchall()
    return {
        "name": name, "type": entity_type or head["type"], "documents": head["documents"],
        "mentions": head["mentions"],
        "documents_list": _doc_summaries(docs),
        "events_list": [store_event(_event_row(r)) for r in events],
    }
