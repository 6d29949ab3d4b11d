"""What the API needs from a document store, and the shapes it answers with.

The web layer never runs NLP and never builds SQL from strings: it asks a
:class:`Source` for pages of documents, events, places and entities under
:class:`Filters`, and turns the answers into JSON.  Two sources implement the
protocol: the SQLite store (``marsad.web.store_source``) and an in-memory set
of analysed documents (``marsad.web.memory_source``, for ``marsad analyze
--json`` output served without a database).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any, Protocol

from marsad.document import Document

JSON = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Filters:
    """Event/document filters; ``None`` means "any".  Values are data, never SQL."""

    type: str | None = None
    actor: str | None = None
    place: str | None = None
    country: str | None = None
    status: str | None = None
    since: str | None = None  # YYYY-MM-DD, inclusive
    until: str | None = None  # YYYY-MM-DD, inclusive
    source: str | None = None  # the outlet, exactly

    def active(self) -> dict[str, str]:
        return {k: v for k in self.__slots__ if (v := getattr(self, k)) is not None}


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

    def search(self, query: str, page: PageRequest) -> Page:
        """Documents matching a free-text query, best first, each with a ``snippet``.

        Raises :class:`EmptyQueryError` for a query with nothing to search for."""

    def events(self, filters: Filters, page: PageRequest) -> Page:
        """Events (see :func:`event_record`), ordered by date then document."""

    def event_summary(self, filters: Filters) -> JSON:
        """Aggregates for the map and the timeline under the same filters:
        ``{"places": [{id, name, country, lat, lon, count, types: {type: n}}],
        "days": [{day, type, count}], "types": {type: n}}``."""

    def places(self, query: str | None, country: str | None, page: PageRequest) -> Page:
        """Places with their document, mention and event counts."""

    def place(self, place_id: str) -> JSON | None:
        """One place with the documents and events that mention it."""

    def entities(self, query: str | None, entity_type: str | None, page: PageRequest) -> Page:
        """Entities grouped by (canonical name, type) with document and mention counts."""

    def entity(self, name: str, entity_type: str | None) -> JSON | None:
        """One entity with the documents and events that name it."""

    def stats(self) -> JSON:
        """Counts of documents, events, places, entities, repairs; events by type and status."""

    def ingest(self, docs: list[Document]) -> list[str]:
        """Analyse and store documents; returns their ids."""

    def data_version(self) -> Hashable:
        """A value that changes whenever any answer may change (documents added or replaced)."""


class EmptyQueryError(ValueError):
    """A search query with no searchable word."""


def event_day(event: JSON, published: str | None) -> str | None:
    """The day an event is dated to: its own date, else the article's publication day."""
    value = event.get("date") or published
    if not value or not isinstance(value, str) or len(value) < 10:
        return None
    return value[:10]


def _name_of(part: Any) -> str | None:
    if not isinstance(part, dict):
        return None
    for key in ("canonical", "name", "text"):
        value = part.get(key)
        if isinstance(value, str) and value:
            return value
    return None


def event_record(doc: JSON, index: int, event: JSON, countries: dict[str, str | None]) -> JSON:
    """One event as the API returns it, with the document it comes from.

    ``countries`` maps place ids and names in the document to their country
    code (events carry only the place name, id and coordinates).
    """
    place = dict(event.get("place") or {}) or None
    if place is not None and "country" not in place:
        place["country"] = countries.get(str(place.get("id"))) or countries.get(str(place.get("name")))
    return {
        "doc_id": doc["id"],
        "index": index,
        "title": doc.get("title"),
        "published": doc.get("published"),
        "day": event_day(event, doc.get("published")),
        "type": event.get("type"),
        "mode": event.get("mode"),
        "status": event.get("status"),
        "date": event.get("date"),
        "actor": event.get("actor"),
        "actor_name": _name_of(event.get("actor")),
        "target": event.get("target"),
        "target_name": _name_of(event.get("target")),
        "place": place,
        "source": event.get("source"),
        "source_name": _name_of(event.get("source")),
        "chain": event.get("chain") or [],
        "figures": event.get("figures") or [],
        "trigger": event.get("trigger"),
    }


def place_countries(doc: JSON) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for place in doc.get("places") or []:
        if place.get("id") is not None:
            out[str(place["id"])] = place.get("country")
        if place.get("name"):
            out[str(place["name"])] = place.get("country")
    return out


def document_summary(doc: JSON) -> JSON:
    return {
        "id": doc["id"],
        "title": doc.get("title"),
        "url": doc.get("url"),
        "source": doc.get("source"),
        "published": doc.get("published"),
        "events": len(doc.get("events") or []),
    }
