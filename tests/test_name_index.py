"""Entity and place lists filtered by name through the name index give the answers of the row scan they replace."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from marsad.document import Document, Entity, Place
from marsad.store import Store, browse, open_store
from marsad.store.labels import NameIndexes
from store_corpus import article

# Spellings that normalisation folds together (hamza, alef maqsura, ta marbuta) and some that it does not.
ENTITY_NAMES = (
    ("بشار الأسد", "PERSON", "بشار الأسد"), ("بشار الاسد", "PERSON", None), ("الأمم المتحدة", "ORG", "الأمم المتحدة"),
    ("الامم المتحده", "ORG", None), ("تنظيم داعش", "ORG", "داعش"), ("داعش", "ORG", None),
    ("إيران", "GPE", "Iran"), ("ايران", "GPE", None), ("مستشفى القدس", "FAC", None), ("بان كي مون", "PERSON", None),
    ("Ban Ki-moon", "PERSON", "Ban Ki-moon"), ("حلب", "GPE", "Aleppo"), ("الحلبة", "LOC", None),
)
PLACES = (
    ("geo:aleppo", "حلب", "Aleppo", "SY"), ("geo:aleppo", "بحلب", "Aleppo", "SY"), (None, "الحلبة", None, None),
    ("geo:idlib", "إدلب", "Idlib", "SY"), ("geo:idlib", "ادلب", "Idlib", "SY"), ("geo:sanaa", "صنعاء", "Sanaa", "YE"),
    (None, "الرياض", "الرياض", "SA"), ("geo:iraq", "العراق", "Iraq", "IQ"), (None, "سوريا", None, "SY"),
)
QUERIES = ("الأسد", "الاسد", "أمم", "داعش", "ايران", "إيران", "Iran", "iran", "حلب", "Aleppo", "ادلب", "إدلب",
           "الرياض", "ا", "مون", "Ki", "ة", "ه", "not-there", "بحلب", "سوريا", "ق")


def _add_documents(store: Store, first: int, count: int) -> None:
    rng = random.Random(first)
    for i in range(first, first + count):
        doc = Document(article(i), source=f"s{i % 3}", published=f"2020-01-{1 + i % 28:02d}")
        for text, kind, canonical in rng.sample(ENTITY_NAMES, 4):
            doc.entities.append(Entity(0, 5, text, kind, canonical=canonical))
        for place_id, name, canonical, country in rng.sample(PLACES, 3):
            doc.places.append(Place(place_id, name, canonical, country, None, 36.0, 37.0, 3, [[0, 1]] * rng.randint(1, 3)))
        store.add_document(doc)


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    store = open_store(tmp_path / "names.db")
    _add_documents(store, 0, 40)
    return store


def test_entity_lists_through_the_index_equal_the_row_scan(store: Store) -> None:
    names = NameIndexes()
    for query in QUERIES:
        for kind in (None, "PERSON", "ORG", "GPE"):
            for limit, offset in ((100, 0), (2, 1)):
                scanned = browse.entity_list(store.conn, query, kind, limit, offset)
                indexed = browse.entity_list(store.conn, query, kind, limit, offset, names)
                assert indexed == scanned, (query, kind, limit, offset)
    # The queries find something: the comparison is not between two empty answers.
    assert browse.entity_list(store.conn, "الاسد", None, 100, 0, names)[1] == 2


def test_place_lists_through_the_index_equal_the_row_scan(store: Store) -> None:
    names = NameIndexes()
    for query in QUERIES:
        for country in (None, "SY", "sy", "YE"):
            for limit, offset in ((100, 0), (1, 1)):
                scanned = browse.place_list(store.conn, query, country, limit, offset)
                indexed = browse.place_list(store.conn, query, country, limit, offset, names)
                assert indexed == scanned, (query, country, limit, offset)
    # حلب is both a label (through Aleppo's written name) and part of الحلبة.
    assert {p["id"] for p in browse.place_list(store.conn, "حلب", None, 100, 0, names)[0]} == {"geo:aleppo", "الحلبة"}


def test_the_name_index_sees_documents_added_after_its_first_look(store: Store) -> None:
    names = NameIndexes()
    before = browse.entity_list(store.conn, "الأسد", None, 100, 0, names)
    browse.place_list(store.conn, "حلب", None, 100, 0, names)
    _add_documents(store, 40, 25)
    for query in ("الأسد", "داعش", "Ki"):
        assert browse.entity_list(store.conn, query, None, 100, 0, names) == browse.entity_list(
            store.conn, query, None, 100, 0)
    for query in ("حلب", "Idlib", "الرياض"):
        assert browse.place_list(store.conn, query, None, 100, 0, names) == browse.place_list(
            store.conn, query, None, 100, 0)
    after = browse.entity_list(store.conn, "الأسد", None, 100, 0, names)
    assert sum(e["mentions"] for e in after[0]) > sum(e["mentions"] for e in before[0])


def test_the_name_filters_are_answered_from_indexes(store: Store) -> None:
    plan = " ".join(str(row[3]) for row in store.conn.execute(
        "EXPLAIN QUERY PLAN SELECT COUNT(*) FROM entities en" + browse._ENTITY_WHERE_NAMES, ['["داعش"]', None]))
    assert "entities_key" in plan
    plan = " ".join(str(row[3]) for row in store.conn.execute(
        "EXPLAIN QUERY PLAN SELECT COUNT(*) FROM places p" + browse._PLACE_WHERE_NAMES.replace("?5", "?3"),
        ['["Aleppo"]', None, '["حلب"]']))
    assert "places_label" in plan and "places_written" in plan


def test_unfiltered_lists_and_counts_from_the_tallies_equal_the_row_scan(store: Store) -> None:
    names = NameIndexes()
    for round_ in range(2):  # the second round after more documents: the tallies read only the new rows
        for kind in (None, "PERSON", "ORG", "GPE", "NONE"):
            for limit, offset in ((100, 0), (3, 2), (5, 100)):
                scanned = browse.entity_list(store.conn, None, kind, limit, offset)
                assert browse.entity_list(store.conn, None, kind, limit, offset, names) == scanned, (kind, limit)
        for country in (None, "SY", "sy", "YE", "XX"):
            for limit, offset in ((100, 0), (2, 1)):
                scanned = browse.place_list(store.conn, None, country, limit, offset)
                assert browse.place_list(store.conn, None, country, limit, offset, names) == scanned, country
        assert store.count_entities(names=names) == browse.count_entities_by_type(store.conn, None)
        assert store.count_places(names=names) == browse.count_places_by_country(store.conn, None)
        if round_ == 0:
            before = store.count_entities(names=names), browse.place_list(store.conn, None, None, 1, 0, names)
            _add_documents(store, 40, 25)
    # More documents: the first place has more documents than it had.
    assert browse.place_list(store.conn, None, None, 1, 0, names)[0][0]["documents"] > before[1][0][0]["documents"]


def test_stats_without_merged_events_keeps_every_other_count(store: Store) -> None:
    full, light = store.stats(), store.stats(merged_events=False)
    # the counts that scan every event or every text (round 34, branch ux34b: the merged events' reports,
    # the empty and the non-Arabic documents) are left out with it
    scans = ("merged_events", "event_reports", "documents_empty", "documents_without_arabic")
    assert all(light[k] is None for k in scans) and all(full[k] is not None for k in scans)
    assert {k: v for k, v in full.items() if k not in scans} == {k: v for k, v in light.items() if k not in scans}
