"""Spans ``[start, end)`` indexed by start, so that "which spans overlap or contain this one" costs a
binary search and the few spans near it instead of a scan of the whole document: a stage that asks
this once per name found must stay linear on a long document.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable


class SpanIndex:
    """A growing set of spans; queries look only at spans that start within reach of the question
    (no further back than the longest span kept)."""

    __slots__ = ("_longest", "_spans")

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._spans: list[tuple[int, int, int]] = sorted((s, e, i) for i, (s, e) in enumerate(spans))
        self._longest = max((end - start for start, end, _i in self._spans), default=0)

    def add(self, start: int, end: int) -> None:
        """Keep one more span; it is numbered by how many were kept before it."""
        insort(self._spans, (start, end, len(self._spans)))
        self._longest = max(self._longest, end - start)

    def __len__(self) -> int:
        return len(self._spans)

    def _near(self, lowest_start: int, highest_start: int) -> list[tuple[int, int, int]]:
        """The spans whose start lies in ``[lowest_start, highest_start]``."""
        lo = bisect_left(self._spans, (lowest_start, -_FAR, -_FAR))
        hi = bisect_right(self._spans, (highest_start, _FAR, _FAR))
        return self._spans[lo:hi]

    def overlapping(self, start: int, end: int) -> list[int]:
        """The numbers (order of insertion) of the spans sharing a character with ``[start, end)``."""
        if not self._spans:  # (most questions go to an index with nothing in it)
            return []
        return [i for s, e, i in self._near(start - self._longest, end - 1) if s < end and start < e]

    def overlaps(self, start: int, end: int) -> bool:
        """Some span shares at least one character with ``[start, end)``."""
        if not self._spans:
            return False
        return any(s < end and start < e for s, e, _i in self._near(start - self._longest, end - 1))

    def contains(self, start: int, end: int) -> bool:
        """Some span holds all of ``[start, end)``."""
        if not self._spans:
            return False
        return any(s <= start and end <= e for s, e, _i in self._near(end - self._longest, start))

    def exact(self, start: int, end: int) -> bool:
        """``[start, end)`` itself is one of the spans."""
        i = bisect_left(self._spans, (start, end, -_FAR))
        return i < len(self._spans) and self._spans[i][:2] == (start, end)


_FAR = 1 << 62  # beyond any offset or number, for the bounds of a binary search
