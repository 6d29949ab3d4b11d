"""Dates and times, round 31 (branch tim31): the error classes of gold v13 and what round 30 left.

Each test is on sentences written for it and failed before its fix.
"""

from __future__ import annotations

from marsad.stages.times import TimeStage
from test_times_round26 import times


def test_the_day_after_tomorrow_with_yom(time_stage: TimeStage) -> None:
    # "بعد يوم غد" is the day after tomorrow, as "بعد غد" is; "يوم غد" alone was read as tomorrow.
    text = "ويلتقي الفريق مع منافسه في المباراة الودية الثانية بعد يوم غد في الملعب نفسه"
    assert times(time_stage, text, "2015-07-25") == [("بعد يوم غد", "2015-07-27")]
    # "يوم غد" alone is still tomorrow
    text = "ويلتقي الفريق مع منافسه يوم غد في الملعب نفسه"
    assert times(time_stage, text, "2015-07-25") == [("يوم غد", "2015-07-26")]


def test_three_digit_years_with_a_gregorian_era_word(time_stage: TimeStage) -> None:
    # "في 692 ميلادي": an explicit Gregorian era word makes three digits a year, as a Hijri era does ("سنة 747 هجرية").
    text = "ويعد المسجد من أقدم المساجد إذ بني في 692 ميلادي في عهد الخليفة"
    assert times(time_stage, text, "2015-08-04") == [("692 ميلادي", "0692")]
    text = "وتعود القلعة إلى عام 850 للميلاد بحسب المؤرخين"
    assert times(time_stage, text, "2015-08-04") == [("عام 850 للميلاد", "0850")]
    # "م" is also metres: three digits before it are not a year; nor are three digits with no era
    assert times(time_stage, "ويبلغ ارتفاع البرج 692 م فوق سطح البحر", "2015-08-04") == []
    assert times(time_stage, "وبلغ عدد الزوار 692 زائرا", "2015-08-04") == []
    # two such years after بين are one range, as four-digit years are ("بين عامي 2011 و2015")
    text = "وتعود المخطوطة إلى الفترة ما بين 568 و645 ميلادي بحسب فحص الكربون"
    assert times(time_stage, text, "2015-07-22") == [("بين 568 و645 ميلادي", "0568/0645")]
    text = "ويعود إلى عصر النبي محمد (حوالي 570 - 632 ميلادية) بحسب الجامعة"
    assert times(time_stage, text, "2015-07-23") == [("570 - 632 ميلادية", "0570/0632")]


def test_a_mosque_named_after_a_weekday(time_stage: TimeStage) -> None:
    # "مسجد الخميس" (a mosque in Bahrain) is a name, as "سوق الثلاثاء" is a market's.
    text = "ويزور السياح قلعة البحرين ومسجد الخميس وبيت الجسرة كل عام"
    assert times(time_stage, text, "2015-08-04") == []
    text = "وأقيمت الصلاة في جامع الجمعة بالمدينة القديمة"
    assert times(time_stage, text, "2015-08-04") == []
    # a weekday after the mosque's name is still a day
    text = "وافتتح الأمير المسجد الجديد الخميس بحضور الأهالي"
    assert times(time_stage, text, "2015-08-04") == [("الخميس", "2015-07-30")]


def test_a_bare_day_after_a_dated_day_in_its_sentence(time_stage: TimeStage) -> None:
    # "يوم 27" after "يوم 23 يوليو" in the same sentence is 27 July: a list of a month's matches.
    text = (
        "ويخوض الفريق مباراته الأولى يوم 23 يوليو، فيما ستكون المواجهة الثانية يوم 27، "
        "أما اللقاء الثالث فسيكون يوم 31 في الملعب نفسه"
    )
    assert times(time_stage, text, "2015-07-22") == [
        ("يوم 23 يوليو", "2015-07-23"), ("يوم 27", "2015-07-27"), ("يوم 31", "2015-07-31")
    ]
    # in the next sentence, or with no month before it, a bare day number is not read
    text = "ويخوض الفريق مباراته الأولى يوم 23 يوليو. وفي يوم 27 سافر المدرب"
    assert times(time_stage, text, "2015-07-22") == [("يوم 23 يوليو", "2015-07-23")]
    assert times(time_stage, "وسافر المدرب يوم 27 إلى الرياض", "2015-07-22") == []
    # a yearly day with its month after it is not taken for a day of the month named before
    text = "وقعت المعركة في يناير 1952، ليصبح يوم 25 يناير من كل عام عيدا للشرطة"
    assert times(time_stage, text, "2015-08-06") == [("يناير 1952", "1952-01")]


def test_the_past_said_as_yesterday(time_stage: TimeStage) -> None:
    # "حلفاء الأمس", "نجوم الأمس", "في الأمس البعيد", "كالأمس": the past, not the day before the article.
    text = "وخسر الزعيم حلفاء الأمس بعد أن خاب أمله في الحليف الجديد"
    assert times(time_stage, text, "2015-08-06") == []
    text = "وتناول البرنامج أحوال نجوم الأمس المصابين والمكلومين"
    assert times(time_stage, text, "2015-08-07") == []
    text = "من المهم أن نعرف ما حدث في الأمس البعيد لنفهم ما يحدث الآن"
    assert times(time_stage, text, "2015-07-31") == []
    text = "وطرأت على المجتمع مستجدات فلم يعد الحال كالأمس في شيء"
    assert times(time_stage, text, "2015-07-25") == []
    # yesterday's training or match is still yesterday
    text = "وقاد المدرب تدريب الأمس برفقة زميله الإداري"
    assert times(time_stage, text, "2015-07-21") == [("الأمس", "2015-07-20")]


