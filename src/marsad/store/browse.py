"""Places and entities: lists with counts, name filters, and one place's or entity's page.

A place is keyed by its gazetteer id, else by its name as the document names
it; an entity by its canonical name (else its text) and type.  Name filters
match a part of the name after normalisation, like the event filters.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from marsad.store import events
from marsad.store.labels import NameIndexes
from marsad.text.normalize import normalize

MAX_PAGE_LIST = 100  # documents listed on a place or entity page
MAX_PAGE_EVENTS = 500  # events listed on a place or entity page

Row = dict[str, Any]

# -- places ------------------------------------------------------------------------------
_PLACE_KEY = "COALESCE(p.place_id, COALESCE(p.canonical, p.name))"
# How exact a place's point is (1 its own point … 4 a country's centroid; the coarsest when rows
# of one key disagree) and its gazetteer level (feature code: city, admin1, country…).
_PLACE_LEVEL = " MAX(p.precision) AS precision, MIN(p.feature) AS feature"
_PLACE_WHERE = (
    " WHERE (?1 IS NULL OR instr(marsad_norm(COALESCE(p.canonical, p.name)), ?1) > 0"
    " OR instr(marsad_norm(p.name), ?1) > 0) AND (?2 IS NULL OR upper(p.country) = upper(?2))"
)
# The same filter through the name index: the labels (?1) and written names (?5) that contain the query,
# looked up in the places_label and places_written indexes (schema version 6).
_PLACE_WHERE_NAMES = (
    " WHERE (COALESCE(p.canonical, p.name) IN (SELECT value FROM json_each(?1))"
    " OR p.name IN (SELECT value FROM json_each(?5))) AND (?2 IS NULL OR upper(p.country) = upper(?2))"
)
_DOCUMENT_SUMMARY = "SELECT DISTINCT d.id, d.title, d.url, s.name AS source, d.published, d.n_events"


def places_by_country(conn: sqlite3.Connection, country: str | None, limit: int, offset: int) -> list[Row]:
    """Geocoded places (per id or name and country), most mentioned first."""
    where = " WHERE upper(country) = upper(?)" if country is not None else ""
    params: list[Any] = [country] if country is not None else []
    rows = conn.execute(
        "SELECT place_id, COALESCE(canonical, name) AS name, country, admin1, lat, lon, MIN(precision) AS precision,"
        f" COUNT(DISTINCT doc_seq) AS documents, SUM(mentions) AS mentions FROM places{where}"
        " GROUP BY COALESCE(place_id, COALESCE(canonical, name)), country"
        " ORDER BY documents DESC, mentions DESC LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    return [dict(r) for r in rows]


def count_places_by_country(conn: sqlite3.Connection, country: str | None) -> int:
    where = " WHERE upper(country) = upper(?)" if country is not None else ""
    params: list[Any] = [country] if country is not None else []
    return int(conn.execute(
        "SELECT COUNT(*) FROM (SELECT 1 FROM places" + where
        + " GROUP BY COALESCE(place_id, COALESCE(canonical, name)), country)", params
    ).fetchone()[0])


def place_list(
    conn: sqlite3.Connection, query: str | None, country: str | None, limit: int, offset: int,
    names: NameIndexes | None = None,
) -> tuple[list[Row], int]:
    """Places (one per key) whose name contains ``query``, in ``country``, most reported first, and the total.

    Each: id (the key), place_id, name, country, admin1, lat, lon, precision, feature, documents, mentions,
    events.
    With ``names`` the name filter is answered from indexes instead of normalising every row."""
    if not query and names is not None:
        return _ranked_places(conn, names, country, limit, offset)
    params: list[Any] = [normalize(query) if query else None, country]
    place_where = _PLACE_WHERE
    if query and names is not None:
        needle = params[0]
        params[0] = names.place_labels.containing_json(conn, needle)
        written = names.place_written.containing_json(conn, needle)
        place_where = _PLACE_WHERE_NAMES
    rows = conn.execute(
        f"SELECT {_PLACE_KEY} AS k, MIN(p.place_id) AS place_id, MIN(COALESCE(p.canonical, p.name)) AS name,"
        " MIN(p.country) AS country, MIN(p.admin1) AS admin1, AVG(p.lat) AS lat, AVG(p.lon) AS lon,"
        " COUNT(DISTINCT p.doc_seq) AS documents, SUM(p.mentions) AS mentions," + _PLACE_LEVEL +
        f" FROM places p{place_where} GROUP BY k ORDER BY documents DESC, mentions DESC, k LIMIT ?3 OFFSET ?4",
        [*params, limit, offset, *([written] if place_where is _PLACE_WHERE_NAMES else [])],
    ).fetchall()
    total = conn.execute(
        f"SELECT COUNT(DISTINCT {_PLACE_KEY}) FROM places p{place_where}",
        [*params, None, None, written] if place_where is _PLACE_WHERE_NAMES else params,
    ).fetchone()[0]
    return _place_items(conn, rows, names), int(total)


def _ranked_places(
    conn: sqlite3.Connection, names: NameIndexes, country: str | None, limit: int, offset: int
) -> tuple[list[Row], int]:
    """:func:`place_list` without a name filter: the ranking from the tallies, one page's places from the index.

    A page is remembered until a place, an event or a review is added (the dashboard asks the
    first page of every place over and over; its top places have thousands of rows each)."""
    chosen, total = names.place_tallies.ranked_page(conn, country, offset, limit)
    version = (country, limit, offset, total, *_tops(conn))
    found = names.place_pages.get(version)
    if found is not None:
        return found
    rows = conn.execute(
        f"SELECT {_PLACE_KEY} AS k, MIN(p.place_id) AS place_id, MIN(COALESCE(p.canonical, p.name)) AS name,"
        " MIN(p.country) AS country, MIN(p.admin1) AS admin1, AVG(p.lat) AS lat, AVG(p.lon) AS lon,"
        " COUNT(DISTINCT p.doc_seq) AS documents, SUM(p.mentions) AS mentions," + _PLACE_LEVEL +
        f" FROM places p WHERE {_PLACE_KEY} IN (SELECT value FROM json_each(?1))"
        " AND (?2 IS NULL OR upper(p.country) = upper(?2)) GROUP BY k ORDER BY documents DESC, mentions DESC, k",
        [json.dumps(chosen, ensure_ascii=False), country],
    ).fetchall()
    found = _place_items(conn, rows, names), total
    names.remember_place_page(version, found)
    return found


def _tops(conn: sqlite3.Connection) -> tuple[int, int, int]:
    """The newest place row, event and review: a remembered page is good while none is added."""
    places_top = conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM places").fetchone()[0]
    events_top = conn.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0]
    try:
        reviews_top = conn.execute("SELECT COALESCE(MAX(id), 0) FROM reviews").fetchone()[0]
    except sqlite3.OperationalError:  # a store from before reviews
        reviews_top = 0
    return int(places_top), int(events_top), int(reviews_top)


def _place_items(conn: sqlite3.Connection, rows: list[sqlite3.Row], names: NameIndexes | None = None) -> list[Row]:
    keys = [r["k"] for r in rows]
    counts = names.place_events.counts(conn, keys) if names is not None else events.counts_at_places(conn, keys)
    return [
        {"id": r["k"], "place_id": r["place_id"], "name": r["name"], "country": r["country"], "admin1": r["admin1"],
         "lat": r["lat"], "lon": r["lon"], "precision": r["precision"], "feature": r["feature"],
         "documents": r["documents"], "mentions": r["mentions"], "events": counts.get(r["k"], 0)}
        for r in rows
    ]


def place_page(conn: sqlite3.Connection, key: str) -> Row | None:
    """One place with its names, its documents (newest first) and its event reports (``events_list``)."""
    head = conn.execute(
        "SELECT MIN(p.place_id) AS place_id, MIN(COALESCE(p.canonical, p.name)) AS name, MIN(p.country) AS country,"
        " MIN(p.admin1) AS admin1, AVG(p.lat) AS lat, AVG(p.lon) AS lon, COUNT(DISTINCT p.doc_seq) AS documents,"
        f" SUM(p.mentions) AS mentions, {_PLACE_LEVEL}, COUNT(*) AS n FROM places p WHERE {_PLACE_KEY} = ?",
        (key,),
    ).fetchone()
    if head is None or not head["n"]:
        return None
    names = [r[0] for r in conn.execute(f"SELECT DISTINCT p.name FROM places p WHERE {_PLACE_KEY} = ?", (key,))]
    docs = conn.execute(
        f"{_DOCUMENT_SUMMARY} FROM places p"
        " JOIN documents d ON d.seq = p.doc_seq LEFT JOIN sources s ON s.id = d.source_id"
        f" WHERE {_PLACE_KEY} = ? ORDER BY d.published DESC LIMIT ?",
        (key, MAX_PAGE_LIST),
    ).fetchall()
    reports = events.at_place(conn, key, MAX_PAGE_EVENTS)
    return {
        "id": key, "place_id": head["place_id"], "name": head["name"], "names": names, "country": head["country"],
        "admin1": head["admin1"], "lat": head["lat"], "lon": head["lon"], "precision": head["precision"],
        "feature": head["feature"], "documents": head["documents"],
        "mentions": head["mentions"], "events": len(reports),
        "documents_list": [dict(r) for r in docs],
        "events_list": reports,
    }


# -- entities ------------------------------------------------------------------------------
_ENTITY_WHERE = (
    " WHERE (?1 IS NULL OR instr(marsad_norm(COALESCE(en.canonical, en.text)), ?1) > 0)"
    " AND (?2 IS NULL OR en.type = ?2)"
)
# The same filter through the name index: the names that contain the query (?1), looked up in the
# entities_key index (schema version 6).
_ENTITY_WHERE_NAMES = (
    " WHERE COALESCE(en.canonical, en.text) IN (SELECT value FROM json_each(?1)) AND (?2 IS NULL OR en.type = ?2)"
)


def _with_ids(conn: sqlite3.Connection, rows: list[Row]) -> list[Row]:
    """Each entity with its dictionary ``id`` (``actor:hts``, ``SY``; None for a name the dictionary
    lacks): that of the first stored mention of that name and type that has one (one seek in the
    entities_key index, in its order; a name of two places, Idlib the city and the governorate, has
    two ids, and /api/places tells them apart)."""
    for row in rows:
        found = conn.execute(
            "SELECT entity_id FROM entities WHERE COALESCE(canonical, text) = ? AND type = ? AND entity_id IS NOT NULL"
            " ORDER BY doc_seq, rowid LIMIT 1",
            (row["name"], row["type"]),
        ).fetchone()
        row["id"] = found[0] if found is not None else None
    return rows


def entities_by_type(conn: sqlite3.Connection, entity_type: str | None, limit: int, offset: int) -> list[Row]:
    """Entities by name, most frequent first: name, type, id, documents, mentions."""
    where = " WHERE type = ?" if entity_type is not None else ""
    params: list[Any] = [entity_type] if entity_type is not None else []
    rows = conn.execute(
        "SELECT COALESCE(canonical, text) AS name, type, COUNT(DISTINCT doc_seq) AS documents,"
        f" COUNT(*) AS mentions FROM entities{where} GROUP BY COALESCE(canonical, text), type"
        " ORDER BY documents DESC, mentions DESC LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    return _with_ids(conn, [dict(r) for r in rows])


def count_entities_by_type(conn: sqlite3.Connection, entity_type: str | None) -> int:
    return _count_entities(conn, [None, entity_type])


def entity_list(
    conn: sqlite3.Connection, query: str | None, entity_type: str | None, limit: int, offset: int,
    names: NameIndexes | None = None,
) -> tuple[list[Row], int]:
    """Entities (name, type, id, documents, mentions) whose name contains ``query``, most frequent first, and the total.

    With ``names`` the name filter is answered from indexes instead of normalising every row."""
    if not query and names is not None:
        ranked, count = names.entity_tallies.page(conn, entity_type, limit, offset)
        return _with_ids(conn, ranked), count
    params: list[Any] = [normalize(query) if query else None, entity_type]
    entity_where = _ENTITY_WHERE
    if query and names is not None:
        params[0] = names.entities.containing_json(conn, params[0])
        entity_where = _ENTITY_WHERE_NAMES
    rows = conn.execute(
        "SELECT COALESCE(en.canonical, en.text) AS name, en.type, COUNT(DISTINCT en.doc_seq) AS documents,"
        f" COUNT(*) AS mentions FROM entities en{entity_where} GROUP BY COALESCE(en.canonical, en.text), en.type"
        " ORDER BY documents DESC, mentions DESC, name, en.type LIMIT ?3 OFFSET ?4",
        [*params, limit, offset],
    ).fetchall()
    return _with_ids(conn, [dict(r) for r in rows]), _count_entities(conn, params, entity_where)


def _count_entities(conn: sqlite3.Connection, params: list[Any], entity_where: str = _ENTITY_WHERE) -> int:
    return int(conn.execute(
        f"SELECT COUNT(*) FROM (SELECT 1 FROM entities en{entity_where} GROUP BY COALESCE(en.canonical, en.text),"
        " en.type)",
        params,
    ).fetchone()[0])


def entity_page(conn: sqlite3.Connection, name: str, entity_type: str | None) -> Row | None:
    """One entity with its documents (newest first) and the event reports naming it (``events_list``)."""
    head = conn.execute(
        "SELECT MIN(en.type) AS type, COUNT(DISTINCT en.doc_seq) AS documents, COUNT(*) AS mentions FROM entities en"
        " WHERE COALESCE(en.canonical, en.text) = ?1 AND (?2 IS NULL OR en.type = ?2)",
        (name, entity_type),
    ).fetchone()
    if head is None or not head["mentions"]:
        return None
    docs = conn.execute(
        f"{_DOCUMENT_SUMMARY} FROM entities en"
        " JOIN documents d ON d.seq = en.doc_seq LEFT JOIN sources s ON s.id = d.source_id"
        " WHERE COALESCE(en.canonical, en.text) = ?1 AND (?2 IS NULL OR en.type = ?2)"
        " ORDER BY d.published DESC LIMIT ?3",
        (name, entity_type, MAX_PAGE_LIST),
    ).fetchall()
    return {
        "name": name, "type": entity_type or head["type"],
        "id": _with_ids(conn, [{"name": name, "type": entity_type or head["type"]}])[0]["id"],
        "documents": head["documents"],
        "mentions": head["mentions"],
        "documents_list": [dict(r) for r in docs],
        "events_list": events.naming(conn, name, MAX_PAGE_EVENTS),
    }
