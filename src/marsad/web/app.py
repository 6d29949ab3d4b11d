"""The JSON API and the offline dashboard (``marsad serve``).

Read-only unless a token is configured: ``POST /api/ingest`` then needs
``Authorization: Bearer <token>``.  Every error answers with one shape,
``{"error": {"code", "message", "details"}}``; pages are capped at
:data:`MAX_PAGE` items and request bodies at ``max_body`` bytes.
"""

from __future__ import annotations

import asyncio
import gc
import hashlib
import json
import logging
import tempfile
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi import Path as PathParam
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response, StreamingResponse
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from pydantic import AfterValidator, BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from marsad.document import Document
from marsad.errors import MarsadError
from marsad.pipeline import PipelineConfig
from marsad.store.filters import EmptyQueryError, Filters
from marsad.store.quotes import QuoteFilters
from marsad.web.cache import KnownParams, ResponseCache, ResponseCacheMiddleware
from marsad.web.dates import real_day
from marsad.web.security import (
    BodySizeLimitMiddleware,
    HostCheckMiddleware,
    Scope,
    SecurityHeadersMiddleware,
    loopback_hosts,
    token_matches,
)
from marsad.web.source import PageRequest, Source

STATIC_DIR = Path(__file__).resolve().parent / "static"
MAX_PAGE = 500
DEFAULT_PAGE = 50
MAX_BODY = 2_000_000  # bytes; an ingest batch of a few hundred articles
MAX_INGEST_DOCS = 200
MAX_FILTER_CHARS = 200

log = logging.getLogger("marsad.web")

# Filter parameters are bounded free text: they are passed to the store as
# query parameters, never spliced into SQL, so quotes and semicolons are harmless.
FilterText = Annotated[str | None, Query(max_length=MAX_FILTER_CHARS)]




def _has_words(value: str | None) -> str | None:
    """A name or text to look for needs a letter or digit: punctuation alone would ask for nothing
    (a claimant, a speaker) or for every quote holding a comma; blank means "any", as elsewhere."""
    from marsad.text.tokenize import WORD_RE

    if value is not None and value.strip() and not WORD_RE.search(value):
        raise ValueError(f"{value.strip()!r} has no letter or digit to look for")
    return value


def _ingest_moment(value: str | None) -> str | None:
    """``ingested_since`` as the store writes ``ingested_at``; a value that is no day or time is refused
    (422) with the forms it takes, as ``marsad events --ingested-since``."""
    from marsad.store.filters import check_ingested_since

    return None if value is None or not value.strip() else check_ingested_since(value)


# Names and text to look for (a claimant, a speaker, words of a quote).
WordsText = Annotated[str | None, Query(max_length=MAX_FILTER_CHARS), AfterValidator(_has_words)]


# A date filter: the form is in the schema; the calendar check runs after it.
Day = Annotated[
    str | None,
    Query(pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD"),
    AfterValidator(real_day),
]
# A review names an item by its document and its id there (e1, or i<position>).
ItemId = Annotated[str, PathParam(max_length=MAX_FILTER_CHARS)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"page size (max {MAX_PAGE})")]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
# ``/api/events?format=…``: the JSON page, or a redirect to an export of the same filters.
ExportFormat = Annotated[Literal["json", "csv", "jsonl", "parquet", "geojson"] | None, Query()]
# A probability; NaN fails both bounds.  Events without a model score are dropped when it is set.
Confidence = Annotated[float | None, Query(ge=0.0, le=1.0, description="keep events scored at least this high (0-1)")]


class FastJSON(Response):
    """JSON written straight with ``json.dumps``: the API's answers are plain dicts and lists
    already, so FastAPI's generic encoder (which walks every value) is skipped."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class ApiError(MarsadError, Exception):
    def __init__(self, status: int, code: str, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details


def _error(status: int, code: str, message: str, details: Any = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message, "details": details}}, status_code=status)


_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    501: "not_implemented",
}


class ArticleIn(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_BODY)
    title: str | None = Field(default=None, max_length=2000)
    url: str | None = Field(default=None, max_length=4000)
    source: str | None = Field(default=None, max_length=500)
    # A real calendar date, kept to its day; an impossible one refuses the whole request (422
    # naming the field) rather than being stored or silently dropped: the caller can fix it.
    published: Annotated[str | None, Field(max_length=64), AfterValidator(real_day)] = None


class IngestIn(BaseModel):
    documents: list[ArticleIn] = Field(min_length=1, max_length=MAX_INGEST_DOCS)
    # The outlet of the request's articles that name none (as ``marsad ingest --source``; an
    # article's own ``source`` is the caller's word for that article and wins).
    source: str | None = Field(default=None, max_length=500)


class ReviewIn(BaseModel):
    """An analyst's review of one event or quote (docs/web.md, "Review")."""

    verdict: Literal["right", "wrong"] | None = None
    # Field → new value, checked by check_corrections (types and statuses against the PLOVER
    # and status vocabularies, names as text, spans as [start, end)).
    corrections: dict[str, Any] = Field(default_factory=dict, max_length=16)
    reviewer: str = Field(min_length=1, max_length=200, pattern=r"\S")
    note: str | None = Field(default=None, max_length=2000)


