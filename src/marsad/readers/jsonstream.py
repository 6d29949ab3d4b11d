"""Streaming JSON Lines and JSON arrays from a byte stream, in bounded memory.

Both readers take anything with ``read(n) -> bytes`` (a file, a ZIP member, a
:class:`BoundedStream`) and yield ``(index, value)`` pairs where ``value`` is
the decoded JSON value or a :class:`DecodeError` for that line/element.  A bad
JSON Lines line costs only itself; a JSON array cannot be resynchronised after
a syntax error, so the error ends that array (elements before it are kept).
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from typing import Protocol

from marsad.readers.limits import too_large
from marsad.readers.text import DecodeError

CHUNK_BYTES = 1 << 20
_WHITESPACE = " \t\r\n"


class ByteSource(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class BoundedStream:
    """Counts the bytes read through it and refuses to go past ``limit``."""

    def __init__(self, raw: ByteSource, limit: int, what: str) -> None:
        self.raw = raw
        self.limit = limit
        self.what = what
        self.count = 0

    def read(self, size: int = -1, /) -> bytes:
        want = self.limit + 1 - self.count if size < 0 else min(size, self.limit + 1 - self.count)
        data = self.raw.read(max(want, 1))
        self.count += len(data)
        if self.count > self.limit:
            raise DecodeError(too_large(self.what, self.count, self.limit, "bytes") + " (stopped reading)")
        return data


def _loads(data: bytes | str) -> object:
    try:
        return json.loads(data)
    except RecursionError:
        raise DecodeError("JSON nested too deeply") from None
    except UnicodeDecodeError as exc:
        raise DecodeError(f"invalid UTF-8 at byte {exc.start}") from None
    except json.JSONDecodeError as exc:
        # Some messages end in "at" already ("Unterminated string starting at"): one "at" only.
        raise DecodeError(f"invalid JSON: {exc.msg.removesuffix(' at')} at column {exc.colno}") from None
    except ValueError as exc:  # e.g. an integer past Python's 4,300-digit conversion limit
        raise DecodeError(f"invalid JSON: {str(exc).split(';')[0][:120]}") from None


def iter_json_lines(stream: ByteSource, max_line_bytes: int) -> Iterator[tuple[int, object | DecodeError]]:
    """(line number from 1, value or error) for each non-blank line."""
    pending = b""
    number = 0
    skipping = False  # inside an over-long line: drop bytes up to its newline
    skipped = 0
    first = True
    while True:
        chunk = stream.read(CHUNK_BYTES)
        if first:
            chunk = chunk.removeprefix(codecs.BOM_UTF8)
            first = False
        at_end = not chunk
        pending += chunk
        while True:
            newline = pending.find(b"\n")
            if newline < 0:
                if at_end and pending:
                    newline = len(pending)
                else:
                    break
            line, pending = pending[:newline], pending[newline + 1 :]
            number += 1
            if skipping:
                skipping = False
                yield number, DecodeError(too_large("line", skipped + len(line), max_line_bytes, "bytes"))
                continue
            if line.strip():
                try:
                    yield number, _loads(line)
                except DecodeError as exc:
                    yield number, exc
        if len(pending) > max_line_bytes:
            skipped = (skipped if skipping else 0) + len(pending)
            skipping = True
            pending = b""
        if at_end:
            if skipping:
                yield number + 1, DecodeError(too_large("line", skipped, max_line_bytes, "bytes"))
            return


class _TextBuffer:
    """Decoded text from a byte stream, refilled on demand."""

    def __init__(self, stream: ByteSource) -> None:
        self.stream = stream
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")("strict")
        self.text = ""
        self.pos = 0
        self.eof = False

    def fill(self) -> bool:
        """Read more; False at end of stream."""
        if self.eof:
            return False
        chunk = self.stream.read(CHUNK_BYTES)
        self.eof = not chunk
        try:
            more = self.decoder.decode(chunk, final=self.eof)
        except UnicodeDecodeError:
            raise DecodeError("invalid UTF-8 in JSON") from None
        self.text = self.text[self.pos :] + more
        self.pos = 0
        return bool(chunk)

    def skip_space(self) -> str:
        """The next non-blank character without consuming it ('' at end)."""
        while True:
            while self.pos < len(self.text) and self.text[self.pos] in _WHITESPACE:
                self.pos += 1
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self.fill():
                return ""


def _decode_value(buf: _TextBuffer, decoder: json.JSONDecoder, max_chars: int) -> object:
    while True:
        try:
            value, end = decoder.raw_decode(buf.text, buf.pos)
        except RecursionError:
            raise DecodeError("JSON nested too deeply") from None
        except json.JSONDecodeError as exc:
            if buf.eof:
                raise DecodeError(f"invalid JSON: {exc.msg}") from None
            if len(buf.text) - buf.pos > max_chars:
                raise DecodeError(too_large("JSON value", len(buf.text) - buf.pos, max_chars)) from None
            buf.fill()
            continue
        except ValueError as exc:  # e.g. an integer past Python's 4,300-digit conversion limit
            raise DecodeError(f"invalid JSON: {str(exc).split(';')[0][:120]}") from None
        if end == len(buf.text) and not buf.eof:
            buf.fill()  # a number cut at a chunk boundary would decode short
            continue
        buf.pos = end
        return value


def iter_json_array(stream: ByteSource, max_value_chars: int) -> Iterator[tuple[int, object | DecodeError]]:
    """(element index from 0, value or error) of a top-level JSON array; a lone object is element 0."""
    buf = _TextBuffer(stream)
    decoder = json.JSONDecoder()
    index = 0
    try:
        first = buf.skip_space()
        if first == "":
            yield 0, DecodeError("empty file")
            return
        if first != "[":
            yield 0, _decode_value(buf, decoder, max_value_chars)
            if buf.skip_space() != "":
                yield 1, DecodeError("extra data after the JSON value")
            return
        buf.pos += 1
        if buf.skip_space() == "]":
            return
        while True:
            yield index, _decode_value(buf, decoder, max_value_chars)
            index += 1
            following = buf.skip_space()
            if following == "]":
                return
            if following != ",":
                raise DecodeError(
                    "invalid JSON: expected ',' or ']' after an element"
                    if following
                    else "JSON array not closed (truncated?)"
                )
            buf.pos += 1
            buf.skip_space()
    except DecodeError as exc:
        yield index, exc
