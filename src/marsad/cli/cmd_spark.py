"""``marsad spark``: the pipeline as an Apache Spark job (needs ``pip install 'marsad[spark]'`` and Java 17).

The only parser of the job's options: ``python -m marsad.spark`` and
``spark-submit src/marsad/spark/__main__.py`` run this same command.
"""

from __future__ import annotations

import json
import shutil
from typing import Annotated

import typer

from marsad.cli.console import (
    AttributionModelOption,
    ExtractionOption,
    MinConfidenceOption,
    RepairContextModelOption,
    SourceOption,
    StagesOption,
    check_date,
    fail,
    markup,
    pipeline_config,
    stdout,
)


def spark(
    inputs: Annotated[list[str], typer.Argument(help="JSON Lines, Parquet or WARC paths, or Hadoop URIs (s3a://, hdfs://).")],
    out: Annotated[str, typer.Option("--out", help="Output directory for the Parquet tables and _SUMMARY.json.")],
    master: Annotated[
        str | None,
        typer.Option(help="Spark master URL, e.g. local[2], spark://host:7077, yarn (default: spark-submit's, "
                     "else local[*])."),
    ] = None,
    partitions: Annotated[int | None, typer.Option(min=1, help="Number of input partitions.")] = None,
    input_format: Annotated[
        str, typer.Option("--format", help="Input format: auto, jsonl, parquet or warc.")
    ] = "auto",
    stages: StagesOption = None,
    repair_context_model: RepairContextModelOption = None,
    extraction: ExtractionOption = None,
    attribution_model: AttributionModelOption = None,
    min_confidence: MinConfidenceOption = None,
    published: Annotated[
        str | None,
        typer.Option(help="Publication date YYYY-MM-DD (resolves 'yesterday' etc.).", callback=check_date),
    ] = None,
    source: SourceOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Analyse a crawl with Spark; write documents, repairs, entities, places, times, quotes, events as Parquet."""
    # Checked first, in one line, before anything starts; the executors build the pipeline from it.
    config = pipeline_config(stages, repair_context_model, extraction, attribution_model, min_confidence)
    try:
        import pyspark  # noqa: F401
    except ImportError:
        fail("the Spark job needs pyspark: pip install 'marsad[spark]' (and Java 17)")
    if shutil.which("java") is None:
        fail("the Spark job needs Java 17 on PATH (e.g. apt-get install openjdk-17-jre-headless)")
    from marsad.spark.job import INPUT_FORMATS, run_job

    if input_format not in INPUT_FORMATS:
        fail(f"unknown --format {input_format!r}; valid: {', '.join(INPUT_FORMATS)}")
    summary = run_job(
        inputs,
        out,
        config=config,
        master=master,
        partitions=partitions,
        input_format=input_format,
        published=published,
        source=source,
    ).to_dict()
    if as_json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    stdout.print(
        f"[bold]{summary['documents']:,}[/] documents, [bold]{summary['failed']:,}[/] failed "
        f"of {summary['records']:,} records in {summary['seconds']:.1f} s "
        f"({summary['documents_per_second'] or 0:.1f} docs/s) → {markup(out)}"
    )
    for table, rows in summary["tables"].items():
        stdout.print(f"  {markup(table):10} {rows:>10,} rows")
    for reason, count in sorted(summary["failures"].items(), key=lambda kv: -kv[1])[:10]:
        stdout.print(f"  [yellow]failed[/] {count:>6,} × {markup(reason)}")


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    app.command("spark")(spark)
