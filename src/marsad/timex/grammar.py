"""Regular-expression grammar of Arabic time expressions, built from the lexicon.

Patterns run on the normalised matching view.  Each pattern has a group ``t``
that is the expression's span; words outside ``t`` (a leading clitic ``و``/``ب``,
a cue such as ``في``) only license the match.  The alternations come from the
data files, so adding a month spelling or a direction word needs no code.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import regex

from marsad.text.normalize import normalize
from marsad.timex.lexicon import Lexicon, load_lexicon

# Word edges: Arabic letters and digits are word characters for our purpose.
START = r"(?<![\p{L}\p{N}])"
END = r"(?![\p{L}\p{N}])"
# Proclitics that may be glued to the first word (و, ف, ب, ل and their pairs: وب, فل…).
CLITIC = r"(?:[وف]?[بلك]?)"
SEP = r"\s*[,،]?\s*"
# Prepositions before a year ("في 1865", "منذ 2011", "حتى 2020"), in the normalised view's forms (ى is folded to
# ي: until round 29 "حتى" never matched the view's "حتي", and "حتى 2020" was read only as the anchor's year or the next).
YEAR_PREPOSITIONS = frozenset(normalize(w) for w in ("في", "منذ", "حتى"))
# Those that license a year on their own, in the wider plausible range, with no check for a count after it; after
# "حتى" a count is common ("تصل حتى 2000 ريال"), so its year must be a bare year (bare_years, no count noun after).
PREPOSITION_CUES = frozenset(normalize(w) for w in ("في", "منذ"))


def alt(forms: Iterable[str]) -> str:
    """A non-capturing alternation of word forms, longest first, inner spaces flexible."""
    ordered = sorted(set(forms), key=lambda f: (-len(f), f))
    return "(?:" + "|".join(r"\s+".join(regex.escape(p) for p in f.split()) for f in ordered) + ")"


PATTERN_NAMES: tuple[str, ...] = (
    "gregorian_date", "date_lead", "month_lead", "weekday_lead", "day_word_lead", "day_range", "hijri_date",
    "hijri_day_range",
    "hijri_month", "month", "month_range", "year", "year_range", "numeric", "iso", "weekday", "day_word", "ago",
    "relative_unit", "this_unit", "part_unit", "part_lead", "word", "written_year", "year_part",
    "weekday_month_day", "weekday_numeric_day", "weekday_span", "year_months", "weekday_pair", "same_month_day",
    "same_month_lead",
    "bare_month_day", "month_edge_lead", "month_day_lead", "hijri_pair_next", "hijri_pair_lead", "hijri_cycle_lead", "hijri_cycle_next",
    "month_day_range_lead", "name_year_lead",
    "hijri_cycle_prev", "hijri_generic_next", "hijri_generic_prev", "today_no_longer_prev",
)


class Grammar:
    """The grammar's patterns by name (``grammar.month``…), each compiled when first used.

    Compiling all twenty with ``regex`` costs 0.03–0.04 s of CPU in every process that starts the
    times stage (``regex`` parses a pattern in Python; a compiled pattern cannot be cached on disk,
    pickling one compiles it again), and an article uses only the patterns whose trigger words it
    has: an article without a Hijri month or a written year never compiles those."""

    def __init__(self, texts: dict[str, str]) -> None:
        missing = set(PATTERN_NAMES) - set(texts)
        if missing:
            raise ValueError(f"grammar without {sorted(missing)}")
        self._texts = texts

    def __getattr__(self, name: str) -> regex.Pattern[str]:
        # Called only for a name the instance does not have yet: a pattern's first use.  The
        # compiled pattern becomes an instance attribute, so later uses are plain lookups.
        if name.startswith("_"):  # ``_texts`` not yet set (copying, unpickling): never a pattern
            raise AttributeError(name)
        try:
            text = self._texts[name]
        except KeyError:
            raise AttributeError(name) from None
        pattern = _compile(text)
        setattr(self, name, pattern)
        return pattern

    def compiled(self) -> list[str]:
        """The names of the patterns compiled so far."""
        return [name for name in PATTERN_NAMES if name in vars(self)]


def _compile(pattern: str) -> regex.Pattern[str]:
    return regex.compile(pattern)


@lru_cache(maxsize=1)
def load_grammar() -> Grammar:
    return build_grammar(load_lexicon())


def build_grammar(lex: Lexicon) -> Grammar:
    weekday = alt(lex.weekdays)
    part_of_day = alt(lex.parts_of_day)
    month = alt(lex.months)
    hijri_month = alt(lex.hijri_months)
    ordinal = alt(lex.ordinals)
    cardinal = alt(lex.cardinals)
    direction = alt(lex.directions)
    unit = alt(lex.units)
    g_era = alt(lex.gregorian_era)
    h_era = alt(lex.hijri_era)
    any_era = alt(lex.gregorian_era | lex.hijri_era)
    year_word = alt(lex.year_words)
    day_word = alt(lex.day_words)
    month_part = alt(lex.month_parts)
    # "شهر" is matched by the lead itself (group shahr), also with a clitic ("لشهر مارس").
    month_cue = alt(lex.month_cues - lex.month_parts - {"شهر"})
    this_word = alt(lex.this_words)
    ago_word = alt(lex.ago_words | lex.forward_words)
    span_word = alt(lex.span_words)
    range_to = alt(lex.range_to)
    date_link = alt(lex.date_links)

    # Words that may precede an expression ("مساء اليوم الخميس" before a date, "في" before a
    # month) are matched backwards from the expression's start by these "lead" patterns, anchored
    # at the end: trying them at every position of the text would cost far more.
    date_lead = (
        rf"{START}{CLITIC}(?P<lead>(?:(?P<pod>{part_of_day})\s+)?"
        rf"(?:(?P<dw>{day_word}|يوم)\s*\(?\s*)?"
        rf"(?:(?P<wd>{weekday})\s*\)?{SEP}-?\s*)?(?:{date_link}\s*)?)$"
    )
    month_lead = (
        # A quotation mark may open after the cue: oil news quote the delivery month ('تسليم "سبتمبر"').
        rf"{START}(?:{CLITIC}(?P<cue>{month_cue})\s+(?:[{regex.escape(''.join(lex.name_quotes))}]\s*)?)?{CLITIC}"
        rf"(?P<lead>(?:(?P<part>{month_part})\s+)?(?:(?P<shahr>شهر)\s+)?)$"
    )
    weekday_lead = (
        rf"{START}(?:(?P<paren>\()\s*)?{CLITIC}(?P<lead>(?:(?P<pod>{part_of_day})\s+)?(?:(?P<yawm>يوم)\s+)?)$"
    )
    day_word_lead = rf"{START}{CLITIC}(?P<lead>(?:(?P<pod>{part_of_day})\s+)?)$"
    # "يوم (١٩) شوال": the day number may stand in parentheses; after "يوم" it may be a cardinal word ("يوم تسعة
    # ديسمبر"), which elsewhere is a count ("ثلاثة أشهر").
    day = rf"(?:(?P<dpo>\(\s*)(?P<day>\d{{1,2}})\s*\)|(?P<day>\d{{1,2}}|{ordinal})|(?<=يوم\s+)(?P<day>{cardinal}))"
    # One month or a double form: "يوليو/ تموز", "كانون الأول/ديسمبر", "مايو (أيار)", "مايو - أيار".
    months = rf"(?P<m1>{month})(?:(?:\s*(?:/|\\|-|–|\(|،)\s*|\s+)(?P<m2>{month})(?:\s*\))?)?"
    year_tail = (
        r"(?:"
        rf"{SEP}(?:من\s+)?(?:{year_word}\s+)?(?P<year>\d{{4}})(?!\d)(?:\s*(?P<era>{any_era}))?{END}"
        rf"|\s+(?:من\s+)?(?P<yw>العام|السنه|عام)\s+(?P<ydir>{direction}){END}"
        # "السادس من أغسطس لهذا العام", "مايو من هذا العام": the anchor's year.
        rf"|\s+(?:من\s+)?ل?(?P<ythis>{this_word})\s+(?:العام|السنه){END}"
        rf"|\s+(?P<mdir>{direction}){END}"
        r")?"
    )
    # "الـ21 من يونيو": the article before a day number (the tatweel is gone in the matching view).
    # "7 / يوليو /2015", "(10/ شوال / 1436هـ)": a day number, a month name and a year between slashes (round 29);
    # a year after the month (a second slash or a space: "7/ يوليو 2015", round 30) is needed, so that a double form
    # ("يوليو/ تموز") or a bare "7/ يوليو" is not taken for one.
    slashed_year = rf"(?:\s*/\s*|{SEP})(?P<year>\d{{4}})(?!\d)(?:\s*(?P<era>{any_era}))?{END}"
    gregorian_date = (
        rf"{START}{CLITIC}(?:ال(?=\d))?(?P<t>(?:(?P<day>\d{{1,2}})\s*/\s*{months}{slashed_year}"
        rf"|{day}\s*(?:من\s+)?(?:شهر\s+)?{months}{year_tail})){END}"
    )
    # "من 10 إلى 12 ديسمبر", "من 19 - 21 شوال", "بين الخامس عشر وحتى السابع عشر من نوفمبر".  A written
    # first day needs من/بين/يومي before it: trying the ordinals at every word would cost more than the
    # rest of the pattern.
    range_days = (
        rf"(?:(?:(?:من|بين)\s+)?(?P<d1>\d{{1,2}})|(?:من|بين|يومي)\s+(?P<d1>{ordinal}))"
        # "23و24 يوليو": و glued to both day numbers (no space) joins them as well.
        rf"\s*(?:[-–]|\s(?:و\s*)?(?:{range_to})\s*|(?<=\d)و(?=\d))\s*(?P<d2>\d{{1,2}}|{ordinal})\s+(?:من\s+)?(?:شهر\s+)?"
    )
    day_range = rf"{START}(?P<t>{range_days}{months}{year_tail}){END}"
    # "13 من شهر رمضان المبارك 1436هـ", "شهر رمضان الكريم من عام 1435هـ" (round 30): an epithet between a Hijri month and
    # its year, only with the year.
    epithet = alt(lex.hijri_month_epithets)
    hijri_year = rf"(?P<year>\d{{3,4}})(?!\d)(?:\s*(?P<era>{h_era}))?"
    # "الـ8 من شهر ذي القعدة القادم" (round 36, gold v18): the article before the day, as for a Gregorian date.
    hijri_date = (
        rf"{START}{CLITIC}(?:ال(?=\d))?(?P<t>(?P<day>\d{{1,2}})\s*/\s*(?P<hm>{hijri_month})\s*/\s*{hijri_year}"
        rf"|{day}\s*(?:من\s+)?(?:شهر\s+)?(?P<hm>{hijri_month})"
        rf"(?:(?:\s+{epithet})?{SEP}(?:من\s+)?(?:{year_word}\s+)?{hijri_year}|\s+(?P<mdir>{direction})"
        # "٢٠ من شهر صفر من العام الحالي": the year named relative to the anchor's Hijri year.
        rf"|\s+(?:من\s+)?(?:(?:العام|السنه)\s+(?P<ydir>{direction})|(?P<ythis>{this_word})\s+(?:العام|السنه)))?){END}"
    )
    hijri_day_range = (
        rf"{START}(?P<t>{range_days}(?P<hm>{hijri_month})"
        rf"(?:{SEP}(?:من\s+)?(?:{year_word}\s+)?{hijri_year}|\s+(?P<mdir>{direction}))?){END}"
    )
    # "رمضان 1436هـ", and with a direction instead of a year: "رمضان الماضي", "شهر ذي القعدة المقبل"; after
    # "شهر" neither is needed ("خلال شهر رمضان": one occurrence, the nearest).
    hijri_month_year = (
        rf"{START}{CLITIC}(?P<t>(?:(?P<shahr>شهر)\s+)?(?P<hm>{hijri_month})"
        rf"(?:(?:\s+{epithet})?{SEP}(?:من\s+)?(?:{year_word}\s+)?{hijri_year}|\s+(?P<mdir>{direction})"
        # "شهر جمادى الآخرة من العام الحالي", "صفر من هذا العام 1436 هـ" (round 29): the year named relative to the
        # anchor's Hijri year, maybe restated by its number.
        rf"|\s+(?:من\s+)?(?:(?:العام|السنه)\s+(?P<ydir>{direction})|(?P<ythis>{this_word})\s+(?:العام|السنه))"
        rf"(?:\s+{hijri_year})?"
        # bare (no شهر, year or direction): the handler reads it only after a month cue (round 29)
        rf"|)){END}"
    )
    month_expr = rf"{START}{CLITIC}(?P<t>{months}{year_tail}){END}"
    # "خلال شهري رجب وشعبان" (round 29): two Hijri months after the dual "شهري" are both months, also those that are
    # words or names elsewhere (صفر, رجب). Matched from the first month's end (the second, with the pair's year or
    # direction) and backwards from the second month's start (the dual and the first before it).
    hijri_pair_next = (
        rf"\s+و\s*(?P<hm2>{hijri_month})"
        rf"(?:{SEP}(?:من\s+)?(?:ل?{year_word}\s+)?{hijri_year}|\s+(?P<mdir>{direction}))?{END}"
    )
    hijri_pair_lead = rf"{START}{CLITIC}شهري\s+{hijri_month}\s+و$"
    # A yearly cycle (round 30, branch tim30b): "من شهر محرم إلى قبيل شهر رمضان", two Hijri months without a day or a
    # year joined as a range. Matched before the first month (its "من"), from its end (the second, with no year or
    # direction after it) and backwards from the second month's start (the first and the link before it).
    cycle_from = alt(lex.range_from)
    cycle_to = alt(lex.hijri_cycle_to)
    cycle_edge = rf"(?:{alt(lex.hijri_cycle_edges)}\s+)?"
    hijri_cycle_lead = rf"{START}{CLITIC}{cycle_from}\s+{cycle_edge}$"
    hijri_cycle_next = (
        rf"(?:\s+{epithet})?{SEP}{cycle_to}\s+{cycle_edge}(?:شهر\s+)?{hijri_month}{END}"
        rf"(?!{SEP}(?:من\s+)?(?:ل?{year_word}\s+)?\d|\s+{direction})"
    )
    hijri_cycle_prev = (
        rf"{START}{CLITIC}{cycle_from}\s+{cycle_edge}(?:شهر\s+)?{hijri_month}(?:\s+{epithet})?{SEP}{cycle_to}\s+"
        rf"{cycle_edge}$"
    )
    # "في شهر رمضان الكريم، وبقية شهور العام": the month beside "the other months" is every year's.
    hijri_generic_next = rf"(?:\s+{epithet})?{SEP}{alt(lex.hijri_generic_followers)}{END}"
    # "خاصة في شهر رمضان", "لاسيما خلال شهر رمضان": singled out of a habit, every year's (round 32).
    hijri_generic_prev = rf"{START}{CLITIC}{alt(lex.hijri_generic_leads)}(?:\s+(?:في|خلال))?\s*$"
    # "لم تعد تقنية التصوير اليوم": "no longer" a few words before "اليوم" in its clause (round 32).
    today_no_longer_prev = (
        rf"{START}[وف]?{alt(lex.today_no_longer)}(?:\s+[\p{{L}}\p{{N}}]+){{0,{lex.today_no_longer_words}}}\s+$"
    )
    # "بين أغسطس ونوفمبر 2015", "من يوليو تموز إلى سبتمبر أيلول": a range of months (the first may be a
    # double form too; the year, if any, follows the last).
    first_months = rf"(?P<a1>{month})(?:(?:\s*(?:/|\\|-|–|\(|،)\s*|\s+)(?P<a2>{month})(?:\s*\))?)?"
    month_range = (
        # "خلال شهري يونيو ويوليو الماضيين": the dual "شهري" joins two months by و as بين does (branch tim31b)
        rf"{START}{CLITIC}(?P<t>(?:(?P<from>من|بين)\s+(?:شهري?\s+)?|(?P<dual>شهري)\s+){first_months}"
        rf"\s*(?:[-–]|\s(?:و\s*)?(?P<to>{range_to}))\s*(?:شهر\s+)?{months}{year_tail}){END}"
    )
    # A year after a year word or cue, also in parentheses ("عام ( 1993 )", "يافا ( 1948 )") and
    # glued to the next word ("عام 1979ضد": the handler takes that only after a year word).
    # The prepositions in their normalised forms (the view folds ى to ي: "حتى 2020" is matched as "حتي 2020").
    year_cue = alt(lex.year_cues | YEAR_PREPOSITIONS)
    year = (
        rf"(?:(?P<title>[{regex.escape(lex.title_closers)}])\s*)?"
        rf"{START}(?:{CLITIC}(?P<cue>{year_cue})\s+)?{CLITIC}(?P<t>(?:(?P<part>{month_part})\s+)?"
        rf"(?:(?P<yw>{year_word})\s+)?(?P<po>\(\s*)?(?P<year>\d{{3,4}})(?!\d)(?(po)\s*\))"
        rf"(?:\s*(?P<era>{any_era}){END}|{END}|(?P<glued>(?=\p{{L}}))))"
    )
    year_range = (
        rf"{START}(?P<t>(?:(?P<from>من|بين|منذ)\s+)?(?:{CLITIC}(?P<yw>{year_word})\s+)?(?P<po>\(\s*)?"
        # The first year may carry its era: "1435هـ ـ 1436هـ" (a Hijri season), "(1428هـ ــ 2007م)" (one year said twice).
        # Three digits only before a Gregorian era word, checked by the handler ("بين 568 و645 ميلادي"; round 31).
        rf"(?P<y1>\d{{3,4}})(?:\s*(?P<era1>{any_era}))?\s*"
        # "من 2003 وحتى 2005", "منذ عام 2004 وحتى 2014" (round 29): و glued before the word of the end.
        rf"(?:(?P<dash>[-–/])|\s(?:و(?=\S))?(?P<to>{range_to})"
        # "العام الجامعي الجديد 1436 1437ه" (round 36): two years with a space only; the handler keeps consecutive
        # Hijri years with the era after the second (a season), nothing else.
        rf"|(?P<space>(?<=\d\s{{1,3}})(?=\d)))"
        # A bare و joins two years only after بين (the handler drops any other): without it, matching "2005 وعام 2006"
        # would consume the year that opens the next range ("وأيضاً 2005 وعام 2006 ـ 2007", round 29).
        rf"(?(from)|(?<!\sو))"
        rf"\s*(?:{year_word}\s+)?(?P<y2>\d{{3,4}})(?(po)\s*\))"
        rf"(?:\s*(?P<era>{any_era}))?){END}"
    )
    # The two separators are the same, or two dashes of either kind ("4 – 9 - 1436هـ": an en dash and a hyphen).
    numeric = (
        rf"{START}(?P<t>(?P<a>\d{{1,2}})\s*(?:(?P<s>[/.])\s*(?P<b>\d{{1,2}})\s*(?P=s)|[-–]\s*(?P<b>\d{{1,2}})\s*[-–])"
        rf"\s*(?P<y>\d{{4}})(?:\s*(?P<era>{any_era}))?){END}"
    )
    # Year first: ISO 2019-12-12, and the Saudi Hijri style 1436/10/15 هـ.
    iso = (
        rf"{START}(?P<t>(?P<y>\d{{4}})\s*(?P<s>[-/])\s*(?P<b>\d{{1,2}})\s*(?P=s)\s*(?P<a>\d{{1,2}})"
        rf"(?:\s*(?P<era>{any_era}))?){END}"
    )
    # "الأربعاء بعد القادم" (the Wednesday after next), "الخميس قبل الماضي" (the Thursday before last).
    weekday_expr = (
        rf"{START}{CLITIC}(?P<t>(?P<wd>{weekday})(?:\s+(?:(?P<beyond>(?:ما\s+)?(?:بعد|قبل))\s+)?(?P<dir>{direction}))?)"
        rf"{END}"
    )
    # Two bare weekdays as the ends of a span ("من السبت حتى الأربعاء"): with "يوميا" before, a weekly schedule.
    weekday_span = (
        rf"{START}(?:من\s+(?:يوم\s+)?{weekday}\s+(?:{alt(lex.range_to - {'و'})})\s+(?:يوم\s+)?{weekday}"
        rf"|يومي\s+{weekday}\s+و\s*{weekday}){END}"  # or a pair: "في كل إجازة اسبوعية يومي الجمعة والسبت"
    )
    # After a bare weekday, a day of "the month" with no month name: "يوم الخميس الـ 28 من الشهر", "يوم الثلاثاء 26
    # الشهر الجاري" (matched from the weekday's end).
    weekday_month_day = (
        rf"\s+(?:ال\s?)?(?P<n>\d{{1,2}})(?!\d)\s+(?:من\s+)?(?:هذا\s+)?الشهر"
        rf"(?:\s+(?P<dir>{direction}))?{END}"
    )
    # After a bare weekday, a day and a month in digits with no year, in either order: "أيام الثلاثاء 10/12 والأربعاء
    # 10/13", "الأحد 17/10" (matched from the weekday's end; round 35).
    weekday_numeric_day = (
        rf"\s*(?:{date_link}\s*)?(?P<a>\d{{1,2}})\s*/\s*(?P<b>\d{{1,2}})(?!\d)(?!\s*[/.-]\s*\d){END}"
    )
    # After a bare weekday, a second one and a dual direction: "يومي الأحد والاثنين المقبلين" (matched from the first
    # weekday's end).
    weekday_pair = (
        rf"\s+و\s*(?:يوم\s+)?(?P<wd2>{weekday})\s+(?P<dir>{alt(lex.pair_directions)}){END}"
    )
    day_word_expr = (
        rf"{START}{CLITIC}(?P<t>(?P<dw>{day_word})"
        # Digits may be glued after it where a space was lost ("أمس7 شاحنات").
        # The weekday may stand in parentheses or guillemets ("اليوم (السبت)", "اليوم «الأحد»").
        rf"(?:\s*(?:(?P<po>\()|(?P<qo>«))?\s*(?P<wd>{weekday})(?(po)\s*\))(?(qo)\s*»))?)(?:{END}|(?=\d))"
    )
    # "الرابع من الشهر نفسه": a day of the month named last; "الشهر نفسه من" before a year: that month in that year
    # ("من" may be left out: "الشهر نفسه عام 2014").
    same_month = alt(lex.same_month)
    same_month_day = (
        rf"{START}{CLITIC}(?P<t>(?:(?P<day>\d{{1,2}})|(?P<ord>{ordinal}))\s+من\s+{same_month}){END}"
    )
    same_month_lead = rf"{START}{CLITIC}(?P<lead>{same_month}\s+(?:من\s+)?)$"
    # "يوم 27" after "يوم 23 يوليو" in the same sentence: a day of the month named before it (round 31); not a numeric
    # date ("يوم 13 /08 /2015م"), read by its own pattern.
    bare_month_day = rf"{START}{CLITIC}(?P<t>يوم\s+(?P<day>\d{{1,2}})){END}(?!\s*[-–/.]\s*\d)"
    # "الأيام العشرة الأولى من", "الأسبوع الأخير من", "العشر الأواخر من" before a month (matched backwards from it).
    month_edge_lead = (
        rf"{START}{CLITIC}(?P<lead>(?:(?P<unit>{alt(lex.month_edge_units)})\s+)?(?:(?P<n>\d{{1,2}}|(?:ال)?{cardinal})\s+)?"
        rf"(?P<edge>{alt(lex.month_edges)})\s+من\s+)$"
    )
    # "في 30 من الشهر الحالي", "العاشر من الشهر المقبل", "الخامس عشر من هذا الشهر": a day of the month named relative
    # to the anchor (matched backwards from "الشهر").
    # A glued و before the day leaves it outside the lead ("بين 10 و13 من الشهر الماضي": round 36).
    month_day_lead = rf"{START}(?:و(?=\S))?(?P<lead>(?:ال\s?(?=\d))?(?P<n>\d{{1,2}}|{ordinal})\s+من\s+(?:هذا\s+)?)$"
    # A name's first word(s) and one or two more words before its year ("كأس العالم لكرة القدم 2018"; round 36), matched
    # backwards from the year.
    name_year_lead = (
        rf"{START}{CLITIC}(?P<lead>(?P<cue>{alt(lex.name_year_cues)})\s+(?:[^\s\d.,،؛;:!?؟()«»\"“”]+\s+){{1,2}})$"
    )
    # The first day of a range before that day ("ما بين العاشر والثالث عشر من الشهر الماضي", round 36): matched backwards
    # from the second day.
    month_day_range_lead = (
        rf"{START}(?P<lead>(?:ما\s+)?(?P<from>بين|من)\s+(?:ال\s?(?=\d))?(?P<n>\d{{1,2}}|{ordinal})\s+"
        rf"(?P<to>و\s*|(?:الي|حتي|وحتي)\s+))$"
    )
    number = rf"(?:\d{{1,3}}|{cardinal})"
    ago = (
        rf"{START}{CLITIC}(?P<t>(?P<ago>{ago_word})\s+(?:(?P<n>{number})\s+)?(?P<unit>{unit})){END}"
        r"(?!\s*\d)"
    )
    # "الأيام الثلاثة الماضية", "ال 3 أيام الماضية", and the count first with the article on it ("العشر
    # سنوات الماضية", "الثلاث أشهر الماضية") or after the unit with a detached article ("السنوات الـ 4 الماضية").
    # After the clitic ل the article's alef is not written: "للعام الماضي", "للشهر المقبل".
    # The article may stand on both the count and the unit ("خلال الـ6 الأشهر الماضية").
    relative_unit = (
        rf"{START}{CLITIC}(?P<t>(?:(?P<span>{span_word})\s+)?(?:ال\s?|(?<=ل)ل)(?:(?P<n1>\d{{1,3}}|{cardinal})\s+(?:ال)?)?(?P<unit>{unit})"
        rf"(?:\s+(?:ال\s?)?(?P<n2>{number}))?\s+(?P<dir>{direction})){END}"
    )
    this_unit = rf"{START}{CLITIC}(?P<t>{this_word}\s+ال(?P<unit>{unit})){END}"
    # A part of the current year or month: "منذ بداية العام", "حتى نهاية الشهر".  The part is matched
    # backwards from the unit (part_lead): tried at every word, its alternation cost the stage 5 %.
    part_unit = rf"{START}ال(?P<unit>عام|سنه|شهر){END}"
    part_lead = rf"{START}{CLITIC}(?P<part>{month_part})\s+$"
    year_number = alt(
        lex.year_thousands.keys() | lex.year_hundreds.keys() | lex.year_tens.keys() | lex.cardinals.keys()
    )
    written_year = (
        rf"{START}{CLITIC}(?P<t>(?P<yw>{year_word})\s+(?P<num>{alt(lex.year_thousands)}"
        rf"(?:\s+(?:و\s*)?{year_number})*)){END}"
    )
    # "الربع الثاني", "للربع الثاني من العام", "النصف الأول من عام 2015": the forms are listed with
    # the article, matched after a clitic also in its assimilated form ("للربع").
    part_forms = lex.year_quarters.keys() | lex.year_halves.keys() | lex.year_quarters_with_year.keys()
    part_rest = alt(f[2:] if f.startswith("ال") else f for f in part_forms)
    year_part = (
        rf"{START}[وف]?[بكل]?(?P<t>(?:ال|ل)(?P<q>{part_rest})"
        rf"(?:\s+(?:من\s+)?(?:ل?(?P<yw>{year_word})\s+)?(?:(?P<year>\d{{4}})(?!\d)(?:\s*{g_era})?|(?P<ydir>{direction}))"
        rf"|\s+من\s+(?:هذا\s+|هذه\s+)?(?P<cur>العام|السنه))?){END}"
    )
    # "الأشهر الخمسة الأولى من العام الحالي", "الستة أشهر الأولى من عام 2015": the first or last months of a year.
    year_months = (
        rf"{START}{CLITIC}(?P<t>ال\s?(?:(?P<n1>{number})\s+)?(?P<unit>{unit})(?:\s+(?:ال\s?)?(?P<n2>{number}))?"
        rf"\s+(?P<edge>{alt(lex.year_month_edges)})\s+من\s+(?:(?:ل?(?P<yw>{year_word})\s+)?(?:(?P<year>\d{{4}})(?!\d)"
        rf"(?:\s*{g_era})?|(?P<ydir>{direction}))|(?:هذا\s+|هذه\s+)?(?P<cur>العام|السنه))){END}"
    )
    return Grammar({
        "gregorian_date": gregorian_date,
        "date_lead": date_lead,
        "month_lead": month_lead,
        "weekday_lead": weekday_lead,
        "day_word_lead": day_word_lead,
        "day_range": day_range,
        "hijri_date": hijri_date,
        "hijri_day_range": hijri_day_range,
        "hijri_month": hijri_month_year,
        "month": month_expr,
        "month_range": month_range,
        "year": year,
        "year_range": year_range,
        "numeric": numeric,
        "iso": iso,
        "weekday": weekday_expr,
        "weekday_month_day": weekday_month_day,
        "weekday_numeric_day": weekday_numeric_day,
        "weekday_span": weekday_span,
        "weekday_pair": weekday_pair,
        "year_months": year_months,
        "day_word": day_word_expr,
        "same_month_day": same_month_day,
        "same_month_lead": same_month_lead,
        "bare_month_day": bare_month_day,
        "month_edge_lead": month_edge_lead,
        "month_day_lead": month_day_lead,
        "month_day_range_lead": month_day_range_lead,
        "name_year_lead": name_year_lead,
        "hijri_pair_next": hijri_pair_next,
        "hijri_pair_lead": hijri_pair_lead,
        "hijri_cycle_lead": hijri_cycle_lead,
        "hijri_cycle_next": hijri_cycle_next,
        "hijri_cycle_prev": hijri_cycle_prev,
        "hijri_generic_next": hijri_generic_next,
        "hijri_generic_prev": hijri_generic_prev,
        "today_no_longer_prev": today_no_longer_prev,
        "ago": ago,
        "relative_unit": relative_unit,
        "this_unit": this_unit,
        "part_unit": part_unit,
        "part_lead": part_lead,
        "word": r"[\p{L}\p{N}]+",
        "written_year": written_year,
        "year_part": year_part,
    })
