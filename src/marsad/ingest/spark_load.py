"""Analysed documents from Parquet: a Spark run's output, or any table of analysed documents.

``marsad ingest DIR`` loads them into the store without re-running NLP, each with what analysed
it when the table records it (the Spark job's ``analysis_key``, ``analysis_build`` and ``analysis``
columns, since round 32; a table without them, or with values that do not agree, loads as analysed
by an unknown Marsad: stale, for ``marsad reanalyze``).  Reads
with pyarrow (no Spark needed), one row group at a time so memory stays flat
however large the run.  Never raises for a bad file: it becomes a
:class:`LoadFailure` with its reason and the other files are still read.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marsad.ingest.provenance import stamp_from_columns
from marsad.store.analysis import AnalysisStamp

SUMMARY_NAME = "_SUMMARY.json"  # written by the Spark job beside its tables
PARQUET_SUFFIX = ".parquet"


@dataclass(frozen=True, slots=True)
class LoadFailure:
    source: str
    reason: str
    key: str | None = None  # a record the store may remember as failed (ReadFailure.key)


@dataclass(frozen=True, slots=True)
class Analysed:
    """An analysed document dict (``Document.to_dict()`` form) and what analysed it (None: unknown)."""

    data: dict[str, Any]
    analysis: AnalysisStamp | None = None


# The columns that say what analysed a document (marsad.spark.tables puts them in the documents table).
ANALYSIS_COLUMNS = ("analysis_key", "analysis_build", "analysis")


def is_parquet_source(path: str) -> bool:
    """A ``.parquet`` file, or a directory that holds some."""
    p = Path(path)
    if p.is_file():
        return p.suffix == PARQUET_SUFFIX
    return p.is_dir() and any(p.rglob(f"*{PARQUET_SUFFIX}"))


def is_spark_output(path: str | Path) -> bool:
    """True for a directory written by the Spark job (it has ``_SUMMARY.json`` and ``documents/``)."""
    p = Path(path)
    return p.is_dir() and (p / SUMMARY_NAME).is_file() and (p / "documents").is_dir()


def read_summary(path: str | Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((Path(path) / SUMMARY_NAME).read_text("utf-8"))
    return data


def iter_analysed_documents(path: str | Path) -> Iterator[dict[str, Any]]:
    """Every analysed document dict (``Document.to_dict()`` form) of a Spark run, in file order."""
    for found in iter_spark_documents(path):
        yield found.data


def iter_spark_documents(path: str | Path) -> Iterator[Analysed]:
    """Every analysed document of a Spark run with what analysed it, in file order."""
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise RuntimeError("reading Parquet needs pyarrow: pip install 'marsad[parquet]'") from exc
    files = sorted((Path(path) / "documents").rglob(f"*{PARQUET_SUFFIX}"))
    for file in files:
        parquet = pq.ParquetFile(file)
        # A run from before round 32 has no analysis columns: its documents are of an unknown analysis.
        stamped = set(ANALYSIS_COLUMNS) <= set(parquet.schema_arrow.names)
        columns = ["doc_json", *(ANALYSIS_COLUMNS if stamped else ())]
        for batch in parquet.iter_batches(columns=columns, batch_size=256):
            values = [batch.column(i).to_pylist() for i in range(len(columns))]
            for value, *analysis in zip(*values, strict=True):
                if value:
                    yield Analysed(json.loads(value), stamp_from_columns(*analysis) if stamped else None)


def read_analysed(path: str) -> Iterator[Analysed | LoadFailure]:
    """Analysed documents from Parquet (a Spark run's output, or rows of analysed documents).

    A plain row either has the ``Document.to_dict()`` fields as columns
    (annotation lists as lists or JSON strings) or a single JSON column ``document``; with the
    :data:`ANALYSIS_COLUMNS` too, what analysed it.
    """
    try:
        import pyarrow.parquet as pq
    except ImportError:
        yield LoadFailure(path, "reading Parquet needs pyarrow: pip install 'marsad[parquet]'")
        return
    if is_spark_output(path):
        # A Spark run: its documents table holds each whole analysed document (doc_json);
        # the other tables are views of the same records and are not read.
        try:
            yield from iter_spark_documents(path)
        except Exception as exc:  # a corrupt run must not stop the other sources
            yield LoadFailure(path, f"unreadable Spark output: {exc}")
        return
    p = Path(path)
    files = sorted(p.rglob(f"*{PARQUET_SUFFIX}")) if p.is_dir() else [p]
    for file in files:
        try:
            parquet = pq.ParquetFile(file)
            for batch in parquet.iter_batches(batch_size=256):
                for index, row in enumerate(batch.to_pylist()):
                    yield _row_to_dict(row, f"{file}#{index}")
        except Exception as exc:  # a corrupt file must not stop the other files
            yield LoadFailure(str(file), f"unreadable Parquet: {exc}")


def _row_to_dict(row: dict[str, Any], where: str) -> Analysed | LoadFailure:
    analysis = stamp_from_columns(*(row.pop(name, None) for name in ANALYSIS_COLUMNS))
    if isinstance(row.get("document"), str) and "text" not in row:
        try:
            loaded = json.loads(row["document"])
        except json.JSONDecodeError as exc:
            return LoadFailure(where, f"'document' column is not JSON: {exc.msg}")
        if not isinstance(loaded, dict):
            return LoadFailure(where, "'document' column is not a JSON object")
        row = loaded
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, str) and value[:1] in "[{" and key not in ("text", "clean_text", "title"):
            with contextlib.suppress(json.JSONDecodeError):
                value = json.loads(value)
        out[key] = value
    if not isinstance(out.get("text"), str) or not isinstance(out.get("id"), str):
        return LoadFailure(where, "row has no 'id' and 'text'")
    return Analysed(out, analysis)
