"""ZIP archives of JSON arrays, JSON Lines, text or HTML files (e.g. SaudiNewsNet).

Members are read as streams.  ZIP-bomb bounds: a member whose declared
expansion ratio exceeds ``max_zip_ratio`` is refused unread; while reading,
the bytes actually expanded are counted against both the ratio (the
declared sizes may lie) and ``max_zip_expanded_bytes`` for the whole archive.
Nested archives are not opened.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import IO

from marsad.readers.base import ReadContext, ReadFailure, ReadItem, unexpected_failure
from marsad.readers.jsonstream import BoundedStream, iter_json_array, iter_json_lines
from marsad.readers.limits import too_large
from marsad.readers.pages import decode_document
from marsad.readers.records import document_from_record
from marsad.readers.text import DecodeError


class _RatioGuard:
    """Wraps a member stream: refuses expansion beyond ratio × compressed size."""

    def __init__(self, raw: IO[bytes], compressed: int, ratio: int, name: str) -> None:
        self.raw = raw
        self.allowed = max(compressed, 1) * ratio + 1024  # slack for tiny members
        self.ratio = ratio
        self.name = name
        self.count = 0

    def read(self, size: int = -1, /) -> bytes:
        data = self.raw.read(size)
        self.count += len(data)
        if self.count > self.allowed:
            raise DecodeError(
                f"member {self.name} expands more than {self.ratio}x its compressed size: refused as a possible ZIP bomb"
            )
        return data


def read_zip(path: str, opened: IO[bytes], ctx: ReadContext) -> Iterator[ReadItem]:
    limits = ctx.limits
    try:
        archive = zipfile.ZipFile(opened)
        members = sorted((info for info in archive.infolist() if not info.is_dir()), key=lambda i: i.filename)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        yield ReadFailure(path, f"not a readable ZIP archive: {exc}")
        return
    if not members:
        yield ReadFailure(path, "ZIP archive has no files")
        return
    budget = limits.max_zip_expanded_bytes
    for info in members:
        where = f"{path}!{info.filename}"
        if info.flag_bits & 0x1:
            yield ReadFailure(where, "encrypted ZIP member, not read")
            continue
        if info.file_size > max(info.compress_size, 1) * limits.max_zip_ratio + 1024:
            yield ReadFailure(
                where,
                f"declared expansion {info.file_size:,} bytes from {info.compress_size:,} is more than "
                f"{limits.max_zip_ratio}x: refused as a possible ZIP bomb",
            )
            continue
        if info.file_size > budget:
            yield ReadFailure(
                where,
                too_large("ZIP archive expansion", info.file_size, budget, "bytes") + " (member not read)",
            )
            continue
        try:
            with archive.open(info) as raw:
                stream = BoundedStream(
                    _RatioGuard(raw, info.compress_size, limits.max_zip_ratio, info.filename),
                    budget,
                    "ZIP archive expansion",
                )
                yield from _read_member(where, info.filename, stream, ctx)
                budget -= stream.count
        except DecodeError as exc:
            yield ReadFailure(where, str(exc))
            return  # the archive's budget or integrity is gone; stop here
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
            yield ReadFailure(where, f"damaged ZIP member: {exc}")


def _read_member(where: str, name: str, stream: BoundedStream, ctx: ReadContext) -> Iterator[ReadItem]:
    suffix = PurePosixPath(name.lower()).suffix
    limits = ctx.limits
    if suffix in (".json", ".jsonl", ".ndjson"):
        values = (
            iter_json_array(stream, 2 * limits.max_document_chars)
            if suffix == ".json"
            else iter_json_lines(stream, limits.max_file_bytes)
        )
        label = "#" if suffix == ".json" else ":"
        for index, value in values:
            item_where = f"{where}{label}{index}"
            if isinstance(value, DecodeError):
                yield ReadFailure(item_where, str(value))
                continue
            try:
                yield document_from_record(value, where=item_where, published=ctx.published, limits=limits)
            except DecodeError as exc:
                yield ReadFailure(item_where, str(exc))
            except Exception as exc:  # one record's surprise must not end the archive
                yield unexpected_failure(item_where, exc)
        return
    if suffix in (".txt", ".html", ".htm"):
        data = stream.read(limits.max_file_bytes + 1)
        if len(data) > limits.max_file_bytes:
            raise DecodeError(too_large("file", len(data), limits.max_file_bytes, "bytes"))
        yield decode_document(data, "text" if suffix == ".txt" else "html", where, ctx)
        return
    yield ReadFailure(where, f"unsupported file type in archive ({suffix or 'no extension'}), skipped")
