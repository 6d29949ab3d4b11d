"""Memory over a long ``marsad ingest``: RSS sampled from ``/proc`` after every committed batch.

    python bench/bench_memory.py SOURCE... [--limit N] [--db PATH] [--checkpoints 2000,10000,20000]
                                 [--trace] [--trim] [--every 0.2]

Runs :func:`marsad.ingest.ingest` in this process (one worker, as ``marsad ingest`` does) and
prints one JSON line: the peak RSS (sampled by a thread every ``--every`` seconds, and after each
batch), the curve (documents stored → RSS, anonymous RSS), and at each checkpoint:

* the sizes of every bounded memo and ``lru_cache`` alive (so a memo filling towards its cap shows);
* with ``--trim``, the RSS after ``malloc_trim(0)`` (what the allocator holds free but unreturned);
* with ``--trace``, the ``tracemalloc`` lines (one frame) that grew most since the previous
  checkpoint (tracing slows the run about threefold; RSS then includes the tracer's own memory).

``--limit N`` stops after about N documents (the ingest is stopped at the next batch; the
documents already stored stay in the throw-away database).
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import functools
import gc
import json
import resource
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path
from typing import Any

from marsad.ingest import IngestSummary, ingest, service
from marsad.pipeline import PipelineConfig
from marsad.store import open_store
from marsad.text.memo import BoundedMemo


class _Stop(Exception):
    """Raised from the progress callback once ``--limit`` documents are stored."""


def rss_mib() -> tuple[float, float]:
    """(RSS, anonymous RSS) of this process in MiB, from ``/proc/self/status``."""
    fields: dict[str, float] = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(("VmRSS:", "RssAnon:")):
                name, value = line.split(":", 1)
                fields[name] = int(value.split()[0]) / 1024
    return fields.get("VmRSS", 0.0), fields.get("RssAnon", 0.0)


def memo_sizes(top: int = 25) -> list[tuple[str, int, float]]:
    """The largest memos alive: (name, entries, MiB of their tables and values, not their keys).

    Bounded memos are named by their function, LRU caches by function (their links counted: an
    ``lru_cache`` entry is a link object besides the dict slot), other containers of 1,000 items
    or more by their holder (an object of Marsad's, or a module global)."""
    sizes: list[tuple[str, int, float]] = []
    for obj in gc.get_objects():
        if isinstance(obj, BoundedMemo):
            compute = getattr(obj, "_compute", None)
            name = getattr(compute, "__qualname__", type(obj).__name__)
            sizes.append((f"memo {getattr(compute, '__module__', '')}.{name}", len(obj.known), _mib(obj.known)))
        elif isinstance(obj, functools._lru_cache_wrapper):
            info = obj.cache_info()
            name = getattr(obj, "__qualname__", None) or repr(getattr(obj, "__wrapped__", obj))
            tables = [ref for ref in gc.get_referents(obj) if isinstance(ref, dict) and len(ref) == info.currsize]
            size = _lru_mib(obj, tables[0]) if tables and info.currsize else 0.0
            calls = info.hits + info.misses
            rate = f" hits {info.hits / calls:.3f} of {calls}" if calls else ""
            sizes.append((f"lru {getattr(obj, '__module__', '')}.{name}{rate}", info.currsize, size))
        elif str(getattr(type(obj), "__module__", "")).startswith("marsad"):
            sizes.extend(_large_attributes(f"{type(obj).__module__}.{type(obj).__qualname__}", obj))
    for name, module in list(sys.modules.items()):
        if name.startswith("marsad"):
            for attr, value in list(vars(module).items()):
                if isinstance(value, (dict, set, list)) and len(value) >= 1000:
                    sizes.append((f"global {name}.{attr}", len(value), _mib(value)))
    sizes.sort(key=lambda item: -item[2])
    return sizes[:top]


def _deep(value: object) -> int:
    """Bytes of ``value`` and, for tuples, lists and frozensets, of their items (one level down)."""
    size = sys.getsizeof(value)
    if isinstance(value, (tuple, list, frozenset)):
        size += sum(sys.getsizeof(item) for item in value)
    return size


def _mib(container: dict[Any, Any] | set[Any] | list[Any]) -> float:
    size = sys.getsizeof(container)
    values = container.values() if isinstance(container, dict) else container if isinstance(container, list) else ()
    size += sum(map(_deep, values))
    return round(size / 2**20, 2)


def _lru_mib(cached: Any, table: dict[Any, Any]) -> float:
    """An LRU cache's table, links and results: the results (not reachable from Python) are computed
    again from the keys of one-string calls, for caches of many entries (the word memos; not the
    set-up functions of one entry, which may not be pure)."""
    size = sys.getsizeof(table) + sum(map(sys.getsizeof, table.values()))
    wrapped = getattr(cached, "__wrapped__", None)
    if wrapped is not None and len(table) >= 100:
        for key in list(table):
            if isinstance(key, str):
                with contextlib.suppress(Exception):
                    size += _deep(wrapped(key))
    return round(size / 2**20, 2)


def _large_attributes(owner: str, obj: object) -> list[tuple[str, int, float]]:
    """The dicts, sets and lists of 1,000 items or more held in ``obj``'s attributes."""
    names = list(getattr(obj, "__dict__", {})) + [
        slot for cls in type(obj).__mro__ for slot in getattr(cls, "__slots__", ()) if isinstance(slot, str)
    ]
    found: list[tuple[str, int, float]] = []
    for attr in names:
        value = getattr(obj, attr, None)
        if isinstance(value, (dict, set, list)) and len(value) >= 1000:
            found.append((f"{owner}.{attr}", len(value), _mib(value)))
    return found


def malloc_trim() -> float | None:
    """RSS after returning the allocator's free memory to the system (None where glibc is absent)."""
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return None
    libc.malloc_trim(0)
    return round(rss_mib()[0], 1)


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]


