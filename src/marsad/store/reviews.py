"""Analysts' reviews of events and quotes: verdicts, corrections and their history.

A review judges one event or quote ``right`` or ``wrong`` and may correct some of
its fields.  The reviewed values are written into the item's own row (and its
``record``), so every filter, count, merge and export shows them, with
``reviewed`` set; the review itself is one ``reviews`` row holding who, when,
and the fields' values before and after.  The analysis as the pipeline made it
stays in ``documents.annotations`` and in the first review's ``before``.

The fields, in the API's words:

* events: ``actor``, ``target``, ``place`` (a name, or None for none; with an
  optional ``*_span`` [start, end) into the document text), ``type``, ``status``;
* quotes: ``speaker`` (with ``speaker_span``), ``direct``.

A name given without a span is looked for in the text (the occurrence nearest
the trigger or cue), so the item keeps offsets whenever the article writes the
name.  Which types and statuses are valid is the caller's to check (the store
knows no vocabulary); spans are checked here, against the text.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping
from typing import Any

from marsad.errors import MarsadError
from marsad.store.records import place_fields

KINDS = ("event", "quote")
VERDICTS = ("right", "wrong")
EVENT_FIELDS = ("actor", "target", "place", "type", "status")
QUOTE_FIELDS = ("speaker", "direct")
NAMED_FIELDS = {"event": ("actor", "target", "place"), "quote": ("speaker",)}
FIELDS = {"event": EVENT_FIELDS, "quote": QUOTE_FIELDS}


class ReviewError(MarsadError, ValueError):
    """A review that cannot be applied as given (unknown field, bad span); the message is for the user."""


class ReviewTargetMissing(MarsadError, LookupError):
    """No stored document, event or quote with the id a review names."""


def fields_of(kind: str) -> tuple[str, ...]:
    """The correctable fields of an item kind, spans included (``actor_span``, …)."""
    named = NAMED_FIELDS[kind]
    return FIELDS[kind] + tuple(f"{name}_span" for name in named)


def _item_position(conn: sqlite3.Connection, kind: str, seq: int, item: str) -> int:
    """The position of the item ``item`` names in its document: an event's key (``e1``, set by the
    learned models), ``i<position>`` or a bare position (from 0)."""
    text = item.strip()
    if kind == "event":
        found = conn.execute("SELECT idx FROM events WHERE doc_seq = ? AND event_key = ? ORDER BY idx LIMIT 1",
                             (seq, text)).fetchone()
        if found is not None:
            return int(found[0])
    digits = text[1:] if text[:1] == "i" else text
    if not digits.isdigit():
        raise ReviewTargetMissing(f"no {kind} {item!r} in this document (give its id, e.g. e1, or i<position>)")
    return int(digits)


def _event_row(conn: sqlite3.Connection, seq: int, idx: int) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute("SELECT rowid AS rid, * FROM events WHERE doc_seq = ? AND idx = ?", (seq, idx)).fetchone()
    return row


def _quote_row(conn: sqlite3.Connection, seq: int, idx: int) -> sqlite3.Row | None:
    # Quotes are stored in their document's order; their position is their rank by rowid.
    return conn.execute("SELECT rowid AS rid, * FROM quotes WHERE doc_seq = ? ORDER BY rowid LIMIT 1 OFFSET ?",
                        (seq, idx)).fetchone() if idx >= 0 else None


def locate(conn: sqlite3.Connection, kind: str, document: str, item: str) -> tuple[int, int]:
    """(doc_seq, position) of the event or quote ``item`` of ``document`` (Marsad's id or the record's own)."""
    if kind not in KINDS:
        raise ReviewError(f"{kind!r} is not one of {', '.join(KINDS)}")
    row = conn.execute("SELECT seq FROM documents WHERE id = ?", (document,)).fetchone()
    if row is None:
        row = conn.execute("SELECT seq FROM documents WHERE record_id = ? ORDER BY seq LIMIT 1", (document,)).fetchone()
    if row is None:
        raise ReviewTargetMissing(f"no document {document!r}")
    seq = int(row[0])
    idx = _item_position(conn, kind, seq, item)
    found = _event_row(conn, seq, idx) if kind == "event" else _quote_row(conn, seq, idx)
    if found is None:
        raise ReviewTargetMissing(f"no {kind} {item!r} in document {document!r}")
    return seq, idx


def _span_of(part: Any) -> list[int] | None:
    if isinstance(part, dict) and isinstance(part.get("start"), int) and isinstance(part.get("end"), int):
        return [int(part["start"]), int(part["end"])]
    return None


def _name_of(part: Any) -> str | None:
    if isinstance(part, dict):
        for key in ("canonical", "name", "text"):
            if isinstance(part.get(key), str) and part[key]:
                return str(part[key])
    return part if isinstance(part, str) and part else None


def current(kind: str, row: sqlite3.Row) -> dict[str, Any]:
    """The reviewable fields of a stored item as the API names them."""
    record: dict[str, Any] = json.loads(row["record"]) if row["record"] else {}
    if kind == "event":
        return {"actor": row["actor1"], "actor_span": _span_of(record.get("actor")),
                "target": row["actor2"], "target_span": _span_of(record.get("target")),
                "place": row["location"], "place_span": _span_of(record.get("place")),
                "type": row["event_type"], "status": row["status"],
                "verdict": row["verdict"], "reviewed": bool(row["reviewed"])}
    return {"speaker": row["speaker"], "speaker_span": _span_of(record.get("speaker")),
            "direct": bool(row["direct"]), "verdict": row["verdict"], "reviewed": bool(row["reviewed"])}


def _check_span(value: Any, text: str, what: str) -> list[int] | None:
    if value is None:
        return None
    ok = (isinstance(value, list | tuple) and len(value) == 2
          and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
          and 0 <= value[0] < value[1] <= len(text))
    if not ok:
        raise ReviewError(f"{what}: {value!r} is not a [start, end) span of the document text (0 to {len(text)})")
    return [int(value[0]), int(value[1])]


def find_name(text: str, name: str, near: int) -> list[int] | None:
    """The occurrence of ``name`` in ``text`` nearest the offset ``near``, or None."""
    best: list[int] | None = None
    start = text.find(name)
    while start >= 0:
        if best is None or abs(start - near) < abs(best[0] - near):
            best = [start, start + len(name)]
        start = text.find(name, start + 1)
    return best


def resolve(kind: str, corrections: Mapping[str, Any], text: str, anchor: int) -> dict[str, Any]:
    """The corrections with every named field's span set: the span given (checked against ``text``),
    else the name's occurrence nearest ``anchor`` (the trigger or cue), else None."""
    allowed = fields_of(kind)
    unknown = sorted(set(corrections) - set(allowed))
    if unknown:
        raise ReviewError(f"cannot correct {', '.join(unknown)} of a {kind}; fields: {', '.join(allowed)}")
    out: dict[str, Any] = {}
    for name in FIELDS[kind]:
        if name in corrections:
            value = corrections[name]
            if isinstance(value, str):
                value = value.strip() or None
            out[name] = value
    for name in NAMED_FIELDS[kind]:
        span_key = f"{name}_span"
        if span_key in corrections:
            span = _check_span(corrections[span_key], text, span_key)
            out[span_key] = span
            if span is not None and out.get(name) is None and name not in corrections:
                out[name] = text[span[0]:span[1]]  # a span alone names what it covers
        elif name in out:
            value = out[name]
            out[span_key] = find_name(text, value, anchor) if isinstance(value, str) else None
    return out


