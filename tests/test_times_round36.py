"""Dates and times, round 36 (branch tim36): what gold v19 and gold v18 showed, and the classes round 35 left (a bare
رمضان, a recurring period's first day).

Each test is on sentences written for it and failed before its fix.
"""

from __future__ import annotations

from marsad.stages.times import TimeStage
from test_times_round26 import times


def test_feminine_dual_directions(time_stage: TimeStage) -> None:
    # "في السنتين المقبلتين" (gold v19): a counted span of two years, as "العامين المقبلين" is.
    text = "وتتوقع الوكالة خفض التصنيف في السنتين المقبلتين."
    assert times(time_stage, text, "2015-08-04") == [("السنتين المقبلتين", "2015/2017")]
    text = "وستنفذ الشركة المشروع خلال السنتين القادمتين"
    assert times(time_stage, text, "2015-08-04") == [("خلال السنتين القادمتين", "2015/2017")]


def test_a_hijri_season_typed_with_a_space(time_stage: TimeStage) -> None:
    # "العام الجامعي الجديد 1436 1437ه" (gold v19): the two Hijri years of a season, as "1436/1437هـ" is.
    text = "استعدت الجامعة لاستقبال العام الجامعي الجديد 1436 1437ه بكل كلياتها"
    assert times(time_stage, text, "2015-08-08") == [("1436 1437ه", "2014-10-25/2016-10-01")]
    text = "للعام الدراسي 1437 1436هـ في المدارس"
    assert times(time_stage, text, "2015-08-08") == [("1437 1436هـ", "2014-10-25/2016-10-01")]
    # two numbers side by side without the era, or not consecutive, are no season
    assert times(time_stage, "بلغ عدد المقبولين 1436 1437 طالبا", "2015-08-08") == []
    text = "للعام الدراسي 1430 1437هـ في المدارس"
    assert times(time_stage, text, "2015-08-08") == [("1437هـ", "2015-10-14/2016-10-01")]


def test_days_of_a_month_named_relative_to_the_anchor(time_stage: TimeStage) -> None:
    # "ما بين العاشر والثالث عشر من الشهر الماضي" (gold v19): the days of last month, one range, not the month.
    text = "وأضافت أن العملية التي وقعت ما بين العاشر والثالث عشر من الشهر الماضي شكلت هزة"
    assert times(time_stage, text, "2015-07-22") == [
        ("ما بين العاشر والثالث عشر من الشهر الماضي", "2015-06-10/2015-06-13")
    ]
    text = "تقام الدورة بين 10 و13 من الشهر المقبل في جدة"
    assert times(time_stage, text, "2015-07-22") == [("بين 10 و13 من الشهر المقبل", "2015-08-10/2015-08-13")]
    # one day is still that day
    assert times(time_stage, "وقعت في 13 من الشهر الماضي", "2015-07-22") == [("13 من الشهر الماضي", "2015-06-13")]


def test_a_recurring_period_gives_no_first_day(time_stage: TimeStage) -> None:
    # "ما بين 15 من شهر يونيو إلى نهاية اليوم الـ15 من شهر سبتمبر من كل عام" (gold v18): a yearly ban, no date; its
    # first day (or month) is not this year's and "اليوم الـ15" is the 15th day, not today.
    text = (
        "ويمنع العمل تحت أشعة الشمس خلال الفترة الواقعة ما بين 15 من شهر يونيو إلى نهاية اليوم الـ15 من شهر سبتمبر "
        "من كل عام ميلادي، نظرا لارتفاع درجات الحرارة"
    )
    assert times(time_stage, text, "2015-08-09") == []
    text = "يقام المهرجان من 10 يوليو إلى 20 أغسطس من كل عام في المدينة"
    assert times(time_stage, text, "2015-08-09") == []
    # only the article before the number makes "اليوم" a numbered day; a count after it is today's
    assert times(time_stage, "نفذت قوات التحالف اليوم 41 ضربة جوية", "2015-07-31") == [("اليوم", "2015-07-31")]
    # a range without the recurrence is still read
    text = "يقام المهرجان من 10 يوليو إلى 20 أغسطس في المدينة"
    assert times(time_stage, text, "2015-08-09") != []


