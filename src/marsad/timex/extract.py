"""Find time expressions in a normalised text and resolve them to values.

Extraction is two-step.  :func:`find_expressions` runs the grammar and turns
every match into an :class:`Expression` holding a resolver; absolute dates
resolve on their own, relative ones (أمس, الشهر الماضي, منذ ثلاثة أيام, a day
and month without a year) need an anchor, the publication date.
:func:`resolve_expressions` resolves them against an anchor (or None: relative
expressions are then dropped, because the output contract needs a value) and
keeps the longest of overlapping matches.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Container
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from itertools import pairwise
from typing import Any

import ahocorasick
import regex

from marsad.timex import calendar_math as cal
from marsad.timex.grammar import PREPOSITION_CUES, Grammar, alt, load_grammar
from marsad.timex.lexicon import Lexicon, load_lexicon


@dataclass(frozen=True, slots=True)
class Resolved:
    value: str
    granularity: str
    day: date | None = None  # the calendar day, for day-granularity values
    note: str | None = None  # a disagreement worth telling the user (weekday vs anchor)
    late: int = 0  # days the anchor is late by, as a named weekday shows ("أمس الثلاثاء" dated Friday: 3)


Resolver = Callable[[date | None], Resolved | None]


@dataclass(slots=True)
class Expression:
    start: int  # offsets in the normalised text
    end: int
    kind: str
    resolver: Resolver
    absolute: bool
    weekday: int | None = None  # weekday named in the expression, to be checked against the date
    today: bool = False  # introduced by اليوم ("today"): a publication-date candidate
    extra: dict[str, str] = field(default_factory=dict)
    # For a day or month named without a year (and without الماضي/المقبل): its value in a given
    # year, so that a paragraph narrating an earlier year can anchor it there.
    in_year: Callable[[int], Resolved | None] | None = None

    def resolve(self, anchor: date | None) -> Resolved | None:
        if anchor is None and not self.absolute:
            return None
        return self.resolver(anchor)


@dataclass(frozen=True, slots=True)
class Found:
    """A resolved expression (offsets in the normalised text)."""

    start: int
    end: int
    kind: str
    value: str
    granularity: str
    day: date | None
    weekday: int | None
    today: bool
    note: str | None = None
    absolute: bool = False
    in_year: Callable[[int], Resolved | None] | None = field(default=None, compare=False, repr=False)

    @property
    def weekday_mismatch(self) -> bool:
        return self.weekday is not None and self.day is not None and self.day.weekday() != self.weekday


WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# "اليوم الخميس" may name a day up to this many days before the anchor's (a late publication date).
WEEKDAY_TRUST_DAYS = 4
# ... and a day word's named weekday ("اليوم الأحد" in a story crawled on Friday; gold v20) as far as five days before: every
# weekday but the one right after the day word's, which is rather a next day's paper dated a day early (round 37).
DAY_WORD_TRUST_DAYS = 5
# "أمس الجمعة" may name a day this many days after أمس, never after the anchor (an early date given).
WEEKDAY_EARLY_DAYS = 1
# How far back a future cue licenses a bare weekday as the coming day ("سيبدأ وانغ يي يوم السبت جولة").
FUTURE_WINDOW_WORDS = 5
# Another 4-digit number this close to a bare one makes it part of a range or a list (see _current_year_number).
NEAR_YEAR = regex.compile(r"(?<!\d)\d{4}(?!\d)")
NEAR_YEAR_CHARS = 8
# How far the recurring end of a range may stand from its link (round 36).
RECURRING_RANGE_CHARS = 60
# A day number with the article after اليوم ("اليوم الـ15": the normalised view drops the tatweel): the 15th day,
# not today ("اليوم 41 ضربة" is today's count).
NUMBERED_DAY = re.compile(r"ال\d{1,2}")
# How far into its clause a verb of a coming event opening it still governs a bare weekday.
SCHEDULED_WINDOW_WORDS = 14
SCHEDULED_WINDOW_CHARS = 120
FUTURE_WINDOW_CHARS = 60
# How far back "يوميا"/"أسبوعيا" makes a bare weekday a weekly schedule (hours between: "يوميا من (4) إلى (9)
# مساءً، من السبت حتى الأربعاء").
RECURRING_WINDOW_WORDS = 10
# How far back in its clause a word of habit ("عادة ما يبدأ … في منتصف شهر يوليو") makes a yearless date every year's.
HABITUAL_WINDOW_WORDS = 14
HABITUAL_WINDOW_CHARS = 120
# "الأمس" and "اليوم" set against each other stand this close, in one paragraph ("بالأمس … واليوم …").
THEN_NOW_CHARS = 120
# A bare "اليوم" opening a clause with a conjunction (today_clause_conjunctions) after one of these stops or a comma is an
# opinion column's "nowadays" (round 28); a comma alone sets off wire copy's "قال X، اليوم، إن".
CLAUSE_STOPS = ".!?؟\n،,؛;:"
# The marks that finish a paragraph's last sentence: a paragraph opened by "اليوم" after one is a column's "nowadays".
PARAGRAPH_STOPS = ".!?؟…"
THEN_NOW = regex.compile(r"(?<![\p{L}\p{N}])[وف]?ب?(?P<w>الامس|اليوم)(?![\p{L}\p{N}])")
# Between two listed days: "والتاسع", "، و 15".
LIST_JOINT = re.compile(r"\s*[,،]?\s*(?=و)")
WEEKDAY_SPAN_CHARS = 30


# "(1984 وحتى 1995)": the words that end a span of years in parentheses without من (normalised forms).
PAREN_RANGE_ENDS = frozenset({"حتي", "الي"})

# "1936 - 1939" without من/بين: at most this many years apart (wider is more likely two counts).
MAX_BARE_YEAR_SPAN = 30
# How far after "اليوم" a comparison with a past state ("عما كانت عليه") makes it "nowadays" (round 31).
TODAY_COMPARED_CHARS = 70
# "يوم الخميس الـ 28 من الشهر": the days searched either side of the anchor for the weekday and day number (the
# month it names is the current one, or the last or next when the day is near a month's end).
MONTH_DAY_REACH = 31
# How far from the anchor a weekday with a day and a month in digits ("الثلاثاء 10/12") is looked for, in days.
NUMERIC_DAY_REACH = 120

# How far back a lead ("منتصف ليلة اليوم الخميس،") may reach before an expression.
LEAD_CHARS = 60


def _day_value(d: date | None) -> Resolved | None:
    return Resolved(cal.fmt_day(d), cal.DAY, d) if d is not None else None


def _hijri_year_near(anchor: date, direction: int | None, first_day: Callable[[int], date | None]) -> int | None:
    """The Hijri year of a yearless Hijri day or range whose first Gregorian day in year ``y`` is ``first_day(y)``:
    the anchor's year for "الحالي/الجاري" (direction 0), else the occurrence nearest the anchor (news mostly look
    back) among the years around it, only before it for "الماضي" (direction < 0) or after it for "القادم" (> 0)."""
    current = cal.hijri_year_of(anchor)
    if current is None or direction == 0:
        return current
    found = [(y, d) for y in (current - 1, current, current + 1) if (d := first_day(y)) is not None]
    if direction is not None:
        # "رمضان الماضي" in Shawwal is this Hijri year's: the latest before (or next after) the anchor.
        found = [(y, d) for y, d in found if (d < anchor if direction < 0 else d > anchor)]
    if not found:
        return None
    return min(found, key=lambda pair: cal.news_distance(pair[1], anchor))[0]


def _const(resolved: Resolved | None) -> Resolver:
    return lambda _anchor: resolved


def _bracketed_day_without_day_word(m: regex.Match[str], lead: regex.Match[str] | None) -> bool:
    """A number in parentheses is a day only after يوم or a weekday ("يوم (١٩) شوال"); elsewhere it is a count or a
    reference note)."""
    return bool(m.group("dpo")) and not (lead and (lead.group("dw") or lead.group("wd")))


class _Finder:
    def __init__(self, lex: Lexicon, grammar: Grammar) -> None:
        self.lex = lex
        self.g = grammar
        # Whole words only: "ق م" is also the end and start of two words ("فريق من").
        marks = "|".join(regex.escape(mark) for mark in sorted(lex.bc_marks, key=len, reverse=True))
        self._bc_mark = regex.compile(rf"(?<![\p{{L}}])(?:{marks})(?![\p{{L}}])")

    # -- helpers ---------------------------------------------------------------
    @staticmethod
    def _key(text: str | None) -> str:
        return " ".join(text.split()) if text else ""

    def _number(self, text: str | None) -> int | None:
        if not text:
            return None
        key = self._key(text)
        if key.isdigit():
            return int(key)
        return self.lex.cardinals.get(key)

    def _day_number(self, text: str) -> int | None:
        key = self._key(text)
        if key.isdigit():
            return int(key)
        return self.lex.ordinals.get(key, self.lex.cardinals.get(key))  # a cardinal only after "يوم" (grammar)

    def _month(self, m: regex.Match[str]) -> int | None:
        first = self.lex.months.get(self._key(m.group("m1")))
        second = m.group("m2")
        if second is not None and self.lex.months.get(self._key(second)) != first:
            return None  # a double form must name the same month twice
        return first

    def _gregorian_year(self, text: str, era: str | None) -> int | None:
        year = int(text)
        low, high = self.lex.gregorian_years
        if era and self._key(era) in self.lex.hijri_era:
            return None
        if era and self._key(era) in self.lex.gregorian_era:
            low = 1  # "1063م": an explicit era licenses historical years
        return year if low <= year <= high else None

    def _is_hijri_era(self, era: str | None) -> bool:
        return bool(era) and self._key(era) in self.lex.hijri_era

    def _in_hijri_years(self, year: int) -> bool:
        low, high = self.lex.hijri_years
        return low <= year <= high

    def _weekday(self, text: str | None) -> int | None:
        return self.lex.weekdays.get(self._key(text)) if text else None

    def _year_direction(self, m: regex.Match[str]) -> int | None:
        """The year a month's tail names relative to the anchor's ("من العام الماضي" -1, "لهذا العام" 0), if any."""
        return 0 if m.group("ythis") else self._direction(m.group("ydir"))

    def _direction(self, text: str | None) -> int | None:
        return self.lex.directions.get(self._key(text)) if text else None

    def _quoted(self, text: str, start: int, end: int) -> bool:
        """True when quotation marks stand right around ``text[start:end]`` (a name, not a time)."""
        before = text[max(0, start - 2) : start].strip()
        after = text[end : end + 2].strip()
        quotes = self.lex.name_quotes
        return bool(before) and before[-1] in quotes and bool(after) and after[0] in quotes

    def _past_not_yesterday(self, text: str, start: int, end: int) -> bool:
        """Whether "الأمس" at ``[start, end)`` (its clitics before ``start``) is "the past": after a noun of people or
        feelings it qualifies, before البعيد/القريب, or after the comparing clitic ك ("كالأمس")."""
        before, after = self._words_around(text, start, end)
        glued = self._whole_word(text, start)
        return (
            _strip_clitic(before, self.lex.then_blocked_by_previous) in self.lex.then_blocked_by_previous  # "فحلفاء الأمس"
            or after in self.lex.then_blocked_by_next
            or (glued.startswith(("ك", "وك")) and glued.endswith(self.lex.then_word))
        )

    def _named_day_before(self, text: str, start: int) -> bool:
        """Whether a named day after its cue comes just before the و that ends at ``start``: the second of two named
        days joined by و is named too ("لثورتي «25 يناير» و«30 يونيو»", "بعد ثورتي 25 يناير (كانون الثاني) و30 يونيو")."""
        words = self.g.word.findall(text, max(0, start - 50), start)[:-1]  # without the و
        for i in range(len(words) - 2, max(0, len(words) - 6), -1):
            key = f"{words[i]} {words[i + 1]}"
            if key in self.lex.named_days:
                return _strip_clitic(words[i - 1], self.lex.named_day_cues) in self.lex.named_day_cues
        return False

    def _words_around(self, text: str, start: int, end: int) -> tuple[str, str]:
        before = self.g.word.findall(text, max(0, start - 30), start)
        after = self.g.word.search(text, end, min(len(text), end + 30))
        return (before[-1] if before else "", after.group() if after else "")

    def _agent_after(self, text: str, end: int) -> bool:
        """Whether a passive's agent (``agent_markers``: "من قبل", "by") follows ``end`` after a comma or spaces."""
        rest = text[end : end + 16].lstrip(" ،,")
        return any(rest.startswith(marker) for marker in self.lex.agent_markers)

    def _recurring(self, text: str, end: int) -> bool:
        """Whether the words after ``end`` make a yearless date recur ("يونيو من كل عام", "الجمعة سنويا")."""
        window = text[end : end + 20]
        if not any(word in window for word in self.lex.recurring_next):
            return False  # the usual case, without running the word pattern
        words = self.g.word.findall(text, end, min(len(text), end + 20))[:2]
        if words and words[0] == "من":
            words = words[1:]
        return bool(words) and words[0] in self.lex.recurring_next

    def _listed_before_recurring(self, text: str, end: int) -> bool:
        """Whether a day joined by و after ``end`` recurs, and with it the list ("في التاسع من شباط (فبراير) والتاسع من
        آب (أغسطس) من كل عام")."""
        joint = LIST_JOINT.match(text, end)
        if joint is None:
            return False
        listed = self.g.gregorian_date.match(text, joint.end())
        return listed is not None and self._recurring(text, listed.end("t"))

    def _opens_recurring_range(self, text: str, end: int) -> bool:
        """Whether ``end`` is followed by a link of a range (``day_range_links``) whose end, a day within
        ``RECURRING_RANGE_CHARS``, recurs ("ما بين 15 من شهر يونيو إلى نهاية اليوم الـ15 من شهر سبتمبر من كل عام":
        the yearly ban is no date, its first day neither; round 36, gold v18)."""
        link = self.g.word.search(text, end, min(len(text), end + 12))
        if link is None or link.group() not in self.lex.day_range_links or text[end : link.start()].strip():
            return False
        last = self.g.gregorian_date.search(text, link.end(), min(len(text), link.end() + RECURRING_RANGE_CHARS))
        return last is not None and self._recurring(text, last.end("t"))

    def _lead(self, pattern: regex.Pattern[str], text: str, m: regex.Match[str]) -> regex.Match[str] | None:
        """The words just before the expression that belong to it or license it, if any."""
        start = m.start("t")
        if start != m.start():
            return None  # a clitic is glued to the expression's first word: nothing precedes it
        lead = pattern.search(text, max(0, start - LEAD_CHARS), start)
        if lead is None or lead.end() == lead.start():
            return None
        return lead

    # -- Gregorian day + month (+ year) ------------------------------------------
    def gregorian_date(self, text: str, m: regex.Match[str]) -> Expression | None:
        lead = self._lead(self.g.date_lead, text, m)
        if _bracketed_day_without_day_word(m, lead):
            return None
        day = self._day_number(m.group("day"))
        month = self._month(m)
        if day is None or month is None:
            return None
        weekday = self._weekday(lead.group("wd") if lead else None)
        # "اليوم السابع والعشرين من…" is "the 27th day of…", not "today, the 27th".
        today = self._key(lead.group("dw") if lead else None) == self.lex.today and m.group("day").isdigit()
        span = (lead.start("lead") if lead else m.start("t"), m.end("t"))
        if m.group("year"):
            year = self._gregorian_year(m.group("year"), m.group("era"))
            if year is None:
                return None
            resolved = _day_value(cal.safe_date(year, month, day))
            if resolved is None:
                return None
            return Expression(span[0], span[1], "date", _const(resolved), True, weekday, today)
        year_direction = self._year_direction(m)
        month_direction = self._direction(m.group("mdir"))
        word_before, _after = self._words_around(text, span[0], span[1])
        before = _strip_clitic(word_before, self.lex.date_name_heads)
        if before in self.lex.date_name_heads and lead is None:
            return None  # "مدينة 6 أكتوبر", "جسر 6 أكتوبر", "قوى 14 آذار": a name, not a date
        part_of_month = _strip_clitic(word_before, self.lex.ordinal_day_blocked_by_previous)
        if lead is None and not m.group("day").isdigit() and part_of_month in self.lex.ordinal_day_blocked_by_previous:
            return None  # "بالنصف الأول من شهر يونيو": a half of the month (its month is read), not its first day
        yearless = year_direction is None and month_direction is None
        if yearless and (
            self._recurring(text, span[1])
            or self._listed_before_recurring(text, span[1])
            or self._opens_recurring_range(text, span[1])
        ):
            return None  # "15 مارس من كل عام": every year's day, not one date
        if yearless and self._habitual_before(text, span[0]):
            return None  # "تبدأ عادة في 15 مارس": a habit's day, every year's
        named = self.lex.named_days.get(f"{self._key(m.group('day'))} {self._key(m.group('m1'))}")
        if (
            named is not None
            and yearless
            and (
                _strip_clitic(before, self.lex.named_day_cues) in self.lex.named_day_cues
                or (before == "و" and self._named_day_before(text, span[0]))
            )
        ):
            # "بعد 11 سبتمبر", "ثورة 25 يناير": the event, not this year's day.
            return Expression(span[0], span[1], "named_day", _const(_day_value(named)), True)
        # "ستقام في 20 ديسمبر": a future cue just before a yearless date puts it on or after the anchor (as for a
        # bare weekday), not in the nearest year.
        future = yearless and self._future_before(text, span[0])

        def resolve(anchor: date | None) -> Resolved | None:
            assert anchor is not None
            if year_direction is not None:
                year = anchor.year + year_direction
            elif future and month_direction is None:
                # Counted from a few days before the anchor: a crawl date is often late ("ومن المقرر أن تجرى
                # الجلسات من 20 يوليو" in an article dated 21 July is this July's 20th).
                year = cal.nearest_year(anchor - timedelta(days=WEEKDAY_TRUST_DAYS), month, day, 1)
            else:
                year = cal.nearest_year(anchor, month, day, month_direction)
            return _day_value(cal.safe_date(year, month, day))

        def in_year(year: int) -> Resolved | None:
            return _day_value(cal.safe_date(year, month, day))

        return Expression(
            span[0], span[1], "date", resolve, False, weekday, today, in_year=in_year if yearless else None
        )

    def day_range(self, text: str, m: regex.Match[str]) -> Expression | None:
        first, last = self._day_number(m.group("d1")), self._day_number(m.group("d2"))
        month = self._month(m)
        if month is None or first is None or last is None or not first < last:
            return None
        year_text = m.group("year")
        year_direction = self._year_direction(m)
        month_direction = self._direction(m.group("mdir"))
        fixed_year = self._gregorian_year(year_text, m.group("era")) if year_text else None
        if year_text and fixed_year is None:
            return None

        def resolve(anchor: date | None) -> Resolved | None:
            if fixed_year is not None:
                year = fixed_year
            elif anchor is None:
                return None
            elif year_direction is not None:
                year = anchor.year + year_direction
            else:
                year = cal.nearest_year(anchor, month, first, month_direction)
            start, end = cal.safe_date(year, month, first), cal.safe_date(year, month, last)
            if start is None or end is None:
                return None
            return Resolved(cal.fmt_range(cal.fmt_day(start), cal.fmt_day(end)), cal.RANGE)

        return Expression(m.start("t"), m.end("t"), "day_range", resolve, fixed_year is not None)

    # -- Hijri ----------------------------------------------------------------------
    def hijri_date(self, text: str, m: regex.Match[str]) -> Expression | None:
        lead = self._lead(self.g.date_lead, text, m)
        if _bracketed_day_without_day_word(m, lead):
            return None
        day = self._day_number(m.group("day"))
        form = self._key(m.group("hm"))
        month = self.lex.hijri_months.get(form)
        if day is None or month is None or not 1 <= day <= 30:
            return None
        weekday = self._weekday(lead.group("wd") if lead else None)
        # "اليوم السابع والعشرين من…" is "the 27th day of…", not "today, the 27th".
        today = self._key(lead.group("dw") if lead else None) == self.lex.today and m.group("day").isdigit()
        span = (lead.start("lead") if lead else m.start("t"), m.end("t"))
        if m.group("year"):
            year = int(m.group("year"))
            if not self._in_hijri_years(year):
                return None
            resolved = _day_value(cal.hijri_to_gregorian(year, month, day))
            if resolved is None:
                return None
            return Expression(span[0], span[1], "hijri_date", _const(resolved), True, weekday, today)
        if m.group("ydir") or m.group("ythis"):
            return self._hijri_date_of_relative_year(m, span, month, day, weekday, today)
        if form in self.lex.ambiguous_hijri_months:
            return None
        direction = self._direction(m.group("mdir"))

        def resolve(anchor: date | None) -> Resolved | None:
            assert anchor is not None
            # "20 شوال الجاري", "غرة شهر ذي القعدة القادم"
            year = _hijri_year_near(anchor, direction, lambda y: cal.hijri_to_gregorian(y, month, day))
            return None if year is None else _day_value(cal.hijri_to_gregorian(year, month, day))

        return Expression(span[0], span[1], "hijri_date", resolve, False, weekday, today)

    def _hijri_date_of_relative_year(
        self, m: regex.Match[str], span: tuple[int, int], month: int, day: int, weekday: int | None, today: bool
    ) -> Expression:
        """ "٢٠ من شهر صفر من العام الحالي": a Hijri day whose year is named relative to the anchor's; a Hijri
        month is counted in Hijri years (the year that names it a year, also for the ambiguous صفر or رجب)."""
        offset = 0 if m.group("ythis") else (self._direction(m.group("ydir")) or 0)

        def resolve(anchor: date | None) -> Resolved | None:
            assert anchor is not None
            current = cal.hijri_year_of(anchor)
            return None if current is None else _day_value(cal.hijri_to_gregorian(current + offset, month, day))

        return Expression(span[0], span[1], "hijri_date", resolve, False, weekday, today)

    def hijri_day_range(self, text: str, m: regex.Match[str]) -> Expression | None:
        """ "من 19 - 21 شوال الحالي", "بين 10 و12 رمضان 1436هـ": a range of Hijri days."""
        first, last = self._day_number(m.group("d1")), self._day_number(m.group("d2"))
        form = self._key(m.group("hm"))
        month = self.lex.hijri_months.get(form)
        if month is None or first is None or last is None or not first < last <= 30:
            return None

        def bounds(year: int) -> tuple[date, date] | None:
            start, end = cal.hijri_to_gregorian(year, month, first), cal.hijri_to_gregorian(year, month, last)
            return (start, end) if start is not None and end is not None else None

        def days(year: int) -> Resolved | None:
            found = bounds(year)
            return Resolved(cal.fmt_range(cal.fmt_day(found[0]), cal.fmt_day(found[1])), cal.RANGE) if found else None

        if m.group("year"):
            year = int(m.group("year"))
            if not self._in_hijri_years(year):
                return None
            return Expression(m.start("t"), m.end("t"), "hijri_range", _const(days(year)), True)
        if form in self.lex.ambiguous_hijri_months:
            return None  # "من 10 إلى 12 صفر": "zero", not the month, without a year
        direction = self._direction(m.group("mdir"))

        def resolve(anchor: date | None) -> Resolved | None:
            assert anchor is not None
            # "من 19 - 21 شوال الحالي", "بين 10 و12 رمضان الماضي"
            year = _hijri_year_near(anchor, direction, lambda y: found[0] if (found := bounds(y)) else None)
            return None if year is None else days(year)

        return Expression(m.start("t"), m.end("t"), "hijri_range", resolve, False)

    def hijri_month(self, text: str, m: regex.Match[str]) -> Expression | None:
        form = self._key(m.group("hm"))
        month = self.lex.hijri_months.get(form)
        if month is not None and (m.group("ythis") or m.group("ydir")):
            return self._hijri_month_of_relative_year(text, m, form, month)
        if month is not None and m.group("year") is None:
            return self._hijri_month_direction(text, m, form, month)
        year = int(m.group("year"))
        has_era = self._is_hijri_era(m.group("era"))
        if month is not None and not self._in_hijri_years(year) and not m.group("era"):
            # "خلال شهر رمضان 749 استشارة", "في جمادى الآخرة 1063 صفقة": a count follows
            if m.group("shahr"):
                return self._hijri_month_nearest(text, m, month)
            return self._bare_hijri_month(text, m, form, month)
        if month is None or not self._in_hijri_years(year):
            return None
        if form in self.lex.ambiguous_hijri_months and not (has_era or m.group("shahr")):
            return None
        bounds = cal.hijri_month_bounds(year, month)
        if bounds is None:
            return None
        value = cal.fmt_range(cal.fmt_day(bounds[0]), cal.fmt_day(bounds[1]))
        return Expression(m.start("t"), m.end("t"), "hijri_month", _const(Resolved(value, cal.RANGE)), True)

    def _hijri_month_of_relative_year(self, text: str, m: regex.Match[str], form: str, month: int) -> Expression | None:
        """ "شهر جمادى الآخرة من العام الحالي", "جمادى الأولى من هذا العام", "شهر صفر من هذا العام 1436 هـ": a Hijri
        month whose year is named relative to the anchor's is that month of the anchor's Hijri year (or the one
        before or after), as a Hijri day so named is (round 24). The number after it restates the year and is kept
        only when it agrees."""
        if form in self.lex.ambiguous_hijri_months and not m.group("shahr"):
            return None  # "رجب من هذا العام" may be a man; "شهر رجب" is the month
        if self._after_day_number(text, m.start("t")):
            return None  # "20 من شهر صفر من العام الحالي": hijri_date reads the day
        offset = 0 if m.group("ythis") else (self._direction(m.group("ydir")) or 0)
        named = int(m.group("year")) if m.group("year") else None

        def resolve(anchor: date | None) -> Resolved | None:
            assert anchor is not None
            current = cal.hijri_year_of(anchor)
            if current is None or (named is not None and named != current + offset):
                return None
            bounds = cal.hijri_month_bounds(current + offset, month)
            if bounds is None:
                return None
            return Resolved(cal.fmt_range(cal.fmt_day(bounds[0]), cal.fmt_day(bounds[1])), cal.RANGE)

        return Expression(m.start("t"), m.end("t"), "hijri_month", resolve, False)

    def _hijri_month_direction(self, text: str, m: regex.Match[str], form: str, month: int) -> Expression | None:
        """ "رمضان الماضي", "شهر ذي القعدة المقبل", "شوال الحالي": one occurrence of a Hijri month, as its days.

        الماضي is the latest occurrence ended before the anchor (in Ramadan, last year's), المقبل the next
        one to begin after it, الحالي/الجاري the one holding the anchor or else this Hijri year's."""
        direction = self._direction(m.group("mdir"))
        if direction is None and m.group("mdir") is None and m.group("shahr"):
            return self._hijri_month_nearest(text, m, month)
        if m.group("mdir") is None:
            return self._bare_hijri_month(text, m, form, month)
        if direction is None:
            return None
        if form in self.lex.ambiguous_hijri_months and not (m.group("shahr") or self._second_of_hijri_pair(text, m)):
            return None  # "رجب الماضي" may be a man named Rajab; "شهر رجب الماضي" is the month
        if self._after_day_number(text, m.start("t")):
            return None  # "20 من شهر شوال الجاري": the month of a date (hijri_date reads the day)
        return self._hijri_month_toward(m.start("t"), m.end("t"), month, direction)

    def _hijri_month_toward(self, start: int, end: int, month: int, direction: int) -> Expression:
        """One occurrence of a Hijri month by its direction from the anchor (see _hijri_month_direction)."""

        def resolve(anchor: date | None) -> Resolved | None:
            assert anchor is not None
            current = cal.hijri_year_of(anchor)
            if current is None:
                return None
            found = _hijri_month_occurrences(current, month)
            if direction < 0:
                found = [b for b in found if b[1] < anchor][-1:]
            elif direction > 0:
                found = [b for b in found if b[0] > anchor][:1]
            else:
                holding = [b for b in found if b[0] <= anchor <= b[1]]
                this_year = cal.hijri_month_bounds(current, month)
                found = holding or ([this_year] if this_year else [])
            if not found:
                return None
            return Resolved(cal.fmt_range(cal.fmt_day(found[0][0]), cal.fmt_day(found[0][1])), cal.RANGE)

        return Expression(start, end, "hijri_month", resolve, False)

    def _bare_hijri_month(self, text: str, m: regex.Match[str], form: str, month: int) -> Expression | None:
        """ "وبلغت الصفقات في جمادى الآخرة", "حتى نهاية شوال" (round 29): a Hijri month with neither شهر, year nor
        direction, after a month cue or a part of a month, is read as after شهر (its nearest occurrence); not a month
        that is also a word or a name (صفر, رجب) nor one whose bare mentions are often generic (رمضان)."""
        pair = self._hijri_month_pair(text, m)
        if pair is not None:
            return self._first_of_hijri_pair(text, m, month, pair)
        if self._second_of_hijri_pair(text, m):
            return self._hijri_month_nearest(text, m, month)
        if form in self.lex.ambiguous_hijri_months:
            return None
        lead = self._lead(self.g.month_lead, text, m)
        if lead is None or not (lead.group("cue") or lead.group("part")):
            return None
        if form in self.lex.hijri_months_needing_shahr:
            if form not in self.lex.hijri_months_after_part:
                return None
            cue = self._key(lead.group("cue"))
            part = lead.group("part") or (cue if cue in self.lex.month_parts else None)
            if part is None and not (cue in self.lex.this_year_month_cues and self._this_year_in_sentence(text, m)):
                return None  # "ويكثر الناس من الصدقة في رمضان": every year's
            if self._habitual_before(text, m.start("t")):
                return None
        return self._hijri_month_nearest(text, m, month)

    def _this_year_in_sentence(self, text: str, m: regex.Match[str]) -> bool:
        """Whether the sentence before the month names this year ("إن هذا العام كان موسم الرطب في رمضان")."""
        start = _clause_start(text, m.start("t"), SENTENCE_MARKS)
        before = text[start : m.start("t")]
        return any(phrase in before for phrase in self.lex.this_year_phrases)

    def _hijri_month_pair(self, text: str, m: regex.Match[str]) -> regex.Match[str] | None:
        """The second month (with its year or direction) when ``m`` opens a pair of Hijri months after "شهري"
        ("خلال شهري رجب وشعبان", round 29): the dual says both are months, also صفر or رجب. None otherwise."""
        lead = self._lead(self.g.month_lead, text, m)
        if lead is None or self._key(lead.group("cue")) != "شهري":
            return None
        return self.g.hijri_pair_next.match(text, m.end("hm"))

    def _second_of_hijri_pair(self, text: str, m: regex.Match[str]) -> bool:
        """Whether ``m`` is the second month of a pair after "شهري" ("شهري رجب وشعبان")."""
        if text[m.start() : m.start("t")] != "و":
            return False
        return self.g.hijri_pair_lead.search(text, max(0, m.start() - 40), m.start() + 1) is not None

    def _first_of_hijri_pair(
        self, text: str, m: regex.Match[str], month: int, second: regex.Match[str]
    ) -> Expression | None:
        """The first month of "شهري محرم وصفر للعام 1436هـ", "شهري رجب وشعبان الماضيين": the year or direction after
        the second month is the pair's; without either, the nearest occurrence (as after "شهر")."""
        if second.group("year"):
            year = int(second.group("year"))
            bounds = cal.hijri_month_bounds(year, month) if self._in_hijri_years(year) else None
            if bounds is None:
                return None
            value = cal.fmt_range(cal.fmt_day(bounds[0]), cal.fmt_day(bounds[1]))
            return Expression(m.start("t"), m.end("hm"), "hijri_month", _const(Resolved(value, cal.RANGE)), True)
        direction = self._direction(second.group("mdir"))
        if direction is not None:
            return self._hijri_month_toward(m.start("t"), m.end("hm"), month, direction)
        return self._hijri_month_nearest(text, m, month, second.end())

    def _hijri_month_nearest(
        self, text: str, m: regex.Match[str], month: int, tail: int | None = None
    ) -> Expression | None:
        """ "خلال شهر رمضان", "بمناسبة حلول شهر رمضان": a Hijri month after "شهر" with neither year nor direction
        is the occurrence nearest the anchor (the one holding it, else the nearer of the last and the next, the
        future counting double as for a yearless Gregorian month). ``tail``: where the words that may make it recur
        or give it a year begin, when not right after it (after the second month of "شهري رجب وشعبان")."""
        tail = m.end("hm") if tail is None else tail
        if self._after_day_number(text, m.start("t")) or self._recurring(text, tail):
            return None  # "20 من شهر شوال": a date's month; "شهر رمضان من كل عام" recurs
        if self._hijri_every_year(text, m.start("t"), tail):
            return None  # "من شهر محرم إلى شهر رمضان", "في شهر رمضان وبقية شهور العام": every year's
        after = self.g.word.findall(text, tail, min(len(text), tail + 30))[:3]
        while after and (after[0] in self.lex.hijri_month_epithets or after[0] == "من"):
            after = after[1:]
        if after and after[0] in self.lex.year_words:
            # "شهر صفر من العام الماضي", "شهر شوال من العام (1319 هـ)": a year this rule cannot read. Only the month's
            # own year: "بشهر رمضان وعيد الفطر لعام 1436هـ" names Ramadan and the feast's year (round 36, gold v18).
            return None

        def resolve(anchor: date | None) -> Resolved | None:
            assert anchor is not None
            current = cal.hijri_year_of(anchor)
            found = _hijri_month_occurrences(current, month) if current is not None else []
            if not found:
                return None

            def distance(bounds: tuple[date, date]) -> int:
                if bounds[0] <= anchor <= bounds[1]:
                    return 0
                return cal.news_distance(bounds[1] if bounds[1] < anchor else bounds[0], anchor)

            first, last = min(found, key=distance)
            return Resolved(cal.fmt_range(cal.fmt_day(first), cal.fmt_day(last)), cal.RANGE)

        return Expression(m.start("t"), m.end("hm"), "hijri_month", resolve, False)

    def _hijri_every_year(self, text: str, start: int, tail: int) -> bool:
        """Whether a Hijri month without a day or a year stands for every year's (round 30, branch tim30b): one end of
        a range of two such months ("من شهر محرم إلى قبيل شهر رمضان", a yearly season), beside "the other months"
        ("في شهر رمضان الكريم، وبقية شهور العام") or singled out of a habit ("خاصة في شهر رمضان", round 32)."""
        if self.g.hijri_generic_next.match(text, tail) is not None:
            return True
        if self.g.hijri_generic_prev.search(text, max(0, start - 30), start) is not None:
            return True  # "خاصة في شهر رمضان المبارك": singled out of a habit (round 32)
        if self.g.hijri_cycle_prev.search(text, max(0, start - 80), start) is not None:
            return True
        if self._habitual_before(text, start):
            return True  # "السيولة التي عادة ما تهبط … خلال شهر رمضان": a habit (round 34)
        return (
            self.g.hijri_cycle_lead.search(text, max(0, start - 30), start) is not None
            and self.g.hijri_cycle_next.match(text, tail) is not None
        )

    def _after_day_number(self, text: str, start: int) -> bool:
        """Whether a day number (digits or an ordinal, maybe then من) stands right before ``start``."""
        words = self.g.word.findall(text, max(0, start - 30), start)[-3:]
        if words and words[-1] == "من":
            words = words[:-1]
        if not words:
            return False
        last = words[-1].removeprefix("ال") if words[-1][2:].isdigit() else words[-1]  # "الـ8 من شهر ذي القعدة"
        return last.isdigit() or last in self.lex.ordinals or " ".join(words[-2:]) in self.lex.ordinals

    # -- month (+ year) ---------------------------------------------------------------
    def month(self, text: str, m: regex.Match[str]) -> Expression | None:
        lead = self._lead(self.g.month_lead, text, m)
        month = self._month(m)
        if month is None:
            return None
        form = self._key(m.group("m1"))
        span = (lead.start("lead") if lead else m.start("t"), m.end("t"))
        if m.group("year"):
            year = self._gregorian_year(m.group("year"), m.group("era"))
            if year is None:
                return None
            resolved = Resolved(cal.fmt_month(year, month), cal.MONTH)
            return Expression(span[0], span[1], "month", _const(resolved), True)
        year_direction = self._year_direction(m)
        month_direction = self._direction(m.group("mdir"))
        licensed = bool(lead) or month_direction is not None or self._listed_month(text, m)
        if year_direction is not None:
            licensed = True
        if not licensed:
            return None
        explicit = (
            (lead and lead.group("shahr"))
            # "في أواخر مارس", "مطلع آب" (round 29): after a part of a month the verb or the name is excluded
            or (lead and lead.group("part"))
            # "منذ مارس" (round 29): after منذ only the month
            or (lead and self._key(lead.group("cue")) in self.lex.month_only_cues)
            or m.group("m2")
            or month_direction is not None
            or year_direction is not None
        )
        if form in self.lex.ambiguous_months and not explicit:
            return None
        if year_direction is None and month_direction is None and (
            self._recurring(text, span[1]) or self._opens_recurring_range(text, span[1])
        ):
            return None  # "بنهاية شهر يونيو من كل عام": every year's June; also a range's start (round 36)
        if year_direction is None and month_direction is None and self._habitual_before(text, span[0]):
            return None  # "وعادة ما يبدأ نزول الرطب … في منتصف شهر يوليو": every year's July (round 34)
        forward = self._forward_cue(lead)
        since = lead is not None and self._key(lead.group("cue")) in self.lex.since_cues

        def resolve(anchor: date | None) -> Resolved | None:
            assert anchor is not None
            if year_direction is not None:
                year = anchor.year + year_direction
            elif since and month_direction is None:
                # "منذ نوفمبر" in July: a period that began in the past, so the latest November (the anchor's month included).
                year = anchor.year if month <= anchor.month else anchor.year - 1
            elif forward and month_direction is None:
                # "بحلول ديسمبر", "لتسليم سبتمبر": a target or delivery month is the coming one (the anchor's included).
                year = anchor.year if month >= anchor.month else anchor.year + 1
            else:
                year = cal.nearest_year(anchor, month, None, month_direction)
            return Resolved(cal.fmt_month(year, month), cal.MONTH)

        def in_year(year: int) -> Resolved | None:
            return Resolved(cal.fmt_month(year, month), cal.MONTH)

        # A delivery or target month ("لتسليم ديسمبر", "بحلول سبتمبر") is not a past narrative's month.
        yearless = year_direction is None and month_direction is None and not forward
        return Expression(span[0], span[1], "month", resolve, False, in_year=in_year if yearless else None)

    def _forward_cue(self, lead: regex.Match[str] | None) -> bool:
        return lead is not None and self._key(lead.group("cue")) in self.lex.forward_month_cues

    def month_range(self, text: str, m: regex.Match[str]) -> Expression | None:
        """ "بين أغسطس ونوفمبر 2015": the months from the first to the last, in the last one's year."""
        if m.group("from") == "من" and m.group("to") == "و":
            return None  # "من شهر يونيو وشهر يوليو": two months listed after "of", not a range (that is بين … و)
        first = self.lex.months.get(self._key(m.group("a1")))
        if m.group("a2") is not None and self.lex.months.get(self._key(m.group("a2"))) != first:
            return None
        last = self._month(m)
        if first is None or last is None or first == last:
            return None
        if m.group("dual") and (m.group("to") != "و" or last != first % 12 + 1):
            # "شهري يناير ومارس" (twice a year), "شهري رمضان وذي الحجة": two months apart are two, not the months between
            return None
        fixed = self._gregorian_year(m.group("year"), m.group("era")) if m.group("year") else None
        if m.group("year") and fixed is None:
            return None
        year_direction = self._year_direction(m)
        month_direction = self._direction(m.group("mdir"))

        def resolve(anchor: date | None) -> Resolved | None:
            if fixed is not None:
                year = fixed
            else:
                assert anchor is not None
                if year_direction is not None:
                    year = anchor.year + year_direction
                else:
                    year = cal.nearest_year(anchor, last, None, month_direction)
            return in_year(year)

        def in_year(year: int) -> Resolved:
            start_year = year if first < last else year - 1  # "من نوفمبر إلى فبراير 2016"
            return Resolved(cal.fmt_range(cal.fmt_month(start_year, first), cal.fmt_month(year, last)), cal.RANGE)

        # Yearless, the months take a past narrative's year as one month does ("عام 2001 .. فخلال شهري أبريل ومايو";
        # branch tim31b).
        yearless = fixed is None and year_direction is None and month_direction is None
        if yearless and self._habitual_before(text, m.start("t")):
            return None  # "وتسقط الأمطار الموسمية عادة في الهند بين يونيو وسبتمبر": every year's season (round 34)
        return Expression(
            m.start("t"), m.end("t"), "month_range", resolve, fixed is not None, in_year=in_year if yearless else None
        )

    def _listed_month(self, text: str, m: regex.Match[str]) -> bool:
        """A month glued to و right after another month name continues a list ("ايار/مايو ويونيو ويوليو")."""
        if not text[m.start() : m.start("t")].startswith("و"):
            return False
        before, _after = self._words_around(text, m.start(), m.start())
        return _strip_clitic(before, self.lex.months) in self.lex.months

    # -- years ----------------------------------------------------------------------
    def year(self, text: str, m: regex.Match[str]) -> Expression | None:
        era = m.group("era")
        if len(m.group("year")) < 4 and (
            not (self._is_hijri_era(era) or self._key(era) in self.lex.early_gregorian_era)
            or text[: m.start("t")].rstrip().endswith(("/", "-", "–"))
        ):
            # 3 digits are a year only with a Hijri era ("(ت 440هـ)", "سنة 666 هجرية"; round 29) or a Gregorian era
            # word ("في 692 ميلادي"; round 31), and not as the end of a numeric date, where they are a 4-digit year cut
            # short ("15 /11 /143هـ")
            return None
        year_word = bool(m.group("yw"))
        if m.group("glued") and not year_word:
            return None  # digits glued to a word are a year only after عام/سنة ("عام 1979ضد")
        # A part of a period licenses a bare year like a cue ("بنهاية 2014", "مطلع 2015"), checked as one.
        # A work's title closed just before ("«السادة الرجال» 1987") dates the work, as a cue would.
        if not (year_word or m.group("cue") or m.group("po") or m.group("part") or m.group("title") or m.group("glued")):
            named = self._name_year(text, m)
            if named is not None:
                return named
        if not (year_word or era or m.group("cue") or m.group("po") or m.group("part") or m.group("title")):
            return None if m.group("glued") else self._current_year_number(text, m)
        year = int(m.group("year"))
        cue = self._key(m.group("cue"))
        if not (year_word or era or cue in PREPOSITION_CUES) and not self._bare_year(text, year, m.end("t")):
            return None  # "( 2000 ) ريال", "حرب 2013 شخصا": a count
        if self._is_hijri_era(era):
            # The era is explicit: historical Hijri years ("عام ( 1256 ) هجري") are years too.
            bounds = cal.hijri_year_bounds(year) if 1 <= year <= self.lex.hijri_years[1] else None
            if bounds is None:
                return None
            value = cal.fmt_range(cal.fmt_day(bounds[0]), cal.fmt_day(bounds[1]))
            return Expression(
                m.start("t"), m.end("t"), "hijri_year", _const(Resolved(value, cal.RANGE)), True
            )
        checked = self._gregorian_year(m.group("year"), era)
        if checked is None:
            if (
                not era
                and year_word
                and year < self.lex.gregorian_years[0]
                and self._in_hijri_years(year)
                and not self._before_christ(text, m.end("t"))
            ):
                return self._implicit_hijri_year(m, year)
            if (
                not era
                and year_word
                and self.lex.hijri_years[1] < year < self.lex.gregorian_years[0]
                and not self._before_christ(text, m.end("t"))
            ):
                # "حكمت بريطانيا عام 1558" (round 29): after a year word, a number past every Hijri year and before
                # the Gregorian range is Gregorian history.
                return Expression(
                    m.start("t"), m.end("t"), "year", _const(Resolved(cal.fmt_year(year), cal.YEAR)), True
                )
            return None
        if self._before_christ(text, m.end("t")):
            return None  # "بين عامي 1971 و1928 قبل الميلاد" (round 33): the era mark after the list dates both years
        return Expression(
            m.start("t"), m.end("t"), "year", _const(Resolved(cal.fmt_year(checked), cal.YEAR)), True
        )

    def _name_year(self, text: str, m: regex.Match[str]) -> Expression | None:
        """ "كأس العالم لكرة القدم 2018", "أولمبياد طوكيو 2020": a year closing a name that a cue of ``name_year_cues``
        opens one or two words before it is the name's year (round 36), when a bare year (not a count)."""
        lead = self._lead(self.g.name_year_lead, text, m)
        if lead is None:
            return None
        year = int(m.group("year"))
        if not self._bare_year(text, year, m.end("t")) or self._before_christ(text, m.end("t")):
            return None
        if NEAR_YEAR.search(text, m.end("t"), m.end("t") + NEAR_YEAR_CHARS):
            return None  # "الموسم 2015 _ 2016": a range, read by its own pattern
        resolved = Resolved(cal.fmt_year(year), cal.YEAR)
        return Expression(m.start("t"), m.end("t"), "year", _const(resolved), True)

    def _before_christ(self, text: str, end: int) -> bool:
        """A mark of the years before Christ (``bc_marks``) follows within ``BC_REACH`` characters: the stage's values
        are years of the common era, so such a year is not reported."""
        return self._bc_mark.search(text, end, min(len(text), end + BC_REACH)) is not None

    def _current_year_number(self, text: str, m: regex.Match[str]) -> Expression | None:
        """ "معرض وظائف 2015", "أولمبياد ريو دي جانيرو الصيفي 2016": a bare 4-digit number that is the publication
        year or the next names that year (an event's, a plan's), unless a count noun follows it or a word of a
        number precedes it."""
        year = int(m.group("year"))
        before, _after = self._words_around(text, m.start("t"), m.start("t"))
        if not self._bare_year(text, year, m.end("t")) or before in self.lex.number_heads:
            return None
        if before in self.lex.year_part_blocked_by_next or self.lex.months.get(before) is not None:
            return None  # "السنة المالية 2015" (a fiscal year), "15 (يناير) 2015" (a date's year)
        if NEAR_YEAR.search(text, max(0, m.start("t") - NEAR_YEAR_CHARS), m.start("t")) or NEAR_YEAR.search(
            text, m.end("t"), m.end("t") + NEAR_YEAR_CHARS
        ):
            return None  # "الموسم 2015 _ 2016", "(1980 ـ 2015)", "بين سنتي 2014 و2015": a range or a list, not one year

        def resolve(anchor: date | None) -> Resolved | None:
            assert anchor is not None
            return Resolved(cal.fmt_year(year), cal.YEAR) if 0 <= year - anchor.year <= 1 else None

        # Its own kind: it opens no list of years, and a year of a list read from a cue takes its place.
        return Expression(m.start("t"), m.end("t"), "current_year", resolve, False)

    def _implicit_hijri_year(self, m: regex.Match[str], year: int) -> Expression:
        """ "تأسست عام 1376": a year word before a number in the Hijri range and too early for a Gregorian year is
        a Hijri year (the Saudi press writes the era out only now and then), up to the anchor's Hijri year and the
        next: later numbers are not read ("عام 1492" is Gregorian history, but "بحلول العام 1440" in a Saudi plan
        is a coming Hijri year); past the Hijri range ("عام 1558") a number is a Gregorian year (round 29)."""

        def resolve(anchor: date | None) -> Resolved | None:
            assert anchor is not None
            current = cal.hijri_year_of(anchor)
            bounds = cal.hijri_year_bounds(year) if current is not None and year <= current + 1 else None
            if bounds is None:
                return None
            return Resolved(cal.fmt_range(cal.fmt_day(bounds[0]), cal.fmt_day(bounds[1])), cal.RANGE)

        return Expression(m.start("t"), m.end("t"), "hijri_year", resolve, False)

    def _bare_year(self, text: str, year: int, end: int) -> bool:
        """A 4-digit number with no year word or era: a year when plausible and not a count."""
        low, high = self.lex.bare_years
        if not low <= year <= high:
            return False
        _before, after = self._words_around(text, end, end)
        if after[:1] == "و" and after[1:] in self.lex.year_words:
            return True  # "وأيضاً 2005 وعام 2006": the next item of a list of years, not "2005 years"
        return _strip_clitic(after, self.lex.not_year_after) not in self.lex.not_year_after

    def written_year(self, text: str, m: regex.Match[str]) -> Expression | None:
        """ "عام ألفين وخمسة عشر", "سنة ألف وتسعمائة وثمانية وأربعين": the sum of the number words."""
        total = 0
        for word in self._key(m.group("num")).split():
            if word == "و":
                continue
            if word.startswith("و") and word[1:] and self._year_part(word[1:]) is not None:
                word = word[1:]
            part = self._year_part(word)
            if part is None:
                return None
            total += part
        checked = self._gregorian_year(str(total), None)
        if checked is None:
            return None
        return Expression(
            m.start("t"), m.end("t"), "year", _const(Resolved(cal.fmt_year(checked), cal.YEAR)), True
        )

    def _year_part(self, word: str) -> int | None:
        for table in (
            self.lex.year_thousands,
            self.lex.year_hundreds,
            self.lex.year_tens,
            self.lex.cardinals,
        ):
            if word in table:
                return table[word]
        return None

    def year_range(self, text: str, m: regex.Match[str]) -> Expression | None:
        first, last = int(m.group("y1")), int(m.group("y2"))
        early = self._key(m.group("era")) in self.lex.early_gregorian_era
        if min(len(m.group("y1")), len(m.group("y2"))) < 4 and not (early and (m.group("from") or m.group("dash"))):
            return None  # three digits: only "بين 568 و645 ميلادي", "(حوالي 570 - 632 ميلادية)" (round 31)
        linker = self._key(m.group("from"))
        to = self._key(m.group("to"))
        # "1436 1437ه": a Hijri season typed without its slash; two numbers side by side are otherwise no range
        season = not (linker or m.group("era1")) and self._is_hijri_era(m.group("era")) and abs(first - last) == 1
        if m.group("space") is not None and not season:
            return None
        hijri_first = self._is_hijri_era(m.group("era1"))
        if m.group("era1") and not hijri_first and self._is_hijri_era(m.group("era")):
            return None  # "2015م - 1436هـ": not a range (the Gregorian era first, as before round 29)
        if hijri_first and m.group("era") and not self._is_hijri_era(m.group("era")):
            # "(1428هـ ــ 2007م)": the Hijri year and the Gregorian year it overlaps, one year said twice (round 29)
            return self._one_year_in_two_calendars(text, m, first, last) if m.group("dash") and not linker else None
        # "1435هـ ـ 1436هـ": the era on the first year only, or on both, makes a Hijri season (round 29)
        hijri = hijri_first or self._is_hijri_era(m.group("era"))
        if not linker and m.group("dash") and not hijri:
            both = self._one_year_in_two_calendars(text, m, first, last)
            if both is not None:
                return both
        if linker == "بين" and to != "و":
            return None
        if linker != "بين" and to == "و":
            return None
        if not linker and first - last == 1 and hijri:  # also "1437 1436هـ" (round 36)
            # "للعام الدراسي القادم 1437/1436هـ": right-to-left typing put the later of two consecutive Hijri
            # years first; the season is still the two years.
            first, last = last, first
        if not first < last:
            return None
        if not linker:
            # "1936 - 1939", "للفترة 2019/2020", "عام ( 1931 / 1932 )": two years joined by a dash
            # or a slash, with no من/بين; not a count ("2000 - 2010 طالب") nor a wide span.
            if not (m.group("dash") or m.group("space") is not None or (m.group("po") and to in PAREN_RANGE_ENDS)):
                return None  # "(1984 وحتى 1995)": a span in parentheses needs no من (round 29)
            bare = not (m.group("yw") or m.group("era") or m.group("era1"))
            if bare and not (
                self._bare_year(text, first, m.end("t")) and self._bare_year(text, last, m.end("t"))
            ):
                return None
            # A Gregorian era word after the second year ("570 - 632 ميلادية", round 31; "١٩١٠-١٩٧٩م", "(1888 – 1952م)",
            # branch tim31b) makes a wide dash range a lifetime or an era, not two counts.
            dated = early or self._key(m.group("era")) in self.lex.gregorian_era
            if last - first > MAX_BARE_YEAR_SPAN and not dated:
                return None
        if hijri:
            start, end = cal.hijri_year_bounds(first), cal.hijri_year_bounds(last)
            if start is None or end is None:
                return None
            value = cal.fmt_range(cal.fmt_day(start[0]), cal.fmt_day(end[1]))
        else:
            low, high = self.lex.gregorian_years
            if not ((early or low <= first) and last <= high):
                return None  # an explicit Gregorian era word licenses historical years, as for one year
            value = cal.fmt_range(cal.fmt_year(first), cal.fmt_year(last))
        return Expression(m.start("t"), m.end("t"), "year_range", _const(Resolved(value, cal.RANGE)), True)

    def _one_year_in_two_calendars(self, text: str, m: regex.Match[str], first: int, last: int) -> Expression | None:
        """ "بنسخته التاسعة "1436 - 2015"": a Hijri year (no era written) and the Gregorian year it overlaps, joined
        by a dash, are one year said twice (as "1428هـ 2007م" is): the Gregorian year."""
        if self._is_hijri_era(m.group("era")):
            return None
        hijri, gregorian = (first, last) if first < last else (last, first)
        bounds = cal.hijri_year_bounds(hijri) if self._in_hijri_years(hijri) else None
        if bounds is None or gregorian not in (bounds[0].year, bounds[1].year):
            return None
        if self._gregorian_year(str(gregorian), None) is None or not self._bare_year(text, gregorian, m.end("t")):
            return None  # a count ("1436 - 2015 ريال")
        resolved = Resolved(cal.fmt_year(gregorian), cal.YEAR)
        return Expression(m.start("t"), m.end("t"), "year", _const(resolved), True)

    # -- quarters and halves of a year ----------------------------------------------------
    def year_part(self, text: str, m: regex.Match[str]) -> Expression | None:
        """ "الربع الثاني", "للربع الثاني من العام", "النصف الأول من عام 2015": a range of months."""
        form = "ال" + self._key(m.group("q"))
        halves = form in self.lex.year_halves or form in self.lex.year_quarters_with_year  # a year must follow
        first, last = (
            self.lex.year_halves.get(form) or self.lex.year_quarters_with_year.get(form) or self.lex.year_quarters[form]
        )
        year_direction = self._direction(m.group("ydir"))
        if m.group("ydir") and not m.group("yw") and year_direction != 0:
            return None  # "الربع الأخير الماضي" is not a form news use; leave it
        _before, after = self._words_around(text, m.start("t"), m.end("t"))
        if after in self.lex.year_part_blocked_by_next:
            return None  # "الربع الأول من العام المالي": a fiscal year, months unknown
        if m.group("year"):
            fixed = self._gregorian_year(m.group("year"), None)
            if fixed is None:
                return None
            return Expression(m.start("t"), m.end("t"), "year_part", _const(_months(fixed, first, last)), True)
        bare = year_direction is None and not m.group("cur")
        if bare and (halves or after == "من"):
            # "النصف الثاني من المباراة", "الربع الأول من القرن": a half or quarter of something else
            return None

        def resolve(anchor: date | None) -> Resolved | None:
            assert anchor is not None
            if year_direction is not None:
                year = anchor.year + year_direction
            elif m.group("cur"):
                year = anchor.year
            else:
                # Business news report the quarter just ended or under way: the latest begun by the anchor.
                year = anchor.year if first <= anchor.month else anchor.year - 1
            return _months(year, first, last)

        return Expression(m.start("t"), m.end("t"), "year_part", resolve, False)

    def year_months(self, text: str, m: regex.Match[str]) -> Expression | None:
        """ "الأشهر الخمسة الأولى من العام الحالي": the first (or last) N months of a year, a range of months."""
        unit, _count = self.lex.units[self._key(m.group("unit"))]
        count = self._number(m.group("n1")) or self._number(m.group("n2"))
        if unit != "month" or count is None or not 1 <= count < 12:
            return None
        _before, after = self._words_around(text, m.start("t"), m.end("t"))
        if after in self.lex.year_part_blocked_by_next:
            return None  # "الستة أشهر الأولى من السنة المالية": a fiscal year, months unknown
        edge = self.lex.year_month_edges[self._key(m.group("edge"))]
        first, last = (1, count) if edge > 0 else (13 - count, 12)
        if m.group("year"):
            fixed = self._gregorian_year(m.group("year"), None)
            if fixed is None:
                return None
            return Expression(m.start("t"), m.end("t"), "year_part", _const(_months(fixed, first, last)), True)
        year_direction = self._direction(m.group("ydir"))
        if m.group("ydir") and year_direction is None:
            return None

        def resolve(anchor: date | None) -> Resolved | None:
            assert anchor is not None
            return _months(anchor.year + (year_direction or 0), first, last)

        return Expression(m.start("t"), m.end("t"), "year_part", resolve, False)

    # -- numeric dates: 12/12/2019, 10/1/1436, 2019-12-12 ----------------------------------
    def numeric(self, text: str, m: regex.Match[str]) -> Expression | None:
        lead = self._lead(self.g.date_lead, text, m)
        weekday = self._weekday(lead.group("wd") if lead else None)
        today = self._key(lead.group("dw") if lead else None) == self.lex.today
        day, month, year = int(m.group("a")), int(m.group("b")), int(m.group("y"))
        era = m.group("era")
        hijri = self._is_hijri_era(era) or (
            not (era and self._key(era) in self.lex.gregorian_era) and self._in_hijri_years(year)
        )
        if not hijri and self._gregorian_year(str(year), era) is None:
            return None

        def convert(d: int, mo: int) -> date | None:
            if hijri:
                return cal.hijri_to_gregorian(year, mo, d) if 1 <= mo <= 12 and 1 <= d <= 30 else None
            return cal.safe_date(year, mo, d)

        found = convert(day, month)
        swapped = convert(month, day) if day != month else None
        # Day-first is the Arab convention, but right-to-left typing often swaps the two numbers
        # ("اليوم الاثنين الموافق 10/4 / 1436هـ" for 4 Shawwal): the other reading is taken when
        # the first is impossible, or when only it agrees with the weekday named beside it.
        if swapped is not None and (
            found is None
            or (weekday is not None and found.weekday() != weekday and swapped.weekday() == weekday)
        ):
            found = swapped
        if found is None:
            return None
        start = lead.start("lead") if lead else m.start("t")
        return Expression(start, m.end("t"), "numeric_date", _const(_day_value(found)), True, weekday, today)

    # -- weekdays and day words ---------------------------------------------------------
    def weekday(self, text: str, m: regex.Match[str]) -> Expression | None:
        lead = self._lead(self.g.weekday_lead, text, m)
        form = self._key(m.group("wd"))
        weekday = self.lex.weekdays[form]
        direction = self._direction(m.group("dir"))
        ambiguous = form in self.lex.ambiguous_weekdays and not (lead or direction is not None)
        if ambiguous and not self._monday(text, m.start("t"), m.end("t")):
            return None
        before, after = self._words_around(text, m.start("t"), m.end("t"))
        if after in self.lex.weekday_blocked_by_next or (
            not lead and _strip_clitic(before, self.lex.weekday_blocked_by_previous)
            in self.lex.weekday_blocked_by_previous
        ):
            return None  # "الأحد عشر" (eleven), "سوق الثلاثاء" (a market): not a day
        if direction is None and (
            self._recurring(text, m.end("t"))
            or (
                self._cue_before(text, m.start("t"), self.lex.recurring_previous, RECURRING_WINDOW_WORDS)
                and self._in_weekday_span(text, m.start("t"))
            )
        ):
            return None  # "الجمعة من كل أسبوع", "يعمل يوميا … من السبت حتى الأربعاء": every such day
        if direction is None and self._habitual_before(text, m.start("t")):
            return None  # "تكون المحال مغلقة عادة أيام الأحد": every Sunday (round 34)

        if direction is None and (pair := self._weekday_pair(text, m, weekday)) is not None:
            return Expression(lead.start("lead") if lead else m.start("t"), pair[0], "weekday", pair[1], False)
        if direction is None and (numeric := self._weekday_numeric_day(text, m, weekday)) is not None:
            return Expression(
                lead.start("lead") if lead else m.start("t"), numeric[0], "weekday", numeric[1], False, weekday
            )
        if direction is None and (dated := self._weekday_month_day(text, m, weekday)) is not None:
            return Expression(
                lead.start("lead") if lead else m.start("t"), dated[0], "weekday", dated[1], False, weekday
            )
        future = direction is None and (
            self._future_before(text, m.start("t")) or self._scheduled_clause(text, m.start("t"))
        )
        beyond = m.group("beyond")
        if beyond is not None and direction is not None and (direction > 0) != beyond.endswith("بعد"):
            return None  # "الأربعاء قبل القادم": not a weekday of a week after next or before last
        extra_weeks = 1 if beyond is not None else 0

        def resolve(anchor: date | None) -> Resolved | None:
            assert anchor is not None
            back = (anchor.weekday() - weekday) % 7
            if future:
                # "سيبدأ يوم السبت": a future verb just before a bare weekday names the coming day
                # (the publication day included), not the latest one past.
                return _day_value(anchor + timedelta(days=(weekday - anchor.weekday()) % 7))
            if direction is not None and direction > 0:
                ahead = (weekday - anchor.weekday()) % 7 or 7
                return _day_value(anchor + timedelta(days=ahead, weeks=extra_weeks))
            if direction is not None and direction < 0:
                back = (back or 7) + 7 * extra_weeks
            # A bare weekday in news reports the latest such day (the publication day included).
            return _day_value(anchor - timedelta(days=back))

        return Expression(
            lead.start("lead") if lead else m.start("t"), m.end("t"), "weekday", resolve, False, weekday
        )

    def _weekday_pair(self, text: str, m: regex.Match[str], weekday: int) -> tuple[int, Resolver] | None:
        """ "يومي الأحد والاثنين المقبلين": the end of the pair and a resolver giving the range from the first weekday,
        on the side the dual direction says, to the first of the second weekday after it."""
        if not text.startswith(" و", m.end("t")):
            return None  # the usual case, without running the pattern
        pair = self.g.weekday_pair.match(text, m.end("t"))
        if pair is None:
            return None
        second = self.lex.weekdays[self._key(pair.group("wd2"))]
        direction = self._direction(pair.group("dir"))
        gap = (second - weekday) % 7 or 7

        def resolve(anchor: date | None) -> Resolved | None:
            assert anchor is not None
            if direction is not None and direction > 0:
                first = anchor + timedelta(days=(weekday - anchor.weekday()) % 7 or 7)
            else:
                # The past pair ends before the anchor: its second day is the latest such day before it.
                first = anchor - timedelta(days=((anchor.weekday() - second) % 7 or 7) + gap)
            return Resolved(cal.fmt_range(cal.fmt_day(first), cal.fmt_day(first + timedelta(days=gap))), cal.RANGE)

        return pair.end(), resolve

    def _weekday_numeric_day(self, text: str, m: regex.Match[str], weekday: int) -> tuple[int, Resolver] | None:
        """ "الثلاثاء 10/12", "الأحد 17/10": the end of the expression and a resolver giving the day near the anchor whose
        weekday is the one named and whose Hijri (Umm al-Qura) or else Gregorian day and month are the two numbers, in
        either order (the nearest if several); with none, the bare weekday's reading (round 35: the numbers were left
        and the weekday read as the latest one, a week or more off for a coming date). Such dates in the Saudi press
        are Hijri (every one of the 47 on the corpus): "السبت 7/11" of a voters' roll (…وحتى 1/12/1436هـ) is 7 Dhu
        al-Qadah (22 August), not 11 July, also a Saturday."""
        if not text[m.end("t") : m.end("t") + 14].count("/"):
            return None  # the usual case, without running the pattern
        numbers = self.g.weekday_numeric_day.match(text, m.end("t"))
        if numbers is None:
            return None
        pairs = {(int(numbers.group("a")), int(numbers.group("b"))), (int(numbers.group("b")), int(numbers.group("a")))}

        def resolve(anchor: date | None) -> Resolved | None:
            assert anchor is not None
            days = [
                d
                for offset in range(-NUMERIC_DAY_REACH, NUMERIC_DAY_REACH + 1)
                if (d := anchor + timedelta(days=offset)).weekday() == weekday
            ]
            hijri = [d for d in days if tuple(reversed(cal.hijri_month_and_day_of(d) or (0, 0))) in pairs]
            fits = hijri or [d for d in days if (d.day, d.month) in pairs]
            if fits:
                return _day_value(min(fits, key=lambda d: cal.news_distance(d, anchor)))
            return _day_value(anchor - timedelta(days=(anchor.weekday() - weekday) % 7))

        return numbers.end(), resolve

    def _weekday_month_day(self, text: str, m: regex.Match[str], weekday: int) -> tuple[int, Resolver] | None:
        """ "يوم الخميس الـ 28 من الشهر": the end of the expression and a resolver giving the day within a month of
        the anchor whose weekday is the one named and whose Gregorian or Hijri (Umm al-Qura) day of the month is
        the number, the nearest if several (the month is not named: the weekday tells which calendar)."""
        if not text.startswith(("ال", " ", "\t"), m.end("t")) or "الشهر" not in text[m.end("t") : m.end("t") + 24]:
            return None  # the usual case, without running the pattern
        day = self.g.weekday_month_day.match(text, m.end("t"))
        if day is None or self._direction(day.group("dir")) not in (None, 0):
            return None
        number = int(day.group("n"))

        def resolve(anchor: date | None) -> Resolved | None:
            assert anchor is not None
            fits = [
                d
                for offset in range(-MONTH_DAY_REACH, MONTH_DAY_REACH + 1)
                if (d := anchor + timedelta(days=offset)).weekday() == weekday
                and (d.day == number or cal.hijri_day_of(d) == number)
            ]
            return _day_value(min(fits, key=lambda d: cal.news_distance(d, anchor))) if fits else None

        return day.end(), resolve

    def _in_weekday_span(self, text: str, start: int) -> bool:
        """Whether the weekday at ``start`` is an end of a span of two weekdays ("من السبت حتى الأربعاء")."""
        lo = max(0, start - WEEKDAY_SPAN_CHARS)
        return any(
            s.start() <= start < s.end()
            for s in self.g.weekday_span.finditer(text, lo, min(len(text), start + WEEKDAY_SPAN_CHARS))
        )

    def _future_before(self, text: str, start: int) -> bool:
        """Whether a future cue (``future_cues``) stands among the few words before ``start`` in its clause."""
        return self._cue_before(text, start, self.lex.future_cues, FUTURE_WINDOW_WORDS)

    def _scheduled_clause(self, text: str, start: int) -> bool:
        """Whether the clause holding ``start`` opens with a verb of a coming event (``scheduling_verbs``) or a future
        cue, at most ``SCHEDULED_WINDOW_WORDS`` words before it: "يجتمع سفراء دول الحلف … الثلاثاء"."""
        low = max(0, start - SCHEDULED_WINDOW_CHARS)
        clause = _clause_start(text, start, CLAUSE_MARKS, low)
        if clause == 0 and low > 0:
            return False  # the clause opens farther back than any verb could govern the weekday
        opener = self.g.word.search(text, clause, start)
        if opener is None and clause > low + 1 and text[clause - 1] in "،,":
            # "…من البطولة، الجمعة، أمام بوليفيا": a weekday set off by commas belongs to the clause before them.
            clause = _clause_start(text, clause - 1, CLAUSE_MARKS, low)
            opener = self.g.word.search(text, clause, start)
        if self._complement_future(text, _clause_start(text, start, SENTENCE_MARKS, low), start):
            return True
        if opener is None:
            return False
        word = opener.group()
        first = word[1:] if word[:1] in "وف" and len(word) > 3 else word
        if first == "من" or first == "ومن":
            # "ومن المنتظر أن يقود … الجمعة": a two-word future cue opens the clause.
            second = self.g.word.search(text, opener.end(), start)
            first = f"من {second.group()}" if second is not None else first
        if first not in self.lex.scheduling_verbs and first not in self.lex.future_cues:
            return False  # the usual case, decided by the clause's first word alone
        return len(self.g.word.findall(text, clause, start)) <= SCHEDULED_WINDOW_WORDS

    def _complement_future(self, text: str, clause: int, start: int) -> bool:
        """Whether the last complementizer of the sentence before ``start`` (``clause_complementizers``) is followed, at once
        or after its subject, by a future cue, at most ``SCHEDULED_WINDOW_WORDS`` words before ``start``: "أعلنت الأمم
        المتحدة أنها ستعقد جولة … يوم الاثنين", "وقال إن الوفد سيصل … يوم الخميس" (round 30)."""
        words = self.g.word.findall(text, clause, start)
        for at in range(len(words) - 1, -1, -1):
            if words[at] in self.lex.clause_complementizers:
                return len(words) - at <= SCHEDULED_WINDOW_WORDS and any(
                    w in self.lex.future_cues for w in words[at + 1 : at + 3]
                )
        return False

    def _cue_before(self, text: str, start: int, cues: frozenset[str], reach: int) -> bool:
        """Whether one of ``cues`` (words or phrases) stands among the ``reach`` words before ``start`` in its clause."""
        before = text[max(0, start - FUTURE_WINDOW_CHARS) : start]
        if not any(cue in before for cue in cues):
            return False  # the usual case, without running the word pattern
        clause = _clause_start(text, start, SENTENCE_MARKS)
        window = self.g.word.findall(text, max(clause, start - FUTURE_WINDOW_CHARS), start)
        words = window[-reach:]
        joined = " ".join(words)
        for cue in cues:
            if " " in cue and cue in joined:
                return True
            if any(w == cue or (w[:1] in "وف" and w[1:] == cue) for w in words):
                return True
        return False

    def _habitual_before(self, text: str, start: int) -> bool:
        """Whether a word of habit (``habitual_cues``: "عادة", "وعادة ما") stands among the few words before ``start`` in
        its clause: the date it governs is every year's or every week's, not one date (round 34). A comma ends the reach:
        "الاعتقال الذي يطبق عادة على الفلسطينيين، بعد احتراق رضيع الجمعة" is one Friday."""
        low = max(0, start - HABITUAL_WINDOW_CHARS)
        if not any(cue in text[low:start] for cue in self.lex.habitual_cues):
            return False  # the usual case, without running the word pattern
        clause = _clause_start(text, start, CLAUSE_MARKS)
        words = self.g.word.findall(text, max(clause, low), start)[-HABITUAL_WINDOW_WORDS:]
        return any(w in self.lex.habitual_cues or (w[:1] in "وف" and w[1:] in self.lex.habitual_cues) for w in words)

    def _monday(self, text: str, start: int, end: int) -> bool:
        """Whether a bare "الاثنين" is Monday rather than "the two" (wire copy: "قال X، الاثنين، إن")."""
        before_words = self.g.word.findall(text, max(0, start - 40), start)
        before = before_words[-1] if before_words else ""
        _, after = self._words_around(text, start, end)
        lex = self.lex
        if before in lex.two_blocked_by_previous or after in lex.two_blocked_by_next:
            return False
        if self._quoted(text, start, end):
            return False  # مجلة «الاثنين»: a name
        if before.startswith("ال") and before.endswith("ين") and len(before) > 5:
            return False  # "الطرفين الاثنين": a definite dual noun and its number
        gap = text[start - len(before) - 1 : start] if before else ""
        punctuated = any(c in ",،.:؛;" for c in gap)
        if not punctuated and after in lex.two_subject_before:
            # "وافق الاثنين على": the subject of a sentence-initial verb ("the two agreed").
            edge = text.rfind(before, 0, start)
            head = text[max(0, edge - 3) : edge].strip()
            if edge <= 0 or not head or head[-1] in ".!?؟\n،,:":
                return False
        return True

    def day_word(self, text: str, m: regex.Match[str]) -> Expression | None:
        lead = self._lead(self.g.day_word_lead, text, m)
        word = self._key(m.group("dw"))
        offset = self.lex.day_words[word]
        start, end = (lead.start("lead") if lead else m.start("t"), m.end("t"))
        weekday = self._weekday(m.group("wd"))
        today = word == self.lex.today
        word_before = self._words_around(text, start, end)[0] if word == self.lex.morrow else ""
        if (
            word in self.lex.day_words_with_weekday
            and weekday is None
            and not (lead and lead.group("pod"))
            and word_before not in self.lex.morrow_heads
            and word_before not in self.lex.morrow_event_heads
        ):
            return None  # "من أجل غد أفضل": the future, not tomorrow ("ونهار الغد" of a weather report is)
        if word_before in self.lex.morrow_event_heads and weekday is None and self._yesterday_before(text, start):
            offset = 0  # "وجه أمس رسالة بأن الفريق يحتاجهم في لقاء الغد": the message's tomorrow, the paper's day
        if word_before in self.lex.morrow_blocked_by_previous and weekday is None:
            return None  # "وفي صباح الغد ارتديته": the next morning of a story, not tomorrow (round 32)
        if lead is None and self._whole_word(text, m.start("t")) in self.lex.day_word_lookalikes:
            return None  # "بعدما لامس أدنى مستوياته": a verb, not "ل" + "امس"
        if word == self.lex.tomorrow and weekday is None and lead is None and self._became(text, m.start("t"), m.end("t")):
            return None  # "قد غدا جزءا ثابتا", "نرى غداً مشرقاً": the verb "became" or "a tomorrow", not tomorrow
        if today and weekday is None:
            before, after = self._words_around(text, start, end)
            if (
                after in self.lex.today_blocked_by_next
                or _nisba(after)
                or after in self.lex.ordinals
                or NUMBERED_DAY.fullmatch(after) is not None  # "نهاية اليوم الـ15 من شهر سبتمبر": the 15th day
                or (lead is None and before in self.lex.today_blocked_by_previous)  # "في صباح اليوم" is today
                or (lead is None and self._generic_head(before))
                or (lead is None and self._our_noun_before(text, start))
                or (lead is None and self._we_verb_before(text, start))
                or (lead is None and self._compared_with_then(text, start, end))
                or (lead is None and self.g.today_no_longer_prev.search(text, max(0, start - 80), start) is not None)
                or self._quoted(text, start, end)
                or (lead is None and self._then_before(text, start))
                or (lead is None and self._opens_clause(text, start) and not self._event_verb(after))
            ):
                return None
        elif word == self.lex.then_word and weekday is None and lead is None and self._now_after(text, end):
            return None  # "كانت بالأمس … واليوم …": then, set against now
        elif word == self.lex.then_word and weekday is None and lead is None and self._past_not_yesterday(text, start, end):
            return None  # "حلفاء الأمس", "في الأمس البعيد", "كالأمس": the past, not yesterday (round 31)
        elif offset == 0 and weekday is None:
            _before, after = self._words_around(text, start, end)
            if after in self.lex.today_blocked_by_next:
                return None  # "والليلة التي بعدها": the night after, not tonight

        def resolve(anchor: date | None) -> Resolved | None:
            assert anchor is not None
            day = anchor + timedelta(days=offset)
            if weekday is None or day.weekday() == weekday:
                return _day_value(day)
            # "اليوم الخميس" in an article dated Saturday: the date given for the article is late
            # (a crawl time) more often than the writer is wrong, so the named weekday wins when
            # it falls a few days before; the disagreement is reported either way.
            back = (day.weekday() - weekday) % 7
            said = f"the anchor {anchor.isoformat()} makes it {day.isoformat()}, a {WEEKDAY_NAMES[day.weekday()]}"
            if back <= DAY_WORD_TRUST_DAYS:
                named = day - timedelta(days=back)
                return Resolved(
                    cal.fmt_day(named), cal.DAY, named, f"{said}; the named weekday gives {named}", late=back
                )
            ahead = (weekday - day.weekday()) % 7
            if ahead <= WEEKDAY_EARLY_DAYS and day + timedelta(days=ahead) <= anchor:
                # "أمس الجمعة" in an article dated Friday: the date given is a day early (or the story
                # older); the named weekday, the anchor's own day, is the nearer reading.
                named = day + timedelta(days=ahead)
                return Resolved(
                    cal.fmt_day(named), cal.DAY, named, f"{said}; the named weekday gives {named}"
                )
            return Resolved(cal.fmt_day(day), cal.DAY, day, f"{said}, not a {WEEKDAY_NAMES[weekday]}")

        expression = Expression(start, end, "day_word", resolve, False, weekday, today)
        if weekday is not None and today and lead is None and self._words_around(text, start, end)[0] in self.lex.this_words:
            # "اعتباراً من هذا اليوم السبت", "ظهيرة هذا اليوم الخميس": an official statement's own day, which the paper
            # quotes a day or more later; not evidence of the article's day (_late_by).
            expression.extra["statement"] = "yes"
        return expression

    def _yesterday_before(self, text: str, start: int) -> bool:
        """Whether a day word of yesterday ("أمس", "البارحة") stands earlier in the sentence holding ``start``."""
        sentence = text[_clause_start(text, start, ".!?؟\n") : start]
        words = {self._key(w) for w in regex.findall(r"\p{L}+", sentence)}
        return any(self.lex.day_words.get(w) == -1 for w in words)

    def _generic_head(self, word: str) -> bool:
        """Whether ``word`` before "اليوم" is an indefinite head noun of people or of an age ("إنسان اليوم", "لجيل
        اليوم", "فالناس اليوم"): "today's …", nowadays (round 35). "للعالم" is the definite noun after ل ("يعلن للعالم
        اليوم رسالة", a speech of the day), not the indefinite head."""
        heads = self.lex.today_generic_heads
        head = _strip_clitic(word, heads)
        return head in heads and not (head != word and word.startswith("لل"))

    def _our_noun_before(self, text: str, start: int) -> bool:
        """Whether "اليوم" follows a noun with "our" after a preposition ("في عالمنا اليوم", "إلى عهدنا اليوم", "من
        حضارتنا اليوم"): "our world today", nowadays in a column (10 of 10 on other articles, round 30). A preposition
        stands before a noun, never before a verb, so "تحدثنا اليوم" (we talked today) is left as today."""
        words = self.g.word.findall(text, max(0, start - 40), start)[-2:]
        return (
            len(words) == 2
            and words[0] in self.lex.our_noun_prepositions
            and len(words[1]) > 3
            and words[1].endswith("نا")
        )

    def _compared_with_then(self, text: str, start: int, end: int) -> bool:
        """Whether "اليوم" at ``[start, end)``, after a figure or a comparative, is compared with a past state later in its
        sentence ("أكبر بنسبة 30 % اليوم عما كانت عليه منذ عشرة أعوام"): nowadays against then (round 31)."""
        head = text[max(0, start - 20) : start].rstrip()
        before = head.split()[-1] if head.split() else ""
        if not (before in self.lex.today_compared_previous or before[-1:].isdigit() or head.endswith("%")):
            return False
        stop = _SENTENCE_END.search(text, end, end + TODAY_COMPARED_CHARS)
        window = " ".join(text[end : stop.start() if stop else end + TODAY_COMPARED_CHARS].split())
        return any(form in window for form in self.lex.today_compared_next)

    def _we_verb_before(self, text: str, start: int) -> bool:
        """Whether "اليوم" follows a relative and a present verb of "we" with its object ("ما نراه اليوم", "التي نعيشها
        اليوم"): what we see or live nowadays, in a column (round 31)."""
        words = self.g.word.findall(text, max(0, start - 40), start)[-2:]
        if len(words) != 2 or words[0] not in self.lex.we_verb_relatives:
            return False
        verb = words[1]
        suffix = next((s for s in self.lex.object_suffixes if verb.endswith(s)), "")
        return bool(suffix) and verb.startswith(self.lex.we_verb_prefix) and len(verb) - len(suffix) >= 3

    def _became(self, text: str, start: int, end: int) -> bool:
        """Whether a bare "غدا" is the verb "became" ("قد غدا", "وغدا متعذرا") or the noun "a tomorrow" ("غداً مشرقاً"): after
        "قد", or before an indefinite accusative ("جزءا", "رهنا"), which is no adverb of tomorrow ("غدا رسميا", "غدا صباحا")."""
        before, after = self._words_around(text, start, end)
        if before in self.lex.tomorrow_verb_previous:
            return True
        if not text[end : end + 2].startswith((" ", "\t")) or not text[end:].lstrip(" \t").startswith(after):
            return False  # the next word only in the same clause ("أنموذج مشرف غدا. أما …" is tomorrow's)
        return (
            len(after) > 2
            and after.endswith("ا")
            and not after.startswith("ال")
            and not after.endswith("يا")  # "رسميا", "نهائيا": adverbs of manner
            and after not in self.lex.tomorrow_adverbs_next
        )

    def _whole_word(self, text: str, start: int) -> str:
        """The normalised whole word (clitics included) at ``start``."""
        first = start
        while first > 0 and text[first - 1].isalpha():
            first -= 1
        last = start
        while last < len(text) and text[last].isalpha():
            last += 1
        return self._key(text[first:last])

    def _opens_clause(self, text: str, start: int) -> bool:
        """Whether the word at ``start`` opens a clause with a conjunction ("واليوم" after a stop, "، فاليوم", or after a
        word that names no day: "طلبات واليوم أصبح"); "أمس الأحد واليوم" (days joined) opens none, nor does a sentence
        opened by the word alone."""
        at = start
        conjunction = False
        for _ in range(2):  # the conjunction glued ("واليوم") or apart ("و اليوم")
            while at > 0 and text[at - 1] in " \t":
                at -= 1
            if conjunction or at == 0 or text[at - 1] not in self.lex.today_clause_conjunctions:
                break
            if at > 1 and text[at - 2].isalpha():
                break  # the last letter of a word, not a conjunction
            at -= 1
            conjunction = True
        while at > 0 and text[at - 1] in " \t":
            at -= 1
        if conjunction and at > 0 and text[at - 1].isalpha():
            # the comma left out ("طلبات واليوم أصبح"); a day word or weekday before joins two days
            word_before = self._whole_word(text, at - 1)
            return word_before not in self.lex.weekdays and word_before not in self.lex.day_words
        if not conjunction:
            # A sentence opened by "اليوم" alone is as often a reported day ("وصلنا للحسم.. اليوم نتيجة التصويت" of a
            # show, Wojood) as a column's "nowadays": left as today. A paragraph opened by it after a finished one
            # ("…المؤسسة.\n اليوم أصبح الوضع معكوسا", "…الخليجي.\nاليوم أكثر دولتين") sets the present against what
            # was told (round 35: 5 on the dev golds; on other articles 37 of 43 right, 4 unclear, 2 the day's news);
            # after a byline or a title (no stop) it is the day's lede ("ناصر الجديع\nاليوم يخوض الهلال").
            if at == 0 or text[at - 1] != "\n":
                return False
            told = text[:at].rstrip()
            return bool(told) and told[-1] in PARAGRAPH_STOPS
        return at == 0 or text[at - 1] in CLAUSE_STOPS

    def _event_verb(self, word: str) -> bool:
        """Whether ``word`` looks like a future or perfect verb ("سيكون", "أعلنت", "قدموا"): after "واليوم" it reports
        the day's event, where a present verb or a noun ("واليوم يجد المرء", "واليوم هناك") tells of nowadays."""
        return len(word) >= 4 and (
            word.startswith(tuple(self.lex.today_event_verb_prefixes))
            or word.endswith(tuple(self.lex.today_event_verb_suffixes))
        )

    def _then_before(self, text: str, start: int) -> bool:
        """Whether a bare "الأمس" ("بالأمس", not "مساء الأمس") stands shortly before ``start`` in its paragraph."""
        lo = max(0, start - THEN_NOW_CHARS, text.rfind("\n", 0, start) + 1)
        for m in THEN_NOW.finditer(text, lo, start):
            if m.group("w") == self.lex.then_word:
                before, _after = self._words_around(text, m.start(), m.start())
                if _strip_clitic(before, self.lex.parts_of_day) not in self.lex.parts_of_day and before != "يوم":
                    return True
        return False

    def _now_after(self, text: str, end: int) -> bool:
        """Whether a bare "اليوم" (no weekday after it) stands shortly after ``end`` in its paragraph."""
        newline = text.find("\n", end)
        hi = min(len(text), end + THEN_NOW_CHARS, newline if newline >= 0 else len(text))
        for m in THEN_NOW.finditer(text, end, hi):
            if m.group("w") == self.lex.today:
                _before, after = self._words_around(text, m.end(), m.end())
                if after not in self.lex.weekdays:
                    return True
        return False

    def part_unit(self, text: str, m: regex.Match[str]) -> Expression | None:
        """ "منذ بداية العام", "حتى نهاية الشهر": a part of the current year or month, valued as the whole.

        Not before a definite word ("بداية العام الدراسي", "الشهر الكريم"; "نهاية العام الماضي" is read by the
        relative pattern), a year, "قبل" or "نفسه"; "نهاية الأسبوع" is a weekend and is not matched."""
        lead = self.g.part_lead.search(text, max(0, m.start() - 12), m.start())
        if lead is None:
            return None
        _before, after = self._words_around(text, m.start(), m.end())
        definite = after.startswith("ال") and len(after) > 3  # not إلا/إلى ("الا", "الي" once normalised)
        if definite or after.isdigit() or after == "قبل" or after in self.lex.today_blocked_by_next:
            # "العام الدراسي", "الشهر الكريم" (Ramadan), "العام الماضي" (read as such), "العام 2014", "العام قبل
            # الماضي", "نهاية العام نفسه" (a narrative's year): not the current year or month
            return None
        unit = "month" if self._key(m.group("unit")) == "شهر" else "year"

        def resolve(anchor: date | None) -> Resolved | None:
            assert anchor is not None
            return _point(anchor, unit)

        return Expression(lead.start("part"), m.end(), "relative", resolve, False)

    # -- counted and relative units --------------------------------------------------------
    def ago(self, text: str, m: regex.Match[str]) -> Expression | None:
        unit, count_kind = self.lex.units[self._key(m.group("unit"))]
        if unit == "hour":
            return None  # "منذ 36 ساعة", "قبل ساعتين": hours name no day, month or year (the guide; round 28)
        count = self._number(m.group("n"))
        after = self.g.word.findall(text, m.end("t"), min(len(text), m.end("t") + 30))[:2]
        if count is None and count_kind == "1" and after and after[0].startswith("ال") and len(after[0]) > 3:
            # "منذ يوم العيد", "قبل يوم الانتخابات": the unit heads a name ("the day of the feast"), not "a day ago"
            return None
        if count is None:
            count = {"1": 1, "2": 2}.get(count_kind)
        if count is None:
            return None  # "منذ سنوات": too vague for a value
        if self._key(m.group("ago")) in self.lex.forward_words:
            return self._from_now(text, m, unit, count)
        if after[:1] == ["من"] or (len(after) == 2 and after[0] in self.lex.one_words and after[1] == "من"):
            # "قبل يومين من الانتخابات", "قبل يوم واحد من العملية" count from another event, not from publication
            return None
        if after[:1] and (after[0] in self.lex.ago_approximate_next or " ".join(after) in self.lex.ago_approximate_next):
            return None  # "قبل سنتين ونصف", "منذ عامين تقريبا": not a point the count names

        def resolve(anchor: date | None) -> Resolved | None:
            assert anchor is not None
            point = cal.shift_day(anchor, unit, -count)
            return _point(point, unit)

        return Expression(m.start("t"), m.end("t"), "ago", resolve, False)

    def _from_now(self, text: str, m: regex.Match[str], unit: str, count: int) -> Expression | None:
        """ "بعد عامين من الآن", "بعد ثلاثة أشهر من الآن": a count forward from the anchor, read only with "from now" after it
        ("فقط" may stand between); the span takes it in (round 31)."""
        tail = _from_now_pattern().match(text, m.end("t"))
        end = tail.end() if tail is not None else m.end("t")
        if tail is None and not self._future_count(text, m):
            return None

        def resolve(anchor: date | None) -> Resolved | None:
            assert anchor is not None
            return _point(cal.shift_day(anchor, unit, count), unit)

        return Expression(m.start("t"), end, "ago", resolve, False)

    def _future_count(self, text: str, m: regex.Match[str]) -> bool:
        """ "من المتوقع افتتاحه بعد خمس سنوات", "فسوف تخرج من التصنيف نهائيا بعد عامين": without "from now", a count forward
        with a future cue among the few words before it in its clause is counted from the anchor too (round 32); not
        when the count is of something else after it ("بعد 17 عاما في رئاسة الفيفا", "بعد ثلاثة أشهر من توقيعه")."""
        after = self.g.word.findall(text, m.end("t"), min(len(text), m.end("t") + 30))[:2]
        if after and after[0] in self.lex.from_now_skip:
            after = after[1:]  # "بعد أربعة أيام فقط من اعادة اختياره"
        if after and after[0] in self.lex.future_count_blocked_by_next:
            return False
        return self._future_before(text, m.start("t"))

    def relative_unit(self, text: str, m: regex.Match[str]) -> Expression | None:
        unit, count_kind = self.lex.units[self._key(m.group("unit"))]
        if unit == "hour":
            # "خلال الـ24 ساعة الماضية": a count of hours names no day, month or year, and no time gold holds one
            # (round 28; it was reported as the days it touches)
            return None
        direction = self._direction(m.group("dir"))
        count = self._number(m.group("n1")) or self._number(m.group("n2"))
        if direction is None:
            return None
        if count is None and count_kind == "2":
            count = 2
        if self._key(m.group("dir")) in self.lex.last_of_directions:
            _before, after = self._words_around(text, *m.span("t"))
            if after == "من" and not self._agent_after(text, m.end("t")):
                return None  # "الأسبوع الأخير من رمضان": the last week of something else
            if count is None and count_kind == "1" and unit in ("week", "month", "year"):
                # "في الأسبوع الأخير", "في الشهر الأخير": the past one unit counted back from the anchor (as
                # "the past N units", N = 1), not the calendar unit before it that "الأسبوع الماضي" names.
                count = 1
        week_start = self.lex.week_start
        if count is None:
            if count_kind != "1" or unit in ("hour", "day"):
                # "الأيام الماضية": how many is not said; "اليوم الأخير" is "the last day" of something
                return None

            if unit == "month":
                day_of_month = self._day_of_relative_month(text, m, direction)
                if day_of_month is not None:
                    return day_of_month

            def single(anchor: date | None) -> Resolved | None:
                assert anchor is not None
                return _unit_offset(anchor, unit, direction, week_start)

            return Expression(m.start("t"), m.end("t"), "relative", single, False)
        if direction == 0 or count < 1:
            return None
        amount = count

        def stretch(anchor: date | None) -> Resolved | None:
            assert anchor is not None
            other = cal.shift_day(anchor, unit, amount * direction)
            first, last = (other, anchor) if direction < 0 else (anchor, other)
            return _span(first, last, unit)

        return Expression(m.start("t"), m.end("t"), "relative_range", stretch, False)

    def this_unit(self, text: str, m: regex.Match[str]) -> Expression | None:
        unit, count_kind = self.lex.units[self._key(m.group("unit"))]
        if count_kind != "1" or unit == "hour":
            return None
        if unit == "day":
            before, after = self._words_around(text, m.start("t"), m.end("t"))
            if after in self.lex.today_blocked_by_next or _nisba(after):
                # "في هذا اليوم المبارك" (a feast), "هذا اليوم الذي تحياه", "هذا اليوم التاريخي": a day described, not
                # today (as after "اليوم" alone); "في هذا اليوم الالتقاء بكم" is today.
                return None
            if (
                after not in self.lex.weekdays
                and not after.startswith("ال")
                and m.start("t") == m.start()
                and _strip_clitic(before, self.lex.this_day_blocked_by_previous) in self.lex.this_day_blocked_by_previous
            ):
                # "ففي هذا اليوم يتبادل الجميع التهاني" (a feast), "المساهمة في هذا اليوم" (a world day), "حتى هذا اليوم":
                # on unseen articles "في هذا اليوم" is a day the text describes far more often than today (round 28). A
                # definite word after it is the speaker's object ("يسعدني في هذا اليوم الالتقاء بكم", round 24): today.
                return None

        if unit == "month":
            day_of_month = self._day_of_relative_month(text, m, 0)
            if day_of_month is not None:
                return day_of_month
        week_start = self.lex.week_start

        def resolve(anchor: date | None) -> Resolved | None:
            assert anchor is not None
            return _unit_offset(anchor, unit, 0, week_start)

        return Expression(m.start("t"), m.end("t"), "relative", resolve, False)

    def _day_of_relative_month(self, text: str, m: regex.Match[str], direction: int) -> Expression | None:
        """ "في 30 من الشهر الحالي", "العاشر من الشهر المقبل", "الخامس عشر من هذا الشهر": a day number before the month
        named relative to the anchor is that day of it (round 27, gold v9), not the month alone."""
        lead = self._lead(self.g.month_day_lead, text, m)
        if lead is None:
            return None
        number = lead.group("n")
        day = self._day_number(number)
        if day is None:
            return None
        if not number.isdigit():
            word_before, _after = self._words_around(text, lead.start("lead"), lead.start("lead"))
            if _strip_clitic(word_before, self.lex.ordinal_day_blocked_by_previous) in (
                self.lex.ordinal_day_blocked_by_previous
            ):
                return None  # "النصف الأول من الشهر الجاري": a half of the month, not its first day

        start = lead.start("lead")
        first = self._first_day_of_range(text, start, day)
        if first is not None:
            # "ما بين العاشر والثالث عشر من الشهر الماضي" (round 36, gold v19): the days of that month, one range
            first_day, range_start = first

            def days(anchor: date | None) -> Resolved | None:
                assert anchor is not None
                year, month = cal.add_months(anchor.year, anchor.month, direction)
                low, high = cal.safe_date(year, month, first_day), cal.safe_date(year, month, day)
                return None if low is None or high is None else _span(low, high, cal.DAY)

            return Expression(range_start, m.end("t"), "day_range", days, False)
        # "يوم السبت التاسع من الشهر الجاري": a weekday just before tells the calendar when the Gregorian day is not
        # that weekday and the Hijri month's day is (Saudi news count "the current month" in either).
        before = list(self.g.word.finditer(text, max(0, start - 20), start))[-2:]
        weekday = None
        if before and self._key(before[-1].group()) in self.lex.weekdays and not text[before[-1].end() : start].strip():
            weekday = self._weekday(before[-1].group())
            start = before[0].start() if len(before) == 2 and before[0].group() == "يوم" else before[-1].start()

        def resolve(anchor: date | None) -> Resolved | None:
            assert anchor is not None
            year, month = cal.add_months(anchor.year, anchor.month, direction)
            gregorian = cal.safe_date(year, month, day)
            if weekday is not None and (gregorian is None or gregorian.weekday() != weekday):
                hijri = cal.hijri_month_day(anchor, direction, day)
                if hijri is not None and hijri.weekday() == weekday:
                    return _day_value(hijri)
            return _day_value(gregorian)

        return Expression(start, m.end("t"), "date", resolve, False)

    def _first_day_of_range(self, text: str, start: int, last: int) -> tuple[int, int] | None:
        """The first day and start of "(ما) بين X و" / "من X إلى" just before ``start``, when X is a day before ``last``."""
        lead = self.g.month_day_range_lead.search(text, max(0, start - LEAD_CHARS), start)
        if lead is None or lead.end() == lead.start():
            return None
        first = self._day_number(lead.group("n"))
        if first is None or not first < last:
            return None
        if self._key(lead.group("from")) == "من" and lead.group("to").strip() == "و":
            return None  # "من 10 و13": no range ("من" takes إلى/حتى)
        return first, lead.start("lead")


