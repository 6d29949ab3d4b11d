"""Benchmark ``marsad ingest``: wall time, documents/s and peak memory of one ingest.

    python bench/bench_ingest.py SOURCE... [--db PATH] [--stages a,b] [--workers N]

Without --db a temporary database is used (and removed).  Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import resource
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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db) if args.db else Path(tmp) / "bench.db"
        config = PipelineConfig(stages=tuple(args.stages.split(",")) if args.stages else None)
        started = time.perf_counter()
        with open_store(db) as store:
            summary = ingest(args.sources, store, config, workers=args.workers)
            stats = store.stats()
        wall = time.perf_counter() - started
    peak_kb = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    result = {
        "stages": [spec.name for spec in resolve_stages(config.stages)],
        "workers": args.workers,
        "new": summary.new,
        "unchanged": summary.unchanged,
        "failed": len(summary.failed),
        "wall_seconds": round(wall, 1),
        "documents_per_second": round(summary.documents / wall, 1) if wall else None,
        "peak_rss_mb": round(peak_kb / 1024, 1),
        "documents_stored": stats["documents"],
        "clusters_with_2_or_more": stats["multi_report_clusters"],
    }
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