def test_a_bare_ramadan_after_a_part_of_the_month(time_stage: TimeStage) -> None:
    # "مطلع رمضان", "قبل نهاية رمضان" (unseen text): the Ramadan of the news, its nearest occurrence.
    text = "وقالت المعلمات إن المنشآت أسقطتهن من المعونة مطلع رمضان، وطالبن بإعادتهن"
    assert times(time_stage, text, "2015-07-22") == [("رمضان", "2015-06-18/2015-07-16")]
    text = "وأعادت المكاتب قبل نهاية رمضان إدراج الحالات"
    assert times(time_stage, text, "2015-07-22") == [("رمضان", "2015-06-18/2015-07-16")]
    # a habit, or a bare one with no part of the month, is every year's
    assert times(time_stage, "وتزداد المبيعات عادة في أواخر رمضان", "2015-07-22") == []
    assert times(time_stage, "ويكثر الناس من الصدقة في رمضان", "2015-07-22") == []


def test_a_bare_ramadan_in_a_sentence_naming_this_year(time_stage: TimeStage) -> None:
    # "إن هذا العام كان موسم الرطب في رمضان فأصبح موسم جنيه في رمضان" (gold v18): this year's Ramadan, twice.
    text = "وقال المزارع إن هذا العام كان موسم الرطب في رمضان فأصبح موسم جنيه في رمضان أقل"
    assert times(time_stage, text, "2015-07-24") == [
        ("هذا العام", "2015"),
        ("رمضان", "2015-06-18/2015-07-16"),
        ("رمضان", "2015-06-18/2015-07-16"),
    ]
    # the year in another sentence says nothing of it
    text = "وزاد الإنتاج هذا العام. ويكثر الناس من شراء الرطب في رمضان"
    assert times(time_stage, text, "2015-07-24") == [("هذا العام", "2015")]


def test_the_year_of_another_noun_after_a_hijri_month(time_stage: TimeStage) -> None:
    # "حملتها الخاصة بشهر رمضان وعيد الفطر لعام 1436هـ" (gold v18): the year follows the feast, the month is still read.
    text = "اختتمت المنظمة حملتها الخاصة بشهر رمضان وعيد الفطر لعام 1436هـ ، وهي الحملة الأولى"
    assert times(time_stage, text, "2015-07-22") == [
        ("شهر رمضان", "2015-06-18/2015-07-16"),
        ("عام 1436هـ", "2014-10-25/2015-10-13"),
    ]
    # the month's own year still stops it ("شهر صفر من العام الماضي" is read by its own rule)
    text = "وذلك في شهر شوال من العام (1319 هـ) في المدينة"
    assert all(value != "2015-07-17/2015-08-15" for _surface, value in times(time_stage, text, "2015-07-22"))


def test_a_hijri_day_with_the_article_before_its_number(time_stage: TimeStage) -> None:
    # "الـ8 من شهر ذي القعدة القادم" (gold v18): that day of the coming Dhu al-Qadah, not the month, as "8 من شهر ذي
    # القعدة القادم" and the Gregorian "الـ21 من يونيو" are read.
    text = "وتبدأ الدراسة في الـ8 من شهر ذي القعدة القادم بكل المدارس"
    assert times(time_stage, text, "2015-08-07") == [("8 من شهر ذي القعدة القادم", "2015-08-23")]


def test_the_year_closing_a_name(time_stage: TimeStage) -> None:
    # A year inside a name names that year, as the golds annotate it (v4, v9, v10, v18 corrected): a cup, games, a
    # treaty or a plan opened by a cue of name_year_cues one or two words before the year.
    text = "وتأهل المنتخب إلى نهائيات كأس العالم لكرة القدم 2018 بعد فوزه"
    assert times(time_stage, text, "2015-07-22") == [("2018", "2018")]
    assert times(time_stage, "وأثار القرار الجدل بشأن أولمبياد طوكيو 2020 ، حيث", "2015-07-22") == [("2020", "2020")]
    assert times(time_stage, "وتحدث عن اتفاقية برشلونة 1995 ونتائجها", "2015-07-22") == [("1995", "1995")]
    assert times(time_stage, "وتأهل المنتخب إلى مونديال روسيا 2018 بعد فوزه", "2015-07-22") == [("2018", "2018")]
    # a count after the number is no year
    assert times(time_stage, "وشارك في بطولة الأندية العربية 2000 لاعب", "2015-07-22") == []
