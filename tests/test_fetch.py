"""Safe fetching: SSRF refusals (schemes, private addresses, redirects), size and time caps,
robots.txt, user agent, rate limit; URL and feed ingest through read_inputs.

Every server here listens on 127.0.0.1 only; refused addresses are refused before any
connection is attempted, so no traffic leaves the machine.
"""

from __future__ import annotations

import ipaddress
import json
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from marsad.readers import ReadLimits
from marsad.readers.fetch import USER_AGENT, AddressGuard, Fetcher, FetchError, is_public_address
from readers_helpers import FIXTURES, read_all, serve_locally

PAGE = (FIXTURES / "article-related.html").read_bytes()
LOOPBACK_ONLY = ("127.0.0.0/8",)
FAST = ReadLimits(min_seconds_between_requests=0.0)


class _Handler(BaseHTTPRequestHandler):
    seen: ClassVar[list[tuple[str, str]]] = []  # (path, user agent) of every request

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass

    def _send(self, status: int, body: bytes = b"", content_type: str = "text/html; charset=utf-8", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        _Handler.seen.append((self.path, self.headers.get("User-Agent", "")))
        path = self.path
        host = f"http://127.0.0.1:{self.server.server_address[1]}"
        if path == "/robots.txt":
            self._send(200, b"User-agent: *\nDisallow: /private\n", "text/plain")
        elif path in ("/article", "/private/article"):
            self._send(200, PAGE)
        elif path == "/plain":
            self._send(200, "نص عادي قصير للاختبار\nسطر ثان من النص.".encode(), "text/plain; charset=utf-8")
        elif path == "/loop":
            self._send(302, Location="/loop")
        elif path.startswith("/chain/"):
            left = int(path.rsplit("/", 1)[1])
            self._send(302, Location=f"/chain/{left - 1}" if left > 1 else "/article")
        elif path == "/to-metadata":
            self._send(302, Location="http://169.254.169.254/latest/meta-data/")
        elif path == "/to-private":
            self._send(301, Location="http://10.0.0.1/admin")
        elif path == "/to-file":
            self._send(302, Location="file:///etc/passwd")
        elif path == "/big":
            self._send(200, b"<html><body><p>" + b"x" * 2_000_000 + b"</p></body></html>")
        elif path == "/big-undeclared":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(200):
                self.wfile.write(b"y" * 10_000)
        elif path == "/slow":
            time.sleep(3)
            self._send(200, PAGE)
        elif path == "/dribble":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.1)
        elif path == "/feed.rss":
            items = "".join(
                f"<item><title>عنوان {i}</title><link>{host}{link}</link>"
                f"<description>نص الخلاصة للمدخل رقم {i} كما كتبه المحرر.</description></item>"
                for i, link in enumerate(["/article", "/private/article"])
            )
            self._send(200, f"<rss><channel>{items}</channel></rss>".encode(), "application/rss+xml")
        else:
            self._send(404, b"not found")


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that hang up on purpose (size and time caps) are expected here


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    yield from serve_locally(_QuietServer(("127.0.0.1", 0), _Handler))


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(FAST, allow_networks=LOOPBACK_ONLY) as f:
        yield f


@pytest.mark.parametrize(
    "address",
    ["10.1.2.3", "172.16.0.1", "192.168.1.1", "127.0.0.1", "169.254.169.254", "0.0.0.0", "100.64.0.1",
     "224.0.0.1", "240.0.0.1", "::1", "fe80::1", "fc00::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::"],
)
def test_non_public_addresses(address: str) -> None:
    assert not is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "address",
    [
        "2002:7f00:1::",  # 6to4 of 127.0.0.1
        "2002:a9fe:a9fe::1",  # 6to4 of 169.254.169.254
        "2002:c0a8:101::1",  # 6to4 of 192.168.1.1
        "2002:a00:1::",  # 6to4 of 10.0.0.1
        "fec0::1",  # deprecated site-local
        "feff::1",
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1 (reserved ::/8)
        "::7f00:1",  # IPv4-compatible 127.0.0.1 (deprecated form, reserved ::/8)
    ],
)
def test_ipv6_forms_embedding_or_meaning_local_addresses_are_not_public(address: str) -> None:
    # Python's ipaddress calls every one of these "global"; they must not pass the SSRF guard.
    assert ipaddress.ip_address(address).is_global
    assert not is_public_address(ipaddress.ip_address(address))


def test_fetch_refuses_6to4_and_site_local_literals() -> None:
    with Fetcher(FAST) as strict:
        for url, shown in [
            ("http://[2002:7f00:1::]/", "2002:7f00:1::"),
            ("http://[2002:a9fe:a9fe::]/latest/meta-data/", "2002:a9fe:a9fe::"),
            ("http://[fec0::1]/", "fec0::1"),
        ]:
            with pytest.raises(FetchError, match=rf"refused: \[?{shown}\]?.* resolves to non-public address"):
                strict.fetch(url)