def check_corrections(kind: str, corrections: dict[str, Any]) -> dict[str, Any]:
    """The corrections with type and status in canonical case; an ApiError (422) naming the field
    and listing the valid choices otherwise."""
    from marsad.attribution.choices import EVENT_TYPES, STATUSES
    from marsad.store.reviews import NAMED_FIELDS, fields_of

    def refuse(field: str, problem: str, choices: Any = None) -> ApiError:
        details: dict[str, Any] = {"where": f"body.corrections.{field}", "problem": problem}
        if choices is not None:
            details["choices"] = list(choices)
        return ApiError(422, "invalid_request", f"body.corrections.{field}: {problem}", details)

    allowed = fields_of(kind)
    out: dict[str, Any] = {}
    for field, value in corrections.items():
        if field not in allowed:
            raise refuse(field, f"a {kind} has no correctable field {field!r}", allowed)
        if field in ("type", "status"):
            choices = EVENT_TYPES if field == "type" else STATUSES
            folded = value.strip().upper() if field == "type" and isinstance(value, str) else (
                value.strip().lower() if isinstance(value, str) else None)
            if folded not in choices:
                raise refuse(field, f"{value!r} is not one of {', '.join(choices)}", choices)
            out[field] = folded
        elif field in NAMED_FIELDS[kind]:
            if value is not None and not (isinstance(value, str) and 0 < len(value.strip()) <= MAX_FILTER_CHARS):
                raise refuse(field, f"a name (1 to {MAX_FILTER_CHARS} characters) or null")
            out[field] = value
        elif field == "direct":
            if not isinstance(value, bool):
                raise refuse(field, "true or false")
            out[field] = value
        else:  # a span: its bounds are checked against the document text by the store
            ok = value is None or (isinstance(value, list) and len(value) == 2
                                   and all(isinstance(v, int) and not isinstance(v, bool) for v in value))
            if not ok:
                raise refuse(field, "a [start, end) pair of offsets into the document text, or null")
            out[field] = value
    return out


def _check_day_range(since: str | None, until: str | None) -> None:
    """422 when ``since`` is after ``until``: no day is in both, and an empty answer would read as
    "nothing happened" (``marsad events`` and ``marsad quotes`` stop with the same reason)."""
    if since and until and since > until:
        raise ApiError(422, "invalid_request", f"query.since: {since} is after until {until}: no day is in both",
                       {"field": "since", "value": since, "until": until})


async def _event_filters(
    type: FilterText = None,
    actor: FilterText = None,
    place: FilterText = None,
    country: FilterText = None,
    status: FilterText = None,
    since: Day = None,
    until: Day = None,
    source: FilterText = None,
    min_confidence: Confidence = None,
    claimed_by: Annotated[str | None, Query(
        max_length=MAX_FILTER_CHARS,
        description="who the event is according to: its claim source (as written, canonical name or dictionary"
                    " id) or a party of its chain (an outlet it was relayed through), by whole words"),
        AfterValidator(_has_words)] = None,
    ingested_since: Annotated[str | None, Query(
        max_length=40,
        description="only the events of articles stored at or after this moment: YYYY-MM-DD, or "
                    "YYYY-MM-DDTHH:MM[:SS] in UTC or with its offset (Z, +03:00); not the event's date (since)"),
        AfterValidator(_ingest_moment)] = None,
    min_outlets: Annotated[int | None, Query(
        ge=1, le=100_000, description="only the events told by at least this many outlets: the outlets of the "
                                      "articles whose events are grouped as one act (its corroboration group)")
    ] = None,
) -> Filters:
    from marsad.attribution import choices

    def clean(value: str | None) -> str | None:
        value = value.strip() if value is not None else None
        return value or None

    def checked(field: str, value: str | None, check: Callable[[str], str]) -> str | None:
        # an unknown type, status or country answers 422 with the choices, never "no events match"
        value = clean(value)
        if value is None:
            return None
        try:
            return check(value)
        except choices.UnknownChoice as exc:
            raise ApiError(422, "invalid_request", f"query.{field}: {exc}",
                           {"field": field, "value": value, "choices": list(exc.choices)}) from None

    _check_day_range(since, until)
    return Filters(
        type=checked("type", type, choices.event_type),
        actor=clean(actor),
        place=clean(place),
        country=checked("country", country, choices.country_code),
        status=checked("status", status, choices.status),
        since=since,
        until=until,
        source=clean(source),
        min_confidence=min_confidence,
        claimed_by=clean(claimed_by),
        ingested_since=ingested_since,
        min_outlets=min_outlets,
    )


