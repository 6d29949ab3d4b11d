"""The outlet (``source``) of web documents is the site they came from, at every door (round 28)."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.ingest import ingest
from marsad.pipeline import Pipeline, PipelineConfig
from marsad.readers.outlet import site_of
from marsad.store import open_store
from readers_helpers import BODY, HEADLINE, api_ingested_sources, read_all

PAGE = (
    "<html><head><title>{title}</title>{head}</head><body><article><h1>{title}</h1>"
    + "".join(f"<p>{line}</p>" for line in BODY.strip().split("\n"))
    + "<p>{extra}</p></article></body></html>"
)


def page(extra: str, head: str = "") -> bytes:
    return PAGE.format(title=HEADLINE, head=head, extra=extra).encode("utf-8")


def write_warc(path: Path) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=path.name.endswith(".gz"))
        for n, uri in enumerate(["https://WWW.News-One.example/a/1", "https://xn--igbicxr.xn--wgbh1c/b/2"]):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(page(f"الخبر رقم {n} من الأرشيف.")), http_headers=headers
            )
            writer.write_record(record)
    return path


FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>موقع</title><link>https://www.feed-site.example/</link>
<item><title>خبر أول</title><link>https://cdn.feed-site.example/1</link>
<description>افتتح وزير الثقافة معرضاً للكتاب في مدينة عمّان اليوم.</description></item>
<item><title>خبر ثان</title><link>https://cdn.feed-site.example/2</link>
<description>قال الوزير إن المعرض سيستمر عشرة أيام في مدينة عمّان.</description></item>
</channel></rss>
"""

