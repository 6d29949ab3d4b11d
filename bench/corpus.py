"""Where benchmarks find real articles: SaudiNewsNet from ../shared (never committed).

Articles are streamed from the ZIPs of JSON arrays, in file order, so a
benchmark over 1,000 or 27,644 articles holds one article at a time.
"""

from __future__ import annotations

import json
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "saudinewsnet"


def require(data_dir: Path) -> Path:
    if not any(data_dir.glob("*.zip")):
        print(f"benchmark: no SaudiNewsNet ZIPs in {data_dir} (pass --data DIR)", file=sys.stderr)
        raise SystemExit(2)
    return data_dir


def iter_records(data_dir: Path, limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Article records (source, url, date_extracted, title, content) in file order, all 27,644."""
    count = 0
    for path in sorted(data_dir.glob("*.zip")):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if not name.endswith(".json"):
                    continue
                for record in json.loads(archive.read(name).decode("utf-8")):
                    if isinstance(record, dict):
                        yield record
                        count += 1
                        if limit is not None and count >= limit:
                            return


def write_jsonl(data_dir: Path, out: Path, limit: int | None = None, stride: int = 1) -> int:
    """Write every ``stride``-th record, at most ``limit``, as JSON Lines (Spark input); returns the count."""
    n = 0
    with out.open("w", encoding="utf-8") as handle:
        for index, record in enumerate(iter_records(data_dir)):
            if index % stride:
                continue
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
            if limit is not None and n >= limit:
                break
    return n


def peak_rss_mib() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_slices(items: list[Any], n: int, runs: int, unseen: bool) -> list[list[Any]]:
    """What each of ``runs`` benchmark runs reads: the same ``n`` items every time, or with ``unseen`` the k-th
    ``n`` of them (``items`` holds ``n * runs``), so a cache kept across documents never meets one it has seen
    (repeated runs over the same articles flatter such a cache)."""
    if not unseen:
        return [items[:n]] * runs
    return [items[k * n : (k + 1) * n] for k in range(runs)]
