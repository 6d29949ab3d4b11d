"""A quarter of a town named with its town (round 32, issue 13): ``حي النزهة بجدة``, ``حي السليمانية بالرياض``,
``حي الروضة بمدينة تعز``, ``حي رحاب شمال الطائف`` is placed at the town the text puts it in, and so is a stadium
named after a place (``ملعب البتراء بمدينة عمان``: Amman, not Petra 200 km south).

A name after a cue that names a part of a town (``حي``, ``within`` = city in ``data/geo_cues.tsv``, and the street
words of ``data/geo_street_words.tsv``) is a quarter (or a street); the gazetteer has few quarters, so the name was
reported with no location (``حي النزهة``: a Jeddah quarter, and a hundred places of the name elsewhere) or, where
the article seemed to support one, at a namesake (Riyadh's ``السليمانية`` at Sulaymaniyah, Iraq).  When the next
words say the town it is in (``data/geo_quarter_links.tsv``: ``ب``, ``في``, ``بمدينة``, a direction) and that town is
resolved in the article, the quarter is placed at the town: the gold places a neighbourhood at its town's
coordinates (Taiz's quarters at Taiz), so this is right to within the town's size.

Asked after the rules, the learned scorer and the drops, as the teams are (:mod:`marsad.stages.place_teams`): the
scorer's candidates, and so what ``marsad train places`` learns from, stay the same.
"""

from __future__ import annotations

import itertools
from collections import Counter
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

import regex

from marsad.geo.gazetteer import Entry
from marsad.geo.resolve import haversine_km
from marsad.geo.scan import local_cue_words, name_readings
from marsad.resources import read_tsv_dicts
from marsad.text.normalize import normalize

if TYPE_CHECKING:
    from marsad.stages.places import Mention

# A town's quarter lies within this distance of the town's point: a quarter resolved nearer than this is kept
# as it is (a quarter the gazetteer has, or the town itself), one farther is a namesake elsewhere.
QUARTER_KM = 25.0
# ACLED-style precision of a town (``marsad.geo.gazetteer``): only a town is a quarter's town, not a region
# (``حي الشامية بمنطقة جازان``: a region's point may lie far from the quarter) nor a country.
TOWN_PRECISION = 1
# At most this many words between the quarter's name and its town's (``بمدينة``, ``غرب العاصمة``).
MAX_LINK_WORDS = 2
# The proclitic "in" written onto a town's name (بجدة, وبالرياض), as the normalised view reads it.
GLUED_IN = ("ب", "وب")

_WORD_BEFORE = regex.compile(r"(\p{L}+)\s+$")
# The same, the name quoted (استاد "الإمارات" في العاصمة لندن: round 32, branch plc32b): the word, then an opening
# mark written apart from it; and the closing mark right after the name, before the words that state the town.
_WORD_BEFORE_QUOTE = regex.compile(r"(\p{L}+)\s+[\"«“]\s*$")
_CLOSING_MARK = regex.compile(r"\s*[\"»”]")
_LETTERS_ONLY = regex.compile(r"[\p{L}\s]*")


@cache
def _links() -> dict[str, str]:
    return {normalize(row["word"]): row["kind"] for row in read_tsv_dicts("geo_quarter_links.tsv")}


@cache
def _facility_words() -> frozenset[str]:
    return frozenset(normalize(row["word"]) for row in read_tsv_dicts("geo_town_facilities.tsv"))


def _part_of_town(text: str, mention: Mention) -> str | None:
    """``quarter`` when the word right before the mention is a cue of a part of a town (``حي``, ``بحي``, ``وحي``,
    ``شارع``), ``facility`` when it is a facility's word (``ملعب``, ``استاد``: ``data/geo_town_facilities.tsv``)."""
    if mention.local:
        return "quarter"
    window = text[max(0, mention.start - 30) : mention.start]
    found = _WORD_BEFORE.search(window) or _WORD_BEFORE_QUOTE.search(window)
    if found is None:
        return None
    stems = {stem for _prefix, stem in name_readings(normalize(found.group(1)))}
    if stems & local_cue_words():
        return "quarter"
    return "facility" if stems & _facility_words() else None


