"""Exports reach the server in chunks of about 64 KB, not one row at a time (a thread hop per item)."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.web.app import DOWNLOAD_CHUNK, _chunked


def test_pieces_are_joined_into_chunks_and_no_byte_is_lost() -> None:
    pieces = [f"row {i},قصف,حلب\n".encode() for i in range(20_000)]
    chunks = list(_chunked(iter(pieces)))
    assert b"".join(chunks) == b"".join(pieces)
    assert all(len(c) >= DOWNLOAD_CHUNK for c in chunks[:-1])
    assert len(chunks) < len(pieces) / 100


def test_an_empty_export_and_a_small_one() -> None:
    assert list(_chunked(iter([]))) == []
    assert list(_chunked(iter([b"\xef\xbb\xbfid\n"]))) == [b"\xef\xbb\xbfid\n"]


# -- the exports' chunks: keyset paging and the flat table computed in SQL ------------------------
def _mixed_dates_db(tmp_path: Path) -> Path:
    """Reports with equal, month-only and missing dates, keyed and unkeyed, over two documents."""
    from marsad.document import Document, Event
    from marsad.store import open_store
    from store_corpus import article

    db = tmp_path / "k.db"
    dates = ["2019-12-11", None, "2019-12-11", "2019-12", "2019", None, "2019-12-11", "2020-01-02", "2019-12"]
    with open_store(db) as store:
        for n in range(2):
            doc = Document(article(40 + n), url=f"https://k{n}.example/a", source=f"k{n}.example",
                           published=f"2019-12-{12 + n}")
            start = doc.text.index("تطورات")
            for i, date in enumerate(dates):
                doc.events.append(Event(
                    type="ASSAULT" if i % 2 else "PROTEST", mode=None,
                    trigger={"start": start, "end": start + 6, "text": "تطورات"},
                    actor={"text": f"فاعل {i}"}, target=None,
                    place={"name": "إدلب", "country": "SY", "lat": 35.93, "lon": 36.63} if i % 3 else None,
                    date=date, status="claimed", source=None,
                    chain=[] if i % 2 else ["المرصد", "الوكالة"], id=f"e{i}" if i % 4 else None,
                    mentions=[{"start": start, "end": start + 6}] * (i % 3),
                ))
            store.add_document(doc)
    return db


def test_export_chunks_in_keyset_order_equal_the_event_pages(tmp_path: Path) -> None:
    from marsad.store import open_store

    db = _mixed_dates_db(tmp_path)
    with open_store(db, readonly=True) as store:
        listed = store.events(limit=500)
        assert len(listed) == 18 and any(r["event_date"] is None for r in listed)
        for size in (1, 2, 5, 18, 100):
            rows, after = [], None
            while True:
                chunk, after = store.event_chunk(after=after, limit=size)
                rows += chunk
                if after is None:
                    break
            assert [r["id"] for r in rows] == [r["id"] for r in listed]


def test_the_flat_table_is_what_report_row_makes_of_each_report(tmp_path: Path) -> None:
    import csv
    import io

    from marsad.store import open_store
    from marsad.store.export import REPORT_COLUMNS, csv_lines, csv_table_lines, report_row

    db = _mixed_dates_db(tmp_path)
    with open_store(db, readonly=True) as store:
        expected = [report_row(r) for r in store.events(limit=500)]
        table: list[tuple[object, ...]] = []
        after = None
        chunks = []
        while True:
            chunk, after = store.event_table_chunk(after=after, limit=4)
            chunks.append(chunk)
            table += chunk
            if after is None:
                break
    assert [dict(zip(REPORT_COLUMNS, row, strict=True)) | {"reviewed": bool(row[REPORT_COLUMNS.index("reviewed")])} for row in table] == expected
    # The CSV written from the chunks is byte for byte the CSV of the rows.
    assert "".join(csv_table_lines(chunks)) == "".join(csv_lines(expected, REPORT_COLUMNS))
    parsed = list(csv.DictReader(io.StringIO("".join(csv_table_lines(chunks)).lstrip("\ufeff"))))
    assert {r["date_precision"] for r in parsed} == {"day", "month", "year", ""}
    assert {r["source_chain"] for r in parsed} == {"", "المرصد > الوكالة"}


def test_parquet_from_the_chunks_holds_the_rows(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    from marsad.store import open_store
    from marsad.store.export import (
        REPORT_COLUMNS,
        report_row,
        write_report_table_parquet,
        write_reports_parquet,
    )

    db = _mixed_dates_db(tmp_path)
    with open_store(db, readonly=True) as store:
        rows = [report_row(r) for r in store.events(limit=500)]
        chunks = []
        after = None
        while True:
            chunk, after = store.event_table_chunk(after=after, limit=7)
            chunks.append(chunk)
            if after is None:
                break
    write_reports_parquet(rows, tmp_path / "rows.parquet")
    assert write_report_table_parquet(chunks, tmp_path / "chunks.parquet") == len(rows)
    before, after_table = pq.read_table(tmp_path / "rows.parquet"), pq.read_table(tmp_path / "chunks.parquet")
    assert before.schema == after_table.schema and before.column_names == list(REPORT_COLUMNS)
    assert before.to_pylist() == after_table.to_pylist()
    write_report_table_parquet(iter([[]]), tmp_path / "empty.parquet")
    assert pq.read_table(tmp_path / "empty.parquet").num_rows == 0


def test_parquet_from_chunks_is_the_same_file_as_from_rows(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow.parquet")
    from marsad.store import open_store
    from marsad.store.export import report_row, report_table_parquet_steps, write_reports_parquet

    with open_store(_mixed_dates_db(tmp_path), readonly=True) as store:
        rows = [report_row(r) for r in store.events(limit=500)]
        chunks, after = [], None
        while True:
            chunk, after = store.event_table_chunk(after=after, limit=7)
            chunks.append(chunk)
            if after is None:
                break
    write_reports_parquet(rows, tmp_path / "rows.parquet", batch_size=4)
    steps = list(report_table_parquet_steps(chunks, tmp_path / "chunks.parquet", batch_size=4))
    assert steps[-1] == len(rows) == 18 and len(steps) == len(chunks) + 1
    assert (tmp_path / "rows.parquet").read_bytes() == (tmp_path / "chunks.parquet").read_bytes()
