"""What the API needs from a document store, and the shapes it answers with.

The web layer never runs NLP and never writes SQL: it asks a :class:`Source`
for pages of documents, events, places and entities under the store's one
:class:`~marsad.store.filters.Filters`, and turns the answers into JSON.  The
source is the SQLite store (``marsad.web.store_source``), whether a database
file or the output of ``marsad analyze --json`` loaded into a temporary one.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from marsad.document import Document
from marsad.store.filters import EmptyQueryError, Filters
from marsad.store.quotes import QuoteFilters

JSON = dict[str, Any]


@dataclass(frozen=True, slots=True)
class PageRequest:
    limit: int = 50
    offset: int = 0


@dataclass(slots=True)
class Page:
    items: list[JSON]
    total: int
    extra: JSON = field(default_factory=dict)

    def to_json(self, request: PageRequest) -> JSON:
        return {"items": self.items, "total": self.total, "limit": request.limit, "offset": request.offset, **self.extra}


class Source(Protocol):
    """Read (and optionally write) access to analysed documents."""

    def documents(self, filters: Filters, page: PageRequest) -> Page:
        """Document summaries (id, title, url, source, published, counts), newest first.

        Only ``since``, ``until`` and ``source`` apply to documents."""

    def document(self, doc_id: str) -> JSON | None:
        """The full ``Document.to_dict()`` of one document, or ``None``."""

    def search(self, query: str, page: PageRequest, filters: Filters | None = None) -> Page:
        """Documents matching a free-text query, best first, each with a ``snippet``; ``since``,
        ``until`` and ``source`` of ``filters`` apply, as to :meth:`documents`.

        Raises :class:`EmptyQueryError` for a query with nothing to search for."""

    def events(self, filters: Filters, page: PageRequest) -> Page:
        """Events (see :func:`marsad.web.store_source.event_json`), newest first."""

    def quotes(self, filters: QuoteFilters, page: PageRequest) -> Page:
        """Quotes across the documents with their speaker and document, newest document first
        (see :mod:`marsad.store.quotes`)."""

    def event_rows(self, filters: Filters) -> Iterator[JSON]:
        """Every event report under ``filters`` as a store row (``Store.events``), in the order of
        :meth:`events`, read page by page (for the exports: any size, bounded memory)."""

    def event_table(self, filters: Filters) -> Iterator[list[tuple[Any, ...]]]:
        """The reports of :meth:`event_rows` as chunks of the flat export table
        (``marsad.store.export.REPORT_COLUMNS`` order, ``reviewed`` 0/1): what the CSV and
        Parquet exports write."""

    def event_summary(self, filters: Filters) -> JSON:
        """Aggregates for the map and the timeline under the same filters:
        ``{"places": [{id, name, country, lat, lon, count, types: {type: n}}],
        "days": [{day, type, count}], "types": {type: n}}``."""

    def event_timeline(self, filters: Filters) -> JSON:
        """For the timeline (:func:`marsad.store.overview.timeline`): reports and articles per
        publication day, reports per event date at its precision, and the publication period."""

    def event_facets(self, filters: Filters) -> JSON:
        """Report counts by type, status, country and source (outlet), each under the other filters."""

    def event_counts(self, filters: Filters, keys: tuple[str, ...]) -> JSON:
        """Merged events counted by ``keys`` (:func:`marsad.store.counts.count_events`): ``{"by": keys,
        "events": total, "rows": [...]}``, as ``marsad events --count-by`` counts them."""

    def event_geojson(self, filters: Filters) -> tuple[JSON, int]:
        """Merged events as ``marsad events --format geojson`` writes them
        (:func:`marsad.store.export.geojson_collection`): the FeatureCollection and how many events
        were left out for want of coordinates."""

    def places(self, query: str | None, country: str | None, page: PageRequest) -> Page:
        """Places with their document, mention and event counts."""

    def place(self, place_id: str) -> JSON | None:
        """One place with the documents and events that mention it."""

    def entities(self, query: str | None, entity_type: str | None, page: PageRequest) -> Page:
        """Entities grouped by (canonical name, type) with document and mention counts."""

    def entity(self, name: str, entity_type: str | None) -> JSON | None:
        """One entity with the documents and events that name it."""

    def stats(self) -> JSON:
        """Counts of documents, events, places, entities, repairs; events by type and status; documents
        analysed by another (or an unknown) Marsad (``stale_documents``)."""

    def ingest(self, docs: list[Document]) -> list[str]:
        """Analyse and store documents; returns their ids."""

    def event_detail(self, document: str, event: str) -> JSON | None:
        """One event (the :meth:`events` shape) with ``reported_by`` (the reports of the same event in
        its story: outlet, document, title, url, published, event_id) and ``story`` ({id, size,
        outlets}); None when the document or event is unknown."""

    def corroboration(self, group: int) -> JSON | None:
        """One corroboration group (the articles of other outlets telling the same act): ``id``,
        ``documents``, ``outlets``, ``outlet_names``, ``sources`` and its ``reports``; None: unknown."""

    def review(self, kind: str, document: str, item: str, *, verdict: str | None, corrections: JSON,
               reviewer: str, note: str | None) -> JSON:
        """Judge or correct one event or quote; the history entry.  Raises the store's
        ``ReviewTargetMissing`` (unknown item) or ``ReviewError`` (cannot be applied)."""

    def review_history(self, kind: str, document: str, item: str) -> list[JSON]:
        """Every review of one event or quote, oldest first (raises ``ReviewTargetMissing``)."""

    def reviews(self, page: PageRequest) -> Page:
        """Every review, newest first."""

    def outlets(self, filters: Filters, by: str) -> JSON:
        """Articles and events per outlet, in total and per ``by`` (day or month) of publication."""

    def data_version(self) -> Hashable:
        """A value that changes whenever any answer may change (documents added or replaced)."""


__all__ = ["JSON", "EmptyQueryError", "Filters", "Page", "PageRequest", "Source"]
