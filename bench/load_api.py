"""Load test of the API: concurrent clients on what the dashboard asks, exports included.

    python bench/load_api.py --db PATH [--clients 32] [--duration 60] [--max-requests 200000]
                             [--server-workers N] [--no-cache] [--ingest SOURCE ... [--ingest-nice N]]
                             [--mix full|search-events] [--json]
    python bench/load_api.py --url http://127.0.0.1:8765 ...   (a server already running)

Starts ``marsad serve`` on a free 127.0.0.1 port over ``--db`` (read-only, so
the load never writes), then runs ``--clients`` asyncio clients that each send
one request at a time, until
``--duration`` seconds or ``--max-requests`` requests have passed.  The
``full`` mix (:data:`MIX`): searches, filtered event pages, entity and place
lists with and without a name filter, ``/api/stats``, document lists and single
documents, the dashboard page, and CSV / JSON Lines / Parquet exports of a
filtered view (read to the last byte); ``search-events`` is the earlier rounds'
half-and-half load.  With
``--ingest`` a ``marsad ingest`` of those sources writes into the same database
while the load runs, to show the API keeps answering during an ingest (its output is discarded:
a pipe nobody reads would stall it once full); ``--ingest-nice N`` starts it at that nice value.
The report's ``config`` says what was used (server processes, cache, mix, ingest and its nice value).

Reports throughput, p50/p95/p99/max latency per endpoint and overall, and every
error (a non-200 answer, a timeout or a refused connection).  Only 127.0.0.1 is
ever contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlparse

import aiohttp
import httpx

# What a reader of the observatory would type: places, actors and news words.
SEARCH_QUERIES = (
    "سوريا", "حلب", "ادلب", "دمشق", "حمص", "الرقة", "داعش", "المعارضة", "غارات", "قصف", "اللاجئين",
    "الأمم المتحدة", "مجلس الأمن", "وزير الخارجية", "إيران", "اليمن", "الحوثيين", "تركيا", "روسيا",
    "العراق", "بغداد", "الرياض", "النفط", "هجوم انتحاري", "الجيش", "مفاوضات", "هدنة", "المستشفى",
)
PLACES = ("حلب", "دمشق", "ادلب", "سوريا", "العراق", "اليمن", "Aleppo", "Syria", "Yemen", "Riyadh")
ACTORS = ("داعش", "الحوثي", "الجيش", "التحالف", "النظام", "المعارضة")
COUNTRIES = ("SY", "IQ", "YE", "SA", "TR", "IR")
DAYS = tuple(f"2015-{m:02d}-{d:02d}" for m, last in ((7, 31), (8, 11)) for d in range(1, last + 1))


def event_params(rng: random.Random, types: list[str], statuses: list[str]) -> dict[str, Any]:
    """A random, realistic filter combination for /api/events."""
    params: dict[str, Any] = {"limit": rng.choice((20, 50, 100))}
    pick = rng.random()
    if pick < 0.2:
        pass  # the unfiltered first page, what the dashboard opens with
    elif pick < 0.4 and types:
        params["type"] = rng.choice(types)
    elif pick < 0.55:
        params["place"] = rng.choice(PLACES)
    elif pick < 0.7:
        params["actor"] = rng.choice(ACTORS)
    elif pick < 0.8:
        params["country"] = rng.choice(COUNTRIES)
    elif pick < 0.9 and statuses:
        params["status"] = rng.choice(statuses)
    else:
        since = rng.choice(DAYS)
        params["since"], params["until"] = since, max(since, rng.choice(DAYS))
    if rng.random() < 0.2:
        params["offset"] = rng.choice((50, 100, 500))
    return params


@dataclass
class Results:
    latencies: defaultdict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[str] = field(default_factory=Counter)
    error_examples: list[str] = field(default_factory=list)
    slowest: list[tuple[float, str]] = field(default_factory=list)  # (ms, request), the 10 slowest
    sent: int = 0
    cache_hits: int = 0  # answers the server took from its cache (x-marsad-cache: hit)

    def timed(self, endpoint: str, params: dict[str, Any], elapsed: float) -> None:
        self.latencies[endpoint].append(elapsed)
        if len(self.slowest) < 10 or elapsed > self.slowest[-1][0]:
            self.slowest.append((elapsed, f"{endpoint} {params}"))
            self.slowest.sort(key=lambda item: -item[0])
            del self.slowest[10:]

    def error(self, endpoint: str, what: str) -> None:
        self.errors[endpoint] += 1
        if len(self.error_examples) < 10:
            self.error_examples.append(f"{endpoint}: {what}")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


# The mix (weights): what readers of the dashboard ask, exports of a filtered view included (one
# download for every thirty-odd views: an export reads every event of its filter, thousands of rows).
MIX: tuple[tuple[str, float], ...] = (
    ("search", 0.28), ("events", 0.32), ("entities", 0.08), ("places", 0.08), ("stats", 0.04),
    ("documents", 0.12), ("page", 0.05), ("export", 0.03),
)
SEARCH_EVENTS_MIX: tuple[tuple[str, float], ...] = (("search", 0.5), ("events", 0.5))
ENTITY_QUERIES = ("سوريا", "الأسد", "داعش", "الحوثي", "السعودية", "الأمم المتحدة", "كيري", "لافروف", "إيران", "بان")
ENTITY_TYPES = ("PERSON", "ORG", "LOC", "GPE")
EXPORT_FORMATS = ("csv", "jsonl", "parquet")


def export_params(rng: random.Random, types: list[str]) -> dict[str, Any]:
    """The filter of a view someone downloads: a place, an actor, a type over a week, or one day."""
    pick = rng.random()
    if pick < 0.3:
        return {"place": rng.choice(PLACES)}
    if pick < 0.55:
        return {"actor": rng.choice(ACTORS)}
    if pick < 0.8 and types:
        since = rng.choice(DAYS)
        return {"type": rng.choice(types), "since": since, "until": max(since, rng.choice(DAYS))}
    day = rng.choice(DAYS)
    return {"since": day, "until": day}


def pick_request(
    rng: random.Random, types: list[str], statuses: list[str], doc_ids: list[str], mix: tuple[tuple[str, float], ...]
) -> tuple[str, str, dict[str, Any]]:
    """(endpoint as reported, path asked, query parameters) of the next request."""
    kind = rng.choices([k for k, _ in mix], weights=[w for _, w in mix])[0]
    if kind == "search":
        return "/api/search", "/api/search", {"q": rng.choice(SEARCH_QUERIES), "limit": 20}
    if kind == "events":
        return "/api/events", "/api/events", event_params(rng, types, statuses)
    if kind == "entities":
        params: dict[str, Any] = {"limit": rng.choice((20, 50))}
        if rng.random() < 0.7:
            params["q"] = rng.choice(ENTITY_QUERIES)
        if rng.random() < 0.3:
            params["type"] = rng.choice(ENTITY_TYPES)
        return "/api/entities", "/api/entities", params
    if kind == "places":
        params = {"limit": rng.choice((20, 50))}
        if rng.random() < 0.7:
            params["q"] = rng.choice(PLACES)
        if rng.random() < 0.3:
            params["country"] = rng.choice(COUNTRIES)
        return "/api/places", "/api/places", params
    if kind == "stats":
        return "/api/stats", "/api/stats", {}
    if kind == "documents":
        if doc_ids and rng.random() < 0.5:
            return "/api/documents/{id}", "/api/documents/" + quote(rng.choice(doc_ids), safe=""), {}
        params = {"limit": 50}
        if rng.random() < 0.5:
            since = rng.choice(DAYS)
            params |= {"since": since, "until": max(since, rng.choice(DAYS))}
        return "/api/documents", "/api/documents", params
    if kind == "page":
        return "/", "/", {}
    fmt = rng.choice(EXPORT_FORMATS)
    return f"/api/events.{fmt}", f"/api/events.{fmt}", export_params(rng, types)


async def client(
    http: aiohttp.ClientSession, rng: random.Random, results: Results, stop_at: float, budget: list[int],
    types: list[str], statuses: list[str], doc_ids: list[str], mix: tuple[tuple[str, float], ...],
) -> None:
    while time.monotonic() < stop_at and budget[0] > 0:
        budget[0] -= 1
        endpoint, path, params = pick_request(rng, types, statuses, doc_ids, mix)
        started = time.perf_counter()
        try:
            async with http.get(path, params=params) as response:
                body = await response.read()  # an export is read to its last byte
                results.cache_hits += response.headers.get("x-marsad-cache") == "hit"
            elapsed = (time.perf_counter() - started) * 1000
            if response.status != 200:
                results.error(endpoint, f"HTTP {response.status} {body[:120]!r} for {path} {params}")
            else:
                results.timed(endpoint, params, elapsed)
        except (aiohttp.ClientError, TimeoutError) as exc:
            results.error(endpoint, f"{type(exc).__name__}: {exc} for {path} {params}")
        results.sent += 1


async def run_load(
    base: str, clients: int, duration: float, max_requests: int, seed: int, mix: tuple[tuple[str, float], ...]
) -> tuple[Results, float]:
    # aiohttp rather than httpx for the load itself: it costs the client about a
    # quarter of the CPU per request, and on a 2-core machine the client shares
    # the cores with the server it measures.
    connector = aiohttp.TCPConnector(limit=clients, force_close=False)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(base_url=base, connector=connector, timeout=timeout) as http:
        async with http.get("/api/stats") as response:
            stats = await response.json()
        types = list(stats.get("events_by_type") or {})
        statuses = list(stats.get("events_by_status") or {})
        doc_ids: list[str] = []
        for offset in (0, 1000, 5000, 20000):  # documents across the store, for single-document pages
            async with http.get("/api/documents", params={"limit": 50, "offset": offset}) as response:
                doc_ids += [item["id"] for item in (await response.json()).get("items") or []]
        results = Results()
        budget = [max_requests]
        started = time.monotonic()
        stop_at = started + duration
        await asyncio.gather(*(
            client(http, random.Random(seed + i), results, stop_at, budget, types, statuses, doc_ids, mix)
            for i in range(clients)
        ))
        return results, time.monotonic() - started


def server_cpu_seconds(server: subprocess.Popen[bytes] | None) -> float | None:
    """CPU time of the server process and its workers (None for --url, or without psutil)."""
    if server is None:
        return None
    try:
        import psutil
    except ImportError:
        return None
    try:
        root = psutil.Process(server.pid)
        total = 0.0
        for proc in (root, *root.children(recursive=True)):
            times = proc.cpu_times()
            total += times.user + times.system
        return total
    except psutil.Error:
        return None


def difference(after: float | None, before: float | None) -> float | None:
    return after - before if after is not None and before is not None else None


def per_request(seconds: float | None, requests: int) -> float | None:
    return round(1000 * seconds / requests, 2) if seconds is not None and requests else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def marsad_command(*args: str) -> list[str]:
    return [sys.executable, "-c", "from marsad.cli import main; main()", *args]


def wait_until_up(base: str, server: subprocess.Popen[bytes], seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"load_api: the server exited with code {server.returncode}")
        try:
            if httpx.get(base + "/api/stats", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    sys.exit("load_api: the server did not start in time")


def document_count(base: str) -> int:
    return int(httpx.get(base + "/api/stats", timeout=60).json()["documents"])


def report(
    results: Results, seconds: float, clients: int, documents: int, ingest: dict[str, Any] | None
) -> dict[str, Any]:
    every = [v for values in results.latencies.values() for v in values]
    out: dict[str, Any] = {
        "documents": documents,
        "clients": clients,
        "seconds": round(seconds, 1),
        "requests": results.sent,
        "ok": len(every),
        "errors": sum(results.errors.values()),
        "throughput_rps": round(results.sent / seconds, 1) if seconds else 0.0,
        "cache_hit_rate": round(results.cache_hits / results.sent, 3) if results.sent else 0.0,
        "overall_ms": summary(every),
        "endpoints": {name: summary(values) | {"errors": results.errors[name]}
                      for name, values in sorted(results.latencies.items())},
        "error_examples": results.error_examples,
        "slowest": [{"ms": round(ms, 1), "request": request} for ms, request in results.slowest],
    }
    if ingest is not None:
        out["ingest"] = ingest
    return out


def summary(values: list[float]) -> dict[str, Any]:
    return {
        "n": len(values),
        "p50": round(percentile(values, 50), 1),
        "p95": round(percentile(values, 95), 1),
        "p99": round(percentile(values, 99), 1),
        "max": round(max(values), 1) if values else None,
        "mean": round(statistics.fmean(values), 1) if values else None,
    }


def print_report(data: dict[str, Any]) -> None:
    print(f"documents in store: {data['documents']}   clients: {data['clients']}   duration: {data['seconds']} s")
    print(f"configuration: {data.get('config')}")
    print(f"requests: {data['requests']}   errors: {data['errors']}   throughput: {data['throughput_rps']} req/s"
          f"   answered from the server's cache: {100 * data['cache_hit_rate']:.1f} %")
    print(f"{'endpoint':16} {'n':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    rows = [("all", data["overall_ms"]), *data["endpoints"].items()]
    for name, s in rows:
        print(f"{name:16} {s['n']:>7} {s['p50']:>8} {s['p95']:>8} {s['p99']:>8} {s['max']!s:>8}")
    cpu = data.get("cpu") or {}
    print(f"CPU per request: server {cpu.get('server_ms_per_request')} ms, load client {cpu.get('client_ms_per_request')} ms")
    if data.get("ingest"):
        print(f"concurrent ingest: {data['ingest']}")
    print("slowest requests:")
    for slow in data["slowest"][:5]:
        print(f"  {slow['ms']:>8} ms  {slow['request']}")
    for example in data["error_examples"]:
        print(f"  error: {example}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--db", type=Path, help="store to serve (starts 'marsad serve' on a free port)")
    target.add_argument("--url", help="an already running server on 127.0.0.1")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds (at most 600)")
    parser.add_argument("--max-requests", type=int, default=200_000, help="stop after this many requests")
    parser.add_argument("--ingest", nargs="+", metavar="SOURCE", help="run 'marsad ingest' of these into --db meanwhile")
    parser.add_argument("--ingest-nice", type=int, default=0, metavar="N",
                        help="run the --ingest process at this nice value (0: the server's priority; 10: it"
                             " yields the CPU to the server on a busy machine, as `nice -n 10 marsad ingest`)")
    parser.add_argument("--server-workers", type=int, default=1, help="'marsad serve --workers' (processes)")
    parser.add_argument("--no-cache", action="store_true",
                        help="start the server with --no-cache: every request runs its queries")
    parser.add_argument("--mix", choices=("full", "search-events"), default="full",
                        help="'full': search, events, entities, places, stats, documents, the page and the exports;"
                             " 'search-events': half searches, half event pages (the earlier rounds' load)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args()
    if not 1 <= args.clients <= 256:
        parser.error("--clients must be between 1 and 256")
    if not 0 < args.duration <= 600:
        parser.error("--duration must be between 0 and 600 seconds")
    if args.ingest and not args.db:
        parser.error("--ingest needs --db")

    server: subprocess.Popen[bytes] | None = None
    ingest_proc: subprocess.Popen[bytes] | None = None
    if args.url:
        host = urlparse(args.url).hostname
        if host not in ("127.0.0.1", "localhost"):
            parser.error("--url must point at 127.0.0.1: this script never loads another machine")
        base = args.url.rstrip("/")
    else:
        if not args.db.is_file():
            parser.error(f"no database at {args.db}")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = {k: v for k, v in os.environ.items() if k != "MARSAD_TOKEN"}
        server = subprocess.Popen(
            marsad_command("serve", "--db", str(args.db), "--host", "127.0.0.1", "--port", str(port),
                           "--workers", str(args.server_workers), *(["--no-cache"] if args.no_cache else [])),
            stdout=subprocess.DEVNULL, env=env,
        )
    ingest_info: dict[str, Any] | None = None
    try:
        if server is not None:
            wait_until_up(base, server)
        documents = document_count(base)
        if args.ingest:
            nice = args.ingest_nice
            ingest_proc = subprocess.Popen(
                marsad_command("ingest", "--db", str(args.db), "--json", *args.ingest),
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                preexec_fn=(lambda: os.nice(nice)) if nice else None,
            )
        server_cpu_before = server_cpu_seconds(server)
        client_cpu_before = time.process_time()
        results, seconds = asyncio.run(run_load(base, args.clients, args.duration, args.max_requests, args.seed,
                                                  MIX if args.mix == "full" else SEARCH_EVENTS_MIX))
        cpu = {
            "server_ms_per_request": per_request(difference(server_cpu_seconds(server), server_cpu_before), results.sent),
            "client_ms_per_request": per_request(time.process_time() - client_cpu_before, results.sent),
        }
        if ingest_proc is not None:
            still_running = ingest_proc.poll() is None
            after = document_count(base)
            ingest_info = {"documents_before": documents, "documents_after": after,
                           "written_during_load": after - documents, "still_running_at_end": still_running,
                           "nice": args.ingest_nice}
        data = report(results, seconds, args.clients, documents, ingest_info) | {"cpu": cpu} | {
            # What was measured, so a figure can be quoted with its configuration.
            "config": {"server_workers": args.server_workers if server is not None else None,
                       "cache": not args.no_cache if server is not None else None, "mix": args.mix,
                       "ingest": args.ingest or None, "ingest_nice": args.ingest_nice if args.ingest else None}}
        print(json.dumps(data, ensure_ascii=False, indent=2) if args.json else "", end="")
        if not args.json:
            print_report(data)
    finally:
        for proc in (ingest_proc, server):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    proc.kill()


if __name__ == "__main__":
    main()