def test_tomorrow_as_a_verb_or_a_saying_and_the_day_after(time_stage: TimeStage) -> None:
    # "فقد غدا" is "has become"; "وليس غدا ببعيد" is a saying ("tomorrow is not far off"): neither is tomorrow.
    text = "والتغيرات متسارعة، فقد غدا سكان المحليات أكثر تعليما ودراية"
    assert times(time_stage, text, "2015-08-08") == []
    text = "وستكشف لكم الأيام القادمة مزيدا من ذلك وأكثر وليس غدا ببعيد"
    assert times(time_stage, text, "2015-07-31") == []
    # "بعد غدًا" (with the accusative ending) is the day after tomorrow, not tomorrow
    text = "ويخوض اللاعب بعد غدًا بطولة السوبر الأمريكية"
    assert times(time_stage, text, "2015-08-01") == [("بعد غدًا", "2015-08-03")]
    # a plain "غدا" of news is still tomorrow
    assert times(time_stage, "وتنظم البلدية غدا فعاليات المهرجان", "2015-07-25") == [("غدا", "2015-07-26")]


def test_today_after_a_relative_and_a_present_verb_of_we(time_stage: TimeStage) -> None:
    # "ما نراه اليوم", "التي نفتقدها اليوم": what we see or miss nowadays, not the article's day.
    text = "وكانت السفرة تجمع العائلة على المأكولات التي نفتقدها اليوم ولا يعرفها الجيل الجديد"
    assert times(time_stage, text, "2015-07-22") == []
    text = "ولكن ما نراه اليوم من هدر في استهلاك الخبز أصبح سلوكا يوجب الوقوف عنده"
    assert times(time_stage, text, "2015-07-24") == []
    text = "وتطورت الصناعة إلى الألعاب النارية كما نعرفها اليوم في الصين"
    assert times(time_stage, text, "2015-07-26") == []
    # a passive of the day's news, or a verb without its object, is still today
    text = "وقال الوزير في التصريحات التي نشرت اليوم إنه أبلغ نظيره بالمخاطر"
    assert times(time_stage, text, "2015-08-09") == [("اليوم", "2015-08-09")]


def test_today_compared_with_a_past_state(time_stage: TimeStage) -> None:
    # "أكبر بنسبة 30 % اليوم عما كانت عليه منذ عشرة أعوام": nowadays set against ten years ago, not the article's day.
    text = "وأصبحت احتمالات عزل الرئيس التنفيذي أكبر بنسبة 30 % اليوم عما كانت عليه منذ عشرة أعوام"
    assert ("اليوم", "2015-07-26") not in times(time_stage, text, "2015-07-26")
    text = "مما يجعل الأسواق الآسيوية في وضع أفضل اليوم لتحمل تدفقات رأس المال مما كانت عليه في التسعينيات"
    assert times(time_stage, text, "2015-08-02") == []
    # the day's market move with no comparison is still today
    text = "وانخفض الدولار 0.5 % اليوم متراجعا للمرة الأولى في أسبوع"
    assert times(time_stage, text, "2015-07-24") == [("اليوم", "2015-07-24")]


def test_a_count_forward_from_now(time_stage: TimeStage) -> None:
    # "بعد عامين من الآن": two years from the anchor; "from now" says what the count starts from.
    text = "فما بالك إذ هي عاصمة للسياحة العربية بعد عامين من الآن؟"
    assert times(time_stage, text, "2015-07-31") == [("بعد عامين من الآن", "2017")]
    text = "وسيتم تطبيق المواصفات الجديدة إلزاميا بعد ثلاثة أشهر من الآن"
    assert times(time_stage, text, "2015-08-08") == [("بعد ثلاثة أشهر من الآن", "2015-11")]
    text = "والمشروع سوف يسلم بعد 35 يوما فقط من الآن حسب اللوحة"
    assert times(time_stage, text, "2015-08-08") == [("بعد 35 يوما فقط من الآن", "2015-09-12")]
    # without "from now" the count is from the story's time, and a count from an event is not read
    assert times(time_stage, "تزوج في القرية وبعد عامين انتقل إلى المدينة", "2015-07-31") == []
    assert times(time_stage, "وعاد إلى بلاده بعد ثلاثة أشهر من الحادث", "2015-07-31") == []


def test_last_friday_beside_yesterday_friday_is_the_week_before(time_stage: TimeStage) -> None:
    # Wire copy printed the next day: "أمس الجمعة" is the story's Friday, "يوم الجمعة الماضي" the Friday before it.
    text = (
        "أدانت الخارجية أمس الجمعة الهجمات الانتحارية في المدينة. "
        "وفي هجوم وقع يوم الجمعة الماضي فجرت فتاة نفسها في سوق المدينة"
    )
    assert times(time_stage, text, "2015-07-25") == [("أمس الجمعة", "2015-07-24"), ("يوم الجمعة الماضي", "2015-07-17")]
    # without "أمس الجمعة" the past Friday is still the latest one before the anchor
    text = "وفي هجوم وقع يوم الجمعة الماضي فجرت فتاة نفسها في سوق المدينة"
    assert times(time_stage, text, "2015-07-25") == [("يوم الجمعة الماضي", "2015-07-24")]
    # beside "أول من أمس الأحد" the past Sunday is mostly that same day: left as it was
    text = "وقتل العشرات مساء أول من أمس الأحد في القصف. وكان الحوثيون قد قصفوا يوم الأحد الماضي أحد الأحياء"
    assert ("يوم الأحد الماضي", "2015-07-19") in times(time_stage, text, "2015-07-21")
