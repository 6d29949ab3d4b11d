"""The second annotator's pass over the time golds v2 (dev) and v3 (bench/gold/times_second_pass_r21.jsonl, round 21).

Data checks: the header states what the file is, its licence and command; its articles are the ones the
selection rule picks from each first-pass file (none from the sealed v2 test half); every span lies inside its
article with no blank edge and no overlap, and every value parses. And the agreement tool's pairing, on small
made-up spans. No system is run; the agreement figures are in docs/times.md.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from saudinewsnet_texts import article_texts
from tool_module import load_tool

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "bench" / "gold"
SECOND = GOLD / "times_second_pass_r21.jsonl"
FIRST = {
    "v2_dev": GOLD / "times_saudinewsnet_v2_dev.jsonl",
    "v3_dev": GOLD / "times_saudinewsnet_v3_dev.jsonl",
}
SEALED = GOLD / "times_saudinewsnet_v2_test.jsonl"  # only its article coordinates are read
LENGTHS = {"day": 3, "month": 2, "year": 1}


def _rows(path: Path) -> list[dict[str, Any]]:
    return [
        json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip() and line[0] != "#"
    ]


def _first_day(value: str, granularity: str) -> date:
    parts = [int(p) for p in value.split("-")]
    assert len(parts) == LENGTHS[granularity], (value, granularity)
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _check_value(value: str, granularity: str) -> None:
    if granularity != "range":
        _first_day(value, granularity)
        return
    start, end = value.split("/")
    kind = {10: "day", 7: "month", 4: "year"}[len(start)]
    assert len(end) == len(start), value
    assert _first_day(start, kind) <= _first_day(end, kind), value


def test_header_states_what_it_is_licence_and_command() -> None:
    header = "\n".join(line for line in SECOND.read_text("utf-8").splitlines() if line.startswith("#"))
    assert "second annotator" in header and "SHA-256" in header
    assert "CC BY-NC-SA" in header and "offsets and labels" in header
    assert "python tools/times_agreement.py --second bench/gold/times_second_pass_r21.jsonl" in header


def test_articles_follow_the_selection_rule_and_avoid_the_sealed_half() -> None:
    tool = load_tool("times_agreement.py")
    rows = _rows(SECOND)
    for name, path in FIRST.items():
        picked = [(r["archive"], r["index"]) for r in rows if r["first_pass"] == name]
        assert sorted(picked) == sorted(tool.selection(_rows(path), 12)), name
    sealed = {(r["archive"], r["index"]) for r in _rows(SEALED)}
    assert not sealed & {(r["archive"], r["index"]) for r in rows}
    assert len(rows) == 24


def test_spans_fall_inside_their_articles_and_values_parse(shared_dir: Path) -> None:
    rows = _rows(SECOND)
    texts = article_texts(shared_dir, {(r["archive"], r["index"]) for r in rows})
    for row in rows:
        url, text = texts[(row["archive"], row["index"])]
        assert url == row["url"], (row["archive"], row["index"])
        previous_end = 0
        for start, end, value, granularity in row["times"]:
            assert previous_end <= start < end <= len(text), (row["url"], start, end)
            surface = text[start:end]
            assert surface == surface.strip() and surface, (row["url"], surface)
            _check_value(value, granularity)
            previous_end = end


def test_disagreements_are_paired_like_the_scorer() -> None:
    tool = load_tool("times_agreement.py")
    first = [[0, 10, "2015-07-20", "day"], [20, 30, "2015-07", "month"], [40, 45, "2015", "year"]]
    second = [[5, 10, "2015-07-20", "day"], [20, 30, "2015-06", "month"], [50, 55, "2014", "year"]]
    kinds = [(d.kind, d.first, d.second) for d in tool.disagreements(first, second)]
    assert kinds == [
        ("boundary", (0, 10, "2015-07-20"), (5, 10, "2015-07-20")),
        ("value", (20, 30, "2015-07"), (20, 30, "2015-06")),
        ("first only", (40, 45, "2015"), None),
        ("second only", None, (50, 55, "2014")),
    ]
    assert tool.disagreements(first, first) == []


def test_a_missing_file_is_a_clear_message(tmp_path: Path) -> None:
    tool = load_tool("times_agreement.py")
    with pytest.raises(SystemExit, match="no gold file"):
        tool.rows(tmp_path / "absent.jsonl")
