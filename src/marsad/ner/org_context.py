"""Organisations named like places or people, found from the words around them.

The press names an institution by a place or a person (``سجن أبو غريب``, ``مستشفى سانت توماس``,
``جامعة اوكسفورد``, ``صحيفة « السفير »``) and a club by its city (``تشلسي 1 - 2``); the tagger, which
has seen those words as places and people, tags them LOC or PERSON or not at all.  Three contexts say
"organisation" whatever the name looks like (``data/ner_org_context.tsv``):

* the word before it is an institution's head (kind ``head``: ``سجن``, ``مستشفى``, ``صحيفة``,
  ``فريق``…): the name the tagger found right after it, or a quoted name it left untagged, is an ORG
  (the head stays outside, as ANERcorp tags it);
* a score follows it (``المرخية 5 - صفر``): the name right before the score is a team; an untagged
  word there is one too, unless it is a word that introduces a score (kind ``score``: ``بنتيجة``), a
  country adjective or a head; a player's name before a tennis set (``6 - 4 و6 - 3``) is left alone;
* a dateline: the one word between a place, a dash and a colon is the news organisation
  (``الدوحة - قنا :``, ``الرياض - واس :``).

The tags are changed before the document consistency pass, so a club or a paper tagged ORG once is
an ORG where it recurs.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import regex

from marsad.ner.iob import chunks
from marsad.resources import read_tsv_dicts
from marsad.text.country_adjectives import nisba_words
from marsad.text.normalize import normalize

_PROCLITICS = ("", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل", "لل")
_OPEN_QUOTES = frozenset({"«", '"', "“", "„", "'"})
_CLOSE_QUOTES = frozenset({"»", '"', "”", "'"})
# A quoted name after a head is at most this many words (صحيفة « الشرق الاوسط »).
MAX_QUOTED_WORDS = 4
_GOALS = regex.compile(r"^(?:\d{1,2}|صفر)$")
_DASHES = frozenset({"-", "–", "ـ", ":"})
_DATELINE_DASHES = frozenset({"-", "–", "—", "ـ"})
_WORD = regex.compile(r"^\p{L}{3,}$")
# The next set of a tennis score: و6.
_NEXT_SET = regex.compile(r"^و ?\d")


@cache
def _words(kind: str) -> frozenset[str]:
    return frozenset(normalize(row["word"]) for row in read_tsv_dicts("ner_org_context.tsv") if row["kind"] == kind)


@cache
def _head_forms() -> frozenset[str]:
    """The heads with the proclitics a noun takes (``وسجن``, ``لصحيفة``, ``للصحيفة`` is not a head)."""
    return frozenset(prefix + word for word in _words("head") for prefix in _PROCLITICS if prefix != "لل")


def _retype(tags: list[str], first: int, stop: int) -> None:
    tags[first] = "B-ORG"
    tags[first + 1 : stop] = ["I-ORG"] * (stop - first - 1)


def _score_at(words: Sequence[str], i: int) -> bool:
    """Whether a score ``N - M`` starts at token ``i`` (goals in digits or ``صفر``)."""
    return (
        i + 2 < len(words)
        and _GOALS.match(words[i]) is not None
        and words[i + 1] in _DASHES
        and _GOALS.match(words[i + 2]) is not None
    )


def _after_head(
    words: Sequence[str], tags: list[str], starts: dict[int, tuple[str, int]], i: int, article: frozenset[str]
) -> None:
    """Retype the name right after the head at ``i`` (across an opening quotation mark)."""
    j = i + 1
    quoted = j < len(words) and words[j] in _OPEN_QUOTES
    if quoted:
        j += 1
    found = starts.get(j)
    if found is not None:
        # مستشفى بتندوف "a hospital in Tindouf": a name the article also writes without a leading ب
        # is a place the preposition governs, not the institution's name.
        located = words[j].startswith("ب") and words[j][1:] in article
        if found[0] in ("LOC", "PERSON") and not located:
            _retype(tags, j, found[1])
        return
    if not quoted:
        return
    for stop in range(j + 1, min(j + MAX_QUOTED_WORDS, len(words)) + 1):
        if stop < len(words) and words[stop] in _CLOSE_QUOTES:
            if all(tags[k] == "O" and _WORD.match(words[k]) for k in range(j, stop)):
                _retype(tags, j, stop)
            return


def _before_score(words: Sequence[str], tags: list[str], ends: dict[int, tuple[str, int]], i: int) -> None:
    """Retype the name ending right before the score at ``i``, or tag an untagged team word there."""
    k = i - 1
    if k < 0:
        return
    after = " ".join(words[i + 3 : i + 5])
    if _NEXT_SET.match(after):
        return  # a tennis set (6 - 4 و6 - 3): players, not teams
    found = ends.get(k + 1)
    if found is not None:
        if found[0] == "LOC":  # a person before a score is a player (فاز على نيكولا ماهو 6 - صفر)
            _retype(tags, found[1], k + 1)
        return
    word = words[k]
    if (
        tags[k] == "O"
        and (k == 0 or not tags[k - 1].endswith("PERSON"))
        and _WORD.match(word)
        and word not in _words("score")
        and word not in _head_forms()
        and word not in nisba_words()  # the club's country (إشبيلية الإسباني 3 - صفر)
    ):
        tags[k] = "B-ORG"


def _dateline_at(words: Sequence[str], tags: list[str], i: int) -> None:
    """Tag the one word between the dash at ``i`` and a colon as the news organisation of a dateline
    (``الدوحة - قنا :``, ``لندن ـ رويترز :``) when the tagger read the word before the dash as a place."""
    if (
        0 < i < len(words) - 2
        and tags[i - 1].endswith("LOC")
        and words[i + 2] == ":"
        and _WORD.match(words[i + 1])
        and tags[i + 1] in ("O", "B-LOC", "B-PERSON")
        and not (i + 3 < len(tags) and tags[i + 3].startswith("I-"))
    ):
        tags[i + 1] = "B-ORG"


@cache
def _triggers() -> frozenset[str]:
    """The words that may start one of the three contexts: a sentence without any is left as it is."""
    return _head_forms() | _DASHES | _DATELINE_DASHES


def organisation_names(
    words_of: Sequence[Sequence[str]], tags_of: Sequence[Sequence[str]]
) -> list[Sequence[str]]:
    """The tags of an article's sentences with the names that context makes organisations tagged ORG
    (a sentence's tags are copied before they change: the input is never changed in place)."""
    out: list[Sequence[str]] = list(tags_of)
    heads, triggers = _head_forms(), _triggers()
    article: frozenset[str] | None = None
    for index, words in enumerate(words_of):
        if triggers.isdisjoint(words):
            continue  # most sentences
        at_head = [i for i, word in enumerate(words) if word in heads]
        at_score = [i for i, word in enumerate(words) if word in _DASHES and _score_at(words, i - 1)]
        at_dateline = [i for i, word in enumerate(words) if word in _DATELINE_DASHES]
        if not at_head and not at_score and not at_dateline:
            continue
        tags = out[index] = list(out[index])
        if at_head:
            if article is None:
                article = frozenset(word for sentence in words_of for word in sentence)
            starts = {first: (kind, stop) for kind, first, stop in chunks(tags)}
            for i in at_head:
                _after_head(words, tags, starts, i, article)
        if at_score:
            ends = {stop: (kind, first) for kind, first, stop in chunks(tags)}
            for i in at_score:
                _before_score(words, tags, ends, i - 1)
        for i in at_dateline:
            _dateline_at(words, tags, i)
    return out
