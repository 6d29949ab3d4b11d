"""How a prediction is matched to gold, shared by every scorer of quotes and events and by training.

Spans are ``[start, end)`` offsets into the article text. A predicted argument
matches a gold span when the spans overlap or when the folded surfaces contain
one another (a continued speaker may point at another mention of the same
name); a missing argument matches a missing one. Gold events form clusters
through ``same_as``: an event and its re-mentions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from marsad.text.normalize import normalize

Span = tuple[int, int]


def gold_span(value: Any) -> Span | None:
    """A gold ``[start, end]`` as a tuple, or None."""
    return (int(value[0]), int(value[1])) if isinstance(value, list | tuple) and len(value) == 2 else None


def overlaps(a: Span | None, b: Span | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def predicted_span(arg: dict[str, Any] | None) -> Span | None:
    if not arg:
        return None
    start, end = arg.get("start"), arg.get("end")
    return (start, end) if isinstance(start, int) and isinstance(end, int) else None


def folded(text: str) -> str:
    return " ".join(normalize(text).split())


def same_argument(text: str, gold: Span | None, pred: dict[str, Any] | None) -> bool:
    """Overlapping spans, or folded surfaces of which one contains the other; None matches None."""
    if gold is None or not pred:
        return gold is None and not pred
    if overlaps(gold, predicted_span(pred)):
        return True
    g = folded(text[gold[0]:gold[1]])
    p = folded(str(pred.get("text") or pred.get("name") or ""))
    return bool(g and p) and (g in p or p in g)


def cluster_root(events: Sequence[dict[str, Any]], k: int) -> int:
    """The first mention of the event that gold event ``k`` re-mentions (itself when it is one)."""
    seen: set[int] = set()
    while isinstance(events[k].get("same_as"), int) and k not in seen:
        seen.add(k)
        k = int(events[k]["same_as"])
    return k


def cluster_of(events: Sequence[dict[str, Any]], k: int) -> list[dict[str, Any]]:
    """Gold event ``k`` with every other mention of the same event."""
    root = cluster_root(events, k)
    return [ev for i, ev in enumerate(events) if cluster_root(events, i) == root]
