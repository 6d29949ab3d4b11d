"""ZIP archives of JSON arrays, JSON Lines, text or HTML files (e.g. SaudiNewsNet).

Members are read as streams.  ZIP-bomb bounds: a member whose declared
expansion ratio exceeds ``max_zip_ratio`` is refused unread; while reading,
the bytes actually expanded are counted against both the ratio (the
declared sizes may lie) and ``max_zip_expanded_bytes`` for the whole archive.
Entries whose stored bytes overlap (several directory entries pointing at one
member, or one member's data quoting the next one's header: the "overlap" ZIP
bomb) and names listed more than once are refused from the central directory
alone, before anything is decompressed.  Nested archives are not opened.
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

# Fixed part of a local file header (signature, versions, flags, sizes, name and extra lengths).
_LOCAL_HEADER_BYTES = 30


def _stored_end(info: zipfile.ZipInfo) -> int:
    """Smallest possible end of an entry's local header + data (the local extra field may add more)."""
    return (
        info.header_offset
        + _LOCAL_HEADER_BYTES
        + len(info.orig_filename.encode("utf-8"))
        + info.compress_size
    )


def _unsafe_entries(
    path: str, entries: list[zipfile.ZipInfo], data_end: int | None
) -> tuple[set[int], list[ReadFailure]]:
    """Entries (by ``id``) to refuse unread: stored ranges that overlap, or names listed twice.

    Only the central directory is read, so an archive of 2,000 entries aimed at one
    member costs a sort, not 2,000 decompressions.
    """
    refused: set[int] = set()
    failures: list[ReadFailure] = []
    ordered = sorted(entries, key=lambda i: i.header_offset)
    cluster = [ordered[0]] if ordered else []
    reach = _stored_end(ordered[0]) if ordered else 0

    def close(group: list[zipfile.ZipInfo]) -> None:
        if len(group) < 2:
            return
        refused.update(id(info) for info in group)
        names = sorted({info.filename for info in group})
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        failures.append(
            ReadFailure(
                path,
                f"{len(group)} ZIP entries ({shown}) overlap at byte {group[0].header_offset:,}: "
                "refused unread as a possible ZIP bomb",
            )
        )

    for info in ordered[1:]:
        if info.header_offset < reach:
            cluster.append(info)
            reach = max(reach, _stored_end(info))
        else:
            close(cluster)
            cluster, reach = [info], _stored_end(info)
    close(cluster)
    if data_end is not None:
        for info in ordered:
            if id(info) not in refused and _stored_end(info) > data_end:
                refused.add(id(info))
                failures.append(
                    ReadFailure(
                        f"{path}!{info.filename}",
                        "ZIP entry's data runs into the central directory: refused unread",
                    )
                )
    by_name: dict[str, list[zipfile.ZipInfo]] = {}
    for info in entries:
        by_name.setdefault(info.filename, []).append(info)
    for name, copies in sorted(by_name.items()):
        fresh = [info for info in copies if id(info) not in refused]
        if len(copies) > 1 and fresh:
            refused.update(id(info) for info in fresh)
            failures.append(
                ReadFailure(
                    f"{path}!{name}", f"listed {len(copies)} times in the ZIP directory: refused as ambiguous"
                )
            )
    return refused, failures


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
        entries = archive.infolist()
        members = sorted((info for info in entries if not info.is_dir()), key=lambda i: i.filename)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        # NotImplementedError: a (damaged) central directory claiming a ZIP version newer than zipfile reads.
        yield ReadFailure(path, f"not a readable ZIP archive: {exc}")
        return
    if not members:
        yield ReadFailure(path, "ZIP archive has no files")
        return
    start_dir = getattr(archive, "start_dir", None)  # CPython: where the central directory begins
    refused, failures = _unsafe_entries(path, entries, start_dir if isinstance(start_dir, int) else None)
    yield from failures
    budget = limits.max_zip_expanded_bytes
    for info in members:
        if id(info) in refused:
            continue
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
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError, ValueError) as exc:
            # ValueError: a damaged header offset that zipfile seeks before the file's start.
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
