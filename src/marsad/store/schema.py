"""The store's schema as ordered migrations, recorded in ``schema_version``.

A migration is applied inside the same ``BEGIN IMMEDIATE`` transaction that
checks the current version, so two processes opening a new database at once
never apply it twice.  Add a migration by appending to :data:`MIGRATIONS`;
never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from marsad.store import corroboration
from marsad.store.db import StoreError

_V1 = """
CREATE TABLE sources (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL UNIQUE
);

-- A story: near-duplicate and syndicated reports of the same article.
CREATE TABLE clusters (
    id    INTEGER PRIMARY KEY,
    size  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE documents (
    seq          INTEGER PRIMARY KEY,          -- FTS rowid and the key of every child row
    id           TEXT NOT NULL UNIQUE,         -- url:<hash> when the article has a URL, else sha1:<text hash>
    url          TEXT,
    source_id    INTEGER REFERENCES sources(id),
    title        TEXT,
    published    TEXT,
    text         TEXT NOT NULL,
    clean_text   TEXT NOT NULL,
    annotations  TEXT NOT NULL,                -- every annotation list of Document.to_dict(), as JSON
    cluster_id   INTEGER REFERENCES clusters(id),
    n_events     INTEGER NOT NULL DEFAULT 0,
    ingested_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX documents_published ON documents(published);
CREATE INDEX documents_cluster ON documents(cluster_id);
CREATE INDEX documents_source ON documents(source_id);

CREATE TABLE repairs (
    doc_seq      INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    start        INTEGER NOT NULL,
    "end"        INTEGER NOT NULL,
    original     TEXT NOT NULL,
    replacement  TEXT NOT NULL,
    kind         TEXT
);
CREATE INDEX repairs_doc ON repairs(doc_seq);

CREATE TABLE entities (
    doc_seq    INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    text       TEXT NOT NULL,
    type       TEXT NOT NULL,
    canonical  TEXT,
    entity_id  TEXT
);
CREATE INDEX entities_doc ON entities(doc_seq);
CREATE INDEX entities_name ON entities(type, canonical);

CREATE TABLE places (
    doc_seq    INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    place_id   TEXT,
    name       TEXT NOT NULL,
    canonical  TEXT,
    country    TEXT,
    admin1     TEXT,
    lat        REAL,
    lon        REAL,
    precision  INTEGER,
    feature    TEXT,
    mentions   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX places_doc ON places(doc_seq);
CREATE INDEX places_name ON places(canonical, country);

CREATE TABLE times (
    doc_seq      INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    start        INTEGER NOT NULL,
    "end"        INTEGER NOT NULL,
    text         TEXT NOT NULL,
    value        TEXT,
    granularity  TEXT
);
CREATE INDEX times_doc ON times(doc_seq);

CREATE TABLE quotes (
    doc_seq   INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    start     INTEGER NOT NULL,
    "end"     INTEGER NOT NULL,
    speaker   TEXT,
    content   TEXT,
    direct    INTEGER NOT NULL,
    record    TEXT NOT NULL                     -- the full Quote as JSON
);
CREATE INDEX quotes_doc ON quotes(doc_seq);

CREATE TABLE events (
    id             INTEGER PRIMARY KEY,
    doc_seq        INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    idx            INTEGER NOT NULL,            -- position in the document's event list
    event_type     TEXT NOT NULL,
    mode           TEXT,
    actor1         TEXT,
    actor2         TEXT,
    location       TEXT,
    place_id       TEXT,
    country        TEXT,
    admin1         TEXT,
    lat            REAL,
    lon            REAL,
    geo_precision  INTEGER,
    event_date     TEXT,
    status         TEXT NOT NULL,
    claim_source   TEXT,                        -- who the report attributes the event to
    chain          TEXT NOT NULL,               -- JSON list: the attribution chain
    trigger        TEXT,
    fatalities     INTEGER,
    record         TEXT NOT NULL,               -- the full Event as JSON
    UNIQUE (doc_seq, idx)
);
CREATE INDEX events_type ON events(event_type);
CREATE INDEX events_date ON events(event_date);
CREATE INDEX events_country ON events(country);
CREATE INDEX events_doc ON events(doc_seq);

-- Duplicate detection: one MinHash signature per document and its LSH band keys.
CREATE TABLE signatures (
    doc_seq    INTEGER PRIMARY KEY REFERENCES documents(seq) ON DELETE CASCADE,
    signature  BLOB NOT NULL
);
CREATE TABLE lsh_bands (
    band_key   INTEGER NOT NULL,
    doc_seq    INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE
);
CREATE INDEX lsh_bands_key ON lsh_bands(band_key);

-- Full-text index over the repaired, normalised text; rowid = documents.seq.
-- `body` holds the words, `stems` their clitic-stripped readings.
CREATE VIRTUAL TABLE doc_fts USING fts5(body, stems, tokenize = 'unicode61 remove_diacritics 0');
"""

# Version 2: indexes for the event filters of the API and dashboard.  An actor or
# place filter becomes "label IN (the labels whose normalised form matches)", and
# these indexes answer it without reading the whole events table (a full scan
# cost ~100 ms per request on a 27,644-article store).  The place as the article
# wrote it (حلب, بإدلب) is inside the record; an expression index covers it.
_V2 = """
CREATE INDEX IF NOT EXISTS events_actor1 ON events(actor1);
CREATE INDEX IF NOT EXISTS events_actor2 ON events(actor2);
CREATE INDEX IF NOT EXISTS events_location ON events(location);
CREATE INDEX IF NOT EXISTS events_admin1 ON events(admin1);
CREATE INDEX IF NOT EXISTS events_place_text ON events(json_extract(record, '$.place.text'));
-- Pages are newest first: with the date second, a type, status or country filter
-- reads its page straight from the index instead of sorting every match.
DROP INDEX IF EXISTS events_type;
DROP INDEX IF EXISTS events_country;
CREATE INDEX IF NOT EXISTS events_type_date ON events(event_type, event_date);
CREATE INDEX IF NOT EXISTS events_status_date ON events(status, event_date);
CREATE INDEX IF NOT EXISTS events_country_date ON events(country, event_date);
"""

# Version 3: what the learned attribution models add to events and quotes
# (records.ROW_COLUMNS).  Existing rows are filled from their stored record the
# way records.event_row fills new ones, so an upgraded store answers like a
# fresh ingest: a record without the fields (rule-only output, or written
# before the models existed) gets NULL confidence and ids and one mention.
# Ids are matched whole but regardless of ASCII case (``--actor sy``), hence NOCASE indexes.
_V3 = """
ALTER TABLE events ADD COLUMN confidence REAL;
ALTER TABLE events ADD COLUMN event_key TEXT;
ALTER TABLE events ADD COLUMN actor1_id TEXT;
ALTER TABLE events ADD COLUMN actor2_id TEXT;
ALTER TABLE events ADD COLUMN mentions INTEGER;
ALTER TABLE quotes ADD COLUMN speaker_id TEXT;
ALTER TABLE quotes ADD COLUMN speaker_confidence REAL;
UPDATE events SET
    confidence = CASE WHEN json_type(record, '$.confidence') IN ('real', 'integer')
                      THEN json_extract(record, '$.confidence') END,
    event_key = CASE WHEN json_type(record, '$.id') = 'text' AND json_extract(record, '$.id') != ''
                     THEN json_extract(record, '$.id') END,
    actor1_id = CASE WHEN json_type(record, '$.actor.id') = 'text' AND json_extract(record, '$.actor.id') != ''
                     THEN json_extract(record, '$.actor.id') END,
    actor2_id = CASE WHEN json_type(record, '$.target.id') = 'text' AND json_extract(record, '$.target.id') != ''
                     THEN json_extract(record, '$.target.id') END,
    mentions = 1 + CASE WHEN json_type(record, '$.mentions') = 'array'
                        THEN json_array_length(record, '$.mentions') ELSE 0 END;
UPDATE quotes SET
    speaker_id = CASE WHEN json_type(record, '$.speaker.id') = 'text' AND json_extract(record, '$.speaker.id') != ''
                      THEN json_extract(record, '$.speaker.id') END,
    speaker_confidence = CASE WHEN json_type(record, '$.speaker.confidence') IN ('real', 'integer')
                              THEN json_extract(record, '$.speaker.confidence') END
    WHERE json_type(record, '$.speaker') = 'object';
CREATE INDEX IF NOT EXISTS events_actor1_id ON events(actor1_id COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS events_actor2_id ON events(actor2_id COLLATE NOCASE);
-- A threshold's count (and a high, selective threshold's page) read this instead of every event.
CREATE INDEX IF NOT EXISTS events_confidence ON events(confidence);
"""

# Version 4: the input record's own id (``Document.source_id``, e.g. a dataset's article id), so
# a document can be found by the id its producer gave it.  The column is ``record_id`` because
# ``documents.source_id`` already names the outlet (sources.id).  Documents stored before have
# none: only their hashed id was kept.
_V4 = """
ALTER TABLE documents ADD COLUMN record_id TEXT;
CREATE INDEX IF NOT EXISTS documents_record_id ON documents(record_id);
"""

# Version 5: analysts' reviews (store.reviews).  An event or quote judged right or wrong, or
# corrected, keeps its reviewed values in its own row (so filters, counts and exports show them)
# with ``reviewed`` set; every review is one ``reviews`` row with who, when, and the values before
# and after, so the original analysis stays recoverable (it is also kept in documents.annotations).
# ``idx`` is the item's position in its document's event or quote list.  Also an index for the
# sources view.
_V5 = """
CREATE TABLE IF NOT EXISTS reviews (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,                 -- event | quote
    doc_seq      INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    idx          INTEGER NOT NULL,
    verdict      TEXT,                          -- right | wrong | NULL (a correction without a verdict)
    before       TEXT NOT NULL,                 -- JSON object: the reviewed fields before
    after        TEXT NOT NULL,                 -- JSON object: the same fields after
    reviewer     TEXT NOT NULL,
    note         TEXT,
    reviewed_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX IF NOT EXISTS reviews_item ON reviews(kind, doc_seq, idx);
ALTER TABLE events ADD COLUMN reviewed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN verdict TEXT;
ALTER TABLE quotes ADD COLUMN reviewed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE quotes ADD COLUMN verdict TEXT;
-- The sources view (store.sources) counts articles and events per outlet and day from this index
-- alone instead of reading every document row (2 ms instead of 30-50 ms on 5,000 articles).
CREATE INDEX IF NOT EXISTS documents_outlet_day ON documents(source_id, published, n_events);
"""

# Version 6: entity and place lists filtered by name through indexes (store.labels.NameIndexes turns
# a name filter into the list of names that contain it; these indexes look them up) instead of
# normalising every row in SQL: 0.4-0.7 s per /api/entities?q= on 2,000 documents before.  The
# entity index also covers the per-name counts (type, documents); places_key finds one page's places.
_V6 = """
CREATE INDEX IF NOT EXISTS entities_key ON entities(COALESCE(canonical, text), type, doc_seq);
CREATE INDEX IF NOT EXISTS places_label ON places(COALESCE(canonical, name));
CREATE INDEX IF NOT EXISTS places_written ON places(name);
CREATE INDEX IF NOT EXISTS places_key ON places(COALESCE(place_id, COALESCE(canonical, name)), country);
"""

# Version 7: the argument model's probability for the chosen actor and target, as the quotes
# have their speaker's (version 3), so a table or an export can keep only the actors the model is
# sure of.  Filled from the stored record as records.event_row fills new rows; NULL for rule-only
# output and for a role the model left empty.
_V7 = """
ALTER TABLE events ADD COLUMN actor1_confidence REAL;
ALTER TABLE events ADD COLUMN actor2_confidence REAL;
UPDATE events SET
    actor1_confidence = CASE WHEN json_type(record, '$.actor.confidence') IN ('real', 'integer')
                             THEN json_extract(record, '$.actor.confidence') END,
    actor2_confidence = CASE WHEN json_type(record, '$.target.confidence') IN ('real', 'integer')
                             THEN json_extract(record, '$.target.confidence') END;
"""

# Version 8: the claims filter ("according to whom": ``--claimed-by``, ``claimed_by``).  It becomes
# "claim label IN (the labels that match)" over the claim source, the source as written and the
# attribution chain (store.filters.CLAIM_LABELS); these indexes answer it without reading every
# event, and the first also counts the claimants facet.
_V8 = """
CREATE INDEX IF NOT EXISTS events_claim_source ON events(claim_source);
CREATE INDEX IF NOT EXISTS events_claim_text ON events(json_extract(record, '$.source.text'));
CREATE INDEX IF NOT EXISTS events_chain ON events(chain);
"""

# Version 9: the quotes list (store.quotes, ``marsad quotes``, ``/api/quotes``).  A speaker filter
# becomes "name IN (the names that match)" over the speaker as written and its canonical name (in the
# record), or the speaker's dictionary id whole (any ASCII case); these indexes answer it.
_V9 = """
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker);
CREATE INDEX IF NOT EXISTS quotes_speaker_canonical ON quotes(json_extract(record, '$.speaker.canonical'));
CREATE INDEX IF NOT EXISTS quotes_speaker_id ON quotes(speaker_id COLLATE NOCASE);
"""

# Version 10: what analysed each document (store.analysis; made by ingest.provenance): the key of
# the Marsad build and the pipeline's options, the build alone (a document of another build is
# stale: ``marsad stats`` counts them, ``marsad reanalyze`` brings them up to date), the
# description as JSON, and when the analysis was made (``ingested_at`` stays the first storing).
# Documents stored before have none: their analysis is unknown, so they count as stale.  Reviews
# whose item a re-analysis no longer finds are kept in the history, ``detached`` (why, as JSON),
# instead of being applied to whatever item took their position; ``reanalyses`` logs every
# replaced analysis (a running server's tallies count again when it grows).
_V10 = """
ALTER TABLE documents ADD COLUMN analysis_key TEXT;
ALTER TABLE documents ADD COLUMN analysis_build TEXT;
ALTER TABLE documents ADD COLUMN analysis TEXT;
ALTER TABLE documents ADD COLUMN analysed_at TEXT;
CREATE INDEX IF NOT EXISTS documents_analysis ON documents(analysis_build, analysis_key);
ALTER TABLE reviews ADD COLUMN detached TEXT;
CREATE TABLE IF NOT EXISTS reanalyses (
    id           INTEGER PRIMARY KEY,
    doc_seq      INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    before       TEXT,                          -- the analysis key replaced (NULL: unknown)
    after        TEXT NOT NULL,                 -- the new analysis key
    at           TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX IF NOT EXISTS reanalyses_doc ON reanalyses(doc_seq);
"""

# Version 11 (round 36): what an ingest remembers between runs.  ``skipped_entries``: a feed entry that
# gave no document (no text: a title and a link only), by a digest of the entry itself, with its reason,
# when it first and last failed and how often; a later run that meets it unchanged does not report it
# as a new failure (``marsad ingest --retry-skipped`` does).  ``document_versions``: the other texts an
# article was read with after it was stored (its outlet's correction), by a digest of the words, when
# first and last read and from where; the stored text and its analysis stay as they are (offsets never
# move), a version is kept beside it, not analysed.
_V11 = """
CREATE TABLE IF NOT EXISTS skipped_entries (
    key         TEXT PRIMARY KEY,              -- feed-entry:<digest of the entry>
    source      TEXT NOT NULL,                 -- where it was last met (feed#N)
    reason      TEXT NOT NULL,
    first_seen  TEXT NOT NULL,
    last_seen   TEXT NOT NULL,
    times       INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS document_versions (
    id          INTEGER PRIMARY KEY,
    doc_seq     INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    digest      TEXT NOT NULL,                 -- of the words (whitespace folded)
    text        TEXT NOT NULL,
    title       TEXT,
    source      TEXT,                          -- the input or URL it was read from
    first_seen  TEXT NOT NULL,
    last_seen   TEXT NOT NULL,
    UNIQUE (doc_seq, digest)
);
"""

# Version 12 (round 37): corroboration, the events of different articles that tell the same act
# (``store/corroboration.py``): each event row's group, and per group how many documents and outlets
# tell it, which outlets, and who they say claims it.  The stored events are grouped when the
# migration runs (:data:`AFTER`), so an upgraded store answers as one filled by ingest.
_V12 = """
ALTER TABLE events ADD COLUMN corroboration INTEGER;
CREATE INDEX IF NOT EXISTS events_corroboration ON events(corroboration);
CREATE TABLE IF NOT EXISTS corroborations (
    id            INTEGER PRIMARY KEY,
    event_type    TEXT NOT NULL,
    documents     INTEGER NOT NULL DEFAULT 0,  -- distinct documents telling it
    outlets       INTEGER NOT NULL DEFAULT 0,  -- distinct outlets (a document without one counts alone)
    outlet_names  TEXT,                        -- JSON list of the outlets' names
    sources       TEXT                         -- JSON list of the claim sources its reports give
);
"""

# (version, SQL script), in order.
MIGRATIONS: tuple[tuple[int, str], ...] = (
    (1, _V1), (2, _V2), (3, _V3), (4, _V4), (5, _V5), (6, _V6), (7, _V7), (8, _V8), (9, _V9), (10, _V10),
    (11, _V11), (12, _V12),
)
# What a migration computes in Python after its script, in the same transaction (data SQL alone
# cannot derive).
AFTER: dict[int, Callable[[sqlite3.Connection], object]] = {12: corroboration.rebuild}
LATEST_VERSION = MIGRATIONS[-1][0]


def current_version(conn: sqlite3.Connection) -> int:
    row = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if row is None:
        return 0
    found = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(found[0] or 0)


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the database to :data:`LATEST_VERSION`; return the version reached."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"not a usable SQLite database: {exc}") from None
    try:
        other = conn.execute(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchone()[0]
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_version ("
            " version INTEGER PRIMARY KEY,"
            " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))"
        )
        version = current_version(conn)
        if version == 0 and other:
            raise StoreError("this database was not created by Marsad (it has tables but no schema_version)")
        if version > LATEST_VERSION:
            raise StoreError(
                f"database schema version {version} is newer than this Marsad ({LATEST_VERSION}); upgrade Marsad"
            )
        for number, script in MIGRATIONS:
            if number <= version:
                continue
            for statement in _statements(script):
                conn.execute(statement)
            if number in AFTER:
                AFTER[number](conn)
            conn.execute("INSERT INTO schema_version (version) VALUES (?)", (number,))
            version = number
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return version


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (``executescript`` would commit our transaction)."""
    out: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        stripped = line.split("--", 1)[0] if not line.lstrip().startswith("'") else line
        buffer += stripped
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                out.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        out.append(buffer.strip())
    return out
