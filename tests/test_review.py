"""Analysts' reviews (API, store, exports, export-gold), the sources view and the event detail."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from marsad.attribution.choices import EVENT_TYPES, STATUSES
from marsad.cli import app as cli_app
from marsad.document import Document
from marsad.evaluate.attribution import annotated_articles
from marsad.evaluate.gold_corpus import GoldCorpus, check_annotation, load_annotation
from marsad.store.queries import open_store
from marsad.store.schema import LATEST_VERSION, current_version
from marsad.web.app import create_app
from marsad.web.store_source import StoreSource
from store_corpus import write_old_version_store
from webdata import report_article, sample_documents, second_article

TOKEN = "review-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def copy_of(doc: Document, outlet: str, url: str) -> Document:
    """The same article as another outlet republished it (same text and annotations: one story)."""
    data = doc.to_dict()
    data.pop("id", None)
    data.update(source=outlet, url=url)
    return Document.from_dict(data)


def documents() -> list[Document]:
    first = report_article()
    return [*sample_documents(), copy_of(first, "other-outlet", "https://example.net/copy-1")]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[TestClient, Path]]:
    db = tmp_path / "review.db"
    with open_store(db) as store:
        store.add_many([d.to_dict() for d in documents()])
    with TestClient(create_app(db, token=TOKEN, source=StoreSource(db))) as client:
        yield client, db


def event_by(client: TestClient, trigger_type: str, **params: str) -> dict[str, Any]:
    items = client.get("/api/events", params={"type": trigger_type, "limit": "500", **params}).json()["items"]
    assert items, f"no {trigger_type} event"
    return dict(items[0])


def review(client: TestClient, kind: str, doc_id: str, item: str, body: dict[str, Any],
           headers: dict[str, str] | None = None) -> Any:
    return client.post(f"/api/{kind}/{doc_id}/{item}/review", json=body, headers=AUTH if headers is None else headers)


def csv_rows(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


# -- reviews through the API ----------------------------------------------------------------------
def test_a_corrected_actor_is_listed_exported_and_kept_in_the_history(served: tuple[TestClient, Path]) -> None:
    client, _ = served
    protest = event_by(client, "PROTEST")
    assert protest["actor_name"] == "سكان مدينة دوما" and protest["reviewed"] is False
    text = second_article().text
    answer = review(client, "events", protest["doc_id"], protest["id"],
                    {"verdict": "right", "corrections": {"actor": "عشرات من سكان"}, "reviewer": "rana", "note": "n"})
    assert answer.status_code == 201, answer.text
    entry = answer.json()
    assert entry["before"]["actor"] == "سكان مدينة دوما" and entry["after"]["actor"] == "عشرات من سكان"
    # The new name is in the text: its span was found there.
    start, end = entry["after"]["actor_span"]
    assert text[start:end] == "عشرات من سكان"
    assert entry["reviewer"] == "rana" and entry["verdict"] == "right" and entry["reviewed_at"]

    listed = event_by(client, "PROTEST")
    assert (listed["actor_name"], listed["reviewed"], listed["verdict"]) == ("عشرات من سكان", True, "right")
    assert listed["actor"]["start"] == start
    # The actor filter finds the event by its new name (the label index learns reviewed labels).
    assert [e["doc_id"] for e in client.get("/api/events", params={"actor": "عشرات من سكان"}).json()["items"]] \
        == [protest["doc_id"]]

    rows = csv_rows(client.get("/api/events.csv", params={"type": "PROTEST"}).text)
    assert [(r["actor1"], r["reviewed"], r["verdict"]) for r in rows] == [("عشرات من سكان", "true", "right")]
    others = csv_rows(client.get("/api/events.csv", params={"type": "AID"}).text)
    assert others and {r["reviewed"] for r in others} == {"false"}
    lines = client.get("/api/events.jsonl", params={"type": "PROTEST"}).text.splitlines()
    assert json.loads(lines[0])["reviewed"] is True

    history = client.get(f"/api/events/{protest['doc_id']}/{protest['id']}/reviews").json()
    assert history["total"] == 1 and history["items"][0]["before"]["actor"] == "سكان مدينة دوما"
    # A second review: the history keeps both, oldest first; the document keeps the original analysis.
    assert review(client, "events", protest["doc_id"], protest["id"],
                  {"corrections": {"status": "claimed", "type": "coerce"}, "reviewer": "omar"}).status_code == 201
    history = client.get(f"/api/events/{protest['doc_id']}/{protest['id']}/reviews").json()["items"]
    assert [h["reviewer"] for h in history] == ["rana", "omar"]
    assert history[1]["before"] == {"status": "asserted", "type": "PROTEST", "verdict": "right", "reviewed": True}
    assert history[1]["after"]["type"] == "COERCE" and history[1]["after"]["verdict"] == "right"
    original = client.get(f"/api/documents/{protest['doc_id']}").json()["events"][0]
    assert original["actor"]["text"] == "سكان مدينة دوما" and original["type"] == "PROTEST"
    assert client.get("/api/reviews").json()["total"] == 2


def test_review_writes_need_the_token_and_valid_values(served: tuple[TestClient, Path], tmp_path: Path) -> None:
    client, db = served
    aid = event_by(client, "AID")
    path = f"/api/events/{aid['doc_id']}/{aid['id']}/review"
    body = {"verdict": "wrong", "reviewer": "rana"}
    assert client.post(path, json=body).status_code == 401
    assert client.post(path, json=body, headers={"Authorization": "Bearer nope"}).status_code == 401
    with TestClient(create_app(db, source=StoreSource(db))) as read_only:
        assert read_only.post(path, json=body, headers=AUTH).status_code == 403
        assert read_only.get("/api/reviews/choices").json()["writable"] is False
    # What the dashboard's review form offers: exactly what the checks below accept.
    choices = client.get("/api/reviews/choices").json()
    assert choices["writable"] is True and choices["verdicts"] == ["right", "wrong"]
    assert choices["type"] == list(EVENT_TYPES) and choices["status"] == list(STATUSES)
    assert {"actor", "target", "place", "type", "status", "actor_span"} <= set(choices["fields"]["event"])
    assert "speaker" in choices["fields"]["quote"]

    def refused(corrections: dict[str, Any], status: int = 422) -> dict[str, Any]:
        answer = client.post(path, json={"corrections": corrections, "reviewer": "rana"}, headers=AUTH)
        assert answer.status_code == status, answer.text
        return dict(answer.json()["error"])

    assert refused({"type": "FOO"})["details"]["choices"] == list(EVENT_TYPES)
    error = refused({"status": "confirmed"})
    assert error["details"]["choices"] == list(STATUSES) and "confirmed" in error["message"]
    assert "speaker" in refused({"speaker": "x"})["details"]["problem"]
    assert set(refused({"speaker": "x"})["details"]["choices"]) >= {"actor", "target", "place", "type", "status"}
    assert "span" in refused({"actor_span": [5, 2]})["message"]
    assert "span" in refused({"actor_span": [0, 10**6]})["message"]
    assert refused({})["code"] == "invalid_request"  # neither verdict nor correction
    bad_verdict = client.post(path, json={"verdict": "maybe", "reviewer": "r"}, headers=AUTH)
    assert bad_verdict.status_code == 422
    assert client.post(path, json={"verdict": "right", "reviewer": "  "}, headers=AUTH).status_code == 422
    assert review(client, "events", aid["doc_id"], "i99", body).status_code == 404
    assert review(client, "events", "url:nope", "i0", body).status_code == 404
    assert client.get(f"/api/events/{aid['doc_id']}/i99/reviews").status_code == 404
    # Nothing was written by the refused reviews.
    assert client.get("/api/reviews").json()["total"] == 0
    assert event_by(client, "AID")["reviewed"] is False


def test_a_wrong_verdict_and_a_place_correction(served: tuple[TestClient, Path]) -> None:
    client, _ = served
    reject = event_by(client, "REJECT")
    assert reject["place"] is None
    answer = review(client, "events", reject["doc_id"], reject["id"],
                    {"verdict": "wrong", "corrections": {"place": "إدلب"}, "reviewer": "rana"})
    assert answer.status_code == 201, answer.text
    listed = event_by(client, "REJECT")
    # The document's geocoded place of that name gives the point and the id.
    assert listed["place"]["id"] == "test:idlib" and listed["place"]["lat"] == pytest.approx(35.9306)
    assert listed["verdict"] == "wrong"
    # A place the document does not know keeps its name and loses the old point.
    aid = event_by(client, "AID")
    review(client, "events", aid["doc_id"], aid["id"], {"corrections": {"place": "مكان آخر"}, "reviewer": "r"})
    moved = event_by(client, "AID")
    assert moved["place"]["name"] == "مكان آخر" and moved["place"]["lat"] is None and moved["place"]["id"] is None


def test_a_quote_review_corrects_the_speaker(served: tuple[TestClient, Path]) -> None:
    client, _ = served
    doc_id = report_article().id
    text = report_article().text
    start = text.index("مصادر محلية")
    answer = review(client, "quotes", doc_id, "i0",
                    {"corrections": {"speaker_span": [start, start + len("مصادر محلية")], "direct": True},
                     "reviewer": "rana"})
    assert answer.status_code == 201, answer.text
    entry = answer.json()
    assert entry["before"]["speaker"] == "الدفاع المدني" and entry["after"]["speaker"] == "مصادر محلية"
    assert entry["before"]["direct"] is False and entry["after"]["direct"] is True
    assert review(client, "quotes", doc_id, "i5", {"verdict": "right", "reviewer": "r"}).status_code == 404
    assert client.get(f"/api/quotes/{doc_id}/i0/reviews").json()["total"] == 1


# -- sources view and event detail ----------------------------------------------------------------
def test_event_detail_lists_the_outlets_that_reported_it(served: tuple[TestClient, Path]) -> None:
    client, _ = served
    reports = client.get("/api/events", params={"type": "AID"}).json()["items"]
    assert len(reports) == 2  # the article and its copy by another outlet
    detail = client.get(f"/api/events/{reports[0]['doc_id']}/{reports[0]['id']}").json()
    assert detail["type"] == "AID" and detail["doc_id"] == reports[0]["doc_id"]
    assert sorted(r["outlet"] for r in detail["reported_by"]) == ["example", "other-outlet"]
    assert {r["document"] for r in detail["reported_by"]} == {r["doc_id"] for r in reports}
    assert detail["story"]["size"] == 2 and detail["story"]["outlets"] == ["example", "other-outlet"]
    assert client.get(f"/api/events/{reports[0]['doc_id']}/i42").status_code == 404
    # A single report is reported by its own outlet only.
    protest = event_by(client, "PROTEST")
    alone = client.get(f"/api/events/{protest['doc_id']}/{protest['id']}").json()
    assert [r["outlet"] for r in alone["reported_by"]] == ["example"]


def test_sources_counts_articles_and_events_per_outlet_and_period(served: tuple[TestClient, Path]) -> None:
    client, _ = served
    by_month = client.get("/api/sources").json()
    assert by_month["by"] == "month"
    totals = {s["name"]: (s["documents"], s["events"]) for s in by_month["sources"]}
    assert totals["example"] == (2, 4) and totals["other-outlet"] == (1, 3)
    assert sum(d for d, _ in totals.values()) == client.get("/api/stats").json()["documents"]
    assert sum(e for _, e in totals.values()) == client.get("/api/stats").json()["events"]
    by_day = client.get("/api/sources", params={"by": "day", "source": "example"}).json()
    assert [(s["period"], s["documents"], s["events"]) for s in by_day["series"]] == [
        ("2020-03-04", 1, 3), ("2020-03-06", 1, 1)]
    assert {s["source"] for s in by_day["series"]} == {"example"}
    assert client.get("/api/sources", params={"by": "week"}).status_code == 422
    assert client.get("/api/sources", params={"since": "2020-03-05"}).json()["sources"][0]["documents"] >= 1


# -- store: migration and rebuild -----------------------------------------------------------------
def write_version_4_store(path: Path, docs: list[dict[str, Any]]) -> None:
    """A store as Marsad wrote it at schema version 4 (before reviews), holding ``docs``."""
    write_old_version_store(path, docs, 4)


def test_a_version_4_store_is_upgraded_and_reviewable(tmp_path: Path) -> None:
    path = tmp_path / "v4.db"
    write_version_4_store(path, [d.to_dict() for d in documents()])
    conn = sqlite3.connect(path)
    assert current_version(conn) == 4
    assert "reviewed" not in {r[1] for r in conn.execute("PRAGMA table_info(events)")}
    conn.close()
    # A read-only open (marsad events, search, serve) upgrades a writable older store first.
    with open_store(path, readonly=True) as store:
        assert current_version(store.conn) == LATEST_VERSION >= 5
        reports = store.events(limit=100)
        assert len(reports) == 8 and not any(r["reviewed"] for r in reports)
        assert store.reviews() == ([], 0)
    with open_store(path) as store:
        aid = next(r for r in store.events(limit=100) if r["event_type"] == "AID")
        store.review("event", aid["document"], f"i{aid['idx']}", verdict="right",
                     corrections={"actor": "الجرحى"}, reviewer="rana")
        assert store.rebuild_events() == 8  # a rebuild re-derives events, then replays the reviews
        after = [r for r in store.events(limit=100) if r["document"] == aid["document"] and r["idx"] == aid["idx"]]
        assert after[0]["actor1"] == "الجرحى" and after[0]["reviewed"] is True


def test_a_read_only_old_store_that_cannot_be_upgraded_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from marsad.store.db import StoreError

    path = tmp_path / "v4.db"
    write_version_4_store(path, [second_article().to_dict()])
    # As for a file the user may not write (permissions do not stop root, who runs some CI).
    monkeypatch.setattr(os, "access", lambda *args, **kwargs: False)
    with pytest.raises(StoreError, match="schema version 4 and cannot be upgraded here"):
        open_store(path, readonly=True)
    conn = sqlite3.connect(path)
    assert current_version(conn) == 4  # left as it was
    conn.close()


# -- CLI: events export and export-gold -------------------------------------------------------------
def run(*args: str) -> Any:
    result = CliRunner().invoke(cli_app, list(args), env={"COLUMNS": "80", "TERMINAL_WIDTH": "80"})
    return result


def test_cli_csv_export_carries_the_review(served: tuple[TestClient, Path], tmp_path: Path) -> None:
    client, db = served
    protest = event_by(client, "PROTEST")
    review(client, "events", protest["doc_id"], protest["id"],
           {"corrections": {"actor": "عشرات من سكان"}, "reviewer": "rana"})
    out = tmp_path / "events.csv"
    result = run("events", "--db", str(db), "--format", "csv", "--out", str(out))
    assert result.exit_code == 0, result.output
    rows = csv_rows(out.read_text("utf-8"))
    reviewed = [r for r in rows if r["reviewed"] == "true"]
    assert [(r["event_type"], r["actor1"], r["verdict"]) for r in reviewed] == [("PROTEST", "عشرات من سكان", "")]
    assert len(rows) > 1 and {r["reviewed"] for r in rows} == {"true", "false"}
    result = run("events", "--db", str(db), "--format", "jsonl", "--type", "PROTEST")
    assert json.loads(result.stdout.splitlines()[0])["reviewed"] is True


def test_export_gold_round_trip(served: tuple[TestClient, Path], tmp_path: Path) -> None:
    client, db = served
    article = report_article()
    text = article.text
    aid = next(e for e in client.get("/api/events", params={"type": "AID"}).json()["items"]
               if e["doc_id"] == article.id)
    # Corrected: actor (found in the text), type and status; judged right.
    assert review(client, "events", aid["doc_id"], aid["id"],
                  {"verdict": "right", "corrections": {"actor": "منظمة مجهولة", "status": "claimed"},
                   "reviewer": "rana"}).status_code == 201
    assert review(client, "events", aid["doc_id"], aid["id"],
                  {"corrections": {"actor": "الدفاع المدني", "type": "SUPPORT"}, "reviewer": "omar"}).status_code == 201
    reject = next(e for e in client.get("/api/events", params={"type": "REJECT"}).json()["items"]
                  if e["doc_id"] == article.id)
    review(client, "events", reject["doc_id"], reject["id"], {"verdict": "wrong", "reviewer": "rana"})
    review(client, "quotes", article.id, "i0", {"verdict": "right", "reviewer": "rana"})

    out = tmp_path / "gold-review"
    result = run("export-gold", "--db", str(db), "--out", str(out), "--dev-share", "0", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"articles": 1, "events": 1, "mentions": 0, "quotes": 1, "rejected": 1, "skipped": 0,
                                         "splits": {"train": 1}}

    corpus = GoldCorpus(out)
    (gold_id,) = corpus.ids()
    loaded = corpus.article(gold_id)
    assert loaded.text == text and loaded.corpus == "review"
    annotation = load_annotation(corpus.annotation_paths()[gold_id])
    assert check_annotation(annotation, text) == []
    (event,) = annotation["events"]
    assert (event["type"], event["status"], event["actor_name"]) == ("SUPPORT", "claimed", "الدفاع المدني")
    assert text[event["actor"][0]:event["actor"][1]] == "الدفاع المدني"
    assert text[event["trigger"][0]:event["trigger"][1]] == "أخلى"
    assert text[event["place"][0]:event["place"][1]] == "إدلب"
    assert annotation["annotator"] == "omar; rana" and annotation["document"] == article.id
    (quote,) = annotation["quotes"]
    assert text[quote["cue"][0]:quote["cue"][1]] == "وأعلن" and quote["speaker_name"] == "الدفاع المدني"
    (rejected,) = annotation["rejected"]["events"]
    assert text[rejected["trigger"][0]:rejected["trigger"][1]] == "نفت"
    # The evaluation and training loader reads it without a problem.
    errors: list[str] = []
    split = corpus.splits[gold_id]
    assert [a.id for a, _ in annotated_articles(corpus, split, errors)] == [gold_id] and errors == []
    # And the training command learns from it (the rules pipeline on the reviewed article).
    model = tmp_path / "model.json"
    result = run("train", "attribution", "--gold", str(out), "--corpora", "review", "--out", str(model), "--json")
    assert result.exit_code == 0, result.output
    trained = json.loads(result.stdout)["trained_on"]
    assert trained["corpora"] == ["review"] and trained[split]["articles"] == 1 and model.is_file()


def test_export_gold_of_a_store_without_reviews_is_an_empty_corpus(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    with open_store(db) as store:
        store.add_many([second_article().to_dict()])
    result = run("export-gold", "--db", str(db), "--out", str(tmp_path / "g"))
    assert result.exit_code == 0, result.output
    assert GoldCorpus(tmp_path / "g").ids() == []
    assert run("export-gold", "--db", str(tmp_path / "missing.db"), "--out", str(tmp_path / "g")).exit_code == 2


def test_dev_share_splits_by_document_and_is_stable() -> None:
    from marsad.train.review_gold import article_id, split_of

    ids = [article_id(f"url:{n:04x}") for n in range(400)]
    dev = [i for i in ids if split_of(i, 0.2) == "dev"]
    assert 50 <= len(dev) <= 110  # about a fifth
    assert dev == [i for i in ids if split_of(i, 0.2) == "dev"]  # the same on every export
    assert all(split_of(i, 0.0) == "train" for i in ids) and all(split_of(i, 1.0) == "dev" for i in ids)
    assert article_id("url:ab/12") == "review-url-ab-12"


def test_hostile_ids_in_review_paths_change_nothing(served: tuple[TestClient, Path]) -> None:
    client, db = served

    def counts() -> tuple[int, ...]:
        conn = sqlite3.connect(db)
        try:
            return tuple(conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                         for t in ("documents", "events", "quotes", "reviews"))
        finally:
            conn.close()

    before = counts()
    for hostile in ("'; DROP TABLE events; --", "' OR '1'='1", "1 OR 1=1", "e1' --"):
        assert review(client, "events", hostile, "i0", {"verdict": "wrong", "reviewer": "x"}).status_code == 404
        aid = event_by(client, "AID")
        assert review(client, "events", aid["doc_id"], hostile, {"verdict": "wrong", "reviewer": "x"}).status_code \
            == 404
        assert client.get(f"/api/events/{aid['doc_id']}/{hostile}").status_code == 404
    assert counts() == before


def test_plover_records_say_reviewed_only_when_reviewed(served: tuple[TestClient, Path]) -> None:
    client, db = served
    protest = event_by(client, "PROTEST")
    review(client, "events", protest["doc_id"], protest["id"], {"verdict": "wrong", "reviewer": "rana"})
    result = run("events", "--db", str(db), "--format", "plover")
    assert result.exit_code == 0, result.output
    records = {r["event"][0]: r["marsad"] for r in map(json.loads, result.stdout.splitlines())}
    assert records["PROTEST"]["reviewed"] is True and records["PROTEST"]["verdict"] == "wrong"
    assert "reviewed" not in records["AID"] and "verdict" not in records["AID"]


def test_training_on_an_export_without_corpora_names_the_review_corpus(served: tuple[TestClient, Path],
                                                                       tmp_path: Path) -> None:
    client, db = served
    protest = event_by(client, "PROTEST")
    review(client, "events", protest["doc_id"], protest["id"], {"verdict": "right", "reviewer": "rana"})
    out = tmp_path / "g"
    assert run("export-gold", "--db", str(db), "--out", str(out), "--dev-share", "0").exit_code == 0
    result = run("train", "attribution", "--gold", str(out), "--out", str(tmp_path / "m.json"))
    assert result.exit_code == 2
    assert "train split has: review; pass --corpora" in " ".join(result.output.split())
