"""A store that follows Marsad's upgrades: what analysed each document, ``marsad stats``, ``marsad reanalyze``.

The articles are written for these tests.  An "older analysis" is the analysis of today's pipeline
with what round 31 added taken out (``chain_spans``), stored in a store of schema version 9 (before
documents recorded what analysed them) or with another build recorded.
"""

from __future__ import annotations

import copy
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from marsad.cli import app
from marsad.document import Document
from marsad.ingest.provenance import build_fingerprint, stamp_for
from marsad.ingest.reanalyse import reanalyse
from marsad.pipeline import Pipeline, PipelineConfig
from marsad.store.queries import open_store
from marsad.web.app import create_app
from marsad.web.store_source import StoreSource
from store_corpus import write_old_version_store

TEXTS = (
    "قال المتحدث باسم وزارة الخارجية الروسية إن مسلحي هيئة تحرير الشام هاجموا مواقع الجيش السوري في ريف إدلب"
    " يوم الثلاثاء. وأضاف أن الهجوم أسفر عن مقتل خمسة جنود.",
    "أعلنت الأمم المتحدة أنها أرسلت قافلة مساعدات إلى مدينة حلب، ونقلت وكالة رويترز عن مسؤول في المنظمة قوله"
    " إن القافلة وصلت صباح الأربعاء.",
    "تظاهر مئات من سكان مدينة درعا أمس احتجاجا على انقطاع الكهرباء، وقال أحد المتظاهرين إن الوضع لم يعد يحتمل.",
)
OUTLETS = ("outlet-a", "outlet-b", "outlet-a")


@pytest.fixture(scope="module")
def analysed() -> list[dict[str, Any]]:
    """Today's analysis of the three articles (one pipeline for the module)."""
    pipeline = Pipeline.build()
    return [pipeline(Document(text, source=outlet, url=f"https://news.example/{n}", published="2020-03-04")).to_dict()
            for n, (text, outlet) in enumerate(zip(TEXTS, OUTLETS, strict=True))]


def older(data: dict[str, Any]) -> dict[str, Any]:
    """The analysis as a Marsad from before round 31 stored it: no ``chain_spans``."""
    old = copy.deepcopy(data)
    for item in [*old["events"], *old["quotes"]]:
        item.pop("chain_spans", None)
    return old


def cli(*args: str) -> tuple[int, str]:
    done = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
    return done.exit_code, done.stdout


def cli_json(*args: str) -> dict[str, Any]:
    code, out = cli(*args, "--json")
    assert code == 0, out
    result: dict[str, Any] = json.loads(out)
    return result


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return [tuple(r) for r in conn.execute(sql)]
    finally:
        conn.close()


KEPT = "SELECT seq, id, text, url, source_id, title, published, ingested_at, record_id FROM documents ORDER BY seq"


