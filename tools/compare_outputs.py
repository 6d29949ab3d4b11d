"""Compare two runs of ``marsad analyze --json`` document by document (golden-output check).

    marsad analyze --json ARTICLES... | gzip > before.jsonl.gz     # on the old commit
    marsad analyze --json ARTICLES... | gzip > after.jsonl.gz      # on the new one
    python tools/compare_outputs.py before.jsonl.gz after.jsonl.gz [--ignore-empty-new-keys]

Documents are paired by id. For each differing document the annotation lists
that differ are counted; ``--ignore-empty-new-keys`` drops keys that exist only
in the new run and hold null/[]/{} (a field added to the contract with no value
is not a change of output). Exit code 0 when identical.

Both files are read as streams, side by side: ``analyze`` writes documents in
input order whatever the number of workers, so two runs over the same inputs
pair line by line and only the current pair is held (a byte-identical line is
not even parsed).  Lines that do not pair (a document missing from one run, or
runs in different orders) wait, as text, until their partner comes; memory is
bounded by how far the two orders drift apart, so the whole SaudiNewsNet corpus
(27,644 documents, two runs of ~360 MB of JSON) is compared in ~20 MB.  For a
check across two commits on every article, see ``tools/compare_commits.py``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import zip_longest
from pathlib import Path
from typing import Any


def lines(path: Path) -> Iterator[str]:
    """The non-blank lines of a JSON Lines file (gzip-compressed when it ends in ``.gz``)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield line.rstrip("\n")


def read(path: Path) -> Iterator[dict[str, Any]]:
    for line in lines(path):
        yield json.loads(line)


def strip_new(old: Any, new: Any) -> Any:
    """``new`` without the keys ``old`` lacks whose value is empty, recursively."""
    if isinstance(old, dict) and isinstance(new, dict):
        return {k: strip_new(old.get(k), v) for k, v in new.items() if k in old or v not in (None, [], {})}
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [strip_new(o, n) for o, n in zip(old, new, strict=True)]
    return new


@dataclass
class Comparison:
    """What a comparison found: counts, the fields that differ, and some differing ids."""

    ignore_empty_new_keys: bool = False
    show: int = 5
    seen: int = 0  # documents in the "after" run
    identical: int = 0
    differing: int = 0
    only_before: int = 0
    only_after: int = 0
    most_waiting: int = 0  # the most unpaired lines held at once (how far the two orders drifted)
    fields: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)

    def pair(self, old: dict[str, Any], doc: dict[str, Any]) -> None:
        new = strip_new(old, doc) if self.ignore_empty_new_keys else doc
        if new == old:
            self.identical += 1
            return
        self._differs(str(doc.get("id")))
        for key in sorted(set(old) | set(new)):
            if old.get(key) != new.get(key):
                self.fields[key] += 1

    def _differs(self, doc_id: str) -> None:
        self.differing += 1
        if len(self.examples) < self.show:
            self.examples.append(doc_id)

    def report(self) -> list[str]:
        fields = Counter(self.fields)
        fields["<only in after>"] += self.only_after
        fields["<only in before>"] += self.only_before
        out = [
            f"documents compared: {self.seen}; differing: {self.differing + self.only_after}; "
            f"only in before: {self.only_before}"
        ]
        out += [f"  {key}: {count}" for key, count in fields.most_common() if count]
        out += [f"  e.g. {doc_id}" for doc_id in self.examples]
        return out

    @property
    def same(self) -> bool:
        return not (self.differing or self.only_before or self.only_after)


def compare(before: Iterator[str], after: Iterator[str], result: Comparison) -> Comparison:
    """Pair the lines of two runs by document id, in one pass over each."""
    waiting_before: dict[str, str] = {}  # id -> line, not yet paired
    waiting_after: dict[str, str] = {}
    for old_line, new_line in zip_longest(before, after):
        if new_line is not None:
            result.seen += 1
        if old_line == new_line:
            result.identical += 1  # the same bytes: the same document (ids included)
            continue
        old = json.loads(old_line) if old_line is not None else None
        new = json.loads(new_line) if new_line is not None else None
        if old is not None and new is not None and old.get("id") == new.get("id"):
            result.pair(old, new)
            continue
        if old_line is not None and old is not None:
            partner = waiting_after.pop(str(old.get("id")), None)
            if partner is None:
                waiting_before[str(old.get("id"))] = old_line
            else:
                result.pair(old, json.loads(partner))
        if new_line is not None and new is not None:
            partner = waiting_before.pop(str(new.get("id")), None)
            if partner is None:
                waiting_after[str(new.get("id"))] = new_line
            else:
                result.pair(json.loads(partner), new)
        result.most_waiting = max(result.most_waiting, len(waiting_before) + len(waiting_after))
    result.only_before = len(waiting_before)
    for doc_id in waiting_after:
        result.only_after += 1
        if len(result.examples) < result.show:
            result.examples.append(doc_id)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--ignore-empty-new-keys", action="store_true")
    parser.add_argument("--show", type=int, default=5, help="differing documents to describe")
    args = parser.parse_args()
    result = compare(lines(args.before), lines(args.after),
                     Comparison(ignore_empty_new_keys=args.ignore_empty_new_keys, show=args.show))
    print("\n".join(result.report()))
    sys.exit(0 if result.same else 1)


if __name__ == "__main__":
    main()
