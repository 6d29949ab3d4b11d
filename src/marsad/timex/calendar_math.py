"""Calendar arithmetic for time expressions: shifting by units, weeks, Hijri conversion, formatting.

Values follow the output contract: ``YYYY-MM-DD`` (day), ``YYYY-MM`` (month),
``YYYY`` (year) and, for a range, an ISO 8601 interval ``start/end`` whose two
ends have the same precision (``2019-12-10/2019-12-12``, ``2019-09/2019-12``).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from hijridate import Gregorian, Hijri

DAY = "day"
MONTH = "month"
YEAR = "year"
RANGE = "range"


def fmt_day(d: date) -> str:
    return d.isoformat()


def fmt_month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def fmt_year(year: int) -> str:
    return f"{year:04d}"


def fmt_range(start: str, end: str) -> str:
    return f"{start}/{end}"


def safe_date(year: int, month: int, day: int) -> date | None:
    """The date, or None when it does not exist (31 February, day 0…)."""
    if not (1 <= month <= 12 and 1 <= year <= 9999):
        return None
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return date(year, month, day)


def add_months(year: int, month: int, count: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + count
    return index // 12, index % 12 + 1


def shift_day(anchor: date, unit: str, count: int) -> date:
    """``anchor`` moved by ``count`` units (day, hour, week, month, year), clamping the day of month."""
    if unit == "day":
        return anchor + timedelta(days=count)
    if unit == "hour":
        # Hours only matter at day precision: whole days back or forward, rounding up.
        days = -((-abs(count)) // 24)
        return anchor + timedelta(days=days if count >= 0 else -days)
    if unit == "week":
        return anchor + timedelta(weeks=count)
    months = count * 12 if unit == "year" else count
    year, month = add_months(anchor.year, anchor.month, months)
    day = min(anchor.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def week_bounds(anchor: date, offset: int, week_start: int) -> tuple[date, date]:
    """First and last day of the calendar week ``offset`` weeks from the one holding ``anchor``."""
    back = (anchor.weekday() - week_start) % 7
    first = anchor - timedelta(days=back) + timedelta(weeks=offset)
    return first, first + timedelta(days=6)


# The first days of a month, in which "<month> المقبل" still names the month just begun.
MONTH_START_DAYS = 7


def nearest_year(anchor: date, month: int, day: int | None, direction: int | None) -> int:
    """The year that places month (and day) nearest the anchor, or on the side ``direction`` says.

    ``direction`` -1 (الماضي): the latest such date not after the anchor; +1
    (المقبل): the earliest not before it; 0 (الحالي): the anchor's year;
    None: whichever of the previous, same or next year is closest, the future counting double.
    """
    if direction == 0:
        return anchor.year

    def point(year: int) -> date:
        last = calendar.monthrange(year, month)[1]
        return date(year, month, min(day or 1, last))

    # A bare month with الماضي/المقبل never means the anchor's own month (that is الحالي/الجاري), except المقبل in
    # the month's first days: the copy was written before the month began ("ويسري العرض نهاية آب (أغسطس) المقبل" in a
    # paper of 1 August, "نهاية شهر أغسطس (آب) المقبل" on 4 August: this August, not next year's).
    if direction is not None and direction < 0:
        earlier = (month, day) <= (anchor.month, anchor.day) if day else month < anchor.month
        return anchor.year if earlier else anchor.year - 1
    if direction is not None and direction > 0:
        starting = month == anchor.month and anchor.day <= MONTH_START_DAYS
        later = (month, day) >= (anchor.month, anchor.day) if day else month > anchor.month or starting
        return anchor.year if later else anchor.year + 1
    candidates = (anchor.year - 1, anchor.year, anchor.year + 1)
    return min(candidates, key=lambda y: news_distance(point(y), anchor))


# News reports mostly look back: a date after the publication day counts this much farther away
# when choosing the year of "في يناير" or "17 رمضان".
FUTURE_WEIGHT = 2


def news_distance(day: date, anchor: date) -> int:
    """Days between ``day`` and the anchor, future days weighted by :data:`FUTURE_WEIGHT`."""
    delta = (day - anchor).days
    return delta * FUTURE_WEIGHT if delta > 0 else -delta


def hijri_to_gregorian(year: int, month: int, day: int) -> date | None:
    """Gregorian date of a Hijri (Umm al-Qura) date, None outside the supported range or invalid."""
    try:
        g = Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return date(g.year, g.month, g.day)


def hijri_month_bounds(year: int, month: int) -> tuple[date, date] | None:
    first = hijri_to_gregorian(year, month, 1)
    if first is None:
        return None
    try:
        length = Hijri(year, month, 1).month_length()
    except (ValueError, OverflowError):
        return None
    return first, first + timedelta(days=length - 1)


# Day before 1 Muharram 1 AH (16 July 622, Julian) as a proleptic Gregorian ordinal.
TABULAR_EPOCH = 227014
# Years the arithmetic (tabular) calendar stands in for Umm al-Qura, which hijridate lacks before 1343.
TABULAR_YEARS = (1, 1342)


def _tabular_new_year(year: int) -> date:
    """1 Muharram of ``year`` in the arithmetic Islamic calendar (within a day or two of sighting)."""
    return date.fromordinal(TABULAR_EPOCH + 354 * (year - 1) + (3 + 11 * year) // 30 + 1)


def hijri_year_bounds(year: int) -> tuple[date, date] | None:
    first = hijri_to_gregorian(year, 1, 1)
    last_month = hijri_month_bounds(year, 12)
    if first is None or last_month is None:
        # Historical years ("عام ( 1325 ) هجري") predate the Umm al-Qura tables: the arithmetic
        # calendar gives the year's bounds to a day or two, enough for a year-long range.
        if TABULAR_YEARS[0] <= year <= TABULAR_YEARS[1]:
            return _tabular_new_year(year), _tabular_new_year(year + 1) - timedelta(days=1)
        return None
    return first, last_month[1]


def hijri_year_of(day: date) -> int | None:
    try:
        return int(Gregorian(day.year, day.month, day.day).to_hijri().year)
    except (ValueError, OverflowError):
        return None


def hijri_month_day(day: date, months: int, number: int) -> date | None:
    """Day ``number`` of the Hijri month ``months`` months after the one holding ``day`` (Umm al-Qura)."""
    try:
        h = Gregorian(day.year, day.month, day.day).to_hijri()
    except (ValueError, OverflowError):
        return None
    index = h.year * 12 + (h.month - 1) + months
    return hijri_to_gregorian(index // 12, index % 12 + 1, number)


def hijri_day_of(day: date) -> int | None:
    """The Umm al-Qura day of the month of a Gregorian day, None outside the supported range."""
    try:
        return int(Gregorian(day.year, day.month, day.day).to_hijri().day)
    except (ValueError, OverflowError):
        return None


def hijri_month_and_day_of(day: date) -> tuple[int, int] | None:
    """The Umm al-Qura month and day of the month of a Gregorian day, None outside the supported range."""
    try:
        h = Gregorian(day.year, day.month, day.day).to_hijri()
    except (ValueError, OverflowError):
        return None
    return int(h.month), int(h.day)
