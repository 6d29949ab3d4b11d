"""Dates and times, round 26 (gold v8): the error classes found on a fresh draw of date-rich articles.

Each test is on sentences written for it (not the gold's articles) and failed before its fix.
"""

from __future__ import annotations

import pytest

from marsad.document import Document
from marsad.stages.boilerplate import BoilerplateStage
from marsad.stages.times import TimeStage


@pytest.fixture(scope="module")
def stage() -> TimeStage:
    return TimeStage()


def times(stage: TimeStage, text: str, published: str) -> list[tuple[str, str]]:
    doc = Document(text, published=published)
    BoilerplateStage()(doc)
    stage(doc)
    assert doc.span_problems() == []
    return [(t.text, t.value) for t in doc.times]


def test_last_night_is_the_day_before(stage: TimeStage) -> None:
    # "الليلة الماضية" was read as "الليلة" (tonight): the publication day. It is the evening before it; midnight last
    # night is the start of the publication day.
    assert times(stage, "قتل عشرة مدنيين في انفجار عبوتين ناسفتين الليلة الماضية في بعقوبة", "2015-07-24") == [
        ("الليلة الماضية", "2015-07-23")
    ]
    assert times(stage, "دعا إلى احترام الهدنة التي بدأت منتصف الليلة الماضية", "2015-07-26") == [
        ("منتصف الليلة الماضية", "2015-07-26")
    ]
    assert times(stage, "تقام الحفلة الليلة في الحديقة", "2015-07-26") == [("الليلة", "2015-07-26")]


def test_a_hijri_season_typed_right_to_left(stage: TimeStage) -> None:
    # "1437/1436هـ" was read as the year 1436 alone: right-to-left typing put the later of two consecutive Hijri years
    # first, and the school year is both.
    text = "يبدأ التسجيل للعام الدراسي القادم 1437/1436هـ يوم الأحد"
    assert ("1437/1436هـ", "2014-10-25/2016-10-01") in times(stage, text, "2015-08-06")
    # Years further apart are not one season.
    assert [text for text, _ in times(stage, "في العامين 1437/1430هـ", "2015-08-06")] == ["1430هـ"]


def test_half_of_a_month_and_two_months_after_of(stage: TimeStage) -> None:
    # "النصف الأول من شهر يونيو" was read as 1 June, and "من شهر يونيو وشهر يوليو" as the range June–July: a half of
    # a month is its month (as a month's part is), and two months listed after "من" are two months.
    text = "كان النصف الثاني من شهر يونيو وشهر يوليو الماضي أسوأ الفترات، مقارنة بالنصف الأول من شهر يونيو"
    assert times(stage, text, "2015-08-07") == [
        ("شهر يونيو", "2015-06"),
        ("شهر يوليو الماضي", "2015-07"),
        ("شهر يونيو", "2015-06"),
    ]
    # A day with no part word before it, and a range with بين, are read as before.
    assert times(stage, "وصل في الأول من شهر يونيو", "2015-08-07") == [("الأول من شهر يونيو", "2015-06-01")]
    assert times(stage, "بين شهر يونيو وشهر يوليو الماضي", "2015-08-07") == [
        ("بين شهر يونيو وشهر يوليو الماضي", "2015-06/2015-07")
    ]


def test_the_last_n_years_before_a_passive_agent_and_a_misspelt_dual(stage: TimeStage) -> None:
    # "الـ22 سنة الأخيرة، من قبل نظام" was left out as "the last years of something" (الأخيرة + من), and "الشهريين"
    # (a common misspelling of الشهرين) was not a unit.
    assert times(stage, "حكم البلاد خلال الـ22 سنة الأخيرة، من قبل نظام الرئيس", "2015-07-25") == [
        ("خلال الـ22 سنة الأخيرة", "1993/2015")
    ]
    assert times(stage, "وقال المركز إنه خلال الشهريين الماضيين بلغت الانتهاكات رقما قياسيا", "2015-08-07") == [
        ("خلال الشهريين الماضيين", "2015-06/2015-08")
    ]
    # "the last week of Ramadan" is still the last week of something else.
    assert times(stage, "في الأسبوع الأخير من الدورة", "2015-08-07") == []


