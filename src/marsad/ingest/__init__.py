"""Ingest, an application service: sources → readers → pipeline → store.

:mod:`.service` holds the loop (:func:`ingest`); :mod:`.spark_load` reads
analysed documents back from Parquet (a Spark run's output) so they are stored
without re-running NLP.  The store below it is persistence only.
"""

from marsad.ingest.service import IngestSummary, ingest

__all__ = ["IngestSummary", "ingest"]
