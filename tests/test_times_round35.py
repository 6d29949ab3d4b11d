"""Dates and times, round 35 (branch tim35): rhetorical "today" and bare weekdays, the two largest classes of false
outputs on the dev golds (v2 dev, v3 to v18).

Each test is on sentences written for it and failed before its fix.
"""

from __future__ import annotations

from marsad.stages.times import TimeStage
from test_times_round26 import times


def test_today_opening_a_paragraph_after_a_finished_one_is_nowadays(time_stage: TimeStage) -> None:
    # A column's paragraph opening on "اليوم" after a paragraph that ends a sentence ("…المؤسسة.\n اليوم أصبح الوضع
    # معكوسا", "…الخليجي.\nاليوم أكثر دولتين تشهدان", golds v3 to v17) sets the present against what was told before.
    text = "كانت القرى تعيش على الزراعة وحدها.\n اليوم تعتمد على السياحة والتجارة"
    assert times(time_stage, text, "2015-08-04") == []
    text = "عاش الناس قرونا بلا كهرباء.\nاليوم أكثر البيوت متصلة بالشبكة"
    assert times(time_stage, text, "2015-08-04") == []
    # the day's event (a perfect or a future verb), a line without a stop before it (a byline, a title) and a
    # sentence inside a paragraph stay today
    text = "انتهى التدريب الأول.\nاليوم وصلت البعثة إلى المعسكر"
    assert times(time_stage, text, "2015-08-04") == [("اليوم", "2015-08-04")]
    text = "تقرير خاص\nاليوم يخوض الفريق مباراته الأولى"
    assert times(time_stage, text, "2015-08-04") == [("اليوم", "2015-08-04")]
    text = "انتهى التدريب الأول. اليوم يخوض الفريق مباراته الأولى"
    assert times(time_stage, text, "2015-08-04") == [("اليوم", "2015-08-04")]


def test_today_after_a_generic_head_noun_is_nowadays(time_stage: TimeStage) -> None:
    # "إنسان اليوم" (gold v18), "جيل اليوم", "عالم اليوم", "شباب اليوم", "والناس اليوم": today's man, generation,
    # world, youth, people; no date.
    text = "وأجهزة الري الحديثة التي كاد إنسان اليوم أن ينسى معها طرق أسلافه"
    assert times(time_stage, text, "2015-08-01") == []
    assert times(time_stage, "ويحتاج جيل اليوم إلى قدوة صالحة", "2015-08-01") == []
    assert times(time_stage, "وهذا ليس غريبا في عالم اليوم المتسارع", "2015-08-01") == []
    assert times(time_stage, "والناس اليوم يشترون أكثر مما يحتاجون", "2015-08-01") == []
    # a team, a place or an event before it: the day's news
    text = "ويخوض الشباب اليوم مباراته الودية الرابعة"
    assert times(time_stage, text, "2015-08-01") == [("اليوم", "2015-08-01")]
    text = "وقتل مدنيون في قصف على شمال سوريا اليوم"
    assert times(time_stage, text, "2015-08-01") == [("اليوم", "2015-08-01")]


def test_the_past_after_a_head_noun_with_a_clitic(time_stage: TimeStage) -> None:
    # "فحلفاء الأمس قد لا يصبحون كذلك" (gold v5): the clitic ف had hidden the head noun of round 31's list.
    text = "وللتاريخ شواهد كثيرة، فحلفاء الأمس قد لا يصبحون كذلك في وقتنا الحاضر"
    assert times(time_stage, text, "2015-07-25") == []
    text = "ووقف أعداء الأمس صفا واحدا"
    assert times(time_stage, text, "2015-07-25") == []
    # yesterday's session is still yesterday
    assert times(time_stage, "وشهدت جلسة الأمس نقاشا حادا", "2015-07-25") == [("الأمس", "2015-07-24")]


