"""Root and template (wazn) of an Arabic word, read by a small template matcher.

An event word never seen in training (``الاغتيال`` where training saw ``اغتال``, ``التفجيرات`` where it saw
``فجر``) still shares its root with words that were. The templates are data
(``data/arabic_patterns.tsv``); the matcher only aligns a stem with the templates of its length.
Ambiguous words give every root their templates allow: the trigger model weighs them.
"""

from __future__ import annotations

from functools import lru_cache

from marsad.resources import read_tsv_dicts

PLACEHOLDERS = "فعل"  # the root letters' slots, in order
WEAK = frozenset("اويءئؤ")
WEAK_MARK = "W"  # one letter for every weak root letter: اعتداء and اعتدي share عدW
ENDINGS = ("ات", "ه")  # plural and feminine endings removed before matching (تفجيرات, مجزره)


@lru_cache(maxsize=1)
def templates() -> dict[int, tuple[tuple[str, str], ...]]:
    """Templates by length: (pattern, kind)."""
    by_length: dict[int, list[tuple[str, str]]] = {}
    for row in read_tsv_dicts("arabic_patterns.tsv"):
        pattern = row["pattern"]
        if sorted(pattern.count(c) for c in PLACEHOLDERS) != [1, 1, 1]:
            raise ValueError(f"arabic_patterns.tsv: {pattern!r} must hold each of ف ع ل once")
        by_length.setdefault(len(pattern), []).append((pattern, row["kind"]))
    return {n: tuple(rows) for n, rows in by_length.items()}


def _match(stem: str, pattern: str) -> str | None:
    """The root ``stem`` has through ``pattern`` (same length), or None."""
    root = ["", "", ""]
    for letter, slot in zip(stem, pattern, strict=True):
        k = PLACEHOLDERS.find(slot)
        if k < 0:
            if letter != slot:
                return None
        else:
            root[k] = WEAK_MARK if letter in WEAK else letter
    if sum(r == WEAK_MARK for r in root) > 1:  # two weak letters: a template read into a function word
        return None
    return "".join(root)


@lru_cache(maxsize=65536)
def readings(stem: str) -> tuple[tuple[str, str, str], ...]:
    """Every (root, pattern, kind) of ``stem`` (a word without clitics), sorted."""
    forms = {stem}
    for ending in ENDINGS:
        if stem.endswith(ending) and len(stem) - len(ending) >= 3:
            forms.add(stem[: -len(ending)])
    by_length = templates()
    found = set()
    for form in forms:
        for pattern, kind in by_length.get(len(form), ()):
            root = _match(form, pattern)
            if root is not None:
                found.add((root, pattern, kind))
    return tuple(sorted(found))


def roots_of(stems: frozenset[str] | set[str]) -> frozenset[str]:
    """The roots of any of ``stems``."""
    return frozenset(root for stem in stems for root, _, _ in readings(stem))


@lru_cache(maxsize=65536)
def word_readings(stem: str, verb_readings: frozenset[str]) -> tuple[tuple[str, str, str], ...]:
    """The readings of a word from its stem without clitics, and the verb readings of its stems
    without a present prefix (``يستهدف`` → ``ستهدف`` → هدف through ستفعل)."""
    found = set(readings(stem))
    for reading in verb_readings:
        found.update(r for r in readings(reading) if r[2] == "verb")
    return tuple(sorted(found))


def root_index(words: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Word → types made root → types (every root the word's templates allow)."""
    found: dict[str, set[str]] = {}
    for word, types in words.items():
        for root, _, _ in readings(word):
            found.setdefault(root, set()).update(types)
    return {root: tuple(sorted(types)) for root, types in found.items()}
