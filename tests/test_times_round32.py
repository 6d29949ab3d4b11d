"""Dates and times, round 32 (branch tim32): the error classes of gold v15 and what round 31 left.

Each test is on sentences written for it and failed before its fix.
"""

from __future__ import annotations

from marsad.stages.times import TimeStage
from test_times_round26 import times


def test_the_morrow_after_a_part_of_day_is_tomorrow(time_stage: TimeStage) -> None:
    # "مساء الغد": the definite "the morrow" after a part of day; "الغد" was never read.
    text = "وسيعقد النادي مساء الغد جمعيته العمومية لاختيار الرئيس الجديد"
    assert times(time_stage, text, "2015-07-21") == [("مساء الغد", "2015-07-22")]
    text = "ويغادر الفريق صباح الغد إلى معسكره الخارجي"
    assert times(time_stage, text, "2015-08-06") == [("صباح الغد", "2015-08-07")]
    # the weather's "نهار الغد" and the market's "تداولات الغد" are tomorrow too
    text = "ويكون الطقس ونهار الغد مستقرا على المرتفعات"
    assert times(time_stage, text, "2015-07-25") == [("الغد", "2015-07-26")]
    text = "وتعود أسهم الشركة ابتداء من تداولات الغد"
    assert times(time_stage, text, "2015-08-02") == [("الغد", "2015-08-03")]


def test_the_morrow_as_the_future_or_a_story_is_no_date(time_stage: TimeStage) -> None:
    # "من أجل الغد" is the future, "وفي صباح الغد" the next morning of a story told ("مباراة الغد" is read since round 33:
    # tests/test_times_round33.py)
    assert times(time_stage, "نعمل جميعا من أجل الغد المشرق لأبنائنا", "2015-07-21") == []
    text = "عدت إلى البيت متعبا وفي صباح الغد ذهبت إلى المدرسة"
    assert times(time_stage, text, "2015-07-21") == []


def test_a_bare_weekday_after_a_run_of_coming_days_continues_it(time_stage: TimeStage) -> None:
    # "الاثنين القادم … الثلاثاء القادم … الأربعاء القادم … وفي يوم الخميس": the programme's next day is the coming
    # Thursday, not the Thursday past (as it was read).
    text = (
        "وتبدأ المقابلات صباح يوم الاثنين القادم بمقر الغرفة. ويستقبل المقر صباح يوم الثلاثاء القادم الراغبين. "
        "ويخصص صباح يوم الأربعاء القادم لمقابلات أخرى. وفي يوم الخميس تطرح الشركة خمسين وظيفة."
    )
    assert times(time_stage, text, "2015-08-09")[-1] == ("يوم الخميس", "2015-08-13")
    # one coming day is no run: a bare weekday after it stays the latest one past
    text = "ويلتقي الفريق ضيفه الاثنين القادم. وكان قد فاز يوم الخميس على منافسه."
    assert times(time_stage, text, "2015-08-09")[-1] == ("يوم الخميس", "2015-08-06")
    # nor is a weekday that is not the day after the run's last
    text = "ويقام التمرين الأحد المقبل والمباراة الاثنين المقبل. وكان الفريق قد وصل الجمعة إلى لندن."
    assert times(time_stage, text, "2015-08-06")[-1] == ("الجمعة", "2015-07-31")


def test_two_dates_across_al_muwafiq_that_disagree_are_one(time_stage: TimeStage) -> None:
    # "1/ 2/ 1372 الموافق 10/ 10/ 1953": the Hijri side is a year off; the pair is one date, the Gregorian side's (two
    # outputs before, the first wrong).
    text = "وأنشئ المجلس بموجب المرسوم الصادر في 1/ 2/ 1372 الموافق 10/ 10/ 1953. وحسب النظام"
    assert times(time_stage, text, "2015-08-04") == [("1/ 2/ 1372 الموافق 10/ 10/ 1953", "1953-10-10")]
    # a weekday named with the pair picks the side that falls on it: 16 Ramadan 1436 is Friday 3 July, not 3 June
    text = "وأقرت اللجنة القرار الجمعة 16 رمضان 1436هـ الموافق 3 يونيو 2015م في اجتماعها"
    assert times(time_stage, text, "2015-07-27") == [("الجمعة 16 رمضان 1436هـ الموافق 3 يونيو 2015م", "2015-07-03")]
    # a yearless side takes the other's year
    text = "وتنتهي الدورة الخميس 28-2-1437هـ الموافق 10 ديسمبر في الرياض"
    assert times(time_stage, text, "2015-08-04") == [("الخميس 28-2-1437هـ الموافق 10 ديسمبر", "2015-12-10")]


