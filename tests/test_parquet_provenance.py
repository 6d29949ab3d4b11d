"""Documents loaded from Parquet keep what analysed them (round 32, branch ux32b).

The Spark job's documents table carries the analysis stamp the store's ingest writes
(``analysis_key``, ``analysis_build``, ``analysis``); ``marsad ingest`` of that output stores it, so
a crawl analysed by this Marsad is not stale.  A table from before (no such columns), or with
values that do not agree, loads as analysed by an unknown Marsad: stale.  The tables here are
written with pyarrow in the job's layout (no Spark needed); tests/test_spark.py runs the job itself.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from marsad.document import Document
from marsad.ingest import ingest
from marsad.ingest.provenance import build_fingerprint, stamp_for
from marsad.ingest.reanalyse import reanalyse
from marsad.ingest.spark_load import SUMMARY_NAME, iter_spark_documents
from marsad.pipeline import Pipeline, PipelineConfig
from marsad.spark.tables import TABLE_COLUMNS, table_rows
from marsad.store.analysis import AnalysisStamp
from marsad.store.queries import open_store

pa = pytest.importorskip("pyarrow", reason="the parquet extra (pyarrow) is not installed")
pq = pytest.importorskip("pyarrow.parquet")

TEXTS = (
    "قال وزير الخارجية إن المحادثات ستستأنف في جنيف الأسبوع المقبل.",
    "وصلت قافلة مساعدات إلى مدينة حلب صباح الأربعاء.",
)


def documents() -> list[dict[str, Any]]:
    # Analysed by no stage: what is checked is the stamp that travels with them, not their annotations.
    return [Document(text, url=f"https://news.example/{n}", published="2020-03-04").to_dict()
            for n, text in enumerate(TEXTS)]


def _arrow_type(kind: str) -> Any:
    return {"string": pa.string(), "long": pa.int64(), "double": pa.float64(), "boolean": pa.bool_(),
            "array<string>": pa.list_(pa.string())}[kind]


def write_run(out: Path, stamp: AnalysisStamp | None, *, older: bool = False) -> Path:
    """A Spark run's output as the job lays it out (documents table and summary); ``older``: a run from
    before the analysis columns."""
    columns = TABLE_COLUMNS["documents"]
    if older:
        columns = [c for c in columns if not c[0].startswith("analysis")]
    rows = [table_rows(doc, stamp)["documents"][0] for doc in documents()]
    table = pa.table({name: [row[i] for row in rows] for i, (name, _kind) in enumerate(columns)},
                     schema=pa.schema([(name, _arrow_type(kind)) for name, kind in columns]))
    (out / "documents" / "month=2020-03").mkdir(parents=True)
    pq.write_table(table, out / "documents" / "month=2020-03" / "part-00000.parquet")
    (out / SUMMARY_NAME).write_text(json.dumps({"documents": len(rows)}), encoding="utf-8")
    return out


def load(tmp_path: Path, run: Path) -> tuple[int, int]:
    """Load ``run`` into a new store: (documents stored, documents stale)."""
    with open_store(tmp_path / "store.db") as store:
        summary = ingest([str(run)], store, Pipeline([]))
        assert summary.failed == [] and summary.new == len(TEXTS)
        return store.stats()["documents"], store.count_stale(build_fingerprint())


def test_a_spark_run_stamped_by_this_marsad_loads_up_to_date(tmp_path: Path) -> None:
    stamp = stamp_for(PipelineConfig())
    run = write_run(tmp_path / "run", stamp)
    assert [found.analysis for found in iter_spark_documents(run)] == [stamp, stamp]
    assert load(tmp_path, run) == (2, 0)
    with open_store(tmp_path / "store.db") as store:
        assert store.analyses() == [{"build": stamp.build, "key": stamp.key,
                                     "description": json.loads(stamp.description), "documents": 2}]
        assert reanalyse(store, PipelineConfig()).targets == 0  # nothing to redo


def test_a_spark_run_from_before_the_analysis_columns_loads_stale(tmp_path: Path) -> None:
    run = write_run(tmp_path / "run", None, older=True)
    assert [found.analysis for found in iter_spark_documents(run)] == [None, None]
    assert load(tmp_path, run) == (2, 2)
    with open_store(tmp_path / "store.db") as store:
        assert [a["key"] for a in store.analyses()] == [None]
        assert reanalyse(store, PipelineConfig(stages=("boilerplate",))).reanalysed == 2
        assert store.count_stale(build_fingerprint()) == 0


def test_a_stamp_whose_key_does_not_match_its_description_is_unknown(tmp_path: Path) -> None:
    real = stamp_for(PipelineConfig())
    forged = AnalysisStamp(key=real.key, build=real.build, description=real.description.replace("default", "x"))
    run = write_run(tmp_path / "run", forged)
    assert load(tmp_path, run) == (2, 2)


def test_plain_parquet_rows_carry_their_stamp_too(tmp_path: Path) -> None:
    stamp = stamp_for(PipelineConfig())
    rows = [{"document": json.dumps(doc, ensure_ascii=False), "analysis_key": stamp.key,
             "analysis_build": stamp.build, "analysis": stamp.description} for doc in documents()]
    rows[1].update(analysis_key=None, analysis_build=None, analysis=None)  # this one says nothing
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "rows.parquet")
    assert load(tmp_path, tmp_path / "rows.parquet") == (2, 1)
