"""The Spark job gives the same annotations as ``marsad analyze`` on the same inputs.

Runs the job on ``local[2]`` over a small fixture set (the seed and two synthetic
articles in JSON Lines, a bad line, an HTML response in a WARC file) and
compares every document with the single-process pipeline.  Skips with a
reason when pyspark or Java is missing.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from marsad.pipeline import Pipeline
from marsad.readers import ReadFailure, read_inputs
from marsad.ingest.spark_load import is_spark_output, iter_analysed_documents, read_summary
from marsad.spark.tables import TABLE_COLUMNS, coerce_row, month_of, table_rows

SYNTHETIC = [
    {
        "source": "synthetic",
        "url": "https://example.org/news/1",
        "title": "غارات على ريف إدلب",
        "published": "2020-02-10",
        "content": "قالت وزارة الدفاع التركية أمس إن قواتها قصفت مواقع في ريف إدلب، "
        "فيما نفت دمشق أن تكون قواتها قد تعرضت لأي هجوم.",
    },
    {
        "source": "synthetic",
        "title": "اجتماع في جنيف",
        "published": "2021-05-03",
        "text": "اجتمع المبعوث الأممي في جنيف مع وفد المعارضة السورية يوم الاثنين الماضي، "
        "وأكد أن المحادثات ستستأنف في حزيران المقبل.",
    },
]

HTML_PAGE = """<html><head><title>قصف على حلب</title></head><body><article>
<h1>قصف على حلب</h1><p>قصفت طائرات حربية أحياء في مدينة حلب صباح اليوم، وقال مسعفون إن عشرة مدنيين قتلوا.</p>
<p>وأضاف المسعفون أن فرق الإنقاذ ما زالت تبحث عن ناجين تحت الأنقاض في الأحياء الشرقية من المدينة.</p>
</article></body></html>"""


def _spark_available() -> str | None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed (pip install 'marsad[spark]')"
    if shutil.which("java") is None:
        return "Java is not installed"
    return None


def _write_fixtures(folder: Path, seed_text: str) -> tuple[Path, Path]:
    jsonl = folder / "articles.jsonl"
    lines = [json.dumps({"source": "seed", "url": "https://example.org/seed", "text": seed_text}, ensure_ascii=False)]
    lines += [json.dumps(record, ensure_ascii=False) for record in SYNTHETIC]
    lines.insert(2, "{not json")
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    warc = folder / "crawl.warc.gz"
    with warc.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        body = HTML_PAGE.encode("utf-8")
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            "https://example.org/aleppo", "response", payload=io.BytesIO(body), http_headers=headers
        )
        writer.write_record(record)
    return jsonl, warc


def _comparable(doc: dict[str, Any]) -> dict[str, Any]:
    # `source` names where a record was read (a path as given locally, a URI in Spark) and
    # notes may mention it; everything else must be identical.
    return {k: v for k, v in doc.items() if k not in ("source", "notes")}


@pytest.fixture(scope="module")
def spark_run(tmp_path_factory: pytest.TempPathFactory, seed_text: str) -> tuple[Path, list[dict[str, Any]], Any]:
    reason = _spark_available()
    if reason:
        pytest.skip(reason)
    from marsad.spark.job import run_job

    folder = tmp_path_factory.mktemp("spark")
    jsonl, warc = _write_fixtures(folder, seed_text)
    expected = []
    pipeline = Pipeline.build()
    for item in read_inputs([str(jsonl), str(warc)]):
        if not isinstance(item, ReadFailure):
            expected.append(pipeline(item).to_dict())
    out = folder / "out"
    summary = run_job([str(jsonl), str(warc)], str(out), master="local[2]", partitions=2)
    return out, expected, summary


@pytest.mark.spark
def test_spark_output_equals_single_process_analysis(spark_run: tuple[Path, list[dict[str, Any]], Any]) -> None:
    out, expected, _summary = spark_run
    produced = {doc["id"]: doc for doc in iter_analysed_documents(out)}
    assert set(produced) == {doc["id"] for doc in expected}
    for doc in expected:
        assert _comparable(produced[doc["id"]]) == _comparable(doc), doc["id"]
    seed = next(doc for doc in expected if doc["url"] == "https://example.org/seed")
    assert len(seed["repairs"]) == len(produced[seed["id"]]["repairs"]) > 0


@pytest.mark.spark
def test_spark_summary_counts_every_record(spark_run: tuple[Path, list[dict[str, Any]], Any]) -> None:
    out, expected, summary = spark_run
    assert is_spark_output(out)
    written = read_summary(out)
    # 4 JSON lines (one bad) + 1 WARC response: 4 documents, 1 failure with its reason
    assert written["documents"] == len(expected) == 4
    assert written["failed"] == 1
    assert written["records"] == 5
    assert any("invalid JSON" in reason for reason in written["failures"])
    assert written["tables"]["repairs"] == sum(len(d["repairs"]) for d in expected)
    assert summary.documents == 4


@pytest.mark.spark
def test_spark_tables_are_partitioned_by_month(spark_run: tuple[Path, list[dict[str, Any]], Any]) -> None:
    out, expected, _summary = spark_run
    import pyarrow.dataset as ds

    months = {month_of(d.get("published")) for d in expected}
    for table in TABLE_COLUMNS:
        assert (out / table).is_dir()
    found = {p.name.split("=", 1)[1] for p in (out / "documents").iterdir() if p.name.startswith("month=")}
    assert found == months
    entities = ds.dataset(out / "entities", format="parquet", partitioning="hive").to_table()
    assert entities.num_rows == sum(len(d["entities"]) for d in expected)


def test_table_rows_follow_the_column_layout(seed_text: str) -> None:
    from marsad.document import Document

    doc = Pipeline.build()(Document(seed_text, published="2019-12-12")).to_dict()
    rows = table_rows(doc)
    assert len(rows["documents"]) == 1
    assert len(rows["repairs"]) == len(doc["repairs"])
    for table, table_rows_ in rows.items():
        for row in table_rows_:
            coerced = coerce_row(table, row)
            assert len(coerced) == len(TABLE_COLUMNS[table]) + 1
            assert coerced[-1] == "2019-12"
    assert json.loads(rows["documents"][0][TABLE_COLUMNS_INDEX["doc_json"]]) == doc


TABLE_COLUMNS_INDEX = {name: i for i, (name, _kind) in enumerate(TABLE_COLUMNS["documents"])}


@pytest.mark.spark
def test_spark_run_loads_into_the_store(spark_run: tuple[Path, list[dict[str, Any]], Any], tmp_path: Path) -> None:
    out, expected, _summary = spark_run
    from marsad.ingest import ingest
    from marsad.store.queries import open_store

    store = open_store(str(tmp_path / "spark.db"))
    try:
        first = ingest([str(out)], store, Pipeline([]))
        assert first.failed == []
        assert store.stats()["documents"] == len(expected)
        seed = next(doc for doc in expected if doc["url"] == "https://example.org/seed")
        stored = store.document(seed["id"])
        assert stored is not None
        assert [r["replacement"] for r in stored["repairs"]] == [r["replacement"] for r in seed["repairs"]]
        again = ingest([str(out)], store, Pipeline([]))
        assert store.stats()["documents"] == len(expected)  # idempotent: nothing new
        assert again.failed == []
    finally:
        store.close()


def test_spark_entry_point_refuses_a_bad_repair_model_before_spark_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from marsad.spark.job import main

    monkeypatch.setenv("MARSAD_REPAIR_CONTEXT_MODEL", str(tmp_path / "missing.model"))
    with pytest.raises(SystemExit) as stopped:
        main([str(tmp_path / "in.jsonl"), "--out", str(tmp_path / "out")])
    assert stopped.value.code == 2
    assert "repair context model" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
