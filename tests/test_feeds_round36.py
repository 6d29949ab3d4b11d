"""An analyst's week of feeds, what the store now remembers between runs (round 36, branch ux36), on the
round-35 material (tests/fixtures/feeds35: four mornings of three outlets' feeds).

What was wrong before, each checked here:

- a feed entry with no text (khaleej-post's title-only item, carried from the third morning on) failed
  again on every later run (exit 1, the same line on stderr each morning): it is now remembered with its
  reason, and a later run that meets it unchanged counts it "skipped before and not reported again" (exit
  0); a changed entry, or ``--retry-skipped``, is read and reported as the first time;
- an article its outlet corrected (sham-today's Kafranbel item, same link, three → five dead) was said
  ``changed`` each morning, the correction itself lost: its text is now kept as a version beside the
  stored one (which stays, offsets never move), listed by ``marsad document`` and ``/api/documents/{id}``
  and printed by ``marsad document ID --version N``."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from cli_helpers import flat, run_cli
from marsad.web.app import create_app

FIXTURES = Path(__file__).parent / "fixtures" / "feeds35"
KHALEEJ_ADEN = "khaleej.rss#1: feed entry has no text; it has only its title 'انفجار عبوة ناسفة في عدن'"
SHAM_4101 = "https://sham-today.example/news/4101.html"


def _day(day: int) -> list[str]:
    return sorted(str(p) for p in (FIXTURES / f"day{day}").iterdir())


def _ingest(db: Path, *inputs: str) -> tuple[int, str, str]:
    return run_cli("ingest", "--db", str(db), *inputs)


@pytest.fixture(scope="module")
def mornings(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[int, tuple[int, str, str]]]:
    db = tmp_path_factory.mktemp("feeds36") / "week.db"
    return db, {day: _ingest(db, *_day(day)) for day in (1, 2, 3, 4)}


def test_a_feed_entry_with_no_text_is_not_failed_again_while_it_is_unchanged(
        mornings: tuple[Path, dict[int, tuple[int, str, str]]]) -> None:
    db, days = mornings
    code, _, err = days[3]
    assert code == 1 and KHALEEJ_ADEN in flat(err)  # the first time: failed and said
    code, out, err = days[4]  # the same entry in the fourth morning's feed
    assert code == 0, out + err
    assert KHALEEJ_ADEN not in flat(err)
    assert ("0 skipped, 1 skipped before and not reported again (unchanged feed entries with no text, the first "
            "skipped ") in flat(out) and "--retry-skipped reports them" in flat(out)
    code, out, _ = run_cli("ingest", "--db", str(db), "--json", str(FIXTURES / "day4" / "khaleej.rss"))
    summary = json.loads(out)
    assert code == 0 and summary["failed"] == []
    (remembered,) = summary["remembered"]
    assert remembered["source"].endswith("day4/khaleej.rss#1") and "انفجار عبوة ناسفة في عدن" in remembered["reason"]
    assert remembered["first_failed"] <= summary["started"]
    # asked for, it is read and reported as the first time
    code, _, err = _ingest(db, "--retry-skipped", str(FIXTURES / "day4" / "khaleej.rss"))
    assert code == 1 and KHALEEJ_ADEN in flat(err)


def test_a_changed_entry_is_read_again_and_an_unchanged_one_not(
        mornings: tuple[Path, dict[int, tuple[int, str, str]]], tmp_path: Path) -> None:
    db, _ = mornings
    code, out, err = _ingest(db, str(FIXTURES / "day4" / "khaleej.rss"))
    assert code == 0 and "1 skipped before and not reported again" in flat(out), out + err
    feed = (FIXTURES / "day4" / "khaleej.rss").read_text(encoding="utf-8")
    retitled = tmp_path / "khaleej.rss"
    retitled.write_text(feed.replace("انفجار عبوة ناسفة في عدن", "انفجار عبوة ناسفة في مدينة عدن"), encoding="utf-8")
    code, _, err = _ingest(db, str(retitled))
    assert code == 1 and "khaleej.rss#1: feed entry has no text; it has only its title 'انفجار عبوة ناسفة في مدينة عدن'" \
        in flat(err)
    # the entry now with its text: a document like any other
    texted = tmp_path / "texted.rss"
    texted.write_text(feed.replace("<guid isPermaLink=\"false\">kp-88201</guid>", "<guid isPermaLink=\"false\">"
                                   "kp-88201</guid><description>انفجرت عبوة ناسفة صباح اليوم قرب سوق في مدينة عدن "
                                   "دون أن تسفر عن إصابات، بحسب مصدر أمني.</description>"), encoding="utf-8")
    code, out, err = _ingest(db, str(texted))
    assert code == 0 and "1 new" in flat(out) and "skipped before" not in flat(out), out + err


def _kafranbel_id(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        (doc_id,) = conn.execute("SELECT id FROM documents WHERE url = ?", (SHAM_4101,)).fetchone()
    return str(doc_id)


def test_a_corrected_article_keeps_its_correction_as_a_version(
        mornings: tuple[Path, dict[int, tuple[int, str, str]]]) -> None:
    db, days = mornings
    doc_id = _kafranbel_id(db)
    code, out, err = days[2]
    assert code == 0 and "1 changed (the stored copies kept; 1 new version(s) kept beside them" in flat(out)
    assert f"this text is kept as a version beside it: marsad document --db {db} {doc_id}" in flat(err)
    code, out, _ = run_cli("document", "--db", str(db), doc_id)
    assert code == 0 and "the text above is the one analysed, 1 later version(s) kept:" in flat(out)
    assert f"from {SHAM_4101}" in flat(out) and f"marsad document --db {db} {doc_id} --version 1" in flat(out)
    code, out, _ = run_cli("document", "--db", str(db), doc_id, "--version", "1")
    assert code == 0 and out.startswith("ارتفع إلى خمسة عدد المدنيين") and "تصحيح" in out
    code, _, err = run_cli("document", "--db", str(db), doc_id, "--version", "2")
    assert code == 1 and "has no version 2: its versions are 1 to 1" in flat(err)
    # the stored text, the one analysed, is as it was
    code, out, _ = run_cli("document", "--db", str(db), doc_id, "--json")
    stored = json.loads(out)
    assert "ثلاثة" in stored["text"] and "خمسة" not in stored["text"]
    (version,) = stored["versions"]  # read again on the third morning: the same wording, one version
    assert version["version"] == 1 and version["source"] == SHAM_4101 and version["last_seen"] >= version["first_seen"]
    assert version["title"] == "مقتل خمسة مدنيين بقصف على كفرنبل (محدث)"
    # the API's document
    with TestClient(create_app(str(db))) as client:
        detail = client.get(f"/api/documents/{doc_id}").json()
    assert [v["text"] for v in detail["versions"]] == [version["text"]]


def test_a_document_never_corrected_has_no_version(mornings: tuple[Path, dict[int, tuple[int, str, str]]]) -> None:
    db, _ = mornings
    with sqlite3.connect(db) as conn:
        (doc_id,) = conn.execute("SELECT id FROM documents WHERE url LIKE '%daraa%' LIMIT 1").fetchone()
    code, out, _ = run_cli("document", "--db", str(db), doc_id, "--json")
    assert code == 0 and json.loads(out)["versions"] == []
    code, _, err = run_cli("document", "--db", str(db), doc_id, "--version", "1")
    assert code == 1 and "has no version 1: it has no later version" in flat(err)


def test_stats_counts_what_the_store_remembers(mornings: tuple[Path, dict[int, tuple[int, str, str]]]) -> None:
    db, _ = mornings
    code, out, _ = run_cli("stats", "--db", str(db), "--json")
    stats = json.loads(out)
    assert code == 0 and stats["document_versions"] >= 1 and stats["skipped_entries"] >= 2  # aden, wadi's broken one
    code, out, _ = run_cli("stats", "--db", str(db))
    assert "later version(s) of corrected articles kept beside them (marsad document ID lists an article's)" in flat(out)
    assert "feed entries with no text remembered: not reported again while unchanged" in flat(out)