def c_memory() -> dict[str, float]:
    """SQLite's own allocations (``sqlite3_memory_used``, its high-water mark) and glibc's heap: bytes
    in use, free but kept, and mapped in large blocks (``mallinfo2``), in MiB; {} where unavailable."""
    found: dict[str, float] = {}
    with contextlib.suppress(OSError, AttributeError):
        lib = ctypes.CDLL("libsqlite3.so.0")
        lib.sqlite3_memory_used.restype = lib.sqlite3_memory_highwater.restype = ctypes.c_int64
        found["sqlite"] = round(lib.sqlite3_memory_used() / 2**20, 1)
        found["sqlite_highwater"] = round(lib.sqlite3_memory_highwater(0) / 2**20, 1)
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6")
        libc.mallinfo2.restype = _MallInfo2
        info = libc.mallinfo2()
        found.update(malloc_used=round(info.uordblks / 2**20, 1), malloc_free=round(info.fordblks / 2**20, 1),
                     malloc_mapped=round(info.hblkhd / 2**20, 1))
    return found


class Sampler(threading.Thread):
    """The peak RSS, sampled every ``every`` seconds until stopped, and where the ingest was then.

    At each new sampled peak the main thread's innermost Marsad or SQLite-facing frames are kept
    (``where``), with the number of documents stored so far (``stored``, set by the progress
    callback): what the ingest was doing when the RSS was highest."""

    def __init__(self, every: float) -> None:
        super().__init__(daemon=True)
        self.every = every
        self.peak = 0.0
        self.stored = 0
        self.where: list[str] = []
        self.c_memory: dict[str, float] = {}
        self.at = 0
        self.main = threading.main_thread().ident
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(self.every):
            rss = rss_mib()[0]
            if rss > self.peak:
                self.peak = rss
                self.at = self.stored
                self.where = _main_frames(self.main)
                self.c_memory = c_memory()


