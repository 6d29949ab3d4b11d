"""The learned extraction's fields through every door: one article analysed with ``marsad analyze
--extraction learned`` shows the same events (ids, statuses, confidences, roles and their ids and
confidences, merged re-mentions, places) and the same quote speakers after ``marsad ingest``, in
``marsad events``, the API, its CSV export and the terminal view; the options that only the learned
models understand are never silently ignored."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner, Result

from conftest import SEED_PATH
from marsad.cli import app
from marsad.pipeline import PipelineConfig, PipelineConfigError, check_config
from marsad.spark.job import extraction_summary
from marsad.web.app import create_app

# A short news-style article written for these tests: an accusation, a claimed strike and a threat.
SYNTHETIC = (
    "اتهم الحوثيون التحالف بقيادة السعودية بشن غارات جوية على مدينة الحديدة، أسفرت عن مقتل ثلاثة أشخاص.\n"
    "وقال المتحدث باسم التحالف العقيد تركي المالكي إن قوات التحالف استهدفت مخازن أسلحة تابعة للحوثيين.\n"
    "وهددت جماعة الحوثي بالرد على أي هجوم جديد.\n"
)


def _cli(*args: str) -> Result:
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def _flat(text: str) -> str:
    """Terminal output with its line wrapping removed."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory, shipped_attribution: Any) -> Path:
    path = tmp_path_factory.mktemp("doors") / "articles.jsonl"
    records = [
        {"id": "seed", "text": SEED_PATH.read_text("utf-8"), "published": "2019-12-12",
         "url": "https://example.org/seed"},
        {"id": "hodeidah", "text": SYNTHETIC, "published": "2020-03-05", "url": "https://example.org/hodeidah"},
    ]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


@pytest.fixture(scope="module")
def analysed(articles: Path) -> dict[str, dict[str, Any]]:
    result = _cli("analyze", "--json", "--extraction", "learned", str(articles))
    assert result.exit_code == 0, result.output
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [doc["source_id"] for doc in docs] == ["seed", "hodeidah"]
    return {doc["source_id"]: doc for doc in docs}


@pytest.fixture(scope="module")
def stored(articles: Path) -> Path:
    db = articles.parent / "doors.db"
    result = _cli("ingest", "--db", str(db), "--extraction", "learned", "--json", str(articles))
    assert result.exit_code == 0, result.output
    return db


def test_the_fields_are_there_to_compare(analysed: dict[str, dict[str, Any]]) -> None:
    """What the comparisons below rest on: scored events, scored roles with ids, a merged
    re-mention and scored speakers (else the consistency checks could pass on nothing)."""
    events = [e for doc in analysed.values() for e in doc["events"]]
    assert events and all(isinstance(e["confidence"], float) and e["id"] for e in events)
    assert any(e["mentions"] for e in events)
    assert any(e["actor"] and e["actor"].get("id") and isinstance(e["actor"].get("confidence"), float)
               for e in events)
    assert any(e["status"] == "claimed" and e["chain"] for e in events)
    speakers = [q["speaker"] for doc in analysed.values() for q in doc["quotes"] if q["speaker"]]
    assert speakers and all(isinstance(s.get("confidence"), float) for s in speakers)


def test_the_store_and_the_api_keep_what_analyze_printed(
    analysed: dict[str, dict[str, Any]], stored: Path
) -> None:
    client = TestClient(create_app(stored))
    listed = client.get("/api/events", params={"limit": 500}).json()["items"]
    for doc in analysed.values():
        doc_id = doc["id"]
        shown = client.get(f"/api/documents/{doc_id}").json()
        for part in ("events", "quotes", "places", "times", "entities"):
            assert shown[part] == doc[part], (doc_id, part)
        rows = {e["event_id"]: e for e in listed if e["doc_id"] == doc_id}
        assert sorted(rows) == sorted(e["id"] for e in doc["events"])
        for event in doc["events"]:
            row = rows[event["id"]]
            assert (row["type"], row["status"], row["confidence"], row["date"], row["chain"]) == (
                event["type"], event["status"], event["confidence"], event["date"], event["chain"])
            assert row["mentions"] == 1 + len(event["mentions"])
            for role in ("actor", "target"):
                assert row[f"{role}_id"] == (event[role] or {}).get("id")
                assert (row[role] or {}).get("confidence") == (event[role] or {}).get("confidence")
            if event["place"]:
                assert {k: row["place"][k] for k in ("id", "name", "lat", "lon", "precision")} == {
                    k: event["place"][k] for k in ("id", "name", "lat", "lon", "precision")}
    # The map: one marker per place, at the precision its events' places have (a region's centroid is 4).
    markers = {p["id"]: p for p in client.get("/api/events/summary").json()["places"]}
    for doc in analysed.values():
        for event in doc["events"]:
            if event["place"]:
                assert markers[event["place"]["id"]]["precision"] == event["place"]["precision"]
    assert any(p["precision"] == 4 for p in markers.values()) and any(p["precision"] == 1 for p in markers.values())


