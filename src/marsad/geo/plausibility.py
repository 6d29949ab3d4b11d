"""Is a scanned gazetteer name an ordinary word here?  Evidence from the written word and its neighbour.

The gazetteer side already knows how common each name is as a word (``Gazetteer.zipf``), which
proclitics turn it into a word (``prefix_words``) and which names need a cue (``policy``).  What it
cannot know is how the name is written in this sentence:

* case endings: a name never takes tanween, an adverb or an indefinite noun does (``جويًا`` "by air" is
  not Goya, ``سلامًا``);
* agreement: an indefinite feminine adjective right after an indefinite plural or feminine noun
  (``مظاهرات سلمية`` "peaceful protests" is not Salamiyah);
* counting: a number word right before a calendar unit (``الخمس سنوات`` "the five years" is not Al Khums;
  the number and unit words are the times stage's, ``time_numbers.tsv`` and ``time_units.tsv``);
* function words: a particle that governs only verbs (``وقد بوشر بالعمل`` "work was begun" is not Bawshar) or a
  demonstrative before a definite name (``أصغر هذه الإمارات`` "the smallest of these emirates"):
  ``geo_function_words.tsv``.
"""

from __future__ import annotations

from functools import cache

import regex

from marsad.geo.scan import cue_words, name_readings
from marsad.resources import read_tsv_dicts
from marsad.text.normalize import normalize

# Fathatan, dammatan, kasratan.
TANWEEN = frozenset("\u064b\u064c\u064d")
_ADJECTIVE_ENDING = "يه"  # the matching view's folding of ية
_NOUN_ENDINGS = ("ات", "ه")  # an indefinite plural (مظاهرات) or feminine noun (وسيلة)


def _written_word(text: str, start: int, end: int) -> str:
    """The span with the marks written right after it (the tanween of جويًا sits inside or after)."""
    stop = end
    while stop < len(text) and "\u064b" <= text[stop] <= "\u0652":
        stop += 1
    return text[start:stop]


def has_tanween(text: str, start: int, end: int) -> bool:
    return not TANWEEN.isdisjoint(_written_word(text, start, end))


def is_agreeing_adjective(key: str, prefix: str, previous: str | None) -> bool:
    """``سلمية`` after ``مظاهرات``: an indefinite adjective in -iyya agreeing with the noun before it."""
    if previous is None or prefix or " " in key or key.startswith("ال") or not key.endswith(_ADJECTIVE_ENDING):
        return False
    if previous.startswith(("ال", "وال", "بال", "فال", "لل")) or not previous.endswith(_NOUN_ENDINGS):
        return False
    cues = cue_words()
    return not any(stem in cues for _prefix, stem in name_readings(previous))


_NEXT_WORD = regex.compile(r"\s+(\p{L}+)")


def cardinal_words() -> frozenset[str]:
    """The times stage's cardinal number words (``time_numbers.tsv``), normalised: a word right after one is
    a counted noun (``أحد عشر بروتونا``)."""
    return _cardinals()


@cache
def _cardinals() -> frozenset[str]:
    return frozenset(normalize(r["form"]) for r in read_tsv_dicts("time_numbers.tsv") if r["kind"] == "cardinal")


@cache
def _units() -> frozenset[str]:
    return frozenset(normalize(r["form"]) for r in read_tsv_dicts("time_units.tsv"))


def is_counting_number(text: str, end: int, key: str) -> bool:
    """``الخمس سنوات``: a number word (with or without its article) right before a calendar unit."""
    bare = key[2:] if key.startswith("ال") else key
    if bare not in _cardinals():
        return False
    following = _NEXT_WORD.match(text, end)
    return following is not None and normalize(following.group(1)) in _units()


def ordinary_word_reason(
    text: str, start: int, end: int, key: str, prefix: str, previous: str | None
) -> str | None:
    """Why the name at ``[start, end)`` of the original text is an ordinary word here, or None."""
    if has_tanween(text, start, end):
        return "written with tanween"
    if is_agreeing_adjective(key, prefix, previous):
        return "an adjective agreeing with the noun before it"
    if is_counting_number(text, end, key):
        return "a number before a calendar unit"
    return function_word_reason(key, previous)


@cache
def _function_words() -> dict[str, str]:
    return {normalize(r["word"]): r["kind"] for r in read_tsv_dicts("geo_function_words.tsv")}


def function_word_reason(key: str, previous: str | None) -> str | None:
    """Why a name right after ``previous`` (normalised) is no place: a particle that only governs a verb (the
    name is the verb), or a demonstrative before a definite plural (a common noun: ``هذه الإمارات`` "these
    emirates"; a singular after one is often the place named again: ``هذه المملكة`` for Saudi Arabia, ``هذا
    الخليج``)."""
    kind = _function_words().get(previous) if previous is not None else None
    if kind == "verb":
        return "a verb after a verbal particle"
    if kind == "demonstrative" and key.startswith("ال") and key.endswith("ات") and " " not in key:
        return "a common plural after a demonstrative"
    return None


def definite_after_demonstrative(key: str, previous: str | None) -> bool:
    """A definite one-word name right after a demonstrative (``هذه العمارة`` "this building", ``هذا المزار`` "this
    shrine"): a common noun when the name is only a town's (:func:`marsad.stages.places._demonstrative_town`), for a
    town is not named again with a demonstrative, while a country, a division or a region is (``هذه المملكة``,
    ``هذا الخليج``). None of the train and dev gold places follows a demonstrative."""
    return (
        previous is not None and key.startswith("ال") and " " not in key
        and _function_words().get(previous) == "demonstrative"
    )
