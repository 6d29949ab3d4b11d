"""Quotes across the database: who said what, where and when ("according to whom", the quotes side).

A quote is listed with its speaker (as written, canonical, dictionary id, and the speaker
model's confidence when the learned model chose it), its content as the article wrote it,
direct or indirect, and its document (id, title, outlet, date), newest document first.

Filters:

* ``speaker``: the speaker's name as written or canonical, by whole words after Arabic
  folding, or any name or id of that party in the actor dictionary (as the events' claims
  filter, :mod:`marsad.store.labels`), or the speaker's dictionary id whole (any ASCII case).
  Speaker names are few and repeat, so :class:`SpeakerIndex` folds each distinct one once and
  the filter becomes "name IN (the names that match)", answered by indexes (schema version 9).
* ``q``: text in the quote, after its document's repairs are undone (``الكيـ.ميائية`` is found
  by ``الكيميائية``) and Arabic folding, as a part of the content (``كيميائية`` finds
  ``الكيميائية``).  The full-text index first narrows to the documents holding every word,
  then each of their quotes is checked.
* ``source`` (the outlet, exactly), ``since``/``until`` (the document's publication day),
  ``min_confidence`` (the speaker model's probability; quotes without one are dropped when set).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Any

from marsad.store import fts
from marsad.store.filters import TOP_CHARACTER, check_confidence, check_ingested_since
from marsad.store.labels import MAX_REMEMBERED_ANSWERS, FoldedNames, resolve_claimant, word_form
from marsad.store.tallies import reanalysed_up_to
from marsad.text.normalize import normalize
from marsad.text.tokenize import WORD_RE


@dataclass(frozen=True, slots=True)
class QuoteFilters:
    """What quotes to keep; ``None`` means any.  Values are data, never SQL."""

    speaker: str | None = None
    q: str | None = None
    source: str | None = None
    since: str | None = None
    until: str | None = None
    min_confidence: float | None = None
    ingested_since: str | None = None  # when the article was stored (filters.check_ingested_since)

    def active(self) -> dict[str, Any]:
        return {f.name: value for f in fields(self) if (value := getattr(self, f.name)) is not None}


# The speaker's names the filter looks at, as SQL over the quotes table (alias ``{t}``); each has an
# index (schema version 9).
SPEAKER_COLUMNS = {
    "speaker": "{t}speaker",  # as the article wrote it
    "speaker_canonical": "json_extract({t}record, '$.speaker.canonical')",
}

QUOTE_FROM = " FROM quotes q JOIN documents d ON d.seq = q.doc_seq LEFT JOIN sources s ON s.id = d.source_id"
QUOTE_COLUMNS = (
    "SELECT q.rowid AS rid, q.doc_seq, q.start, q.\"end\", q.speaker, q.speaker_id, q.speaker_confidence, q.content,"
    " q.direct, q.reviewed, q.verdict, q.record, d.id AS document, d.title, d.url, d.published, s.name AS outlet"
)
# Newest document first (undated last), then the document's quotes in their order.
NEWEST_FIRST = " ORDER BY d.published DESC, d.seq DESC, q.rowid"


def _expression(column: str, alias: str = "") -> str:
    return SPEAKER_COLUMNS[column].format(t=f"{alias}." if alias else "")


class SpeakerIndex:
    """The distinct speaker names of the quotes table, each folded to its words once (thread-safe,
    one per database).  Quotes are appended with their document; an analyst's correction writes a
    new speaker into an old row, so reviewed quotes are read again too; a re-analysis replaces a
    document's quotes, so after one every name is read again (the replaced ones' would stay)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen_up_to = 0  # quotes rowid read
        self._reviews_seen_up_to = 0
        self._rewrites_seen = 0  # the last re-analysis seen
        self._names = {column: FoldedNames() for column in SPEAKER_COLUMNS}
        self._answers: dict[tuple[str, str], str] = {}

    def refresh(self, conn: sqlite3.Connection) -> None:
        top = int(conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM quotes").fetchone()[0])
        reviews = int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM reviews").fetchone()[0])
        rewrites = reanalysed_up_to(conn)
        with self._lock:
            if rewrites > self._rewrites_seen:
                self._seen_up_to = self._reviews_seen_up_to = 0
                self._names = {column: FoldedNames() for column in SPEAKER_COLUMNS}
                self._answers = {}
                self._rewrites_seen = rewrites
            if top <= self._seen_up_to and reviews <= self._reviews_seen_up_to:
                return
            for column in SPEAKER_COLUMNS:
                plain, aliased = _expression(column), _expression(column, "q")
                if top > self._seen_up_to:
                    self._add(column, conn.execute(
                        f"SELECT DISTINCT {plain} FROM quotes WHERE rowid > ? AND rowid <= ? AND {plain} IS NOT NULL",
                        (self._seen_up_to, top)))
                if reviews > self._reviews_seen_up_to:
                    self._add(column, conn.execute(
                        f"SELECT DISTINCT {aliased} FROM reviews r JOIN quotes q ON q.doc_seq = r.doc_seq"
                        " WHERE r.kind = 'quote' AND r.id > ? AND r.id <= ?", (self._reviews_seen_up_to, reviews)))
            self._seen_up_to = max(top, self._seen_up_to)
            self._reviews_seen_up_to = max(reviews, self._reviews_seen_up_to)
            self._answers.clear()

    def _add(self, column: str, rows: Iterable[tuple[Any, ...]]) -> None:
        known = self._names[column]
        for (name,) in rows:
            if isinstance(name, str) and name not in known:
                known.add(name, word_form(name))

    def matching_json(self, conn: sqlite3.Connection, column: str, query: str) -> str:
        """The names in ``column`` holding the words of ``query`` or of another name of its party, as JSON."""
        self.refresh(conn)
        needle = normalize(query)
        key = (column, needle)
        with self._lock:
            found = self._answers.get(key)
            if found is None:
                forms = [form for form in map(word_form, resolve_claimant(needle)) if form.strip()]
                found = json.dumps(self._names[column].containing(forms) if forms else [], ensure_ascii=False)
                if len(self._answers) >= MAX_REMEMBERED_ANSWERS:
                    self._answers.clear()
                self._answers[key] = found
            return found


def _where(conn: sqlite3.Connection, filters: QuoteFilters, speakers: SpeakerIndex) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if filters.speaker is not None:
        parts = [f"{_expression(c, 'q')} IN (SELECT value FROM json_each(?))" for c in SPEAKER_COLUMNS]
        clauses.append("(" + " OR ".join([*parts, "q.speaker_id = ? COLLATE NOCASE"]) + ")")
        params += [speakers.matching_json(conn, c, filters.speaker) for c in SPEAKER_COLUMNS]
        params.append(filters.speaker.strip())
    if filters.source is not None:
        clauses.append("s.name = ?")
        params.append(filters.source)
    if filters.since is not None:
        clauses.append("d.published >= ?")
        params.append(filters.since)
    if filters.until is not None:
        clauses.append("d.published <= ?")
        params.append(filters.until + TOP_CHARACTER)
    if filters.ingested_since is not None:
        clauses.append("d.ingested_at >= ?")
        params.append(check_ingested_since(filters.ingested_since))
    if filters.min_confidence is not None:
        # NULL (no model chose the speaker) fails the comparison: a threshold keeps scored speakers only.
        clauses.append("q.speaker_confidence >= ?")
        params.append(check_confidence(filters.min_confidence))
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _and(where_sql: str, clause: str) -> str:
    return where_sql + (" AND " if where_sql else " WHERE ") + clause


def _text_documents(q: str) -> tuple[str, list[str]] | None:
    """The condition "the quote's document holds every word of ``q``" (full-text index), or None
    when ``q`` has no word (then every quote is checked)."""
    words = [match.group() for match in WORD_RE.finditer(q)]
    if not words:
        return None
    # Each word quoted: the user's text is searched for, never read as search syntax (OR, -word).
    expression, _ = fts.match_expression(" ".join(f'"{word}"' for word in words))
    return "q.doc_seq IN (SELECT rowid FROM doc_fts WHERE doc_fts MATCH ?)", [expression]


def _repaired(conn: sqlite3.Connection, row: sqlite3.Row, cache: dict[int, list[tuple[int, int, str]]]) -> str:
    """The quote's content with its document's repairs applied (the words a reader sees)."""
    record = json.loads(row["record"])
    content = record.get("content") if isinstance(record, dict) else None
    text = str(row["content"] or "")
    if not isinstance(content, dict) or not isinstance(content.get("start"), int):
        return text
    start = int(content["start"])
    end = start + len(text)  # the content column is the text of [start, end)
    seq = int(row["doc_seq"])
    if seq not in cache:
        cache[seq] = [(int(r[0]), int(r[1]), str(r[2])) for r in conn.execute(
            'SELECT start, "end", replacement FROM repairs WHERE doc_seq = ? ORDER BY start', (seq,))]
    pieces, at = [], start
    for r_start, r_end, replacement in cache[seq]:
        if r_start < at or r_end > end:
            continue  # outside the content (or overlapping a repair already applied)
        pieces += [text[at - start : r_start - start], replacement]
        at = r_end
    pieces.append(text[at - start :])
    return "".join(pieces)


def quote_rows(
    conn: sqlite3.Connection, filters: QuoteFilters, speakers: SpeakerIndex, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """One page of quotes under ``filters`` (see the module) and how many there are in all."""
    where_sql, params = _where(conn, filters, speakers)
    if filters.q is None:
        total = int(conn.execute(f"SELECT COUNT(*){QUOTE_FROM}{where_sql}", params).fetchone()[0])
        rows = conn.execute(f"{QUOTE_COLUMNS}{QUOTE_FROM}{where_sql}{NEWEST_FIRST} LIMIT ? OFFSET ?",
                            [*params, limit, offset]).fetchall()
        return [_quote_json(conn, r) for r in rows], total
    needle = normalize(filters.q).strip()
    narrowed = _text_documents(filters.q)
    if narrowed is not None:
        where_sql, params = _and(where_sql, narrowed[0]), [*params, *narrowed[1]]
    cache: dict[int, list[tuple[int, int, str]]] = {}
    matched = [r for r in conn.execute(f"{QUOTE_COLUMNS}{QUOTE_FROM}{where_sql}{NEWEST_FIRST}", params)
               if needle in normalize(_repaired(conn, r, cache))]
    return [_quote_json(conn, r) for r in matched[offset : offset + limit]], len(matched)


def _part(record: dict[str, Any], key: str) -> dict[str, Any]:
    found = record.get(key)
    return found if isinstance(found, dict) else {}


def _quote_json(conn: sqlite3.Connection, row: sqlite3.Row) -> dict[str, Any]:
    record = json.loads(row["record"]) if row["record"] else {}
    speaker, content, cue = (_part(record, key) for key in ("speaker", "content", "cue"))
    # Its position among its document's quotes (rowid order), as the review routes name it: i<position>.
    index = int(conn.execute("SELECT COUNT(*) FROM quotes WHERE doc_seq = ? AND rowid < ?",
                             (row["doc_seq"], row["rid"])).fetchone()[0])
    return {
        "id": f"i{index}",
        "index": index,
        "document_id": row["document"],
        "document": row["document"],  # deprecated alias of document_id (round 29), kept for this release
        "title": row["title"],
        "outlet": row["outlet"],
        "published": row["published"],
        "url": row["url"],
        "speaker": row["speaker"],
        "speaker_canonical": speaker.get("canonical"),
        "speaker_id": row["speaker_id"],
        "speaker_confidence": row["speaker_confidence"],
        "speaker_span": [speaker["start"], speaker["end"]] if "start" in speaker and "end" in speaker else None,
        "text": row["content"],
        "text_span": [content["start"], content["end"]] if "start" in content and "end" in content else None,
        "start": row["start"],
        "end": row["end"],
        "direct": bool(row["direct"]),
        "cue": cue.get("text"),
        "chain": list(record.get("chain") or []),
        # Where the text names each link of the chain (round 31; [] for a store filled before).
        "chain_spans": list(record.get("chain_spans") or []),
        "reviewed": bool(row["reviewed"]),
        "verdict": row["verdict"],
    }


__all__ = ["QuoteFilters", "SpeakerIndex", "quote_rows"]