def test_a_store_from_before_the_stamps_is_stale_then_reanalysed_with_the_new_fields(
        tmp_path: Path, analysed: list[dict[str, Any]]) -> None:
    db = tmp_path / "v9.db"
    write_old_version_store(db, [older(d) for d in analysed], 9)
    before = rows(db, KEPT)
    # stats upgrades the store (schema 12) and counts its documents as analysed by an unknown Marsad.
    stats = cli_json("stats", "--db", str(db))
    assert stats["schema_version"] == 12 and stats["documents"] == 3 and stats["stale_documents"] == 3
    code, out = cli("stats", "--db", str(db))
    assert code == 0 and "3 of 3 documents" in out and f"marsad reanalyze --db {db}" in out

    summary = cli_json("reanalyze", "--db", str(db))
    assert (summary["targets"], summary["reanalysed"], summary["failed"]) == (3, 3, [])
    assert summary["analysis"] == stamp_for(PipelineConfig()).key
    # Ids, texts, outlets, URLs, dates and ingest times stay; only the analysis changed.
    assert rows(db, KEPT) == before
    assert cli_json("stats", "--db", str(db))["stale_documents"] == 0
    assert "every document is analysed by this Marsad" in cli("stats", "--db", str(db))[1]
    # A second run finds nothing to do.
    assert cli_json("reanalyze", "--db", str(db))["targets"] == 0

    with TestClient(create_app(db, source=StoreSource(db))) as client:
        assert client.get("/api/stats").json()["stale_documents"] == 0
        doc_id = analysed[0]["id"]
        document = client.get(f"/api/documents/{doc_id}").json()
        assert document["id"] == doc_id and document["text"] == TEXTS[0]
        assert document["events"][0]["chain_spans"] == analysed[0]["events"][0]["chain_spans"] != []
        events = client.get("/api/events", params={"limit": "100"}).json()["items"]
        assert {e["doc_id"] for e in events} == {d["id"] for d in analysed if d["events"]}
        assert any(e["chain_spans"] for e in events)
        exported = [json.loads(line) for line in client.get("/api/events.jsonl").text.splitlines()]
        assert any(e.get("chain_spans") for e in exported)
        quotes = client.get("/api/quotes", params={"limit": "100"}).json()["items"]
        assert quotes and all("chain_spans" in q for q in quotes) and any(q["chain_spans"] for q in quotes)
        # The full-text index follows the stored texts: one row per document, each found.
        assert client.get("/api/search", params={"q": "قافلة"}).json()["total"] == 1
    with open_store(db) as store:
        assert store.check() == []
        # Exactly what a fresh ingest of the same articles stores.
        fresh = tmp_path / "fresh.db"
        with open_store(fresh) as other:
            other.add_many(analysed)
        for table in ("entities", "places", "times", "repairs"):
            assert rows(db, f"SELECT * FROM {table} ORDER BY doc_seq, rowid") == \
                rows(fresh, f"SELECT * FROM {table} ORDER BY doc_seq, rowid"), table
        # The story index follows the new signatures (the stale band keys are gone).
        assert rows(db, "SELECT band_key, doc_seq FROM lsh_bands ORDER BY 1, 2") == \
            rows(fresh, "SELECT band_key, doc_seq FROM lsh_bands ORDER BY 1, 2")
        assert rows(db, "SELECT doc_seq, record FROM events ORDER BY doc_seq, idx") == \
            rows(fresh, "SELECT doc_seq, record FROM events ORDER BY doc_seq, idx")


def test_ingest_records_what_analysed_and_another_build_is_stale(tmp_path: Path) -> None:
    db = tmp_path / "stamped.db"
    articles = tmp_path / "in"
    articles.mkdir()
    for n, text in enumerate(TEXTS):
        (articles / f"{n}.txt").write_text(text, encoding="utf-8")
    code, out = cli("ingest", str(articles), "--db", str(db))
    assert code == 0, out
    stamped = rows(db, "SELECT analysis_key, analysis_build, analysis, analysed_at FROM documents")
    stamp = stamp_for(PipelineConfig())
    assert {(r[0], r[1]) for r in stamped} == {(stamp.key, build_fingerprint())} and all(r[3] for r in stamped)
    described = json.loads(stamped[0][2])
    assert described["build"] == build_fingerprint() and described["stages"][0] == "boilerplate"
    assert cli_json("stats", "--db", str(db))["stale_documents"] == 0
    # One document analysed by another build of Marsad: stale, and the only one re-analysed.
    conn = sqlite3.connect(db)
    conn.execute("UPDATE documents SET analysis_build = '0.0.9+feedfacecafebeef', analysis_key = 'old'"
                 " WHERE seq = 2")
    conn.commit()
    conn.close()
    assert cli_json("stats", "--db", str(db))["stale_documents"] == 1
    # Ingesting the same inputs again skips them, and says that one holds an older analysis.
    code, out = cli("ingest", str(articles), "--db", str(db))
    assert code == 0 and "3 unchanged" in out
    assert f"1 stored documents were analysed by another (or an unknown) Marsad; re-analyse them with: " \
        f"marsad reanalyze --db {db}" in out
    summary = cli_json("reanalyze", "--db", str(db))
    assert (summary["targets"], summary["reanalysed"]) == (1, 1)
    assert rows(db, "SELECT doc_seq, before, after FROM reanalyses") == [(2, "old", stamp.key)]
    # Other options make another analysis: --extraction learned takes every document; --all as well.
    assert cli_json("reanalyze", "--db", str(db), "--extraction", "learned")["targets"] == 3
    assert len({r[0] for r in rows(db, "SELECT analysis_key FROM documents")}) == 1
    assert cli_json("stats", "--db", str(db))["stale_documents"] == 0  # same build, other options
    assert cli_json("reanalyze", "--db", str(db))["targets"] == 3  # back to the default options


