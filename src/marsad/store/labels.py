"""The distinct actor and place labels of the events table, each normalised once, and the names that go together.

Name filters match a part of a label after normalisation.  Done in SQL, that
calls a Python function on every event row (twice per filter: the page and its
count), which costs seconds per request on a full corpus.  Labels repeat a lot,
so this index normalises each distinct label once (reading only events added
since its last look) and lets :func:`marsad.store.filters.where` turn a filter
into "label IN (matching labels)", which SQLite evaluates without calling back
into Python.

A name in Arabic and its English label must find the same events (``--actor
داعش`` and ``--actor 'Islamic State'``; ``--place حلب`` and ``--place
Aleppo``).  So a filter value is first resolved to the *names* it stands for:
the value itself, and every name of the actor or place that the value names
whole.  An actor's names are its dictionary names and English label
(``actors.yaml``; its id names it too); a place's names are its English label
and the names the articles wrote for it (events stored with that label, the
written name also without a leading conjunction or preposition: بحلب → حلب).
A name shared by two actors or two places (``العاصمة`` for several capitals)
stands for neither.  A label matches when its normalised form contains one of
the names; both names of one actor or place resolve to the same names, hence
to the same events.
"""

from __future__ import annotations

import bisect
import json
import sqlite3
import threading
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import yaml

from marsad.resources import read_text
from marsad.store.filters import LABEL_COLUMNS, label_expression
from marsad.store.tallies import EntityTallies, PlaceEventTallies, PlaceTallies, reanalysed_up_to
from marsad.text.normalize import normalize
from marsad.text.tokenize import WORD_RE, readings

MAX_REMEMBERED_ANSWERS = 4096  # label-filter answers kept
MAX_REMEMBERED_PAGES = 256  # unfiltered place pages kept (each for one state of the data)

# Which kind of name a label column holds: names of one kind resolve together.
COLUMN_KIND: Mapping[str, str] = {
    "actor1": "actor", "actor2": "actor", "location": "place", "admin1": "place", "place_text": "place",
    "claim_source": "claimant", "claim_text": "claimant", "claim_chain": "claimant",
}
# Label columns matched by whole words rather than any part of a word: a claimant is asked for by
# its name, and the short names of outlets would otherwise match inside other words (``RT`` inside
# "Reporters", ``سانا`` inside "إنسانية").  The words must follow each other: ``الدفاع الروسية``
# matches ``وزارة الدفاع الروسية``; ``روسيا`` does not match ``الروسية``.
WORD_COLUMNS = frozenset({"claim_source", "claim_text", "claim_chain"})
# Columns whose labels are a JSON list of names (each name is matched on its own).
LIST_COLUMNS = frozenset({"claim_chain"})
# A place's written names come from events that carry both its English label and the name as written.
_PLACE_NAMES_SQL = (
    "SELECT DISTINCT location, {text} FROM events WHERE id > ? AND id <= ? AND location IS NOT NULL"
    " AND {text} IS NOT NULL"
).format(text=LABEL_COLUMNS["place_text"].format(t=""))
# (label, the name as the article wrote it) of actors and targets: an actor labelled with a name the
# dictionary does not have (``Israel``, from the country names) is found by the name as written too.
_ACTOR_NAMES_SQL = (
    "SELECT DISTINCT actor1, json_extract(record, '$.actor.text') FROM events WHERE id > ?1 AND id <= ?2"
    " AND actor1 IS NOT NULL AND json_extract(record, '$.actor.text') IS NOT NULL"
    " UNION SELECT DISTINCT actor2, json_extract(record, '$.target.text') FROM events WHERE id > ?1 AND id <= ?2"
    " AND actor2 IS NOT NULL AND json_extract(record, '$.target.text') IS NOT NULL"
)
# Names shorter than this are too ambiguous to stand for an actor or place (a stray "IS").
_MIN_NAME = 3


@lru_cache(maxsize=2)
def _dictionary_actors(shortest: int = _MIN_NAME) -> dict[str, frozenset[str]]:
    """Actor id → its normalised dictionary names and English label (``actors.yaml``), those of
    ``shortest`` characters or more."""
    found: dict[str, frozenset[str]] = {}
    # libyaml's loader when present: the pure-Python one takes ~0.5 s for this file, which a
    # one-shot ``marsad events --actor`` would otherwise wait for.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for entry in yaml.load(read_text("actors.yaml"), Loader=loader).get("actors") or []:
        names = [str(n) for n in entry.get("names") or []] + [str(entry.get("canonical") or "")]
        found[str(entry["id"])] = frozenset(n for n in map(normalize, names) if len(n) >= shortest)
    return found