def _nisba(word: str) -> bool:
    """A definite adjective in -ي after "اليوم" makes it a kind of day, not today ("اليوم التدريبي", "اليوم
    الدراسي"); no weekday name has that shape, so "اليوم الخميس" is untouched."""
    return len(word) > 4 and word.startswith("ال") and word.endswith("ي")


# What ends a sentence, and what also ends a clause within one.
SENTENCE_MARKS = ".!?؟\n"
CLAUSE_MARKS = SENTENCE_MARKS + "،,؛"


def _clause_start(text: str, start: int, marks: str, low: int = 0) -> int:
    """Where the sentence or clause holding ``start`` begins: just after the last of ``marks`` in
    ``text[low:start]``, or 0 when none stands there."""
    return max(text.rfind(c, low, start) for c in marks) + 1


def _strip_clitic(word: str, forms: Container[str]) -> str:
    """``word`` without a leading و/ف/ب/ل when only the bare form is listed ("وبعد", "لمدينة")."""
    if word in forms:
        return word
    for size in (2, 1):
        rest = word[size:]
        if len(rest) > 1 and all(c in "وفبلك" for c in word[:size]) and rest in forms:
            return rest
    return word


def _point(day: date, unit: str) -> Resolved:
    if unit == "year":
        return Resolved(cal.fmt_year(day.year), cal.YEAR)
    if unit == "month":
        return Resolved(cal.fmt_month(day.year, day.month), cal.MONTH)
    return Resolved(cal.fmt_day(day), cal.DAY, day)