def test_reviews_follow_their_items_and_one_whose_item_is_gone_is_detached(
        tmp_path: Path, analysed: list[dict[str, Any]]) -> None:
    db = tmp_path / "reviewed.db"
    old = older(analysed[0])
    real = old["events"][0]
    # The older analysis had one more event before the real one (a word read as an event it is not).
    ghost = copy.deepcopy(real)
    ghost.update(type="AID", id="e9", trigger={"start": 91, "end": 96, "text": TEXTS[0][91:96]})
    old["events"] = [ghost, *old["events"]]
    with open_store(db) as store:
        store.add_many([old, older(analysed[1])])
        doc_id = old["id"]
        store.review("event", doc_id, "i0", verdict="wrong", corrections={}, reviewer="rana")
        store.review("event", doc_id, "i1", verdict="right", corrections={"actor": "هيئة تحرير الشام"},
                     reviewer="omar")
        quote_review = store.review("quote", doc_id, "i1", verdict="right", corrections={}, reviewer="omar")
    summary = cli_json("reanalyze", "--db", str(db))
    assert summary["reanalysed"] == 2 and summary["reviews_kept"] == 2
    [detached] = summary["reviews_detached"]
    assert detached["kind"] == "event" and detached["document_id"] == doc_id and detached["item"] == 0
    assert detached["span"] == [91, 96] and "no event at 91-96" in detached["reason"]
    code, out = cli("reanalyze", "--db", str(db), "--all")
    assert code == 0 and "2 kept, 0 detached" in out  # the detached review stays detached
    with open_store(db) as store:
        reports = [r for r in store.events(limit=100) if r["document"] == doc_id]
        first = next(r for r in reports if r["trigger"] == real["trigger"]["text"])
        # The correction follows the real event to its new position (0), the wrong verdict is not applied.
        assert (first["idx"], first["actor1"], first["reviewed"], first["verdict"]) == \
            (0, "هيئة تحرير الشام", True, "right")
        assert [r for r in reports if r["reviewed"]] == [first]
        history = store.review_history("event", doc_id, "i0")
        assert [h["reviewer"] for h in history] == ["omar"]
        assert [h["reviewer"] for h in store.review_history("quote", doc_id, "i1")] == ["omar"]
        everything, total = store.reviews()
        assert total == 3
        lost = next(r for r in everything if r["reviewer"] == "rana")
        assert lost["detached"]["reason"] == detached["reason"]
        assert "detached" not in next(r for r in everything if r["id"] == quote_review["id"])


