"""A per-word memo for pure functions of a word form, sized for a news vocabulary."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class WordMemo(Generic[T]):
    """``compute(word)``, remembered by word form in a plain dict, emptied when it reaches ``limit`` words.

    Every token of an article is looked up, and a news vocabulary outgrows a small LRU cache (whose
    bookkeeping also costs more than the dict); ``known.get`` is the fast path for hot loops."""

    __slots__ = ("_compute", "_limit", "known")

    def __init__(self, compute: Callable[[str], T], limit: int = 1 << 17) -> None:
        self._compute = compute
        self._limit = limit
        self.known: dict[str, T] = {}

    def __call__(self, word: str) -> T:
        known = self.known.get(word)
        if known is None:
            if len(self.known) >= self._limit:
                self.known.clear()
            known = self.known[word] = self._compute(word)
        return known
