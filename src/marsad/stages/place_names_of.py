"""Place names inside the name of something else that encyclopaedic text writes: a dynasty (``دولة بني طولون``) and
a museum (``متحف دمشق الوطني``).

Both are dropped after the rules and the learned scorer have read the article, as the teams are
(:mod:`marsad.stages.place_teams`): the scorer's candidates, and so what ``marsad train places`` learns from, stay
the same.  The words are data (``data/geo_dynasty_words.tsv``, ``data/geo_building_words.tsv``).
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

# The word right before a name (spaces between), and the word right after it.
_WORD_BEFORE = regex.compile(r"(\p{L}+)\s+$")
_WORD_AFTER = regex.compile(r"\s+(\p{L}+)")
# Words after a name that begin with the article and end in ي without being an adjective of the building.
_NOT_ADJECTIVES = frozenset(("الذي", "التي"))


@cache
def _dynasty_words(kind: str) -> frozenset[str]:
    return frozenset(normalize(r["word"]) for r in read_tsv_dicts("geo_dynasty_words.tsv") if r["kind"] == kind)


@cache
def _building_words() -> frozenset[str]:
    return frozenset(normalize(r["word"]) for r in read_tsv_dicts("geo_building_words.tsv"))


def _is_one_of(word: str | None, words: frozenset[str]) -> bool:
    """``word`` (normalised), proclitics off, is one of ``words``."""
    return word is not None and any(stem in words for _prefix, stem in name_readings(word))


def _word_before(text: str, start: int) -> str | None:
    found = _WORD_BEFORE.search(text[max(0, start - 30) : start])
    return normalize(found.group(1)) if found else None


def _word_after(text: str, end: int) -> str | None:
    found = _WORD_AFTER.match(text, end)
    return normalize(found.group(1)) if found else None


def _dynasty(text: str, mention: Mention) -> bool:
    """A lineage word alone (``بني`` of ``دولة بني طولون``), or a name it opens after a polity's word (``دولة بني
    العباس``, not the town Béni Abbès)."""
    words = normalize(text[mention.start : mention.end]).split()
    if not words or not _is_one_of(words[0], _dynasty_words("lineage")):
        return False
    return len(words) == 1 or _is_one_of(_word_before(text, mention.start), _dynasty_words("polity"))


def _museum(text: str, mention: Mention) -> bool:
    """A town between a museum's word and the museum's adjective (``متحف دمشق الوطني``: the adjective agrees with
    the museum, so the town is its name's; ``هجوم متحف باردو`` without one locates the museum and stays), or a place
    tag the gazetteer does not know that opens with the word (``ومتحف الطب والعلوم``)."""
    building = _building_words()
    words = normalize(text[mention.start : mention.end]).split()
    if mention.choice is None and len(words) > 1 and _is_one_of(words[0], building):
        return True
    if not _is_one_of(_word_before(text, mention.start), building):
        return False
    after = _word_after(text, mention.end)
    return (
        after is not None and len(after) > 4 and after.startswith("ال") and after.endswith("ي")
        and after not in _NOT_ADJECTIVES
    )


def drop_names_of_dynasties_and_museums(text: str, mentions: list[Mention]) -> list[Mention]:
    """The mentions but those inside a dynasty's or a museum's name."""
    return [m for m in mentions if not (_dynasty(text, m) or _museum(text, m))]