def _months(year: int, first: int, last: int) -> Resolved:
    return Resolved(cal.fmt_range(cal.fmt_month(year, first), cal.fmt_month(year, last)), cal.RANGE)


def _span(first: date, last: date, unit: str) -> Resolved:
    if unit == "year":
        return Resolved(cal.fmt_range(cal.fmt_year(first.year), cal.fmt_year(last.year)), cal.RANGE)
    if unit == "month":
        return Resolved(
            cal.fmt_range(cal.fmt_month(first.year, first.month), cal.fmt_month(last.year, last.month)),
            cal.RANGE,
        )
    return Resolved(cal.fmt_range(cal.fmt_day(first), cal.fmt_day(last)), cal.RANGE)


def _unit_offset(anchor: date, unit: str, offset: int, week_start: int) -> Resolved:
    """The calendar unit ``offset`` units away from the one holding the anchor (الشهر الماضي…)."""
    if unit == "week":
        first, last = cal.week_bounds(anchor, offset, week_start)
        return Resolved(cal.fmt_range(cal.fmt_day(first), cal.fmt_day(last)), cal.RANGE)
    return _point(cal.shift_day(anchor, unit, offset), unit)


# Each pattern and the trigger words one of which it must contain: the full patterns run only in
# windows around triggers found by one Aho-Corasick pass (most of an article has no time words).
_PATTERN_TRIGGERS: tuple[tuple[str, str], ...] = (
    ("gregorian_date", "month"),
    ("day_range", "month"),
    ("month", "month"),
    ("month_range", "month_pair"),
    ("hijri_date", "hijri"),
    ("hijri_day_range", "hijri"),
    ("hijri_month", "hijri"),
    ("year", "digits"),
    ("year_range", "digits"),
    ("numeric", "digits"),
    ("iso", "digits"),
    ("weekday", "weekday"),
    ("day_word", "day_word"),
    ("ago", "unit"),
    ("relative_unit", "unit"),
    ("this_unit", "unit"),
    ("part_unit", "month_part"),
    ("written_year", "thousand"),
    ("year_part", "year_part"),
    ("year_months", "year_month_edge"),
)
# Window around a trigger, in characters: enough for the longest lead ("منتصف ليلة اليوم الخميس
# 12 من شهر") before a month name and the longest tail after it.
WINDOW_BEFORE = 70
WINDOW_AFTER = 70
# Letters glued before a trigger word: proclitics and the article (وبال, لل…).
MAX_GLUED_PREFIX = 4
# At most this many characters between the two months of a range ("من يوليو تموز إلى سبتمبر").
MONTH_PAIR_GAP = 30
# ... and من/بين before the first ("بين شهري أيار (مايو) وأيلول").
_RANGE_OPENER = re.compile(r"(?:من|بين|شهري)\s")  # "شهري يونيو ويوليو": the dual (branch tim31b)
_FOUR_DIGITS = re.compile(r"\d{4}")
# An early Hijri year, three digits before its era in the normalised view ("440ه", "666 هجريه"; round 29).
_EARLY_HIJRI_YEAR = re.compile(r"(?<!\d)\d{3}\s*(?:ه|هجري|هجريه|للهجره)(?![\w])")
_SPACE = re.compile(r"\s")
# The end of a sentence between a month named and a bare day ("يوم 27") that would take it.
_SENTENCE_END = re.compile(r"[.!?؟\n]")
_BARE_DAY_HINT = re.compile(r"يوم\s+\d{1,2}(?!\d)")


