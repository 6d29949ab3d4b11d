"""``ingest()`` and ``marsad ingest``: idempotence, failures with reasons, Parquet loading, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.document import Document
from marsad.ingest import IngestSummary, ingest
from marsad.pipeline import Pipeline
from marsad.store import open_store
from store_corpus import article, write_corpus


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.build(["boilerplate"])


def test_ingest_counts_new_unchanged_and_is_idempotent(tmp_path: Path, pipeline: Pipeline) -> None:
    files = [str(p) for p in write_corpus(tmp_path / "in", 12, duplicates=3)]
    seen: list[int] = []
    with open_store(tmp_path / "m.db") as store:
        first = ingest(files, store, pipeline, batch_size=5, progress=lambda s: seen.append(s.new))
        assert (first.new, first.unchanged, first.failed) == (12, 3, [])
        assert seen == sorted(seen) and seen[-1] == 12  # progress only ever reports committed documents
        again = ingest(files, store, pipeline)
        assert (again.new, again.unchanged) == (0, 15)
        assert store.count_documents() == 12 and store.check() == []


def test_a_batch_is_written_once_its_texts_reach_the_character_budget(tmp_path: Path, pipeline: Pipeline) -> None:
    files = [str(p) for p in write_corpus(tmp_path / "in", 12)]
    length = len(Path(files[0]).read_text(encoding="utf-8"))
    seen: list[int] = []
    with open_store(tmp_path / "m.db") as store:
        # room for about three articles' texts per batch (the budget counts characters, not documents)
        summary = ingest(files, store, pipeline, batch_size=500, batch_seconds=600,
                         batch_characters=3 * length, progress=lambda s: seen.append(s.new))
        assert summary.new == 12 and store.count_documents() == 12
    assert len(seen) >= 4 and seen[-1] == 12
    assert max(b - a for a, b in zip([0, *seen], seen, strict=False)) <= 4  # no batch held many more


def test_a_bad_source_is_reported_and_the_rest_is_stored(tmp_path: Path, pipeline: Pipeline) -> None:
    files = [str(p) for p in write_corpus(tmp_path / "in", 3)]
    binary = tmp_path / "bad.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    sources = [files[0], str(tmp_path / "missing.txt"), str(binary), *files[1:]]
    with open_store(tmp_path / "m.db") as store:
        summary = ingest(sources, store, pipeline)
        assert summary.new == 3
        failed = dict(summary.failed)
        assert set(failed) == {str(tmp_path / "missing.txt"), str(binary)}
        assert all(reason and "\n" not in reason for reason in failed.values())


def test_a_document_the_store_rejects_does_not_lose_its_batch(tmp_path: Path) -> None:
    good = [Document(article(i), source="s").to_dict() for i in range(3)]
    bad = Document(article(9), source="s").to_dict()
    bad["repairs"] = [{"start": 0}]  # not a repair record
    parquet = pytest.importorskip("pyarrow.parquet")
    import pyarrow as pa

    rows = [{k: (json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v) for k, v in d.items()}
            for d in [good[0], bad, *good[1:]]]
    folder = tmp_path / "spark-out"
    folder.mkdir()
    parquet.write_table(pa.Table.from_pylist(rows), folder / "part-00000.parquet")
    with open_store(tmp_path / "m.db") as store:
        summary = ingest([str(folder)], store, Pipeline([]))
        assert summary.new == 3 and len(summary.failed) == 1
        assert "not stored" in summary.failed[0][1]


class _MustNotRun:
    name = "must-not-run"
    reads: tuple[str, ...] = ()
    adds: tuple[str, ...] = ()

    def __call__(self, doc: Document) -> None:
        raise AssertionError("the pipeline ran on an already-analysed document")


def test_parquet_of_analysed_documents_is_loaded_without_reanalysis(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    from marsad.document import Entity

    docs = []
    for i in range(4):
        doc = Document(article(i), url=f"https://news.example/{i}", source="news.example")
        doc.entities.append(Entity(0, 6, doc.text[:6], "MISC"))
        docs.append(doc)
    # One layout with the annotation lists as JSON strings, one with a single JSON column.
    as_columns = [{k: (json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v)
                   for k, v in d.to_dict().items()} for d in docs[:2]]
    as_json = [{"document": d.to_json()} for d in docs[2:]]
    folder = tmp_path / "out"
    folder.mkdir()
    pq.write_table(pa.Table.from_pylist(as_columns), folder / "part-0.parquet")
    pq.write_table(pa.Table.from_pylist(as_json), folder / "part-1.parquet")
    with open_store(tmp_path / "m.db") as store:
        summary = ingest([str(folder)], store, Pipeline([_MustNotRun()]))
        assert (summary.new, summary.failed) == (4, [])
        for doc in docs:
            assert store.document(doc.id)["entities"] == doc.to_dict()["entities"]  # type: ignore[index]
        assert ingest([str(folder)], store, Pipeline([])).unchanged == 4


def test_cli_ingest_json_summary_and_exit_codes(tmp_path: Path) -> None:
    files = [str(p) for p in write_corpus(tmp_path / "in", 2)]
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", *files, "--db", db, "--json", "--stages", "boilerplate"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.strip().splitlines()[-1])["new"] == 2
    result = runner.invoke(app, ["ingest", *files, str(tmp_path / "nope.txt"), "--db", db, "--stages", "boilerplate"])
    assert result.exit_code == 1
    assert "0 new, 2 unchanged, 1 skipped (1 input or record not read, each said on stderr)" in result.stdout
    assert "nope.txt" in result.stderr and "Traceback" not in result.output


def test_cli_sample_ingests_and_tells_how_to_open_the_dashboard(tmp_path: Path) -> None:
    db = tmp_path / "sample.db"
    result = CliRunner().invoke(app, ["ingest", "--sample", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "marsad serve" in result.stdout
    with open_store(db) as store:
        assert store.count_documents() >= 1
        assert store.search("أسلحة"), "the bundled sample should be found by its obfuscated word"


def test_cli_search_and_events(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    with open_store(db) as store:
        store.add_document(Document("ضبطت الشرطة الأسلحة قرب إدلب.", source="s", title="ضبط"))
    runner = CliRunner()
    result = runner.invoke(app, ["search", "ادلب", "--db", db, "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["title"] == "ضبط"
    result = runner.invoke(app, ["search", "مفقود", "--db", db])
    assert result.exit_code == 1 and "no document matches" in result.stdout
    result = runner.invoke(app, ["search", "x", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and "no database" in result.output
    result = runner.invoke(app, ["events", "--db", db, "--format", "csv"])
    assert result.exit_code == 0 and result.stdout.startswith("\ufeffevent_date,event_type,sub_event_type")
    result = runner.invoke(app, ["events", "--db", db, "--since", "yesterday"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_summary_rates() -> None:
    summary = IngestSummary(new=6, unchanged=3, failed=[("x", "y")], seconds=2.0)
    assert summary.documents == 10 and summary.per_second == 5.0
    assert summary.to_dict()["failed"] == [{"source": "x", "reason": "y"}]


def test_worker_processes_build_their_pipeline_from_the_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The config (with a corpus-trained repair model) reaches the spawned workers; this process,
    # which only stores, never builds a pipeline (forked workers share the one it builds: test_workers).
    from marsad.ingest import workers
    from marsad.pipeline import PipelineConfig
    from marsad.train.repair_context import build_corpus_context_model
    from test_dotless_context import _AIRFORCE, _article, _write_jsonl

    corpus = _write_jsonl(tmp_path / "news.jsonl", [_article(i) for i in range(12)])
    model, _stats = build_corpus_context_model([str(corpus)])
    model.save(tmp_path / "own.model")
    articles = _write_jsonl(
        tmp_path / "in.jsonl", [{"url": f"https://news.example/air/{i}", "content": _AIRFORCE} for i in range(3)]
    )
    # Every dotless word guessed (threshold 0): the reading shows which model the workers used.
    config = PipelineConfig(
        stages=("boilerplate", "repair"), repair_context_model=str(tmp_path / "own.model"), min_dotless_confidence=0.0
    )

    def no_pipeline_here(_config: PipelineConfig) -> Pipeline:
        raise AssertionError("the main process built a pipeline")

    monkeypatch.setattr(Pipeline, "from_config", staticmethod(no_pipeline_here))
    monkeypatch.setattr(workers, "START_METHOD", "spawn")
    with open_store(tmp_path / "m.db") as store:
        summary = ingest([str(articles)], store, config, workers=2)
        assert (summary.new, summary.failed) == (3, [])
        stored = [store.document(doc_id) for doc_id in [r[0] for r in store.conn.execute("SELECT id FROM documents")]]
    assert all([r["replacement"] for r in doc["repairs"]] == ["يقصف"] for doc in stored)  # type: ignore[index]


def test_several_workers_need_a_config_not_a_built_pipeline(tmp_path: Path) -> None:
    with open_store(tmp_path / "m.db") as store, pytest.raises(ValueError, match="needs a PipelineConfig"):
        ingest([], store, Pipeline([]), workers=2)
