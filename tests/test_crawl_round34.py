"""A researcher's month of crawl (round 34, branch ux34): counts of events by actor, type, place and
week, as files for pandas, R and QGIS, on fifteen short articles written for the trial
(tests/fixtures/crawl34: a JSON Lines file with three bad lines, an empty and an English record; a folder of
HTML pages; a WARC built from warc-pages.json; synthetic, invented outlets), each friction checked
through its door.

- no door counted events by week or actor: the user had to export and write pandas or SQL
  (``marsad events --count-by week,actor``);
- no export a GIS opens as a layer: CSV and Parquet hold latitude and longitude columns, but QGIS
  needs them declared (``marsad events --format geojson``: one point per located event);
- ``--actor`` promised "part of the actor's name" but an actor labelled with its canonical name was
  found only by a whole dictionary name: ``--actor الحوثي`` (the article wrote ``جماعة الحوثي``) and
  ``--actor القاعدة`` (``تنظيم القاعدة``) matched nothing, without a word."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from cli_helpers import flat, run_cli
from readers_helpers import write_warc

FIXTURES = Path(__file__).parent / "fixtures" / "crawl34"


@pytest.fixture(scope="module")
def month(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The month's store: the JSON Lines file (three bad lines), the folder of pages and the WARC in one
    `marsad ingest`, then the same crawl again (nothing stored twice)."""
    folder = tmp_path_factory.mktemp("crawl34")
    pages = json.loads((FIXTURES / "warc-pages.json").read_text(encoding="utf-8"))
    warc = write_warc(folder / "crawl.warc.gz", [(uri, page.encode("utf-8")) for uri, page in pages])
    db = folder / "month.db"
    inputs = (str(FIXTURES / "crawl.jsonl"), str(FIXTURES / "pages"), str(warc))
    code, out, err = run_cli("ingest", "--db", str(db), *inputs)
    assert code == 1, out + err  # the bad lines are reported one each, the rest stored
    assert "15 new" in out and err.count("crawl.jsonl: line") == 3
    code, out, _ = run_cli("ingest", "--db", str(db), *inputs)
    assert code == 1 and "0 new, 15 unchanged" in out
    return db


def _events(db: Path, *filters: str) -> list[dict[str, object]]:
    code, out, _ = run_cli("events", "--db", str(db), *filters, "--json")
    assert code == 0
    return [json.loads(line) for line in out.splitlines()]


def test_count_by_week_and_actor_reads_in_pandas(month: Path) -> None:
    pd = pytest.importorskip("pandas")
    listed = _events(month)
    code, out, err = run_cli("events", "--db", str(month), "--count-by", "week,actor", "--format", "csv")
    assert code == 0, err
    assert out.startswith("\ufeffweek,actor,events,reports")  # the export's BOM: Excel reads the Arabic
    counts = pd.read_csv(io.StringIO(out), encoding="utf-8-sig")
    assert counts["events"].sum() == len(listed)  # every listed event counted once
    assert counts["reports"].sum() == sum(int(str(e["reports_count"])) for e in listed)
    # weeks start on Saturday (the times stage's and ACLED's weeks): the strikes of Thursday 1 October
    # are in the week of Saturday 26 September, the Houthi shelling of Sunday 11 October in that of the 10th
    assert all(date.fromisoformat(w).weekday() == 5 for w in counts["week"].dropna())
    houthis = counts[counts["actor"] == "Houthis (Ansar Allah)"]
    assert houthis.set_index("week")["events"].to_dict() == {"2026-10-10": 3}
    strikes = counts[counts["actor"] == "طائرات حربية"]  # the wire story and its copy: one event, two reports
    assert strikes[["week", "events", "reports"]].values.tolist() == [["2026-09-26", 1, 2]]


def test_count_by_type_and_place_as_json_and_table(month: Path) -> None:
    code, out, _ = run_cli("events", "--db", str(month), "--count-by", "type,place", "--country", "YE", "--json")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows[0] == {"type": "ASSAULT", "place": "Al Ḩudaydah", "events": 2, "reports": 2}
    assert sum(r["events"] for r in rows) == len(_events(month, "--country", "YE"))
    code, out, _ = run_cli("events", "--db", str(month), "--count-by", "month,type")
    assert code == 0 and "2026-10" in out and "ASSAULT" in out and "event(s), as marsad events lists them" in out


