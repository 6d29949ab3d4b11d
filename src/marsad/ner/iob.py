"""IOB tag sequences → entity chunks, read the way CoNLL's ``conlleval`` reads them.

An ``I-X`` that follows ``O`` or another type starts a new ``X`` entity.  The
entity stage turns the tagger's tags into spans with it, and the NER scorer
compares gold and predicted chunks with it.
"""

from __future__ import annotations

from collections.abc import Sequence


def chunks(tags: Sequence[str]) -> set[tuple[str, int, int]]:
    """Entities ``(type, first, last_exclusive)`` in one sequence of IOB tags."""
    found: set[tuple[str, int, int]] = set()
    kind: str | None = None
    start = 0
    stop = -1  # one past the last tag read
    # Only the tags other than ``O`` are read (most tags are ``O``, and an ``O`` only closes an open entity:
    # the gap before the next tag read, or the end, closes it at the first ``O``).
    for i in [i for i, tag in enumerate(tags) if tag != "O"]:
        if kind is not None and i != stop:
            found.add((kind, start, stop))
            kind = None
        stop = i + 1
        prefix, _, this = tags[i].partition("-")
        continues = prefix == "I" and this == kind
        if kind is not None and not continues:
            found.add((kind, start, i))
            kind = None
        if prefix in ("B", "I") and not continues:
            kind, start = this, i
    if kind is not None:
        found.add((kind, start, stop))
    return found
