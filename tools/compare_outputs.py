"""Compare two runs of ``marsad analyze --json`` document by document (golden-output check).

    marsad analyze --json ARTICLES... | gzip > before.jsonl.gz     # on the old commit
    marsad analyze --json ARTICLES... | gzip > after.jsonl.gz      # on the new one
    python tools/compare_outputs.py before.jsonl.gz after.jsonl.gz [--ignore-empty-new-keys]

Documents are paired by id (order does not matter). For each differing document
the annotation lists that differ are counted; ``--ignore-empty-new-keys`` drops
keys that exist only in the new run and hold null/[]/{} (a field added to the
contract with no value is not a change of output). Exit code 0 when identical.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def read(path: Path) -> Iterator[dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:  # type: ignore[operator]
        for line in handle:
            if line.strip():
                yield json.loads(line)


def strip_new(old: Any, new: Any) -> Any:
    """``new`` without the keys ``old`` lacks whose value is empty, recursively."""
    if isinstance(old, dict) and isinstance(new, dict):
        return {k: strip_new(old.get(k), v) for k, v in new.items() if k in old or v not in (None, [], {})}
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [strip_new(o, n) for o, n in zip(old, new, strict=True)]
    return new


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--ignore-empty-new-keys", action="store_true")
    parser.add_argument("--show", type=int, default=5, help="differing documents to describe")
    args = parser.parse_args()
    before = {doc["id"]: doc for doc in read(args.before)}
    seen = 0
    differing: list[str] = []
    fields: Counter[str] = Counter()
    for doc in read(args.after):
        seen += 1
        old = before.pop(doc["id"], None)
        if old is None:
            differing.append(doc["id"])
            fields["<only in after>"] += 1
            continue
        new = strip_new(old, doc) if args.ignore_empty_new_keys else doc
        if new != old:
            differing.append(doc["id"])
            for key in sorted(set(old) | set(new)):
                if old.get(key) != new.get(key):
                    fields[key] += 1
    fields["<only in before>"] += len(before)
    print(f"documents compared: {seen}; differing: {len(differing)}; only in before: {len(before)}")
    for key, count in fields.most_common():
        if count:
            print(f"  {key}: {count}")
    for doc_id in differing[: args.show]:
        print(f"  e.g. {doc_id}")
    sys.exit(0 if not differing and not before else 1)


if __name__ == "__main__":
    main()