def test_a_failing_document_is_reported_the_rest_goes_on_and_a_rerun_finishes(
        tmp_path: Path, analysed: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "failing.db"
    with open_store(db) as store:
        store.add_many([older(d) for d in analysed])
    real = Pipeline.analyse_keeping_analyses

    def broken(self: Pipeline, doc: Document) -> Document:
        if doc.text == TEXTS[1]:
            raise MemoryError("out of memory")
        return real(self, doc)

    monkeypatch.setattr(Pipeline, "analyse_keeping_analyses", broken)
    code, out = cli("reanalyze", "--db", str(db), "--json")
    summary = json.loads(out)
    assert code == 1 and summary["reanalysed"] == 2
    assert summary["failed"] == [{"document_id": analysed[1]["id"],
                                  "reason": "analysis failed: MemoryError: out of memory"}]
    with open_store(db) as store:
        assert store.count_stale(build_fingerprint()) == 1 and store.check() == []
        # the failed one kept its older analysis, whole
        assert "chain_spans" not in store.document(analysed[1]["id"])["events"][0]
    monkeypatch.setattr(Pipeline, "analyse_keeping_analyses", real)
    again = cli_json("reanalyze", "--db", str(db))
    assert (again["targets"], again["reanalysed"]) == (1, 1)


def test_a_document_the_store_refuses_loses_only_itself(tmp_path: Path, analysed: list[dict[str, Any]],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from marsad.store import analysis

    db = tmp_path / "refused.db"
    with open_store(db) as store:
        store.add_many([older(d) for d in analysed])
    real = analysis._replace_in

    def refusing(conn: sqlite3.Connection, seq: int, *args: Any) -> Any:
        if seq == 2:
            raise sqlite3.IntegrityError("refused")
        return real(conn, seq, *args)

    monkeypatch.setattr(analysis, "_replace_in", refusing)
    code, out = cli("reanalyze", "--db", str(db), "--json")  # the three in one transaction first
    summary = json.loads(out)
    assert code == 1 and summary["reanalysed"] == 2
    assert summary["failed"] == [{"document_id": analysed[1]["id"], "reason": "not stored: IntegrityError: refused"}]
    with open_store(db) as store:
        assert store.check() == [] and store.count_stale(build_fingerprint()) == 1


def test_an_interrupted_run_leaves_whole_documents_and_resumes(tmp_path: Path, analysed: list[dict[str, Any]]) -> None:
    db = tmp_path / "interrupted.db"
    with open_store(db) as store:
        store.add_many([older(d) for d in analysed])
    pipeline = Pipeline.build()

    def stop_after_first(summary: Any) -> None:
        if summary.reanalysed == 1:
            raise KeyboardInterrupt

    with open_store(db) as store, pytest.raises(KeyboardInterrupt):
        reanalyse(store, pipeline, progress=stop_after_first, batch_size=1)
    with open_store(db) as store:
        assert store.check() == []
        assert store.count_stale(build_fingerprint()) == 2
        done = [d for d in store.iter_documents() if "chain_spans" in (d["events"] or [{}])[0]]
        assert [d["id"] for d in done] == [analysed[0]["id"]]
        resumed = reanalyse(store, pipeline)
        assert (resumed.targets, resumed.reanalysed) == (2, 2)
        assert store.count_stale(build_fingerprint()) == 0


@pytest.fixture
def served_stale(tmp_path: Path, analysed: list[dict[str, Any]]) -> Iterator[tuple[TestClient, Path]]:
    db = tmp_path / "served.db"
    with open_store(db) as store:
        store.add_many([older(d) for d in analysed])
    with TestClient(create_app(db, source=StoreSource(db))) as client:
        yield client, db


def test_api_stats_counts_stale_documents_and_a_running_server_counts_right_after_a_reanalysis(
        served_stale: tuple[TestClient, Path]) -> None:
    client, db = served_stale
    stats = client.get("/api/stats").json()
    assert stats["stale_documents"] == 3
    entities = client.get("/api/entities", params={"limit": "500"}).json()
    places = client.get("/api/places", params={"limit": "500"}).json()
    assert cli_json("reanalyze", "--db", str(db), "--all")["reanalysed"] == 3
    after = client.get("/api/stats").json()
    assert after["stale_documents"] == 0
    # The running server's tallies count the replaced rows once (a new server agrees).
    for name in ("documents", "events", "quotes", "entities", "places", "events_by_type"):
        assert after[name] == stats[name], name
    assert client.get("/api/entities", params={"limit": "500"}).json() == entities
    assert client.get("/api/places", params={"limit": "500"}).json() == places


def test_reanalyze_of_a_missing_store_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    code, _ = cli("reanalyze", "--db", str(missing))
    assert code == 2 and not missing.exists()
    code, _ = cli("stats", "--db", str(missing))
    assert code == 2 and not missing.exists()


def test_the_build_fingerprint_follows_analysis_code_and_data_only(tmp_path: Path) -> None:
    root = tmp_path / "marsad"
    for name, text in (("data/words.tsv", "a\n"), ("stages/events.py", "x = 1\n"), ("store/queries.py", "y = 1\n")):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    first = build_fingerprint(root)
    (root / "store/queries.py").write_text("y = 2\n", encoding="utf-8")
    assert build_fingerprint.__wrapped__(root) == first  # the store changes no analysis
    (root / "data/words.tsv").write_text("b\n", encoding="utf-8")
    changed = build_fingerprint.__wrapped__(root)
    assert changed != first
    (root / "stages/events.py").write_text("x = 2\n", encoding="utf-8")
    assert build_fingerprint.__wrapped__(root) not in (first, changed)
    # Same build, other options: another key.
    default, learned = stamp_for(PipelineConfig()), stamp_for(PipelineConfig(extraction="learned"))
    assert default.build == learned.build and default.key != learned.key
