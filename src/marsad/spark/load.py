"""Read a Spark run's output back: analysed documents from ``documents/`` Parquet files.

Used by ``marsad ingest DIR`` to load a run into the SQLite store without
re-running NLP.  Reads with pyarrow (no Spark needed), one row group at a time
so memory stays flat however large the run.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

SUMMARY_NAME = "_SUMMARY.json"


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
    files = sorted((Path(path) / "documents").rglob("*.parquet"))
    for file in files:
        parquet = pq.ParquetFile(file)
        for batch in parquet.iter_batches(columns=["doc_json"], batch_size=256):
            for value in batch.column(0).to_pylist():
                if value:
                    yield json.loads(value)