@lru_cache(maxsize=1)
def _from_now_pattern() -> regex.Pattern[str]:
    """ " من الآن" (or " فقط من الآن") right after a forward count, from ``from_now_next`` and ``from_now_skip``."""
    lex = load_lexicon()
    return regex.compile(
        rf"\s+(?:{alt(lex.from_now_skip)}\s+)?{alt(lex.from_now_next)}(?![\p{{L}}\p{{N}}])"
    )


@lru_cache(maxsize=1)
def _early_gregorian_year() -> re.Pattern[str]:
    """Three digits before a Gregorian era word in the normalised view ("692 ميلادي"; round 31)."""
    eras = "|".join(sorted((re.escape(e) for e in load_lexicon().early_gregorian_era), key=len, reverse=True))
    return re.compile(rf"(?<!\d)\d{{3}}\s*(?:{eras})(?!\w)")


@lru_cache(maxsize=1)
def _triggers() -> Any:
    lex = load_lexicon()
    automaton = ahocorasick.Automaton()
    groups: dict[str, set[str]] = {}
    for group, forms in (
        ("month", lex.months),
        ("hijri", lex.hijri_months),
        ("weekday", lex.weekdays),
        ("day_word", lex.day_words),
        ("unit", lex.units),
        ("thousand", lex.year_thousands),
        ("month_part", lex.month_parts),
        # "الأولى"/"الأخيرة" of "الأشهر الخمسة الأولى من العام": rarer than the unit words before them.
        ("year_month_edge", lex.year_month_edges),
    ):
        for form in forms:
            # The first word is enough to trigger; inner spacing may vary in the text.
            groups.setdefault(form.split()[0], set()).add(group)
    for form in lex.year_quarters.keys() | lex.year_halves.keys() | lex.year_quarters_with_year.keys():
        # Without the article, which assimilates after ل ("للربع الثاني").
        head = form.split()[0]
        groups.setdefault(head[2:] if head.startswith("ال") else head, set()).add("year_part")
    for word, names in groups.items():
        automaton.add_word(word, (len(word), frozenset(names)))
    automaton.make_automaton()
    return automaton


