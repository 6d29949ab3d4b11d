"""Worker processes (``--workers N``): how they start, and the main process's work while they analyse."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from marsad.ingest import ingest, service, workers
from marsad.ingest.workers import PipelineGetter, in_workers, start_method
from marsad.pipeline import Pipeline, PipelineConfig
from marsad.store import open_store
from store_corpus import write_corpus

needs_fork = pytest.mark.skipif("fork" not in __import__("multiprocessing").get_all_start_methods(),
                                reason="the platform cannot fork")


def stage_names_and_slow_length(pipeline: PipelineGetter, item: str) -> tuple[list[str], int]:
    """A work function (module level, so spawned workers find it by name)."""
    time.sleep(0.02)  # slower than the main process, so it waits for results
    return pipeline().names, len(item)


@needs_fork
def test_fork_only_from_a_process_without_other_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "START_METHOD", None)
    if threading.active_count() == 1:
        assert start_method() == "fork"
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        # A forked child would inherit the other thread's locks, never their owner: spawn.
        assert start_method() == "spawn"
    finally:
        release.set()
        other.join()
    monkeypatch.setattr(workers, "START_METHOD", "spawn")
    assert start_method() == "spawn"


@pytest.mark.parametrize("method", [pytest.param("fork", marks=needs_fork), "spawn"])
def test_results_in_input_order_and_idle_calls_while_waiting(method: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "START_METHOD", method)
    items = ["x" * n for n in range(30)]
    idle: list[int | None] = []
    results = list(in_workers(PipelineConfig(stages=("boilerplate",)), stage_names_and_slow_length, items, 2,
                              idle=idle.append))
    assert results == [(["boilerplate"], n) for n in range(30)]
    assert len(idle) > 1  # the main process waited for the workers at least once, and was told so first
    # ... with how many results were still to come once the input was exhausted, and a last call
    # after the last result
    counts = [n for n in idle if n is not None]
    assert counts and counts == sorted(counts, reverse=True) and counts[-1] == 0 and idle[-1] == 0
    assert all(1 <= n <= 30 for n in counts[:-1])
    assert workers._pipeline is None  # nothing of the workers' is kept in this process afterwards


def test_the_last_items_are_dealt_one_at_a_time() -> None:
    dealt = workers._Dealt()
    n = 3 * workers.CHUNKSIZE + workers.TAIL_ITEMS + 3
    chunks = workers._chunks(iter(range(n)), dealt)
    first = next(chunks)
    assert first == list(range(workers.CHUNKSIZE)) and dealt.total is None  # the end is not known yet
    rest = list(chunks)
    assert dealt.total == n
    assert [item for chunk in [first, *rest] for item in chunk] == list(range(n))  # input order, nothing lost
    assert [len(c) for c in rest] == [workers.CHUNKSIZE] * 2 + [1] * (workers.TAIL_ITEMS + 3)
    few = workers._Dealt()
    assert list(workers._chunks(iter(range(3)), few)) == [[0], [1], [2]] and few.total == 3


@needs_fork
def test_forked_workers_share_the_one_pipeline_built_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "START_METHOD", "fork")
    built: list[PipelineConfig] = []
    original = Pipeline.from_config

    def counted(config: PipelineConfig) -> Pipeline:
        built.append(config)
        return original(config)

    monkeypatch.setattr(Pipeline, "from_config", staticmethod(counted))
    files = [str(p) for p in write_corpus(tmp_path / "in", 12)]
    config = PipelineConfig(stages=("boilerplate",))
    with open_store(tmp_path / "one.db") as store:
        one = ingest(files, store, Pipeline.from_config(config))
        expected = store.conn.execute("SELECT id, clean_text, annotations, cluster_id FROM documents ORDER BY seq").fetchall()
    built.clear()
    with open_store(tmp_path / "two.db") as store:
        two = ingest(files, store, config, workers=2)
        got = store.conn.execute("SELECT id, clean_text, annotations, cluster_id FROM documents ORDER BY seq").fetchall()
    assert built == [config]  # built once, here; the forked workers build none
    assert (one.new, two.new) == (12, 12) and got == expected


def _slow_forked_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forked workers (they inherit the patched work function) that analyse more slowly than the main
    process writes, so that it waits for results."""
    monkeypatch.setattr(workers, "START_METHOD", "fork")
    prepare = service._prepare_item

    def slow_prepare(pipeline: PipelineGetter, item: Any) -> Any:
        time.sleep(0.05)
        return prepare(pipeline, item)

    monkeypatch.setattr(service, "_prepare_item", slow_prepare)


