"""The Spark job gives the same annotations as ``marsad analyze`` on the same inputs.

Runs the job on ``local[2]`` over a small fixture set (the seed and two synthetic
articles in JSON Lines, a bad line, an HTML response in a WARC file) and
compares every document with the single-process pipeline.  Skips with a
reason when pyspark or Java is missing.
"""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from marsad.ingest.provenance import build_fingerprint, stamp_for
from marsad.ingest.spark_load import is_spark_output, iter_analysed_documents, read_summary
from marsad.pipeline import Pipeline, PipelineConfig
from marsad.readers import ReadFailure, read_inputs
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
    # and where each bad record is (the first ones): its input and its place in the input's partition
    [example] = written["failure_examples"]
    assert example["reason"].startswith("invalid JSON")
    assert example["where"].startswith(str(out.parent / "articles.jsonl") + ": partition ")
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
    events = ds.dataset(out / "events", format="parquet", partitioning="hive").to_table()
    assert events.column_names == [name for name, _kind in TABLE_COLUMNS["events"]] + ["month"]
    assert events.num_rows == sum(len(d["events"]) for d in expected)


@pytest.mark.spark
def test_spark_tables_carry_chain_spans_and_all_mentions(spark_run: tuple[Path, list[dict[str, Any]], Any]) -> None:
    """Round 31 (branch ux31b): the quotes' and events' ``chain_spans`` and the events' ``all_mentions`` reach
    the Parquet files as JSON text, each the analysis's list (``table_rows``, whose agreement with the
    exports and the API tests/test_door_contract.py checks), every span a slice of documents.text."""
    out, expected, _summary = spark_run
    import pyarrow.dataset as ds

    texts = {doc["id"]: doc["text"] for doc in expected}
    located = 0
    for table, columns in (("quotes", ("chain_spans",)), ("events", ("chain_spans", "all_mentions"))):
        names = [name for name, _kind in TABLE_COLUMNS[table]]
        want = sorted((row[0], row[names.index("start" if table == "quotes" else "idx")],
                       *(json.loads(row[names.index(c)]) for c in columns))
                      for doc in expected for row in table_rows(doc)[table])
        written = ds.dataset(out / table, format="parquet", partitioning="hive").to_table().to_pylist()
        got = sorted((r["document_id"], r["start" if table == "quotes" else "idx"], *(json.loads(r[c]) for c in columns))
                     for r in written)
        assert got == want and got, table
        for doc_id, _position, *lists in got:
            for item in (item for found in lists for item in found):
                for prefix in ("", "trigger_"):
                    if item.get(f"{prefix}start") is not None:
                        text = item["text"] if prefix == "" else item["trigger"]
                        assert texts[doc_id][item[f"{prefix}start"]:item[f"{prefix}end"]] == text
                        located += 1
    assert located >= 3


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


def test_parquet_and_sqlite_rows_share_one_layout(tmp_path: Path) -> None:
    """Every annotation table: the Parquet row's shared columns are the SQLite row, name for name."""
    import sqlite3

    from marsad.store.queries import open_store
    from marsad.store.records import ROW_COLUMNS

    doc = Pipeline.build()(synthetic_document(SYNTHETIC[0])).to_dict()
    assert doc["events"] and doc["places"] and doc["entities"]
    with open_store(tmp_path / "layout.db") as store:
        store.add_analysed(doc)
    parquet = table_rows(doc)
    with sqlite3.connect(tmp_path / "layout.db") as conn:
        for table, shared in ROW_COLUMNS.items():
            names = [name for name, _kind in shared]
            assert [name for name, _kind in TABLE_COLUMNS[table][1 : 1 + len(names)]] == names
            quoted = ", ".join(f'"{n}"' for n in names)
            stored = [list(r) for r in conn.execute(f"SELECT {quoted} FROM {table} ORDER BY rowid")]
            written = [list(coerce_row(table, row))[1 : 1 + len(names)] for row in parquet[table]]
            for row in written:  # the store keeps lists as JSON text and booleans as 0/1
                for i, (_name, kind) in enumerate(shared):
                    if kind == "array<string>":
                        row[i] = json.dumps(row[i], ensure_ascii=False)
                    elif kind == "boolean" and row[i] is not None:
                        row[i] = int(row[i])
            assert stored == written, table
            assert len(stored) == len(doc[table])


def synthetic_document(record: dict[str, Any]) -> Any:
    from marsad.document import Document

    return Document(record.get("content") or record["text"], url=record.get("url"), title=record.get("title"),
                    source=record.get("source"), published=record.get("published"))


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
        # Analysed by this Marsad with the default options (round 32, branch ux32b): stored as analysed by
        # it, so not stale and nothing for `marsad reanalyze` to redo; the documents table says so.
        stamp = stamp_for(PipelineConfig())
        assert store.count_stale(build_fingerprint()) == 0
        assert [(a["key"], a["documents"]) for a in store.analyses()] == [(stamp.key, len(expected))]
        assert store.reanalysis_targets(stamp.key) == []
        import pyarrow.dataset as ds

        written = ds.dataset(out / "documents", format="parquet", partitioning="hive").to_table().to_pylist()
        assert {(r["analysis_key"], r["analysis_build"], r["analysis"]) for r in written} == \
            {(stamp.key, stamp.build, stamp.description)}
        seed = next(doc for doc in expected if doc["url"] == "https://example.org/seed")
        stored = store.document(seed["id"])
        assert stored is not None
        assert [r["replacement"] for r in stored["repairs"]] == [r["replacement"] for r in seed["repairs"]]
        again = ingest([str(out)], store, Pipeline([]))
        assert store.stats()["documents"] == len(expected)  # idempotent: nothing new
        assert again.failed == []
    finally:
        store.close()