def _main_frames(ident: int | None, depth: int = 6) -> list[str]:
    """The innermost ``depth`` frames of the main thread inside Marsad (file:line function)."""
    frame = sys._current_frames().get(ident or 0)
    frames: list[str] = []
    while frame is not None and len(frames) < depth:
        code = frame.f_code
        if "marsad" in code.co_filename:
            frames.append(f"{code.co_filename.rsplit('marsad/', 1)[-1]}:{frame.f_lineno} {code.co_name}")
        frame = frame.f_back
    return frames


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sources", nargs="+")
    parser.add_argument("--db")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--checkpoints", default="2000,10000,20000")
    parser.add_argument("--trace", action="store_true")
    parser.add_argument("--trim", action="store_true")
    parser.add_argument("--every", type=float, default=0.2)
    args = parser.parse_args()
    checkpoints = sorted(int(n) for n in args.checkpoints.split(",") if n)
    if args.trace:
        tracemalloc.start(1)
    sampler = Sampler(args.every)
    sampler.start()
    curve: list[tuple[int, float, float, float]] = []  # stored, RSS, anonymous RSS, CPU seconds
    c_curve: list[dict[str, float]] = []  # SQLite's and the C heap's memory after each batch
    reports: list[dict[str, Any]] = []
    previous: list[tracemalloc.Snapshot] = []
    started = time.process_time()
    releases: list[float] = []  # CPU seconds of each return of free memory to the system
    release = service.release_free_memory

    def timed_release() -> None:
        begun = time.process_time()
        release()
        releases.append(time.process_time() - begun)

    service.release_free_memory = timed_release

    def progress(summary: IngestSummary) -> None:
        rss, anon = rss_mib()
        sampler.peak = max(sampler.peak, rss)
        sampler.stored = summary.new
        cpu = time.process_time() - started
        curve.append((summary.new, round(rss, 1), round(anon, 1), round(cpu, 2)))
        c_curve.append({"stored": summary.new, **c_memory()})
        print(f"{summary.new} {rss:.1f} {anon:.1f} {cpu:.2f}", file=sys.stderr, flush=True)
        while checkpoints and summary.new >= checkpoints[0]:
            peak = {"rss_mib": round(sampler.peak, 1), "stored": sampler.at, "where": sampler.where,
                    "c_memory": sampler.c_memory}
            reports.append(checkpoint(checkpoints.pop(0), summary.new, rss, args, previous, peak))
        if args.limit and summary.new >= args.limit:
            raise _Stop

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db) if args.db else Path(tmp) / "memory.db"
        with open_store(db) as store, contextlib.suppress(_Stop):
            ingest(args.sources, store, PipelineConfig(), progress=progress)
    sampler.done.set()
    result = {
        "documents": curve[-1][0] if curve else 0,
        "cpu_seconds": round(time.process_time() - started, 1),
        "peak_rss_mib": round(max(sampler.peak, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024), 1),
        "sampled_peak": {"rss_mib": round(sampler.peak, 1), "stored": sampler.at, "where": sampler.where,
                         "c_memory": sampler.c_memory},
        "cpu_per_1000": _cpu_per_1000(curve),
        "releases": len(releases),
        "release_cpu_seconds": round(sum(releases), 2),
        "curve": _thin(curve, 40),
        "c_curve": c_curve[:: max(1, len(c_curve) // 40)] + c_curve[-1:],
        "checkpoints": reports,
    }
    print(json.dumps(result, ensure_ascii=False))


def checkpoint(
    at: int, stored: int, rss: float, args: argparse.Namespace, previous: list[tracemalloc.Snapshot],
    peak: dict[str, Any],
) -> dict[str, Any]:
    report: dict[str, Any] = {"at": at, "stored": stored, "rss_mib": round(rss, 1), "sampled_peak": peak,
                              "c_memory": c_memory(), "memos": memo_sizes(40)}
    if args.trim:
        report["rss_after_trim_mib"] = malloc_trim()
    if args.trace:
        snapshot = tracemalloc.take_snapshot().filter_traces(
            [tracemalloc.Filter(False, tracemalloc.__file__), tracemalloc.Filter(False, "<frozen importlib._bootstrap>")]
        )
        report["traced_mib"] = round(sum(stat.size for stat in snapshot.statistics("filename")) / 2**20, 1)
        if previous:
            stats = snapshot.compare_to(previous[0], "lineno")
            report["grown"] = [
                (str(stat.traceback[0]), round(stat.size_diff / 2**20, 2), stat.count_diff)
                for stat in sorted(stats, key=lambda s: -s.size_diff)[:25]
            ]
        else:
            report["largest"] = [
                (str(stat.traceback[0]), round(stat.size / 2**20, 2), stat.count)
                for stat in snapshot.statistics("lineno")[:25]
            ]
        previous[:] = [snapshot]
    print(json.dumps(report, ensure_ascii=False), file=sys.stderr, flush=True)
    return report


def _cpu_per_1000(curve: list[tuple[int, float, float, float]]) -> list[tuple[int, float]]:
    """CPU seconds per 1,000 documents over each stretch of about 2,500 stored (from the batch ends):
    flat if the cost is linear in the number of documents."""
    rates: list[tuple[int, float]] = []
    last_n, last_cpu = 0, 0.0
    for stored, _rss, _anon, cpu in curve:
        if stored - last_n >= 2500 or (stored == curve[-1][0] and stored > last_n):
            rates.append((stored, round(1000 * (cpu - last_cpu) / (stored - last_n), 2)))
            last_n, last_cpu = stored, cpu
    return rates


def _thin(curve: list[tuple[int, float, float, float]], points: int) -> list[tuple[int, float, float, float]]:
    if len(curve) <= points:
        return curve
    step = len(curve) / points
    return [curve[int(i * step)] for i in range(points)] + [curve[-1]]


if __name__ == "__main__":
    main()
