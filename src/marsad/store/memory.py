"""What an ingest remembers between runs (schema version 11, round 36).

* Skipped feed entries: a feed entry that gave no document (a title and a link, no text) fails the same
  way every morning its feed carries it.  It is remembered by a digest of the entry itself with its
  reason; a later run meeting it unchanged counts it apart (``remembered``) instead of failing again,
  until the entry changes (another digest) or ``--retry-skipped`` is given.
* Article versions: a stored article read again with other words (its outlet's correction) keeps its
  stored text and analysis (offsets never move); the other text is kept beside it as a version, once per
  distinct wording, with when it was first and last read and from where.  Versions are not analysed.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Skip:
    """A failure to remember: its key (the entry's digest), where it was met and why."""

    key: str
    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class Version:
    """Another text of a stored document, read at ``seen`` (UTC) from ``source``."""

    doc_id: str
    text: str
    title: str | None
    source: str | None
    seen: str


def words_digest(text: str) -> str:
    """A digest of the words (whitespace folded, as the ingest compares a text read again)."""
    return hashlib.blake2b(" ".join(text.split()).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def first_failed(conn: sqlite3.Connection, key: str) -> str | None:
    """When the entry of ``key`` first failed (UTC), or None when it is not remembered."""
    row = conn.execute("SELECT first_seen FROM skipped_entries WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def remember(conn: sqlite3.Connection, skips: Sequence[Skip], versions: Sequence[Version], now: str) -> int:
    """Write the run's failed entries and the versions read, in one transaction; returns how many
    versions were new (a wording already kept only has its ``last_seen`` moved)."""
    if not skips and not versions:
        return 0
    added = 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        for skip in skips:
            conn.execute(
                "INSERT INTO skipped_entries (key, source, reason, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT(key) DO UPDATE SET source = excluded.source, reason = excluded.reason,"
                " last_seen = excluded.last_seen, times = times + 1",
                (skip.key, skip.source, skip.reason, now, now))
        for version in versions:
            seq = conn.execute("SELECT seq FROM documents WHERE id = ?", (version.doc_id,)).fetchone()
            if seq is None:
                continue
            digest = words_digest(version.text)
            added += conn.execute(
                "INSERT INTO document_versions (doc_seq, digest, text, title, source, first_seen, last_seen)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(doc_seq, digest) DO NOTHING",
                (seq[0], digest, version.text, version.title, version.source, version.seen, version.seen)).rowcount
            conn.execute("UPDATE document_versions SET last_seen = ? WHERE doc_seq = ? AND digest = ?",
                         (version.seen, seq[0], digest))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return added


def versions(conn: sqlite3.Connection, doc_id: str) -> list[dict[str, Any]]:
    """The other texts a stored document was read with, oldest first, numbered from 1 (the stored
    text, the one analysed, is version 0 and not listed): ``{version, first_seen, last_seen, source,
    title, text}``."""
    rows = conn.execute(
        "SELECT v.first_seen, v.last_seen, v.source, v.title, v.text FROM document_versions v"
        " JOIN documents d ON d.seq = v.doc_seq WHERE d.id = ? ORDER BY v.first_seen, v.id", (doc_id,)).fetchall()
    return [{"version": n, "first_seen": r[0], "last_seen": r[1], "source": r[2], "title": r[3], "text": r[4]}
            for n, r in enumerate(rows, start=1)]


def skipped_entries(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every remembered failed entry, the latest met first."""
    rows = conn.execute("SELECT source, reason, first_seen, last_seen, times FROM skipped_entries"
                        " ORDER BY last_seen DESC, key").fetchall()
    return [{"source": r[0], "reason": r[1], "first_seen": r[2], "last_seen": r[3], "times": r[4]} for r in rows]
