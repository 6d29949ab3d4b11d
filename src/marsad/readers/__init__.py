"""Input formats → Documents, or failures with a reason.

Every reader yields :class:`Document` objects or :class:`ReadFailure` records;
a bad input never raises out of :func:`read_inputs`, so one bad file never
loses the rest of a batch.  Inputs: ``.txt`` (encoding detected), ``.html``,
JSON Lines, JSON arrays, ZIP archives of those, WARC/WARC.gz, RSS/Atom feeds
(files or URLs), article URLs, directories (recursive) and ``-`` (stdin).
Bounds on size, depth and expansion are in :mod:`marsad.readers.limits`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from marsad.readers.base import ReadContext, ReadFailure, ReadItem, unexpected_failure
from marsad.readers.limits import DEFAULT_LIMITS, ReadLimits

__all__ = ["ReadContext", "ReadFailure", "ReadItem", "ReadLimits", "read_inputs"]


def read_inputs(
    paths: Sequence[str],
    *,
    published: str | None = None,
    allow_private: bool = False,
    allow_networks: Sequence[str] = (),
    limits: ReadLimits = DEFAULT_LIMITS,
    source: str | None = None,
) -> Iterator[ReadItem]:
    """Read every input in order, yielding documents and failures.

    ``published`` (YYYY-MM-DD) overrides any date found in the inputs; ``source`` names the outlet
    of every document read (:func:`marsad.readers.outlet.name_outlet`), whatever the readers found.
    ``allow_private`` lets URL fetching reach private/loopback addresses (tests,
    intranets); ``allow_networks`` allows only the listed networks.
    """
    from marsad.readers.dispatch import read_path
    from marsad.readers.outlet import name_outlets

    ctx = ReadContext(
        published=published, limits=limits, allow_private=allow_private, allow_networks=allow_networks
    )
    try:
        for path in paths:
            yield from name_outlets(_guarded(path, read_path(path, ctx)), source)
    finally:
        ctx.close()


def _guarded(path: str, items: Iterator[ReadItem]) -> Iterator[ReadItem]:
    """Last line of defence: an unexpected error ends this input with a failure, not the batch."""
    try:
        yield from items
    except (Exception, RecursionError, MemoryError) as exc:
        yield unexpected_failure(path, exc)