def _windows(text: str) -> dict[str, list[tuple[int, int]]]:
    """Merged ``[start, end)`` windows around the triggers of each group."""
    hits: dict[str, list[tuple[int, int]]] = {}
    n = len(text)
    for last, (length, names) in _triggers().iter(text):
        first = last + 1 - length
        if last + 1 < n and text[last + 1].isalpha():  # (a letter: str.isalpha, called inline)
            continue  # "اب" inside "ارهاب", "امس" inside "الخامس"; digits may be glued ("أغسطس2013")
        glued = first
        while glued > 0 and text[glued - 1].isalnum():
            glued -= 1
        if first - glued > MAX_GLUED_PREFIX:
            continue
        for name in names:
            hits.setdefault(name, []).append((last + 1 - length, last + 1))
    hits["digits"] = [m.span() for m in _FOUR_DIGITS.finditer(text)]
    hits["digits"] += [m.span() for m in _EARLY_HIJRI_YEAR.finditer(text)]
    hits["digits"] += [m.span() for m in _early_gregorian_year().finditer(text)]
    # A range of months needs two month names close together: most month windows have one.
    months = sorted(hits.get("month", []))
    hits["month_pair"] = [
        (a[0], b[1])
        for a, b in pairwise(months)
        if b[0] - a[1] <= MONTH_PAIR_GAP and _RANGE_OPENER.search(text, max(0, a[0] - 12), a[0])
    ]
    merged: dict[str, list[tuple[int, int]]] = {}
    for name, spans in hits.items():
        out: list[tuple[int, int]] = []
        for start, end in sorted(spans):
            lo, hi = max(0, start - WINDOW_BEFORE), min(n, end + WINDOW_AFTER)
            # Never cut a word at the window's end: END lookaheads would accept a word fragment.
            space = _SPACE.search(text, hi)
            hi = space.start() if space else n
            if out and lo <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], hi))
            else:
                out.append((lo, hi))
        merged[name] = out
    return merged


