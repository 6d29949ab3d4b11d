"""The API's precomputed answers: the page from memory with an ETag, and tallies equal to counting in SQL."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from marsad.store import open_store
from marsad.store.events import counts_at_places
from marsad.store.labels import NameIndexes
from marsad.store.tallies import EventTallies
from marsad.web.app import STATIC_DIR, create_app
from test_export_chunks import _mixed_dates_db


def test_the_page_is_the_file_with_an_etag_and_revalidates(tmp_path: Path) -> None:
    client = TestClient(create_app(_mixed_dates_db(tmp_path), cache=False))
    page = client.get("/")
    assert page.status_code == 200 and page.content == (STATIC_DIR / "index.html").read_bytes()
    assert page.headers["content-type"].startswith("text/html")
    tag = page.headers["etag"]
    again = client.get("/", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == tag
    assert client.get("/", headers={"If-None-Match": '"other"'}).status_code == 200


def test_stats_and_place_counts_from_tallies_follow_new_events_and_reviews(tmp_path: Path) -> None:
    db = _mixed_dates_db(tmp_path)
    tallies, names = EventTallies(), NameIndexes()

    def check() -> None:
        with open_store(db, readonly=True) as store:
            from_tallies = store.stats(tallies=tallies)
            counted = store.stats()
            assert from_tallies["events_by_type"] == counted["events_by_type"]
            assert list(from_tallies["events_by_type"].items()) == list(counted["events_by_type"].items())
            assert from_tallies["events_by_status"] == counted["events_by_status"]
            keys = [r[0] for r in store.conn.execute("SELECT DISTINCT COALESCE(place_id, location) FROM events")
                    if r[0] is not None] + ["nowhere"]
            assert names.place_events.counts(store.conn, keys) == counts_at_places(store.conn, keys)
            assert sum(counts_at_places(store.conn, keys).values()) > 0

    check()
    with open_store(db) as store:  # more events: a third document
        doc = store.document(store.documents(limit=1)[0]["id"])
        assert doc is not None
        from marsad.document import Document

        copy = Document.from_dict({k: v for k, v in doc.items() if k not in ("cluster", "ingested_at")}
                                  | {"id": "another", "url": "https://k9.example/b"})
        store.add_document(copy)
    check()
    with open_store(db) as store:  # a review changes a type, a status and a place
        first = store.events(limit=1)[0]
        store.review("event", first["document"], f"i{first['idx']}", verdict=None,
                     corrections={"type": "AID", "status": "denied", "place": "حلب"}, reviewer="t")
    check()


def test_folded_names_find_what_a_scan_of_every_form_finds() -> None:
    import random

    from marsad.store.labels import FoldedNames

    rng = random.Random(5)
    alphabet = "ابتحلسي \x00"
    names = FoldedNames()
    scanned: dict[str, str] = {}
    for round_ in range(6):
        for i in range(300):
            form = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 9)))
            name = f"n{round_}-{i}"
            names.add(name, form)
            scanned[name] = form
        for _ in range(80):  # asked between additions: the joined text follows new names
            needles = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 3))) for _ in range(rng.randint(1, 3))]
            expected = [n for n, f in scanned.items() if any(x in f for x in needles)]
            assert names.containing(needles) == expected
    assert len(names) == len(scanned) and "n0-1" in names


def test_rankings_kept_up_to_date_equal_rankings_made_afresh(tmp_path: Path) -> None:
    import sqlite3

    from marsad.store.tallies import EntityTallies, PlaceTallies

    conn = sqlite3.connect(tmp_path / "t.db")
    conn.execute("CREATE TABLE entities (doc_seq INTEGER, text TEXT, canonical TEXT, type TEXT)")
    conn.execute("CREATE TABLE places (doc_seq INTEGER, place_id TEXT, name TEXT, canonical TEXT, country TEXT,"
                 " mentions INTEGER)")
    kept_entities, kept_places = EntityTallies(), PlaceTallies()
    import random

    rng = random.Random(3)
    for doc in range(1, 60):
        for _ in range(rng.randint(0, 12)):
            conn.execute("INSERT INTO entities VALUES (?, ?, NULL, ?)",
                         (doc, f"e{rng.randint(0, 25)}", rng.choice(("PERSON", "ORG", "LOC"))))
            conn.execute("INSERT INTO places VALUES (?, ?, ?, NULL, ?, ?)",
                         (doc, rng.choice((None, f"p{rng.randint(0, 9)}")), f"n{rng.randint(0, 9)}",
                          rng.choice(("sy", "IQ", None)), rng.randint(1, 3)))
        conn.commit()
        if doc % 7:
            continue
        afresh_entities, afresh_places = EntityTallies(), PlaceTallies()
        for kind in (None, "PERSON", "ORG"):
            assert kept_entities.page(conn, kind, 200, 0) == afresh_entities.page(conn, kind, 200, 0)
            assert kept_entities.page(conn, kind, 3, 2) == afresh_entities.page(conn, kind, 3, 2)
        for country in (None, "SY", "iq"):
            assert kept_places.ranked_keys(conn, country) == afresh_places.ranked_keys(conn, country)
            assert kept_places.ranked_page(conn, country, 1, 4) == afresh_places.ranked_page(conn, country, 1, 4)


def test_the_server_start_moves_its_long_lived_objects_out_of_the_collectors_sight(tmp_path: Path) -> None:
    import gc

    app = create_app(_mixed_dates_db(tmp_path), cache=False)
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    try:
        with TestClient(app) as client:  # runs the lifespan, as uvicorn does
            assert gc.get_freeze_count() > 0
            assert client.get("/api/stats").status_code == 200
        assert gc.get_freeze_count() == 0  # given back at shutdown
    finally:
        gc.unfreeze()
