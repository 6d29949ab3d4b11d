"""The dashboard's overview of a filtered set of events: a timeline on the news's own days, and facets.

The timeline is laid on publication days (when the news was written), not on the
dates the events name: an article of 2015 recalling a war of 1948 would otherwise
stretch the axis over seventy years with the news as one sliver.  Event dates are
kept at their precision (a day, a month, a year) for whoever wants to draw them.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from typing import Any

from marsad.store.filters import (
    DOCUMENT_CONDITIONS,
    DOCUMENT_FROM,
    EVENT_CONDITIONS,
    EVENT_FROM,
    EVENT_ONLY_FROM,
    Filters,
    needs_document,
    where,
)
from marsad.store.labels import LabelIndex

PRECISION_BY_LENGTH = {10: "day", 7: "month", 4: "year"}

# Facet name -> the column it counts; each facet is counted under every filter but its own,
# so the other choices of that facet stay visible once one is picked.
# ``claimed_by``: the most frequent claim sources (who the reports attribute their events to, by
# canonical name), from the claim source index (schema version 8); the outlet's own assertions,
# which have none, are not a claimant.
FACET_COLUMNS = {"type": "e.event_type", "status": "e.status", "country": "e.country", "source": "s.name",
                 "claimed_by": "e.claim_source"}
FACET_LIMIT = 100


def timeline(conn: sqlite3.Connection, filters: Filters | None, labels: LabelIndex | None = None) -> dict[str, Any]:
    """``{"days": [{day, type, count}], "articles": [{day, count}], "dates": [{date, precision, type, count}],
    "first_day", "last_day"}``.

    ``days``: event reports per publication day of their article and type; ``articles``: articles
    published per day (under the filters documents have: source, since, until); ``dates``: the
    reports per event date as written (day, month or year precision; reports without one are left
    out); ``first_day``/``last_day``: the publication period of the events (of the articles when no
    event has a dated article)."""
    where_sql, params = where(EVENT_CONDITIONS, filters, labels=labels, conn=conn)
    days = [
        {"day": r[0], "type": r[1], "count": r[2]}
        for r in conn.execute(
            "SELECT substr(d.published, 1, 10) AS day, e.event_type, COUNT(*)" + EVENT_FROM + where_sql
            + " GROUP BY day, e.event_type ORDER BY day",
            params,
        )
        if isinstance(r[0], str) and len(r[0]) == 10
    ]
    dates = [
        {"date": r[0], "precision": PRECISION_BY_LENGTH[len(r[0])], "type": r[1], "count": r[2]}
        for r in conn.execute(
            # Only the outlet, document and story filters read the joined tables; without them, no join.
            "SELECT e.event_date, e.event_type, COUNT(*)" + (EVENT_FROM if needs_document(filters) else EVENT_ONLY_FROM)
            + where_sql
            + " GROUP BY e.event_date, e.event_type ORDER BY e.event_date",
            params,
        )
        if isinstance(r[0], str) and len(r[0]) in PRECISION_BY_LENGTH
    ]
    doc_where, doc_params = where(DOCUMENT_CONDITIONS, filters)
    articles = [
        {"day": r[0], "count": r[1]}
        for r in conn.execute(
            "SELECT substr(d.published, 1, 10) AS day, COUNT(*)" + DOCUMENT_FROM + doc_where
            + " GROUP BY day ORDER BY day",
            doc_params,
        )
        if isinstance(r[0], str) and len(r[0]) == 10
    ]
    span = days or articles
    return {
        "days": days,
        "articles": articles,
        "dates": dates,
        "first_day": span[0]["day"] if span else None,
        "last_day": span[-1]["day"] if span else None,
    }


def facets(conn: sqlite3.Connection, filters: Filters | None, labels: LabelIndex | None = None) -> dict[str, Any]:
    """``{facet: [{value, count}]}`` for type, status, country, source (the outlet) and claimed_by
    (the claim source), most first.

    Each facet is counted under all the filters except its own."""
    base = filters or Filters()
    out: dict[str, Any] = {}
    for name, column in FACET_COLUMNS.items():
        others = dataclasses.replace(base, **{name: None})
        where_sql, params = where(EVENT_CONDITIONS, others, labels=labels, conn=conn)
        joined = column.startswith("s.") or needs_document(others)
        rows = conn.execute(
            f"SELECT {column}, COUNT(*){EVENT_FROM if joined else EVENT_ONLY_FROM}{where_sql}"
            f" GROUP BY {column} ORDER BY 2 DESC, 1 LIMIT ?",
            [*params, FACET_LIMIT],
        ).fetchall()
        out[name] = [{"value": r[0], "count": r[1]} for r in rows if r[0] is not None]
    return out