def find_expressions(text: str) -> list[Expression]:
    """Every candidate time expression in the normalised ``text`` (overlaps included)."""
    finder = _Finder(load_lexicon(), load_grammar())
    windows = _windows(text)
    found: list[Expression] = []
    for name, trigger in _PATTERN_TRIGGERS:
        spans = windows.get(trigger)
        if not spans:
            continue  # the pattern is not even compiled (Grammar compiles a pattern when first used)
        pattern: regex.Pattern[str] = getattr(finder.g, name)
        handler = getattr(finder, "numeric" if name == "iso" else name)
        for lo, hi in spans:
            for match in pattern.finditer(text, lo, hi):
                expression = handler(text, match)
                if expression is not None and expression.end > expression.start:
                    found.append(expression)
    found.extend(_year_lists(text, found, finder))
    idioms = _idiom_spans(text, finder.lex.idioms)
    if idioms:
        found = [e for e in found if all(e.end <= lo or e.start >= hi for lo, hi in idioms)]
    return found


# The next item of a list of years: "أعوام 1995 و 1998 و 2013", "عامي 2013 و2014", "في 2011، 2012".
YEAR_LIST_NEXT = regex.compile(
    r"\s*[,،]?\s*و?\s*(?P<po>\(\s*)?(?P<year>\d{4})(?!\d)(?(po)\s*\))(?![\p{L}\p{N}])"
)


# A later item of a history list joined by a word of sequence (``year_list_links``) a few words after the last year
# read: "عام 2002 ـ 2003 ثم 2004 الاتحاد السعودي وأيضاً 2005", "عام 2012م في (فرقة ناجي عطالله) ثم 2013م" (round 30).
YEAR_LIST_LINK_CHARS = 40


@lru_cache(maxsize=4)
def _year_list_linked(links: frozenset[str]) -> regex.Pattern[str]:
    """The next year of a history list after one of ``links`` (``year_list_links``), a few words on."""
    link = "|".join(regex.escape(w) for w in sorted(links, key=len, reverse=True))
    return regex.compile(
        rf"[^.!?؟\n\d]*?(?<![\p{{L}}])(?:{link})\s+(?:في\s+)?(?P<year>\d{{4}})(?!\d)"
        r"(?:\s*(?:م|ميلادي|ميلاديه)(?![\p{L}]))?(?![\p{L}\p{N}])"
    )


def _year_lists(text: str, found: list[Expression], finder: _Finder) -> list[Expression]:
    """The further years of a list whose first year was read ("أعوام 1995 و 1998 و 2013 و 2014").

    A bare 4-digit number is often a price, a count or a score, so it is read as a year only when it
    continues a list that a year already read opened (after عام/عامي/أعوام/سنوات or another cue),
    lies in ``bare_years`` and is not followed by a count noun ("عام 2013 و 2000 طالب")."""
    starts = {e.start for e in found if e.kind != "current_year"}
    added: list[Expression] = []
    links = finder.lex.year_list_links
    for e in found:
        if e.kind not in ("year", "year_range"):
            continue
        end = e.end
        while True:
            m = YEAR_LIST_NEXT.match(text, end) if e.kind == "year" else None
            if m is None:
                m = _year_list_linked(links).match(text, end, min(len(text), end + YEAR_LIST_LINK_CHARS))
                if m is None:
                    break
            year = int(m.group("year"))
            if not finder._bare_year(text, year, m.end()) or finder._before_christ(text, m.end()):
                break
            start = m.start("po") if m.groupdict().get("po") else m.start("year")
            if start not in starts:
                starts.add(start)
                value = Resolved(cal.fmt_year(year), cal.YEAR)
                added.append(Expression(start, m.end(), "year", _const(value), True))
            end = m.end()
    return added


def _idiom_spans(text: str, idioms: frozenset[str]) -> list[tuple[int, int]]:
    """Where idioms holding a time word stand ("في نهاية اليوم", "إن غداً لناظره قريب")."""
    spans: list[tuple[int, int]] = []
    for idiom in idioms:
        at = text.find(idiom)
        while at >= 0:
            end = at + len(idiom)
            # Whole words only at the end: "على مدار اليوم" is an idiom, "على مدار اليومين" a time.
            if end >= len(text) or not text[end].isalnum():
                spans.append((at, end))
            at = text.find(idiom, at + 1)
    return spans


def resolve_expressions(
    expressions: list[Expression], anchor: date | None, text: str | None = None
) -> list[Found]:
    """Resolve against the anchor and keep the longest of overlapping expressions, in text order.

    With the ``text`` they were found in, neighbours restating the same value are joined, and when the days named
    with a weekday ("مساء أمس الثلاثاء" in an article dated Friday) all show the anchor is late by the same days, the
    other relative expressions follow them ("عصر اليوم" is then the Wednesday, not the crawl's Friday).
    """
    first = [(e, e.resolve(anchor)) for e in expressions]
    late = _late_by(first) if text is not None and anchor is not None else 0
    resolved: list[Found] = []
    for e, r in first:
        if late and r is not None and not r.late and anchor is not None:
            r = e.resolve(anchor - timedelta(days=late))
        if r is not None:
            resolved.append(
                Found(
                    e.start,
                    e.end,
                    e.kind,
                    r.value,
                    r.granularity,
                    r.day,
                    e.weekday,
                    e.today,
                    r.note,
                    e.absolute,
                    e.in_year,
                )
            )
    resolved.sort(key=lambda f: (-(f.end - f.start), f.start))
    kept: list[Found] = []
    for f in resolved:
        if all(f.end <= k.start or f.start >= k.end for k in kept):
            kept.append(f)
    kept.sort(key=lambda f: f.start)
    if text is not None and anchor is not None:
        lex = load_lexicon()
        directions = frozenset(lex.directions)
        kept = _follow_narrative(kept, anchor, text, lex.future_cues, lex.narrative_start_cues)
        kept = _coming_weekdays_named_again(kept, text, directions, anchor)
        kept = _chain_weekdays(kept, text, directions)
        kept = _range_ends(kept, text, lex.range_to, anchor)
        finder = _Finder(lex, load_grammar())
        if len(kept) > 1 and any(f.kind in JOINABLE_DAY_KINDS for f in kept):  # a day to join
            kept = _day_ranges(kept, text, lex.day_range_links, finder)
        if any(f.granularity == cal.RANGE for f in kept):
            kept = _restated_periods(kept, text, lex.day_range_links)
        kept = _schedule_weekdays(kept, text, anchor)
        kept = _past_weekdays_before_yesterday(kept, text, lex)
        kept = _programme_weekdays(kept, text, anchor, directions)
        if any(f.kind == "year_part" for f in kept):  # the usual case has none
            kept = _previous_quarters(kept, text)
        if any(f.kind in EDGE_MONTH_KINDS for f in kept):
            kept = _month_edges(kept, text, finder)
        if any(form in text for form in lex.same_month) or _BARE_DAY_HINT.search(text):  # the usual case has none
            kept = _same_month(kept, text, finder)
        if "الموافق" in text:  # the usual case has none
            kept = _agreed_pairs(kept, text)
    return _merge_restatements(kept, text)


