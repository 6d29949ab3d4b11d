"""Tokens for tagging: words, numbers and single punctuation marks, with offsets.

The NER training corpora (ANERcorp, AQMAR) separate punctuation from words, so
the tagger sees the text the same way: every non-space character that is not
part of a word or number is a token of its own.  Sentences end at ``.``, ``!``,
``?``, ``؟``, ``…`` and at line breaks, which keeps each CRF sequence short.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

import regex

from marsad.text.tokenize import WORD_RE

TOKEN_RE = regex.compile(WORD_RE.pattern + r"|[^\s\p{L}\p{M}\p{N}\u0640]")
SENTENCE_END = frozenset({".", "!", "?", "؟", "…"})
# A run-on "sentence" (lists, tables) is cut so that tagging stays linear and fast.
MAX_SENTENCE_TOKENS = 120


class Tok(NamedTuple):
    """A token with offsets (a tuple: an article makes thousands of them)."""

    start: int
    end: int
    text: str


def tokenize(text: str) -> list[str]:
    """The token strings of ``text`` (for dictionary keys and tests)."""
    return [m.group() for m in TOKEN_RE.finditer(text)]


def sentences(text: str, start: int = 0, end: int | None = None) -> Iterator[list[Tok]]:
    """Sentences of ``text[start:end]`` as lists of tokens with offsets into ``text``."""
    stop = len(text) if end is None else end
    line_start = start
    while line_start < stop:
        line_end = text.find("\n", line_start, stop)
        if line_end < 0:
            line_end = stop
        current: list[Tok] = []
        for match in TOKEN_RE.finditer(text, line_start, line_end):
            word = match.group()
            current.append(Tok(match.start(), match.end(), word))
            if word in SENTENCE_END or len(current) >= MAX_SENTENCE_TOKENS:
                yield current
                current = []
        if current:
            yield current
        line_start = line_end + 1
