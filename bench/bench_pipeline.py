"""CPU time per stage, wall time and peak memory of the analyze and ingest paths (one core).

    python bench/bench_pipeline.py [--data DIR | --jsonl FILE] [--n 1000] [--repeat 3] [--extraction learned] [--json OUT]

The same ``--n`` articles (SaudiNewsNet ZIPs in file order, or a JSON Lines
file of records) go through the pipeline ``--repeat`` times in this process
(``--unseen``: each run reads ``--n`` articles of its own),
after a warm-up that loads every resource.  Each stage is timed with
``time.process_time`` (CPU time of this process: on a shared machine, wall
time is mostly contention), and each run's wall time is reported beside it.

* analyze path = read + every pipeline stage + ``to_json`` (what ``marsad analyze --json`` does);
* ingest path = read + every pipeline stage + ``to_dict`` + store, where the store is split
  into ``store.prepare`` (rows, FTS columns, MinHash, JSON: the part that can run in a
  worker) and ``store.write`` (SQL in transactions of the ingest's batch size, into a fresh
  temporary database per run).

Figures: per stage, the median CPU seconds over the runs with their range, and the
articles/s that makes; per path, articles/s from the median CPU time and from the median
wall time; the process's peak RSS.  Peers in the same run: the times stage against
dateparser's ``search_dates`` on the first ``--peer-n`` articles (when dateparser is
installed), and HTML extraction by Marsad's reader against trafilatura's ``extract`` alone,
on pages made from the same articles.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import html
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from corpus import DEFAULT_DATA, iter_records, peak_rss_mib, require, run_slices
from marsad.document import Document
from marsad.ingest.service import BATCH_SIZE, TRANSACTION_SECONDS, normalised_clean
from marsad.pipeline import Pipeline, PipelineConfig
from marsad.readers.records import document_from_record
from marsad.store.queries import open_store, prepare_document

PAGE = """<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title}</title>
<meta property="article:published_time" content="{date}"></head><body>
<nav><a href="/">الرئيسية</a> <a href="/world">العالم</a> <a href="/sport">رياضة</a></nav>
<article><h1>{title}</h1>{paragraphs}</article>
<aside class="related"><h3>اقرأ أيضاً</h3><ul><li><a href="/a">خبر ذو صلة</a></li><li><a href="/b">خبر آخر</a></li></ul></aside>
<footer>جميع الحقوق محفوظة</footer></body></html>"""

ANALYZE_ONLY = ("to_json",)
INGEST_ONLY = ("to_dict", "store.prepare", "store.write")


def _page(record: dict[str, str]) -> bytes:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in record["content"].split("\n") if p.strip())
    return PAGE.format(
        title=html.escape(record.get("title") or ""), date=record["date_extracted"][:10], paragraphs=paragraphs
    ).encode("utf-8")


def load_records(data: Path | None, jsonl: Path | None, n: int) -> list[dict[str, Any]]:
    if jsonl is not None:
        records = []
        with jsonl.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    records.append(json.loads(line))
                if len(records) >= n:
                    break
        return records
    assert data is not None
    return list(iter_records(data, n))


def one_run(pipeline: Pipeline, records: list[dict[str, Any]], batch_size: int) -> tuple[dict[str, float], float]:
    """CPU seconds per part for one pass over ``records`` and the pass's wall seconds."""
    cpu = time.process_time
    spent: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "bench.db"))
        batch: list[Any] = []

        def write() -> None:
            t = cpu()
            store.write_prepared(batch, budget=TRANSACTION_SECONDS)
            spent["store.write"] = spent.get("store.write", 0.0) + cpu() - t
            batch.clear()

        wall_started = time.perf_counter()
        for record in records:
            t = cpu()
            doc = document_from_record(record, where="bench", published=None)
            spent["read"] = spent.get("read", 0.0) + cpu() - t
            pipeline.timed(doc, cpu, spent, release=False)  # as ingest: the store reads the stages' words
            t = cpu()
            doc.to_json()
            t2 = cpu()
            data = doc.to_dict()
            t3 = cpu()
            normalised, words = normalised_clean(doc)  # as the ingest service passes them
            batch.append(prepare_document(data, normalised_clean_text=normalised, normalised_words=words))
            doc.release_derived()
            t4 = cpu()
            spent["to_json"] = spent.get("to_json", 0.0) + t2 - t
            spent["to_dict"] = spent.get("to_dict", 0.0) + t3 - t2
            spent["store.prepare"] = spent.get("store.prepare", 0.0) + t4 - t3
            if len(batch) >= batch_size:
                write()
        if batch:
            write()
        wall = time.perf_counter() - wall_started
        store.close()
    return spent, wall


