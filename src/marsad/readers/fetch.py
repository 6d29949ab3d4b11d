"""Safe HTTP fetching for URL and feed ingest.

Guards against server-side request forgery and hostile servers:

* only ``http`` and ``https`` URLs, without credentials;
* every host name is resolved by us and *every* address checked against
  private, loopback, link-local, multicast, reserved and unspecified ranges;
  the connection is then made to the checked address (no second DNS lookup
  that a rebinding server could answer differently);
* redirects are followed by hand, at most ``max_redirects``, each hop checked
  again exactly like the first URL;
* a total deadline per fetch (a server dribbling one byte at a time cannot
  hold us past it) and a cap on the bytes streamed;
* robots.txt is fetched once per host and respected (its Crawl-delay too, up to
  a bound), and requests to one host are spaced by a minimum interval;
* environment proxies are ignored, so the checks above see the real peer.

Tests pass ``allow_private=True`` (or ``allow_networks=("127.0.0.0/8",)``) to
fetch from servers on 127.0.0.1.  ``allow_private`` opens private and loopback
ranges but not link-local ones nor cloud metadata addresses (169.254.169.254);
those are reached only through an ``allow_networks`` entry that names them.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import urllib.robotparser
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from marsad.errors import MarsadError
from marsad.readers.limits import DEFAULT_LIMITS, ReadLimits, too_large

ALLOWED_SCHEMES = ("http", "https")
MAX_ROBOTS_BYTES = 500_000
MAX_CRAWL_DELAY_SECONDS = 30.0
_REDIRECT_CODES = (301, 302, 303, 307, 308)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def _package_version() -> str:
    try:
        return version("marsad")
    except PackageNotFoundError:
        return "0"


USER_AGENT = f"marsad/{_package_version()} (+https://github.com/marsad-observatory/marsad)"


class FetchError(MarsadError):
    """A URL that was refused or could not be fetched; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class FetchResult:
    url: str  # the final URL, after redirects
    status: int
    content_type: str  # media type only, lower case, e.g. "text/html"
    charset: str | None
    body: bytes
    location: str | None = None  # of a redirect response
    # The URL an HTTP ``Link: <URL>; rel="canonical"`` header names (RFC 6596): how a page without
    # markup (text/plain) declares the article it is a copy of.
    canonical: str | None = None


def is_public_address(address: IPAddress) -> bool:
    """True for globally routable unicast addresses.

    IPv6 forms that embed an IPv4 address (mapped ``::ffff:a.b.c.d``, 6to4
    ``2002:AABB:CCDD::``) are judged by that address: 6to4 of 127.0.0.1 reaches
    a loopback, not the internet.  Site-local ``fec0::/10`` (deprecated, yet
    "global" to Python's ``ipaddress``) is local.  NAT64 and IPv4-compatible
    forms fall in the reserved ``::/8`` and are refused as reserved.
    """
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None:
            return is_public_address(embedded)
        if address.is_site_local:
            return False
    return not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


# Cloud metadata services: credentials for whoever asks from inside the machine.
_METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200")
)


