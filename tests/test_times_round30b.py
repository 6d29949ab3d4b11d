"""Dates and times, round 30 (branch tim30b): generic Hijri months of a yearly cycle, left by branch tim30.

Each test is on sentences written for it and failed before its fix.
"""

from __future__ import annotations

from marsad.stages.times import TimeStage
from test_times_round26 import times


def test_a_range_of_two_hijri_months_is_a_yearly_cycle(time_stage: TimeStage) -> None:
    # "من شهر محرم إلى شهر رمضان" with no day and no year: a season of every year (a school term, a market's season),
    # not the occurrences nearest the anchor.
    text = "تقام دروس التحفيظ في الجامع من شهر محرم إلى قبيل شهر رمضان ويحضرها طلاب الحي"
    assert times(time_stage, text, "2015-08-07") == []
    text = "وقال إن موسم السفر يبدأ من نهاية شهر شعبان حتى نهاية شهر ذي الحجة كل سنة تقريبا"
    assert times(time_stage, text, "2015-07-27") == []
    # a range whose second month has its year is one period, and a single month is still its nearest occurrence
    text = "تقام الدورة من شهر محرم إلى شهر رمضان 1437هـ في الرياض"
    assert ("شهر رمضان 1437هـ", "2016-06-06/2016-07-05") in times(time_stage, text, "2015-08-07")
    assert times(time_stage, "وقد زاد الإقبال على المساجد خلال شهر رمضان", "2015-08-07") == [
        ("شهر رمضان", "2015-06-18/2015-07-16")
    ]


def test_a_hijri_month_with_the_other_months_of_the_year_is_generic(time_stage: TimeStage) -> None:
    # "في شهر رمضان الكريم، وبقية شهور العام": the month stands for every year's, beside "the other months".
    text = "يعمل المتطوعون في شهر رمضان الكريم، وبقية شهور العام في برامج الإفطار والسقيا"
    assert times(time_stage, text, "2015-07-22") == []
    text = "وتنشط الجمعية في شهر شعبان وغيره من الشهور بتوزيع السلال الغذائية"
    assert times(time_stage, text, "2015-07-22") == []


def test_a_verb_of_wish_before_a_bare_weekday_makes_it_coming(time_stage: TimeStage) -> None:
    # "يرغبون في اختتام حوارهم يوم الأربعاء": what they wish to do is still to come; the weekday was put in the past.
    text = "ولن يبقى الوفد طويلا في المدينة حيث يرغبون في اختتام اجتماعاتهم يوم الأربعاء"
    assert times(time_stage, text, "2015-08-08") == [("يوم الأربعاء", "2015-08-12")]
    text = "وقال المندوب: نأمل أن يجري التصويت يوم الجمعة في المجلس"
    assert times(time_stage, text, "2015-08-06") == [("يوم الجمعة", "2015-08-07")]
    # without the wish the bare weekday is still the latest one
    text = "ولم يبق الوفد طويلا في المدينة حيث اختتم اجتماعاته يوم الأربعاء"
    assert times(time_stage, text, "2015-08-08") == [("يوم الأربعاء", "2015-08-05")]
