"""Entity and place tallies kept up to date incrementally: the unfiltered lists and their counts without a scan.

The entity and place lists without a name filter rank every entity or place of
the store by documents then mentions, and ``/api/stats`` counts them; in SQL
that groups every row (365,000 entity mentions, 96,000 place rows on the full
SaudiNewsNet store: 0.3-0.5 s a request).  Entities and places are only ever
appended with their document, and a document's rows are written in one
transaction with consecutive rowids, so the tallies read only the rows added
since their last look: a key's document count grows by one whenever a row of a
document it has not been seen in arrives.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from typing import Any


@dataclass(slots=True)
class Tally:
    documents: int = 0
    mentions: int = 0
    last_document: int = -1  # the doc_seq of the key's latest row (rows of one document are consecutive)

    def add(self, doc_seq: int, mentions: int) -> None:
        if doc_seq != self.last_document:
            self.documents += 1
            self.last_document = doc_seq
        self.mentions += mentions


# How a remembered ranking is made: from ``by_group`` (else ``by_key``), of one group only (None:
# every pair), ranking the pair's key rather than the pair (places per country).
RankingSpec = tuple[bool, str | None, bool]
# A ranking: (-documents, -mentions, element) per element, sorted: most documents first, then most
# mentions, then by element, and each element's tally readable from its entry.
Ranking = list[tuple[int, int, Any]]


class _Tallies:
    """Tallies per key of one append-only table, read by rowid; thread-safe.

    Rankings asked for are remembered and kept up to date as rows arrive: only the keys the new
    rows touched move (their counts only grow), so the ranking without them, still sorted, and
    their new entries are merged by one sort of two sorted runs (a few ms), instead of ranking
    every key again (0.1 s for the 83,000 entities of the full SaudiNewsNet store), which an
    ingest committing every few seconds would otherwise cost each server process per list asked."""

    def __init__(self, sql: str, table: str) -> None:
        self._sql = sql  # (rowid range) → (key, group, doc_seq, mentions) rows in rowid order
        self._top_sql = f"SELECT COALESCE(MAX(rowid), 0) FROM {table}"
        self.lock = threading.Lock()
        self._seen_up_to = 0
        self.by_key: dict[str, Tally] = {}  # the list's key → its tally
        self.by_group: dict[tuple[str, str], Tally] = {}  # (key, type or country) → its tally
        self._ranked: dict[str, tuple[RankingSpec, Ranking]] = {}  # remembered rankings, kept up to date
        self._rewrites_seen = 0  # the last re-analysis counted (reanalysed_up_to)

    def refresh(self, conn: sqlite3.Connection) -> None:
        top = int(conn.execute(self._top_sql).fetchone()[0])
        rewrites = reanalysed_up_to(conn)
        with self.lock:
            if rewrites > self._rewrites_seen:
                # A re-analysis replaced some documents' rows (deleted, then appended): count all again.
                self.by_key, self.by_group, self._seen_up_to = {}, {}, 0
                self._ranked = {}
                self._rewrites_seen = rewrites
            seen = self._seen_up_to
            # Threads read different snapshots while an ingest writes: one may see fewer rows than read.
            if top <= seen:
                return
            by_key, by_group = self.by_key, self.by_group
            touched_keys: set[str] = set()
            touched_pairs: set[tuple[str, str]] = set()
            for key, group, doc_seq, mentions in conn.execute(self._sql, (seen, top)):
                tally = by_key.get(key)
                if tally is None:
                    tally = by_key[key] = Tally()
                tally.add(doc_seq, mentions)
                touched_keys.add(key)
                if group is not None:
                    pair = (key, group)
                    grouped = by_group.get(pair)
                    if grouped is None:
                        grouped = by_group[pair] = Tally()
                    grouped.add(doc_seq, mentions)
                    touched_pairs.add(pair)
            self._seen_up_to = top
            for spec, ranking in self._ranked.values():
                self._update(spec, ranking, touched_keys, touched_pairs)

    def _entries(self, spec: RankingSpec, among: Any) -> Ranking:
        """The ranking entries of the keys or pairs ``among`` (all of them: the source dict) under ``spec``."""
        use_group, group, as_key = spec
        if not use_group:
            by_key = self.by_key
            return [(-by_key[k].documents, -by_key[k].mentions, k) for k in among]
        by_group = self.by_group
        entries: Ranking = []
        for pair in among:
            if group is None or pair[1] == group:
                tally = by_group[pair]
                entries.append((-tally.documents, -tally.mentions, pair[0] if as_key else pair))
        return entries

    def _update(self, spec: RankingSpec, ranking: Ranking, touched_keys: set[str],
                touched_pairs: set[tuple[str, str]]) -> None:
        fresh = self._entries(spec, touched_pairs if spec[0] else touched_keys)
        if not fresh:
            return
        moved = {entry[2] for entry in fresh}
        kept = [entry for entry in ranking if entry[2] not in moved]
        ranking[:] = kept + sorted(fresh)
        ranking.sort()  # two sorted runs: one merge

    def ranked(self, name: str, spec: RankingSpec) -> Ranking:
        """The ranking ``spec`` describes, remembered as ``name`` and kept up to date (caller holds the lock)."""
        found = self._ranked.get(name)
        if found is None:
            ranking = sorted(self._entries(spec, self.by_group if spec[0] else self.by_key))
            self._ranked[name] = (spec, ranking)
            return ranking
        return found[1]


class EntityTallies(_Tallies):
    """Per (name, type): documents and mentions, as ``GROUP BY COALESCE(canonical, text), type`` counts them."""

    def __init__(self) -> None:
        super().__init__(
            "SELECT COALESCE(canonical, text), type, doc_seq, 1 FROM entities WHERE rowid > ? AND rowid <= ?"
            " ORDER BY rowid",
            "entities",
        )

    def page(self, conn: sqlite3.Connection, entity_type: str | None, limit: int, offset: int
             ) -> tuple[list[dict[str, object]], int]:
        """The unfiltered entity list (optionally of one type): name, type, documents, mentions; and the total."""
        self.refresh(conn)
        with self.lock:
            tally_of = self.by_group
            if entity_type is None:
                ranking = self.ranked("", (True, None, False))
            else:
                ranking = self.ranked("type:" + entity_type, (True, entity_type, False))
            rows = []
            for _, _, pair in ranking[offset:offset + limit]:
                name, kind = pair
                tally = tally_of[pair]
                rows.append({"name": name, "type": kind, "documents": tally.documents, "mentions": tally.mentions})
            return rows, len(ranking)

    def count(self, conn: sqlite3.Connection) -> int:
        """How many (name, type) entities the store has."""
        self.refresh(conn)
        with self.lock:
            return len(self.by_group)


class PlaceTallies(_Tallies):
    """Per place key (``COALESCE(place_id, COALESCE(canonical, name))``) and per (key, upper(country))."""

    def __init__(self) -> None:
        super().__init__(
            "SELECT COALESCE(place_id, COALESCE(canonical, name)), upper(country), doc_seq, mentions FROM places"
            " WHERE rowid > ? AND rowid <= ? ORDER BY rowid",
            "places",
        )
        self._pairs: set[tuple[str, str | None]] = set()  # (key, country as written), for the count
        self._pairs_sql = (
            "SELECT DISTINCT COALESCE(place_id, COALESCE(canonical, name)), country FROM places"
            " WHERE rowid > ? AND rowid <= ?"
        )
        self._pairs_seen = 0
        self._pairs_rewrites = 0  # the last re-analysis the pairs were counted after

    def ranked_keys(self, conn: sqlite3.Connection, country: str | None) -> list[str]:
        """Place keys (of rows in ``country``, any case) most documents first, then mentions, then key."""
        keys, _ = self.ranked_page(conn, country, 0, None)
        return keys

    def ranked_page(self, conn: sqlite3.Connection, country: str | None, offset: int, limit: int | None
                    ) -> tuple[list[str], int]:
        """One page of :meth:`ranked_keys` (``limit`` None: to the end) and how many keys there are."""
        self.refresh(conn)
        with self.lock:
            if country is None:
                ranking = self.ranked("", (False, None, False))
            else:
                wanted = country.upper()
                ranking = self.ranked("country:" + wanted, (True, wanted, True))
            end = None if limit is None else offset + limit
            return [entry[2] for entry in ranking[offset:end]], len(ranking)

    def count_by_country(self, conn: sqlite3.Connection) -> int:
        """How many (place key, country) pairs the store has (``count_places_by_country(conn, None)``)."""
        top = int(conn.execute(self._top_sql).fetchone()[0])
        rewrites = reanalysed_up_to(conn)
        with self.lock:
            if rewrites > self._pairs_rewrites:  # a re-analysis replaced some documents' rows
                self._pairs, self._pairs_seen, self._pairs_rewrites = set(), 0, rewrites
            if top > self._pairs_seen:
                self._pairs.update(conn.execute(self._pairs_sql, (self._pairs_seen, top)))
                self._pairs_seen = top
            return len(self._pairs)


def reanalysed_up_to(conn: sqlite3.Connection) -> int:
    """The newest re-analysis (``reanalyses`` id; 0 for none, or a store from before them): rows of a
    re-analysed document are deleted and appended again, which an incremental tally must count anew."""
    try:
        return int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM reanalyses").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def _high_marks(conn: sqlite3.Connection) -> tuple[int, int]:
    """The newest event id, and the newest review id plus the newest re-analysis id (each only grows):
    what a running tally compares with what it saw; the second growing means "count all again"."""
    top = int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0])
    try:
        reviews = int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM reviews").fetchone()[0])
    except sqlite3.OperationalError:  # a store from before reviews
        reviews = 0
    return top, reviews + reanalysed_up_to(conn)


class PlaceEventTallies:
    """Event reports per place key (``COALESCE(place_id, location)``): the ``events`` column of the place lists.

    Counted in SQL for one page's places, that reads every event row (the events table has no
    index on ``place_id``): ~30 ms a request on the full SaudiNewsNet store.  Events are appended
    with their document, so this reads only the events added since its last look; a review may
    move an event to another place, so any new review makes it count them all again.
    (``Store.rebuild_events`` renumbers the events: a server running across one should be
    restarted, as for the label index.)"""

    _SQL = (
        "SELECT COALESCE(place_id, location), COUNT(*) FROM events WHERE id > ? AND id <= ?"
        " AND COALESCE(place_id, location) IS NOT NULL GROUP BY 1"
    )

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen_up_to = 0
        self._reviews_seen = 0
        self._counts: dict[str, int] = {}

    def counts(self, conn: sqlite3.Connection, keys: list[str]) -> dict[str, int]:
        """Reports per key for these keys (a key without reports is left out)."""
        self.refresh(conn)
        with self._lock:
            found = self._counts
            return {k: found[k] for k in keys if k in found}

    def refresh(self, conn: sqlite3.Connection) -> None:
        top, reviews = _high_marks(conn)
        with self._lock:
            if reviews > self._reviews_seen:
                self._recount_from(0)
                self._reviews_seen = reviews
            elif top <= self._seen_up_to:
                return  # nothing new, or a thread on an older snapshot than the one counted (an ingest writes)
            for key, count in conn.execute(self._SQL, (self._seen_up_to, top)):
                self._counts[key] = self._counts.get(key, 0) + int(count)
            self._seen_up_to = top

    def _recount_from(self, start: int) -> None:
        self._counts = {}
        self._seen_up_to = start


class EventTallies:
    """Event reports per type and per status (``/api/stats``), kept like :class:`PlaceEventTallies`:
    counting them in SQL reads the whole type and status indexes (~18 ms a request on the full
    SaudiNewsNet store); this reads the events added since its last look, and counts again after
    a review (which may change an event's type or status)."""

    _SQL = "SELECT event_type, status FROM events WHERE id > ? AND id <= ?"

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen_up_to = 0
        self._reviews_seen = 0
        self._by_type: dict[str, int] = {}
        self._by_status: dict[str, int] = {}

    def refresh(self, conn: sqlite3.Connection) -> None:
        top, reviews = _high_marks(conn)
        with self._lock:
            if reviews > self._reviews_seen:
                self._by_type, self._by_status, self._seen_up_to = {}, {}, 0
                self._reviews_seen = reviews
            elif top <= self._seen_up_to:
                return  # nothing new, or a thread on an older snapshot than the one counted
            by_type, by_status = self._by_type, self._by_status
            for event_type, status in conn.execute(self._SQL, (self._seen_up_to, top)):
                by_type[event_type] = by_type.get(event_type, 0) + 1
                by_status[status] = by_status.get(status, 0) + 1
            self._seen_up_to = top

    def by_type_and_status(self, conn: sqlite3.Connection) -> tuple[dict[str, int], dict[str, int]]:
        """Reports per type and per status, most first (ties by name, as SQL's GROUP BY gives them)."""
        self.refresh(conn)
        with self._lock:
            return _most_first(self._by_type), _most_first(self._by_status)


def _most_first(counts: dict[str, int]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
