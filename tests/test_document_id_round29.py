"""One name for a document's id across the contract (round 29): ``document_id`` in every API item,
the quotes' CSV, the PLOVER records and the Spark tables; ``doc_id`` and ``document`` stay for this
release as deprecated aliases with the same value."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from marsad.cli import app
from marsad.spark.tables import ANALYSIS_COLUMNS, TABLE_COLUMNS, table_rows
from marsad.store import open_store
from marsad.store.export import to_text
from marsad.web.app import create_app
from marsad.web.store_source import StoreSource
from webdata import sample_documents

TOKEN = "test-token-0123456789abcdef"


def _db(tmp_path: Path) -> Path:
    db = tmp_path / "ids.db"
    with open_store(db) as store:
        store.add_many([doc.to_dict() for doc in sample_documents()])
    return db


def test_every_api_item_names_its_document_document_id(tmp_path: Path) -> None:
    db = _db(tmp_path)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(create_app(db, token=TOKEN, source=StoreSource(db, stages=["boilerplate"]))) as client:
        events = client.get("/api/events").json()["items"]
        assert events and all(e["document_id"] == e["doc_id"] and e["document_id"] for e in events)
        lines = [json.loads(line) for line in client.get("/api/events.jsonl").text.splitlines()]
        assert [e["document_id"] for e in lines] == [e["document_id"] for e in events]
        first = events[0]
        detail = client.get(f"/api/events/{first['document_id']}/{first['id']}").json()
        assert detail["document_id"] == first["document_id"]
        assert all(r["document_id"] == r["document"] for r in detail["reported_by"])
        quotes = client.get("/api/quotes").json()["items"]
        assert quotes and all(q["document_id"] == q["document"] and q["document_id"] for q in quotes)
        posted = client.post(f"/api/quotes/{quotes[0]['document_id']}/{quotes[0]['id']}/review",
                             json={"verdict": "right", "reviewer": "r"}, headers=auth)
        assert posted.status_code == 201, posted.text
        assert posted.json()["document_id"] == quotes[0]["document_id"]
        history = client.get(f"/api/quotes/{quotes[0]['document_id']}/{quotes[0]['id']}/reviews").json()["items"]
        assert [h["document_id"] for h in history] == [quotes[0]["document_id"]]
        missing = client.get("/api/events/sha1:none/e1").json()["error"]["details"]
        assert missing["document_id"] == "sha1:none"


def test_quotes_csv_and_plover_name_the_document_document_id(tmp_path: Path) -> None:
    db = _db(tmp_path)
    result = CliRunner().invoke(app, ["quotes", "--db", str(db), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert rows and all(r["document_id"] and r["document_id"] == r["document"] for r in rows)
    with open_store(db) as store:
        records = [json.loads(line) for line in to_text(store.merged_events(), "plover").splitlines()]
    cites = [c for r in records for c in r["cite_info"]]
    assert cites and all(c["document_id"] and c["document_id"] == c["doc_id"] for c in cites)


def test_spark_tables_carry_document_id() -> None:
    doc = sample_documents()[0].to_dict()
    rows = table_rows(doc)
    for table, columns in TABLE_COLUMNS.items():
        names = [name for name, _kind in columns]
        # documents: then what analysed the document (round 32), after it so no column moved
        after = [name for name, _kind in ANALYSIS_COLUMNS] if table == "documents" else []
        assert names[len(names) - len(after) - 1:] == ["document_id", *after] and names.count("document_id") == 1
        for row in rows.get(table, []):
            assert row[names.index("document_id")] == doc["id"] == row[0]
