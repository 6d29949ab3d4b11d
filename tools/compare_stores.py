"""Identical database contents: two Marsad stores, table by table, row by row.

    python tools/compare_stores.py ONE.db OTHER.db

For ingests of the same inputs made differently (``--workers 1`` against ``--workers 2``, or two
commits): every table's rows in rowid order (the document ``seq``, the annotation, cluster,
signature and LSH band rows, with every id, span and value), and the full-text index through its
term instances (term, document, column, position), which does not depend on how the index was split
into segments by transactions of different sizes.  Left out: when a row was written (any column whose
default reads the clock, such as ``ingested_at``, ``applied_at`` or ``reviewed_at``, and
``analysed_at``, which the store sets to the clock when it writes an analysis) and the full-text
index's own segment tables.  Prints each table's
row count and whether it matches; exit code 0 when everything matches.
"""

from __future__ import annotations

import argparse
import hashlib
import sqlite3
import sys
from collections.abc import Iterable
from pathlib import Path

# Columns that say when a row was written, not what it holds: those the store fills from the clock
# in code; a column whose default reads the clock is recognised from the schema (see _when_written).
WHEN_WRITTEN = frozenset({"ingested_at", "applied_at", "analysed_at"})


def _when_written(name: str, default: object) -> bool:
    # A two-worker ingest may cross a second boundary the one-worker ingest did not: such a column
    # differs between equal stores.
    return name in WHEN_WRITTEN or (isinstance(default, str) and "'now'" in default)


def _digest(rows: Iterable[tuple[object, ...]]) -> tuple[int, str]:
    digest = hashlib.sha256()
    count = 0
    for row in rows:
        digest.update(repr(row).encode("utf-8"))
        count += 1
    return count, digest.hexdigest()


def digests(path: Path) -> dict[str, tuple[int, str]]:
    """Each table's (row count, digest of its rows), and ``doc_fts terms``: the full-text term instances."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        found: dict[str, tuple[int, str]] = {}
        tables = [row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        for table in tables:
            if table.startswith("doc_fts_"):  # the index's segments: compared through its terms below
                continue
            columns = [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')
                       if not _when_written(row[1], row[4])]
            chosen = ", ".join(f'"{name}"' for name in columns)
            try:
                rows = conn.execute(f'SELECT rowid, {chosen} FROM "{table}" ORDER BY rowid')
            except sqlite3.OperationalError:  # a table without rowid
                rows = conn.execute(f'SELECT {chosen} FROM "{table}" ORDER BY {chosen}')
            found[table] = _digest(rows)
        if "doc_fts" in tables:
            conn.execute("CREATE VIRTUAL TABLE temp.fts_terms USING fts5vocab(main, doc_fts, instance)")
            found["doc_fts terms"] = _digest(conn.execute(
                "SELECT term, doc, col, offset FROM temp.fts_terms ORDER BY term, doc, col, offset"))
        return found
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("one", type=Path)
    parser.add_argument("other", type=Path)
    args = parser.parse_args()
    for path in (args.one, args.other):
        if not path.is_file():
            raise SystemExit(f"compare_stores: no database at {path}")
    try:
        one, other = digests(args.one), digests(args.other)
    except sqlite3.DatabaseError as exc:
        raise SystemExit(f"compare_stores: cannot read a database: {exc}") from None
    same = True
    for table in sorted(one.keys() | other.keys()):
        left, right = one.get(table), other.get(table)
        matches = left == right
        same = same and matches
        counts = " / ".join("missing" if side is None else f"{side[0]:,} rows" for side in (left, right))
        print(f"{table}: {counts}: {'same' if matches else 'DIFFERENT'}")
    print("identical contents" if same else "contents differ")
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