def _states_the_town(gap: str) -> bool:
    """The text between a quarter's name and a town's says the quarter is in the town: only link words, the
    last one or the town itself with a proclitic ``ب`` (``بجدة``: the gap ends in ``ب``), and something that says
    "in" (``ب``, ``في``, a direction).  Punctuation, another name or a verb between link nothing."""
    if not _LETTERS_ONLY.fullmatch(gap) or not gap[:1].isspace():
        return False
    words = normalize(gap).split()
    glued = bool(words) and not gap[-1:].isspace()  # (the town's proclitic, written onto it: بجدة)
    if glued:
        if words[-1] not in GLUED_IN:
            return False
        words = words[:-1]
    if len(words) > MAX_LINK_WORDS:
        return False
    says_in = glued
    for word in words:
        stem = word[1:] if word.startswith("ب") and word[1:] in _links() else word
        kind = _links().get(stem)
        if kind is None:
            return False
        says_in = says_in or kind in ("in", "direction") or stem != word
    return says_in


def _after_the_name(text: str, mention: Mention, town_start: int) -> str:
    """The text between a quarter's or a facility's name and the town's, past the mark that closes a quoted name
    (``استاد "الإمارات" في العاصمة لندن``); a mark after a name not quoted is left in it and links nothing."""
    gap = text[mention.end : town_start]
    if _WORD_BEFORE_QUOTE.search(text[max(0, mention.start - 30) : mention.start]) is None:
        return gap
    closing = _CLOSING_MARK.match(gap)
    return gap[closing.end() :] if closing is not None else gap


class TownPart(NamedTuple):
    town: Entry  # the town it is placed at
    kind: str  # quarter (a quarter or a street) or facility (a stadium)


def quarters_of_towns(text: str, mentions: list[Mention]) -> dict[int, TownPart]:
    """``id(mention)`` → the town it is placed at, for every quarter or facility among ``mentions`` (the stage's
    kept mentions) whose town the next words state and the stage resolved to a town, unless the name is already
    resolved near that town."""
    ordered = sorted(mentions, key=lambda m: m.start)
    out: dict[int, TownPart] = {}
    for mention, town in itertools.pairwise(ordered):
        entry = _town(town)
        if entry is None:
            continue
        kind = _part_of_town(text, mention)
        if kind is None:
            continue
        if not mention.candidates and not normalize(text[mention.start : mention.end]).startswith("ال"):
            continue  # (an adjective the entity stage tagged: حي سكني في كابول "a residential quarter in Kabul")
        if town.start - mention.end > 40 or not _states_the_town(_after_the_name(text, mention, town.start)):
            continue
        own = mention.choice.entry if mention.choice is not None else None
        if own is not None and haversine_km(own.lat, own.lon, entry.lat, entry.lon) <= QUARTER_KM:
            continue  # (the gazetteer's own quarter, or a record of the town)
        out[id(mention)] = TownPart(entry, kind)
    _quarters_of_the_sentence(text, ordered, out)
    return out


def _town(mention: Mention) -> Entry | None:
    """The town ``mention`` was resolved to, or None when it is unresolved, a region or a country."""
    entry = mention.choice.entry if mention.choice is not None else None
    if entry is None or entry.precision != TOWN_PRECISION or entry.feature in ("country", "region"):
        return None
    return entry


def _quarters_of_the_sentence(text: str, ordered: list[Mention], out: dict[int, TownPart]) -> None:
    """A quarter (``حي``, a definite name) left unresolved whose town the next words do not state, in a sentence
    that names one town only, in the country most of the article's places are in: the quarter is that town's
    (``باشرت فرق الدفاع المدني بالرياض حريقا في عمارة سكنية بحي الخالدية``).  A quarter the stage resolved is
    left alone (``حي التواهي`` of Aden in a sentence that names another town), and so is a town abroad in a story
    about another country (a town read where the text has a word: ``عمارة`` "a building" as al-Amarah, Iraq).
    A sentence that names no other place at all gives the quarter the article's town, when the article has one
    town in its country (round 34, :func:`_article_towns`)."""
    countries = Counter(m.choice.entry.country for m in ordered if m.choice is not None and m.choice.entry.country)
    top = max(countries.values(), default=0)
    focus = {country for country, count in countries.items() if count == top}
    # The article's towns are the same for every quarter (the quarters this loop places are unresolved
    # mentions, never towns): read once, when a quarter first needs them.
    article_towns: dict[tuple[float, float], Entry] | None = None
    for mention in ordered:
        if id(mention) in out or mention.choice is not None or _part_of_town(text, mention) != "quarter":
            continue
        if not normalize(text[mention.start : mention.end]).startswith("ال"):
            continue
        start, end = _sentence(text, mention.start, mention.end)
        towns: dict[tuple[float, float], Entry] = {}
        for other in ordered:  # (the first entry of a town named twice: بمكة المكرمة before بالعاصمة المقدسة)
            if (other is not mention and start <= other.start < end and _part_of_town(text, other) is None
                    and _named_as_where(text, other.start) and (entry := _town(other)) is not None):
                towns.setdefault(_town_key(entry), entry)
        if not towns and not _other_places(text, ordered, mention, start, end):
            if article_towns is None:
                article_towns = _article_towns(text, ordered, out, focus)
            towns = article_towns
        if len(towns) != 1:
            continue
        (entry,) = towns.values()
        if entry.country in focus:
            out[id(mention)] = TownPart(entry, "quarter")


