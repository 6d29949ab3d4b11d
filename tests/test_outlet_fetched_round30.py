"""The outlet of a fetched page (round 30, branch ux30b): a page read from a URL, directly or as a feed
entry, is named like the same page read from a file or a WARC record: its canonical link host, else its
``og:url`` host, else the site it was read from; ``--source`` still wins.  The pages are served by a
local server on 127.0.0.1 (no traffic leaves the machine) and the fetcher's clock is faked so the
politeness delay costs no time.  Pages and feeds written for these tests."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from readers_helpers import BODY, HEADLINE, NoWaitClock, PageHandler, QuietServer, serve_locally, write_warc

PARAGRAPHS = "".join(f"<p>{line}</p>" for line in BODY.strip().split("\n"))


def _page(head: str) -> bytes:
    return (
        f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{HEADLINE}</title>{head}'
        f"</head><body><article><h1>{HEADLINE}</h1>{PARAGRAPHS}</article></body></html>"
    ).encode()


PAGES = {
    # An AMP copy on another host whose canonical link names the newspaper.
    "/amp/1": _page('<link rel="canonical" href="https://www.news-site.example/a/1">'),
    # A mobile copy that names the newspaper only by og:url.
    "/m/2": _page('<meta property="og:url" content="https://news-site.example/a/2">'),
    # A page that declares no site: the host it was read from names it.
    "/plain/3": _page('<meta property="og:site_name" content="موقع الأخبار">'),
}


class _Handler(PageHandler):
    def page(self, path: str) -> tuple[bytes, str, list[str]] | None:
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if path == "/robots.txt":
            return b"User-agent: *\nDisallow: /private\n", "text/plain", []
        if path in PAGES:
            return PAGES[path], "text/html; charset=utf-8", []
        if path == "/feed.rss":
            items = "".join(
                f"<item><title>خبر {n}</title><link>{base}{item_path}</link>"
                f"<description>نص الخلاصة للمدخل رقم {n} كما كتبه المحرر.</description></item>"
                for n, item_path in enumerate(["/amp/1", "/plain/3", "/private/4"], start=1)
            )
            return f"<rss><channel><link>{base}/</link>{items}</channel></rss>".encode(), "application/rss+xml", []
        return None


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    yield from serve_locally(QuietServer(("127.0.0.1", 0), _Handler))


@pytest.fixture(autouse=True)
def _no_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    import marsad.readers.fetch as fetch_module

    monkeypatch.setattr(fetch_module, "time", NoWaitClock())


def _analysed(*inputs: str, extra: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    done = CliRunner().invoke(
        app, ["analyze", "--json", "--stages", "boilerplate", "--allow-private", *extra, *inputs]
    )
    assert done.exit_code == 0, done.output
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def _origins(doc: dict[str, Any]) -> list[str]:
    return [note["message"] for note in doc.get("notes", []) if note["kind"] == "origin"]


def test_a_fetched_page_is_named_by_its_canonical_link_then_og_url_then_its_host(server: str) -> None:
    docs = _analysed(f"{server}/amp/1", f"{server}/m/2", f"{server}/plain/3")
    assert [d["source"] for d in docs] == ["news-site.example", "news-site.example", "127.0.0.1"]
    # Where it was read stays as an origin note when the page named another site; the URL stays the
    # one fetched.
    assert _origins(docs[0]) == [f"read from {server}/amp/1"]
    assert docs[0]["url"] == f"{server}/amp/1"
    assert _origins(docs[2]) == []  # named by the host it was read from: nothing to note



def test_the_same_pages_from_urls_files_and_a_warc_are_named_alike(server: str, tmp_path: Path) -> None:
    paths = ["/amp/1", "/m/2", "/plain/3"]
    saved = tmp_path / "saved"
    saved.mkdir()
    for n, path in enumerate(paths):
        (saved / f"{n}.html").write_bytes(PAGES[path])
    crawl = write_warc(tmp_path / "crawl.warc.gz", [(server + path, PAGES[path]) for path in paths])
    fetched = [d["source"] for d in _analysed(*(server + path for path in paths))]
    archived = [d["source"] for d in _analysed(str(crawl))]
    from_files = [d["source"] for d in _analysed(str(saved))]
    assert fetched == archived == ["news-site.example", "news-site.example", "127.0.0.1"]
    # A saved file has no host to fall back on: the page's og:site_name names the third.
    assert from_files == ["news-site.example", "news-site.example", "موقع الأخبار"]


def test_feed_entry_pages_fetched_are_named_by_their_canonical_link(server: str) -> None:
    docs = _analysed(f"{server}/feed.rss")
    # Entry 1's page declares the newspaper; entry 2's declares no site (the entry's site names it);
    # entry 3's page is refused by robots.txt, so the entry's own text is read, named by its site.
    assert [d["source"] for d in docs] == ["news-site.example", "127.0.0.1", "127.0.0.1"]
    assert [_origins(d) for d in docs] == [[f"read from {server}/feed.rss#{n}"] for n in (1, 2, 3)]


def test_source_given_on_the_command_line_wins_over_a_fetched_page_canonical(server: str) -> None:
    docs = _analysed(f"{server}/amp/1", f"{server}/feed.rss", extra=("--source", "صحيفة"))
    assert {d["source"] for d in docs} == {"صحيفة"}


def test_ingest_stores_a_fetched_page_under_its_canonical_site(server: str, tmp_path: Path) -> None:
    db = tmp_path / "fetched.db"
    done = CliRunner().invoke(
        app, ["ingest", "--db", str(db), "--json", "--allow-private", "--stages", "boilerplate",
              f"{server}/amp/1", f"{server}/plain/3"]
    )
    assert done.exit_code == 0, done.output
    with sqlite3.connect(db) as conn:
        stored = [row[0] for row in conn.execute(
            "SELECT s.name FROM documents d LEFT JOIN sources s ON s.id = d.source_id ORDER BY d.seq")]
    assert stored == ["news-site.example", "127.0.0.1"]
