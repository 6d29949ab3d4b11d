"""The JSON API over a store (and over in-memory documents): endpoints, filters, errors, hardening."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from marsad.document import Document, Event
from marsad.store.queries import open_store
from marsad.web.app import MAX_PAGE, create_app
from marsad.web.security import loopback_hosts
from marsad.web.store_source import StoreSource
from webdata import HOSTILE_IMG, sample_documents

TOKEN = "test-token-0123456789abcdef"
INJECTIONS = [
    "'; DROP TABLE events; --",
    "\"; DROP TABLE documents; --",
    "' OR '1'='1",
    "\" OR 1=1 --",
    "1; DELETE FROM places",
    "%' UNION SELECT text FROM documents --",
    "\\'); ATTACH DATABASE '/tmp/x' AS x; --",
]
EVENT_FILTERS = ["type", "actor", "place", "country", "status", "source"]


def build_store(path: Path) -> None:
    with open_store(path) as store:
        store.add_many([doc.to_dict() for doc in sample_documents()])


@pytest.fixture(params=["store", "memory"])
def client(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TestClient]:
    if request.param == "store":
        db = tmp_path / "api.db"
        build_store(db)
        app = create_app(db, token=TOKEN, source=StoreSource(db, stages=["boilerplate"]))
    else:
        app = create_app(token=TOKEN, source=StoreSource.from_documents(sample_documents()))
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def store_client(tmp_path: Path) -> Iterator[tuple[TestClient, Path]]:
    db = tmp_path / "api.db"
    build_store(db)
    with TestClient(create_app(db, token=TOKEN, source=StoreSource(db, stages=["boilerplate"]))) as test_client:
        yield test_client, db


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    if code is not None:
        assert body["error"]["code"] == code
    return body["error"]


# -- every endpoint ----------------------------------------------------------------------------
def test_stats_counts_what_was_stored(client: TestClient) -> None:
    stats = client.get("/api/stats").json()
    assert stats["documents"] == 3
    assert stats["events"] == 5
    assert stats["repairs"] == 3
    assert stats["events_by_type"] == {"ASSAULT": 2, "AID": 1, "REJECT": 1, "PROTEST": 1}
    assert stats["events_by_status"]["claimed"] == 2
    assert stats["places"] == 4


def test_documents_are_paged_newest_first(client: TestClient) -> None:
    first = client.get("/api/documents", params={"limit": 2}).json()
    assert first["total"] == 3 and first["limit"] == 2 and first["offset"] == 0
    assert [d["published"] for d in first["items"]] == ["2020-03-06", "2020-03-05"]
    rest = client.get("/api/documents", params={"limit": 2, "offset": 2}).json()
    assert [d["title"] for d in rest["items"]] == ["قصف جديد في ريف إدلب"]
    assert rest["items"][0]["events"] == 3
    since = client.get("/api/documents", params={"since": "2020-03-05"}).json()
    assert since["total"] == 2


def test_document_round_trips_annotations(client: TestClient) -> None:
    doc_id = sample_documents()[0].id
    doc = client.get(f"/api/documents/{doc_id}").json()
    assert doc["id"] == doc_id
    assert len(doc["repairs"]) == 2
    for repair in doc["repairs"]:
        assert doc["text"][repair["start"] : repair["end"]] == repair["original"]
    assert doc["clean_text"].count("قصفت") == 1
    assert_error(client.get("/api/documents/url:nope"), 404, "not_found")


def test_search_finds_words_and_rejects_empty_queries(client: TestClient) -> None:
    found = client.get("/api/search", params={"q": "دوما"}).json()
    assert [d["title"] for d in found["items"]] == ["احتجاج في دوما"]
    assert found["total"] == 1
    assert "دوما" in found["items"][0]["snippet"]
    assert client.get("/api/search", params={"q": "كلمةغيرموجودة"}).json()["total"] == 0
    assert_error(client.get("/api/search"), 422, "invalid_request")
    assert_error(client.get("/api/search", params={"q": "  ...  "}), 422, "invalid_request")


def test_events_filters(client: TestClient) -> None:
    def types(**params: str) -> list[str]:
        body = client.get("/api/events", params=params).json()
        assert body["total"] == len(body["items"])
        return sorted(e["type"] for e in body["items"])

    assert types() == ["AID", "ASSAULT", "ASSAULT", "PROTEST", "REJECT"]
    assert types(type="ASSAULT") == ["ASSAULT", "ASSAULT"]
    assert types(status="denied") == ["REJECT"]
    assert types(actor="الدفاع المدني") == ["AID"]
    assert types(place="دوما") == ["PROTEST"]
    assert types(country="SY") == ["AID", "ASSAULT", "ASSAULT", "PROTEST"]
    assert types(since="2020-03-05") == ["ASSAULT", "PROTEST"]
    assert types(until="2020-03-03") == ["AID", "ASSAULT"]
    assert types(since="2020-03-04", until="2020-03-04") == ["REJECT"]
    assert types(type="ASSAULT", country="SY", since="2020-03-04") == ["ASSAULT"]


def test_unknown_type_status_or_country_is_refused_with_the_choices(client: TestClient) -> None:
    for name, value in (("status", "confirmed"), ("type", "FOO"), ("country", "Atlantis")):
        for path in ("/api/events", "/api/events.csv", "/api/events/summary"):
            response = client.get(path, params={name: value})
            assert response.status_code == 422, (path, name, response.text)
            details = response.json()["error"]["details"]
            assert details["field"] == name and details["value"] == value
    choices = client.get("/api/events", params={"status": "confirmed"}).json()["error"]["details"]["choices"]
    assert choices == ["asserted", "claimed", "denied", "planned", "hypothetical"]
    # names and any case resolve to the stored codes, as in the CLI
    by_code = client.get("/api/events", params={"country": "SY"}).json()["total"]
    assert by_code > 0
    assert client.get("/api/events", params={"country": "Syria"}).json()["total"] == by_code
    assert client.get("/api/events", params={"country": "سوريا"}).json()["total"] == by_code
    assert client.get("/api/events", params={"type": "assault", "status": "CLAIMED"}).status_code == 200


@pytest.mark.parametrize("kind", ["store", "memory"])
def test_place_filter_matches_the_label_and_the_place_as_written(kind: str, tmp_path: Path) -> None:
    text = "قصفت طائرات بلدة في ريف دمشق ثم قصفت بدوما مبنى.\n"
    doc = Document(text, source="example", published="2020-03-06")
    for trigger, place in (("قصفت طائرات", {"name": "Rif Dimashq", "text": "ريف دمشق", "country": "SY"}),
                           ("ثم قصفت", {"name": "Douma", "text": "بدوما", "country": "SY", "admin1": "Rif Dimashq"})):
        start = text.index(trigger)
        doc.events.append(Event(type="ASSAULT", mode=None, trigger={"start": start, "end": start + len(trigger),
                                "text": trigger}, actor=None, target=None, source=None, place=place,
                                status="asserted", date="2020-03-06"))
    if kind == "store":
        db = tmp_path / "p.db"
        with open_store(db) as store:
            store.add_document(doc)
        app = create_app(db)
    else:
        app = create_app(source=StoreSource.from_documents([doc]))
    with TestClient(app) as test_client:
        def places(place: str) -> list[str]:
            body = test_client.get("/api/events", params={"place": place}).json()
            assert body["total"] == len(body["items"])
            return sorted(e["place"]["name"] for e in body["items"])

        assert places("Douma") == ["Douma"]
        assert places("دوما") == ["Douma"]  # the place as the article wrote it (بدوما)
        assert places("دمشق") == ["Rif Dimashq"]
        assert places("rif dimashq") == ["Douma", "Rif Dimashq"]  # Douma's governorate
        assert places("حمص") == []


def test_event_records_carry_their_evidence(client: TestClient) -> None:
    items = client.get("/api/events", params={"type": "AID"}).json()["items"]
    (event,) = items
    assert event["actor_name"] == "الدفاع المدني"
    assert event["place"]["name"] == "إدلب" and event["place"]["lat"] == pytest.approx(35.9306)
    assert event["day"] == "2020-03-03"
    assert event["index"] == 1
    doc = client.get(f"/api/documents/{event['doc_id']}").json()
    trigger = event["trigger"]
    assert doc["text"][trigger["start"] : trigger["end"]] == "أخلى"


def test_event_summary_feeds_map_and_timeline(client: TestClient) -> None:
    summary = client.get("/api/events/summary").json()
    by_name = {p["name"]: p for p in summary["places"]}
    assert set(by_name) == {"سراقب", "إدلب", "دوما", HOSTILE_IMG}
    assert by_name["دوما"]["count"] == 1 and by_name["دوما"]["types"] == {"PROTEST": 1}
    assert by_name["سراقب"]["lat"] == pytest.approx(35.8647)
    days = {(d["day"], d["type"]): d["count"] for d in summary["days"]}
    assert days[("2020-03-03", "ASSAULT")] == 1 and days[("2020-03-04", "REJECT")] == 1
    assert sum(summary["types"].values()) == 5
    only_protest = client.get("/api/events/summary", params={"type": "PROTEST"}).json()
    assert [p["name"] for p in only_protest["places"]] == ["دوما"]


def test_places_and_place_page(client: TestClient) -> None:
    body = client.get("/api/places").json()
    assert body["total"] == 4
    idlib = next(p for p in body["items"] if p["name"] == "إدلب")
    assert idlib["mentions"] == 2 and idlib["events"] == 1
    assert client.get("/api/places", params={"q": "ادلب"}).json()["total"] == 1  # hamza-insensitive
    assert client.get("/api/places", params={"country": "IQ"}).json()["total"] == 0
    page = client.get(f"/api/places/{idlib['id']}").json()
    assert page["name"] == "إدلب"
    assert [e["type"] for e in page["events_list"]] == ["AID"]
    assert [d["title"] for d in page["documents_list"]] == ["قصف جديد في ريف إدلب"]
    assert_error(client.get("/api/places/geo:0"), 404, "not_found")


def test_entities_and_entity_page(client: TestClient) -> None:
    body = client.get("/api/entities", params={"type": "ORG"}).json()
    assert {e["name"] for e in body["items"]} == {"الدفاع المدني", "وزارة الدفاع الروسية", HOSTILE_IMG}
    assert client.get("/api/entities", params={"q": "وزارة"}).json()["total"] == 1
    page = client.get("/api/entities/وزارة الدفاع الروسية", params={"type": "ORG"}).json()
    assert page["mentions"] == 1
    assert [e["type"] for e in page["events_list"]] == ["REJECT"]
    assert_error(client.get("/api/entities/لا أحد"), 404, "not_found")


# -- limits and the error shape --------------------------------------------------------------
def test_page_size_is_capped(client: TestClient) -> None:
    assert client.get("/api/events", params={"limit": MAX_PAGE}).status_code == 200
    for path in ("/api/events", "/api/documents", "/api/places", "/api/entities"):
        error = assert_error(client.get(path, params={"limit": MAX_PAGE + 1}), 422, "invalid_request")
        assert "limit" in error["message"]
    assert_error(client.get("/api/events", params={"limit": 0}), 422)
    assert_error(client.get("/api/events", params={"offset": -1}), 422)
    assert_error(client.get("/api/events", params={"limit": "many"}), 422)


def test_bad_input_gets_the_one_error_shape(client: TestClient) -> None:
    assert_error(client.get("/api/nothing-here"), 404, "not_found")
    assert_error(client.delete("/api/events"), 405, "method_not_allowed")
    assert_error(client.get("/api/events", params={"since": "yesterday"}), 422, "invalid_request")
    assert_error(client.get("/api/events", params={"actor": "x" * 201}), 422, "invalid_request")
    assert_error(client.post("/api/ingest", content=b"{not json", headers={"Authorization": f"Bearer {TOKEN}",
                                                                          "Content-Type": "application/json"}), 422)


def test_request_body_size_is_limited(client: TestClient) -> None:
    big = b"{" + b" " * 2_100_000 + b"}"
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    assert_error(client.post("/api/ingest", content=big, headers=headers), 413, "payload_too_large")

    def chunks() -> Iterator[bytes]:  # no Content-Length: the cap holds while streaming
        for _ in range(50):
            yield b" " * 50_000

    assert_error(client.post("/api/ingest", content=chunks(), headers=headers), 413, "payload_too_large")


def test_security_headers_on_pages_api_and_errors(client: TestClient) -> None:
    for path in ("/", "/static/app.js", "/api/stats", "/api/nothing"):
        response = client.get(path)
        csp = response.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"
    assert client.get("/api/stats").headers["cache-control"] == "no-store"


def test_openapi_schema_lists_every_endpoint(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ("/api/documents", "/api/documents/{doc_id}", "/api/search", "/api/events", "/api/events/summary",
                 "/api/places", "/api/entities", "/api/stats", "/api/ingest"):
        assert path in paths


def test_dashboard_page_has_no_inline_script_or_style(client: TestClient) -> None:
    html = client.get("/").text
    assert "<script>" not in html and "style=" not in html and " on" + "click=" not in html
    assert 'dir="rtl"' in html
    js = client.get("/static/app.js").text
    assert "innerHTML" not in js and "eval(" not in js and "document.write" not in js
    assert client.get("/static/vendor/world-atlas/countries-50m.json").status_code == 200


# -- hostile input ----------------------------------------------------------------------------
@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_strings_in_every_filter_are_just_data(client: TestClient, value: str) -> None:
    for name in EVENT_FILTERS:
        for path in ("/api/events", "/api/events/summary", "/api/documents"):
            response = client.get(path, params={name: value})
            if name in ("type", "status", "country"):
                assert_error(response, 422)  # not one of the vocabulary's values: said, not "nothing"
                continue
            assert response.status_code == 200, (path, name, response.text)
            if path == "/api/events":
                assert response.json()["total"] == 0
    for name in ("since", "until"):
        assert_error(client.get("/api/events", params={name: value}), 422)
    assert client.get("/api/places", params={"q": value, "country": value}).json()["total"] == 0
    assert client.get("/api/entities", params={"q": value, "type": value}).json()["total"] == 0
    assert client.get("/api/search", params={"q": value}).status_code in (200, 422)
    assert client.get(f"/api/documents/{value}").status_code in (404, 422)
    assert client.get(f"/api/places/{value}").status_code == 404
    assert client.get(f"/api/entities/{value}").status_code == 404
    # Nothing was dropped or deleted.
    assert client.get("/api/stats").json()["events"] == 5


def test_store_tables_survive_injection(store_client: tuple[TestClient, Path]) -> None:
    client, db = store_client
    for value in INJECTIONS:
        for name in EVENT_FILTERS:
            client.get("/api/events", params={name: value})
        client.get("/api/search", params={"q": value})
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM events").fetchone()[0] == 5
        assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 3
        assert conn.execute("SELECT COUNT(*) FROM places").fetchone()[0] == 4


# -- writing ----------------------------------------------------------------------------------
ARTICLE = {"text": "قالت مصادر إن اشتباكات اندلعت في مدينة حمص يوم أمس.", "title": "اشتباكات في حمص",
           "url": "https://example.org/new", "published": "2020-03-07"}


def test_ingest_needs_the_token(client: TestClient) -> None:
    body = {"documents": [ARTICLE]}
    assert_error(client.post("/api/ingest", json=body), 401, "unauthorized")
    assert_error(client.post("/api/ingest", json=body, headers={"Authorization": "Bearer wrong"}), 401)
    assert_error(client.post("/api/ingest", json=body, headers={"Authorization": f"Basic {TOKEN}"}), 401)
    assert_error(client.post("/api/ingest", json=body, headers={"Authorization": f"Bearer {TOKEN}x"}), 401)
    assert client.get("/api/stats").json()["documents"] == 3
    done = client.post("/api/ingest", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert done.status_code == 201, done.text
    (doc_id,) = done.json()["ids"]
    stored = client.get(f"/api/documents/{doc_id}").json()
    assert stored["title"] == ARTICLE["title"] and stored["text"] == ARTICLE["text"]
    assert client.get("/api/stats").json()["documents"] == 4


def test_ingest_validates_articles(client: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert_error(client.post("/api/ingest", json={"documents": []}, headers=auth), 422)
    assert_error(client.post("/api/ingest", json={"documents": [{"title": "no text"}]}, headers=auth), 422)
    assert_error(client.post("/api/ingest", json={"documents": [{"text": ""}]}, headers=auth), 422)
    assert_error(client.post("/api/ingest", json=[ARTICLE], headers=auth), 422)


@pytest.mark.parametrize("bad", ["9999-99-99", "2019-02-30xyz", "2019-13-01", "2019-02-29", "2019-02-28xyz",
                                 "20190228", "2019-02-28T25:00"])
def test_ingest_refuses_impossible_dates_naming_the_field(client: TestClient, bad: str) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    before = client.get("/api/stats").json()
    body = {"documents": [ARTICLE, {**ARTICLE, "url": "https://example.org/bad", "published": bad}]}
    error = assert_error(client.post("/api/ingest", json=body, headers=auth), 422, "invalid_request")
    assert error["message"].startswith("body.documents.1.published: ") and bad in error["message"]
    assert client.get("/api/stats").json() == before  # nothing of the batch was stored


def test_ingest_keeps_the_day_of_real_dates_and_times(client: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    for n, (given, day) in enumerate([("2020-02-29", "2020-02-29"), ("2020-03-07T10:15:00Z", "2020-03-07"),
                                      ("2020-03-08 02:51:32", "2020-03-08"), (None, None)]):
        article = {**ARTICLE, "url": f"https://example.org/day{n}", "published": given}
        done = client.post("/api/ingest", json={"documents": [article]}, headers=auth)
        assert done.status_code == 201, done.text
        (doc_id,) = done.json()["ids"]
        assert client.get(f"/api/documents/{doc_id}").json()["published"] == day


@pytest.mark.parametrize("bad", ["2019-13-01", "2019-02-30", "0000-01-01"])
def test_date_filters_must_be_real_dates(client: TestClient, bad: str) -> None:
    for name in ("since", "until"):
        error = assert_error(client.get("/api/events", params={name: bad}), 422, "invalid_request")
        assert error["message"].startswith(f"query.{name}: ")
        assert_error(client.get("/api/events/summary", params={name: bad}), 422, "invalid_request")
    assert client.get("/api/events", params={"since": "2020-02-29"}).status_code == 200


def test_read_only_server_refuses_writes(tmp_path: Path) -> None:
    db = tmp_path / "ro.db"
    build_store(db)
    with TestClient(create_app(db)) as client:
        error = assert_error(client.post("/api/ingest", json={"documents": [ARTICLE]},
                                         headers={"Authorization": f"Bearer {TOKEN}"}), 403, "forbidden")
        assert "read-only" in error["message"]
        assert client.get("/api/stats").json()["documents"] == 3


def test_loopback_server_refuses_foreign_host_names(tmp_path: Path) -> None:
    app = create_app(source=StoreSource.from_documents(sample_documents()), allowed_hosts=loopback_hosts("127.0.0.1"))
    with TestClient(app, base_url="http://127.0.0.1:8765") as client:
        assert client.get("/api/stats").status_code == 200
        assert client.get("/api/stats", headers={"Host": "localhost:8765"}).status_code == 200
        assert client.get("/api/stats", headers={"Host": "[::1]:8765"}).status_code == 200
        error = assert_error(client.get("/api/stats", headers={"Host": "attacker.example"}), 400, "bad_request")
        assert "Host" in error["message"]
        assert_error(client.get("/", headers={"Host": "127.0.0.1.attacker.example:8765"}), 400)


def test_internal_errors_keep_the_shape(tmp_path: Path) -> None:
    class Broken(StoreSource):
        def stats(self) -> dict[str, Any]:
            raise RuntimeError("disk on fire")

    with TestClient(create_app(source=Broken.from_documents([])), raise_server_exceptions=False) as client:
        error = assert_error(client.get("/api/stats"), 500, "internal_error")
        assert "fire" not in error["message"]  # internals are logged, not shown


# -- the command ------------------------------------------------------------------------------
def test_serve_command_explains_bad_arguments_in_one_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from marsad.cli import app

    runner = CliRunner()
    missing = runner.invoke(app, ["serve", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 2 and "no database at" in missing.output
    junk = tmp_path / "junk.db"
    junk.write_text("not a database")
    broken = runner.invoke(app, ["serve", "--db", str(junk)])
    assert broken.exit_code == 2 and "not a usable SQLite database" in broken.output
    assert "Traceback" not in broken.output
    short = runner.invoke(app, ["serve", "--db", str(junk), "--token", "abc"])
    assert short.exit_code == 2 and "at least 16 characters" in short.output


def test_serve_with_ingest_refuses_a_bad_repair_model_at_start(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from marsad.cli import app

    db = tmp_path / "m.db"
    build_store(db)
    bad = tmp_path / "model.gz"
    bad.write_text("not a model")
    result = CliRunner().invoke(app, ["serve", "--db", str(db), "--token", TOKEN, "--repair-context-model", str(bad)])
    assert result.exit_code == 2 and "repair context model" in result.output
    assert "Traceback" not in result.output


def test_the_factory_of_server_workers_passes_the_pipeline_config_to_ingest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `serve --workers N` hands each worker the PipelineConfig as JSON; the factory passes it on.
    from marsad.pipeline import PipelineConfig
    from marsad.web.app import SERVE_DB_ENV, SERVE_PIPELINE_ENV, TOKEN_ENV, app_from_environment

    db = tmp_path / "m.db"
    build_store(db)
    config = PipelineConfig(stages=("boilerplate", "repair"))
    monkeypatch.setenv(SERVE_DB_ENV, str(db))
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    monkeypatch.setenv(SERVE_PIPELINE_ENV, config.to_json())
    with TestClient(app_from_environment()) as test_client:
        text = "وأكد أن الجماعة سلمت أسلـ.حتها للجيش"
        answer = test_client.post("/api/ingest", json={"documents": [{"text": text}]},
                                  headers={"Authorization": f"Bearer {TOKEN}"})
        assert answer.status_code == 201, answer.text
        (doc_id,) = answer.json()["ids"]
        stored = test_client.get(f"/api/documents/{doc_id}").json()
    # The repair stage ran (the configured stages), the entity stage did not.
    assert [r["replacement"] for r in stored["repairs"]] == ["أسلحتها"]
    assert stored["entities"] == []


def test_jsonl_source_drops_impossible_dates_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "dates.jsonl"
    docs = [Document("خبر أول عن حمص.", source="a", published="2020-03-05"),
            Document("خبر ثان عن حلب.", source="b", published="9999-99-99"),
            Document("خبر ثالث عن دوما.", source="c", published="2019-02-30xyz")]
    path.write_text("".join(doc.to_json() + "\n" for doc in docs), encoding="utf-8")
    source, problems = StoreSource.from_jsonl(path)
    assert len(problems) == 2 and all("is not a real date" in p and p.endswith("; date dropped") for p in problems)
    assert problems[0].startswith("dates.jsonl:2: published '9999-99-99'")
    with TestClient(create_app(source=source)) as test_client:
        stats = test_client.get("/api/stats").json()
        assert stats["documents"] == 3
        assert (stats["first_day"], stats["last_day"]) == ("2020-03-05", "2020-03-05")
        stored = test_client.get(f"/api/documents/{docs[1].id}").json()
        assert stored["published"] is None
        assert {"kind": "date", "message": "unrecognised published '9999-99-99'"} in stored["notes"]


def test_serve_upgrades_a_store_written_by_an_older_marsad(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from marsad.cli.cmd_serve import _upgrade_store
    from marsad.store.schema import LATEST_VERSION, current_version
    from store_corpus import write_version_1_store

    path = tmp_path / "v1.db"
    write_version_1_store(path)
    _upgrade_store(path)
    assert f"from schema version 1 to {LATEST_VERSION}" in capsys.readouterr().out
    with open_store(path, readonly=True) as store:
        assert current_version(store.conn) == LATEST_VERSION
    _upgrade_store(path)  # already current: nothing to say
    assert capsys.readouterr().out == ""


def test_jsonl_source_reports_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "analysed.jsonl"
    good = [doc.to_json() for doc in sample_documents()]
    path.write_text("\n".join([good[0], "{not json", '{"no": "text"}', good[1]]) + "\n", encoding="utf-8")
    source, problems = StoreSource.from_jsonl(path)
    assert len(problems) == 2 and problems[0].startswith("analysed.jsonl:2:")
    with TestClient(create_app(source=source)) as client:
        assert client.get("/api/stats").json()["documents"] == 2


def test_actor_and_place_filters_see_events_stored_after_the_first_query(tmp_path: Path) -> None:
    from webdata import report_article, second_article

    db = tmp_path / "growing.db"
    with open_store(db) as store:
        store.add_document(report_article())
    with TestClient(create_app(db)) as client:
        assert client.get("/api/events", params={"actor": "سكان"}).json()["total"] == 0
        assert client.get("/api/events", params={"place": "ادلب"}).json()["total"] == 1
        with open_store(db) as store:
            store.add_document(second_article())
        assert client.get("/api/events", params={"actor": "سكان"}).json()["total"] == 1
        assert client.get("/api/events", params={"place": "دوما"}).json()["total"] == 1


def test_jsonl_server_analyses_what_it_ingests(tmp_path: Path) -> None:
    """``marsad serve --jsonl F --token T``: a posted raw article is analysed before it is stored."""
    path = tmp_path / "analysed.jsonl"
    path.write_text("\n".join(doc.to_json() for doc in sample_documents()) + "\n", encoding="utf-8")
    source, problems = StoreSource.from_jsonl(path)
    assert problems == []
    raw = {"text": "قصفت طائرات حربية بلدة سراقب في ريف إدلب يوم الثلاثاء، وأدى القصف إلى مقتل خمسة مدنيين.",
           "title": "قصف سراقب", "published": "2020-03-08"}
    with TestClient(create_app(token=TOKEN, source=source)) as client:
        done = client.post("/api/ingest", json={"documents": [raw]}, headers={"Authorization": f"Bearer {TOKEN}"})
        assert done.status_code == 201, done.text
        (doc_id,) = done.json()["ids"]
        stored = client.get(f"/api/documents/{doc_id}").json()
        assert stored["text"] == raw["text"]
        assert stored["entities"] and stored["events"]  # analysed, not stored as posted
        assert {e["type"] for e in stored["events"]} >= {"ASSAULT"}
        served = client.get("/api/events", params={"limit": MAX_PAGE}).json()
        assert served["total"] == 5 + len(stored["events"])
        assert sum(e["doc_id"] == doc_id for e in served["items"]) == len(stored["events"])
        assert client.get("/api/stats").json()["documents"] == 4


@pytest.mark.parametrize(
    "path",
    ["/api/entities/\udfff", "/api/places/\ud800x", "/api/documents/\udfff", "/api/entities/ab\udfffc",
     "/\udfff", "/api/\udfff/stats"],
)
def test_a_path_with_a_lone_surrogate_gets_a_client_error(path: str) -> None:
    """An ASGI server may hand the app a path no UTF-8 encodes; the answer is a 4xx in the one
    error shape, never a 500 or an exception."""
    import asyncio
    import json

    app = create_app(source=StoreSource.from_documents(sample_documents()),
                     allowed_hosts=loopback_hosts("127.0.0.1"), cache=False)
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
             "path": path, "raw_path": b"/", "query_string": b"q=%ED%B3%BF", "root_path": "",
             "headers": [(b"host", b"127.0.0.1")], "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80)}
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    (status,) = [m["status"] for m in sent if m["type"] == "http.response.start"]
    assert 400 <= status < 500
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    assert set(json.loads(body)["error"]) >= {"code", "message"}
