"""Scaling: time per article and peak memory as the input grows; Spark's second core.

    python bench/bench_scaling.py [--data DIR] [--sizes 1000,10000,27644] [--spark] [--json OUT]

Single-process mode runs the full pipeline over N articles sampled evenly across
the corpus (streamed; each size in a fresh interpreter, after a warm-up, so its
peak RSS is its own) and reports the time per article: cost should grow
linearly, so time per article stays flat.
With ``--spark`` the same N articles (written once as JSON Lines to a temporary
directory) go through the Spark job on ``local[1]`` and ``local[2]``; the ratio
of the two wall times is the speed-up from the second core.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import DEFAULT_DATA, iter_records, require, write_jsonl

SINGLE = """
import json, resource, sys, time
sys.path.insert(0, {bench!r})
from pathlib import Path
from corpus import iter_records
from marsad.pipeline import Pipeline
from marsad.readers.records import document_from_record
from marsad.document import Document
pipeline = Pipeline.build()
# Warm up on the seed and 50 articles so lazily loaded resources (lexicon, model, gazetteer)
# are not counted as per-article cost.
pipeline(Document(open({seed!r}, encoding="utf-8").read()))
for record in iter_records(Path({data!r}), 50):
    pipeline(document_from_record(record, where="warm-up", published=None))
warm_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
count = 0
chars = 0
started = time.perf_counter()
for index, record in enumerate(iter_records(Path({data!r}))):
    if index % {stride}:
        continue  # an even sample across the whole corpus (it is ordered by day and outlet)
    doc = document_from_record(record, where="bench", published=None)
    pipeline(doc)
    count += 1
    chars += len(doc.text)
    if count >= {n}:
        break
seconds = time.perf_counter() - started
print(json.dumps({{"articles": count, "seconds": seconds, "chars": chars, "warm_rss_mib": warm_rss,
                  "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


SEED = Path(__file__).resolve().parent.parent / "src" / "marsad" / "samples" / "seed-aleppo-2019-12-12.txt"


def single_process(data: Path, n: int, total: int) -> dict[str, float]:
    stride = max(1, total // n)
    code = SINGLE.format(bench=str(Path(__file__).resolve().parent), data=str(data), n=n, stride=stride, seed=str(SEED))
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    result["ms_per_article"] = 1000 * result["seconds"] / result["articles"]
    result["chars_per_article"] = result["chars"] / result["articles"]
    return result


def spark_run(jsonl: Path, master: str, out: Path) -> dict[str, float]:
    from marsad.spark.job import run_job

    started = time.perf_counter()
    summary = run_job([str(jsonl)], str(out), master=master, partitions=8)
    seconds = time.perf_counter() - started
    return {"documents": summary.documents, "seconds": seconds, "ms_per_article": 1000 * seconds / summary.documents}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sizes", default="1000,10000,27644")
    parser.add_argument("--spark", action="store_true", help="also run Spark local[1] and local[2]")
    parser.add_argument("--no-single", action="store_true", help="skip the single-process runs")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    data = require(args.data)
    sizes = [int(s) for s in args.sizes.split(",")]
    results: dict[str, object] = {"single": {}, "spark": {}}
    total = sum(1 for _ in iter_records(data))
    for n in [] if args.no_single else sizes:
        figures = single_process(data, n, total)
        results["single"][str(n)] = figures  # type: ignore[index]
        print(f"single  N={n:>6}: {figures['articles']:>6.0f} articles ({figures['chars_per_article']:.0f} chars each), "
              f"{figures['ms_per_article']:.2f} ms/article, RSS after warm-up {figures['warm_rss_mib']:.0f} MiB, "
              f"peak {figures['peak_rss_mib']:.0f} MiB", flush=True)
    if args.spark:
        with tempfile.TemporaryDirectory() as tmp:
            for n in sizes:
                jsonl = Path(tmp) / f"articles-{n}.jsonl"
                write_jsonl(data, jsonl, n, stride=max(1, total // n))
                row = {}
                for master in ("local[1]", "local[2]"):
                    row[master] = spark_run(jsonl, master, Path(tmp) / f"out-{n}-{master[6]}")
                    print(f"spark {master} N={n:>6}: {row[master]['ms_per_article']:.2f} ms/article", flush=True)
                row["speedup"] = row["local[1]"]["seconds"] / row["local[2]"]["seconds"]  # type: ignore[assignment]
                results["spark"][str(n)] = row  # type: ignore[index]
                print(f"spark N={n}: speed-up from the second core {row['speedup']:.2f}x", flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
