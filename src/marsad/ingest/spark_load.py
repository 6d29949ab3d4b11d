"""Analysed documents from Parquet: a Spark run's output, or any table of analysed documents.

``marsad ingest DIR`` loads them into the store without re-running NLP.  Reads
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

SUMMARY_NAME = "_SUMMARY.json"  # written by the Spark job beside its tables
PARQUET_SUFFIX = ".parquet"


@dataclass(frozen=True, slots=True)
class LoadFailure:
    source: str
    reason: str


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
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise RuntimeError("reading Parquet needs pyarrow: pip install 'marsad[parquet]'") from exc
    files = sorted((Path(path) / "documents").rglob(f"*{PARQUET_SUFFIX}"))
    for file in files:
        parquet = pq.ParquetFile(file)
        for batch in parquet.iter_batches(columns=["doc_json"], batch_size=256):
            for value in batch.column(0).to_pylist():
                if value:
                    yield json.loads(value)


def read_analysed(path: str) -> Iterator[dict[str, Any] | LoadFailure]:
    """Analysed documents from Parquet (a Spark run's output, or rows of analysed documents).

    A plain row either has the ``Document.to_dict()`` fields as columns
    (annotation lists as lists or JSON strings) or a single JSON column ``document``.
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
            yield from iter_analysed_documents(path)
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


def _row_to_dict(row: dict[str, Any], where: str) -> dict[str, Any] | LoadFailure:
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
    return out
