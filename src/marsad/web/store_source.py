"""The API's :class:`~marsad.web.source.Source` over the SQLite store.

It turns HTTP-level requests into :class:`~marsad.store.Store` calls and the
answers into the API's JSON shapes; every query is the store's.  Reads use one
read-only connection per server thread (SQLite WAL lets them run while an
ingest writes); ``POST /api/ingest`` goes to the ingest service on one writer
connection.  ``marsad serve --jsonl FILE`` serves the same way from a
temporary database loaded from the file at start-up (:meth:`StoreSource.from_jsonl`).
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Hashable, Iterable, Iterator
from pathlib import Path
from typing import Any

from marsad.document import Document, Note
from marsad.ingest.provenance import build_fingerprint
from marsad.pipeline import PipelineConfig
from marsad.store import Filters, LabelIndex, Store, open_store
from marsad.store.export import report_event_id
from marsad.store.labels import NameIndexes
from marsad.store.quotes import QuoteFilters, SpeakerIndex
from marsad.store.tallies import EventTallies
from marsad.web.dates import real_day
from marsad.web.source import JSON, Page, PageRequest

LOAD_BATCH = 256  # documents per transaction when loading a JSON Lines file
EXPORT_PAGE = 1000  # event reports read at a time by an export (a turn of the event loop each)


def summary(row: dict[str, Any]) -> JSON:
    """A document row of the store as the API's document summary (``ingested_at``: when the store took it,
    so a list filtered by ``ingested_since`` says each article's moment)."""
    fields = ("id", "title", "url", "source", "published", "ingested_at")
    return {k: row.get(k) for k in fields} | {"events": row.get("n_events", 0)}


def event_json(row: dict[str, Any]) -> JSON:
    """An event report of the store (``Store.events``) in the API's event shape."""
    record: dict[str, Any] = row.get("record") or {}
    published = row.get("published")
    date = row.get("event_date")
    day_source = date or published
    place = None
    if row.get("location") or row.get("place_id") or row.get("lat") is not None:
        place = {
            "name": row.get("location"),
            "id": row.get("place_id"),
            "lat": row.get("lat"),
            "lon": row.get("lon"),
            # 1 a town's own point … 4 a country's or region's centroid, as in the exports' geo_precision
            "precision": row.get("geo_precision"),
            "country": row.get("country"),
        }
        # The place as the article wrote it, with its span into the text (a reviewed place
        # keeps the analyst's span); None when the label came from the document's places.
        written = record.get("place") or {}
        place |= {"text": written.get("text"), "start": written.get("start"), "end": written.get("end")}
    return {
        "document_id": row["document"],
        "doc_id": row["document"],  # deprecated alias of document_id (round 29), kept for this release
        "index": row.get("idx"),
        # What …/{doc_id}/{id}/review and the event detail take: the key the models gave, else i<index>.
        "id": row.get("event_key") or (f"i{row['idx']}" if row.get("idx") is not None else None),
        "title": row.get("title"),
        "outlet": row.get("outlet"),  # the news outlet that published the article (the source filter)
        "published": published,
        "day": day_source[:10] if isinstance(day_source, str) and len(day_source) >= 10 else None,
        "type": row.get("event_type"),
        "mode": row.get("mode"),
        "status": row.get("status"),
        "date": date,
        "actor": record.get("actor"),
        "actor_name": row.get("actor1"),
        "target": record.get("target"),
        "target_name": row.get("actor2"),
        "place": place,
        "source": record.get("source"),
        "source_name": row.get("claim_source"),
        "chain": row.get("chain") or [],
        # Where the text names each link of the chain (round 31; [] for a store filled before).
        "chain_spans": record.get("chain_spans") or [],
        "figures": record.get("figures") or [],
        "trigger": record.get("trigger"),
        # Set by the learned models (None for rule-only output): the trigger model's
        # probability, the event's id in its document, the dictionary ids of actor and
        # target, and how often the article mentions the event (1 + merged re-mentions).
        "confidence": row.get("confidence"),
        "event_id": row.get("event_key"),
        "actor_id": row.get("actor1_id"),
        "target_id": row.get("actor2_id"),
        "actor_confidence": row.get("actor1_confidence"),
        "target_confidence": row.get("actor2_confidence"),
        "mentions": row.get("mentions") or 1,
        # Each merged re-mention with its own status, source and chain (round 35), and the
        # distinct statuses of all the event's mentions (its own, as reviewed, first).
        "mention_spans": record.get("mentions") or [],
        "statuses": _statuses(row.get("status"), record.get("mentions")),
        # An analyst's review (POST …/review): the values above are then the reviewed ones.
        "reviewed": bool(row.get("reviewed")),
        "verdict": row.get("verdict"),
        # Who else tells it (round 37, store/corroboration.py): the outlets of the articles whose events
        # are grouped as this act (1: no group), and the group (GET /api/corroborations/{id} lists it).
        "outlets": row.get("corroboration_outlets") or 1,
        "corroboration": row.get("corroboration"),
    }


