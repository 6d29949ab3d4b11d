"""Dates and times, round 30 (branch tim30): classes of gold v12 and of the spurious outputs left on the dev golds.

Each test is on sentences written for it and failed before its fix.
"""

from __future__ import annotations

from marsad.stages.times import TimeStage
from test_times_round26 import times


def test_the_last_night_of_something_is_not_tonight(time_stage: TimeStage) -> None:
    # "الليلة" before a feminine "last", "next" or "previous" is a night of something else, as "اليوم الأخير" is a day
    # of something else; only the masculine forms were listed.
    assert times(time_stage, "كانت الليلة الأخيرة في المخيم أجمل الليالي", "2015-07-22") == []
    assert times(time_stage, "وفي الليلة التالية عاد الجميع إلى بيوتهم", "2015-07-22") == []
    # tonight is still tonight
    assert times(time_stage, "وتقام الحفلة الليلة في المسرح", "2015-07-22") == [("الليلة", "2015-07-22")]


def test_ama_alyawm_is_nowadays(time_stage: TimeStage) -> None:
    # "أما اليوم" sets the present against a past just told ("كان ... أما اليوم، فقد تغير"): nowadays, not a date.
    assert times(time_stage, "كانت الزيارات تملأ البيوت في العيد. أما اليوم، فقد اقتحمتنا التقنية", "2015-07-22") == []
    assert times(time_stage, "وكانت الأسعار مرتفعة، وأما اليوم فالأمور تغيرت كثيرا", "2015-07-22") == []
    # a day of the event named after it is still read, and "اليوم" elsewhere stays today
    assert times(time_stage, "وافتتح الوزير المعرض اليوم في الرياض", "2015-07-22") == [("اليوم", "2015-07-22")]


def test_a_hijri_month_with_its_epithet_and_year(time_stage: TimeStage) -> None:
    # "رمضان المبارك 1436هـ": the epithet between the month and its year left the month read alone and the year read
    # as the whole Hijri year, a second expression.
    assert times(time_stage, "وصل ستة ملايين معتمر حتى نهاية شهر رمضان المبارك 1436هـ إلى المملكة", "2015-08-03") == [
        ("شهر رمضان المبارك 1436هـ", "2015-06-18/2015-07-16")
    ]
    assert times(time_stage, "عقد الاجتماع بمكة في 13 من شهر رمضان المبارك 1436ه وحضره المديرون", "2015-07-24") == [
        ("13 من شهر رمضان المبارك 1436ه", "2015-06-30")
    ]
    assert times(time_stage, "في شهر رمضان الكريم من عام 1435هـ", "2015-08-03") == [
        ("شهر رمضان الكريم من عام 1435هـ", "2014-06-28/2014-07-27")
    ]


def test_a_future_verb_after_a_complementizer_governs_the_weekday(time_stage: TimeStage) -> None:
    # "أعلنت الأمم المتحدة أنها ستعقد جولة … يوم الاثنين": the clause opens with "أنها", and the future verb after it
    # makes the bare weekday the coming one, as a future verb opening the clause does.
    text = "أعلنت الأمم المتحدة ، أنها ستعقد جولة جديدة من محادثات سلام ليبيا ، يوم الاثنين في جنيف"
    assert times(time_stage, text, "2015-08-08") == [("يوم الاثنين", "2015-08-10")]
    text = "وقال المتحدث إن الوفد سيصل إلى العاصمة اللبنانية بيروت قادما من باريس يوم الخميس"
    assert times(time_stage, text, "2015-08-04") == [("يوم الخميس", "2015-08-06")]
    # a past verb after the complementizer keeps the latest such day
    text = "وقال المتحدث إن الوفد وصل إلى العاصمة اللبنانية بيروت قادما من باريس يوم الخميس"
    assert times(time_stage, text, "2015-08-04") == [("يوم الخميس", "2015-07-30")]


def test_a_day_and_month_with_one_slash_then_the_year(time_stage: TimeStage) -> None:
    # "7/ يوليو 2015": one slash between the day and the month, a space before the year; read as the month alone.
    assert times(time_stage, "صدر القرار بتاريخ 7/ يوليو 2015 عن الوزارة", "2015-07-21") == [("7/ يوليو 2015", "2015-07-07")]
    assert times(time_stage, "بتاريخ 15 / مايو 2014م", "2015-07-21") == [("15 / مايو 2014م", "2014-05-15")]


