"""The second time-expression gold (bench/gold/times_saudinewsnet_v2_{dev,test}.jsonl) is well formed.

Checks the data only: every article is found in the SaudiNewsNet ZIPs with the same url, every span falls
inside its article's text with no blank edge and no overlap, every value parses at its granularity, and each
article sits in the half its url's hash assigns. No system is run and no score is asserted: the test half is
sealed (scored once per round by `bench/bench_times.py --quality-only --gold ...`).
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from saudinewsnet_texts import article_texts
from tool_module import load_tool

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "bench" / "gold"
HALVES = {"dev": GOLD / "times_saudinewsnet_v2_dev.jsonl", "test": GOLD / "times_saudinewsnet_v2_test.jsonl"}
EARLIER = (GOLD / "times_saudinewsnet.jsonl", GOLD / "times_saudinewsnet_heldout.jsonl")
PATTERNS = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}


def _rows(path: Path) -> list[dict[str, Any]]:
    return [
        json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip() and line[0] != "#"
    ]


def _draw_tool() -> ModuleType:
    return load_tool("draw_times_gold.py")


def _sortable(value: str) -> tuple[int, int, int]:
    """A single value (day, month or year) as its first day, checking that it is a real date."""
    parts = [int(p) for p in value.split("-")]
    first = date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    return first.year, first.month, first.day


def _check_value(value: str, granularity: str) -> None:
    if granularity == "range":
        start, end = value.split("/")
        kind = next(k for k, p in PATTERNS.items() if re.fullmatch(p, start))
        assert re.fullmatch(PATTERNS[kind], end), value
        assert _sortable(start) <= _sortable(end), value
    else:
        assert re.fullmatch(PATTERNS[granularity], value), (value, granularity)
        _sortable(value)


@pytest.fixture(scope="module")
def texts(shared_dir: Path) -> dict[tuple[str, int], tuple[str, str]]:
    """(archive, index) -> (url, content) for the articles of both halves."""
    wanted = {(r["archive"], r["index"]) for path in HALVES.values() for r in _rows(path)}
    return article_texts(shared_dir, wanted)


def test_headers_state_provenance_licence_and_command() -> None:
    for split, path in HALVES.items():
        header = "\n".join(line for line in path.read_text("utf-8").splitlines() if line.startswith("#"))
        assert "CC BY-NC-SA" in header and "offsets and labels" in header
        assert "before any system output" in header
        assert f"--quality-only --gold bench/gold/times_saudinewsnet_v2_{split}.jsonl" in header


def test_halves_are_disjoint_new_and_split_by_url_hash() -> None:
    split_of = _draw_tool().split_of
    earlier = {(r["archive"], r["index"]) for path in EARLIER for r in _rows(path)}
    seen: set[tuple[str, int]] = set()
    for split, path in HALVES.items():
        for row in _rows(path):
            key = (row["archive"], row["index"])
            assert key not in seen and key not in earlier, key
            seen.add(key)
            assert split_of(row["url"]) == split, row["url"]
    assert len({a for a, _ in seen}) == 16  # every ZIP file of the corpus is represented


def test_spans_fall_inside_their_articles_and_values_parse(
    texts: dict[tuple[str, int], tuple[str, str]],
) -> None:
    counts: dict[str, int] = {}
    for split, path in HALVES.items():
        counts[split] = 0
        for row in _rows(path):
            url, text = texts[(row["archive"], row["index"])]
            assert url == row["url"], (row["archive"], row["index"])
            previous_end = 0
            for start, end, value, granularity in row["times"]:
                assert previous_end <= start < end <= len(text), (row["url"], start, end)
                surface = text[start:end]
                assert surface == surface.strip() and surface, (row["url"], surface)
                _check_value(value, granularity)
                previous_end = end
                counts[split] += 1
    # the sizes the gold was built for (enough to move a figure by well under a point per error)
    assert counts["test"] >= 150 and counts["dev"] + counts["test"] >= 300, counts


def test_the_draw_tool_reproduces_the_gold_articles(shared_dir: Path) -> None:
    tool = _draw_tool()
    drawn = tool.draw(tool.candidates(shared_dir, 2500), 150, 20)
    by_split = {split: [(r["archive"], r["index"]) for r in _rows(path)] for split, path in HALVES.items()}
    for split, keys in by_split.items():
        assert keys == [(row["archive"], row["index"]) for row in drawn if row["split"] == split], split