@lru_cache(maxsize=1)
def _claimant_names() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """Actor id → every normalised name of it (short ones included: claimants and speakers match
    whole words), and name → the ids it names."""
    names = _dictionary_actors(1)
    owners: dict[str, set[str]] = {}
    for key, own in names.items():
        for name in own:
            owners.setdefault(name, set()).add(key)
    return names, {name: frozenset(keys) for name, keys in owners.items()}


def resolve_claimant(needle: str) -> list[str]:
    """The normalised names a normalised claimant or speaker filter stands for (itself first): with a
    dictionary id (any case) or a name of one actor alone, every name of that actor (as
    :meth:`LabelIndex.names` resolves actors)."""
    names, owners = _claimant_names()
    keys = {key for key in names if key.casefold() == needle}
    named = owners.get(needle, frozenset())
    if len(named) == 1:
        keys |= named
    found = [needle]
    for key in sorted(keys):
        found.extend(sorted(n for n in names[key] if owners.get(n) == frozenset({key})))
    return list(dict.fromkeys(n for n in found if n))


def _bare_forms(name: str) -> set[str]:
    """A one-word place name as written without a leading conjunction or preposition (بحلب → حلب)."""
    if " " in name:
        return set()
    return {r.stem for r in readings(name, suffixes=False)[1:] if len(r.stem) >= _MIN_NAME}


_SEPARATOR = "\x00"  # between the names of a FoldedNames' text; never in a normalised name


def word_form(name: str) -> str:
    """A name's normalised words between single spaces, with a space on each side: one needle
    is inside another's form exactly when its words appear there in a row."""
    return " " + " ".join(match.group() for match in WORD_RE.finditer(normalize(name))) + " "


def fold_label(column: str, label: str) -> str:
    """The form of a label that filters of ``column`` search: its normalised text, its words
    (:data:`WORD_COLUMNS`), or for a list each name's words, kept apart by the separator."""
    if column not in WORD_COLUMNS:
        return normalize(label)
    if column in LIST_COLUMNS:
        try:
            names = json.loads(label)
        except ValueError:
            names = [label]
        if not isinstance(names, list):
            names = [names]
        return _SEPARATOR.join(word_form(str(name)) for name in names if name)
    return word_form(label)


class FoldedNames:
    """Names with their normalised forms, and which of them contain a needle, found fast.

    Looking for a needle in every form one by one costs a Python step per name (35 ms for the
    13,000 labels of the full SaudiNewsNet store, more for its 100,000 entity names), paid on
    every new filter, and again for every filter each time an ingest adds names.  Here the forms
    are also joined into one text (built again only after names were added), searched with
    ``str.find``: a step per match instead of per name.  Not thread-safe (its owner locks)."""

    def __init__(self) -> None:
        self.folded: dict[str, str] = {}  # name → its normalised form, in the order first seen
        self._text = ""
        self._starts: list[int] = []  # where each name's form starts in the text
        self._names: list[str] = []
        self._stale = True

    def __len__(self) -> int:
        return len(self.folded)

    def __contains__(self, name: object) -> bool:
        return name in self.folded

    def add(self, name: str, folded: str) -> None:
        self.folded[name] = folded
        self._stale = True

    def _index(self) -> None:
        if not self._stale:
            return
        self._names = list(self.folded)
        starts, at = [], 0
        for form in self.folded.values():
            starts.append(at)
            at += len(form) + 1
        self._starts = starts
        self._text = _SEPARATOR.join(self.folded.values())
        self._stale = False

    def containing(self, needles: list[str]) -> list[str]:
        """The names whose form contains one of ``needles``, in the order they were added
        (what ``[n for n, f in folded.items() if any(x in f for x in needles)]`` gives)."""
        if any(not n or _SEPARATOR in n for n in needles):  # "" is in every form
            return [n for n, f in self.folded.items() if any(x in f for x in needles)]
        self._index()
        text, starts = self._text, self._starts
        hits: set[int] = set()
        for needle in needles:
            at = text.find(needle)
            while at != -1:
                position = bisect.bisect_right(starts, at) - 1  # the form the match is in
                hits.add(position)
                if position + 1 >= len(starts):
                    break
                at = text.find(needle, starts[position + 1])
        names = self._names
        return [names[i] for i in sorted(hits)]


