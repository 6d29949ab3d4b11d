"""Naming the outlet (round 29): ``--source`` at the command line and in ``POST /api/ingest``, a WARC
page's canonical host over its record's host, and ``marsad ingest --refresh-outlet`` for stored
documents.  Pages written for these tests."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from marsad.cli import app
from readers_helpers import BODY, HEADLINE, api_ingested_sources, read_all, write_warc

PAGE = (
    "<html><head><title>{title}</title>{head}</head><body><article><h1>{title}</h1>"
    + "".join(f"<p>{line}</p>" for line in BODY.strip().split("\n"))
    + "<p>{extra}</p></article></body></html>"
)


def page(extra: str, head: str = "") -> bytes:
    return PAGE.format(title=HEADLINE, head=head, extra=extra).encode("utf-8")



def stored_outlets(db: Path) -> list[str | None]:
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute(
            "SELECT s.name FROM documents d LEFT JOIN sources s ON s.id = d.source_id ORDER BY d.seq")]


def texts(tmp_path: Path) -> list[Path]:
    paths = []
    for n in range(2):
        path = tmp_path / "saved" / f"article-{n}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"{HEADLINE}\n{BODY}الخبر رقم {n}.\n", encoding="utf-8")
        paths.append(path)
    return paths


def test_warc_page_canonical_host_wins_over_the_record_host(tmp_path: Path) -> None:
    warc = write_warc(tmp_path / "crawl.warc.gz", [
        # an AMP cache serving the site's article, with its canonical link
        ("https://news-example-com.cdn.ampproject.org/c/s/news-example.com/a/1",
         page("خبر من ذاكرة AMP.", '<link rel="canonical" href="https://www.news-example.com/a/1">')),
        # a mobile host whose page gives only og:url
        ("https://m.news-example.com/a/2",
         page("خبر من موقع الجوال.", '<meta property="og:url" content="https://news-example.com/a/2">')),
        # og:site_name is a display name, not a host: the record's host stays the outlet
        ("https://other.example/b/3", page("خبر ثالث.", '<meta property="og:site_name" content="صحيفة أخرى">')),
    ])
    docs, failures = read_all(warc)
    assert failures == []
    assert [d.source for d in docs] == ["news-example.com", "news-example.com", "other.example"]
    assert [n.message for n in docs[0].notes if n.kind == "origin"] == [
        f"read from {warc}#1 https://news-example-com.cdn.ampproject.org/c/s/news-example.com/a/1"]


def test_analyze_source_names_the_outlet_of_every_input(tmp_path: Path) -> None:
    paths = texts(tmp_path)
    records = tmp_path / "batch.jsonl"
    records.write_text(json.dumps({"text": BODY + "ثالثة.", "source": "Record Outlet"}, ensure_ascii=False) + "\n",
                       encoding="utf-8")
    args = ["analyze", "--json", "--stages", "boilerplate", *map(str, paths), str(records)]
    before = CliRunner().invoke(app, args)
    assert [json.loads(line)["source"] for line in before.stdout.splitlines()] == [
        str(paths[0]), str(paths[1]), "Record Outlet"]
    result = CliRunner().invoke(app, [*args, "--source", " alriyadh.com "])
    assert result.exit_code == 0, result.output
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["source"] for d in docs] == ["alriyadh.com"] * 3
    # the file each was read from is kept as a note
    assert [n["message"] for n in docs[0]["notes"] if n["kind"] == "origin"] == [f"read from {paths[0]}"]
    bad = CliRunner().invoke(app, ["analyze", "--json", "--source", " -- ", str(paths[0])])
    assert bad.exit_code == 2


def test_ingest_source_then_refresh_outlet_renames_stored_documents(tmp_path: Path) -> None:
    paths = texts(tmp_path)
    db = tmp_path / "m.db"
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", "--db", str(db), "--stages", "boilerplate", "--json", str(paths[0])])
    assert first.exit_code == 0, first.output
    assert stored_outlets(db) == [str(paths[0])]
    both = [str(p) for p in paths]
    # --source names the new document's outlet; the stored one keeps its own without --refresh-outlet
    second = runner.invoke(app, ["ingest", "--db", str(db), "--stages", "boilerplate", "--json",
                                 "--source", "alriyadh.com", *both])
    assert json.loads(second.stdout)["refreshed"] == 0
    assert stored_outlets(db) == [str(paths[0]), "alriyadh.com"]
    third = runner.invoke(app, ["ingest", "--db", str(db), "--stages", "boilerplate", "--json",
                                "--source", "alriyadh.com", "--refresh-outlet", *both])
    assert third.exit_code == 0, third.output
    summary = json.loads(third.stdout)
    assert (summary["new"], summary["unchanged"], summary["refreshed"]) == (0, 2, 1)
    assert stored_outlets(db) == ["alriyadh.com", "alriyadh.com"]
    with sqlite3.connect(db) as conn:  # the path no document names any more is no outlet
        assert [r[0] for r in conn.execute("SELECT name FROM sources")] == ["alriyadh.com"]


def test_refresh_outlet_gives_stored_warc_documents_their_canonical_site(tmp_path: Path) -> None:
    from marsad.ingest import ingest
    from marsad.pipeline import Pipeline
    from marsad.store import open_store

    warc = write_warc(tmp_path / "crawl.warc.gz", [
        ("https://amp.news-example.com/a/1",
         page("خبر.", '<link rel="canonical" href="https://news-example.com/a/1">'))])
    db = tmp_path / "w.db"
    with open_store(db) as store:
        assert ingest([str(warc)], store, Pipeline.build(["boilerplate"])).new == 1
        assert store.set_outlets({"url:unknown": "x"}) == 0  # an unknown id changes nothing
        # as a store filled before round 29 had it: the record's host
        store.set_outlets({str(store.conn.execute("SELECT id FROM documents").fetchone()[0]): "amp.news-example.com"})
        assert stored_outlets(db) == ["amp.news-example.com"]
        summary = ingest([str(warc)], store, Pipeline.build(["boilerplate"]), refresh_outlets=True)
    assert (summary.new, summary.unchanged, summary.refreshed) == (0, 1, 1)
    assert stored_outlets(db) == ["news-example.com"]


def test_api_ingest_request_source_names_articles_without_their_own(tmp_path: Path) -> None:
    body = {"source": "Request Outlet", "documents": [
        {"text": BODY, "url": "https://www.api-site.example/1"},
        {"text": BODY + "ثانية.", "source": "Named Outlet"},
    ]}
    assert api_ingested_sources(tmp_path / "api.db", body) == ["Request Outlet", "Named Outlet"]
