"""Writing in transactions bounded by a time budget: the same rows, and another writer gets its turn."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from marsad.document import Document
from marsad.ingest import IngestSummary, ingest
from marsad.pipeline import Pipeline
from marsad.store import Store, open_store
from marsad.store.queries import PreparedDocument, prepare_document
from store_corpus import article, syndicated, write_corpus
from webdata import report_article

TABLES = ("sources", "clusters", "documents", "repairs", "entities", "places", "times", "quotes", "events",
          "signatures", "lsh_bands")


# when a document was stored and analysed: the clock's, not the write's
_CLOCK_COLUMNS = ("ingested_at", "analysed_at")


def _rows(db: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(db)
    try:
        found = {}
        for table in TABLES:
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] not in _CLOCK_COLUMNS]
            names = ", ".join(f'"{c}"' for c in columns)
            found[table] = conn.execute(f"SELECT rowid, {names} FROM {table} ORDER BY rowid").fetchall()
        found["doc_fts"] = conn.execute("SELECT rowid, body, stems FROM doc_fts ORDER BY rowid").fetchall()
        return found
    finally:
        conn.close()


def _prepared() -> list[PreparedDocument]:
    docs = [report_article(), *(Document(article(i), source=f"outlet-{i % 3}", published="2019-12-12")
                                for i in range(6))]
    docs += [Document(syndicated(article(1), outlet), source=outlet, published="2019-12-13")
             for outlet in ("copy-a", "copy-b")]
    return [prepare_document(doc.to_dict()) for doc in docs]


def test_a_write_split_by_its_budget_stores_the_rows_of_one_transaction(tmp_path: Path) -> None:
    prepared = _prepared()
    with open_store(tmp_path / "one.db") as store:
        assert store.write_prepared(prepared) == [True] * len(prepared)
    with open_store(tmp_path / "split.db") as store:
        # Budget 0: each transaction commits after its first document.
        assert store.write_transaction(prepared, budget=0) == [True]
        assert store.write_prepared(prepared, budget=0) == [False] + [True] * (len(prepared) - 1)
    one, split = _rows(tmp_path / "one.db"), _rows(tmp_path / "split.db")
    assert one["events"] and one["entities"] and len(one["documents"]) == len(prepared)
    assert len({row[-1] for row in one["documents"]}) < len(prepared)  # a story of several documents
    assert split == one


def test_a_review_written_during_an_ingest_waits_about_the_budget(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    with open_store(db) as store:
        store.add_document(report_article())
        event = store.events(limit=1)[0]
    files = [str(p) for p in write_corpus(tmp_path / "in", 40)]
    started = threading.Event()
    summaries: list[IngestSummary] = []
    with open_store(db) as writer, open_store(db) as reviewer:
        insert = writer._insert

        def slow_insert(*args: object) -> bool:  # a writer slow enough to hold the lock for seconds
            started.set()
            time.sleep(0.05)
            return insert(*args)  # type: ignore[arg-type]

        writer._insert = slow_insert  # type: ignore[method-assign]
        # Every document in one batch, whose rows take about 2 s to write; transactions of about 0.2 s.
        thread = threading.Thread(target=lambda: summaries.append(
            ingest(files, writer, Pipeline.build(["boilerplate"]), batch_size=100, batch_seconds=600,
                   transaction_seconds=0.2)))
        thread.start()
        try:
            assert started.wait(60)
            began = time.monotonic()
            reviewed = reviewer.review("event", event["document"], f"i{event['idx']}", verdict="right",
                                       corrections={}, reviewer="analyst")
            waited = time.monotonic() - began
        finally:
            thread.join(120)
        assert not thread.is_alive()
        assert summaries and summaries[0].new == 40 and summaries[0].failed == []
        assert waited < 1.5, waited  # one transaction for the batch would have held the lock ~2 s
        assert reviewed["verdict"] == "right"
        history = reviewer.review_history("event", event["document"], f"i{event['idx']}")
        assert [h["verdict"] for h in history] == ["right"]
        assert isinstance(writer, Store) and writer.count_documents() == 41