class LabelIndex:
    """Thread-safe; one per database, shared by the connections that read it.

    Events are appended with their document, so it reads only those added since its last look.  A
    re-analysis deletes a document's events and appends the new ones: the names only the old ones
    had would stay, resolving a name no event bears any more to the label it once went with; so
    when one happened (a ``reanalyses`` row newer than the last seen) the index starts again, as the
    tallies count again (:func:`marsad.store.tallies.reanalysed_up_to`)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rewrites_seen = 0  # the last re-analysis seen
        self._start()

    def _start(self) -> None:
        """The index of an empty events table (also after a re-analysis: caller holds the lock)."""
        self._seen_up_to = {column: 0 for column in LABEL_COLUMNS}  # per label column: events read
        self._labels: dict[str, FoldedNames] = {column: FoldedNames() for column in LABEL_COLUMNS}
        # kind → id → the normalised names of that actor or place.
        # kind → key (an actor id, a place's normalised English label) → its normalised names,
        # and name → the keys it names (a name with two keys stands for neither).
        self._names: dict[str, dict[str, set[str]]] = {"actor": {}, "place": {}, "claimant": {}}
        self._owners: dict[str, dict[str, set[str]]] = {"actor": {}, "place": {}, "claimant": {}}
        self._bare_owners: dict[str, set[str]] = {}  # place names without their conjunction → keys
        self._names_seen_up_to = 0  # events read for place names
        self._actor_names_seen_up_to = 0  # events read for the actors' names as written
        self._reviews_seen_up_to = 0  # reviews read: a reviewed event may carry a new label
        for actor, names in _dictionary_actors().items():
            for name in names:
                self._add_name("actor", actor, name)
        # A claimant is an actor of the dictionary (``RT``, ``روسيا اليوم`` and ``actor:rt`` name the
        # same party).  Claims match whole words, so short names (RT, a country's code) are safe here.
        for actor, names in _dictionary_actors(1).items():
            for name in names:
                self._add_name("claimant", actor, name)
        # Answers per (column, normalised query) as the JSON list a query binds;
        # dropped whenever new labels arrive.  A dashboard asks the same few filters often.
        self._answers: dict[tuple[str, str], str] = {}

    def refresh(self, conn: sqlite3.Connection, kind: str | None = None) -> int:
        """Read the labels of events added since the last look (of one kind's columns, or all); the top event id."""
        top = int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0])
        rewrites = reanalysed_up_to(conn)
        with self._lock:
            changed = False
            if rewrites > self._rewrites_seen:
                self._start()  # a re-analysis removed some events: read every label and name again
                self._rewrites_seen = rewrites
            for column in LABEL_COLUMNS:
                seen = self._seen_up_to[column]
                # Threads read different snapshots while an ingest writes: one may see
                # fewer events than the index already holds, which is not a reason to rebuild.
                if (kind is not None and COLUMN_KIND[column] != kind) or top <= seen:
                    continue
                expression = label_expression(column)
                known = self._labels[column]
                rows = conn.execute(
                    f"SELECT DISTINCT {expression} FROM events WHERE id > ? AND id <= ? AND {expression} IS NOT NULL",
                    (seen, top),
                )
                for (label,) in rows:
                    if label not in known:
                        known.add(label, fold_label(column, label))
                self._seen_up_to[column] = top
                changed = True
            changed = self._refresh_reviewed(conn) or changed
            if changed:
                self._answers.clear()
        return top

    def _refresh_reviewed(self, conn: sqlite3.Connection) -> bool:
        """Read the labels of events reviewed since the last look (an analyst's correction writes a
        label into an old event, which the id-based look above never re-reads).  Under the lock."""
        try:
            top = int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM reviews").fetchone()[0])
        except sqlite3.OperationalError:  # a store from before reviews (schema version 5)
            return False
        if top <= self._reviews_seen_up_to:
            return False
        for column in LABEL_COLUMNS:
            expression = label_expression(column, "e")
            known = self._labels[column]
            for (label,) in conn.execute(
                f"SELECT DISTINCT {expression} FROM reviews r JOIN events e ON e.doc_seq = r.doc_seq AND e.idx = r.idx"
                f" WHERE r.kind = 'event' AND r.id > ? AND r.id <= ? AND {expression} IS NOT NULL",
                (self._reviews_seen_up_to, top),
            ):
                if label not in known:
                    known.add(label, fold_label(column, label))
        self._reviews_seen_up_to = top
        return True

    def _add_name(self, kind: str, key: str, name: str) -> None:
        self._names[kind].setdefault(key, set()).add(name)
        self._owners[kind].setdefault(name, set()).add(key)

    def _refresh_names(self, conn: sqlite3.Connection, kind: str, top: int) -> None:
        """Read the place names (or the actors' names as written) of events added since the last look.

        (label, written name) pairs have no covering index, so this reads the
        events table; only once a place or actor filter is asked, then only for new events."""
        if kind == "actor":
            self._refresh_actor_names(conn, top)
        if kind != "place":
            return
        with self._lock:
            seen = self._names_seen_up_to
            if top <= seen:
                return
            for location, written in conn.execute(_PLACE_NAMES_SQL, (seen, top)):
                key = normalize(str(location))
                self._names["place"].setdefault(key, set())
                folded = normalize(str(written))
                # A place the geocoder left in Arabic (label الرياض, written الرياض) does not
                # compete with the English place for its own name.
                if folded != key:
                    self._add_name("place", key, folded)
                # Without its conjunction (بحلب → حلب) a name may collide with another place's
                # own name (وجدة, Oujda → جدة); such a form yields to the name as written.
                for name in _bare_forms(folded) - {key, folded}:
                    self._names["place"][key].add(name)
                    self._bare_owners.setdefault(name, set()).add(key)
            self._names_seen_up_to = top
            self._answers.clear()

    def _refresh_actor_names(self, conn: sqlite3.Connection, top: int) -> None:
        """Actors labelled with a name the dictionary lacks (``Israel``, written ``إسرائيل``): the label
        and the name as written stand for each other, so ``--actor إسرائيل`` finds the events labelled
        ``Israel`` as ``--actor Israel`` finds those labelled ``الطائرات الإسرائيلية``.  A label or name
        of a dictionary actor is left to the dictionary; a name written for two labels stands for
        neither (as for places)."""
        with self._lock:
            seen = self._actor_names_seen_up_to
            if top <= seen:
                return
            for label, written in conn.execute(_ACTOR_NAMES_SQL, (seen, top)):
                key, folded = normalize(str(label)), normalize(str(written))
                if key == folded or min(len(key), len(folded)) < _MIN_NAME:
                    continue
                if any(owner.startswith("actor:") for name in (key, folded)
                       for owner in self._owners["actor"].get(name, ())):
                    continue
                self._add_name("actor", f"label:{key}", key)
                self._add_name("actor", f"label:{key}", folded)
            self._actor_names_seen_up_to = top
            self._answers.clear()

    def _fresh(self, conn: sqlite3.Connection, kind: str) -> None:
        """Labels and names of one kind up to date (a filter of one kind reads only its columns)."""
        self._refresh_names(conn, kind, self.refresh(conn, kind))

    def names(self, conn: sqlite3.Connection, kind: str, query: str) -> list[str]:
        """The normalised names ``query`` stands for (itself first) among actors or places (``kind``)."""
        self._fresh(conn, kind)
        with self._lock:
            return self._resolve(kind, normalize(query))

    def _resolve(self, kind: str, needle: str) -> list[str]:
        names = self._names[kind]
        keys = {k for k in names if k.casefold() == needle}  # a place's label, an actor's id
        named = self._owners_of(kind, needle)
        if len(named) == 1:
            keys |= named
        if kind == "actor" and not named and not keys and len(needle) >= _MIN_NAME:
            # Part of an actor's name, as the filter promises: an actor labelled with its canonical
            # name (``Houthis (Ansar Allah)``) is found by part of one of its Arabic names too
            # (``الحوثي`` of ``جماعة الحوثي``), as by part of its label (round 34; before, nothing).
            keys = {key for key, own in names.items() if any(needle in name for name in own)}
        found = [needle]
        for key in sorted(keys):
            if kind == "place":
                found.append(key)  # a place's key is its label
            found.extend(sorted(n for n in names[key] if self._owners_of(kind, n) == {key}))
        return list(dict.fromkeys(n for n in found if n))

    def _owners_of(self, kind: str, name: str) -> set[str]:
        """The actors or places a name stands for: as written, else without its conjunction (places)."""
        written = self._owners[kind].get(name)
        if written:
            return written
        return self._bare_owners.get(name, set()) if kind == "place" else set()

    def matching(self, conn: sqlite3.Connection, column: str, query: str) -> list[str]:
        """The labels in ``column`` whose normalised form contains a name ``query`` stands for."""
        self._fresh(conn, COLUMN_KIND[column])
        needle = normalize(query)
        with self._lock:
            return self._containing(column, self._resolve(COLUMN_KIND[column], needle))

    def _containing(self, column: str, needles: list[str]) -> list[str]:
        """Labels whose normalised form contains one of ``needles`` (caller holds the lock)."""
        if column in WORD_COLUMNS:
            # A needle without words (punctuation only) would be " " and match every label.
            needles = [form for form in map(word_form, needles) if form.strip()]
            if not needles:
                return []
        return self._labels[column].containing(needles)

    def matching_json(self, conn: sqlite3.Connection, column: str, query: str) -> str:
        """:meth:`matching` as a JSON list (for ``json_each``), remembered until the labels change."""
        self._fresh(conn, COLUMN_KIND[column])  # new labels drop every remembered answer
        needle = normalize(query)
        key = (column, needle)
        with self._lock:
            found = self._answers.get(key)
            if found is None:
                matched = self._containing(column, self._resolve(COLUMN_KIND[column], needle))
                found = json.dumps(matched, ensure_ascii=False)
                if len(self._answers) >= MAX_REMEMBERED_ANSWERS:
                    self._answers.clear()
                self._answers[key] = found
            return found