def _part(name: str | None, span: list[int] | None, text: str) -> dict[str, Any] | None:
    if name is None:
        return None
    part: dict[str, Any] = {"text": text[span[0]:span[1]] if span else name, "canonical": name, "reviewed": True}
    if span is not None:
        part["start"], part["end"] = span
    return part


def apply(conn: sqlite3.Connection, kind: str, seq: int, idx: int, changes: Mapping[str, Any],
          verdict: str | None) -> None:
    """Write resolved changes (:func:`resolve`) and the verdict into the item's row and record."""
    row = _event_row(conn, seq, idx) if kind == "event" else _quote_row(conn, seq, idx)
    if row is None:
        return  # the item is gone (its document re-analysed to fewer items): nothing to apply
    text, annotations = conn.execute("SELECT text, annotations FROM documents WHERE seq = ?", (seq,)).fetchone()
    record: dict[str, Any] = json.loads(row["record"]) if row["record"] else {}
    sets: dict[str, Any] = {"reviewed": 1}
    if verdict is not None:
        sets["verdict"] = verdict
    if kind == "event":
        for name, column in (("actor", "actor1"), ("target", "actor2")):
            if name in changes:
                value = changes[name]
                sets[column] = value
                # The analyst's name is neither a dictionary id nor the model's choice: keep the id and
                # the model's probability only when the name is unchanged.
                if value != row[column]:
                    sets[f"{column}_id"] = sets[f"{column}_confidence"] = None
                record[name] = _part(value, changes.get(f"{name}_span"), text)
        if "type" in changes:
            sets["event_type"] = record["type"] = str(changes["type"]).upper()
        if "status" in changes:
            sets["status"] = record["status"] = str(changes["status"]).lower()
        if "place" in changes:
            value = changes["place"]
            place = _part(value, changes.get("place_span"), text)
            doc_places = list(json.loads(annotations).get("places") or [])
            # The document's geocoded place of that name gives the point; another name has none.
            fields = place_fields(place, doc_places) if place is not None else place_fields(None, [])
            fields["location"] = value
            sets.update(fields)
            if place is not None:
                place.update({"name": value, "id": fields["place_id"], "lat": fields["lat"], "lon": fields["lon"],
                              "country": fields["country"]})
            record["place"] = place
        sets["record"] = json.dumps(record, ensure_ascii=False)
        table = "events"
    else:
        if "speaker" in changes:
            value = changes["speaker"]
            sets["speaker"] = value
            if value != row["speaker"]:
                sets["speaker_id"] = sets["speaker_confidence"] = None
            record["speaker"] = _part(value, changes.get("speaker_span"), text)
        if "direct" in changes:
            sets["direct"] = record["direct"] = bool(changes["direct"])
        sets["record"] = json.dumps(record, ensure_ascii=False)
        table = "quotes"
    assignments = ", ".join(f'"{column}" = ?' for column in sets)
    conn.execute(f"UPDATE {table} SET {assignments} WHERE rowid = ?", [*sets.values(), row["rid"]])


