"""Ingest: sources → readers → pipeline → store, in small committed batches.

The CLI, the web API and the Spark loader all call :func:`ingest`.  A document
is counted as ``new`` only after the transaction that stored it has committed,
so killing the process at any moment loses nothing already reported and
leaves the database consistent (SQLite WAL + one transaction per batch).  A
document whose id is already stored is skipped before the pipeline runs, which
makes a re-run after a crash cheap; ``INSERT OR IGNORE`` on the id keeps two
concurrent ingests of overlapping inputs from storing anything twice.

Analysis is described by a :class:`~marsad.pipeline.PipelineConfig`: worker
processes receive the config and build their own pipeline once; a pipeline is
built in this process only when this process analyses (one worker) and only
when a document needs it (loading Spark output needs none).
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from marsad.document import Document
from marsad.ingest.spark_load import LoadFailure, is_parquet_source, read_analysed
from marsad.pipeline import Pipeline, PipelineConfig, check_config
from marsad.readers import ReadFailure, read_inputs
from marsad.store.queries import Store

BATCH_SIZE = 32
BATCH_SECONDS = 1.0  # commit at least this often so progress is visible and little work is at risk


@dataclass(slots=True)
class IngestSummary:
    new: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    seconds: float = 0.0

    @property
    def documents(self) -> int:
        return self.new + self.unchanged + len(self.failed)

    @property
    def per_second(self) -> float:
        return self.documents / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "new": self.new,
            "unchanged": self.unchanged,
            "failed": [{"source": s, "reason": r} for s, r in self.failed],
            "seconds": round(self.seconds, 3),
            "documents_per_second": round(self.per_second, 2),
        }


ProgressCallback = Callable[[IngestSummary], None]


_Failure = LoadFailure  # why a source (or one of its records) could not be read or analysed
_Item = dict[str, Any] | _Failure  # an analysed document dict, or why a source failed


# -- reading -----------------------------------------------------------------------------
class _Analysed:
    """A document dict that is already analysed (from Parquet): skip the pipeline."""

    __slots__ = ("data",)

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data


def _read_sources(
    sources: Sequence[str], *, published: str | None, allow_private: bool, allow_networks: Sequence[str] = ()
) -> Iterator[Document | _Analysed | _Failure]:
    plain: list[str] = []
    for source in sources:
        if is_parquet_source(source):
            if plain:
                yield from _read_plain(plain, published, allow_private, allow_networks)
                plain = []
            for item in read_analysed(source):
                yield item if isinstance(item, _Failure) else _Analysed(item)
        else:
            plain.append(source)
    if plain:
        yield from _read_plain(plain, published, allow_private, allow_networks)


def _read_plain(
    paths: list[str], published: str | None, allow_private: bool, allow_networks: Sequence[str]
) -> Iterator[Document | _Failure]:
    for item in read_inputs(paths, published=published, allow_private=allow_private, allow_networks=allow_networks):
        yield _Failure(item.source, item.reason) if isinstance(item, ReadFailure) else item


# -- analysing ---------------------------------------------------------------------------
_worker_pipeline: Pipeline | None = None


def _init_worker(config: PipelineConfig) -> None:
    """Pool initializer: each worker process builds the pipeline once, from the picklable config."""
    global _worker_pipeline
    _worker_pipeline = Pipeline.from_config(config)


def _analyse_or_pass(item: Document | _Item) -> _Item:
    if not isinstance(item, Document):
        return item
    assert _worker_pipeline is not None
    return _analyse(_worker_pipeline, item)


def _analyse(pipeline: Pipeline, doc: Document) -> dict[str, Any] | _Failure:
    try:
        return pipeline(doc).to_dict()
    except Exception as exc:  # the pipeline isolates stage errors; this guards the rest
        return _Failure(doc.source or doc.id, f"analysis failed: {type(exc).__name__}: {exc}")


class _LocalAnalysis:
    """The pipeline of this process: the one given, or built from the config on first use."""

    def __init__(self, pipeline: Pipeline | PipelineConfig) -> None:
        self._pipeline = pipeline if isinstance(pipeline, Pipeline) else None
        self._config = pipeline if isinstance(pipeline, PipelineConfig) else None

    def __call__(self, doc: Document) -> dict[str, Any] | _Failure:
        if self._pipeline is None:
            assert self._config is not None
            self._pipeline = Pipeline.from_config(self._config)
        return _analyse(self._pipeline, doc)


# -- the loop ------------------------------------------------------------------------------
def ingest(
    sources: Sequence[str],
    store: Store,
    pipeline: Pipeline | PipelineConfig | None = None,
    *,
    progress: ProgressCallback | None = None,
    published: str | None = None,
    allow_private: bool = False,
    allow_networks: Sequence[str] = (),
    workers: int = 1,
    batch_size: int = BATCH_SIZE,
) -> IngestSummary:
    """Read, analyse and store every document of ``sources``; never raises for a bad input.

    ``pipeline``: a built pipeline, or the config to build one from (None: the
    default config).  ``workers > 1`` analyses in that many processes, each
    building its pipeline from the config (a built pipeline hands on the config
    it was built from); the store is written from this process only.
    ``progress`` is called after every committed batch.  A config that cannot
    be built raises :class:`~marsad.pipeline.PipelineConfigError` (or
    ``ContextModelError``) before anything is read.
    """
    analysis = _analysis(pipeline if pipeline is not None else PipelineConfig(), workers)
    summary = IngestSummary()
    started = time.monotonic()
    batch: list[dict[str, Any]] = []
    last_commit = time.monotonic()

    def flush() -> None:
        nonlocal batch, last_commit
        if batch:
            _store_batch(store, batch, summary)
            batch = []
        last_commit = time.monotonic()
        summary.seconds = time.monotonic() - started
        if progress is not None:
            progress(summary)

    for item in _analysed_items(sources, store, analysis, summary, published, allow_private, allow_networks):
        if isinstance(item, _Failure):
            summary.failed.append((item.source, item.reason))
        else:
            batch.append(item)
        if len(batch) >= batch_size or time.monotonic() - last_commit >= BATCH_SECONDS:
            flush()
    flush()
    return summary


def _analysis(pipeline: Pipeline | PipelineConfig, workers: int) -> _LocalAnalysis | _PoolAnalysis:
    if workers <= 1:
        if isinstance(pipeline, PipelineConfig):
            check_config(pipeline)
        return _LocalAnalysis(pipeline)
    config = pipeline if isinstance(pipeline, PipelineConfig) else pipeline.config
    if config is None:
        raise ValueError("ingest with workers > 1 needs a PipelineConfig: worker processes build their own pipeline")
    # A worker that cannot build its pipeline would be restarted forever: fail here instead.
    check_config(config)
    return _PoolAnalysis(config, workers)


class _PoolAnalysis:
    """Worker processes, each with the pipeline built from the config."""

    def __init__(self, config: PipelineConfig, workers: int) -> None:
        self.config = config
        self.workers = workers

    def map(self, items: Iterator[Document | _Item]) -> Iterator[_Item]:
        with multiprocessing.get_context("spawn").Pool(self.workers, _init_worker, (self.config,)) as pool:
            yield from pool.imap(_analyse_or_pass, items, chunksize=4)


def _analysed_items(
    sources: Sequence[str],
    store: Store,
    analysis: _LocalAnalysis | _PoolAnalysis,
    summary: IngestSummary,
    published: str | None,
    allow_private: bool,
    allow_networks: Sequence[str] = (),
) -> Iterator[_Item]:
    """Analysed dicts of the documents not stored yet (stored ones are counted unchanged here)."""
    seen: set[str] = set()

    def fresh() -> Iterator[Document | _Item]:
        for item in _read_sources(sources, published=published, allow_private=allow_private,
                                  allow_networks=allow_networks):
            if isinstance(item, _Failure):
                yield item
                continue
            doc_id = item.data.get("id") if isinstance(item, _Analysed) else item.id
            if doc_id in seen or store.has_document(str(doc_id)):
                summary.unchanged += 1
                continue
            seen.add(str(doc_id))
            yield item.data if isinstance(item, _Analysed) else item

    if isinstance(analysis, _PoolAnalysis):
        yield from analysis.map(fresh())
        return
    for item in fresh():
        yield analysis(item) if isinstance(item, Document) else item


def _store_batch(store: Store, batch: list[dict[str, Any]], summary: IngestSummary) -> None:
    try:
        added = store.add_many(batch)
    except Exception:
        # One bad document must not lose the batch: store them one by one.
        added = []
        for data in batch:
            try:
                added.append(store.add_analysed(data))
            except Exception as exc:
                summary.failed.append((str(data.get("source") or data.get("id")), f"not stored: {exc}"))
    summary.new += sum(added)
    summary.unchanged += len(added) - sum(added)
