"""What round 35's feed-following trial (branch ux35) found and left, fixed in round 35 (branch ux35b), through
the doors an analyst takes; articles written for the test.

- ``marsad search "كفر نبل"`` found nothing while ``كفرنبل`` found the articles: a name written with or
  without the space between its parts now finds the same articles (a query word is also looked for as
  two words, two words also as one), with the words it matched highlighted at their offsets;
- ``/api/documents`` and ``/api/search`` did not give each article's storing time (``ingested_at``), which
  a list filtered by ``ingested_since`` is about."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_helpers import run_cli

ARTICLES = {
    "joined.txt": "قصف على كفرنبل\n\nقتل ثلاثة مدنيين بقصف مدفعي على بلدة كفرنبل جنوب إدلب، بحسب الدفاع المدني.\n",
    "apart.txt": "قافلة إلى كفر نبل\n\nدخلت قافلة مساعدات أممية إلى قرية كفر نبل في ريف إدلب صباح اليوم.\n",
    "other.txt": "الأمم المتحدة قلقة\n\nقالت الأمم المتحدة إن حدة المعارك في الشمال تزداد، وإن نبل الغاية لا يكفي.\n",
}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("apart")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    path = folder / "a.db"
    code, out, err = run_cli("ingest", "--db", str(path), "--stages", "boilerplate,repair",
                             *(str(folder / name) for name in ARTICLES))
    assert code == 0, out + err
    return path


def _search(db: Path, query: str) -> dict[str, dict[str, object]]:
    code, out, err = run_cli("search", "--db", str(db), "--json", query)
    assert code in (0, 1), out + err
    return {Path(str(item["source"])).name: item for item in map(json.loads, out.splitlines())}


def _highlighted(item: dict[str, object]) -> list[str]:
    snippet = str(item["snippet"])
    return [snippet[start:end] for start, end in item["highlights"]]  # type: ignore[attr-defined]


@pytest.mark.parametrize("query", ["كفرنبل", "كفر نبل", '"كفر نبل"'])
def test_a_name_written_with_or_without_its_space_finds_the_same_articles(db: Path, query: str) -> None:
    found = _search(db, query)
    assert sorted(found) == ["apart.txt", "joined.txt"]
    # the words matched are highlighted (in the title line, then the body), as the article wrote them
    assert _highlighted(found["joined.txt"]) == ["كفرنبل"] * 2
    assert _highlighted(found["apart.txt"]) == ["كفر", "نبل"] * 2


def test_the_matched_spans_are_offsets_into_the_stored_text(db: Path) -> None:
    from fastapi.testclient import TestClient

    from marsad.web.app import create_app

    item = _search(db, "كفرنبل")["apart.txt"]
    text = TestClient(create_app(str(db))).get(f"/api/documents/{item['id']}").json()["text"]
    assert [text[s:e] for s, e in item["spans"]] == ["كفر", "نبل"] * 2  # type: ignore[attr-defined]


def test_a_word_read_in_two_parts_does_not_light_up_a_part_alone(db: Path) -> None:
    # المتحدة is not also "المت حدة": the other article's حدة, and نبل alone, stay unmarked.
    found = _search(db, "المتحدة")
    assert list(found) == ["other.txt"] and _highlighted(found["other.txt"]) == ["المتحدة"] * 2
    assert sorted(_search(db, "نبل")) == ["apart.txt", "other.txt"]  # a part alone is a word as before
    # two words still both occur, or are one word written as one (كفرالشمال is in no article)
    assert _search(db, "كفر الشمال") == {}


def test_an_excluded_name_is_excluded_written_either_way(db: Path) -> None:
    assert sorted(_search(db, "إدلب -كفرنبل")) == []
    assert sorted(_search(db, 'إدلب -"كفر نبل"')) == []


def test_the_api_finds_both_and_gives_each_document_its_storing_time(db: Path) -> None:
    from fastapi.testclient import TestClient

    from marsad.web.app import create_app

    client = TestClient(create_app(str(db)))
    for q in ("كفر نبل", "كفرنبل"):
        answer = client.get("/api/search", params={"q": q}).json()
        assert answer["total"] == 2, q
        assert all(str(item["ingested_at"]).startswith("20") for item in answer["items"])
    documents = client.get("/api/documents").json()
    assert documents["total"] == 3
    stored = {item["id"]: item["ingested_at"] for item in documents["items"]}
    for doc_id, moment in stored.items():
        assert moment and moment == client.get(f"/api/documents/{doc_id}").json()["ingested_at"]


def test_a_long_query_stays_a_bounded_expression() -> None:
    # Each joined pair repeats the query's other groups: with every neighbouring pair joined, 32 long
    # words made a 1.2 MB expression; the pairs are capped (fts.MAX_JOINED_PAIRS).
    from marsad.store import fts

    query = fts.parse_query(" ".join(["والمستشفيات", "الاستراتيجية", "بالمفاوضات", "للمتظاهرين"] * 8))
    assert len(query.joined) == fts.MAX_JOINED_PAIRS
    assert len(fts.fts_expression(query)) < 300_000
