"""Tokens for tagging: words, numbers and single punctuation marks, with offsets.

The NER training corpora (ANERcorp, AQMAR) separate punctuation from words, so
the tagger sees the text the same way: every non-space character that is not
part of a word or number is a token of its own.  Sentences end at ``.``, ``!``,
``?``, ``؟``, ``…`` and at line breaks, which keeps each CRF sequence short.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import accumulate, repeat
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


# The same tokens as separators of a split: ``split`` returns separators and tokens alternately,
# so the offsets are running sums of the parts' lengths, with no match object per token.
_TOKEN_SPLIT_RE = regex.compile("(" + TOKEN_RE.pattern + ")")
_new_tuple = tuple.__new__


def sentences(text: str, start: int = 0, end: int | None = None) -> Iterator[list[Tok]]:
    """Sentences of ``text[start:end]`` as lists of tokens with offsets into ``text``.

    A sentence ends after a sentence-final mark, at a line break, and after
    MAX_SENTENCE_TOKENS tokens (counted afresh after each cut).
    """
    stop = len(text) if end is None else end
    window = text if start == 0 and stop == len(text) else text[start:stop]
    parts = _TOKEN_SPLIT_RE.split(window)  # separator, token, separator, …, separator
    if len(parts) < 2:
        return
    bounds = list(accumulate(map(len, parts), initial=start))
    words = parts[1::2]
    separators = parts[2:-1:2]  # the separator before each token but the first
    tokens = list(map(_new_tuple, repeat(Tok), zip(bounds[1:-1:2], bounds[2::2], words, strict=True)))
    cuts = {i + 1 for i, word in enumerate(words) if word in SENTENCE_END}
    cuts.update(i + 1 for i, separator in enumerate(separators) if "\n" in separator)
    cuts.add(len(tokens))
    del parts, bounds, words, separators  # a long document's pieces are not held while the sentences are read
    first = 0
    for cut in sorted(cuts):
        while cut - first > MAX_SENTENCE_TOKENS:
            yield tokens[first : first + MAX_SENTENCE_TOKENS]
            first += MAX_SENTENCE_TOKENS
        yield tokens[first:cut]
        first = cut
