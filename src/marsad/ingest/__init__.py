"""Ingest, an application service: sources → readers → pipeline → store.

:mod:`.service` holds the loop (:func:`ingest`); :mod:`.spark_load` reads
analysed documents back from Parquet (a Spark run's output) so they are stored
without re-running NLP.  The store below it is persistence only.

The service (and with it the store) is imported on first use of ``ingest`` or
``IngestSummary``, so that ``marsad analyze --workers N``, whose processes use
:mod:`.workers` only, does not load it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from marsad.ingest.service import IngestSummary, ingest

__all__ = ["IngestSummary", "ingest"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from marsad.ingest import service

        return getattr(service, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