def test_the_exports_keep_what_analyze_printed(analysed: dict[str, dict[str, Any]], stored: Path) -> None:
    client = TestClient(create_app(stored))
    reports = {r["event_id"]: r for r in csv.DictReader(io.StringIO(
        client.get("/api/events.csv").content.decode("utf-8-sig")))}
    merged = [json.loads(line) for line in _cli("events", "--db", str(stored), "--json").stdout.splitlines()]
    by_report = {key: row for row in merged for key in row["event_ids"].split(";")}
    for doc in analysed.values():
        for event in doc["events"]:
            key = f"{doc['id']}#{event['id']}"
            report, row = reports[key], by_report[key]
            assert (report["status"], float(report["confidence"]), int(report["mentions"])) == (
                event["status"], event["confidence"], 1 + len(event["mentions"]))
            assert report["actor1_id"] == ((event["actor"] or {}).get("id") or "")
            # The two articles are different stories: each merged row is one report.
            assert (row["status"], row["confidence"], row["mentions"], row["actor1_id"]) == (
                event["status"], event["confidence"], 1 + len(event["mentions"]), (event["actor"] or {}).get("id"))
            if event["place"]:
                assert (float(report["latitude"]), float(report["longitude"]), int(report["geo_precision"])) == (
                    event["place"]["lat"], event["place"]["lon"], event["place"]["precision"])
                assert report["location"] == row["location"] == event["place"]["name"]


def test_learned_events_name_their_places_as_the_places_list_does(analysed: dict[str, dict[str, Any]]) -> None:
    """One place, one label: the learned events named a place as written (إدلب) where the rules' events
    and the places list name it Idlib, so one place had two labels in the table and the exports."""
    for doc in analysed.values():
        names = {p["id"]: p["canonical"] or p["name"] for p in doc["places"]}
        placed = [e["place"] for e in doc["events"] if e["place"]]
        assert placed
        assert all(place["name"] == names[place["id"]] for place in placed)


def test_min_confidence_alone_asks_for_the_learned_models() -> None:
    """README: ``marsad analyze --json --min-confidence 0.7 a.txt`` gives fewer, surer events; without
    --extraction the rules ran and the threshold was silently ignored (every event, none scored)."""
    result = _cli("analyze", "--json", "--min-confidence", "0.9", str(SEED_PATH))
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["events"] and all(e["confidence"] >= 0.9 for e in doc["events"])
    assert all(q["speaker"] is None or "confidence" in q["speaker"] for q in doc["quotes"])


def test_a_model_file_alone_asks_for_the_learned_models(shipped_attribution: Any) -> None:
    from marsad.attribution.learned.extract import MODEL_FILE
    from marsad.resources import data_file

    result = _cli("analyze", "--json", "--attribution-model", str(data_file(MODEL_FILE)), str(SEED_PATH))
    assert result.exit_code == 0, result.output
    events = json.loads(result.stdout)["events"]
    assert events and all(isinstance(e["confidence"], float) for e in events)


@pytest.mark.parametrize(("option", "value"), [("--min-confidence", "0.5"), ("--attribution-model", "model.json")])
def test_rules_with_a_model_option_is_a_usage_error(tmp_path: Path, option: str, value: str) -> None:
    for command in (["analyze", "--json", str(SEED_PATH)], ["ingest", "--db", str(tmp_path / "x.db"), str(SEED_PATH)]):
        result = _cli(*command, "--extraction", "rules", option, value)
        assert result.exit_code == 2, result.output
        assert "learned" in result.stderr and "Traceback" not in result.output
        assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.db").exists()
    with pytest.raises(PipelineConfigError, match="learned"):
        check_config(PipelineConfig(extraction="rules", event_min_confidence=0.5))


def test_the_terminal_view_shows_confidences_and_merged_mentions(analysed: dict[str, dict[str, Any]]) -> None:
    result = _cli("analyze", "--extraction", "learned", str(SEED_PATH))
    assert result.exit_code == 0, result.output
    shown = _flat(result.stdout)
    seed = analysed["seed"]
    for event in seed["events"]:
        assert f"{event['type']}{'/' + event['mode'] if event['mode'] else ''} {event['status']} " \
               f"p={event['confidence']:.2f}" in shown
    merged = next(e for e in seed["events"] if e["mentions"])
    first = merged["mentions"][0]
    assert f"also mentioned: {first['text']} [{first['start']}, {first['end']})" in shown
    speaker = next(q["speaker"] for q in seed["quotes"] if q["speaker"] and q["speaker"].get("canonical"))
    assert re.search(re.escape(f"({speaker['canonical']}) p={speaker['confidence']:.2f}"), shown)


def test_a_spark_run_says_how_it_extracted() -> None:
    assert extraction_summary(PipelineConfig()) == {"method": "rules", "attribution_model": None,
                                                    "min_confidence": None}
    assert extraction_summary(PipelineConfig(event_min_confidence=0.6)) == {
        "method": "learned", "attribution_model": None, "min_confidence": 0.6}


def test_extraction_is_read_in_any_case_and_an_unknown_one_lists_the_choices() -> None:
    result = _cli("analyze", "--json", "--extraction", "Learned", str(SEED_PATH))
    assert result.exit_code == 0, result.output
    assert all(isinstance(e["confidence"], float) for e in json.loads(result.stdout)["events"])
    result = _cli("analyze", "--json", "--extraction", "neural", str(SEED_PATH))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "learned, rules" in " ".join(result.stderr.split())
