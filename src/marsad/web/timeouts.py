"""uvicorn's HTTP protocols with a deadline for a request's headers.

uvicorn closes a keep-alive connection that stays idle, but not one whose
request is never finished: a client that sends ``GET / HTTP/1.1`` and then
nothing holds a connection (and a descriptor) for as long as it likes, and
1,500 such clients held the server's for 90 s.  Here the request line and
headers must arrive within :data:`HEADER_TIMEOUT_SECONDS` of the connection
being opened or of the request's first byte; otherwise the connection is
closed.  Idle keep-alive connections keep uvicorn's own ``timeout_keep_alive``.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

# Long enough for a slow link's headers (a few kilobytes), short enough that held connections drain.
HEADER_TIMEOUT_SECONDS = 10.0


class _HeaderDeadline:
    """The timer of the request being read; None when no request is half-read."""

    header_timeout = HEADER_TIMEOUT_SECONDS
    _header_timer: asyncio.TimerHandle | None = None
    loop: asyncio.AbstractEventLoop
    transport: asyncio.Transport

    def _arm_header_timer(self) -> None:
        if self._header_timer is None:
            self._header_timer = self.loop.call_later(self.header_timeout, self._headers_too_slow)

    def _disarm_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        if not self.transport.is_closing():
            self.transport.close()


class HeaderTimeoutH11(_HeaderDeadline, H11Protocol):
    """The pure-Python protocol (h11): its state says whether a request's headers are still awaited."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_header_timer()  # a connection that never sends a byte is held no longer

    def data_received(self, data: bytes) -> None:
        if self.conn.their_state is h11.IDLE:
            self._arm_header_timer()  # the first byte of a request (or more of a half-sent one)
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:
            self._disarm_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_header_timer()
        super().connection_lost(exc)


def _httptools_protocol() -> type[Any] | None:
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
    except ImportError:  # httptools not installed: uvicorn uses h11
        return None

    class HeaderTimeoutHttpTools(_HeaderDeadline, HttpToolsProtocol):
        """The C parser (httptools): a message begins, then its headers complete."""

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm_header_timer()

        def on_message_begin(self) -> None:
            super().on_message_begin()
            self._arm_header_timer()

        def on_headers_complete(self) -> None:
            self._disarm_header_timer()
            super().on_headers_complete()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm_header_timer()
            super().connection_lost(exc)

    HeaderTimeoutHttpTools.__qualname__ = "HeaderTimeoutHttpTools"
    return HeaderTimeoutHttpTools


HeaderTimeoutHttpTools = _httptools_protocol()


def http_protocol() -> type[Any]:
    """The protocol class to give uvicorn (``http=``): the C parser when installed, as uvicorn would."""
    return HeaderTimeoutHttpTools or HeaderTimeoutH11
