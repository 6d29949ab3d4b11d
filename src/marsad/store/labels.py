"""The distinct actor and place labels of the events table, each normalised once.

Name filters match a part of a label after normalisation.  Done in SQL, that
calls a Python function on every event row (twice per filter: the page and its
count), which costs seconds per request on a full corpus.  Labels repeat a lot,
so this index normalises each distinct label once (reading only events added
since its last look) and lets :func:`marsad.store.filters.where` turn a filter
into "label IN (matching labels)", which SQLite evaluates without calling back
into Python.  The match is the same: the normalised query is a substring of
the normalised label.
"""

from __future__ import annotations

import json
import sqlite3
import threading

from marsad.store.filters import LABEL_COLUMNS, label_expression
from marsad.text.normalize import normalize

MAX_REMEMBERED_ANSWERS = 4096  # label-filter answers kept


class LabelIndex:
    """Thread-safe; one per database, shared by the connections that read it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen_up_to = 0
        self._labels: dict[str, dict[str, str]] = {column: {} for column in LABEL_COLUMNS}
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
            self._seen_up_to = top
            self._answers.clear()

    def matching(self, conn: sqlite3.Connection, column: str, query: str) -> list[str]:
        """The labels in ``column`` whose normalised form contains the normalised ``query``."""
        self.refresh(conn)
        needle = normalize(query)
        with self._lock:
            return self._containing(column, needle)

    def _containing(self, column: str, needle: str) -> list[str]:
        """Labels whose normalised form contains ``needle`` (caller holds the lock)."""
        return [label for label, folded in self._labels[column].items() if needle in folded]

    def matching_json(self, conn: sqlite3.Connection, column: str, query: str) -> str:
        """:meth:`matching` as a JSON list (for ``json_each``), remembered until the labels change."""
        self.refresh(conn)  # new labels drop every remembered answer
        needle = normalize(query)
        key = (column, needle)
        with self._lock:
            found = self._answers.get(key)
            if found is None:
                found = json.dumps(self._containing(column, needle), ensure_ascii=False)
                if len(self._answers) >= MAX_REMEMBERED_ANSWERS:
                    self._answers.clear()
                self._answers[key] = found
            return found
