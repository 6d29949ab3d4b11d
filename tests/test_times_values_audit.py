"""The judged audit of the times stage's values (bench/gold/times_values_audit.tsv) is well formed.

Data checks only: the file loads through the audit tool, every judged span lies inside its article with no blank
edge, verdicts are known and a wrong value carries its true value, each article sits in the half its url's hash
assigns, and no article of the earlier time golds or of either v2 half was drawn. A score is not asserted
(the figures are in docs/times.md).
"""

from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType

import pytest

from tool_module import load_tool

ROOT = Path(__file__).resolve().parent.parent
VALUE = re.compile(r"\d{4}(-\d{2}){0,2}(/\d{4}(-\d{2}){0,2})?")


def _tool() -> ModuleType:
    return load_tool("audit_times_values.py")


def test_verdicts_are_known_and_wrong_values_carry_the_truth() -> None:
    tool = _tool()
    rows = tool.load_judged(tool.DEFAULT_JUDGED)
    assert {r["half"] for r in rows} == {"probe", "held"}
    for row in rows:
        assert VALUE.fullmatch(row["value"]), row
        if row["verdict"] == "wrong":
            assert row["true"] == "?" or VALUE.fullmatch(row["true"]), row
            assert row["true"] != row["value"], row
        else:
            assert row["true"] == "", row


def test_bad_rows_get_a_clear_message(tmp_path: Path) -> None:
    tool = _tool()
    bad = tmp_path / "bad.tsv"
    bad.write_text("2015-07-21.zip\t1\tprobe\t0\t3\t2015\tmaybe\t\t\n", "utf-8")
    with pytest.raises(SystemExit, match="verdict"):
        tool.load_judged(bad)


def test_spans_fit_their_articles_and_halves_follow_the_hash(shared_dir: Path) -> None:
    if not (shared_dir / "data" / "saudinewsnet").is_dir():
        pytest.skip("SaudiNewsNet not present in shared data")
    tool = _tool()
    rows = tool.load_judged(tool.DEFAULT_JUDGED)
    texts = tool.article_texts(shared_dir, {(r["archive"], int(r["index"])) for r in rows})
    excluded = tool.excluded_urls()
    for row in rows:
        url, _, text = texts[(row["archive"], int(row["index"]))]
        start, end = int(row["start"]), int(row["end"])
        assert 0 <= start < end <= len(text), row
        surface = text[start:end]
        assert surface == surface.strip(), row
        assert tool.half_of(url) == row["half"], row
        assert url not in excluded, row
