"""Every door carries the analysis's contract (round 28): what `marsad analyze --json` gives for an
event, the store keeps and the API returns, with every span a slice of the original text.

The article is our own writing, analysed by the learned models (so events carry confidence, ids
and merged mentions), stored, and read back through the API."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from marsad.document import Document
from marsad.pipeline import Pipeline, PipelineConfig
from marsad.store.export import acled_row
from marsad.store.queries import open_store
from marsad.web.app import create_app

ARTICLE = (
    "قصف على ريف إدلب\n"
    "قصفت قوات النظام السوري صباح الاثنين بلدة سراقب في ريف إدلب الجنوبي، ما أدى إلى مقتل خمسة مدنيين، "
    "بحسب ما أفاد المرصد السوري لحقوق الإنسان.\n"
    "وقال مدير المرصد رامي عبد الرحمن إن \"الطائرات الروسية شنت أكثر من عشرين غارة على المنطقة\".\n"
    "ونفت وزارة الدفاع الروسية في بيان أن تكون طائراتها قد استهدفت مناطق سكنية في إدلب.\n"
)


@pytest.fixture(scope="module")
def analysed() -> Document:
    pipeline = Pipeline.from_config(PipelineConfig(extraction="learned"))
    return pipeline(Document(ARTICLE, source="round28", published="2020-02-03", title="قصف على ريف إدلب"))


@pytest.fixture(scope="module")
def stored(analysed: Document, tmp_path_factory: pytest.TempPathFactory) -> str:
    db = tmp_path_factory.mktemp("doors") / "doors.db"
    with open_store(db) as store:
        store.add_many([analysed.to_dict()])
    return str(db)


@pytest.fixture(scope="module")
def api(stored: str) -> Iterator[TestClient]:
    with TestClient(create_app(stored)) as client:
        yield client


def _by_key(analysed: Document, api: TestClient) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    events = {e["id"]: e for e in analysed.to_dict()["events"]}
    items = api.get("/api/events", params={"limit": 500}).json()["items"]
    assert len(items) == len(events) > 0
    return [(events[item["event_id"]], item) for item in items]


def test_api_event_place_keeps_the_place_as_written_with_its_span(analysed: Document, api: TestClient) -> None:
    pairs = [(event, item) for event, item in _by_key(analysed, api) if (event.get("place") or {}).get("start") is not None]
    assert pairs, "the article's events name a place"
    for event, item in pairs:
        place = item["place"]
        assert place["text"] == event["place"]["text"]
        assert ARTICLE[place["start"]:place["end"]] == place["text"]
        assert (place["lat"], place["lon"], place["precision"]) == (
            event["place"]["lat"], event["place"]["lon"], event["place"]["precision"])


def test_api_events_carry_the_analysis_fields_unchanged(analysed: Document, api: TestClient) -> None:
    for event, item in _by_key(analysed, api):
        for key in ("type", "mode", "status", "date", "actor", "target", "source", "chain", "figures", "trigger",
                    "confidence"):
            assert item[key] == event[key], key
        assert item["mentions"] == 1 + len(event["mentions"])
        assert item["mention_spans"] == event["mentions"]
        for part in (item["actor"], item["target"], item["trigger"], *item["mention_spans"]):
            if part and part.get("start") is not None:
                assert ARTICLE[part["start"]:part["end"]] == part["text"]


def _spark_rows(analysed: Document, table: str) -> list[dict[str, Any]]:
    from marsad.spark.tables import TABLE_COLUMNS, table_rows

    names = [name for name, _ in TABLE_COLUMNS[table]]
    return [dict(zip(names, row, strict=False)) for row in table_rows(analysed.to_dict())[table]]


def test_spark_quotes_table_locates_speaker_and_content_in_the_text(analysed: Document) -> None:
    rows = _spark_rows(analysed, "quotes")
    assert rows and any(r["speaker_start"] is not None for r in rows)
    for row, quote in zip(rows, analysed.to_dict()["quotes"], strict=True):
        assert ARTICLE[row["start"]:row["end"]] == ARTICLE[quote["start"]:quote["end"]]
        if row["speaker_start"] is not None:
            assert ARTICLE[row["speaker_start"]:row["speaker_end"]] == row["speaker"] == quote["speaker"]["text"]
        assert ARTICLE[row["content_start"]:row["content_end"]] == row["content"]


def test_spark_events_table_locates_actor_target_and_place_in_the_text(analysed: Document) -> None:
    rows = _spark_rows(analysed, "events")
    assert len(rows) == len(analysed.events) > 0
    located = 0
    for row, event in zip(rows, analysed.to_dict()["events"], strict=True):
        for prefix, part in (("actor1", event["actor"]), ("actor2", event["target"]), ("place", event["place"])):
            start, end = row[f"{prefix}_start"], row[f"{prefix}_end"]
            if part is None or part.get("start") is None:
                assert start is None and end is None
                continue
            located += 1
            text = row[f"{prefix}_text"]
            assert (start, end, text) == (part["start"], part["end"], part["text"])
            assert ARTICLE[start:end] == text
    assert located >= 3


def test_api_places_carry_precision_and_level(analysed: Document, api: TestClient) -> None:
    places = {p["id"]: p for p in analysed.to_dict()["places"]}
    items = api.get("/api/places", params={"limit": 500}).json()["items"]
    filtered = api.get("/api/places", params={"q": "إدلب"}).json()["items"]
    assert items and filtered
    for item in [*items, *filtered]:
        place = places[item["place_id"]]
        assert (item["precision"], item["feature"], item["lat"], item["lon"]) == (
            place["precision"], place["feature"], place["lat"], place["lon"])
        page = api.get(f"/api/places/{item['id']}").json()
        assert (page["precision"], page["feature"]) == (place["precision"], place["feature"])


def test_api_entities_carry_the_dictionary_id(analysed: Document, api: TestClient) -> None:
    # A name can have several ids (Idlib the city and the governorate): the first mention's that has one.
    ids: dict[tuple[str, str], str | None] = {}
    for entity in analysed.to_dict()["entities"]:
        key = (entity["canonical"] or entity["text"], entity["type"])
        ids[key] = ids.get(key) or entity.get("id")
    assert ids[("Syrian government forces", "ORG")] == "actor:syr-forces"
    items = api.get("/api/entities", params={"limit": 500}).json()["items"]
    filtered = api.get("/api/entities", params={"q": "Syrian"}).json()["items"]
    assert items and filtered
    for item in [*items, *filtered]:
        assert item["id"] == ids[item["name"], item["type"]]
        page = api.get(f"/api/entities/{item['name']}", params={"type": item["type"]}).json()
        assert page["id"] == item["id"]


def _located_links(links: list[dict[str, Any]]) -> int:
    """How many of a chain's links have a span; each one that has is a slice of the article."""
    located = 0
    for link in links:
        if link["start"] is not None:
            assert ARTICLE[link["start"]:link["end"]] == link["text"]
            located += 1
    return located


