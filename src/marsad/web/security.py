"""Hardening shared by every response: security headers, a request-size cap, token checks.

Both middlewares are plain ASGI so they also cover error responses and static
files, and so an oversized body is refused before any handler reads it.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# No inline script or style, no other host: the dashboard builds its DOM with
# textContent, so article text can never become markup or code.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'self'"
)

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)


def error_body(code: str, message: str, details: Any = None) -> bytes:
    """The one error shape every 4xx/5xx answer uses."""
    return json.dumps({"error": {"code": code, "message": message, "details": details}}, ensure_ascii=False).encode()


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_api = scope.get("path", "").startswith("/api/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                headers = list(message.get("headers", []))
                headers.extend(h for h in SECURITY_HEADERS if h[0] not in present)
                if is_api and b"cache-control" not in present:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _send_error(send: Send, status: int, code: str, message: str) -> None:
    body = error_body(code, message)
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodySizeLimitMiddleware:
    """Refuse request bodies above ``max_bytes`` with 413, whether or not they declare a length."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_big = f"request body larger than {self.max_bytes} bytes"
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await _send_error(send, 400, "bad_request", "invalid Content-Length header")
                    return
                if declared > self.max_bytes:
                    await _send_error(send, 413, "payload_too_large", too_big)
                    return
        # Read the body here (bounded) and replay it, so a chunked upload cannot grow past the cap.
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await _send_error(send, 413, "payload_too_large", too_big)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def token_matches(header: str | None, token: str) -> bool:
    """Compare an ``Authorization: Bearer …`` header with the token in constant time."""
    if not header:
        return False
    scheme, _, supplied = header.partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(supplied.strip().encode("utf-8"), token.encode("utf-8"))


# RFC 9110 Host: a bracketed IPv6 literal or a plain name / IPv4 address, then an optional port.
# Nothing else (no userinfo "@", spaces, paths, commas joining two values) is a host.
_HOST_HEADER = re.compile(r"(\[[0-9a-f:.]{2,45}\]|[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?)(?::([0-9]{1,5}))?")


def parse_host_header(value: str) -> str | None:
    """The host name of a ``Host`` header value (lower case, IPv6 in brackets), or None if malformed."""
    match = _HOST_HEADER.fullmatch(value.lower())
    if match is None:
        return None
    name, port = match.group(1), match.group(2)
    if port is not None and not 0 < int(port) <= 65535:
        return None
    if name.startswith("["):
        try:
            ipaddress.IPv6Address(name[1:-1])
        except ValueError:
            return None
    return name


class HostCheckMiddleware:
    """Answer only requests addressed to an expected host name.

    A page on another site can point a name it controls at 127.0.0.1 (DNS
    rebinding) and read a local server; checking the Host header stops that.
    The header is parsed strictly: exactly one, and nothing but ``host[:port]``
    (``127.0.0.1:8765@evil.example`` is not a loopback name).
    """

    def __init__(self, app: ASGIApp, allowed: frozenset[str]) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            values = [value for name, value in scope.get("headers", []) if name.lower() == b"host"]
            if len(values) > 1:
                await _send_error(send, 400, "bad_request", "more than one Host header")
                return
            hostname = parse_host_header(values[0].decode("latin-1")) if values else None
            if hostname is None:
                reason = "malformed Host header" if values else "missing Host header"
                await _send_error(send, 400, "bad_request", reason)
                return
            if hostname not in self.allowed:
                await _send_error(send, 400, "bad_request", "unexpected Host header")
                return
        await self.app(scope, receive, send)


def loopback_hosts(bound: str) -> frozenset[str]:
    """Host names a browser uses for a server bound to a loopback address."""
    return frozenset({"127.0.0.1", "localhost", "[::1]", bound.lower()})

