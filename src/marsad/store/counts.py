"""Counts of merged events by one or more of their fields: what a researcher asks of a month of news
(events by actor, type, place and week) without writing SQL or pandas.

The counted events are ``Store.merged_events`` (one per story event, after the filters), so a count
agrees with the rows ``marsad events`` lists and the exports write; each count row also gives the
reports behind its events.  The time keys come from the event date: ``day`` (a day-precise date),
``week`` (the first day of its week, weeks starting on the day ``week_start`` of the time lexicon
names: Saturday, as in the times stage and ACLED's weekly data) and ``month``; an event dated to the
month only has no day and no week (empty), one dated to the year no month either.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from marsad.errors import MarsadError
from marsad.resources import read_text

# Name a user gives → the merged event's field it counts by (None: a time key from the event date).
COUNT_KEYS: dict[str, str | None] = {
    "type": "event_type", "mode": "mode", "status": "status", "actor": "actor1", "target": "actor2",
    "place": "location", "admin1": "admin1", "country": "country",
    "day": None, "week": None, "month": None,
}
TIME_KEYS = ("day", "week", "month")


class CountKeyError(MarsadError, ValueError):
    """A ``--count-by`` value that names no field (the message lists the valid ones)."""


def parse_count_keys(value: str) -> tuple[str, ...]:
    """``week,actor`` → ("week", "actor"): known names, each once, in the order given."""
    keys = [part.strip().lower() for part in value.split(",") if part.strip()]
    unknown = [key for key in keys if key not in COUNT_KEYS]
    if not keys or unknown:
        shown = ", ".join(repr(k) for k in unknown) if unknown else repr(value)
        raise CountKeyError(f"{shown} is not a field to count by; choose from: {', '.join(COUNT_KEYS)}"
                            " (several joined by commas: week,actor)")
    return tuple(dict.fromkeys(keys))


@lru_cache(maxsize=1)
def week_start() -> int:
    """The weekday weeks start on (Monday 0 … Sunday 6), from the time lexicon (``week_start``)."""
    found = re.search(r"^week_start:\s*(\d)", read_text("time_lexicon.yaml"), re.MULTILINE)
    return int(found.group(1)) if found else 5


def time_key(key: str, event_date: object) -> str | None:
    """The day, week (its first day) or month of an ISO event date; None when the date is not that precise."""
    if not isinstance(event_date, str):
        return None
    if key == "month":
        return event_date[:7] if len(event_date) >= 7 else None
    if len(event_date) != 10:
        return None
    if key == "day":
        return event_date
    try:
        day = date.fromisoformat(event_date)
    except ValueError:
        return None
    return (day - timedelta(days=(day.weekday() - week_start()) % 7)).isoformat()


def count_events(events: Iterable[dict[str, Any]], keys: tuple[str, ...]) -> list[dict[str, Any]]:
    """One row per distinct combination of ``keys`` among ``events`` (merged events): the keys' values
    (None where an event has none), ``events`` (how many merged events) and ``reports`` (their reports).

    Sorted by the time keys first (oldest first, undated last), then by the most events, then by name."""
    tallies: dict[tuple[str | None, ...], list[int]] = {}
    for event in events:
        values = tuple(_value(event, key) for key in keys)
        tally = tallies.setdefault(values, [0, 0])
        tally[0] += 1
        count = event.get("count")
        tally[1] += count if isinstance(count, int) else len(event.get("reports") or []) or 1
    time_positions = [i for i, key in enumerate(keys) if key in TIME_KEYS]

    def order(item: tuple[tuple[str | None, ...], list[int]]) -> tuple[Any, ...]:
        values, (n, _reports) = item
        times = tuple((values[i] is None, values[i] or "") for i in time_positions)
        return (*times, -n, tuple((v is None, v or "") for v in values))

    return [{**dict(zip(keys, values, strict=True)), "events": n, "reports": reports}
            for values, (n, reports) in sorted(tallies.items(), key=order)]


def _value(event: dict[str, Any], key: str) -> str | None:
    field = COUNT_KEYS[key]
    if field is None:
        return time_key(key, event.get("event_date"))
    value = event.get(field)
    return str(value) if value not in (None, "") else None
