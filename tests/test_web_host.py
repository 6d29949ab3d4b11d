"""Strict Host header check: exactly one header, nothing but ``host[:port]``, an allowed name."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from marsad.web.security import HostCheckMiddleware, loopback_hosts, parse_host_header


async def _ok_app(scope: Any, receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})


def _answer(headers: list[tuple[bytes, bytes]]) -> tuple[int, str]:
    """Status and body (or error message) of one request through the Host check."""
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Any) -> None:
        sent.append(message)

    middleware = HostCheckMiddleware(_ok_app, loopback_hosts("127.0.0.1"))
    scope = {"type": "http", "method": "GET", "path": "/api/stats", "headers": headers}
    asyncio.run(middleware(scope, receive, send))
    status = sent[0]["status"]
    body = sent[1]["body"]
    return status, body.decode() if status == 200 else json.loads(body)["error"]["message"]


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "127.0.0.1:8765", "localhost:8765", "LOCALHOST", "[::1]", "[::1]:8765"]
)
def test_loopback_host_names_are_answered(host: str) -> None:
    assert _answer([(b"host", host.encode())]) == (200, "ok")


@pytest.mark.parametrize(
    ("host", "message"),
    [
        ("127.0.0.1:8765@evil.example", "malformed Host header"),  # userinfo trick: the host is evil.example
        ("evil.example@127.0.0.1", "malformed Host header"),
        ("127.0.0.1:8765, evil.example", "malformed Host header"),
        ("127.0.0.1 evil.example", "malformed Host header"),
        ("127.0.0.1:99999", "malformed Host header"),
        ("127.0.0.1:", "malformed Host header"),
        ("127.0.0.1/x", "malformed Host header"),
        ("[::1", "malformed Host header"),
        ("[zz::1]:80", "malformed Host header"),
        ("127.0.0.1\x00", "malformed Host header"),
        ("", "malformed Host header"),
        ("evil.example:8765", "unexpected Host header"),
        ("127.0.0.1.evil.example", "unexpected Host header"),
    ],
)
def test_malformed_or_foreign_host_is_refused(host: str, message: str) -> None:
    assert _answer([(b"host", host.encode("latin-1"))]) == (400, message)


def test_duplicate_or_missing_host_is_refused() -> None:
    assert _answer([(b"host", b"127.0.0.1:8765"), (b"host", b"evil.example")]) == (
        400,
        "more than one Host header",
    )
    assert _answer([(b"host", b"127.0.0.1"), (b"host", b"127.0.0.1")]) == (400, "more than one Host header")
    assert _answer([(b"accept", b"*/*")]) == (400, "missing Host header")


def test_parse_host_header() -> None:
    assert parse_host_header("Example.ORG:443") == "example.org"
    assert parse_host_header("[::1]:8080") == "[::1]"
    assert parse_host_header("127.0.0.1:8765@evil.example") is None