class DistinctNames:
    """The distinct values of one expression of an append-only table, each normalised once
    (a re-analysis, which replaces a document's rows, makes it read them all again).

    Entity and place lists filter by a part of the normalised name.  Asked in SQL
    that normalises every row (a call into Python per entity mention: 0.4-0.7 s
    per request on 2,000 documents); names repeat a lot, so this keeps each
    distinct one normalised, reads only rows added since its last look (entities
    and places are only ever appended with their document), and turns a filter
    into the list of names that contain it, which SQLite then looks up in an index.
    """

    def __init__(self, table: str, expression: str) -> None:
        self._sql = f"SELECT DISTINCT {expression} FROM {table} WHERE rowid > ? AND rowid <= ?"
        self._top_sql = f"SELECT COALESCE(MAX(rowid), 0) FROM {table}"
        self._lock = threading.Lock()
        self._seen_up_to = 0
        self._rewrites_seen = 0  # the last re-analysis seen: it replaced rows, so read them all again
        self._folded = FoldedNames()  # name → its normalised form
        self._answers: dict[str, str] = {}  # normalised query → matching names as a JSON list

    def refresh(self, conn: sqlite3.Connection) -> None:
        """Read the names of rows added since the last look (all of them after a re-analysis)."""
        top = int(conn.execute(self._top_sql).fetchone()[0])
        rewrites = reanalysed_up_to(conn)
        with self._lock:
            if rewrites > self._rewrites_seen:
                # The replaced rows' names would stay (and the suggestions offer them): start again.
                self._seen_up_to, self._folded, self._answers = 0, FoldedNames(), {}
                self._rewrites_seen = rewrites
            seen = self._seen_up_to
            # Threads read different snapshots while an ingest writes: one may see fewer rows
            # than the index already holds, which is not a reason to read again.
            if top <= seen:
                return
            folded = self._folded
            for (name,) in conn.execute(self._sql, (seen, top)):
                if isinstance(name, str) and name not in folded:
                    folded.add(name, normalize(name))
            self._seen_up_to = top
            self._answers.clear()

    def containing_json(self, conn: sqlite3.Connection, needle: str) -> str:
        """The names whose normalised form contains ``needle`` (already normalised), as a JSON list."""
        self.refresh(conn)
        with self._lock:
            found = self._answers.get(needle)
            if found is None:
                found = json.dumps(self._folded.containing([needle]), ensure_ascii=False)
                if len(self._answers) >= MAX_REMEMBERED_ANSWERS:
                    self._answers.clear()
                self._answers[needle] = found
            return found


