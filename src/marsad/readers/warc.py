"""WARC and WARC.gz files: HTML response records → Documents.

The record's ``WARC-Target-URI`` becomes the document URL; the outlet (``source``) is the page's
canonical host, else the target's host (:func:`marsad.readers.outlet.page_site`; the archive and
record number stay as an ``origin`` note); its
``WARC-Date`` the publication date when the page gives none.  A record whose
declared or actual payload exceeds ``max_warc_record_bytes`` is skipped with a
failure without being held in memory; a truncated or damaged archive yields
the documents read so far and one failure.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import IO

from marsad.readers.base import ReadContext, ReadFailure, ReadItem, unexpected_failure
from marsad.readers.fetch import parse_content_type
from marsad.readers.html import document_from_html
from marsad.readers.limits import too_large
from marsad.readers.records import normalize_date
from marsad.readers.text import DecodeError

_HTML_TYPES = ("text/html", "application/xhtml+xml")


class _Gunzip:
    """Streaming, multi-member gunzip that records whether the input ended inside a member."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.decompressor = zlib.decompressobj(zlib.MAX_WBITS | 16)
        self.buffer = b""
        self.in_member = False
        self.done = False
        self.truncated = False

    def _feed(self, data: bytes) -> None:
        while data:
            self.in_member = True
            self.buffer += self.decompressor.decompress(data)
            if not self.decompressor.eof:
                return
            self.in_member = False
            data = self.decompressor.unused_data
            self.decompressor = zlib.decompressobj(zlib.MAX_WBITS | 16)

    def read(self, size: int = -1, /) -> bytes:
        while not self.done and (size < 0 or len(self.buffer) < size):
            chunk = self.raw.read(65_536)
            if not chunk:
                self.done = True
                self.truncated = self.in_member
                break
            self._feed(chunk)
        if size < 0:
            size = len(self.buffer)
        data, self.buffer = self.buffer[:size], self.buffer[size:]
        return data


def read_warc(path: str, opened: IO[bytes], ctx: ReadContext) -> Iterator[ReadItem]:
    from warcio.archiveiterator import ArchiveIterator

    limits = ctx.limits
    html_records = 0
    truncated_record = False
    number = 0
    head = opened.read(2)
    opened.seek(0)
    # Our own gunzip notices a stream cut inside a member, where warcio's decompression
    # would silently drop the cut record.
    gunzip = _Gunzip(opened) if head == b"\x1f\x8b" else None
    try:
        for record in ArchiveIterator(gunzip if gunzip is not None else opened):
            number += 1
            if record.rec_type not in ("response", "resource"):
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or None
            where = f"{path}#{number}" + (f" {uri}" if uri else "")
            headers = record.http_headers
            content_type = (
                headers.get_header("Content-Type")
                if headers is not None
                else record.rec_headers.get_header("Content-Type")
            )
            media, charset = parse_content_type(content_type)
            if media not in _HTML_TYPES:
                continue
            html_records += 1
            status = headers.get_statuscode() if headers is not None else "200"
            if status and not str(status).startswith("2"):
                continue  # redirects and errors carry no article
            declared = record.rec_headers.get_header("Content-Length") or ""
            if declared.isdigit() and int(declared) > limits.max_warc_record_bytes:
                yield ReadFailure(
                    where,
                    too_large("WARC record", int(declared), limits.max_warc_record_bytes, "bytes")
                    + " (skipped)",
                )
                continue
            payload = record.content_stream().read(limits.max_warc_record_bytes + 1)
            if len(payload) > limits.max_warc_record_bytes:
                yield ReadFailure(
                    where,
                    too_large("WARC record", len(payload), limits.max_warc_record_bytes, "bytes")
                    + " (skipped)",
                )
                continue
            if getattr(record.raw_stream, "limit", 0) > 0:
                truncated_record = True
                yield ReadFailure(where, "truncated WARC record (the file ends inside it)")
                continue
            try:
                # The outlet: the page's canonical host, else the record's target host (page_site).
                doc = document_from_html(
                    payload,
                    source=path,
                    source_from_page=True,
                    origin=where,
                    url=uri,
                    charset=charset,
                    published=ctx.published,
                    fallback_published=normalize_date(record.rec_headers.get_header("WARC-Date")),
                    limits=limits,
                )
            except DecodeError as exc:
                yield ReadFailure(where, str(exc))
                continue
            except Exception as exc:  # one page's surprise must not end the archive
                yield unexpected_failure(where, exc)
                continue
            yield doc
    except (Exception, zlib.error) as exc:  # warcio raises many types on damaged input
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        yield ReadFailure(path, f"damaged or truncated WARC after {number} record(s): {detail[:200]}")
        return
    if gunzip is not None and gunzip.truncated and not truncated_record:
        yield ReadFailure(
            path, f"truncated WARC: the gzip stream ends inside a record (after {number} record(s))"
        )
    elif number == 0:
        yield ReadFailure(path, "no WARC records found")
    elif html_records == 0:
        yield ReadFailure(path, f"no HTML responses among {number} WARC record(s)")