def test_count_by_refuses_what_it_cannot_count(month: Path) -> None:
    code, out, err = run_cli("events", "--db", str(month), "--count-by", "weak")
    assert code == 2 and out == "" and "'weak' is not a field to count by; choose from: type," in flat(err)
    code, out, err = run_cli("events", "--db", str(month), "--count-by", "week", "--format", "plover")
    assert code == 2 and "--count-by writes a table, CSV, JSON or JSON Lines" in flat(err)


def test_geojson_export_is_one_point_per_located_event(month: Path, tmp_path: Path) -> None:
    listed = _events(month)
    located = [e for e in listed if e["latitude"] is not None and e["longitude"] is not None]
    assert 0 < len(located) < len(listed)
    target = tmp_path / "events.geojson"
    code, _, err = run_cli("events", "--db", str(month), "--format", "geojson", "--out", str(target))
    assert code == 0
    assert f"{len(listed) - len(located)} of {len(listed)} events have no coordinates" in flat(err)
    collection = json.loads(target.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert len(features) == len(located)
    for feature, event in zip(features, located, strict=True):
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]  # RFC 7946: longitude first
        assert (lon, lat) == (event["longitude"], event["latitude"]) and -180 <= lon <= 180 and -90 <= lat <= 90
        assert feature["properties"]["event_id"] == event["event_id"] == feature["id"]
        assert feature["properties"]["location"] == event["location"]
    # one point per event; the syndicated strikes on Maarat al-Numan are one feature with two reports
    maarat = [f for f in features if f["properties"]["location"] == "Ma‘arrat an Nu‘mān"]
    assert [f["properties"]["reports_count"] for f in maarat] == [2]


@pytest.mark.parametrize(("part", "whole"), [("الحوثي", "الحوثيين"), ("القاعدة", "al-Qaeda")])
def test_actor_found_by_part_of_its_arabic_name(month: Path, part: str, whole: str) -> None:
    found = _events(month, "--actor", part)
    assert found and found == _events(month, "--actor", whole)


def test_search_keeps_the_days_and_the_outlet_asked_for(month: Path) -> None:
    def titles(*args: str) -> list[str]:
        code, out, _ = run_cli("search", "--db", str(month), "الحوثي", *args, "--json")
        assert code in (0, 1)
        return sorted(json.loads(line)["title"] for line in out.splitlines())

    everywhere = titles()
    assert len(everywhere) == 3  # the drone of the 8th and the two reports of the Hodeidah shelling
    assert titles("--since", "2026-10-10") == sorted(t for t in everywhere if t != "التحالف يعترض طائرة مسيرة")
    assert titles("--until", "2026-10-09") == ["التحالف يعترض طائرة مسيرة"]
    assert titles("--source", "aden-times.example", "--since", "2026-10-20") == []
    code, out, err = run_cli("search", "--db", str(month), "الحوثي", "--source", "aden-times")
    assert code == 1 and "among the articles the options keep" in out
    assert "did you mean: aden-times.example" in flat(err)
    code, _, err = run_cli("search", "--db", str(month), "الحوثي", "--since", "2026-10-20", "--until", "2026-10-01")
    assert code == 2 and "is after --until" in flat(err)


def test_api_search_takes_the_documents_filters(month: Path) -> None:
    from fastapi.testclient import TestClient

    from marsad.web.app import create_app

    with TestClient(create_app(month)) as client:
        answer = client.get("/api/search", params={"q": "الحوثي", "since": "2026-10-10"})
        assert answer.status_code == 200 and answer.json()["total"] == 2
        assert {item["published"] for item in answer.json()["items"]} == {"2026-10-15"}
        assert client.get("/api/search", params={"q": "الحوثي", "source": "libya-now.example"}).json()["total"] == 0


def test_api_counts_events_as_the_cli_does(month: Path) -> None:
    from fastapi.testclient import TestClient

    from marsad.web.app import create_app

    code, out, _ = run_cli("events", "--db", str(month), "--count-by", "week,actor", "--country", "YE", "--json")
    assert code == 0
    with TestClient(create_app(month)) as client:
        answer = client.get("/api/events/counts", params={"by": "week,actor", "country": "Yemen"})
        assert answer.status_code == 200, answer.text
        counted = answer.json()
        assert counted["by"] == ["week", "actor"]
        assert counted["rows"] == [json.loads(line) for line in out.splitlines()]
        assert counted["events"] == sum(row["events"] for row in counted["rows"])
        refused = client.get("/api/events/counts", params={"by": "weak"})
        assert refused.status_code == 422 and "'weak' is not a field to count by" in refused.json()["error"]["message"]
