"""Dates and times, round 31 (branch tim31b): the error classes of gold v14.

Each test is on sentences written for it and failed before its fix.
"""

from __future__ import annotations

from marsad.stages.times import TimeStage
from test_times_round26 import times


def test_a_wide_dash_range_of_years_with_a_gregorian_era_word(time_stage: TimeStage) -> None:
    # "(1888 – 1952م)": a lifetime; the era word after the second year makes a dash range wider than 30 years one
    # range, as "570 - 632 ميلادية" was (the first year was dropped and the second read alone).
    text = "ومن أعلام الأسرة الشاعر سالم الصوري (1888 – 1952م) الذي درس في أكسفورد"
    assert times(time_stage, text, "2015-07-25") == [("1888 – 1952م", "1888/1952")]
    text = 'واشتهر المطرب البحار "١٩١٠-١٩٧٩م" بتسجيل الأسطوانات'
    assert times(time_stage, text, "2015-07-25") == [("١٩١٠-١٩٧٩م", "1910/1979")]
    # without an era word a wide dash range is still not read (two counts: "1500 - 2000 طالب")
    assert times(time_stage, "ويتراوح عدد المشاركين 1500 - 2000 طالب", "2015-07-25") == []
    # a narrow one is a range as before
    text = "وتمتد الخطة الخمسية 2015 - 2019م بحسب الوزارة"
    assert times(time_stage, text, "2015-07-25") == [("2015 - 2019م", "2015/2019")]


def test_two_named_days_after_the_dual_of_revolution(time_stage: TimeStage) -> None:
    # "لثورتي «25 يناير» و«30 يونيو»": the dual names two revolutions, the second joined by و; both were read as days
    # of this year.
    text = "وتحدث الوزير عن الأهمية الكبرى لثورتي «25 يناير» و«30 يونيو» وتأثيرهما على السياسة الخارجية"
    assert times(time_stage, text, "2015-07-26") == [("25 يناير", "2011-01-25"), ("30 يونيو", "2013-06-30")]
    text = "وقال إن الميدان شهد ثورتي 25 يناير و30 يونيو"
    assert times(time_stage, text, "2015-08-06") == [("25 يناير", "2011-01-25"), ("30 يونيو", "2013-06-30")]
    # a day joined by و to an unnamed day stays this year's, and so does one after a named day not joined by و
    text = "وتقام الدورة بين 25 يناير و30 يونيو المقبل"
    assert [value for _, value in times(time_stage, text, "2015-07-26")] != ["2011-01-25", "2013-06-30"]
    text = "وبعد ثورة 25 يناير وفي 30 يونيو قرر المجلس"
    assert times(time_stage, text, "2015-07-26") == [("25 يناير", "2011-01-25"), ("30 يونيو", "2015-06-30")]


def test_two_months_after_the_dual_shahray(time_stage: TimeStage) -> None:
    # "خلال شهري يونيو ويوليو": the dual joins two months as "بين شهري … و" does, one range sharing the tail's year or
    # direction; each month was read alone before, the first without the year after the second.
    text = "واستمرت الحرب 51 يوما في شهري يوليو وأغسطس 2014 وخلفت دمارا واسعا"
    assert times(time_stage, text, "2015-07-27") == [("شهري يوليو وأغسطس 2014", "2014-07/2014-08")]
    text = "ويتوقع أن تهطل الأمطار خلال شهري تشرين أول (أكتوبر) وتشرين الثاني (نوفمبر) المقبلين على الشمال"
    assert times(time_stage, text, "2015-07-22") == [
        ("شهري تشرين أول (أكتوبر) وتشرين الثاني (نوفمبر) المقبلين", "2015-10/2015-11")
    ]
    # yearless, the range takes a past narrative's year as one month does
    text = "وفي عام 2001 شهدت المدينة جفافا شديدا، فخلال شهري أبريل ومايو اندلعت حرائق في الغابات"
    assert times(time_stage, text, "2015-08-03") == [("عام 2001", "2001"), ("شهري أبريل ومايو", "2001-04/2001-05")]
    # two months apart are two months, not the ones between ("twice a year")
    text = "وتجري المراجعة مرتين في شهري أبريل وأكتوبر من كل دورة"
    assert ("شهري أبريل وأكتوبر", "2015-04/2015-10") not in times(time_stage, text, "2015-08-03")
