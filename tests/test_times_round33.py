"""Dates and times, round 33 (branch tim33): the error classes of gold v16 and what round 32 left.

Each test is on sentences written for it and failed before its fix.
"""

from __future__ import annotations

from marsad.stages.times import TimeStage
from test_times_round26 import times


def test_years_before_christ_after_a_list_are_not_reported(time_stage: TimeStage) -> None:
    # "بين عامي 1971 و1928 قبل الميلاد": the era mark after the second year dates both; they were read as 1971 and 1928
    # of the common era.
    text = "ويرى المؤرخون أن المدينة ازدهرت بين عامي 1950 و1900 قبل الميلاد ثم هجرها سكانها"
    assert times(time_stage, text, "2015-07-31") == []
    text = "وتعود الجرة الفخارية إلى عام 1800 ق.م بحسب فحص المختبر"
    assert times(time_stage, text, "2015-07-31") == []
    # the mark is a whole word: "فريق من" holds the letters of "ق م" but a year before it is a year
    text = "وفي عام 2006 أرسل المتحف فريق من المتطوعين إلى الموقع"
    assert times(time_stage, text, "2015-07-31") == [("عام 2006", "2006")]


def test_a_hijri_year_before_a_word_ending_in_qaf_and_one_opening_with_mim(time_stage: TimeStage) -> None:
    # "عام 1428 … تنطلق من": the letters "ق م" across two words no longer stop the Hijri year without its era
    text = "وأوضح أن الجمعية التي أسست عام 1428 تنطلق من رؤية واضحة"
    assert times(time_stage, text, "2015-08-06") == [("عام 1428", "2007-01-20/2008-01-09")]


def test_the_worlds_fair_is_named_by_its_year(time_stage: TimeStage) -> None:
    # "إكسبو 2020" (a cue like "كأس العالم 2022"): the number after it is the fair's year
    text = "وتتوقع الشركة أن يرتفع الطلب على الفنادق قبل إكسبو 2020 وكأس العالم 2022 في المنطقة"
    assert times(time_stage, text, "2015-08-04") == [("2020", "2020"), ("2022", "2022")]
    text = "وقال المستثمر إن مشاريعه مرتبطة بإكسبو 2020 أولا"
    assert [value for _span, value in times(time_stage, text, "2015-08-06")] == ["2020"]


def test_the_morrow_after_an_event_noun_is_tomorrow(time_stage: TimeStage) -> None:
    # "مباراة الغد", "تدريب الغد": the coming event's day; "الغد" after an event noun was not read (round 32 left it).
    assert times(time_stage, "ويستعد الفريق لمباراة الغد أمام ضيفه", "2015-07-21") == [("الغد", "2015-07-22")]
    text = "وقرر المدرب أن يكون تدريب الغد في الصالة المغلقة"
    assert times(time_stage, text, "2015-08-09") == [("الغد", "2015-08-10")]
    # the future is still no date
    assert times(time_stage, "ونعمل من أجل الغد المشرق لأبنائنا", "2015-07-21") == []


def test_the_morrow_of_a_message_sent_yesterday_is_the_papers_day(time_stage: TimeStage) -> None:
    # A message the sentence dates yesterday speaks of its own tomorrow: the day of the paper (gold v12's "لقاء الغد").
    text = "وكتب المدرب مساء أمس الاثنين أنه يعول على المشجعين في لقاء الغد على ملعبه."
    assert times(time_stage, text, "2015-07-21") == [("مساء أمس الاثنين", "2015-07-20"), ("الغد", "2015-07-21")]
    # a yesterday in another sentence does not reach it
    text = "وكتب المدرب مساء أمس الاثنين رسالة قصيرة. ويعول على المشجعين في لقاء الغد على ملعبه."
    assert times(time_stage, text, "2015-07-21") == [("مساء أمس الاثنين", "2015-07-20"), ("الغد", "2015-07-22")]
