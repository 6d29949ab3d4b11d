"""A monitor's first afternoon with Marsad (round 33, branch ux33): the frictions met on seven short
articles written for the trial (tests/fixtures/monitor33: an Atom feed, an HTML page, a JSON Lines file
and a WARC built from warc-pages.json; synthetic, invented outlets), each checked through its door.

- ``marsad analyze``'s readable view wrote ``via`` + the speaker itself (``الدفاع المدني اللبناني [قال]
  via الدفاع المدني اللبناني``; the seed's ``روسيا (Russia) via Russia ← RT``);
- ``marsad events|quotes --source`` with an outlet not stored under that exact name answered "no events
  match" and nothing else;
- ``marsad events --place Hodeidah`` (the spelling of the English-language press; the gazetteer writes
  ``Al Ḩudaydah``) answered "no events match" and nothing else;
- ``--since`` after ``--until`` (CLI and API) answered an empty list; the dashboard, under a filter the
  API refuses, kept the previous answer's map, timeline and table on screen, the reason at the page's
  foot (tests/test_browser.py, ``test_a_refused_filter_hides_the_previous_results``);
- ``marsad ingest`` had no ``--published`` (``marsad analyze`` and ``marsad spark`` have it), and
  ``marsad analyze`` no ``--allow-network`` (``marsad ingest`` has it); its ``--allow-private`` help
  said it reaches link-local addresses, which the fetcher refuses."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from cli_helpers import flat, run_cli
from readers_helpers import NoWaitClock, PageHandler, QuietServer, serve_locally, write_warc

FIXTURES = Path(__file__).parent / "fixtures" / "monitor33"


@pytest.fixture(scope="module")
def trial(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The trial's store: every input kind in one `marsad ingest`, with a broken JSON Lines file."""
    folder = tmp_path_factory.mktemp("monitor33")
    pages = json.loads((FIXTURES / "warc-pages.json").read_text(encoding="utf-8"))
    warc = write_warc(folder / "crawl.warc.gz", [(uri, page.encode("utf-8")) for uri, page in pages])
    (folder / "broken.jsonl").write_text('{"id": "broken", "text": "سطر مقطوع\n', encoding="utf-8")
    db = folder / "trial.db"
    code, out, err = run_cli("ingest", "--db", str(db), str(FIXTURES / "feed.atom"), str(FIXTURES / "sit-in.html"),
                          str(FIXTURES / "articles.jsonl"), str(warc), str(folder / "broken.jsonl"))
    assert code == 1, out + err  # the broken file is reported, the rest stored
    assert "7 new" in out and "broken.jsonl: line 1" in flat(err)
    return db


def test_analyze_view_does_not_name_the_speaker_as_its_own_relay() -> None:
    code, out, _ = run_cli("analyze", str(FIXTURES / "feed.atom"))
    assert code == 0
    said = [line for line in out.splitlines() if "[قال, indirect]" in line]
    assert said and all("via" not in line for line in said), said
    code, out, _ = run_cli("analyze", "--sample")
    lines = out.splitlines()
    assert any(line.startswith("• روسيا (Russia)  [قالت, indirect]  via RT") for line in lines)
    assert not any("via Russia" in line for line in lines)
    assert any("[وشمل, indirect]  via لجنة التحقيق" in line for line in lines)  # a source that is not the speaker


@pytest.mark.parametrize("command", ["events", "quotes"])
def test_source_that_names_no_stored_outlet_is_said(trial: Path, command: str) -> None:
    code, out, err = run_cli(command, "--db", str(trial), "--source", "sanaa-post")
    assert code == 0 and "match" in out
    assert "no outlet is stored as 'sanaa-post'" in flat(err) and "did you mean: sanaa-post.example" in flat(err)
    code, out, err = run_cli(command, "--db", str(trial), "--source", "nowhere.example", "--json")
    assert code == 0 and out == ""
    assert "the stored outlets:" in flat(err) and "wire.example.net" in flat(err)
    code, out, err = run_cli(command, "--db", str(trial), "--source", "sanaa-post.example", "--json")
    assert code == 0 and "sanaa-post.example" in out and err == ""


def test_an_outlet_that_exists_but_matches_nothing_gets_no_hint(trial: Path) -> None:
    code, out, err = run_cli("events", "--db", str(trial), "--source", "sanaa-post.example", "--type", "protest")
    assert code == 0 and "no events match" in out and err == ""


