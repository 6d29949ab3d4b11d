"""Dates and times, round 27 (gold v9): the error classes found on a fresh plain draw.

Each test is on sentences written for it (not the gold's articles) and failed before its fix.
"""

from __future__ import annotations

from marsad.stages.times import TimeStage
from test_times_round26 import times


def test_a_day_of_the_current_or_next_month(time_stage: TimeStage) -> None:
    # "في 25 من الشهر الحالي" was read as the month alone: a day number before "من الشهر الحالي/الجاري/المقبل" (or
    # "من هذا الشهر") is that day of the month named.
    assert times(time_stage, "وتقام مباراة الإياب في 25 من الشهر الحالي على ملعب الفريق", "2015-07-21") == [
        ("25 من الشهر الحالي", "2015-07-25")
    ]
    assert times(time_stage, "يعقد المؤتمر في العاشر من الشهر المقبل بالرياض", "2015-07-21") == [
        ("العاشر من الشهر المقبل", "2015-08-10")
    ]
    assert times(time_stage, "تنتهي الدورة في الثامن عشر من هذا الشهر", "2015-07-06") == [
        ("الثامن عشر من هذا الشهر", "2015-07-18")
    ]
    # A part of the month is not its first day, and the month alone is read as before.
    assert times(time_stage, "ارتفعت الأسعار في النصف الأول من الشهر الجاري", "2015-07-21") == [
        ("الشهر الجاري", "2015-07")
    ]
    assert times(time_stage, "ارتفعت الأسعار خلال الشهر الماضي", "2015-07-21") == [("خلال الشهر الماضي", "2015-06")]
    # A weekday before the day picks the calendar: 9 July 2015 was a Thursday, 9 Shawwal 1436 (25 July) a Saturday.
    assert times(time_stage, "يخوض الفريق أولى مبارياته يوم السبت التاسع من الشهر الجاري", "2015-07-21") == [
        ("يوم السبت التاسع من الشهر الجاري", "2015-07-25")
    ]
    assert times(time_stage, "يخوض الفريق أولى مبارياته يوم الخميس التاسع من الشهر الجاري", "2015-07-21") == [
        ("يوم الخميس التاسع من الشهر الجاري", "2015-07-09")
    ]


def test_a_weekday_in_quotation_marks_after_today(time_stage: TimeStage) -> None:
    # "اليوم «الأحد»" gave two expressions (today, and a bare Sunday read as the latest one, a week back): the weekday
    # restating today may stand in guillemets as in parentheses.
    assert times(time_stage, "ينظم المركز ناديا صيفيا اعتبارا من اليوم «الأحد» لمدة شهر", "2015-07-26") == [
        ("اليوم «الأحد»", "2015-07-26")
    ]
    assert times(time_stage, "وقعت مواجهات اليوم (الأحد) في القدس", "2015-07-26") == [("اليوم (الأحد)", "2015-07-26")]


def test_friday_sermons_in_the_plural_are_no_date(time_stage: TimeStage) -> None:
    # "خطب الجمعة" (Friday sermons) was read as the latest Friday: the plural names every Friday's. The singular sermon
    # of a Friday is that day, as before.
    assert times(time_stage, "وجه الوزير بتوزيع موسوعة خطب الجمعة على خطباء الجوامع", "2015-07-22") == []
    assert times(time_stage, "وقال المفتي في خطبة الجمعة أمس إن الإرهاب لا دين له", "2015-07-25") == [
        ("الجمعة أمس", "2015-07-24")
    ]


def test_a_clause_opened_by_an_expected_event(time_stage: TimeStage) -> None:
    # "ومن المنتظر أن يقود … الجمعة" was read as the Friday before: a clause opened by "من المنتظر" (it is expected)
    # speaks of a coming day, as one opened by "من المقرر" does.
    text = "ومن المنتظر أن يقود اللاعب منتخب بلاده في آخر مباريات الدور الأول من البطولة، الجمعة، أمام بوليفيا"
    assert times(time_stage, text, "2015-07-22") == [("الجمعة", "2015-07-24")]
    # A clause opened by a past narrative keeps the latest Friday.
    text = "ومن الملاحظ أن اللاعب قاد منتخب بلاده في آخر مباريات الدور الأول من البطولة، الجمعة، أمام بوليفيا"
    assert times(time_stage, text, "2015-07-22") == [("الجمعة", "2015-07-17")]


def test_an_official_statements_day_does_not_date_the_article(time_stage: TimeStage) -> None:
    # A Sunday paper reports a statement issued "أمس" that says "اعتباراً من هذا اليوم السبت": the statement's day was
    # taken as evidence that the paper was Saturday's (a late crawl), and أمس became Friday. "هذا اليوم" with a weekday
    # is the style of an official statement, dated by itself; it dates the statement only.
    text = "أصدر الديوان الملكي أمس بيانا جاء فيه: سيتوجه الملك اعتباراً من هذا اليوم السبت إلى خارج المملكة."
    assert ("أمس", "2015-07-25") in times(time_stage, text, "2015-07-26")
    # The paper's own "اليوم السبت" still shows a late crawl.
    text = "أصدر الديوان الملكي أمس بيانا، وسيتوجه الملك اليوم السبت إلى خارج المملكة."
    assert ("أمس", "2015-07-24") in times(time_stage, text, "2015-07-26")