ATOM_WITHOUT_SITE = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>موقع</title>
<entry><title>خبر</title><link href="https://www.Entry-Site.example/x"/><id>x</id>
<summary>افتتح وزير الثقافة معرضاً للكتاب في مدينة عمّان اليوم.</summary></entry>
</feed>
"""


def jsonl_lines() -> str:
    records = [
        {"text": BODY, "url": "https://www.jsonl-site.example/n/1"},
        {"text": BODY + "ثانية.", "url": "https://www.jsonl-site.example/n/2", "source": "Daily Example"},
    ]
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def test_site_of_normalises_hosts() -> None:
    assert site_of("https://WWW.Example.ORG:8080/x?y") == "example.org"
    assert site_of("http://xn--igbicxr.xn--wgbh1c/") == "أخبار.مصر"
    assert site_of("news/local/page.html") is None
    assert site_of(None) is None


def test_warc_documents_take_the_host_of_each_record(tmp_path: Path) -> None:
    warc = write_warc(tmp_path / "crawl.warc.gz")
    docs, failures = read_all(warc)
    assert failures == []
    assert [d.source for d in docs] == ["news-one.example", "أخبار.مصر"]
    # the file each came from is kept on the document
    assert [n.message for d in docs for n in d.notes if n.kind == "origin"] == [
        f"read from {warc}#1 https://WWW.News-One.example/a/1",
        f"read from {warc}#2 https://xn--igbicxr.xn--wgbh1c/b/2",
    ]


def test_feed_items_take_the_feed_site_else_the_item_host(tmp_path: Path) -> None:
    rss = tmp_path / "news.rss"
    rss.write_text(FEED, encoding="utf-8")
    atom = tmp_path / "other.atom"
    atom.write_text(ATOM_WITHOUT_SITE, encoding="utf-8")
    docs, failures = read_all(rss, atom)
    assert failures == []
    assert [d.source for d in docs] == ["feed-site.example", "feed-site.example", "entry-site.example"]
    assert [n.message for n in docs[0].notes if n.kind == "origin"] == [f"read from {rss}#1"]


def test_html_file_takes_its_canonical_site_else_its_path(tmp_path: Path) -> None:
    canonical = tmp_path / "canonical.html"
    canonical.write_bytes(page("خبر له رابط.", '<link rel="canonical" href="https://www.Canon.example/n/9">'))
    og_name = tmp_path / "og.html"
    og_name.write_bytes(page("خبر له اسم موقع.", '<meta property="og:site_name" content="صحيفة المثال">'))
    plain = tmp_path / "plain.html"
    plain.write_bytes(page("خبر بلا رابط."))
    docs, failures = read_all(canonical, og_name, plain)
    assert failures == []
    assert [d.source for d in docs] == ["canon.example", "صحيفة المثال", str(plain)]


def test_jsonl_explicit_source_wins_else_the_url_host(tmp_path: Path) -> None:
    path = tmp_path / "crawl.jsonl"
    path.write_text(jsonl_lines(), encoding="utf-8")
    docs, failures = read_all(path)
    assert failures == []
    assert [d.source for d in docs] == ["jsonl-site.example", "Daily Example"]


def test_marsad_ingest_stores_one_outlet_per_site(tmp_path: Path) -> None:
    warc = write_warc(tmp_path / "crawl.warc.gz")
    rss = tmp_path / "news.rss"
    rss.write_text(FEED, encoding="utf-8")
    db = tmp_path / "m.db"
    with open_store(db) as store:
        summary = ingest([str(warc), str(rss)], store, Pipeline.build(["boilerplate"]))
    assert summary.failed == []
    with sqlite3.connect(db) as conn:
        names = sorted(row[0] for row in conn.execute("SELECT name FROM sources"))
        origins = sorted(
            note["message"]
            for (annotations,) in conn.execute("SELECT annotations FROM documents")
            for note in json.loads(annotations)["notes"]
            if note["kind"] == "origin"
        )
    assert names == ["feed-site.example", "news-one.example", "أخبار.مصر"]
    # the store keeps the file each document was read from
    assert origins == sorted([
        f"read from {rss}#1", f"read from {rss}#2",
        f"read from {warc}#1 https://WWW.News-One.example/a/1", f"read from {warc}#2 https://xn--igbicxr.xn--wgbh1c/b/2",
    ])


def test_marsad_analyze_prints_the_site_as_source(tmp_path: Path) -> None:
    path = tmp_path / "crawl.jsonl"
    path.write_text(jsonl_lines(), encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(path), "--json", "--stages", "boilerplate"])
    assert result.exit_code == 0, result.output
    docs = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [d["source"] for d in docs] == ["jsonl-site.example", "Daily Example"]


def test_api_ingest_takes_the_url_host_when_no_source_is_given(tmp_path: Path) -> None:
    body = {"documents": [
        {"text": BODY, "url": "https://www.Api-Site.example/1"},
        {"text": BODY + "ثانية.", "url": "https://www.api-site.example/2", "source": "Named Outlet"},
    ]}
    assert api_ingested_sources(tmp_path / "api.db", body) == ["api-site.example", "Named Outlet"]


@pytest.mark.parametrize("kind", ["warc", "jsonl"])
def test_spark_partitions_name_the_site(tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from marsad.spark import job

    # The partition functions keep the executor's pipeline in a module global; run here, in the test process,
    # they must not leave it behind for the Spark tests that check the driver analysed nothing.
    monkeypatch.setattr(job, "_PIPELINE", None)
    monkeypatch.setattr(job, "_PIPELINE_CONFIG", None)
    config = PipelineConfig(stages=("boilerplate",))
    if kind == "warc":
        content = write_warc(tmp_path / "crawl.warc.gz").read_bytes()
        records = list(job._warc_partition(iter([("s3://bucket/crawl.warc.gz", content)]), config, None))
        expected = ["news-one.example", "أخبار.مصر"]
    else:
        records = list(job._json_lines_partition(0, iter(jsonl_lines().splitlines()), config, None, "crawl.jsonl"))
        expected = ["jsonl-site.example", "Daily Example"]
    assert [r[0] for r in records] == ["doc", "doc"]
    assert [json.loads(r[1])["source"] for r in records] == expected
