"""The Spark job: inputs → the library pipeline per partition → Parquet tables + ``_SUMMARY.json``.

Inputs are read where they live (local paths or any Hadoop filesystem URI such
as ``s3a://`` or ``hdfs://``): JSON Lines as text lines, Parquet through Spark
SQL, WARC/WARC.gz as whole files through the same WARC reader as ``marsad
ingest``.  Each record becomes a Document through the same reader functions,
and each partition runs the same :class:`~marsad.pipeline.Pipeline` as
``marsad analyze``; the pipeline (models, lexicons, gazetteer) is built once
per Python worker and reused.  A bad record is counted with its reason and
skipped; it never fails the job.

The pipeline travels to the executors as a :class:`~marsad.pipeline.PipelineConfig`
inside the partition functions' closures (a frozen, picklable value); a context
model file named in it is shipped with ``SparkContext.addFile``, so executors on
other machines read the same model without a shared filesystem.
"""

from __future__ import annotations

import io
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from marsad.ingest.provenance import stamp_for, stamp_from_columns
from marsad.ingest.spark_load import SUMMARY_NAME
from marsad.pipeline import PipelineConfig, check_config
from marsad.spark.tables import PARTITION_COLUMN, TABLE_COLUMNS, TABLES, coerce_row, table_rows
from marsad.store.analysis import AnalysisStamp

INPUT_FORMATS = ("auto", "jsonl", "parquet", "warc")

# One record travelling through the job: ("doc", document JSON, what analysed it: the JSON of
# [key, build, description] of its analysis stamp) or ("fail", reason, where: the input and the
# record's place in it).
Record = tuple[str, str, str]
FAILURE_EXAMPLES = 20  # bad records named in _SUMMARY.json (all are counted by reason)

_PIPELINE: Any = None
_PIPELINE_CONFIG: PipelineConfig | None = None
_STAMP = ""  # what _PIPELINE's analyses are stamped with (see Record)


def _worker_pipeline(config: PipelineConfig) -> Any:
    """The pipeline of this Python worker, built on first use (once per executor process)."""
    global _PIPELINE, _PIPELINE_CONFIG, _STAMP
    if _PIPELINE is None or config != _PIPELINE_CONFIG:
        from marsad.pipeline import Pipeline

        _PIPELINE = Pipeline.from_config(_on_executor(config))
        _PIPELINE_CONFIG = config
        # Stamped where it analyses, as the store's ingest stamps what it analyses: this executor's
        # Marsad build, and the hash of the model file it read (the shipped copy: the same bytes).
        stamp = stamp_for(_PIPELINE)
        _STAMP = json.dumps([stamp.key, stamp.build, stamp.description], ensure_ascii=False)
    return _PIPELINE


def record_stamp(text: str) -> AnalysisStamp | None:
    """The analysis stamp a document record carries (None for one without: unknown)."""
    try:
        key, build, description = json.loads(text)
    except (ValueError, TypeError):
        return None
    return stamp_from_columns(key, build, description)


def _on_executor(config: PipelineConfig) -> PipelineConfig:
    """``config`` with its model file replaced by the copy Spark shipped to this executor.

    Outside a Spark worker (or when nothing was shipped) the path stays as given.
    """
    path = config.repair_context_model
    if path is None:
        return config
    try:
        from pyspark import SparkFiles

        shipped = SparkFiles.get(os.path.basename(path))
    except Exception:  # no pyspark, or no SparkContext/worker here: use the path as given
        return config
    return replace(config, repair_context_model=shipped) if os.path.isfile(shipped) else config


def detect_format(path: str) -> str:
    lowered = path.lower().rstrip("/")
    if lowered.endswith((".warc", ".warc.gz", ".arc.gz")):
        return "warc"
    if lowered.endswith((".parquet", ".pq")):
        return "parquet"
    if lowered.endswith((".jsonl", ".ndjson", ".json", ".jsonl.gz", ".json.gz")):
        return "jsonl"
    if "://" not in path and os.path.isdir(path):
        names = os.listdir(path)
        if any(n.endswith(".parquet") for n in names):
            return "parquet"
        if any(n.lower().endswith((".warc", ".warc.gz")) for n in names):
            return "warc"
    return "jsonl"


def _analyse(items: Iterable[Any], config: PipelineConfig) -> Iterator[Record]:
    from marsad.readers import ReadFailure

    pipeline = None
    for item in items:
        if isinstance(item, ReadFailure):
            yield ("fail", f"{item.reason}", item.source)
            continue
        if pipeline is None:
            pipeline = _worker_pipeline(config)
        doc = pipeline(item)
        yield ("doc", doc.to_json(), _STAMP)


