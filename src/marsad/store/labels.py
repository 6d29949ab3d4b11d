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

import yaml

from marsad.resources import read_text
from marsad.store.filters import LABEL_COLUMNS, label_expression
from marsad.text.normalize import normalize
from marsad.text.tokenize import readings

MAX_REMEMBERED_ANSWERS = 4096  # label-filter answers kept

# Which kind of name a label column holds: names of one kind resolve together.
COLUMN_KIND: Mapping[str, str] = {
    "actor1": "actor", "actor2": "actor", "location": "place", "admin1": "place", "place_text": "place",
}
# Per kind: its label columns, and the (id column, label column) pairs that tie a label to an id.
_KIND_COLUMNS: Mapping[str, tuple[tuple[str, ...], tuple[tuple[str, str], ...]]] = {
    "actor": (("actor1", "actor2"), (("actor1_id", "actor1"), ("actor2_id", "actor2"))),
    "place": (("location", "admin1", "place_text"), (("place_id", "location"), ("place_id", "place_text"))),
}
# Names shorter than this are too ambiguous to stand for an actor or place (a stray "IS").
_MIN_NAME = 3


@lru_cache(maxsize=1)
def _dictionary_actors() -> dict[str, frozenset[str]]:
    """Actor id → its normalised dictionary names and English label (``actors.yaml``)."""
    found: dict[str, frozenset[str]] = {}
    # libyaml's loader when present: the pure-Python one takes ~0.5 s for this file, which a
    # one-shot ``marsad events --actor`` would otherwise wait for.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for entry in yaml.load(read_text("actors.yaml"), Loader=loader).get("actors") or []:
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
        self._seen_up_to = {column: 0 for column in LABEL_COLUMNS}  # per label column: events read
        self._labels: dict[str, dict[str, str]] = {column: {} for column in LABEL_COLUMNS}
        # kind → id → the normalised names of that actor or place.
        self._names: dict[str, dict[str, set[str]]] = {"actor": {}, "place": {}}
        self._names_seen_up_to = {"actor": 0, "place": 0}
        for actor, names in _dictionary_actors().items():
            self._names["actor"][actor] = set(names)
        # Answers per (column, normalised query) as the JSON list a query binds;
        # dropped whenever new labels arrive.  A dashboard asks the same few filters often.
        self._answers: dict[tuple[str, str], str] = {}

    def refresh(self, conn: sqlite3.Connection, kind: str | None = None) -> int:
        """Read the labels of events added since the last look (of one kind's columns, or all); the top event id."""
        top = int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0])
        with self._lock:
            changed = False
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
                        known[label] = normalize(label)
                self._seen_up_to[column] = top
                changed = True
            if changed:
                self._answers.clear()
        return top

    def _refresh_names(self, conn: sqlite3.Connection, kind: str, top: int) -> None:
        """Tie the labels of events added since the last look to their actor or place ids.

        Unlike the label columns, (id, label) pairs have no covering index, so this
        reads the events table; it is done per kind, only once a filter of that kind
        is asked, and afterwards only for new events (up to ``top``, read by :meth:`refresh`)."""
        with self._lock:
            seen = self._names_seen_up_to[kind]
            if top <= seen:
                return
            columns, pairs = _KIND_COLUMNS[kind]
            ids = list(dict.fromkeys(id_column for id_column, _label in pairs))
            selected = [label_expression(c) for c in columns] + ids
            rows = conn.execute(
                f"SELECT DISTINCT {', '.join(selected)} FROM events WHERE id > ? AND id <= ?"
                f" AND ({' OR '.join(f'{i} IS NOT NULL' for i in ids)})",
                (seen, top),
            )
            names = self._names[kind]
            for row in rows:
                values = dict(zip([*columns, *ids], row, strict=True))
                for id_column, column in pairs:
                    key, label = values[id_column], values[column]
                    if key is None or label is None:
                        continue
                    folded = normalize(label)
                    group = names.setdefault(str(key), set())
                    if folded not in group:
                        group.add(folded)
                        if kind == "place":
                            group.update(_bare_forms(folded))
            self._names_seen_up_to[kind] = top
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
        found = [needle]
        for key, group in self._names[kind].items():
            if needle in group or needle == key.casefold():
                found.extend(sorted(group))
        return list(dict.fromkeys(n for n in found if n))

    def matching(self, conn: sqlite3.Connection, column: str, query: str) -> list[str]:
        """The labels in ``column`` whose normalised form contains a name ``query`` stands for."""
        self._fresh(conn, COLUMN_KIND[column])
        needle = normalize(query)
        with self._lock:
            return self._containing(column, self._resolve(COLUMN_KIND[column], needle))

    def _containing(self, column: str, needles: list[str]) -> list[str]:
        """Labels whose normalised form contains one of ``needles`` (caller holds the lock)."""
        return [label for label, folded in self._labels[column].items() if any(n in folded for n in needles)]

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
