"""Corroboration (round 37): the events of different articles that tell the same act, grouped in the store.

The articles (``tests/fixtures/corroboration37/articles.jsonl``) are written for these tests: four invented
outlets telling a Russian strike on Maarat al-Numan, a protest in Daraa and a meeting in Baghdad in their
own words, beside acts that must stay apart (a protest in As-Suwayda the same day, a meeting in Damascus
the same day, a strike on Maarat a week later).
"""

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

from cli_helpers import flat, run_cli
from marsad.document import Document
from marsad.pipeline import Pipeline
from marsad.store import corroboration
from marsad.store.queries import open_store
from marsad.web.app import create_app
from marsad.web.store_source import StoreSource
from store_corpus import write_old_version_store

FIXTURE = Path(__file__).parent / "fixtures" / "corroboration37" / "articles.jsonl"
TOKEN = "t" * 32


@pytest.fixture(scope="module")
def analysed() -> list[dict[str, Any]]:
    """Today's analysis of the fixture's articles (one pipeline for the module)."""
    pipeline = Pipeline.build()
    out = []
    for line in FIXTURE.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        doc = Document(record["text"], source=record["source"], url=record["url"], title=record["title"],
                       published=record["published"], source_id=record["id"])
        out.append(pipeline(doc).to_dict())
    return out


def groups(db: Path) -> dict[str, int | None]:
    """``record id#row position`` → group, for every event row."""
    conn = sqlite3.connect(db)
    try:
        return {f"{rid}#{idx}": group for rid, idx, group in conn.execute(
            "SELECT d.record_id, e.idx, e.corroboration FROM events e JOIN documents d ON d.seq = e.doc_seq")}
    finally:
        conn.close()


def partition(db: Path) -> set[frozenset[str]]:
    """The groups as sets of ``record id#position`` (ids aside: what two stores can be compared by)."""
    by_group: dict[int, set[str]] = {}
    for key, group in groups(db).items():
        if group is not None:
            by_group.setdefault(group, set()).add(key)
    return {frozenset(members) for members in by_group.values()}


def group_of(db: Path, record_id: str, location: str) -> int | None:
    conn = sqlite3.connect(db)
    try:
        found = conn.execute(
            "SELECT e.corroboration FROM events e JOIN documents d ON d.seq = e.doc_seq WHERE d.record_id = ?"
            " AND e.location = ?", (record_id, location)).fetchall()
    finally:
        conn.close()
    assert found, f"no event of {record_id} at {location}: the fixture's analysis changed"
    return found[0][0]


@pytest.fixture
def store_db(tmp_path: Path, analysed: list[dict[str, Any]]) -> Path:
    db = tmp_path / "corroboration.db"
    with open_store(db) as store:
        store.add_many(analysed)
    return db


def test_acts_told_by_several_outlets_are_grouped_and_neighbours_are_not(store_db: Path) -> None:
    daraa = group_of(store_db, "sahel-2", "Dar‘ā")
    assert daraa is not None and group_of(store_db, "qalam-2", "Dar‘ā") == daraa
    assert group_of(store_db, "wadi-3", "As-Suwayda") is None  # the same day, 70 km away
    baghdad = group_of(store_db, "wadi-1", "Baghdad")
    assert baghdad is not None and group_of(store_db, "nahr-3", "Baghdad") == baghdad
    assert group_of(store_db, "sahel-3", "Damascus") is None  # another meeting the same day
    maarat = group_of(store_db, "nahr-1", "Ma‘arrat an Nu‘mān")
    assert maarat is not None
    assert group_of(store_db, "qalam-3", "Ma‘arrat an Nu‘mān") is None  # a week later: another strike
    with open_store(store_db, readonly=True) as store:
        found = store.corroboration(daraa)
    assert found is not None
    assert (found["documents"], found["outlets"]) == (2, 2)
    assert found["outlet_names"] == ["qalam-press.example", "sahel-daily.example"]
    assert {r["outlet"] for r in found["reports"]} == {"qalam-press.example", "sahel-daily.example"}


def test_a_group_never_holds_two_events_of_one_document(store_db: Path) -> None:
    conn = sqlite3.connect(store_db)
    try:
        doubled = conn.execute("SELECT corroboration, doc_seq FROM events WHERE corroboration IS NOT NULL"
                               " GROUP BY 1, 2 HAVING COUNT(*) > 1").fetchall()
        counted = conn.execute("SELECT c.documents, c.outlets, COUNT(DISTINCT e.doc_seq) FROM corroborations c"
                               " JOIN events e ON e.corroboration = c.id GROUP BY c.id").fetchall()
    finally:
        conn.close()
    assert doubled == []
    assert counted and all(documents == seen >= 2 for documents, _outlets, seen in counted)


