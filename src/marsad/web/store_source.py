"""The API's :class:`~marsad.web.source.Source` over the SQLite store.

Reads go through :mod:`marsad.store.queries` on one read-only connection per
server thread (SQLite WAL lets them run while an ingest writes).  The few
answers the query layer does not give yet (map/timeline aggregates, a place or
entity page, name filters on places and entities) are the parameterised
queries in :mod:`marsad.web.store_extra`.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable
from pathlib import Path
from typing import Any

from marsad.document import Document
from marsad.pipeline import PipelineConfig
from marsad.store import fts
from marsad.store.queries import DocumentFilters, EventFilters, Store, open_store
from marsad.web import store_extra
from marsad.web.source import JSON, EmptyQueryError, Filters, Page, PageRequest
from marsad.web.store_extra import store_event


def event_filters(filters: Filters) -> EventFilters:
    return EventFilters(
        type=filters.type,
        actor=filters.actor,
        place=filters.place,
        country=filters.country,
        status=filters.status,
        since=filters.since,
        until=filters.until,
        source=filters.source,
    )


def summary(row: dict[str, Any]) -> JSON:
    return {k: row.get(k) for k in ("id", "title", "url", "source", "published")} | {"events": row.get("n_events", 0)}


class StoreSource:
    """Read-only connections per thread, one writer connection behind a lock."""

    def __init__(
        self, db_path: Path, stages: list[str] | None = None, *, pipeline: PipelineConfig | None = None
    ) -> None:
        self.db_path = db_path
        # How ingest analyses (stages None: every available stage); the pipeline is built on first use.
        self.pipeline_config = pipeline or PipelineConfig(stages=tuple(stages) if stages is not None else None)
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self._writer: Store | None = None
        self._pipeline: Any = None
        self._labels = store_extra.LabelIndex()  # actor/place labels of this database
        _ = self.store  # open once now, so a bad path fails at start-up with the store's message
        # A connection that only asks whether another connection committed (PRAGMA data_version).
        self._watcher = open_store(self.db_path, readonly=True)
        self._watch_lock = threading.Lock()
        # Read the labels now rather than on the first filtered request (~0.5 s on a large store).
        self._labels.refresh(self.store)

    @property
    def store(self) -> Store:
        found: Store | None = getattr(self._local, "store", None)
        if found is None:
            found = open_store(self.db_path, readonly=True)
            self._local.store = found
        return found

    def documents(self, filters: Filters, page: PageRequest) -> Page:
        doc_filters = DocumentFilters(source=filters.source, since=filters.since, until=filters.until)
        rows = self.store.documents(limit=page.limit, offset=page.offset, filters=doc_filters)
        return Page([summary(r) for r in rows], self.store.count_documents(doc_filters))

    def document(self, doc_id: str) -> JSON | None:
        return self.store.document(doc_id)

    def search(self, query: str, page: PageRequest) -> Page:
        try:
            rows = self.store.search(query, limit=page.limit, offset=page.offset)
            total = self.store.count_search(query)
        except fts.EmptyQueryError as exc:
            raise EmptyQueryError(str(exc)) from None
        items = []
        for row in rows:
            item = summary(row)
            item.update({k: row.get(k) for k in ("snippet", "highlights", "score")})
            items.append(item)
        return Page(items, total)

    def events(self, filters: Filters, page: PageRequest) -> Page:
        rows, total = store_extra.filtered_events(self.store, self._labels, event_filters(filters), page.limit, page.offset)
        return Page([store_event(r) for r in rows], total)

    def event_summary(self, filters: Filters) -> JSON:
        return store_extra.event_summary(self.store, self._labels, event_filters(filters))

    def places(self, query: str | None, country: str | None, page: PageRequest) -> Page:
        items, total = store_extra.places(self.store, query, country, page.limit, page.offset)
        return Page(items, total)

    def place(self, place_id: str) -> JSON | None:
        return store_extra.place(self.store, place_id)

    def entities(self, query: str | None, entity_type: str | None, page: PageRequest) -> Page:
        items, total = store_extra.entities(self.store, query, entity_type, page.limit, page.offset)
        return Page(items, total)

    def entity(self, name: str, entity_type: str | None) -> JSON | None:
        return store_extra.entity(self.store, name, entity_type)

    def stats(self) -> JSON:
        raw = self.store.stats()
        return {
            "documents": raw["documents"],
            "events": raw["events"],
            "places": self.store.count_places(),
            "entities": self.store.count_entities(),
            "repairs": raw["repairs"],
            "quotes": raw["quotes"],
            "clusters": raw.get("multi_report_clusters"),
            "events_by_type": raw["events_by_type"],
            "events_by_status": raw["events_by_status"],
            "first_day": (raw.get("published_first") or "")[:10] or None,
            "last_day": (raw.get("published_last") or "")[:10] or None,
        }

    def data_version(self) -> Hashable:
        """Changes whenever any connection (an ingest, this server's writer) commits."""
        with self._watch_lock:
            return int(self._watcher.conn.execute("PRAGMA data_version").fetchone()[0])

    def ingest(self, docs: list[Document]) -> list[str]:
        """Run the pipeline (built once, on first use) and store the documents in one transaction."""
        from marsad.pipeline import Pipeline

        with self._write_lock:
            if self._pipeline is None:
                self._pipeline = Pipeline.from_config(self.pipeline_config)
            if self._writer is None:
                self._writer = open_store(self.db_path)
            analysed = [self._pipeline(doc).to_dict() for doc in docs]
            self._writer.add_many(analysed)
        return [str(d["id"]) for d in analysed]
