"""Analysis in worker processes (``--workers N`` of ``marsad analyze`` and ``marsad ingest``).

Each worker builds its pipeline once from the picklable
:class:`~marsad.pipeline.PipelineConfig` and applies a *work* function to every
item it receives.  A work function is given the item and a function that returns
the pipeline (in this process the pipeline is built on the first call, so items
that need no analysis never build one).  The work function returns a compact result (a JSON line,
store rows): a worker never sends an analysed :class:`~marsad.document.Document`
back, whose annotation objects would be pickled and rebuilt in the main process,
and the main process, which only reads inputs and writes results, builds no
pipeline.  Results come back in input order, so output (and the order documents
are stored in) does not depend on the number of workers.

Work functions must be defined at module level (they are sent to the workers by name).
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from marsad.document import Document
from marsad.pipeline import Pipeline, PipelineConfig
from marsad.readers import ReadFailure

T = TypeVar("T")
R = TypeVar("R")
PipelineGetter = Callable[[], Pipeline]
Work = Callable[[PipelineGetter, Any], Any]

# Items sent to a worker at a time: fewer round trips, while the input order is kept.
CHUNKSIZE = 8

_pipeline: Pipeline | None = None
_work: Work | None = None


def _init_worker(config: PipelineConfig, work: Work) -> None:
    global _pipeline, _work
    # A worker process exists to run this pipeline: its resources (about a million long-lived
    # objects) are loaded with the collector paused, then frozen so no collection walks them again.
    collecting = gc.isenabled()
    gc.disable()
    try:
        _pipeline = Pipeline.from_config(config)
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
    _work = work


def _worker_pipeline() -> Pipeline:
    assert _pipeline is not None
    return _pipeline


def _run(item: Any) -> Any:
    assert _work is not None
    return _work(_worker_pipeline, item)


def in_workers(
    config: PipelineConfig, work: Callable[[PipelineGetter, T], R], items: Iterable[T], workers: int
) -> Iterator[R]:
    """``work(pipeline getter, item)`` for every item, in ``workers`` processes, results in input order."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, _init_worker, (config, work)) as pool:
        yield from pool.imap(_run, items, chunksize=CHUNKSIZE)


class LocalWork:
    """The same work in this process: the pipeline given, or built from the config on first use."""

    def __init__(self, pipeline: Pipeline | PipelineConfig) -> None:
        self._pipeline = pipeline if isinstance(pipeline, Pipeline) else None
        self._config = pipeline if isinstance(pipeline, PipelineConfig) else None

    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            assert self._config is not None
            self._pipeline = Pipeline.from_config(self._config)
        return self._pipeline

    def map(self, work: Callable[[PipelineGetter, T], R], items: Iterable[T]) -> Iterator[R]:
        for item in items:
            yield work(self.pipeline, item)


# -- work of ``marsad analyze`` -----------------------------------------------------------
class AnalysisFailure:
    """Why one input gave no output: it could not be read, or analysing it raised."""

    __slots__ = ("message", "source")

    def __init__(self, source: str, message: str) -> None:
        self.source = source
        self.message = message


def _failure(doc: Document, exc: Exception) -> AnalysisFailure:
    detail = str(exc).splitlines()[0][:200] if str(exc) else ""
    return AnalysisFailure(doc.source or doc.id, f"unexpected {type(exc).__name__}{': ' + detail if detail else ''}")


def analyse_to_json(pipeline: PipelineGetter, item: Document | ReadFailure) -> str | AnalysisFailure:
    """The document's JSON line (``marsad analyze --json``)."""
    if isinstance(item, ReadFailure):
        return AnalysisFailure(item.source, item.reason)
    try:
        return pipeline()(item).to_json()
    except Exception as exc:  # one document's surprise is its own failure; the later inputs still run
        return _failure(item, exc)


def analyse_to_dict(pipeline: PipelineGetter, item: Document | ReadFailure) -> dict[str, Any] | AnalysisFailure:
    """The analysed document as a dict (``Document.from_dict`` gives it back, e.g. to render it)."""
    if isinstance(item, ReadFailure):
        return AnalysisFailure(item.source, item.reason)
    try:
        return pipeline()(item).to_dict()
    except Exception as exc:
        return _failure(item, exc)
