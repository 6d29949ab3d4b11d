"""Which analysis each stored document has, and replacing it with a new one (re-analysis).

Every document stored since schema version 10 records what analysed it
(:class:`AnalysisStamp`: the Marsad build and the pipeline's options, made by
:mod:`marsad.ingest.provenance`, which this module does not import: the store
runs no NLP).  A document whose build is not the running Marsad's, or that has
none (stored before version 10, or loaded from Parquet without one), is
*stale*.

:func:`replace` writes a document's new analysis in one transaction (:func:`replace_many`
several documents in one, each whole): its
annotation rows, its annotations JSON, its clean text, its full-text row and
its MinHash signature, and a publication date the analysis detected in the text.
The document keeps its ``seq``, id, text, outlet, URL, title, a publication
date its reader gave, its ingest time and its story; the analysts' reviews of its
events and quotes follow their items (:func:`marsad.store.reviews.carry_over`)
and those whose item is gone are detached and reported.  A ``reanalyses`` row
records each replacement (running servers' tallies count again when one appears).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from marsad.store import cluster, corroboration, reviews
from marsad.store.records import ANNOTATION_TABLES, insert_rows


@dataclass(frozen=True, slots=True)
class AnalysisStamp:
    """What analysed a document: ``key`` (build and options), ``build`` (Marsad's version and the hash
    of its analysis code and data) and ``description`` (JSON of both, for people)."""

    key: str
    build: str
    description: str


def stale_condition(build: str) -> tuple[str, list[Any]]:
    """SQL over ``documents d`` true for a document not analysed by ``build``, and its parameter."""
    return "(d.analysis_build IS NULL OR d.analysis_build != ?)", [build]


def count_stale(conn: sqlite3.Connection, build: str) -> int:
    """Documents analysed by another build than ``build``, or by an unknown one."""
    sql, params = stale_condition(build)
    return int(conn.execute(f"SELECT COUNT(*) FROM documents d WHERE {sql}", params).fetchone()[0])


def analyses(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """The analyses stored documents have, most documents first: build, key, description, documents."""
    rows = conn.execute(
        "SELECT analysis_build, analysis_key, MIN(analysis), COUNT(*) FROM documents"
        " GROUP BY analysis_build, analysis_key ORDER BY 4 DESC, 1, 2").fetchall()
    return [{"build": r[0], "key": r[1], "description": json.loads(r[2]) if r[2] else None, "documents": int(r[3])}
            for r in rows]


def other_analyses(conn: sqlite3.Connection, build: str, key: str) -> list[dict[str, Any]]:
    """:func:`analyses` of build ``build`` whose key is not ``key`` (what an ingest tells apart after
    each run): counted from the index ``documents_analysis`` alone, then one description read per
    other key (``analyses`` reads every document's row, its annotations' pages too)."""
    rows = conn.execute(
        "SELECT analysis_key, COUNT(*) FROM documents WHERE analysis_build = ? AND analysis_key != ?"
        " GROUP BY analysis_key ORDER BY 2 DESC, 1", (build, key)).fetchall()
    out: list[dict[str, Any]] = []
    for other, count in rows:
        (description,) = conn.execute("SELECT analysis FROM documents WHERE analysis_build = ? AND analysis_key = ?"
                                      " LIMIT 1", (build, other)).fetchone()
        out.append({"build": build, "key": other, "description": json.loads(description) if description else None,
                    "documents": int(count)})
    return out


def targets(conn: sqlite3.Connection, key: str | None) -> list[int]:
    """The ``seq`` of every document whose analysis key is not ``key`` (None: every document), in storage order."""
    if key is None:
        return [int(r[0]) for r in conn.execute("SELECT seq FROM documents ORDER BY seq")]
    return [int(r[0]) for r in conn.execute(
        "SELECT seq FROM documents WHERE analysis_key IS NULL OR analysis_key != ? ORDER BY seq", (key,))]


def stored_original(conn: sqlite3.Connection, seq: int) -> dict[str, Any] | None:
    """What a re-analysis starts from: the document's id, original text, outlet, URL, title, publication
    date (and whether the analysis detected it), record id; None when it is gone."""
    row = conn.execute(
        "SELECT d.id, d.text, d.url, d.title, d.published, d.record_id, s.name AS source,"
        " CASE WHEN json_valid(d.annotations) THEN json_extract(d.annotations, '$.published_detected') END"
        " AS detected FROM documents d LEFT JOIN sources s ON s.id = d.source_id WHERE d.seq = ?", (seq,)).fetchone()
    if row is None:
        return None
    detected = bool(row["detected"])
    return {"seq": seq, "id": row["id"], "text": row["text"], "url": row["url"], "title": row["title"],
            "published": row["published"], "published_detected": detected, "source_id": row["record_id"],
            "source": row["source"]}


def _annotations(text: str) -> dict[str, Any]:
    """A document's annotations JSON read back ({} when it cannot be: nothing of it is found again)."""
    try:
        found = json.loads(text)
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


