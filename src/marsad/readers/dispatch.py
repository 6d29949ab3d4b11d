"""Choose a reader by what an input is: stdin, URL, directory, or a file's extension/content."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from marsad.readers.base import ReadContext, ReadFailure, ReadItem, unexpected_failure
from marsad.readers.jsonstream import ByteSource
from marsad.readers.limits import too_large
from marsad.readers.pages import decode_document
from marsad.readers.text import DecodeError

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "samples"

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
JSON_SUFFIXES = (".json",)
ZIP_SUFFIXES = (".zip",)
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc.gz")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
KNOWN_SUFFIXES = (
    TEXT_SUFFIXES
    + HTML_SUFFIXES
    + JSONL_SUFFIXES
    + JSON_SUFFIXES
    + ZIP_SUFFIXES
    + WARC_SUFFIXES
    + FEED_SUFFIXES
)


def source_name(path: str) -> str:
    """How a path is named on its documents: the path as given, or ``sample:NAME`` for bundled samples."""
    try:
        resolved = Path(path).resolve()
    except (OSError, RuntimeError, ValueError):
        return path
    if resolved.parent == SAMPLES_DIR:
        return f"sample:{resolved.name}"
    return path


def _kind_by_name(name: str) -> str | None:
    lower = name.lower()
    for kind, suffixes in (
        ("warc", WARC_SUFFIXES),
        ("text", TEXT_SUFFIXES),
        ("html", HTML_SUFFIXES),
        ("jsonl", JSONL_SUFFIXES),
        ("json", JSON_SUFFIXES),
        ("zip", ZIP_SUFFIXES),
        ("feed", FEED_SUFFIXES),
    ):
        if lower.endswith(suffixes):
            return kind
    return None


def sniff_kind(head: bytes) -> str:
    """The reader for content without a telling name (stdin, unknown extensions)."""
    from marsad.readers.feed import looks_like_feed

    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
    if start.startswith(b"warc/"):
        return "warc"
    if head.startswith(b"\x1f\x8b") and b"warc/" in _gunzip_head(head):
        return "warc"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if start.startswith((b"<!doctype html", b"<html")) or b"<body" in start:
        return "html"
    if start.startswith(b"<") and looks_like_feed(head):
        return "feed"
    if start.startswith(b"{"):
        return "jsonl"
    if start.startswith(b"["):
        return "json"
    return "text"


def _gunzip_head(head: bytes) -> bytes:
    import zlib

    try:
        return zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(head, 64).lower()
    except zlib.error:
        return b""


def read_path(path: str, ctx: ReadContext) -> Iterator[ReadItem]:
    """Documents and failures from one input; never raises for bad input."""
    if path == "-":
        yield from _read_stdin(ctx)
    elif "://" in path:
        from marsad.readers.url import read_url

        yield from read_url(path, ctx)
    else:
        yield from _read_local(path, ctx)


def _read_stdin(ctx: ReadContext) -> Iterator[ReadItem]:
    data = sys.stdin.buffer.read(ctx.limits.max_file_bytes + 1)
    if len(data) > ctx.limits.max_file_bytes:
        yield ReadFailure(
            "<stdin>",
            too_large("input", len(data), ctx.limits.max_file_bytes, "bytes") + " (stopped reading)",
        )
        return
    import io

    yield from read_stream("<stdin>", io.BytesIO(data), sniff_kind(data[:4096]), ctx)


def _read_local(path: str, ctx: ReadContext) -> Iterator[ReadItem]:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        yield ReadFailure(path, "no such file or directory")
        return
    except PermissionError:
        yield ReadFailure(path, "permission denied")
        return
    except (OSError, ValueError) as exc:
        yield ReadFailure(path, f"cannot open: {getattr(exc, 'strerror', None) or exc}")
        return
    if stat.S_ISDIR(info.st_mode):
        yield from _read_directory(path, ctx)
        return
    if not stat.S_ISREG(info.st_mode):
        yield ReadFailure(path, "not a regular file (device, pipe or socket), not read")
        return
    try:
        with open(path, "rb") as opened:
            kind = _kind_by_name(path)
            if kind is None:
                head = opened.read(4096)
                opened.seek(0)
                kind = sniff_kind(head)
            yield from read_stream(source_name(path), opened, kind, ctx, size=info.st_size)
    except PermissionError:
        yield ReadFailure(path, "permission denied")
    except OSError as exc:
        yield ReadFailure(path, f"cannot read: {exc.strerror or exc}")


def _read_directory(path: str, ctx: ReadContext) -> Iterator[ReadItem]:
    """Every file with a known extension under ``path``, recursively, in path order; hidden entries skipped."""
    found = 0
    for file_path in _walk_sorted(path):
        found += 1
        if found > ctx.limits.max_directory_files:
            yield ReadFailure(
                path, f"more than {ctx.limits.max_directory_files:,} files in directory; stopped"
            )
            return
        yield from _read_local(file_path, ctx)
    if not found:
        yield ReadFailure(path, f"directory has no readable files ({', '.join(KNOWN_SUFFIXES)})")


def _walk_sorted(directory: str) -> Iterator[str]:
    """Files with known extensions, depth first, entries sorted by name (symlinked directories not followed)."""
    try:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            continue
        if is_dir:
            yield from _walk_sorted(entry.path)
        elif _kind_by_name(entry.name) is not None:
            yield entry.path


def read_stream(
    source: str, opened: IO[bytes], kind: str, ctx: ReadContext, size: int | None = None
) -> Iterator[ReadItem]:
    """Read one opened byte stream with the reader for ``kind``."""
    limits = ctx.limits
    if kind == "zip":
        from marsad.readers.archive import read_zip

        yield from read_zip(source, opened, ctx)
        return
    if kind == "warc":
        from marsad.readers.warc import read_warc

        yield from read_warc(source, opened, ctx)
        return
    if kind in ("jsonl", "json"):
        # Read only what the file held when opened: a file that grows while it is read
        # (e.g. the output of this very command, in a directory being read) must not loop forever.
        yield from _read_json_stream(source, _UpTo(opened, size) if size is not None else opened, kind, ctx)
        return
    cap = {"feed": limits.max_feed_bytes, "html": limits.max_html_bytes}.get(kind, limits.max_file_bytes)
    what = {"feed": "feed", "html": "HTML page"}.get(kind, "file")
    if size is not None and size > cap:
        yield ReadFailure(source, too_large(what, size, cap, "bytes") + " (not read)")
        return
    data = opened.read(cap + 1)
    if len(data) > cap:
        yield ReadFailure(source, too_large(what, len(data), cap, "bytes") + " (stopped reading)")
        return
    if kind == "feed":
        from marsad.readers.feed import read_feed

        yield from read_feed(source, data, ctx, fetch_pages=False)
        return
    yield decode_document(data, "html" if kind == "html" else "text", source, ctx)


class _UpTo:
    """A byte stream that ends after ``size`` bytes."""

    def __init__(self, raw: IO[bytes], size: int) -> None:
        self.raw = raw
        self.left = size

    def read(self, size: int = -1, /) -> bytes:
        if self.left <= 0:
            return b""
        data = self.raw.read(self.left if size < 0 else min(size, self.left))
        self.left -= len(data)
        return data


def _read_json_stream(source: str, opened: ByteSource, kind: str, ctx: ReadContext) -> Iterator[ReadItem]:
    from marsad.readers.jsonstream import iter_json_array, iter_json_lines
    from marsad.readers.records import document_from_record

    limits = ctx.limits
    values = (
        iter_json_lines(opened, limits.max_file_bytes)
        if kind == "jsonl"
        else iter_json_array(opened, 2 * limits.max_document_chars)
    )
    label = "line " if kind == "jsonl" else "element "
    count = 0
    try:
        for index, value in values:
            count += 1
            where = f"{source}: {label}{index}"
            if isinstance(value, DecodeError):
                yield ReadFailure(where, str(value))
                continue
            try:
                yield document_from_record(
                    value, where=f"{source}:{index}", published=ctx.published, limits=limits
                )
            except DecodeError as exc:
                yield ReadFailure(where, str(exc))
            except Exception as exc:  # one record's surprise must not end the file
                yield unexpected_failure(where, exc)
    except DecodeError as exc:
        yield ReadFailure(source, str(exc))
        return
    if count == 0:
        yield ReadFailure(source, "empty file")


def expected_items(inputs: list[str]) -> int | None:
    """How many documents (or per-document failures) reading ``inputs`` gives, when that is known
    without parsing: one per text or HTML file, one per non-blank JSON Lines line.  None when any
    input holds an unknown number (archives, JSON arrays, WARC, feeds, URLs, stdin, Spark output):
    progress is then shown without a total rather than with a wrong one."""
    total = 0
    for name in inputs:
        if name == "-" or "://" in name:
            return None
        if os.path.isdir(name):
            files = list(_walk_sorted(name))
            if not files:
                return None
        elif os.path.isfile(name):
            files = [name]
        else:
            return None
        for path in files:
            kind = _kind_by_name(path)
            if kind in ("text", "html"):
                total += 1
            elif kind == "jsonl":
                try:
                    with open(path, "rb") as handle:
                        total += sum(1 for line in handle if line.strip())
                except OSError:
                    total += 1  # read as one failure
            else:
                return None
    return total