def test_chain_spans_agree_across_analyze_the_api_and_the_spark_tables(analysed: Document, api: TestClient) -> None:
    """Round 31 (branch ux31b): the Spark quotes and events tables carry ``chain_spans`` (JSON text, as their
    other nested columns), the same list ``marsad analyze --json`` and the API give."""
    doc = analysed.to_dict()
    api_quotes = api.get("/api/quotes", params={"limit": 500}).json()["items"]
    located = 0
    for row, quote in zip(_spark_rows(analysed, "quotes"), doc["quotes"], strict=True):
        assert json.loads(row["chain_spans"]) == quote["chain_spans"]
        [item] = [q for q in api_quotes if (q["start"], q["end"]) == (quote["start"], quote["end"])]
        assert item["chain_spans"] == quote["chain_spans"]
        located += _located_links(quote["chain_spans"])
    events = {e["id"]: e for e in doc["events"]}
    for event, item in _by_key(analysed, api):
        assert item["chain_spans"] == event["chain_spans"]
    for row, event in zip(_spark_rows(analysed, "events"), doc["events"], strict=True):
        assert json.loads(row["chain_spans"]) == events[event["id"]]["chain_spans"]
        located += _located_links(event["chain_spans"])
    assert located >= 3, "the article names its sources"


def test_all_mentions_agree_across_analyze_the_exports_and_the_spark_tables(analysed: Document, stored: str) -> None:
    """Round 31 (branch ux31b): the Spark events table's ``all_mentions`` (one row per event of an article:
    the event's own mention, then the re-mentions merged into it) is what the exports list for that event,
    and each mention is the analysis's trigger or re-mention at its offsets."""
    doc = analysed.to_dict()
    with open_store(stored, readonly=True) as store:
        exported = [acled_row(event) for event in store.merged_events(limit=500)]
    by_event: dict[str, list[dict[str, Any]]] = {}
    for row in exported:
        for mention in row["all_mentions"]:
            by_event.setdefault(mention["event_id"], []).append(mention)
    rows = _spark_rows(analysed, "events")
    assert len(rows) == len(doc["events"]) > 0
    re_mentions = 0
    for row, event in zip(rows, doc["events"], strict=True):
        mentions = json.loads(row["all_mentions"])
        assert mentions == by_event[f"{doc['id']}#{event['id']}"]
        first, *others = mentions
        assert (first["trigger"], first["trigger_start"], first["trigger_end"]) == (
            event["trigger"]["text"], event["trigger"]["start"], event["trigger"]["end"])
        assert ARTICLE[first["trigger_start"]:first["trigger_end"]] == first["trigger"]
        assert first["chain_spans"] == event["chain_spans"] and first["re_mention"] is False
        assert [{"start": m["trigger_start"], "end": m["trigger_end"], "text": m["trigger"]} for m in others] == [
            {k: m[k] for k in ("start", "end", "text")} for m in event["mentions"]]
        # round 35: each re-mention with its own status and claim source, as the analysis gives them
        assert [(m["status"], m["claim_text"], m["claim_start"], m["chain_spans"]) for m in others] == [
            (m["status"], (m["source"] or {}).get("text"), (m["source"] or {}).get("start"), m["chain_spans"])
            for m in event["mentions"]]
        re_mentions += len(others)
    assert re_mentions >= 1, "the learned models merged a re-mention"
