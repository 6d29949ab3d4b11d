"""The server closes a connection whose request headers do not arrive in time (half-sent requests
held descriptors for as long as the client liked); a finished request and an idle keep-alive
connection are not affected."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn

from marsad.web.timeouts import HeaderTimeoutH11, HeaderTimeoutHttpTools, http_protocol

QUICK = 0.4  # seconds for the headers in these tests


async def _app(scope: dict[str, object], receive: object, send: object) -> None:
    assert scope["type"] == "http"
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})  # type: ignore[operator]
    await send({"type": "http.response.body", "body": b"ok"})  # type: ignore[operator]


def _quick(protocol: type) -> type:
    return type(f"Quick{protocol.__name__}", (protocol,), {"header_timeout": QUICK})


PROTOCOLS = [p for p in (HeaderTimeoutH11, HeaderTimeoutHttpTools) if p is not None]


@pytest.fixture(params=PROTOCOLS, ids=lambda p: p.__name__)
def server(request: pytest.FixtureRequest) -> Iterator[tuple[str, int]]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    config = uvicorn.Config(_app, host="127.0.0.1", port=port, log_level="warning", lifespan="off",
                            http=_quick(request.param), timeout_keep_alive=30)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the test server did not start"
        time.sleep(0.02)
    yield "127.0.0.1", port
    server.should_exit = True
    thread.join(timeout=10)


def _closed_within(conn: socket.socket, seconds: float) -> bytes | None:
    """What the server sent before closing, or None if it is still open after ``seconds``."""
    conn.settimeout(seconds)
    received = b""
    try:
        while chunk := conn.recv(4096):
            received += chunk
    except TimeoutError:
        return None
    return received


def test_a_half_sent_request_is_closed(server: tuple[str, int]) -> None:
    with socket.create_connection(server) as conn:
        conn.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # the blank line never comes
        assert _closed_within(conn, QUICK * 6) == b""


def test_a_connection_that_sends_nothing_is_closed(server: tuple[str, int]) -> None:
    with socket.create_connection(server) as conn:
        assert _closed_within(conn, QUICK * 6) == b""


def test_a_request_sent_slowly_but_in_time_is_answered_and_the_idle_connection_kept(server: tuple[str, int]) -> None:
    with socket.create_connection(server) as conn:
        for piece in (b"GET / HTTP/1.1\r\n", b"Host: 127.0.0.1\r\n", b"\r\n"):
            conn.sendall(piece)
            time.sleep(QUICK / 4)
        conn.settimeout(5)
        assert conn.recv(4096).startswith(b"HTTP/1.1 200")
        # idle past the header deadline: keep-alive (30 s here) decides, not the header timer
        assert _closed_within(conn, QUICK * 3) is None
        conn.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # a second request, half sent
        assert _closed_within(conn, QUICK * 6) == b""


def test_serve_uses_the_c_parser_when_it_is_installed() -> None:
    assert http_protocol() is (HeaderTimeoutHttpTools or HeaderTimeoutH11)
