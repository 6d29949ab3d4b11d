"""The server-side answer cache: hits for repeated reads, never a stale answer after a write."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from marsad.document import Document
from marsad.store.queries import open_store
from marsad.web.app import create_app
from marsad.web.cache import ResponseCache
from marsad.web.store_source import StoreSource
from webdata import sample_documents

TOKEN = "cache-test-token-0123456789"
NEW_ARTICLE = {"text": "قالت مصادر إن اشتباكات اندلعت في مدينة حمص يوم أمس.", "title": "اشتباكات في حمص",
               "published": "2020-03-07"}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "cache.db"
    with open_store(path) as store:
        store.add_many([doc.to_dict() for doc in sample_documents()])
    return path


@pytest.fixture
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db, token=TOKEN, source=StoreSource(db, stages=["boilerplate"]))) as test_client:
        yield test_client


def test_a_repeated_read_is_served_from_the_cache_with_the_same_body(client: TestClient) -> None:
    first = client.get("/api/search", params={"q": "دوما"})
    again = client.get("/api/search", params={"q": "دوما"})
    assert first.headers["x-marsad-cache"] == "miss" and again.headers["x-marsad-cache"] == "hit"
    assert again.content == first.content and again.json()["total"] == 1
    # Hits still carry the security headers and the API's no-store policy for browsers.
    assert again.headers["content-security-policy"].startswith("default-src 'self'")
    assert again.headers["cache-control"] == "no-store" and again.headers["content-type"] == "application/json"
    # Another query string is another answer.
    other = client.get("/api/search", params={"q": "إدلب"})
    assert other.headers["x-marsad-cache"] == "miss" and other.content != first.content


def test_the_key_is_the_known_parameters_in_a_canonical_order(client: TestClient) -> None:
    # The API ignores parameters it does not know; so does the key, and order and encoding do not matter.
    first = client.get("/api/search?q=%D8%AF%D9%88%D9%85%D8%A7&foo=1")
    assert first.headers["x-marsad-cache"] == "miss" and first.json()["total"] == 1
    for again in ("/api/search?foo=2&q=دوما", "/api/search?q=دوما", "/api/search?bar=&q=دوما&baz=x&baz=y"):
        response = client.get(again)
        assert response.headers["x-marsad-cache"] == "hit", again
        assert response.content == first.content
    filtered = {"type": "PROTEST", "status": "asserted", "limit": "5"}
    assert client.get("/api/events", params=filtered).headers["x-marsad-cache"] == "miss"
    shuffled = client.get("/api/events?limit=5&zz=1&status=asserted&type=PROTEST")
    assert shuffled.headers["x-marsad-cache"] == "hit" and shuffled.json()["total"] == 1
    # Known parameters still make distinct answers, repeated values keep their order (the last one wins).
    assert client.get("/api/events", params={**filtered, "limit": "6"}).headers["x-marsad-cache"] == "miss"
    early_late = client.get("/api/events?since=2020-01-01&since=2021-01-01")
    late_early = client.get("/api/events?since=2021-01-01&since=2020-01-01")
    assert late_early.headers["x-marsad-cache"] == "miss"
    assert early_late.json()["total"] == 0 and late_early.json()["total"] == 5
    # Path parameters and endpoint-only parameters are part of the key too.
    assert client.get("/api/stats?x=1").headers["x-marsad-cache"] == "miss"
    assert client.get("/api/stats").headers["x-marsad-cache"] == "hit"


def test_junk_parameters_cannot_fill_the_cache(client: TestClient) -> None:
    cache = client.app.state.response_cache  # type: ignore[attr-defined]
    for n in range(50):
        assert client.get(f"/api/stats?junk={n}").status_code == 200
    assert len(cache) == 1 and cache.hits == 49


def test_errors_are_never_kept(client: TestClient) -> None:
    for _ in range(2):
        response = client.get("/api/events", params={"since": "not a day"})
        assert response.status_code == 422 and response.headers["x-marsad-cache"] == "miss"
    for _ in range(2):
        assert client.get("/api/documents/no-such-id").headers["x-marsad-cache"] == "miss"


def test_an_ingest_through_the_api_drops_every_kept_answer(client: TestClient) -> None:
    assert client.get("/api/stats").json()["documents"] == 3
    assert client.get("/api/stats").headers["x-marsad-cache"] == "hit"
    assert client.get("/api/search", params={"q": "حمص"}).json()["total"] == 0
    done = client.post("/api/ingest", json={"documents": [NEW_ARTICLE]}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert done.status_code == 201, done.text
    after = client.get("/api/stats")
    assert after.headers["x-marsad-cache"] == "miss" and after.json()["documents"] == 4
    assert client.get("/api/search", params={"q": "حمص"}).json()["total"] == 1


def test_a_write_by_another_process_drops_every_kept_answer(client: TestClient, db: Path) -> None:
    assert client.get("/api/stats").json()["documents"] == 3
    assert client.get("/api/stats").headers["x-marsad-cache"] == "hit"
    with open_store(db) as writer:  # another connection, as an ingest in another process would be
        writer.add_document(Document(NEW_ARTICLE["text"], title=NEW_ARTICLE["title"], source="other"))
    after = client.get("/api/stats")
    assert after.headers["x-marsad-cache"] == "miss" and after.json()["documents"] == 4


def test_the_memory_source_drops_answers_after_an_ingest() -> None:
    app = create_app(token=TOKEN, source=StoreSource.from_documents(sample_documents()))
    with TestClient(app) as test_client:
        assert test_client.get("/api/stats").json()["documents"] == 3
        assert test_client.get("/api/stats").headers["x-marsad-cache"] == "hit"
        test_client.post("/api/ingest", json={"documents": [NEW_ARTICLE]}, headers={"Authorization": f"Bearer {TOKEN}"})
        assert test_client.get("/api/stats").json()["documents"] == 4


def test_no_cache_turns_it_off(db: Path) -> None:
    with TestClient(create_app(db, cache=False)) as test_client:
        for _ in range(2):
            response = test_client.get("/api/stats")
            assert response.status_code == 200 and "x-marsad-cache" not in response.headers


def test_the_cache_is_bounded_by_entries_and_bytes() -> None:
    from marsad.web.cache import _Answer

    version = [1]
    cache = ResponseCache(lambda: version[0], max_entries=3, max_bytes=100)
    seen = cache.version()
    for i in range(5):
        cache.put(f"k{i}".encode(), _Answer(200, (), b"x" * 10), seen)
    assert len(cache) == 3 and cache.get(b"k0") is None and cache.get(b"k4") is not None
    cache.put(b"big", _Answer(200, (), b"y" * 95), seen)  # pushes the others out to stay under 100 bytes
    assert len(cache) == 1 and cache.get(b"big") is not None
    # An answer computed under an older version is not kept.
    version[0] = 2
    cache.put(b"old", _Answer(200, (), b"z"), seen)
    assert cache.get(b"old") is None and len(cache) == 0
