"""Places inside a quoted name that a naming word introduces (round 34, branch plc34b): ``عُرف باسم "الدولة
الإسلامية في العراق والشام"`` names a group, ``حملة بعنوان «معاً من أجل الأردن»`` a campaign; neither is Iraq or
Jordan.  Nor is a place right after a bloc's or a call's word (``كتلة القدس``, ``حركة نداء تونس``).  The words are
data (``data/geo_naming_words.tsv``).

A country the entity stage tagged is no exception (the organisation cues exempt countries inside a quotation
after an organisation's word, :func:`marsad.stages.places._inside_quoted_org_name`; a naming word names no
country's company or newspaper).  A quotation the place opens (``تعرف باسم "العراق"``, ``المعروف باسم "نهر الراين
الرومانسي"``) names the place and keeps it.  The mentions are dropped after the rules and the learned scorer have
read the article, as the teams' and museums' are (:mod:`marsad.stages.place_names_of`): the scorer's candidates stay
the same.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import regex

from marsad.geo.scan import name_readings
from marsad.resources import read_tsv_dicts
from marsad.text.normalize import normalize

if TYPE_CHECKING:
    from marsad.stages.places import Mention

WINDOW = 60  # how far a quotation's marks may lie from the name (a short name, not a paragraph)
_OPENING_MARKS = frozenset('"«“')
# What may not stand between a mark and the name: the quotation ended, or the sentence did.
_NOT_INSIDE = frozenset('.،:؛!?؟\n»”')
# The word right before an opening mark (spaces between), and right before a name.
_WORD_BEFORE_MARK = regex.compile(r"(\p{L}+)[^\S\n]*$")
_WORD_BEFORE = regex.compile(r"(\p{L}+)\s+$")
_LETTER = regex.compile(r"\p{L}")


@cache
def _naming_words(position: str) -> frozenset[str]:
    rows = read_tsv_dicts("geo_naming_words.tsv")
    return frozenset(normalize(r["word"]) for r in rows if r["position"] == position)


def _is_one_of(word: str, words: frozenset[str]) -> bool:
    """``word`` (normalised), proclitics off, is one of ``words``."""
    return any(stem in words for _prefix, stem in name_readings(word))


def _opening_mark(text: str, start: int) -> int | None:
    """The offset of the opening mark of a quotation the name at ``start`` is inside, or None.  A ``"`` opens when a
    letter follows it at once (one written apart from the next word closes a quotation); ``«`` and ``“`` always open."""
    first = max(0, start - WINDOW)
    for i in range(start - 1, first - 1, -1):
        char = text[i]
        if char in _NOT_INSIDE:
            return None
        if char in _OPENING_MARKS:
            if char == '"' and not (i + 1 < len(text) and text[i + 1].isalpha()):
                return None
            return i
    return None


def in_named_quotation(text: str, start: int, end: int) -> bool:
    """The place at ``[start, end)`` is inside a quotation that opens right after a naming word, with words of the
    quotation before it.  A quotation the place opens is the place's own name (``المعروف باسم "نهر الراين
    الرومانسي"``, the Romantic Rhine: the place with its adjective)."""
    mark = _opening_mark(text, start)
    if mark is None:
        return False
    found = _WORD_BEFORE_MARK.search(text[max(0, mark - 30) : mark])
    if found is None:
        return False
    if not _is_one_of(normalize(found.group(1)), _naming_words("quotation")):
        return False
    return bool(_LETTER.search(text, mark + 1, start))


def after_name_head(text: str, start: int) -> bool:
    """The word right before the place at ``start`` opens a bloc's or a party's name (``كتلة القدس``, ``حركة نداء
    تونس``: ``position`` = before)."""
    found = _WORD_BEFORE.search(text[max(0, start - 30) : start])
    return found is not None and _is_one_of(normalize(found.group(1)), _naming_words("before"))


def drop_places_in_named_quotations(text: str, mentions: list[Mention]) -> list[Mention]:
    """The mentions but those inside a quoted name a naming word introduces or right after a name's head word; a
    place after a place word of its own (``باسم "منطقة الباحة"``) is the place named."""
    return [
        m for m in mentions
        if m.cue is not None or not (in_named_quotation(text, m.start, m.end) or after_name_head(text, m.start))
    ]
