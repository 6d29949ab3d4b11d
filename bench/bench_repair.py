"""Throughput of repair + normalisation on real articles, beside a baseline that does less.

Usage (from the repository root)::

    python bench/bench_repair.py [DATA_DIR] [--n 5000] [--rounds 3]

DATA_DIR holds the SaudiNewsNet ZIPs (one JSON array of articles each); the
default is ``../shared/data/saudinewsnet``.  One process, one core.  Reported:
MB/s (UTF-8 bytes of article text) and articles/s for

* repair + normalize: the repair decisions applied to the string, then
  string normalisation (``normalize``) -- the figure the target refers to;
* ``RepairStage`` + ``doc.clean``: the stage as the pipeline runs it, with the
  repaired view and its offset map;
* ``RepairStage`` + ``doc.matching``: also the normalised view with its
  offset map composed back to the original;
* ``baseline``: pyarabic ``strip_tatweel`` + ``strip_tashkeel`` (no repair,
  no offsets), and camel_tools' ``normalize_*`` utilities when installed.

Peak memory is the process's maximum resident set size, taken before the
lexicon is loaded and at the end.
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from corpus import DEFAULT_DATA, iter_records


def iter_articles(data_dir: Path, limit: int) -> Iterator[str]:
    """Non-empty article bodies from the ZIPs of JSON arrays, in file order."""
    bodies = (r["content"] for r in iter_records(data_dir) if isinstance(r.get("content"), str) and r["content"].strip())
    return itertools.islice(bodies, limit)


def peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def timed(label: str, func: Callable[[str], object], texts: list[str], rounds: int) -> dict[str, float]:
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for text in texts:
            func(text)
        best = min(best, time.process_time() - start)
    return {
        "label": label,  # type: ignore[dict-item]
        "seconds": round(best, 3),
        "mb_per_s": round(megabytes / best, 2),
        "articles_per_s": round(len(texts) / best, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA, help="directory of SaudiNewsNet ZIPs")
    parser.add_argument("--n", type=int, default=5000, help="number of articles (default 5000)")
    parser.add_argument("--rounds", type=int, default=3, help="timing rounds; the best is kept (default 3)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"bench: {args.data}: not a directory of SaudiNewsNet ZIPs", file=sys.stderr)
        return 2

    texts = list(iter_articles(args.data, args.n))
    if not texts:
        print(f"bench: {args.data}: no articles found", file=sys.stderr)
        return 2
    rss_before = peak_rss_mb()

    from pyarabic import araby

    from marsad.document import Document
    from marsad.stages.repair import RepairStage
    from marsad.text.deobfuscate import Deobfuscator
    from marsad.text.lexicon import Lexicon
    from marsad.text.normalize import normalize

    Lexicon.get()  # built once per process, as in the pipeline; not timed
    stage = RepairStage()
    deobfuscator = Deobfuscator()

    def marsad_full(text: str) -> object:
        doc = Document(text)
        stage(doc)
        return doc.matching.text

    def marsad_stage(text: str) -> object:
        doc = Document(text)
        stage(doc)
        return doc.clean.text

    def marsad_fast(text: str) -> object:
        found = deobfuscator.find(text)
        if not found:
            return normalize(text)
        parts, pos = [], 0
        for f in found:
            parts.append(text[pos : f.start])
            parts.append(f.replacement)
            pos = f.end
        parts.append(text[pos:])
        return normalize("".join(parts))

    def baseline_pyarabic(text: str) -> object:
        return araby.strip_tashkeel(araby.strip_tatweel(text))

    results = [
        timed("marsad: repair + normalize (strings)", marsad_fast, texts, args.rounds),
        timed("marsad: RepairStage + doc.clean (offset map)", marsad_stage, texts, args.rounds),
        timed("marsad: RepairStage + doc.matching (offset maps)", marsad_full, texts, args.rounds),
        timed("baseline: pyarabic strip_tatweel+strip_tashkeel", baseline_pyarabic, texts, args.rounds),
    ]
    try:
        from camel_tools.utils import normalize as camel

        def baseline_camel(text: str) -> object:
            text = camel.normalize_unicode(text)
            text = camel.normalize_alef_ar(text)
            text = camel.normalize_alef_maksura_ar(text)
            return camel.normalize_teh_marbuta_ar(text)

        results.append(timed("baseline camel_tools normalize_*", baseline_camel, texts, args.rounds))
    except ImportError:
        results.append({"label": "baseline camel_tools normalize_*: not installed (pulls in torch)"})  # type: ignore[dict-item]

    kinds: Counter[str] = Counter(f.kind for t in texts for f in deobfuscator.find(t))
    repairs = sum(kinds.values())
    words = sum(len(t.split()) for t in texts)
    report = {
        "articles": len(texts),
        "megabytes": round(sum(len(t.encode("utf-8")) for t in texts) / 1e6, 2),
        "words": words,
        "repairs_on_clean_news": repairs,
        "repairs_on_clean_news_by_kind": dict(kinds),
        "results": results,
        "ratio_marsad_to_pyarabic": round(results[0]["mb_per_s"] / results[3]["mb_per_s"], 3),
        "peak_rss_mb_before_lexicon": round(rss_before, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
        return 0
    print(f"{report['articles']} articles, {report['megabytes']} MB of UTF-8 text, one core")
    for row in results:
        if "mb_per_s" in row:
            print(f"  {row['label']:55} {row['mb_per_s']:8.2f} MB/s {row['articles_per_s']:9.1f} articles/s")
        else:
            print(f"  {row['label']}")
    print(f"  ratio repair+normalize / pyarabic baseline: {report['ratio_marsad_to_pyarabic']}")
    print(f"  repairs made on the clean articles ({words} words): {repairs} {dict(kinds)}")
    print(f"  peak RSS: {report['peak_rss_mb']} MB (before the lexicon: {report['peak_rss_mb_before_lexicon']} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
