"""The quotes list across the database: ``Store.quotes``, ``marsad quotes`` and ``/api/quotes``.

Built from the seed article (analysed by the pipeline) and two short synthetic articles of our own
writing whose quotes, speakers and repairs are placed by hand."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from marsad.cli import app
from marsad.document import Document, Quote, Repair
from marsad.store import QuoteFilters, open_store
from marsad.store.schema import LATEST_VERSION, current_version
from marsad.web.app import create_app
from marsad.web.store_source import StoreSource
from store_corpus import write_old_version_store
from webdata import _span

TOKEN = "test-token-0123456789abcdef"


def _quote(text: str, cue: str, speaker: str, content: str, direct: bool, **extra: Any) -> Quote:
    cs, ce = _span(text, cue)
    ss, se = _span(text, speaker)
    ts, te = _span(text, content)
    return Quote(min(cs, ss), te, {"start": cs, "end": ce, "text": cue},
                 {"start": ss, "end": se, "text": speaker, **extra}, {"start": ts, "end": te, "text": content},
                 direct, chain=[extra.get("canonical") or speaker])


def statements_article() -> Document:
    """A State Department statement (the speaker model's choice, 0.91) about obfuscated weapons, and a
    UN spokesman's direct words (the rules' quote, no confidence)."""
    text = (
        "قالت وزارة الخارجية الأميركية إن الحكومة استخدمت أسلـ.حة كيميائية في الهجوم على البلدة.\n"
        "وقال المتحدث باسم الأمم المتحدة: \"نحن قلقون جدا من التصعيد الأخير\".\n"
    )
    doc = Document(text, title="بيان عن الهجوم", url="https://example.org/statements-1", source="wire",
                   published="2024-05-03")
    s, e = _span(text, "أسلـ.حة")
    doc.repairs.append(Repair(s, e, "أسلـ.حة", "أسلحة", "tatweel+dot"))
    doc.quotes = [
        _quote(text, "قالت", "وزارة الخارجية الأميركية", "الحكومة استخدمت أسلـ.حة كيميائية في الهجوم على البلدة",
               False, canonical="US State Department", id="actor:usa-state", confidence=0.91),
        _quote(text, "وقال", "المتحدث باسم الأمم المتحدة", "نحن قلقون جدا من التصعيد الأخير", True,
               canonical="UN spokesperson"),
    ]
    assert not doc.span_problems()
    return doc


def older_article() -> Document:
    text = "وأفاد المرصد السوري لحقوق الإنسان بأن الاشتباكات تجددت في ريف المدينة.\n"
    doc = Document(text, title="اشتباكات", url="https://example.org/older-1", source="example",
                   published="2023-01-09")
    doc.quotes = [_quote(text, "وأفاد", "المرصد السوري لحقوق الإنسان", "الاشتباكات تجددت في ريف المدينة", False,
                         canonical="Syrian Observatory for Human Rights", confidence=0.6)]
    assert not doc.span_problems()
    return doc


def build(path: Path, seed_doc: Document) -> Path:
    with open_store(path) as store:
        store.add_many([seed_doc.to_dict(), statements_article().to_dict(), older_article().to_dict()])
    return path


@pytest.fixture(scope="module")
def quotes_db(tmp_path_factory: pytest.TempPathFactory, seed_doc: Document) -> Path:
    return build(tmp_path_factory.mktemp("quotes") / "quotes.db", seed_doc)


def listed(path: Path, **filters: Any) -> tuple[list[dict[str, Any]], int]:
    with open_store(path, readonly=True) as store:
        return store.quotes(QuoteFilters(**filters), limit=100)


def speakers(path: Path, **filters: Any) -> list[str]:
    items, total = listed(path, **filters)
    assert total == len(items)
    return [str(item["speaker_canonical"] or item["speaker"]) for item in items]


def test_every_quote_is_listed_newest_article_first_with_its_speaker_and_document(
    quotes_db: Path, seed_doc: Document
) -> None:
    items, total = listed(quotes_db)
    assert total == len(seed_doc.quotes) + 3 == len(items)
    assert [i["published"] for i in items] == sorted((i["published"] for i in items), reverse=True)
    first = items[0]
    assert first["speaker"] == "وزارة الخارجية الأميركية" and first["speaker_canonical"] == "US State Department"
    assert first["speaker_id"] == "actor:usa-state" and first["speaker_confidence"] == pytest.approx(0.91)
    assert first["text"] == "الحكومة استخدمت أسلـ.حة كيميائية في الهجوم على البلدة"  # as written
    assert first["direct"] is False and items[1]["direct"] is True
    assert first["document"].startswith("url:") and first["title"] == "بيان عن الهجوم"
    assert first["outlet"] == "wire" and first["id"] == "i0" and items[1]["id"] == "i1"
    text = statements_article().text
    assert text[first["text_span"][0]:first["text_span"][1]] == first["text"]


def test_the_seed_state_department_quote_is_found_by_its_speaker(quotes_db: Path) -> None:
    for value in ("US State Department", "وزارة الخارجية الامريكية", "الخارجية الأميركية", "actor:usa-state"):
        found = listed(quotes_db, speaker=value)[0]
        assert {i["outlet"] for i in found} == {"sample:seed-aleppo-2019-12-12.txt", "wire"}, value
        assert all(i["speaker_canonical"] == "US State Department" for i in found)
    seed = [i for i in listed(quotes_db, speaker="US State Department")[0] if i["outlet"] != "wire"]
    assert "الكيـ.ميائية" in seed[0]["text"]
    # An unrelated speaker finds none of them; whole words: "Russia" is not "Russian Ministry of Defence".
    assert "US State Department" not in speakers(quotes_db, speaker="Russia")
    assert "Russian Ministry of Defence" not in speakers(quotes_db, speaker="Russia")
    assert set(speakers(quotes_db, speaker="المرصد السوري")) == {"Syrian Observatory for Human Rights"}


def test_a_speaker_id_matches_whole_in_any_case(quotes_db: Path) -> None:
    assert speakers(quotes_db, speaker="ACTOR:USA-STATE").count("US State Department") == 2
    assert speakers(quotes_db, speaker="actor:usa") == []


def test_text_in_the_quote_is_found_through_obfuscation_and_spelling(quotes_db: Path) -> None:
    # The seed writes الأسـ.لحة الكيـ.ميائية; the synthetic article أسلـ.حة كيميائية.
    found = listed(quotes_db, q="الاسلحة الكيميائية")[0]
    assert [i["speaker_canonical"] for i in found] == ["US State Department"]
    # The seed's defence ministry writes أسـ.لحة كيمـ.يائية; the seed's State Department الأسلحة الكيميائية,
    # which holds the words, not the text أسلحة كيميائية (a part of the content, not a search by words).
    found = listed(quotes_db, q="أسلحة كيميائية")[0]
    assert [i["speaker_canonical"] for i in found] == ["US State Department", "Russian Ministry of Defence"]
    assert found[0]["outlet"] == "wire"
    assert len(listed(quotes_db, q="كيميائية")[0]) == 3
    assert listed(quotes_db, q="قلقون جدا")[0][0]["speaker"] == "المتحدث باسم الأمم المتحدة"
    assert listed(quotes_db, q="عبارة لم تقل قط")[1] == 0


def test_outlet_dates_confidence_and_paging(quotes_db: Path) -> None:
    assert speakers(quotes_db, source="example") == ["Syrian Observatory for Human Rights"]
    assert speakers(quotes_db, since="2024-05-03") == ["US State Department", "UN spokesperson"]
    assert speakers(quotes_db, since="2023-01-01", until="2023-12-31") == ["Syrian Observatory for Human Rights"]
    # The speaker model's word: quotes it never scored are dropped by a threshold.
    assert speakers(quotes_db, min_confidence=0.5) == ["US State Department", "Syrian Observatory for Human Rights"]
    assert speakers(quotes_db, min_confidence=0.95) == []
    with open_store(quotes_db, readonly=True) as store:
        everything, total = store.quotes(limit=100)
        page, same_total = store.quotes(limit=2, offset=2)
        texted, texted_total = store.quotes(QuoteFilters(q="في"), limit=1, offset=1)
    assert same_total == total and [i["text"] for i in page] == [i["text"] for i in everything[2:4]]
    assert texted_total > 2 and len(texted) == 1


def test_a_corrected_speaker_is_found_by_its_new_name(tmp_path: Path, seed_doc: Document) -> None:
    path = build(tmp_path / "review.db", seed_doc)
    with open_store(path) as store:
        assert store.quotes(QuoteFilters(speaker="الأمم المتحدة"))[1] == 1  # the index is built before the review
        document = store.quotes(QuoteFilters(speaker="الأمم المتحدة"))[0][0]["document"]
        store.review("quote", document, "i1", verdict=None, corrections={"speaker": "الأمين العام"},
                     reviewer="analyst")
        found, total = store.quotes(QuoteFilters(speaker="الأمين العام"))
    assert total == 1 and found[0]["text"] == "نحن قلقون جدا من التصعيد الأخير" and found[0]["reviewed"] is True


def test_the_speaker_filter_reads_the_speaker_indexes(quotes_db: Path) -> None:
    from marsad.store.quotes import QUOTE_FROM, SpeakerIndex, _where

    with open_store(quotes_db, readonly=True) as store:
        where_sql, params = _where(store.conn, QuoteFilters(speaker="US State Department"), SpeakerIndex())
        plan = " ".join(str(r[-1]) for r in store.conn.execute(
            f"EXPLAIN QUERY PLAN SELECT q.rowid{QUOTE_FROM}{where_sql}", params))
    assert "quotes_speaker " in plan + " " and "quotes_speaker_canonical" in plan and "quotes_speaker_id" in plan


def test_a_store_of_version_8_gains_the_speaker_indexes(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    # Made from the migrations up to 8 (rolling a newer store's version back would apply later
    # migrations, which add columns, a second time).
    write_old_version_store(path, [statements_article().to_dict()], 8)
    with open_store(path, readonly=True) as store:
        assert current_version(store.conn) == LATEST_VERSION
        names = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"quotes_speaker", "quotes_speaker_canonical", "quotes_speaker_id"} <= names
        assert store.quotes(QuoteFilters(speaker="الخارجية الامريكية"))[1] == 1


# -- marsad quotes ------------------------------------------------------------------------------------
def run(*args: str, columns: int = 80) -> tuple[int, str, str]:
    from marsad.cli import console

    consoles = (console.stdout, console.stderr)
    fixed = [c._width for c in consoles]
    for c in consoles:
        c.width = columns
    try:
        result = CliRunner().invoke(app, list(args), env={"COLUMNS": str(columns), "TERMINAL_WIDTH": str(columns)})
    finally:
        for c, width in zip(consoles, fixed, strict=True):
            c._width = width
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.stdout, result.stderr


def test_marsad_quotes_table_at_80_columns(quotes_db: Path) -> None:
    code, out, _ = run("quotes", "--db", str(quotes_db), "--speaker", "الخارجية الأميركية")
    assert code == 0
    assert all(len(line) <= 80 for line in out.splitlines())
    flat = " ".join(out.split())
    assert "US State Department" in flat and "2024-05-03" in flat and "2019-12-12" in flat
    assert "2 of 2 quote(s)" in flat and "p: the speaker model's confidence" in flat and "0.91" in flat
    # The article once, under its first quote: title, outlet, id.
    assert "wire" in flat and "بيان عن الهجوم" in flat


def test_marsad_quotes_formats(quotes_db: Path, tmp_path: Path) -> None:
    code, out, _ = run("quotes", "--db", str(quotes_db), "--speaker", "actor:usa-state", "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["outlet"] for r in rows] == ["wire", "sample:seed-aleppo-2019-12-12.txt"]
    code, out, _ = run("quotes", "--db", str(quotes_db), "--source", "wire", "--format", "json")
    assert code == 0 and [r["direct"] for r in json.loads(out)] == [False, True]
    target = tmp_path / "quotes.csv"
    code, _, err = run("quotes", "--db", str(quotes_db), "--q", "قلقون", "--format", "csv", "--out", str(target))
    lines = target.read_text("utf-8-sig").splitlines()
    assert code == 0 and "wrote 1 quotes" in err and len(lines) == 2
    assert lines[0].startswith("published,outlet,speaker,") and "المتحدث باسم الأمم المتحدة" in lines[1]
    code, out, _ = run("quotes", "--db", str(quotes_db), "--speaker", "Narnia")
    assert code == 0 and "no quotes match" in out


@pytest.mark.parametrize(("args", "says"), [
    (("--format", "xml"), "'xml' is not one of table, json, jsonl, csv"),
    (("--min-confidence", "2"), "min_confidence must be from 0 to 1"),
    (("--since", "2024-02-30"), "--since"),
    (("--speaker", " ؟ "), "has no word to look for"),
    (("--q", "..."), "has no word to look for"),
    (("--json", "--format", "csv"), "disagree"),
    (("--limit", "0"), "--limit"),
])
def test_marsad_quotes_refuses_bad_arguments_at_once(quotes_db: Path, args: tuple[str, ...], says: str) -> None:
    code, out, err = run("quotes", "--db", str(quotes_db), *args, columns=200)
    assert code == 2 and "no quotes match" not in out and "Traceback" not in err + out
    assert says in " ".join(err.replace("│", " ").split())


def test_marsad_quotes_help_explains_each_option() -> None:
    code, out, _ = run("quotes", "--help", columns=200)
    assert code == 0
    for option in ("--speaker", "--q", "--source", "--since", "--until", "--min-confidence", "--limit", "--format",
                   "--json", "--out", "--db"):
        assert option in out


# -- /api/quotes -----------------------------------------------------------------------------------------
@pytest.fixture
def client(quotes_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(quotes_db, token=TOKEN,
                               source=StoreSource(quotes_db, stages=["boilerplate"]))) as test_client:
        yield test_client


def test_api_quotes_lists_filters_and_pages(client: TestClient) -> None:
    page = client.get("/api/quotes", params={"speaker": "وزارة الخارجية الامريكية"}).json()
    assert page["total"] == 2 and page["limit"] == 50 and page["offset"] == 0
    assert [i["outlet"] for i in page["items"]] == ["wire", "sample:seed-aleppo-2019-12-12.txt"]
    first = page["items"][0]
    # The id is what the quote's review routes take.
    history = client.get(f"/api/quotes/{first['document']}/{first['id']}/reviews")
    assert history.status_code == 200 and history.json()["total"] == 0
    assert client.get("/api/quotes", params={"q": "قلقون", "source": "wire"}).json()["total"] == 1
    assert client.get("/api/quotes", params={"min_confidence": 0.5}).json()["total"] == 2
    assert client.get("/api/quotes", params={"since": "2023-01-01", "until": "2023-12-31"}).json()["total"] == 1
    everything = client.get("/api/quotes").json()
    second = client.get("/api/quotes", params={"limit": 1, "offset": 1}).json()
    assert second["total"] == everything["total"] and second["items"] == everything["items"][1:2]


@pytest.mark.parametrize("params", [{"min_confidence": "2"}, {"min_confidence": "nan"}, {"since": "2024-13-01"},
                                    {"limit": "501"}, {"speaker": "x" * 201}, {"offset": "-1"},
                                    {"speaker": "..."}, {"q": "، ؟"}])
def test_api_quotes_bad_parameters_answer_the_error_shape(client: TestClient, params: dict[str, str]) -> None:
    response = client.get("/api/quotes", params=params)
    assert response.status_code == 422
    body = response.json()
    assert set(body) == {"error"} and body["error"]["code"] == "invalid_request"
    assert next(iter(params)) in body["error"]["message"]


def test_api_quotes_values_are_never_sql(client: TestClient) -> None:
    for value in ("'; DROP TABLE quotes; --", "\" OR 1=1 --"):
        for name in ("speaker", "q", "source"):
            response = client.get("/api/quotes", params={name: value})
            assert response.status_code == 200 and response.json()["total"] == 0, (name, value)
    assert client.get("/api/quotes").json()["total"] > 0
