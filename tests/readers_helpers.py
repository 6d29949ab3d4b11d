"""Shared helpers for the reader tests: synthetic Arabic text of the project's own writing."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from marsad.document import Document
from marsad.readers import ReadFailure, ReadItem, read_inputs

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "readers"

HEADLINE = "افتتاح معرض للكتاب في مدينة عمّان"
BODY = (
    "افتتح وزير الثقافة صباح اليوم الأحد معرضاً للكتاب في مدينة عمّان بمشاركة أكثر من مئتي دار نشر عربية.\n"
    "وقال الوزير في كلمة الافتتاح إن المعرض سيستمر عشرة أيام، وإن الدخول مجاني لطلاب المدارس والجامعات.\n"
)
ARTICLE = HEADLINE + "\n" + BODY


def split(items: Iterable[ReadItem]) -> tuple[list[Document], list[ReadFailure]]:
    docs: list[Document] = []
    failures: list[ReadFailure] = []
    for item in items:
        (failures if isinstance(item, ReadFailure) else docs).append(item)  # type: ignore[arg-type]
    return docs, failures


def read_all(*paths: str | Path, **kwargs: object) -> tuple[list[Document], list[ReadFailure]]:
    return split(read_inputs([str(p) for p in paths], **kwargs))  # type: ignore[arg-type]


def write_warc(path: Path, records: list[tuple[str, bytes]]) -> Path:
    """A gzipped WARC file of HTML ``response`` records, one per (target URI, page)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for uri, payload in records:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(payload),
                                                          http_headers=headers))
    return path


class PageHandler(BaseHTTPRequestHandler):
    """A local test site: :meth:`page` gives a path's body, content type and HTTP ``Link`` headers, or None
    for a 404; the handler sends them and keeps the test output clean."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def page(self, path: str) -> tuple[bytes, str, Sequence[str]] | None:
        raise NotImplementedError

    def do_GET(self) -> None:
        found = self.page(self.path)
        if found is None:
            self.send_response(404)
            self.end_headers()
            return
        body, kind, links = found
        self.send_response(200)
        self.send_header("Content-Type", kind)
        for link in links:
            self.send_header("Link", link)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class QuietServer(ThreadingHTTPServer):
    """A local test server whose request threads never keep the test process alive."""

    daemon_threads = True


class NoWaitClock:
    """The fetcher's clock, moved by its own sleeps: the one-second politeness delay between requests
    to one host is taken without waiting, so each test stays fast (patch it over ``marsad.readers.fetch.time``)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds

    def __getattr__(self, name: str) -> object:
        return getattr(time, name)


def serve_locally(httpd: ThreadingHTTPServer) -> Iterator[str]:
    """Serve ``httpd`` (bound to 127.0.0.1) on a thread for a fixture: yields its base URL, then shuts it down."""
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def api_ingested_sources(db: Path, body: dict[str, object]) -> list[str | None]:
    """POST ``body`` to a fresh store's ``/api/ingest`` (boilerplate stage only) and read back each new document's
    ``source`` through ``/api/documents/ID``."""
    from fastapi.testclient import TestClient

    from marsad.store import open_store
    from marsad.web.app import create_app
    from marsad.web.store_source import StoreSource

    with open_store(db):
        pass
    token = "test-token-0123456789abcdef"
    client_app = create_app(db, token=token, source=StoreSource(db, stages=["boilerplate"]))
    with TestClient(client_app) as client:
        done = client.post("/api/ingest", json=body, headers={"Authorization": f"Bearer {token}"})
        assert done.status_code == 201, done.text
        return [client.get(f"/api/documents/{i}").json()["source"] for i in done.json()["ids"]]
