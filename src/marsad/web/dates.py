"""The one check of every date the web layer accepts (query filters, posted and served articles)."""

from __future__ import annotations

import datetime as dt
import re


def real_day(value: str | None) -> str | None:
    """The day of an ISO 8601 date or date-time (``2019-02-28``, ``2019-02-28T10:00:00Z``), or ValueError.

    The one check for every date the API accepts: the form alone lets ``2019-02-30`` or
    ``9999-99-99`` through, and a stored impossible day would skew the stats and the timeline,
    so the calendar decides.  ``None`` (no date) passes."""
    if value is None:
        return None
    try:
        # fromisoformat alone would also take the compact forms (20190228, 2019-W09-4).
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value[:10]):
            raise ValueError
        day = dt.date.fromisoformat(value[:10])
        if len(value) > 10:
            dt.datetime.fromisoformat(value)  # the time part, if any, must be a time too
    except ValueError:
        raise ValueError(f"{value[:40]!r} is not a real date (YYYY-MM-DD, optionally with an ISO 8601 time)") from None
    return day.isoformat()
