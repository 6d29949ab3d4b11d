"""Choose a reader by what a path is (stdin, directory, file extension)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from marsad.document import Document
from marsad.readers import ReadFailure, ReadItem
from marsad.readers.text import document_from_text, decode_bytes


def read_path(path: str, *, published: str | None = None) -> Iterator[ReadItem]:
    if path == "-":
        data = sys.stdin.buffer.read()
        yield from _from_bytes("<stdin>", data, published)
        return
    p = Path(path)
    if not p.exists():
        yield ReadFailure(path, "no such file or directory")
        return
    if p.is_dir():
        yield ReadFailure(path, "is a directory")
        return
    try:
        data = p.read_bytes()
    except OSError as exc:
        yield ReadFailure(path, f"cannot read: {exc.strerror or exc}")
        return
    yield from _from_bytes(path, data, published)


def _from_bytes(source: str, data: bytes, published: str | None) -> Iterator[ReadItem]:
    decoded = decode_bytes(data)
    if isinstance(decoded, ReadFailure):
        yield ReadFailure(source, decoded.reason)
        return
    text, notes = decoded
    doc: Document = document_from_text(text, source=source, published=published)
    doc.notes.extend(notes)
    yield doc
