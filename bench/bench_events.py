"""Speed of the quotes and events stages, and of the whole analyze pipeline, on real articles.

    python bench/bench_events.py [--data ../shared/data/saudinewsnet/syria_related_subset.jsonl] [--n 1000]

One core, CPU time (process_time: the machine may be shared), after start-up (every
stage is warmed on one sentence first), median of ``--rounds`` repetitions with the
range. ``--unseen``: each round reads articles of its own, so no round meets an article a
cache kept across documents has seen (repeated rounds otherwise flatter such caches). The rule
set alone and the learned models (the shipped ones, or ``--attribution-model``) are measured in
the same run, on the same articles.
Reports articles/s of the quotes and events stages together and of the whole
pipeline, median seconds per stage, quotes and events per article. Prints one
JSON object.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from corpus import run_slices
from marsad.attribution.learned.extract import resolve_models
from marsad.document import Document
from marsad.pipeline import Pipeline, PipelineConfig

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "data" / "saudinewsnet" / "syria_related_subset.jsonl"


def _docs(path: Path, n: int) -> list[Document]:
    docs: list[Document] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            docs.append(Document(record["content"], url=record.get("url"), title=record.get("title"),
                                 published=str(record.get("date_extracted", ""))[:10] or None))
            if len(docs) >= n:
                break
    return docs


def _one_round(pipeline: Pipeline, docs: list[Document]) -> tuple[dict[str, float], list[Document]]:
    spent: dict[str, float] = {}
    done = []
    for original in docs:
        doc = Document(original.text, url=original.url, title=original.title, published=original.published)
        pipeline.timed(doc, time.process_time, spent)
        done.append(doc)
    return spent, done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3, help="repetitions; the median is reported")
    parser.add_argument("--attribution-model", help="a model file (default: the shipped one)")
    parser.add_argument("--unseen", action="store_true",
                        help="each round reads its own --n articles (n x rounds in all), so a cache kept across "
                             "documents never meets an article it has seen: the speed of a stream of new articles")
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"bench_events: {args.data} not found (pass --data FILE)", file=sys.stderr)
        raise SystemExit(2)
    docs = _docs(args.data, args.n * (args.rounds if args.unseen else 1))
    if args.unseen and len(docs) < args.n * args.rounds:
        print(f"bench_events: --unseen needs {args.n * args.rounds} articles, {args.data} has {len(docs)}",
              file=sys.stderr)
        raise SystemExit(2)
    models = resolve_models("learned", args.attribution_model)
    variants = ["rules", "learned"] if models is not None else ["rules"]
    per_round_n = args.n if args.unseen else len(docs)
    report: dict[str, Any] = {"articles": per_round_n, "rounds": args.rounds, "unseen": args.unseen,
                              "clock": "process CPU time, one core"}
    for name in variants:
        pipeline = Pipeline.from_config(PipelineConfig(extraction=name, attribution_model=args.attribution_model))
        pipeline(Document("قالت وزارة الدفاع إن الطائرات قصفت مواقع في ريف حلب أمس.", published="2019-12-12"))
        report["stages"] = pipeline.names
        rounds = [_one_round(pipeline, part) for part in run_slices(docs, per_round_n, args.rounds, args.unseen)]
        per_round = [r[0]["quotes"] + r[0]["events"] for r in rounds]
        whole = [sum(r[0].values()) for r in rounds]
        done = rounds[-1][1]
        statuses = Counter(ev.status for doc in done for ev in doc.events)
        report[name] = {
            "quotes_events_articles_per_s": round(per_round_n / statistics.median(per_round), 1),
            "quotes_events_range": [round(per_round_n / max(per_round), 1), round(per_round_n / min(per_round), 1)],
            "pipeline_articles_per_s": round(per_round_n / statistics.median(whole), 1),
            "median_seconds": {stage: round(statistics.median(r[0][stage] for r in rounds), 3)
                               for stage in pipeline.names},
            "quotes_per_article": round(sum(len(d.quotes) for d in done) / max(1, len(done)), 2),
            "events_per_article": round(sum(len(d.events) for d in done) / max(1, len(done)), 2),
            "event_statuses": dict(statuses),
            "stage_errors": sum(1 for d in done for e in d.errors if e.stage in ("quotes", "events")),
        }
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
