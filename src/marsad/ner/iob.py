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
    for i, tag in enumerate((*tags, "O")):
        if tag == "O":  # most tags: it only closes an open entity
            if kind is not None:
                found.add((kind, start, i))
                kind = None
            continue
        prefix, _, this = tag.partition("-")
        continues = prefix == "I" and this == kind
        if kind is not None and not continues:
            found.add((kind, start, i))
            kind = None
        if prefix in ("B", "I") and not continues:
            kind, start = this, i
    return found
