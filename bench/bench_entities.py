"""Benchmark the entity stage: start-up cost and CPU time per article on real news.

Reads SaudiNewsNet articles from the ZIPs in ``../shared/data/saudinewsnet``
(``--data``), prepares each document outside the clock (boilerplate stage and
the shared normalised view), then times the entities stage alone in process
CPU time (``time.process_time``), ``--repeat`` times over the same articles,
and reports the median and range, articles/s per core, the boilerplate stage's
time for comparison, peak RSS, entities per article by type and the share
found by the dictionaries vs the CRF.  ``--crfsuite`` tags with crfsuite from
feature strings (the training path) instead of the numpy scorer.  Start-up is
measured in a fresh interpreter: importing the stage, loading dictionaries,
automaton and model.

    python bench/bench_entities.py --limit 1000 --repeat 3
    python bench/bench_entities.py --limit 1000 --crfsuite
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from corpus import DEFAULT_DATA, iter_records, peak_rss_mib, require
from marsad.document import Document
from marsad.ner.crf import NerModel, split_tags
from marsad.stages.boilerplate import BoilerplateStage
from marsad.stages.entities import EntityStage

STARTUP = "import time; t=time.process_time(); from marsad.stages.entities import EntityStage; EntityStage(); print(time.process_time()-t)"


def startup_seconds() -> float:
    out = subprocess.run([sys.executable, "-c", STARTUP], check=True, capture_output=True, text=True)
    return float(out.stdout.strip())


def _use_crfsuite(model: NerModel) -> None:
    """Make this model tag through crfsuite and feature strings (the path before the numpy scorer)."""

    def tag_many(sentences, hits=None):  # type: ignore[no-untyped-def]
        return split_tags(model.tag_many_crfsuite(sentences, hits), sentences)

    model.tag_many = tag_many  # type: ignore[method-assign]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of SaudiNewsNet ZIPs")
    parser.add_argument("--limit", type=int, default=1000, help="articles to use")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes over the articles")
    parser.add_argument("--crfsuite", action="store_true", help="tag with crfsuite from feature strings")
    args = parser.parse_args()
    texts = [
        "\n".join(part for part in (record.get("title"), record.get("content")) if part)
        for record in iter_records(require(args.data), args.limit)
    ]
    boilerplate, entities = BoilerplateStage(), EntityStage()
    if args.crfsuite and entities.model is not None and hasattr(entities.model, "tag_many_crfsuite"):
        _use_crfsuite(entities.model)
    docs: list[Document] = []
    started = time.process_time()
    for text in texts:
        doc = Document(text)
        boilerplate(doc)
        docs.append(doc)
    boilerplate_seconds = time.process_time() - started
    for doc in docs:
        _ = doc.matching  # the shared view is built once per document by whichever stage asks first
    runs: list[float] = []
    for _run in range(args.repeat):
        for doc in docs:
            doc.entities.clear()
        started = time.process_time()
        for doc in docs:
            entities(doc)
        runs.append(time.process_time() - started)
    types: Counter[str] = Counter()
    dictionary = crf = 0
    for doc in docs:
        for entity in doc.entities:
            types[entity.type] += 1
            dictionary += bool(entity.id)
            crf += not entity.id
    total = sum(types.values())
    median = statistics.median(runs)
    chars = sum(len(text) for text in texts)
    print(f"articles: {len(texts)}  mean length: {chars / len(texts):.0f} chars  tagger: "
          + ("crfsuite (feature strings)" if args.crfsuite else "default"))
    print(f"start-up (fresh process, CPU): {startup_seconds():.2f} s")
    print(
        f"entity stage CPU: median {median:.2f} s (range {min(runs):.2f}–{max(runs):.2f}, {len(runs)} runs) "
        f"= {len(texts) / median:.0f} articles/s per core; boilerplate stage {boilerplate_seconds:.2f} s (one run)"
    )
    print(f"peak RSS: {peak_rss_mib():.0f} MiB")
    print(f"entities per article: {total / len(texts):.1f}  " + ", ".join(f"{k} {v}" for k, v in types.most_common()))
    print(f"with a dictionary id: {dictionary} ({100 * dictionary / max(total, 1):.0f}%), CRF-only: {crf}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
