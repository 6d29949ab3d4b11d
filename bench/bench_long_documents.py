"""CPU time per character and peak memory of the pipeline on one long document, by stage.

    python bench/bench_long_documents.py [--data ../shared/data/saudinewsnet] [--sizes 25000,100000,400000]
    python bench/bench_long_documents.py --sizes 5000000 --budget 10   # where the CPU budget stops it

Each size is one document made of consecutive real articles (joined by blank lines) up to that many
characters, analysed in a fresh process so that peak RSS (``ru_maxrss``) is that document's. Reports
per stage the CPU seconds (``time.process_time``) and microseconds per character: a stage whose cost
per character grows with the size is super-linear. Prints one JSON object per size.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import DEFAULT_DATA, iter_records, require


def _one(data: Path, size: int, budget: float | None) -> dict[str, object]:
    from marsad.document import Document
    from marsad.pipeline import Pipeline, PipelineConfig

    parts: list[str] = []
    total = 0
    for record in iter_records(data):
        text = record.get("content")
        if isinstance(text, str) and text.strip():
            parts.append(text.strip())
            total += len(text) + 2
            if total >= size:
                break
    text = "\n\n".join(parts)[:size]
    pipeline = Pipeline.build(None, PipelineConfig(cpu_budget=budget))
    pipeline(Document("قالت وزارة الدفاع إن الطائرات قصفت مواقع في ريف حلب أمس.", published="2019-12-12"))
    spent: dict[str, float] = {}
    started = time.process_time()
    doc = pipeline.timed(Document(text, published="2015-08-01"), time.process_time, spent)
    whole = time.process_time() - started
    return {
        "chars": len(text), "cpu_s": round(whole, 2), "us_per_char": round(whole / len(text) * 1e6, 2),
        "stages_us_per_char": {k: round(v / len(text) * 1e6, 2) for k, v in spent.items()},
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "errors": [e.stage for e in doc.errors],
        "budget_notes": [n.message for n in doc.notes if n.kind == "budget"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sizes", default="25000,100000,400000")
    parser.add_argument("--budget", type=float, help="CPU budget per document in seconds (default: the pipeline's)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # the child process's size
    args = parser.parse_args()
    require(args.data)
    if args.one:
        print(json.dumps(_one(args.data, args.one, args.budget)))
        return
    budget = ["--budget", str(args.budget)] if args.budget is not None else []
    for size in (int(s) for s in args.sizes.split(",")):
        run = subprocess.run([sys.executable, __file__, "--data", str(args.data), "--one", str(size), *budget],
                             capture_output=True, text=True, check=False)
        print(run.stdout.strip() or json.dumps({"chars": size, "error": run.stderr.strip()[-300:]}), flush=True)


if __name__ == "__main__":
    main()
