"""A search hit in an article its outlet corrected since says so (round 37, issue 12 item 5 (2)).

The stored text (the first read) is the one analysed and searched; a correction read later is kept as
a version (round 36) and is not searched.  A hit in such an article is in an older text: the CLI, the
API and the dashboard say so, and the dashboard's document view lists the versions.  The articles are
written for this test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from cli_helpers import flat, run_cli
from marsad.web.app import create_app
from marsad.web.store_source import StoreSource

URL = "https://wadi-times.example/story/9100"
FIRST = {"id": "w-9100", "source": "wadi-times.example", "url": URL, "published": "2026-11-26",
         "title": "انقطاع الكهرباء في حمص", "text": "انقطعت الكهرباء عن أحياء واسعة في مدينة حمص مساء الأربعاء بسبب عطل"
         " في محطة التحويل الرئيسية، وفق مؤسسة الكهرباء."}
CORRECTED = {**FIRST, "title": "انقطاع الكهرباء في حمص (محدث)", "text": "انقطعت الكهرباء عن أحياء واسعة في مدينة حمص"
             " مساء الأربعاء بسبب عطل في محطة التحويل الرئيسية، وقالت مؤسسة الكهرباء إن التيار عاد بعد ست ساعات."}
OTHER = {"id": "n-5", "source": "nahr-news.example", "url": "https://nahr-news.example/2026/11/26/homs",
         "published": "2026-11-26", "title": "عطل كهربائي في حمص",
         "text": "أعلنت مؤسسة الكهرباء أن عطلا في محطة التحويل أدى إلى انقطاع التيار عن مدينة حمص."}
TOKEN = "v" * 32


def _jsonl(path: Path, *records: dict[str, str]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def corrected_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("versions")
    db = folder / "news.db"
    code, out, err = run_cli("ingest", "--db", str(db), str(_jsonl(folder / "day1.jsonl", FIRST, OTHER)))
    assert code == 0, out + err
    code, out, err = run_cli("ingest", "--db", str(db), str(_jsonl(folder / "day2.jsonl", CORRECTED)))
    assert code == 0 and "1 new version(s)" in flat(out), out + err
    return db


def test_the_cli_says_a_hit_is_in_an_older_text(corrected_db: Path) -> None:
    code, out, _ = run_cli("search", "--db", str(corrected_db), "محطة التحويل", "--json")
    assert code == 0
    hits = {h["title"]: h for h in map(json.loads, out.splitlines())}
    assert hits[FIRST["title"]]["later_versions"] == 1 and hits[FIRST["title"]]["latest_version_seen"]
    assert hits[OTHER["title"]]["later_versions"] == 0 and hits[OTHER["title"]]["latest_version_seen"] is None
    code, out, _ = run_cli("search", "--db", str(corrected_db), "محطة التحويل")
    text = flat(out)
    assert code == 0 and text.count("an older text") == 1
    assert "the article was read again with other words 1 time(s)" in text and "--version 1 prints the latest" in text


def test_the_api_search_says_which_hits_are_older_texts(corrected_db: Path) -> None:
    with TestClient(create_app(corrected_db, token=TOKEN, source=StoreSource(corrected_db))) as client:
        page = client.get("/api/search", params={"q": "محطة التحويل"}).json()
        by_title = {item["title"]: item for item in page["items"]}
        assert by_title[FIRST["title"]]["later_versions"] == 1
        assert by_title[OTHER["title"]]["later_versions"] == 0
        # the correction's own words are not searched: the version is kept, not analysed
        assert client.get("/api/search", params={"q": "ست ساعات"}).json()["total"] == 0
