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
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np

from marsad.document import ANNOTATION_TYPES, Document, Repair
from marsad.store import browse, cluster, events, fts, overview
from marsad.store.db import StoreError, connect, default_db_path
from marsad.store.filters import (
    DOCUMENT_CONDITIONS,
    DOCUMENT_FROM,
    EVENT_FROM,
    DocumentFilters,
    EventFilters,
    Filters,
    where,
)
from marsad.store.highlight import matching_spans
from marsad.store.labels import LabelIndex
from marsad.store.records import annotation_rows, column_names
from marsad.store.schema import migrate
from marsad.text.normalize import normalize
from marsad.text.tokenize import tokens

SNIPPET_CONTEXT = 80  # characters of original text on each side of the first hit


@dataclass(slots=True)
class _Prepared:
    """Everything computed outside the write transaction (keeps the lock short)."""

    id: str
    url: str | None
    source: str | None
    title: str | None
    published: str | None
    record_id: str | None  # Document.source_id: the input record's own id
    text: str
    clean_text: str
    annotations: dict[str, Any]
    rows: dict[str, list[tuple[Any, ...]]]  # the annotation tables' rows (records.ROW_COLUMNS)
    fts_body: str
    fts_stems: str
    signature: np.ndarray


def _prepare(data: dict[str, Any]) -> _Prepared:
    doc_id = data.get("id")
    text = data.get("text")
    if not isinstance(doc_id, str) or not doc_id or not isinstance(text, str):
        raise ValueError("an analysed document needs a string 'id' and 'text'")
    clean_text = data.get("clean_text")
    if not isinstance(clean_text, str):
        clean_text = Document.from_dict(data).clean_text
    annotations: dict[str, Any] = {name: list(data.get(name) or []) for name in ANNOTATION_TYPES}
    annotations["published_detected"] = bool(data.get("published_detected", False))
    body, stems = fts.index_columns(clean_text, data.get("title"))
    return _Prepared(
        id=doc_id,
        url=data.get("url"),
        source=data.get("source"),
        title=data.get("title"),
        published=data.get("published"),
        record_id=data.get("source_id") if isinstance(data.get("source_id"), str) else None,
        text=text,
        clean_text=clean_text,
        annotations=annotations,
        rows=annotation_rows(annotations),
        fts_body=body,
        fts_stems=stems,
        signature=cluster.signature(clean_text),
    )


def _norm_sql(value: object) -> str | None:
    return normalize(value) if isinstance(value, str) else None


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