def _json_lines_partition(
    index: int,
    lines: Iterator[str],
    config: PipelineConfig,
    published: str | None,
    path: str = "",
    source: str | None = None,
) -> Iterator[Record]:
    from marsad.readers import ReadFailure
    from marsad.readers.outlet import name_outlets
    from marsad.readers.records import document_from_record
    from marsad.readers.text import DecodeError

    def documents() -> Iterator[Any]:
        for number, line in enumerate(lines, 1):
            # A line's number in its file is not known in a partition: its place in the partition is.
            where = f"{path}: partition {index} record {number}" if path else f"partition {index} record {number}"
            if not line.strip():
                continue
            try:
                value = json.loads(line)
                yield document_from_record(value, where=where, published=published)
            except json.JSONDecodeError as exc:
                yield ReadFailure(where, f"invalid JSON: {exc.msg}")
            except DecodeError as exc:
                yield ReadFailure(where, str(exc))
            except Exception as exc:  # a reader bug must not fail the job
                yield ReadFailure(where, f"unexpected {type(exc).__name__}: {exc}")

    # ``source`` (the job's --source) names every document's outlet, as in ``marsad analyze``.
    yield from _analyse(name_outlets(documents(), source), config)


def _warc_partition(
    files: Iterator[tuple[str, bytes]], config: PipelineConfig, published: str | None, source: str | None = None
) -> Iterator[Record]:
    from marsad.readers import ReadContext
    from marsad.readers.dispatch import read_stream
    from marsad.readers.outlet import name_outlets

    def documents() -> Iterator[Any]:
        for path, content in files:
            ctx = ReadContext(published=published)
            try:
                yield from read_stream(path, io.BytesIO(content), "warc", ctx)
            finally:
                ctx.close()

    yield from _analyse(name_outlets(documents(), source), config)


@dataclass
class JobSummary:
    inputs: list[str]
    out: str
    master: str
    partitions: int
    stages: list[str]
    source: str | None = None  # the outlet the user named for every document (--source), if any
    records: int = 0
    # How quotes and events were extracted: a run's tables mean different things with the rules
    # (no confidences) and with the learned models (and which model, at which threshold).
    extraction: dict[str, Any] = field(default_factory=dict)
    documents: int = 0
    failures: dict[str, int] = field(default_factory=dict)
    failure_examples: list[dict[str, str]] = field(default_factory=list)  # the first bad records: where, reason
    tables: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    spark_version: str = ""
    marsad_version: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "inputs": self.inputs,
            "out": self.out,
            "master": self.master,
            "partitions": self.partitions,
            "stages": self.stages,
            "source": self.source,
            "extraction": self.extraction,
            "records": self.records,
            "documents": self.documents,
            "failed": sum(self.failures.values()),
            "failures": self.failures,
            "failure_examples": self.failure_examples,
            "tables": self.tables,
            "seconds": round(self.seconds, 3),
            "documents_per_second": round(self.documents / self.seconds, 2) if self.seconds else None,
            "spark_version": self.spark_version,
            "marsad_version": self.marsad_version,
        }


def extraction_summary(config: PipelineConfig) -> dict[str, Any]:
    """The extraction a run used, for its summary: ``method`` (``rules`` or ``learned``), the model file
    (None: the shipped one) and the minimum confidence (None: the model's own threshold)."""
    method = config.effective_extraction or "rules"
    learned = method == "learned"
    return {"method": method,
            "attribution_model": config.attribution_model if learned else None,
            "min_confidence": config.event_min_confidence if learned else None}


def _spark_schema(table: str) -> Any:
    from pyspark.sql import types as T

    kinds = {
        "string": T.StringType(),
        "long": T.LongType(),
        "double": T.DoubleType(),
        "boolean": T.BooleanType(),
        "array<string>": T.ArrayType(T.StringType()),
    }
    columns = [T.StructField(name, kinds[kind], True) for name, kind in TABLE_COLUMNS[table]]
    columns.append(T.StructField(PARTITION_COLUMN, T.StringType(), False))
    return T.StructType(columns)


