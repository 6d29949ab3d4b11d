"""Dates and times, round 37 (branch tim37): what gold v20 showed.

Each test is on sentences written for it and failed before its fix.
"""

from __future__ import annotations

from marsad.stages.times import TimeStage
from test_times_round26 import times


def test_a_planned_march_on_a_bare_weekday_is_the_coming_one(time_stage: TimeStage) -> None:
    # "لن تسمح بمسيرة سلمية مزمعة في اسطنبول يوم الأحد" (gold v20): مزمعة without the article is a
    # future cue too.
    text = "وقالت الشرطة إنها لن تسمح بوقفة مزمعة في الميدان يوم الأحد بسبب الزحام."
    assert times(time_stage, text, "2015-07-25") == [("يوم الأحد", "2015-07-26")]
    text = "وأعلن الحزب عن مؤتمر مزمع في العاصمة الثلاثاء"
    assert times(time_stage, text, "2015-07-25") == [("الثلاثاء", "2015-07-28")]
    # without the cue, a bare weekday is still the latest one
    text = "وقالت الشرطة إنها منعت وقفة في الميدان يوم الأحد بسبب الزحام."
    assert times(time_stage, text, "2015-07-25") == [("يوم الأحد", "2015-07-19")]


def test_direst_need_is_no_yesterday(time_stage: TimeStage) -> None:
    # "المنكوبين في أمس الحاجة إلى كميات كبيرة من المساعدات" (gold v20): "in direst need".
    text = "وأكد أن الأسر النازحة في أمس الحاجة إلى الخيام والدواء."
    assert times(time_stage, text, "2015-08-02") == []
    text = "وأكد أن الأسر النازحة وصلت أمس إلى المخيم."
    assert times(time_stage, text, "2015-08-02") == [("أمس", "2015-08-01")]


def test_a_rhetorical_how_today_is_no_date(time_stage: TimeStage) -> None:
    # "أطعمتكم وحملتكم..فكيف اليوم تحاملتم عليها؟" (gold v20): a column's question, not the
    # article's day.
    text = "هذه المدينة آوتكم سنين طويلة، فكيف اليوم تتنكرون لها؟"
    assert times(time_stage, text, "2015-07-27") == []
    text = "وكيف اليوم نصدق الوعود بعد كل ما جرى؟"
    assert times(time_stage, text, "2015-07-27") == []


def test_ghurra_is_the_first_day(time_stage: TimeStage) -> None:
    # "الذي شغل ذلك المنصب غرة مارس 2008م" (gold v20): غرة, "the first", names the month's first day.
    text = "وتولى رئاسة المجلس غرة أبريل 2009م ثم استقال"
    assert times(time_stage, text, "2015-08-06") == [("غرة أبريل 2009م", "2009-04-01")]
    text = "ويبدأ العمل بالنظام الجديد غرة شوال 1436هـ في كل المناطق"
    assert times(time_stage, text, "2015-07-06") == [("غرة شوال 1436هـ", "2015-07-17")]


def test_today_with_a_weekday_five_days_back(time_stage: TimeStage) -> None:
    # "اليوم الأحد" in a story crawled on Friday 24 July (gold v20): the date given is late; the named
    # Sunday wins, as it did up to four days back.
    text = "وشيع المشيعون جثمان الفنان اليوم الأحد من المسجد الكبير"
    assert times(time_stage, text, "2015-07-24") == [("اليوم الأحد", "2015-07-19")]
    # the day right after the anchor's is still not taken six days back: today is kept, the
    # disagreement noted
    text = "وتفتتح الوزارة المعرض اليوم السبت في جدة"
    assert times(time_stage, text, "2015-07-24") == [("اليوم السبت", "2015-07-24")]
