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
    idle: list[float] = []
    results = list(in_workers(PipelineConfig(stages=("boilerplate",)), stage_names_and_slow_length, items, 2,
                              idle=lambda: idle.append(time.monotonic())))
    assert results == [(["boilerplate"], n) for n in range(30)]
    assert idle  # the main process waited for the workers at least once, and was told so first
    assert workers._pipeline is None  # nothing of the workers' is kept in this process afterwards


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


@needs_fork
def test_the_ingest_writes_while_the_workers_analyse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Whenever the main process would wait, it commits what it holds (once IDLE_FLUSH_SECONDS have
    # passed and it holds IDLE_FLUSH_DOCUMENTS): more commits than one batch, each reporting only
    # committed documents.
    monkeypatch.setattr(service, "IDLE_FLUSH_SECONDS", 0.0)
    monkeypatch.setattr(service, "IDLE_FLUSH_DOCUMENTS", 1)
    # Workers slower than the writer, so it waits (forked workers inherit the patched work function).
    monkeypatch.setattr(workers, "START_METHOD", "fork")
    prepare = service._prepare_item

    def slow_prepare(pipeline: PipelineGetter, item: Any) -> Any:
        time.sleep(0.05)
        return prepare(pipeline, item)

    monkeypatch.setattr(service, "_prepare_item", slow_prepare)
    files = [str(p) for p in write_corpus(tmp_path / "in", 40)]
    seen: list[int] = []
    with open_store(tmp_path / "m.db") as store:
        summary = ingest(files, store, PipelineConfig(stages=("boilerplate",)), workers=2,
                         progress=lambda s: seen.append(s.new))
        assert summary.new == 40 and store.count_documents() == 40 and store.check() == []
    assert len(seen) > 2 and seen == sorted(seen) and seen[-1] == 40
