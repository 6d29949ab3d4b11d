"""Obfuscate real text the way moderation-evading writers do, with the gold answers.

:func:`obfuscate` picks words of a real article with a seeded RNG, applies one
trick to each and returns the obfuscated text plus, for every changed word, its
span in the obfuscated text, the true word and the trick.  The tricks are those
seen in the wild: a separator inside the word (``ق.تل``, ``سل*اح``), tatweel plus
separator (``أسلـ.حتها``), a tatweel run (``قتـــل``), invisible controls,
letters separated by spaces (``ق ت ل``), presentation-form code points,
Persian look-alike letters (``ک``, ``ی``) and dotless writing (``ٯٮل``), and
two or more separators in one word, alone or in runs and mixes, with or without
tatweel (``هـ.ذ.ا``, ``مـ.ق.تل``, ``ال/بلاد``, ``ق.-ت|ل``).

A second, independent style (``style="circulating"``) is written from the
descriptions of the evasion tools that circulate: a separator after every letter
(``ق.ت.ل``, ``ق*ت*ل``), a random mix of tricks per word (kashida, separators and
look-alikes together), Persian look-alikes for every letter that has one
(``ی ک ە ھ``) and kashida at random positions, after any letter.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from marsad.text.repair_chars import repair_chars

TRICKS: tuple[str, ...] = (
    "separator",
    "separators",
    "tatweel_separator",
    "tatweel",
    "invisible",
    "spaced",
    "presentation",
    "lookalike",
    "dotless",
)
# The independent style (``style="circulating"``).
CIRCULATING_TRICKS: tuple[str, ...] = ("every_letter", "mixed", "persian_lookalike", "kashida")
STYLES: dict[str, tuple[str, ...]] = {"marsad": TRICKS, "circulating": CIRCULATING_TRICKS}
ALL_TRICKS: tuple[str, ...] = TRICKS + CIRCULATING_TRICKS
# Plain Arabic words only (no diacritics, no tatweel): the true word must be clear.
_WORD = re.compile(r"[\u0621-\u063a\u0641-\u064a]+")
_VISIBLE_SEPARATORS = ".*_-•"
_BREAK_INVISIBLES = "\u200b\u200c\u200d\u200e\u200f\u2060\u061c\ufeff\u00ad"
# Letters that do not join to the following letter: a tatweel cannot follow them.
_NON_JOINING = frozenset("اأإآدذرزوؤةىء")


@dataclass(frozen=True, slots=True)
class GoldWord:
    start: int  # span of the obfuscated word in the obfuscated text
    end: int
    word: str  # the true word
    trick: str


@dataclass(frozen=True, slots=True)
class Obfuscated:
    text: str
    gold: list[GoldWord]


@lru_cache(maxsize=1)
def _presentation_forms() -> dict[tuple[str, str], str]:
    """(letter, form) → presentation code point, from the Unicode character database."""
    forms: dict[tuple[str, str], str] = {}
    for code in range(0xFE70, 0xFEFD):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and parts[0] in ("<isolated>", "<final>", "<initial>", "<medial>"):
            forms[(chr(int(parts[1], 16)), parts[0].strip("<>"))] = chr(code)
    return forms


def _joins_next(letter: str) -> bool:
    return (letter, "initial") in _presentation_forms()


def to_presentation(word: str) -> str:
    """The word written with contextual presentation-form code points."""
    forms = _presentation_forms()
    out: list[str] = []
    for i, ch in enumerate(word):
        joined_before = i > 0 and _joins_next(word[i - 1])
        joins_after = i < len(word) - 1 and _joins_next(ch)
        if joined_before and joins_after:
            form = "medial"
        elif joined_before:
            form = "final"
        elif joins_after:
            form = "initial"
        else:
            form = "isolated"
        out.append(forms.get((ch, form), forms.get((ch, "isolated"), ch)))
    return "".join(out)


def to_dotless(word: str) -> str:
    chars = repair_chars()
    last = len(word) - 1
    return "".join(
        (chars.dotless_final if i == last else chars.dotless_medial).get(ch, ch) for i, ch in enumerate(word)
    )


def _joining_cuts(word: str) -> list[int]:
    """Interior cut points after a letter that joins to the next one (where a tatweel fits)."""
    return [i for i in range(1, len(word)) if word[i - 1] not in _NON_JOINING]


def _separator(word: str, rng: random.Random) -> str | None:
    cut = rng.randrange(1, len(word))
    return word[:cut] + rng.choice(_VISIBLE_SEPARATORS) + word[cut:]


def _separator_run(rng: random.Random) -> str:
    """One break: a separator, sometimes a run or a mix of two (``..``, ``.-``)."""
    seps = repair_chars().generator_separators
    return "".join(rng.choices(seps, k=rng.choice((1, 1, 1, 2))))


def _separators(word: str, rng: random.Random) -> str | None:
    """Two or more breaks in one word, a tatweel before the first one half of the time."""
    if len(word) < 3:
        return None
    cuts = sorted(rng.sample(range(1, len(word)), rng.randint(2, min(4, len(word) - 1))))
    tatweel_cut = cuts[0] if rng.random() < 0.5 and word[cuts[0] - 1] not in _NON_JOINING else -1
    out: list[str] = []
    prev = 0
    for cut in cuts:
        out.append(word[prev:cut])
        out.append(("\u0640" if cut == tatweel_cut else "") + _separator_run(rng))
        prev = cut
    out.append(word[prev:])
    return "".join(out)


def _every_letter(word: str, rng: random.Random) -> str | None:
    """A separator after every letter: the same one, or a random one each time."""
    seps = repair_chars().generator_separators
    same = rng.choice(seps) if rng.random() < 0.5 else ""
    return "".join(ch + (same or rng.choice(seps)) for ch in word[:-1]) + word[-1]


# Persian and Urdu letters that look like Arabic ones (``ی`` is also what a final ``ى`` looks like).
_PERSIAN_LOOKALIKES = {"ي": "\u06cc", "ى": "\u06cc", "ك": "\u06a9", "ه": "\u06d5"}
_PERSIAN_LOOKALIKES_MEDIAL = {"ه": "\u06be"}


def _persian_lookalike(word: str, rng: random.Random) -> str | None:
    """Every letter that has a Persian look-alike written with it."""
    last = len(word) - 1
    out = [
        (_PERSIAN_LOOKALIKES_MEDIAL.get(ch) if i < last else None) or _PERSIAN_LOOKALIKES.get(ch, ch)
        for i, ch in enumerate(word)
    ]
    return "".join(out)


def _kashida(word: str, rng: random.Random) -> str | None:
    """One to three kashida runs at random interior positions, after any letter."""
    cuts = sorted(rng.sample(range(1, len(word)), min(len(word) - 1, rng.randint(1, 3))))
    out: list[str] = []
    prev = 0
    for cut in cuts:
        out.append(word[prev:cut] + "\u0640" * rng.randint(1, 4))
        prev = cut
    out.append(word[prev:])
    return "".join(out)


def _mixed(word: str, rng: random.Random) -> str | None:
    """Two or three tricks on one word: kashida, separators, look-alikes, invisibles, presentation."""
    steps: list[Callable[[str, random.Random], str | None]] = rng.sample(
        [_kashida_letters, _separator_letters, _invisible_letters, _lookalike_letters], rng.randint(2, 3)
    )
    letters = [[ch] for ch in word]
    for step in steps:
        _step_letters(letters, step, rng)
    out = "".join("".join(cell) for cell in letters)
    if rng.random() < 0.2:
        out = to_presentation(out)
    return out


def _step_letters(letters: list[list[str]], step: Callable[[str, random.Random], str | None], rng: random.Random) -> None:
    """Apply a per-letter step: ``letters[i]`` is letter i followed by what was inserted after it."""
    for i in range(len(letters) - 1):
        added = step(letters[i][0], rng)
        if added:
            letters[i].append(added)
    if step is _lookalike_letters:
        for cell in letters:
            cell[0] = _PERSIAN_LOOKALIKES.get(cell[0], cell[0]) if rng.random() < 0.7 else cell[0]


def _kashida_letters(letter: str, rng: random.Random) -> str | None:
    return "\u0640" * rng.randint(1, 3) if rng.random() < 0.4 else None


def _separator_letters(letter: str, rng: random.Random) -> str | None:
    return _separator_run(rng) if rng.random() < 0.4 else None


def _invisible_letters(letter: str, rng: random.Random) -> str | None:
    return rng.choice(_BREAK_INVISIBLES) if rng.random() < 0.3 else None


def _lookalike_letters(letter: str, rng: random.Random) -> str | None:
    return None  # letters are replaced in place by step_letters


def _tatweel_separator(word: str, rng: random.Random) -> str | None:
    cuts = _joining_cuts(word)
    if not cuts:
        return None
    cut = rng.choice(cuts)
    return word[:cut] + "\u0640" + rng.choice(".*") + word[cut:]


def _tatweel(word: str, rng: random.Random) -> str | None:
    cuts = _joining_cuts(word)
    if not cuts:
        return None
    cut = rng.choice(cuts)
    return word[:cut] + "\u0640" * rng.randint(2, 6) + word[cut:]


def _invisible(word: str, rng: random.Random) -> str | None:
    cut = rng.randrange(1, len(word))
    return word[:cut] + "".join(rng.choices(_BREAK_INVISIBLES, k=rng.randint(1, 2))) + word[cut:]


def _spaced(word: str, rng: random.Random) -> str | None:
    return " ".join(word)


def _presentation(word: str, rng: random.Random) -> str | None:
    return to_presentation(word)


def _lookalike(word: str, rng: random.Random) -> str | None:
    if "ك" not in word and "ي" not in word:
        return None
    return word.replace("ك", "\u06a9").replace("ي", "\u06cc")


def _dotless(word: str, rng: random.Random) -> str | None:
    return to_dotless(word)


APPLY: dict[str, Callable[[str, random.Random], str | None]] = {
    "separator": _separator,
    "separators": _separators,
    "tatweel_separator": _tatweel_separator,
    "tatweel": _tatweel,
    "invisible": _invisible,
    "spaced": _spaced,
    "presentation": _presentation,
    "lookalike": _lookalike,
    "dotless": _dotless,
    "every_letter": _every_letter,
    "mixed": _mixed,
    "persian_lookalike": _persian_lookalike,
    "kashida": _kashida,
}


def obfuscate(
    text: str,
    *,
    rate: float = 0.12,
    seed: int = 0,
    tricks: Sequence[str] | None = None,
    min_letters: int = 3,
    style: str = "marsad",
) -> Obfuscated:
    """Obfuscate about ``rate`` of the plain Arabic words of ``text``.

    Each chosen word gets one trick drawn from ``tricks`` (another one when the
    drawn trick cannot change that word).  Two neighbouring words are never both
    chosen, so every gold span is one word between intact words.
    """
    if style not in STYLES:
        raise ValueError(f"unknown obfuscation style {style!r}; valid: {', '.join(STYLES)}")
    if tricks is None:
        tricks = STYLES[style]
    unknown = [t for t in tricks if t not in APPLY]
    if unknown:
        raise ValueError(f"unknown trick(s) {', '.join(unknown)}; valid: {', '.join(ALL_TRICKS)}")
    rng = random.Random(seed)
    parts: list[str] = []
    gold: list[GoldWord] = []
    length = 0
    last = 0
    previous_chosen_end = -2
    for m in _WORD.finditer(text):
        word = m.group()
        if len(word) < min_letters or rng.random() >= rate:
            continue
        if _touches_other_script(text, m.start(), m.end()) or m.start() <= previous_chosen_end + 1:
            continue
        order = [rng.choice(list(tricks)), *rng.sample(list(tricks), len(tricks))]
        for trick in order:
            changed = APPLY[trick](word, rng)
            if changed is not None and changed != word:
                break
        else:
            continue
        head = text[last : m.start()]
        parts.append(head)
        length += len(head)
        gold.append(GoldWord(length, length + len(changed), word, trick))
        parts.append(changed)
        length += len(changed)
        last = m.end()
        previous_chosen_end = m.end()
    parts.append(text[last:])
    return Obfuscated("".join(parts), gold)


def _touches_other_script(text: str, start: int, end: int) -> bool:
    """Words glued to digits, Latin, marks or tatweel are not plain words."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return any(ch.isalnum() or unicodedata.combining(ch) or ch == "\u0640" for ch in (before, after))
