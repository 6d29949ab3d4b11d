"""Naming the outlet (round 30): ``marsad spark --source`` like ``analyze --source``, and a feed item's
or JSON record's outlet read from its link by the same function as pages (an AMP cache link names the
site it serves, a FeedBurner redirect host names none).  Feeds and records written for these tests."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.pipeline import PipelineConfig
from readers_helpers import BODY

ITEM = "<description>افتتح وزير الثقافة معرضاً للكتاب في مدينة عمّان اليوم رقم {n}.</description>"

# A FeedBurner feed: item links through feedproxy.google.com, the article's own URL in origLink.
FEEDBURNER = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"><channel>
<title>موقع</title><link>http://feeds.feedburner.com/news-site</link>
<item><title>خبر أول</title><link>http://feedproxy.google.com/~r/news-site/~3/abc/</link>
<feedburner:origLink>https://www.news-site.example/a/1</feedburner:origLink>{item1}</item>
<item><title>خبر ثان</title><link>http://feedproxy.google.com/~r/news-site/~3/def/</link>{item2}</item>
</channel></rss>
"""

# An aggregator's feed: items from other outlets, one through an AMP cache, one under the feed's site.
AGGREGATOR = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>مجمع</title><link>https://aggregator.example/</link>
<item><title>أ</title><link>https://other-paper-com.cdn.ampproject.org/c/s/other-paper.com/a/1</link>{item1}</item>
<item><title>ب</title><link>https://www.google.com/amp/s/www.third-paper.example/b/2</link>{item2}</item>
<item><title>ج</title><link>https://cdn.aggregator.example/c/3</link>{item3}</item>
<item><title>د</title><link>https://fourth-paper.example/d/4</link>{item4}</item>
</channel></rss>
"""


def _feed(template: str) -> str:
    return template.format(**{f"item{n}": ITEM.format(n=n) for n in range(1, 5)})


def _analysed_sources(tmp_path: Path, *paths: Path, extra: tuple[str, ...] = ()) -> list[str]:
    done = CliRunner().invoke(app, ["analyze", "--json", "--stages", "boilerplate", *extra, *map(str, paths)])
    assert done.exit_code == 0, done.output
    return [json.loads(line)["source"] for line in done.stdout.splitlines() if line.strip()]


def test_feedburner_items_take_the_article_site_not_the_redirect_host(tmp_path: Path) -> None:
    feed = tmp_path / "news.rss"
    feed.write_text(_feed(FEEDBURNER), encoding="utf-8")
    # origLink names the article's site; without one, the redirect host names nobody: the feed's
    # link is FeedBurner too, so the entry is named by where it was read.
    assert _analysed_sources(tmp_path, feed) == ["news-site.example", f"{feed}#2"]


def test_aggregator_items_take_each_link_site_amp_unwrapped(tmp_path: Path) -> None:
    feed = tmp_path / "agg.rss"
    feed.write_text(_feed(AGGREGATOR), encoding="utf-8")
    assert _analysed_sources(tmp_path, feed) == [
        "other-paper.com", "third-paper.example", "aggregator.example", "fourth-paper.example"]


def test_json_record_with_only_a_url_takes_its_site_amp_or_redirect(tmp_path: Path) -> None:
    records = tmp_path / "crawl.jsonl"
    rows = [
        {"text": BODY, "url": "https://www.record-site.example/n/1"},
        {"text": BODY + "ثانية.", "url": "https://record-site-example.cdn.ampproject.org/c/s/record-site.example/n/2"},
        {"text": BODY + "ثالثة.", "url": "https://t.co/AbCdEf"},
    ]
    records.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    assert _analysed_sources(tmp_path, records) == ["record-site.example", "record-site.example", f"{records}:3"]


def test_the_spark_command_takes_source_and_passes_it_to_the_job(monkeypatch: pytest.MonkeyPatch) -> None:
    from marsad.spark import job

    seen: dict[str, Any] = {}

    def fake_run_job(inputs: list[str], out: str, **kwargs: Any) -> Any:
        seen.update(kwargs, inputs=inputs)
        return job.JobSummary(inputs=inputs, out=out, master="local[1]", partitions=1, stages=[],
                              source=kwargs.get("source"))

    monkeypatch.setattr(job, "run_job", fake_run_job)
    monkeypatch.setattr("shutil.which", lambda name: "/usr/bin/" + name)
    # the command checks that pyspark imports before it runs the job, which is faked here: the test runs on an
    # install without the spark extra too
    monkeypatch.setitem(sys.modules, "pyspark", sys.modules.get("pyspark") or types.ModuleType("pyspark"))
    done = CliRunner().invoke(app, ["spark", "crawl.jsonl", "--out", "o", "--source", "  Outlet   One ", "--json"])
    assert done.exit_code == 0, done.output
    assert seen["source"] == "Outlet One"  # tidied as for analyze/ingest
    assert json.loads(done.stdout)["source"] == "Outlet One"
    refused = CliRunner().invoke(app, ["spark", "crawl.jsonl", "--out", "o", "--source", "..."])
    assert refused.exit_code == 2


@pytest.mark.parametrize("kind", ["warc", "jsonl"])
def test_spark_partitions_name_the_outlet_the_user_gave(
    tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from marsad.spark import job
    from test_readers_outlet import jsonl_lines, write_warc

    # What each executor runs (no Spark needed); the pipeline global is not left behind for the Spark tests.
    monkeypatch.setattr(job, "_PIPELINE", None)
    monkeypatch.setattr(job, "_PIPELINE_CONFIG", None)
    config = PipelineConfig(stages=("boilerplate",))
    if kind == "warc":
        content = write_warc(tmp_path / "crawl.warc.gz").read_bytes()
        records = list(job._warc_partition(iter([("s3://b/crawl.warc.gz", content)]), config, None, "Named"))
    else:
        lines = iter(jsonl_lines().splitlines())  # the second record has its own source: --source wins
        records = list(job._json_lines_partition(0, lines, config, None, "crawl.jsonl", "Named"))
    docs = [json.loads(r[1]) for r in records]
    assert [d["source"] for d in docs] == ["Named", "Named"]
    assert all(any(n["kind"] == "origin" for n in d["notes"]) for d in docs)  # what it was named before stays


@pytest.mark.spark
def test_spark_job_source_reaches_the_documents_table(tmp_path: Path) -> None:
    from test_spark import _spark_available

    reason = _spark_available()
    if reason:
        pytest.skip(reason)
    import pyarrow.dataset as ds

    records = tmp_path / "crawl.jsonl"
    records.write_text(json.dumps({"text": BODY, "url": "https://m.one.example/1", "source": "own"},
                                  ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    done = CliRunner().invoke(app, ["spark", str(records), "--out", str(out), "--master", "local[1]",
                                    "--stages", "boilerplate", "--source", "Crawl Outlet", "--json"])
    assert done.exit_code == 0, done.output
    table = ds.dataset(out / "documents", format="parquet", partitioning="hive").to_table()
    assert table.column("source").to_pylist() == ["Crawl Outlet"]
