"""Geocode place mentions: one :class:`~marsad.document.Place` per distinct location, with all its mentions.

Mentions come from the entity stage (GPE/LOC entities; a GPE with an ISO alpha-2 ``id`` is that
country) and from a gazetteer scan of the matching view that skips boilerplate and the inside of
PERSON/ORG entities.  A scanned name that is also an ordinary word (``كان``, ``صور``) needs
context — a cue word, an entity tag, or a population large enough for its word frequency — see
:func:`_accept`.  Candidates are then scored from the document (:mod:`marsad.geo.resolve`); a mention
the evidence cannot settle is reported with ``id: null`` and its candidate count.  The stage adds
LOC (GPE for countries) entities for its own matches that no entity covers.
"""

from __future__ import annotations

import hashlib
import itertools
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import NamedTuple

import regex

from marsad.document import Document, Entity, Place
from marsad.geo import gazetteer as gazetteer_module
from marsad.geo.gazetteer import Entry, Gazetteer, default_gazetteer
from marsad.geo.names import name_key, name_words, rules
from marsad.geo.plausibility import (
    cardinal_words,
    definite_after_demonstrative,
    function_word_reason,
    has_tanween,
    ordinary_word_reason,
)
from marsad.geo.resolve import SAME_PLACE_KM, Context, Scored, decide, haversine_km, score_candidates
from marsad.geo.scan import (
    Match,
    cue_before,
    cue_words,
    find_names,
    gap_is_containment,
    is_masculine_nisba,
    local_cue_words,
    masculine_nisba_after,
    name_readings,
    nisba_after,
    word_before,
)
from marsad.geo.scorer import Logistic, PlaceScorer, default_scorer
from marsad.geo.transliteration import SkeletonIndex
from marsad.ner.tokens import matching_tokens
from marsad.resources import read_tsv_dicts, read_yaml
from marsad.stages.place_capitals import capital_said
from marsad.stages.place_named_quotation import drop_places_in_named_quotations
from marsad.stages.place_names_of import drop_names_of_dynasties_and_museums
from marsad.stages.place_quarters import TownPart, quarters_of_towns
from marsad.stages.place_scoring import DocumentEvidence, candidate_features, place_features
from marsad.stages.place_teams import SportSentences, drop_national_teams, drop_teams, placed_by_text
from marsad.text.country_adjectives import nisba_words
from marsad.text.lexicon import Lexicon
from marsad.text.memo import BoundedMemo, WordMemo
from marsad.text.normalize import normalize
from marsad.text.offsets import TextView
from marsad.text.spans import SpanIndex
from marsad.text.tokenize import Token

PLACE_TYPES = frozenset({"GPE", "LOC"})
# Entity types whose inside is never a place mention (a name like "حسن" or "الجزيرة" channel).
BLOCKING_TYPES = frozenset({"PERSON", "PER", "PERS", "ORG"})
# The acceptance bar's constants live with the gazetteer, which leaves out names that can never pass.
COMMON_WORD_ZIPF = gazetteer_module.COMMON_WORD_ZIPF
CUE_ALLOWANCE = gazetteer_module.CUE_ALLOWANCE
# ... and when it is enumerated beside an accepted place (أوكسفورد، كولومبيا).
LIST_ALLOWANCE = 1.0
# A name this common as a word needs some evidence: an entity tag, a cue or a preposition before it
# (chosen on hand-judged city-level mentions, docs/evaluation-log.md).
UNTAGGED_WORD_ZIPF = 4.3
# A town abroad whose name is at least this common as an Arabic word needs its country in the article.
FOREIGN_WORD_ZIPF = 2.5
# ... unless the entity stage tags exactly its words and it is a city this big whose name is no Arabic noun
# (باريس; not سيول "floods", commoner as السيول: PlaceStage._corroborated).
TAGGED_FOREIGN_MIN_POPULATION = 500_000
# A smaller town abroad needs its country in the article at a lower word frequency (فتكت "ravaged" = ف + Tecate,
# أديا "led to" = Edéa): the news names small foreign towns with their country.
SMALL_FOREIGN_WORD_ZIPF = 2.0
# ... or it is a city this big whose name is no Arabic noun, after a preposition (في برلين, إلى بوخارست) and
# with no organisation word or club adjective beside it: a noun takes the article as a word of text
# (سيول "floods": السيول), a foreign city's name does not (برلين: no البرلين).
NOT_A_NOUN_MIN_POPULATION = 100_000
NOUN_DEFINITE_ZIPF = 3.0
# ... and a name this little commoner bare than with the article is a noun, not a town (_noun_reading).
NOUN_BARE_MARGIN = 0.5
# A definite name at least this common as a word, right after a definite noun, is its adjective.
ADJECTIVE_WORD_ZIPF = 3.5
# An indefinite name this common as a word is never a small town, not even after a cue (ولاية جديدة "a new term").
CUE_WORD_MAX_ZIPF = 5.0
CUE_WORD_MIN_POPULATION = 100_000
# A compound name of a city this big is its own even under a person tag (مكسيكو سيتي, بيونغ يانغ).
COMPOUND_CITY_MIN_POPULATION = 1_000_000
# A town of the Arab world whose one-word name is at least this common as a word (العمارة "the building" =
# Al Amarah, الروضة "the garden", الحجر "the stone") and that no place this big bears counts only with the
# article's support (_home_word_town): read off unannotated ANERcorp and SaudiNewsNet text, where such names
# came in stories about other countries (بالعمارة in a Jeddah story, حجر الزاوية "cornerstone").
HOME_WORD_ZIPF = 3.9
HOME_WORD_MAX_POPULATION = 500_000
# A name read as a surname is that person's throughout the article unless a place this big bears it.
SURNAME_MAX_POPULATION = 1_000_000
# Cues after which a name the data files call a word except after a cue is still added by the scorer.
_STRONG_CUES = frozenset({"settlement", "division", "country"})
# Cues that are first of all ordinary nouns ("area", "centre"): a common definite word after one is its
# complement (منطقة المقطع), unless it names a big city (_generic_noun_complement).
_GENERIC_CUES = frozenset({"منطقه", "مركز"})
GENERIC_CUE_WORD_ZIPF = 4.0
GENERIC_CUE_MIN_POPULATION = 200_000
_NAMED_AREAS = frozenset({"country", "region", "area", "facility"})
# Cues that are nouns of places: an adjective after the name may describe them (حي سوهو الصيني).
_PLACE_NOUN_CUES = frozenset({"settlement", "division"})
# Two resolved places this close in one country are one marker on the map (a city and its division).
SAME_MARKER_KM = 2.0
# The evidence of marsad.geo.resolve that comes from the article (not from the gazetteer's priors).
_DOCUMENT_FINDINGS = ("inside_container", "country_named", "admin1_named", "near_another")
# Verdicts of _accept kept per stage (a name, its cue and tags: a news vocabulary of names repeats;
# 16,384 of them, a few MB at most).
_ACCEPTED_LIMIT = 1 << 14
# Gazetteer policy of a name that means a country only in an article about it (المملكة → SA).
FOCUS_POLICY = "focus:"


def _latin_key(name: str) -> str:
    """A place's English name without accents, signs or doubled letters: ``Dar‘ā`` = ``Daraa``."""
    letters = [c for c in unicodedata.normalize("NFKD", name.casefold()) if "a" <= c <= "z"]
    return "".join(c for i, c in enumerate(letters) if i == 0 or c != letters[i - 1])


def _home_countries() -> frozenset[str]:
    return rules().home_countries


@cache
def _org_cues(*kinds: str) -> tuple[frozenset[str], frozenset[str]]:
    """Words before / after a place name that make it part of an organisation's name (of the ``kinds``
    of ``geo_org_cues.tsv``: ``team`` and ``name``, never a place there; ``hint``, evidence for the
    scorer; no kind: all)."""
    rows = [r for r in read_tsv_dicts("geo_org_cues.tsv") if not kinds or r["kind"] in kinds]
    before = frozenset(normalize(r["word"]) for r in rows if r["position"] == "before")
    after = frozenset(normalize(r["word"]) for r in rows if r["position"] == "after")
    return before, after


@lru_cache(maxsize=8192)
def _org_word_before(previous: str, kinds: tuple[str, ...]) -> bool:
    """Whether ``previous`` (normalised), proclitics off, is an organisation word of ``kinds`` (memoised:
    the scan asks it of the word before every name)."""
    before = _org_cues(*kinds)[0]
    return any(stem in before for _prefix, stem in name_readings(previous))


def _org_pair_before(text: str, toks: list[Token], first_token: int) -> bool:
    """The two words right before a name are an organisation's (``لشرطة ولاية لويزيانا``, ``إدارة شرطة باتون
    روج``: a two-word ``name`` of ``geo_org_cues.tsv``), the first of them with any proclitic."""
    if first_token < 2:
        return False
    first, second, name = toks[first_token - 2], toks[first_token - 1], toks[first_token]
    if second.text not in _org_pair_seconds():  # (nearly every name: no need to read the words before it)
        return False
    if not (text[first.end : second.start].isspace() and text[second.end : name.start].isspace()):
        return False
    return _is_org_pair(first.text, second.text)


def _is_org_pair(first: str, second: str) -> bool:
    """``first second`` is a two-word organisation name of ``geo_org_cues.tsv``, ``first`` with any proclitic."""
    before = _org_cues("name")[0]
    return any(f"{stem} {second}" in before for _prefix, stem in name_readings(first))


# Searched from the right ((?r)): a forward search tries every start in the window before the one run of
# words that can end at its end; both find the same two whole runs of letters (one match can end there).
_TWO_WORDS_BEFORE = regex.compile(r"(?r)(\p{L}+)\s+(\p{L}+)\s+$")


def _org_pair_before_text(text: str, start: int) -> bool:
    """:func:`_org_pair_before` for a name known by its offset only (an entity stage's country tag: ``إذاعة صوت
    فلسطين``, a radio station)."""
    words = _TWO_WORDS_BEFORE.search(text[max(0, start - 60) : start])
    if words is None:
        return False
    second = normalize(words.group(2))
    return second in _org_pair_seconds() and _is_org_pair(normalize(words.group(1)), second)


@cache
def _org_pair_seconds() -> frozenset[str]:
    """The second words of the two-word organisation names of :func:`_org_pair_before` (``شرطة`` of ``إدارة
    شرطة``): a word before a name that is none of them cannot end one."""
    return frozenset(cue.split(" ", 1)[1] for cue in _org_cues("name")[0] if " " in cue)


def _in_org_name(
    text: str, toks: list[Token], previous: str | None, last_token: int | None, kinds: tuple[str, ...] = ("team", "name")
) -> bool:
    """A name right after a team's, newspaper's or treaty's word (``فريق المغرب الفاسي``, ``صحيفة الرياض``,
    ``اتفاقات سلام مينسك`` reads ``سلام``: no) or right before one (``واشنطن تايمز``, ``تينيسي ستيت``) is part
    of that organisation's name, not a place (``kind`` = team or name in ``geo_org_cues.tsv``).
    ``last_token``: the name's last token in ``toks`` (None: the word after it is not looked at)."""
    if previous is not None and _org_word_before(previous, kinds):
        return True
    if last_token is None:
        return False
    after = _org_cues(*kinds)[1]
    following = last_token + 1
    return (
        following < len(toks)
        and text[toks[last_token].end : toks[following].start].isspace()
        and toks[following].text in after
    )


def _waw_after_org_word(text: str, toks: list[Token], match: Match) -> bool:
    """A name read with a glued ``و`` right after an organisation's word: the ``و`` is the name's first letter,
    a foreign name the gazetteer lacks (``مجلة وايرد``, Wired magazine, not و + Érd): no conjunction joins a
    newspaper's word to its name."""
    if match.prefix != "و":
        return False
    before = word_before(text, toks, match)
    return before is not None and _org_word_before(before, ("team", "name"))


def _bar_margin(gaz: Gazetteer, mention: Mention, bases: Bases | None = None) -> float:
    """How far under the acceptance bar of :func:`_accept` the name's word frequency lies."""
    threshold = _threshold(gaz, mention, bases)
    if mention.cue in ("settlement", "division"):
        threshold += CUE_ALLOWANCE
    return min(threshold, COMMON_WORD_ZIPF) - gaz.zipf.get(mention.key, 0.0)


@dataclass(slots=True)
class Mention:
    start: int  # original-text offsets
    end: int
    key: str
    candidates: tuple[int, ...]
    match: Match | None = None
    cue: str | None = None
    tagged: bool = False  # an entity stage tag covers it
    exact_tag: bool = False  # ... on exactly the same words
    country_hint: str | None = None  # "سروج التركية": the article says which country
    settle: bool = True  # False: reported with its candidates but never resolved
    local: bool = False  # after a cue that names a part of a town (حي): a namesake elsewhere is not it
    adjective_elsewhere: bool = False  # a country and a town (عمان): the text says an adjective of its country
    container: Mention | None = None
    # the container is stated by ب or في (دوما بريف دمشق), not a comma that may only list (باريس، لندن)
    stated_in: bool = False
    is_container: bool = False
    choice: Scored | None = None
    scored: list[Scored] = field(default_factory=list)
    # what the learned scorer weighs besides the above (marsad.stages.place_scoring)
    accepted: bool = True  # the hand-set rules' verdict
    blocked: bool = False  # inside a person or organisation name
    previous: str | None = None  # the word before it (normalised)
    # an indefinite name right before a definite word, its complement (معسكر العند "the camp of al-Anad")
    in_construct: bool = False
    org_before: bool = False  # صحيفة الرياض, فريق المغرب
    org_after: bool = False  # واشنطن تايمز
    listed: bool = False  # enumerated beside an accepted place
    margin: float = 0.0  # the rules' word-frequency bar minus the name's frequency (> 0: it passes)
    sport: bool = False  # its sentence gives a score or a word of sport (a team, on encyclopaedic text too)
    sport_sentence: bool = False  # ... whether or not the text places it (read before the rules resolve)
    probability: float | None = None  # the learned scorer's: a place


def _ranks_namesakes(mention: Mention, container: tuple[Entry, ...]) -> bool:
    """Whether the region GeoNames qualifies a namesake with may rank it below an unqualified one
    (``resolve.QUALIFIED_PENALTY``): not in a sentence of sport unless a town cue or a container places the
    name, for there a tie between Barcelona and its Venezuelan namesake is mostly the club (``نجم برشلونة``,
    ``انتقل إلى بارما``), better left unresolved than put on the map (judged on unseen text, round 26)."""
    return not mention.sport_sentence or mention.cue in _PLACE_NOUN_CUES or bool(container)


def _threshold(gaz: Gazetteer, mention: Mention, bases: Bases | None = None) -> float:
    """The Zipf word frequency under which a scanned name is taken as a place.

    Calibrated on hand-judged SaudiNewsNet mentions (docs/places.md): big places may carry names
    that are also words (حلب, جدة), small ones must have rare names.  Context moves the bar:
    a preposition cue or an entity tag raises it, a stripped proclitic or a place abroad lowers it.
    """
    threshold, abroad = _base_threshold(gaz, mention.key, mention.candidates, bases)
    if mention.cue == "preposition":
        threshold += 0.4
    if mention.tagged:
        # the entity stage calls it a place: more so when its span is exactly the name (واشنطن)
        threshold += 1.0 if mention.exact_tag else 0.5
    if mention.match is not None and mention.match.prefix:
        threshold -= 0.3
    if abroad:
        threshold -= 0.5
    return threshold


