"""Three frictions of round 34's month of crawl (branch ux34's "found, not changed"), fixed in round 34
(branch ux34b), each checked through its door on the same material (tests/fixtures/crawl34: fifteen
short articles written for the trial, a JSON Lines file with three bad lines, an empty and an English
record, a folder of HTML pages and a WARC built from warc-pages.json):

- counts of reports that disagreed: ``marsad events`` said "merged from 34 report(s) (the dashboard and
  /api/stats count reports)" while ``marsad stats`` and ``/api/stats`` counted 35 — two events of one
  article merged into one row are one report (an article's account of the event) but two stored event
  rows; every door now says which of the two it counts;
- ``marsad ingest`` counted the three bad lines as documents ("18 documents") and ``marsad stats``
  counted the empty and the English record among the documents without a word;
- GeoJSON was a CLI door only: ``/api/events.geojson`` (and ``/api/events?format=geojson``) now give
  the CLI's collection under the same filters, from the same library function."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cli_helpers import run_cli
from readers_helpers import write_warc

FIXTURES = Path(__file__).parent / "fixtures" / "crawl34"


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The month's store and what the first ``marsad ingest`` of the three inputs printed."""
    folder = tmp_path_factory.mktemp("crawl34b")
    pages = json.loads((FIXTURES / "warc-pages.json").read_text(encoding="utf-8"))
    warc = write_warc(folder / "crawl.warc.gz", [(uri, page.encode("utf-8")) for uri, page in pages])
    db = folder / "month.db"
    code, out, err = run_cli("ingest", "--db", str(db), str(FIXTURES / "crawl.jsonl"), str(FIXTURES / "pages"),
                             str(warc))
    assert code == 1, out + err  # the bad lines are reported one each (stderr), the rest stored
    return db, out


def _stats(db: Path) -> dict[str, object]:
    code, out, _ = run_cli("stats", "--db", str(db), "--json")
    assert code == 0
    result: dict[str, object] = json.loads(out)
    return result


def _listed(db: Path, *filters: str) -> list[dict[str, object]]:
    code, out, _ = run_cli("events", "--db", str(db), *filters, "--json")
    assert code == 0
    return [json.loads(line) for line in out.splitlines()]


def test_every_door_says_which_reports_it_counts(crawl: tuple[Path, str]) -> None:
    db, _ = crawl
    listed = _listed(db)
    reports = sum(int(str(e["reports_count"])) for e in listed)
    rows = sum(1 for e in listed for m in e["all_mentions"] if not m["re_mention"])  # type: ignore[attr-defined]
    stats = _stats(db)
    assert (len(listed), reports, rows) == (31, 34, 35)  # the Daraa article's two events merged into one row
    assert stats["events"] == rows and stats["merged_events"] == len(listed) and stats["event_reports"] == reports
    code, out, _ = run_cli("events", "--db", str(db))
    assert code == 0
    footer = " ".join(out.split())
    assert f"{len(listed)} event(s), merged from {reports} report(s)" in footer
    # the footer no longer says /api/stats counts reports: it counts the stored rows, and says so
    assert "count reports" not in footer and f"{rows} stored event row(s)" in footer
    code, out, _ = run_cli("stats", "--db", str(db))
    assert code == 0
    assert re.search(rf"events +{rows} +\(stored rows, one per event per article; marsad events merges them "
                     rf"into {len(listed)} events from {reports} reports\)", out), out
    code, out, _ = run_cli("events", "--db", str(db), "--count-by", "type", "--json")
    assert code == 0
    assert sum(json.loads(line)["reports"] for line in out.splitlines()) == reports

    from fastapi.testclient import TestClient

    from marsad.web.app import create_app

    with TestClient(create_app(db)) as client:
        assert client.get("/api/stats").json()["events"] == rows  # the dashboard's figure: stored event rows
        counted = client.get("/api/events/counts", params={"by": "type"}).json()
        assert (counted["events"], sum(r["reports"] for r in counted["rows"])) == (len(listed), reports)


def test_ingest_summary_counts_documents_and_skipped_lines_apart(crawl: tuple[Path, str]) -> None:
    _, out = crawl
    line = " ".join(out.split())
    assert "15 new, 0 unchanged" in line
    assert "3 skipped (3 bad lines in JSON Lines input, each said on stderr)" in line
    assert "18 documents" not in line and "; 15 documents in " in line


def test_stats_says_which_documents_have_no_arabic_text(crawl: tuple[Path, str]) -> None:
    db, _ = crawl
    stats = _stats(db)
    assert (stats["documents"], stats["documents_empty"], stats["documents_without_arabic"]) == (15, 1, 2)
    code, out, _ = run_cli("stats", "--db", str(db))
    assert code == 0
    assert re.search(r"documents +15 +\(1 empty, 2 with no Arabic letters: their notes are in marsad "
                     r"document ID\)", out), out


def test_api_gives_the_clis_geojson_under_the_same_filters(crawl: tuple[Path, str], tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from marsad.web.app import create_app

    db, _ = crawl
    target = tmp_path / "ye.geojson"
    code, _, err = run_cli("events", "--db", str(db), "--country", "YE", "--format", "geojson", "--out", str(target))
    assert code == 0, err
    cli = json.loads(target.read_text(encoding="utf-8"))
    assert cli["features"]
    with TestClient(create_app(db)) as client:
        answer = client.get("/api/events.geojson", params={"country": "Yemen"})
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"].startswith("application/geo+json")
        assert 'filename="events.geojson"' in answer.headers["content-disposition"]
        assert answer.json() == cli
        # what the map will not show, said as the CLI says it on stderr
        located = len(cli["features"])
        assert int(answer.headers["x-marsad-events-without-coordinates"]) == len(_listed(db, "--country", "YE")) - located
        redirected = client.get("/api/events", params={"format": "geojson", "country": "Yemen", "limit": 5})
        assert redirected.status_code == 200 and redirected.json() == cli
        everything = client.get("/api/events.geojson").json()
        assert len(everything["features"]) > located