def build_session(master: str | None, app_name: str = "marsad") -> Any:
    """A SparkSession; ``master`` None keeps what spark-submit configured, else ``local[*]``."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name)
    # spark-submit starts the JVM gateway and names the master; a plain Python process has neither.
    master = master or (None if "PYSPARK_GATEWAY_PORT" in os.environ else "local[*]")
    if master:
        builder = builder.master(master)
    builder = (
        builder.config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.python.worker.reuse", "true")
        .config("spark.sql.sources.partitionOverwriteMode", "static")
    )
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def run_job(
    inputs: Sequence[str],
    out: str,
    *,
    config: PipelineConfig | None = None,
    master: str | None = "local[2]",
    partitions: int | None = None,
    input_format: str = "auto",
    published: str | None = None,
    source: str | None = None,
    session: Any = None,
) -> JobSummary:
    """Run the pipeline ``config`` describes over ``inputs`` with Spark; write Parquet tables under ``out``.

    The config is checked on the driver (stage names, contract, context model)
    so a mistake fails at once, in one line, not inside a task; the driver
    builds no pipeline.  ``source`` names the outlet of every document read, over the site the
    readers find and a record's own ``source`` (as ``marsad analyze --source``).  Raises :class:`~marsad.pipeline.PipelineConfigError`,
    ``ContextModelError`` or ``ValueError`` (input format).
    """
    if input_format not in INPUT_FORMATS:
        raise ValueError(f"unknown input format {input_format!r}; valid: {', '.join(INPUT_FORMATS)}")
    config = config if config is not None else PipelineConfig()
    stage_list = [spec.name for spec in check_config(config)]
    started = time.perf_counter()
    own_session = session is None
    spark = session or build_session(master)
    try:
        return _run(spark, inputs, out, n_partitions=partitions, input_format=input_format,
                    config=config, stage_list=stage_list, published=published, source=source,
                    started=started)
    finally:
        if own_session:
            # A new master (local[1] vs local[2]) needs a new session: never leave one behind.
            spark.stop()


def _run(
    spark: Any,
    inputs: Sequence[str],
    out: str,
    *,
    n_partitions: int | None,
    input_format: str,
    config: PipelineConfig,
    stage_list: list[str],
    published: str | None,
    source: str | None,
    started: float,
) -> JobSummary:
    from pyspark import StorageLevel

    import marsad

    partitions = n_partitions
    sc = spark.sparkContext
    n_parts = partitions or max(2, sc.defaultParallelism)
    if config.repair_context_model is not None:
        sc.addFile(config.repair_context_model)  # executors read their own copy (_on_executor)

    records_rdds = []
    for path in inputs:
        kind = detect_format(path) if input_format == "auto" else input_format
        if kind == "jsonl":
            lines = sc.textFile(path, minPartitions=n_parts)
            records_rdds.append(
                lines.mapPartitionsWithIndex(
                    lambda i, it, path=path: _json_lines_partition(i, it, config, published, path, source)
                )
            )
        elif kind == "parquet":
            frame = spark.read.parquet(path)
            lines = frame.toJSON().repartition(n_parts)
            records_rdds.append(
                lines.mapPartitionsWithIndex(
                    lambda i, it, path=path: _json_lines_partition(i, it, config, published, path, source)
                )
            )
        else:
            files = sc.binaryFiles(path, minPartitions=n_parts)
            records_rdds.append(files.mapPartitions(lambda it: _warc_partition(it, config, published, source)))
    records = records_rdds[0] if len(records_rdds) == 1 else sc.union(records_rdds)
    records = records.persist(StorageLevel.MEMORY_AND_DISK)

    failed = records.filter(lambda r: r[0] == "fail")
    failures = Counter(failed.map(lambda r: r[1]).countByValue())
    examples = [{"where": r[2], "reason": r[1]} for r in failed.take(FAILURE_EXAMPLES)] if failures else []
    documents = records.filter(lambda r: r[0] == "doc").map(lambda r: (r[1], r[2]))

    summary = JobSummary(
        inputs=list(inputs),
        out=out,
        master=sc.master,
        partitions=records.getNumPartitions(),
        stages=stage_list,
        source=source,
        extraction=extraction_summary(config),
        spark_version=spark.version,
        marsad_version=marsad.__version__,
    )
    summary.failures = dict(failures)
    summary.failure_examples = examples
    for table in TABLES:
        rows = documents.flatMap(
            lambda doc, t=table: [coerce_row(t, row)
                                  for row in table_rows(json.loads(doc[0]), record_stamp(doc[1]))[t]]
        )
        schema = _spark_schema(table)
        frame = spark.createDataFrame(rows, schema=schema)
        target = out.rstrip("/") + "/" + table
        frame.write.mode("overwrite").partitionBy(PARTITION_COLUMN).parquet(target)
        # Read back with the schema: a table with no rows has no files to infer one from.
        summary.tables[table] = spark.read.schema(schema).parquet(target).count()
    summary.documents = summary.tables["documents"]
    summary.records = summary.documents + sum(summary.failures.values())
    records.unpersist()
    summary.seconds = time.perf_counter() - started
    _write_summary(spark, out, summary)
    return summary


def _write_summary(spark: Any, out: str, summary: JobSummary) -> None:
    text = json.dumps(summary.to_dict(), ensure_ascii=False, indent=2)
    if "://" not in out or out.startswith("file:"):
        local = out[len("file:") :] if out.startswith("file:") else out
        with open(os.path.join(local, SUMMARY_NAME), "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
        return
    # Remote filesystems: write through Hadoop's FileSystem API.
    jvm = spark.sparkContext._jvm
    hadoop_conf = spark.sparkContext._jsc.hadoopConfiguration()
    path = jvm.org.apache.hadoop.fs.Path(out.rstrip("/") + "/" + SUMMARY_NAME)
    stream = path.getFileSystem(hadoop_conf).create(path, True)
    stream.write(bytearray(text.encode("utf-8")))
    stream.close()
