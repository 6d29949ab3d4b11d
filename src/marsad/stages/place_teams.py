"""Teams and players named like towns in a sports report.

A sports report names a team by its city (``هجوم دنفر`` "Denver's offence", ``أعطى دنفر تقدماً``,
``يجمع أم صلال مع السد والريان مع الوكرة``, ``ليجيا وارسو``) and its players by names that are towns
(``مهاجمه الخطير بغداد بونجاح``); the place it speaks of it names with a cue (``في القاهرة``, ``بمدينة
سوسة``, ``العاصمة البريطانية لندن``, ``ملعب بني ياس``, ``غادر بغداد``) or in a dateline.  So in an article
with many words of sport (``data/geo_sports_words.tsv``), a town whose name the text places at none of its
mentions is not a place.  Enumeration alone is no support here (teams are listed as towns are: ``السد
والريان``); listed beside a place the text places, it is one (``في دبي أو الدوحة``).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from functools import cache
from typing import TYPE_CHECKING

import regex

from marsad.geo.scan import cue_words, name_readings
from marsad.resources import read_tsv_dicts
from marsad.text.country_adjectives import nisba_words
from marsad.text.normalize import normalize
from marsad.text.tokenize import Token

if TYPE_CHECKING:
    from marsad.stages.places import Mention

# An article is a sports report with at least this many words of sport, making at least this share of its
# words (a war report's one "match" or "stadium" is not enough).
SPORTS_MIN_WORDS = 5
SPORTS_MIN_SHARE = 0.02
# A name first on its line before a dash or a parenthesis, or before a colon, is a dateline's
# (مدريد ـ رويترز ـ, مدريد (أ ف ب), سبق- جدة:).
_DATELINE_AFTER = regex.compile(r"[^\S\n]*[-–—ـ(]")
_COLON_AFTER = regex.compile(r"[^\S\n]*:")
# ... or last on its line after a dash or a colon (عين اليوم – لندن, عين اليوم: جدة).
_DATELINE_BEFORE = regex.compile(r"[-–—ـ:][^\S\n]*$")
_LINE_END = regex.compile(r"[^\S\n]*(?:\n|$)")
# ... or after a dash or a colon this close to the article's start (عين اليوم - جدة تضاربت الأنباء).
DATELINE_OPENING = 40
# The word before a name, across opening quotation marks and brackets (مدينة (الدمام), إلى «الباحة»).
_WORD_BEFORE = regex.compile(r"(\p{L}+)[\s\"«“„'(\[]*$")
# Two words right before a name (العاصمة البريطانية لندن: a cue, then the country's adjective).
_TWO_WORDS_BEFORE = regex.compile(r"(\p{L}+)\s+(\p{L}+)\s+$")
# Gaps of an enumeration: X، Y, X وY, X أو Y.
_LIST_GAP = regex.compile(r"\s*(?:[،,]\s*(?:و\s*)?|و\s*|أو\s+)")


@cache
def _words(kind: str) -> frozenset[str]:
    return frozenset(normalize(row["word"]) for row in read_tsv_dicts("geo_sports_words.tsv") if row["kind"] == kind)


def is_sports_report(toks: Sequence[Token]) -> bool:
    """Whether the article's words (the matching view's) are those of a sports report."""
    forms = _sport_forms()
    count = sum(1 for tok in toks if tok.text in forms)
    return count >= SPORTS_MIN_WORDS and count >= SPORTS_MIN_SHARE * len(toks)


_PROCLITICS = ("", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل")


def _with_proclitics(kind: str) -> frozenset[str]:
    """The words of ``kind`` in ``geo_sports_words.tsv`` with the proclitics a word takes (``والمباراة``,
    ``للمباراة``, ``بفوز``): a set lookup per word of the article instead of a reading of each word."""
    forms: set[str] = set()
    for word in _words(kind):
        forms.update(prefix + word for prefix in _PROCLITICS)
        if word.startswith("ال"):
            forms.update(prefix + "لل" + word[2:] for prefix in ("", "و", "ف"))
    return frozenset(forms)


@cache
def _sport_forms() -> frozenset[str]:
    """The words of sport with their proclitics; asked of every article that names a town."""
    return _with_proclitics("sport")


def _placing(word: str | None, place_word: Callable[[str | None], bool]) -> bool:
    """A word before a name that places it: a cue, a place's head or governing word (``place_word``), or a
    verb or adverb of going somewhere (``kind`` = place in ``geo_sports_words.tsv``: ``غادر``, ``خارج``)."""
    if word is None:
        return False
    return place_word(word) or any(stem in _words("place") for _prefix, stem in name_readings(word))


def placed_by_text(text: str, mention: Mention, place_word: Callable[[str | None], bool]) -> bool:
    """A mention the text itself places: a cue word before it (a proclitic ``ب`` too: ``فوزه بالسويس``; not
    a lone ``ل``, ``سجل هدفا لروما``), a placing word, a cue and a country adjective (``العاصمة القطرية
    الدوحة``, ``العاصمة البولندية وارسو``), a container, a country adjective after it, or a dateline."""
    if mention.container is not None or mention.is_container or mention.country_hint is not None:
        return True
    if _dateline(text, mention):
        return True
    prefix = mention.match.prefix if mention.match is not None else ""
    # (a preposition read off the proclitic alone: a word cue before a glued ل is all but unknown)
    if mention.cue is not None and (mention.cue != "preposition" or "ل" not in prefix or "ب" in prefix):
        return True
    if prefix:
        return False
    before = _WORD_BEFORE.search(text[max(0, mention.start - 40) : mention.start])
    if before is not None and _placing(normalize(before.group(1)), place_word):
        return True
    words = _TWO_WORDS_BEFORE.search(text[max(0, mention.start - 60) : mention.start])
    if words is None:
        return False
    adjective = normalize(words.group(2))
    return (adjective in nisba_words() or (adjective.startswith("ال") and adjective.endswith("يه"))) and any(
        stem in cue_words() for _prefix, stem in name_readings(normalize(words.group(1)))
    )


def _dateline(text: str, mention: Mention) -> bool:
    if _COLON_AFTER.match(text, mention.end):
        return True
    if _DATELINE_BEFORE.search(text[max(0, mention.start - 5) : mention.start]) and (
        _LINE_END.match(text, mention.end) or len(text[: mention.start].lstrip()) <= DATELINE_OPENING
    ):
        return True  # (عين اليوم – لندن ⏎, or at the article's opening: عين اليوم - جدة تضاربت الأنباء)
    line_start = text.rfind("\n", 0, mention.start) + 1
    return text[line_start : mention.start].strip() == "" and _DATELINE_AFTER.match(text, mention.end) is not None


def _town(mention: Mention) -> bool:
    if mention.choice is None:
        return False
    entry = mention.choice.entry
    return entry.feature == "locality" and not entry.curated and entry.precision == 1


def _listed_with_placed(text: str, mention: Mention, placed: list[Mention]) -> bool:
    for other in placed:
        if other.end <= mention.start and mention.start - other.end <= 5:
            gap = text[other.end : mention.start]
        elif mention.end <= other.start and other.start - mention.end <= 5:
            gap = text[mention.end : other.start]
        else:
            continue
        if _LIST_GAP.fullmatch(gap):
            return True
    return False


def drop_teams(
    text: str, toks: Sequence[Token], mentions: list[Mention], place_word: Callable[[str | None], bool],
    named: list[Mention] | None = None,
) -> list[Mention]:
    """The mentions but, in a sports report, the towns the text never places (see the module's doc).
    ``text``: the original text (the mentions' offsets); ``toks``: the matching view's words;
    ``place_word``: whether a word (normalised) before a name announces a place; ``named``: the towns the rules
    read, counted for repetition (the learned scorer may have dropped the bare ones already; default: ``mentions``)."""
    towns = [m for m in mentions if _town(m)]
    if not towns or not is_sports_report(toks):
        return mentions
    placed = [m for m in mentions if placed_by_text(text, m, place_word)]
    keys = {m.key for m in placed}
    keys |= {m.key for m in towns if m.key not in keys and _listed_with_placed(text, m, placed)}
    if named is None:
        repeated = _teams_by_repetition(text, towns, {id(m) for m in placed})
    else:
        named_towns = [m for m in named if _town(m)]
        repeated = _teams_by_repetition(text, named_towns, {id(m) for m in named_towns if placed_by_text(text, m, place_word)})
    unplaced = ({m.key for m in towns} - keys) | repeated
    if not unplaced:
        return mentions
    # (a passage of unrelated sentences counts as a sports report by its words; there, a town the entity stage tags
    # in a sentence with no score and no word of sport is in another story: كانت دمشق طوال تاريخها مركزا تجاريا
    # beside the football; untagged, it is still a word read as a town: لمعان مختلفة "for different meanings")
    mixed = _mixed_passage(text)

    def team(m: Mention) -> bool:
        return m.key in unplaced and _town(m) and (not mixed or not m.tagged or _sport_sentence(text, m))

    return [m for m in mentions if not team(m)]


# A text of which fewer than this share of its sentences (of at least MIXED_MIN_SENTENCES) give a score or a word
# of sport is a passage of mixed sentences (an encyclopaedia's, a digest's), not a sports report: in a report the
# team is named again in sentences with no word of sport (وقال بريمن في بيان), in a mixed passage a town is.
MIXED_SPORT_SHARE = 0.5
MIXED_MIN_SENTENCES = 6


def _mixed_passage(text: str) -> bool:
    sentences = [s for s in _SENTENCE_END.split(text) if regex.search(r"\p{L}", s)]
    if len(sentences) < MIXED_MIN_SENTENCES:
        return False
    sport = sum(1 for sentence in sentences if _gives_sport(sentence))
    return sport < MIXED_SPORT_SHARE * len(sentences)


# A town placed by a preposition alone (إلى بريمن, بفولفسبورغ) that the report names at least this many times as
# often with nothing placing it (وقال بريمن, رحل عن بريمن, وخاض فولفسبورغ موسما) is a team: a report names the
# town it speaks of with a cue, and the team it follows again and again as the subject.
TEAM_REPEAT_RATIO = 2
TEAM_REPEAT_MIN = 2


def _teams_by_repetition(text: str, towns: list[Mention], placed: set[int]) -> set[str]:
    by_key: dict[str, list[Mention]] = {}
    for mention in towns:
        by_key.setdefault(mention.key, []).append(mention)
    teams = set()
    for key, found in by_key.items():
        weak = [m for m in found if id(m) in placed]
        bare = len(found) - len(weak)
        if (
            bare >= TEAM_REPEAT_MIN
            and bare >= TEAM_REPEAT_RATIO * len(weak)
            and all(_by_preposition_only(text, m) for m in weak)
        ):
            teams.add(key)
    return teams


def _by_preposition_only(text: str, mention: Mention) -> bool:
    """A mention placed by nothing but a preposition (``إلى``, ``في``, a glued ``ب``): no word cue, container,
    country adjective or dateline."""
    return (
        mention.cue == "preposition"
        and mention.container is None
        and not mention.is_container
        and mention.country_hint is None
        and not _dateline(text, mention)
    )


# A score right after a country (على تركيا 1 - 0, المكسيك 2 - 1, ضد هنغاريا (3 - 1)).
_SCORE_AFTER = regex.compile(r"[^\S\n]*\(?[^\S\n]*\d{1,2}[^\S\n]*[-–][^\S\n]*\d{1,2}(?!\d)")
# Prepositions that, right after a word of playing a match, name the opponent (فوزا على روسيا, تعادل مع الدانمارك).
# (normalised, as the word before the name is: على reads علي)
_OPPONENT_PREPOSITIONS = frozenset(normalize(word) for word in ("على", "مع", "من"))
# The prepositions that name the opponent after a verb or noun of playing a match (فاز برشلونة على ريال مدريد, تعادل
# مع فالنسيا); not من (نظيرتها القائدة من عدن is a commander's town; الخسارة من اليونان, a national team's, is read after a
# word of playing right before من only).
_CLUB_OPPONENT = frozenset(normalize(word) for word in ("على", "مع"))
# Prepositions after which a country is where something happens (في الأرجنتين وفاز به المضيف), not a subject.
_PLACE_PREPOSITIONS = frozenset({"في", "الى", "من", "عن", "داخل", "خارج"})
# Prepositions that name the opponent alone in a sports report (ضد هنغاريا, أمام إسبانيا).
_AGAINST = frozenset({"ضد", "امام"})


def drop_national_teams(text: str, toks: Sequence[Token], mentions: list[Mention]) -> list[Mention]:
    """The mentions but, in a sports report, the countries that play a match: a score right after the country
    (``على تركيا 1 - 0``), a word of playing a match right before it (``فازت البرتغال``, ``مباراة للبرتغال``), or
    ``على``/``مع``/``من`` after such a word (``فوزا على روسيا``, ``تغلبت ألمانيا على البرازيل``), ``ضد``/``أمام``
    alone (``ضد هنغاريا``).  A country hosting (``في البرازيل``, ``استضافتها اليابان``) is still a place.
    A town, or a name left unresolved, is a club named by its city in narrower ways (:func:`_club_plays`)."""
    # (countries, and the areas that field teams of their own: England, Scotland)
    countries = [m for m in mentions if m.choice is not None and m.choice.entry.precision != 1]
    towns = [m for m in mentions if m.choice is None or m.choice.entry.precision == 1]
    if not countries and not towns:
        return mentions
    # (most articles name no match at all: a score or a word of playing one must be somewhere in them)
    forms = _match_forms()
    if _SCORE.search(text) is None and not any(tok.text in forms for tok in toks):
        return mentions
    teams = {id(m) for m in countries if _plays(text, m)}
    if teams and not is_sports_report(toks):
        # (a passage of unrelated sentences, or a match in a longer story: the sentence itself is of sport)
        teams = {id(m) for m in countries if id(m) in teams and _sport_sentence(text, m)}
    # (a town: in a sports report, or a sentence with a word of sport; the verb of playing alone is no such word, for
    # وفاز مدريد على ضيفه outside a sports report is read as the town)
    if towns:
        report = is_sports_report(toks)
        teams |= {id(m) for m in towns if _club_plays(text, m) and (report or _sport_words_sentence(text, m))}
    return [m for m in mentions if id(m) not in teams] if teams else mentions


_SENTENCE_END = regex.compile(r"[.!?؟\n]")
_SCORE = regex.compile(r"(?<!\d)\d{1,2}[^\S\n]*[-–][^\S\n]*\d{1,2}(?!\d)")


class SportSentences:
    """Which sentences of one article give a score or a word of sport (the place scorer's feature ``sport_sentence``):
    the words of sport and the scores are found once per article (a set lookup per word: the forms with their
    proclitics, ``sport`` and ``sentence`` words), then each candidate's sentence is a range search."""

    def __init__(self, text: str, toks: Sequence[Token]) -> None:
        """``text``: the original text (a dateline is read on it); ``toks``: the matching view's words."""
        forms = _sentence_forms()
        self.text = text
        self.at = sorted([tok.start for tok in toks if tok.text in forms] + [m.start() for m in _SCORE.finditer(text)])

    def around(self, mention: Mention) -> bool:
        if not self.at:
            return False
        start, stop = _sentence_bounds(self.text, mention)
        k = bisect_left(self.at, start)
        return k < len(self.at) and self.at[k] < stop


@cache
def _sentence_forms() -> frozenset[str]:
    return _sport_forms() | _with_proclitics("sentence")


def _sport_sentence(text: str, mention: Mention) -> bool:
    """Whether the sentence around a mention gives a score or a word of sport (``المباراة``, ``بطولة``)."""
    start, stop = _sentence_bounds(text, mention)
    return _gives_sport(text[start:stop])


def _sport_words_sentence(text: str, mention: Mention) -> bool:
    """Whether the sentence around a mention gives a word of sport (a score alone is not enough: a range of figures
    reads as one)."""
    start, stop = _sentence_bounds(text, mention)
    return _gives_sport(text[start:stop], scores=False)


def _gives_sport(sentence: str, *, scores: bool = True) -> bool:
    """Whether a sentence gives a score (``scores``) or a word of sport."""
    if scores and _SCORE.search(sentence):
        return True
    forms = _sport_forms()
    return any(
        word in forms or any(stem in _words("sentence") for _prefix, stem in name_readings(word))
        for word in map(normalize, regex.findall(r"\p{L}+", sentence))
    )


def _sentence_bounds(text: str, mention: Mention) -> tuple[int, int]:
    left = max(0, mention.start - 200)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, left, mention.start)]
    start = ends[-1] if ends else left
    stop = _SENTENCE_END.search(text, mention.end, mention.end + 200)
    return start, stop.start() if stop is not None else min(len(text), mention.end + 200)


# A score right before ``على`` and the country (4 - 0 على مالطا).
_SCORE_BEFORE = regex.compile(r"\d{1,2}[^\S\n]*[-–][^\S\n]*\d{1,2}[^\S\n]+على[^\S\n]*$")
_WORDS_AFTER = regex.compile(r"[^\S\n]*(\p{L}+)(?:[^\S\n]+(\p{L}+))?")


def _plays(text: str, mention: Mention) -> bool:
    """Whether a country's mention plays a match (see :func:`drop_national_teams`).  Asked of every country of
    every article: the words around it are read by splitting a short window, not by regex searches."""
    if _SCORE_AFTER.match(text, mention.end) or _SCORE_BEFORE.search(text, max(0, mention.start - 20), mention.start):
        return True
    line = text[max(0, mention.start - 60) : mention.start]
    words = line[line.rfind("\n") + 1 :].split()
    # (the word right before, across opening quotation marks: a word glued to the name, or a mark, ends it)
    glued = mention.start > 0 and not text[mention.start - 1].isspace()
    last = normalize(words[-1].lstrip("\"«“„'([")) if words and not glued else ""
    subject = mention.cue is None and last not in _PLACE_PREPOSITIONS
    after = _WORDS_AFTER.match(text, mention.end) if subject else None
    # (البرتغال تأهلت, تمكن البرتغال من الفوز; a word glued to و or ف opens another clause, but فوزا, فازت are words
    # of playing themselves: حققت هولندا فوزا)
    if after is not None and (not after.group(1).startswith(("و", "ف")) or normalize(after.group(1)) in _words("match")):
        first, second = normalize(after.group(1)), after.group(2)
        if _match_word(first) or (first == "من" and second is not None and _match_word(normalize(second))):
            return True
    prefix = mention.match.prefix if mention.match is not None else ""
    if not last.isalpha() or (prefix and prefix not in ("ل", "و", "ول")):  # (بالبرازيل "in Brazil")
        return False
    if _match_word(last) or (not prefix and last in _AGAINST):
        return True
    if prefix or last not in _OPPONENT_PREPOSITIONS or len(words) < 2:
        return False
    # (فوزا على روسيا; or one word between: the win's adjective, فوزا ضعيفا على لوكسمبورغ, or before على/مع the
    # winner after a word of playing, فوز العراق على السعودية, تعادلت ألمانيا مع فرنسا; not before من: الصين تواجه
    # منافسة من الفلبين على استضافة البطولة is a rival host)
    return _match_word(normalize(words[-2])) or (
        len(words) > 2 and (words[-2].endswith("ا") or last in _CLUB_OPPONENT) and _match_word(normalize(words[-3]))
    )


@cache
def _match_forms() -> frozenset[str]:
    """The words of playing a match with their proclitics (``وفازت``, ``بفوز``, ``والمباراة``)."""
    return _with_proclitics("match")


def _match_word(word: str) -> bool:
    return any(stem in _words("match") for _prefix, stem in name_readings(word))



def _club_plays(text: str, mention: Mention) -> bool:
    """Whether a town's (or an unresolved name's) mention is a club playing a match (round 31): a score right after
    it (``برشلونة 2 - 1``), ``ضد``/``أمام`` right before it (``أمام العين``), ``على``/``مع`` after a word of
    playing a match, one word between at most (``فاز برشلونة على روما``, ``المباراة الودية مع دبي``), or a word of
    playing right before it and ``على``/``مع`` right after it (``تغلب ميلان على روما``, ``فوز سان جرمان على
    مانشستر``: both clubs).  Narrower than a country's :func:`_plays`, which, asked of towns, lost 9 places of
    unseen Saudi news against 3 clubs: a town is the subject of verbs of facing and winning in other news of a
    sports page (``بدأت لندن تواجه``, ``الرباط بفوز صعب``, ``فوز بكين بحق استضافة``, ``خسارة عدن``), and a city
    after ``من`` is where someone comes from (``نظيرتها القائدة من عدن``)."""
    if _SCORE_AFTER.match(text, mention.end):
        return True
    prefix = mention.match.prefix if mention.match is not None else ""
    glued = mention.start > 0 and not text[mention.start - 1].isspace()
    if prefix or glued or mention.cue not in (None, "preposition"):
        return False  # (بالرباط, لروما: where, or whose; مدينة العين: the town)
    line = text[max(0, mention.start - 60) : mention.start]
    words = [normalize(w.lstrip("\"«“„'([")) for w in line[line.rfind("\n") + 1 :].split()]
    if not words:
        return False
    last = words[-1]
    if last in _AGAINST:
        return True
    if last in _CLUB_OPPONENT:
        return any(_match_word(word) for word in words[-3:-1])
    after = _WORDS_AFTER.match(text, mention.end)
    return (
        after is not None and normalize(after.group(1)) in _CLUB_OPPONENT
        and _match_word(last)
    )
