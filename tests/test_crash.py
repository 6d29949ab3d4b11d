"""Crash safety and concurrency: SIGKILL at random points, and overlapping ingests at once.

Each trial forks a child process that ingests the corpus, kills it with SIGKILL after a
random delay, checks the database is consistent and holds at least every
document the child reported as stored, then completes the ingest and checks
that exactly the expected documents are stored, once each.
"""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

import pytest

from marsad.ingest import ingest
from marsad.pipeline import Pipeline
from marsad.readers import read_inputs
from marsad.store import open_store
from store_corpus import write_corpus

TRIALS = 20
ARTICLES = 50
COPIES = 5


def _child_ingest(db: Path, files: list[Path], report: int) -> None:
    """The child's work: one document per transaction, writing the running count of stored
    documents to ``report`` after each commit (what a user would have been told)."""
    with open_store(db) as store:
        summary = ingest([str(f) for f in files], store, Pipeline.build(["boilerplate"]), batch_size=1,
                         progress=lambda s: os.write(report, f"stored {s.new}\n".encode()))
    os.write(report, f"done {summary.new} {summary.unchanged} {len(summary.failed)}\n".encode())


def _fork_ingest(db: Path, files: list[Path]) -> tuple[int, int]:
    """Start an ingest in a forked child (fast: no interpreter start-up); return (pid, report fd)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child never returns into pytest
        code = 0
        try:
            os.close(read_end)
            _child_ingest(db, files, write_end)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    return pid, read_end


def _first_line(read_end: int) -> str:
    """Block until the child reports its first line (its first stored document)."""
    buf = b""
    while not buf.endswith(b"\n"):
        chunk = os.read(read_end, 1)
        if not chunk:
            break
        buf += chunk
    return buf.decode().strip()


def _collect(pid: int, read_end: int) -> tuple[int, list[str]]:
    chunks = []
    while chunk := os.read(read_end, 65536):
        chunks.append(chunk)
    os.close(read_end)
    _pid, status = os.waitpid(pid, 0)
    return status, b"".join(chunks).decode().splitlines()


def _expected_ids(files: list[Path]) -> set[str]:
    return {item.id for item in read_inputs([str(f) for f in files]) if hasattr(item, "id")}


def _assert_consistent(db: Path) -> int:
    with open_store(db) as store:
        assert store.check() == []
        distinct = store.conn.execute("SELECT COUNT(DISTINCT text) FROM documents").fetchone()[0]
        count = store.count_documents()
        assert distinct == count, "the same article was stored twice"
        return count


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_corpus(tmp_path_factory.mktemp("corpus"), ARTICLES, duplicates=COPIES)


def test_sigkill_at_random_points_never_loses_or_duplicates(tmp_path: Path, corpus: list[Path]) -> None:
    expected = _expected_ids(corpus)
    assert len(expected) == ARTICLES
    rng = random.Random(20191212)
    pipeline = Pipeline.build(["boilerplate"])
    # Calibrate: kills are drawn over the time one uninterrupted child ingest takes from its
    # first stored document to its end on this machine (start-up varies most on a busy
    # machine and is left out), so they land mid-ingest on fast and slow machines alike.
    pid, report = _fork_ingest(tmp_path / "calibration.db", corpus)
    _first_line(report)
    started = time.perf_counter()
    status, _lines = _collect(pid, report)
    window = time.perf_counter() - started
    assert status == 0
    killed_mid_way = 0
    for trial in range(TRIALS):
        db = tmp_path / f"trial-{trial}.db"
        pid, report = _fork_ingest(db, corpus)
        first = _first_line(report)
        time.sleep(rng.uniform(0.0, 0.9) * window)
        os.kill(pid, signal.SIGKILL)
        _status, lines = _collect(pid, report)
        lines = [first, *lines]
        reported = [int(line.split()[1]) for line in lines if line.startswith("stored ")]
        stored = _assert_consistent(db)
        assert stored >= (reported[-1] if reported else 0), "a document reported as stored was lost"
        if 0 < stored < ARTICLES:
            killed_mid_way += 1
        with open_store(db) as store:
            summary = ingest([str(p) for p in corpus], store, pipeline)
            assert summary.failed == []
            assert summary.new == ARTICLES - stored
        assert _assert_consistent(db) == ARTICLES
        with open_store(db) as store:
            assert {r[0] for r in store.conn.execute("SELECT id FROM documents")} == expected
    # The random delays must actually interrupt ingests, or the test proves nothing.
    assert killed_mid_way >= TRIALS // 4, f"only {killed_mid_way} kills landed mid-ingest"


def test_concurrent_overlapping_ingests_store_each_document_once(tmp_path: Path, corpus: list[Path]) -> None:
    articles = sorted(p for p in corpus if p.name.startswith("article-"))
    first, second = articles[: 2 * ARTICLES // 3], articles[ARTICLES // 3 :]
    db = tmp_path / "shared.db"
    open_store(db).close()  # both children find the schema in place, as in normal use
    children = [_fork_ingest(db, first), _fork_ingest(db, list(reversed(second)))]
    outputs = [_collect(pid, report) for pid, report in children]
    assert [status for status, _ in outputs] == [0, 0]
    done = [line.split() for _, lines in outputs for line in lines if line.startswith("done")]
    assert sum(int(d[1]) for d in done) == ARTICLES  # every article is new for exactly one of them
    assert _assert_consistent(db) == ARTICLES
