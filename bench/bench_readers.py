"""Readers: throughput, encoding detection, HTML extraction quality, and hostile-input bounds.

Usage (from the repository root)::

    python bench/bench_readers.py [--data DIR] [--n 2000] [--skip-hostile]

DATA (default ``../shared/data/saudinewsnet``) holds the SaudiNewsNet ZIPs; nothing
from it is written anywhere.  Reported:

* ZIP throughput: every article of every daily ZIP through ``read_inputs``
  (documents/s, MB/s of expanded JSON, peak RSS);
* encoding detection: N real articles encoded as UTF-8, UTF-8+BOM, UTF-16 LE/BE
  with and without BOM, and windows-1256, then decoded: share decoded exactly;
* HTML: N real articles wrapped in a synthetic news page (navigation, an inline
  "read also" line, a related-links block, a related heading + list, a script,
  a footer) and extracted: line precision/recall of article text, pages/s;
* hostile inputs, each in a fresh process: wall time and peak RSS for a 50 MB
  single line, 10,000-deep HTML, a ZIP bomb, a WARC declaring a 2 GB record, a
  billion-laughs feed and a 100,000-entry feed.
"""

from __future__ import annotations

import argparse
import codecs
import html
import json
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import DEFAULT_DATA, iter_records, require
from marsad.readers import ReadFailure, ReadLimits, read_inputs
from marsad.readers.html import document_from_html
from marsad.readers.text import DecodeError, decode_bytes


