"""The second annotator's pass over the time golds v2 (dev) and v3 (bench/gold/times_second_pass_r21.jsonl, round 21).

Data checks: the header states what the file is, its licence and command; its articles are the ones the
selection rule picks from each first-pass file (none from the sealed v2 test half); every span lies inside its
article with no blank edge and no overlap, and every value parses. And the agreement tool's pairing, on small
made-up spans. No system is run; the agreement figures are in docs/times.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from time_gold_files import article_texts, check_spans, gold_rows
from tool_module import load_tool

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "bench" / "gold"
SECOND = GOLD / "times_second_pass_r21.jsonl"
FIRST = {
    "v2_dev": GOLD / "times_saudinewsnet_v2_dev.jsonl",
    "v3_dev": GOLD / "times_saudinewsnet_v3_dev.jsonl",
}
SEALED = GOLD / "times_saudinewsnet_v2_test.jsonl"  # only its article coordinates are read



def test_header_states_what_it_is_licence_and_command() -> None:
    header = "\n".join(line for line in SECOND.read_text("utf-8").splitlines() if line.startswith("#"))
    assert "second annotator" in header and "SHA-256" in header
    assert "CC BY-NC-SA" in header and "offsets and labels" in header
    assert "python tools/times_agreement.py --second bench/gold/times_second_pass_r21.jsonl" in header


def test_articles_follow_the_selection_rule_and_avoid_the_sealed_half() -> None:
    tool = load_tool("times_agreement.py")
    rows = gold_rows(SECOND)
    for name, path in FIRST.items():
        picked = [(r["archive"], r["index"]) for r in rows if r["first_pass"] == name]
        assert sorted(picked) == sorted(tool.selection(gold_rows(path), 12)), name
    sealed = {(r["archive"], r["index"]) for r in gold_rows(SEALED)}
    assert not sealed & {(r["archive"], r["index"]) for r in rows}
    assert len(rows) == 24


def test_spans_fall_inside_their_articles_and_values_parse(shared_dir: Path) -> None:
    rows = gold_rows(SECOND)
    texts = article_texts(shared_dir, {(r["archive"], r["index"]) for r in rows})
    assert check_spans(rows, texts) == sum(len(row["times"]) for row in rows) > 0


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
