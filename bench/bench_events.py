"""Speed of the quotes and events stages, and of the whole analyze pipeline, on real articles.

    python bench/bench_events.py [--data ../shared/data/saudinewsnet/syria_related_subset.jsonl] [--n 1000]

One core, CPU time (process_time: the machine may be shared), after start-up (every
stage is warmed on one sentence first).  Reports
articles/s for the whole default pipeline (what ``marsad analyze`` runs) and the
seconds spent in the quotes and events stages alone, plus quotes and events per
article.  Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

from marsad.document import Document
from marsad.pipeline import Pipeline

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "data" / "saudinewsnet" / "syria_related_subset.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--n", type=int, default=1000)
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"bench_events: {args.data} not found (pass --data FILE)", file=sys.stderr)
        raise SystemExit(2)
    docs: list[Document] = []
    with args.data.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            docs.append(Document(record["content"], url=record.get("url"), title=record.get("title"),
                                 published=str(record.get("date_extracted", ""))[:10] or None))
            if len(docs) >= args.n:
                break
    pipeline = Pipeline.build()
    pipeline(Document("قالت وزارة الدفاع إن الطائرات قصفت مواقع في ريف حلب أمس.", published="2019-12-12"))
    spent: Counter[str] = Counter()
    chars = 0
    started = time.process_time()
    for doc in docs:
        for stage in pipeline.stages:
            t = time.process_time()
            Pipeline._run_stage(stage, doc)
            spent[stage.name] += time.process_time() - t
        chars += len(doc.text)
    wall = time.process_time() - started
    statuses = Counter(ev.status for doc in docs for ev in doc.events)
    errors = sum(1 for doc in docs for e in doc.errors if e.stage in ("quotes", "events"))
    print(json.dumps({
        "articles": len(docs),
        "stages": pipeline.names,
        "pipeline_articles_per_s": round(len(docs) / wall, 1),
        "quotes_events_articles_per_s": round(len(docs) / max(1e-9, spent["quotes"] + spent["events"]), 1),
        "seconds": {name: round(sec, 2) for name, sec in spent.items()},
        "chars_per_article": round(chars / max(1, len(docs))),
        "quotes_per_article": round(sum(len(d.quotes) for d in docs) / max(1, len(docs)), 2),
        "events_per_article": round(sum(len(d.events) for d in docs) / max(1, len(docs)), 2),
        "event_statuses": dict(statuses),
        "stage_errors": errors,
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
