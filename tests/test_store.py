"""The SQLite store: idempotent writes, full document round-trip, search, clustering, merged events."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from marsad.document import Document, Entity, Event, Place, Repair
from marsad.store import EventFilters, Store, open_store
from marsad.store.db import StoreError
from marsad.store.fts import EmptyQueryError
from marsad.store.queries import DocumentFilters
from marsad.store.schema import LATEST_VERSION
from marsad.text.normalize import normalize
from store_corpus import article, syndicated, write_version_1_store


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    return open_store(tmp_path / "marsad.db")


def _event(doc: Document, trigger: str, **overrides: object) -> Event:
    start = doc.text.index(trigger)
    fields: dict[str, object] = {
        "type": "ASSAULT", "mode": "aerial", "trigger": {"start": start, "end": start + len(trigger), "text": trigger},
        "actor": {"text": "الجيش"}, "target": {"text": "فصيل مسلح"},
        "place": {"name": "إدلب", "country": "SY", "admin1": "Idlib", "lat": 35.93, "lon": 36.63, "precision": 2},
        "date": "2019-12-10", "status": "claimed", "source": {"text": "المرصد"}, "chain": ["المرصد", "الوكالة"],
        "figures": [{"kind": "killed", "value": 3}],
    }
    fields.update(overrides)
    return Event(**fields)  # type: ignore[arg-type]


def test_add_is_idempotent_and_round_trips_every_annotation(store: Store) -> None:
    text = "قصف الجيش مواقع في إدلب أمس.\nوقال المرصد إن الأسلـ.حة دمرت."
    doc = Document(text, url="https://example.org/a/1", source="example.org", title="قصف", published="2019-12-11")
    start = text.index("الأسلـ.حة")
    doc.repairs.append(Repair(start, start + len("الأسلـ.حة"), "الأسلـ.حة", "الأسلحة", "punctuation"))
    doc.entities.append(Entity(0, 3, "قصف", "MISC"))
    doc.places.append(Place("sy-idlib", "إدلب", "إدلب", "SY", "Idlib", 35.93, 36.63, 2, [[text.index("إدلب"), text.index("إدلب") + 4]]))
    doc.events.append(_event(doc, "قصف"))
    assert store.add_document(doc) is True
    assert store.add_document(doc) is False
    stored = store.document(doc.id)
    assert stored is not None
    expected = doc.to_dict()
    for key, value in expected.items():
        assert stored[key] == value, key
    assert stored["cluster"]["size"] == 1
    stats = store.stats()
    assert (stats["documents"], stats["repairs"], stats["entities"], stats["places"], stats["events"]) == (1, 1, 1, 1, 1)
    assert store.check() == []
    assert store.document("url:nope") is None


def test_search_folds_spelling_clitics_and_obfuscation(store: Store) -> None:
    texts = {
        "article": "ضبطت الشرطة الأسلحة في مستودع.",
        "clitic": "أعلن الفصيل تسليم عناصره وأسلحتها للجيش.",
        "obfuscated": "رصدت الطائرات حشد القوات وأسلـ.حتها قرب المدينة.",
        "hamza": "وصلت قافلة المساعدات إلى إدلب مساء الأحد.",
        "unrelated": "افتتح معرض الكتاب أبوابه للزوار في الرياض.",
    }
    ids = {}
    for name, text in texts.items():
        doc = Document(text, source=name)
        store.add_document(doc)
        ids[doc.id] = name
    found = {ids[r["id"]] for r in store.search("أسلحة")}
    assert found == {"article", "clitic", "obfuscated"}
    assert [ids[r["id"]] for r in store.search("ادلب")] == ["hamza"]
    assert store.count_search("أسلحة") == 3
    # Highlights point at the matched word in the original text.
    hit = next(r for r in store.search("ادلب"))
    start, end = hit["spans"][0]
    assert texts["hamza"][start:end] == "إدلب"
    s, e = hit["highlights"][0]
    assert hit["snippet"][s:e] == "إدلب"


def test_search_finds_the_seed_article_through_the_pipeline(store: Store, seed_text: str) -> None:
    from marsad.pipeline import Pipeline

    doc = Pipeline.build()(Document(seed_text, source="seed"))
    store.add_document(doc)
    store.add_document(Document("خبر آخر عن الطقس في عمان.", source="other"))
    for query in ("أسلحة", "ادلب"):
        assert [r["id"] for r in store.search(query)] == [doc.id], query


@pytest.mark.parametrize("query", ['"', "OR", "a AND", "NEAR(", "*", "x' OR 1=1 --", "حلب)"])
def test_search_treats_user_input_as_words_never_syntax(store: Store, query: str) -> None:
    store.add_document(Document("مدينة حلب", source="s"))
    try:
        results = store.search(query)
    except EmptyQueryError:
        return
    assert all(isinstance(r["id"], str) for r in results)


def test_empty_query_is_a_clear_error(store: Store) -> None:
    with pytest.raises(EmptyQueryError, match="nothing to search"):
        store.search("  ... ")


def test_syndicated_copies_form_one_cluster_and_their_events_merge(store: Store) -> None:
    agency = article(1) + article(2)  # a long agency copy
    copies = [Document(syndicated(agency, f"outlet {i}"), url=f"https://outlet{i}.example/x", source=f"outlet{i}",
                       published=f"2019-12-1{i}") for i in range(3)]
    other = Document(article(40) + article(41), url="https://other.example/y", source="other")
    for doc in copies:
        doc.events.append(_event(doc, "تطورات ميدانية"))
    other.events.append(_event(other, "تطورات ميدانية"))
    for doc in [*copies, other]:
        assert store.add_document(doc)
    clusters = {store.document(d.id)["cluster"]["id"] for d in copies}  # type: ignore[index]
    assert len(clusters) == 1
    assert store.document(other.id)["cluster"]["id"] not in clusters  # type: ignore[index]
    assert store.count_clusters(min_size=2) == 1
    merged = store.merged_events()
    assert sorted(e["count"] for e in merged) == [1, 3]
    big = next(e for e in merged if e["count"] == 3)
    assert sorted(r["outlet"] for r in big["reports"]) == ["outlet0", "outlet1", "outlet2"]
    assert big["status"] == "claimed" and big["fatalities"] == 3 and big["chain"] == ["المرصد", "الوكالة"]
    assert store.count_merged_events() == 2 and store.count_events() == 4


def test_events_with_different_actor_or_date_stay_apart(store: Store) -> None:
    doc = Document(article(3), source="s")
    doc.events.append(_event(doc, "تطورات ميدانية"))
    doc.events.append(_event(doc, "تطورات ميدانية", date="2019-12-11"))
    doc.events.append(_event(doc, "تطورات ميدانية", actor={"text": "الشرطة"}))
    store.add_document(doc)
    assert store.count_merged_events() == 3


def test_event_filters_are_parameters_and_fold_spelling(store: Store) -> None:
    doc = Document(article(5), source="s", published="2019-12-12")
    doc.events.append(_event(doc, "تطورات ميدانية"))
    doc.events.append(_event(doc, "تطورات ميدانية", type="PROTEST", status="confirmed", date="2019-11-01",
                             place={"name": "حلب", "country": "SY"}, actor={"text": "متظاهرون"}))
    store.add_document(doc)
    assert store.count_events(EventFilters(place="ادلب")) == 1
    assert store.count_events(EventFilters(actor="جيش")) == 1
    assert store.count_events(EventFilters(type="protest")) == 1
    assert store.count_events(EventFilters(status="confirmed")) == 1
    assert store.count_events(EventFilters(since="2019-12-01")) == 1
    assert store.count_events(EventFilters(until="2019-11-30")) == 1
    assert store.count_events(EventFilters(country="sy")) == 2
    assert store.count_events(EventFilters(actor="x' OR '1'='1")) == 0
    assert store.count_events(EventFilters(type="ASSAULT' --")) == 0
    assert store.events(EventFilters(type="ASSAULT"))[0]["location"] == "إدلب"


def test_until_keeps_every_date_that_starts_on_or_before_the_day(store: Store) -> None:
    # The bound is written for the date index; it must keep the meaning
    # "the date's first ten characters <= until" for every shape of date.
    dates = ["2019-11-29", "2019-11-30", "2019-11-30T08:00", "2019-11-30/2019-12-02", "2019-11", "2019",
             "2019-12-01", "2019-12", "2020", "2019-11-30😀"]
    doc = Document(article(6), source="s", published="2019-12-12")
    for day in dates:
        doc.events.append(_event(doc, "تطورات ميدانية", date=day))
    store.add_document(doc)
    for until in ("2019-11-30", "2019-11-29", "2019-12-01", "2018-01-01"):
        expected = sorted(d for d in dates if d[:10] <= until)
        found = sorted(e["event_date"] for e in store.events(EventFilters(until=until), limit=100))
        assert found == expected, until
        assert store.count_events(EventFilters(until=until)) == len(expected)


def test_a_version_1_store_gains_the_filter_indexes_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    write_version_1_store(path)
    with open_store(path) as old:
        doc = Document(article(7), source="s", published="2019-12-12")
        doc.events.append(_event(doc, "تطورات ميدانية"))
        old.add_document(doc)
        indexes = {r[0] for r in old.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"events_actor1", "events_actor2", "events_location", "events_place_text",
                "events_type_date", "events_status_date", "events_country_date"} <= indexes
        assert old.stats()["schema_version"] == LATEST_VERSION
        # A type filter is answered from the (type, date) index, newest first, without a sort.
        plan = " ".join(str(r[-1]) for r in old.conn.execute(
            "EXPLAIN QUERY PLAN SELECT e.id" + Store._EVENT_FROM + Store._event_where(EventFilters(type="assault"))[0]
            + " ORDER BY e.event_date DESC, e.id DESC", Store._event_where(EventFilters(type="assault"))[1]))
        assert "events_type_date" in plan and "TEMP B-TREE" not in plan
        assert old.count_events(EventFilters(type="assault")) == 1


def test_event_place_without_coordinates_takes_the_geocoded_place(store: Store) -> None:
    doc = Document("قصف في إدلب", source="s")
    doc.places.append(Place("g1", "إدلب", "Idlib", "SY", "Idlib", 35.9, 36.6, 2, [[6, 10]]))
    doc.events.append(_event(doc, "قصف", place={"name": "إدلب"}))
    store.add_document(doc)
    event = store.events()[0]
    assert (event["lat"], event["lon"], event["country"], event["place_id"]) == (35.9, 36.6, "SY", "g1")


def test_documents_places_entities_paging(store: Store) -> None:
    for i in range(5):
        doc = Document(article(i), source=f"s{i % 2}", published=f"2020-01-0{i + 1}")
        doc.entities.append(Entity(0, 5, doc.text[:5], "GPE", canonical="x"))
        doc.places.append(Place(None, "حلب", "Aleppo", "SY", None, 36.2, 37.1, 3, [[0, 1]]))
        store.add_document(doc)
    assert store.count_documents() == 5
    assert store.count_documents(DocumentFilters(source="s0")) == 3
    page = store.documents(limit=2, offset=0)
    assert [d["published"] for d in page] == ["2020-01-05", "2020-01-04"]
    assert store.documents(limit=2, offset=4)[0]["published"] == "2020-01-01"
    assert store.places()[0]["documents"] == 5 and store.count_places() == 1
    assert store.entities(type="GPE")[0]["documents"] == 5 and store.count_entities() == 1


def test_add_analysed_rejects_a_non_document(store: Store) -> None:
    with pytest.raises(ValueError, match="'id' and 'text'"):
        store.add_analysed({"title": "no text"})
    assert store.count_documents() == 0


def test_foreign_and_newer_databases_are_refused(tmp_path: Path) -> None:
    foreign = tmp_path / "other.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(StoreError, match="not created by Marsad"):
        open_store(foreign)
    newer = tmp_path / "newer.db"
    open_store(newer).close()
    with sqlite3.connect(newer) as conn:
        conn.execute("INSERT INTO schema_version (version) VALUES (99)")
    with pytest.raises(StoreError, match="newer"):
        open_store(newer)
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError):
        open_store(garbage)
    with pytest.raises(StoreError, match="no database"):
        open_store(tmp_path / "missing.db", readonly=True)


def test_reopening_keeps_data_and_version(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    with open_store(path) as first:
        first.add_document(Document("نص أول", source="s"))
    with open_store(path) as again:
        assert again.stats()["schema_version"] == LATEST_VERSION and again.count_documents() == 1
    with open_store(path, readonly=True) as ro:
        assert ro.search(normalize("نص"))[0]["source"] == "s"


def test_templated_texts_weeks_apart_are_different_stories(store: Store) -> None:
    template = article(11) + article(12)
    dates = ["2015-07-01", "2015-07-02", "2015-07-20", "2015-07-21"]
    docs = [Document(syndicated(template, f"o{i}"), source=f"o{i}", published=day) for i, day in enumerate(dates)]
    for doc in docs:
        store.add_document(doc)
    clusters = [store.document(d.id)["cluster"]["id"] for d in docs]  # type: ignore[index]
    assert clusters[0] == clusters[1] and clusters[2] == clusters[3] and clusters[0] != clusters[2]
    assert store.recluster() == 2
    assert store.check() == []
    again = [store.document(d.id)["cluster"]["id"] for d in docs]  # type: ignore[index]
    assert again[0] == again[1] and again[2] == again[3] and again[0] != again[2]


def test_event_place_with_a_point_takes_country_and_precision_from_the_geocoded_place(store: Store) -> None:
    doc = Document("قصف في إدلب", source="s")
    doc.places.append(Place("g1", "إدلب", "Idlib", "SY", "Idlib", 35.9, 36.6, 2, [[6, 10]]))
    doc.events.append(_event(doc, "قصف", place={"name": "Idlib", "id": "g1", "lat": 35.9, "lon": 36.6, "text": "إدلب"},
                             status="asserted"))
    store.add_document(doc)
    event = store.events()[0]
    assert (event["country"], event["admin1"], event["geo_precision"], event["location"]) == ("SY", "Idlib", 2, "Idlib")
    assert store.merged_events()[0]["status"] == "asserted"


def test_rebuild_events_rederives_rows_from_the_stored_records(store: Store) -> None:
    doc = Document(article(2), source="s")
    doc.events.append(_event(doc, "تطورات ميدانية"))
    store.add_document(doc)
    store.conn.execute("UPDATE events SET country = NULL, event_type = 'WRONG'")
    assert store.rebuild_events() == 1
    event = store.events()[0]
    assert (event["event_type"], event["country"]) == ("ASSAULT", "SY")


def test_documents_without_words_are_not_one_story(store: Store) -> None:
    docs = [Document("", url=f"https://x.example/{i}", source="x", published="2015-07-21") for i in range(3)]
    for doc in docs:
        store.add_document(doc)
    assert len({store.document(d.id)["cluster"]["id"] for d in docs}) == 3  # type: ignore[index]
    assert store.count_clusters(min_size=2) == 0 and store.check() == []


def test_a_repaired_word_is_highlighted_in_the_original_text(store: Store) -> None:
    text = "رصدت الطائرات في حلب حشد القوات وأسلـ.حتها قرب المدينة."
    doc = Document(text, source="s")
    start = text.index("أسلـ.حتها")
    doc.repairs.append(Repair(start, start + len("أسلـ.حتها"), "أسلـ.حتها", "أسلحتها", "punctuation"))
    store.add_document(doc)
    hit = store.search("أسلحة حلب")[0]
    surfaces = [text[s:e] for s, e in hit["spans"]]
    assert surfaces == ["حلب", "وأسلـ.حتها"]
    assert [hit["snippet"][s:e] for s, e in hit["highlights"]] == surfaces


def test_event_place_filter_matches_the_article_spelling(tmp_path: Path, seed_doc: Document) -> None:
    """`--place حلب` finds the seed's events at Aleppo, as `--place Aleppo` does."""
    store = open_store(tmp_path / "seed.db")
    try:
        store.add_document(seed_doc)
        arabic = [(e["event_type"], e["id"]) for e in store.events(EventFilters(place="حلب"), limit=50)]
        english = [(e["event_type"], e["id"]) for e in store.events(EventFilters(place="Aleppo"), limit=50)]
        assert "MOBILIZE" in {kind for kind, _ in arabic}
        assert set(arabic) <= set(english)
        assert store.count_events(EventFilters(place="دمشق")) < store.count_events()
    finally:
        store.close()
