"""Server CPU cost per API request, endpoint by endpoint: one sequential client, in-process.

    python bench/bench_api_cost.py --db PATH [--per-endpoint 40] [--seed 7] [--server] [--json]

Builds the app over ``--db`` without the answer cache (as ``marsad serve --no-cache``), then
asks it the requests ``bench/load_api.py`` would (its own request generator, same seed), one
at a time.  In-process (the default), through Starlette's test client: for each request the
CPU time of this process (``time.process_time``: every thread, so the handler, the middleware
and the test client's share) and the wall time; a request to ``/favicon.ico`` (no work) is
measured the same way and reported as ``floor``: what the HTTP plumbing alone costs here.
With ``--server``: ``marsad serve --no-cache`` (one process, uvicorn) on a free 127.0.0.1
port, asked by one sequential client, and the server process's CPU time (user + system, from
``/proc``) read before and after each endpoint's requests: the real per-request cost of the
served app, HTTP parsing included, as a mean per endpoint (the clock ticks are too coarse
for one request).

Per endpoint: median, p90 and mean CPU ms (``--server``: mean only).  ``--server --ingest
SOURCE…`` runs ``marsad ingest`` into ``--db`` (use a copy) meanwhile: what each request then
costs the server includes catching up with the ingest's commits (new labels, names and tallies).  Last, the mix's mean CPU per request (weights of
``load_api.MIX``): with C cores free for the server, 32 closed-loop clients can be served at
most C / mean requests a second, each waiting about 32 × mean / C — the budget the load
targets (p99 < 250 ms without an ingest, < 500 ms during one) leave.  Wall latency on a busy
machine is noise; these CPU costs are what to compare before and after a change.

The database is opened read-only; the requests never write.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load_api import MIX, pick_request


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def server_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and its children (a multi-worker server), from /proc."""
    import os

    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for one in pids:
        fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


class InProcess:
    """The app in this process, asked through Starlette's test client."""

    def __init__(self, db: Path) -> None:
        from fastapi.testclient import TestClient

        from marsad.web.app import create_app

        self.client = TestClient(create_app(db, cache=False))

    def get(self, path: str, params: dict[str, Any] | None = None) -> tuple[int, bytes]:
        response = self.client.get(path, params=params)
        return response.status_code, response.content

    def close(self) -> None:
        self.client.close()


class Served:
    """``marsad serve --no-cache`` in a child process, asked over HTTP on 127.0.0.1."""

    def __init__(self, db: Path, workers: int = 1) -> None:
        import httpx

        from load_api import free_port, marsad_command, wait_until_up

        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        self.proc = subprocess.Popen(
            marsad_command("serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port), "--no-cache",
                           "--workers", str(workers)),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_until_up(self.base, self.proc)
        self.client = httpx.Client(base_url=self.base, timeout=120)

    def get(self, path: str, params: dict[str, Any] | None = None) -> tuple[int, bytes]:
        response = self.client.get(path, params=params)
        return response.status_code, response.content

    def cpu(self) -> float:
        return server_cpu_seconds(self.proc.pid)

    def close(self) -> None:
        self.client.close()
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--per-endpoint", type=int, default=40, help="requests measured per endpoint")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--only", nargs="*", help="endpoints to measure (as reported, e.g. /api/stats)")
    parser.add_argument("--server", action="store_true", help="measure a served app's CPU (see above)")
    parser.add_argument("--ingest", nargs="+", metavar="SOURCE",
                        help="with --server: run 'marsad ingest' of these into --db while measuring (the"
                             " server's CPU then includes catching up with each commit)")
    parser.add_argument("--ingest-nice", type=int, default=0, metavar="N", help="the ingest's nice value")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.ingest and not args.server:
        parser.error("--ingest needs --server")

    app: InProcess | Served = Served(args.db) if args.server else InProcess(args.db)
    ingest: subprocess.Popen[bytes] | None = None
    try:
        if args.ingest:
            import os

            from load_api import marsad_command

            before = json.loads(app.get("/api/stats")[1])["documents"]
            nice = args.ingest_nice
            ingest = subprocess.Popen(marsad_command("ingest", "--db", str(args.db), *args.ingest),
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                      preexec_fn=(lambda: os.nice(nice)) if nice else None)
        out = measure_all(app, args)
        if ingest is not None:
            after = json.loads(app.get("/api/stats")[1])["documents"]
            running = ingest.poll() is None
            out["ingest"] = {"documents_written": after - before, "still_running": running, "nice": args.ingest_nice,
                             "cpu_s": round(server_cpu_seconds(ingest.pid), 1) if running else None}
    finally:
        if ingest is not None and ingest.poll() is None:
            ingest.terminate()
            ingest.wait(timeout=30)
        app.close()
    if args.json:
        print(json.dumps(out, indent=1))
        return
    print(f"documents: {out['db_documents']}   requests per endpoint: {args.per_endpoint}   mode: {out['mode']}"
          + (f"   floor (favicon) CPU: {out['floor_cpu_ms']} ms" if "floor_cpu_ms" in out else ""))
    print(f"{'endpoint':22} {'n':>4} {'cpu p50':>8} {'cpu p90':>8} {'cpu max':>8} {'cpu mean':>9} {'wall p50':>9} {'bytes':>9}")
    for endpoint, s in out["endpoints"].items():
        print(f"{endpoint:22} {s['n']:>4} {s.get('cpu_p50', '-')!s:>8} {s.get('cpu_p90', '-')!s:>8}"
              f" {s.get('cpu_max', '-')!s:>8} {s['cpu_mean']:>9} {s['wall_p50']:>9} {s['bytes_mean']:>9}")
    if "mix_cpu_mean_ms" in out:
        print(f"mix (load_api.MIX weights): mean CPU per request {out['mix_cpu_mean_ms']} ms")
    if "ingest" in out:
        print(f"concurrent ingest: {out['ingest']}")


