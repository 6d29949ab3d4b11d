"""Event queries: reports, stories (merged reports), counts, and the map/timeline aggregates.

Every query takes the one :class:`~marsad.store.filters.Filters` and builds its
WHERE clause from the filter table, so a list, its count, the merged view and
the aggregates always agree on what a filter keeps.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from typing import Any

from marsad.store import corroboration
from marsad.store.filters import EVENT_CONDITIONS, EVENT_FROM, EVENT_ONLY_FROM, Filters, needs_document, where
from marsad.store.labels import LabelIndex

# The columns of one event report, with its document and outlet.
REPORT_COLUMNS = (
    "SELECT e.id, e.idx, d.id AS document, d.url, d.title, s.name AS outlet, d.published, d.cluster_id,"
    " e.event_type, e.mode, e.actor1, e.actor2, e.location, e.place_id, e.country, e.admin1, e.lat, e.lon,"
    " e.geo_precision, e.event_date, e.status, e.claim_source, e.chain, e.trigger, e.fatalities, e.confidence,"
    " e.event_key, e.actor1_id, e.actor2_id, e.mentions, e.actor1_confidence, e.actor2_confidence,"
    " e.reviewed, e.verdict, e.record, e.corroboration,"
    # How many outlets tell the act (store/corroboration.py); NULL when the report is in no group.
    " (SELECT c.outlets FROM corroborations c WHERE c.id = e.corroboration) AS corroboration_outlets"
)
NEWEST_FIRST = " ORDER BY e.event_date DESC, e.id DESC"

# Reports of one story with the same type, actors, place and date are one event.
MERGE_KEY = ("d.cluster_id, e.event_type, COALESCE(e.actor1, ''), COALESCE(e.actor2, ''),"
             " COALESCE(e.location, ''), COALESCE(e.event_date, '')")

# From most to least certain; a merged event shows the most certain status any report gives.
CERTAINTY = ("confirmed", "asserted", "reported", "claimed", "alleged", "denied", "planned", "threatened",
             "hypothetical", "unknown")


def event_where(
    filters: Filters | None, labels: LabelIndex | None = None, conn: sqlite3.Connection | None = None
) -> tuple[str, list[Any]]:
    return where(EVENT_CONDITIONS, filters, labels=labels, conn=conn)


def report_rows(rows: list[sqlite3.Row]) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        item = dict(r)
        item["reviewed"] = bool(item.get("reviewed"))
        item["chain"] = json.loads(item["chain"]) if item.get("chain") else []
        item["record"] = json.loads(item["record"]) if item.get("record") else {}
        out.append(item)
    return out


def reports(
    conn: sqlite3.Connection, filters: Filters | None, limit: int, offset: int, labels: LabelIndex | None = None
) -> list[dict[str, Any]]:
    """Event reports (one per event per document), newest event date first."""
    where_sql, params = event_where(filters, labels, conn)
    if filters is not None and (filters.actor or filters.place) and not needs_document(filters):
        # A name filter matches through several label indexes (an OR), so every match is read and
        # sorted: done with the document columns, each match also reads its document's row (its
        # story id lies after the article text), 30-40 ms for a country's 1,400 reports.  The page
        # is chosen from the events alone, then only its reports are joined (same rows, same order).
        rows = conn.execute(
            f"{REPORT_COLUMNS} FROM (SELECT e.id AS page_id FROM events e{where_sql}{NEWEST_FIRST} LIMIT ? OFFSET ?)"
            f" JOIN events e ON e.id = page_id JOIN documents d ON d.seq = e.doc_seq"
            f" LEFT JOIN sources s ON s.id = d.source_id{NEWEST_FIRST}",
            [*params, limit, offset],
        ).fetchall()
        return report_rows(rows)
    rows = conn.execute(
        f"{REPORT_COLUMNS}{EVENT_FROM}{where_sql}{NEWEST_FIRST} LIMIT ? OFFSET ?", [*params, limit, offset]
    ).fetchall()
    return report_rows(rows)


def count_reports(conn: sqlite3.Connection, filters: Filters | None, labels: LabelIndex | None = None) -> int:
    where_sql, params = event_where(filters, labels, conn)
    # Only the outlet, document and story filters look at the joined tables; without them the count needs no join.
    source = EVENT_FROM if needs_document(filters) else EVENT_ONLY_FROM
    return int(conn.execute(f"SELECT COUNT(*){source}{where_sql}", params).fetchone()[0])


def merged(
    conn: sqlite3.Connection, filters: Filters | None, limit: int, offset: int, labels: LabelIndex | None = None
) -> list[dict[str, Any]]:
    """Events merged across the reports of one story (see :meth:`Store.merged_events`)."""
    where_sql, params = event_where(filters, labels, conn)
    rows = conn.execute(
        "SELECT MIN(e.id) AS id, d.cluster_id, e.event_type, MIN(e.mode) AS mode, e.actor1, e.actor2, e.location,"
        " MIN(e.country) AS country, MIN(e.admin1) AS admin1, MIN(e.lat) AS lat, MIN(e.lon) AS lon,"
        " MIN(e.geo_precision) AS geo_precision, e.event_date, MAX(e.fatalities) AS fatalities,"
        " MIN(e.trigger) AS trigger, COUNT(DISTINCT d.seq) AS count,"
        # The most confident report's score (NULL when no report has one), the actors' ids,
        # and the most mentions one report makes of the event.
        " MAX(e.confidence) AS confidence, MIN(e.actor1_id) AS actor1_id, MIN(e.actor2_id) AS actor2_id,"
        " MAX(e.mentions) AS mentions,"
        # The argument model's highest probability for the actor and the target any report gives.
        " MAX(e.actor1_confidence) AS actor1_confidence, MAX(e.actor2_confidence) AS actor2_confidence,"
        # Reviewed when an analyst reviewed any report; judged wrong when any report was.
        " MAX(e.reviewed) AS reviewed, MAX(e.verdict) AS verdict,"
        # The group of articles telling the same act (store/corroboration.py); a story's reports are
        # in one group when grouped at all.
        " MIN(e.corroboration) AS corroboration,"
        " json_group_array(json_object('document', d.id, 'outlet', s.name, 'url', d.url, 'published',"
        "   d.published, 'title', d.title, 'status', e.status, 'claim_source', e.claim_source,"
        "   'chain', json(e.chain), 'event_key', e.event_key, 'confidence', e.confidence,"
        "   'mentions', e.mentions, 'index', e.idx,"
        # Where a fact-checker finds the report in its article: the trigger and the claim source
        # as written (the original text, obfuscation and all) with their [start, end) offsets.
        "   'trigger_start', json_extract(e.record, '$.trigger.start'),"
        "   'trigger_end', json_extract(e.record, '$.trigger.end'),"
        "   'claim_text', json_extract(e.record, '$.source.text'),"
        "   'claim_start', json_extract(e.record, '$.source.start'),"
        "   'claim_end', json_extract(e.record, '$.source.end'),"
        # Every mention located (``all_mentions``): the trigger as written, the place as written,
        # the relays' spans and the re-mentions merged into the report's event.
        "   'trigger_text', json_extract(e.record, '$.trigger.text'), 'location', e.location,"
        "   'place_id', e.place_id, 'country', e.country, 'lat', e.lat, 'lon', e.lon,"
        "   'place_text', json_extract(e.record, '$.place.text'),"
        "   'place_start', json_extract(e.record, '$.place.start'),"
        "   'place_end', json_extract(e.record, '$.place.end'),"
        "   'chain_spans', json_extract(e.record, '$.chain_spans'),"
        "   're_mentions', json_extract(e.record, '$.mentions'))) AS reports"
        f"{EVENT_FROM}{where_sql} GROUP BY {MERGE_KEY}"
        " ORDER BY e.event_date DESC, MIN(e.id) DESC LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    groups = corroboration.summaries(conn, (r["corroboration"] for r in rows))
    out = []
    for r in rows:
        item = dict(r)
        item["reviewed"] = bool(item.get("reviewed"))
        group = groups.get(item.pop("corroboration"))
        # Who else tells it: the outlets of its group (1 when none), and the group itself.
        item["outlets"] = group["outlets"] if group else 1
        item["corroboration"] = group
        every_report = json.loads(item.pop("reports"))
        item["all_mentions"] = all_mentions(every_report)
        story_reports = _dedupe_reports(every_report)
        item["reports"] = story_reports
        statuses = sorted({rep["status"] for rep in story_reports if rep.get("status")})
        item["status"] = most_certain(statuses)
        # Every status the story's mentions give, the re-mentions merged in a report included (round
        # 35: a claim and its denial); ``status`` stays the most certain of the reports' own.
        item["statuses"] = sorted({*statuses, *(m["status"] for m in item["all_mentions"]
                                                if m.get("re_mention") and isinstance(m.get("status"), str))})
        item["chain"] = story_reports[0].get("chain") or [] if story_reports else []
        out.append(item)
    return out


def count_merged(conn: sqlite3.Connection, filters: Filters | None, labels: LabelIndex | None = None) -> int:
    where_sql, params = event_where(filters, labels, conn)
    return int(conn.execute(
        f"SELECT COUNT(*) FROM (SELECT 1{EVENT_FROM}{where_sql} GROUP BY {MERGE_KEY})", params
    ).fetchone()[0])


def count_merged_with_reports(
    conn: sqlite3.Connection, filters: Filters | None, labels: LabelIndex | None = None
) -> tuple[int, int]:
    """The merged events and their reports (each event's articles, summed: the ``n`` column and
    ``reports_count``), in one pass.  Not the stored event rows: two events of one article that the
    merge key makes one are one report of it, but two rows."""
    where_sql, params = event_where(filters, labels, conn)
    merged_count, report_count = conn.execute(
        f"SELECT COUNT(*), COALESCE(SUM(n), 0) FROM (SELECT COUNT(DISTINCT d.seq) AS n{EVENT_FROM}{where_sql}"
        f" GROUP BY {MERGE_KEY})", params
    ).fetchone()
    return int(merged_count), int(report_count)


def most_certain(statuses: list[str]) -> str | None:
    if not statuses:
        return None
    ranked = sorted(statuses, key=lambda s: CERTAINTY.index(s) if s in CERTAINTY else len(CERTAINTY))
    return ranked[0]


# The fields of one mention of a merged event, in the order the exports write them.
_MENTION_FIELDS = (
    "document_id", "event_id", "trigger", "trigger_start", "trigger_end", "status", "claim_text", "claim_start",
    "claim_end", "location", "place_id", "place_text", "place_start", "place_end", "country", "latitude",
    "longitude", "chain_spans", "re_mention",
)


def all_mentions(every_report: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every mention of a merged event, each located in its article's original text (``[start, end)``):
    every report (two events of one article that merged into one row are two mentions, though one
    report), with its trigger, its place as written and where, its claim source as written and its
    relays' spans; then the re-mentions the learned models merged into a report's event, ``re_mention``
    true: each its trigger, and (round 35) its own status, claim source as written and where, and its
    relays' spans — a denial merged into a claim is the denying party's (the place is the event's; a
    record stored before round 35 gives the trigger alone).

    The exports' other columns locate the first report only; this list is how a user counting events
    by place or checking each mention reaches every one (``all_mentions``: JSON text in CSV and
    Parquet, a list in JSON and JSON Lines).  Not the API's per-report ``mention_spans`` (that
    report's re-mentions only, ``{start, end, text}``)."""
    out: list[dict[str, Any]] = []
    for rep in every_report:
        event_id = (f"{rep['document']}#{rep['event_key']}" if rep.get("event_key")
                    else f"{rep['document']}#i{rep.get('index')}")
        chain_spans = _json_list(rep.get("chain_spans"))
        out.append(dict(zip(_MENTION_FIELDS, (
            rep.get("document"), event_id, rep.get("trigger_text"), rep.get("trigger_start"),
            rep.get("trigger_end"), rep.get("status"), rep.get("claim_text"), rep.get("claim_start"),
            rep.get("claim_end"), rep.get("location"), rep.get("place_id"), rep.get("place_text"),
            rep.get("place_start"), rep.get("place_end"), rep.get("country"), rep.get("lat"), rep.get("lon"),
            chain_spans, False,
        ), strict=True)))
        for mention in _json_list(rep.get("re_mentions")):
            entry = {"document_id": rep.get("document"), "event_id": event_id, "trigger": mention.get("text"),
                     "trigger_start": mention.get("start"), "trigger_end": mention.get("end")}
            if "status" in mention:  # its own status and source (round 35)
                source = mention.get("source") if isinstance(mention.get("source"), dict) else {}
                entry.update({"status": mention.get("status"), "claim_text": source.get("text"),
                              "claim_start": source.get("start"), "claim_end": source.get("end"),
                              "chain_spans": _json_list(mention.get("chain_spans"))})
            out.append({**entry, "re_mention": True})
    return out