class Store:
    """A Marsad database.  Open with :func:`open_store`."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
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

    def add_many(self, doc_dicts: Sequence[dict[str, Any]]) -> list[bool]:
        """Store several analysed documents in one transaction; True for each newly stored.

        When this returns, the documents are committed.  Raises ValueError
        (before writing anything) if one of them is not a document.
        """
        prepared = [_prepare(d) for d in doc_dicts]
        return self._write(prepared)

    def data_version(self) -> int:
        """A number that changes whenever another connection commits (``PRAGMA data_version``)."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def has_document(self, doc_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def known_ids(self, doc_ids: Iterable[str]) -> set[str]:
        """Which of these ids are already stored (lets an ingest skip the pipeline for them)."""
        wanted = list(dict.fromkeys(doc_ids))
        found: set[str] = set()
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in self.conn.execute(f"SELECT id FROM documents WHERE id IN ({marks})", chunk))
        return found

    def _write(self, prepared: list[_Prepared]) -> list[bool]:
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            added = [self._insert(p) for p in prepared]
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return added

    def _insert(self, p: _Prepared) -> bool:
        conn = self.conn
        source_id = None
        if p.source:
            conn.execute("INSERT OR IGNORE INTO sources (name) VALUES (?)", (p.source,))
            source_id = conn.execute("SELECT id FROM sources WHERE name = ?", (p.source,)).fetchone()[0]
        events = p.annotations["events"]
        cur = conn.execute(
            "INSERT OR IGNORE INTO documents (id, url, source_id, title, published, text, clean_text, annotations,"
            " n_events, record_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (p.id, p.url, source_id, p.title, p.published, p.text, p.clean_text, _json(p.annotations), len(events),
             p.record_id),
        )
        if cur.rowcount != 1:
            return False
        seq = int(cur.lastrowid or 0)
        rows = p.rows
        for table in ("repairs", "entities", "places", "times"):
            self._insert_rows(table, [(seq, *row) for row in rows[table]])
        quotes = p.annotations["quotes"]
        self._insert_rows("quotes", [(seq, *row, _json(q)) for row, q in zip(rows["quotes"], quotes, strict=True)],
                          extra=("record",))
        self._insert_events(seq, rows["events"], events)
        conn.execute("INSERT INTO doc_fts (rowid, body, stems) VALUES (?, ?, ?)", (seq, p.fts_body, p.fts_stems))
        cluster_id = cluster.assign_cluster(conn, seq, p.signature, p.published)
        conn.execute("UPDATE documents SET cluster_id = ? WHERE seq = ?", (cluster_id, seq))
        return True

    def _insert_rows(self, table: str, rows: list[tuple[Any, ...]], extra: tuple[str, ...] = ()) -> None:
        """Rows of one annotation table (:data:`records.ROW_COLUMNS` order) after ``doc_seq``, then ``extra``."""
        names = ", ".join(f'"{name}"' for name in ("doc_seq", *column_names(table), *extra))
        marks = ", ".join("?" * (1 + len(column_names(table)) + len(extra)))
        self.conn.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)

    def _insert_events(self, seq: int, rows: list[tuple[Any, ...]], events: list[dict[str, Any]]) -> None:
        chain = column_names("events").index("chain")
        self._insert_rows("events", [
            (seq, *row[:chain], _json(row[chain]), *row[chain + 1 :], _json(ev))
            for row, ev in zip(rows, events, strict=True)
        ], extra=("record",))

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
            count = int(conn.execute("SELECT COUNT(*) FROM events").fetchone()[0])
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return count

    # -- search --------------------------------------------------------------------
    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
        """Documents matching every word of ``query`` (normalised, clitics stripped), best first.

        Each result: id, title, url, source, published, cluster_id, score, and a
        snippet of the *original* text with ``highlights`` ([start, end) within
        the snippet) and ``spans`` ([start, end) within the document text).
        Raises :class:`fts.EmptyQueryError` for a query with no word.
        """
        expression, words = fts.match_expression(query)
        rows = self.conn.execute(
            "SELECT d.seq, d.id, d.title, d.url, d.published, d.cluster_id, s.name AS source, f.score, d.text,"
            " d.text != d.clean_text AS repaired"
            " FROM (SELECT rowid, bm25(doc_fts, 1.0, 0.5) AS score FROM doc_fts WHERE doc_fts MATCH ?"
            "       ORDER BY score LIMIT ? OFFSET ?) f"
            " JOIN documents d ON d.seq = f.rowid LEFT JOIN sources s ON s.id = d.source_id ORDER BY f.score",
            (expression, limit, offset),
        ).fetchall()
        forms = fts.query_forms(words)
        results = []
        for row in rows:
            item = {k: row[k] for k in ("id", "title", "url", "source", "published", "cluster_id")}
            item["score"] = -float(row["score"])
            item.update(self._snippet(row["seq"], row["text"], bool(row["repaired"]), forms))
            results.append(item)
        return results

    def count_search(self, query: str) -> int:
        expression, _words = fts.match_expression(query)
        return int(self.conn.execute("SELECT COUNT(*) FROM doc_fts WHERE doc_fts MATCH ?", (expression,)).fetchone()[0])

    def _snippet(self, seq: int, text: str, repaired: bool, forms: set[str]) -> dict[str, Any]:
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
                if fts.word_matches(token.text, forms):
                    start, end = view.to_original(token.start, token.end)
                    spans.append([start, end])
        else:
            spans = matching_spans(text, frozenset(forms))
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
        """Document summaries, newest first: id, title, url, source, published, cluster_id, n_events.

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
        return int(self.conn.execute(f"SELECT COUNT(*){DOCUMENT_FROM}{where_sql}", params).fetchone()[0])

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """The full ``Document.to_dict()`` plus ``cluster`` ({id, size, members}) and ``ingested_at``.

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
        return data

    # -- events --------------------------------------------------------------------
    # ``labels``: a LabelIndex of this database answers actor and place filters from
    # its index instead of normalising every row (same matches; see store.labels).
    @staticmethod
    def _event_where(filters: Filters | None) -> tuple[str, list[Any]]:
        return events.event_where(filters)

    _EVENT_FROM = EVENT_FROM

    def events(
        self, filters: Filters | None = None, limit: int = 100, offset: int = 0, labels: LabelIndex | None = None
    ) -> list[dict[str, Any]]:
        """Event reports (one per event per document, ``idx`` its position there), newest event date first."""
        return events.reports(self.conn, filters, limit, offset, labels)

    def count_events(self, filters: Filters | None = None, labels: LabelIndex | None = None) -> int:
        return events.count_reports(self.conn, filters, labels)

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
        return events.merged(self.conn, filters, limit, offset, labels)

    def count_merged_events(self, filters: Filters | None = None, labels: LabelIndex | None = None) -> int:
        return events.count_merged(self.conn, filters, labels)

    def event_summary(self, filters: Filters | None = None, labels: LabelIndex | None = None) -> dict[str, Any]:
        """Event counts per place and type (a map) and per day and type (a timeline); see :func:`events.summary`."""
        return events.summary(self.conn, filters, labels)

    def event_timeline(self, filters: Filters | None = None, labels: LabelIndex | None = None) -> dict[str, Any]:
        """Reports and articles per publication day, reports per event date; see :func:`overview.timeline`."""
        return overview.timeline(self.conn, filters, labels)

    def event_facets(self, filters: Filters | None = None, labels: LabelIndex | None = None) -> dict[str, Any]:
        """Report counts by type, status, country and outlet; see :func:`overview.facets`."""
        return overview.facets(self.conn, filters, labels)

    # -- places, entities, clusters, stats ----------------------------------------
    def places(self, limit: int = 100, offset: int = 0, country: str | None = None) -> list[dict[str, Any]]:
        """Geocoded places, most mentioned first: place_id, name, country, admin1, lat, lon, precision,
        documents (count) and mentions (count)."""
        return browse.places_by_country(self.conn, country, limit, offset)

    def count_places(self, country: str | None = None) -> int:
        return browse.count_places_by_country(self.conn, country)

    def place_list(
        self, query: str | None = None, country: str | None = None, limit: int = 100, offset: int = 0
    ) -> tuple[list[dict[str, Any]], int]:
        """Places (one per id) whose name contains ``query``, with document, mention and event counts; and the total."""
        return browse.place_list(self.conn, query, country, limit, offset)

    def place_page(self, key: str) -> dict[str, Any] | None:
        """One place (by the ``id`` of :meth:`place_list`) with its documents and event reports."""
        return browse.place_page(self.conn, key)

    def entities(self, type: str | None = None, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Entities by name, most frequent first: name, type, documents, mentions."""
        return browse.entities_by_type(self.conn, type, limit, offset)

    def count_entities(self, type: str | None = None) -> int:
        return browse.count_entities_by_type(self.conn, type)

    def entity_list(
        self, query: str | None = None, type: str | None = None, limit: int = 100, offset: int = 0
    ) -> tuple[list[dict[str, Any]], int]:
        """Entities whose name contains ``query`` (name, type, documents, mentions), most frequent first; the total."""
        return browse.entity_list(self.conn, query, type, limit, offset)

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

    def stats(self) -> dict[str, Any]:
        """Counts of everything stored, the date range and the schema version."""
        one = self.conn.execute
        counts = {
            table: int(one(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
            for table in ("documents", "repairs", "entities", "places", "times", "quotes", "events", "sources")
        }
        counts["clusters"] = int(one("SELECT COUNT(*) FROM clusters WHERE size > 0").fetchone()[0])
        counts["multi_report_clusters"] = self.count_clusters(2)
        counts["merged_events"] = self.count_merged_events()
        first, last = one("SELECT MIN(published), MAX(published) FROM documents").fetchone()
        by_type = {r[0]: r[1] for r in one("SELECT event_type, COUNT(*) FROM events GROUP BY event_type ORDER BY 2 DESC")}
        by_status = {r[0]: r[1] for r in one("SELECT status, COUNT(*) FROM events GROUP BY status ORDER BY 2 DESC")}
        version = int(one("SELECT MAX(version) FROM schema_version").fetchone()[0])
        return {**counts, "published_first": first, "published_last": last, "events_by_type": by_type,
                "events_by_status": by_status, "schema_version": version, "path": str(self.path)}

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


def open_store(path: str | Path | None = None, *, readonly: bool = False) -> Store:
    """Open (creating and migrating if needed) the database at ``path`` or the default location.

    Raises :class:`StoreError` with a one-line message when it cannot.
    """
    target = Path(path) if path is not None else default_db_path()
    conn = connect(target, readonly=readonly)
    try:
        if not readonly:
            migrate(conn)
        else:
            from marsad.store.schema import LATEST_VERSION, current_version

            version = current_version(conn)
            if version == 0 or version > LATEST_VERSION:
                raise StoreError(f"{target} is not a Marsad database of a version this Marsad reads")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{target} is not a usable SQLite database: {exc}") from None
    except StoreError:
        conn.close()
        raise
    return Store(conn, target)


__all__ = ["DocumentFilters", "EventFilters", "Filters", "LabelIndex", "Store", "StoreError", "open_store"]

