"""The store's typed query layer: what the CLI, the web API and the Spark loader call.

:class:`Store` writes analysed documents and answers every read; the SQL of
reads lives in focused modules (:mod:`~marsad.store.filters` the filter table,
:mod:`~marsad.store.events`, :mod:`~marsad.store.browse`) that its methods call.
Every filter value reaches SQL as a bound parameter; SQL text is only ever
assembled from fixed fragments chosen by which filters are set.

Signatures here are a contract with the web API: add parameters with defaults,
never change or remove existing ones.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np
import regex

from marsad.document import ANNOTATION_TYPES, Document, Repair
from marsad.store import (
    analysis,
    browse,
    cluster,
    corroboration,
    events,
    fts,
    memory,
    overview,
    reviews,
    sources,
)
from marsad.store.analysis import AnalysisStamp
from marsad.store.db import StoreError, connect, default_db_path
from marsad.store.events import EXPORT_CHUNK
from marsad.store.filters import (
    DOCUMENT_CONDITIONS,
    DOCUMENT_FROM,
    EVENT_FROM,
    DocumentFilters,
    EventFilters,
    Filters,
    where,
)
from marsad.store.highlight import matching_spans, pair_spans
from marsad.store.labels import LabelIndex, NameIndexes
from marsad.store.quotes import QuoteFilters, SpeakerIndex, quote_rows
from marsad.store.records import ANNOTATION_TABLES, ROW_INSERTS, annotation_rows, column_names, insert_sql
from marsad.store.schema import migrate
from marsad.store.tallies import EventTallies
from marsad.text.normalize import normalize
from marsad.text.tokenize import tokens

SNIPPET_CONTEXT = 80  # characters of original text on each side of the first hit


@dataclass(slots=True)
class PreparedDocument:
    """A document ready to insert: everything computed outside the write transaction.

    Only plain values (strings, numbers, tuples of them, the signature array), so
    a worker process can prepare it and hand it to the writing process cheaply.
    """

    id: str
    url: str | None
    source: str | None
    title: str | None
    published: str | None
    record_id: str | None  # Document.source_id: the input record's own id
    text: str
    clean_text: str
    annotations_json: str
    n_events: int
    # The annotation tables' rows (records.ROW_COLUMNS order); quotes and events end with
    # their JSON ``record`` and the events' ``chain`` is JSON text, as the table stores them.
    rows: dict[str, list[tuple[Any, ...]]]
    fts_body: str
    fts_stems: str
    signature: np.ndarray
    band_keys: list[int]  # the signature's LSH band keys (none for a text without words)
    # What analysed it (set by the ingest for a document it analysed, or as a Parquet table records
    # it; None: unknown, e.g. from a Parquet table without it), and whether this run's pipeline analysed it.
    analysis: AnalysisStamp | None = None
    analysed: bool = False


_EVENT_CHAIN = column_names("events").index("chain")


def prepare_document(data: dict[str, Any], *, normalised_clean_text: str | None = None,
                     normalised_words: list[str] | None = None) -> PreparedDocument:
    """Everything :meth:`Store.write_prepared` inserts for an analysed document dict.

    ``normalised_clean_text``: ``normalize(clean_text)`` when the caller has it already (the
    analysed document's matching view, ``Document.matching.text``); ``normalised_words``: its
    words (``tokenize.WORD_RE``), when the stages split it already.
    Raises ValueError for a dict that is not a document."""
    doc_id = data.get("id")
    text = data.get("text")
    if not isinstance(doc_id, str) or not doc_id or not isinstance(text, str):
        raise ValueError("an analysed document needs a string 'id' and 'text'")
    clean_text = data.get("clean_text")
    if not isinstance(clean_text, str):
        clean_text = Document.from_dict(data).clean_text
    if clean_text == text:
        # Most articles need no repair: one string for both columns, not two copies held until the
        # batch is written (a batch's documents are an ingest's largest transient).
        clean_text = text
    annotations: dict[str, Any] = {name: list(data.get(name) or []) for name in ANNOTATION_TYPES}
    annotations["published_detected"] = bool(data.get("published_detected", False))
    # for both the full-text columns and the shingles
    clean = fts.NormalisedWords.of(clean_text, normalised=normalised_clean_text, words=normalised_words)
    body, stems = fts.index_columns(clean_text, data.get("title"), clean=clean)
    rows = annotation_rows(annotations)
    # Each quote's and event's JSON is both its row's ``record`` and part of the annotations' JSON.
    records = {name: [_json(record) for record in annotations[name]] for name in ("quotes", "events")}
    rows["quotes"] = [(*row, record) for row, record in zip(rows["quotes"], records["quotes"], strict=True)]
    rows["events"] = [
        (*row[:_EVENT_CHAIN], _json(row[_EVENT_CHAIN]), *row[_EVENT_CHAIN + 1 :], record)
        for row, record in zip(rows["events"], records["events"], strict=True)
    ]
    signature = cluster.word_signature(clean.words)
    return PreparedDocument(
        id=doc_id,
        url=data.get("url"),
        source=data.get("source"),
        title=data.get("title"),
        published=data.get("published"),
        record_id=data.get("source_id") if isinstance(data.get("source_id"), str) else None,
        text=text,
        clean_text=clean_text,
        annotations_json=_annotations_json(annotations, records),
        n_events=len(annotations["events"]),
        rows=rows,
        fts_body=body,
        fts_stems=stems,
        signature=signature,
        # computed here, where the document is analysed (a worker process), not by the single writer
        band_keys=cluster.lsh_keys(signature),
    )


def _annotations_json(annotations: dict[str, Any], encoded: dict[str, list[str]]) -> str:
    """``_json(annotations)``, reusing the lists whose items are already encoded (same text:
    ``json.dumps`` separates items by ", " and keys by ": ")."""
    parts = []
    for name, value in annotations.items():
        items = encoded.get(name)
        text = "[" + ", ".join(items) + "]" if items is not None else _json(value)
        parts.append(f"{_json(name)}: {text}")
    return "{" + ", ".join(parts) + "}"


def _norm_sql(value: object) -> str | None:
    return normalize(value) if isinstance(value, str) else None


# ``json.dumps(value, ensure_ascii=False)`` builds an encoder per call (a document's quotes and events
# are encoded one by one): one encoder with the same settings gives the same text.
_json_encode = json.JSONEncoder(ensure_ascii=False).encode


def _json(value: Any) -> str:
    return _json_encode(value)


# Between two transactions of one write, the lock is left free this long: longer than the longest
# sleep of SQLite's busy handler (100 ms), so a writer waiting for the lock (the API storing a
# review) gets it instead of finding the next transaction already begun.
WRITER_PAUSE_SECONDS = 0.12


def writer_pause() -> None:
    """Leave the write lock free for a waiting writer between two transactions of one write."""
    time.sleep(WRITER_PAUSE_SECONDS)


class _BatchRows:
    """The annotation and full-text rows of one write transaction's documents, inserted together at
    its end: one ``executemany`` per table, not one per document and table.  Each table gets its rows
    in document order, as when they were inserted document by document, so every row has the same
    rowid; and nothing in the transaction reads them (story lookups read documents, signatures and
    LSH bands, which are written per document)."""

    __slots__ = ("fts", "rows", "seqs", "source_ids")

    def __init__(self) -> None:
        self.rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in ANNOTATION_TABLES}
        self.fts: list[tuple[int, str, str]] = []
        self.source_ids: dict[str, int] = {}  # outlet name → sources.id, within this transaction
        self.seqs: list[int] = []

    def add(self, seq: int, p: PreparedDocument) -> None:
        self.seqs.append(seq)
        for table, rows in p.rows.items():
            if rows:
                self.rows[table].extend([(seq, *row) for row in rows])
        self.fts.append((seq, p.fts_body, p.fts_stems))

    def insert(self, conn: sqlite3.Connection) -> None:
        for table, rows in self.rows.items():
            if rows:
                conn.executemany(ROW_INSERTS[table], rows)
        conn.executemany("INSERT INTO doc_fts (rowid, body, stems) VALUES (?, ?, ?)", self.fts)
        # Their events join the groups of earlier articles telling the same act, in this transaction.
        corroboration.assign(conn, self.seqs)


def _stamp_values(stamp: AnalysisStamp | None) -> tuple[str | None, str | None, str | None]:
    return (stamp.key, stamp.build, stamp.description) if stamp is not None else (None, None, None)


class Store:
    """A Marsad database.  Open with :func:`open_store`."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._labels: LabelIndex | None = None  # made on the first name filter
        self._names: NameIndexes | None = None  # made on the first entity or place name filter
        self._speakers: SpeakerIndex | None = None  # made on the first quotes list
        # Filters compare normalised forms so that ادلب finds إدلب.
        conn.create_function("marsad_norm", 1, _norm_sql, deterministic=True)

    # -- lifecycle ---------------------------------------------------------------
    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------
    def add_document(self, doc: Document) -> bool:
        """Store an analysed Document; False when a document with its id is already stored."""
        return self.add_analysed(doc.to_dict())

    def add_analysed(self, doc_dict: dict[str, Any]) -> bool:
        """Store an already-analysed document dict (``Document.to_dict()`` shape) without NLP.

        Raises ValueError for a dict that is not a document.
        """
        return self.add_many([doc_dict])[0]

    def add_many(self, doc_dicts: Sequence[dict[str, Any]], analysis: AnalysisStamp | None = None) -> list[bool]:
        """Store several analysed documents in one transaction; True for each newly stored.

        ``analysis``: what analysed them (None: unknown; they count as stale).
        When this returns, the documents are committed.  Raises ValueError
        (before writing anything) if one of them is not a document.
        """
        prepared = [prepare_document(d) for d in doc_dicts]
        for p in prepared:
            p.analysis = analysis
        return self.write_prepared(prepared)

    def data_version(self) -> int:
        """A number that changes whenever another connection commits (``PRAGMA data_version``)."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def has_document(self, doc_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def stored_text(self, doc_id: str) -> str | None:
        """The stored original text of a document, or None.  (Only the text: ``ingested_at`` is stored
        after the annotations, and reading it walks their overflow pages: 16 times the cost.)"""
        row = self.conn.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return None if row is None else str(row[0])

    def ingested_at(self, doc_id: str) -> str | None:
        """When a document was first stored (UTC, ``YYYY-MM-DDTHH:MM:SSZ``), or None."""
        row = self.conn.execute("SELECT ingested_at FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return None if row is None else str(row[0])

    # -- what an ingest remembers between runs (store.memory) ----------------------------
    def first_failed(self, key: str) -> str | None:
        """When the feed entry of ``key`` first gave no document (UTC), or None."""
        return memory.first_failed(self.conn, key)

    def remember(self, skips: Sequence[memory.Skip], versions: Sequence[memory.Version], now: str) -> int:
        """Remember a run's failed entries and the other texts it read of stored articles; new versions."""
        return memory.remember(self.conn, skips, versions, now)

    def versions(self, doc_id: str) -> list[dict[str, Any]]:
        """The other texts a stored document was read with (its outlet's corrections), oldest first."""
        return memory.versions(self.conn, doc_id)

    def skipped_entries(self) -> list[dict[str, Any]]:
        """The remembered feed entries that gave no document, the latest met first."""
        return memory.skipped_entries(self.conn)

    def known_ids(self, doc_ids: Iterable[str]) -> set[str]:
        """Which of these ids are already stored (lets an ingest skip the pipeline for them)."""
        wanted = list(dict.fromkeys(doc_ids))
        found: set[str] = set()
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in self.conn.execute(f"SELECT id FROM documents WHERE id IN ({marks})", chunk))
        return found

    def set_outlets(self, outlets: dict[str, str]) -> int:
        """Give stored documents (by id) the outlet named for them, in one transaction; how many changed.

        The outlet is only ``documents.source_id`` (every view joins it), so no analysis is redone; an
        outlet no document names any more is removed from ``sources``.  Unknown ids are ignored."""
        conn = self.conn
        changed = 0
        conn.execute("BEGIN IMMEDIATE")
        try:
            for doc_id, name in outlets.items():
                conn.execute("INSERT OR IGNORE INTO sources (name) VALUES (?)", (name,))
                changed += conn.execute(
                    "UPDATE documents SET source_id = (SELECT id FROM sources WHERE name = ?)"
                    " WHERE id = ? AND source_id IS NOT (SELECT id FROM sources WHERE name = ?)",
                    (name, doc_id, name)).rowcount
            conn.execute("DELETE FROM sources WHERE id NOT IN"
                         " (SELECT source_id FROM documents WHERE source_id IS NOT NULL)")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return changed

    def write_prepared(self, prepared: Sequence[PreparedDocument], *, budget: float | None = None) -> list[bool]:
        """Insert prepared documents; True for each newly stored.

        One transaction, or, with ``budget`` (seconds), as many as it takes for none to hold the
        write lock much longer than that: a transaction commits after the first document that
        reaches the budget, so another writer (the API storing a review) waits about that long
        at most.  When this returns, every document is committed."""
        added: list[bool] = []
        while len(added) < len(prepared):
            if added:
                writer_pause()
            added.extend(self.write_transaction(prepared[len(added) :], budget=budget))
        return added

    def write_transaction(self, prepared: Sequence[PreparedDocument], *, budget: float | None = None) -> list[bool]:
        """One transaction storing ``prepared`` from the first, until ``budget`` seconds are spent: True or
        False (stored before) for each document it covered, a prefix of ``prepared``.  Committed when it
        returns; nothing of it is when it raises."""
        conn = self.conn
        deadline = None if budget is None else time.monotonic() + budget
        conn.execute("BEGIN IMMEDIATE")
        try:
            written = _BatchRows()
            added = []
            for p in prepared:
                added.append(self._insert(p, written))
                if deadline is not None and time.monotonic() >= deadline:
                    break
            written.insert(conn)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return added

    def _insert(self, p: PreparedDocument, written: _BatchRows) -> bool:
        """The document row, its cluster and its LSH bands now (a later document of the same batch
        may join its story); its annotation rows and full-text row into ``written``."""
        conn = self.conn
        # In this write transaction no other writer can store the id between this check
        # and the insert, so the cluster is joined only by a document that is inserted.
        if self.has_document(p.id):
            return False
        source_id = written.source_ids.get(p.source) if p.source else None
        if p.source and source_id is None:
            conn.execute("INSERT OR IGNORE INTO sources (name) VALUES (?)", (p.source,))
            source_id = written.source_ids[p.source] = conn.execute(
                "SELECT id FROM sources WHERE name = ?", (p.source,)).fetchone()[0]
        # The cluster is chosen first so the document row is written once, with its cluster id.
        cluster_id = cluster.join_cluster_by_keys(conn, p.signature, p.band_keys, p.published)
        cur = conn.execute(
            "INSERT INTO documents (id, url, source_id, title, published, text, clean_text, annotations,"
            " n_events, cluster_id, record_id, analysis_key, analysis_build, analysis, analysed_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
            (p.id, p.url, source_id, p.title, p.published, p.text, p.clean_text, p.annotations_json, p.n_events,
             cluster_id, p.record_id, *_stamp_values(p.analysis)),
        )
        seq = int(cur.lastrowid or 0)
        cluster.record_signature(conn, seq, p.signature, p.band_keys)
        written.add(seq, p)
        return True

    def _insert_rows(self, table: str, rows: list[tuple[Any, ...]], extra: tuple[str, ...] = ()) -> None:
        """Rows of one annotation table (:data:`records.ROW_COLUMNS` order) after ``doc_seq``, then ``extra``."""
        if rows:
            self.conn.executemany(insert_sql(table, extra), rows)

    def _insert_events(self, seq: int, rows: list[tuple[Any, ...]], events: list[dict[str, Any]]) -> None:
        chain = _EVENT_CHAIN
        self._insert_rows("events", [
            (seq, *row[:chain], _json(row[chain]), *row[chain + 1 :], _json(ev))
            for row, ev in zip(rows, events, strict=True)
        ], extra=("record",))

    # -- re-analysis (store.analysis) ------------------------------------------------
    def reanalysis_targets(self, key: str | None) -> list[int]:
        """The ``seq`` of the documents not analysed as ``key`` says (None: all of them), in storage order."""
        return analysis.targets(self.conn, key)

    def stored_original(self, seq: int) -> dict[str, Any] | None:
        """What a re-analysis of document ``seq`` starts from (see :func:`analysis.stored_original`)."""
        return analysis.stored_original(self.conn, seq)

    def replace_analysis(self, seq: int, text: str, prepared: PreparedDocument,
                         stamp: AnalysisStamp) -> analysis.Replaced | None:
        """Replace document ``seq``'s analysis in one transaction (see :func:`analysis.replace`)."""
        return analysis.replace(self.conn, seq, text, prepared, stamp)

    def replace_analyses(self, items: Sequence[tuple[int, str, PreparedDocument]],
                         stamp: AnalysisStamp) -> list[analysis.Replaced | None]:
        """:meth:`replace_analysis` of several documents in one transaction (see :func:`analysis.replace_many`)."""
        return analysis.replace_many(self.conn, items, stamp)

    def count_stale(self, build: str) -> int:
        """Documents not analysed by ``build`` (an older Marsad, or unknown)."""
        return analysis.count_stale(self.conn, build)

    def analyses(self) -> list[dict[str, Any]]:
        """The analyses the stored documents have, most documents first (see :func:`analysis.analyses`)."""
        return analysis.analyses(self.conn)

    def other_analyses(self, build: str, key: str) -> list[dict[str, Any]]:
        """The analyses of ``build`` other than ``key``, most documents first (:func:`analysis.other_analyses`)."""
        return analysis.other_analyses(self.conn, build, key)

    def rebuild_events(self) -> int:
        """Re-derive the ``events`` table from the stored annotations (after a change in how
        event records are flattened); one transaction.  Returns the number of event rows."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("DELETE FROM events")
            for seq, annotations in conn.execute("SELECT seq, annotations FROM documents").fetchall():
                ann = json.loads(annotations)
                self._insert_events(seq, annotation_rows(ann)["events"], ann.get("events") or [])
            reviews.replay(conn)  # the analysts' corrections outlive a rebuild
            corroboration.rebuild(conn)
            count = int(conn.execute("SELECT COUNT(*) FROM events").fetchone()[0])
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return count

    # -- search --------------------------------------------------------------------
    def search(
        self, query: str, limit: int = 20, offset: int = 0, filters: Filters | None = None
    ) -> list[dict[str, Any]]:
        """Documents matching ``query`` (normalised, clitics stripped, spellings folded), best first.

        Syntax (:func:`fts.parse_query`): every word must occur; ``a OR b``;
        ``-word`` excludes; ``"a phrase"``; ``prefix*``.  Each result: id, title,
        url, source, published, cluster_id, score, and a snippet of the
        *original* text with ``highlights`` ([start, end) within the snippet) and
        ``spans`` ([start, end) within the document text).  Raises
        :class:`fts.EmptyQueryError` for a query with no word to find, and its
        subclass :class:`fts.QuerySyntaxError` for malformed syntax.  ``filters``: the documents'
        filters (``source``, ``since``, ``until``, ``cluster``), as :meth:`documents` applies them.
        """
        parsed = fts.parse_query(query)
        where_sql, params = self._document_where(filters)
        # A hit is in the stored text, the first one read: when the article was read again with other
        # words (its corrections, ``document_versions``), the hit is in an older text (round 37).
        select = ("SELECT d.seq, d.id, d.title, d.url, d.published, d.cluster_id, d.ingested_at, s.name AS source,"
                  " f.score, d.text, d.text != d.clean_text AS repaired,"
                  " (SELECT COUNT(*) FROM document_versions v WHERE v.doc_seq = d.seq) AS later_versions,"
                  " (SELECT MAX(v.last_seen) FROM document_versions v WHERE v.doc_seq = d.seq) AS latest_version_seen")
        if where_sql:
            # The documents' conditions first, then the page: the index's best matches may all be
            # outside the days or the outlet asked for.
            rows = self._match(
                f"{select} FROM (SELECT rowid, bm25(doc_fts, 1.0, 0.5) AS score FROM doc_fts WHERE doc_fts MATCH ?) f"
                f" JOIN documents d ON d.seq = f.rowid LEFT JOIN sources s ON s.id = d.source_id{where_sql}"
                " ORDER BY f.score LIMIT ? OFFSET ?",
                (fts.fts_expression(parsed), *params, limit, offset),
            )
        else:
            rows = self._match(
                f"{select} FROM (SELECT rowid, bm25(doc_fts, 1.0, 0.5) AS score FROM doc_fts WHERE doc_fts MATCH ?"
                "       ORDER BY score LIMIT ? OFFSET ?) f"
                " JOIN documents d ON d.seq = f.rowid LEFT JOIN sources s ON s.id = d.source_id ORDER BY f.score",
                (fts.fts_expression(parsed), limit, offset),
            )
        forms = frozenset(fts.highlight_forms(parsed))
        pairs = fts.split_pairs(parsed)
        results = []
        for row in rows:
            item = {k: row[k] for k in ("id", "title", "url", "source", "published", "cluster_id", "ingested_at",
                                        "later_versions", "latest_version_seen")}
            item["score"] = -float(row["score"])
            item.update(self._snippet(row["seq"], row["text"], bool(row["repaired"]), forms, pairs))
            results.append(item)
        return results

    def count_search(self, query: str, filters: Filters | None = None) -> int:
        """How many documents :meth:`search` finds for ``query`` (all pages)."""
        expression = fts.fts_expression(fts.parse_query(query))
        where_sql, params = self._document_where(filters)
        if where_sql:
            return int(self._match(
                "SELECT COUNT(*) FROM (SELECT rowid FROM doc_fts WHERE doc_fts MATCH ?) f"
                f" JOIN documents d ON d.seq = f.rowid LEFT JOIN sources s ON s.id = d.source_id{where_sql}",
                (expression, *params))[0][0])
        return int(self._match("SELECT COUNT(*) FROM doc_fts WHERE doc_fts MATCH ?", (expression,))[0][0])

    def _match(self, sql: str, params: tuple[Any, ...]) -> list[sqlite3.Row]:
        # The expression is built from quoted words, so FTS5 should never refuse it;
        # if it does (a limit of the engine), the user gets one line, not a traceback.
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            if "fts5" in str(exc) or "MATCH" in str(exc) or "syntax" in str(exc):
                raise fts.QuerySyntaxError(f"the search engine cannot run this query ({exc}); {fts.SYNTAX_HELP}")\
                    from None
            raise

    def search_index_version(self) -> int:
        """The version of the search terms the index holds (``PRAGMA user_version``; 0 or 1: the first)."""
        return max(1, int(self.conn.execute("PRAGMA user_version").fetchone()[0]))

    def search_index_stale(self) -> bool:
        """Whether the search index was built by an older Marsad (:meth:`reindex_search` brings it up to date)."""
        return self.search_index_version() < fts.INDEX_VERSION

    def reindex_search(self, *, only_if_stale: bool = False) -> int:
        """Rebuild the full-text index from the stored clean text and titles (one transaction).

        Needed when :data:`fts.INDEX_VERSION` changes how documents are indexed;
        :func:`open_store` does it (``only_if_stale``) when it opens a stale store
        for writing.  Returns the number of documents indexed."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            if only_if_stale and not self.search_index_stale():  # another process just did it
                conn.execute("COMMIT")
                return 0
            conn.execute("DELETE FROM doc_fts")
            count = 0
            # Streamed (a second cursor on the same connection), not loaded: a full corpus is ~100 MB of text.
            for seq, title, clean_text in conn.execute("SELECT seq, title, clean_text FROM documents"):
                body, stems = fts.index_columns(clean_text, title)
                conn.execute("INSERT INTO doc_fts (rowid, body, stems) VALUES (?, ?, ?)", (seq, body, stems))
                count += 1
            # Deleting every row leaves tombstones in many segments; merging them into
            # one keeps searches as fast as on a freshly built index.
            conn.execute("INSERT INTO doc_fts (doc_fts) VALUES ('optimize')")
            conn.execute(f"PRAGMA user_version = {int(fts.INDEX_VERSION)}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return count

    def _snippet(
        self, seq: int, text: str, repaired: bool, forms: frozenset[str],
        pairs: list[tuple[frozenset[str], frozenset[str]]] | None = None,
    ) -> dict[str, Any]:
        # Only a document whose clean text differs from its text has repairs to look through.
        repairs = [
            Repair(r["start"], r["end"], r["original"], r["replacement"], r["kind"])
            for r in self.conn.execute(
                'SELECT start, "end", original, replacement, kind FROM repairs WHERE doc_seq = ?', (seq,)
            )
        ] if repaired else []
        if repairs:
            # A match may be a repaired word (أسلـ.حتها): look through the repaired,
            # normalised view and map its words back to the original text.
            doc = Document(text)
            doc.repairs = repairs
            view = doc.matching
            spans = []
            for token in tokens(view.text):
                # Reading a final ه as ta marbuta only removes matches, so the cheap test goes first;
                # the view folds ة into ه, so whether the word had ة is read from the original.
                if not fts.word_matches(token.text, forms):
                    continue
                start, end = view.to_original(token.start, token.end)
                if fts.word_matches(token.text, forms, fts.ends_in_ta_marbuta(text[start:end])):
                    spans.append([start, end])
        else:
            spans = matching_spans(text, forms)
        if pairs:  # a query word the article writes in two words (كفرنبل / كفر نبل)
            spans = [list(span) for span in sorted({(s, e) for s, e in [*spans, *pair_spans(text, pairs)]})]
        if spans:
            lo = max(0, spans[0][0] - SNIPPET_CONTEXT)
            hi = min(len(text), spans[0][1] + SNIPPET_CONTEXT)
        else:  # matched in the title only
            lo, hi = 0, min(len(text), 2 * SNIPPET_CONTEXT)
        # Widen to word boundaries so the snippet never cuts a word in half.
        while lo > 0 and not text[lo - 1].isspace():
            lo -= 1
        while hi < len(text) and not text[hi].isspace():
            hi += 1
        snippet = text[lo:hi]
        highlights = [[s - lo, e - lo] for s, e in spans if lo <= s and e <= hi]
        return {
            "snippet": ("…" if lo > 0 else "") + snippet.replace("\n", " ") + ("…" if hi < len(text) else ""),
            "snippet_start": lo,
            "highlights": [[s + (1 if lo > 0 else 0), e + (1 if lo > 0 else 0)] for s, e in highlights],
            "spans": spans,
        }

    # -- documents -----------------------------------------------------------------
    @staticmethod
    def _document_where(filters: Filters | None) -> tuple[str, list[Any]]:
        return where(DOCUMENT_CONDITIONS, filters)

    def documents(self, limit: int = 50, offset: int = 0, filters: Filters | None = None) -> list[dict[str, Any]]:
        """Document summaries, newest first: id, title, url, source, published, cluster_id, n_events, ingested_at.

        Only the ``source``, ``since``, ``until`` and ``cluster`` filters apply to documents."""
        where_sql, params = self._document_where(filters)
        rows = self.conn.execute(
            "SELECT d.id, d.title, d.url, s.name AS source, d.published, d.cluster_id, d.n_events, d.ingested_at"
            f"{DOCUMENT_FROM}{where_sql}"
            " ORDER BY d.published DESC, d.seq DESC LIMIT ? OFFSET ?",
            [*params, limit, offset],
        ).fetchall()
        return [dict(r) for r in rows]

    def count_documents(self, filters: Filters | None = None) -> int:
        where_sql, params = self._document_where(filters)
        # The outlet join never changes the count (a LEFT JOIN on the outlet's key): without an outlet
        # filter it is left out, and the count reads the date index alone instead of every
        # document row for its outlet (0.3 ms instead of 36 ms for ten days of the full corpus).
        source = DOCUMENT_FROM if filters is not None and filters.source is not None else " FROM documents d"
        return int(self.conn.execute(f"SELECT COUNT(*){source}{where_sql}", params).fetchone()[0])

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """The full ``Document.to_dict()`` plus ``cluster`` ({id, size, members}), ``ingested_at`` and
        ``versions`` (the other texts it was read with after it was stored, :func:`memory.versions`).

        ``doc_id`` is Marsad's id or, when no document has it, the input record's own id
        (``source_id``; the first stored document with it)."""
        select = "SELECT d.*, s.name AS source_name FROM documents d LEFT JOIN sources s ON s.id = d.source_id"
        row = self.conn.execute(f"{select} WHERE d.id = ?", (doc_id,)).fetchone()
        if row is None:
            row = self.conn.execute(f"{select} WHERE d.record_id = ? ORDER BY d.seq LIMIT 1", (doc_id,)).fetchone()
        if row is None:
            return None
        data: dict[str, Any] = {
            "id": row["id"], "source": row["source_name"], "url": row["url"], "title": row["title"],
            "published": row["published"], "source_id": row["record_id"], "text": row["text"],
            "clean_text": row["clean_text"],
        }
        data.update(json.loads(row["annotations"]))
        data["ingested_at"] = row["ingested_at"]
        members = self.conn.execute(
            "SELECT d.id, d.title, d.url, s.name AS source, d.published FROM documents d"
            " LEFT JOIN sources s ON s.id = d.source_id WHERE d.cluster_id = ? ORDER BY d.published, d.seq",
            (row["cluster_id"],),
        ).fetchall()
        data["cluster"] = {"id": row["cluster_id"], "size": len(members), "members": [dict(m) for m in members]}
        # The other texts it was read with since (its outlet's corrections), not analysed (store.memory).
        data["versions"] = memory.versions(self.conn, str(row["id"]))
        return data

    # -- events --------------------------------------------------------------------
    # ``labels``: a LabelIndex of this database answers actor and place filters from
    # its index instead of normalising every row, and resolves a name to the other
    # names of the same actor or place (داعش and Islamic State; see store.labels).
    # Without one, the store's own index is used, so every caller resolves names alike.
    def _label_index(self, labels: LabelIndex | None) -> LabelIndex:
        if labels is not None:
            return labels
        if self._labels is None:
            self._labels = LabelIndex()
        return self._labels

    @staticmethod
    def _event_where(filters: Filters | None) -> tuple[str, list[Any]]:
        return events.event_where(filters)

    _EVENT_FROM = EVENT_FROM

    def events(
        self, filters: Filters | None = None, limit: int = 100, offset: int = 0, labels: LabelIndex | None = None
    ) -> list[dict[str, Any]]:
        """Event reports (one per event per document, ``idx`` its position there), newest event date first."""
        return events.reports(self.conn, filters, limit, offset, self._label_index(labels))

    def event_chunk(
        self, filters: Filters | None = None, after: tuple[Any, int] | None = None, limit: int = EXPORT_CHUNK,
        labels: LabelIndex | None = None,
    ) -> tuple[list[dict[str, Any]], tuple[Any, int] | None]:
        """The next ``limit`` reports in the order of :meth:`events` after ``after`` (None: the first),
        and the key to pass for the chunk after them (None: no more).  For exports: any size, each
        chunk as cheap as the first, and a chunk may be read on another connection than the last."""
        return events.report_chunk(self.conn, filters, self._label_index(labels), after, limit)

    def event_table_chunk(
        self, filters: Filters | None = None, after: tuple[Any, int] | None = None, limit: int = EXPORT_CHUNK,
        labels: LabelIndex | None = None,
    ) -> tuple[list[tuple[Any, ...]], tuple[Any, int] | None]:
        """Like :meth:`event_chunk`, as tuples of the flat report table (``export.REPORT_COLUMNS``;
        ``reviewed`` as 0/1): what ``export.report_row`` makes of each report, without reading the record."""
        return events.report_table_chunk(self.conn, filters, self._label_index(labels), after, limit)

    def place_names(self) -> list[str]:
        """Every name the stored places have: as an article wrote it, canonical, governorate (what the
        place filter looks in), each once."""
        rows = self.conn.execute(
            "SELECT name FROM places UNION SELECT canonical FROM places UNION SELECT admin1 FROM places"
        ).fetchall()
        return sorted(str(r[0]) for r in rows if r[0])

    def event_places_of_articles_naming(self, names: Sequence[str]) -> tuple[int, list[str], list[str]]:
        """For the articles that name a place by one of ``names`` (as written, canonical or governorate):
        how many have events, the places of those events (each once, most reports first) and the place
        as the articles wrote it (each once, most articles first)."""
        marks = ",".join("?" * len(names))
        naming = f"FROM places WHERE name IN ({marks}) OR canonical IN ({marks}) OR admin1 IN ({marks})"
        params = [*names, *names, *names]
        (articles,) = self.conn.execute(
            f"SELECT COUNT(DISTINCT doc_seq) FROM events WHERE doc_seq IN (SELECT doc_seq {naming})", params).fetchone()
        places = self.conn.execute(
            f"SELECT location, COUNT(*) AS n FROM events WHERE doc_seq IN (SELECT doc_seq {naming}) "
            "AND location IS NOT NULL GROUP BY location ORDER BY n DESC, location", params).fetchall()
        written = self.conn.execute(
            f"SELECT name, COUNT(DISTINCT doc_seq) AS n {naming} GROUP BY name ORDER BY n DESC, name", params).fetchall()
        return int(articles), [str(r[0]) for r in places], [str(r[0]) for r in written]

    def count_events(self, filters: Filters | None = None, labels: LabelIndex | None = None) -> int:
        return events.count_reports(self.conn, filters, self._label_index(labels))

    def merged_events(
        self, filters: Filters | None = None, limit: int = 100, offset: int = 0, labels: LabelIndex | None = None
    ) -> list[dict[str, Any]]:
        """Events merged across the reports of one story (cluster).

        Each: event_type, mode, actor1, actor2, location, country, admin1, lat, lon,
        geo_precision, event_date, cluster_id, status (the most certain one
        reported), statuses, chain (of the first report), fatalities (max),
        trigger, count (number of reports), confidence (max; None when no
        report has a model score), actor1_id, actor2_id, mentions (max per
        report) and reports [{document, outlet, url, published, title, status,
        claim_source, chain, event_key, confidence, mentions, index}].
        """
        return events.merged(self.conn, filters, limit, offset, self._label_index(labels))

    def count_merged_events(self, filters: Filters | None = None, labels: LabelIndex | None = None) -> int:
        return events.count_merged(self.conn, filters, self._label_index(labels))

    def event_summary(self, filters: Filters | None = None, labels: LabelIndex | None = None) -> dict[str, Any]:
        """Event counts per place and type (a map) and per day and type (a timeline); see :func:`events.summary`."""
        return events.summary(self.conn, filters, self._label_index(labels))

    def event_timeline(self, filters: Filters | None = None, labels: LabelIndex | None = None) -> dict[str, Any]:
        """Reports and articles per publication day, reports per event date; see :func:`overview.timeline`."""
        return overview.timeline(self.conn, filters, labels)

    def quotes(
        self, filters: QuoteFilters | None = None, limit: int = 100, offset: int = 0,
        speakers: SpeakerIndex | None = None,
    ) -> tuple[list[dict[str, Any]], int]:
        """Quotes across the database, newest document first, and how many match (see :mod:`marsad.store.quotes`).

        ``speakers``: the speaker-name index of this database (shared by a server's connections);
        this store's own when not given."""
        if speakers is None:
            if self._speakers is None:
                self._speakers = SpeakerIndex()
            speakers = self._speakers
        return quote_rows(self.conn, filters or QuoteFilters(), speakers, limit, offset)

    def event_facets(self, filters: Filters | None = None, labels: LabelIndex | None = None) -> dict[str, Any]:
        """Report counts by type, status, country and outlet; see :func:`overview.facets`."""
        return overview.facets(self.conn, filters, labels)

    def event_detail(self, document: str, item: str) -> dict[str, Any] | None:
        """One event report (``item``: its key ``e1``, ``i<position>`` or a position) of ``document``,
        with ``reported_by`` (the reports of the same event in its story, see
        :func:`events.same_event_reports`) and ``story`` ({id, size, outlets} of its cluster)."""
        try:
            seq, idx = reviews.locate(self.conn, "event", document, item)
        except reviews.ReviewTargetMissing:
            return None
        report = events.report_at(self.conn, seq, idx)
        if report is None:
            return None
        report["reported_by"] = events.same_event_reports(self.conn, report)
        outlets = self.conn.execute(
            "SELECT COUNT(*), json_group_array(DISTINCT s.name) FROM documents d"
            " LEFT JOIN sources s ON s.id = d.source_id WHERE d.cluster_id IS ?", (report.get("cluster_id"),)
        ).fetchone()
        report["story"] = {"id": report.get("cluster_id"), "size": int(outlets[0]),
                           "outlets": sorted(o for o in json.loads(outlets[1]) if o)}
        # Who else tells the act in their own words (round 37): its corroboration group, or None.
        group = report.get("corroboration")
        report["told_by"] = self.corroboration(int(group)) if group is not None else None
        return report

    # -- reviews (store.reviews) ---------------------------------------------------
    def review(self, kind: str, document: str, item: str, *, verdict: str | None, corrections: dict[str, Any],
               reviewer: str, note: str | None = None) -> dict[str, Any]:
        """Judge or correct one event or quote (see :mod:`marsad.store.reviews`); returns the history entry.

        Raises :class:`reviews.ReviewTargetMissing` for an unknown document or item and
        :class:`reviews.ReviewError` for a review that cannot be applied."""
        return reviews.review(self.conn, kind, document, item, verdict=verdict, corrections=corrections,
                              reviewer=reviewer, note=note)

    def review_history(self, kind: str, document: str, item: str) -> list[dict[str, Any]]:
        """Every review of one event or quote, oldest first."""
        return reviews.history(self.conn, kind, document, item)

    def reviews(self, limit: int = 50, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
        """Every review, newest first, and their number."""
        return reviews.recent(self.conn, limit, offset)

    def reviewed_items(self) -> list[dict[str, Any]]:
        """Every reviewed event and quote with its reviewed values (see :func:`reviews.reviewed_items`)."""
        return reviews.reviewed_items(self.conn)

    def outlet_activity(self, filters: Filters | None = None, by: str = "month") -> dict[str, Any]:
        """Articles and events per outlet, in total and per day or month (:func:`sources.outlet_activity`)."""
        return sources.outlet_activity(self.conn, filters, by)

    # -- places, entities, clusters, stats ----------------------------------------
    def places(self, limit: int = 100, offset: int = 0, country: str | None = None) -> list[dict[str, Any]]:
        """Geocoded places, most mentioned first: place_id, name, country, admin1, lat, lon, precision,
        documents (count) and mentions (count)."""
        return browse.places_by_country(self.conn, country, limit, offset)

    def count_places(self, country: str | None = None, names: NameIndexes | None = None) -> int:
        """How many (place, country) pairs; without ``country`` from the tallies (``names``, else this store's)."""
        if country is None:
            return self._name_indexes(names).place_tallies.count_by_country(self.conn)
        return browse.count_places_by_country(self.conn, country)

    def _name_indexes(self, names: NameIndexes | None) -> NameIndexes:
        if names is not None:
            return names
        if self._names is None:
            self._names = NameIndexes()
        return self._names

    def place_list(
        self, query: str | None = None, country: str | None = None, limit: int = 100, offset: int = 0,
        names: NameIndexes | None = None,
    ) -> tuple[list[dict[str, Any]], int]:
        """Places (one per id) whose name contains ``query``, with document, mention and event counts; and the total.

        ``names``: the entity and place name indexes of this database (shared by a server's
        connections); this store's own when not given."""
        return browse.place_list(self.conn, query, country, limit, offset, self._name_indexes(names))

    def place_page(self, key: str) -> dict[str, Any] | None:
        """One place (by the ``id`` of :meth:`place_list`) with its documents and event reports."""
        return browse.place_page(self.conn, key)

    def entities(self, type: str | None = None, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Entities by name, most frequent first: name, type, documents, mentions."""
        return browse.entities_by_type(self.conn, type, limit, offset)

    def count_entities(self, type: str | None = None, names: NameIndexes | None = None) -> int:
        """How many (name, type) entities; without ``type`` from the tallies (``names``, else this store's)."""
        if type is None:
            return self._name_indexes(names).entity_tallies.count(self.conn)
        return browse.count_entities_by_type(self.conn, type)

    def entity_list(
        self, query: str | None = None, type: str | None = None, limit: int = 100, offset: int = 0,
        names: NameIndexes | None = None,
    ) -> tuple[list[dict[str, Any]], int]:
        """Entities whose name contains ``query`` (name, type, documents, mentions), most frequent first; the total."""
        return browse.entity_list(self.conn, query, type, limit, offset, self._name_indexes(names))

    def entity_page(self, name: str, type: str | None = None) -> dict[str, Any] | None:
        """One entity (canonical name, optionally its type) with its documents and the event reports naming it."""
        return browse.entity_page(self.conn, name, type)

    def clusters(self, limit: int = 50, offset: int = 0, min_size: int = 2) -> list[dict[str, Any]]:
        """Stories with at least ``min_size`` reports, largest first: id, size, members."""
        rows = self.conn.execute(
            "SELECT id, size FROM clusters WHERE size >= ? ORDER BY size DESC, id LIMIT ? OFFSET ?",
            (min_size, limit, offset),
        ).fetchall()
        out = []
        for r in rows:
            members = self.conn.execute(
                "SELECT d.id, d.title, d.url, s.name AS source, d.published FROM documents d"
                " LEFT JOIN sources s ON s.id = d.source_id WHERE d.cluster_id = ? ORDER BY d.published, d.seq",
                (r["id"],),
            ).fetchall()
            out.append({"id": r["id"], "size": r["size"], "members": [dict(m) for m in members]})
        return out

    def count_clusters(self, min_size: int = 2) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM clusters WHERE size >= ?", (min_size,)).fetchone()[0])

    def stats(self, merged_events: bool = True, tallies: EventTallies | None = None,
              build: str | None = None) -> dict[str, Any]:
        """Counts of everything stored, the date range and the schema version.

        ``build``: the running Marsad's build (``ingest.provenance.build_fingerprint``); then
        ``stale_documents`` counts the documents another build (or an unknown one) analysed.

        ``merged_events=False`` leaves out the count of merged events and of their reports (``None``):
        it groups every event report by story (~0.3 s on the full SaudiNewsNet store) and the API does
        not show it; and the empty and non-Arabic documents (a scan of every text) with them.
        ``tallies``: the reports per type and status from these (kept up to date incrementally,
        shared by a server's connections) instead of counting every report."""
        one = self.conn.execute
        counts: dict[str, int | None] = {
            table: int(one(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
            for table in ("documents", "repairs", "entities", "places", "times", "quotes", "events", "sources")
        }
        # One pass over the clusters for both counts.
        some, several = one("SELECT COALESCE(SUM(size > 0), 0), COALESCE(SUM(size >= 2), 0) FROM clusters").fetchone()
        counts["clusters"], counts["multi_report_clusters"] = int(some), int(several)
        # What ingests remember between runs (store.memory): feed entries that gave no document, and the
        # other texts of corrected articles.
        counts["skipped_entries"] = int(one("SELECT COUNT(*) FROM skipped_entries").fetchone()[0])
        counts["document_versions"] = int(one("SELECT COUNT(*) FROM document_versions").fetchone()[0])
        # ``events`` counts stored rows (one per event per article); ``merged_events`` the rows of
        # ``marsad events`` and ``event_reports`` their reports (the articles: its ``n``), both None
        # without ``merged_events``.
        counts["merged_events"], counts["event_reports"] = (
            events.count_merged_with_reports(self.conn, None) if merged_events else (None, None))
        if merged_events:
            # Stored but not Arabic (their notes say so in ``marsad document``): an empty text, and a
            # text with no Arabic letter (the readers' language note).  A scan of the texts, as the
            # merged count is a scan of the events: the API leaves both out.
            self.conn.create_function("marsad_has_arabic", 1, _has_arabic_letter, deterministic=True)
            empty, foreign = one(
                "SELECT COALESCE(SUM(TRIM(text, char(32, 9, 10, 13)) = ''), 0),"
                " COALESCE(SUM(TRIM(text, char(32, 9, 10, 13)) != '' AND NOT marsad_has_arabic(text)), 0)"
                " FROM documents"
            ).fetchone()
            counts["documents_empty"], counts["documents_without_arabic"] = int(empty), int(foreign)
        else:
            counts["documents_empty"] = counts["documents_without_arabic"] = None
        # Two subqueries: each is one look into the date index (MIN and MAX in one query read it all).
        first, last = one("SELECT (SELECT MIN(published) FROM documents), (SELECT MAX(published) FROM documents)"
                          ).fetchone()
        if tallies is not None:
            by_type, by_status = tallies.by_type_and_status(self.conn)
        else:
            by_type = {r[0]: r[1] for r in one(
                "SELECT event_type, COUNT(*) FROM events GROUP BY event_type ORDER BY 2 DESC, 1")}
            by_status = {r[0]: r[1] for r in one(
                "SELECT status, COUNT(*) FROM events GROUP BY status ORDER BY 2 DESC, 1")}
        version = int(one("SELECT MAX(version) FROM schema_version").fetchone()[0])
        out = {**counts, "published_first": first, "published_last": last, "events_by_type": by_type,
               "events_by_status": by_status, "schema_version": version, "path": str(self.path)}
        if build is not None:
            out["stale_documents"] = self.count_stale(build)
        return out

    def regroup(self) -> int:
        """Group every stored event anew with the corroboration rule (one transaction); the number of
        groups.  ``marsad reanalyze`` ends with it (store/corroboration.py)."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            count = corroboration.rebuild(conn)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return count

    def corroboration(self, group: int) -> dict[str, Any] | None:
        """One corroboration group: its summary and its reports (None: no such group)."""
        found = corroboration.summaries(self.conn, [group]).get(group)
        if found is None:
            return None
        return {**found, "reports": corroboration.group_detail(self.conn, group)}

    def recluster(self) -> int:
        """Recompute all clusters (after a change of the clustering rules); returns how many."""
        return cluster.recluster(self.conn)

    def iter_documents(self) -> Iterator[dict[str, Any]]:
        """Every stored document as a full dict (for exports and re-analysis), in storage order."""
        ids = [r[0] for r in self.conn.execute("SELECT id FROM documents ORDER BY seq")]
        for doc_id in ids:
            found = self.document(doc_id)
            if found is not None:
                yield found

    def check(self) -> list[str]:
        """Consistency problems (empty when the database is sound)."""
        problems = [r[0] for r in self.conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        one = self.conn.execute
        docs = one("SELECT COUNT(*) FROM documents").fetchone()[0]
        indexed = one("SELECT COUNT(*) FROM doc_fts").fetchone()[0]
        if docs != indexed:
            problems.append(f"{docs} documents but {indexed} in the full-text index")
        unclustered = one("SELECT COUNT(*) FROM documents WHERE cluster_id IS NULL").fetchone()[0]
        if unclustered:
            problems.append(f"{unclustered} documents without a cluster")
        sizes = one(
            "SELECT COUNT(*) FROM clusters c WHERE size != (SELECT COUNT(*) FROM documents d WHERE d.cluster_id = c.id)"
        ).fetchone()[0]
        if sizes:
            problems.append(f"{sizes} clusters with a wrong size")
        return problems


# The readers' test for their language note (``readers.text.language_notes``: no letter of the
# Arabic script), which the store may not import: a Unicode property, not a list to keep.
_ARABIC_LETTER = regex.compile(r"\p{Script=Arabic}")


def _has_arabic_letter(text: str | None) -> bool:
    return bool(text) and _ARABIC_LETTER.search(text) is not None


def open_store(path: str | Path | None = None, *, readonly: bool = False) -> Store:
    """Open (creating and migrating if needed) the database at ``path`` or the default location.

    Raises :class:`StoreError` with a one-line message when it cannot.
    """
    target = Path(path) if path is not None else default_db_path()
    if readonly:
        _upgrade_before_reading(target)
    conn = connect(target, readonly=readonly)
    try:
        if not readonly:
            migrate(conn)
        else:
            from marsad.store.schema import LATEST_VERSION, current_version

            version = current_version(conn)
            if version == 0 or version > LATEST_VERSION:
                raise StoreError(f"{target} is not a Marsad database of a version this Marsad reads")
            if version < LATEST_VERSION:
                raise StoreError(f"{target} has schema version {version} and cannot be upgraded here (read-only);"
                                 " open it once with write access (e.g. marsad ingest) to upgrade it")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{target} is not a usable SQLite database: {exc}") from None
    except StoreError:
        conn.close()
        raise
    store = Store(conn, target)
    if not readonly and store.search_index_stale():
        # The index was built by an older Marsad (fts.INDEX_VERSION): rebuild it from the
        # stored clean text, like a schema migration (a few minutes for a full corpus).
        store.reindex_search(only_if_stale=True)
    return store


def _upgrade_before_reading(target: Path) -> None:
    """Bring an older database to the current schema before a read-only open reads it: the queries
    read the newest columns (a read-only connection cannot migrate).  A file that cannot be
    written is left alone and the version check below names the problem."""
    import os

    from marsad.store.schema import LATEST_VERSION, current_version

    if not target.is_file():
        return
    probe = connect(target, readonly=True)
    try:
        version = current_version(probe)
    except sqlite3.DatabaseError:
        return
    finally:
        probe.close()
    if 0 < version < LATEST_VERSION and os.access(target, os.W_OK) and os.access(target.parent, os.W_OK):
        writer = connect(target)
        try:
            migrate(writer)
        finally:
            writer.close()


__all__ = ["DocumentFilters", "EventFilters", "Filters", "LabelIndex", "QuoteFilters", "Store", "StoreError",
           "open_store"]

