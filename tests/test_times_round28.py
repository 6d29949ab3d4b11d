"""Dates and times, round 28 (branch tim28): classes the stage reported that the annotation guide does not count.

The guide counts "every expression naming a day, month or year". Each test is on sentences written for it and
failed before its fix.
"""

from __future__ import annotations

from marsad.stages.times import TimeStage
from test_times_round26 import times


def test_counted_hours_name_no_day(time_stage: TimeStage) -> None:
    # "خلال الـ24 ساعة الماضية" was reported as the two days it touches and "منذ 36 ساعة" as a day: a count of hours
    # names hours, not a day, month or year, and every time gold leaves it out (their headers say so).
    for text in (
        "ولم تسجل الوزارة أي إصابة جديدة خلال الـ24 ساعة الماضية في المدن الثلاث",
        "ولم تسجل الوزارة أي إصابة جديدة على مدى الـ 24 ساعة الماضية",
        "وقال المتحدث إن القوات ستنسحب خلال الـ48 الساعة القادمة من الحي",
        "وتوقف القصف منذ 36 ساعة على الأقل في الحي الشرقي",
        "وكان الوفد قد وصل قبل ساعتين إلى المطار",
        "وارتفع عدد القتلى خلال الساعات الـ48 الماضية إلى عشرين",
    ):
        assert times(time_stage, text, "2015-07-27") == [], text
    # Counted days, weeks and months beside them are still read.
    text = "ولم تسجل أي إصابة خلال الـ24 ساعة الماضية، بعد ثلاث إصابات خلال الأيام الثلاثة الماضية"
    assert times(time_stage, text, "2015-07-27") == [("خلال الأيام الثلاثة الماضية", "2015-07-24/2015-07-27")]
    assert times(time_stage, "وصل الوفد قبل يومين إلى المطار", "2015-07-27") == [("قبل يومين", "2015-07-25")]
