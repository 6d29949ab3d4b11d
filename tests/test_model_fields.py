"""What the learned attribution layer adds to events and quotes (confidence, ids, merged mentions),
carried by the store, its migration, the filters, the CLI, the exports, the API and the Parquet layout."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from marsad.cli import app
from marsad.document import Document, Event, Quote
from marsad.spark.tables import TABLE_COLUMNS, coerce_row, table_rows
from marsad.store import Filters, LabelIndex, Store, open_store
from marsad.store.export import COLUMNS, to_text, write_parquet
from marsad.store.filters import check_confidence
from marsad.store.records import ROW_COLUMNS, annotation_rows, column_names
from marsad.store.schema import LATEST_VERSION, current_version
from marsad.web.app import create_app
from marsad.web.store_source import StoreSource
from store_corpus import article, write_version_2_store

HTS = {"text": "هيئة تحرير الشام", "canonical": "Hayat Tahrir al-Sham", "id": "actor:hts", "confidence": 0.8}


def _span(doc: Document, word: str, nth: int = 0) -> dict[str, Any]:
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(word, start + 1)
    return {"start": start, "end": start + len(word), "text": word}


def _event(doc: Document, type: str, trigger: str, **fields: Any) -> Event:
    values: dict[str, Any] = {
        "type": type, "mode": None, "trigger": _span(doc, trigger), "actor": None, "target": None, "place": None,
        "date": "2019-12-10", "status": "asserted", "source": None,
    }
    values.update(fields)
    return Event(**values)


def scored_document(index: int = 40, source: str = "s.example") -> Document:
    """One article with a strongly and a weakly scored event (both naming HTS, in different words),
    an event of the rules alone, and a quote whose speaker the model chose."""
    doc = Document(article(index), source=source, url=f"https://{source}/{index}", published="2019-12-12")
    doc.events.append(_event(
        doc, "ASSAULT", "تطورات", confidence=0.9, id="e1", actor=dict(HTS),
        target={"text": "الجيش", "canonical": "Syrian army", "id": "SY", "confidence": 0.7},
        mentions=[_span(doc, "تقرير"), _span(doc, "ميدانية")],
    ))
    doc.events.append(_event(
        doc, "PROTEST", "ميدانية", confidence=0.3, id="e2", actor={"text": "الهيئة", "id": "actor:hts", "confidence": 0.6},
    ))
    doc.events.append(_event(doc, "AID", "تقرير", actor={"text": "منظمة إغاثية"}))  # rule-only: no score, no id
    cue = _span(doc, "رقم")
    doc.quotes.append(Quote(cue["start"], cue["end"], cue, {**_span(doc, "تطورات"), "id": "actor:hts", "confidence": 0.66},
                            cue, False))
    doc.quotes.append(Quote(cue["start"], cue["end"], cue, None, cue, False))
    return doc


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    found = open_store(tmp_path / "m.db")
    found.add_document(scored_document())
    return found


# -- rows and columns --------------------------------------------------------------------------
def test_event_and_quote_rows_carry_confidence_ids_and_mentions() -> None:
    rows = annotation_rows(scored_document().to_dict())
    names = column_names("events")
    events = [dict(zip(names, row, strict=True)) for row in rows["events"]]
    assert [(e["confidence"], e["event_key"], e["actor1_id"], e["actor2_id"], e["mentions"]) for e in events] == [
        (0.9, "e1", "actor:hts", "SY", 3), (0.3, "e2", "actor:hts", None, 1), (None, None, None, None, 1)]
    assert [(e["actor1_confidence"], e["actor2_confidence"]) for e in events] == [(0.8, 0.7), (0.6, None),
                                                                                 (None, None)]
    quotes = [dict(zip(column_names("quotes"), row, strict=True)) for row in rows["quotes"]]
    assert [(q["speaker_id"], q["speaker_confidence"]) for q in quotes] == [("actor:hts", 0.66), (None, None)]


def test_store_keeps_the_new_columns(store: Store) -> None:
    rows = store.conn.execute(
        "SELECT event_type, confidence, event_key, actor1_id, actor2_id, mentions FROM events ORDER BY idx").fetchall()
    assert [tuple(r) for r in rows] == [("ASSAULT", 0.9, "e1", "actor:hts", "SY", 3),
                                        ("PROTEST", 0.3, "e2", "actor:hts", None, 1), ("AID", None, None, None, None, 1)]
    quotes = store.conn.execute("SELECT speaker_id, speaker_confidence FROM quotes ORDER BY rowid").fetchall()
    assert [tuple(q) for q in quotes] == [("actor:hts", 0.66), (None, None)]
    report = next(e for e in store.events() if e["event_type"] == "ASSAULT")
    assert (report["confidence"], report["event_key"], report["actor1_id"], report["mentions"]) == (0.9, "e1",
                                                                                                    "actor:hts", 3)


def test_a_corrected_actor_loses_the_models_probability_the_target_keeps_it(store: Store) -> None:
    strike = next(e for e in store.events() if e["event_type"] == "ASSAULT")
    assert (strike["actor1_confidence"], strike["actor2_confidence"]) == (0.8, 0.7)
    store.review("event", strike["document"], "e1", verdict="right", corrections={"actor": "الجيش"},
                 reviewer="rana")
    for _ in range(2):  # as reviewed, and again after a rebuild replays the review
        after = next(e for e in store.events() if e["event_type"] == "ASSAULT")
        assert (after["actor1"], after["actor1_id"], after["actor1_confidence"]) == ("الجيش", None, None)
        assert (after["actor2_id"], after["actor2_confidence"]) == ("SY", 0.7)
        store.rebuild_events()


# -- filters -----------------------------------------------------------------------------------
@pytest.mark.parametrize("indexed", [False, True])
def test_min_confidence_keeps_events_scored_at_least_that_high(store: Store, indexed: bool) -> None:
    labels = LabelIndex() if indexed else None

    def types(filters: Filters) -> list[str]:
        found = sorted(e["event_type"] for e in store.events(filters, labels=labels))
        assert store.count_events(filters, labels=labels) == len(found)
        assert sorted(e["event_type"] for e in store.merged_events(filters, labels=labels)) == found
        assert store.count_merged_events(filters, labels=labels) == len(found)
        return found

    assert types(Filters()) == ["AID", "ASSAULT", "PROTEST"]  # no threshold: rule-only events stay
    assert types(Filters(min_confidence=0.5)) == ["ASSAULT"]
    assert types(Filters(min_confidence=0.3)) == ["ASSAULT", "PROTEST"]  # inclusive
    assert types(Filters(min_confidence=0.0)) == ["ASSAULT", "PROTEST"]  # a threshold drops unscored events
    assert types(Filters(min_confidence=0.95)) == []
    assert types(Filters(min_confidence=0.5, type="protest")) == []
    assert sum(store.event_summary(Filters(min_confidence=0.5))["types"].values()) == 1


@pytest.mark.parametrize("indexed", [False, True])
def test_actor_filter_matches_dictionary_ids_whole(store: Store, indexed: bool) -> None:
    labels = LabelIndex() if indexed else None

    def types(actor: str) -> list[str]:
        return sorted(e["event_type"] for e in store.events(Filters(actor=actor), labels=labels))

    # The weak event names HTS as الهيئة: no part of its surface matches the id, the id does.
    assert types("actor:hts") == ["ASSAULT", "PROTEST"]
    assert types("ACTOR:HTS") == ["ASSAULT", "PROTEST"]
    assert types("actor:h") == []  # ids match whole, not in part
    assert types("sy") == ["ASSAULT"]  # the target's country code
    assert types("الهيئة") == ["PROTEST"]  # names still match by normalised part
    assert types("tahrir") == ["ASSAULT"]  # the canonical name is the label
    assert store.count_events(Filters(actor="actor:hts", min_confidence=0.5), labels=labels) == 1


@pytest.mark.parametrize("bad", [1.5, -0.1, float("nan"), "high", None])
def test_a_bad_threshold_is_refused_in_one_line(bad: object) -> None:
    with pytest.raises(ValueError, match="min_confidence must be"):
        check_confidence(bad)
    assert check_confidence("0.25") == 0.25


# -- migration ---------------------------------------------------------------------------------
def test_a_version_2_store_gains_the_model_columns_filled_from_its_records(tmp_path: Path) -> None:
    path = tmp_path / "v2.db"
    docs = [scored_document(40).to_dict(), Document(article(41), source="old.example").to_dict()]
    # A record stored before the fields existed: no confidence, id or mentions keys at all.
    old = scored_document(42, "older.example").to_dict()
    for event in old["events"]:
        for key in ("confidence", "id", "mentions"):
            event.pop(key)
    docs.append(old)
    write_version_2_store(path, docs)
    with sqlite3.connect(path) as conn:
        assert current_version(conn) == 2
        assert "confidence" not in {r[1] for r in conn.execute("PRAGMA table_info(events)")}
    with open_store(path) as store:
        assert current_version(store.conn) == LATEST_VERSION >= 3
        assert store.count_documents() == 3
        migrated = [tuple(r) for r in store.conn.execute(
            "SELECT d.id, e.idx, e.confidence, e.event_key, e.actor1_id, e.actor2_id, e.mentions"
            " FROM events e JOIN documents d ON d.seq = e.doc_seq ORDER BY e.id")]
        role_scores = [tuple(r) for r in store.conn.execute(
            "SELECT actor1_confidence, actor2_confidence FROM events ORDER BY id")]
        quotes = [tuple(r) for r in store.conn.execute("SELECT speaker_id, speaker_confidence FROM quotes ORDER BY rowid")]
        # The migration fills the columns as a fresh ingest does: rebuilding the rows changes nothing.
        store.rebuild_events()
        rebuilt = [tuple(r) for r in store.conn.execute(
            "SELECT d.id, e.idx, e.confidence, e.event_key, e.actor1_id, e.actor2_id, e.mentions"
            " FROM events e JOIN documents d ON d.seq = e.doc_seq ORDER BY e.id")]
        assert migrated == rebuilt
        # The roles' probabilities come from the records too (version 7), the old record's as well.
        assert role_scores == [(0.8, 0.7), (0.6, None), (None, None)] * 2
        assert role_scores == [tuple(r) for r in store.conn.execute(
            "SELECT actor1_confidence, actor2_confidence FROM events ORDER BY id")]
        by_doc = [row[2:] for row in migrated]
        assert by_doc[:3] == [(0.9, "e1", "actor:hts", "SY", 3), (0.3, "e2", "actor:hts", None, 1),
                              (None, None, None, None, 1)]
        assert by_doc[3:] == [(None, None, "actor:hts", "SY", 1), (None, None, "actor:hts", None, 1),
                              (None, None, None, None, 1)]
        assert quotes == [("actor:hts", 0.66), (None, None)] * 2
        assert store.count_events(Filters(min_confidence=0.5)) == 1
        assert store.count_events(Filters(actor="actor:hts")) == 4
        plan = " ".join(str(r[-1]) for r in store.conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM events e WHERE e.actor1_id = ? COLLATE NOCASE", ("actor:hts",)))
        assert "events_actor1_id" in plan
        assert store.check() == []


def test_migration_time_on_a_larger_store(tmp_path: Path) -> None:
    """Upgrading 300 documents (900 event rows) takes well under a second; the figure is printed."""
    path = tmp_path / "big.db"
    write_version_2_store(path, [scored_document(i, f"o{i % 7}.example").to_dict() for i in range(300)])
    started = time.perf_counter()
    with open_store(path) as store:
        elapsed = time.perf_counter() - started
        assert store.count_events(Filters(min_confidence=0.5)) == 300
        events = store.count_events()
    print(f"migrated {events} event rows of 300 documents in {elapsed * 1000:.0f} ms")
    assert elapsed < 5


# -- CLI and exports ---------------------------------------------------------------------------
def test_cli_min_confidence_and_actor_id(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    with open_store(db) as store:
        store.add_document(scored_document())
    runner = CliRunner()
    result = runner.invoke(app, ["events", "--db", str(db), "--json", "--min-confidence", "0.5"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]  # JSON Lines
    assert [(r["event_type"], r["confidence"]) for r in rows] == [("ASSAULT", 0.9)]
    result = runner.invoke(app, ["events", "--db", str(db), "--json", "--actor", "actor:hts"])
    assert sorted(json.loads(line)["event_type"] for line in result.stdout.splitlines()) == ["ASSAULT", "PROTEST"]
    for bad in ("1.5", "-1", "nan", "high"):
        result = runner.invoke(app, ["events", "--db", str(db), "--min-confidence", bad])
        assert result.exit_code == 2, bad
        assert "--min-confidence" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["events", "--db", str(db)])
    assert result.exit_code == 0 and "0.90" in result.stdout  # the table shows the confidence


def test_exports_carry_confidence_ids_and_mentions(tmp_path: Path) -> None:
    with open_store(tmp_path / "x.db") as store:
        first = scored_document(40, "a.example")
        store.add_document(first)
        events = store.merged_events()
    rows = {r["event_type"]: r for r in csv.DictReader(io.StringIO(to_text(events, "csv").removeprefix("\ufeff")))}
    assert tuple(next(iter(rows.values()))) == COLUMNS
    strike = rows["ASSAULT"]
    assert (strike["confidence"], strike["actor1_id"], strike["actor2_id"], strike["mentions"]) == (
        "0.9", "actor:hts", "SY", "3")
    assert strike["event_ids"] == f"{first.id}#e1"
    assert (strike["actor1_confidence"], strike["actor2_confidence"]) == ("0.8", "0.7")
    assert (rows["AID"]["confidence"], rows["AID"]["event_ids"], rows["AID"]["mentions"]) == ("", "", "1")
    assert (rows["AID"]["actor1_confidence"], rows["AID"]["actor2_confidence"]) == ("", "")
    plover = {r["event"][0]: r for r in map(json.loads, to_text(events, "plover").splitlines())}
    located = plover["ASSAULT"]["marsad"].pop("all_mentions")  # every mention located (round 31)
    assert [(m["trigger"], m["re_mention"]) for m in located][1:] == [("تقرير", True), ("ميدانية", True)]
    assert plover["ASSAULT"]["marsad"] == {"confidence": 0.9, "actor_id": "actor:hts", "recipient_id": "SY",
                                           "actor_confidence": 0.8, "recipient_confidence": 0.7,
                                           "mentions": 3, "event_ids": [f"{first.id}#e1"],
                                           "statuses": [strike["status"]], "outlets": 1, "corroboration": None}
    assert plover["ASSAULT"]["cite_info"][0]["event_key"] == "e1"
    assert plover["AID"]["marsad"]["confidence"] is None
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "e.parquet"
    write_parquet(events, str(out))
    table = pq.read_table(out).to_pylist()
    parquet = {r["event_type"]: r for r in table}
    assert (parquet["ASSAULT"]["confidence"], parquet["ASSAULT"]["mentions"]) == (0.9, 3)
    assert (parquet["ASSAULT"]["actor1_confidence"], parquet["ASSAULT"]["actor2_confidence"]) == (0.8, 0.7)
    assert parquet["AID"]["confidence"] is None


def test_merged_events_take_the_most_confident_report(tmp_path: Path) -> None:
    with open_store(tmp_path / "m.db") as store:
        text = article(50)
        for i, score in enumerate((0.4, 0.85)):
            doc = Document(text + f"\nنقلا عن {i}\n", source=f"o{i}.example", url=f"https://o{i}.example/a",
                           published="2019-12-12")
            doc.events.append(_event(doc, "ASSAULT", "تطورات", confidence=score, id=f"e{i + 1}", actor=dict(HTS)))
            store.add_document(doc)
        (merged,) = store.merged_events()
        assert merged["count"] == 2 and merged["confidence"] == 0.85
        assert sorted(r["event_key"] for r in merged["reports"]) == ["e1", "e2"]
        # A threshold is applied to reports before they merge: only the confident report remains.
        (strong,) = store.merged_events(Filters(min_confidence=0.5))
        assert strong["count"] == 1 and [r["event_key"] for r in strong["reports"]] == ["e2"]


# -- API -----------------------------------------------------------------------------------------
@pytest.fixture()
def client(tmp_path: Path) -> Any:
    db = tmp_path / "api.db"
    with open_store(db) as store:
        store.add_document(scored_document())
    with TestClient(create_app(db, source=StoreSource(db))) as test_client:
        yield test_client


def test_api_events_carry_the_model_fields_and_filter_by_confidence(client: TestClient) -> None:
    items = client.get("/api/events").json()["items"]
    strike = next(e for e in items if e["type"] == "ASSAULT")
    assert (strike["confidence"], strike["event_id"], strike["actor_id"], strike["target_id"], strike["mentions"]) == (
        0.9, "e1", "actor:hts", "SY", 3)
    assert [m["text"] for m in strike["mention_spans"]] == ["تقرير", "ميدانية"]
    assert strike["actor"]["confidence"] == 0.8
    assert (strike["actor_confidence"], strike["target_confidence"]) == (0.8, 0.7)
    aid = next(e for e in items if e["type"] == "AID")
    assert (aid["confidence"], aid["event_id"], aid["mentions"]) == (None, None, 1)
    page = client.get("/api/events", params={"min_confidence": 0.5}).json()
    assert page["total"] == 1 and page["items"][0]["type"] == "ASSAULT"
    page = client.get("/api/events", params={"actor": "actor:hts"}).json()
    assert sorted(e["type"] for e in page["items"]) == ["ASSAULT", "PROTEST"]
    summary = client.get("/api/events/summary", params={"min_confidence": 0.5}).json()
    assert summary["types"] == {"ASSAULT": 1}


@pytest.mark.parametrize("bad", ["1.5", "-0.2", "nan", "high"])
def test_api_refuses_a_bad_threshold(client: TestClient, bad: str) -> None:
    response = client.get("/api/events", params={"min_confidence": bad})
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "invalid_request" and error["message"].startswith("query.min_confidence")


# -- Parquet / Spark layout -------------------------------------------------------------------------
def test_parquet_tables_follow_the_shared_layout_with_the_model_columns() -> None:
    for table, extra in (("events", ["confidence", "event_key", "actor1_id", "actor2_id", "mentions",
                                     "actor1_confidence", "actor2_confidence"]),
                         ("quotes", ["speaker_id", "speaker_confidence"])):
        names = [name for name, _kind in TABLE_COLUMNS[table]]
        shared = [name for name, _kind in ROW_COLUMNS[table]]
        assert names[1 : 1 + len(shared)] == shared and set(extra) <= set(shared)
    kinds = dict(TABLE_COLUMNS["events"])
    assert (kinds["confidence"], kinds["mentions"], kinds["actor1_id"]) == ("double", "long", "string")
    doc = scored_document().to_dict()
    rows = table_rows(doc)
    names = [name for name, _kind in TABLE_COLUMNS["events"]]
    events = [dict(zip(names, coerce_row("events", row), strict=False)) for row in rows["events"]]
    assert [(e["confidence"], e["event_key"], e["actor1_id"], e["mentions"]) for e in events] == [
        (0.9, "e1", "actor:hts", 3), (0.3, "e2", "actor:hts", 1), (None, None, None, 1)]
    assert [m["text"] for m in json.loads(events[0]["mention_spans"])] == ["تقرير", "ميدانية"]
    quote_names = [name for name, _kind in TABLE_COLUMNS["quotes"]]
    quote = dict(zip(quote_names, coerce_row("quotes", rows["quotes"][0]), strict=False))
    assert (quote["speaker_id"], quote["speaker_confidence"]) == ("actor:hts", 0.66)


def test_the_learned_layers_output_lands_in_the_columns(tmp_path: Path) -> None:
    """Events as the learned layer writes them (an id per event, its confidence, merged re-mentions)."""
    from marsad.attribution.learned.extract import rescore_events
    from marsad.pipeline import Pipeline
    from test_attribution_learned import _models

    rules = Pipeline.build()
    for stage in rules.stages:
        if hasattr(stage, "models"):
            stage.models = None
    doc = rules(Document("شنت الطائرات الغارات على مدينة دوما. وأسفرت الغارات عن مقتل عشرة مدنيين.",
                         published="2019-12-12"))
    rescore_events(doc, _models({}, {}))
    raid = next(ev for ev in doc.events if ev.type == "ASSAULT" and ev.mentions)
    with open_store(tmp_path / "learned.db") as store:
        store.add_document(doc)
        stored = next(e for e in store.events() if e["event_key"] == raid.id)
        assert stored["mentions"] == 1 + len(raid.mentions) == 2
        assert stored["confidence"] == raid.confidence and raid.confidence is not None
        assert store.count_events(Filters(min_confidence=raid.confidence)) >= 1
        assert all(e["confidence"] is not None for e in store.events(Filters(min_confidence=0.0)))