# What _threshold reads of a name's candidates: (name, candidates) → (bar, all abroad); a stage keeps one
# (a news vocabulary of names: a few thousand per 1,000 articles).
_BASES_LIMIT = 1 << 15
Bases = BoundedMemo[tuple[str, tuple[int, ...]], tuple[float, bool]]


def _base_threshold(gaz: Gazetteer, key: str, candidates: tuple[int, ...], bases: Bases | None) -> tuple[float, bool]:
    """The bar of a name before context moves it, and whether all its candidates lie abroad (worked out once
    per name and candidates in ``bases``, the stage's memo over its gazetteer: a common name has hundreds of
    namesakes)."""
    if type(candidates) is not tuple:  # (a gazetteer made by hand may hold lists)
        candidates = tuple(candidates)
    found = bases.known.get((key, candidates)) if bases is not None else None
    if found is None:
        entries = [gaz.entries[i] for i in candidates]
        # A district's population is not evidence that its bare name is the district (شعوب, حرض).
        population = max((e.population for e in entries if e.feature != "admin2"), default=0)
        abroad = bool(entries) and all(e.country not in _home_countries() for e in entries)
        found = (gazetteer_module.base_threshold(population, key), abroad)
        if bases is not None:
            bases.put((key, candidates), found)
    return found


def _accept(gaz: Gazetteer, mention: Mention, bases: Bases | None = None) -> bool:
    policy = gaz.policy.get(mention.key)
    strong_cue = mention.cue in ("settlement", "division", "country")
    if policy == "never":
        return mention.tagged and strong_cue
    if policy == "cue":
        return strong_cue
    if policy is not None and policy.startswith(FOCUS_POLICY):
        return False  # decided once the article's places are known (_rescued)
    if any(gaz.entries[i].feature == "country" for i in mention.candidates):
        return True
    zipf = gaz.zipf.get(mention.key, 0.0)
    if any(gaz.entries[i].curated for i in mention.candidates):
        return zipf < COMMON_WORD_ZIPF
    if (
        zipf >= CUE_WORD_MAX_ZIPF
        and not mention.key.startswith("ال")
        and all(gaz.entries[i].population < CUE_WORD_MIN_POPULATION for i in mention.candidates)
    ):
        # (ولاية جديدة "a new term", مدينة كبيرة: after a cue, an indefinite word this common is its
        # adjective; مدينة القاعدة is the town)
        return False
    if not mention.tagged and mention.cue is None and zipf >= UNTAGGED_WORD_ZIPF:
        # أمان "safety", مشهد "scene": a common word with no tag, cue or preposition is the word (the
        # hand-written divisions and conflict places are exempt: إدلب is frequent because it is a place)
        return False
    threshold = _threshold(gaz, mention, bases)
    if mention.cue in ("settlement", "division"):
        # "بلدة أبو ظهور" is a place even if its words are common; "المملكة بتلك" is not.
        threshold += CUE_ALLOWANCE
    return zipf < min(threshold, COMMON_WORD_ZIPF)


def _noun_reading(gaz: Gazetteer, mention: Mention) -> bool:
    """A town's one-word name that is a word about as common in its other article form (``سلالة`` "breed"
    / ``السلالة`` = Salalah, ``بركان`` "volcano" / ``البركان`` = Berkane, ``المنشأة`` "the facility" / ``منشأة``):
    its frequency is the noun's.  A city's name is much commoner as written than in the other form
    (``جدة`` 4.8 / ``الجدة`` 3.7, ``الرقة`` / ``رقة``).  A definite name's bare form is often a verb
    (``الخرج`` / ``خرج`` "he went out"), so a definite name of a city of 100,000 or more is never read so."""
    if mention.match is None or mention.cue in ("settlement", "division") or " " in mention.key:
        return False
    if mention.exact_tag and not mention.in_construct:
        # (a tag on the noun alone before its definite complement, معسكر العند, is the tagger reading the
        # noun heading a camp's or a square's name as the town: it vouches for nothing)
        return False
    zipf = gaz.zipf.get(mention.key, 0.0)
    other = (gaz.bare_zipf if mention.key.startswith("ال") else gaz.definite_zipf).get(mention.key, 0.0)
    if other < NOUN_DEFINITE_ZIPF or other < zipf - NOUN_BARE_MARGIN:
        return False
    entries = [gaz.entries[i] for i in mention.candidates]
    if mention.key.startswith("ال") and any(e.population >= NOT_A_NOUN_MIN_POPULATION for e in entries):
        return False
    return all(e.feature == "locality" for e in entries)


def _in_construct(text: str, toks: list[Token], match: Match) -> bool:
    """An indefinite name followed, across spaces only, by a definite word: the noun of a construct and its
    complement (``معسكر العند``, ``ميدان التحرير``), as a town's name seldom is."""
    following = match.last_token + 1
    return (
        not match.key.startswith("ال")
        and following < len(toks)
        and text[toks[match.last_token].end : toks[following].start].isspace()
        and toks[following].text.startswith("ال")
    )


def _home_word_town(gaz: Gazetteer, mention: Mention) -> bool:
    """A town of the Arab world whose one-word name is a common word (:data:`HOME_WORD_ZIPF`), that no
    city of :data:`HOME_WORD_MAX_POPULATION` bears, with no entity tag on exactly its words: in an article whose
    other places lie elsewhere, the word is the likelier reading unless the article names its country
    (:meth:`PlaceStage._corroborated`).  Hand-written
    towns, conflict places, countries and big divisions are exempt (``الزاوية``, a governorate of 650,000)."""
    if mention.match is None or mention.exact_tag or " " in mention.key:
        return False
    if gaz.zipf.get(mention.key, 0.0) < HOME_WORD_ZIPF:
        return False
    entries = [gaz.entries[i] for i in mention.candidates]
    return bool(entries) and all(
        e.feature in _WORD_TOWN_FEATURES
        and e.population < HOME_WORD_MAX_POPULATION
        and not (e.curated and e.feature not in ("admin1", "admin2"))
        for e in entries
    )


# Kinds of entry a common-word name may bear and still be read as the word (_home_word_town): towns and
# their divisions (العمارة is also Maysan's other name), not countries, areas or facilities.
_WORD_TOWN_FEATURES = frozenset({"locality", "neighbourhood", "admin1", "admin2"})


_PREVIOUS_WORD = regex.compile(r"(\p{L}[\p{L}\p{M}]*)[\s\p{M}]*$")
# The same word found from the right: the last run of letters and marks, then what follows it.
_LAST_RUN = regex.compile(r"(?r)[\p{L}\p{M}]+")
_SPACE_OR_MARKS = regex.compile(r"[\s\p{M}]*")
_FIRST_LETTER = regex.compile(r"\p{L}")
# The word right after a span, separated from it by spaces on one line.
_NEXT_WORD = regex.compile(r"[^\S\n]+([\p{L}\p{M}]+)")


# The usual case in one search from the right: a word (from its first letter) and spaces only after it. It
# finds the word the three searches below find whenever it matches (the last run of letters and marks, from
# its first letter); when it does not (punctuation before the name, marks after a space), they decide.
_WORD_THEN_SPACES = regex.compile(r"(?r)(\p{L}[\p{L}\p{M}]*)\s*$")


def _described_not_named(words: list[str], cues: dict[str, str]) -> bool:
    """A tag of an indefinite feminine place noun and an indefinite adjective in -iyya agreeing with it (``دولة
    أوروبية`` "a European country", ``مدينة ساحلية``) describes a place without naming one.  (A foreign name
    after a cue ends in -i as often, ``مقاطعة ماناتي``: the adjective must agree.)"""
    return (
        len(words) >= 2
        and cues.get(words[0]) in ("settlement", "division", "country")
        and words[0].endswith("ه")
        and not words[-1].startswith("ال")
        and words[-1].endswith("يه")
    )


def _previous_word(text: str, start: int) -> str | None:
    """The word right before ``start`` (normalised), if only spaces and marks separate them."""
    window = text[max(0, start - 40) : start]
    found = _WORD_THEN_SPACES.search(window)  # (some 93 % of the names)
    if found is not None:
        word = found.group(1)
        normalized = _normalized_words.known.get(word)
        return normalized if normalized is not None else _normalized_words(word)
    # A forward search for _PREVIOUS_WORD tries every position of the window; only the last run of
    # letters can be followed by nothing but spaces and marks, unless that run is marks alone.
    run = _LAST_RUN.search(window)
    if run is None:
        return None
    if not _SPACE_OR_MARKS.fullmatch(window, run.end()):
        return None
    letter = _FIRST_LETTER.search(window, run.start(), run.end())
    if letter is None:  # marks alone after a space (the word before them is the one meant)
        match = _PREVIOUS_WORD.search(window)
        return normalize(match.group(1)) if match else None
    word = window[letter.start() : run.end()]
    normalized = _normalized_words.known.get(word)
    return normalized if normalized is not None else _normalized_words(word)


# The word before every name is normalised: news vocabulary repeats.
_normalized_words: WordMemo[str] = WordMemo(normalize, limit=1 << 16)


def _waw_of_the_name(text: str, start: int, surface: str) -> bool:
    """An entity-stage tag that starts right after a glued ``و`` which is the name's first letter
    (``تايجر وودز`` tagged ``ودز``): the ``و`` was taken for the conjunction.  It is the name's when the word
    with it is a commoner word than the word without it (wordfreq: ``وودز`` 3.4 against ``ودز`` 2.0; a
    place keeps its conjunction off: ``وحلب`` 3.4 against ``حلب`` 4.9)."""
    if start < 1 or text[start - 1] != "و" or (start >= 2 and (text[start - 2].isalpha() or "\u064b" <= text[start - 2] <= "\u0652")):
        return False
    words = surface.split()
    if not words:
        return False
    lexicon = Lexicon.get()
    return lexicon.zipf("و" + words[0]) > lexicon.zipf(words[0])


def _club_adjective_after(text: str, start: int, end: int) -> bool:
    """A masculine country adjective right after a span (``تشلسي الإنجليزي``): the span is a club's name,
    as :func:`marsad.geo.scan.masculine_nisba_after` says of a gazetteer name; unless a cue stands before
    it, which the adjective then describes (``حي سوهو الصيني``)."""
    previous = _previous_word(text, start)
    if previous is not None and any(
        cue_words().get(stem) in _PLACE_NOUN_CUES for _prefix, stem in name_readings(previous)
    ):
        return False
    following = _NEXT_WORD.match(text, end)
    if following is None:
        return False
    return is_masculine_nisba(normalize(following.group(1)))


# A country this small followed by another country's masculine adjective is a club (موناكو الفرنسي); a bigger
# one is the complement of a noun the adjective describes (احتلال العراق الأمريكي "the American occupation of Iraq").
CLUB_COUNTRY_MAX_POPULATION = 100_000


def _country_club(text: str, end: int, country: Entry) -> bool:
    """A country's name followed by its own masculine adjective (``قطر القطري``, ``الكويت الكويتي``) or, for a
    country of fewer than :data:`CLUB_COUNTRY_MAX_POPULATION` people, by any country's (``موناكو الفرنسي``) is a
    club's name."""
    following = _NEXT_WORD.match(text, end)
    if following is None:
        return False
    word = normalize(following.group(1))
    if not is_masculine_nisba(word):
        return False
    return nisba_words()[word] == country.country or country.population < CLUB_COUNTRY_MAX_POPULATION


# What may stand between a name and the country adjective after it: spaces, a closing bracket or quotation mark
# (``( كلورادو ) الأميركية``).
_ADJECTIVE_AFTER = regex.compile(r"[\s)\]»\"”']*(\p{L}+)")


def _adjective_after(text: str, end: int) -> str | None:
    """The country a feminine country adjective right after a name says (``كلورادو الأميركية`` → US), a town's
    or a state's; a masculine one (``توتنهام الإنجليزي``) is a club's and says nothing here."""
    found = _ADJECTIVE_AFTER.match(text, end)
    if found is None:
        return None
    word = normalize(found.group(1))
    return None if is_masculine_nisba(word) else nisba_words().get(word)


def _nisba_adjective(key: str, previous: str | None) -> bool:
    """``السعودية`` after a definite noun (العيادات التخصصية السعودية) is "Saudi", not Saudi Arabia."""
    if previous is None or not key.startswith("ال") or not key.endswith("يه") or " " in key:
        return False
    cues = [cue_words()[stem] for _prefix, stem in name_readings(previous) if stem in cue_words()]
    if cues:
        # (a place noun with the article takes the adjective: العاصمة العراقية بغداد, not the Yemeni village)
        return previous.startswith("ال") and key in nisba_words() and any(kind in _PLACE_NOUN_CUES for kind in cues)
    return previous.startswith(("ال", "وال", "بال", "فال", "لل"))


def _nisba_town(gaz: Gazetteer, key: str, cue: str | None) -> bool:
    """A town named like a country adjective (``الهندية``, Al Hindiyah in Iraq; ``العراقية``) with no cue or
    preposition before it is the adjective (``بانجالور الهندية`` "Indian Bangalore"), whatever the word before.
    Countries are exempt (``قالت السعودية``)."""
    return (
        cue is None
        and key in nisba_words()
        and not any(gaz.entries[i].feature == "country" for i in gaz.names.get(key, ()))
    )


@cache
def _never_names() -> frozenset[str]:
    """The names ``geo_stopnames.tsv`` says never count (``الشرق``, weekdays)."""
    return frozenset(name_key(r["name"]) for r in read_tsv_dicts("geo_stopnames.tsv") if r["policy"] == "never")


@cache
def _place_words(position: str) -> frozenset[str]:
    """Words that announce (``position`` = ``before``) or open (``first``) a place's name, normalised: the
    cues of ``geo_cues.tsv`` (``في``, ``مدينة``, ``شمال``), the entity stage's place cues and heads (``نهر``,
    ``بحيرة``, ``مطار``, ``جبل``) and the words of ``geo_tag_support.tsv`` at that position (``شارع``, ``ملك``)."""
    rows = read_tsv_dicts("ner_place_cues.tsv")
    heads = read_tsv_dicts("ner_place_heads.tsv")
    # (a word that opens a name also announces the rest of it: شارع كونفيكتورسكا tagged on its second word)
    own = {normalize(r["word"]) for r in read_tsv_dicts("geo_tag_support.tsv") if r["position"] in (position, "first")}
    return frozenset(cue_words()) | {normalize(r["cue"]) for r in rows} | {normalize(r["head"]) for r in heads} | own


def _place_word(word: str | None, position: str, glued_b: bool = True) -> bool:
    """Whether ``word`` (normalised), proclitics off, is one of :func:`_place_words` (``في``, ``مطار``,
    ``ملعب``, ``معركة``), or (``glued_b``) carries the preposition ``ب`` (``ببلدة``, ``بمنطقة``)."""
    return word is not None and any(
        stem in _place_words(position) or (glued_b and stem and "ب" in prefix) for prefix, stem in name_readings(word)
    )


def _announces_place(word: str | None) -> bool:
    """A word before a name that announces a place by itself (a glued ``ب`` is the sports gate's own test)."""
    return _place_word(word, "before", glued_b=False)


