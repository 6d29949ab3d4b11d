"""The sources view: articles and events per outlet, in total and per day or month of publication."""

from __future__ import annotations

import sqlite3
from typing import Any

from marsad.store.filters import DOCUMENT_CONDITIONS, DOCUMENT_FROM, Filters, where

PERIODS = {"day": 10, "month": 7}  # how many characters of the ISO publication date name the period


def outlet_activity(conn: sqlite3.Connection, filters: Filters | None, by: str = "month") -> dict[str, Any]:
    """``{"by", "sources": [{name, documents, events, first, last}], "series": [{source, period,
    documents, events}]}`` under the document filters (``source``, ``since``, ``until``).

    Events are reports (as ``/api/stats`` counts them) dated by their article's publication, so an
    outlet's line shows what it published when; articles without a date count in the totals only.
    Outlets are listed most articles first; an article without an outlet counts under None."""
    if by not in PERIODS:
        raise ValueError(f"period {by!r} is not one of {', '.join(PERIODS)}")
    width = PERIODS[by]
    where_sql, params = where(DOCUMENT_CONDITIONS, filters)
    rows = conn.execute(
        f"SELECT s.name AS source, substr(d.published, 1, {width}) AS period, COUNT(*) AS documents,"
        f" SUM(d.n_events) AS events, MIN(d.published) AS first, MAX(d.published) AS last"
        f"{DOCUMENT_FROM}{where_sql} GROUP BY s.name, period ORDER BY s.name, period",
        params,
    ).fetchall()
    totals: dict[str | None, dict[str, Any]] = {}
    series = []
    for r in rows:
        entry = totals.setdefault(r["source"], {"name": r["source"], "documents": 0, "events": 0,
                                                "first": None, "last": None})
        entry["documents"] += int(r["documents"])
        entry["events"] += int(r["events"] or 0)
        for key, pick in (("first", min), ("last", max)):
            if r[key] is not None:
                entry[key] = r[key] if entry[key] is None else pick(entry[key], r[key])
        if isinstance(r["period"], str) and len(r["period"]) == width:
            series.append({"source": r["source"], "period": r["period"], "documents": int(r["documents"]),
                           "events": int(r["events"] or 0)})
    sources = sorted(totals.values(), key=lambda t: (-t["documents"], t["name"] or ""))
    return {"by": by, "sources": sources, "series": series}