def test_spark_entry_point_refuses_a_bad_repair_model_before_spark_starts(tmp_path: Path) -> None:
    # `python -m marsad.spark` (the spark-submit application file) is the `marsad spark` command.
    import subprocess
    import sys

    missing = tmp_path / "missing.model"
    for command in (
        [sys.executable, "-m", "marsad.spark"],
        [sys.executable, "-c", "from marsad.cli import main; main()", "spark"],
    ):
        done = subprocess.run(
            [*command, str(tmp_path / "in.jsonl"), "--out", str(tmp_path / "out"), "--repair-context-model",
             str(missing)],
            capture_output=True, text=True, timeout=120, env={**os.environ, "COLUMNS": "400"},
        )
        assert done.returncode == 2, done.stderr
        assert "error: repair context model" in done.stderr and "missing.model" in done.stderr
        assert "Traceback" not in done.stderr
        assert not (tmp_path / "out").exists()


def test_spark_entry_point_has_the_analyze_pipeline_options() -> None:
    from typer.testing import CliRunner

    from marsad.cli import app

    runner = CliRunner()
    spark_help = runner.invoke(app, ["spark", "--help"], env={"COLUMNS": "200"}).output
    for option in ("--stages", "--repair-context-model", "--published"):
        assert option in spark_help
    refused = runner.invoke(app, ["spark", "x.jsonl", "--out", "o", "--stages", "events"])
    assert refused.exit_code == 2 and "stage 'events' reads entities" in " ".join(refused.output.split())


# -- the repair context model reaches the executors ------------------------------------------------------
def _own_model(folder: Path) -> Path:
    """A context model counted on a small corpus: it reads the crafted dotless word as يقصف,
    where the shipped model leaves it as written (test_dotless_context)."""
    from marsad.train.repair_context import build_corpus_context_model
    from test_dotless_context import _article, _write_jsonl

    corpus = _write_jsonl(folder / "news.jsonl", [_article(i) for i in range(12)])
    model, _stats = build_corpus_context_model([str(corpus)])
    path = folder / "own.model"
    model.save(path)
    return path


def _airforce_record(folder: Path) -> Path:
    from test_dotless_context import _AIRFORCE

    path = folder / "airforce.jsonl"
    path.write_text(json.dumps({"url": "https://example.org/a", "text": _AIRFORCE}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    return path


def _dotless_repairs(doc: dict[str, Any]) -> list[str]:
    return [r["replacement"] for r in doc["repairs"] if r["kind"] == "dotless"]


def _first_readings(doc: dict[str, Any]) -> list[str]:
    """The best reading of each dotless word left as written (``repair-undecided`` notes)."""
    return [
        n["message"].split("readings: ", 1)[1].split(" (", 1)[0]
        for n in doc["notes"]
        if n["kind"] == "repair-undecided"
    ]


def test_the_partition_function_builds_its_pipeline_from_the_pickled_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What the mapPartitions closure carries to an executor: the config, pickled; no Spark needed.
    import pickle

    from marsad.pipeline import PipelineConfig
    from marsad.spark import job

    monkeypatch.setattr(job, "_PIPELINE", None)
    model = _own_model(tmp_path)
    lines = _airforce_record(tmp_path).read_text(encoding="utf-8").splitlines()
    # The default threshold (0.95) leaves this word as written with either model; at 0.7 the own model repairs it.
    config = PipelineConfig(
        stages=("boilerplate", "repair"), repair_context_model=str(model), min_dotless_confidence=0.7
    )
    shipped = pickle.loads(pickle.dumps(config))
    assert job._on_executor(shipped) == config  # outside a Spark worker the path stays as given
    (record,) = job._json_lines_partition(0, iter(lines), shipped, None)
    assert record[0] == "doc" and _dotless_repairs(json.loads(record[1])) == ["يقصف"]
    default_config = PipelineConfig(stages=("boilerplate", "repair"), min_dotless_confidence=0.7)
    (default,) = job._json_lines_partition(0, iter(lines), default_config, None)
    assert _dotless_repairs(json.loads(default[1])) == []  # the shipped model leaves it as written
    # Each record carries what analysed it, as the store's ingest would stamp it: the own model's hash.
    assert job.record_stamp(record[2]) == stamp_for(config) != stamp_for(default_config)
    assert job.record_stamp(default[2]) == stamp_for(default_config)
    assert job.record_stamp("") is None


@pytest.mark.spark
def test_spark_run_with_a_repair_context_model_uses_it_on_the_executors(tmp_path: Path) -> None:
    reason = _spark_available()
    if reason:
        pytest.skip(reason)
    from typer.testing import CliRunner

    from marsad.cli import app
    from marsad.spark import job

    model = _own_model(tmp_path)
    inputs = _airforce_record(tmp_path)
    runner = CliRunner()
    found = {}
    for name, extra in (("own", ["--repair-context-model", str(model)]), ("shipped", [])):
        out = tmp_path / name
        result = runner.invoke(app, ["spark", str(inputs), "--out", str(out), "--master", "local[1]",
                                     "--stages", "boilerplate,repair", "--json", *extra])
        assert result.exit_code == 0, result.output
        (doc,) = iter_analysed_documents(out)
        found[name] = _first_readings(doc)
    # Left as written under the default threshold either way; the noted best reading shows the model used.
    assert found == {"own": ["يقصف"], "shipped": ["بقصف"]}
    assert job._PIPELINE is None  # the driver analysed nothing: the executors built and ran the pipelines
