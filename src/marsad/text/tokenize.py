"""Word tokens with offsets, and clitic readings of a word for lexicon lookup.

Arabic attaches conjunctions, prepositions and the article to the word
(``وبريطانيا``, ``بإدلب``, ``لحلب``) and pronouns to its end.  Lookups try the
word as written first, then the readings with clitics removed.  The clitic
inventory lives in ``data/clitics.yaml``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, repeat
from typing import NamedTuple

import regex

from marsad.resources import read_yaml

# A word: letters with their combining marks, tatweel, and joiners/ZW marks kept
# inside (the repair stage deals with those); digits form their own tokens.
WORD_RE = regex.compile(r"[\p{L}\p{M}\u0640]+(?:[\u200c\u200d][\p{L}\p{M}\u0640]+)*|\p{N}+(?:[.,:]\p{N}+)*")


class Token(NamedTuple):
    """A word with its [start, end) offsets (a tuple: an article makes hundreds of them, and a
    tuple is made in C where a frozen dataclass runs ``__init__`` and ``object.__setattr__``)."""

    start: int
    end: int
    text: str


# The words as separators of a split: ``split`` returns the text between words and the words
# alternately, so the offsets are running sums of the parts' lengths, with no match object per word.
_WORD_SPLIT_RE = regex.compile("(" + WORD_RE.pattern + ")")
_new_tuple = tuple.__new__


def tokens(text: str) -> Iterator[Token]:
    """The words of ``text`` with their offsets, in order."""
    parts = _WORD_SPLIT_RE.split(text)  # between, word, between, …, between
    bounds = list(accumulate(map(len, parts)))  # where each part ends
    return map(_new_tuple, repeat(Token), zip(bounds[0:-1:2], bounds[1::2], parts[1::2], strict=True))


@dataclass(frozen=True, slots=True)
class Reading:
    """One way to read a word: ``prefix + stem + suffix`` where prefix/suffix are clitics."""

    prefix: str
    stem: str
    suffix: str


@lru_cache(maxsize=1)
def _clitics() -> tuple[tuple[str, ...], tuple[str, ...], int]:
    data = read_yaml("clitics.yaml")
    prefixes = tuple(sorted(data["proclitic_sequences"], key=len, reverse=True))
    suffixes = tuple(sorted(data["enclitics"], key=len, reverse=True))
    return prefixes, suffixes, int(data["min_stem_length"])


@lru_cache(maxsize=1)
def _clitics_by_length() -> tuple[tuple[tuple[int, frozenset[str]], ...], tuple[tuple[int, frozenset[str]], ...], int]:
    """The clitics grouped by length, longest first: a word starts (or ends) with at most one clitic of
    each length, so one slice and one set lookup per length replace a ``startswith`` per clitic."""
    prefixes, enclitics, min_stem = _clitics()

    def by_length(clitics: tuple[str, ...]) -> tuple[tuple[int, frozenset[str]], ...]:
        lengths = sorted({len(c) for c in clitics if c}, reverse=True)
        return tuple((n, frozenset(c for c in clitics if len(c) == n)) for n in lengths)

    return by_length(prefixes), by_length(enclitics), min_stem


def proclitic_splits(word: str) -> list[tuple[str, str]]:
    """``(prefix, stem)`` of the readings of a word without enclitics, in the order of
    ``readings(word, suffixes=False)``, without making a :class:`Reading` each."""
    prefix_groups, _suffix_groups, min_stem = _clitics_by_length()
    found = [("", word)]  # (as written, however short: as readings gives it)
    for n, group in prefix_groups:
        head = word[:n]
        if head in group and len(word) - n >= min_stem:
            found.append((head, word[n:]))
    return found


def readings(word: str, *, suffixes: bool = True) -> list[Reading]:
    """All clitic readings of a (normalised) word, the word as written first."""
    prefix_groups, suffix_groups, min_stem = _clitics_by_length()
    found = [Reading("", word, "")]
    seen = {("", word, "")}
    # Longest clitic first, as in the clitic tables sorted by length (the order of the readings).
    for prefix in ("", *(word[:n] for n, group in prefix_groups if word[:n] in group)):
        rest = word[len(prefix) :]
        endings = ("", *(rest[-n:] for n, group in suffix_groups if rest[-n:] in group)) if suffixes else ("",)
        for suffix in endings:
            stem = rest[: len(rest) - len(suffix)] if suffix else rest
            if len(stem) < min_stem:
                continue
            key = (prefix, stem, suffix)
            if key not in seen:
                seen.add(key)
                found.append(Reading(prefix, stem, suffix))
    return found
