"""A fact-checker's trial (round 30): every claimed event exported from ``marsad events --status claimed``
(CSV, JSON Lines, PLOVER) leads back to its article — the claim source as the article wrote it (the
original text, obfuscation and all) and the trigger, each with [start, end) offsets into that text,
next to the canonical chain.  Inputs: the bundled seed and an article written for this test."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from cli_helpers import run_ok

RELAYED = (
    "اتهامات متبادلة في طرابلس\n\n"
    "نقلت وكالة رويترز عن مسؤول في حكومة الوفاق قوله إن قوات حفتر قصفت مطار معيتيقة في طرابلس يوم الأحد.\n"
    "وقال المتحدث باسم الجيش للصحفيين إن الهجوم لن يمر دون رد.\n"
)


@pytest.fixture(scope="module")
def claimed(tmp_path_factory: pytest.TempPathFactory, seed_text: str) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("claims")
    (folder / "seed.txt").write_text(seed_text, encoding="utf-8")
    (folder / "relayed.txt").write_text(RELAYED, encoding="utf-8")
    db = str(folder / "t.db")
    run_ok("ingest", "--db", db, str(folder / "seed.txt"), str(folder / "relayed.txt"))
    with sqlite3.connect(db) as conn:
        texts = dict(conn.execute("SELECT id, text FROM documents"))
    exports = {}
    for fmt in ("csv", "jsonl", "plover"):
        out = folder / f"claimed.{fmt}"
        run_ok("events", "--db", db, "--status", "claimed", "--format", fmt, "--out", str(out))
        exports[fmt] = out.read_text(encoding="utf-8-sig")
    exports["quotes"] = run_ok("quotes", "--db", db, "--format", "csv").lstrip("\ufeff")
    return {"texts": texts, "db": db, **exports}


def _check_row(texts: dict[str, str], document: str, trigger: str, claim: str | None,
               trigger_span: list[int], claim_span: list[int] | None) -> None:
    text = texts[document]
    assert text[trigger_span[0]:trigger_span[1]] == trigger
    assert claim_span is not None and claim is not None, (document, trigger)
    assert text[claim_span[0]:claim_span[1]] == claim


def test_csv_and_jsonl_rows_locate_the_claim_source_and_trigger(claimed: dict[str, Any]) -> None:
    texts = claimed["texts"]
    for rows in (list(csv.DictReader(io.StringIO(claimed["csv"]))),
                 [json.loads(line) for line in claimed["jsonl"].splitlines()]):
        assert len(rows) >= 5
        for row in rows:
            start, end = int(row["trigger_start"]), int(row["trigger_end"])
            trigger = row["notes"].split(" (according to ", 1)[0]
            _check_row(texts, row["document_id"], trigger, row["claim_text"], [start, end],
                       [int(row["claim_start"]), int(row["claim_end"])] if row["claim_start"] not in ("", None) else None)
            assert row["source_chain"]
        # The seed's Russian claim: canonical in the chain, as written (with its original letters) in claim_text.
        russia = [r for r in rows if r["source_chain"].startswith("Russian Ministry of Defence")]
        assert russia and {r["claim_text"] for r in russia} == {"وزارة الدفاع الروسية"}
        relayed = [r for r in rows if "Reuters" in r["source_chain"]]
        assert relayed and relayed[0]["claim_text"] == "مسؤول"


def test_plover_cites_where_each_report_is_in_its_article(claimed: dict[str, Any]) -> None:
    texts = claimed["texts"]
    records = [json.loads(line) for line in claimed["plover"].splitlines()]
    assert len(records) >= 5
    for record in records:
        assert record["source_chain"]
        for cite in record["cite_info"]:
            _check_row(texts, cite["document_id"], record["event_text"][0], cite["according_to_text"],
                       cite["event_text_span"], cite["according_to_span"])
    # an obfuscated trigger is exported as the article wrote it, at its place in the original text
    assert any("ـ." in record["event_text"][0] for record in records)


def test_the_api_csv_export_locates_each_claimed_report(claimed: dict[str, Any]) -> None:
    from fastapi.testclient import TestClient

    from marsad.web.app import create_app

    with TestClient(create_app(Path(claimed["db"]))) as client:
        text = client.get("/api/events.csv", params={"status": "claimed"}).text
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) >= 5
    for row in rows:
        _check_row(claimed["texts"], row["document_id"], row["trigger"], row["claim_text"],
                   [int(row["trigger_start"]), int(row["trigger_end"])],
                   [int(row["claim_start"]), int(row["claim_end"])] if row["claim_start"] else None)
    assert "وزارة الدفاع الروسية" in {r["claim_text"] for r in rows}


def test_the_quotes_csv_locates_speaker_and_quote(claimed: dict[str, Any]) -> None:
    rows = list(csv.DictReader(io.StringIO(claimed["quotes"])))
    assert len(rows) >= 5
    for row in rows:
        text = claimed["texts"][row["document_id"]]
        assert text[int(row["text_start"]):int(row["text_end"])] == row["text"]
        if row["speaker"]:
            assert text[int(row["speaker_start"]):int(row["speaker_end"])] == row["speaker"]
    relayed = [r for r in rows if r["chain"].endswith("Reuters")]
    assert relayed and relayed[0]["speaker"] == "مسؤول"


def test_the_quotes_table_says_through_whom(claimed: dict[str, Any]) -> None:
    table = run_ok("quotes", "--db", claimed["db"], "--speaker", "مسؤول")
    lines = [" ".join(line.split()) for line in table.splitlines()]
    assert any(line.startswith("مسؤول ") for line in lines)
    assert any(line.startswith("via Reuters ") for line in lines)  # under the speaker, as `marsad events` says "مسؤول via Reuters"
