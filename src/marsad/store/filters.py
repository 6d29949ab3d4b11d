"""The one set of filters the CLI and the web API pass to the store, and the table that turns them into SQL.

Each filter name maps to one SQL condition over fixed aliases (``e`` events,
``d`` documents, ``s`` sources) and the conversion its value needs before it
is bound.  SQL text is only ever assembled from these fixed fragments, chosen
by which filters are set; every value reaches SQL as a bound parameter.

Name filters (an actor, a place) match a part of the name after Arabic
normalisation (``ادلب`` matches ``إدلب``); the actor filter also matches a
dictionary id of the actor or target whole (``actor:hts``, ``SY``, any ASCII case).  Given a :class:`~marsad.store.labels.LabelIndex`
they become "label IN (the labels that match)", which SQLite answers from an
index without calling back into Python for every row, and a name stands for
every name of the same actor or place (``داعش`` and ``Islamic State``, ``حلب``
and ``Aleppo``; see :mod:`marsad.store.labels`).  The claims filter (``claimed_by``,
"according to whom") is a name filter over the claim source and the attribution chain
that matches whole words (``RT`` is not a part of "Reporters").  The :class:`Store` always
passes one (its own when the caller gives none); without one (no connection to
read labels on), each row's label is normalised in SQL and only the value
itself is looked for.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from marsad.store.fts import EmptyQueryError
from marsad.text.normalize import normalize

if TYPE_CHECKING:
    from marsad.store.labels import LabelIndex

# Sorts after every other character (UTF-8 binary collation), for "starts with" bounds.
TOP_CHARACTER = "\U0010ffff"

EVENT_FROM = " FROM events e JOIN documents d ON d.seq = e.doc_seq LEFT JOIN sources s ON s.id = d.source_id"
EVENT_ONLY_FROM = " FROM events e"
DOCUMENT_FROM = " FROM documents d LEFT JOIN sources s ON s.id = d.source_id"


@dataclass(frozen=True, slots=True)
class Filters:
    """What to keep; ``None`` means "any".  Values are data, never SQL.

    ``actor`` and ``place`` match a part of the name after normalisation (an
    actor also its whole dictionary id); ``since``/``until`` are inclusive ISO
    dates (YYYY-MM-DD); ``source`` is the outlet, exactly.  ``min_confidence``
    keeps events a model scored at least this high (0 to 1): events without a
    score (rule-only output) are kept when it is not set and dropped when it is,
    since a threshold asks for the model's word.  ``claimed_by`` keeps the events a party claims
    or relays (:data:`CLAIM_LABELS`).  Documents are filtered by
    ``source``, ``since``, ``until`` and ``cluster`` only (a document has no type or actor).
    """

    type: str | None = None
    actor: str | None = None
    place: str | None = None
    country: str | None = None
    status: str | None = None
    since: str | None = None
    until: str | None = None
    source: str | None = None
    document: str | None = None
    cluster: int | None = None
    min_confidence: float | None = None
    claimed_by: str | None = None
    # When the article was first stored (``documents.ingested_at``, UTC), not published: "what is new
    # since my last look" (:func:`check_ingested_since`).
    ingested_since: str | None = None
    # Events told by at least this many outlets (store/corroboration.py: the outlets of the event's
    # group; an event in no group counts one).
    min_outlets: int | None = None

    def active(self) -> dict[str, Any]:
        return {f.name: value for f in fields(self) if (value := getattr(self, f.name)) is not None}


# The names the rest of Marsad knew these filters by; the same class.
EventFilters = Filters
DocumentFilters = Filters


def _same(value: Any) -> Any:
    return value


def _upper(value: Any) -> Any:
    # Types (PLOVER) and countries (ISO 3166) are stored upper-case (records.event_row).
    return str(value).upper()


def check_confidence(value: Any) -> float:
    """A confidence threshold as a float from 0 to 1; ValueError with a one-line reason otherwise."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"min_confidence must be a number from 0 to 1, not {value!r}") from None
    if not 0.0 <= number <= 1.0:  # also refuses NaN
        raise ValueError(f"min_confidence must be from 0 to 1, not {value!r}")
    return number


def check_ingested_since(value: Any) -> str:
    """A moment of ``ingested_since``: a day ``YYYY-MM-DD`` (from its start) or a time
    ``YYYY-MM-DDTHH:MM[:SS]`` in UTC, or with its offset (``Z``, ``+03:00``), as the stored
    ``ingested_at`` is written (``2026-11-19T06:00:00Z``); ValueError with a one-line reason otherwise."""
    import datetime as dt

    text = str(value).strip()
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text).isoformat()
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise ValueError(f"{text!r} is not a day or a time: use YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS] (UTC, "
                         "or with its offset: Z, +03:00)") from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def check_outlets(value: Any) -> int:
    """An outlet count as a whole number of at least 1; ValueError with a one-line reason otherwise."""
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValueError(f"min_outlets must be a whole number of at least 1, not {value!r}") from None
    if number < 1:
        raise ValueError(f"min_outlets must be at least 1, not {value!r}")
    return number


def _until_bound(value: Any) -> Any:
    # "The date's first ten characters <= until", written so the date index
    # answers it: every date starting with ``until`` sorts below this bound.
    return str(value) + TOP_CHARACTER


@dataclass(frozen=True, slots=True)
class Condition:
    """One filter as SQL: ``sql`` with one ``?`` per bound value, ``convert`` applied to the value first.

    ``labels`` names the label columns (:data:`LABEL_COLUMNS`) of a name filter,
    matched by normalised substring; ``ids`` the id columns it also matches
    whole, ignoring ASCII case (each has a NOCASE index, schema version 3).
    ``needs_document`` is set when the condition reads ``d`` or ``s`` (an
    events count without it skips the join).
    """

    sql: str = ""
    convert: Callable[[Any], Any] = _same
    labels: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    needs_document: bool = False


