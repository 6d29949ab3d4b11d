"""Per-stage throughput and peak memory of the whole pipeline on real articles (one core).

    python bench/bench_pipeline.py [--data DIR] [--n 5000] [--json OUT]

Stages timed one by one on the same documents: read (the ZIP/JSON reader),
boilerplate, repair, entities, places, times, quotes, events, and store
(SQLite insert with FTS and clustering into a temporary database).  Reported
per stage: articles/s and MB/s (UTF-8 bytes of article text) over the time
spent in that stage only, plus the whole pipeline's articles/s and the
process's peak RSS.  Peers in the same run: HTML extraction by Marsad's reader
(trafilatura + related-block removal + metadata) vs trafilatura's ``extract``
alone, on pages made from the same articles.
"""

from __future__ import annotations

import argparse
import html
import json
import tempfile
import time
from pathlib import Path

from corpus import DEFAULT_DATA, iter_records, peak_rss_mib, require
from marsad.document import Document
from marsad.pipeline import Pipeline
from marsad.readers.records import document_from_record

PAGE = """<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title}</title>
<meta property="article:published_time" content="{date}"></head><body>
<nav><a href="/">الرئيسية</a> <a href="/world">العالم</a> <a href="/sport">رياضة</a></nav>
<article><h1>{title}</h1>{paragraphs}</article>
<aside class="related"><h3>اقرأ أيضاً</h3><ul><li><a href="/a">خبر ذو صلة</a></li><li><a href="/b">خبر آخر</a></li></ul></aside>
<footer>جميع الحقوق محفوظة</footer></body></html>"""


def _page(record: dict[str, str]) -> bytes:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in record["content"].split("\n") if p.strip())
    return PAGE.format(
        title=html.escape(record.get("title") or ""), date=record["date_extracted"][:10], paragraphs=paragraphs
    ).encode("utf-8")


def bench_stages(data: Path, n: int) -> dict[str, object]:
    pipeline = Pipeline.build()
    # Warm up: load every resource once so start-up is not counted per stage.
    warm = Document("قالت وزارة الدفاع إن الطائرات قصفت مواقع في ريف حلب أمس.", published="2019-12-12")
    pipeline(warm)

    spent: dict[str, float] = {"read": 0.0, **{name: 0.0 for name in pipeline.names}, "store": 0.0}
    docs_bytes = 0
    count = 0
    from marsad.store.queries import open_store

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "bench.db"))
        records = iter_records(data, n)
        started = time.perf_counter()
        while True:
            t = time.perf_counter()
            record = next(records, None)
            if record is None:
                break
            doc = document_from_record(record, where="bench", published=None)
            spent["read"] += time.perf_counter() - t
            pipeline.timed(doc, time.perf_counter, spent)
            t = time.perf_counter()
            store.add_document(doc)
            spent["store"] += time.perf_counter() - t
            docs_bytes += len(doc.text.encode("utf-8"))
            count += 1
        wall = time.perf_counter() - started
        store.close()
    mb = docs_bytes / 1e6
    stages = {
        name: {
            "seconds": round(seconds, 2),
            "articles_per_s": round(count / seconds, 1) if seconds else None,
            "mb_per_s": round(mb / seconds, 2) if seconds else None,
        }
        for name, seconds in spent.items()
    }
    nlp = sum(v for k, v in spent.items() if k not in ("read", "store"))
    return {
        "articles": count,
        "mb": round(mb, 2),
        "stages": stages,
        "pipeline_articles_per_s": round(count / nlp, 1),
        "end_to_end_articles_per_s": round(count / wall, 1),
        "peak_rss_mib": round(peak_rss_mib(), 1),
    }


def bench_html_peer(data: Path, n: int) -> dict[str, object]:
    import trafilatura

    from marsad.readers.html import document_from_html

    pages = [_page(r) for r in iter_records(data, n)]
    mb = sum(len(p) for p in pages) / 1e6
    t = time.perf_counter()
    for page in pages:
        document_from_html(page, source="bench", published=None)
    ours = time.perf_counter() - t
    t = time.perf_counter()
    for page in pages:
        trafilatura.extract(page.decode("utf-8"))
    peer = time.perf_counter() - t
    return {
        "pages": len(pages),
        "mb": round(mb, 2),
        "marsad_pages_per_s": round(len(pages) / ours, 1),
        "trafilatura_pages_per_s": round(len(pages) / peer, 1),
        "ratio_marsad_to_trafilatura": round(peer / ours, 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--html-pages", type=int, default=1000)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures as JSON here")
    args = parser.parse_args()
    data = require(args.data)
    results = {"stages": bench_stages(data, args.n), "html_peer": bench_html_peer(data, args.html_pages)}
    stages = results["stages"]
    assert isinstance(stages, dict)
    print(f"{stages['articles']} articles, {stages['mb']} MB, one core")
    print(f"{'stage':12} {'articles/s':>11} {'MB/s':>8}")
    for name, figures in stages["stages"].items():
        print(f"{name:12} {figures['articles_per_s']!s:>11} {figures['mb_per_s']!s:>8}")
    print(f"pipeline (NLP stages): {stages['pipeline_articles_per_s']} articles/s; "
          f"end to end with read and store: {stages['end_to_end_articles_per_s']} articles/s; "
          f"peak RSS {stages['peak_rss_mib']} MiB")
    peer = results["html_peer"]
    assert isinstance(peer, dict)
    print(f"HTML: marsad {peer['marsad_pages_per_s']} pages/s vs trafilatura.extract {peer['trafilatura_pages_per_s']} "
          f"pages/s (ratio {peer['ratio_marsad_to_trafilatura']})")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
