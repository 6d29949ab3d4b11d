"""Benchmark the entity stage: start-up cost and articles per second on real news.

Reads SaudiNewsNet's Syria-related subset (``../shared/data/saudinewsnet``),
runs boilerplate → entities over every article (one core, after start-up) and
reports articles/s, tokens/s, entities per article by type, and the share of
entities found by the dictionaries vs the CRF.  Start-up is measured in a fresh
interpreter: importing the stage, loading dictionaries, automaton and model.

    python bench/bench_entities.py                  # ../shared beside the repo
    python bench/bench_entities.py --limit 500
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from marsad.document import Document
from marsad.stages.boilerplate import BoilerplateStage
from marsad.stages.entities import EntityStage

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared"

STARTUP = "import time; t=time.process_time(); from marsad.stages.entities import EntityStage; EntityStage(); print(time.process_time()-t)"


def startup_seconds() -> float:
    out = subprocess.run([sys.executable, "-c", STARTUP], check=True, capture_output=True, text=True)
    return float(out.stdout.strip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--limit", type=int, default=0, help="articles to use (0 = all)")
    args = parser.parse_args()
    path = args.shared / "data" / "saudinewsnet" / "syria_related_subset.jsonl"
    if not path.is_file():
        print(f"bench_entities: {path.name} not found under {args.shared}", file=sys.stderr)
        return 2
    texts: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            texts.append("\n".join(part for part in (record.get("title"), record.get("content")) if part))
            if args.limit and len(texts) >= args.limit:
                break

    boilerplate, entities = BoilerplateStage(), EntityStage()
    types: Counter[str] = Counter()
    dictionary = crf = 0
    chars = 0
    spent = 0.0
    for text in texts:
        doc = Document(text)
        boilerplate(doc)
        _ = doc.matching  # the shared view is built once per document by whichever stage asks first
        started = time.process_time()
        entities(doc)
        spent += time.process_time() - started
        chars += len(text)
        for entity in doc.entities:
            types[entity.type] += 1
            if entity.id:
                dictionary += 1
            else:
                crf += 1
    total = sum(types.values())
    print(f"articles: {len(texts)}  mean length: {chars / len(texts):.0f} chars")
    print(f"start-up (fresh process, CPU): {startup_seconds():.2f} s")
    print(
        f"entity stage: {len(texts) / spent:.0f} articles/s, {chars / spent / 1000:.0f}k chars/s (one core, CPU time)"
    )
    print(
        f"entities per article: {total / len(texts):.1f}  "
        + ", ".join(f"{k} {v}" for k, v in types.most_common())
    )
    print(f"with a dictionary id: {dictionary} ({100 * dictionary / max(total, 1):.0f}%), CRF-only: {crf}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
