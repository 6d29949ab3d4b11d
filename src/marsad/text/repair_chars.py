"""The character sets of moderation-evasion tricks, read once from ``data/repair_chars.yaml``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from marsad.resources import read_yaml
from marsad.text.normalize import normalize

# Arabic letters proper (hamza to yeh), the extended letters Persian/Urdu and
# dotless writing use, and the combining marks (harakat).
ARABIC_LETTERS = "\u0621-\u063a\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5"
ARABIC_MARKS = "\u064b-\u065f\u0670\u06d6-\u06ed"
PRESENTATION = "\ufb50-\ufdff\ufe70-\ufefc"


@dataclass(frozen=True, slots=True)
class RepairChars:
    separators: str
    strong_separators: str
    pair_hyphens: str
    generator_separators: str
    slashes: str
    slash_conjunctions: frozenset[str]
    or_words: frozenset[str]
    pair_endings: frozenset[str]
    tatweel: str
    invisible: str
    lookalikes: dict[str, str]
    persian_only: str
    persian_letters: str
    dotless_only: str
    dotless_classes: tuple[str, ...]
    dotless_readings: dict[str, str]
    dotless_final_readings: dict[str, str]
    dotless_neutral: str
    dotless_medial: dict[str, str]
    dotless_final: dict[str, str]
    acronym_open: str
    latin_letter_names: frozenset[str]
    title_initials: str
    agency_abbreviations: frozenset[str]
    acronym_close: str
    # Prefixes and suffixes attached to words (data/clitics.yaml), in the matching form.
    clitics: frozenset[str]

    def skeleton_table(self) -> dict[int, str]:
        """``str.translate`` table mapping each letter to its dotless class key."""
        return {ord(ch): cls[0] for cls in self.dotless_classes for ch in cls}

    def class_of(self) -> dict[str, str]:
        return {ch: cls for cls in self.dotless_classes for ch in cls}


@lru_cache(maxsize=1)
def repair_chars() -> RepairChars:
    data = read_yaml("repair_chars.yaml")
    clitic_data = read_yaml("clitics.yaml")
    return RepairChars(
        separators=data["separators"],
        strong_separators=data["strong_separators"],
        pair_hyphens=data["pair_hyphens"],
        generator_separators=data["generator_separators"],
        slashes=data["slashes"],
        slash_conjunctions=frozenset(str(w) for w in data["slash_conjunctions"]),
        or_words=frozenset(str(w) for w in data["or_words"]),
        pair_endings=frozenset(normalize(str(e)) for e in data["pair_endings"]),
        tatweel=data["tatweel"],
        invisible=data["invisible"],
        lookalikes=dict(data["lookalikes"]),
        persian_only=data["persian_only"],
        persian_letters=data["persian_letters"],
        dotless_only=data["dotless_only"],
        dotless_classes=tuple(data["dotless_classes"]),
        dotless_readings=dict(data["dotless_readings"]),
        dotless_final_readings=dict(data["dotless_final_readings"]),
        dotless_neutral=data["dotless_neutral"],
        dotless_medial=dict(data["dotless_writing"]["medial"]),
        dotless_final=dict(data["dotless_writing"]["final"]),
        acronym_open=data["acronym_open"],
        latin_letter_names=frozenset(str(n) for n in data["latin_letter_names"]),
        title_initials=data["title_initials"],
        agency_abbreviations=frozenset(normalize(str(n)) for n in data["agency_abbreviations"]),
        acronym_close=data["acronym_close"],
        clitics=frozenset(str(c) for c in (*clitic_data["proclitic_sequences"], *clitic_data["enclitics"])),
    )