def review(conn: sqlite3.Connection, kind: str, document: str, item: str, *, verdict: str | None,
           corrections: Mapping[str, Any], reviewer: str, note: str | None = None) -> dict[str, Any]:
    """Apply one review in one transaction and record it; returns the history entry (:func:`history`)."""
    if verdict is not None and verdict not in VERDICTS:
        raise ReviewError(f"verdict {verdict!r} is not one of {', '.join(VERDICTS)}")
    if verdict is None and not corrections:
        raise ReviewError("a review needs a verdict (right or wrong) or at least one correction")
    if not reviewer.strip():
        raise ReviewError("a review needs the reviewer's name")
    conn.execute("BEGIN IMMEDIATE")
    try:
        seq, idx = locate(conn, kind, document, item)
        row = _event_row(conn, seq, idx) if kind == "event" else _quote_row(conn, seq, idx)
        assert row is not None  # located in this transaction
        record = json.loads(row["record"]) if row["record"] else {}
        anchor_part = record.get("trigger") if kind == "event" else record.get("cue")
        anchor = _span_of(anchor_part) or [int(row["start"]) if kind == "quote" else 0, 0]
        text = str(conn.execute("SELECT text FROM documents WHERE seq = ?", (seq,)).fetchone()[0])
        changes = resolve(kind, corrections, text, anchor[0])
        now = current(kind, row)
        before = {name: now[name] for name in changes} | {"verdict": now["verdict"], "reviewed": now["reviewed"]}
        after_verdict = verdict if verdict is not None else now["verdict"]
        after = dict(changes) | {"verdict": after_verdict, "reviewed": True}
        apply(conn, kind, seq, idx, changes, verdict)
        cur = conn.execute(
            "INSERT INTO reviews (kind, doc_seq, idx, verdict, before, after, reviewer, note) VALUES (?,?,?,?,?,?,?,?)",
            (kind, seq, idx, verdict, json.dumps(before, ensure_ascii=False), json.dumps(after, ensure_ascii=False),
             reviewer.strip(), note),
        )
        review_id = int(cur.lastrowid or 0)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return _entries(conn, " WHERE r.id = ?", [review_id])[0]