def test_a_clause_opened_by_a_verb_of_a_coming_event_looks_ahead(stage: TimeStage) -> None:
    # A bare weekday was read as the latest such day when the verb of the coming meeting or match stood more than five
    # words before it, or was not a future cue ("ويلتقي"): a clause opened by such a verb names the coming day.
    text = "يجتمع سفراء دول حلف شمال الاطلسي الثمانية والعشرون الثلاثاء للتشاور"
    assert times(stage, text, "2015-07-26") == [("الثلاثاء", "2015-07-28")]
    assert times(stage, "وقال المدرب إنه سعيد. ويلتقي المنتخب يوم السبت مع عمان", "2015-08-07") == [
        ("يوم السبت", "2015-08-08")
    ]
    text = "تصل الشهب ذروتها الليلة، ويتوقع أن تكون في أفضل أحوالها في الساعات قبل شروق شمس الأربعاء"
    assert ("الأربعاء", "2015-07-29") in times(stage, text, "2015-07-27")
    # A past verb opening the clause, or the verb too far back, leaves the latest such day.
    assert times(stage, "واجتمع سفراء الدول الأعضاء الثلاثاء", "2015-07-26") == [("الثلاثاء", "2015-07-21")]
    text = "يجتمع السفراء دوريا في المقر الرئيسي للحلف في بروكسل لمناقشة القضايا الأمنية والعسكرية وقد اجتمعوا الثلاثاء"
    assert times(stage, text, "2015-07-26") == [("الثلاثاء", "2015-07-21")]


def test_one_day_before_an_event_and_years_after_before_or_after(stage: TimeStage) -> None:
    # "قبل يوم واحد من العملية" was read as yesterday: with "واحد" between, the count is still from the event. A year
    # after "قبل"/"بعد" ("قبل 2017", "بعد 2011") was missed; a count after it ("قبل 2000 عام") is not a year.
    assert times(stage, "قال إنه انضم للتنظيم قبل يوم واحد من العملية", "2015-08-06") == []
    assert times(stage, "وصل قبل يوم واحد فقط", "2015-08-06") == [("قبل يوم", "2015-08-05")]
    assert times(stage, "من المقرر أن ينظم الاستفتاء قبل 2017 لكن قد يجرى مبكرا", "2015-07-25") == [("2017", "2017")]
    assert times(stage, "ولم نفهم ما يجري إلا بعد 2011، وحاولت كثيرا", "2015-07-26") == [("2011", "2011")]
    assert times(stage, "بنيت المدينة قبل 2000 عام", "2015-07-26") == []


def test_the_day_and_the_hour_of_a_booking(stage: TimeStage) -> None:
    # "حجز الموعد باليوم والساعة" was read as today.
    assert times(stage, "ثم حجز الموعد باليوم والساعة عبر البوابة", "2015-07-26") == []
    assert times(stage, "ويبدأ الحجز اليوم عبر البوابة", "2015-07-26") == [("اليوم", "2015-07-26")]


def test_a_period_from_a_coming_weekday_to_a_dated_one(stage: TimeStage) -> None:
    # "ابتداء من يوم الأحد المقبل حتى الثلاثاء 19شوال" was read as two days: "ابتداء" names a period, and a weekday may
    # open it.
    text = "حددت الإدارة المقابلات لمدة ثلاثة أيام ابتداء من يوم الأحد المقبل حتى الثلاثاء 19شوال"
    assert times(stage, text, "2015-07-26") == [("يوم الأحد المقبل حتى الثلاثاء 19شوال", "2015-08-02/2015-08-04")]
    # Without a word of a period the two days stay two.
    assert [value for _, value in times(stage, "وقع الحادث الأحد حتى الثلاثاء", "2015-07-26")] == [
        "2015-07-26",
        "2015-07-21",
    ]


def test_a_bare_number_that_is_this_year_or_the_next_names_it(stage: TimeStage) -> None:
    # "معرض وظائف 2015", "أولمبياد ريو دي جانيرو الصيفي 2016": an event's or a plan's year with no cue before it was
    # missed. A bare 4-digit number that is the publication year or the next is that year.
    assert times(stage, "تستقبل الغرفة طلبات المشاركة في معرض وظائف 2015, الذي تنظمه في أكتوبر", "2015-08-08") == [
        ("2015", "2015"),
        ("أكتوبر", "2015-10"),
    ]
    assert times(stage, "التصفيات المؤهلة لأولمبياد ريو دي جانيرو الصيفي 2016.", "2015-07-21") == [("2016", "2016")]
    # Not another year, a count, a number, a fiscal year, a date's year or one end of a range.
    for text in (
        "فاز الفريق بلقب 2009 في بطولة الأندية",
        "وصل 2015 حاجا إلى المشاعر",
        "أصدر المجلس القرار رقم 2015 بشأن اليمن",
        "تطبيق القرار 2016 بشأن الانسحاب",
        "بلغت أرباح السنة المالية 2015 نحو مليار",
        "في الموسم الكروي الجديد 2015 _ 2016",
    ):
        assert [v for _, v in times(stage, text, "2015-08-08") if v.startswith("201")] in ([], ["2015/2016"]), text
    # A year right after a part of it restates it (one expression), as with a year word.
    assert times(stage, "خلال النصف الأول من العام الحالي 2015 ارتفعت الأرباح", "2015-08-08") == [
        ("النصف الأول من العام الحالي 2015", "2015-01/2015-06")
    ]
