"""A server-side cache of read answers, dropped the moment the data changes.

An observatory is read far more than it is written: a dashboard opens on the
same first pages, analysts repeat the same filters, and between two ingests
every answer to the same request is the same.  This ASGI middleware keeps the
body of successful ``GET /api/...`` answers keyed by path and query string and
serves them again without running the route, until the source reports a new
data version (for the SQLite store, ``PRAGMA data_version``, which changes
whenever another connection — an ingest, another server process — commits).

The key is the path plus the query parameters the endpoint reads, decoded the
way the route decodes them and sorted by name (repeated values keep their
order).  The API ignores parameters it does not know, so ``?q=x&foo=1``,
``?foo=2&q=x`` and ``?q=%78`` are one answer and one entry: a client (or an
attacker) cannot bypass the cache, nor fill it, with junk parameters or
reordering.  Keying on the request alone is safe because a read answer never
depends on who asks: reads need no token, and the host check runs before the cache.

Bounded by entry count and bytes; least recently used answers go first.  The
answers carry ``x-marsad-cache: hit`` or ``miss`` so operators and tests can
see what happened.  ``marsad serve --no-cache`` turns it off.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from marsad.web.security import ASGIApp, Message, Receive, Scope, Send

MAX_ENTRIES = 2048
MAX_BYTES = 64 * 1024 * 1024  # all bodies together
MAX_ENTRY_BYTES = 2 * 1024 * 1024  # a bigger answer is not kept
# Paths whose answers are never kept: writes, and exports (streamed, of any size: keeping one
# would hold the whole file in memory; each is a single read of the store anyway).
_NEVER = ("/api/ingest", "/api/events.")
_CACHE_HEADER = b"x-marsad-cache"


@dataclass(frozen=True, slots=True)
class _Answer:
    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes


class ResponseCache:
    """LRU of answers for one data version (thread-safe; sync routes run in threads)."""

    def __init__(self, version: Callable[[], Hashable], max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES):
        self._version = version
        self._seen: Hashable = None
        self._entries: OrderedDict[bytes, _Answer] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.hits = 0
        self.misses = 0

    def _check_version(self) -> None:
        current = self._version()
        if current != self._seen:
            self._entries.clear()
            self._bytes = 0
            self._seen = current

    def get(self, key: bytes) -> _Answer | None:
        with self._lock:
            self._check_version()
            found = self._entries.get(key)
            if found is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return found

    def put(self, key: bytes, answer: _Answer, version: Hashable) -> None:
        size = len(answer.body)
        if size > MAX_ENTRY_BYTES or size > self.max_bytes:
            return
        with self._lock:
            # An answer computed while the data changed belongs to no version we can vouch for.
            if version != self._seen:
                return
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._entries[key] = answer
            self._bytes += size
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped.body)

    def version(self) -> Hashable:
        with self._lock:
            self._check_version()
            return self._seen

    def __len__(self) -> int:
        return len(self._entries)


# The query parameters a request's route reads, or None when no route answers it.
KnownParams = Callable[[Scope], frozenset[str] | None]


def cache_key(path: str, query_string: bytes, known: frozenset[str] | None) -> bytes:
    """``path?name=value&...`` over the known parameters, sorted by name, decoded as Starlette does.

    ``known=None`` (no route: a 404, which is never kept) keys on the raw query string."""
    if known is None:
        return path.encode() + b"?" + query_string
    # Starlette's QueryParams: latin-1 bytes, then parse_qsl (percent-decoding as UTF-8, "+" as space).
    pairs = [(k, v) for k, v in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True) if k in known]
    pairs.sort(key=lambda pair: pair[0])  # stable: repeated values keep their order
    return path.encode() + b"?" + urlencode(pairs).encode()


class ResponseCacheMiddleware:
    def __init__(self, app: ASGIApp, cache: ResponseCache, known: KnownParams | None = None) -> None:
        self.app = app
        self.cache = cache
        self.known = known

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if (
            scope["type"] != "http"
            or scope.get("method") != "GET"
            or not path.startswith("/api/")
            or path.startswith(_NEVER)
        ):
            await self.app(scope, receive, send)
            return
        key = cache_key(path, bytes(scope.get("query_string", b"")), self.known(scope) if self.known else None)
        found = self.cache.get(key)
        if found is not None:
            await send({"type": "http.response.start", "status": found.status,
                        "headers": [*found.headers, (_CACHE_HEADER, b"hit")]})
            await send({"type": "http.response.body", "body": found.body})
            return
        version = self.cache.version()
        start: Message = {}
        chunks: list[bytes] = []

        async def keep(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                message["headers"] = [*message.get("headers", []), (_CACHE_HEADER, b"miss")]
            elif message["type"] == "http.response.body":
                chunks.append(bytes(message.get("body", b"")))
                if not message.get("more_body", False) and start.get("status") == 200:
                    headers = tuple(
                        (name, value) for name, value in start.get("headers", []) if name.lower() != _CACHE_HEADER
                    )
                    self.cache.put(key, _Answer(200, headers, b"".join(chunks)), version)
            await send(message)

        await self.app(scope, receive, keep)