def _never_by_default(address: IPAddress) -> bool:
    """Addresses ``allow_private`` does not open: link-local ones (169.254.0.0/16, fe80::/10, where
    cloud metadata services answer) and the metadata services themselves; only an explicit
    ``allow_networks`` entry reaches them."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None:
            return _never_by_default(embedded)
    return address.is_link_local or address in _METADATA_ADDRESSES


class AddressGuard:
    """Decides which resolved addresses may be connected to."""

    def __init__(self, allow_private: bool = False, allow_networks: Iterable[str] = ()) -> None:
        self.allow_private = allow_private
        self.allow_networks: tuple[IPNetwork, ...] = tuple(
            ipaddress.ip_network(net, strict=False) for net in allow_networks
        )

    def check(self, address: IPAddress, host: str) -> None:
        if any(address in net for net in self.allow_networks if net.version == address.version):
            return  # named by the user, network by network: the only way to a link-local address
        if is_public_address(address):
            return
        if self.allow_private and not _never_by_default(address):
            return
        raise FetchError(f"refused: {host} resolves to non-public address {address}")

    def resolve(self, host: str, port: int) -> list[IPAddress]:
        """Every address of ``host``; all must pass, or the host is refused."""
        try:
            literal = ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            literal = None
        if literal is not None:
            addresses: list[IPAddress] = [literal]
        else:
            try:
                infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            except (socket.gaierror, UnicodeError) as exc:
                raise FetchError(f"cannot resolve host {host}: {exc}") from None
            addresses = []
            for info in infos:
                addr = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
                if addr not in addresses:
                    addresses.append(addr)
        if not addresses:
            raise FetchError(f"cannot resolve host {host}")
        for address in addresses:
            self.check(address, host)
        return addresses


class _GuardedBackend(httpcore.SyncBackend):
    """Connects only to addresses the guard accepted, resolved once, here."""

    def __init__(self, guard: AddressGuard) -> None:
        self.guard = guard

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[
            tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]
        ]
        | None = None,
    ) -> httpcore.NetworkStream:
        # A refusal raises FetchError, which httpx does not wrap: it reaches the caller as is.
        addresses = self.guard.resolve(host, port)
        last: Exception | None = None
        for address in addresses:
            try:
                return super().connect_tcp(str(address), port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:
                last = exc
        raise httpcore.ConnectError(str(last) if last else f"cannot connect to {host}")


def _guarded_transport(guard: AddressGuard) -> httpx.HTTPTransport:
    transport = httpx.HTTPTransport(trust_env=False)
    # httpx builds its pool without a way to pass a network backend; replace the
    # pool with one that uses the guarded backend (TLS still verifies the host name).
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=False),
        max_connections=10,
        network_backend=_GuardedBackend(guard),
    )
    return transport


def check_url(url: str) -> tuple[str, str]:
    """(scheme, host) of an acceptable URL, or FetchError."""
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise FetchError(f"not a valid URL: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise FetchError(f"refused URL scheme {scheme or '(none)'!r}: only http and https are fetched")
    if parts.username or parts.password:
        raise FetchError("refused: URL carries credentials")
    try:
        host = parts.hostname
    except ValueError:
        host = None
    if not host:
        raise FetchError("refused: URL has no host")
    return scheme, host


class Fetcher:
    """Fetches URLs within the bounds of :class:`ReadLimits`; reuse one per batch."""

    def __init__(
        self,
        limits: ReadLimits = DEFAULT_LIMITS,
        *,
        allow_private: bool = False,
        allow_networks: Sequence[str] = (),
        user_agent: str = USER_AGENT,
        respect_robots: bool = True,
    ) -> None:
        self.limits = limits
        self.guard = AddressGuard(allow_private, allow_networks)
        self.user_agent = user_agent
        self.respect_robots = respect_robots
        self._client = httpx.Client(
            transport=_guarded_transport(self.guard),
            follow_redirects=False,
            trust_env=False,
            headers={
                "User-Agent": user_agent,
                "Accept": "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/xml;q=0.9, text/plain;q=0.8, */*;q=0.5",
            },
            timeout=httpx.Timeout(limits.fetch_timeout),
        )
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._last_request: dict[str, float] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- politeness --------------------------------------------------------------
    def _wait_turn(self, origin: str, delay: float) -> None:
        with self._lock:
            last = self._last_request.get(origin)
            now = time.monotonic()
            if last is not None and now - last < delay:
                time.sleep(delay - (now - last))
            self._last_request[origin] = time.monotonic()

    def _robots_for(self, origin: str) -> urllib.robotparser.RobotFileParser | None:
        if origin in self._robots:
            return self._robots[origin]
        parser: urllib.robotparser.RobotFileParser | None = urllib.robotparser.RobotFileParser()
        assert parser is not None
        try:
            result = self._get(origin + "/robots.txt", max_bytes=MAX_ROBOTS_BYTES, check_robots=False)
        except FetchError:
            parser = None  # unreachable robots.txt: no rules known, fetch allowed
        else:
            if result.status in (401, 403):
                parser.parse(["User-agent: *", "Disallow: /"])  # access-controlled: stay out
            elif result.status >= 300:
                parser.parse([])  # no robots.txt: everything allowed
            else:
                parser.parse(result.body.decode("utf-8", "replace").splitlines())
        self._robots[origin] = parser
        return parser

    def _delay_for(self, origin: str) -> float:
        delay = self.limits.min_seconds_between_requests
        robots = self._robots.get(origin)
        if robots is not None:
            crawl_delay = robots.crawl_delay(self.user_agent)
            if crawl_delay is not None:
                delay = max(delay, min(float(crawl_delay), MAX_CRAWL_DELAY_SECONDS))
        return delay

    # -- fetching ----------------------------------------------------------------
    def fetch(self, url: str) -> FetchResult:
        """GET ``url`` following at most ``max_redirects`` checked redirects."""
        current = url
        for _hop in range(self.limits.max_redirects + 1):
            result = self._get(
                current, max_bytes=self.limits.max_fetch_bytes, check_robots=self.respect_robots
            )
            if result.status in _REDIRECT_CODES:
                location = result.location
                if not location:
                    raise FetchError(f"redirect without a Location from {current}")
                current = urljoin(current, location)
                continue
            if result.status >= 400:
                raise FetchError(f"HTTP {result.status} from {current}")
            return result
        raise FetchError(f"too many redirects (> {self.limits.max_redirects}) from {url}")

    def _get(self, url: str, *, max_bytes: int, check_robots: bool) -> FetchResult:
        scheme, _host = check_url(url)
        parts = urlsplit(url)
        origin = f"{scheme}://{parts.netloc.rsplit('@', 1)[-1]}"
        if check_robots:
            robots = self._robots_for(origin)
            if robots is not None and not robots.can_fetch(self.user_agent, url):
                raise FetchError(f"disallowed by robots.txt: {url}")
        self._wait_turn(origin, self._delay_for(origin))
        deadline = time.monotonic() + self.limits.fetch_timeout
        try:
            with self._client.stream("GET", url) as response:
                if response.status_code in _REDIRECT_CODES:
                    return FetchResult(
                        str(response.url),
                        response.status_code,
                        "",
                        None,
                        b"",
                        response.headers.get("location"),
                    )
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise FetchError(too_large("response", int(declared), max_bytes, "bytes"))
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise FetchError(
                            too_large("response", size, max_bytes, "bytes") + " (stopped reading)"
                        )
                    if time.monotonic() > deadline:
                        raise FetchError(f"timed out after {self.limits.fetch_timeout:g} s reading {url}")
                    chunks.append(chunk)
                media_type, charset = parse_content_type(response.headers.get("content-type", ""))
                return FetchResult(
                    str(response.url), response.status_code, media_type, charset, b"".join(chunks),
                    canonical=link_canonical(response.headers.get_list("link")),
                )
        except httpx.TimeoutException:
            raise FetchError(f"timed out after {self.limits.fetch_timeout:g} s fetching {url}") from None
        except httpx.HTTPError as exc:
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise FetchError(f"cannot fetch {url}: {message}") from None


def link_canonical(headers: list[str]) -> str | None:
    """The target of the first ``rel="canonical"`` link of HTTP ``Link`` headers, None without one.

    A header may hold several links (``<a>; rel="alternate", <b>; rel=canonical``); a URL may hold a
    comma, so the links are split at ``<`` only."""
    for header in headers:
        for part in header.split("<")[1:]:
            target, _, params = part.partition(">")
            for param in params.split(";"):
                key, _, value = param.partition("=")
                if key.strip().lower() == "rel" and "canonical" in value.strip().strip("\"'").lower().split():
                    return target.strip() or None
    return None


def parse_content_type(header: str | None) -> tuple[str, str | None]:
    """``(media type, charset)`` of a Content-Type header, lower-cased; ``("", None)`` when absent."""
    if not header:
        return "", None
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'").lower()
    return media.strip().lower(), charset
