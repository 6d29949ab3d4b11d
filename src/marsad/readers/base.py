"""What every reader yields and the context a batch is read in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from marsad.document import Document
from marsad.readers.limits import DEFAULT_LIMITS, ReadLimits

if TYPE_CHECKING:
    from marsad.readers.fetch import Fetcher


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """An input (or one record of it) that gave no document; ``reason`` is one line for the user.
    ``key``: for a record that fails the same way each time it is read again unchanged (a feed entry
    with no text), a digest of the record, by which the store remembers it between runs."""

    source: str
    reason: str
    key: str | None = None


ReadItem = Document | ReadFailure


def unexpected_failure(where: str, exc: BaseException) -> ReadFailure:
    """An error no reader foresaw, as a one-line failure of the record or input it happened in.

    Readers catch it per record (a JSON value, a ZIP member, a WARC record) so that a bug
    triggered by one bad record costs that record alone, not the rest of its file.
    """
    detail = str(exc).splitlines()[0][:200] if str(exc) else ""
    return ReadFailure(where, f"unexpected {type(exc).__name__} while reading{': ' + detail if detail else ''}")


@dataclass(slots=True)
class ReadContext:
    """Options shared by all readers of one batch; the fetcher is made on first network use."""

    published: str | None = None
    limits: ReadLimits = DEFAULT_LIMITS
    allow_private: bool = False
    allow_networks: Sequence[str] = ()
    fetcher: Fetcher | None = field(default=None)

    def get_fetcher(self) -> Fetcher:
        if self.fetcher is None:
            from marsad.readers.fetch import Fetcher

            self.fetcher = Fetcher(
                self.limits, allow_private=self.allow_private, allow_networks=self.allow_networks
            )
        return self.fetcher

    def close(self) -> None:
        if self.fetcher is not None:
            self.fetcher.close()
            self.fetcher = None
