"""A merged event's mentions each with its own status and source (issue 12 item 5, round 35).

The gold keeps a claim and the denial of it as two mentions of one event, each with its status and
source (``same_as``, docs/events.md). The learned merge kept only the re-mention's trigger span, so a
claim by the Russian ministry and the coalition spokesman's denial merged into it showed one status,
``claimed``, and one source. Now every entry of ``mentions`` carries its own ``status``, ``source``,
``chain`` (located: ``chain_spans``) and ``confidence``, the event its ``statuses``, and the store, the
API, the exports (``all_mentions``), the Spark rows and the terminal view follow. The article is
written for these tests."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner, Result

from marsad.cli import app
from marsad.web.app import create_app

# A claimed strike on a hospital and the denial by the accused party's spokesman.
CLAIM_AND_DENIAL = (
    "قالت وزارة الدفاع الروسية إن طائرات التحالف قصفت مستشفى في مدينة إدلب أمس.\n"
    "ونفى التحالف قصف المستشفى، وقال المتحدث باسمه إن طائراته لم تقصف المستشفى.\n"
)


def _cli(*args: str) -> Result:
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


@pytest.fixture(scope="module")
def article(tmp_path_factory: pytest.TempPathFactory, shipped_attribution: Any) -> Path:
    path = tmp_path_factory.mktemp("merged") / "articles.jsonl"
    record = {"id": "hospital", "text": CLAIM_AND_DENIAL, "published": "2020-03-05", "url": "https://example.org/h"}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", "utf-8")
    return path


@pytest.fixture(scope="module")
def analysed(article: Path) -> dict[str, Any]:
    result = _cli("analyze", "--json", "--extraction", "learned", str(article))
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout.splitlines()[0])
    return doc


@pytest.fixture(scope="module")
def stored(article: Path) -> Path:
    db = article.parent / "merged.db"
    result = _cli("ingest", "--db", str(db), "--extraction", "learned", "--json", str(article))
    assert result.exit_code == 0, result.output
    return db


def _strike(doc: dict[str, Any]) -> dict[str, Any]:
    strikes = [e for e in doc["events"] if e["type"] == "ASSAULT"]
    assert len(strikes) == 1, strikes  # the claim and its denial are one event
    return strikes[0]


def _denial(event: dict[str, Any]) -> dict[str, Any]:
    """The spokesman's denial: the denied mention whose source is the spokesman (since round 36 the
    coalition's own ``ونفى التحالف قصف`` is denied too, the annotation guide's denial word; since round 37
    with the coalition, the party that denies, as its source)."""
    return next(m for m in event["mentions"] if m.get("status") == "denied"
                and (m.get("source") or {}).get("text") == "المتحدث باسمه")


def test_the_claim_and_its_denial_keep_their_own_status_and_source(analysed: dict[str, Any]) -> None:
    event = _strike(analysed)
    text = analysed["text"]
    # The event's own fields are its first mention's: the ministry's claim.
    assert event["status"] == "claimed"
    assert event["source"]["text"] == "وزارة الدفاع الروسية"
    # The denial merged into it is the spokesman's, located in the original text.
    denial = _denial(event)
    assert text[denial["start"]:denial["end"]] == denial["text"] == "تقصف"
    source = denial["source"]
    assert text[source["start"]:source["end"]] == source["text"] == "المتحدث باسمه"
    assert denial["chain"] == ["المتحدث باسمه"]
    assert [(link["text"], link["start"]) for link in denial["chain_spans"]] == [("المتحدث باسمه", source["start"])]
    assert isinstance(denial["confidence"], float)
    # The coalition's own denial right after ``نفى`` is a denied mention too (round 36).
    assert [m["text"] for m in event["mentions"] if m.get("status") == "denied"] == ["قصف", "تقصف"]
    # ... whose source is the party that denies it (round 37: it had none)
    own = next(m for m in event["mentions"] if m["text"] == "قصف")
    assert own["source"]["text"] == "التحالف" and text[own["source"]["start"]:own["source"]["end"]] == "التحالف"
    # Both statuses on the event, its own first.
    assert event["statuses"][0] == "claimed" and "denied" in event["statuses"]


def test_the_store_the_api_and_the_exports_keep_both(analysed: dict[str, Any], stored: Path) -> None:
    client = TestClient(create_app(stored))
    # The store round trip: the document as analysed.
    assert client.get(f"/api/documents/{analysed['id']}").json()["events"] == analysed["events"]
    # The API's event report: each merged mention with its status and source, and the statuses.
    event = _strike(analysed)
    row = next(e for e in client.get("/api/events").json()["items"] if e["event_id"] == event["id"])
    assert row["status"] == "claimed" and row["statuses"] == event["statuses"]
    assert _denial({"mentions": row["mention_spans"]})["source"]["text"] == "المتحدث باسمه"
    # The exports' every mention: the denial with its own status and claim source, where it stands.
    out = stored.parent / "events.csv"
    assert _cli("events", "--db", str(stored), "--format", "csv", "--out", str(out)).exit_code == 0
    csv_rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"))))
    merged = [json.loads(line) for line in _cli("events", "--db", str(stored), "--json").stdout.splitlines()]
    for every in ([json.loads(r["all_mentions"]) for r in csv_rows], [r["all_mentions"] for r in merged]):
        mentions = [m for rows in every for m in rows if m["trigger_start"] == _denial(event)["start"]]
        assert len(mentions) == 1
        assert (mentions[0]["re_mention"], mentions[0]["status"], mentions[0]["claim_text"]) == (
            True, "denied", "المتحدث باسمه")
        assert analysed["text"][mentions[0]["claim_start"]:mentions[0]["claim_end"]] == "المتحدث باسمه"
    story = next(r for r in merged if f"{analysed['id']}#{event['id']}" in r["event_ids"].split(";"))
    assert story["status"] == "claimed" and {"claimed", "denied"} <= set(story["statuses"])


def test_the_terminal_view_says_who_denies(article: Path) -> None:
    result = _cli("analyze", "--extraction", "learned", str(article))
    assert result.exit_code == 0, result.output
    assert "(denied, according to المتحدث باسمه)" in " ".join(result.stdout.split())


def test_a_spark_row_gives_the_mentions_as_the_exports_do(analysed: dict[str, Any]) -> None:
    from marsad.spark.tables import TABLE_COLUMNS, table_rows

    names = [name for name, _kind in TABLE_COLUMNS["events"]] + ["month"]
    rows = [dict(zip(names, row, strict=True)) for row in table_rows(analysed)["events"]]
    row = next(r for r in rows if r["event_key"] == _strike(analysed)["id"])
    denial = [m for m in json.loads(row["all_mentions"]) if m.get("re_mention") and m.get("status") == "denied"]
    # the coalition's own denial and the spokesman's, each with the party that denies (round 37)
    assert [m["claim_text"] for m in denial if m.get("claim_text")] == ["التحالف", "المتحدث باسمه"]
    assert _denial({"mentions": json.loads(row["mention_spans"])})["source"]["text"] == "المتحدث باسمه"
