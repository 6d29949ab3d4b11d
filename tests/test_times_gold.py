"""The second time-expression gold (bench/gold/times_saudinewsnet_v2_{dev,test}.jsonl) is well formed.

Checks the data only: every article is found in the SaudiNewsNet ZIPs with the same url, every span falls
inside its article's text with no blank edge and no overlap, every value parses at its granularity, and each
article sits in the half its url's hash assigns. No system is run and no score is asserted: the test half is
sealed (scored once per round by `bench/bench_times.py --quality-only --gold ...`).
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from time_gold_files import article_texts, check_spans, gold_rows
from tool_module import load_tool

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "bench" / "gold"
HALVES = {"dev": GOLD / "times_saudinewsnet_v2_dev.jsonl", "test": GOLD / "times_saudinewsnet_v2_test.jsonl"}
EARLIER = (GOLD / "times_saudinewsnet.jsonl", GOLD / "times_saudinewsnet_heldout.jsonl")



def _draw_tool() -> ModuleType:
    return load_tool("draw_times_gold.py")


@pytest.fixture(scope="module")
def texts(shared_dir: Path) -> dict[tuple[str, int], tuple[str, str]]:
    """(archive, index) -> (url, content) for the articles of both halves."""
    wanted = {(r["archive"], r["index"]) for path in HALVES.values() for r in gold_rows(path)}
    return article_texts(shared_dir, wanted)


def test_headers_state_provenance_licence_and_command() -> None:
    for split, path in HALVES.items():
        header = "\n".join(line for line in path.read_text("utf-8").splitlines() if line.startswith("#"))
        assert "CC BY-NC-SA" in header and "offsets and labels" in header
        assert "before any system output" in header
        assert f"--quality-only --gold bench/gold/times_saudinewsnet_v2_{split}.jsonl" in header


def test_halves_are_disjoint_new_and_split_by_url_hash() -> None:
    split_of = _draw_tool().split_of
    earlier = {(r["archive"], r["index"]) for path in EARLIER for r in gold_rows(path)}
    seen: set[tuple[str, int]] = set()
    for split, path in HALVES.items():
        for row in gold_rows(path):
            key = (row["archive"], row["index"])
            assert key not in seen and key not in earlier, key
            seen.add(key)
            assert split_of(row["url"]) == split, row["url"]
    assert len({a for a, _ in seen}) == 16  # every ZIP file of the corpus is represented


def test_spans_fall_inside_their_articles_and_values_parse(
    texts: dict[tuple[str, int], tuple[str, str]],
) -> None:
    counts = {split: check_spans(gold_rows(path), texts) for split, path in HALVES.items()}
    # the sizes the gold was built for (enough to move a figure by well under a point per error)
    assert counts["test"] >= 150 and counts["dev"] + counts["test"] >= 300, counts


def test_the_draw_tool_reproduces_the_gold_articles(shared_dir: Path) -> None:
    tool = _draw_tool()
    drawn = tool.draw(tool.candidates(shared_dir, 2500), 150, 20)
    by_split = {split: [(r["archive"], r["index"]) for r in gold_rows(path)] for split, path in HALVES.items()}
    for split, keys in by_split.items():
        assert keys == [(row["archive"], row["index"]) for row in drawn if row["split"] == split], split