def peak_mb() -> float:
    """Peak resident memory of this process image (VmHWM; ru_maxrss would carry the parent's over exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_zip(data_dir: Path) -> None:
    zips = sorted(data_dir.glob("*.zip"))
    expanded = sum(info.file_size for z in zips for info in zipfile.ZipFile(z).infolist())
    started = time.perf_counter()
    docs = failures = 0
    for item in read_inputs([str(z) for z in zips]):
        if isinstance(item, ReadFailure):
            failures += 1
        else:
            docs += 1
    elapsed = time.perf_counter() - started
    print(
        f"zip: {len(zips)} archives, {docs:,} documents, {failures:,} failures (empty records) in {elapsed:.1f} s: "
        f"{docs / elapsed:,.0f} docs/s, {expanded / 1e6 / elapsed:.1f} MB/s expanded JSON; peak RSS {peak_mb():.0f} MB"
    )


ENCODINGS = [
    ("utf-8", b""),
    ("utf-8", codecs.BOM_UTF8),
    ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-16-le", b""),
    ("utf-16-be", b""),
    ("cp1256", b""),
]


def bench_encodings(texts: list[str]) -> None:
    for encoding, bom in ENCODINGS:
        right = wrong = refused = unencodable = 0
        for text in texts:
            try:
                data = bom + text.encode(encoding)
            except UnicodeEncodeError:
                unencodable += 1
                continue
            try:
                decoded, _ = decode_bytes(data)
            except DecodeError:
                refused += 1
                continue
            if decoded == text:
                right += 1
            else:
                wrong += 1
        tried = right + wrong + refused
        label = encoding + (" +BOM" if bom else "")
        print(
            f"encoding {label:14}: {right}/{tried} decoded exactly ({100 * right / max(tried, 1):.2f}%), "
            f"{wrong} wrong, {refused} refused; {unencodable} articles not encodable in it"
        )


PAGE = """<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"><title>{title} | موقع</title>
<script>var s = "سطر برمجي";</script></head><body>
<nav><a href="/">الصفحة الأولى للموقع</a> <a href="/a">أخبار</a> <a href="/b">رياضة</a></nav>
<article><h1>{title}</h1>{first}<p>إقرأ أيضاً: <a href="/r">عنوان خبر آخر مرتبط</a></p>{rest}
<div class="related-posts"><h3>أخبار ذات صلة</h3><ul><li><a href="/x">خبر مرتبط أول</a></li>
<li><a href="/y">خبر مرتبط ثان</a></li></ul></div>
<h3>مواضيع ذات صلة</h3><ul><li><a href="/z">موضوع مرتبط</a></li></ul></article>
<footer>جميع الحقوق محفوظة</footer></body></html>"""
NOT_ARTICLE = (
    "عنوان خبر آخر مرتبط",
    "خبر مرتبط أول",
    "خبر مرتبط ثان",
    "موضوع مرتبط",
    "سطر برمجي",
    "جميع الحقوق محفوظة",
    "الصفحة الأولى للموقع",
)


def bench_html(records: list[dict[str, str]]) -> None:
    true_pos = extracted_lines = gold_lines = leaked = failures = 0
    started = time.perf_counter()
    for record in records:
        paragraphs = [" ".join(p.split()) for p in record["content"].split("\n") if len(p.split()) >= 3]
        if not paragraphs:
            continue
        page = PAGE.format(
            title=html.escape(record.get("title") or "خبر"),
            first=f"<p>{html.escape(paragraphs[0])}</p>",
            rest="".join(f"<p>{html.escape(p)}</p>" for p in paragraphs[1:]),
        )
        try:
            doc = document_from_html(page.encode(), source="bench", published=None)
        except DecodeError:
            failures += 1
            gold_lines += len(paragraphs)
            continue
        lines = [" ".join(line.split()) for line in doc.text.split("\n") if line.strip()]
        gold = set(paragraphs) | {" ".join((record.get("title") or "خبر").split())}
        extracted_lines += len(lines)
        true_pos += sum(1 for line in lines if line in gold)
        gold_lines += len(paragraphs)
        leaked += sum(1 for line in lines if any(marker in line for marker in NOT_ARTICLE))
    elapsed = time.perf_counter() - started
    found = true_pos
    precision = true_pos / max(extracted_lines, 1)
    recall = min(found, gold_lines) / max(gold_lines, 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-9)
    print(
        f"html: {len(records)} pages in {elapsed:.1f} s ({len(records) / elapsed:.0f} pages/s); article lines "
        f"P={precision:.3f} R={recall:.3f} F1={f1:.3f}; furniture lines leaked: {leaked}; pages with no text: {failures}"
    )


# -- hostile inputs, one fresh process each -------------------------------------------------
def make_hostile(name: str, folder: Path) -> Path:
    if name == "50MB-line":
        path = folder / "line.txt"
        path.write_bytes(b"a" * 50 * 1024 * 1024)
    elif name == "jsonl-50MB-line":
        path = folder / "line.jsonl"
        with path.open("wb") as out:
            out.write(
                b'{"text": "'
                + b"b" * 50 * 1024 * 1024
                + b'"}\n{"text": "\u0646\u0635 \u0633\u0644\u064a\u0645"}\n'
            )
    elif name == "deep-html":
        path = folder / "deep.html"
        path.write_text(
            "<html><body>" + "<div>" * 10_000 + "<p>نص</p>" + "</div>" * 10_000 + "</body></html>"
        )
    elif name == "zip-bomb":
        path = folder / "bomb.zip"
        with (
            zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive,
            archive.open("bomb.json", "w", force_zip64=True) as member,
        ):
            block = b" " * (1 << 20)
            for _ in range(1024):  # 1 GiB of spaces, ~1 MB compressed
                member.write(block)
    elif name == "warc-2GB-record":
        path = folder / "huge.warc"
        head = (
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.example.org/x\r\n"
            "WARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000000>\r\n"
            "Content-Type: application/http; msgtype=response\r\nContent-Length: 2147483648\r\n\r\n"
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
        )
        path.write_bytes(head.encode() + b"<html><body>" + b"x" * 100_000)
    elif name == "billion-laughs":
        path = folder / "laughs.xml"
        entities = '<!ENTITY lol "lol">' + "".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
        )
        path.write_text(
            f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]><rss><channel><item><title>&lol9;</title></item></channel></rss>'
        )
    elif name in ("feed-100k", "feed-100k-20MB-cap"):
        path = folder / "big.rss"
        item = "<item><title>خبر {0}</title><link>https://news.example.org/{0}</link><description>نص الخبر {0}</description></item>"
        path.write_text(
            "<rss><channel>" + "".join(item.format(i) for i in range(100_000)) + "</channel></rss>"
        )
    else:
        raise SystemExit(f"unknown case {name}")
    return path


HOSTILE = [
    "50MB-line",
    "jsonl-50MB-line",
    "deep-html",
    "zip-bomb",
    "warc-2GB-record",
    "billion-laughs",
    "feed-100k",
    "feed-100k-20MB-cap",
]


def run_hostile_case(path: str, feed_cap: int | None) -> None:
    import marsad.readers.dispatch
    import marsad.readers.feed
    import marsad.readers.warc  # noqa: F401  (imports counted in the baseline, not the case)

    baseline = peak_mb()
    started = time.perf_counter()
    limits = ReadLimits(max_feed_bytes=feed_cap) if feed_cap else ReadLimits()
    items = list(read_inputs([path], limits=limits))
    elapsed = time.perf_counter() - started
    reasons = sorted({item.reason for item in items if isinstance(item, ReadFailure)})
    docs = sum(1 for item in items if not isinstance(item, ReadFailure))
    print(
        json.dumps(
            {
                "seconds": round(elapsed, 2),
                "baseline_mb": round(baseline),
                "peak_rss_mb": round(peak_mb()),
                "documents": docs,
                "reasons": reasons,
            },
            ensure_ascii=False,
        )
    )


def bench_hostile() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for name in HOSTILE:
            path = make_hostile(name, Path(tmp))
            size = path.stat().st_size
            out = subprocess.run(
                [sys.executable, __file__, "--hostile-case", str(path)]
                + (["--feed-cap", "20000000"] if name.endswith("20MB-cap") else []),
                capture_output=True,
                text=True,
                timeout=600,
                check=True,
            )
            result = json.loads(out.stdout.strip().splitlines()[-1])
            print(
                f"hostile {name:16} ({size:>13,} bytes): {result['seconds']:6.2f} s, peak RSS {result['peak_rss_mb']:4d} MB "
                f"(after imports {result['baseline_mb']} MB), "
                f"{result['documents']} docs; {'; '.join(result['reasons'])[:160]}"
            )
            path.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--skip-hostile", action="store_true")
    parser.add_argument("--only-hostile", action="store_true")
    parser.add_argument("--hostile-case", help=argparse.SUPPRESS)
    parser.add_argument("--feed-cap", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.hostile_case:
        run_hostile_case(args.hostile_case, args.feed_cap)
        return
    if args.only_hostile:
        bench_hostile()
        return
    data_dir = require(args.data)
    records = list(iter_records(data_dir, args.n))
    bench_encodings([r["content"] for r in records])
    bench_html(records)
    bench_zip(data_dir)
    if not args.skip_hostile:
        bench_hostile()


if __name__ == "__main__":
    main()
