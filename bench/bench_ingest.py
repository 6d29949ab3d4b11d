"""Benchmark ``marsad ingest``: wall time, documents/s and peak memory of one ingest.

    python bench/bench_ingest.py SOURCE... [--db PATH] [--stages a,b] [--workers N]
    python bench/bench_ingest.py SOURCE... --pairs 5 [--compare 1,2]

Without --db a temporary database is used (and removed).  Prints one JSON line.

With ``--pairs K`` it runs K pairs of ingests, each in a fresh process and a fresh
database, with the worker counts of ``--compare`` (first/second alternating which
goes first, so a change in the machine's load hits both sides alike) and prints each
pair's wall times and the speed-up (first's wall time / second's), with the median
and range over the pairs.  Wall time is from the call of ``ingest`` to its return
(worker start-up and pipeline loading included).  Each run also reports its CPU time
split between this process (reading, receiving results, SQL) and the workers, and each
pair the speed-up that CPU time allows on free cores (``cpu_bound_speedup``: each run's
CPU spread evenly over min(workers, cores) cores) — the ceiling the wall times approach
when nothing else runs, and a figure that stays meaningful on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from marsad.ingest import ingest
from marsad.pipeline import PipelineConfig, resolve_stages
from marsad.store import open_store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sources", nargs="+")
    parser.add_argument("--db")
    parser.add_argument("--stages", help="comma-separated stages (default: every available stage)")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--pairs", type=int, default=0, help="paired runs comparing the --compare worker counts")
    parser.add_argument("--compare", default="1,2", help="two worker counts for --pairs (default 1,2)")
    args = parser.parse_args()
    if args.pairs:
        compare_pairs(args.sources, args.stages, args.pairs, tuple(int(w) for w in args.compare.split(",")))
        return
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db) if args.db else Path(tmp) / "bench.db"
        config = PipelineConfig(stages=tuple(args.stages.split(",")) if args.stages else None)
        with open_store(db) as store:
            started = time.perf_counter()
            cpu_started = time.process_time()
            summary = ingest(args.sources, store, config, workers=args.workers)
            wall = time.perf_counter() - started
            cpu_main = time.process_time() - cpu_started
            stats = store.stats()
    workers_usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # the worker processes, ended with the ingest
    peak_kb = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    result = {
        "stages": [spec.name for spec in resolve_stages(config.stages)],
        "workers": args.workers,
        "new": summary.new,
        "unchanged": summary.unchanged,
        "failed": len(summary.failed),
        "wall_seconds": round(wall, 2),
        "cpu_seconds_main": round(time.process_time(), 2),
        # The ingest call alone: this process (reading, results, SQL; its pool threads included) and
        # the workers (start-up, analysis, store rows); with one worker the first holds everything.
        "cpu_seconds_main_ingest": round(cpu_main, 2),
        "cpu_seconds_workers": round(workers_usage.ru_utime + workers_usage.ru_stime, 2),
        "documents_per_second": round(summary.documents / wall, 1) if wall else None,
        "peak_rss_mb": round(peak_kb / 1024, 1),
        # Per process: this one (reading, SQL; with forked workers also the pipeline they share) and
        # the largest of the workers (the peak of any ended child process).
        "peak_rss_mb_main": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "peak_rss_mb_worker": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        "documents_stored": stats["documents"],
        "clusters_with_2_or_more": stats["multi_report_clusters"],
    }
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")


def _one(sources: list[str], stages: str | None, workers: int) -> dict[str, object]:
    command = [sys.executable, __file__, *sources, "--workers", str(workers)]
    if stages:
        command += ["--stages", stages]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _cores(workers: int) -> int:
    return max(1, min(workers, os.cpu_count() or 1))


def compare_pairs(sources: list[str], stages: str | None, pairs: int, compare: tuple[int, ...]) -> None:
    first, second = compare
    rows = []
    for index in range(pairs):
        order = (first, second) if index % 2 == 0 else (second, first)
        runs = {w: _one(sources, stages, w) for w in order}
        walls = {w: float(runs[w]["wall_seconds"]) for w in order}  # type: ignore[arg-type]
        cpu = {w: float(runs[w]["cpu_seconds_main_ingest"]) + float(runs[w]["cpu_seconds_workers"])  # type: ignore[arg-type]
               for w in order}
        rows.append({
            "pair": index + 1, "order": list(order), f"wall_{first}": walls[first], f"wall_{second}": walls[second],
            "speedup": round(walls[first] / walls[second], 2),
            **{f"cpu_{w}": {"main": runs[w]["cpu_seconds_main_ingest"], "workers": runs[w]["cpu_seconds_workers"]}
               for w in compare},
            **{f"rss_mb_{w}": {"main": runs[w]["peak_rss_mb_main"], "worker": runs[w]["peak_rss_mb_worker"]}
               for w in compare},
            # What the CPU time allows on free cores: each run's CPU spread over min(workers, cores) cores.
            "cpu_bound_speedup": round(cpu[first] / _cores(first) / (cpu[second] / _cores(second)), 2),
        })
        sys.stdout.write(json.dumps(rows[-1]) + "\n")
        sys.stdout.flush()
    ups = [row["speedup"] for row in rows]
    sys.stdout.write(json.dumps({
        "compare": list(compare), "pairs": pairs, "speedup_median": statistics.median(ups),  # type: ignore[type-var]
        "speedup_min": min(ups), "speedup_max": max(ups),  # type: ignore[type-var]
        "cpu_bound_speedup_median": statistics.median(row["cpu_bound_speedup"] for row in rows),  # type: ignore[type-var]
    }) + "\n")


if __name__ == "__main__":
    main()
