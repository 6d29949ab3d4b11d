"""An analyst following three feeds day after day (round 35, branch ux35), through the doors such a user
takes, on material written for the trial (tests/fixtures/feeds35: four mornings of an RSS feed with full
texts, an Atom feed of summaries and an RSS feed with a title-only item, and the saved pages they link to).

What was wrong before, each checked here:

- a stored article read again with other words (the Atom feed's item corrected overnight, same link; the
  full page of an item first stored from its summary) was counted ``unchanged`` and dropped without a
  word: it is now ``changed``, named on stderr with the day its stored copy was taken, and listed in
  ``--json`` (the stored copy is kept: an article is stored once, its offsets never move);
- "what is new since my last look" had no door: ``--since`` is the event's date, so an event of the day
  before, reported this morning, was missed.  ``--ingested-since`` (``marsad events``, ``marsad search``)
  and ``ingested_since`` (every API route taking the events' or documents' filters) keep the articles
  stored at or after a moment; ``marsad ingest`` prints the command with its run's moment;
- ``--place كفرنبل`` (every article of the story names Kafranbel; their events are placed at Idlib)
  answered "no events match" without a word, and ``--place "كفر نبل"`` was told the closest stored name
  is ``كفرنبل``, which then answered nothing: the line now says no event is placed there and where the
  events of the articles that name it are;
- a feed entry with only a title and a link was skipped as "feed entry has no text", without its title,
  link, or where its text is.

The days are simulated: after each morning's ingest the articles it stored are given that morning as
their ``ingested_at`` (the store writes the clock's time)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from cli_helpers import flat, run_cli

FIXTURES = Path(__file__).parent / "fixtures" / "feeds35"
MORNINGS = {1: "2026-11-16T06:00:00Z", 2: "2026-11-17T06:00:00Z", 3: "2026-11-18T06:00:00Z",
            4: "2026-11-19T06:00:00Z"}


def _ingest_day(db: Path, day: int) -> tuple[int, str, str]:
    feeds = sorted(str(p) for p in (FIXTURES / f"day{day}").iterdir())
    done = run_cli("ingest", "--db", str(db), *feeds)
    with sqlite3.connect(db) as conn:  # the articles this run stored were stored that morning
        conn.execute("UPDATE documents SET ingested_at = ? WHERE ingested_at > '2026-11-30'", (MORNINGS[day],))
    return done


@pytest.fixture(scope="module")
def week(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[int, tuple[int, str, str]]]:
    """The store after the four mornings, and what each morning's ``marsad ingest`` answered."""
    db = tmp_path_factory.mktemp("feeds35") / "week.db"
    return db, {day: _ingest_day(db, day) for day in MORNINGS}


def _ingest_json(db: Path, *inputs: Path) -> dict[str, object]:
    code, out, err = run_cli("ingest", "--db", str(db), "--json", *(str(p) for p in inputs))
    assert code == 0, out + err
    result: dict[str, object] = json.loads(out)
    return result


def test_a_corrected_item_is_said_changed_not_unchanged(week: tuple[Path, dict[int, tuple[int, str, str]]]) -> None:
    db, days = week
    code, out, err = days[2]
    assert code == 0, out + err
    # day 2: the Kafranbel, Hodeidah and Marib items again as they were, the Kafranbel summary corrected
    assert "2 new, 3 unchanged, 1 changed (the stored copies kept; 1 new version(s) kept beside them, each said on stderr), 0 skipped" in flat(out)
    assert ("https://sham-today.example/news/4101.html: its text differs from the copy stored on "
            "2026-11-16T06:00:00Z") in flat(err)
    summary = _ingest_json(db, FIXTURES / "day2" / "sham.atom")
    assert summary["unchanged"] == 0 and summary["new"] == 0
    assert summary["changed"] == [{"id": summary["changed"][0]["id"],  # type: ignore[index]
                                   "source": "https://sham-today.example/news/4101.html",
                                   "stored": "2026-11-16T06:00:00Z"}]
    # the stored copy is kept as it was (offsets never move)
    with sqlite3.connect(db) as conn:
        (text,) = conn.execute("SELECT text FROM documents WHERE url = ?",
                               ("https://sham-today.example/news/4101.html",)).fetchone()
    assert "ثلاثة" in text and "خمسة" not in text


def test_the_saved_page_of_a_summary_item_is_not_unchanged(
        week: tuple[Path, dict[int, tuple[int, str, str]]]) -> None:
    db, _ = week
    # The feed gave the summary; the page (same canonical link) holds the article.
    summary = _ingest_json(db, FIXTURES / "pages" / "sham-4101-v1.html")
    assert (summary["new"], summary["unchanged"], len(summary["changed"])) == (0, 0, 1)  # type: ignore[arg-type]
    # the same feed read again is unchanged, word for word
    summary = _ingest_json(db, FIXTURES / "day1" / "wadi.rss", FIXTURES / "day1" / "khaleej.rss")
    assert (summary["new"], summary["unchanged"], summary["changed"]) == (0, 3, [])