def _event(id_: int, doc: int, type_: str = "ASSAULT", date: str = "2026-11-20", actor: str | None = None,
           actor_id: str | None = None, target_id: str | None = None, place: str | None = "geonames:1",
           point: tuple[float, float] | None = (35.0, 36.0), precision: int | None = 1,
           admin1: str | None = "Idlib") -> Any:
    row = (id_, doc, type_, actor, None, actor_id, target_id, place, "SY", admin1, *(point or (None, None)),
           precision, date, None)
    return corroboration._event(row)


def test_the_rule_asks_agreement_and_refuses_contradiction() -> None:
    agreement = corroboration.agreement
    assert agreement(_event(2, 2), _event(1, 1)) == 2  # the same town, the same day
    assert agreement(_event(2, 1), _event(1, 1)) is None  # one document: the extraction's work
    assert agreement(_event(2, 2, date="2026-11-21"), _event(1, 1)) == 2  # "yesterday", the next morning
    assert agreement(_event(2, 2, date="2026-11-22"), _event(1, 1)) is None  # two days apart
    assert agreement(_event(2, 2, type_="PROTEST"), _event(1, 1)) is None
    assert agreement(_event(2, 2, actor_id="actor:a"), _event(1, 1, actor_id="actor:b")) is None
    assert agreement(_event(2, 2, target_id="SY"), _event(1, 1, target_id="IQ")) is None
    # another town 10 km off is near; 60 km off is another place
    assert agreement(_event(2, 2, place="geonames:2", point=(35.09, 36.0)), _event(1, 1)) == 2
    assert agreement(_event(2, 2, place="geonames:2", point=(35.54, 36.0)), _event(1, 1)) is None
    # a province and a town in it agree a little: the actor must agree too
    province = {"place": "admin1:SY.12", "point": (35.8, 36.6), "precision": 3}
    assert agreement(_event(2, 2, **province), _event(1, 1)) == 1
    assert agreement(_event(2, 2, actor="طائرات روسية", **province), _event(1, 1, actor="طائرات روسية")) == 2
    assert agreement(_event(2, 2, admin1="Aleppo", **province), _event(1, 1)) is None
    assert _event(1, 1, date="2026-11") is None  # a month only: too vague to group


def test_ingested_run_by_run_the_groups_are_those_of_a_rebuild(tmp_path: Path, analysed: list[dict[str, Any]]
                                                                 ) -> None:
    db = tmp_path / "runs.db"
    with open_store(db) as store:
        for doc in analysed:  # one transaction per article, as a feed followed day by day
            store.add_many([doc])
    incremental = partition(db)
    with open_store(db) as store:
        store.regroup()
    assert incremental and partition(db) == incremental


def test_a_schema_11_store_is_upgraded_with_its_events_grouped(tmp_path: Path, analysed: list[dict[str, Any]]
                                                               ) -> None:
    fresh = tmp_path / "fresh.db"
    with open_store(fresh) as store:
        store.add_many(analysed)
    old = tmp_path / "v11.db"
    write_old_version_store(old, analysed, 11)
    conn = sqlite3.connect(old)
    columns = {row[1] for row in conn.execute("PRAGMA table_info(events)")}
    kept = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    conn.close()
    assert "corroboration" not in columns
    with open_store(old) as store:
        assert store.stats()["schema_version"] == 12
        assert store.count_documents() == len(analysed) and store.count_events() == kept
    assert partition(old) == partition(fresh) != set()


def test_reanalyze_groups_anew(store_db: Path) -> None:
    before = partition(store_db)
    code, out, err = run_cli("reanalyze", "--db", str(store_db), "--all")
    assert code == 0, out + err
    assert partition(store_db) == before


def test_cli_min_outlets_keeps_the_acts_several_outlets_tell(store_db: Path) -> None:
    code, out, _ = run_cli("events", "--db", str(store_db), "--format", "json")
    assert code == 0
    every = json.loads(out)
    code, out, _ = run_cli("events", "--db", str(store_db), "--min-outlets", "2", "--format", "json")
    assert code == 0
    told = json.loads(out)
    assert 0 < len(told) < len(every)
    assert all(e["outlets_count"] >= 2 and len(e["corroborating_outlets"]) >= 2 for e in told)
    assert all(e["outlets_count"] == 1 and e["corroboration_id"] is None for e in every if e not in told)
    daraa = [e for e in told if e["location"] == "Dar‘ā"]
    assert len(daraa) == 2 and daraa[0]["corroboration_id"] == daraa[1]["corroboration_id"]
    code, out, _ = run_cli("events", "--db", str(store_db), "--min-outlets", "2")
    assert code == 0 and "outlets" in out and "how many outlets tell the event" in flat(out)
    code, out, err = run_cli("events", "--db", str(store_db), "--min-outlets", "0")
    assert code == 2 and "--min-outlets" in flat(err) and "Traceback" not in err


