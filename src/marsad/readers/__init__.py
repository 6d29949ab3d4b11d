"""Input formats → Documents, or failures with a reason.

Every reader yields :class:`Document` objects or :class:`ReadFailure` records;
a bad input never raises out of :func:`read_inputs`, so one bad file never
loses the rest of a batch.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from marsad.document import Document


@dataclass(frozen=True, slots=True)
class ReadFailure:
    source: str
    reason: str


ReadItem = Document | ReadFailure


def read_inputs(paths: Sequence[str], *, published: str | None = None) -> Iterator[ReadItem]:
    """Read every path (``-`` for stdin) in order, yielding documents and failures."""
    from marsad.readers.dispatch import read_path

    for path in paths:
        yield from read_path(path, published=published)