def test_a_bare_weekday_restated_by_a_date_or_a_period(time_stage: TimeStage) -> None:
    # "حتى مساء يوم الثلاثاء الموافق (5-10-1436 هـ)": the weekday was the latest Tuesday past, the date another output
    text = "واستمرت الفعاليات حتى مساء يوم الثلاثاء الموافق (5-10-1436 هـ) في الحديقة"
    assert [value for _, value in times(time_stage, text, "2015-07-31")] == ["2015-07-21"]
    # before a period each weekday is the period's day of that weekday; the period stays whole
    text = "ويقام اللقاء في يومي الأربعاء والخميس الموافق 20 و21 شوال بمقر الجامعة"
    assert times(time_stage, text, "2015-08-01") == [
        ("الأربعاء", "2015-08-05"), ("الخميس", "2015-08-06"), ("20 و21 شوال", "2015-08-05/2015-08-06")
    ]


def test_the_past_weekday_beside_a_bracketed_day_before_yesterday(time_stage: TimeStage) -> None:
    # "يوم (أول من) أمس (الجمعة)" is the day before yesterday, as "أول من أمس الجمعة" is: "الجمعة الماضي" beside it is
    # that same Friday, not the week before (it was moved back a week).
    text = (
        "وتبحث الحكومة مقررات الاجتماع الذي عقد يوم (أول من) أمس (الجمعة) بشأن الإصلاح، "
        "وكذلك مطالب مظاهرات الجمعة الماضي في العاصمة."
    )
    assert times(time_stage, text, "2015-08-09")[-1] == ("الجمعة الماضي", "2015-08-07")
    # after a plain "أمس الجمعة" the wire copy's "الجمعة الماضي" is still the week before (round 31)
    text = "أدانت الحكومة أمس الجمعة الهجمات. وفي هجوم وقع يوم الجمعة الماضي قتل عشرة أشخاص."
    assert times(time_stage, text, "2015-07-25")[-1] == ("يوم الجمعة الماضي", "2015-07-17")


def test_ramadan_singled_out_of_a_habit_is_every_years(time_stage: TimeStage) -> None:
    # "خاصة في شهر رمضان المبارك": a habit of every Ramadan, not the one just ended (it was read as Ramadan 1436)
    text = "والجرة من أشهر الأواني التي يستخدمها الأهالي خاصة في شهر رمضان المبارك لصنع القهوة"
    assert times(time_stage, text, "2015-07-21") == []
    text = "وللطبق علاقة وثيقة بالأسر في المنطقة، لاسيما خلال شهر رمضان المبارك."
    assert times(time_stage, text, "2015-07-21") == []
    # without the cue the month is still its nearest occurrence
    text = "وبلغت مبيعات المتاجر خلال شهر رمضان المبارك مليار ريال"
    assert times(time_stage, text, "2015-07-21") == [("شهر رمضان", "2015-06-18/2015-07-16")]


def test_today_after_no_longer_is_nowadays(time_stage: TimeStage) -> None:
    # "لم تعد تقنية التصوير اليوم عملا": "no longer … today" sets the present against a past (it was read as today)
    text = "لم تعد تقنية التصوير اليوم عملا يسجل اللحظات الجميلة فقط"
    assert times(time_stage, text, "2015-07-26") == []
    assert times(time_stage, "وهو مذهب قديم لم يعد موجودا اليوم في المنطقة", "2015-07-26") == []
    # after a clause break, or with a part of day, it is today again
    text = "لم يعد اللاعب إلى التدريبات. وقال المدرب اليوم إن الإصابة بسيطة"
    assert times(time_stage, text, "2015-07-26") == [("اليوم", "2015-07-26")]
    text = "ولم يعد الفريق إلى الرياض حتى صباح اليوم"
    assert times(time_stage, text, "2015-07-26") == [("صباح اليوم", "2015-07-26")]


def test_a_year_after_an_event_or_an_edition(time_stage: TimeStage) -> None:
    # "اعتداءات 2008", "أزمة 1929", "في نسخة 2005": events and editions named by their year (not read before)
    text = "وأعدمت السلطات أحد منفذي اعتداءات 2008 التي استهدفت المدينة"
    assert times(time_stage, text, "2015-07-31") == [("2008", "2008")]
    text = "وقال إن الأزمة الحالية أشد من أزمة 1929 ومن كل ما سبقها"
    assert times(time_stage, text, "2015-07-26") == [("1929", "1929")]
    # a count after the number is still no year
    assert times(time_stage, "ووقعت هجمات 2000 شخص على الموقع", "2015-07-26") == []


def test_a_count_forward_after_a_future_cue(time_stage: TimeStage) -> None:
    # "من المتوقع افتتاحه بعد خمس سنوات": a count forward from the paper's day, as "بعد عامين من الآن" (not read without
    # "من الآن" before)
    text = "ويستوعب المجمع الذي من المتوقع افتتاحه بعد خمس سنوات نحو 78 ألف زائر"
    assert times(time_stage, text, "2015-08-09") == [("بعد خمس سنوات", "2020")]
    # a count of something else, or with no future cue, is not
    assert times(time_stage, "وقال إنه سيترك منصبه بعد 17 عاما في رئاسة الاتحاد", "2015-08-09") == []
    assert times(time_stage, "ونقل إلى المستشفى وتوفي بعد أسبوعين.", "2015-08-09") == []
    text = "وأعلن أنه سيترك منصبه بعد أربعة أيام فقط من إعادة انتخابه"
    assert times(time_stage, text, "2015-08-09") == []