@cache
def _month_words() -> frozenset[str]:
    """Month names of the times stage's tables (``نيسان``, ``حزيران``, ``يناير``), normalised: a place tag on a
    month name alone is the tagger's error (``في نيسان الماضي``; Nisan, Nissan), never a place."""
    rows = read_tsv_dicts("time_months_babel.tsv") + read_tsv_dicts("time_months.tsv")
    return frozenset(normalize(row["form"]) for row in rows)


@cache
def _description_words() -> frozenset[str]:
    """Last words that make a place tag a description of a person (``بنجلاديشي الجنسية`` "of Bangladeshi
    nationality"), from ``geo_description_words.tsv``."""
    return frozenset(normalize(row["word"]) for row in read_tsv_dicts("geo_description_words.tsv"))


@cache
def _day_words() -> frozenset[str]:
    """اليوم, الليلة … (the times stage's day words): before a name they are adverbs, not its noun."""
    return frozenset(normalize(word) for word in read_yaml("time_lexicon.yaml")["day_words"])


def _attributive_adjective(gaz: Gazetteer, key: str, previous: str | None) -> bool:
    """A definite name that is a common word right after a definite noun is its adjective
    (``البكتيريا الزرقاء`` "the blue bacteria", not Zarqa), unless that noun is a cue (``العاصمة``) or a
    country adjective (``العاصمة الأردنية الزرقاء``: apposition).  Countries, regions, areas and
    facilities are exempt (``الخليج العربي``)."""
    if previous is None or " " in key or not key.startswith("ال") or gaz.zipf.get(key, 0.0) < ADJECTIVE_WORD_ZIPF:
        return False
    if not previous.startswith(("ال", "وال", "بال", "فال", "لل")) or previous in _day_words():
        return False  # (تغادر البعثة مساء اليوم القاهرة)
    if _cue_or_nisba_word(previous):
        return False
    return not any(gaz.entries[i].feature in _NAMED_AREAS for i in gaz.names[key])


@lru_cache(maxsize=8192)
def _cue_or_nisba_word(previous: str) -> bool:
    """Whether ``previous`` (normalised), proclitics off, is a place cue or a country adjective (memoised)."""
    return any(stem in cue_words() or stem in nisba_words() for _prefix, stem in name_readings(previous))


# A town this big is exempt from _pronoun_suffixed (جده is Jeddah in news that writes it so).
PRONOUN_MAX_POPULATION = 1_000_000
# An article with this many letters ة writes the feminine ending as ة, not as ه.
TAA_WRITER_MIN = 5


# Alef with hamza: an article that writes it this often writes a name's hamza too.
_HAMZA_ALEFS = "أإآ"
HAMZA_WRITER_MIN = 5


def _hamza_dropped(gaz: Gazetteer, text: str, start: int, match: Match, cue: str | None) -> bool:
    """A one-word name spelt with a hamza on its first alef, written here with a bare alef after a proclitic
    with which the word is an ordinary one (``Gazetteer.bare_alef_words``), in an article that writes hamza:
    ``أغلقت بابها`` "closed her door" is not ب + أبها (the matching view folds the two alefs, the text does
    not).  Countries and hand-written places are exempt (``باوروبا`` is Europe however it is written)."""
    if cue not in (None, "preposition") or match.prefix not in gaz.bare_alef_words.get(match.key, ()):
        return False
    if text[start : start + 1] != "ا":
        return False
    if any(gaz.entries[i].curated or gaz.entries[i].feature == "country" for i in gaz.names[match.key]):
        return False
    return sum(text.count(alef) for alef in _HAMZA_ALEFS) >= HAMZA_WRITER_MIN


def _pronoun_suffixed(gaz: Gazetteer, text: str, end: int, match: Match, cue: str | None) -> bool:
    """A one-word town's name spelt with a final ة, written here with ``ه`` in an article that writes ``ة``:
    the ``ه`` is the pronoun "his" (``ميله`` "his inclination" is not Mila, ``زواره`` "its visitors" not Zuwarah,
    ``حبله`` "his rope" not Ḩablah).  The matching view folds the two letters, the original text does not.
    Not after a cue but a preposition (``داخل قصره`` "inside his palace"); towns abroad, hand-written
    divisions and conflict places (``حماه``) and towns of
    :data:`PRONOUN_MAX_POPULATION` or more are exempt."""
    if cue not in (None, "preposition") or end < 1 or text[end - 1] != "ه" or " " in match.key:
        return False
    entries = [gaz.entries[i] for i in gaz.names[match.key]]
    if _kin_before_name(text, end, entries):
        return True
    if not entries or any(e.curated or e.population >= PRONOUN_MAX_POPULATION for e in entries):
        return False
    if not all(e.name_ar.endswith("ة") and e.country in _home_countries() for e in entries):
        return False  # (a name abroad has no fixed spelling: أدنبره / إدنبرة)
    return text.count("ة") >= TAA_WRITER_MIN


def _kin_before_name(text: str, end: int, entries: list[Entry]) -> bool:
    """A word spelt like a town's name with ``ه`` for its ``ة``, right before a given name, is a kinship word with
    its pronoun (``لأفعال جده توماس`` "for the deeds of his grandfather Thomas", not Jeddah): whatever the town's
    size, as its name is spelt with ``ة`` at home."""
    if not entries or not all(e.name_ar.endswith("ة") for e in entries if e.country in _home_countries()):
        return False
    following = _NEXT_WORD.match(text, end)
    return following is not None and normalize(following.group(1)) in _given_names()


def _generic_noun_complement(gaz: Gazetteer, key: str, previous: str | None) -> bool:
    """A common word after a cue that is above all an ordinary noun (``منطقة`` "area", ``مركز`` "centre") is
    its complement, not a village's name: ``منطقة المقطع``, ``مركز الشرطة``, ``مركز تسوية المنازعات``.  Hand-written
    divisions and conflict places (``منطقة القصيم``) and cities of :data:`GENERIC_CUE_MIN_POPULATION` or
    more (``منطقة الطائف``) are exempt, but for a very common word that is a place only after a cue
    (``geo_stopnames.tsv``) after ``مركز``: ``مركز المدينة`` is the city centre."""
    if previous is None or " " in key or gaz.zipf.get(key, 0.0) < GENERIC_CUE_WORD_ZIPF:
        return False
    if not _generic_cue_word(previous):
        return False
    if gaz.policy.get(key) == "cue" and gaz.zipf.get(key, 0.0) >= CUE_WORD_MAX_ZIPF and _centre_word(previous):
        return True  # (مركز المدينة "the city centre": المدينة is Medina after منطقة, never after مركز)
    entries = [gaz.entries[i] for i in gaz.names[key]]
    return not any(e.curated or e.population >= GENERIC_CUE_MIN_POPULATION for e in entries)


def _centre_word(previous: str) -> bool:
    return any(stem == "مركز" for _prefix, stem in name_readings(previous))


@lru_cache(maxsize=8192)
def _generic_cue_word(previous: str) -> bool:
    """Whether ``previous`` (normalised), proclitics off, is one of :data:`_GENERIC_CUES` (memoised: asked of
    the word before every common name)."""
    return any(stem in _GENERIC_CUES for _prefix, stem in name_readings(previous))


@cache
def _given_names() -> frozenset[str]:
    """Words that open person names (``data/geo_given_names.tsv``, built by ``tools/build_given_names.py``)."""
    return frozenset(row["name"] for row in read_tsv_dicts("geo_given_names.tsv"))


@cache
def _person_titles() -> frozenset[str]:
    """Definite one-word titles before a person's name: those of ``roles.tsv`` and ``geo_person_titles.tsv``,
    less the ones the latter marks ``no``."""
    rows = read_tsv_dicts("geo_person_titles.tsv")
    roles = {normalize(row["role"]) for row in read_tsv_dicts("roles.tsv") if " " not in row["role"].strip()}
    # (the file's own titles may be indefinite: a kinship word with its pronoun, أخي غازي "my brother Ghazi")
    titles = {t for t in roles if t.startswith("ال")} | {normalize(row["title"]) for row in rows if row["use"] == "yes"}
    return frozenset(titles) - {normalize(row["title"]) for row in rows if row["use"] == "no"}


@cache
def _name_particles() -> frozenset[str]:
    """Words inside a person's name (``بن``, ``أبو``, ``آل``: ``geo_person_titles.tsv``, use ``particle``)."""
    return frozenset(normalize(row["title"]) for row in read_tsv_dicts("geo_person_titles.tsv") if row["use"] == "particle")


def _after_given_name(gaz: Gazetteer, match: Match, cue: str | None, previous: str | None) -> bool:
    """A name right after a given name or a person's title, with no proclitic of its own, is (the rest
    of) a person's name (``مطر الأحمدي``, ``إليزابيث وارين``, ``ولجورج واشنطن``, ``الكاتب ميشيما``), unless
    it names a country or a cue stands before it.  The given name or title may carry a proclitic
    (``ومحمد``, ``للكاتب``)."""
    if previous is None or cue is not None or match.prefix:
        return False
    if not _person_word(previous):
        return False
    return not any(gaz.entries[i].feature == "country" for i in gaz.names[match.key])


@lru_cache(maxsize=8192)
def _person_word(previous: str) -> bool:
    """Whether ``previous`` (normalised) is a given name or a name particle (``بن``, ``أبو``; ``و``/``ل``
    allowed) or, proclitics off, a person's title (memoised: asked of the word before most names)."""
    for names in (_given_names(), _name_particles()):
        if previous in names or (previous[:1] in ("و", "ل") and previous[1:] in names):
            return True
    titles = _person_titles()
    return any(
        stem in titles or (stem[-2:] in _DUAL_PLURAL and stem[:-2] in titles and stem.startswith("ال"))
        for _prefix, stem in name_readings(previous)
    )


# A particle and an article inside a Spanish, Portuguese or French name (ميغيل دي لا مدريد, دي لوس ريوس).
_NAME_ARTICLE_BEFORE = regex.compile(r"(?<!\p{L})(?:دي|دى|ديل|دو|دا)\s+(?:لا|لوس|لاس|لو|لي)\s+$")


def _after_name_article(text: str, start: int, match: Match, cue: str | None) -> bool:
    """A name right after ``دي لا`` (no proclitic, no cue) is the end of a person's name: ``ميغيل دي لا مدريد``
    (``دي`` alone is not a particle of ``geo_person_titles.tsv``: ``لدى`` "at" would read as ل + دي)."""
    return cue is None and not match.prefix and _NAME_ARTICLE_BEFORE.search(text[max(0, start - 12) : start]) is not None


# A definite title's dual or plural (الرئيسين واشنطن ولينكولن "the presidents Washington and Lincoln", اللاعبين).
_DUAL_PLURAL = frozenset({"ين", "ان", "ون"})

_OPENING_MARKS = frozenset("\"«“„'([")


def _before_quote(text: str, start: int) -> int:
    """Where the text before ``start`` ends once the opening quotation marks and brackets right before it
    are set aside (``مدينة " ترينتون``: the cue is read across them)."""
    i, marks = start, False
    while i > max(0, start - 8) and (text[i - 1].isspace() or text[i - 1] in _OPENING_MARKS):
        marks = marks or text[i - 1] in _OPENING_MARKS
        i -= 1
    return i if marks else start


# A tag that starts inside a word after the preposition ب (بروما: the tagger's روما): "in" the place.
_GLUED_PREPOSITION = regex.compile(r"(?<!\p{L})[وف]?ب$")
_LIST_GAP = regex.compile(r"\s*[،,]\s*(?:و\s*)?|\s+و\s*")


def _listed_beside(text: str, start: int, end: int, places: list[tuple[int, int]]) -> bool:
    """Whether another of ``places`` is listed right before or after ``[start, end)``: ``X، Y``, ``X وY``,
    ``X، وY``, ``X و Y`` (the ``و`` may open the span itself: ``وهوسوم``)."""
    for other_start, other_end in places:
        if other_end <= start and start - other_end <= 4:
            gap, after = text[other_end:start], text[start:end]
        elif end <= other_start and other_start - end <= 4:
            gap, after = text[end:other_start], text[other_start:other_end]
        else:
            continue
        if _LIST_GAP.fullmatch(gap) or (gap.strip() in ("", "،", ",") and gap and after.startswith("و")):
            return True
    return False


def _adjacent_in_list(text: str, left: Match, right: Match) -> bool:
    """``left، right`` or ``left وright``: two names next to each other in an enumeration."""
    if right.first_token != left.last_token + 1:
        return False
    gap = text[left.end : right.start - len(right.prefix)]
    return (gap.strip() in ("،", ",") and right.prefix in ("", "و")) or (
        gap.isspace() and right.prefix == "و"
    )


class _ByToken:
    """The accepted mentions by their first and by their last token: only a mention whose words
    touch a name's can be enumerated beside it."""

    def __init__(self, accepted: list[Mention]) -> None:
        self.by_first: dict[int, list[Mention]] = {}
        self.by_last: dict[int, list[Mention]] = {}
        for other in accepted:
            if other.match is not None:
                self.by_first.setdefault(other.match.first_token, []).append(other)
                self.by_last.setdefault(other.match.last_token, []).append(other)

    def beside(self, match: Match) -> list[Mention]:
        return self.by_last.get(match.first_token - 1, []) + self.by_first.get(match.last_token + 1, [])


def _listed_with(text: str, mention: Mention, accepted: _ByToken) -> bool:
    """True when a rejected name is enumerated right beside an accepted place (``أوكسفورد، كولومبيا``)."""
    if mention.match is None or (mention.cue is not None and mention.cue != "preposition"):
        return False
    for other in accepted.beside(mention.match):
        assert other.match is not None
        if _adjacent_in_list(text, other.match, mention.match) or _adjacent_in_list(
            text, mention.match, other.match
        ):
            return True
    return False


@dataclass(slots=True)
class _Scan:
    """The mentions of one document while they are being found."""

    mentions: list[Mention] = field(default_factory=list)
    rejected: list[Mention] = field(default_factory=list)  # rescued later if the name is accepted elsewhere
    blocked: list[Mention] = field(default_factory=list)  # inside a person or organisation name
    dropped: list[Mention] = field(default_factory=list)  # accepted, then found uncorroborated
    covered: SpanIndex = field(default_factory=SpanIndex)  # countries the entity stage identified
    not_places: list[tuple[int, int]] = field(default_factory=list)  # adjectives that look like country names
    org_keys: set[str] = field(default_factory=set)  # names read inside a team's name (سوانزي سيتي)
    person_keys: set[str] = field(default_factory=set)  # names read after a given name (مطر الأحمدي)
    short_names: list[Mention] = field(default_factory=list)  # a company's short name ("السعودية", the airline)


class _Entities:
    """The entities of a document that matter to the scan, indexed by span."""

    def __init__(self, entities: list[Entity]) -> None:
        self.blocking = [e for e in entities if e.type in BLOCKING_TYPES]
        self.blocking_spans = SpanIndex((e.start, e.end) for e in self.blocking)
        self.tagged = SpanIndex((e.start, e.end) for e in entities if e.type in PLACE_TYPES)