def _page_json(page: dict[str, Any] | None) -> JSON | None:
    """A place or entity page with its documents and events in the API's shapes."""
    if page is None:
        return None
    return page | {
        "documents_list": [summary(d) for d in page["documents_list"]],
        "events_list": [event_json(e) for e in page["events_list"]],
    }


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
        self._labels = LabelIndex()  # actor/place labels of this database
        self._names = NameIndexes()  # entity and place names of this database (their list filters)
        self._event_tallies = EventTallies()  # reports per type and status (/api/stats)
        self._speakers = SpeakerIndex()  # the quotes' speaker names (/api/quotes?speaker=)
        self._keep: object = None  # what must live as long as this source (a temporary database)
        _ = self.store  # open once now, so a bad path fails at start-up with the store's message
        # A connection that only asks whether another connection committed (PRAGMA data_version).
        self._watcher = open_store(self.db_path, readonly=True)
        self._watch_lock = threading.Lock()
        # Read the labels now rather than on the first filtered request (~0.5 s on a large store).
        self._labels.refresh(self.store.conn)
        # Also the places' written names (read on the first place filter otherwise: ~0.5 s on a full
        # store, paid by one request of every server process), and the entity and place name indexes.
        self._labels.names(self.store.conn, "place", "")
        self._names.refresh(self.store.conn)
        self._event_tallies.refresh(self.store.conn)
        # And the rankings of the unfiltered entity and place lists, of each entity type (0.1 s for
        # the full corpus's entities, paid here rather than by a request); kept up to date afterwards.
        conn = self.store.conn
        for entity_type in [None, *sorted({t for _, t in self._names.entity_tallies.by_group})]:
            self._names.entity_tallies.page(conn, entity_type, 1, 0)
        self._names.place_tallies.ranked_page(conn, None, 0, 1)

    @classmethod
    def from_documents(
        cls, docs: Iterable[Document], stages: list[str] | None = None, *, pipeline: PipelineConfig | None = None
    ) -> StoreSource:
        """Analysed documents served from a temporary database (removed with the source)."""
        folder = tempfile.TemporaryDirectory(prefix="marsad-serve-")
        path = Path(folder.name) / "served.db"
        with open_store(path) as store:
            batch: list[dict[str, Any]] = []
            for doc in docs:
                batch.append(doc.to_dict())
                if len(batch) >= LOAD_BATCH:
                    store.add_many(batch)
                    batch = []
            store.add_many(batch)
        source = cls(path, stages, pipeline=pipeline)
        source._keep = folder
        return source

    @classmethod
    def from_jsonl(
        cls, path: Path, stages: list[str] | None = None, *, pipeline: PipelineConfig | None = None
    ) -> tuple[StoreSource, list[str]]:
        """The documents of ``marsad analyze --json`` output; also one message per unreadable line."""
        problems: list[str] = []

        def documents() -> Iterable[Document]:
            with path.open(encoding="utf-8") as handle:
                for number, line in enumerate(handle, 1):
                    if not line.strip():
                        continue
                    try:
                        doc = Document.from_json(line)
                    except (ValueError, KeyError, TypeError) as exc:
                        problems.append(f"{path.name}:{number}: not a document ({type(exc).__name__}: {exc})")
                        continue
                    given = doc.published
                    try:
                        real_day(given)  # a real date is served as written
                    except ValueError as exc:
                        # As the file readers do: the document is kept, its impossible date is not.
                        problems.append(f"{path.name}:{number}: published {exc}; date dropped")
                        doc.notes.append(Note("date", f"unrecognised published {str(given)[:40]!r}"))
                        doc.published = None
                    yield doc

        return cls.from_documents(documents(), stages, pipeline=pipeline), problems

    @property
    def store(self) -> Store:
        found: Store | None = getattr(self._local, "store", None)
        if found is None:
            found = open_store(self.db_path, readonly=True)
            self._local.store = found
        return found

    def documents(self, filters: Filters, page: PageRequest) -> Page:
        rows = self.store.documents(limit=page.limit, offset=page.offset, filters=filters)
        return Page([summary(r) for r in rows], self.store.count_documents(filters))

    def document(self, doc_id: str) -> JSON | None:
        return self.store.document(doc_id)

    def search(self, query: str, page: PageRequest, filters: Filters | None = None) -> Page:
        rows = self.store.search(query, limit=page.limit, offset=page.offset, filters=filters)
        total = self.store.count_search(query, filters=filters)
        items = []
        for row in rows:
            item = summary(row)
            # later_versions (round 37): the article was read again with other words since; the hit is in
            # the text first stored (the versions are not searched), GET /api/documents/{id} lists them.
            item.update({k: row.get(k) for k in ("snippet", "highlights", "score", "later_versions",
                                                 "latest_version_seen")})
            items.append(item)
        return Page(items, total)

    def events(self, filters: Filters, page: PageRequest) -> Page:
        rows = self.store.events(filters, limit=page.limit, offset=page.offset, labels=self._labels)
        return Page([event_json(r) for r in rows], self.store.count_events(filters, labels=self._labels))

    def quotes(self, filters: QuoteFilters, page: PageRequest) -> Page:
        items, total = self.store.quotes(filters, limit=page.limit, offset=page.offset, speakers=self._speakers)
        return Page(items, total)

    def event_rows(self, filters: Filters) -> Iterator[JSON]:
        # Chunk by chunk on this thread's connection (a streamed answer may resume on another
        # thread), each after the last one read (keyset paging: no chunk re-reads the ones before).
        after: tuple[Any, int] | None = None
        while True:
            rows, after = self.store.event_chunk(filters, after, EXPORT_PAGE, labels=self._labels)
            yield from rows
            if after is None:
                return

    def event_table(self, filters: Filters) -> Iterator[list[tuple[Any, ...]]]:
        after: tuple[Any, int] | None = None
        while True:
            rows, after = self.store.event_table_chunk(filters, after, EXPORT_PAGE, labels=self._labels)
            yield rows
            if after is None:
                return

    def event_summary(self, filters: Filters) -> JSON:
        return self.store.event_summary(filters, labels=self._labels)

    def event_timeline(self, filters: Filters) -> JSON:
        return self.store.event_timeline(filters, labels=self._labels)

    def event_facets(self, filters: Filters) -> JSON:
        return self.store.event_facets(filters, labels=self._labels)

    def event_counts(self, filters: Filters, keys: tuple[str, ...]) -> JSON:
        from marsad.store.counts import count_events

        events = self.store.merged_events(filters, limit=-1, labels=self._labels)
        return {"by": list(keys), "events": len(events), "rows": count_events(events, keys)}

    def event_geojson(self, filters: Filters) -> tuple[JSON, int]:
        from marsad.store.export import geojson_collection

        return geojson_collection(self.store.merged_events(filters, limit=-1, labels=self._labels))

    def places(self, query: str | None, country: str | None, page: PageRequest) -> Page:
        items, total = self.store.place_list(query, country, limit=page.limit, offset=page.offset,
                                             names=self._names)
        return Page(items, total)

    def place(self, place_id: str) -> JSON | None:
        return _page_json(self.store.place_page(place_id))

    def entities(self, query: str | None, entity_type: str | None, page: PageRequest) -> Page:
        items, total = self.store.entity_list(query, entity_type, limit=page.limit, offset=page.offset,
                                              names=self._names)
        return Page(items, total)

    def entity(self, name: str, entity_type: str | None) -> JSON | None:
        return _page_json(self.store.entity_page(name, entity_type))

    def stats(self) -> JSON:
        raw = self.store.stats(merged_events=False, tallies=self._event_tallies, build=build_fingerprint())
        return {
            "documents": raw["documents"],
            "events": raw["events"],
            "places": self.store.count_places(names=self._names),
            "entities": self.store.count_entities(names=self._names),
            "repairs": raw["repairs"],
            "quotes": raw["quotes"],
            "clusters": raw.get("multi_report_clusters"),
            "events_by_type": raw["events_by_type"],
            "events_by_status": raw["events_by_status"],
            "first_day": (raw.get("published_first") or "")[:10] or None,
            "last_day": (raw.get("published_last") or "")[:10] or None,
            # analysed by another (or an unknown) Marsad: ``marsad reanalyze`` brings them up to date
            "stale_documents": raw["stale_documents"],
        }

    def event_detail(self, document: str, event: str) -> JSON | None:
        found = self.store.event_detail(document, event)
        if found is None:
            return None
        reported_by = [
            {"outlet": r.get("outlet"), "document_id": r.get("document"), "document": r.get("document"),
             "title": r.get("title"), "url": r.get("url"),
             "published": r.get("published"), "event_id": report_event_id(r.get("document"), r.get("event_key"),
                                                                          r.get("idx"))}
            for r in found["reported_by"]
        ]
        return event_json(found) | {"reported_by": reported_by, "story": found["story"],
                                    "told_by": found.get("told_by")}

    def corroboration(self, group: int) -> JSON | None:
        return self.store.corroboration(group)

    def review(self, kind: str, document: str, item: str, *, verdict: str | None, corrections: JSON,
               reviewer: str, note: str | None) -> JSON:
        with self._write_lock:
            if self._writer is None:
                self._writer = open_store(self.db_path)
            return self._writer.review(kind, document, item, verdict=verdict, corrections=corrections,
                                       reviewer=reviewer, note=note)

    def review_history(self, kind: str, document: str, item: str) -> list[JSON]:
        return self.store.review_history(kind, document, item)

    def reviews(self, page: PageRequest) -> Page:
        items, total = self.store.reviews(page.limit, page.offset)
        return Page(items, total)

    def outlets(self, filters: Filters, by: str) -> JSON:
        return self.store.outlet_activity(filters, by)

    def data_version(self) -> Hashable:
        """Changes whenever any connection (an ingest, this server's writer) commits."""
        with self._watch_lock:
            return self._watcher.data_version()

    def ingest(self, docs: list[Document]) -> list[str]:
        """Analyse and store the documents through the ingest service (the web layer's one call into it)."""
        from marsad.ingest.documents import ingest_documents

        with self._write_lock:
            if self._writer is None:
                self._writer = open_store(self.db_path)
            return ingest_documents(docs, self._writer, self.pipeline_config)


def _statuses(status: object, mentions: object) -> list[str]:
    """The event's status (as reviewed) and then each merged re-mention's own, distinct: the
    analysed record's ``statuses`` with an analyst's correction of the first."""
    out = [status] if isinstance(status, str) else []
    for mention in mentions if isinstance(mentions, list) else ():
        value = mention.get("status") if isinstance(mention, dict) else None
        if isinstance(value, str) and value not in out:
            out.append(value)
    return out