def _other_places(text: str, ordered: list[Mention], mention: Mention, start: int, end: int) -> bool:
    """The sentence ``[start, end)`` names a place besides ``mention`` that is not a quarter or a facility: a town
    the stage left unresolved (``حي الجوهرة بالخبر``), a region (``حي القابل بمنطقة نجران``) or a country."""
    return any(
        other is not mention and start <= other.start < end and _part_of_town(text, other) is None
        for other in ordered
    )


def _article_towns(text: str, ordered: list[Mention], out: dict[int, TownPart],
                   focus: set[str]) -> dict[tuple[float, float], Entry]:
    """The towns of the article's focus country the stage resolved, quarters and facilities left out, that the
    article names as where something is (``في جدة``, ``بمكة المكرمة``) or names twice or more (round 34: a quarter
    whose sentence names no place is the article's town's when the article has one such town: ``في حي السور`` of a
    Yanbu story, ``بحي الجزيرة`` of one about Riyadh's feast).  A town named once and not as where is as often a
    word read as a town (``بداخل عمارة`` "inside a building" as al-Amarah, Iraq) or a town the quarter is not in
    (``بالخبر اليوم- الدمام``: a Khobar quarter, Dammam named once in the paper's dateline)."""
    towns: dict[tuple[float, float], Entry] = {}
    named: Counter[tuple[float, float]] = Counter()
    where: set[tuple[float, float]] = set()
    for other in ordered:
        entry = _town(other)
        if id(other) in out or entry is None or entry.country not in focus or _part_of_town(text, other) is not None:
            continue
        key = _town_key(entry)
        towns.setdefault(key, entry)
        named[key] += 1
        if _named_as_where(text, other.start):
            where.add(key)
    return {key: entry for key, entry in towns.items() if named[key] >= 2 or key in where}


def _town_key(entry: Entry) -> tuple[float, float]:
    """One town however it is named: entries at one point (to about a kilometre) are one town, so Makkah named
    ``بمكة المكرمة`` and ``بالعاصمة المقدسة`` (an entry of ``geo_named_areas.tsv`` at the city, round 35) is the
    sentence's or the article's one town, not two."""
    return round(entry.lat, 2), round(entry.lon, 2)


_WORD_AND_GLUED = regex.compile(r"(\p{L}*)\s*$")


def _named_as_where(text: str, start: int) -> bool:
    """The town is named as where something is: with ``ب`` written onto it (``بالرياض``, ``بجدة``) or after ``في``
    or a town's word (``في جدة``, ``بمحافظة جدة``, ``العاصمة الرياض``), not as a word of another sense (``متوسطة
    أجا`` "the Aja middle school", ``بداخل عمارة`` "inside a building")."""
    glued = _WORD_AND_GLUED.search(text[max(0, start - 3) : start])
    if glued is not None and glued.group(1) and not text[start - 1 : start].isspace():
        return normalize(glued.group(1)) in GLUED_IN
    before = _WORD_BEFORE.search(text[max(0, start - 30) : start])
    if before is None:
        return False
    word = normalize(before.group(1))
    stem = word[1:] if word.startswith(("ب", "و")) and word[1:] in _links() else word
    return _links().get(stem) in ("in", "town")


_SENTENCE_END = regex.compile(r"[.!؟\n]")


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    before = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    after = _SENTENCE_END.search(text, end)
    return (before[-1] if before else 0), (after.start() if after else len(text))