_HISTORY = (
    "SELECT r.id, r.kind, d.id AS document, r.idx, r.verdict, r.before, r.after, r.reviewer, r.note, r.reviewed_at,"
    " r.detached FROM reviews r JOIN documents d ON d.seq = r.doc_seq"
)


def _entries(conn: sqlite3.Connection, where_sql: str, params: list[Any], tail: str = " ORDER BY r.id") \
        -> list[dict[str, Any]]:
    out = []
    for r in conn.execute(_HISTORY + where_sql + tail, params):
        entry = dict(r)
        entry["document_id"] = entry["document"]  # the contract's name; ``document`` is its deprecated alias
        entry["before"] = json.loads(entry["before"])
        entry["after"] = json.loads(entry["after"])
        # A review a re-analysis detached from its item (carry_over) says so; the others are as before.
        detached = entry.pop("detached")
        if detached is not None:
            entry["detached"] = json.loads(detached)
        out.append(entry)
    return out


def history(conn: sqlite3.Connection, kind: str, document: str, item: str) -> list[dict[str, Any]]:
    """Every review of one item, oldest first: id, kind, document, idx, verdict, before, after,
    reviewer, note, reviewed_at."""
    seq, idx = locate(conn, kind, document, item)
    return _entries(conn, " WHERE r.kind = ? AND r.doc_seq = ? AND r.idx = ? AND r.detached IS NULL",
                    [kind, seq, idx])


def recent(conn: sqlite3.Connection, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    """Reviews of every item, newest first, and how many there are."""
    total = int(conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0])
    return _entries(conn, "", [], f" ORDER BY r.id DESC LIMIT {int(limit)} OFFSET {int(offset)}"), total