class NameIndexes:
    """The name indexes and tallies of one database's entity and place lists (thread-safe, shared by its connections)."""

    def __init__(self) -> None:
        self.entities = DistinctNames("entities", "COALESCE(canonical, text)")
        self.place_labels = DistinctNames("places", "COALESCE(canonical, name)")  # the label a place is listed by
        self.place_written = DistinctNames("places", "name")  # the name as the article wrote it
        self.entity_tallies = EntityTallies()  # the unfiltered lists and their counts
        self.place_tallies = PlaceTallies()
        self.place_events = PlaceEventTallies()  # event reports per place key
        self._pages_lock = threading.Lock()
        self.place_pages: dict[tuple[Any, ...], tuple[list[dict[str, Any]], int]] = {}  # see browse._ranked_places

    def remember_place_page(self, version: tuple[Any, ...], page: tuple[list[dict[str, Any]], int]) -> None:
        with self._pages_lock:
            if len(self.place_pages) >= MAX_REMEMBERED_PAGES:
                self.place_pages.clear()
            self.place_pages[version] = page

    def refresh(self, conn: sqlite3.Connection) -> None:
        for index in (self.entities, self.place_labels, self.place_written, self.entity_tallies, self.place_tallies,
                      self.place_events):
            index.refresh(conn)