def record_report(document_id: str, row: dict[str, Any], record: dict[str, Any]) -> dict[str, Any]:
    """One event of an article as :func:`merged` reads each report (the keys of its ``json_object``),
    from the event's row values (``records.annotation_rows``, by column name) and its analysed record:
    so a table with one row per event of an article (the Spark job's ``events``) gives the row's
    ``all_mentions([record_report(...)])``, the list the exports give for that report."""
    def part(name: str, key: str) -> Any:
        value = record.get(name)
        return value.get(key) if isinstance(value, dict) else None

    return {
        "document": document_id, "event_key": row.get("event_key"), "index": row.get("idx"),
        "status": row.get("status"), "location": row.get("location"), "place_id": row.get("place_id"),
        "country": row.get("country"), "lat": row.get("lat"), "lon": row.get("lon"),
        "trigger_text": part("trigger", "text"), "trigger_start": part("trigger", "start"),
        "trigger_end": part("trigger", "end"), "claim_text": part("source", "text"),
        "claim_start": part("source", "start"), "claim_end": part("source", "end"),
        "place_text": part("place", "text"), "place_start": part("place", "start"), "place_end": part("place", "end"),
        "chain_spans": record.get("chain_spans"), "re_mentions": record.get("mentions"),
    }


def _json_list(value: object) -> list[Any]:
    """A list read from a record by ``json_extract`` inside ``json_object`` (an array there; JSON text
    from a store whose SQLite gives it as text); [] for a record without it (stored before round 31)."""
    if isinstance(value, str):
        value = json.loads(value)
    return value if isinstance(value, list) else []