# The label columns name filters look at, as SQL expressions over the events
# table (``{t}`` is where a table alias goes); each has an index (schema version 2).
LABEL_COLUMNS: Mapping[str, str] = {
    "actor1": "{t}actor1",
    "actor2": "{t}actor2",
    "location": "{t}location",
    "admin1": "{t}admin1",
    "place_text": "json_extract({t}record, '$.place.text')",  # the place as the article wrote it (بإدلب)
    # Who an event is according to: its claim source's name (canonical when it has one), the
    # source as the article wrote it (روسيا, البيان), and its attribution chain, a JSON list of
    # the parties it came through (["Russian Ministry of Defence", "RT"]).  Indexes: schema version 8.
    "claim_source": "{t}claim_source",
    "claim_text": "json_extract({t}record, '$.source.text')",
    "claim_chain": "{t}chain",
}
# The label columns of the claims filter; they match whole words (store.labels.WORD_COLUMNS).
CLAIM_LABELS = ("claim_source", "claim_text", "claim_chain")


def label_expression(column: str, alias: str = "") -> str:
    return LABEL_COLUMNS[column].format(t=f"{alias}." if alias else "")


EVENT_CONDITIONS: Mapping[str, Condition] = {
    "type": Condition("e.event_type = ?", _upper),
    "actor": Condition(labels=("actor1", "actor2"), ids=("actor1_id", "actor2_id")),
    # The English label, the governorate, or the place as the article wrote it (حلب, بإدلب).
    "place": Condition(labels=("location", "admin1", "place_text")),
    "country": Condition("e.country = ?", _upper),
    "status": Condition("e.status = ?"),
    "since": Condition("e.event_date >= ?"),
    "until": Condition("e.event_date <= ?", _until_bound),
    "source": Condition("s.name = ?", needs_document=True),
    "document": Condition("d.id = ?", needs_document=True),
    "cluster": Condition("d.cluster_id = ?", needs_document=True),
    # NULL (no model score) fails the comparison: a threshold keeps scored events only.
    "min_confidence": Condition("e.confidence >= ?", check_confidence),
    # The claim source (as written or canonical, or a dictionary id naming it) or any party of the chain.
    "claimed_by": Condition(labels=CLAIM_LABELS),
    # A day sorts before every time of that day, so a day keeps the whole day.
    "ingested_since": Condition("d.ingested_at >= ?", check_ingested_since, needs_document=True),
    # An event in no group (told by one article, or not dated to the day) counts one outlet.
    "min_outlets": Condition("COALESCE((SELECT c.outlets FROM corroborations c WHERE c.id = e.corroboration), 1)"
                             " >= ?", check_outlets),
}

DOCUMENT_CONDITIONS: Mapping[str, Condition] = {
    "source": Condition("s.name = ?"),
    "since": Condition("d.published >= ?"),
    "until": Condition("substr(d.published, 1, 10) <= ?"),
    "cluster": Condition("d.cluster_id = ?"),
    "ingested_since": Condition("d.ingested_at >= ?", check_ingested_since),
}


def _label_clause(
    condition: Condition, value: str, labels: LabelIndex | None, conn: sqlite3.Connection | None
) -> tuple[str, list[Any]]:
    id_parts = [f"e.{column} = ? COLLATE NOCASE" for column in condition.ids]
    id_values = [value.strip()] * len(id_parts)
    if labels is None or conn is None:
        needle = normalize(value)
        parts = [f"instr(marsad_norm({label_expression(c, 'e')}), ?) > 0" for c in condition.labels]
        return "(" + " OR ".join(parts + id_parts) + ")", [needle] * len(parts) + id_values
    # One indexed IN-list per column; SQLite answers the OR with a union of index searches.
    parts = [f"{label_expression(c, 'e')} IN (SELECT value FROM json_each(?))" for c in condition.labels]
    values = [labels.matching_json(conn, c, value) for c in condition.labels]
    return "(" + " OR ".join(parts + id_parts) + ")", values + id_values


def where(
    conditions: Mapping[str, Condition],
    filters: Filters | None,
    *,
    labels: LabelIndex | None = None,
    conn: sqlite3.Connection | None = None,
) -> tuple[str, list[Any]]:
    """`` WHERE …`` (or ``""``) and its parameters for the filters set, in the table's order of filters.

    ``labels`` (with the connection it reads new labels on) answers name filters from its index."""
    clauses: list[str] = []
    params: list[Any] = []
    active = filters.active() if filters is not None else {}
    for name, condition in conditions.items():
        if name not in active:
            continue
        value = active[name]
        if condition.labels:
            clause, values = _label_clause(condition, str(value), labels, conn)
        else:
            clause, values = condition.sql, [condition.convert(value)] * condition.sql.count("?")
        clauses.append(clause)
        params += values
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def needs_document(filters: Filters | None) -> bool:
    """Whether an events query under these filters reads the documents or sources table."""
    active = filters.active() if filters is not None else {}
    return any(EVENT_CONDITIONS[name].needs_document for name in active if name in EVENT_CONDITIONS)


__all__ = [
    "CLAIM_LABELS",
    "DOCUMENT_CONDITIONS",
    "EVENT_CONDITIONS",
    "Condition",
    "DocumentFilters",
    "EmptyQueryError",
    "EventFilters",
    "Filters",
    "check_confidence",
    "check_ingested_since",
    "check_outlets",
    "where",
]
