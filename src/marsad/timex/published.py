"""Detect an article's publication date from its text.

Candidates are full absolute dates (day, month and year).  A date is a strong
candidate when it is introduced by "اليوم" (``مساء اليوم الخميس 12 كانون الأول
2019``), a good one when "اليوم" stands just before it or when it opens the
article (a dateline); a named weekday that disagrees with the date disqualifies
it.  Without any of these signals nothing is detected: the latest date in an
article is as often a background event as the day of writing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import regex

from marsad.timex.extract import Found

# How far the signals reach: a dateline date follows at most a few words (a place, an agency)
# at the start of the article; "اليوم" counts within a few characters before the date.
DATELINE_MAX_WORDS = 4
TODAY_WINDOW = 20

SCORE_TODAY_LEAD = 4
SCORE_TODAY_NEAR = 2
SCORE_DATELINE = 2
SCORE_WEEKDAY_AGREES = 1
MIN_SCORE = 2


# A dateline's place or agency ends with one of these before the date ("دمشق - 3 آذار 2018").
DATELINE_PUNCTUATION = "-–—:،,(/"


def _is_dateline(prefix: str) -> bool:
    """True when the text before a date at the top of the article is a dateline's place/agency."""
    stripped = prefix.strip()
    if not stripped:
        return True
    return len(stripped.split()) <= DATELINE_MAX_WORDS and stripped[-1] in DATELINE_PUNCTUATION


@dataclass(frozen=True, slots=True)
class Detection:
    day: date
    start: int  # span of the deciding expression in the normalised text
    end: int
    score: int
    reasons: tuple[str, ...]


def detect_published(text: str, found: list[Found], today_word: str, body_start: int = 0) -> Detection | None:
    """The most likely publication date among ``found`` (resolved without an anchor)."""
    today_near = regex.compile(rf"(?<![\p{{L}}]){regex.escape(today_word)}(?![\p{{L}}])")
    best: Detection | None = None
    for f in found:
        if f.granularity != "day" or f.day is None or f.weekday_mismatch:
            continue
        score = 0
        reasons: list[str] = []
        if f.today:
            score += SCORE_TODAY_LEAD
            reasons.append("introduced by اليوم")
        elif today_near.search(text, max(0, f.start - TODAY_WINDOW), f.start):
            score += SCORE_TODAY_NEAR
            reasons.append("اليوم just before it")
        if _is_dateline(text[body_start : f.start]):
            score += SCORE_DATELINE
            reasons.append("dateline at the start")
        if f.weekday is not None:
            score += SCORE_WEEKDAY_AGREES
            reasons.append("named weekday agrees")
        if score < MIN_SCORE:
            continue
        candidate = Detection(f.day, f.start, f.end, score, tuple(reasons))
        if best is None or (candidate.score, candidate.day) > (best.score, best.day):
            best = candidate
    return best