def test_the_story_link_title_is_read(time_stage: TimeStage) -> None:
    # The outlet's "رابط الخبر بصحيفة …:" line restates the story's title; the golds count the dates in it
    # ("تصفيات مونديال 2018"), which the stage skipped with the other page furniture.
    text = "أوقعت القرعة المنتخبين في مجموعة واحدة.\nرابط الخبر بصحيفة الوئام: تصفيات مونديال 2018: الأرجنتين مع البرازيل"
    assert times(time_stage, text, "2015-07-25") == [("2018", "2018")]
    # a relative word there is the title writer's, not read; other furniture is still skipped
    text = "فتح النادي باب الترشح اعتبارا من الأحد.\nرابط الخبر بصحيفة الوئام: النادي يفتح باب الترشح غداً"
    assert times(time_stage, text, "2015-07-26") == [("الأحد", "2015-07-26")]
    assert times(time_stage, "أوقعت القرعة المنتخبين في مجموعة واحدة.\nاقرأ أيضا: مونديال 2018 في روسيا", "2015-07-25") == []


def test_a_year_that_starts_a_period_is_no_narrative_year(time_stage: TimeStage) -> None:
    # "وإثر تحقيق بدأته في 2012، قدمت المفوضية … في نيسان (أبريل)": the year tells when the inquiry began; the months
    # after it are the nearest ones (2015), not 2012.
    text = "وإثر تحقيق بدأته في 2012، قدمت المفوضية إلى الشركة في نيسان (أبريل) جملة من التظلمات، وأمهلتها حتى أيلول (سبتمبر)"
    assert times(time_stage, text, "2015-07-24") == [
        ("2012", "2012"),
        ("نيسان (أبريل)", "2015-04"),
        ("أيلول (سبتمبر)", "2015-09"),
    ]
    # a year of the narrative itself still anchors its days
    text = "وفي عام 1953 قاد الجيش انقلابا، وفي 19 أغسطس حاصرت الدبابات منزله"
    assert times(time_stage, text, "2015-07-24") == [("عام 1953", "1953"), ("19 أغسطس", "1953-08-19")]


def test_years_of_a_history_list_joined_by_a_word_of_sequence(time_stage: TimeStage) -> None:
    # "عام 2002 ـ 2003 ثم 2004 … وأيضاً 2005": the later years of a list of title winners, joined by ثم and وأيضاً with
    # a name between, were missed (round 29 left them).
    text = "وفاز باللقب العين عام 2002 ـ 2003 ثم 2004 الاتحاد السعودي وأيضاً 2005 وعام 2006 ـ 2007 نادي سيونجنام"
    assert times(time_stage, text, "2015-07-21") == [
        ("عام 2002 ـ 2003", "2002/2003"),
        ("2004", "2004"),
        ("2005", "2005"),
        ("وعام 2006 ـ 2007", "2006/2007"),
    ]
    assert [v for _t, v in times(time_stage, "شارك عام 2012م في الفرقة ثم 2013م في المسلسل", "2015-07-21")] == ["2012", "2013"]
    # a count after the number, or no year before it, is no year
    assert times(time_stage, "وبلغ عدد الزوار عام 2014 ثم 2000 زائر", "2015-07-21") == [("عام 2014", "2014")]
    assert times(time_stage, "دفع المشتري 1500 ريال ثم 2000 أخرى", "2015-07-21") == []


def test_our_world_today_is_nowadays(time_stage: TimeStage) -> None:
    # "في عالمنا اليوم", "إننا اليوم نعيش", "لدينا اليوم": "today" of "our" world, a column's nowadays.
    assert times(time_stage, "في عالمنا اليوم هناك ندرة في الموارد المتاحة", "2015-07-26") == []
    assert times(time_stage, "وأجيبوني أين اختفى هذا الجمال من حضارتنا اليوم", "2015-07-26") == []
    assert times(time_stage, "إننا اليوم نعيش سجالا فكريا بين الفينة والأخرى", "2015-07-26") == []
    assert times(time_stage, "فصار لدينا اليوم نحو مائتي موظفة في الوزارة", "2015-07-26") == []
    # a verb with "we" before it reports the day ("تحدثنا اليوم عن ديون الأندية"), and a place before a weekday stays
    assert times(time_stage, "وأضاف: تحدثنا اليوم بشكل كبير عن ديون الأندية", "2015-07-26") == [("اليوم", "2015-07-26")]
    assert times(time_stage, "في مواجهة الفريق في باسادينا اليوم الثلاثاء", "2015-07-21") == [
        ("اليوم الثلاثاء", "2015-07-21")
    ]