def test_place_that_names_no_stored_place_is_said_with_the_closest_spellings(trial: Path) -> None:
    code, out, err = run_cli("events", "--db", str(trial), "--place", "Hodeidah")
    assert code == 0 and "no events match" in out
    assert "no stored place is named 'Hodeidah'; the closest stored names:" in flat(err) and "Al Ḩudaydah" in flat(err)
    code, out, err = run_cli("events", "--db", str(trial), "--place", "Halab", "--json")
    assert code == 0 and out == "" and err.strip() == "marsad: no stored place is named 'Halab'"
    # a stored place (the strike on El Khiam was placed in Lebanon): no event there; since round 35 the
    # line says where the events of the articles that name it are placed
    code, out, err = run_cli("events", "--db", str(trial), "--place", "الخيام")
    assert code == 0 and "no events match" in out
    assert "no event is placed at 'الخيام'; the events of the 1 article(s) that name it are placed at:" in flat(err)
    assert "Lebanon" in flat(err)
    code, out, err = run_cli("events", "--db", str(trial), "--place", "الحُديدة", "--json")  # the spelling variant
    assert code == 0 and len(out.splitlines()) == 3 and err == ""


@pytest.mark.parametrize("command", ["events", "quotes"])
def test_since_after_until_is_a_usage_error(trial: Path, command: str) -> None:
    code, out, err = run_cli(command, "--db", str(trial), "--since", "2026-11-05", "--until", "2026-11-04")
    assert code == 2 and out == ""
    assert "--since 2026-11-05 is after --until 2026-11-04" in flat(err)
    code, out, _ = run_cli(command, "--db", str(trial), "--since", "2026-11-05", "--until", "2026-11-05", "--json")
    assert code == 0 and out  # one day is a range


def test_api_since_after_until_is_refused(trial: Path) -> None:
    from fastapi.testclient import TestClient

    from marsad.web.app import create_app

    with TestClient(create_app(trial)) as client:
        for path in ("/api/events", "/api/quotes", "/api/events.csv", "/api/events/summary"):
            answer = client.get(path, params={"since": "2026-11-05", "until": "2026-11-04"})
            assert answer.status_code == 422, (path, answer.text)
            assert "is after until" in answer.json()["error"]["message"]
        assert client.get("/api/events", params={"since": "2026-11-05", "until": "2026-11-05"}).json()["total"] > 0


def test_ingest_takes_a_publication_date(tmp_path: Path) -> None:
    article = tmp_path / "daraa.txt"
    article.write_text("اشتباكات في درعا\n\nاندلعت اشتباكات عنيفة أمس في مدينة درعا جنوبي سوريا.\n", encoding="utf-8")
    db = tmp_path / "p.db"
    code, out, err = run_cli("ingest", "--db", str(db), "--published", "2026-11-09", str(article))
    assert code == 0, out + err
    code, out, _ = run_cli("events", "--db", str(db), "--json")
    days = {json.loads(line)["event_date"] for line in out.splitlines()}
    assert "2026-11-08" in days  # أمس, the day before the date given
    code, _, err = run_cli("ingest", "--db", str(db), "--published", "2026-02-30", str(article))
    assert code == 2 and "'2026-02-30' is not a date" in flat(err)


class _Page(PageHandler):
    def page(self, path: str) -> tuple[bytes, str, list[str]] | None:
        if path == "/sit-in.html":
            return (FIXTURES / "sit-in.html").read_bytes(), "text/html; charset=utf-8", []
        return None


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    import marsad.readers.fetch as fetch_module

    monkeypatch.setattr(fetch_module, "time", NoWaitClock())
    yield from serve_locally(QuietServer(("127.0.0.1", 0), _Page))


def test_analyze_takes_allow_network_as_ingest_does(server: str) -> None:
    url = f"{server}/sit-in.html"
    code, out, err = run_cli("analyze", "--json", "--stages", "boilerplate", url)
    assert code == 1 and out == "" and "refused" in flat(err)
    code, out, err = run_cli("analyze", "--json", "--stages", "boilerplate", "--allow-network", "127.0.0.1/32", url)
    assert code == 0, err
    assert json.loads(out)["title"].startswith("المعلمون يعتزمون الاعتصام")
    code, _, err = run_cli("analyze", "--allow-network", "nonsense", url)
    assert code == 2 and "not a network" in flat(err)
    _, help_text, _ = run_cli("analyze", "--help")
    assert "not link-local" in " ".join(help_text.split())
