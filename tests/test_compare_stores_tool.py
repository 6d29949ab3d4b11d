"""tools/compare_stores.py: two ingests of the same inputs hold the same rows, whatever the workers."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from compare_stores import digests, main
from marsad.ingest import ingest
from marsad.pipeline import PipelineConfig
from marsad.store import open_store
from store_corpus import write_corpus


def _ingest(files: list[str], db: Path, workers: int) -> None:
    with open_store(db) as store:
        summary = ingest(files, store, PipelineConfig(stages=("boilerplate", "repair")), workers=workers)
    assert summary.new == len(files) - 2  # the two duplicates are stored once


def test_one_worker_and_two_store_the_same_and_a_changed_row_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [str(p) for p in write_corpus(tmp_path / "in", 14, duplicates=2)]
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    _ingest(files, one, 1)
    _ingest(files, two, 2)
    # the second ingest wrote a second later: when rows were written is not what they hold
    conn = sqlite3.connect(two)
    conn.execute("UPDATE documents SET ingested_at = '2031-01-01T00:00:01Z', analysed_at = '2031-01-01T00:00:01Z'")
    conn.commit()
    conn.close()
    found = digests(one)
    assert found["documents"][0] == 14 and found["doc_fts terms"][0] > 14 and "doc_fts_data" not in found
    monkeypatch.setattr("sys.argv", ["compare_stores.py", str(one), str(two)])
    with pytest.raises(SystemExit) as ended:
        main()
    assert ended.value.code == 0 and "identical contents" in capsys.readouterr().out

    conn = sqlite3.connect(two)
    conn.execute("UPDATE documents SET cluster_id = NULL WHERE seq = 3")
    conn.commit()
    conn.close()
    with pytest.raises(SystemExit) as ended:
        main()
    out = capsys.readouterr().out
    assert ended.value.code == 1 and "documents: 14 rows / 14 rows: DIFFERENT" in out and "entities: 0 rows / 0 rows: same" in out


def test_a_column_whose_default_reads_the_clock_is_left_out(tmp_path: Path) -> None:
    def store(path: Path, value: str, at: str) -> Path:
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, value TEXT,"
                     " noted TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))")
        conn.execute("INSERT INTO notes (value, noted) VALUES (?, ?)", (value, at))
        conn.commit()
        conn.close()
        return path

    first = digests(store(tmp_path / "a.db", "kept", "2030-01-01T00:00:00.000Z"))
    assert first == digests(store(tmp_path / "b.db", "kept", "2030-01-01T00:00:01.500Z"))
    assert first != digests(store(tmp_path / "c.db", "changed", "2030-01-01T00:00:00.000Z"))


def test_a_missing_database_is_a_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.argv", ["compare_stores.py", str(tmp_path / "a.db"), str(tmp_path / "b.db")])
    with pytest.raises(SystemExit, match="no database at"):
        main()