def _events(db: Path, *options: str) -> list[dict[str, object]]:
    code, out, err = run_cli("events", "--db", str(db), *options, "--json")
    assert code == 0, out + err
    return [json.loads(line) for line in out.splitlines()]


def test_what_is_new_since_the_last_look(week: tuple[Path, dict[int, tuple[int, str, str]]]) -> None:
    db, days = week
    with sqlite3.connect(db) as conn:
        fourth = {row[0] for row in conn.execute("SELECT id FROM documents WHERE ingested_at >= '2026-11-19'")}
    assert len(fourth) == 2  # the Daraa clashes, by two outlets
    new = _events(db, "--ingested-since", "2026-11-19")
    expected = [e["event_id"] for e in _events(db) if e["document_id"] in fourth]
    assert new and [e["event_id"] for e in new] == expected
    # --since is the event's date: the clashes of Wednesday night, reported on Thursday, are not in it
    by_date = {e["event_id"] for e in _events(db, "--since", "2026-11-19")}
    assert any(e["event_date"] == "2026-11-18" and e["event_id"] not in by_date for e in new)
    # a time, with its offset; a moment after the last ingest keeps nothing
    assert _events(db, "--ingested-since", "2026-11-19T08:59+03:00") == new
    assert _events(db, "--ingested-since", "2026-11-19T06:00:01Z") == []
    # each morning's ingest printed the command for its articles, with its run's moment
    code, out, _ = days[4]
    assert "the events of this run's articles: marsad events --db" in flat(out) and "--ingested-since 20" in out
    code, out, err = run_cli("events", "--db", str(db), "--ingested-since", "yesterday")
    assert code == 2 and "'yesterday' is not a day or a time: use YYYY-MM-DD or YYYY-MM-DDTHH:MM" in flat(err)
    code, out, _ = run_cli("search", "--db", str(db), "درعا", "--ingested-since", "2026-11-19", "--json")
    assert code == 0 and {json.loads(line)["id"] for line in out.splitlines()} == fourth
    code, out, _ = run_cli("quotes", "--db", str(db), "--ingested-since", "2026-11-19", "--format", "jsonl")
    quoted = [json.loads(line)["document_id"] for line in out.splitlines()]
    assert code == 0 and quoted and set(quoted) <= fourth


def test_the_api_takes_ingested_since(week: tuple[Path, dict[int, tuple[int, str, str]]]) -> None:
    from fastapi.testclient import TestClient

    from marsad.web.app import create_app

    db, _ = week
    client = TestClient(create_app(str(db)))
    cli = _events(db, "--ingested-since", "2026-11-19")
    answer = client.get("/api/events", params={"ingested_since": "2026-11-19"})
    assert answer.status_code == 200
    assert answer.json()["total"] == sum(int(str(e["reports_count"])) for e in cli)
    counts = client.get("/api/events/counts", params={"ingested_since": "2026-11-19", "by": "type"}).json()
    assert counts["events"] == len(cli)
    documents = client.get("/api/documents", params={"ingested_since": "2026-11-19T06:00:00Z"}).json()
    assert documents["total"] == 2
    quotes = client.get("/api/quotes", params={"ingested_since": "2026-11-19"}).json()
    everything = client.get("/api/quotes").json()
    assert 0 < quotes["total"] < everything["total"]
    refused = client.get("/api/events", params={"ingested_since": "last week"})
    assert refused.status_code == 422 and "is not a day or a time" in refused.json()["error"]["message"]


def test_a_title_only_entry_says_what_it_has_and_where_its_text_is(
        week: tuple[Path, dict[int, tuple[int, str, str]]]) -> None:
    db, days = week
    code, _, err = days[3]
    assert code == 1  # the broken entry and the title-only one are skipped, each said
    assert ("khaleej.rss#1: feed entry has no text; it has only its title 'انفجار عبوة ناسفة في عدن' and link "
            "https://khaleej-post.example/yemen/2026-11-18-aden; ingest its page") in flat(err)
    assert "wadi.rss#2: feed entry has no text" in flat(err)  # no title, no link: nothing more to say
    summary = _ingest_json(db, FIXTURES / "pages" / "khaleej-aden.html")
    assert summary["new"] == 1


def test_a_place_the_articles_name_but_no_event_is_placed_at_is_said(
        week: tuple[Path, dict[int, tuple[int, str, str]]]) -> None:
    db, _ = week
    for place in ("كفرنبل", "Kafranbel"):
        code, out, err = run_cli("events", "--db", str(db), "--place", place)
        assert code == 0 and "no events match" in out
        assert (f"no event is placed at '{place}'; the events of the 2 article(s) that name it are placed at: "
                "Idlib (marsad search كفرنبل finds the articles)") in flat(err)
    # a place with events, the other filters leaving nothing: no line, as before
    code, out, err = run_cli("events", "--db", str(db), "--place", "Idlib", "--type", "PROTEST")
    assert code == 0 and "no events match" in out and err == ""
