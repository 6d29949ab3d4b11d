"""Dates and times, round 33 (branch tim33): the error classes of gold v16 and what round 32 left.

Each test is on sentences written for it and failed before its fix.
"""

from __future__ import annotations

from marsad.stages.times import TimeStage
from test_times_round26 import times


def test_years_before_christ_after_a_list_are_not_reported(time_stage: TimeStage) -> None:
    # "بين عامي 1971 و1928 قبل الميلاد": the era mark after the second year dates both; they were read as 1971 and 1928
    # of the common era.
    text = "وحكم الملك البلاد بين عامي 1971 و1928 قبل الميلاد وترك نقوشا كثيرة"
    assert times(time_stage, text, "2015-07-31") == []
    text = "ويعود المعبد إلى عام 1800 ق.م كما يقول الباحثون"
    assert times(time_stage, text, "2015-07-31") == []
    # the mark is a whole word: "فريق من" holds the letters of "ق م" but a year before it is a year
    text = "وفي عام 2006 شكلت الجامعة فريق من الباحثين لدراسة الظاهرة"
    assert times(time_stage, text, "2015-07-31") == [("عام 2006", "2006")]


def test_a_hijri_year_before_a_word_ending_in_qaf_and_one_opening_with_mim(time_stage: TimeStage) -> None:
    # "منذ عام 1428 لا تنطلق من": the letters "ق م" across two words no longer stop the Hijri year without its era
    text = "وقال إن المبادرة التي تبنتها الإمارة منذ عام 1428 لا تنطلق من فراغ"
    assert times(time_stage, text, "2015-08-06") == [("عام 1428", "2007-01-20/2008-01-09")]


def test_the_worlds_fair_is_named_by_its_year(time_stage: TimeStage) -> None:
    # "إكسبو 2020" (a cue like "كأس العالم 2022"): the number after it is the fair's year
    text = "وتستعد المدينة لحدثين عالميين هما إكسبو 2020 في الإمارات وبطولة كأس العالم 2022 في قطر"
    assert times(time_stage, text, "2015-08-04") == [("2020", "2020"), ("2022", "2022")]
    text = "وأضاف أن الفوز بإكسبو 2020 رفع أسعار الإيجارات"
    assert [value for _span, value in times(time_stage, text, "2015-08-06")] == ["2020"]
