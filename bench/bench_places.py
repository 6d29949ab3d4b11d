"""Speed of the places stage: start-up, and articles per second on one core (CPU time).

    python bench/bench_places.py [--n 500] [--stages entities,places,times]

Reads the first ``--n`` articles of ``../shared/data/saudinewsnet/syria_related_subset.jsonl`` (the
bundled sample article repeated when the shared data is absent).  Every stage is built and warmed on
the first pass; the figure is the second pass over fresh documents, so it is the steady state of a
long-running process (API, Spark executor) after start-up.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JSONL = ROOT.parent / "shared" / "data" / "saudinewsnet" / "syria_related_subset.jsonl"
SEED = ROOT / "src" / "marsad" / "samples" / "seed-aleppo-2019-12-12.txt"


def texts(n: int) -> list[str]:
    if not JSONL.is_file():
        return [SEED.read_text("utf-8")] * n
    found = []
    with JSONL.open(encoding="utf-8") as handle:
        for line in handle:
            found.append(json.loads(line).get("content") or "")
            if len(found) == n:
                break
    return found


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--stages", default="places")
    args = parser.parse_args()

    from marsad.document import Document
    from marsad.geo.gazetteer import default_gazetteer
    from marsad.pipeline import Pipeline

    start = time.perf_counter()
    gaz = default_gazetteer()
    print(
        f"gazetteer load: {time.perf_counter() - start:.3f} s ({len(gaz.entries):,} places, {len(gaz.names):,} names)"
    )
    start = time.perf_counter()
    pipeline = Pipeline.build(args.stages.split(","))
    print(f"pipeline build ({args.stages}): {time.perf_counter() - start:.3f} s")
    corpus = texts(args.n)
    chars = sum(len(t) for t in corpus)
    for text in corpus:  # warm-up pass
        pipeline(Document(text))
    docs = [Document(text) for text in corpus]
    cpu = time.process_time()
    wall = time.perf_counter()
    for doc in docs:
        pipeline(doc)
    cpu = time.process_time() - cpu
    wall = time.perf_counter() - wall
    errors = sum(len(d.errors) for d in docs)
    print(
        f"{len(docs)} articles ({chars / len(docs):,.0f} chars on average): CPU {cpu:.2f} s = "
        f"{len(docs) / cpu:,.0f} articles/s on one core (wall {wall:.2f} s); stage errors: {errors}"
    )


if __name__ == "__main__":
    main()
