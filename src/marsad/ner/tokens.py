"""Tokens for tagging: words, numbers and single punctuation marks, with offsets.

The NER training corpora (ANERcorp, AQMAR) separate punctuation from words, so
the tagger sees the text the same way: every non-space character that is not
part of a word or number is a token of its own.  Sentences end at ``.``, ``!``,
``?``, ``؟``, ``…`` and at line breaks, which keeps each CRF sequence short.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import regex

from marsad.text.tokenize import WORD_RE

TOKEN_RE = regex.compile(WORD_RE.pattern + r"|[^\s\p{L}\p{M}\p{N}\u0640]")
SENTENCE_END = frozenset({".", "!", "?", "؟", "…"})
# A run-on "sentence" (lists, tables) is cut so that tagging stays linear and fast.
MAX_SENTENCE_TOKENS = 120


@dataclass(frozen=True, slots=True)
class Tok:
    start: int
    end: int
    text: str


def tokenize(text: str) -> list[str]:
    """The token strings of ``text`` (for dictionary keys and tests)."""
    return [m.group() for m in TOKEN_RE.finditer(text)]


def sentences(text: str, start: int = 0, end: int | None = None) -> Iterator[list[Tok]]:
    """Sentences of ``text[start:end]`` as lists of tokens with offsets into ``text``."""
    stop = len(text) if end is None else end
    current: list[Tok] = []
    last_end = start
    for match in TOKEN_RE.finditer(text, start, stop):
        if current and "\n" in text[last_end : match.start()]:
            yield current
            current = []
        tok = Tok(match.start(), match.end(), match.group())
        current.append(tok)
        last_end = match.end()
        if tok.text in SENTENCE_END or len(current) >= MAX_SENTENCE_TOKENS:
            yield current
            current = []
    if current:
        yield current
