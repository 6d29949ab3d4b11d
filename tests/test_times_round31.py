"""Dates and times, round 31 (branch tim31): the error classes of gold v13 and what round 30 left.

Each test is on sentences written for it and failed before its fix.
"""

from __future__ import annotations

from marsad.stages.times import TimeStage
from test_times_round26 import times


def test_the_day_after_tomorrow_with_yom(time_stage: TimeStage) -> None:
    # "بعد يوم غد" is the day after tomorrow, as "بعد غد" is; "يوم غد" alone was read as tomorrow.
    text = "ويلتقي الفريق مع منافسه في المباراة الودية الثانية بعد يوم غد في الملعب نفسه"
    assert times(time_stage, text, "2015-07-25") == [("بعد يوم غد", "2015-07-27")]
    # "يوم غد" alone is still tomorrow
    text = "ويلتقي الفريق مع منافسه يوم غد في الملعب نفسه"
    assert times(time_stage, text, "2015-07-25") == [("يوم غد", "2015-07-26")]
