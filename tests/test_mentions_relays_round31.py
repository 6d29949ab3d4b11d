"""Round 31 (branch ux31): every mention of a merged event is located in the exports, every link of a
source chain (the relays too) has its ``[start, end)`` span, and a text page fetched from a URL is
named by the canonical link its HTTP ``Link`` header declares.  Through the doors: ``marsad ingest`` /
``marsad events`` / ``marsad analyze`` (typer's CliRunner).
Articles written for these tests; the seed article is the project's own."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cli_helpers import run_ok
from readers_helpers import NoWaitClock, PageHandler, QuietServer, serve_locally

ARTICLE = (
    "قصف على معرة النعمان\n"
    "قال المرصد السوري لحقوق الإنسان إن طائرات حربية قصفت مدينة معرة النعمان في ريف إدلب يوم الثلاثاء"
    " 14 كانون الثاني 2020، ما أدى إلى مقتل ثمانية مدنيين.\n"
    "وأضاف المرصد أن القصف استهدف سوقا شعبيا.\n"
)
# The same report republished by another outlet with a line before it: one story, every offset moved.
REPUBLISHED = "أعيد نشره عن وكالة محلية\n" + ARTICLE
# Relays: a news agency passing on a local source, and a site the statement was read on.
RELAYED = (
    "اشتباكات في درعا\n"
    "ونقلت وكالة فرانس برس عن مصدر محلي قوله إن قوات النظام قصفت مدينة طفس في ريف درعا يوم الخميس"
    " 9 كانون الثاني 2020.\n"
)


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("story")
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "b.txt").write_text(REPUBLISHED, encoding="utf-8")
    (folder / "relayed.txt").write_text(RELAYED, encoding="utf-8")
    db = str(folder / "t.db")
    run_ok("ingest", "--db", db, str(folder / "a.txt"), str(folder / "b.txt"), str(folder / "relayed.txt"))
    with sqlite3.connect(db) as conn:
        texts = dict(conn.execute("SELECT id, text FROM documents"))
    exports = {}
    for fmt in ("csv", "jsonl", "json", "plover"):
        out = folder / f"events.{fmt}"
        run_ok("events", "--db", db, "--format", fmt, "--out", str(out))
        exports[fmt] = out.read_text(encoding="utf-8-sig")
    return {"db": db, "texts": texts, **exports}


def _located(texts: dict[str, str], mention: dict[str, Any]) -> None:
    text = texts[mention["document_id"]]
    assert text[mention["trigger_start"]:mention["trigger_end"]] == mention["trigger"]
    if mention.get("place_start") is not None:
        assert text[mention["place_start"]:mention["place_end"]] == mention["place_text"]
    if mention.get("claim_start") is not None:
        assert text[mention["claim_start"]:mention["claim_end"]] == mention["claim_text"]
    for link in mention.get("chain_spans") or []:
        if link["start"] is not None:
            assert text[link["start"]:link["end"]] == link["text"]


def test_a_merged_events_rows_locate_every_report_not_only_the_first(story: dict[str, Any]) -> None:
    rows = [json.loads(line) for line in story["jsonl"].splitlines()]
    merged = [r for r in rows if r["reports_count"] == 2 and r["event_type"] == "ASSAULT" and r["location"]]
    assert merged, "the two copies' shelling is one event with two reports"
    for row in merged:
        mentions = row["all_mentions"]
        # One mention per article, each in its own article's text (the copy's offsets are 25 further).
        assert len(mentions) == 2 and len({m["document_id"] for m in mentions}) == 2
        starts = {m["document_id"]: m["trigger_start"] for m in mentions}
        assert len(set(starts.values())) == 2, "before: only the first report's offsets"
        for mention in mentions:
            _located(story["texts"], mention)
            assert mention["place_text"] == "إدلب" and mention["country"] == "SY" and mention["re_mention"] is False
        # The old columns are kept: they still locate the first report.
        first = next(m for m in mentions if m["document_id"] == row["document_id"])
        assert (row["trigger_start"], row["trigger_end"]) == (first["trigger_start"], first["trigger_end"])


def test_csv_holds_the_mentions_as_json_and_the_other_formats_as_lists(story: dict[str, Any]) -> None:
    lines = [json.loads(line) for line in story["jsonl"].splitlines()]
    table = list(csv.DictReader(io.StringIO(story["csv"])))
    # statuses appended in round 35; who else tells the event (its corroboration group) in round 37
    assert list(table[0])[-6:] == ["all_mentions", "statuses", "outlets_count", "corroboration_id",
                                   "corroborating_outlets", "corroborating_sources"]
    assert [json.loads(r["all_mentions"]) for r in table] == [r["all_mentions"] for r in lines]
    assert [r["all_mentions"] for r in json.loads(story["json"])] == [r["all_mentions"] for r in lines]
    plover = [json.loads(line) for line in story["plover"].splitlines()]
    assert [p["marsad"]["all_mentions"] for p in plover] == [r["all_mentions"] for r in lines]
    assert all(r["all_mentions"] for r in lines), "every event has at least its first report"


def test_re_mentions_merged_by_the_models_are_located_in_the_export(tmp_path: Path) -> None:
    from marsad.document import Document, Event
    from marsad.store.queries import open_store

    text = "هجوم على سوق في تعز\nقصف الحوثيون سوقا في مدينة تعز يوم الأحد، وأدى القصف إلى مقتل طفلين.\n"
    first, again = text.index("قصف الحوثيون"), text.index("القصف إلى")
    place = text.index("تعز", first)
    event = Event(
        type="ASSAULT", mode=None, trigger={"start": first, "end": first + 3, "text": "قصف"},
        actor=None, target=None,
        place={"name": "Taiz", "id": "geonames:70225", "lat": 13.58, "lon": 44.02, "country": "YE",
               "text": "تعز", "start": place, "end": place + 3},
        date="2020-01-12", status="asserted", source=None, confidence=0.9, id="e1",
        mentions=[{"start": again, "end": again + 5, "text": "القصف"}],
    )
    doc = Document(text, title="هجوم على سوق في تعز", source="monitor-notes", published="2020-01-12")
    doc.events.append(event)
    assert not doc.span_problems()
    db = tmp_path / "t.db"
    with open_store(db) as store:
        store.add_many([doc.to_dict()])
    (row,) = [json.loads(line) for line in run_ok("events", "--db", str(db), "--format", "jsonl").splitlines()]
    report, re_mention = row["all_mentions"]
    assert (report["trigger_start"], report["place_text"], report["re_mention"]) == (first, "تعز", False)
    assert re_mention == {"document_id": doc.id, "event_id": f"{doc.id}#e1", "trigger": "القصف",
                          "trigger_start": again, "trigger_end": again + 5, "re_mention": True}
    assert row["mentions"] == 2  # the count column, as before


# -- the source chain's links ------------------------------------------------------------------------------
def _analysed(*inputs: str, extra: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    out = run_ok("analyze", "--json", *extra, *inputs)
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def _links_located(doc: dict[str, Any]) -> list[dict[str, Any]]:
    text = doc["text"]
    links = []
    for record in [*doc["quotes"], *doc["events"]]:
        assert [link["name"] for link in record["chain_spans"]] == record["chain"]
        for link in record["chain_spans"]:
            if link["start"] is not None:
                assert text[link["start"]:link["end"]] == link["text"]
            links.append(link)
    return links


def test_every_relay_of_the_seed_has_its_span(seed_text: str, tmp_path: Path) -> None:
    (tmp_path / "seed.txt").write_text(seed_text, encoding="utf-8")
    (doc,) = _analysed(str(tmp_path / "seed.txt"))
    links = _links_located(doc)
    relays = [link for link in links if link["name"] == "RT"]
    assert relays, "the seed's Russian statements are relayed by RT"
    # Before: the chain had the name only; now where the article names it (وفق موقع “RT”).
    assert all(link["text"] == "RT" and seed_text[link["start"] - 1] == "“" for link in relays)
    russia = next(e for e in doc["events"] if e["chain"] == ["Russia", "RT"])
    assert russia["chain_spans"][0]["text"] == "روسيا" and russia["chain_spans"][0]["start"] == russia["source"]["start"]
    assert all(link["start"] is not None for link in links), "every link of the seed is named in its text"


def test_an_agencys_relay_and_its_source_are_located_and_exported(story: dict[str, Any]) -> None:
    text = RELAYED
    rows = [json.loads(line) for line in story["jsonl"].splitlines()]
    relayed = [m for r in rows for m in r["all_mentions"] if story["texts"][m["document_id"]] == text and m["chain_spans"]]
    assert relayed, "the clashes are claimed through the agency"
    for mention in relayed:
        names = [link["name"] for link in mention["chain_spans"]]
        assert "Agence France-Presse" in names
        agency = next(link for link in mention["chain_spans"] if link["name"] == "Agence France-Presse")
        assert agency["start"] is not None and "فرانس برس" in agency["text"]
        _located(story["texts"], mention)


def test_a_link_the_text_does_not_name_has_no_offsets() -> None:
    from marsad.attribution.chain_spans import locate

    text = "قال مسؤول إن القصف توقف."
    assert locate(["مسؤول", "Reuters"], 10, text, {}) == [
        {"name": "مسؤول", "text": "مسؤول", "start": 4, "end": 9},
        {"name": "Reuters", "text": None, "start": None, "end": None},
    ]
    # Whole words only: a name inside a longer word is not a mention of it.
    assert locate(["RT"], 0, "ARTICLE by RT", {})[0]["start"] == 11


# -- a text page's outlet ------------------------------------------------------------------------------------
TEXT_PAGE = "قصفت طائرات مجهولة مدينة إدلب يوم الاثنين.\nوقال مصدر محلي إن القصف أوقع قتلى.\n".encode()


class _Handler(PageHandler):
    def page(self, path: str) -> tuple[bytes, str, list[str]] | None:
        links = {
            "/t/canonical": ['<https://www.news-site.example/a/9>; rel="canonical"'],
            # Two links in one header, the canonical second; a shortener's canonical names no outlet.
            "/t/two": ['<https://mirror.example/a/9>; rel="alternate", <https://news-site.example/a/9>; rel=canonical'],
            "/t/short": ['<https://t.co/abc>; rel="canonical"'],
            "/t/none": [],
        }
        if path == "/robots.txt":
            return b"User-agent: *\n", "text/plain", []
        if path in links:
            return TEXT_PAGE, "text/plain; charset=utf-8", links[path]
        if path == "/h/canonical":
            body = ("<html><head><title>خبر</title></head><body><article><p>"
                    + TEXT_PAGE.decode() + "</p></article></body></html>").encode()
            return body, "text/html; charset=utf-8", ['<https://news-site.example/a/10>; rel="canonical"']
        return None


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    yield from serve_locally(QuietServer(("127.0.0.1", 0), _Handler))


def test_a_fetched_text_page_is_named_by_its_http_canonical_link(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import marsad.readers.fetch as fetch_module

    monkeypatch.setattr(fetch_module, "time", NoWaitClock())
    paths = ["/t/canonical", "/t/two", "/t/short", "/t/none", "/h/canonical"]
    docs = _analysed(*(server + p for p in paths), extra=("--stages", "boilerplate", "--allow-private"))
    assert [d["source"] for d in docs] == [
        "news-site.example", "news-site.example", "127.0.0.1", "127.0.0.1", "news-site.example",
    ]
    origins = [[n["message"] for n in d["notes"] if n["kind"] == "origin"] for d in docs]
    assert origins == [[f"read from {server}/t/canonical"], [f"read from {server}/t/two"], [], [],
                       [f"read from {server}/h/canonical"]]
    assert [d["url"] for d in docs] == [server + p for p in paths]  # the URL it was read from stays
    # --source still wins, as for every door.
    (named,) = _analysed(server + "/t/canonical", extra=("--stages", "boilerplate", "--allow-private",
                                                          "--source", "my-feed"))
    assert named["source"] == "my-feed"


def test_the_link_header_parser() -> None:
    from marsad.readers.fetch import link_canonical

    assert link_canonical(['<https://a.example/x,y>; rel="canonical"']) == "https://a.example/x,y"
    assert link_canonical(['<https://a.example/p>; rel="next"', "<https://b.example/q>; REL=Canonical"]) == (
        "https://b.example/q")
    assert link_canonical(['<https://a.example/p>; rel="alternate"']) is None
    assert link_canonical([]) is None