EDGE_MONTH_KINDS = frozenset({"month", "hijri_month"})
# Days named from the article's date, not by their month: not "the month named last" for "الشهر نفسه".
DEICTIC_DAY_KINDS = frozenset({"day_word", "weekday", "ago", "relative_unit", "this_unit"})


def _month_edges(kept: list[Found], text: str, finder: _Finder) -> list[Found]:
    """The first or last days of a month named after "الأيام العشرة الأولى من", "الأسبوع الأخير من", "العشر الأواخر من"
    (the whole month was reported before: Ramadan for the last week of Ramadan)."""
    out: list[Found] = []
    for f in kept:
        lead = None
        if f.kind in EDGE_MONTH_KINDS and f.granularity in (cal.RANGE, cal.MONTH):
            lead = finder.g.month_edge_lead.search(text, max(0, f.start - LEAD_CHARS), f.start)
        per = finder.lex.month_edge_units.get(finder._key(lead.group("unit")), 1) if lead and lead.group("unit") else 1
        if lead is None or not lead.group("unit") or (per == 1 and not lead.group("n")):
            # "الأيام الأولى من شهر رمضان": how many days is not said; "العشر الأواخر من شهر رمضان" (the last ten
            # nights, a devotion's season) names no unit, and gold v4 reads the month there.
            out.append(f)
            continue
        number = lead.group("n") or ""
        count = finder._number(number) or finder._number(number.removeprefix("ال")) if number else 1
        first, last = _month_bounds(f.value)
        days = timedelta(days=(count or 1) * per - 1)
        if finder.lex.month_edges[finder._key(lead.group("edge"))] > 0:
            last = min(last, first + days)
        else:
            first = max(first, last - days)
        value = cal.fmt_range(cal.fmt_day(first), cal.fmt_day(last))
        out.append(replace(f, start=lead.start("lead"), kind="month_edge", value=value, granularity=cal.RANGE))
    return out


def _month_bounds(value: str) -> tuple[date, date]:
    """The first and last day of a month value ("2015-06") or of a range of days ("2015-06-18/2015-07-16")."""
    if "/" in value:
        first, _, last = value.partition("/")
        return date.fromisoformat(first), date.fromisoformat(last)
    year, month = (int(part) for part in value.split("-"))
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _month_of(f: Found) -> tuple[int, int] | None:
    """The year and month of a single day or month value, or of a range of days within one month ("18 و19 أغسطس")."""
    if f.granularity == cal.RANGE:
        first, _, last = f.value.partition("/")
        if len(first) == len(last) == len("2015-08-18") and first[:7] == last[:7]:
            return int(first[:4]), int(first[5:7])
        return None
    if f.granularity not in (cal.DAY, cal.MONTH):
        return None
    parts = f.value.split("-")
    return int(parts[0]), int(parts[1])


def _same_month(kept: list[Found], text: str, finder: _Finder) -> list[Found]:
    """ "الرابع من الشهر نفسه" (a day of the month named last before it) and "الشهر نفسه من العام الماضي" (that month
    in the year after it): read from the last day or month before, in text order, so a same-month day names the
    month for the next one ("الثاني من آب (أغسطس) … الرابع من الشهر نفسه … التاسع من الشهر نفسه")."""
    days: dict[int, tuple[int, int]] = {}  # start -> (end, day number) of each same-month day
    for m in finder.g.same_month_day.finditer(text):
        number = int(m.group("day")) if m.group("day") else finder.lex.ordinals.get(finder._key(m.group("ord")))
        if number is not None and all(m.end("t") <= k.start or m.start("t") >= k.end for k in kept):
            days[m.start("t")] = (m.end("t"), number)
    # "يوم 27" with no month (round 31): a day of the month named last only within the same sentence ("بلقاء بني ياس
    # يوم 23 يوليو، فيما ستكون المواجهة الثانية يوم 27"); further away it may be anything's 27th.
    bare: set[int] = set()
    if _BARE_DAY_HINT.search(text):
        month_heads = {form.split()[0] for form in finder.lex.months.keys() | finder.lex.hijri_months.keys()}
        for m in finder.g.bare_month_day.finditer(text):
            _, after = finder._words_around(text, m.start("t"), m.end("t"))
            if after == "من" or after in month_heads:
                continue  # "يوم 25 يناير من كل عام" (a yearly day, not reported), "يوم 20 من نفس الشهر"
            if m.start("t") not in days and all(m.end("t") <= k.start or m.start("t") >= k.end for k in kept):
                days[m.start("t")] = (m.end("t"), int(m.group("day")))
                bare.add(m.start("t"))
    out: list[Found] = []
    month: tuple[int, int] | None = None
    month_end = 0  # where the expression that named ``month`` ends
    by_start = {k.start: k for k in kept}  # kept expressions do not overlap: one a start
    for start in sorted(by_start.keys() | days.keys()):
        f = by_start.get(start)
        if f is None:
            end, number = days[start]
            if start in bare and _SENTENCE_END.search(text, month_end, start):
                continue
            day = cal.safe_date(month[0], month[1], number) if month is not None else None
            if day is None:
                continue
            f = Found(start, end, "date", cal.fmt_day(day), cal.DAY, day, None, False)
        elif f.granularity == cal.YEAR and month is not None and f.value.isdigit():
            lead = finder.g.same_month_lead.search(text, max(0, f.start - LEAD_CHARS), f.start)
            if lead is not None:
                value = cal.fmt_month(int(f.value), month[1])
                f = replace(f, start=lead.start("lead"), kind="month", value=value, granularity=cal.MONTH)
        # A Hijri month named last is not a Gregorian one ("الاول من ذي القعدة وحتى الخامس من الشهر نفسه"): not read.
        # A day counted from the article's date names no month ("مايو … وأوضح البيان أمس … الشهر نفسه عام 2014").
        if f.kind not in DEICTIC_DAY_KINDS:
            month = None if f.kind.startswith("hijri") else _month_of(f) or month
            month_end = f.end
        out.append(f)
    return out


@lru_cache(maxsize=1)
def _previous_quarter_pattern() -> regex.Pattern[str]:
    """ "الربع السابق", "عن الربع الماضي": the quarter word (from ``year_quarters``) with a word of the past
    (``directions`` -1, not ``last_of_directions``: "الربع الأخير" is the fourth quarter)."""
    lex = load_lexicon()
    heads = {form.split()[0] for form in lex.year_quarters}
    past = [w for w, d in lex.directions.items() if d < 0 and w not in lex.last_of_directions]
    rests = [h[2:] if h.startswith("ال") else h for h in heads]
    return regex.compile(
        rf"(?<![\p{{L}}\p{{N}}])[وف]?[بكل]?(?P<t>(?:ال|ل)(?:{'|'.join(map(regex.escape, rests))})\s+(?:{'|'.join(map(regex.escape, past))}))"
        r"(?![\p{L}\p{N}])"
    )


def _previous_quarters(kept: list[Found], text: str) -> list[Found]:
    """ "الربع السابق" after a quarter named earlier in its paragraph is the quarter before that one.

    Results announcements compare the quarter they report with the one before it ("صافي الربح خلال الربع الثاني …
    بارتفاع 57 % عن الربع السابق": January–March); without a quarter named before it, it is not read."""
    added: list[Found] = []
    for m in _previous_quarter_pattern().finditer(text):
        start, end = m.span("t")
        if any(f.start < end and start < f.end for f in kept):
            continue
        named = [
            f
            for f in kept
            if f.kind == "year_part" and f.end <= start and "\n" not in text[f.end : start] and _quarter(f.value)
        ]
        if not named:
            continue
        first = _first_day(named[-1].value)
        month = first.year * 12 + first.month - 1 - 3
        year, first_month = divmod(month, 12)
        value = _months(year, first_month + 1, first_month + 3)
        added.append(Found(start, end, "year_part", value.value, value.granularity, None, None, False))
    return sorted(kept + added, key=lambda f: f.start) if added else kept


def _quarter(value: str) -> bool:
    """Whether ``value`` is a range of three months ("2015-04/2015-06")."""
    first, _, last = value.partition("/")
    if len(first) != 7 or len(last) != 7:
        return False
    a, b = _first_day(first), _first_day(last)
    return (b.year * 12 + b.month) - (a.year * 12 + a.month) == 2


def _late_by(resolved: list[tuple[Expression, Resolved | None]]) -> int:
    """The days the anchor is late by when every day word named with its weekday shows the same delay (none agrees
    with the anchor), else 0 (``resolved``: each expression with its reading against the anchor).

    A day word of an official statement ("اعتباراً من هذا اليوم السبت" in a paper of Sunday that reports the statement
    as issued "أمس") is the statement's day, not the paper's, and is left out (round 27, gold v9)."""
    delays = {
        r.late
        for e, r in resolved
        if e.weekday is not None and e.kind == "day_word" and r is not None and "statement" not in e.extra
    }
    return delays.pop() if len(delays) == 1 else 0


def _chain_weekdays(kept: list[Found], text: str, directions: frozenset[str]) -> list[Found]:
    """A bare weekday joined by و to a day just before it is the first such weekday after that day.

    "مساء الخميس والجمعة" in a Thursday article: the Friday is tomorrow, not the Friday before (a list of
    days runs forward), where a lone bare weekday would take the latest one past.
    """
    out: list[Found] = []
    for f in kept:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.day is not None
            and prev.granularity == cal.DAY
            and f.kind == "weekday"
            and f.weekday is not None
            and f.day is not None
            and text[prev.end : f.start].strip() == "و"
            and not any(w in directions for w in text[f.start : f.end].split())
        ):
            day = prev.day + timedelta(days=(f.weekday - prev.day.weekday()) % 7 or 7)
            if day != f.day:
                f = replace(f, value=cal.fmt_day(day), day=day)
        out.append(f)
    return out


def _coming_weekdays_named_again(
    kept: list[Found], text: str, directions: frozenset[str], anchor: date
) -> list[Found]:
    """A bare weekday that the article named earlier as a coming day (with المقبل/القادم) is that day again.

    "يصل السودان الأحد المقبل وفد …" and further on "يصل إلى الخرطوم الأحد وفد": the second Sunday is the coming one
    the article already named, not the latest one past (the default for a lone bare weekday in news).  Only a
    direction word names the coming day so (a future cue may be wrong: "ليس من المقرر اقامة اي احتفال الاثنين").
    Before the chaining of listed weekdays, which then follow it ("وطريب الأحد والاثنين والثلاثاء").

    A bare weekday naming the day after the last of two or more consecutive coming days so named is the next day of
    that programme (round 32): "صباح يوم الاثنين القادم … صباح يوم الثلاثاء القادم … صباح يوم الأربعاء القادم … وفي يوم
    الخميس" is the coming Thursday, not the one past."""
    coming: dict[int, Found] = {}
    run: list[date] = []  # the consecutive coming days named with a direction, in text order
    out: list[Found] = []
    for f in kept:
        weekday, day = f.weekday, f.day
        if f.kind == "weekday" and weekday is not None and day is not None:
            bare = not any(w in directions for w in text[f.start : f.end].split())
            named = coming.get(weekday)
            following = run[-1] + timedelta(days=1) if len(run) >= 2 else None
            if (
                bare
                and named is not None
                and named.day is not None
                and day < anchor < named.day
            ):
                f = replace(f, value=named.value, day=named.day)
            elif bare and following is not None and day < anchor and following.weekday() == weekday:
                f = replace(f, value=cal.fmt_day(following), day=following)
            elif day > anchor and not bare:
                coming.setdefault(weekday, f)
                run = [*run, day] if run and run[-1] + timedelta(days=1) == day else [day]
        out.append(f)
    return out


# A dated day closing a schedule ("وتختتم العروض الأحد 10 شوال") at most this many days after the anchor.
SCHEDULE_DAYS = 7


# "(أول من) " right before "أمس" (normalised): the day before yesterday, bracketed apart from the day word.
BRACKETED_BEFORE = regex.compile(r"(?:الاول|اول)\s+من\s*\)\s*$")


def _past_weekdays_before_yesterday(kept: list[Found], text: str, lex: Lexicon) -> list[Found]:
    """ "الجمعة الماضي" in an article that names the same day "أمس الجمعة" is the week before (round 31).

    Wire copy written on a Friday calls the Friday before "الجمعة الماضي"; the paper that prints it the next day turns
    the story's Friday into "أمس الجمعة" and leaves the other as it was ("أدانت الولايات المتحدة أمس الجمعة هجمات …
    وفي هجوم وقع يوم الجمعة الماضي": 17 July, not 24). A writer naming the day before the anchor would say "أمس". Only
    after "أمس": "أول من أمس الأحد" and "الأحد الماضي" are mostly the same day."""
    yesterday = [w for w, d in lex.day_words.items() if d == -1]
    before_yesterday = [w for w, d in lex.day_words.items() if d < -1]
    named = {
        f.day
        for f in kept
        if f.kind == "day_word"
        and f.weekday is not None
        and f.day is not None
        and any(w in text[f.start : f.end] for w in yesterday)
        # "أول من أمس الأحد" and "الأحد الماضي" are mostly the same day (5 of 6 on other articles)
        and not any(w in text[f.start : f.end] for w in before_yesterday)
        # so is "يوم (أول من) أمس (الجمعة)", the "أول من" in brackets outside the day word (round 32)
        and BRACKETED_BEFORE.search(text, max(0, f.start - 16), f.start) is None
    }
    if not named:
        return kept
    past = {w for w, d in lex.directions.items() if d < 0 and w not in lex.last_of_directions}
    out: list[Found] = []
    for f in kept:
        words = text[f.start : f.end].split()
        if f.kind == "weekday" and f.day in named and f.granularity == cal.DAY and words and words[-1] in past:
            day = f.day - timedelta(days=7)
            f = replace(f, value=cal.fmt_day(day), day=day)
        out.append(f)
    return out


def _schedule_weekdays(kept: list[Found], text: str, anchor: date) -> list[Found]:
    """Bare weekdays listed with و before a coming dated day of their sentence fall in the week up to it.

    "والأربعاء «…»، والخميس «…»، والجمعة «…»، وتختتم العروض الأحد 10 شوال" in a Tuesday article: a
    programme of coming days, so each weekday is the latest such day on or before the closing date,
    not the latest one past (the default for a lone bare weekday in news)."""
    out: list[Found] = list(kept)
    for i, f in enumerate(out):
        if f.kind != "weekday" or f.weekday is None or f.day is None or text[f.start - 1 : f.start] != "و":
            continue
        for closing in out[i + 1 :]:
            if SENTENCE_END.search(text, f.end, closing.start):
                break
            if (
                closing.granularity == cal.DAY
                and closing.weekday is not None
                and closing.day is not None
                and anchor < closing.day <= anchor + timedelta(days=SCHEDULE_DAYS)
            ):
                day = closing.day - timedelta(days=(closing.day.weekday() - f.weekday) % 7)
                if day > f.day:
                    out[i] = replace(f, value=cal.fmt_day(day), day=day)
                break
    return out


# A programme: at least this many bare weekdays naming consecutive days, each within RUN_GAP characters of the last.
RUN_LENGTH = 3
RUN_GAP = 300
RUN_PAST_GAP = 2


def _programme_weekdays(kept: list[Found], text: str, anchor: date, directions: frozenset[str]) -> list[Found]:
    """Three or more bare weekdays naming consecutive days in text order are the coming days of a programme.

    "تحاضر فاطمة «الخميس» …، وآلاء «الجمعة» …، وبشاير «السبت» …، وندى «الأحد»" in a Wednesday article: a
    lone bare weekday reports the latest such day past, but a run of consecutive days is a schedule (every
    such run in 5,000 SaudiNewsNet articles was one), so the first is the coming such day (the anchor's
    included) and the others follow it. Not when, read as past, the run would end on the day before the anchor
    or on it (the days just past), and only after today or a coming day named earlier in the paragraph."""
    out = list(kept)
    run: list[int] = []

    def bare(f: Found) -> bool:
        return (
            f.kind == "weekday"
            and f.weekday is not None
            and f.day is not None
            and f.day <= anchor
            and not any(w in directions for w in text[f.start : f.end].split())
        )

    def close() -> None:
        # A run ending on the day before the anchor or on it reads as the days just past ("the clashes of Friday,
        # Saturday and Sunday" in a Monday article): only a run that would end earlier is moved.
        last_day = out[run[-1]].day if run else None
        if (
            len(run) >= RUN_LENGTH
            and last_day is not None
            and (anchor - last_day).days >= RUN_PAST_GAP
            and opened(run[0])
        ):
            first = out[run[0]]
            assert first.weekday is not None
            start = anchor + timedelta(days=(first.weekday - anchor.weekday()) % 7)
            for k, i in enumerate(run):
                day = start + timedelta(days=k)
                out[i] = replace(out[i], value=cal.fmt_day(day), day=day)
        run.clear()

    def opened(first: int) -> bool:
        # A programme is opened by today or a coming day earlier in its paragraph ("يفتتح اليوم الأربعاء معرض",
        # "وتستكمل المباريات غداً حيث يلتقي الجمعة …"), or in the paragraph before it by a word of today or tomorrow
        # or a day after the anchor (round 35: "يفتتح … اليوم الأربعاء معرض …\n ويصاحب المعرض محاضرات …، حيث
        # تحاضر فلانة «الخميس» …"); a bare weekday there that falls on the anchor ("ليل السبت/ الاحد" of a Sunday
        # article) tells of the days past.
        start = _paragraph_start(text, out[first].start)
        before = _paragraph_start(text, start - 1)
        return any(
            f.start >= before
            and f.granularity == cal.DAY
            and f.day is not None
            and (f.day > anchor or (f.day == anchor and (f.start >= start or f.kind == "day_word")))
            for f in out[:first]
        )

    for i, f in enumerate(out):
        if not bare(f):
            continue
        last = out[run[-1]] if run else None
        if last is not None and last.weekday is not None and f.weekday is not None and (
            f.weekday != (last.weekday + 1) % 7 or f.start - last.end > RUN_GAP
        ):
            close()
        run.append(i)
    close()
    return out