def measure_all(app: InProcess | Served, args: argparse.Namespace) -> dict[str, Any]:
    def ok(path: str, params: dict[str, Any] | None = None) -> bytes:
        status, body = app.get(path, params)
        if status != 200:
            raise SystemExit(f"bench_api_cost: HTTP {status} for {path} {params}: {body[:200]!r}")
        return body

    stats = json.loads(ok("/api/stats"))
    types = list(stats.get("events_by_type") or {})
    statuses = list(stats.get("events_by_status") or {})
    doc_ids: list[str] = []
    for offset in (0, 1000, 5000, 20000):
        doc_ids += [i["id"] for i in json.loads(ok("/api/documents", {"limit": 50, "offset": offset}))["items"]]

    rng = random.Random(args.seed)
    wanted: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for _ in range(200_000):
        endpoint, path, params = pick_request(rng, types, statuses, doc_ids, MIX)
        if args.only and endpoint not in args.only:
            continue
        if len(wanted[endpoint]) < args.per_endpoint:
            wanted[endpoint].append((path, params))
        if len(wanted) >= (len(args.only) if args.only else 11) and all(
                len(v) >= args.per_endpoint for v in wanted.values()):
            break

    def measure(path: str, params: dict[str, Any]) -> tuple[float, float, int]:
        cpu, wall = time.process_time(), time.perf_counter()
        size = len(ok(path, params))
        return (time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000, size

    for _ in range(3):  # warm up: connections, label and name indexes, imports
        for requests in wanted.values():
            measure(*requests[0])

    out: dict[str, Any] = {"db_documents": stats.get("documents"), "per_endpoint": args.per_endpoint,
                           "mode": "server" if isinstance(app, Served) else "in-process", "endpoints": {}}
    if isinstance(app, InProcess):
        floor = []
        for _ in range(50):
            cpu = time.process_time()
            app.get("/favicon.ico")  # 204, no work: the plumbing alone
            floor.append((time.process_time() - cpu) * 1000)
        out["floor_cpu_ms"] = round(statistics.median(floor), 2)
    for endpoint in sorted(wanted):
        cpus, walls, sizes = [], [], []
        server_before = app.cpu() if isinstance(app, Served) else 0.0
        for path, params in wanted[endpoint]:
            cpu, wall, size = measure(path, params)
            cpus.append(cpu)
            walls.append(wall)
            sizes.append(size)
        entry: dict[str, Any] = {"n": len(cpus)}
        if isinstance(app, Served):
            entry["cpu_mean"] = round(1000 * (app.cpu() - server_before) / len(cpus), 2)
        else:
            entry |= {"cpu_p50": round(statistics.median(cpus), 2), "cpu_p90": round(percentile(cpus, 90), 2),
                      "cpu_max": round(max(cpus), 2), "cpu_mean": round(statistics.fmean(cpus), 2)}
        entry |= {"wall_p50": round(statistics.median(walls), 2), "bytes_mean": round(statistics.fmean(sizes))}
        out["endpoints"][endpoint] = entry
    # The mix's mean CPU per request: each kind's weight over its endpoints' means.
    by_kind: dict[str, list[str]] = {
        "search": ["/api/search"], "events": ["/api/events"], "entities": ["/api/entities"],
        "places": ["/api/places"], "stats": ["/api/stats"], "documents": ["/api/documents", "/api/documents/{id}"],
        "page": ["/"], "export": ["/api/events.csv", "/api/events.jsonl", "/api/events.parquet"],
    }
    if not args.only:
        mix_mean = 0.0
        for kind, weight in MIX:
            means = [out["endpoints"][e]["cpu_mean"] for e in by_kind[kind] if e in out["endpoints"]]
            mix_mean += weight * statistics.fmean(means) if means else 0.0
        out["mix_cpu_mean_ms"] = round(mix_mean, 2)
    return out


if __name__ == "__main__":
    main()