@pytest.mark.parametrize(
    "address",
    ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "2002:808:808::1"],
)
def test_public_addresses(address: str) -> None:
    assert is_public_address(ipaddress.ip_address(address))


def test_private_and_loopback_refused_by_default(server: str) -> None:
    port = server.rsplit(":", 1)[1]
    before = len(_Handler.seen)
    with Fetcher(FAST) as strict:
        for url, shown in [
            (f"{server}/article", "127.0.0.1"),
            (f"http://localhost:{port}/article", "localhost"),
            (f"http://[::1]:{port}/article", "::1"),
            ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
            ("http://10.0.0.1/", "10.0.0.1"),
            ("http://2130706433/", "2130706433"),  # 127.0.0.1 as one decimal number
        ]:
            with pytest.raises(FetchError, match=rf"refused: {shown}.* resolves to non-public address"):
                strict.fetch(url)
    assert len(_Handler.seen) == before  # nothing reached the server, not even robots.txt


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "refused URL scheme 'file'"),
        ("ftp://example.org/x", "refused URL scheme 'ftp'"),
        ("gopher://example.org/", "refused URL scheme 'gopher'"),
        ("javascript:alert(1)", "refused URL scheme 'javascript'"),
        ("http://user:pw@example.org/", "refused: URL carries credentials"),
        ("http:///nohost", "refused: URL has no host"),
    ],
)
def test_schemes_and_malformed_urls_refused(fetcher: Fetcher, url: str, reason: str) -> None:
    with pytest.raises(FetchError, match=reason):
        fetcher.fetch(url)


def test_fetch_sends_user_agent_and_respects_robots(server: str, fetcher: Fetcher) -> None:
    result = fetcher.fetch(f"{server}/article")
    assert result.status == 200 and result.content_type == "text/html" and result.body == PAGE
    assert ("/article", USER_AGENT) in _Handler.seen
    assert USER_AGENT.startswith("marsad/") and USER_AGENT.endswith("(+https://github.com/marsad-observatory/marsad)")
    with pytest.raises(FetchError, match=r"disallowed by robots\.txt"):
        fetcher.fetch(f"{server}/private/article")


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/to-metadata", "refused: 169.254.169.254 resolves to non-public address"),
        ("/to-private", "refused: 10.0.0.1 resolves to non-public address"),
        ("/to-file", "refused URL scheme 'file'"),
        ("/loop", r"too many redirects \(> 5\)"),
    ],
)
def test_redirects_are_checked_hop_by_hop(server: str, fetcher: Fetcher, path: str, reason: str) -> None:
    with pytest.raises(FetchError, match=reason):
        fetcher.fetch(server + path)


def test_bounded_redirect_chain_is_followed(server: str, fetcher: Fetcher) -> None:
    result = fetcher.fetch(f"{server}/chain/3")
    assert result.url == f"{server}/article" and result.body == PAGE
    with pytest.raises(FetchError, match="too many redirects"):
        fetcher.fetch(f"{server}/chain/6")


def test_response_size_cap(server: str) -> None:
    with Fetcher(ReadLimits(min_seconds_between_requests=0, max_fetch_bytes=100_000), allow_private=True) as small:
        with pytest.raises(FetchError, match=r"response too large: 2,000,0\d\d bytes > 100,000 limit"):
            small.fetch(f"{server}/big")
        with pytest.raises(FetchError, match=r"response too large: .* > 100,000 limit \(stopped reading\)"):
            small.fetch(f"{server}/big-undeclared")


def test_timeouts_bound_slow_and_dribbling_servers(server: str) -> None:
    with Fetcher(ReadLimits(min_seconds_between_requests=0, fetch_timeout=0.5), allow_private=True) as impatient:
        for path in ("/slow", "/dribble"):
            started = time.perf_counter()
            with pytest.raises(FetchError, match=r"timed out after 0\.5 s"):
                impatient.fetch(server + path)
            assert time.perf_counter() - started < 2.0