def _paragraph_start(text: str, at: int) -> int:
    """The start of the paragraph holding ``at`` (blank lines before it skipped); 0 before the text's start."""
    at = len(text[: max(0, at)].rstrip())
    return text.rfind("\n", 0, at) + 1 if at > 0 else 0


def _first_day(value: str) -> date:
    """The first day of a single value ("2015-10-08", "2015-10", "2015")."""
    parts = [int(p) for p in value.split("/")[0].split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _range_ends(kept: list[Found], text: str, range_to: frozenset[str], anchor: date) -> list[Found]:
    """A yearless day or month after حتى/إلى ends what a coming yearless date before it in its sentence begins.

    "يفتتح المعرض في الثامن من أكتوبر ويستمر حتى الثالث من يناير" in July: January is the one after
    October, not the January past that the nearest-year reading of a lone date would give.  Only after a
    yearless date to come ("سددت الجمعة الماضي الرواتب حتى نهاية شهر مايو": May is past, as read)."""
    out: list[Found] = []
    for f in kept:
        prev = out[-1] if out else None
        if (
            prev is not None
            and f.in_year is not None
            and prev.in_year is not None
            and _first_day(prev.value) > anchor
            and prev.granularity in (cal.DAY, cal.MONTH)
            and not SENTENCE_END.search(text, prev.end, f.start)
            and _strip_clitic((text[prev.end : f.start].split() or [""])[-1], range_to) in range_to
            and _first_day(f.value) < _first_day(prev.value)
        ):
            start = _first_day(prev.value)
            for year in (start.year, start.year + 1):
                moved = f.in_year(year)
                if moved is not None and _first_day(moved.value) >= start:
                    f = replace(f, value=moved.value, granularity=moved.granularity, day=moved.day)
                    break
        out.append(f)
    return out


# The longest period two joined days may span ("من 1/1/2015 إلى 31/12/2015").
MAX_DAY_RANGE_DAYS = 366
# Only numeric dates join so (the form of announcements' periods): "بدأ أمس الأول حتى 23 شوال" keeps its two days
# (gold v4), and joining written dates too cost two right values in the value audit's held half (round 23).
DATE_KINDS = frozenset({"numeric_date"})
# Written days join only after a word naming a period (``period_cues``: "خلال الفترة من 15 يونيو وحتى 15 سبتمبر").
WRITTEN_DATE_KINDS = frozenset({"date", "hijri_date", "weekday"})
JOINABLE_DAY_KINDS = DATE_KINDS | WRITTEN_DATE_KINDS
PERIOD_CUE_WORDS = 3
# The widest gap between two days that a link of day_range_links (with spaces around) can fill.
MAX_LINK_GAP = 12


def _day_ranges(kept: list[Found], text: str, links: frozenset[str], finder: _Finder) -> list[Found]:
    """Two numeric dates joined by إلى/حتى are one period: "4 – 9 - 1436هـ إلى 15- 9 - 1436هـ".

    Not when the second comes first or lies over a year later, nor after a word of moving a date ("أجلت الجلسة
    من 5/5/2015 إلى 10/6/2015": the old date and the new)."""
    out: list[Found] = []
    for f in kept:
        prev = out[-1] if out else None
        # Only neighbours a link's width apart may join: the gap is checked before anything slower.
        near = prev is not None and prev.day is not None and f.start - prev.end <= MAX_LINK_GAP
        last = _period_end(prev, f, text, finder) if near and prev is not None else None
        if (
            prev is not None
            and prev.day is not None
            and last is not None
            and 0 < (last - prev.day).days <= MAX_DAY_RANGE_DAYS
            and " ".join(text[prev.end : f.start].split()) in links
            and not finder._cue_before(text, prev.start, finder.lex.date_move_cues, FUTURE_WINDOW_WORDS)
        ):
            value = cal.fmt_range(cal.fmt_day(prev.day), cal.fmt_day(last))
            out[-1] = replace(prev, end=f.end, kind="day_range", value=value, granularity=cal.RANGE, day=None)
            continue
        out.append(f)
    return out


def _period_end(prev: Found, f: Found, text: str, finder: _Finder) -> date | None:
    """The last day of the period that the day ``prev`` opens and ``f`` closes, if they may be one period.

    Two numeric dates always may; written days (or a day and "نهاية شهر إبريل 2015م", the month's last day) only
    after a word naming a period among the few words before the first."""
    if prev.granularity != cal.DAY:
        return None
    if prev.kind in DATE_KINDS and f.kind in DATE_KINDS:
        return f.day if f.granularity == cal.DAY else None
    if prev.kind not in JOINABLE_DAY_KINDS or not finder._cue_before(
        text, prev.start, finder.lex.period_cues, PERIOD_CUE_WORDS
    ):
        return None
    if f.kind in JOINABLE_DAY_KINDS and f.granularity == cal.DAY:
        return f.day
    if f.kind == "month" and f.granularity == cal.MONTH and text[f.start : f.end].split()[0] in finder.lex.period_end_parts:
        return _month_bounds(f.value)[1]
    return None


def _restated_periods(kept: list[Found], text: str, links: frozenset[str]) -> list[Found]:
    """A period restated in the other calendar by its two ends is one expression: "من 11 إلى 22 شوال 1436هـ الموافق من
    27 يوليو إلى 7 أغسطس 2015م" (the two written days are not joined as a period on their own, see ``_day_ranges``)."""
    out: list[Found] = []
    i = 0
    while i < len(kept):
        f = out[-1] if out else None
        if f is not None and f.granularity == cal.RANGE and i + 1 < len(kept):
            a, b = kept[i], kept[i + 1]
            first, _, last = f.value.partition("/")
            if (
                a.granularity == cal.DAY == b.granularity
                and (a.value, b.value) == (first, last)
                and RESTATEMENT_GAP.fullmatch(text, f.end, a.start) is not None
                and " ".join(text[a.end : b.start].split()) in links
            ):
                out[-1] = replace(f, end=b.end)
                i += 2
                continue
        out.append(kept[i])
        i += 1
    return out


# How far after a year's number a "before Christ" mark may stand ("بين عامي 1320 و1318 قبل الميلاد").
BC_REACH = 30


# A year at least this far before publication is history: it anchors a whole paragraph.
HISTORY_YEARS = 10
SENTENCE_END = re.compile(r"[.!?؟]")


def _narrated(text: str, f: Found, future_cues: frozenset[str]) -> bool:
    """Whether a yearless day or month reads as part of a past narrative.

    Not when it stands in parentheses (agency copy appends the date of the latest news that way:
    "تبنى خطابا عدائيا (30 ايار/مايو)"), when its sentence speaks of the future ("من المقرر أن …",
    "وسيترك منصبه في 26 فبراير"), or when a year follows it closely ("في مايو ونوفمبر 2003").
    """
    before = text[max(0, f.start - 2) : f.start].strip()
    if before.endswith("("):
        return False
    start = _clause_start(text, f.start, SENTENCE_MARKS)
    end = min((i for i in (text.find(c, f.end) for c in SENTENCE_MARKS) if i >= 0), default=len(text))
    words = set(text[start:end].split())
    sentence = " ".join(text[start:end].split())
    for cue in future_cues:
        if (
            (" " in cue and cue in sentence)
            or cue in words
            or any(w[1:] == cue for w in words if w[:1] in "وف")
        ):
            return False
    return FOLLOWING_YEAR.search(text, f.end, min(len(text), f.end + 25)) is None


FOLLOWING_YEAR = regex.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")

# Kinds whose year may anchor the days and months named after it in a paragraph.
NARRATIVE_KINDS = frozenset({"date", "month", "year", "numeric_date", "hijri_date"})


def _follow_narrative(
    kept: list[Found], anchor: date, text: str, future_cues: frozenset[str], start_cues: frozenset[str]
) -> list[Found]:
    """Days and months without a year take the year a paragraph is narrating.

    "وفي عام 1953 قاد الجيش انقلابا … وفي 19 أغسطس حاصرت الدبابات منزله": 19 August is in 1953,
    not the year nearest the publication date.  The narrative year is the latest explicit year
    before the publication year named earlier in the same sentence, or in the same paragraph when
    it lies :data:`HISTORY_YEARS` or more before publication; a relative expression
    anchored on the publication date (أمس, الأسبوع الماضي) brings the paragraph back to the present.  A year that
    starts a period (``narrative_start_cues`` among the two words before it: "وإثر تحقيق بدأته في 2012، قدمت المفوضية
    … في نيسان (أبريل)") tells when something began, not the year of what follows (round 30).
    """
    out: list[Found] = []
    year: int | None = None
    last_end = 0
    for f in kept:
        gap = text[last_end : f.start]
        if "\n" in gap:
            year = None  # a new paragraph
        elif year is not None and year > anchor.year - HISTORY_YEARS and SENTENCE_END.search(gap):
            # News mixes background and the present from one sentence to the next ("أعلن إفلاسه
            # عام 2012. وتأمل السلطات … قبل نهاية سبتمبر"): a recent year anchors its own sentence
            # only; a distant one (a history told over several sentences) the rest of the paragraph.
            year = None
        last_end = f.end
        if f.absolute and f.kind in NARRATIVE_KINDS:
            first_year = int(f.value[:4])
            year = first_year if first_year < anchor.year and not _starts_period(text, f.start, start_cues) else None
        elif f.in_year is not None and year is not None and _narrated(text, f, future_cues):
            moved = f.in_year(year)
            if moved is not None:
                f = replace(f, value=moved.value, granularity=moved.granularity, day=moved.day, note=None)
        elif not f.absolute:
            year = None
        out.append(f)
    return out


def _starts_period(text: str, start: int, start_cues: frozenset[str]) -> bool:
    """Whether one of ``start_cues`` (a clitic و/ف allowed) is among the two words before ``start``."""
    words = text[max(0, start - 30) : start].split()[-2:]
    return any(w in start_cues or (w[:1] in "وف" and w[1:] in start_cues) for w in words)


# Between two expressions that restate one another ("العام الماضي 2014م", "اليوم، الجمعة"), at most
# these characters may stand.
# "الموافق" may stand between them too, with "من" when a period is restated ("من 11 إلى 22 شوال 1436هـ الموافق من 27
# يوليو إلى 7 أغسطس 2015م").
RESTATEMENT_GAP = regex.compile(r"[\s,،()\-–]{0,3}(?:الموافقه?[\s(]{0,2}(?:من\s+)?)?")
# Between a part of a year and the relative year it belongs to ("الأشهر الثلاثة الماضية لهذا العام", "من العام الحالي").
THIS_YEAR_GAP = regex.compile(r"\s*(?:ل|من\s+)")


# Between a Hijri year and the Gregorian year restating it ("(1428هـ 2007م)", "1436هـ الموافق 2015م").
CALENDAR_GAP = regex.compile(r"[\s,،()\-–/]{0,3}(?:الموافق[\s(]{0,2})?")


def _same_year_in_two_calendars(a: Found, b: Found, text: str) -> Found | None:
    """A Hijri year next to a Gregorian year it overlaps is one year said twice: the Gregorian one."""
    kinds = {a.kind, b.kind}
    if kinds != {"hijri_year", "year"} or CALENDAR_GAP.fullmatch(text, a.end, b.start) is None:
        return None
    hijri, gregorian = (a, b) if a.kind == "hijri_year" else (b, a)
    first, _, last = hijri.value.partition("/")
    if gregorian.value not in (first[:4], last[:4]):
        return None
    return replace(gregorian, start=a.start, end=b.end)


def _year_restating_its_part(a: Found, b: Found, text: str) -> bool:
    """ "النصف الأول من العام الحالي 2015م", "ديسمبر الماضي 2014": a year right after a part of that year (a day, a
    month or a period within it) restates the part's year; it is not a second time. So does "لهذا العام" after it."""
    if b.granularity != cal.YEAR or a.granularity == cal.YEAR:
        return False
    if b.kind in ("year", "current_year"):
        if RESTATEMENT_GAP.fullmatch(text, a.end, b.start) is None:
            return False
    elif b.kind != "relative" or THIS_YEAR_GAP.fullmatch(text, a.end, b.start) is None:
        return False  # "الثلاث اشهر الماضية لهذا العام": the relative year joined by ل or من restates it too
    first, _, last = a.value.partition("/")
    return first[:4] == b.value and (not last or last[:4] == b.value)


# "الموافق" between two times, or opening the second ("يوم الثلاثاء الموافق (5-10-1436 هـ)", "1/ 2/ 1372 الموافق 10/ 10/
# 1953"): the second restates the first.
AGREED_GAP = regex.compile(r"[\s,،()\-–]{0,3}(?:الموافقه?[\s(]{0,2})?")
AGREED_LINK = regex.compile(r"الموافقه?")
_YEAR_DIGITS = regex.compile(r"[0-9٠-٩]{3,4}")
_HIJRI_NUMBER = regex.compile(r"(?<![0-9])1[34][0-9]{2}(?![0-9])|هـ")
COARSE_KINDS = frozenset({"hijri_month", "hijri_year", "month", "year"})
WEEKDAY_AND = regex.compile(r"\s*و\s*")


def _agreed_pairs(kept: list[Found], text: str) -> list[Found]:
    """Two times joined by "الموافق" that disagree are one time: the one the pair means (round 32).

    Only pairs whose values differ reach here (the same value said twice is joined by ``_merge_restatements``). A bare
    weekday restated by a date is that date ("مساء يوم الثلاثاء الموافق (5-10-1436 هـ)": the weekday was read as the
    latest one past); before a period it is the period's day of that weekday, the period kept whole ("يومي الأربعاء
    والخميس الموافق 20 و21 شوال": 20 and 21 Shawwal, as round 20's value audit judges such a weekday); a day against a
    month or a year restating it is the day ("الليلة الثانية والعشرون من رمضان 1436هـ الموافق التاسع من يوليو 2015", "يوم
    السبت الموافق مطلع آب"). Two dates: a yearless one takes the other ("الخميس 28-2-1437هـ الموافق 10 ديسمبر"); then the side whose
    weekday the pair names ("الجمعة 16 رمضان 1436هـ الموافق 3 يونيو 2015م", June for July); then the Gregorian side,
    which the writer gives for the reader and the Hijri side misses by a day of moon sighting or a slip ("22 شوال 1427هـ
    الموافق 14 نوفمبر 2006م", "1/ 2/ 1372 الموافق 10/ 10/ 1953"). Periods (a range of days against a day) are left to
    ``_restated_periods``."""
    out: list[Found] = []
    for f in kept:
        last = out[-1] if out else None
        if last is None or last.value == f.value or not _agreed(last, f, text):
            out.append(f)
            continue
        if last.kind == "weekday" and f.granularity == cal.RANGE:
            # "مساء الخميس والجمعة الموافق 23و24 يوليو": the weekday is a day of the period, which stays whole
            at = len(out) - 1
            while at >= 0 and out[at].kind == "weekday":
                out[at] = _weekday_within(out[at], f)  # "يومي الأربعاء والخميس": each weekday listed before it too
                if at == 0 or WEEKDAY_AND.fullmatch(text, out[at - 1].end, out[at].start) is None:
                    break
                at -= 1
            out.append(f)
            continue
        winner = _agreed_winner(last, f, text)
        if winner is None:
            out.append(f)
            continue
        weekday = last.weekday if last.weekday is not None else f.weekday
        out[-1] = replace(winner, start=last.start, end=f.end, weekday=weekday)
    return out


def _agreed(a: Found, b: Found, text: str) -> bool:
    """Whether ``b`` follows ``a`` across "الموافق" (between them or opening ``b``)."""
    gap = AGREED_GAP.fullmatch(text, a.end, b.start)
    if gap is None:
        return False
    return AGREED_LINK.search(text, a.end, b.start) is not None or AGREED_LINK.match(text, b.start) is not None


def _weekday_within(weekday: Found, period: Found) -> Found:
    """The bare weekday as the day of ``period`` (a range of days) falling on it; unchanged when none or several do."""
    first, _, last = period.value.partition("/")
    if len(first) != 10 or len(last) != 10:
        return weekday
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    fits = [d for d in days if d.weekday() == weekday.weekday]
    if len(fits) != 1 or len(days) > 7:
        return weekday
    return replace(weekday, value=cal.fmt_day(fits[0]), day=fits[0])


def _agreed_winner(a: Found, b: Found, text: str) -> Found | None:
    if a.kind == "weekday" and b.granularity == cal.DAY:
        return b  # "يوم الثلاثاء الموافق (5-10-1436 هـ)"
    days = [f for f in (a, b) if f.granularity == cal.DAY]
    if len(days) == 1:
        other = b if days[0] is a else a
        return days[0] if other.kind in COARSE_KINDS else None
    if len(days) != 2:
        return None
    with_year = [f for f in (a, b) if _YEAR_DIGITS.search(text, f.start, f.end)]
    if len(with_year) == 1:
        return with_year[0]  # "الخميس 28-2-1437هـ الموافق 10 ديسمبر": the yearless side takes the other's year
    named = a.weekday if a.weekday is not None else b.weekday
    if named is not None:
        fits = [f for f in (a, b) if f.day is not None and f.day.weekday() == named]
        if len(fits) == 1:
            return fits[0]
    gregorian = [f for f in (a, b) if f.kind != "hijri_date" and not _HIJRI_NUMBER.search(text, f.start, f.end)]
    return gregorian[0] if len(gregorian) == 1 else None


def _merge_restatements(kept: list[Found], text: str | None) -> list[Found]:
    """Join neighbours with the same value: one expression said twice is one time."""
    if text is None:
        return kept
    merged: list[Found] = []
    for f in kept:
        last = merged[-1] if merged else None
        if (
            last is not None
            and last.value == f.value
            and last.granularity == f.granularity
            and RESTATEMENT_GAP.fullmatch(text, last.end, f.start) is not None
        ):
            merged[-1] = replace(
                last, end=f.end, weekday=last.weekday if last.weekday is not None else f.weekday
            )
        elif last is not None and (both := _same_year_in_two_calendars(last, f, text)) is not None:
            merged[-1] = both
        elif last is not None and _year_restating_its_part(last, f, text):
            merged[-1] = replace(last, end=f.end)
        else:
            merged.append(f)
    return merged


def _hijri_month_occurrences(hijri_year: int, month: int) -> list[tuple[date, date]]:
    """The Gregorian bounds of Hijri ``month`` in the year before ``hijri_year``, in it and in the year after: a month
    named without a year is one of these three (the calendar's table may lack one at its edges)."""
    return [b for y in (hijri_year - 1, hijri_year, hijri_year + 1) if (b := cal.hijri_month_bounds(y, month))]
