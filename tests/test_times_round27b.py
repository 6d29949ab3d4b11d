"""Dates and times, round 27 (gold v10, branch tim27b): the error classes found on a second fresh plain draw.

Each test is on sentences written for it (not the gold's articles) and failed before its fix.
"""

from __future__ import annotations

from marsad.stages.times import TimeStage
from test_times_round26 import times


def test_the_same_month_of_a_year_without_min(time_stage: TimeStage) -> None:
    # "خلال الشهر نفسه عام 2014" was read as the year 2014: "الشهر نفسه" before a year is that month of it, with or
    # without "من" between them.
    text = "زار مصر 90 ألف سائح في شهر مارس الماضي، مقابل 70 ألفا خلال الشهر نفسه عام 2014"
    assert times(time_stage, text, "2015-07-27") == [("شهر مارس الماضي", "2015-03"), ("الشهر نفسه عام 2014", "2014-03")]
    text = "زار مصر 90 ألف سائح في شهر مارس الماضي، مقابل 70 ألفا خلال الشهر ذاته من العام الماضي"
    assert times(time_stage, text, "2015-07-27") == [
        ("شهر مارس الماضي", "2015-03"), ("الشهر ذاته من العام الماضي", "2014-03")
    ]
    # With no month before, the year stays a year.
    assert times(time_stage, "بلغ العدد 70 ألفا خلال الشهر نفسه عام 2014", "2015-07-27") == [("عام 2014", "2014")]
    # A day named from the article's date between them ("أمس") does not name the month.
    text = "زار مصر 90 ألف سائح في شهر مارس الماضي، وأوضح البيان أمس أن الليالي بلغت مليونا خلال الشهر نفسه عام 2014"
    assert times(time_stage, text, "2015-07-27") == [
        ("شهر مارس الماضي", "2015-03"), ("أمس", "2015-07-26"), ("الشهر نفسه عام 2014", "2014-03")
    ]


def test_the_verb_lamas_is_not_yesterday(time_stage: TimeStage) -> None:
    # "بعدما لامس أدنى مستوياته" gave yesterday ("ل" + "امس"): the verb "لامس" (touched) is a word of its own.
    assert times(time_stage, "ارتفع الذهب اليوم بعدما لامس أدنى مستوياته في خمسة أشهر", "2015-08-04") == [
        ("اليوم", "2015-08-04")
    ]
    # Yesterday with a clitic is still read.
    assert times(time_stage, "أعلنت الوزارة أمس نتائج القبول", "2015-08-04") == [("أمس", "2015-08-03")]


def test_an_approximate_or_fractional_count_back_is_no_date(time_stage: TimeStage) -> None:
    # "قبل سنتين ونصف" was read as the year it counts back to: an approximate count or a fraction names no point, as
    # "منذ قرابة عام" does not.
    assert times(time_stage, "تحولت الزاوية قبل سنتين ونصف إلى زاوية يومية", "2015-07-21") == []
    assert times(time_stage, "تراجعت الأسعار منذ عام تقريبا", "2015-07-21") == []
    assert times(time_stage, "لم يتوقف سيل المبادرات منذ أربع سنوات ونيف", "2015-07-21") == []
    # A plain count back is read as before.
    assert times(time_stage, "تحولت الزاوية قبل سنتين إلى زاوية يومية", "2015-07-21") == [("قبل سنتين", "2013")]


def test_a_bare_month_after_a_start_cue(time_stage: TimeStage) -> None:
    # "رفع الدعم عن الوقود اعتبارا من اغسطس" was missed: a month after "اعتبارا من"/"ابتداء من"/"بدءا من" is a month
    # reference, as after "في" or "منذ".
    assert times(time_stage, "أعلنت الحكومة رفع الدعم عن الوقود اعتبارا من اغسطس.", "2015-07-26") == [
        ("اغسطس", "2015-08")
    ]
    assert times(time_stage, "تطبق الرسوم الجديدة ابتداء من سبتمبر", "2015-07-26") == [("سبتمبر", "2015-09")]
    # With no cue, a bare month name is still not read.
    assert times(time_stage, "أعلنت الحكومة أن اغسطس سيكون حارا", "2015-07-26") == []


def test_a_counted_span_with_the_article_on_both_words(time_stage: TimeStage) -> None:
    # "خلال الـ6 الأشهر الماضية" was missed: the article may stand on the count and on the unit.
    assert times(time_stage, "عالجت العيادة 800 مريض خلال الـ6 الأشهر الماضية", "2015-07-24") == [
        ("خلال الـ6 الأشهر الماضية", "2015-01/2015-07")
    ]
    assert times(time_stage, "عالجت العيادة 800 مريض خلال الـ 6 أشهر الماضية", "2015-07-24") == [
        ("خلال الـ 6 أشهر الماضية", "2015-01/2015-07")
    ]


def test_next_month_named_in_its_first_days(time_stage: TimeStage) -> None:
    # "ويسري العرض نهاية آب (أغسطس) المقبل" in a paper of 1 August was read as August 2016: in a month's first days
    # "<month> المقبل" is the month just begun (the copy was written before it began).
    assert times(time_stage, "ويسري العرض حتى نهاية آب (أغسطس) المقبل", "2015-08-01") == [
        ("نهاية آب (أغسطس) المقبل", "2015-08")
    ]
    # Later in the month, and for another month, the next one is meant as before.
    assert times(time_stage, "ويسري العرض حتى نهاية آب (أغسطس) المقبل", "2015-08-20") == [
        ("نهاية آب (أغسطس) المقبل", "2016-08")
    ]
    assert times(time_stage, "ويسري العرض حتى نهاية يوليو المقبل", "2015-08-01") == [("نهاية يوليو المقبل", "2016-07")]


def test_a_day_written_as_a_cardinal_after_yawm(time_stage: TimeStage) -> None:
    # "تحديد يوم تسعة ديسمبر (كانون الأول) المقبل" was read as the month: after "يوم" a cardinal word before a month is
    # the day.
    assert times(time_stage, "أعلن المهرجان تحديد يوم تسعة ديسمبر (كانون الأول) المقبل لانطلاق دورته", "2015-08-04") == [
        ("يوم تسعة ديسمبر (كانون الأول) المقبل", "2015-12-09")
    ]
    # Without "يوم", a cardinal before a month stays a count, not a day.
    assert times(time_stage, "استمر العمل ثلاثة أشهر حتى ديسمبر المقبل", "2015-08-04") == [("ديسمبر المقبل", "2015-12")]


def test_the_same_month_after_a_range_of_days(time_stage: TimeStage) -> None:
    # Once a day named from the article's date no longer names the month (above), a range of days within one month
    # must: "يومي 18 و19 أغسطس الجاري … يومي 25 و26 من الشهر نفسه".
    text = "أعلن الاتحاد أن مباراة الذهاب يوم الجمعة، وتقام جولة الذهاب يومي 18 و19 أغسطس الجاري بينما تقام جولة الإياب يومي 25 و26 من الشهر نفسه."
    assert ("26 من الشهر نفسه", "2015-08-26") in times(time_stage, text, "2015-08-07")
