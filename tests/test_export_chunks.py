"""Exports reach the server in chunks of about 64 KB, not one row at a time (a thread hop per item)."""

from __future__ import annotations

from marsad.web.app import DOWNLOAD_CHUNK, _chunked


def test_pieces_are_joined_into_chunks_and_no_byte_is_lost() -> None:
    pieces = [f"row {i},قصف,حلب\n".encode() for i in range(20_000)]
    chunks = list(_chunked(iter(pieces)))
    assert b"".join(chunks) == b"".join(pieces)
    assert all(len(c) >= DOWNLOAD_CHUNK for c in chunks[:-1])
    assert len(chunks) < len(pieces) / 100


def test_an_empty_export_and_a_small_one() -> None:
    assert list(_chunked(iter([]))) == []
    assert list(_chunked(iter([b"\xef\xbb\xbfid\n"]))) == [b"\xef\xbb\xbfid\n"]
