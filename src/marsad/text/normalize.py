"""The normalised matching view of Arabic text.

Normalisation folds the spelling variation that should not stop a lexicon or a
gazetteer from matching (hamza and alef forms, ``ى``/``ي``, ``ة``/``ه``,
diacritics, tatweel, Persian look-alikes, presentation forms, Arabic-Indic
digits, invisible controls, ASCII case).  It is a *view*: the text itself never
changes, and :func:`normalize_view` returns the map back to it.  The character
table lives in ``data/normalization.tsv``.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from importlib import resources

import numpy as np
import regex
from numpy.typing import NDArray

from marsad.text.offsets import TextView, ViewBuilder

# Presentation forms render like ordinary letters; NFKC gives the ordinary letters.
_PRESENTATION = "\ufb50-\ufdff\ufe70-\ufeff"
_HAS_PRESENTATION = regex.compile(f"[{_PRESENTATION}]")


def _load_table() -> dict[str, str]:
    table: dict[str, str] = {}
    text = resources.files("marsad.data").joinpath("normalization.tsv").read_text("utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        char, replacement, _why = line.split("\t")
        table[char] = replacement
    for code in range(ord("A"), ord("Z") + 1):
        table[chr(code)] = chr(code).lower()
    return table


# ``str.translate`` asks its table for every character.  A dict answers a character it does not
# hold by raising KeyError, which translate catches: most characters of a text pay for an
# exception.  A list indexed by code point holds every character up to the last one the table
# changes (itself, as its code, when unchanged; 8,298 entries), so only rarer characters above it take that path:
# normalising 1,000 SaudiNewsNet articles, 0.136 → 0.079 s of CPU, the same text.
_Translation = list[int | str]


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[int, str], regex.Pattern[str], _Translation, regex.Pattern[str]]:
    table = _load_table()
    translate = {ord(k): v for k, v in table.items()}
    escaped = "".join(regex.escape(k) for k in table)
    changing = regex.compile(f"[{escaped}{_PRESENTATION}]")
    # A text holding a presentation form is folded by ``changing`` (and the view reshapes those
    # characters one by one), so translate never meets one: the list stops at the last other code.
    last = max(code for code in translate if not _HAS_PRESENTATION.match(chr(code)))
    by_code: _Translation = list(range(last + 1))
    for code, replacement in translate.items():
        if code <= last:
            by_code[code] = replacement
    # Characters replaced one-for-one keep every offset: the view copies them with str.translate
    # (by the same table: the characters it deletes or expands are never copied, see normalize_view).
    # Only deletions and expansions (and presentation forms) need a per-character look.
    resizing = "".join(regex.escape(k) for k, v in table.items() if len(v) != 1)
    reshaping = regex.compile(f"[{resizing}{_PRESENTATION}]")
    return table, translate, changing, by_code, reshaping


# The view's one-for-one replacements as an array indexed by code point (the Basic Multilingual Plane;
# every other entry holds its own code). ``str.translate`` asks its table once per character (about
# 30 ns each, 0.1 s of CPU per 1,000 SaudiNewsNet articles); the array maps the text's code units in
# one numpy gather (0.007 s), the same characters.
_PLANE = 0x10000


@lru_cache(maxsize=1)
def _one_to_one_codes() -> NDArray[np.uint32]:
    codes = np.arange(_PLANE, dtype=np.uint32)
    for code, replacement in enumerate(_tables()[3]):
        # A character that is deleted or expanded is a reshaping one, never copied by this map.
        if isinstance(replacement, str) and len(replacement) == 1 and code < _PLANE:
            codes[code] = ord(replacement)
    return codes


# Characters mapped at once (four bytes each, three copies): a long text is mapped in pieces.
_TRANSLATE_BLOCK = 1 << 16


def _translate_one_to_one(text: str) -> str:
    """``text.translate`` by the view's table, for a text whose resizing characters are then
    overwritten or skipped: every other character comes out as the translation gives it, at the
    same index."""
    if len(text) > _TRANSLATE_BLOCK:
        return "".join(
            _translate_one_to_one(text[at : at + _TRANSLATE_BLOCK]) for at in range(0, len(text), _TRANSLATE_BLOCK)
        )
    units = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    codes = _one_to_one_codes()
    if units.size and int(units.max()) >= _PLANE:  # rare: a character beyond the plane (emoji…) stays
        mapped = units.copy()
        inside = units < _PLANE
        mapped[inside] = codes.take(units[inside])
    else:
        mapped = codes.take(units)
    return mapped.tobytes().decode("utf-32-le", "surrogatepass")


def translation_table() -> dict[int, str]:
    """The normalisation as a ``str.translate`` table (presentation forms excluded; for bulk keys)."""
    return _tables()[1]


def _fold(char: str, table: dict[str, str]) -> str:
    if "\ufb50" <= char <= "\ufdff" or "\ufe70" <= char <= "\ufeff":
        folded = unicodedata.normalize("NFKC", char)
        if char == "\ufeff":
            return ""
        return "".join(table.get(c, c) for c in folded)
    return table.get(char, char)


def normalize(text: str) -> str:
    """Return the matching form of ``text`` (no offset map; for lexicon keys)."""
    table, _translate, changing, by_code, _reshaping = _tables()
    if not _HAS_PRESENTATION.search(text):
        return text.translate(by_code)
    folded: str = changing.sub(lambda m: _fold(m.group(), table), text)
    return folded


def normalize_view(text: str) -> TextView:
    """Return the matching view of ``text`` with its map back to ``text``."""
    # Between two reshaping characters every character maps to one character: translating such a
    # stretch by the whole table only replaces one-for-one.
    table, _translate, _changing, _by_code, reshaping = _tables()
    builder = ViewBuilder(len(text))
    last = 0
    translated: str | None = None  # the whole text translated one-for-one, once, sliced between them
    for match in reshaping.finditer(text):
        pos = match.start()
        if pos > last:
            if translated is None:
                translated = _translate_one_to_one(text)
            builder.copy(translated[last:pos], last)
        folded = _fold(match.group(), table)
        if len(folded) == 1:
            builder.copy(folded, pos)
        else:
            builder.replace(folded, pos, pos + 1)
        last = pos + 1
    if last < len(text):
        builder.copy((_translate_one_to_one(text) if translated is None else translated)[last:], last)
    derived, offsets = builder.build()
    return TextView(derived, offsets)