def reviewed_items(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every reviewed event and quote as stored now (reviewed values), with its document id and
    the reviewers' names, in document order (for ``marsad export-gold``)."""
    out: list[dict[str, Any]] = []
    for kind, table in (("event", "events"), ("quote", "quotes")):
        order = "e.idx" if kind == "event" else "e.rowid"
        rows = conn.execute(
            f"SELECT e.rowid AS rid, e.*, d.id AS document, d.seq AS seq FROM {table} e"
            f" JOIN documents d ON d.seq = e.doc_seq WHERE e.reviewed = 1 ORDER BY d.seq, {order}"
        ).fetchall()
        for row in rows:
            item = dict(row)
            item["kind"] = kind
            item["record"] = json.loads(row["record"]) if row["record"] else {}
            if kind == "quote":
                position = conn.execute("SELECT COUNT(*) FROM quotes WHERE doc_seq = ? AND rowid < ?",
                                        (row["seq"], row["rid"])).fetchone()[0]
                item["idx"] = int(position)
            item["reviewers"] = [r[0] for r in conn.execute(
                "SELECT DISTINCT reviewer FROM reviews WHERE kind = ? AND doc_seq = ? AND idx = ? AND detached IS NULL"
                " ORDER BY id",
                (kind, row["seq"], item["idx"]))]
            out.append(item)
    return out


def replay(conn: sqlite3.Connection, seq: int | None = None) -> int:
    """Apply every recorded review again (of document ``seq`` only, when given), oldest first (after
    the events table is rebuilt, or a document re-analysed); detached reviews have no item."""
    count = 0
    where_sql, params = (" AND doc_seq = ?", [seq]) if seq is not None else ("", [])
    for kind, seq, idx, verdict, after in conn.execute(
        f"SELECT kind, doc_seq, idx, verdict, after FROM reviews WHERE detached IS NULL{where_sql} ORDER BY id",
        params,
    ).fetchall():
        changes = {k: v for k, v in json.loads(after).items() if k not in ("verdict", "reviewed")}
        apply(conn, kind, seq, idx, changes, verdict)
        count += 1
    return count


def _identity(kind: str, item: Any) -> tuple[Any, ...] | None:
    """What names an item across analyses of one text: an event's trigger span (and type), a quote's span
    (and its cue's); None for an item without offsets."""
    if not isinstance(item, dict):
        return None
    if kind == "event":
        span = _span_of(item.get("trigger"))
        return (tuple(span), str(item.get("type") or "").upper()) if span else None
    span = _span_of(item)
    return (tuple(span), tuple(_span_of(item.get("cue")) or ())) if span else None


def _new_position(kind: str, old: Any, new_items: list[Any], taken: set[int]) -> int | None:
    """The position among ``new_items`` of the item ``old`` was: the same identity (:func:`_identity`),
    else (events) the same trigger span with another type, else (quotes) the same span or the same cue."""
    wanted = _identity(kind, old)
    if wanted is None:
        return None
    found = [_identity(kind, item) for item in new_items]
    for loose in (False, True):
        for position, identity in enumerate(found):
            if position in taken or identity is None:
                continue
            same = identity == wanted if not loose else (
                identity[0] == wanted[0] or (kind == "quote" and bool(wanted[1]) and identity[1] == wanted[1]))
            if same:
                return position
    return None


def carry_over(conn: sqlite3.Connection, seq: int, old_annotations: Callable[[], Mapping[str, Any]],
               new_annotations: Callable[[], Mapping[str, Any]]) -> tuple[int, list[dict[str, Any]]]:
    """After document ``seq`` is re-analysed (``old_annotations``, ``new_annotations``: its annotations
    before and after, read only when it has reviews; its new rows already written), move each review to the position of its item in the new analysis and
    apply the reviews again; a review whose item is not found (:func:`_new_position`) is detached: kept
    in the history with why, applied to nothing.  Returns how many reviews apply and the detached ones
    ({review, kind, document_id, item, text, span, reason}).  Runs in the caller's transaction."""
    rows = conn.execute("SELECT id, kind, idx FROM reviews WHERE doc_seq = ? AND detached IS NULL ORDER BY id",
                        (seq,)).fetchall()
    if not rows:
        return 0, []
    old, new = old_annotations(), new_annotations()
    lists = {kind: (list(old.get(kind + "s") or []), list(new.get(kind + "s") or [])) for kind in KINDS}
    moved: dict[tuple[str, int], int | None] = {}
    taken: dict[str, set[int]] = {kind: set() for kind in KINDS}
    for _review, kind, idx in rows:
        if (kind, idx) not in moved:
            before, after = lists[kind]
            item = before[idx] if 0 <= idx < len(before) else None
            position = _new_position(kind, item, after, taken[kind])
            if position is not None:
                taken[kind].add(position)
            moved[(kind, idx)] = position
    document = str(conn.execute("SELECT id FROM documents WHERE seq = ?", (seq,)).fetchone()[0])
    kept = 0
    detached: list[dict[str, Any]] = []
    for review_id, kind, idx in rows:
        position = moved[(kind, idx)]
        if position is not None:
            conn.execute("UPDATE reviews SET idx = ? WHERE id = ?", (position, review_id))
            kept += 1
            continue
        before = lists[kind][0]
        item = before[idx] if 0 <= idx < len(before) else {}
        part = item.get("trigger") if kind == "event" else item
        span = _span_of(part)
        text = part.get("text") if isinstance(part, dict) and kind == "event" else None
        reason = (f"the re-analysis has no {kind} at {span[0]}-{span[1]}" if span
                  else f"the {kind} has no offsets to find again")
        entry = {"review": int(review_id), "kind": kind, "document_id": document, "item": int(idx), "text": text,
                 "span": span, "reason": reason}
        conn.execute("UPDATE reviews SET detached = ? WHERE id = ?", (json.dumps(entry, ensure_ascii=False), review_id))
        detached.append(entry)
    replay(conn, seq)
    return kept, detached
