"""The dashboard's timeline (publication days) and facets, through the API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from marsad.store.queries import open_store
from marsad.web.app import create_app
from marsad.web.store_source import StoreSource
from webdata import sample_documents


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    db = tmp_path / "api.db"
    docs = sample_documents()
    # A report recalling history: its event date is a year, far from the news.
    docs[0].events[2].date = "1948"
    docs[0].events[1].date = "2020-02"
    with open_store(db) as store:
        store.add_many([doc.to_dict() for doc in docs])
    with TestClient(create_app(db, source=StoreSource(db, stages=["boilerplate"]))) as test_client:
        yield test_client


def test_timeline_is_laid_on_publication_days(client: TestClient) -> None:
    body = client.get("/api/events/timeline").json()
    # The period is the news's (2020-03-04 .. 2020-03-06), not the 1948 the first article recalls.
    assert (body["first_day"], body["last_day"]) == ("2020-03-04", "2020-03-06")
    days = {(d["day"], d["type"]): d["count"] for d in body["days"]}
    assert days[("2020-03-04", "ASSAULT")] == 1 and days[("2020-03-04", "REJECT")] == 1
    assert days[("2020-03-06", "PROTEST")] == 1
    events_total = client.get("/api/events", params={"limit": 1}).json()["total"]
    assert sum(days.values()) == events_total
    articles = {a["day"]: a["count"] for a in body["articles"]}
    assert articles["2020-03-04"] == 1 and articles["2020-03-06"] == 1
    dates = {(d["date"], d["precision"]) for d in body["dates"]}
    assert ("1948", "year") in dates and ("2020-02", "month") in dates and ("2020-03-03", "day") in dates
    only = client.get("/api/events/timeline", params={"type": "PROTEST"}).json()
    assert [d["day"] for d in only["days"]] == ["2020-03-06"]
    assert (only["first_day"], only["last_day"]) == ("2020-03-06", "2020-03-06")


def test_facets_count_each_choice_under_the_other_filters(client: TestClient) -> None:
    facets = client.get("/api/events/facets").json()
    types = {f["value"]: f["count"] for f in facets["type"]}
    total = client.get("/api/events", params={"limit": 1}).json()["total"]
    assert sum(types.values()) == total
    for value, count in types.items():
        assert client.get("/api/events", params={"type": value, "limit": 1}).json()["total"] == count
    assert {f["value"] for f in facets["source"]} >= {"example"}
    # With a type chosen, the type facet still lists the others; the status facet narrows.
    picked = client.get("/api/events/facets", params={"type": "PROTEST"}).json()
    assert {f["value"]: f["count"] for f in picked["type"]} == types
    assert {f["value"]: f["count"] for f in picked["status"]} == {"asserted": 1}
