"""A name that is a country and its capital city read as the city where the text says "the capital" (round 33,
issue 13): ``وسط تونس العاصمة``, ``الكويت العاصمة``, ``جيبوتي العاصمة`` ("Tunis the capital": the city named apart
from its country of one name), ``العاصمة تونس``, ``بالعاصمة التونسية تونس``.

The words are ``data/geo_capital_words.tsv``: before the name (``العاصمة``, ``بالعاصمة``, with a country adjective
or none between them) or after it (``العاصمة``).  A country adjective between them says the city's country
(``العاصمة الأردنية عمان``: Amman, Jordan, not Oman).  The places stage asks this of a name the scan found
(``_capital_and_dateline_towns``) and, since round 33, of a country the entity stage tagged: a tagged country had
only the country's entry, so ``تونس العاصمة`` stayed Tunisia whatever the words around it said.
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

import regex

from marsad.resources import read_tsv_dicts
from marsad.text.country_adjectives import nisba_words
from marsad.text.normalize import normalize

# The last word before a position (only spaces after it, on the same line) and the first word after one.
_WORD_BEFORE = regex.compile(r"(\p{L}[\p{L}\p{M}]*)[^\S\n]*$")
_WORD_AFTER = regex.compile(r"[^\S\n]+(\p{L}[\p{L}\p{M}]*)")
# A definite feminine adjective (normalised: ة is ه), as after العاصمة in الاقتصادية, الثقافية, العربية.
_ADJECTIVE = regex.compile(r"ال\p{L}+يه")
# How far back the words before a name are looked for: a capital's word and an adjective.
_WINDOW = 40


class CapitalSaid(NamedTuple):
    """The text calls the name a capital; ``country`` is the ISO code of an adjective between them, if any."""

    country: str | None


@cache
def capital_words(position: str) -> frozenset[str]:
    """The normalised words of ``data/geo_capital_words.tsv`` said ``before`` or ``after`` a capital's name."""
    return frozenset(normalize(row["word"]) for row in read_tsv_dicts("geo_capital_words.tsv")
                     if row["position"] == position)


def _word_before(text: str, start: int) -> tuple[str, int] | None:
    """The normalised word right before ``start`` and where it starts."""
    window_start = max(0, start - _WINDOW)
    found = _WORD_BEFORE.search(text, window_start, start)
    if found is None:
        return None
    return normalize(found.group(1)), found.start(1)


def capital_said(text: str, start: int, end: int) -> CapitalSaid | None:
    """Whether the words right before ``text[start:end]`` (a capital's word, then at most a country adjective) or
    the word right after it (``تونس العاصمة``) call it a capital."""
    before = _word_before(text, start)
    if before is not None:
        word, word_start = before
        country = nisba_words().get(word)
        if country is not None:
            before = _word_before(text, word_start)
            word = before[0] if before is not None else ""
        if word in capital_words("before"):
            return CapitalSaid(country)
    after = _WORD_AFTER.match(text, end)
    if after is None or normalize(after.group(1)) not in capital_words("after"):
        return None
    # ``الكويت العاصمة الاقتصادية للخليج`` "Kuwait is the Gulf's economic capital": an adjective after the word
    # makes it what the text says of the country, not the city's name.
    described = _WORD_AFTER.match(text, after.end())
    if described is not None and _ADJECTIVE.fullmatch(normalize(described.group(1))):
        return None
    return CapitalSaid(None)
