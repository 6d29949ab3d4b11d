"""The document: an immutable original text and annotations that are spans into it.

Every annotation (repair, boilerplate line, entity, place mention, time, quote,
event trigger) is a ``[start, end)`` character span into :attr:`Document.text`
and ``text[start:end]`` is its surface.  Derived views (the repaired
``clean_text`` and the normalised matching view) are computed from the text and
the repairs, with offset maps back to the text.

This module imports nothing from the rest of the package but ``marsad.text``.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable, Collection, Hashable
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, ClassVar, TypeVar

from marsad.errors import MarsadError
from marsad.text.normalize import normalize_view
from marsad.text.offsets import TextView, ViewBuilder

SCHEMA_VERSION = 1


# -- serialisation helpers ----------------------------------------------------------------
# Document.to_dict runs for every document of an ingest; dataclasses.asdict
# inspects every value it copies, which made it a hot spot.  These copy the same
# way (dicts, lists and tuples anew, records as dicts, other values shared when
# immutable) with the field names looked up once per record type.
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(kind: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = _FIELD_NAMES[kind] = tuple(f.name for f in fields(kind))
    return names


_ATOMIC = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    """A deep copy of ``value`` as ``dataclasses.asdict`` makes it."""
    kind = type(value)
    if kind in _ATOMIC:
        return value
    if kind is dict:
        return {key: _plain(item) for key, item in value.items()}
    if kind is list:
        return [_plain(item) for item in value]
    if kind is tuple:
        return tuple(_plain(item) for item in value)
    if is_dataclass(value) and not isinstance(value, type):
        return {name: _plain(getattr(value, name)) for name in _field_names(kind)}
    return copy.deepcopy(value)

def _json_default(value: Any) -> Any:
    """What :meth:`Document.to_json` writes for a value JSON has no form for: a record as its dict."""
    if is_dataclass(value) and not isinstance(value, type):
        return _plain(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


_Derived = TypeVar("_Derived")


class SpanError(MarsadError, ValueError):
    """An annotation whose offsets do not match the document text."""


@dataclass(slots=True)
class Repair:
    start: int
    end: int
    original: str
    replacement: str
    kind: str


@dataclass(slots=True)
class Boilerplate:
    start: int
    end: int
    kind: str


@dataclass(slots=True)
class Entity:
    start: int
    end: int
    text: str
    type: str
    canonical: str | None = None
    id: str | None = None


@dataclass(slots=True)
class Place:
    id: str | None
    name: str
    canonical: str | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    precision: int | None
    mentions: list[list[int]] = field(default_factory=list)
    feature: str | None = None
    candidates: int = 0


@dataclass(slots=True)
class TimeExpression:
    start: int
    end: int
    text: str
    value: str
    granularity: str


@dataclass(slots=True)
class Quote:
    start: int
    end: int
    cue: dict[str, Any]
    speaker: dict[str, Any] | None
    content: dict[str, Any]
    direct: bool
    chain: list[str] = field(default_factory=list)
    speaker_reason: str | None = None
    # Where the text names each link of ``chain`` (``{"name", "text", "start", "end"}``, offsets None
    # when it names none): :mod:`marsad.attribution.chain_spans`.
    chain_spans: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class Event:
    type: str
    mode: str | None
    trigger: dict[str, Any]
    actor: dict[str, Any] | None
    target: dict[str, Any] | None
    place: dict[str, Any] | None
    date: str | None
    status: str
    source: dict[str, Any] | None
    chain: list[str] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    # Set by the learned models: the trigger model's probability, the event's id in its
    # document, and the re-mentions merged into this event: each its trigger span with its own
    # ``status``, ``source``, ``chain``, ``chain_spans`` and ``confidence`` (round 35; spans alone before).
    confidence: float | None = None
    id: str | None = None
    mentions: list[dict[str, Any]] = field(default_factory=list)
    # Where the text names each link of ``chain`` (as for quotes): the relays' offsets too.
    chain_spans: list[dict[str, Any]] = field(default_factory=list)
    # The distinct statuses of the event's mentions, its own (``status``, the first mention's) first,
    # then the re-mentions' in text order: a claim and its denial merged into one event give
    # ``["claimed", "denied"]`` (round 35; [] in a record made before).
    statuses: list[str] = field(default_factory=list)


@dataclass(slots=True)
class StageError:
    stage: str
    message: str


@dataclass(slots=True)
class Note:
    """Something a reader or stage wants the user to know (e.g. the detected encoding)."""

    kind: str
    message: str


# Annotation lists and the record type each holds, in contract order.
ANNOTATION_TYPES: dict[str, type] = {
    "repairs": Repair,
    "boilerplate": Boilerplate,
    "entities": Entity,
    "places": Place,
    "times": TimeExpression,
    "quotes": Quote,
    "events": Event,
    "errors": StageError,
    "notes": Note,
}


def _record_from_dict(cls: type, data: dict[str, Any]) -> Any:
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})


def _hash_bytes(value: str) -> bytes:
    """The bytes an id hashes: UTF-8, total on any ``str``.

    ``surrogatepass`` gives the same bytes as plain UTF-8 for every real character (so ids
    of ordinary text never change) and also encodes a lone surrogate (as from a JSON
    ``\\udfff`` escape), where strict UTF-8 would raise.
    """
    return value.encode("utf-8", "surrogatepass")


def text_id(text: str) -> str:
    """Stable id of a text without URL: a hash of its whitespace-folded form."""
    folded = " ".join(text.split())
    return "sha1:" + hashlib.sha1(_hash_bytes(folded)).hexdigest()[:20]


def url_id(url: str) -> str:
    return "url:" + hashlib.sha1(_hash_bytes(url.strip())).hexdigest()[:20]


class Document:
    """One article: immutable ``text`` plus span annotations."""

    # ``source_id``: the input record's own id (a crawl's or a dataset's), kept as given; ``id`` is
    # Marsad's, derived from the URL or the text so that re-ingesting the same article is recognised.
    _SCALARS: ClassVar[tuple[str, ...]] = ("id", "source", "url", "title", "published", "source_id")

    __slots__ = (
        "_derived",
        "_text",
        "_views",
        "boilerplate",
        "entities",
        "errors",
        "events",
        "id",
        "notes",
        "places",
        "published",
        "published_detected",
        "quotes",
        "repairs",
        "source",
        "source_id",
        "times",
        "title",
        "url",
    )

    def __init__(
        self,
        text: str,
        *,
        id: str | None = None,
        source: str | None = None,
        url: str | None = None,
        title: str | None = None,
        published: str | None = None,
        source_id: str | None = None,
    ) -> None:
        self._text = text
        self.id = id or (url_id(url) if url else text_id(text))
        self.source = source
        self.url = url
        self.title = title
        self.published = published
        self.source_id = source_id
        self.published_detected = False
        self.repairs: list[Repair] = []
        self.boilerplate: list[Boilerplate] = []
        self.entities: list[Entity] = []
        self.places: list[Place] = []
        self.times: list[TimeExpression] = []
        self.quotes: list[Quote] = []
        self.events: list[Event] = []
        self.errors: list[StageError] = []
        self.notes: list[Note] = []
        self._views: dict[str, TextView] = {}
        self._derived: dict[str, tuple[Hashable, Any]] = {}

    # -- the text and its views -------------------------------------------------
    @property
    def text(self) -> str:
        return self._text

    def __len__(self) -> int:
        return len(self._text)

    def __repr__(self) -> str:
        return f"Document(id={self.id!r}, chars={len(self._text)}, title={self.title!r})"

    def invalidate_views(self) -> None:
        """Forget cached views (call after changing ``repairs``)."""
        self._views.clear()
        self._derived.clear()

    def release_derived(self) -> None:
        """Drop the analyses kept with the document (:meth:`derived`), keeping the views.

        An analysis refers back to its document (the attribution analysis holds ``doc``), so a document
        that keeps one is a reference cycle: dropped by its caller, it and its tokens wait for the
        garbage collector, whose young-generation passes then walk every such document.  The pipeline
        releases them once its last stage has run, so a dropped document is freed at once; an analysis
        asked for again is rebuilt, the same.  An analysis with a ``release()`` method is asked to break
        its own cycles first (the attribution analysis and its phrase finder refer to each other)."""
        for _key, value in self._derived.values():
            release = getattr(value, "release", None)
            if callable(release):
                release()
        self._derived.clear()

    def derived(self, name: str, key: Hashable, build: Callable[[Document], _Derived]) -> _Derived:
        """An analysis of this document computed by a layer above, kept with the document.

        ``build(self)`` runs once per ``key``: the caller keys it on what the analysis reads
        (e.g. the entities' spans), so a change to those rebuilds it.  Cleared with the views.
        """
        entry = self._derived.get(name)
        if entry is not None and entry[0] == key:
            value: _Derived = entry[1]
            return value
        value = build(self)
        self._derived[name] = (key, value)
        return value

    def built_derived(self, name: str, key: Hashable) -> Any:
        """The analysis ``name`` kept with :meth:`derived` for ``key`` when it has been built, else None."""
        entry = self._derived.get(name)
        return entry[1] if entry is not None and entry[0] == key else None

    def built_view(self, name: str) -> TextView | None:
        """The view ``name`` (``clean``, ``matching``) when it has been built already, else None:
        for a caller that can use it but should not pay for building it."""
        return self._views.get(name)

    @property
    def clean(self) -> TextView:
        """The repaired text with its map back to ``text``."""
        view = self._views.get("clean")
        if view is None:
            view = self._build_clean()
            self._views["clean"] = view
        return view

    @property
    def clean_text(self) -> str:
        return self.clean.text

    @property
    def matching(self) -> TextView:
        """The normalised matching view of the repaired text, mapped back to ``text``."""
        view = self._views.get("matching")
        if view is None:
            clean = self.clean
            normal = normalize_view(clean.text)
            view = TextView(normal.text, normal.offsets.compose(clean.offsets))
            self._views["matching"] = view
        return view

    def _build_clean(self) -> TextView:
        builder = ViewBuilder(len(self._text))
        pos = 0
        for repair in sorted(self.repairs, key=lambda r: r.start):
            if repair.start < pos:
                continue  # overlapping repairs are rejected by validate(); be safe here
            builder.copy(self._text[pos : repair.start], pos)
            builder.replace(repair.replacement, repair.start, repair.end)
            pos = repair.end
        builder.copy(self._text[pos:], pos)
        text, offsets = builder.build()
        return TextView(text, offsets)

    def is_boilerplate(self, start: int, end: int) -> bool:
        """True when the original span lies inside a boilerplate span."""
        boilerplate = self.boilerplate
        # (most articles have none: asked of every scanned name, no generator is made for an empty list)
        return bool(boilerplate) and any(b.start <= start and end <= b.end for b in boilerplate)

    # -- offsets are checked here, once ----------------------------------------
    def check_span(self, start: int, end: int, surface: str | None = None) -> None:
        if not (isinstance(start, int) and isinstance(end, int)):
            raise SpanError(f"offsets must be integers, got {start!r}, {end!r}")
        if not 0 <= start <= end <= len(self._text):
            raise SpanError(f"span [{start}, {end}) outside text of length {len(self._text)}")
        if surface is not None and self._text[start:end] != surface:
            raise SpanError(
                f"span [{start}, {end}) reads {self._text[start:end]!r}, annotation says {surface!r}"
            )

    def span_problems(self, lists: Collection[str] | None = None) -> list[str]:
        """Every offset problem in the document's annotations (empty when all is well); ``lists``: only
        in these annotation lists (the pipeline checks what a stage wrote, not again what earlier
        stages wrote and it left as it was: the text never changes)."""
        problems: list[str] = []

        def check(start: int, end: int, surface: str | None, what: str) -> None:
            try:
                self.check_span(start, end, surface)
            except SpanError as exc:
                problems.append(f"{what}: {exc}")

        def wanted(name: str) -> bool:
            return lists is None or name in lists

        if wanted("repairs"):
            last_end = 0
            for r in sorted(self.repairs, key=lambda r: r.start):
                check(r.start, r.end, r.original, "repair")
                if r.start < last_end:
                    problems.append(f"repair [{r.start}, {r.end}) overlaps another repair")
                last_end = max(last_end, r.end)
        if wanted("boilerplate"):
            for b in self.boilerplate:
                check(b.start, b.end, None, "boilerplate")
        if wanted("entities"):
            for e in self.entities:
                check(e.start, e.end, e.text, "entity")
        if wanted("places"):
            for p in self.places:
                for m in p.mentions:
                    check(m[0], m[1], None, f"place {p.name}")
        if wanted("times"):
            for t in self.times:
                check(t.start, t.end, t.text, "time")
        if wanted("quotes"):
            for q in self.quotes:
                check(q.start, q.end, None, "quote")
                for part in ("cue", "content", "speaker"):
                    sub = getattr(q, part)
                    if sub:
                        check(sub["start"], sub["end"], sub.get("text"), f"quote {part}")
                for link in q.chain_spans or ():
                    if isinstance(link.get("start"), int):
                        check(link["start"], int(link.get("end", -1)), link.get("text"), "quote chain link")
        if wanted("events"):
            for ev in self.events:
                trig = ev.trigger
                check(trig["start"], trig["end"], trig.get("text"), "event trigger")
                # Parties, place and source are spans when they carry offsets (a dictionary name or a
                # chain link alone has none); merged re-mentions always are.
                for part in ("actor", "target", "place", "source"):
                    value = getattr(ev, part)
                    if isinstance(value, dict) and isinstance(value.get("start"), int):
                        check(value["start"], int(value.get("end", -1)), value.get("text"), f"event {part}")
                for mention in ev.mentions or ():
                    check(mention["start"], mention["end"], mention.get("text"), "event mention")
                    source = mention.get("source")
                    if isinstance(source, dict) and isinstance(source.get("start"), int):
                        check(source["start"], int(source.get("end", -1)), source.get("text"), "event mention source")
                    for link in mention.get("chain_spans") or ():
                        if isinstance(link.get("start"), int):
                            check(link["start"], int(link.get("end", -1)), link.get("text"), "event mention chain link")
                for link in ev.chain_spans or ():
                    if isinstance(link.get("start"), int):
                        check(link["start"], int(link.get("end", -1)), link.get("text"), "event chain link")
        return problems

    # -- serialisation ---------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return self._as_dict(deep=True)

    def _as_dict(self, *, deep: bool, clean: bool = True) -> dict[str, Any]:
        """:meth:`to_dict`; ``deep=False``: the records' field values as they are (shared, not copied),
        for an encoder that only reads them; ``clean=False``: without ``clean_text`` (derived from the
        text and the repairs, which :meth:`from_dict` rebuilds it from)."""
        data: dict[str, Any] = {name: getattr(self, name) for name in self._SCALARS}
        data["text"] = self._text
        if clean:
            data["clean_text"] = self.clean_text
        atomic = _ATOMIC
        for name, kind in ANNOTATION_TYPES.items():
            names = _field_names(kind)
            records = getattr(self, name)
            if deep:  # (most values are atomic: kept without a call)
                data[name] = [
                    {field: value if type(value := getattr(record, field)) in atomic else _plain(value)
                     for field in names}
                    for record in records
                ]
            else:
                data[name] = [{field: getattr(record, field) for field in names} for record in records]
        data["published_detected"] = self.published_detected
        return data

    def to_json(self, **kwargs: Any) -> str:
        # The JSON of to_dict() without its deep copy: the encoder only reads the values; a record nested
        # in a value (none today) is written as to_dict() writes it.
        kwargs.setdefault("default", _json_default)
        return json.dumps(self._as_dict(deep=False), ensure_ascii=False, **kwargs)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        doc = cls(
            data["text"],
            id=data.get("id"),
            source=data.get("source"),
            url=data.get("url"),
            title=data.get("title"),
            published=data.get("published"),
            source_id=data.get("source_id"),
        )
        doc.published_detected = bool(data.get("published_detected", False))
        for name, record_type in ANNOTATION_TYPES.items():
            setattr(doc, name, [_record_from_dict(record_type, item) for item in data.get(name) or []])
        return doc

    @classmethod
    def from_json(cls, line: str) -> Document:
        return cls.from_dict(json.loads(line))

    def __getstate__(self) -> dict[str, Any]:
        # Without ``clean_text``, which __setstate__ (from_dict) derives again: a document sent to a
        # worker process is not repaired in the sending process, nor is its text sent twice.
        return self._as_dict(deep=True, clean=False)

    def __setstate__(self, state: dict[str, Any]) -> None:
        other = Document.from_dict(state)
        for name in Document.__slots__:
            setattr(self, name, getattr(other, name))
