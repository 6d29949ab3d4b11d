"""Ingest: sources → readers → pipeline → store, in small committed batches.

The CLI, the web API and the Spark loader all call :func:`ingest`.  A document
is counted as ``new`` only after the transaction that stored it has committed,
so killing the process at any moment loses nothing already reported and
leaves the database consistent (SQLite WAL + one transaction per batch).  A
document whose id is already stored is skipped before the pipeline runs, which
makes a re-run after a crash cheap; ``INSERT OR IGNORE`` on the id keeps two
concurrent ingests of overlapping inputs from storing anything twice.
"""

from __future__ import annotations

import contextlib
import inspect
import json
import multiprocessing
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.document import Document
from marsad.pipeline import Pipeline
from marsad.store.queries import Store

BATCH_SIZE = 32
BATCH_SECONDS = 1.0  # commit at least this often so progress is visible and little work is at risk
PARQUET_SUFFIX = ".parquet"


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


@dataclass(frozen=True, slots=True)
class _Failure:
    source: str
    reason: str


_Item = dict[str, Any] | _Failure  # an analysed document dict, or why a source failed


# -- reading -----------------------------------------------------------------------------
def _is_parquet_source(path: str) -> bool:
    p = Path(path)
    if p.is_file():
        return p.suffix == PARQUET_SUFFIX
    return p.is_dir() and any(p.rglob(f"*{PARQUET_SUFFIX}"))


def _read_parquet(path: str) -> Iterator[_Item]:
    """Analysed documents from Parquet (the Spark job's output): one row per document.

    A row either has the ``Document.to_dict()`` fields as columns (annotation
    lists as lists or JSON strings) or a single JSON column ``document``.
    """
    try:
        import pyarrow.parquet as pq
    except ImportError:
        yield _Failure(path, "reading Parquet needs pyarrow: pip install 'marsad[parquet]'")
        return
    from marsad.spark.load import is_spark_output, iter_analysed_documents

    if is_spark_output(path):
        # A Spark run: its documents table holds each whole analysed document (doc_json);
        # the other tables are views of the same records and are not read.
        try:
            yield from iter_analysed_documents(path)
        except Exception as exc:  # a corrupt run must not stop the other sources
            yield _Failure(path, f"unreadable Spark output: {exc}")
        return
    p = Path(path)
    files = sorted(p.rglob(f"*{PARQUET_SUFFIX}")) if p.is_dir() else [p]
    for file in files:
        try:
            parquet = pq.ParquetFile(file)
            for batch in parquet.iter_batches(batch_size=256):
                for index, row in enumerate(batch.to_pylist()):
                    yield _row_to_dict(row, f"{file}#{index}")
        except Exception as exc:  # a corrupt file must not stop the other files
            yield _Failure(str(file), f"unreadable Parquet: {exc}")


def _row_to_dict(row: dict[str, Any], where: str) -> _Item:
    if isinstance(row.get("document"), str) and "text" not in row:
        try:
            loaded = json.loads(row["document"])
        except json.JSONDecodeError as exc:
            return _Failure(where, f"'document' column is not JSON: {exc.msg}")
        if not isinstance(loaded, dict):
            return _Failure(where, "'document' column is not a JSON object")
        row = loaded
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, str) and value[:1] in "[{" and key not in ("text", "clean_text", "title"):
            with contextlib.suppress(json.JSONDecodeError):
                value = json.loads(value)
        out[key] = value
    if not isinstance(out.get("text"), str) or not isinstance(out.get("id"), str):
        return _Failure(where, "row has no 'id' and 'text'")
    return out


def _read_sources(sources: Sequence[str], *, published: str | None, allow_private: bool) -> Iterator[Document | _Failure]:
    from marsad.readers import ReadFailure, read_inputs

    plain: list[str] = []
    kwargs: dict[str, Any] = {"published": published}
    if "allow_private" in inspect.signature(read_inputs).parameters:
        kwargs["allow_private"] = allow_private
    for source in sources:
        if _is_parquet_source(source):
            if plain:
                yield from _convert(read_inputs(plain, **kwargs), ReadFailure)
                plain = []
            yield from _parquet_as_documents(source)
        else:
            plain.append(source)
    if plain:
        yield from _convert(read_inputs(plain, **kwargs), ReadFailure)


