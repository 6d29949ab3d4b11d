"""Clitic-aware, longest-first dictionary matching of names and roles over tokens.

Every name of the country and actor dictionaries and every role is normalised,
tokenised like the text, and added to one Aho-Corasick automaton together with
its proclitic forms (``و``/``ف``/``ب``/``ل``/``ك`` and their combinations, and
``لل`` for a name that starts with the article: ``للأمم المتحدة``).  A sentence
is matched as the space-joined string of its tokens wrapped in spaces, so every
hit starts and ends on token boundaries.  Overlapping hits are resolved
longest-first (``الولايات المتحدة الأمريكية`` over ``الولايات المتحدة``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

import ahocorasick

from marsad.ner.actors import Actor, actors, countries
from marsad.ner.roles import Role, roles
from marsad.ner.tokens import tokenize
from marsad.resources import read_tsv_dicts
from marsad.resources.cache import cached, data_sources, library_version
from marsad.text.normalize import normalize

# Proclitics that attach to a name: conjunctions, prepositions and their sequences.
PROCLITICS = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك")
# ل before the article drops the article's alef: ل + الأمم → للأمم.
ARTICLE_PROCLITICS = ("ل", "ول", "فل")


@dataclass(frozen=True, slots=True)
class Hit:
    """A dictionary match over tokens ``first..last`` (inclusive)."""

    first: int
    last: int
    skip: int  # characters of proclitic at the start of the first token, not part of the name
    value: Actor | Role

    @property
    def size(self) -> int:
        return self.last - self.first + 1


def name_key(name: str) -> str:
    """The matching key of a name: normalised tokens joined by single spaces."""
    return " ".join(tokenize(normalize(name)))


def clitic_forms(key: str) -> Iterable[tuple[str, int]]:
    """``key`` and its proclitic forms, each with the length of the proclitic."""
    yield key, 0
    if not key[:1].isalpha() or key[:1].isascii():
        return  # no Arabic proclitics on Latin names or numbers
    for prefix in PROCLITICS:
        yield prefix + key, len(prefix)
    if key.startswith("ال") and len(key) > 3:
        for prefix in ARTICLE_PROCLITICS:
            # للأمم: the span keeps the article's lam, drops only the preposition.
            yield prefix + key[1:], len(prefix)


_one_more = (1).__add__


class DictionaryMatcher:
    """One automaton over entity names and roles."""

    def __init__(self, names: Iterable[tuple[str, Actor | Role]]) -> None:
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY)
        added = 0
        for name, value in names:
            key = name_key(name)
            if not key:
                continue
            size = key.count(" ") + 1
            for form, skip in clitic_forms(key):
                wrapped = f" {form} "
                # The first entry for a surface wins: actors are added before countries.
                if wrapped not in self._automaton:
                    self._automaton.add_word(wrapped, (len(wrapped), size, skip, value))
                    added += 1
        if added:
            self._automaton.make_automaton()
        self._empty = added == 0

    def hits(self, words: Sequence[str]) -> list[Hit]:
        """All matches in a sentence given as normalised token strings (overlaps included)."""
        return self.hits_many((words,))[0]

    def hits_many(self, sentences: Sequence[Sequence[str]]) -> list[list[Hit]]:
        """:meth:`hits` of each sentence, from one automaton pass over them all: the sentences are
        joined by ``" \n "``, which no name holds, so no hit crosses a sentence boundary, and each
        sentence's hits come in the order its own pass gives them (by end, then the automaton's)."""
        found: list[list[Hit]] = [[] for _ in sentences]
        if self._empty:
            return found
        filled = [(index, words) for index, words in enumerate(sentences) if words]
        if not filled:
            return found
        # Each word's start in the stream " w0 w1 \n v0 …": one past the previous word and its space,
        # two more after a sentence's last word (" \n ").
        steps: list[int] = []
        firsts: list[int] = []  # each filled sentence's first word, counted over all their words
        for _index, words in filled:
            firsts.append(len(steps))
            steps.extend(map(_one_more, map(len, words)))
            steps[-1] += 2
        # The words' starts, increasing (every step is at least 1): a hit is found among them by bisection,
        # not in a dict of every word's start built for the few hits an article has.
        starts = list(accumulate(steps, initial=1))
        starts.pop()  # (where a word after the last would start)
        count = len(starts)
        stream = " " + " \n ".join(" ".join(words) for _index, words in filled) + " "
        for end, (length, size, skip, value) in self._automaton.iter(stream):
            at_char = end - length + 2
            word = bisect_left(starts, at_char)
            if word < count and starts[word] == at_char:
                at = bisect_right(firsts, word) - 1
                first = word - firsts[at]
                found[filled[at][0]].append(Hit(first, first + size - 1, skip, value))
        return found


def longest_first(hits: Iterable[Hit]) -> list[Hit]:
    """Non-overlapping hits, longer (in tokens, then characters skipped less) first, in text order."""
    chosen: list[Hit] = []
    taken: set[int] = set()
    for hit in sorted(hits, key=lambda h: (-h.size, h.skip, h.first)):
        span = range(hit.first, hit.last + 1)
        if not taken.intersection(span):
            chosen.append(hit)
            taken.update(span)
    return sorted(chosen, key=lambda h: h.first)


def entity_hits(hits: Iterable[Hit]) -> list[Hit]:
    return longest_first(h for h in hits if isinstance(h.value, Actor))


def role_hits(hits: Iterable[Hit]) -> list[Hit]:
    return longest_first(h for h in hits if isinstance(h.value, Role))


@lru_cache(maxsize=1)
def place_cues() -> frozenset[str]:
    """Normalised words that introduce a place name (``مدينة``, ``ريف``, ``معبر``)."""
    return frozenset(normalize(row["cue"]) for row in read_tsv_dicts("ner_place_cues.tsv"))


@lru_cache(maxsize=1)
def name_word_list() -> dict[str, str]:
    """The name-word list (``data/ner-name-words.tsv``, built by ``tools/build_ner_names.py`` from the
    UniversalPetrarch actor dictionary and Wikidata's people): normalised word -> ``labels|people``,
    where it stands in the dictionary's names (``F`` first, ``M`` middle, ``L`` last word, ``S`` a
    one-word name, ``O`` an organisation's word) and whether people bear it as a given name (``g``)
    or surname (``n``); read by :func:`marsad.ner.features.name_labels`."""
    return {row["word"]: row["labels"] + "|" + row["people"] for row in read_tsv_dicts("ner-name-words.tsv")}


@lru_cache(maxsize=1)
def known_name_words() -> frozenset[str]:
    """Normalised first words of dictionary names, and place cues: words a proclitic may precede.

    Cached on disk like the automaton: the first tagged name of a process asks for it, and
    parsing the actors' YAML for it was most of its cost (≈ 0.02 s of every start-up)."""
    sources = data_sources("actors.yaml", "countries.tsv", "ner_place_cues.tsv", "normalization.tsv", "clitics.yaml")
    return cached("ner-name-words", sources, _build_known_name_words, frozenset)


def _build_known_name_words() -> frozenset[str]:
    words = {name_key(name).split(" ")[0] for actor in (*actors(), *countries()) for name in actor.names}
    return frozenset(words | place_cues())


@lru_cache(maxsize=1)
def default_matcher() -> DictionaryMatcher:
    """The packaged dictionaries (actors, then countries, then roles), built once per process.

    The automaton (every name with its clitic forms) is cached on disk: building it is a
    tenth of a second of every process's start-up, reading it back about half that.
    """
    sources: list[bytes | str] = [
        *data_sources("actors.yaml", "countries.tsv", "roles.tsv", "normalization.tsv", "clitics.yaml"),
        library_version("pyahocorasick"),
    ]
    return cached("ner-dictionary", sources, _build_default_matcher, DictionaryMatcher)


def _build_default_matcher() -> DictionaryMatcher:
    def names() -> Iterable[tuple[str, Actor | Role]]:
        for actor in (*actors(), *countries()):
            for name in actor.names:
                yield name, actor
        for role in roles():
            yield role.text, role

    return DictionaryMatcher(names())