def bench_cpu(records: list[dict[str, Any]], repeat: int, batch_size: int, gc_mode: str = "default",
              extraction: str | None = None, unseen: bool = False) -> dict[str, Any]:
    """``unseen``: ``records`` holds ``repeat`` slices of equal size and each run reads its own, so a cache kept
    across documents never meets an article it has seen (repeated runs over the same articles flatter it)."""
    pipeline = Pipeline.build(config=PipelineConfig(extraction=extraction))
    # Warm up: load every resource once so start-up is not counted per stage.
    warm = Document("قالت وزارة الدفاع إن الطائرات قصفت مواقع في ريف حلب أمس.", published="2019-12-12")
    pipeline(warm)
    if gc_mode != "default":
        # freeze: the loaded word lists and models leave the collector's generations;
        # freeze+threshold: also collect the young generation less often.
        gc.freeze()
        if gc_mode == "freeze+threshold":
            gc.set_threshold(50_000, 20, 20)
    n = len(records) // repeat if unseen else len(records)
    slices = run_slices(records, n, repeat, unseen)
    runs = [one_run(pipeline, part, batch_size) for part in slices]
    names = list(runs[0][0])
    stages: dict[str, Any] = {}
    for name in names:
        values = [spent.get(name, 0.0) for spent, _wall in runs]
        median = statistics.median(values)
        stages[name] = {
            "cpu_s_median": round(median, 3),
            "cpu_s_min": round(min(values), 3),
            "cpu_s_max": round(max(values), 3),
            "articles_per_cpu_s": round(n / median, 1) if median else None,
        }

    def path(excluded: tuple[str, ...]) -> dict[str, Any]:
        totals = [sum(v for k, v in spent.items() if k not in excluded) for spent, _wall in runs]
        median = statistics.median(totals)
        shares = {
            name: round(100 * statistics.median([spent.get(name, 0.0) for spent, _ in runs]) / median, 1)
            for name in names if name not in excluded
        }
        return {
            "cpu_s_median": round(median, 3),
            "cpu_s_range": [round(min(totals), 3), round(max(totals), 3)],
            "articles_per_cpu_s": round(n / median, 1),
            "articles_per_cpu_s_range": [round(n / max(totals), 1), round(n / min(totals), 1)],
            "share_percent": shares,
        }

    walls = [wall for _spent, wall in runs]
    return {
        "articles": n,
        "mb": round(sum(len((r.get("content") or "").encode("utf-8")) for r in slices[0]) / 1e6, 2),
        "runs": repeat,
        "unseen": unseen,
        "gc": gc_mode,
        "extraction": extraction or "default",
        "stages": stages,
        "analyze_path": path(INGEST_ONLY),
        "ingest_path": path(ANALYZE_ONLY),
        "wall_s_per_run_median": round(statistics.median(walls), 3),
        "wall_s_per_run_range": [round(min(walls), 3), round(max(walls), 3)],
        "peak_rss_mib": round(peak_rss_mib(), 1),
    }