def test_the_world_after_li_is_not_the_generic_head(time_stage: TimeStage) -> None:
    # "يعلن للعالم اليوم رسالة" (a speech on the day a canal opened): ل + the definite العالم, the day's news.
    text = "وقال الرئيس إن الشعب يعلن للعالم اليوم رسالة سلام"
    assert times(time_stage, text, "2015-08-06") == [("اليوم", "2015-08-06")]


def test_a_weekday_with_a_day_and_a_month_in_digits(time_stage: TimeStage) -> None:
    # "أيام الثلاثاء 10/12 والأربعاء 10/13 والخميس 10/14" (gold v18, Hijri month/day: 12 Shawwal 1436 is Tuesday 28
    # July): the numbers were left and the weekdays read as the latest ones, a week off.
    text = "وحددت الإدارة أيام الثلاثاء 10/12 والأربعاء 10/13 مواعيد للمراجعة"
    assert [value for _span, value in times(time_stage, text, "2015-07-25")] == ["2015-07-28", "2015-07-29"]
    # day/month, Hijri: Sunday 17 Shawwal is 2 August; Gregorian day/month: Tuesday 11 August
    assert [v for _s, v in times(time_stage, "وتبدأ الاختبارات يوم الأحد 17/10 صباحا", "2015-07-30")] == ["2015-08-02"]
    assert [v for _s, v in times(time_stage, "ويقام الحفل الثلاثاء 11/8 في الرياض", "2015-07-30")] == ["2015-08-11"]
    # both calendars fit Saturday 7/11 near 3 August (11 July, 7 Dhu al-Qadah): the Hijri one, as the Saudi press writes
    assert [v for _s, v in times(time_stage, "ويبدأ التسجيل يوم السبت 7/11 في كل المراكز", "2015-08-03")] == ["2015-08-22"]
    # numbers that fit no day near the anchor leave the bare weekday's reading
    assert [v for _s, v in times(time_stage, "وفاز الفريق الثلاثاء 3/1 على ضيفه", "2015-07-30")] == ["2015-07-28"]


def test_a_programme_opened_in_the_paragraph_before(time_stage: TimeStage) -> None:
    # An exhibition opened "اليوم الأربعاء" and its talks on the coming days in the next paragraph (gold v18): the run
    # of consecutive weekdays was read as the week past, for the paragraph holding it names no coming day.
    text = (
        "يفتتح المحافظ اليوم الأربعاء معرض الحرف اليدوية في مركز المدينة.\n"
        "ويصاحب المعرض محاضرات يومية، حيث تحاضر سارة «الخميس» عن التسويق، ونورة «الجمعة» عن التصميم، "
        "وهند «السبت» عن التصوير."
    )
    values = [value for _span, value in times(time_stage, text, "2015-07-22")]
    assert values == ["2015-07-22", "2015-07-23", "2015-07-24", "2015-07-25"]
    # two paragraphs back is too far: a run there is still the week past
    text = (
        "يفتتح المحافظ اليوم الأربعاء معرض الحرف اليدوية.\nوحضر الافتتاح عدد من المسؤولين.\n"
        "وشهدت المدينة أمطارا «الخميس» ثم رياحا «الجمعة» وغبارا «السبت»."
    )
    values = [value for _span, value in times(time_stage, text, "2015-07-22")]
    assert values == ["2015-07-22", "2015-07-16", "2015-07-17", "2015-07-18"]
    # a weekday of the anchor's own day in the paragraph before opens no programme: "ليل السبت/ الاحد" then "وكان
    # التحالف اعلن السبت … ابتداء من منتصف ليل الاحد /الاثنين" in a Sunday article is the days past
    text = (
        "واستعادت القوات مواقع عدة ليل السبت/ الاحد قرب المدينة.\n"
        "وكان المجلس قد اعلن السبت هدنة تبدأ الاحد وتنتهي الاثنين بعد اجتماع طويل."
    )
    values = [value for _span, value in times(time_stage, text, "2015-07-26")]
    assert values[-3:-1] == ["2015-07-25", "2015-07-26"]  # the Saturday and Sunday just past, not the coming week
    assert not any(value >= "2015-08" for value in values)
