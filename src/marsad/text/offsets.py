"""Derived views of a text with an exact map back to the original.

A derived string (the repaired text, the normalised matching view) is built
piece by piece; every piece remembers the original range it came from.  A span
in the derived string maps back to the smallest original range that covers it,
so ``original[start:end]`` is always the surface the derived span was made
from.  This module knows nothing of Arabic: it is pure bookkeeping.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field


@dataclass(slots=True)
class OffsetMap:
    """Map from positions in a derived string to positions in its source.

    ``starts[i]``/``ends[i]`` give the source range that derived character ``i``
    stands for.  A derived character produced by a one-to-one copy has
    ``ends[i] == starts[i] + 1``; characters of a many-to-many replacement all
    share the replaced source range.
    """

    source_length: int
    starts: array = field(default_factory=lambda: array("q"))
    ends: array = field(default_factory=lambda: array("q"))

    def __len__(self) -> int:
        return len(self.starts)

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Map the derived span ``[start, end)`` to a source span."""
        n = len(self.starts)
        if not 0 <= start <= end <= n:
            raise ValueError(f"span [{start}, {end}) outside derived text of length {n}")
        if start == end:
            pos = self.starts[start] if start < n else self.source_length
            return pos, pos
        return self.starts[start], self.ends[end - 1]

    def position_to_source(self, pos: int) -> int:
        """Map a boundary position (0..len) of the derived text to the source."""
        if pos >= len(self.starts):
            return self.source_length
        return self.starts[pos]

    def compose(self, inner: OffsetMap) -> OffsetMap:
        """Return the map ``self`` followed by ``inner`` (self's source is inner's derived)."""
        composed = OffsetMap(inner.source_length)
        for s, e in zip(self.starts, self.ends, strict=True):
            if e > s:
                composed.starts.append(inner.starts[s] if s < len(inner.starts) else inner.source_length)
                composed.ends.append(inner.ends[e - 1])
            else:
                pos = inner.position_to_source(s)
                composed.starts.append(pos)
                composed.ends.append(pos)
        return composed


class ViewBuilder:
    """Build a derived string and its :class:`OffsetMap` in one pass."""

    __slots__ = ("_parts", "_map")

    def __init__(self, source_length: int) -> None:
        self._parts: list[str] = []
        self._map = OffsetMap(source_length)

    def copy(self, piece: str, source_start: int) -> None:
        """Append ``piece`` copied one-to-one from ``source[source_start:]``."""
        if not piece:
            return
        self._parts.append(piece)
        n = len(piece)
        self._map.starts.extend(range(source_start, source_start + n))
        self._map.ends.extend(range(source_start + 1, source_start + n + 1))

    def replace(self, piece: str, source_start: int, source_end: int) -> None:
        """Append ``piece`` standing for the whole source range (it may be empty: a deletion)."""
        if not piece:
            return
        self._parts.append(piece)
        n = len(piece)
        self._map.starts.extend([source_start] * n)
        self._map.ends.extend([source_end] * n)

    def build(self) -> tuple[str, OffsetMap]:
        return "".join(self._parts), self._map


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
