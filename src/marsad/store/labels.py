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
the value itself, and every name of each actor or place that the value names
whole.  An actor's names are its dictionary names and English label
(``actors.yaml``) and the labels its events were stored with; a place's names
are the labels (English and as the article wrote it, without a leading
conjunction or preposition) of the events geocoded to the same place id.  A
label matches when its normalised form contains one of the names.  Both
spellings of a name resolve to the same names, hence to the same events.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Mapping
from functools import lru_cache

from marsad.resources import read_yaml
from marsad.store.filters import LABEL_COLUMNS, label_expression
from marsad.text.normalize import normalize
from marsad.text.tokenize import readings

MAX_REMEMBERED_ANSWERS = 4096  # label-filter answers kept

# Which kind of name a label column holds: names of one kind resolve together.
COLUMN_KIND: Mapping[str, str] = {
    "actor1": "actor", "actor2": "actor", "location": "place", "admin1": "place", "place_text": "place",
}
# (id column, label expression) pairs whose rows tie a label to an actor or place id.
_ID_LABELS: Mapping[str, tuple[tuple[str, str], ...]] = {
    "actor": (("actor1_id", "actor1"), ("actor2_id", "actor2")),
    "place": (("place_id", "location"), ("place_id", LABEL_COLUMNS["place_text"].format(t=""))),
}
# Names shorter than this are too ambiguous to stand for an actor or place (a stray "IS").
_MIN_NAME = 3


@lru_cache(maxsize=1)
def _dictionary_actors() -> dict[str, frozenset[str]]:
    """Actor id → its normalised dictionary names and English label (``actors.yaml``)."""
    found: dict[str, frozenset[str]] = {}
    for entry in read_yaml("actors.yaml").get("actors") or []:
        names = [str(n) for n in entry.get("names") or []] + [str(entry.get("canonical") or "")]
        found[str(entry["id"])] = frozenset(n for n in map(normalize, names) if len(n) >= _MIN_NAME)
    return found


def _bare_forms(name: str) -> set[str]:
    """A one-word place name as written without a leading conjunction or preposition (بحلب → حلب)."""
    if " " in name:
        return set()
    return {r.stem for r in readings(name, suffixes=False)[1:] if len(r.stem) >= _MIN_NAME}


class LabelIndex:
    """Thread-safe; one per database, shared by the connections that read it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen_up_to = 0
        self._labels: dict[str, dict[str, str]] = {column: {} for column in LABEL_COLUMNS}
        # kind → id → the normalised names of that actor or place.
        self._names: dict[str, dict[str, set[str]]] = {"actor": {}, "place": {}}
        for actor, names in _dictionary_actors().items():
            self._names["actor"][actor] = set(names)
        # Answers per (column, normalised query) as the JSON list a query binds;
        # dropped whenever new labels arrive.  A dashboard asks the same few filters often.
        self._answers: dict[tuple[str, str], str] = {}

    def refresh(self, conn: sqlite3.Connection) -> None:
        """Read the labels of events added since the last look."""
        top = int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0])
        with self._lock:
            # Threads read different snapshots while an ingest writes: one may see
            # fewer events than the index already holds, which is not a reason to rebuild.
            if top <= self._seen_up_to:
                return
            for column in LABEL_COLUMNS:
                expression = label_expression(column)
                known = self._labels[column]
                rows = conn.execute(
                    f"SELECT DISTINCT {expression} FROM events WHERE id > ? AND id <= ? AND {expression} IS NOT NULL",
                    (self._seen_up_to, top),
                )
                for (label,) in rows:
                    if label not in known:
                        known[label] = normalize(label)
            for kind, pairs in _ID_LABELS.items():
                names = self._names[kind]
                for id_column, expression in pairs:
                    rows = conn.execute(
                        f"SELECT DISTINCT {id_column}, {expression} FROM events WHERE id > ? AND id <= ?"
                        f" AND {id_column} IS NOT NULL AND {expression} IS NOT NULL",
                        (self._seen_up_to, top),
                    )
                    for key, label in rows:
                        folded = normalize(str(label))
                        group = names.setdefault(str(key), set())
                        group.add(folded)
                        if kind == "place":
                            group.update(_bare_forms(folded))
            self._seen_up_to = top
            self._answers.clear()

    def names(self, conn: sqlite3.Connection, kind: str, query: str) -> list[str]:
        """The normalised names ``query`` stands for (itself first) among actors or places (``kind``)."""
        self.refresh(conn)
        with self._lock:
            return self._resolve(kind, normalize(query))

    def _resolve(self, kind: str, needle: str) -> list[str]:
        found = [needle]
        for key, group in self._names[kind].items():
            if needle in group or needle == key.casefold():
                found.extend(sorted(group))
        return list(dict.fromkeys(n for n in found if n))

    def matching(self, conn: sqlite3.Connection, column: str, query: str) -> list[str]:
        """The labels in ``column`` whose normalised form contains a name ``query`` stands for."""
        self.refresh(conn)
        needle = normalize(query)
        with self._lock:
            return self._containing(column, self._resolve(COLUMN_KIND[column], needle))

    def _containing(self, column: str, needles: list[str]) -> list[str]:
        """Labels whose normalised form contains one of ``needles`` (caller holds the lock)."""
        return [label for label, folded in self._labels[column].items() if any(n in folded for n in needles)]

    def matching_json(self, conn: sqlite3.Connection, column: str, query: str) -> str:
        """:meth:`matching` as a JSON list (for ``json_each``), remembered until the labels change."""
        self.refresh(conn)  # new labels drop every remembered answer
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
