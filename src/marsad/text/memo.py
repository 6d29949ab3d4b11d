"""Memos bounded by size: a per-word memo for pure functions of a word form, and a keyed one."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from sys import intern
from typing import Any, Generic, TypeVar, cast

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")


class BoundedMemo(Generic[K, T]):
    """Values remembered by key in a plain dict, emptied when it reaches ``limit`` keys.

    Emptying at once (not evicting one key at a time) keeps a lookup one ``dict.get``: a memo is
    refilled by the next documents' keys within a few articles, and its memory never passes the
    limit.  ``known.get`` is the fast path for hot loops; :meth:`put` stores a value computed on a miss."""

    __slots__ = ("_limit", "known")

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self.known: dict[K, T] = {}

    def put(self, key: K, value: T) -> T:
        """Remember ``value`` for ``key`` (emptying the memo first when it is full); returns ``value``."""
        if len(self.known) >= self._limit:
            self.known.clear()
        self.known[key] = value
        return value


def compact(value: T) -> T:
    """``value`` with its strings interned, inside plain tuples too (other values as they are).

    A memo keeps its values for the whole run: a stem or prefix sliced from a word is a new string
    each time (~60-90 bytes), where the interned one is shared by every memo and word that has it
    (a word's stem is often another word, the key of the same memos; ``و``, ``ال`` …)."""
    kind = type(value)
    if kind is str:
        return cast(T, intern(cast(str, value)))
    if kind is tuple:
        # Called on every memo miss (some 220,000 per 1,000 articles, and each worker process misses
        # its own): the members are mostly strings and numbers, checked here without a call each.
        return cast(T, tuple([
            intern(item) if type(item) is str else compact(item) if type(item) is tuple else item
            for item in cast(tuple[Any, ...], value)
        ]))
    return value


class WordMemo(BoundedMemo[str, T]):
    """``compute(word)``, remembered by word form, emptied when it reaches ``limit`` words.

    Every token of an article is looked up, and a news vocabulary outgrows a small LRU cache (whose
    bookkeeping also costs more than the dict)."""

    __slots__ = ("_compute",)

    def __init__(self, compute: Callable[[str], T], limit: int = 1 << 17) -> None:
        super().__init__(limit)
        self._compute = compute

    def __call__(self, word: str) -> T:
        known = self.known.get(word)
        if known is None:
            # Interned: the memos of one word form share its key, instead of each keeping the token
            # string of whichever document first asked (some 85 bytes per memo and word); and the
            # value's strings likewise (compact).
            known = self.put(intern(word), compact(self._compute(word)))
        return known