def test_csv_export_says_how_many_outlets_tell_each_event(store_db: Path) -> None:
    code, out, _ = run_cli("events", "--db", str(store_db), "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    baghdad = [r for r in rows if r["location"] == "Baghdad"]
    assert {r["outlets_count"] for r in baghdad} == {"2"}
    assert json.loads(baghdad[0]["corroborating_outlets"]) == ["nahr-news.example", "wadi-times.example"]
    assert {r["outlets_count"] for r in rows if r["location"] == "Damascus"} == {"1"}


@pytest.fixture
def client(store_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(store_db, token=TOKEN, source=StoreSource(store_db))) as test_client:
        yield test_client


def test_api_filters_by_outlets_and_the_event_says_who_else_tells_it(client: TestClient) -> None:
    every = client.get("/api/events", params={"limit": 200}).json()
    told = client.get("/api/events", params={"limit": 200, "min_outlets": 2}).json()
    assert 0 < told["total"] < every["total"]
    assert all(e["outlets"] >= 2 and e["corroboration"] for e in told["items"])
    daraa = next(e for e in told["items"] if e["outlet"] == "sahel-daily.example" and e["type"] == "PROTEST")
    detail = client.get(f"/api/events/{daraa['document_id']}/{daraa['id']}").json()
    assert detail["told_by"]["outlets"] == 2
    assert {r["outlet"] for r in detail["told_by"]["reports"]} == {"sahel-daily.example", "qalam-press.example"}
    group = client.get(f"/api/corroborations/{daraa['corroboration']}").json()
    assert group["id"] == daraa["corroboration"] and group["documents"] == 2
    missing = client.get("/api/corroborations/999999")
    assert missing.status_code == 404
    assert client.get("/api/events", params={"min_outlets": 0}).status_code == 422
    csv_text = client.get("/api/events.csv", params={"min_outlets": 2}).text
    rows = list(csv.DictReader(io.StringIO(csv_text.removeprefix("\ufeff"))))
    assert rows and all(int(r["outlets_count"]) >= 2 and r["corroboration_id"] for r in rows)


class _Everyone(corroboration._Pool):
    """The rule as written, by brute force: every earlier event a candidate, every member of a group
    compared with the newcomer (what the pool's keys and group summaries must not change)."""

    def candidates(self, e: Any) -> Iterator[Any]:
        return (c for c in self.events.values() if c.id < e.id and c.doc != e.doc)

    def best(self, e: Any) -> tuple[int, int | None] | None:
        agreement = corroboration.agreement
        scored = sorted((-score, abs((e.day - c.day).days), c.id) for c in self.candidates(e)
                        if (score := agreement(e, c)) is not None and score >= corroboration.MIN_AGREEMENT)
        for *_, partner in scored:
            group = self.group_of[partner]
            if group is None:
                return partner, None
            members = [self.events[i] for i, g in self.group_of.items() if g == group]
            if all(m.doc != e.doc and agreement(e, m) is not None for m in members):
                return partner, group
        return None


def _grouped(pool: corroboration._Pool, events: list[Any]) -> dict[int, int | None]:
    for e in events:
        pool.add(e)
    made = 0
    for e in events:
        found = pool.best(e)
        if found is None or pool.group_of[e.id] is not None:
            continue
        partner, group = found
        if group is None:
            made += 1
            group = made
        pool.join(e, group, pool.events[partner])
    return dict(pool.group_of)


def test_the_pools_look_up_by_key_finds_every_candidate_that_can_agree() -> None:
    import random

    rng = random.Random(37)
    towns = [(f"geonames:{n}", (35.0 + rng.uniform(-0.6, 0.6), 36.5 + rng.uniform(-0.6, 0.6))) for n in range(8)]
    events = []
    for id_ in range(1, 400):
        kind = rng.random()
        if kind < 0.6:
            place, point = rng.choice(towns)
            where = {"place": place, "point": point, "precision": 1}
        elif kind < 0.8:
            where = {"place": "admin1:SY.12", "point": (35.8, 36.6), "precision": 3}
        else:
            where = {"place": None, "point": None, "precision": None}
        events.append(_event(id_, rng.randrange(60), type_=rng.choice(("ASSAULT", "PROTEST")),
                             date=f"2026-11-{rng.randrange(20, 24)}", actor=rng.choice((None, "قوات", "مسلحون")),
                             actor_id=rng.choice((None, None, "actor:a", "actor:b")),
                             target_id=rng.choice((None, None, "SY")), **where))
    keyed = _grouped(corroboration._Pool(), events)
    assert sum(g is not None for g in keyed.values()) > 100
    assert keyed == _grouped(_Everyone(), events)
