"""Exports of merged events: ACLED-like CSV/JSON/Parquet columns and PLOVER records."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from marsad.cli import app
from marsad.document import Document, Event
from marsad.store import open_store
from marsad.store.export import ACLED_COLUMNS, COLUMNS, acled_row, plover_record, to_text, write_parquet
from store_corpus import article, syndicated


def _merged_db(tmp_path: Path) -> Path:
    """Two syndicated reports of one strike (merged) and a separate protest."""
    db = tmp_path / "e.db"
    agency = article(7) + article(8)
    with open_store(db) as store:
        for i in range(2):
            doc = Document(syndicated(agency, f"o{i}"), url=f"https://o{i}.example/a", source=f"o{i}.example",
                           published="2019-12-12")
            start = doc.text.index("تطورات")
            doc.events.append(Event(
                type="ASSAULT", mode="aerial", trigger={"start": start, "end": start + 6, "text": "تطورات"},
                actor={"text": "الطيران الروسي"}, target=None,
                place={"name": "إدلب", "country": "SY", "admin1": "Idlib", "lat": 35.93, "lon": 36.63, "precision": 2},
                date="2019-12-11", status="claimed", source={"text": "الدفاع المدني"},
                chain=["الدفاع المدني", "الوكالة"], figures=[{"kind": "killed", "value": 4}],
            ))
            store.add_document(doc)
        other = Document(article(30), source="p.example", url="https://p.example/b")
        start = other.text.index("تطورات")
        other.events.append(Event(
            type="PROTEST", mode=None, trigger={"start": start, "end": start + 6, "text": "تطورات"}, actor=None,
            target=None, place=None, date="2019-12-01", status="confirmed", source=None,
        ))
        store.add_document(other)
    return db


def test_acled_columns_and_merged_reports(tmp_path: Path) -> None:
    with open_store(_merged_db(tmp_path)) as store:
        events = store.merged_events()
    text = to_text(events, "csv")
    assert text.startswith("\ufeff")  # UTF-8 with BOM: spreadsheets read Arabic right
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert tuple(rows[0].keys()) == COLUMNS and COLUMNS[: len(ACLED_COLUMNS)] == ACLED_COLUMNS
    strike = next(r for r in rows if r["event_type"] == "ASSAULT")
    assert strike["source"] == "o0.example; o1.example"
    assert strike["reports_count"] == "2" and strike["fatalities"] == "4"
    assert (strike["latitude"], strike["longitude"], strike["country"]) == ("35.93", "36.63", "SY")
    assert strike["source_chain"] == "الدفاع المدني > الوكالة" and strike["status"] == "claimed"
    assert "الدفاع المدني" in strike["notes"]
    assert json.loads(to_text(events, "json"))[0]["event_date"] == "2019-12-11"


def test_plover_records(tmp_path: Path) -> None:
    with open_store(_merged_db(tmp_path)) as store:
        events = store.merged_events()
    lines = [json.loads(line) for line in to_text(events, "plover").splitlines()]
    strike = next(r for r in lines if r["event"] == ["ASSAULT"])
    assert strike["date"] == "2019-12-11" and strike["actor"] == [{"entity_text": "الطيران الروسي"}]
    assert strike["event_loc"]["name"] == "إدلب" and strike["mode"] == ["aerial"]
    assert [c["source"] for c in strike["cite_info"]] == ["o0.example", "o1.example"]
    protest = next(r for r in lines if r["event"] == ["PROTEST"])
    assert "event_loc" not in protest and protest["actor"] == []
    assert len({r["id"] for r in lines}) == len(lines)


def test_parquet_export_round_trips(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    with open_store(_merged_db(tmp_path)) as store:
        events = store.merged_events()
    out = tmp_path / "events.parquet"
    assert write_parquet(events, str(out)) == 2
    table = pq.read_table(out)
    assert tuple(table.column_names) == COLUMNS
    assert sorted(table.column("reports_count").to_pylist()) == [1, 2]


def test_row_of_an_event_without_reports() -> None:
    row = acled_row({"event_type": "X", "reports": []})
    assert row["source"] == "" and row["reports_count"] == 0
    assert plover_record({"event_type": "X", "id": 1, "cluster_id": 2})["id"] == "marsad-2-1"


def test_cli_events_filters_and_files(tmp_path: Path) -> None:
    db = str(_merged_db(tmp_path))
    runner = CliRunner()
    result = runner.invoke(app, ["events", "--db", db, "--format", "json", "--place", "ادلب"])
    assert result.exit_code == 0, result.output
    assert [r["event_type"] for r in json.loads(result.stdout)] == ["ASSAULT"]
    result = runner.invoke(app, ["events", "--db", db, "--format", "json", "--until", "2019-12-05"])
    assert [r["event_type"] for r in json.loads(result.stdout)] == ["PROTEST"]
    result = runner.invoke(app, ["events", "--db", db, "--json"])  # JSON Lines, like the other commands
    assert [json.loads(line)["event_type"] for line in result.stdout.splitlines()] == ["ASSAULT", "PROTEST"]
    result = runner.invoke(app, ["events", "--db", db, "--json", "--format", "csv"])
    assert result.exit_code == 2 and "disagree" in result.output
    out = tmp_path / "p.jsonl"
    result = runner.invoke(app, ["events", "--db", db, "--format", "plover", "--out", str(out)])
    assert result.exit_code == 0 and len(out.read_text("utf-8").splitlines()) == 2
    result = runner.invoke(app, ["events", "--db", db, "--format", "parquet"])
    assert result.exit_code == 2 and "--out" in result.output
    result = runner.invoke(app, ["events", "--db", db, "--format", "xml"])
    assert result.exit_code == 2
    result = runner.invoke(app, ["events", "--db", db])
    assert result.exit_code == 0 and "ASSAULT" in result.stdout


def test_csv_rows_carry_ids_precision_and_chain(tmp_path: Path) -> None:
    db = _merged_db(tmp_path)
    with open_store(db) as store:
        store.conn.execute("UPDATE events SET event_date = '2019-12' WHERE event_type = 'PROTEST'")
        store.conn.commit()
        events = store.merged_events()
        documents = {r[0] for r in store.conn.execute("SELECT id FROM documents")}
    rows = {r["event_type"]: r for r in csv.DictReader(io.StringIO(to_text(events, "csv").removeprefix("\ufeff")))}
    strike, protest = rows["ASSAULT"], rows["PROTEST"]
    assert strike["date_precision"] == "day" and protest["date_precision"] == "month"
    assert strike["document_id"] in documents and strike["event_id"] == f"{strike['document_id']}#i0"
    assert strike["cluster_id"] and strike["cluster_id"] != protest["cluster_id"]
    assert strike["source_chain"] == "الدفاع المدني > الوكالة"


def test_cli_csv_file_opens_in_pandas(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    out = tmp_path / "events.csv"
    result = CliRunner().invoke(app, ["events", "--db", str(_merged_db(tmp_path)), "--format", "csv", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    # The README's example.
    frame = pd.read_csv(out, encoding="utf-8-sig")
    assert list(frame.columns) == list(COLUMNS)
    assert set(frame["actor1"].dropna()) == {"الطيران الروسي"}


def _api_client(tmp_path: Path) -> TestClient:
    from marsad.web.app import create_app

    return TestClient(create_app(_merged_db(tmp_path), cache=False))


@pytest.mark.parametrize("query", ["", "?type=ASSAULT", "?country=SY&status=claimed", "?since=2019-12-05", "?type=AID"])
def test_api_exports_hold_the_rows_of_api_events(tmp_path: Path, query: str) -> None:
    from marsad.store.export import REPORT_COLUMNS

    client = _api_client(tmp_path)
    listed = client.get(f"/api/events{query}{'&' if query else '?'}limit=500").json()["items"]
    jsonl = client.get(f"/api/events.jsonl{query}")
    assert jsonl.status_code == 200 and jsonl.headers["content-type"].startswith("application/x-ndjson")
    assert [json.loads(line) for line in jsonl.text.splitlines()] == listed
    answer = client.get(f"/api/events.csv{query}")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    assert "attachment" in answer.headers["content-disposition"]
    assert answer.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
    if rows:
        assert tuple(rows[0]) == REPORT_COLUMNS
    assert [(r["document_id"], int(r["index"]), r["event_type"], r["status"], r["event_date"]) for r in rows] == [
        (e["doc_id"], e["index"], e["type"], e["status"], e["date"]) for e in listed]
    assert [r["source_chain"] for r in rows] == [" > ".join(e["chain"]) for e in listed]


def test_api_parquet_export(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    client = _api_client(tmp_path)
    answer = client.get("/api/events.parquet?type=ASSAULT")
    assert answer.status_code == 200
    path = tmp_path / "e.parquet"
    path.write_bytes(answer.content)
    table = pq.read_table(path)
    listed = client.get("/api/events?type=ASSAULT").json()["items"]
    assert table.column("document_id").to_pylist() == [e["doc_id"] for e in listed]
    assert table.column("latitude").to_pylist() == [e["place"]["lat"] for e in listed]


def test_api_exports_are_streamed_in_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # More reports than one page: every one is exported once, in the order of /api/events.
    import marsad.web.store_source as store_source

    monkeypatch.setattr(store_source, "EXPORT_PAGE", 1)
    client = _api_client(tmp_path)
    listed = client.get("/api/events").json()["items"]
    lines = [json.loads(line) for line in client.get("/api/events.jsonl").text.splitlines()]
    assert len(listed) == 3 and lines == listed


def test_api_events_format_leads_to_the_export_of_the_same_filters(tmp_path: Path) -> None:
    client = _api_client(tmp_path)
    moved = client.get("/api/events?type=ASSAULT&format=csv&limit=1", follow_redirects=False)
    assert moved.status_code == 307 and moved.headers["location"] == "/api/events.csv?type=ASSAULT"
    followed = client.get("/api/events?type=ASSAULT&format=jsonl")
    assert [json.loads(line) for line in followed.text.splitlines()] == client.get(
        "/api/events?type=ASSAULT").json()["items"]
    assert client.get("/api/events?format=json").json()["total"] == 3
    assert client.get("/api/events?format=xml").status_code == 422
