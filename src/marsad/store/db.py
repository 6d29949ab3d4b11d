"""Opening the SQLite database: WAL journal, busy timeout, foreign keys, default location."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import platformdirs

from marsad.errors import MarsadError

# A writer waits this long for another process's transaction before giving up;
# two ingests of overlapping inputs then serialise instead of failing.
BUSY_TIMEOUT_MS = 60_000
DB_ENV = "MARSAD_DB"
READ_MMAP_BYTES = 2**31 - 2**16
WRITE_CACHE_KIB = 16 * 1024  # a writable connection's page cache (the default is 2 MB)  # SQLite's default upper bound on Linux (SQLITE_MAX_MMAP_SIZE)


class StoreError(MarsadError, RuntimeError):
    """A store problem worth a one-line message (bad path, not a Marsad database, ...)."""


def default_db_path() -> Path:
    """``$MARSAD_DB`` when set, else ``marsad.db`` in the user's data directory."""
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("marsad")) / "marsad.db"


def connect(path: str | Path, *, readonly: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode; callers open explicit transactions.

    WAL lets readers (search, the web API) run while an ingest writes, and with
    ``synchronous=NORMAL`` a committed transaction survives a killed process
    (only a power cut can lose the last commits, never corrupt the file).
    """
    path = Path(path)
    if readonly:
        if not path.is_file():
            raise StoreError(f"no database at {path} (run 'marsad ingest' first)")
        uri = path.resolve().as_uri() + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                               check_same_thread=False)
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the directory for {path}: {exc.strerror or exc}") from None
        try:
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                   check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open database {path}: {exc}") from None
    conn.row_factory = sqlite3.Row
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            # The writer's page cache: an ingest updates a dozen indexes, the full-text index and
            # the LSH bands in every transaction; at SQLite's default 2 MB their pages were read
            # back from the file again and again (3,000 stored SaudiNewsNet articles: 1.26 s of
            # system CPU, 0.63 s at 16 MB; 4.49 → 4.18 s of CPU in all).
            conn.execute(f"PRAGMA cache_size = {-WRITE_CACHE_KIB}")
        else:
            # Readers (the API's connections) map the file instead of copying each page they read
            # into their own cache: a document's later columns (story id, counts) lie after its
            # text, on the last of its overflow pages, which every event-to-document join walks
            # (export and event-page queries ~1.4-2x faster on the full SaudiNewsNet store).
            # Safe with WAL (the log is still read, not mapped); capped by SQLite's own maximum.
            conn.execute(f"PRAGMA mmap_size = {READ_MMAP_BYTES}")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{path} is not a usable SQLite database: {exc}") from None
    return conn
