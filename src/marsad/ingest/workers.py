"""Analysis in worker processes (``--workers N`` of ``marsad analyze`` and ``marsad ingest``).

Where the platform allows it and this process runs no other thread, the pipeline is
built once here and the workers are forked from this process: they share its
resources copy-on-write and start analysing at once, instead of each starting an
interpreter, importing the libraries and building its own pipeline (about 0.45 s of
CPU per worker, the largest cost that two workers pay and one does not).  Otherwise
(``spawn``: another platform, or a threaded process such as the web server, where
forking could copy a lock another thread holds) each worker builds its pipeline once
from the picklable :class:`~marsad.pipeline.PipelineConfig`.  Either way a worker
applies a *work* function to every item it receives.  A work function is given the item and a function that returns
the pipeline (in this process the pipeline is built on the first call, so items
that need no analysis never build one).  The work function returns a compact result (a JSON line,
store rows): a worker never sends an analysed :class:`~marsad.document.Document`
back, whose annotation objects would be pickled and rebuilt in the main process;
the main process only reads inputs and writes results (with ``spawn`` it builds no
pipeline at all; with ``fork`` the one it builds is the workers').  Results come back in input order, so output (and the order documents
are stored in) does not depend on the number of workers.

Work functions must be defined at module level (they are sent to the workers by name).
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import multiprocessing
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.context import BaseContext
from multiprocessing.pool import IMapIterator, Pool
from typing import Any, TypeVar

from marsad.document import Document
from marsad.pipeline import Pipeline, PipelineConfig
from marsad.readers import ReadFailure

T = TypeVar("T")
R = TypeVar("R")
PipelineGetter = Callable[[], Pipeline]
Work = Callable[[PipelineGetter, Any], Any]
# Called while the workers' next result is not ready: how many results are still to come (None while
# the input is still being read); see :func:`in_workers`.
Idle = Callable[[int | None], None]

# Items sent to a worker at a time: fewer round trips, while the input order is kept.
CHUNKSIZE = 8
# ... except the input's last TAIL_ITEMS, sent one at a time: with chunks to the end, one worker
# could still be analysing a whole chunk (~80 ms of articles) while the other sat finished; one at a
# time, the workers end within about an article of each other.
TAIL_ITEMS = 2 * CHUNKSIZE

# How workers start: None chooses ``fork`` where it is safe (see :func:`start_method`), else
# ``spawn``; tests set it to run one way or the other.
START_METHOD: str | None = None

_pipeline: Pipeline | None = None
_work: Work | None = None


def start_method() -> str:
    """``fork`` when the platform has it and this process runs no other thread, else ``spawn``."""
    if START_METHOD is not None:
        return START_METHOD
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return "fork"
    return "spawn"


def _frozen_pipeline(config: PipelineConfig) -> Pipeline:
    # A pipeline built to analyse in bulk: its resources (about a million long-lived objects) are
    # loaded with the collector paused, then frozen so no collection walks them again (in a forked
    # worker, a collection that walked them would also write to every page it shares).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return Pipeline.from_config(config)
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def _init_worker(config: PipelineConfig, work: Work) -> None:
    global _pipeline, _work
    _pipeline = _frozen_pipeline(config)
    _work = work


def _worker_pipeline() -> Pipeline:
    assert _pipeline is not None
    return _pipeline


def _run(item: Any) -> Any:
    assert _work is not None
    return _work(_worker_pipeline, item)


def _run_chunk(chunk: list[Any]) -> list[Any]:
    return [_run(item) for item in chunk]


class _Dealt:
    """How many items the chunks held once the input is exhausted (None until then): with the
    results received, it tells how many are still to come."""

    __slots__ = ("total",)

    def __init__(self) -> None:
        self.total: int | None = None


def _chunks(items: Iterable[Any], dealt: _Dealt) -> Iterator[list[Any]]:
    # Items are held back until TAIL_ITEMS more have been read, so the input's end is known before its
    # last TAIL_ITEMS are sent, and those go one by one.
    held: deque[Any] = deque()
    count = 0
    for item in items:
        held.append(item)
        count += 1
        if len(held) == CHUNKSIZE + TAIL_ITEMS:
            yield [held.popleft() for _ in range(CHUNKSIZE)]
    dealt.total = count
    while held:
        yield [held.popleft()]


def in_workers(
    config: PipelineConfig, work: Callable[[PipelineGetter, T], R], items: Iterable[T], workers: int,
    *, idle: Idle | None = None,
) -> Iterator[R]:
    """``work(pipeline getter, item)`` for every item, in ``workers`` processes, results in input order.

    ``idle(remaining)`` is called whenever the next result is not ready yet, before waiting for it: the
    caller's chance to do its own work (the ingest writes what it holds) while the workers analyse.
    ``remaining`` is how many results are still to come (None while the input is still being read);
    a last call with 0, after the last result and before the workers are stopped, lets the caller
    finish its work while they exit."""
    method = start_method()
    if method != "fork":
        with _pool(multiprocessing.get_context(method), workers, _init_worker, (config, work)) as pool:
            yield from _results(pool, items, idle)
        return
    global _pipeline, _work
    # The forked workers find the pipeline and the work function in these globals.
    _pipeline, _work = _frozen_pipeline(config), work
    # A forked worker flushes its copy of the standard streams when it ends: nothing may be waiting in them.
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        with _pool(multiprocessing.get_context("fork"), workers) as pool:
            yield from _results(pool, items, idle)
    finally:
        _pipeline = _work = None
        gc.unfreeze()  # what this process built is garbage now: let the collector see it again


class _QuietPool(Pool):
    """``multiprocessing.Pool`` whose worker-maintaining thread wakes only when a worker ends or the
    pool changes state.

    The standard pool's thread also waits on the results pipe, so it wakes up (and takes the GIL)
    whenever a result is there to read, and again and again until the result thread has read all
    of it: with 300 KB of store rows per chunk it looped thousands of times per 1,000 articles, CPU
    of the one process that also reads the inputs, receives every result and runs the SQL.  Its
    only work is replacing workers that ended (``maxtasksperchild``, unused here, or a crash), and
    their ends are among the sentinels it still waits on."""

    def _get_sentinels(self) -> list[Any]:
        return [self._change_notifier._reader]  # type: ignore[attr-defined]


# The pipes to and from the workers are made this large (Linux ``F_SETPIPE_SZ``; the default 64 KiB
# is less than a chunk of documents, 80 KB, and a quarter of a chunk's results, 300 KB): the main
# process queues the next chunks while both workers analyse, so a worker that finishes finds its
# next chunk at once, and a result is written in one go, not in 64 KiB turns that wake the reader.
PIPE_BYTES = 1 << 20
_F_SETPIPE_SZ = getattr(fcntl, "F_SETPIPE_SZ", None)


def _widen_pipes(pool: Pool) -> None:
    """The pool's task and result pipes to :data:`PIPE_BYTES` where the system allows it (a pipe
    keeps its size; a refusal, e.g. above ``/proc/sys/fs/pipe-max-size``, leaves it as it was)."""
    if _F_SETPIPE_SZ is None:
        return
    for queue in (pool._inqueue, pool._outqueue):  # type: ignore[attr-defined]
        with contextlib.suppress(OSError, AttributeError, ValueError):
            fcntl.fcntl(queue._writer.fileno(), _F_SETPIPE_SZ, PIPE_BYTES)


def _pool(context: BaseContext, workers: int, initializer: Callable[..., None] | None = None,
          initargs: tuple[Any, ...] = ()) -> Pool:
    pool = _QuietPool(workers, initializer, initargs, context=context)
    _widen_pipes(pool)
    return pool


def _results(pool: Pool, items: Iterable[Any], idle: Idle | None) -> Iterator[Any]:
    # The pool's own chunking (``imap(chunksize=...)``) hides the iterator that can be asked whether
    # a result is ready: the items are sent in chunks made here instead.
    dealt = _Dealt()
    chunks: IMapIterator[list[Any]] = pool.imap(_run_chunk, _chunks(items, dealt))
    received = 0
    while True:
        try:
            chunk = chunks.next(timeout=0)
        except multiprocessing.TimeoutError:
            if idle is not None:
                idle(None if dealt.total is None else dealt.total - received)
            try:
                chunk = chunks.next()
            except StopIteration:
                break
        except StopIteration:
            break
        received += len(chunk)
        yield from chunk
    # Every result is in: the workers may leave now (``close``), and the caller finishes its work
    # while they exit, instead of after.
    pool.close()
    if idle is not None:
        idle(0)


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

    def map(self, work: Callable[[PipelineGetter, T], R], items: Iterable[T],
            idle: Idle | None = None) -> Iterator[R]:
        """``idle`` is accepted like the workers' (one process never waits for a result: it is not called)."""
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