class _FakeClock:
    """A monotonic clock that moves only when the fetcher sleeps: the politeness delay is checked
    exactly, whatever the machine's load (a wall-clock check raced the server's reply)."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def __getattr__(self, name: str) -> object:
        return getattr(time, name)


def test_per_host_rate_limit(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import marsad.readers.fetch as fetch_module

    clock = _FakeClock()
    monkeypatch.setattr(fetch_module, "time", clock)
    with Fetcher(ReadLimits(min_seconds_between_requests=0.3), allow_private=True) as polite:
        polite.fetch(f"{server}/plain")  # robots.txt first, then the page one turn later
        clock.now += 0.1  # time spent elsewhere counts towards the next turn
        polite.fetch(f"{server}/plain")
    assert clock.sleeps == pytest.approx([0.3, 0.2])
    with Fetcher(ReadLimits(min_seconds_between_requests=0.0), allow_private=True) as eager:
        eager.fetch(f"{server}/plain")
    assert clock.sleeps == pytest.approx([0.3, 0.2])  # no delay asked, none taken


def test_read_inputs_article_url_and_text_url(server: str) -> None:
    docs, failures = read_all(f"{server}/article", f"{server}/plain", allow_private=True, limits=FAST)
    assert failures == []
    assert docs[0].url == f"{server}/article" and docs[0].title == "انقطاع المياه عن أحياء في مدينة حمص"
    assert "إقرأ أيضاً" not in docs[0].text
    assert docs[1].text.startswith("نص عادي قصير")


def test_read_inputs_feed_url_fetches_entry_pages(server: str) -> None:
    docs, failures = read_all(f"{server}/feed.rss", allow_private=True, limits=FAST)
    assert failures == []
    page, fallback = docs
    assert page.url == f"{server}/article" and "أعلنت مؤسسة المياه" in page.text
    # The second entry's page is disallowed by robots.txt: the entry's own text is used, with a note.
    assert fallback.text == "نص الخلاصة للمدخل رقم 1 كما كتبه المحرر."
    assert fallback.notes[0].kind == "fetch" and "disallowed by robots.txt" in fallback.notes[0].message


def test_read_inputs_refuses_private_url_without_flag(server: str) -> None:
    docs, failures = read_all(f"{server}/article", "ftp://example.org/a", limits=FAST)
    assert docs == []
    assert [f.reason for f in failures] == [
        "refused: 127.0.0.1 resolves to non-public address 127.0.0.1",
        "refused URL scheme 'ftp': only http and https are fetched",
    ]


@pytest.mark.parametrize(
    "address", ["169.254.169.254", "169.254.1.1", "fe80::1", "::ffff:169.254.169.254", "2002:a9fe:a9fe::1",
                "fd00:ec2::254", "100.100.100.200"],
)
def test_allow_private_does_not_open_link_local_or_metadata_addresses(address: str) -> None:
    guard = AddressGuard(allow_private=True)
    with pytest.raises(FetchError, match="non-public address"):
        guard.check(ipaddress.ip_address(address), "metadata")
    AddressGuard(allow_networks=[address]).check(ipaddress.ip_address(address), "named")  # named: allowed


@pytest.mark.parametrize("address", ["10.1.2.3", "192.168.1.1", "127.0.0.1", "::1", "fc00::1"])
def test_allow_private_opens_private_and_loopback_networks(address: str) -> None:
    AddressGuard(allow_private=True).check(ipaddress.ip_address(address), "intranet")
    with pytest.raises(FetchError):
        AddressGuard().check(ipaddress.ip_address(address), "intranet")


def test_allow_network_opens_only_the_networks_named() -> None:
    guard = AddressGuard(allow_networks=["10.1.0.0/16"])
    guard.check(ipaddress.ip_address("10.1.200.3"), "inside")
    for outside in ("10.2.0.1", "127.0.0.1", "169.254.169.254"):
        with pytest.raises(FetchError):
            guard.check(ipaddress.ip_address(outside), "outside")


def test_ingest_allow_network_reaches_that_network_alone(server: str, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from marsad.cli import app

    runner = CliRunner()
    db = str(tmp_path / "net.db")
    refused = runner.invoke(app, ["ingest", "--db", db, "--json", "--allow-network", "10.0.0.0/8", server + "/article"])
    summary = json.loads(refused.stdout)
    assert refused.exit_code == 1 and summary["new"] == 0  # 1: an input failed
    assert "refused: 127.0.0.1 resolves to non-public address" in json.dumps(summary["failed"])
    allowed = runner.invoke(app, ["ingest", "--db", db, "--json", "--allow-network", "127.0.0.1/32",
                                  server + "/article"])
    assert allowed.exit_code == 0 and json.loads(allowed.stdout)["new"] == 1
    bad = runner.invoke(app, ["ingest", "--db", db, "--allow-network", "10.0.0.0/33", server + "/article"])
    assert bad.exit_code == 2 and "is not a network" in bad.output


def test_url_documents_name_their_site_as_outlet(server: str) -> None:
    # The outlet is the site, not the whole URL (round 28): an article, a text and a feed's entries
    # read from one server are one outlet.
    docs, failures = read_all(f"{server}/article", f"{server}/plain", f"{server}/feed.rss", allow_private=True, limits=FAST)
    assert failures == []
    assert [d.source for d in docs] == ["127.0.0.1"] * 4
