"""The SQLite store: schema and migrations, full-text search, duplicate clustering, queries, exports.

The store never runs NLP: it keeps what the pipeline (or the Spark job) produced.
"""

from marsad.store.queries import EventFilters, Store, open_store

__all__ = ["EventFilters", "Store", "open_store"]
