"""Document consistency of the tagger's names: a name tagged once is the same name where it recurs.

An article names its people, clubs and places several times, and the tagger, which
sees one sentence's neighbourhood, finds some mentions and misses others (``فنسبري
بارك`` tagged after ``مسجد``, missed in the next paragraph).  Every name the tagger
found (PERSON, LOC, ORG) is looked up again over the article's untagged tokens and
tagged there with its most frequent type; the surname of a full PERSON name is also
that person (``يحيى بيرت`` … ``بيرت``).  A name's first word is compared with and
without a leading particle, keeping the article (``وبوتين`` = ``بوتين``, ``للأمم`` =
``الأمم``, but ``الأسد`` ≠ ``أسد`` "lion"), and a one-word name that is a function word or a name part as written (``data/ner_stopwords.tsv``)
is never spread.  Only untagged tokens are changed: the tagger's own names stay.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from marsad.ner.iob import chunks
from marsad.resources import read_tsv_dicts
from marsad.text.memo import WordMemo
from marsad.text.normalize import normalize

SPREAD_TYPES = frozenset({"PERSON", "LOC", "ORG"})
# A name shorter than this (letters, all its words) is too ambiguous to spread.
MIN_NAME_CHARS = 3
# A surname found inside a full name counts half a vote against a name tagged as written.
SURNAME_VOTE = 0.5


@lru_cache(maxsize=1)
def _never_alone() -> frozenset[str]:
    """Normalised words that are never a one-word name (``data/ner_stopwords.tsv``)."""
    return frozenset(normalize(row["word"]) for row in read_tsv_dicts("ner_stopwords.tsv"))


# Particles that may be written before a name, longest first.
_PARTICLES = ("وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك")


def _split_readings(word: str) -> tuple[str, ...]:
    found = [word]
    for particle in _PARTICLES:
        rest = word[len(particle) :]
        if word.startswith(particle) and len(rest) >= 2:
            if rest.startswith("ل") and particle.endswith("ل"):
                rest = "ا" + rest  # لل + name = ل + الname
            if rest not in found:
                found.append(rest)
    return tuple(found)


# A normalised word as written and without a leading particle (للأمم → الأمم), by word form.
readings: WordMemo[tuple[str, ...]] = WordMemo(_split_readings)


def _forms_read_as(reading: str) -> frozenset[str]:
    """Every word one of whose :func:`_split_readings` is ``reading``: the inverse of that function."""
    forms = {reading}
    for particle in _PARTICLES:
        if particle.endswith("ل") and reading.startswith("ل"):
            continue  # particle + لX reads as اX, never as لX
        if len(reading) >= 2:
            forms.add(particle + reading)
        if particle.endswith("ل") and reading.startswith("ال") and len(reading) >= 3:
            forms.add(particle + reading[1:])  # لل + name = ل + الname
    return frozenset(forms)


# The words that may be written for a name's first word (الأمم ← الأمم, للأمم, والأمم …), by reading.
# About 1.7 KB a reading (a set of some twenty new strings), and a corpus keeps bringing new names: at the
# per-word memos' 131,072 the memo grew a long run's memory by tens of MB.  4,096 readings: over 3,000
# articles sampled across SaudiNewsNet, 34,027 calls, hit rate 0.63 against 0.74 unbounded (a miss costs
# 2.5 µs: ~3 ms per 1,000 articles).
written_as: WordMemo[frozenset[str]] = WordMemo(_forms_read_as, limit=1 << 12)


def spread_names(words_of: Sequence[Sequence[str]], tags_of: Sequence[Sequence[str]]) -> list[list[str]]:
    """The tags of an article's sentences (normalised words) with its names tagged where they recur."""
    never_alone = _never_alone()
    votes: dict[tuple[str, ...], dict[str, float]] = {}

    def vote(name: Sequence[str], kind: str, weight: float) -> None:
        if sum(map(len, name)) < MIN_NAME_CHARS or (len(name) == 1 and name[0] in never_alone):
            return
        for first in readings(name[0]):
            if len(name) == 1 and first in never_alone:
                return
            counts = votes.setdefault((first, *name[1:]), {})
            counts[kind] = counts.get(kind, 0.0) + weight

    for words, tags in zip(words_of, tags_of, strict=True):
        if tags.count("O") == len(tags):
            continue  # most sentences: nothing to read (chunks() costs more than this)
        for kind, first, stop in chunks(tags):
            if kind in SPREAD_TYPES:
                vote(words[first:stop], kind, 1.0)
                if kind == "PERSON" and stop - first >= 2 and len(words[stop - 1]) >= MIN_NAME_CHARS:
                    vote(words[stop - 1 : stop], kind, SURNAME_VOTE)
    out = [list(tags) for tags in tags_of]
    if not votes:
        return out
    # Most votes wins; a tie goes to the type first in alphabetical order (deterministic).
    kind_of = {name: min(counts, key=lambda k: (-counts[k], k)) for name, counts in votes.items()}
    longest = max(map(len, kind_of))
    # The words that start a known name under one of their readings: a few forms per name, so the
    # tokens are walked only at those words (asking each of the article's words for its readings
    # cost more).
    may_start = set().union(*map(written_as, {name[0] for name in kind_of}))
    for words, tags in zip(words_of, out, strict=True):
        if may_start.isdisjoint(words):
            continue
        free = 0  # the first token not inside a name spread already
        for i in [i for i, word in enumerate(words) if word in may_start]:
            if i >= free and tags[i] == "O":
                free = i + _spread_at(words, tags, i, kind_of, longest)
    return out


def _spread_at(
    words: Sequence[str], tags: list[str], i: int, kind_of: dict[tuple[str, ...], str], longest: int
) -> int:
    """Tag the longest known name starting at untagged token ``i``; how many tokens it took (1 if none)."""
    for n in range(min(longest, len(words) - i), 0, -1):
        if any(tag != "O" for tag in tags[i : i + n]) or (i + n < len(tags) and tags[i + n].startswith("I-")):
            continue
        rest = tuple(words[i + 1 : i + n])
        for first in readings(words[i]):
            kind = kind_of.get((first, *rest))
            if kind is not None:
                tags[i] = "B-" + kind
                tags[i + 1 : i + n] = ["I-" + kind] * (n - 1)
                return n
    return 1