async def _quote_filters(
    speaker: WordsText = None,
    q: WordsText = None,
    source: FilterText = None,
    since: Day = None,
    until: Day = None,
    min_confidence: Annotated[float | None, Query(
        ge=0.0, le=1.0, description="keep quotes whose speaker the model chose with at least this probability (0-1)")
    ] = None,
    ingested_since: Annotated[str | None, Query(
        max_length=40, description="only the quotes of articles stored at or after this moment (as /api/events)"),
        AfterValidator(_ingest_moment)] = None,
) -> QuoteFilters:
    def clean(value: str | None) -> str | None:
        value = value.strip() if value is not None else None
        return value or None

    _check_day_range(since, until)
    return QuoteFilters(speaker=clean(speaker), q=clean(q), source=clean(source), since=since, until=until,
                        min_confidence=min_confidence, ingested_since=ingested_since)


async def _page(limit: Limit = DEFAULT_PAGE, offset: Offset = 0) -> PageRequest:
    return PageRequest(limit=limit, offset=offset)


FiltersDep = Annotated[Filters, Depends(_event_filters)]
QuoteFiltersDep = Annotated[QuoteFilters, Depends(_quote_filters)]
PageDep = Annotated[PageRequest, Depends(_page)]


def _query_names(dependant: Dependant) -> Iterator[str]:
    yield from (param.alias for param in dependant.query_params)
    for sub in dependant.dependencies:
        yield from _query_names(sub)


def _query_params_of(app: FastAPI) -> KnownParams:
    """For the cache key: the query parameters the route answering a request reads.

    Read from the routes themselves (their dependencies included), so a new parameter is
    part of the key the moment an endpoint declares it."""
    by_route: dict[int, frozenset[str]] = {}
    # Matching a path against every route costs ~20 µs; the paths asked (GET only) are few, so remember them
    # (bounded: document and entity paths are as many as the ids asked for).
    by_path: dict[str, frozenset[str] | None] = {}

    def match(scope: Scope) -> frozenset[str] | None:
        for route in app.router.routes:
            if not isinstance(route, APIRoute) or route.matches(scope)[0] is not Match.FULL:
                continue
            names = by_route.get(id(route))
            if names is None:
                names = frozenset(_query_names(route.dependant))
                by_route[id(route)] = names
            return names
        return None

    def known(scope: Scope) -> frozenset[str] | None:
        path: str = scope.get("path", "")
        if path in by_path:
            return by_path[path]
        names = match(scope)
        if len(by_path) >= 4096:
            by_path.clear()
        by_path[path] = names
        return names

    return known


DOWNLOAD_CHUNK = 1 << 16  # bytes handed to the server at a time by an export
EXPORT_SLICE = 0.05  # seconds an export runs on the event loop before letting other requests run


def _chunked(pieces: Iterator[bytes], size: int = DOWNLOAD_CHUNK) -> Iterator[bytes]:
    """The pieces joined into chunks of about ``size`` bytes: one send (and one turn of the event
    loop, :func:`_on_the_loop`) per 64 KB rather than per row."""
    buffer: list[bytes] = []
    held = 0
    for piece in pieces:
        buffer.append(piece)
        held += len(piece)
        if held >= size:
            yield b"".join(buffer)
            buffer, held = [], 0
    if buffer:
        yield b"".join(buffer)