def bench_times_peer(records: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The times stage alone vs dateparser's ``search_dates`` on the same texts (CPU time)."""
    try:
        from dateparser.search import search_dates
    except ImportError:
        return None
    pipeline = Pipeline.build()
    pipeline(Document("قبل يومين، الأحد 12 كانون الأول 2019.", published="2019-12-12"))
    docs = []
    for record in records:
        doc = document_from_record(record, where="bench", published=None)
        docs.append(doc)
    spent: dict[str, float] = {}
    found = 0
    for doc in docs:
        pipeline.timed(doc, time.process_time, spent)
        found += len(doc.times)
    t = time.process_time()
    peer_found = 0
    for doc in docs:
        # Relative expressions resolve against the publication day, as the times stage does.
        settings: dict[str, Any] = {}
        if doc.published:
            with contextlib.suppress(ValueError):
                settings["RELATIVE_BASE"] = dt.datetime.fromisoformat(doc.published[:10])
        hits = search_dates(doc.text, languages=["ar"], settings=settings or None)
        peer_found += len(hits or [])
    peer = time.process_time() - t
    ours = spent.get("times", 0.0)
    return {
        "articles": len(docs),
        "marsad_times_cpu_s": round(ours, 3),
        "marsad_times_articles_per_cpu_s": round(len(docs) / ours, 1) if ours else None,
        "marsad_expressions": found,
        "dateparser_cpu_s": round(peer, 3),
        "dateparser_articles_per_cpu_s": round(len(docs) / peer, 1) if peer else None,
        "dateparser_expressions": peer_found,
    }


def bench_html_peer(records: list[dict[str, Any]]) -> dict[str, object]:
    import trafilatura

    from marsad.readers.html import document_from_html

    pages = [_page(r) for r in records]
    mb = sum(len(p) for p in pages) / 1e6
    t = time.process_time()
    for page in pages:
        document_from_html(page, source="bench", published=None)
    ours = time.process_time() - t
    t = time.process_time()
    for page in pages:
        trafilatura.extract(page.decode("utf-8"))
    peer = time.process_time() - t
    return {
        "pages": len(pages),
        "mb": round(mb, 2),
        "marsad_pages_per_cpu_s": round(len(pages) / ours, 1),
        "trafilatura_pages_per_cpu_s": round(len(pages) / peer, 1),
        "ratio_marsad_to_trafilatura": round(peer / ours, 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="directory of SaudiNewsNet ZIPs")
    parser.add_argument("--jsonl", type=Path, default=None, help="JSON Lines of records instead of --data")
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3, help="runs over the same articles (median and range)")
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="documents per store transaction")
    parser.add_argument("--peer-n", type=int, default=100, help="articles for the dateparser peer (0: skip)")
    parser.add_argument("--html-pages", type=int, default=200, help="pages for the trafilatura peer (0: skip)")
    parser.add_argument("--gc", choices=("default", "freeze", "freeze+threshold"), default="default",
                        help="garbage-collector setting after the warm-up (to measure GC tuning)")
    parser.add_argument("--extraction", choices=("rules", "learned"), default=None,
                        help="quotes and events extraction (default: the pipeline's default)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures as JSON here")
    parser.add_argument("--unseen", action="store_true",
                        help="each run reads --n articles of its own (n x repeat in all): the speed of a stream of "
                             "new articles, which a cache kept across documents cannot flatter")
    args = parser.parse_args()
    wanted = args.n * (args.repeat if args.unseen else 1)
    records = load_records(None if args.jsonl else require(args.data), args.jsonl, wanted)
    if args.unseen and len(records) < wanted:
        print(f"bench_pipeline: --unseen needs {wanted} articles, found {len(records)}", file=sys.stderr)
        return 2
    results: dict[str, Any] = {"cpu": bench_cpu(records, args.repeat, args.batch_size, args.gc, args.extraction,
                                                args.unseen)}
    if args.peer_n:
        results["times_peer"] = bench_times_peer(records[: args.peer_n])
    if args.html_pages:
        results["html_peer"] = bench_html_peer(records[: args.html_pages])
    cpu = results["cpu"]
    print(f"{cpu['articles']} articles, {cpu['mb']} MB, {cpu['runs']} runs, CPU time (process_time) of one process, "
          f"extraction {cpu['extraction']}")
    print(f"{'stage':14} {'CPU s median':>12} {'range':>15} {'articles/CPU s':>15} {'% of ingest':>11}")
    for name, figures in cpu["stages"].items():
        share = cpu["ingest_path"]["share_percent"].get(name, "")
        print(f"{name:14} {figures['cpu_s_median']:>12} {figures['cpu_s_min']:>7}–{figures['cpu_s_max']:<7} "
              f"{figures['articles_per_cpu_s']!s:>15} {share!s:>11}")
    for label in ("analyze_path", "ingest_path"):
        p = cpu[label]
        low, high = p["articles_per_cpu_s_range"]
        print(f"{label}: {p['articles_per_cpu_s']} articles/CPU s (range {low}–{high}), CPU {p['cpu_s_median']} s")
    print(f"wall per run (both paths' work): median {cpu['wall_s_per_run_median']} s, range "
          f"{cpu['wall_s_per_run_range'][0]}–{cpu['wall_s_per_run_range'][1]}; peak RSS {cpu['peak_rss_mib']} MiB")
    if results.get("times_peer"):
        tp = results["times_peer"]
        print(f"times peer on {tp['articles']} articles: marsad times stage {tp['marsad_times_articles_per_cpu_s']} "
              f"articles/CPU s ({tp['marsad_expressions']} expressions) vs dateparser search_dates "
              f"{tp['dateparser_articles_per_cpu_s']} ({tp['dateparser_expressions']} hits)")
    if results.get("html_peer"):
        hp = results["html_peer"]
        print(f"HTML: marsad {hp['marsad_pages_per_cpu_s']} pages/CPU s vs trafilatura.extract "
              f"{hp['trafilatura_pages_per_cpu_s']} (ratio {hp['ratio_marsad_to_trafilatura']})")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
