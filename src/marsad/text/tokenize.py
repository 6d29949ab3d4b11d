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

import regex

from marsad.resources import read_yaml

# A word: letters with their combining marks, tatweel, and joiners/ZW marks kept
# inside (the repair stage deals with those); digits form their own tokens.
WORD_RE = regex.compile(r"[\p{L}\p{M}\u0640]+(?:[\u200c\u200d][\p{L}\p{M}\u0640]+)*|\p{N}+(?:[.,:]\p{N}+)*")


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str


def tokens(text: str) -> Iterator[Token]:
    for m in WORD_RE.finditer(text):
        yield Token(m.start(), m.end(), m.group())


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


def readings(word: str, *, suffixes: bool = True) -> list[Reading]:
    """All clitic readings of a (normalised) word, the word as written first."""
    prefixes, enclitics, min_stem = _clitics()
    found = [Reading("", word, "")]
    seen = {("", word, "")}
    for prefix in ("", *prefixes):
        if not word.startswith(prefix):
            continue
        rest = word[len(prefix) :]
        for suffix in ("", *(enclitics if suffixes else ())):
            if suffix and not rest.endswith(suffix):
                continue
            stem = rest[: len(rest) - len(suffix)] if suffix else rest
            if len(stem) < min_stem:
                continue
            key = (prefix, stem, suffix)
            if key not in seen:
                seen.add(key)
                found.append(Reading(prefix, stem, suffix))
    return found
