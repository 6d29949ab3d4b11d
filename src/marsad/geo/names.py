"""Folding place names to lookup keys.

A key is the normalised matching form of a name (``marsad.text.normalize``) with the place-name
variation of ``data/geo_variants.yaml`` folded on top: ``ظ``/``ض``, and the optional article on
the non-initial words of a compound name (``أبو ظهور`` = ``أبو الظهور``).  The gazetteer and the
text scan fold with the same functions, so whatever one side writes the other side finds.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from marsad.resources import read_yaml
from marsad.text.normalize import normalize
from marsad.text.tokenize import WORD_RE

# Letters of the Arabic alphabet proper (after normalisation); a gazetteer name in Persian, Urdu or
# Kurdish letters can never match Arabic text and is dropped.
ARABIC_NAME_RE = regex.compile(r"^[\u0621-\u064a]+(?: [\u0621-\u064a]+)*$")


@dataclass(frozen=True, slots=True)
class VariantRules:
    letter_folds: dict[int, str]
    article: str
    min_name_chars: int
    max_name_words: int
    home_countries: frozenset[str]
    foreign_min_population: int


@lru_cache(maxsize=1)
def rules() -> VariantRules:
    data = read_yaml("geo_variants.yaml")
    folds = {ord(normalize(str(k))): normalize(str(v)) for k, v in data["letter_folds"].items()}
    return VariantRules(
        letter_folds=folds,
        article=normalize(str(data["optional_article"])),
        min_name_chars=int(data["min_name_chars"]),
        max_name_words=int(data["max_name_words"]),
        home_countries=frozenset(str(c) for c in data["home_countries"]),
        foreign_min_population=int(data["foreign_min_population"]),
    )


def fold_word(word: str, *, initial: bool) -> str:
    """Fold one already-normalised word; non-initial words lose an optional article."""
    r = rules()
    word = word.translate(r.letter_folds)
    if not initial and word.startswith(r.article) and len(word) - len(r.article) >= 2:
        word = word[len(r.article) :]
    return word


def name_words(name: str) -> list[str]:
    """The normalised words of a name (punctuation and hyphens dropped)."""
    return [m.group() for m in WORD_RE.finditer(normalize(name))]


def name_key(name: str) -> str:
    """The lookup key of a place name."""
    words = name_words(name)
    return " ".join(fold_word(w, initial=i == 0) for i, w in enumerate(words))


def usable_arabic_name(name: str) -> bool:
    """True for a name written in Arabic letters only, long enough to be matched safely."""
    words = name_words(name)
    if not words or len(words) > rules().max_name_words:
        return False
    joined = " ".join(words)
    return bool(ARABIC_NAME_RE.match(joined)) and len(joined.replace(" ", "")) >= rules().min_name_chars


# Spellings that the matching view folds together; a name's word frequency is the highest of them.
_FINAL_VARIANTS = {"ه": ("ه", "ة"), "ي": ("ي", "ى")}
_INITIAL_VARIANTS = {"ا": ("ا", "أ", "إ")}


# Letters the key folds together (ظ/ض) are written either way: a name spelled حضة is the word لحظة's
# stem حظة, and ظامن is the word ضامن.
_SWAPPED_LETTERS = str.maketrans({"ظ": "ض", "ض": "ظ"})


def spelling_variants(name: str, limit: int = 16) -> list[str]:
    """Written forms a normalised name may have in running text (for frequency look-ups)."""
    forms = _spelling_variants(name, limit)
    swapped = name.translate(_SWAPPED_LETTERS)
    if swapped != name:
        forms.extend(_spelling_variants(swapped, limit))
    return forms


def _spelling_variants(name: str, limit: int) -> list[str]:
    forms = [""]
    for index, word in enumerate(name.split(" ")):
        heads = _INITIAL_VARIANTS.get(word[:1], (word[:1],))
        tails = _FINAL_VARIANTS.get(word[-1:], (word[-1:],)) if len(word) > 1 else ("",)
        middle = word[1:-1] if len(word) > 1 else ""
        words = [h + middle + t for h in heads for t in tails]
        sep = " " if index else ""
        forms = [f + sep + w for f in forms for w in words][:limit]
    return forms
