"""A :class:`~marsad.web.source.Source` over analysed documents held in memory.

Serves the JSON Lines written by ``marsad analyze --json`` without a database
(``marsad serve --jsonl FILE``).  Every query is a scan, so it suits a few
thousand documents; the SQLite store is the source for a real corpus.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import Any

import regex

from marsad.document import Document
from marsad.text.normalize import normalize_view
from marsad.web.source import (
    JSON,
    EmptyQueryError,
    Filters,
    Page,
    PageRequest,
    document_summary,
    event_record,
    place_countries,
)

_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")


def _fold(text: str) -> str:
    """Matching form of a query or a field: normalised Arabic, case-folded."""
    return normalize_view(text).text.casefold()


_LABEL_KEYS = ("text", "canonical", "name", "id", "admin1")


def _contains(haystack: Any, needle: str) -> bool:
    if isinstance(haystack, str):
        return needle in _fold(haystack)
    if isinstance(haystack, dict):
        # The same labels the store's filters look at: names, the words as written, the governorate.
        return any(_contains(v, needle) for k, v in haystack.items() if k in _LABEL_KEYS)
    return False


class MemorySource:
    """Analysed documents in a list; thread-safe for concurrent readers and one writer."""

    def __init__(self, docs: Iterable[Document] = (), analyse: Callable[[Document], Document] | None = None) -> None:
        self._lock = threading.Lock()
        self._docs: dict[str, JSON] = {}
        self._analyse = analyse
        self._version = 0  # counts ingests: answers may differ after each
        for doc in docs:
            self._docs[doc.id] = doc.to_dict()

    @classmethod
    def from_jsonl(cls, path: Path) -> tuple[MemorySource, list[str]]:
        """Load documents; returns the source and one message per unreadable line."""
        docs: list[Document] = []
        problems: list[str] = []
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    docs.append(Document.from_json(line))
                except (ValueError, KeyError, TypeError) as exc:
                    problems.append(f"{path.name}:{number}: not a document ({type(exc).__name__}: {exc})")
        return cls(docs), problems

    def _snapshot(self) -> list[JSON]:
        with self._lock:
            docs = list(self._docs.values())
        docs.sort(key=lambda d: (d.get("published") or "", d["id"]), reverse=True)
        return docs

    # -- documents ---------------------------------------------------------------
    @staticmethod
    def _doc_matches(doc: JSON, filters: Filters) -> bool:
        published = (doc.get("published") or "")[:10]
        if filters.since and (not published or published < filters.since):
            return False
        if filters.until and (not published or published > filters.until):
            return False
        return not (filters.source and doc.get("source") != filters.source)

    def documents(self, filters: Filters, page: PageRequest) -> Page:
        found = [d for d in self._snapshot() if self._doc_matches(d, filters)]
        items = [document_summary(d) for d in found[page.offset : page.offset + page.limit]]
        return Page(items, len(found))

    def document(self, doc_id: str) -> JSON | None:
        with self._lock:
            return self._docs.get(doc_id)

    def search(self, query: str, page: PageRequest) -> Page:
        """Documents containing every word of the query (normalised), most hits first."""
        words = _WORD.findall(_fold(query))
        if not words:
            raise EmptyQueryError(f"nothing to search for in {query!r}")
        scored: list[tuple[int, JSON, int]] = []
        for doc in self._snapshot():
            folded = _fold((doc.get("title") or "") + "\n" + doc["clean_text"])
            counts = [folded.count(w) for w in words]
            if all(counts):
                scored.append((sum(counts), doc, _fold(doc["clean_text"]).find(words[0])))
        scored.sort(key=lambda item: -item[0])
        items = []
        for _, doc, pos in scored[page.offset : page.offset + page.limit]:
            summary = document_summary(doc)
            text = doc["clean_text"]
            start = max(0, pos - 60) if pos >= 0 else 0
            summary["snippet"] = text[start : start + 160].replace("\n", " ")
            items.append(summary)
        return Page(items, len(scored))

    # -- events ------------------------------------------------------------------
    @staticmethod
    def _event_matches(record: JSON, filters: Filters) -> bool:
        if filters.type and str(record["type"]).upper() != filters.type.upper():
            return False
        if filters.status and record["status"] != filters.status:
            return False
        if filters.actor and not _contains(record["actor"], _fold(filters.actor)):
            return False
        place = record["place"] or {}
        if filters.place and not (_contains(place, _fold(filters.place)) or place.get("id") == filters.place):
            return False
        if filters.country and (place.get("country") or "").upper() != filters.country.upper():
            return False
        day = record["day"]
        if filters.since and (day is None or day < filters.since):
            return False
        return not (filters.until and (day is None or day > filters.until))

    def _all_events(self, filters: Filters) -> list[JSON]:
        out: list[JSON] = []
        for doc in self._snapshot():
            if filters.source and doc.get("source") != filters.source:
                continue
            countries = place_countries(doc)
            for i, ev in enumerate(doc.get("events") or []):
                record = event_record(doc, i, ev, countries)
                if self._event_matches(record, filters):
                    out.append(record)
        out.sort(key=lambda r: (r["day"] or "", r["doc_id"], r["index"]), reverse=True)
        return out

    def events(self, filters: Filters, page: PageRequest) -> Page:
        found = self._all_events(filters)
        return Page(found[page.offset : page.offset + page.limit], len(found))

    def event_summary(self, filters: Filters) -> JSON:
        places: dict[str, JSON] = {}
        days: Counter[tuple[str, str]] = Counter()
        types: Counter[str] = Counter()
        for record in self._all_events(filters):
            etype = record["type"] or "unknown"
            types[etype] += 1
            if record["day"]:
                days[(record["day"], etype)] += 1
            place = record["place"]
            if place and place.get("lat") is not None and place.get("lon") is not None:
                key = str(place.get("id") or place.get("name"))
                entry = places.setdefault(
                    key,
                    {
                        "id": place.get("id"),
                        "name": place.get("name"),
                        "country": place.get("country"),
                        "lat": place["lat"],
                        "lon": place["lon"],
                        "count": 0,
                        "types": Counter(),
                    },
                )
                entry["count"] += 1
                entry["types"][etype] += 1
        return {
            "places": sorted(
                ({**p, "types": dict(p["types"])} for p in places.values()), key=lambda p: -int(p["count"])
            ),
            "days": [{"day": d, "type": t, "count": n} for (d, t), n in sorted(days.items())],
            "types": dict(types.most_common()),
        }

    # -- places and entities -----------------------------------------------------
    def _place_index(self) -> dict[str, JSON]:
        index: dict[str, JSON] = {}
        for doc in self._snapshot():
            countries = place_countries(doc)
            event_places = Counter(
                str((ev.get("place") or {}).get("id") or (ev.get("place") or {}).get("name"))
                for ev in doc.get("events") or []
                if ev.get("place")
            )
            for place in doc.get("places") or []:
                key = str(place.get("id") or place.get("name"))
                entry = index.setdefault(
                    key,
                    {
                        "id": place.get("id"),
                        "name": place.get("canonical") or place.get("name"),
                        "names": [],
                        "country": place.get("country") or countries.get(key),
                        "admin1": place.get("admin1"),
                        "lat": place.get("lat"),
                        "lon": place.get("lon"),
                        "documents": 0,
                        "mentions": 0,
                        "events": 0,
                        "doc_ids": [],
                    },
                )
                if place.get("name") and place["name"] not in entry["names"]:
                    entry["names"].append(place["name"])
                entry["documents"] += 1
                entry["mentions"] += len(place.get("mentions") or [])
                entry["events"] += event_places.get(key, 0)
                entry["doc_ids"].append(doc["id"])
        return index

    def places(self, query: str | None, country: str | None, page: PageRequest) -> Page:
        needle = _fold(query) if query else None
        found = [
            {k: v for k, v in p.items() if k != "doc_ids"}
            for p in self._place_index().values()
            if (needle is None or any(needle in _fold(n) for n in [*p["names"], p["name"] or ""]))
            and (country is None or (p["country"] or "").upper() == country.upper())
        ]
        found.sort(key=lambda p: (-p["events"], -p["documents"], p["name"] or ""))
        return Page(found[page.offset : page.offset + page.limit], len(found))

    def place(self, place_id: str) -> JSON | None:
        entry = self._place_index().get(place_id)
        if entry is None:
            return None
        docs = [self._docs[i] for i in entry["doc_ids"] if i in self._docs]
        events = [
            event_record(d, i, ev, place_countries(d))
            for d in docs
            for i, ev in enumerate(d.get("events") or [])
            if str((ev.get("place") or {}).get("id") or (ev.get("place") or {}).get("name")) == place_id
        ]
        return {
            **{k: v for k, v in entry.items() if k != "doc_ids"},
            "documents_list": [document_summary(d) for d in docs[:100]],
            "events_list": events[:500],
        }

    def _entity_index(self) -> dict[tuple[str, str], JSON]:
        index: dict[tuple[str, str], JSON] = {}
        for doc in self._snapshot():
            per_doc: defaultdict[tuple[str, str], int] = defaultdict(int)
            for ent in doc.get("entities") or []:
                per_doc[(ent.get("canonical") or ent["text"], ent["type"])] += 1
            for (name, etype), mentions in per_doc.items():
                entry = index.setdefault(
                    (name, etype),
                    {"name": name, "type": etype, "documents": 0, "mentions": 0, "doc_ids": []},
                )
                entry["documents"] += 1
                entry["mentions"] += mentions
                entry["doc_ids"].append(doc["id"])
        return index

    def entities(self, query: str | None, entity_type: str | None, page: PageRequest) -> Page:
        needle = _fold(query) if query else None
        found = [
            {k: v for k, v in e.items() if k != "doc_ids"}
            for e in self._entity_index().values()
            if (needle is None or needle in _fold(e["name"])) and (entity_type is None or e["type"] == entity_type)
        ]
        found.sort(key=lambda e: (-e["documents"], -e["mentions"], e["name"]))
        return Page(found[page.offset : page.offset + page.limit], len(found))

    def entity(self, name: str, entity_type: str | None) -> JSON | None:
        matches = [e for (n, t), e in self._entity_index().items() if n == name and entity_type in (None, t)]
        if not matches:
            return None
        entry = matches[0]
        docs = [self._docs[i] for i in entry["doc_ids"] if i in self._docs]
        events = [
            event_record(d, i, ev, place_countries(d))
            for d in docs
            for i, ev in enumerate(d.get("events") or [])
            if _contains(ev.get("actor"), _fold(name)) or _contains(ev.get("target"), _fold(name))
        ]
        return {
            **{k: v for k, v in entry.items() if k != "doc_ids"},
            "documents_list": [document_summary(d) for d in docs[:100]],
            "events_list": events[:500],
        }

    # -- counts and writes -------------------------------------------------------
    def stats(self) -> JSON:
        docs = self._snapshot()
        types: Counter[str] = Counter()
        statuses: Counter[str] = Counter()
        for doc in docs:
            for ev in doc.get("events") or []:
                types[ev.get("type") or "unknown"] += 1
                statuses[ev.get("status") or "unknown"] += 1
        days = sorted(d["published"][:10] for d in docs if d.get("published"))
        return {
            "documents": len(docs),
            "events": sum(types.values()),
            "places": len(self._place_index()),
            "entities": len(self._entity_index()),
            "repairs": sum(len(d.get("repairs") or []) for d in docs),
            "events_by_type": dict(types.most_common()),
            "events_by_status": dict(statuses.most_common()),
            "first_day": days[0] if days else None,
            "last_day": days[-1] if days else None,
        }

    def ingest(self, docs: list[Document]) -> list[str]:
        analysed = [self._analyse(doc) if self._analyse else doc for doc in docs]
        with self._lock:
            for doc in analysed:
                self._docs[doc.id] = doc.to_dict()
            self._version += 1
        return [doc.id for doc in analysed]

    def data_version(self) -> Hashable:
        return self._version