class _Analysed:
    """A document dict that is already analysed (from Parquet): skip the pipeline."""

    __slots__ = ("data",)

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data


def _parquet_as_documents(source: str) -> Iterator[Any]:
    for item in _read_parquet(source):
        yield item if isinstance(item, _Failure) else _Analysed(item)


def _convert(items: Iterable[Any], failure_type: type) -> Iterator[Document | _Failure]:
    for item in items:
        if isinstance(item, failure_type):
            yield _Failure(str(getattr(item, "source", "?")), str(getattr(item, "reason", "unreadable")))
        else:
            yield item


# -- analysing ---------------------------------------------------------------------------
_worker_pipeline: Pipeline | None = None


def _init_worker(stage_names: list[str]) -> None:
    global _worker_pipeline
    _worker_pipeline = Pipeline.build(stage_names)


def _analyse_in_worker(doc: Document) -> dict[str, Any] | _Failure:
    assert _worker_pipeline is not None
    return _analyse(_worker_pipeline, doc)


def _analyse(pipeline: Pipeline, doc: Document) -> dict[str, Any] | _Failure:
    try:
        return pipeline(doc).to_dict()
    except Exception as exc:  # the pipeline isolates stage errors; this guards the rest
        return _Failure(doc.source or doc.id, f"analysis failed: {type(exc).__name__}: {exc}")


# -- the loop ------------------------------------------------------------------------------
def ingest(
    sources: Sequence[str],
    store: Store,
    pipeline: Pipeline | None = None,
    *,
    progress: ProgressCallback | None = None,
    published: str | None = None,
    allow_private: bool = False,
    workers: int = 1,
    batch_size: int = BATCH_SIZE,
) -> IngestSummary:
    """Read, analyse and store every document of ``sources``; never raises for a bad input.

    ``pipeline=None`` builds the default pipeline.  ``workers > 1`` analyses in
    that many processes (each builds its own pipeline); the store is written
    from this process only.  ``progress`` is called after every committed batch.
    """
    pipeline = pipeline if pipeline is not None else Pipeline.build()
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

    for item in _analysed_items(sources, store, pipeline, summary, published, allow_private, workers):
        if isinstance(item, _Failure):
            summary.failed.append((item.source, item.reason))
        else:
            batch.append(item)
        if len(batch) >= batch_size or time.monotonic() - last_commit >= BATCH_SECONDS:
            flush()
    flush()
    return summary


def _analysed_items(
    sources: Sequence[str],
    store: Store,
    pipeline: Pipeline,
    summary: IngestSummary,
    published: str | None,
    allow_private: bool,
    workers: int,
) -> Iterator[_Item]:
    """Analysed dicts of the documents not stored yet (stored ones are counted unchanged here)."""
    seen: set[str] = set()

    def fresh() -> Iterator[Document | _Item]:
        for item in _read_sources(sources, published=published, allow_private=allow_private):
            if isinstance(item, _Failure):
                yield item
                continue
            doc_id = item.data.get("id") if isinstance(item, _Analysed) else item.id
            if doc_id in seen or store.has_document(str(doc_id)):
                summary.unchanged += 1
                continue
            seen.add(str(doc_id))
            yield item.data if isinstance(item, _Analysed) else item

    if workers <= 1:
        for item in fresh():
            yield _analyse(pipeline, item) if isinstance(item, Document) else item
        return
    with multiprocessing.get_context("spawn").Pool(workers, _init_worker, (pipeline.names,)) as pool:
        yield from pool.imap(_analyse_or_pass, fresh(), chunksize=4)


def _analyse_or_pass(item: Document | _Item) -> _Item:
    return _analyse_in_worker(item) if isinstance(item, Document) else item


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
