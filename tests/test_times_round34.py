"""Dates and times, round 34 (branch tim34): the false outputs of the dev golds (v2 dev, v3 to v17), as classes.

Each test is on sentences written for it and failed before its fix.
"""

from __future__ import annotations

from marsad.stages.times import TimeStage
from test_times_round26 import times


def test_a_yearless_month_after_since_is_the_latest_one_past(time_stage: TimeStage) -> None:
    # "منذ نوفمبر" in July: a period that began in the past; the nearest year had given the coming November (gold v17).
    text = "وسجلت المبيعات أدنى مستوى لها منذ نوفمبر تشرين الثاني بحسب البيانات"
    assert times(time_stage, text, "2015-07-25") == [("نوفمبر تشرين الثاني", "2014-11")]
    text = "ولم يتقاض الموظفون رواتبهم منذ شهر أكتوبر"
    assert times(time_stage, text, "2015-08-03") == [("شهر أكتوبر", "2014-10")]
    # the anchor's own month and a month before it stay in the anchor's year
    assert times(time_stage, "ويعمل المصنع بطاقته الكاملة منذ يوليو", "2015-07-25") == [("يوليو", "2015-07")]
    assert times(time_stage, "وتراجعت الأسعار منذ مارس", "2015-07-25") == [("مارس", "2015-03")]
    # a coming month after another cue is still the nearest one
    assert times(time_stage, "وتبدأ الدراسة في سبتمبر", "2015-07-25") == [("سبتمبر", "2015-09")]


def test_today_after_a_third_person_pronoun_is_nowadays(time_stage: TimeStage) -> None:
    # "ها هي اليوم تعيش أزمة", "فيما هي اليوم تكرر أخطاء الأمس" (golds v16, v14): a column's present set against a past,
    # as after "نحن"/"أنا" (round 25); they were read as the paper's day.
    text = "كانت الشركة تربح كل عام، وها هي اليوم تعيش أزمة خانقة"
    assert times(time_stage, text, "2015-08-04") == []
    text = "وكان القصر مقرا للملك، وهو اليوم متحف يزوره السياح"
    assert times(time_stage, text, "2015-08-04") == []
    text = "ولم يكن السبت هو اليوم الوحيد الذي خرج فيه الرئيس"
    assert [value for _span, value in times(time_stage, text, "2015-07-21")] == ["2015-07-18"]
    # the day's news without a pronoun before it is still today
    text = "وأعلنت الوزارة اليوم نتائج القبول"
    assert times(time_stage, text, "2015-08-04") == [("اليوم", "2015-08-04")]


def test_a_date_governed_by_a_word_of_habit_is_every_years(time_stage: TimeStage) -> None:
    # "وعادة ما يبدأ نزول الرطب … في منتصف شهر يوليو وحتى نهاية شهر أغسطس" (gold v17): a yearly season, read as this
    # July and this August.
    text = "وعادة ما يبدأ موسم قطف العنب في المزرعة في منتصف شهر يوليو وحتى نهاية شهر أغسطس من دون توقف"
    assert times(time_stage, text, "2015-08-02") == []
    assert times(time_stage, "وتغلق المكاتب الحكومية عادة أيام الجمعة", "2015-07-23") == []
    assert times(time_stage, "وتنخفض الحركة التجارية عادة خلال شهر رمضان", "2015-07-22") == []
    # the reach ends at a comma, and a date with its year or a direction is one date
    text = "وهو إجراء يطبق عادة على المخالفين، بعد حادثة وقعت الجمعة"
    assert [value for _span, value in times(time_stage, text, "2015-08-02")] == ["2015-07-31"]
    text = "ويبدأ المعرض عادة في مارس الماضي"
    assert times(time_stage, text, "2015-08-02") == [("مارس الماضي", "2015-03")]
    # "العادة" is a noun: "على غير العادة" does not make the month generic
    text = "وشهدت الأسواق حركة على غير العادة في يونيو"
    assert times(time_stage, text, "2015-08-02") == [("يونيو", "2015-06")]