async def _on_the_loop(chunks: Iterator[bytes]) -> AsyncIterator[bytes]:
    """The chunks, each made on the event loop, letting the loop serve other requests between two.

    In the thread pool an export was slow under load whatever its CPU: the SQLite module lets
    go of the GIL at every row it steps through, and taking it back waits for the busy event-loop
    thread to give it up (the 5 ms switch interval): 10-25 s for a few thousand rows with 32
    clients, against 0.05 s of CPU.  On the loop the export runs a chunk (about 1,000 rows,
    a few to 20 ms) at a time, like any other request: it gives the loop back once it has run
    :data:`EXPORT_SLICE` seconds since it last did (every 64 KB would send a large export to the
    back of the queue dozens of times, each costing a round of every other client's request)."""
    since = time.perf_counter()
    for chunk in chunks:
        yield chunk
        if time.perf_counter() - since >= EXPORT_SLICE:
            await asyncio.sleep(0)
            since = time.perf_counter()


def _download(body: Iterator[bytes], media_type: str, filename: str) -> StreamingResponse:
    return StreamingResponse(_on_the_loop(_chunked(body)), media_type=media_type,
                             headers={"content-disposition": f'attachment; filename="{filename}"'})


@asynccontextmanager
async def _freeze_at_start(_: FastAPI) -> AsyncIterator[None]:
    """When the server starts (after the app and its indexes are built): move every object made so
    far out of the garbage collector's sight (``gc.freeze``).  The label, name and tally indexes are
    hundreds of thousands of long-lived objects; each full collection walked them all, about a
    second on the full SaudiNewsNet store, stalling every request of the process.  They are never
    garbage (they live as long as the server), so the collector has nothing to find there."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()  # at shutdown (an app in a longer-lived process, a test): collectable again


def open_source(db_path: Path, pipeline: PipelineConfig | None = None) -> Source:
    from marsad.web.store_source import StoreSource

    return StoreSource(db_path, pipeline=pipeline)


def create_app(
    db_path: Path | str | None = None,
    token: str | None = None,
    *,
    source: Source | None = None,
    max_body: int = MAX_BODY,
    allowed_hosts: frozenset[str] | None = None,
    cache: bool = True,
    pipeline: PipelineConfig | None = None,
) -> FastAPI:
    """The API and dashboard over the store at ``db_path`` (or over ``source``).

    ``pipeline``: how ``POST /api/ingest`` analyses documents (None: the default pipeline).

    ``allowed_hosts``: answer only requests whose Host header names one of these
    (``marsad serve`` sets it to the loopback names when bound to 127.0.0.1).
    ``cache``: keep read answers until the data changes (:mod:`marsad.web.cache`)."""
    if source is None:
        if db_path is None:
            raise ValueError("create_app needs a db_path or a source")
        source = open_source(Path(db_path), pipeline)
    data: Source = source
    write_token = token or None

    app = FastAPI(
        title="Marsad API",
        version="1",
        description="Arabic news observatory: documents, events, places and entities as JSON.",
        openapi_url="/api/openapi.json",
        # The interactive docs pages load scripts from a CDN and inline code,
        # which the Content-Security-Policy forbids; the schema is served as JSON.
        docs_url=None,
        redoc_url=None,
        lifespan=_freeze_at_start,
    )
    # Innermost first: the cache sits inside the host check and the security
    # headers, so a cached answer is checked and decorated like any other.
    app.state.response_cache = None
    if cache:
        app.state.response_cache = ResponseCache(data.data_version)
        app.add_middleware(ResponseCacheMiddleware, cache=app.state.response_cache, known=_query_params_of(app))
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=max_body)
    if allowed_hosts is not None:
        app.add_middleware(HostCheckMiddleware, allowed=allowed_hosts)
    app.add_middleware(SecurityHeadersMiddleware)

    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return _error(exc.status, exc.code, exc.message, exc.details)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        return _error(exc.status_code, code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        details = [
            # pydantic prefixes the message of a validator's ValueError with "Value error, ".
            {"where": ".".join(str(p) for p in err.get("loc", ())),
             "problem": str(err.get("msg", "")).removeprefix("Value error, ")}
            for err in exc.errors()
        ]
        first = details[0] if details else {"where": "request", "problem": "invalid"}
        return _error(422, "invalid_request", f"{first['where']}: {first['problem']}", details)

    @app.exception_handler(Exception)
    async def _internal_error(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error")
        return _error(500, "internal_error", "the server could not answer this request")

    # -- dashboard ---------------------------------------------------------------
    # The page is static: read once here and answered from memory on the event loop.  A
    # FileResponse stats, opens and reads the file in worker threads (three thread hops), and
    # under load each hop waits behind the exports and list queries in the thread pool for the
    # GIL: the page took 0.7 s at the median with 32 clients.  Its ETag (a hash of the content)
    # lets a browser that has it revalidate with a 304 and no body.
    page = (STATIC_DIR / "index.html").read_bytes()
    page_etag = '"' + hashlib.sha256(page).hexdigest()[:32] + '"'

    @app.get("/", include_in_schema=False)
    async def index(if_none_match: Annotated[str | None, Header()] = None) -> Response:
        headers = {"etag": page_etag, "cache-control": "no-cache"}  # no-cache: revalidate each time
        if if_none_match is not None and page_etag in (tag.strip() for tag in if_none_match.split(",")):
            return Response(status_code=304, headers=headers)
        return Response(page, media_type="text/html; charset=utf-8", headers=headers)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    # -- read API ----------------------------------------------------------------
    @app.get("/api/documents", tags=["documents"])
    async def documents(filters: FiltersDep, page: PageDep) -> FastJSON:
        """Document summaries, newest first (filters: since, until, source)."""
        return FastJSON(data.documents(filters, page).to_json(page))

    @app.get("/api/documents/{doc_id}", tags=["documents"])
    async def document(doc_id: Annotated[str, PathParam(max_length=MAX_FILTER_CHARS)]) -> FastJSON:
        """One analysed document: text, clean text and every annotation (offsets into text)."""
        found = data.document(doc_id)
        if found is None:
            raise ApiError(404, "not_found", "no document with this id", {"id": doc_id})
        return FastJSON(found)

    # Search and event pages are the hot paths: their queries take a few
    # milliseconds of CPU (indexes, FTS), so they run on the event loop itself.
    # A thread hop would cost more than the query, and under the GIL threads
    # only interleave requests, which lengthens every one of them; parallelism
    # comes from worker processes (``marsad serve --workers``).  So do the document
    # list and page, the entity and place lists and the stats, read from indexes
    # and tallies in about a millisecond or a few; on the loop they also share one
    # warm connection (each pool thread has its own, whose page cache is cold).
    # Heavier answers (exports, summaries, place and entity pages) stay in the thread pool.
    @app.get("/api/search", tags=["documents"])
    async def search(
        q: Annotated[str, Query(min_length=1, max_length=MAX_FILTER_CHARS)], page: PageDep, filters: FiltersDep
    ) -> FastJSON:
        """Full-text search over titles and repaired text: every word must occur; `a OR b`, `-word` excludes,
        `"a phrase"`, `prefix*` (docs/search.md).  Filters: since, until, source (as for /api/documents)."""
        try:
            return FastJSON(data.search(q, page, filters).to_json(page))
        except EmptyQueryError as exc:  # also a QuerySyntaxError: its one-line reason
            raise ApiError(422, "invalid_request", f"query.q: {exc}", {"q": q}) from None

    @app.get("/api/events", tags=["events"], response_model=None)
    async def events(
        request: Request, filters: FiltersDep, page: PageDep, format: ExportFormat = None
    ) -> FastJSON | RedirectResponse:
        """Events with actor, target, place, date, status and source, newest first.

        ``format=csv|jsonl|parquet|geojson`` redirects to that export of the same filters (every event, no
        paging)."""
        if format is not None and format != "json":
            kept = [(k, v) for k, v in request.query_params.multi_items() if k not in ("format", "limit", "offset")]
            return RedirectResponse(f"/api/events.{format}" + (f"?{urlencode(kept)}" if kept else ""), status_code=307)
        return FastJSON(data.events(filters, page).to_json(page))

    # -- exports: every event of the current filter, streamed (any size) -------------
    @app.get("/api/events.csv", tags=["exports"], response_class=StreamingResponse)
    async def events_csv(filters: FiltersDep) -> StreamingResponse:
        """The events ``/api/events`` lists for these filters, all of them, as CSV (UTF-8 with a BOM,
        one row per report; columns: ``marsad.store.export.REPORT_COLUMNS``)."""
        from marsad.store.export import csv_table_lines

        pieces = (piece.encode("utf-8") for piece in csv_table_lines(data.event_table(filters)))
        return _download(pieces, "text/csv; charset=utf-8", "events.csv")

    @app.get("/api/events.jsonl", tags=["exports"], response_class=StreamingResponse)
    async def events_jsonl(filters: FiltersDep) -> StreamingResponse:
        """The events ``/api/events`` lists for these filters, all of them, one per line in the same shape."""
        from marsad.web.store_source import event_json

        lines = (json.dumps(event_json(r), ensure_ascii=False).encode("utf-8") + b"\n" for r in data.event_rows(filters))
        return _download(lines, "application/x-ndjson; charset=utf-8", "events.jsonl")

    @app.get("/api/events.parquet", tags=["exports"], response_class=StreamingResponse)
    async def events_parquet(filters: FiltersDep) -> StreamingResponse:
        """The CSV export's rows as Parquet (needs the ``parquet`` extra: 501 without it)."""
        from marsad.store.export import parquet_available, report_table_parquet_steps

        if not parquet_available():
            raise ApiError(501, "not_implemented", "Parquet export needs pyarrow: pip install 'marsad[parquet]'")

        async def body() -> AsyncIterator[bytes]:
            # Parquet writes its footer last: the file is built on disk (never whole in memory), a row
            # group at a time on the event loop (other requests run in between), then streamed.
            with tempfile.TemporaryFile() as spool:
                since = time.perf_counter()
                for _ in report_table_parquet_steps(data.event_table(filters), spool):
                    if time.perf_counter() - since >= EXPORT_SLICE:
                        await asyncio.sleep(0)
                        since = time.perf_counter()
                spool.seek(0)
                while chunk := spool.read(DOWNLOAD_CHUNK):
                    yield chunk

        return StreamingResponse(body(), media_type="application/vnd.apache.parquet",
                                 headers={"content-disposition": 'attachment; filename="events.parquet"'})

    @app.get("/api/events.geojson", tags=["exports"], response_class=Response)
    def events_geojson(filters: FiltersDep) -> Response:
        """The events ``marsad events --format geojson`` writes for these filters (one per story, not
        per report): a GeoJSON FeatureCollection (RFC 7946) with one Point per located event, its
        properties the ``marsad events --format csv`` columns, for QGIS or a web map.  An event with no
        coordinates has no feature: how many were left out is in the header
        ``x-marsad-events-without-coordinates`` (``/api/events.csv`` lists every report)."""
        collection, left_out = data.event_geojson(filters)
        # The bytes ``marsad events --format geojson`` writes: one JSON document and a newline.
        body = json.dumps(collection, ensure_ascii=False).encode("utf-8") + b"\n"
        return Response(body, media_type="application/geo+json", headers={
            "content-disposition": 'attachment; filename="events.geojson"',
            "x-marsad-events-without-coordinates": str(left_out)})

    @app.get("/api/events/summary", tags=["events"])
    def event_summary(filters: FiltersDep) -> FastJSON:
        """Events per place (for the map) and per day and type (for the timeline)."""
        return FastJSON(data.event_summary(filters))

    @app.get("/api/events/timeline", tags=["events"])
    def event_timeline(filters: FiltersDep) -> FastJSON:
        """Reports and articles per publication day, reports per event date (day, month or year)."""
        return FastJSON(data.event_timeline(filters))

    @app.get("/api/events/facets", tags=["events"])
    def event_facets(filters: FiltersDep) -> FastJSON:
        """Report counts by type, status, country, source (outlet) and claimed_by (the claim source, most
        frequent claimants first), each under the other filters."""
        return FastJSON(data.event_facets(filters))

    @app.get("/api/events/counts", tags=["events"])
    def event_counts(filters: FiltersDep, by: Annotated[str, Query(max_length=200)] = "type") -> FastJSON:
        """Events (one per story, as ``marsad events`` lists them) counted by ``by``: one or more of type,
        mode, status, actor, target, place, admin1, country, day, week (its first day, weeks from
        Saturday), month, joined by commas (``by=week,actor``); each row the values, ``events`` and
        ``reports``.  Under the same filters as ``/api/events`` (``marsad events --count-by``)."""
        from marsad.store.counts import CountKeyError, parse_count_keys

        try:
            keys = parse_count_keys(by)
        except CountKeyError as exc:
            raise ApiError(422, "invalid_request", f"query.by: {exc}", {"by": by}) from None
        return FastJSON(data.event_counts(filters, keys))

    @app.get("/api/quotes", tags=["quotes"])
    async def quotes(filters: QuoteFiltersDep, page: PageDep) -> FastJSON:
        """Quotes across the documents, newest document first: speaker (as written, canonical, id, the
        speaker model's confidence), the quote's text as written, direct or indirect, cue, chain, and
        the document (id, title, outlet, published, url); ``id`` is what the quote's review routes take.
        Filters: ``speaker`` (name by whole words, or id), ``q`` (text in the quote), ``source``
        (outlet), ``since``, ``until``, ``min_confidence``."""
        return FastJSON(data.quotes(filters, page).to_json(page))

    @app.get("/api/events/{document_id}/{event_id}", tags=["events"])
    def event_detail(document_id: ItemId, event_id: ItemId) -> FastJSON:
        """One event (``event_id``: its ``id`` in ``/api/events``, e.g. ``e1`` or ``i0``) with
        ``reported_by`` (the outlets and documents of the reports of the same event in its story)
        and ``story`` (its cluster: id, size, outlets)."""
        found = data.event_detail(document_id, event_id)
        if found is None:
            raise ApiError(404, "not_found", "no event with this id in this document",
                           {"document_id": document_id, "document": document_id, "event": event_id})
        return FastJSON(found)

    def history_of(kind: str, document_id: str, item_id: str) -> FastJSON:
        from marsad.store.reviews import ReviewTargetMissing

        try:
            items = data.review_history(kind, document_id, item_id)
        except ReviewTargetMissing as exc:
            raise ApiError(404, "not_found", str(exc), {"document_id": document_id, "document": document_id, "item": item_id}) from None
        return FastJSON({"items": items, "total": len(items)})

    @app.get("/api/corroborations/{group_id}", tags=["events"])
    def corroboration(group_id: Annotated[int, PathParam(ge=1, le=2**62)]) -> FastJSON:
        """One corroboration group: the events of different articles told as one act (an event's
        ``corroboration``), with the count of documents and outlets, the outlets, the claim sources
        and each report (document, outlet, title, event id, type, actor, target, place, date, status)."""
        found = data.corroboration(group_id)
        if found is None:
            raise ApiError(404, "not_found", "no corroboration group with this id", {"group": group_id})
        return FastJSON(found)

    @app.get("/api/events/{document_id}/{item_id}/reviews", tags=["reviews"])
    def event_reviews(document_id: ItemId, item_id: ItemId) -> FastJSON:
        """Every review of one event, oldest first: who, when, verdict, values before and after."""
        return history_of("event", document_id, item_id)

    @app.get("/api/quotes/{document_id}/{item_id}/reviews", tags=["reviews"])
    def quote_reviews(document_id: ItemId, item_id: ItemId) -> FastJSON:
        """Every review of one quote (``item_id``: ``i<position>`` in the document's quotes), oldest first."""
        return history_of("quote", document_id, item_id)

    @app.get("/api/reviews", tags=["reviews"])
    def all_reviews(page: PageDep) -> FastJSON:
        """Every review of every event and quote, newest first."""
        return FastJSON(data.reviews(page).to_json(page))

    @app.get("/api/reviews/choices", tags=["reviews"])
    def review_choices() -> FastJSON:
        """What a review may say, for the dashboard's form: the correctable fields of an event and a
        quote, the valid event types and statuses, and whether this server accepts reviews (a token)."""
        from marsad.attribution.choices import EVENT_TYPES, STATUSES
        from marsad.store.reviews import fields_of

        return FastJSON({"writable": write_token is not None, "verdicts": ["right", "wrong"],
                         "type": list(EVENT_TYPES), "status": list(STATUSES),
                         "fields": {kind: list(fields_of(kind)) for kind in ("event", "quote")}})

    @app.get("/api/sources", tags=["sources"])
    def outlets(filters: FiltersDep, by: Annotated[Literal["day", "month"], Query()] = "month") -> FastJSON:
        """Articles and events (reports) per outlet, in total and per day or month of publication
        (filters: since, until, source)."""
        return FastJSON(data.outlets(filters, by))

    @app.get("/api/places", tags=["places"])
    async def places(page: PageDep, q: FilterText = None, country: FilterText = None) -> FastJSON:
        """Places found in the documents, most reported first."""
        return FastJSON(data.places(q or None, country or None, page).to_json(page))

    @app.get("/api/places/{place_id:path}", tags=["places"])
    def place(place_id: Annotated[str, PathParam(max_length=MAX_FILTER_CHARS)]) -> FastJSON:
        found = data.place(place_id)
        if found is None:
            raise ApiError(404, "not_found", "no place with this id", {"id": place_id})
        return FastJSON(found)

    @app.get("/api/entities", tags=["entities"])
    async def entities(page: PageDep, q: FilterText = None, type: FilterText = None) -> FastJSON:
        """Named entities by canonical name and type, most frequent first."""
        return FastJSON(data.entities(q or None, type or None, page).to_json(page))

    @app.get("/api/entities/{name:path}", tags=["entities"])
    def entity(name: Annotated[str, PathParam(max_length=MAX_FILTER_CHARS)], type: FilterText = None) -> FastJSON:
        found = data.entity(name, type or None)
        if found is None:
            raise ApiError(404, "not_found", "no entity with this name", {"name": name})
        return FastJSON(found)

    @app.get("/api/stats", tags=["stats"])
    async def stats() -> FastJSON:
        return FastJSON(data.stats())

    # -- write API ---------------------------------------------------------------
    @app.post("/api/ingest", tags=["write"], status_code=201)
    def ingest(body: IngestIn, authorization: Annotated[str | None, Header()] = None) -> FastJSON:
        """Analyse and store articles.  Needs ``Authorization: Bearer <token>``."""
        if write_token is None:
            raise ApiError(403, "forbidden", "this server is read-only (start it with --token to allow ingest)")
        if not token_matches(authorization, write_token):
            raise ApiError(401, "unauthorized", "missing or wrong bearer token")
        from marsad.readers.outlet import choose_outlet, site_of

        # The outlet: the article's source, else the request's, else the site of the article's URL.
        named = (body.source or "").strip() or None
        docs = [
            Document(a.text, title=a.title, url=a.url, source=choose_outlet(a.source, named, site_of(a.url)),
                     published=a.published)
            for a in body.documents
        ]
        ids = data.ingest(docs)
        return FastJSON({"ids": ids, "count": len(ids)}, status_code=201)

    def apply_review(kind: str, document_id: str, item_id: str, body: ReviewIn, authorization: str | None) -> FastJSON:
        from marsad.store.reviews import ReviewError, ReviewTargetMissing

        if write_token is None:
            raise ApiError(403, "forbidden", "this server is read-only (start it with --token to allow reviews)")
        if not token_matches(authorization, write_token):
            raise ApiError(401, "unauthorized", "missing or wrong bearer token")
        corrections = check_corrections(kind, body.corrections)
        if body.verdict is None and not corrections:
            raise ApiError(422, "invalid_request", "body: give a verdict (right or wrong) or a correction",
                           {"where": "body", "problem": "empty review"})
        try:
            entry = data.review(kind, document_id, item_id, verdict=body.verdict, corrections=corrections,
                                reviewer=body.reviewer.strip(), note=body.note)
        except ReviewTargetMissing as exc:
            raise ApiError(404, "not_found", str(exc), {"document_id": document_id, "document": document_id, "item": item_id}) from None
        except ReviewError as exc:
            raise ApiError(422, "invalid_request", str(exc), {"where": "body.corrections"}) from None
        return FastJSON(entry, status_code=201)

    @app.post("/api/events/{document_id}/{item_id}/review", tags=["write", "reviews"], status_code=201)
    def review_event(document_id: ItemId, item_id: ItemId, body: ReviewIn,
                     authorization: Annotated[str | None, Header()] = None) -> FastJSON:
        """Mark an event right or wrong, or correct its actor, target, place (names, and optional
        ``*_span`` offsets), type or status.  Needs ``Authorization: Bearer <token>``.  Answers the
        history entry (who, when, verdict, values before and after)."""
        return apply_review("event", document_id, item_id, body, authorization)

    @app.post("/api/quotes/{document_id}/{item_id}/review", tags=["write", "reviews"], status_code=201)
    def review_quote(document_id: ItemId, item_id: ItemId, body: ReviewIn,
                     authorization: Annotated[str | None, Header()] = None) -> FastJSON:
        """Mark a quote right or wrong, or correct its speaker (``speaker``, ``speaker_span``) or
        ``direct``.  Needs the bearer token."""
        return apply_review("quote", document_id, item_id, body, authorization)

    return app


SERVE_DB_ENV = "MARSAD_SERVE_DB"
SERVE_CACHE_ENV = "MARSAD_SERVE_CACHE"  # "0": no response cache
SERVE_HOST_ENV = "MARSAD_SERVE_HOST"
TOKEN_ENV = "MARSAD_TOKEN"
# The PipelineConfig as JSON: read here only, by the factory, and passed on as an argument.
SERVE_PIPELINE_ENV = "MARSAD_SERVE_PIPELINE"


def app_from_environment() -> FastAPI:
    """The app for uvicorn's multi-process mode, which imports a factory in each worker."""
    import os

    bound = os.environ.get(SERVE_HOST_ENV)
    return create_app(
        Path(os.environ[SERVE_DB_ENV]),
        token=os.environ.get(TOKEN_ENV) or None,
        allowed_hosts=loopback_hosts(bound) if bound else None,
        cache=os.environ.get(SERVE_CACHE_ENV, "1") != "0",
        pipeline=PipelineConfig.from_json(os.environ[SERVE_PIPELINE_ENV]) if SERVE_PIPELINE_ENV in os.environ else None,
    )

