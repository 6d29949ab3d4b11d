"""``marsad serve``: the JSON API and the offline dashboard over a store."""

from __future__ import annotations

import ipaddress
import os
import sqlite3
from pathlib import Path
from typing import Annotated

import typer

from marsad.cli.console import (
    AttributionModelOption,
    ExtractionOption,
    MinConfidenceOption,
    RepairContextModelOption,
    StagesOption,
    fail,
    pipeline_config,
)

# uvicorn closes idle keep-alive connections after 5 s by default; a client that
# reuses one just as it closes sees a reset.  Clients on a busy machine can pause
# that long between requests, so idle connections are kept longer.  A request's headers must
# arrive within marsad.web.timeouts.HEADER_TIMEOUT_SECONDS (a half-sent request is closed).
KEEP_ALIVE_SECONDS = 75
# Exit code when the address cannot be listened on (port busy, no permission, unknown host); the
# same code uvicorn uses for a failed start-up, now given before anything is printed (docs/cli.md).
EXIT_CANNOT_LISTEN = 3


def _check_listen(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be listened on now, or None.  Checked before the dashboard's URL
    is printed, so a busy port does not announce a server that never starts; the socket is closed
    at once (uvicorn binds its own, with the same SO_REUSEADDR)."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        return f"unknown host ({exc.strerror or exc})"
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            return str(exc.strerror or exc)
    return None


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _upgrade_store(path: Path) -> None:
    """Bring a store written by an older Marsad to the current schema (new indexes) before serving it."""
    from marsad.store.db import StoreError, connect
    from marsad.store.queries import open_store
    from marsad.store.schema import LATEST_VERSION, current_version

    # A plain connection: opening the store read-only would already upgrade it, without this message.
    conn = connect(path, readonly=True)
    try:
        version = current_version(conn)
    except sqlite3.DatabaseError:
        version = 0
    finally:
        conn.close()
    if version == 0:  # not a Marsad database: the store's own message
        open_store(path, readonly=True).close()
    if version >= LATEST_VERSION:
        return
    try:
        with open_store(path):
            pass
    except StoreError as exc:
        print(f"marsad: warning: {path} has schema version {version} and could not be upgraded ({exc});"
              " it is served as it is, with slower event filters")
        return
    print(f"marsad: upgraded {path} from schema version {version} to {LATEST_VERSION}")


def serve(
    db: Annotated[
        Path | None,
        typer.Option(help="SQLite store written by 'marsad ingest' (default: $MARSAD_DB or the user data dir)."),
    ] = None,
    jsonl: Annotated[
        Path | None,
        typer.Option(help="Serve the output of 'marsad analyze --json' (loaded into a temporary store) instead of a database."),
    ] = None,
    host: Annotated[str, typer.Option(help="Address to bind; keep 127.0.0.1 unless you mean to share it.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8765,
    token: Annotated[
        str | None,
        typer.Option(envvar="MARSAD_TOKEN", help="Allow POST /api/ingest with 'Authorization: Bearer TOKEN'."),
    ] = None,
    workers: Annotated[
        int, typer.Option(min=1, max=16, help="Server processes (one per core helps under load; --db only).")
    ] = 1,
    cache: Annotated[
        bool,
        typer.Option("--cache/--no-cache", help="Keep read answers in memory until the data changes."),
    ] = True,
    stages: StagesOption = None,
    repair_context_model: RepairContextModelOption = None,
    extraction: ExtractionOption = None,
    attribution_model: AttributionModelOption = None,
    min_confidence: MinConfidenceOption = None,
) -> None:
    """Serve the JSON API and the dashboard (read-only unless a token is given)."""
    import uvicorn

    from marsad.web.app import (
        SERVE_CACHE_ENV,
        SERVE_DB_ENV,
        SERVE_HOST_ENV,
        SERVE_PIPELINE_ENV,
        TOKEN_ENV,
        create_app,
    )
    from marsad.web.security import loopback_hosts
    from marsad.web.source import Source
    from marsad.web.timeouts import http_protocol

    # On a loopback address, answer only loopback host names (no DNS rebinding).
    allowed = loopback_hosts(host) if _is_loopback(host) else None

    if token is not None and len(token) < 16:
        fail("--token must be at least 16 characters")
    # How POST /api/ingest analyses: checked now (a bad model stops the server here, not each
    # ingest), built on the first ingest, in each server process.
    pipeline = pipeline_config(stages, repair_context_model, extraction, attribution_model, min_confidence)
    if jsonl is not None and workers > 1:
        fail("--workers needs --db (documents loaded with --jsonl live in one process)")
    if jsonl is not None:
        from marsad.web.store_source import StoreSource

        if not jsonl.is_file():
            fail(f"{jsonl}: no such file")
        # Loaded into a temporary SQLite store: the same queries (and ingest) as a database.
        source: Source
        source, problems = StoreSource.from_jsonl(jsonl, pipeline=pipeline)
        for problem in problems[:20]:
            print(f"marsad: {problem}")
        app = create_app(token=token, source=source, allowed_hosts=allowed, cache=cache)
    else:
        from marsad.store.db import StoreError, default_db_path

        path = db or default_db_path()
        if not path.is_file():
            fail(f"no database at {path} (run 'marsad ingest' first, or give --db)")
        try:
            _upgrade_store(path)
            app = create_app(path, token=token, allowed_hosts=allowed, cache=cache, pipeline=pipeline)
        except StoreError as exc:
            fail(str(exc))
    refused = _check_listen(host, port)
    if refused is not None:
        fail(f"cannot listen on {host}:{port}: {refused}", code=EXIT_CANNOT_LISTEN)
    if not _is_loopback(host):
        print(f"marsad: warning: binding {host} makes the dashboard reachable from other machines")
    shown = f"[{host}]" if ":" in host else host
    print(f"Marsad dashboard: http://{shown}:{port}/   (API: /api/stats, schema: /api/openapi.json)")
    print("read-write: POST /api/ingest needs the bearer token" if token else "read-only (give --token to allow ingest)")
    try:
        if workers > 1:
            # Each worker process builds its own app from the environment (uvicorn imports a factory).
            os.environ[SERVE_DB_ENV] = str(path)
            os.environ[SERVE_CACHE_ENV] = "1" if cache else "0"
            os.environ[SERVE_PIPELINE_ENV] = pipeline.to_json()  # read by the factory only, never a stage
            if allowed is not None:
                os.environ[SERVE_HOST_ENV] = host
            if token:
                os.environ[TOKEN_ENV] = token
            uvicorn.run("marsad.web.app:app_from_environment", factory=True, workers=workers, host=host, port=port,
                        log_level="warning", server_header=False, timeout_keep_alive=KEEP_ALIVE_SECONDS,
                        http=http_protocol())
        else:
            uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False,
                        timeout_keep_alive=KEEP_ALIVE_SECONDS, http=http_protocol())
    except OSError as exc:
        fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}", code=EXIT_CANNOT_LISTEN)


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    app.command("serve")(serve)
