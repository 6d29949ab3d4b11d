"""Finding gazetteer names in the normalised matching view.

Each word of the view is read with its proclitics removed (``بإدلب`` → ``إدلب``, ``لحلب`` → ``حلب``);
when the folded word starts a gazetteer name, the following words (separated by spaces only) are
added one at a time and the longest name found wins (``ريف دمشق`` over ``ريف``, ``خان شيخون``).
A hash lookup per word is all it costs: the set of first words filters almost every word out.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from itertools import compress, repeat
from operator import attrgetter
from sys import intern
from typing import NamedTuple

from marsad.geo.gazetteer import Gazetteer, continued_keys
from marsad.geo.names import fold_word
from marsad.resources import read_tsv_dicts
from marsad.text.country_adjectives import nisba_words
from marsad.text.memo import WordMemo, compact
from marsad.text.normalize import normalize
from marsad.text.tokenize import Token, proclitic_splits, readings, tokens

_ARTICLE = "ال"
# Proclitic sequences ending in the article that swallowed its alef (لل = ل + ال).
_LAM_ARTICLE = ("لل", "ولل", "فلل")
# Proclitics that do not attach to a place name (ك "like", س future, لي "in order to"): stripping
# them turns words into names (كامل → امل).
_NOT_BEFORE_NAMES = ("ك", "س", "ي")


class Match(NamedTuple):
    """A gazetteer name in the view: ``[start, end)`` of the name itself, without its proclitics (a tuple:
    the scan makes one per name it tries, and a tuple is made in C where a frozen dataclass runs
    ``object.__setattr__`` per field)."""

    start: int
    end: int
    key: str
    prefix: str
    first_token: int
    last_token: int


def nisba_after(text: str, toks: list[Token], match: Match) -> str | None:
    """The country named by an adjective right after a match (``سروج التركية`` → TR)."""
    following = match.last_token + 1
    if following >= len(toks) or not _joined_by_space(text, toks[match.last_token], toks[following]):
        return None
    return nisba_words().get(toks[following].text)


def masculine_nisba_after(text: str, toks: list[Token], match: Match) -> bool:
    """True when a masculine country adjective follows a match: a club or a team (``توتنهام الإنجليزي``,
    ``المغرب الفاسي``), where a town takes the feminine (``سروج التركية``)."""
    following = match.last_token + 1
    if following >= len(toks) or not _joined_by_space(text, toks[match.last_token], toks[following]):
        return False
    return is_masculine_nisba(toks[following].text)


def is_masculine_nisba(word: str) -> bool:
    """A masculine country adjective (normalised): ``الإنجليزي``, ``الفاسي`` — a club's, not a town's."""
    return word in nisba_words() and word.endswith("ي")


@lru_cache(maxsize=1)
def cue_words() -> dict[str, str]:
    """Cue word (normalised) → kind (settlement, division, country, preposition)."""
    return {normalize(row["cue"]): row["kind"] for row in read_tsv_dicts("geo_cues.tsv")}


@lru_cache(maxsize=1)
def cue_heads() -> dict[str, frozenset[str]]:
    """Cue word (normalised) → the words it counts after only (``after`` of ``geo_cues.tsv``): ``محلي`` is a
    cue in ``مجلس محلي`` "the local council of", an adjective after any other noun (``مصدر محلي``)."""
    return {
        normalize(row["cue"]): frozenset(normalize(word) for word in row["after"].split())
        for row in read_tsv_dicts("geo_cues.tsv")
        if row["after"].strip()
    }


@lru_cache(maxsize=1)
def local_cue_words() -> frozenset[str]:
    """Cue words (normalised) whose name is a part of a town of the article (``حي``: ``within`` = city), and the
    words of a street named after a town (``شارع بغداد``: ``geo_street_words.tsv``)."""
    cues = {normalize(row["cue"]) for row in read_tsv_dicts("geo_cues.tsv") if row["within"] == "city"}
    return frozenset(cues | {normalize(row["word"]) for row in read_tsv_dicts("geo_street_words.tsv")})


# (prefix, stem) readings per word: news vocabulary repeats, and the scan, the cue check and the
# adjective checks all ask for the readings of the same words.
_READINGS: dict[str, tuple[tuple[str, str], ...]] = {}
_READINGS_LIMIT = 50_000


def name_readings(word: str) -> tuple[tuple[str, str], ...]:
    """(prefix, stem) readings of a word for a name lookup, the word as written first."""
    found = _READINGS.get(word)
    if found is None:
        if len(_READINGS) >= _READINGS_LIMIT:
            _READINGS.clear()
        # (key and values interned: shared with the word memos' strings, marsad.text.memo)
        found = _READINGS[intern(word)] = compact(tuple(_name_readings(word)))
    return found


def _name_readings(word: str) -> Iterator[tuple[str, str]]:
    for prefix, stem in proclitic_splits(word):
        kept = _kept_prefix(prefix)
        if kept is not None:
            yield kept[0], kept[1] + stem


def _prefix_for_names(prefix: str) -> tuple[str, str] | None:
    """What a stripped proclitic sequence leaves for a name lookup: the prefix as the match keeps it and what
    goes before the stem (the article ``لل`` swallowed), or None when a name never follows it."""
    if any(letter in prefix for letter in _NOT_BEFORE_NAMES):
        return None
    if prefix in _LAM_ARTICLE:
        return prefix[:-1], _ARTICLE
    if prefix.endswith(_ARTICLE):
        return None  # the shorter prefix already keeps the article on the name
    return prefix, ""


# By proclitic sequence (a few dozen): the name scan asks for every new word's.
_KEPT_PREFIXES: dict[str, tuple[str, str] | None] = {}


def _kept_prefix(prefix: str) -> tuple[str, str] | None:
    if prefix in _KEPT_PREFIXES:
        return _KEPT_PREFIXES[prefix]
    kept = _KEPT_PREFIXES[prefix] = _prefix_for_names(prefix)
    return kept


def _joined_by_space(text: str, left: Token, right: Token) -> bool:
    gap = text[left.end : right.start]
    return gap.isspace() and "\n" not in gap


class _WordCache:
    """Per-gazetteer memo of what a word can start (its clitic readings that begin a name) and how it
    reads inside a name.  News vocabulary repeats, so most words are looked up once per process."""

    LIMIT = 1 << 17  # 1,000 news articles hold ~71,000 distinct words, 3,000 ~98,000 (then the memo starts again)

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self.starts: dict[str, tuple[tuple[str, str], ...]] = {}
        self.inner: dict[str, str] = {}
        # A key not among them ends the search for a longer name.  Built with the gazetteer (and
        # cached with it); a gazetteer made by hand (tests, tools) has none, so they are made here.
        self.continued: frozenset[str] = gaz.continued or continued_keys(gaz.names)

    def starting(self, word: str) -> tuple[tuple[str, str], ...]:
        found = self.starts.get(word)
        if found is None:
            if len(self.starts) > self.LIMIT:
                self.starts.clear()
            first_words = self.gaz.first_words
            found = ()
            # (name_readings' readings, made here without remembering them: a new word nearly always starts
            # no name, and the other checks ask for the readings of a few words only)
            for prefix, stem in proclitic_splits(word):
                kept = _kept_prefix(prefix)
                if kept is not None and (folded := fold_word(kept[1] + stem, initial=True)) in first_words:
                    found = (*found, (intern(kept[0]), intern(folded)))
            self.starts[intern(word)] = found  # (interned: the key the word memos share)
        return found

    def inside(self, word: str) -> str:
        folded = self.inner.get(word)
        if folded is None:
            if len(self.inner) > self.LIMIT:
                self.inner.clear()
            folded = self.inner[intern(word)] = intern(fold_word(word, initial=False))
        return folded


_CACHES: dict[int, _WordCache] = {}


def _cache_for(gaz: Gazetteer) -> _WordCache:
    cache = _CACHES.get(id(gaz))
    if cache is None or cache.gaz is not gaz:
        if len(_CACHES) > 8:
            _CACHES.clear()
        cache = _CACHES[id(gaz)] = _WordCache(gaz)
    return cache


_TEXT = attrgetter("text")
_UNSEEN: tuple[tuple[str, str], ...] = (("", ""),)  # a marker: compared by identity, never read


def find_names(gaz: Gazetteer, text: str, toks: list[Token] | None = None) -> list[Match]:
    """Longest gazetteer names in ``text`` (a normalised view), left to right, not overlapping."""
    toks = toks if toks is not None else list(tokens(text))
    cache = _cache_for(gaz)
    found: list[Match] = []
    n = len(toks)
    names = gaz.names
    starts = cache.starts
    continued = cache.continued
    # Almost every word starts no name: find the few that may in one pass over the cached words
    # (_UNSEEN, which is true, for a word not seen yet; an empty tuple, false, for one that starts
    # none), and walk only those.
    options_at = list(map(starts.get, map(_TEXT, toks), repeat(_UNSEEN)))
    prefix_words = gaz.prefix_words
    max_words = gaz.max_words
    inner = cache.inner
    free = 0  # the first token not inside a name found already
    for i in compress(range(n), options_at):
        if i < free:
            continue
        options = options_at[i]
        if options is _UNSEEN:
            options = cache.starting(toks[i].text)
        best: Match | None = None
        for prefix, first in options:
            key = first
            j = i
            while True:
                if (
                    key in names
                    and (best is None or j > best.last_token)
                    and not (j == i and prefix and prefix in prefix_words.get(key, ()))
                ):
                    best = Match(toks[i].start + len(prefix), toks[j].end, key, prefix, i, j)
                if key not in continued or j + 1 >= n or j - i + 1 >= max_words:
                    break
                # (_joined_by_space, inlined: the gap is nearly always one space)
                gap = text[toks[j].end : toks[j + 1].start]
                if gap != " " and (not gap.isspace() or "\n" in gap):
                    break
                j += 1
                word = toks[j].text
                folded = inner.get(word)
                key = f"{key} {folded if folded is not None else cache.inside(word)}"
        if best is not None:
            found.append(best)
            free = best.last_token + 1
    return found


# Quotation marks a newspaper puts around a name after its cue: محافظة «عمران», مديرية "حيس".
_QUOTES = frozenset('«»"\'“”‘’')


def _cue_gap(text: str, left: Token, right: Token) -> bool:
    """Spaces, and quotation marks opening the name, between a cue and its name (one line)."""
    gap = text[left.end : right.start]
    if gap == " ":  # (nearly always)
        return True
    return "\n" not in gap and any(ch.isspace() for ch in gap) and all(ch.isspace() or ch in _QUOTES for ch in gap)


def word_before(text: str, toks: list[Token], match: Match) -> str | None:
    """The word right before a match, also across quotation marks opening the name (``صحيفة «مكة»``)."""
    if match.first_token > 0:
        prev = toks[match.first_token - 1]
        if _cue_gap(text, prev, toks[match.first_token]):
            return prev.text
    return None


def _cue_kind(word: str) -> str:
    """The kind of place cue a word is, proclitics off ("" for none).  Not after the article:
    المملكة is "the kingdom", a noun, where مملكة would be a cue."""
    words = cue_words()
    for _prefix, stem in name_readings(word):
        kind = words.get(stem)
        if kind:
            return kind
    return ""


# The word before each name is asked what cue it is: news vocabulary repeats (a small memo: the words
# before names are few, and a process stays within its memory budget).
_cue_kinds: WordMemo[str] = WordMemo(_cue_kind, limit=1 << 14)


def cue_before(text: str, toks: list[Token], match: Match) -> str | None:
    """The kind of place cue right before a match (its own proclitic ب/ل counts as a preposition)."""
    if match.first_token > 0:
        prev = toks[match.first_token - 1]
        kind = _cue_kinds.known.get(prev.text)
        if kind is None:
            kind = _cue_kinds(prev.text)
        if kind and _cue_gap(text, prev, toks[match.first_token]) and _cue_headed(text, toks, match.first_token - 1):
            return kind
    if "ب" in match.prefix or "ل" in match.prefix:
        return "preposition"
    return None


def _cue_headed(text: str, toks: list[Token], index: int) -> bool:
    """The cue at ``toks[index]`` follows a word it needs (``cue_heads``), or needs none."""
    heads = cue_heads()
    needed = [heads[stem] for _prefix, stem in name_readings(toks[index].text) if stem in heads]
    if not needed:
        return True
    if index == 0 or not _cue_gap(text, toks[index - 1], toks[index]):
        return False
    before = {stem for _prefix, stem in name_readings(toks[index - 1].text)}
    return any(before & words for words in needed)


def gap_is_containment(text: str, toks: list[Token], left: Match, right: Match) -> bool:
    """True when ``right`` is stated as the place containing ``left`` (``X بإدلب``, ``X في ريف Y``)."""
    if right.first_token <= left.last_token:
        return False
    between = toks[left.last_token + 1 : right.first_token]
    if len(between) > 3:
        return False
    gap = text[left.end : right.start - len(right.prefix)]
    if any(ch not in " \t،," and not ch.isalpha() for ch in gap):
        return False
    words = cue_words()
    linked = "ب" in right.prefix or "," in gap or "،" in gap
    for tok in between:
        if tok.text == "في":
            linked = True
            continue
        cue_readings = [r for r in readings(tok.text, suffixes=False) if r.stem in words]
        if not cue_readings:
            return False
        if all("و" in r.prefix for r in cue_readings):
            return False  # a new item of a list (من الرباط إلى القاهرة، ومن غزة إلى جاكرتا), no container
        for r in cue_readings:
            if words[r.stem] == "division" or "ب" in r.prefix:
                linked = True
    return linked