def _blocked(
    entities: _Entities, start: int, end: int, cue: str | None, big_compound: bool = False, previous: str | None = None
) -> bool:
    """Inside a person or organisation name, unless a settlement/division cue outweighs a person tag
    on the same words ("بلدة أبو ظهور" tagged PERSON), or the name is a compound name of a big city
    (``big_compound``: ``مكسيكو سيتي``, which the tagger reads as a person's first and last name), or the
    organisation's name says the place leads it (``previous`` a word of :func:`_leader_words`: ``التحالف الذي
    تقوده السعودية``, tagged whole, names Saudi Arabia)."""
    blockers = [entities.blocking[i] for i in entities.blocking_spans.overlapping(start, end)]
    if not blockers:
        return False
    if (
        previous is not None
        and all(e.type == "ORG" and e.start < start and end <= e.end for e in blockers)
        and any(stem in _leader_words() for _prefix, stem in name_readings(previous))
    ):
        return False
    return not (
        (cue in ("settlement", "division") or big_compound)
        and all(e.type != "ORG" and start <= e.start and e.end <= end for e in blockers)
    )


@cache
def _leader_words() -> frozenset[str]:
    """Words before a name inside an organisation's name that make the place its leader (``geo_leader_words.tsv``:
    ``بقيادة``, ``تقوده``), normalised."""
    return frozenset(normalize(row["word"]) for row in read_tsv_dicts("geo_leader_words.tsv"))


def _spread_country_hints(mentions: list[Mention]) -> None:
    """"القلمون السورية" once says which Qalamoun the article means every time."""
    hints = {m.key: m.country_hint for m in mentions if m.country_hint}
    for mention in mentions:
        if mention.country_hint is None:
            mention.country_hint = hints.get(mention.key)


def _chosen(mentions: list[Mention]) -> list[int | None]:
    """The gazetteer entry each mention has chosen (its index), or None: all a resolution pass reads of the
    previous pass."""
    return [None if m.choice is None else m.choice.index for m in mentions]


class _Evidence:
    """What the settled mentions of a document say, with each name's own share set aside."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.countries: Counter[str] = Counter()
        self.admin1: Counter[str] = Counter()
        self.by_key: dict[str, tuple[Counter[str], Counter[str]]] = {}
        self.points: dict[str, set[tuple[float, float]]] = {}
        self._others: dict[str, tuple[Counter[str], Counter[str], list[tuple[float, float]]]] = {}
        for mention in mentions:
            if mention.choice is None:
                continue
            entry = mention.choice.entry
            own = self.by_key.setdefault(mention.key, (Counter(), Counter()))
            if entry.country:  # a region (the Middle East) names no country
                self.countries[entry.country] += 1
                own[0][entry.country] += 1
            if entry.feature != "country" and entry.admin1:
                self.admin1[entry.admin1] += 1
                own[1][entry.admin1] += 1
            if entry.precision <= 2:
                self.points.setdefault(mention.key, set()).add((entry.lat, entry.lon))

    def context_for(
        self, key: str, cue: str | None, container: tuple[Entry, ...], is_container: bool
    ) -> Context:
        others = self._others.get(key)
        if others is None:  # what the other names say depends on the name alone: once per name
            own = self.by_key.get(key)
            points = [point for other, pts in self.points.items() if other != key for point in pts]
            if own is None:  # (no settled mention of its own: the whole article's tallies, read, never changed)
                others = self._others[key] = (self.countries, self.admin1, points)
            else:
                others = self._others[key] = (self.countries - own[0], self.admin1 - own[1], points)
        countries, admin1, points = others
        return Context(cue, container, is_container, countries, admin1, points)  # read, never changed


# Quotation marks, either way round (» ميرامار « in some papers).
_QUOTES = frozenset('"«»“”„‟')


def _quoted_alone(text: str, start: int, end: int) -> bool:
    """A name that is the whole of a quotation (``" ميرامار "``, ``«الشرق الأوسط»``) is a title, a newspaper or a
    nickname, not a place; after a cue it is the place's name (``محافظة «عمران»``: the caller checks)."""
    before = text[max(0, start - 3) : start].rstrip(" ")
    after = text[end : end + 3].lstrip(" ")
    return bool(before) and bool(after) and before[-1] in _QUOTES and after[0] in _QUOTES


# A short quotation the name opens, with more than the name in it, then its closing mark (» القاهرة 30 «); and a
# quotation mark, ``و`` and a quotation mark between two quotations (a list of titles: » الكرنك « و » القاهرة 30 «).
_QUOTED_REST = regex.compile(r"[^\S\n]*[\p{L}\p{N}][^.،:؛!?؟\n\"«»“”„‟]{0,30}?[^\S\n]*[\"«»“”„‟]")
_LISTED_BEFORE = regex.compile(r"[\"«»“”„‟][^\S\n]*و[^\S\n]*[\"«»“”„‟][^\S\n]*$")
_LISTED_AFTER = regex.compile(r"[^\S\n]*و[^\S\n]*[\"«»“”„‟]")


def _drop_short_names_of_organisations(text: str, scan: _Scan) -> None:
    """A country whose name is also its adjective, quoted alone (``“السعودية”``), in an article that names an
    organisation by that adjective (``الخطوط السعودية``, the airline) is the organisation's short name, not the
    country: on 9,825 unseen articles every quoted ``السعودية`` was Saudia, in an article naming it so (round 30).
    The word inside a longer name read whole does not count (``المملكة العربية السعودية`` is the country's own name)."""
    found = [m for m in (*scan.mentions, *scan.rejected, *scan.blocked) if _quoted_alone(text, m.start, m.end)]
    if not found:
        return
    adjectives = nisba_words()
    # (names the scan or the entity stage read whole: المملكة العربية السعودية is the country's own name)
    read = [(m.start, m.end) for m in (*scan.mentions, *scan.rejected, *scan.blocked)]

    def longer(start: int, end: int) -> bool:
        return any(s <= start and end <= e and e - s > end - start for s, e in read) or (
            scan.covered.contains(start, end) and not scan.covered.exact(start, end)
        )

    short: set[tuple[int, int]] = set()
    for mention in found:
        key = name_key(text[mention.start : mention.end])
        if key in adjectives and _organisation_adjective_elsewhere(text, key, mention.start, longer):
            short.add((mention.start, mention.end))
    if not short:
        return
    scan.not_places.extend(short)
    for bucket in (scan.mentions, scan.rejected, scan.blocked):
        scan.short_names.extend(m for m in bucket if (m.start, m.end) in short)
        bucket[:] = [m for m in bucket if (m.start, m.end) not in short]


def _organisation_adjective_elsewhere(text: str, key: str, start: int, longer: Callable[[int, int], bool]) -> bool:
    """Whether the article uses the name ``key`` as an adjective after a definite noun other than a country
    adjective (``الخطوط السعودية``) elsewhere than at ``start``, outside a longer name read whole (``longer``:
    not ``المملكة العربية السعودية``)."""
    adjectives = nisba_words()
    for word in _ARABIC_WORD.finditer(text):
        if word.start() == start or name_key(word.group(0)) != key:
            continue
        if longer(word.start(), word.end()):
            continue
        previous = _previous_word(text, word.start())
        if previous is not None and previous not in adjectives and _nisba_adjective(key, previous):
            return True
    return False


_ARABIC_WORD = regex.compile(r"(?<!\p{L})\p{L}+(?!\p{L})")


def _quoted_title(text: str, start: int, end: int) -> bool:
    """A name that opens a short quotation holding more than the name, in a list of quotations, is a title
    (``» بداية ونهاية « و » القاهرة 30 «``, novels): a list of quoted phrases joined by ``و`` names works, slogans or
    papers, and a place's epithet in quotation marks (``«حلب الشهباء»``) is not listed so."""
    before = text[max(0, start - 3) : start].rstrip(" ")
    if not before or before[-1] not in _QUOTES:
        return False  # (nearly every name)
    rest = _QUOTED_REST.match(text, end, min(len(text), end + 40))
    if rest is None:
        return False
    mark = max(0, start - 3) + len(before) - 1  # the opening mark's offset
    return bool(_LISTED_BEFORE.search(text, max(0, mark - 8), mark + 1)) or bool(_LISTED_AFTER.match(text, rest.end()))


# A quotation that opens after an organisation's word and holds words before the name (قناة "سي تي في مونتريال"):
# the word before the mark, and what may not stand between the mark and the name.
_WORD_BEFORE_MARK = regex.compile(r"(\p{L}+)[^\S\n]*$")
_NOT_IN_QUOTED_NAME = frozenset('.،:؛\n»”')  # (a closing mark: the quotation ended before the name)
QUOTED_NAME_WINDOW = 40


def _inside_quoted_org_name(text: str, start: int) -> bool:
    """A name inside a quotation that opens right after an organisation's word (``geo_org_cues.tsv``, any kind)
    with words before the name is part of the organisation's name: ``قناة "سي تي في مونتريال"`` (a channel),
    ``شركة «إكسون موبيل»``.  (A quotation the name opens is left to the organisation word before it.)  An
    opening mark comes right before a letter: the mark after ``بنك`` in ``شركة "ألفا بنك" بمدينة لندن`` closes."""
    first = max(0, start - QUOTED_NAME_WINDOW)
    mark = max(text.rfind('"', first, start), text.rfind("«", first, start), text.rfind("“", first, start))
    if mark < 0:
        return False  # (nearly every name)
    inside = text[mark + 1 : start]
    if not inside or not inside[0].isalpha() or any(c in _NOT_IN_QUOTED_NAME for c in inside):
        return False
    found = _WORD_BEFORE_MARK.search(text[max(0, mark - 30) : mark])
    return found is not None and _org_word_before(normalize(found.group(1)), ())


# An opening quotation mark between a word and the name after it, written apart from the word (شركة «تايوان باور»,
# شركة “ نيبال ايرلاينز”, صحيفة "قطر"); a mark written onto the word before closes a quotation instead.
_WORD_THEN_OPENING_MARK = regex.compile(r'(?r)(\p{L}[\p{L}\p{M}]*)[^\S\n]+["«“][^\S\n]*$')


def _word_before_opening_mark(text: str, start: int) -> str | None:
    """The word (normalised) before a quotation that the name at ``start`` opens: a country the entity stage tagged
    inside a company's or a newspaper's quoted name is judged by the word before the mark, as the scan's names are
    (:func:`marsad.geo.scan.word_before`; round 32, branch plc32b: ``شركة «تايوان باور»`` was Taiwan)."""
    found = _WORD_THEN_OPENING_MARK.search(text, max(0, start - 40), start)
    return normalize(found.group(1)) if found is not None else None


# The mark that closes a quotation each opening mark opens.
_CLOSING_MARK = {'"': '"', "«": "»", "“": "”"}
# At most this many words before a country inside its quotation make it a quoted name's last word.
QUOTED_NAME_MAX_WORDS = 2


def _quoted_name_head(text: str, start: int, end: int) -> str | None:
    """The one or two words before a country that closes a short quotation, written apart from them: the head of
    the quoted name of something else, a company (``«زين السعودية»``, ``"إعمار مصر"``), a militia (``«فجر ليبيا»``),
    a festival (``«صيف البحرين»``); None otherwise.  A name with a proclitic or after more words ends a quoted
    sentence or slogan, which names the country (``«الموت لأميركا»``, ``"في جميع أنحاء اليمن"``); one after a
    direction word is the place (the caller checks the cue: ``"غرب الجزائر"``), and so is a longer place name the
    words make with it (``" نيو جيرسي "``: the caller checks); a quotation the name is the whole of is left alone
    (``“إيران”``).  Regions are left alone too (``" نيابة الشام "``, the Mamluk province of the Levant)."""
    after = text[end : end + 3].lstrip(" ")
    if not after or after[0] not in _QUOTES or not text[start - 1 : start].isspace():
        return None  # (nearly every name)
    first = max(0, start - QUOTED_NAME_WINDOW)
    mark = max(text.rfind('"', first, start), text.rfind("«", first, start), text.rfind("“", first, start))
    if mark < 0 or after[0] != _CLOSING_MARK[text[mark]]:
        return None  # (" لورالي أيرو-أتلنتيك " أن المغرب »: a paper writing » « the other way round)
    if text[mark] == '"' and text.count('"', text.rfind("\n", 0, mark) + 1, mark) % 2:
        return None  # (the mark closes an earlier quotation)
    inside = text[mark + 1 : start].strip(" ")
    if not inside or not inside[0].isalpha() or any(c in _NOT_IN_QUOTED_NAME for c in inside):
        return None
    return inside if len(inside.split()) <= QUOTED_NAME_MAX_WORDS else None


# A country in parentheses after a name, then a dash or a score: a club in a list of results (_result_line_club).
_RESULT_COUNTRY = regex.compile(r"[^\S\n]*\(([^()\n]{2,30})\)[^\S\n]*(?:[-–]|\d|صفر)")
# ... or the second of a pair, after the first's country in parentheses and a dash (a draw: فالنسيا (إسبانيا) -
# روما (إيطاليا)).
_PAIRED_COUNTRY = regex.compile(r"[^\S\n]*\(([^()\n]{2,30})\)")
_PAIR_BEFORE = regex.compile(r"\)[^\S\n]*[-–][^\S\n]*$")


# A dateline: a place first on its line, a dash, and the news agency or paper before the colon (عمان – بترا:).
_DATELINE_END = regex.compile(r"[^\S\n]*:")


def _drop_dateline_sources(text: str, scan: _Scan) -> None:
    """In a dateline ``PLACE – SOURCE:`` the second name is the news agency (``عمان – بترا``: Jordan's agency
    Petra, not the town; ``لندن - الشرق الأوسط``: the paper), when the first is a place read as such first on
    its line; that first name is then read as a town, as a settlement cue would have it.  (In ``واس- الرياض:``
    the agency comes first and is no place: nothing to drop.)"""
    accepted = {m.end: m for m in scan.mentions}
    sources: list[tuple[int, int]] = []
    for second in itertools.chain(scan.mentions, scan.rejected):
        gap = _dash_before(text, second.start)
        first = accepted.get(gap) if gap is not None else None
        if first is None or first is second or not _DATELINE_END.match(text, second.end):
            continue
        line_start = text.rfind("\n", 0, first.start) + 1
        if text[line_start : first.start].strip() == "":
            sources.append((second.start, second.end))
            if first.cue is None:
                first.cue = "settlement"  # a dateline names a town (عمان: Amman, not Oman)
    if not sources:
        return
    dropped = set(sources)
    scan.not_places.extend(sources)
    scan.mentions = [m for m in scan.mentions if (m.start, m.end) not in dropped]
    scan.rejected = [m for m in scan.rejected if (m.start, m.end) not in dropped]


_DATELINE_MARK = regex.compile(r"[^\S\n]*[-–—:]")


# ``من ناحية X`` "in terms of X", "as for X": ناحية there is no subdistrict when X is a common word.
_ASPECT_WORDS = frozenset({"ناحيه"})
_ASPECT_BEFORE = frozenset({"من", "ومن"})
# A name at least this common as a word (Zipf) is the idiom's noun: حرية 4.8, المضمون 3.8, المدينة 5.6; the
# subdistricts of Iraqi news are rarer words (الكرمة 3.2, يثرب 3.2, الصقلاوية 2.1: من ناحية الصقلاوية stays one).
ASPECT_WORD_ZIPF = 3.5


