"""Corroboration: the events of different articles that tell the same act, grouped (round 37).

A story (``cluster.py``) gathers copies of one text; a merged event (``events.merged``) is one event
of one story.  An analyst asks more: who *else* reports it, in their own words?  Here each stored
event row may belong to a **group** (``events.corroboration``, schema 12) of event rows of other
documents judged to tell the same act, and each group keeps how many documents and outlets tell it
and who they say claims it (``corroborations``).

The rule (chosen before measuring; docs/store.md, "Corroboration"), for an event and an earlier event
of *another* document:

* the same PLOVER type, and both dated to the day, at most :data:`DAY_WINDOW` day(s) apart;
* nothing that contradicts: dictionary ids of the actor (or of the target) that differ; places that
  cannot be the same (two towns more than :data:`NEAR_KM` apart, two provinces, two countries, a town
  outside the other's province);
* enough that agrees (:func:`agreement`): the same town (or towns within :data:`NEAR_KM`) counts 2,
  the same province or country (or a town inside the other's province) 1, the same actor (dictionary
  id, else the label normalised) 1, the same target 1; at least :data:`MIN_AGREEMENT` is asked.  The
  extraction's labels vary between outlets (طائرات روسية / Russian armed forces), so labels that
  differ are no contradiction, only no agreement.

An event joins the group of the earlier event that agrees best (then the nearest day, then the
earliest row), when no member of that group contradicts it and none is of its own document: two
events of one article are never grouped here (merging them is the extraction's work).  Only earlier
rows are looked at, so grouping event by event as they are stored (``assign`` after each ingest
transaction) gives the groups :func:`rebuild` gives over the whole table in row order.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from marsad.text.normalize import normalize

# Days between two events' dates for them to be one act (a report the next morning says "yesterday").
DAY_WINDOW = 1
# Two towns this close are one place for this purpose (a town and the village beside it).
NEAR_KM = 25.0
# At least 2: the pool's look-up (``_keys``) finds only candidates that can reach it.
MIN_AGREEMENT = 2
# The gazetteer's precision codes (``geo.gazetteer``; the store may not import geo): a town or
# finer, a district, a province (admin1), a country.
_TOWN, _DISTRICT, _PROVINCE, _COUNTRY = 1, 2, 3, 4
# A date string sorting after every date of its day.
_TOP = "\uffff"

_COLUMNS = ("SELECT e.id, e.doc_seq, e.event_type, e.actor1, e.actor2, e.actor1_id, e.actor2_id, e.place_id,"
            " e.country, e.admin1, e.lat, e.lon, e.geo_precision, e.event_date, e.corroboration"
            " FROM events e")


@dataclass(frozen=True, slots=True)
class _Event:
    id: int
    doc: int
    type: str
    day: dt.date
    actor: tuple[str | None, str | None]   # (dictionary id, normalised label)
    target: tuple[str | None, str | None]
    place_id: str | None
    country: str | None
    admin1: str | None
    point: tuple[float, float] | None
    precision: int | None
    group: int | None


def _day(value: object) -> dt.date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None  # no date, or a month or a year only: too vague to say two reports are one act
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


@functools.lru_cache(maxsize=65536)
def _normalised(value: str) -> str | None:
    return normalize(value).strip() or None


def _label(value: object) -> str | None:
    return _normalised(value) if isinstance(value, str) else None


def _event(row: sqlite3.Row | tuple[Any, ...]) -> _Event | None:
    (id_, doc, type_, actor1, actor2, actor1_id, actor2_id, place_id, country, admin1, lat, lon, precision,
     date, group) = tuple(row)
    day = _day(date)
    if day is None or not type_:
        return None
    point = (float(lat), float(lon)) if lat is not None and lon is not None else None
    return _Event(int(id_), int(doc), str(type_), day, (actor1_id or None, _label(actor1)),
                  (actor2_id or None, _label(actor2)), place_id or None, country or None, admin1 or None, point,
                  int(precision) if precision is not None else None, group)


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def _fine(e: _Event) -> bool:
    return e.precision is not None and e.precision <= _DISTRICT


def _place(a: _Event, b: _Event) -> int | None:
    """How much the two places agree: 2 the same town, 1 one inside the other or the same province or
    country, 0 unknown (either has none), None when they cannot be one place."""
    if a.place_id is None or b.place_id is None:
        return 0
    if a.country and b.country and a.country != b.country:
        return None
    if _fine(a) and _fine(b):
        if a.place_id == b.place_id:
            return 2
        return 2 if a.point and b.point and _km(a.point, b.point) <= NEAR_KM else None
    if a.place_id == b.place_id:
        return 1
    coarse, other = (a, b) if not _fine(a) else (b, a)
    if coarse.precision == _COUNTRY:
        return 1  # the same country (checked above) or a place in it
    if coarse.precision == _PROVINCE and not _fine(other):
        return None  # two provinces
    # A province and a town: the town's province must be it.
    return 1 if coarse.admin1 and other.admin1 == coarse.admin1 else None


def _role(a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> int | None:
    """1 the same party, 0 nothing known to agree, None two different dictionary ids."""
    if a[0] and b[0]:
        return 1 if a[0].casefold() == b[0].casefold() else None
    return 1 if a[1] and a[1] == b[1] else 0


def agreement(a: _Event, b: _Event) -> int | None:
    """How much two events of different documents agree (see the module's rule); None: they contradict."""
    if a.type != b.type or abs((a.day - b.day).days) > DAY_WINDOW or a.doc == b.doc:
        return None
    parts = (_place(a, b), _role(a.actor, b.actor), _role(a.target, b.target))
    if any(p is None for p in parts):
        return None
    return sum(p for p in parts if p is not None)


# Grid cells for the towns near each other: 0.5 degree (55 km of latitude, 45 km of longitude at 35° N),
# so two points within NEAR_KM lie in the same or neighbouring cells up to about 60° of latitude.
_CELL = 0.5


def _keys(e: _Event) -> list[tuple[str, object]]:
    """What an event may agree with another by, enough to reach :data:`MIN_AGREEMENT` (2 or more): the
    same or a near town (2), or a party (one of the 1s).  A province or a country alone (1) never
    suffices, so a candidate shares one of these keys; the pool looks candidates up by them instead
    of comparing every event of a day with every other (a day of a large store holds thousands)."""
    keys: list[tuple[str, object]] = []
    if _fine(e):
        if e.place_id:
            keys.append(("place", e.place_id))
        if e.point:
            keys.append(("cell", (math.floor(e.point[0] / _CELL), math.floor(e.point[1] / _CELL))))
    for role, (ident, label) in (("actor", e.actor), ("target", e.target)):
        if ident:
            keys.append((role, ident.casefold()))
        if label:
            keys.append((role, "label:" + label))
    return keys


def _search_keys(e: _Event) -> list[tuple[str, object]]:
    """:func:`_keys`, with a point's neighbouring cells."""
    out: list[tuple[str, object]] = []
    for kind, value in _keys(e):
        if kind == "cell" and isinstance(value, tuple):
            out += [("cell", (value[0] + dy, value[1] + dx)) for dy in (-1, 0, 1) for dx in (-1, 0, 1)]
        else:
            out.append((kind, value))
    return out


class _Pool:
    """The events an assignment looks at, indexed by (type, day, key), with their current groups; a
    group's members kept as they grow (no query per candidate)."""

    def __init__(self) -> None:
        self.by_key: dict[tuple[str, dt.date, tuple[str, object]], list[_Event]] = defaultdict(list)
        self.events: dict[int, _Event] = {}
        self.group_of: dict[int, int | None] = {}
        self.members: dict[int, _Members] = defaultdict(_Members)

    def add(self, e: _Event) -> None:
        if e.id in self.group_of:
            return
        for key in _keys(e):
            self.by_key[(e.type, e.day, key)].append(e)
        self.events[e.id] = e
        self.group_of[e.id] = e.group
        if e.group is not None:
            self.members[e.group].add(e)

    def candidates(self, e: _Event) -> Iterator[_Event]:
        seen: set[int] = set()
        keys = _search_keys(e)
        for shift in range(-DAY_WINDOW, DAY_WINDOW + 1):
            day = e.day + dt.timedelta(days=shift)
            for key in keys:
                for c in self.by_key.get((e.type, day, key), ()):
                    if c.id < e.id and c.doc != e.doc and c.id not in seen:
                        seen.add(c.id)
                        yield c

    def best(self, e: _Event) -> tuple[int, int | None] | None:
        """(the partner's row id, its group) of the best earlier event ``e`` may join, or None."""
        scored = []
        for c in self.candidates(e):
            score = agreement(e, c)
            if score is not None and score >= MIN_AGREEMENT:
                scored.append((-score, abs((e.day - c.day).days), c.id))
        refused: set[int] = set()
        for *_, partner in sorted(scored):
            group = self.group_of[partner]
            if group is None:
                return partner, None
            if group in refused:
                continue
            if self.members[group].admits(e):
                return partner, group
            refused.add(group)
        return None

    def join(self, e: _Event, group: int, partner: _Event | None = None) -> None:
        for member in (partner, e):
            if member is not None and self.group_of.get(member.id) is None:
                self.group_of[member.id] = group
                self.members[group].add(member)


class _Members:
    """What a group's members say that a newcomer could contradict, kept as they join: their documents,
    first and last day, dictionary ids, and one member per distinct place.  ``admits(e)`` is "no member
    contradicts ``e``" (:func:`agreement` not None with each) without comparing every member."""

    __slots__ = ("actor_ids", "docs", "first", "last", "places", "target_ids")

    def __init__(self) -> None:
        self.docs: set[int] = set()
        self.first: dt.date | None = None
        self.last: dt.date | None = None
        self.actor_ids: set[str] = set()
        self.target_ids: set[str] = set()
        self.places: dict[tuple[object, ...], _Event] = {}

    def add(self, m: _Event) -> None:
        self.docs.add(m.doc)
        self.first = m.day if self.first is None else min(self.first, m.day)
        self.last = m.day if self.last is None else max(self.last, m.day)
        if m.actor[0]:
            self.actor_ids.add(m.actor[0].casefold())
        if m.target[0]:
            self.target_ids.add(m.target[0].casefold())
        self.places.setdefault((m.place_id, m.country, m.admin1, m.point, m.precision), m)

    def admits(self, e: _Event) -> bool:
        if e.doc in self.docs or self.first is None or self.last is None:
            return False
        if abs((e.day - self.first).days) > DAY_WINDOW or abs((e.day - self.last).days) > DAY_WINDOW:
            return False
        for ident, ids in ((e.actor[0], self.actor_ids), (e.target[0], self.target_ids)):
            if ident and ids - {ident.casefold()}:
                return False
        return all(_place(e, p) is not None for p in self.places.values())


def _group(conn: sqlite3.Connection, pool: _Pool, new: Sequence[_Event]) -> set[int]:
    """Group each of ``new`` (row order) with the pool's earlier events; write the groups; the groups touched."""
    by_id = pool.events
    touched: set[int] = set()
    updates: list[tuple[int, int]] = []
    for e in sorted(new, key=lambda n: n.id):
        if pool.group_of.get(e.id) is not None:
            continue
        found = pool.best(e)
        if found is None:
            continue
        partner_id, group = found
        partner = by_id[partner_id]
        if group is None:
            cur = conn.execute("INSERT INTO corroborations (event_type) VALUES (?)", (e.type,))
            group = int(cur.lastrowid or 0)
            updates.append((group, partner_id))
        pool.join(e, group, partner)
        updates.append((group, e.id))
        touched.add(group)
    conn.executemany("UPDATE events SET corroboration = ? WHERE id = ?", updates)
    return touched


def _events(rows: Iterable[sqlite3.Row | tuple[Any, ...]]) -> list[_Event]:
    return [e for row in rows if (e := _event(row)) is not None]


def groups_of(conn: sqlite3.Connection, seqs: Sequence[int]) -> set[int]:
    """The groups the events of documents ``seqs`` belong to (before their rows are replaced)."""
    found: set[int] = set()
    for start in range(0, len(seqs), 500):
        chunk = list(seqs[start:start + 500])
        found.update(int(r[0]) for r in conn.execute(
            f"SELECT DISTINCT corroboration FROM events WHERE corroboration IS NOT NULL AND doc_seq IN"
            f" ({','.join('?' * len(chunk))})", chunk))
    return found


def assign(conn: sqlite3.Connection, seqs: Sequence[int], also: Iterable[int] = ()) -> None:
    """Group the events of the documents ``seqs`` just written (in the caller's transaction), then count
    again every group they joined and the groups ``also`` (which lost rows: a re-analysis)."""
    new: list[_Event] = []
    for start in range(0, len(seqs), 500):
        chunk = list(seqs[start:start + 500])
        new += _events(conn.execute(f"{_COLUMNS} WHERE e.doc_seq IN ({','.join('?' * len(chunk))})", chunk))
    pool = _Pool()
    # Every event a new one may be compared with: its candidates (a day either side) and their
    # groups' members (a day from the candidate, so two from the new event).
    reach = DAY_WINDOW * 2
    for type_, day in sorted({(e.type, e.day) for e in new}):
        low = (day - dt.timedelta(days=reach)).isoformat()
        high = (day + dt.timedelta(days=reach)).isoformat() + _TOP
        for e in _events(conn.execute(f"{_COLUMNS} WHERE e.event_type = ? AND e.event_date >= ?"
                                      " AND e.event_date <= ?", (type_, low, high))):
            pool.add(e)
    refresh(conn, _group(conn, pool, new) | set(also))


def rebuild(conn: sqlite3.Connection) -> int:
    """Every group anew, over the whole events table in row order (in the caller's transaction); the
    number of groups.  What a schema-12 migration, ``rebuild_events`` and ``marsad reanalyze`` run."""
    conn.execute("UPDATE events SET corroboration = NULL WHERE corroboration IS NOT NULL")
    conn.execute("DELETE FROM corroborations")
    pool = _Pool()
    every = _events(conn.execute(f"{_COLUMNS} ORDER BY e.id"))
    for e in every:
        pool.add(e)
    refresh(conn, _group(conn, pool, every))
    return int(conn.execute("SELECT COUNT(*) FROM corroborations").fetchone()[0])


def refresh(conn: sqlite3.Connection, groups: Iterable[int]) -> None:
    """Count the documents and outlets of ``groups`` again, and list the outlets and the claim sources;
    a group left with fewer than two documents is dissolved."""
    for group in sorted(groups):
        row = conn.execute(
            "SELECT COUNT(DISTINCT e.doc_seq), COUNT(DISTINCT COALESCE(s.name, d.id)),"
            " (SELECT json_group_array(name) FROM (SELECT DISTINCT s2.name AS name FROM events e2"
            "   JOIN documents d2 ON d2.seq = e2.doc_seq JOIN sources s2 ON s2.id = d2.source_id"
            "   WHERE e2.corroboration = ?1 ORDER BY 1)),"
            " (SELECT json_group_array(src) FROM (SELECT DISTINCT claim_source AS src FROM events"
            "   WHERE corroboration = ?1 AND claim_source IS NOT NULL ORDER BY 1))"
            " FROM events e JOIN documents d ON d.seq = e.doc_seq LEFT JOIN sources s ON s.id = d.source_id"
            " WHERE e.corroboration = ?1", (group,)).fetchone()
        documents = int(row[0] or 0)
        if documents < 2:
            conn.execute("UPDATE events SET corroboration = NULL WHERE corroboration = ?", (group,))
            conn.execute("DELETE FROM corroborations WHERE id = ?", (group,))
            continue
        conn.execute("UPDATE corroborations SET documents = ?, outlets = ?, outlet_names = ?, sources = ?"
                     " WHERE id = ?", (documents, int(row[1]), row[2], row[3], group))


def summaries(conn: sqlite3.Connection, groups: Iterable[int | None]) -> dict[int, dict[str, Any]]:
    """Each group's ``{id, documents, outlets, outlet_names, sources}``."""
    ids = sorted({g for g in groups if g is not None})
    out: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for r in conn.execute(f"SELECT id, documents, outlets, outlet_names, sources FROM corroborations"
                              f" WHERE id IN ({','.join('?' * len(chunk))})", chunk):
            out[int(r[0])] = {"id": int(r[0]), "documents": int(r[1]), "outlets": int(r[2]),
                              "outlet_names": json.loads(r[3] or "[]"), "sources": json.loads(r[4] or "[]")}
    return out


def group_detail(conn: sqlite3.Connection, group: int) -> list[dict[str, Any]]:
    """The reports of one group: document, outlet, published, title, event key, type, actor, target,
    place, date, status, claim source; oldest event first."""
    rows = conn.execute(
        "SELECT d.id AS document, s.name AS outlet, d.published, d.title, d.url, e.event_key, e.idx AS 'index',"
        " e.event_type, e.actor1, e.actor2, e.location, e.event_date, e.status, e.claim_source"
        " FROM events e JOIN documents d ON d.seq = e.doc_seq LEFT JOIN sources s ON s.id = d.source_id"
        " WHERE e.corroboration = ? ORDER BY e.id", (group,)).fetchall()
    return [dict(r) for r in rows]
