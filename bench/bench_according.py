"""Benchmark "according to whom": the claims filter of events and the quotes list, CPU time.

    python bench/bench_according.py --db PATH [--rounds 5]

For each claimant, the events page (50) and its count under ``Filters(claimed_by=…)`` through the
label index (the server's way, warm), against the same filter without the index (every row's labels
normalised in SQL, the cost of a scan); then pages of ``Store.quotes`` unfiltered, by speaker and by
text.  CPU time (``time.process_time``), the median of ``--rounds`` runs after one warm-up run.
Keep the database outside the repository (it is built from SaudiNewsNet).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

from marsad.store import Filters, LabelIndex, QuoteFilters, open_store
from marsad.store.filters import EVENT_CONDITIONS, where
from marsad.store.quotes import SpeakerIndex

CLAIMANTS = ("المرصد السوري", "واس", "RT", "وزارة الداخلية", "مصدر", "جون كيري")
SPEAKERS = ("جون كيري", "المرصد السوري", "وزارة الخارجية", "الأمم المتحدة")
TEXTS = ("الأسلحة الكيميائية", "الاتفاق النووي", "الإرهاب")


def cpu(step: Callable[[], Any], rounds: int) -> tuple[Any, float]:
    """The step's answer and the median CPU time of ``rounds`` runs (ms), after one warm-up run."""
    answer = step()
    times = []
    for _ in range(rounds):
        start = time.process_time()
        step()
        times.append(time.process_time() - start)
    return answer, statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with open_store(args.db, readonly=True) as store:
        one = store.conn.execute
        print(f"{one('SELECT COUNT(*) FROM documents').fetchone()[0]} documents, "
              f"{one('SELECT COUNT(*) FROM events').fetchone()[0]} event reports, "
              f"{one('SELECT COUNT(*) FROM quotes').fetchone()[0]} quotes")
        labels, speakers = LabelIndex(), SpeakerIndex()
        (_, built) = cpu(lambda: LabelIndex().refresh(store.conn), 1)
        print(f"label index built from nothing: {built:.1f} ms")
        for value in CLAIMANTS:
            filters = Filters(claimed_by=value)

            def indexed(f: Filters = filters) -> int:
                store.events(f, limit=50, labels=labels)
                return store.count_events(f, labels=labels)

            where_sql, params = where(EVENT_CONDITIONS, filters)  # no index: labels normalised in SQL

            def scan(w: str = where_sql, p: list[Any] = params) -> int:
                return int(one(f"SELECT COUNT(*) FROM events e{w}", p).fetchone()[0])

            (count, fast), (scanned, slow) = cpu(indexed, args.rounds), cpu(scan, args.rounds)
            print(f"events claimed_by={value!r}: {count} reports, page + count {fast:.2f} ms"
                  f" | without the index {slow:.2f} ms ({scanned} by any part of a label)")
        (_, facets) = cpu(lambda: store.event_facets(Filters(), labels=labels), args.rounds)
        print(f"facets with claimants, unfiltered: {facets:.2f} ms")
        cases = [("unfiltered", QuoteFilters())]
        cases += [(f"speaker={s!r}", QuoteFilters(speaker=s)) for s in SPEAKERS]
        cases += [(f"q={t!r}", QuoteFilters(q=t)) for t in TEXTS]
        cases += [("min_confidence=0.5", QuoteFilters(min_confidence=0.5))]
        for name, quote_filters in cases:
            ((_, total), ms) = cpu(lambda f=quote_filters: store.quotes(f, limit=50, speakers=speakers), args.rounds)
            print(f"quotes {name}: {total} quotes, page of 50 + count {ms:.2f} ms")


if __name__ == "__main__":
    main()