@dataclass(slots=True)
class Replaced:
    """What one replacement did: reviews carried to their items and those detached (their item is gone)."""

    reviews_kept: int
    detached: list[dict[str, Any]]


def replace(conn: sqlite3.Connection, seq: int, text: str, prepared: Any, stamp: AnalysisStamp) -> Replaced | None:
    """Replace the analysis of document ``seq`` by ``prepared`` (a ``queries.PreparedDocument`` of the
    same text) in one transaction; None (nothing written) when the document is gone or its text differs.

    The caller gives ``text`` (the original it analysed) so a document changed meanwhile is never
    given another text's analysis."""
    return replace_many(conn, [(seq, text, prepared)], stamp)[0]


def replace_many(conn: sqlite3.Connection, items: Sequence[tuple[int, str, Any]], stamp: AnalysisStamp
                 ) -> list[Replaced | None]:
    """:func:`replace` of several documents (``(seq, text, prepared)``) in one transaction: each is
    replaced whole or, when this raises, none is.  One transaction per document costs a commit and a
    new full-text segment each (~5 ms of a short article's ~20)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        seqs = [seq for seq, _, _ in items]
        # The groups the old rows were in lose them; the new rows are grouped as at ingest (a whole
        # re-analysis ends with ``corroboration.rebuild``, so the groups are as a fresh store's).
        before = corroboration.groups_of(conn, seqs)
        done = [_replace_in(conn, seq, text, prepared, stamp) for seq, text, prepared in items]
        corroboration.assign(conn, [seq for seq, replaced in zip(seqs, done, strict=True) if replaced is not None],
                             also=before)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return done


def _replace_in(conn: sqlite3.Connection, seq: int, text: str, prepared: Any, stamp: AnalysisStamp
                ) -> Replaced | None:
    """The writes of :func:`replace`, in the caller's transaction."""
    row = conn.execute("SELECT text, annotations, analysis_key FROM documents WHERE seq = ?", (seq,)).fetchone()
    if row is None or row[0] != text or prepared.text != text:
        return None
    for table in ANNOTATION_TABLES:
        conn.execute(f"DELETE FROM {table} WHERE doc_seq = ?", (seq,))
    conn.execute(
        "UPDATE documents SET clean_text = ?, annotations = ?, n_events = ?, published = ?, analysis_key = ?,"
        " analysis_build = ?, analysis = ?, analysed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE seq = ?",
        (prepared.clean_text, prepared.annotations_json, prepared.n_events, prepared.published, stamp.key,
         stamp.build, stamp.description, seq))
    insert_rows(conn, seq, prepared.rows)
    conn.execute("DELETE FROM doc_fts WHERE rowid = ?", (seq,))
    conn.execute("INSERT INTO doc_fts (rowid, body, stems) VALUES (?, ?, ?)",
                 (seq, prepared.fts_body, prepared.fts_stems))
    # The signature follows the clean text (later documents join stories by it); the document
    # itself stays in its story (``Store.recluster`` recomputes every story).
    cluster.forget_signature(conn, seq)
    cluster.record_signature(conn, seq, prepared.signature, prepared.band_keys)
    kept, detached = reviews.carry_over(conn, seq, lambda: _annotations(row[1]),
                                        lambda: _annotations(prepared.annotations_json))
    conn.execute("INSERT INTO reanalyses (doc_seq, before, after) VALUES (?, ?, ?)", (seq, row[2], stamp.key))
    return Replaced(kept, detached)