def _idiom_of_aspect(gaz: Gazetteer, key: str, text: str, start: int, previous: str | None) -> bool:
    """``من ناحية`` right before a common word (``من ناحية المضمون`` "as for the content"): the idiom, not the
    division cue ``ناحية``."""
    if previous not in _ASPECT_WORDS or gaz.zipf.get(key, 0.0) < ASPECT_WORD_ZIPF:
        return False
    # the word before ناحية: a window, not the whole text before the name (this runs in the scan)
    window_start = max(0, start - 60)
    before = text[window_start:start].rstrip()
    cut = window_start + len(before) - len(before.rsplit(None, 1)[-1]) if before.strip() else window_start
    return _previous_word(text, cut) in _ASPECT_BEFORE


def _demonstrative_town(gaz: Gazetteer, indexes: tuple[int, ...], key: str, previous: str | None) -> bool:
    """A definite name after a demonstrative that names no country, region or area, only towns, districts or
    divisions: a common noun (``هذه العمارة`` "this building", not Al Amarah or Maysan, whose seat it is)."""
    return definite_after_demonstrative(key, previous) and not any(
        gaz.entries[i].feature in _NAMED_AGAIN for i in indexes
    )


# What a text names again with a demonstrative (هذه المملكة, هذا الخليج, هذه المنطقة): not a town.
_NAMED_AGAIN = frozenset({"country", "region", "area"})


def _country_or_town(gaz: Gazetteer, mention: Mention) -> bool:
    """A name that is both a country and a town (عمان: Oman and Amman; الكويت, تونس, الجزائر)."""
    features = {gaz.entries[i].feature for i in mention.candidates}
    return "country" in features and "locality" in features


def _towns_of_named_countries(gaz: Gazetteer, mentions: list[Mention]) -> None:
    """A name that is a country and a town of another country (``عمان``: Oman and Amman) that the evidence left
    undecided is the town when the article's other places are in the town's country and none is in the
    other (``وصل الوفد إلى عمان`` ... ``الأردن``), the adjective after it does not say otherwise, and no
    country is listed right beside it (``والكويت وعمان والأردن``: a list of countries).  A town and a country
    of one name in one country (الكويت, تونس) is left to the rest of the evidence."""
    undecided = [m for m in mentions if m.choice is None and m.settle and m.scored and _country_or_town(gaz, m)]
    if not undecided:
        return
    resolved = [m for m in mentions if m.choice is not None]
    # one sense per discourse: a name listed among countries once (وتشاد والكاميرون وبنين) is the country
    listed = {m.key for m in mentions if _country_or_town(gaz, m) and _beside_a_country(gaz, m, mentions)}
    for mention in undecided:
        others = Counter(m.choice.entry.country for m in resolved if m.key != mention.key and m.choice is not None)
        named = {s.entry.country for s in mention.scored if s.entry.feature == "country"}
        towns = [s for s in mention.scored if s.entry.feature == "locality" and others[s.entry.country] > 0]
        if any(others[code] for code in named) or len({s.entry.country for s in towns}) != 1:
            continue
        town = max(towns, key=lambda s: s.entry.population)
        if (
            mention.country_hint not in (None, town.entry.country) or mention.adjective_elsewhere
            or mention.key in listed
        ):
            continue
        mention.choice = town


def _country_adjectives_elsewhere(gaz: Gazetteer, toks: list[Token], mentions: list[Mention]) -> None:
    """Mark each name that is a country and a town of another country whose country's adjective the text says
    anywhere (``نظيره العماني``: Oman is spoken of; read only when the article has such a name)."""
    homonyms = [m for m in mentions if _country_or_town(gaz, m)]
    if not homonyms:
        return
    adjectives = nisba_words()
    said = {adjectives.get(t.text) or adjectives.get(t.text[1:]) for t in toks}
    for mention in homonyms:
        mention.adjective_elsewhere = any(
            gaz.entries[i].feature == "country" and gaz.entries[i].country in said for i in mention.candidates
        )


def _beside_a_country(gaz: Gazetteer, mention: Mention, mentions: list[Mention]) -> bool:
    """Whether a name that can be a country ends or begins within a few characters of ``mention`` (``وتشاد
    والكاميرون وبنين``, ``وبولندا، وعمان``: a list of countries; the entity stage's countries have no match,
    so offsets, not words)."""
    return any(
        other is not mention
        and (0 <= mention.start - other.end <= LIST_GAP_CHARS or 0 <= other.start - mention.end <= LIST_GAP_CHARS)
        and any(gaz.entries[i].feature == "country" for i in other.candidates)
        for other in mentions
    )


# At most this many characters between two names listed side by side (``X، وY``).
LIST_GAP_CHARS = 4


def _capital_and_dateline_towns(gaz: Gazetteer, text: str, mentions: list[Mention]) -> None:
    """A name that is a country and a town is the town where the text says a town: first on its line
    before a dash or a colon (a dateline: ``عمان - الراية:`` is Amman), or after ``العاصمة`` with or without
    a country adjective (``العاصمة الأردنية عمان``: Amman, and the adjective says Jordan), or before it (``تونس
    العاصمة``, round 33): :func:`marsad.stages.place_capitals.capital_said`."""
    for mention in mentions:
        if mention.cue is not None or not _country_or_town(gaz, mention):
            continue
        line_start = text.rfind("\n", 0, mention.start) + 1
        if text[line_start : mention.start].strip() == "" and _DATELINE_MARK.match(text, mention.end):
            mention.cue = "settlement"
            continue
        said = capital_said(text, mention.start, mention.end)
        if said is not None:
            mention.cue = "settlement"
            if said.country is not None and mention.country_hint is None:
                mention.country_hint = said.country


def _dash_before(text: str, start: int) -> int | None:
    """Where the dash before ``start`` begins (spaces around it), or None when no dash comes right before it."""
    i = start
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    if i == 0 or text[i - 1] not in "-–—":
        return None
    i -= 1
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    return i


# A town smaller than this (most villages of the regional gazetteer record no population) is placed only
# with the article's support: a namesake in another country is the likelier reading of a village's name.
VILLAGE_MAX_POPULATION = 1_000


# A town smaller than this that the article names alone (no cue, no container, not listed beside a place,
# no other place of its country in the article) is a word or a name that reads as a town (والفهود "and
# the cheetahs", وآنخل of a Spanish name, كلية مجتمع بقيق), not a place (train and dev gold).
LONE_TOWN_MAX_POPULATION = 250_000


def _village(entry: Entry) -> bool:
    return entry.feature == "locality" and not entry.curated and entry.population < VILLAGE_MAX_POPULATION


def _lone_town(gaz: Gazetteer, mention: Mention) -> bool:
    """A small town with nothing before or around it (:data:`LONE_TOWN_MAX_POPULATION`) whose name is no
    division's (``إدلب`` names the governorate it seats: ``قذائف على إدلب`` is Idlib in any story)."""
    if mention.choice is None or mention.match is None:
        return False
    entry = mention.choice.entry
    return (
        entry.feature == "locality" and not entry.curated and entry.population < LONE_TOWN_MAX_POPULATION
        and mention.cue is None and mention.container is None and not mention.is_container
        and mention.country_hint is None
        and all(gaz.entries[i].feature != "admin1" for i in mention.candidates)
    )


def _drop_lone_towns(gaz: Gazetteer, text: str, mentions: list[Mention]) -> list[Mention]:
    """The mentions but the small towns the article names alone: no mention of the name with a cue, a
    container or a place listed beside it, and no other place of the town's country in the article."""
    lone = {id(m) for m in mentions if _lone_town(gaz, m)}
    if not lone:
        return mentions
    beside = _ByToken(mentions)
    supported = {m.key for m in mentions if id(m) not in lone or _listed_with(text, m, beside)}
    countries: dict[str, set[str]] = {}
    for m in mentions:
        if m.choice is not None and m.choice.entry.country:
            countries.setdefault(m.choice.entry.country, set()).add(m.key)
    def alone(m: Mention) -> bool:
        if m.key in supported or id(m) not in lone:
            return False
        assert m.choice is not None
        return countries.get(m.choice.entry.country, set()) <= {m.key}
    return [m for m in mentions if not alone(m)]


# A city of a million or more is what its bare name means against namesakes fifty times smaller that nothing but
# the article's country tally speaks for (الرياض beside القاهرة in a story about Egypt and the Kingdom: Riyadh, not
# Ar Riyad in Kafr el-Sheikh; موسكو beside واشنطن: Moscow, not Mesquite, Texas).  A cue, a container or a place
# nearby still decides for a namesake.  Fifty, not a hundred: Moscow is 72 times Mesquite (train CV +1 mention,
# and 27 mentions of Moscow on 1,416 unseen Saudi articles, none lost).
WORLD_CITY_POPULATION = 1_000_000
WORLD_CITY_RATIO = 50


def _world_city_over_namesakes(big: Scored, scored: list[Scored]) -> bool:
    """``big`` (the most populous candidate) over every other of ``scored`` by the rule above (a record of the same
    place a few km away does not count against it)."""
    entry = big.entry
    if entry.feature != "locality" or entry.population < WORLD_CITY_POPULATION:
        return False
    if any(big.findings.get(name, 0.0) < 0 for name in _DOCUMENT_FINDINGS):
        return False
    for other in scored:
        if other is big or haversine_km(entry.lat, entry.lon, other.entry.lat, other.entry.lon) < SAME_PLACE_KM:
            continue
        findings = other.findings
        if (
            other.entry.population * WORLD_CITY_RATIO >= entry.population
            or findings.get("inside_container", 0.0) > 0 or findings.get("near_another", 0.0) > 0
            or findings.get("cue", 0.0) > 0
        ):
            return False
    return True


# A winner this far from every reading of the container the text states is a namesake elsewhere (Iraq's Nasiriyah
# for a quarter of Sabha is 2,900 km away; a village of 1948 Palestine in its Mandate district, a few km).
CONTAINER_FAR_KM = 100.0


def _outside_stated_container(mention: Mention, container: tuple[Entry, ...]) -> bool:
    """The text says the name after a cue lies in a place (``منطقة X بسبها``, ``قرية X في محافظة Y``) and the
    winner lies outside its country, far from it: a namesake elsewhere won over a quarter or village the gazetteer
    lacks.  Far, for a border does not always part what the text joins (a village of 1948 Palestine, coded Israel
    as the gold does, ``في مدينة طولكرم``).  A comma alone links no container here: it may only list (``باريس،
    لندن``)."""
    assert mention.choice is not None
    entry = mention.choice.entry
    return (
        mention.stated_in
        # a cue says the name is a town's or an area's; without one ب may say where something is done (سفير
        # كراكاس بدمشق "Caracas's ambassador in Damascus", اتفاق سلام دارفور بأبوجا)
        and mention.cue in ("settlement", "division")
        and mention.choice.findings.get("inside_container", 0.0) < 0
        # (a country or a region is in no town; a region is no container with a border: أنطاكية في شمالي الشام)
        and entry.feature not in ("country", "region")
        and all(box.country and box.feature != "region" for box in container)
        and all(haversine_km(entry.lat, entry.lon, box.lat, box.lon) > CONTAINER_FAR_KM for box in container)
    )


def _supported(choice: Scored, *, adjective: bool = True) -> bool:
    """The article speaks for a candidate: it lies inside the stated container, in a country or division
    the article's other places or the adjective after the name (دوما اللبنانية) name, or near one of them
    (and not outside the stated container).  ``adjective=False``: the adjective does not count (it says the
    country, not which of its towns: مدينة كان الفرنسية is Cannes or Caen)."""
    findings = choice.findings
    return all(findings.get(name, 0.0) >= 0 for name in _DOCUMENT_FINDINGS) and any(
        findings.get(name, 0.0) > 0 for name in (*_DOCUMENT_FINDINGS, *(("country_adjective",) if adjective else ()))
    )


# A city this big that the entity stage tags on exactly its words and the rules accept and resolve is a place
# whatever the scorer says: the scorer, trained on news where a bare name is often a word or a team, drops
# ``القدس`` and ``القاهرة`` with no cue before them in encyclopaedic text (استرداد القدس, مآذن القاهرة).
TAGGED_CITY_POPULATION = 500_000


def _tagged_big_city(gaz: Gazetteer, mention: Mention) -> bool:
    """Not after an organisation's word (``لجنة القدس``), nor a bare name whose definite form is about as common
    a word (``مشهد`` "scene" / ``المشهد``, Mashhad: the tagger tags the word by its shape)."""
    if not (
        mention.accepted and mention.exact_tag and mention.choice is not None and not mention.org_before
        and mention.choice.entry.feature == "locality" and mention.choice.entry.population >= TAGGED_CITY_POPULATION
    ):
        return False
    if mention.key.startswith("ال"):
        return True
    definite = gaz.definite_zipf.get(mention.key, 0.0)
    return definite < NOUN_DEFINITE_ZIPF or definite < gaz.zipf.get(mention.key, 0.0) - NOUN_BARE_MARGIN


class _NameFacts(NamedTuple):
    """A gazetteer name's entries as the scan reads them (:meth:`PlaceStage._name_facts`)."""

    indexes: tuple[int, ...]
    all_regions: bool  # every entry a region (or none: a phrase that is never a place)
    big_compound: bool  # a compound name of a city of COMPOUND_CITY_MIN_POPULATION or more (مكسيكو سيتي)
    countries: tuple[Entry, ...]  # its entries that are countries


# Names whose facts a stage keeps (a news vocabulary of names: a few thousand per 1,000 articles).
_FACTS_LIMIT = 1 << 14


