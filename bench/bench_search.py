"""Benchmark ``Store.search``: latency over a stored corpus.

    python bench/bench_search.py --db PATH [--repeat 5] [--limit 20] [--syntax]

Runs each query below ``--repeat`` times (the first round warms the page
cache and is not counted) and prints the median, 95th percentile and maximum
latency of a search (ranking plus snippets for ``--limit`` results) and of the
matching count used for paging.  ``--syntax`` adds queries with OR, an
exclusion, a phrase, a prefix and spelling variants (docs/search.md).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time

from marsad.store import open_store

# Everyday news words, names and places, some with clitics or unfolded hamza,
# plus two-word queries: what a user of the observatory would type.
QUERIES = (
    "أسلحة", "ادلب", "حلب", "سوريا", "دمشق", "الرياض", "النفط", "هجوم", "داعش", "الأمم المتحدة",
    "وزير الخارجية", "انفجار", "اليمن", "الحوثيين", "طهران", "مجلس الأمن", "الاقتصاد", "كرة القدم",
    "مستشفى", "اللاجئين", "بغداد", "غارات جوية", "المعارضة السورية", "إيران", "الحرس الثوري",
)

# Queries using the search syntax and spelling families.
SYNTAX_QUERIES = (
    "حلب OR إدلب", "سوريا -داعش", '"الأمم المتحدة"', '"وزير الخارجية" السعودي', "كيم*", "اقتصاد*",
    "الأسلحة الكيماوية", "الأميركية", "ميليشيا OR ميليشيات", "اليمن OR عدن OR صنعاء -الحوثيين",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--syntax", action="store_true", help="also time queries that use the search syntax")
    args = parser.parse_args()
    queries = QUERIES + SYNTAX_QUERIES if args.syntax else QUERIES
    search_ms: list[float] = []
    count_ms: list[float] = []
    hits: dict[str, int] = {}
    with open_store(args.db, readonly=True) as store:
        documents = store.count_documents()
        for round_ in range(args.repeat + 1):
            for query in queries:
                t = time.perf_counter()
                store.search(query, limit=args.limit)
                s = (time.perf_counter() - t) * 1000
                t = time.perf_counter()
                hits[query] = store.count_search(query)
                c = (time.perf_counter() - t) * 1000
                if round_:
                    search_ms.append(s)
                    count_ms.append(c)

    def summary(values: list[float]) -> dict[str, float]:
        ordered = sorted(values)
        return {"median_ms": round(statistics.median(ordered), 1),
                "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1), "max_ms": round(ordered[-1], 1)}

    sys.stdout.write(json.dumps({"documents": documents, "queries": len(queries), "repeat": args.repeat,
                                 "limit": args.limit, "search": summary(search_ms), "count": summary(count_ms),
                                 "hits": hits}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