@needs_fork
def test_the_ingest_writes_while_the_workers_analyse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Whenever the main process would wait, it commits what it holds (once IDLE_FLUSH_SECONDS have
    # passed and it holds IDLE_FLUSH_DOCUMENTS): more commits than one batch, each reporting only
    # committed documents.
    monkeypatch.setattr(service, "IDLE_FLUSH_SECONDS", 0.0)
    monkeypatch.setattr(service, "IDLE_FLUSH_DOCUMENTS", 1)
    _slow_forked_workers(monkeypatch)
    files = [str(p) for p in write_corpus(tmp_path / "in", 40)]
    seen: list[int] = []
    with open_store(tmp_path / "m.db") as store:
        summary = ingest(files, store, PipelineConfig(stages=("boilerplate",)), workers=2,
                         progress=lambda s: seen.append(s.new))
        assert summary.new == 40 and store.count_documents() == 40 and store.check() == []
    assert len(seen) > 2 and seen == sorted(seen) and seen[-1] == 40


@needs_fork
def test_the_last_results_are_written_before_the_workers_stop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Limits never reached during the run: only the workers' last items make the main process write
    # what it holds, and after the last result it writes the rest before the pool is stopped.
    monkeypatch.setattr(service, "IDLE_FLUSH_DOCUMENTS", 10**6)
    monkeypatch.setattr(service, "ENDING_RESULTS", 8)
    monkeypatch.setattr(service, "ENDING_DOCUMENTS", 1)
    _slow_forked_workers(monkeypatch)
    stopped: list[int] = []
    close = workers._QuietPool.close

    def noted_close(pool: workers._QuietPool) -> None:
        stopped.append(len(seen))
        close(pool)

    monkeypatch.setattr(workers._QuietPool, "close", noted_close)
    files = [str(p) for p in write_corpus(tmp_path / "in", 40)]
    seen: list[int] = []
    with open_store(tmp_path / "m.db") as store:
        summary = ingest(files, store, PipelineConfig(stages=("boilerplate",)), workers=2,
                         batch_seconds=10**6, progress=lambda s: seen.append(s.new))
        assert summary.new == 40 and store.count_documents() == 40 and store.check() == []
    # nothing written while more than ENDING_RESULTS results were to come, then what was held
    assert seen[0] >= 40 - service.ENDING_RESULTS and seen == sorted(seen)
    # one write between the pool's close and the final report: the last documents, not written before
    assert len(stopped) == 1 and stopped[0] == len(seen) - 2 and (stopped[0] == 0 or seen[stopped[0] - 1] < 40)
    # the rest written after the pool was told to close, before the final (empty) flush reports again
    assert seen[-2:] == [40, 40]


def test_when_the_ingest_writes_while_it_waits() -> None:
    due = service.idle_flush_due
    many, few = service.IDLE_FLUSH_DOCUMENTS, service.ENDING_DOCUMENTS
    late, soon = service.IDLE_FLUSH_SECONDS, service.IDLE_FLUSH_SECONDS / 2
    assert not due(0, 0, late)  # nothing held
    # while the input is read, or many results are still to come: a full batch, and not too often
    for remaining in (None, service.ENDING_RESULTS + 1):
        assert due(many, remaining, late)
        assert not due(many - 1, remaining, late) and not due(many, remaining, soon)
    # the workers' last items: a few documents are enough, at any time
    assert due(few, service.ENDING_RESULTS, 0.0) and not due(few - 1, service.ENDING_RESULTS, 0.0)
    # every result in: whatever is held
    assert due(1, 0, 0.0)
