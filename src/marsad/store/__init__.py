"""The SQLite store: schema and migrations, full-text search, duplicate clustering, queries, exports.

The store never runs NLP: it keeps what the pipeline (or the Spark job) produced.
"""

from marsad.store.filters import EmptyQueryError, EventFilters, Filters
from marsad.store.labels import LabelIndex
from marsad.store.queries import Store, open_store
from marsad.store.quotes import QuoteFilters

__all__ = ["EmptyQueryError", "EventFilters", "Filters", "LabelIndex", "QuoteFilters", "Store", "open_store"]
