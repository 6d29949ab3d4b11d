"""A linear model's score as a sum over groups of features, each group's weights added once per key.

A candidate's features (an argument phrase's, a quote speaker's) are some thirty strings made from a
handful of values: the role, the event type, the direction and distance from the trigger, the word
before the phrase … Building, hashing and looking up each string costs about what its weight is worth,
and most candidates of an article repeat the values of another. So the feature functions are written
as groups, each a function of a few values (its *key*), and the scorer keeps, per group, the sum of
the weights of the features each key gives: a candidate then costs one dictionary lookup per group
instead of one string per feature. The strings stay the single definition (training reads them; the
sums are made from them on first use), and the score is the model's own up to the order in which
the weights are added (a few units in the last place).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from itertools import repeat

MEMO_SIZE = 200_000  # keys kept per group (the memo of a group is emptied when full)


class GroupedScorer:
    """Sums of ``weights`` over the features of each group, memoised by the group's key."""

    def __init__(self, weights: Mapping[str, float], groups: Sequence[Callable[..., Sequence[str]]]) -> None:
        self.weights = weights
        self.groups = tuple(groups)
        self._memos: tuple[dict[Hashable, float], ...] = tuple({} for _ in self.groups)
        self._head_memos: dict[Hashable, tuple[dict[Hashable, float], ...]] = {}  # see head_scores

    def score(self, keys: Sequence[tuple[Hashable, ...]]) -> float:
        """The sum of the weights of every feature the groups make from ``keys`` (one key per group, in order)."""
        total = 0.0
        for memo, group, key in zip(self._memos, self.groups, keys, strict=True):
            part = memo.get(key)
            if part is None:
                if len(memo) > MEMO_SIZE:
                    memo.clear()
                part = memo[key] = sum(map(self.weights.get, group(*key), repeat(0.0)))
            total += part
        return total

    def head_scores(self, head: Hashable, rows: Iterable[Sequence[tuple[Hashable, ...]]]) -> list[float]:
        """:meth:`score` of ``[(head, *key) for key in keys]`` for each ``keys`` of ``rows``: the groups whose
        keys all open with one value (an argument's role) are given the rest of each key, and their memos
        are kept per ``head``. The candidates of an event word are scored for both roles from one set of
        keys (built and hashed once per phrase, not once per phrase and role); the sums are the same."""
        memos = self._head_memos.get(head)
        if memos is None:
            memos = self._head_memos[head] = tuple({} for _ in self.groups)
        get = self.weights.get
        out = []
        for keys in rows:
            total = 0.0
            for memo, group, key in zip(memos, self.groups, keys, strict=True):
                part = memo.get(key)
                if part is None:
                    if len(memo) > MEMO_SIZE:
                        memo.clear()
                    part = memo[key] = sum(map(get, group(head, *key), repeat(0.0)))
                total += part
            out.append(total)
        return out
