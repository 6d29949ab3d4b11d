"""Derived views of a text with an exact map back to the original.

A derived string (the repaired text, the normalised matching view) is built
piece by piece; every piece remembers the original range it came from.  A span
in the derived string maps back to the smallest original range that covers it,
so ``original[start:end]`` is always the surface the derived span was made
from.  This module knows nothing of Arabic: it is pure bookkeeping.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


def _empty() -> np.ndarray:
    return np.zeros(0, dtype=np.int64)


@dataclass(slots=True)
class OffsetMap:
    """Map from positions in a derived string to positions in its source.

    ``starts[i]``/``ends[i]`` give the source range that derived character ``i``
    stands for.  A derived character produced by a one-to-one copy has
    ``ends[i] == starts[i] + 1``; characters of a many-to-many replacement all
    share the replaced source range.  The arrays are numpy int64 so that views of
    long texts are built and composed without a Python loop per character.
    """

    source_length: int
    starts: np.ndarray = field(default_factory=_empty)
    ends: np.ndarray = field(default_factory=_empty)

    def __len__(self) -> int:
        return len(self.starts)

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Map the derived span ``[start, end)`` to a source span."""
        n = len(self.starts)
        if not 0 <= start <= end <= n:
            raise ValueError(f"span [{start}, {end}) outside derived text of length {n}")
        if start == end:
            pos = int(self.starts[start]) if start < n else self.source_length
            return pos, pos
        return int(self.starts[start]), int(self.ends[end - 1])

    def position_to_source(self, pos: int) -> int:
        """Map a boundary position (0..len) of the derived text to the source."""
        if pos >= len(self.starts):
            return self.source_length
        return int(self.starts[pos])

    def compose(self, inner: OffsetMap) -> OffsetMap:
        """Return the map ``self`` followed by ``inner`` (self's source is inner's derived)."""
        if not len(self.starts):
            return OffsetMap(inner.source_length)
        # Boundary positions of inner's derived text, one past the end included.
        boundary = np.append(inner.starts, inner.source_length)
        out_starts = boundary[self.starts]
        if len(inner.ends):
            last = inner.ends[np.maximum(self.ends - 1, 0)]
            out_ends = np.where(self.ends > self.starts, last, out_starts)
        else:
            out_ends = out_starts
        return OffsetMap(inner.source_length, out_starts, out_ends)


class ViewBuilder:
    """Build a derived string and its :class:`OffsetMap` in one pass.

    Pieces are recorded as segments; the per-character arrays are made once, in
    :meth:`build`, with vectorised numpy operations.
    """

    __slots__ = ("_copies", "_lengths", "_parts", "_source_ends", "_source_length", "_source_starts")

    def __init__(self, source_length: int) -> None:
        self._source_length = source_length
        self._parts: list[str] = []
        self._lengths: list[int] = []
        self._source_starts: list[int] = []
        self._source_ends: list[int] = []
        self._copies: list[bool] = []

    def copy(self, piece: str, source_start: int) -> None:
        """Append ``piece`` copied one-to-one from ``source[source_start:]``."""
        if piece:
            self._add(piece, source_start, source_start + len(piece), True)

    def replace(self, piece: str, source_start: int, source_end: int) -> None:
        """Append ``piece`` standing for the whole source range (it may be empty: a deletion)."""
        if piece:
            self._add(piece, source_start, source_end, False)

    def _add(self, piece: str, source_start: int, source_end: int, copy: bool) -> None:
        self._parts.append(piece)
        self._lengths.append(len(piece))
        self._source_starts.append(source_start)
        self._source_ends.append(source_end)
        self._copies.append(copy)

    def build(self) -> tuple[str, OffsetMap]:
        text = "".join(self._parts)
        if not self._parts:
            return text, OffsetMap(self._source_length)
        lengths = np.array(self._lengths, dtype=np.int64)
        seg_starts = np.repeat(np.array(self._source_starts, dtype=np.int64), lengths)
        seg_ends = np.repeat(np.array(self._source_ends, dtype=np.int64), lengths)
        copies = np.repeat(np.array(self._copies, dtype=bool), lengths)
        first = np.cumsum(lengths) - lengths  # derived index of each segment's first character
        within = np.arange(len(text), dtype=np.int64) - np.repeat(first, lengths)
        starts = np.where(copies, seg_starts + within, seg_starts)
        ends = np.where(copies, starts + 1, seg_ends)
        return text, OffsetMap(self._source_length, starts, ends)


def identity_map(length: int) -> OffsetMap:
    builder = ViewBuilder(length)
    builder.copy("x" * length, 0)
    return builder.build()[1]


@dataclass(frozen=True, slots=True)
class TextView:
    """A derived text plus its map back to the original document text."""

    text: str
    offsets: OffsetMap

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets.to_source(start, end)
