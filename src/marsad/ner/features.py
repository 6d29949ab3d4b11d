"""CRF features of one sentence of normalised tokens.

Besides the word itself, its affixes and neighbours, the features carry what
the dictionaries know: whether the token is inside a country/actor name
(``gaz=B-GPE``, with the actor's kind), inside a title or role (``الرئيس``,
``وزير الخارجية``), or right after one — a role is the best clue that a
person's name follows.  Clitics are split off heuristically (``وبريطانيا`` →
``و`` + ``بريطانيا``) so that a name seen with one prefix helps with another.
Changing the features changes what a trained model means: bump
:data:`FEATURE_VERSION` so that an old model is refused, not misread.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from marsad.ner.actors import Actor
from marsad.ner.dictionary import DictionaryMatcher, Hit, default_matcher, entity_hits, place_cues, role_hits

FEATURE_VERSION = 1

# Proclitic sequences stripped for the "stem" feature, longest first; the stem keeps ≥ 2 letters.
# Two-particle sequences without the article (وب, ول) are left out: "وبريطانيا" is و + بريطانيا.
_STEM_PREFIXES = ("وبال", "وال", "بال", "فال", "كال", "ولل", "فلل", "لل", "ال", "و", "ف", "ب", "ل", "ك")
_PUNCT_CLASS = {",": ",", "،": ",", ".": ".", "؛": ";", ";": ";", ":": ":", "(": "(", ")": ")", '"': "q"}


@lru_cache(maxsize=1 << 14)
def split_proclitic(word: str) -> tuple[str, str]:
    """(prefix, stem) with the longest proclitic sequence removed, or ("", word)."""
    for prefix in _STEM_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return prefix, word[len(prefix) :]
    return "", word


def _shape(word: str) -> str:
    if not word:
        return "empty"
    first = word[0]
    if first.isdigit():
        return "digit"
    if not first.isalpha():
        return "punct"
    if first.isascii():
        return "latin"
    return "ar"


def dictionary_tags(words: Sequence[str], hits: Sequence[Hit]) -> tuple[list[str], list[str], list[str]]:
    """Per token: the dictionary entity tag (``B-GPE``), the actor kind, and the role tag."""
    gaz = [""] * len(words)
    kind = [""] * len(words)
    role = [""] * len(words)
    for hit in entity_hits(hits):
        actor = hit.value
        assert isinstance(actor, Actor)
        for i in range(hit.first, hit.last + 1):
            gaz[i] = ("B-" if i == hit.first else "I-") + actor.type
            kind[i] = actor.kind
    for hit in role_hits(hits):
        for i in range(hit.first, hit.last + 1):
            role[i] = "B" if i == hit.first else "I"
        if hit.last + 1 < len(words):
            # A role ending here: the next token is where a name would start.
            role[hit.last + 1] = role[hit.last + 1] or "after"
    return gaz, kind, role


@lru_cache(maxsize=1 << 14)
def _word_features(word: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], str, bool]:
    """Features that depend on one word only, built once per distinct word.

    Returns the word's own features, the features it gives to the next token
    (``-1…``) and to the previous one (``+1…``), its stem, and whether it is a place cue.
    """
    prefix, stem = split_proclitic(word)
    shape = _shape(word)
    own = [
        "b",
        "w=" + word,
        "stem=" + stem,
        "pre=" + prefix,
        "p2=" + stem[:2],
        "p3=" + stem[:3],
        "s1=" + word[-1:],
        "s2=" + word[-2:],
        "s3=" + word[-3:],
        "len=" + str(min(len(stem), 8)),
        "shape=" + shape,
    ]
    if shape == "punct":
        own.append("punct=" + _PUNCT_CLASS.get(word, "other"))
    before = ("-1w=" + word, "-1stem=" + stem, "-1s2=" + word[-2:], "-1shape=" + shape)
    after = ("+1w=" + word, "+1stem=" + stem, "+1s2=" + word[-2:], "+1shape=" + shape)
    cues = place_cues()
    return tuple(own), before, after, stem, word in cues or stem in cues


def sentence_features(
    words: Sequence[str], matcher: DictionaryMatcher | None = None, hits: Sequence[Hit] | None = None
) -> list[list[str]]:
    """Feature lists (crfsuite string features) for each normalised token of one sentence.

    ``hits`` are the sentence's dictionary hits when the caller already has them.
    """
    if hits is None:
        hits = (matcher or default_matcher()).hits(words)
    gaz, kind, role = dictionary_tags(words, hits)
    n = len(words)
    per_word = [_word_features(w) for w in words]
    out: list[list[str]] = []
    for i in range(n):
        own, _before, _after, stem, cue = per_word[i]
        f = list(own)
        if gaz[i]:
            f.append("gaz=" + gaz[i])
            f.append("gazk=" + kind[i])
        if role[i]:
            f.append("role=" + role[i])
        if cue:
            f.append("cue")
        if i == 0:
            f.append("BOS")
        else:
            previous = per_word[i - 1]
            f.extend(previous[1])
            f.append("-1gaz=" + gaz[i - 1])
            f.append("-1role=" + role[i - 1])
            f.append("-1w|stem=" + words[i - 1] + "|" + stem)
            if previous[4]:
                f.append("-1cue")
            if i > 1:
                f.append("-2w=" + words[i - 2])
                f.append("-2role=" + role[i - 2])
        if i == n - 1:
            f.append("EOS")
        else:
            f.extend(per_word[i + 1][2])
            f.append("+1gaz=" + gaz[i + 1])
            f.append("stem|+1w=" + stem + "|" + words[i + 1])
            if i < n - 2:
                f.append("+2w=" + words[i + 2])
        out.append(f)
    return out