def _dedupe_reports(story_reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One report per document (a document mentioning the same event twice is one report)."""
    seen: set[str] = set()
    out = []
    for rep in story_reports:
        if rep["document"] in seen:
            continue
        seen.add(rep["document"])
        out.append(rep)
    return out


def _and(where_sql: str, clause: str) -> str:
    return where_sql + (" AND " if where_sql else " WHERE ") + clause


def summary(conn: sqlite3.Connection, filters: Filters | None, labels: LabelIndex | None = None) -> dict[str, Any]:
    """Events per place and type (for a map) and per day and type (for a timeline), under the filters.

    ``{"places": [{id, name, country, lat, lon, precision, count, types: {type: n}}], "days": [{day, type, count}],
    "types": {type: n}}``; a day is the event's date, else its article's publication day.  A place's
    ``precision`` is the coarsest of its reports' (a marker never claims more than one of them has).
    """
    where_sql, params = event_where(filters, labels, conn)
    place_rows = conn.execute(
        "SELECT COALESCE(e.place_id, e.location) AS k, MIN(e.place_id) AS id, MIN(e.location) AS name,"
        " MIN(e.country) AS country, AVG(e.lat) AS lat, AVG(e.lon) AS lon, MAX(e.geo_precision) AS precision,"
        " e.event_type AS type, COUNT(*) AS n"
        + EVENT_FROM + _and(where_sql, "e.lat IS NOT NULL AND e.lon IS NOT NULL")
        + " GROUP BY k, e.event_type",
        params,
    ).fetchall()
    places: dict[str, dict[str, Any]] = {}
    for r in place_rows:
        entry = places.setdefault(
            r["k"],
            {"id": r["id"], "name": r["name"], "country": r["country"], "lat": r["lat"], "lon": r["lon"],
             "precision": r["precision"], "count": 0, "types": {}},
        )
        entry["count"] += r["n"]
        if r["precision"] is not None:  # per type so far: the coarsest over all of them
            entry["precision"] = max(r["precision"], entry["precision"] or 0)
        entry["types"][r["type"]] = r["n"]
    day_rows = conn.execute(
        "SELECT substr(COALESCE(e.event_date, d.published), 1, 10) AS day, e.event_type AS type, COUNT(*) AS n"
        + EVENT_FROM + where_sql
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


def at_place(conn: sqlite3.Connection, key: str, limit: int) -> list[dict[str, Any]]:
    """Reports whose place has this id (or, for a place without id, this label), newest first."""
    rows = conn.execute(
        f"{REPORT_COLUMNS}{EVENT_FROM} WHERE e.place_id = ? OR (e.place_id IS NULL AND e.location = ?)"
        f"{NEWEST_FIRST} LIMIT ?",
        (key, key, limit),
    ).fetchall()
    return report_rows(rows)


def naming(conn: sqlite3.Connection, name: str, limit: int) -> list[dict[str, Any]]:
    """Reports whose actor or target is exactly this name, newest first."""
    rows = conn.execute(
        f"{REPORT_COLUMNS}{EVENT_FROM} WHERE e.actor1 = ?1 OR e.actor2 = ?1{NEWEST_FIRST} LIMIT ?2",
        (name, limit),
    ).fetchall()
    return report_rows(rows)


def counts_at_places(conn: sqlite3.Connection, keys: list[str]) -> dict[str, int]:
    """Number of reports per place key (place id, else label)."""
    if not keys:
        return {}
    marks = ",".join("?" * len(keys))
    rows = conn.execute(
        f"SELECT COALESCE(place_id, location) AS k, COUNT(*) FROM events WHERE place_id IN ({marks})"
        f" OR (place_id IS NULL AND location IN ({marks})) GROUP BY k",
        [*keys, *keys],
    ).fetchall()
    return {r[0]: r[1] for r in rows}


def same_event_reports(conn: sqlite3.Connection, report: dict[str, Any]) -> list[dict[str, Any]]:
    """The reports of the same event in the story of ``report`` (a row of :func:`reports`), itself
    included, oldest first: the documents of its cluster that report it with the same type,
    actors, place and date (the merge key of :func:`merged`)."""
    rows = conn.execute(
        f"{REPORT_COLUMNS}{EVENT_FROM} WHERE d.cluster_id IS ? AND e.event_type = ? AND COALESCE(e.actor1, '') = ?"
        " AND COALESCE(e.actor2, '') = ? AND COALESCE(e.location, '') = ? AND COALESCE(e.event_date, '') = ?"
        " ORDER BY d.published, d.seq, e.idx",
        (report.get("cluster_id"), report.get("event_type"), report.get("actor1") or "", report.get("actor2") or "",
         report.get("location") or "", report.get("event_date") or ""),
    ).fetchall()
    return _dedupe_reports(report_rows(rows))


def report_at(conn: sqlite3.Connection, seq: int, idx: int) -> dict[str, Any] | None:
    """One event report by its document's storage key and its position there."""
    rows = conn.execute(f"{REPORT_COLUMNS}{EVENT_FROM} WHERE e.doc_seq = ? AND e.idx = ?", (seq, idx)).fetchall()
    found = report_rows(rows)
    return found[0] if found else None


# -- exports: every report under a filter, in chunks ---------------------------------------------
# The flat report table of the API's exports (``export.REPORT_COLUMNS``, in that order), computed
# in SQL where SQL computes it exactly as :func:`marsad.store.export.report_row` does (ids, date
# precision, mentions, the reviewed flag); only the attribution chain is joined in Python (its
# JSON list, kept in order).  Of the record (a JSON object per event) only the offsets and the claim
# source as written are read, with json_extract.
# The last two columns (the date and id) are the keyset of the next chunk, not exported.
REPORT_TABLE_COLUMNS = (
    "SELECT CASE WHEN d.id IS NULL OR d.id = '' THEN NULL"
    "  WHEN e.event_key IS NOT NULL AND e.event_key != '' THEN d.id || '#' || e.event_key"
    "  ELSE d.id || '#i' || e.idx END,"
    " d.id, e.idx, d.cluster_id, e.event_date,"
    " CASE WHEN typeof(e.event_date) = 'text' THEN"
    "  CASE length(e.event_date) WHEN 10 THEN 'day' WHEN 7 THEN 'month' WHEN 4 THEN 'year' END END,"
    " e.event_type, e.mode, e.status, e.actor1, e.actor1_id, e.actor2, e.actor2_id, e.location, e.place_id,"
    " e.country, e.admin1, e.lat, e.lon, e.geo_precision, e.claim_source, json_extract(e.record, '$.source.text'),"
    " json_extract(e.record, '$.source.start'), json_extract(e.record, '$.source.end'), e.chain, e.fatalities,"
    " e.confidence, e.actor1_confidence, e.actor2_confidence, COALESCE(NULLIF(e.mentions, 0), 1), e.trigger,"
    " json_extract(e.record, '$.trigger.start'), json_extract(e.record, '$.trigger.end'),"
    " s.name, d.published, d.title, d.url, e.reviewed != 0,"
    " e.verdict, COALESCE((SELECT c.outlets FROM corroborations c WHERE c.id = e.corroboration), 1),"
    " e.corroboration, e.event_date, e.id"
)
_TABLE_CHAIN = 24  # the position of source_chain in the table (the chain's JSON until joined)
EXPORT_CHUNK = 2000  # reports read at a time by an export


def _after(where_sql: str, params: list[Any], last: tuple[Any, int] | None) -> tuple[str, list[Any]]:
    """The filter's WHERE with "after the last report read" in the newest-first order
    (event date descending, undated last, then id descending): keyset paging, so every chunk
    costs the same however deep in the export it is (an OFFSET re-reads every row before it)."""
    if last is None:
        return where_sql, params
    date, ident = last
    if date is None:
        return _and(where_sql, "(e.event_date IS NULL AND e.id < ?)"), [*params, ident]
    return (_and(where_sql, "(e.event_date < ? OR e.event_date IS NULL OR (e.event_date = ? AND e.id < ?))"),
            [*params, date, date, ident])


def report_chunk(
    conn: sqlite3.Connection, filters: Filters | None, labels: LabelIndex | None, after: tuple[Any, int] | None,
    limit: int = EXPORT_CHUNK,
) -> tuple[list[dict[str, Any]], tuple[Any, int] | None]:
    """The next ``limit`` reports of :func:`reports`' order after ``after`` (a keyset from the last
    call; None: from the first), as :func:`reports` rows; and the keyset after them (None: no more)."""
    where_sql, params = event_where(filters, labels, conn)
    where_sql, params = _after(where_sql, params, after)
    rows = report_rows(conn.execute(f"{REPORT_COLUMNS}{EVENT_FROM}{where_sql}{NEWEST_FIRST} LIMIT ?",
                                    [*params, limit]).fetchall())
    if len(rows) < limit:
        return rows, None
    return rows, (rows[-1]["event_date"], int(rows[-1]["id"]))


def report_table_chunk(
    conn: sqlite3.Connection, filters: Filters | None, labels: LabelIndex | None, after: tuple[Any, int] | None,
    limit: int = EXPORT_CHUNK,
) -> tuple[list[tuple[Any, ...]], tuple[Any, int] | None]:
    """Like :func:`report_chunk`, as rows of the flat report table (``export.REPORT_COLUMNS`` order,
    the values :func:`marsad.store.export.report_row` gives: ``reviewed`` as 0/1)."""
    where_sql, params = event_where(filters, labels, conn)
    where_sql, params = _after(where_sql, params, after)
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples
    raw = cursor.execute(f"{REPORT_TABLE_COLUMNS}{EVENT_FROM}{where_sql}{NEWEST_FIRST} LIMIT ?",
                         [*params, limit]).fetchall()
    chain = _TABLE_CHAIN
    loads = json.loads
    out = [
        (*row[:chain], " > ".join(loads(row[chain]) or []) if row[chain] and row[chain] != "[]" else "",
         *row[chain + 1:-2])
        for row in raw
    ]
    if len(raw) < limit:
        return out, None
    return out, (raw[-1][-2], int(raw[-1][-1]))