class PlaceStage:
    name = "places"

    def __init__(
        self, gazetteer: Gazetteer | None = None, scorer: PlaceScorer | None = None, *, learned: bool = True
    ) -> None:
        """``learned=False``: the hand-set rules alone decide (what the scorer is trained against)."""
        self.gaz = gazetteer or default_gazetteer()
        self.scorer = (scorer or default_scorer()) if learned else None
        # What the stage works out once per name over its gazetteer, each memo bounded: _accept's verdicts,
        # the names' facts, their bars, an entity-stage country tag's words (their name keys, whether they
        # name that country, an adjective?).
        self._accepted: BoundedMemo[tuple[str, str | None, bool, bool, bool], bool] = BoundedMemo(_ACCEPTED_LIMIT)
        self._facts: BoundedMemo[str, _NameFacts] = BoundedMemo(_FACTS_LIMIT)
        self._bases: Bases = BoundedMemo(_BASES_LIMIT)
        self._country_surfaces: BoundedMemo[tuple[str, int], tuple[tuple[str, ...], bool, bool]] = BoundedMemo(
            _ACCEPTED_LIMIT
        )
        self._skeletons: SkeletonIndex | None = None  # built on the first tag the gazetteer does not know

    def _transliterated(self) -> SkeletonIndex:
        if self._skeletons is None:
            self._skeletons = SkeletonIndex(self.gaz)
        return self._skeletons

    def _name_facts(self, key: str) -> _NameFacts:
        """What the scan asks of a name's entries, worked out once per name (a stage keeps one gazetteer)."""
        indexes = self.gaz.names[key]
        facts = self._facts.known.get(key)
        if facts is None or facts.indexes is not indexes:
            entries = [self.gaz.entries[i] for i in indexes]
            facts = self._facts.put(key, _NameFacts(
                indexes,
                all(e.feature == "region" for e in entries),
                " " in key and any(e.population >= COMPOUND_CITY_MIN_POPULATION for e in entries),
                tuple(e for e in entries if e.feature == "country"),
            ))
        return facts

    # -- mentions -------------------------------------------------------------------------------
    def _mentions(self, doc: Document, toks: list[Token]) -> tuple[list[Mention], list[Mention]]:
        """The mentions the hand-set rules accept, and the other candidates (for the learned scorer)."""
        view = doc.matching
        tagged = [e for e in doc.entities if e.type in PLACE_TYPES]
        scan = _Scan()
        self._tagged_countries(doc, tagged, scan)
        entities = _Entities(doc.entities)
        for match in find_names(self.gaz, view.text, toks):
            self._scan_match(doc, view, toks, entities, match, scan)
        self._drop_clubs(view.text, toks, scan)
        self._drop_surnames(scan)
        self._waw_readings(doc, view, scan)
        _drop_short_names_of_organisations(doc.text, scan)
        rescued = self._rescued(view.text, toks, scan)  # (it also drops uncorroborated mentions: call it first)
        scan.mentions.extend(rescued)
        self._unscanned_entities(doc, tagged, scan)
        _drop_dateline_sources(doc.text, scan)
        _capital_and_dateline_towns(self.gaz, doc.text, scan.mentions)
        _country_adjectives_elsewhere(self.gaz, toks, scan.mentions)
        mentions = scan.mentions
        mentions.sort(key=lambda m: m.start)
        _spread_country_hints(mentions)
        self._link_containers(view.text, toks, mentions)
        kept = {id(m) for m in rescued}
        beside = _ByToken(mentions)
        accepted_keys = {m.key for m in mentions}
        others = []
        for mention in [m for m in scan.rejected if id(m) not in kept] + scan.dropped + scan.blocked:
            mention.accepted = False
            mention.listed = _listed_with(view.text, mention, beside)
            # A rejected name with nothing for it (no cue, not listed beside a place, not a place
            # elsewhere in the article) is left out: the scorer is neither trained on nor asked about it.
            if mention.cue is not None or mention.listed or mention.blocked or mention.key in accepted_keys:
                others.append(mention)
        sport = SportSentences(doc.text, toks)
        for mention in (*mentions, *others):
            mention.sport_sentence = sport.around(mention)
        return mentions, others

    def _drop_clubs(self, text: str, toks: list[Token], scan: _Scan) -> None:
        """A town's name followed by a masculine country adjective is a club (``روما الإيطالي``,
        ``توتنهام الإنجليزي``: a town takes the feminine, ``سروج التركية``), and so is that name everywhere
        else in the article (``سجل هدفا لروما``); so is a town's name read inside a team's name
        (``أمام سوانزي سيتي`` ... ``أهداف سوانزي``)."""
        towns = ("locality", "neighbourhood")
        clubs = {
            m.key
            for m in itertools.chain(scan.mentions, scan.rejected)
            if m.match is not None
            and m.cue not in _PLACE_NOUN_CUES  # (حي سوهو الصيني: the district's adjective)
            # (the words after the name first: they rule out nearly every name at once)
            and (masculine_nisba_after(text, toks, m.match) or self._result_line_club(text, m.match))
            and all(self.gaz.entries[i].feature in towns for i in m.candidates)
        } | {key for key in scan.org_keys if all(self.gaz.entries[i].feature in towns for i in self.gaz.names[key])}
        if not clubs:
            return
        for found in (scan.mentions, scan.rejected):
            scan.not_places.extend((m.start, m.end) for m in found if m.key in clubs)
            found[:] = [m for m in found if m.key not in clubs]

    def _result_line_club(self, text: str, match: Match) -> bool:
        """A town's name followed by its country in parentheses and a dash or a score is a club in a list of
        results (``آرسنال (انكلترا) - بورتو (البرتغال) 2 - صفر``), and so is the second of such a pair
        (``فالنسيا (إسبانيا) - روما (إيطاليا)``)."""
        found = _RESULT_COUNTRY.match(text, match.end)
        before = text[max(0, match.start - 8) : match.start]
        if found is None and ")" in before and _PAIR_BEFORE.search(before):  # (no bracket: nearly every name)
            found = _PAIRED_COUNTRY.match(text, match.end)
        if found is None:
            return False
        inside = found.group(1).strip()
        return inside in nisba_words() or any(
            self.gaz.entries[i].feature == "country" for i in self.gaz.names.get(name_key(inside), ())
        )

    def _waw_readings(self, doc: Document, view: TextView, scan: _Scan) -> None:
        """A name read as written that is also ``و`` + another place's name (``وجدة``: Oujda, or "and Jeddah")
        takes the second reading when the article's other places lie in that place's country and none in the
        first's (``في الرياض وجدة والمدينة المنورة``).  The scan reads a word as written first."""
        accepted = list(scan.mentions)
        demoted: list[Mention] = []
        for found in (scan.mentions, scan.rejected):
            for k, mention in enumerate(found):
                match = mention.match
                if match is None or match.prefix or not match.key.startswith("و") or " " in match.key:
                    continue
                rest = match.key[1:]
                if rest not in self.gaz.names or self.gaz.policy.get(rest) is not None:
                    continue
                own = {self.gaz.entries[i].country for i in mention.candidates}
                theirs = {self.gaz.entries[i].country for i in self.gaz.names[rest] if self.gaz.entries[i].population}
                others = {c for m in accepted if m.key not in (match.key, rest) and (c := self._likely_country(m))}
                if not (others & theirs) or others & own:
                    continue
                start, end = view.to_original(match.start + 1, match.end)
                moved = Match(match.start + 1, match.end, rest, "و", match.first_token, match.last_token)
                reading = Mention(start, end, rest, self.gaz.names[rest], moved, cue=mention.cue, tagged=mention.tagged,
                                  country_hint=mention.country_hint, previous=mention.previous)
                if found is scan.rejected or self._accepts(reading):
                    found[k] = reading
                else:  # (the bar a stripped proclitic lowers: left to the enumeration beside it, الرياض وجدة)
                    demoted.append(mention)
                    scan.rejected.append(reading)
        if demoted:
            scan.mentions = [m for m in scan.mentions if all(m is not d for d in demoted)]

    def _drop_surnames(self, scan: _Scan) -> None:
        """A name read as a person's after a given name or title (``قال محمد الأحمدي``) is that person's
        name elsewhere in the article too (``وأضاف الأحمدي``), unless a settlement or division cue stands
        before it or a place of :data:`SURNAME_MAX_POPULATION` or more bears it (الرياض is the city
        whatever محمد الرياض is)."""
        surnames = {
            key for key in scan.person_keys
            if all(self.gaz.entries[i].population < SURNAME_MAX_POPULATION for i in self.gaz.names[key])
        }
        if not surnames:
            return
        def read_as_surname(mention: Mention) -> bool:
            return mention.key in surnames and mention.cue not in ("settlement", "division")

        for found in (scan.mentions, scan.rejected):
            moved = [m for m in found if read_as_surname(m)]
            for mention in moved:
                mention.blocked = True
                scan.not_places.append((mention.start, mention.end))
            scan.blocked.extend(moved)
            found[:] = [m for m in found if not read_as_surname(m)]

    def _tagged_countries(self, doc: Document, tagged: list[Entity], scan: _Scan) -> None:
        """Countries the entity stage already identified (its nisba adjectives, تركية, are not places)."""
        for ent in tagged:
            if ent.id and len(ent.id) == 2 and ent.id.upper() in self.gaz.country_entry:
                index = self.gaz.country_entry[ent.id.upper()]
                if self._longer_name_after(doc.text, ent, index):
                    continue  # (فرنسا الجديدة: New France, which the scan then finds)
                scan.covered.add(ent.start, ent.end)
                previous = _previous_word(doc.text, ent.start)
                if (
                    self._nisba_of_country(doc.text, ent.start, ent.text, index)
                    or function_word_reason(normalize(ent.text), previous)  # (أصغر هذه الإمارات)
                    or has_tanween(doc.text, ent.start, ent.end)  # (حصناً رومانياً "a Roman fort")
                    or _in_org_name(doc.text, [], previous or _word_before_opening_mark(doc.text, ent.start), None)
                    or _org_pair_before_text(doc.text, ent.start)
                    or _country_club(doc.text, ent.end, self.gaz.entries[index])
                    or (
                        self._closes_quoted_name(doc.text, ent.start, ent.end)
                        and (previous is None or normalize(previous) not in cue_words())
                    )
                ):
                    scan.not_places.append((ent.start, ent.end))  # (منتخب المغرب: a team; «زين السعودية»)
                    continue
                if self._capital_city(doc.text, ent, index, scan):
                    continue
                scan.mentions.append(
                    Mention(ent.start, ent.end, f"country:{ent.id.upper()}", (index,), tagged=True)
                )

    def _capital_city(self, text: str, ent: Entity, index: int, scan: _Scan) -> bool:
        """A tagged country whose name is also a town's, the text calling it the capital (``وسط تونس العاصمة``,
        ``بالعاصمة تونس``: round 33), is read as the scan reads such a name after ``العاصمة``: every entry of the
        name, the town's cue, so the town is chosen (the tag alone gave the country's entry only)."""
        key = name_key(ent.text)
        indexes = self.gaz.names.get(key, ())
        if index not in indexes or not any(self.gaz.entries[i].feature == "locality" for i in indexes):
            return False
        said = capital_said(text, ent.start, ent.end)
        if said is None:
            return False
        scan.mentions.append(Mention(ent.start, ent.end, key, indexes, cue="settlement", tagged=True, exact_tag=True,
                                     country_hint=said.country))
        return True

    def _closes_quoted_name(self, text: str, start: int, end: int) -> bool:
        """A country that is the last word of a short quoted name (:func:`_quoted_name_head`), which with the words
        before it is no longer place name of the index."""
        head = _quoted_name_head(text, start, end)
        return head is not None and name_key(f"{head} {text[start:end]}") not in self.gaz.names

    def _longer_name_after(self, text: str, ent: Entity, index: int) -> bool:
        """The country's name and the next word are another place's name (فرنسا الجديدة, إسبانيا الجديدة)."""
        following = _NEXT_WORD.match(text, ent.end)
        if following is None:
            return False
        longer = self.gaz.names.get(name_key(f"{ent.text} {following.group(1)}"), ())
        return bool(longer) and index not in longer

    def _scan_match(
        self, doc: Document, view: TextView, toks: list[Token], entities: _Entities, match: Match, scan: _Scan
    ) -> None:
        """Judge one gazetteer name found by the scan: accepted, rejected (for now) or not a place."""
        start, end = view.to_original(match.start, match.end)
        text = doc.text  # (a property: read once, not once per check)
        facts = self._name_facts(match.key)
        indexes = facts.indexes
        if facts.all_regions:
            # a region (أمريكا الجنوبية): the country the entity stage saw inside it is not meant
            inside = [m for m in scan.mentions if start <= m.start and m.end <= end]
            scan.not_places.extend((m.start, m.end) for m in inside)
            inside_ids = {id(m) for m in inside}
            scan.mentions = [m for m in scan.mentions if id(m) not in inside_ids]
            if not indexes:
                if not self.gaz.names.get(match.key):
                    # a phrase of geo_not_places.tsv is no place tag either (مركز الخليج للأبحاث, a think tank)
                    scan.not_places.append((start, end))
                return  # a region without a centroid, or a phrase (مسقط رأسه): never a place
        if doc.is_boilerplate(start, end) or scan.covered.contains(start, end):
            return
        cue = cue_before(view.text, toks, match)
        previous = _previous_word(text, start)
        if cue == "division" and _idiom_of_aspect(self.gaz, match.key, text, start, previous):
            cue = None  # (من ناحية حرية الرأي "in terms of freedom of opinion", not a subdistrict)
        blocked = _blocked(entities, start, end, cue, facts.big_compound, previous)
        after_given_name = not blocked and (
            _after_given_name(self.gaz, match, cue, previous) or _after_name_article(text, start, match, cue)
        )
        if after_given_name:  # (مطر الأحمدي, إليزابيث وارين: the entity stage missed the person)
            blocked = True
            scan.person_keys.add(match.key)
            scan.not_places.append((start, end))  # (nor is a place tag on it)
        # A country adjective is the adjective inside an organisation's name too (وكالة الأنباء السعودية,
        # tagged whole): the gold never counts it, and a blocked name is the learned scorer's to put back.
        if _nisba_adjective(match.key, previous) or _nisba_town(self.gaz, match.key, cue) or (
            not blocked
            and (
                ordinary_word_reason(text, start, end, match.key, match.prefix, previous)
                or _demonstrative_town(self.gaz, indexes, match.key, previous)
            )
        ):
            scan.not_places.append((start, end))
            return
        if not blocked and _hamza_dropped(self.gaz, text, start, match, cue):
            scan.not_places.append((start, end))  # (أغلقت بابها "closed her door", not ب + أبها)
            return
        if not blocked and _pronoun_suffixed(self.gaz, text, end, match, cue):
            scan.not_places.append((start, end))  # (ميله إلى "his inclination to", not Mila)
            return
        if not blocked and _generic_noun_complement(self.gaz, match.key, previous):
            scan.not_places.append((start, end))  # (منطقة المقطع "the cutting area", مركز الشرطة "police station")
            return
        if not blocked and _attributive_adjective(self.gaz, match.key, previous):
            scan.not_places.append((start, end))  # (nor is a place tag on it: أبو البراء الشامي)
            return
        countries = facts.countries
        if cue is None and countries and self._closes_quoted_name(text, start, end):
            scan.not_places.append((start, end))  # (nor is an organisation tag over it: «زين السعودية»)
            return
        if not blocked and cue is None and not countries and (
            _quoted_alone(text, start, end) or _quoted_title(text, start, end)
        ):
            scan.not_places.append((start, end))  # (" ميرامار ", a novel; «الشرق الأوسط», a paper; » القاهرة 30 «)
            return
        if countries and _country_club(text, end, countries[0]):
            scan.not_places.append((start, end))  # (قطر القطري, موناكو الفرنسي: a club)
            return
        org_previous = previous or word_before(view.text, toks, match)  # (across a quotation mark: لصحيفة “مكة”)
        if (
            _in_org_name(view.text, toks, org_previous, match.last_token)
            or _org_pair_before(view.text, toks, match.first_token)
            or _waw_after_org_word(view.text, toks, match)
            or (not countries and _inside_quoted_org_name(text, start))
        ):
            scan.not_places.append((start, end))  # (nor is a place tag on it: فريق تينيسي ستيت)
            if _in_org_name(view.text, toks, org_previous, match.last_token, ("team",)):
                scan.org_keys.add(match.key)  # (a team's: so it is elsewhere in the article)
            return
        mention = Mention(
            start,
            end,
            match.key,
            indexes,
            match,
            cue=cue,
            tagged=entities.tagged.overlaps(start, end),
            exact_tag=entities.tagged.exact(start, end),
            country_hint=nisba_after(view.text, toks, match),
            previous=previous,
            in_construct=_in_construct(view.text, toks, match),
            local=org_previous is not None
            and any(stem in local_cue_words() for _prefix, stem in name_readings(org_previous)),
        )
        if blocked:
            mention.blocked = True
            scan.blocked.append(mention)
        elif self._accepts(mention):
            scan.mentions.append(mention)
        else:
            scan.rejected.append(mention)

    def _accepts(self, mention: Mention) -> bool:
        """:func:`_accept` of a mention just scanned (its candidates: all its name's entries), remembered
        by what it reads: the name, its cue, its tags and whether a proclitic was stripped."""
        assert mention.match is not None
        signature = (mention.key, mention.cue, mention.tagged, mention.exact_tag, bool(mention.match.prefix))
        accepted = self._accepted.known.get(signature)
        if accepted is None:
            accepted = self._accepted.put(signature, _accept(self.gaz, mention, self._bases))
        return accepted

    def _feature_inputs(self, text: str, toks: list[Token], mention: Mention, sport: SportSentences | None) -> None:
        """The organisation words around a candidate's name, and whether its sentence is of sport with nothing in
        the text placing it (a team: ``حققت البرتغال فوزا``; ``أقيمت المباراة في دنفر`` is the town; the rules do
        not read them: worked out for the scorer's candidates only)."""
        if sport is not None:
            mention.sport = sport.around(mention) and not placed_by_text(sport.text, mention, _announces_place)
        match = mention.match
        if match is None:
            return
        before, after = _org_cues()
        if mention.previous is not None:
            mention.org_before = any(stem in before for _prefix, stem in name_readings(mention.previous))
        following = match.last_token + 1
        if following < len(toks) and text[toks[match.last_token].end : toks[following].start].isspace():
            mention.org_after = toks[following].text in after

    def _rescued(self, text: str, toks: list[Token], scan: _Scan) -> list[Mention]:
        """One sense per discourse: a name accepted somewhere in the article (after a cue, say)
        is a place wherever else it occurs, unless it is a word that never counts alone."""
        corroborated = [m for m in scan.mentions if self._corroborated(text, toks, m, scan.mentions)]
        if len(corroborated) < len(scan.mentions):
            kept = {id(m) for m in corroborated}
            scan.dropped.extend(m for m in scan.mentions if id(m) not in kept)
        scan.mentions = mentions = corroborated
        rejected = scan.rejected
        accepted_keys = {m.key for m in mentions}
        rescued = [
            m
            for m in rejected
            if m.key in accepted_keys and self.gaz.policy.get(m.key) != "never" and not self._focus_name(m)
        ]
        for mention in rejected:
            if self._focus_name(mention):
                # (a company's short name is no place, but it still says which country the article is about:
                # "السعودية", the airline, makes المملكة of the same story Saudi Arabia)
                country, about = self._focus_country(mention, [*mentions, *scan.short_names])
                mention.candidates = (self.gaz.country_entry[country],)  # the one it can mean here
                if about:
                    rescued.append(mention)
        already = {id(m) for m in rescued}
        beside = _ByToken(mentions)
        rescued.extend(
            m
            for m in rejected
            if id(m) not in already
            and self.gaz.policy.get(m.key) is None
            and self.gaz.zipf.get(m.key, 0.0) < _threshold(self.gaz, m, self._bases) + LIST_ALLOWANCE
            and _listed_with(text, m, beside)
            # (a noun before its complement is a place of its own when listed: محافظة عدن ومعسكر العند)
            and not (m.in_construct and _noun_reading(self.gaz, m))
        )
        already = {id(m) for m in rescued}
        rescued.extend(m for m in rejected if id(m) not in already and self._division_vouched(m, mentions))
        return rescued

    def _division_vouched(self, mention: Mention, accepted: list[Mention]) -> bool:
        """A division abroad whose name counts only after a cue, being also a person's (فيكتوريا, the
        Australian state), is a place without one in an article that names its country or a town inside it
        (ميلبورن): its candidates narrow to that division.  Not a division at home, whose name is an Arabic
        word (البحيرة "the lake", Beheira, in a story about Egypt)."""
        if self.gaz.policy.get(mention.key) != "cue":
            return False
        home = _home_countries()
        divisions = [
            (i, self.gaz.entries[i]) for i in mention.candidates
            if self.gaz.entries[i].feature == "admin1" and self.gaz.entries[i].curated
            and self.gaz.entries[i].country not in home
        ]
        for other in accepted:
            entries = [self.gaz.entries[i] for i in other.candidates]
            for index, division in divisions:
                if entries and all(
                    e.country == division.country and (e.feature == "country" or e.admin1 == division.admin1)
                    for e in entries
                ):
                    mention.candidates = (index,)
                    return True
        return False

    def _focus_name(self, mention: Mention) -> bool:
        return (self.gaz.policy.get(mention.key) or "").startswith(FOCUS_POLICY)

    def _focus_country(self, mention: Mention, accepted: list[Mention]) -> tuple[str, bool]:
        """The country a focus name can mean in this article, and whether the article is about it.  Of
        the countries the name may stand for (المملكة: Saudi Arabia, Jordan, Morocco, Bahrain, in the
        data file's order), the one the article's places name most (the first on a tie or when none is
        named); the article is about it when no other country is named more often and no adjective
        after the name says otherwise (المملكة الأردنية)."""
        countries = [
            c for c in (self.gaz.policy.get(mention.key) or "")[len(FOCUS_POLICY) :].split(",")
            if c in self.gaz.country_entry
        ]
        counts = Counter(c for m in accepted if (c := self._likely_country(m)))
        country = max(countries, key=lambda c: counts[c])  # (max keeps the first of equals)
        if mention.country_hint is not None and mention.country_hint not in countries:
            return country, False
        return country, counts[country] > 0 and counts[country] == max(counts.values())

    def _likely_country(self, mention: Mention) -> str | None:
        """The country of a mention's most prominent candidate (before the document is resolved)."""
        if not mention.candidates:
            return None
        best = max(mention.candidates, key=lambda i: self.gaz.entries[i].population)
        return self.gaz.entries[best].country or None

    def _corroborated(self, text: str, toks: list[Token], mention: Mention, accepted: list[Mention]) -> bool:
        """A town abroad whose name is also an ordinary Arabic word (سيول "floods" = Seoul, أدينا "were
        convicted" = Edina) counts only with support: a settlement cue, its country named in the article
        or by the adjective after it, a place enumerated beside it, or (for a big city) an entity tag on
        exactly its words.  A big city whose name never takes the article (برلين) is not such a word:
        its frequency is the city's.  A town at home whose name reads as a noun (:func:`_noun_reading`)
        needs the same support, but for the entity tag."""
        if mention.match is None or mention.cue in ("settlement", "division"):
            return True
        entries = [self.gaz.entries[i] for i in mention.candidates]
        # (سلالة "breed": Salalah only in an article about Oman; بالعمارة "in the building" in a Jeddah story,
        # while a story naming no other place keeps الباحة)
        if _noun_reading(self.gaz, mention) or (
            _home_word_town(self.gaz, mention)
            and any(other.key != mention.key and self._likely_country(other) for other in accepted)
        ):
            if any(other.key == mention.key and other.cue in _PLACE_NOUN_CUES for other in accepted):
                return True  # (منطقة الباحة once: الباحة elsewhere in the article is the place)
            # the countries of its towns with a population (رفح: Gaza's and Sinai's), not of its hamlets
            countries = {e.country for e in entries if e.population > 0} or {entries[0].country}
            # (a noun before its complement listed beside a place is a place of its own, not the town:
            # محافظة عدن ومعسكر العند, a camp)
            return self._country_supported(
                text, mention, countries, accepted, itself=False, listing=not mention.in_construct
            )
        # (hamlets at home with no population say nothing: مشهد "scene" is Mashhad or an Iraqi hamlet, and the
        # hamlet made it a name of the home region, exempt)
        settled = [e for e in entries if e.population > 0] or entries
        if not entries or any(e.country in _home_countries() or e.feature != "locality" for e in settled):
            return True
        population = max(e.population for e in entries)
        word_bar = FOREIGN_WORD_ZIPF if population >= TAGGED_FOREIGN_MIN_POPULATION else SMALL_FOREIGN_WORD_ZIPF
        if self.gaz.zipf.get(mention.key, 0.0) < word_bar:
            return True
        # A name commoner with the article than without is a noun (السيول "the floods"; الصوفية, اللوم): the
        # tagger tags it by its shape, and its own other mentions vouch for nothing (اجتياح سيول ... وسيول).
        zipf = self.gaz.zipf.get(mention.key, 0.0)
        noun = self.gaz.definite_zipf.get(mention.key, 0.0) >= max(NOUN_DEFINITE_ZIPF, zipf)
        if mention.exact_tag and population >= TAGGED_FOREIGN_MIN_POPULATION and not noun:
            return True
        if (
            population >= NOT_A_NOUN_MIN_POPULATION
            and mention.cue == "preposition"
            and mention.match.prefix in ("", "ب", "ل")  # (وبسيمي, وباولو: names, not و + ب + a city)
            and not mention.key.startswith("ال")
            and self.gaz.definite_zipf.get(mention.key, 0.0) < NOUN_DEFINITE_ZIPF
        ):
            self._feature_inputs(text, toks, mention, None)  # (worked out here only: few names get this far)
            if not (mention.org_before or mention.org_after or masculine_nisba_after(text, toks, mention.match)):
                return True
        return self._country_supported(text, mention, {e.country for e in entries}, accepted, itself=not noun)

    def _country_supported(
        self, text: str, mention: Mention, countries: set[str], accepted: list[Mention], *, itself: bool = True,
        listing: bool = True,
    ) -> bool:
        """The article supports a name of a place in ``countries``: the adjective after it names the
        country (روما الإيطالية), another place of the article is there, or (``listing``) it is listed beside
        one.  ``itself=False``: the name's own other mentions do not vouch for it (a noun used four times)."""
        if mention.country_hint in countries:
            return True
        # (``itself=False``: nor do its other spellings, the same places: ميادين "squares" for الميادين)
        own = frozenset(mention.candidates) if not itself else frozenset()
        others = [
            other for other in accepted
            if other is not mention and (itself or (other.key != mention.key and own.isdisjoint(other.candidates)))
        ]
        return any(self._likely_country(other) in countries for other in others) or (
            listing and _listed_with(text, mention, _ByToken(others))
        )

    def _unscanned_entities(self, doc: Document, tagged: list[Entity], scan: _Scan) -> None:
        """Place entities the scan did not accept: reported unresolved, with the candidates the
        gazetteer has for their words (none for a name it does not know).  A lone cue word
        (ريف of "ريف حلب" cut short) is not a place, nor a tag that is or starts with a word that is a
        place only after a cue (the first name رياض of "رياض المالكي", بورصة "stock exchange"), nor a tag
        on a month name (``نيسان``) or one that opens with an organisation's word (``جامعة نورثمبريا``), nor a tag
        that lost the ``و`` its name starts with (:func:`_waw_of_the_name`) or that a masculine country
        adjective follows (a club)."""
        found = SpanIndex([(m.start, m.end) for m in scan.mentions] + scan.not_places)
        cues = cue_words()
        reported: list[Mention] = []
        for ent in tagged:
            if found.overlaps(ent.start, ent.end) or doc.is_boilerplate(ent.start, ent.end):
                continue
            words = normalize(ent.text.strip()).split()
            if not words or " ".join(words) in cues or " ".join(words) in _month_words():
                continue
            if len(words) > 1 and _org_word_before(words[0], ("team", "name")):
                continue  # (a university's or a library's name: جامعة نورثمبريا, مكتبة ريجنشتاين)
            if len(words) > 1 and words[-1] in _description_words():
                continue  # (a person's nationality in a list of names: بنجلاديشي الجنسية)
            inside = [m for m in scan.rejected if ent.start <= m.start and m.end <= ent.end]
            if any(m.start == ent.start and self.gaz.policy.get(m.key) == "cue" for m in inside):
                continue
            if any((m.start, m.end) == (ent.start, ent.end) and self._never_a_town(m) for m in inside):
                continue  # (a tag on الشرق alone, من ناحية الشرق "from the east"; شرق أوسط جديد stays)
            if _waw_of_the_name(doc.text, ent.start, ent.text) or _club_adjective_after(doc.text, ent.start, ent.end):
                continue  # (تايجر وودز tagged ودز; أمام تشلسي الإنجليزي, a club)
            if _described_not_named(words, cues) or _previous_word(doc.text, ent.start) in cardinal_words():
                continue  # (لم ترسل دولة أوروبية فريقا "no European country"; أحد عشر بروتونا "eleven protons")
            candidates = inside[0].candidates if len(inside) == 1 else ()
            reported.append(
                Mention(ent.start, ent.end, f"entity:{ent.text}", candidates, tagged=True, settle=False)
            )
        scan.mentions.extend(self._supported_tags(doc.text, reported, scan.mentions))

    def _supported_tags(self, text: str, tags: list[Mention], found: list[Mention]) -> list[Mention]:
        """The place tags of the entity stage that the gazetteer does not know and that the article
        supports: a place word before them or as their first word (``في``, ``نهر``, ``بلدة``, ``شمال``), or a
        place beside them in a list (``إسكيا وكوماي``), here or at another tag on the same words.  Off the
        text its tagger learned from, such a tag alone is as often a person or a brand (``كان ستالين``,
        ``مع يوتيوب``, ``كلف فولكسفاغن``) as a place."""
        if not tags:
            return tags
        places = sorted([(m.start, m.end) for m in found] + [(m.start, m.end) for m in tags])
        supported: set[str] = set()
        for mention in tags:
            words = normalize(text[mention.start : mention.end].strip()).split()
            if (
                mention.candidates
                or _place_word(_previous_word(text, _before_quote(text, mention.start)), "before")
                or _GLUED_PREPOSITION.search(text, max(0, mention.start - 3), mention.start) is not None
                or (words and _place_word(words[0], "first"))
                or _listed_beside(text, mention.start, mention.end, places)
            ):
                supported.add(mention.key)
        return [m for m in tags if m.key in supported]

    def _never_a_town(self, mention: Mention) -> bool:
        """A name of towns only that ``geo_stopnames.tsv`` says is never a place (``الشرق`` "the east", villages
        of Yemen); regions matched only to be skipped (``خراسان``, ``الفرات``) are never geocoded but still places,
        and a division's name stays one after a cue (``مدن وبلدات الجنوب``, South Lebanon)."""
        return (
            mention.key in _never_names()
            and self.gaz.policy.get(mention.key) == "never"
            and all(self.gaz.entries[i].feature in ("locality", "neighbourhood") for i in mention.candidates)
        )

    def _nisba_of_country(self, text: str, start: int, surface: str, index: int) -> bool:
        """True for an adjective the entity stage tagged as its country (الحملة السعودية, مقاتلات تركية)."""
        read = self._country_surfaces.known.get((surface, index))
        if read is None:  # (what the words say is the same wherever the entity stage tags them)
            words = name_words(surface)
            readings = (
                [stem for prefix, stem in name_readings(words[0])] if len(words) == 1 else [" ".join(words)]
            )
            keys = {name_key(r) for r in readings}
            known = any(index in self.gaz.names.get(key, ()) for key in keys)
            read = self._country_surfaces.put(
                (surface, index), (tuple(keys), known, not known and any(key.endswith(("يه", "ي")) for key in keys))
            )
        keys_read, known, adjective = read
        if not known:
            return adjective
        return any(_nisba_adjective(key, _previous_word(text, start)) for key in keys_read)

    @staticmethod
    def _link_containers(text: str, toks: list[Token], mentions: list[Mention]) -> None:
        scanned = [m for m in mentions if m.match is not None]
        for left, right in itertools.pairwise(scanned):
            assert left.match is not None and right.match is not None
            if gap_is_containment(text, toks, left.match, right.match):
                left.container = right
                left.stated_in = not any(mark in text[left.match.end : right.match.start] for mark in ",،")
                right.is_container = True

    # -- resolution -----------------------------------------------------------------------------------
    def _container(self, mention: Mention) -> tuple[Entry, ...]:
        box = mention.container
        if box is None:
            return ()
        if box.choice is not None:
            return (box.choice.entry,)
        return tuple(self.gaz.entries[i] for i in box.candidates)

    def _score_all(self, mentions: list[Mention], evidence: _Evidence | None) -> None:
        """Score every mention; mentions of one name in the same situation share the work."""
        done: dict[tuple[object, ...], list[Scored]] = {}
        for mention in mentions:
            container = self._container(mention)
            signature = (
                mention.key,
                mention.cue,
                mention.is_container,
                mention.country_hint,
                tuple(e.id for e in container),
                mention.sport_sentence,
            )
            scored = done.get(signature)
            if scored is None:
                ctx = (
                    evidence.context_for(mention.key, mention.cue, container, mention.is_container)
                    if evidence is not None
                    else Context(mention.cue, container, mention.is_container)
                )
                ctx.country_hint = mention.country_hint
                ctx.rank_namesakes = _ranks_namesakes(mention, container)
                scored = done[signature] = score_candidates(self.gaz, mention.candidates, ctx)
            mention.scored = scored
            mention.choice = decide(scored, mention.country_hint) if mention.settle else None
            if (
                mention.choice is not None
                and (mention.local or _village(mention.choice.entry))
                and not _supported(mention.choice)
            ):
                mention.choice = None  # (حي الحمراء in a story about Riyadh is not the Jordanian village)
            if mention.choice is not None and _outside_stated_container(mention, container):
                mention.choice = None  # (منطقة الناصرية بسبها: a quarter of Sabha, not Iraq's Nasiriyah)

    def _resolve(self, mentions: list[Mention]) -> None:
        # Pass 1: what needs no document context (single candidates, curated countries/divisions).
        self._score_all(mentions, None)
        for mention in mentions:
            if mention.choice is not None and not (
                len(mention.candidates) == 1 or mention.choice.entry.curated
            ):
                mention.choice = None
        # Passes 2-3: everything, with the document's context from the previous pass.  A pass reads the
        # previous one through the entries chosen only (the evidence's tallies, each container's choice):
        # when the second pass leaves every choice as it found it, the third would score the same
        # mentions against the same context and decide the same (most articles), so it is not run.
        chosen = _chosen(mentions)
        self._score_all(mentions, _Evidence(mentions))
        if _chosen(mentions) != chosen:
            self._score_all(mentions, _Evidence(mentions))
        self._one_sense(mentions)
        _towns_of_named_countries(self.gaz, mentions)

    @staticmethod
    def _one_sense(mentions: list[Mention]) -> None:
        """One sense per discourse: an undecided mention takes the reading its name got elsewhere."""
        by_key: dict[str, set[str]] = {}
        winners: dict[str, Scored] = {}
        for mention in mentions:
            if mention.choice is not None:
                by_key.setdefault(mention.key, set()).add(mention.choice.entry.id)
                winners[mention.key] = mention.choice
        for mention in mentions:
            if mention.choice is None and mention.settle and len(by_key.get(mention.key, ())) == 1:
                winner = winners[mention.key]
                if mention.country_hint in (None, winner.entry.country):
                    mention.choice = winner

    # -- the learned scorer ---------------------------------------------------------------------------
    def candidates(self, doc: Document) -> tuple[list[Mention], DocumentEvidence]:
        """Every candidate mention after the hand-set rules' reading (resolved where the rules accept
        it), with the document evidence the scorer's features read: what ``marsad train places``
        learns from."""
        toks = matching_tokens(doc).words
        mentions, others = self._mentions(doc, toks)
        self._resolve(mentions)
        candidates = mentions + others
        sport = SportSentences(doc.text, toks)
        for mention in candidates:
            self._feature_inputs(doc.matching.text, toks, mention, sport)
            if mention.match is not None:
                mention.margin = _bar_margin(self.gaz, mention, self._bases)
        return candidates, DocumentEvidence(mentions, candidates)

    def _learned(self, doc: Document, toks: list[Token], mentions: list[Mention], others: list[Mention],
                 scorer: PlaceScorer) -> list[Mention]:
        """The candidates the scorer calls places (one per stretch of text, the likelier first), each
        resolved to the candidate entry the scorer prefers, or left unresolved below its threshold."""
        candidates = mentions + others
        evidence = DocumentEvidence(mentions, candidates)
        home = _home_countries()
        # A name repeated in the same situation (a common word many times over) is scored once.
        seen: dict[tuple[object, ...], float] = {}
        text = doc.matching.text
        sport = SportSentences(doc.text, toks)
        for mention in candidates:
            self._feature_inputs(text, toks, mention, sport)
            signature = (
                mention.key, mention.accepted, mention.blocked, mention.cue, mention.org_before, mention.org_after,
                mention.sport,
                mention.listed, mention.country_hint is not None, mention.match is None,
                mention.choice.index if mention.choice is not None else None,
                mention.match is not None and bool(mention.match.prefix), mention.tagged, mention.exact_tag,
            )
            probability = seen.get(signature)
            if probability is None:
                if mention.match is not None:
                    mention.margin = _bar_margin(self.gaz, mention, self._bases)
                features = place_features(self.gaz, mention, evidence)
                probability = seen[signature] = scorer.place.probability(features)
            mention.probability = probability
        # A name the data files call a word except after a cue (بورصة, رياض of رياض الأطفال) is never added
        # without one, nor a word that is never a town (الشرق of من ناحية الشرق "from the east": ناحية is a cue).
        likely = [
            m for m in candidates
            if (scorer.keeps(m.probability or 0.0, m.accepted) or _tagged_big_city(self.gaz, m))
            and (
                m.accepted
                or (m.cue in _STRONG_CUES and not self._never_a_town(m))
                or self.gaz.policy.get(m.key) not in ("cue", "never")
            )
        ]
        taken = SpanIndex()
        kept: list[Mention] = []
        for mention in sorted(likely, key=lambda m: (-(m.probability or 0.0), m.start)):
            if not taken.overlaps(mention.start, mention.end):
                taken.add(mention.start, mention.end)
                kept.append(mention)
        kept.sort(key=lambda m: m.start)
        if any(not m.accepted for m in kept):
            # names the rules left out: resolve everything again with them as containers and evidence
            # (dropping mentions alone keeps the rules' reading, which they barely change)
            for mention in kept:
                mention.container, mention.is_container, mention.choice = None, False, None
                mention.stated_in = False
            self._link_containers(doc.matching.text, toks, kept)
            self._resolve(kept)
        which = scorer.which
        chosen: dict[tuple[object, ...], Scored | None] = {}
        for mention in kept:
            if not mention.settle or not mention.scored or mention.choice is not None:
                continue  # the rules' reading stands where they settled it
            key: tuple[object, ...] = (mention.key, mention.country_hint, *((s.index, s.score) for s in mention.scored))
            if key not in chosen:
                chosen[key] = self._which(mention, which, home)
            mention.choice = chosen[key]
        self._one_sense(kept)
        return kept

    @staticmethod
    def _which(mention: Mention, which: Logistic, home: frozenset[str]) -> Scored | None:
        """For a mention the rules left undecided: the candidate the scorer believes in, when it
        believes in one place only (two records of one place within a few km count as one), the
        article speaks for it (:func:`_supported`: its country, division or a place nearby, or a container
        it lies in; never outside the stated container), and
        the adjective after the name does not say another country.  Otherwise it stays unresolved:
        population alone never decides between namesakes, but for a city of a million against namesakes fifty
        times smaller that only the country tally speaks for (:func:`_world_city_over_namesakes`)."""
        big = max(mention.scored, key=lambda s: s.entry.population)
        if not mention.country_hint and _world_city_over_namesakes(big, mention.scored):
            return big
        best = mention.scored[0]
        ranked = sorted(
            ((which.probability(candidate_features(mention, s, best, home)), s) for s in mention.scored),
            key=lambda pair: -pair[0],
        )
        probability, top = ranked[0]
        # (outside the stated container is something the article says, but against the place)
        if probability < which.threshold or not _supported(top, adjective=False):
            return None
        hint = mention.country_hint
        if hint and top.entry.feature != "country" and top.entry.country != hint:
            return None
        for other_probability, other in ranked[1:]:
            if other_probability >= which.threshold and haversine_km(
                top.entry.lat, top.entry.lon, other.entry.lat, other.entry.lon
            ) >= SAME_PLACE_KM:
                return None
        return top

    # -- output ---------------------------------------------------------------------------------------
    def __call__(self, doc: Document) -> None:
        toks = matching_tokens(doc).words
        mentions, others = self._mentions(doc, toks)
        self._resolve(mentions)
        named = mentions
        if self.scorer is not None:
            mentions = self._learned(doc, toks, mentions, others, self.scorer)
        mentions = _drop_lone_towns(self.gaz, doc.matching.text, mentions)
        mentions = drop_teams(doc.text, toks, mentions, _announces_place, named)
        mentions = drop_national_teams(doc.text, toks, mentions)
        mentions = drop_names_of_dynasties_and_museums(doc.text, mentions)
        mentions = drop_places_in_named_quotations(doc.text, mentions)
        places: dict[str, Place] = {}
        countries = {m.choice.entry.country for m in mentions if m.choice is not None}
        quarters = quarters_of_towns(doc.text, mentions)
        for mention in mentions:
            surface = doc.text[mention.start : mention.end]
            part = quarters.get(id(mention))
            if part is not None:
                mention.choice = None  # (its entity gets no namesake's id: حي السليمانية بالرياض is not Iraq's)
                quarter = self._quarter(places, surface, part, len(mention.candidates))
                quarter.mentions.append([mention.start, mention.end])
                continue
            entry = (
                mention.choice.entry if mention.choice is not None
                else self._spelt_otherwise(mention, doc.text, countries)
            )
            if entry is not None:
                place = places.get(entry.id) or self._same_marker(places, entry)
                if place is None:
                    place = Place(
                        id=entry.id,
                        name=surface,
                        canonical=entry.name,
                        country=entry.country or None,
                        admin1=None if entry.feature == "country" else self.gaz.admin1_name(entry.admin1),
                        lat=round(entry.lat, 5),
                        lon=round(entry.lon, 5),
                        precision=entry.precision,
                        feature=entry.feature,
                        candidates=len(mention.candidates),
                    )
                    places[entry.id] = place
            else:
                slot = f"unresolved:{mention.key}"
                place = places.get(slot)
                if place is None:
                    countries = {self.gaz.entries[i].country for i in mention.candidates}
                    place = Place(
                        id=None,
                        name=surface,
                        canonical=None,
                        country=countries.pop() if len(countries) == 1 else None,
                        admin1=None,
                        lat=None,
                        lon=None,
                        precision=None,
                        candidates=len(mention.candidates),
                    )
                    places[slot] = place
            place.mentions.append([mention.start, mention.end])
        unique = {id(p): p for p in places.values()}  # a marker shared by two entries once
        doc.places.extend(unique.values())
        self._add_entities(doc, mentions)

    def _quarter(self, places: dict[str, Place], surface: str, part: TownPart, candidates: int) -> Place:
        """The place of a quarter or a facility named with its town (:mod:`marsad.stages.place_quarters`): its own
        marker, at the town's point and precision, one per name and town."""
        town = part.town
        # (the name by a digest: an id holds no text, and judged files of licensed text store ids)
        name = hashlib.sha1(normalize(surface).encode("utf-8")).hexdigest()[:10]
        slot = f"{part.kind}:{town.id.replace(':', '.')}-{name}"
        place = places.get(slot)
        if place is None:
            place = places[slot] = Place(
                id=slot,
                name=surface,
                canonical=None,
                country=town.country or None,
                admin1=self.gaz.admin1_name(town.admin1),
                lat=round(town.lat, 5),
                lon=round(town.lon, 5),
                precision=town.precision,
                feature=part.kind,
                candidates=candidates,
            )
        return place

    def _spelt_otherwise(self, mention: Mention, text: str, countries: set[str]) -> Entry | None:
        """A place tag reported with no candidate that names a place abroad the gazetteer spells another way
        (نيو أورليانز: New Orleans; :mod:`marsad.geo.transliteration`); a short name only in a country the
        article's resolved places name (بريسكيا in an Italian story is no Argentine Burzaco) or the country
        adjective right after it names (``كلورادو الأميركية``): the mention stays what it was, now placed."""
        surface = text[mention.start : mention.end]
        if mention.candidates or not mention.tagged:
            return None
        hits, sure = self._transliterated().place(surface)
        entry = self.gaz.entries[hits[0]] if hits else None
        if entry is None:
            return None
        return entry if sure or entry.country in countries or entry.country == _adjective_after(text, mention.end) else None

    def _same_marker(self, places: dict[str, Place], entry: Entry) -> Place | None:
        """The place already reported at the same point of the map, in the same country and by the
        same name (a city and the governorate named after it, ``حلب`` / ``ريف حلب``; two records of one
        town, Daraa / Dar‘ā): one marker, which takes the finer precision of the two.  ``places`` then
        maps the entry to that place."""
        if entry.feature == "country":
            return None
        for place in places.values():
            if (
                place.id is None
                or place.feature == "country"
                or place.country != (entry.country or None)
                or place.lat is None
                or place.lon is None
                or haversine_km(place.lat, place.lon, entry.lat, entry.lon) > SAME_MARKER_KM
                or _latin_key(place.canonical or "") != _latin_key(entry.name)
            ):
                continue  # (ريف دمشق is placed at its seat دوما: one point, two places)
            if entry.precision < (place.precision or 0):
                place.id, place.canonical, place.feature = entry.id, entry.name, entry.feature
                place.admin1 = self.gaz.admin1_name(entry.admin1)
                place.lat, place.lon, place.precision = round(entry.lat, 5), round(entry.lon, 5), entry.precision
            places[entry.id] = place
            return place
        return None

    def _add_entities(self, doc: Document, mentions: list[Mention]) -> None:
        """LOC/GPE entities for the stage's own matches; a place entity on exactly the same words
        that has no id yet receives the gazetteer's id and canonical name."""
        same_span = {(e.start, e.end): e for e in doc.entities if e.type in PLACE_TYPES}
        existing = SpanIndex((e.start, e.end) for e in doc.entities)
        for mention in mentions:
            if mention.match is None:
                continue
            entry = mention.choice.entry if mention.choice is not None else None
            is_country = entry is not None and entry.feature == "country"
            entity_id = (entry.country if is_country else entry.id) if entry is not None else None
            twin = same_span.get((mention.start, mention.end))
            if twin is not None:
                if twin.id is None and entry is not None:
                    twin.id, twin.canonical = entity_id, entry.name
                continue
            if existing.overlaps(mention.start, mention.end):
                continue
            doc.entities.append(
                Entity(
                    mention.start,
                    mention.end,
                    doc.text[mention.start : mention.end],
                    "GPE" if is_country else "LOC",
                    entry.name if entry is not None else None,
                    entity_id,
                )
            )
            existing.add(mention.start, mention.end)
        doc.entities.sort(key=lambda e: (e.start, e.end))
