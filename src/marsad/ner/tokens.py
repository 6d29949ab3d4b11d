"""Tokens for tagging: words, numbers and single punctuation marks, with offsets.

The NER training corpora (ANERcorp, AQMAR) separate punctuation from words, so
the tagger sees the text the same way: every non-space character that is not
part of a word or number is a token of its own.  Sentences end at ``.``, ``!``,
``?``, ``؟``, ``…`` and at line breaks, which keeps each CRF sequence short.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from itertools import accumulate, compress, repeat
from operator import attrgetter

import regex

from marsad.document import Document
from marsad.text.tokenize import WORD_RE, Token

TOKEN_RE = regex.compile(WORD_RE.pattern + r"|[^\s\p{L}\p{M}\p{N}\u0640]")
SENTENCE_END = frozenset({".", "!", "?", "؟", "…"})
# The characters of a sentence end or a line break, to find where a sentence may end.
_CUT_CHAR = regex.compile("[" + "".join(sorted(SENTENCE_END)) + "\n]")
# A run-on "sentence" (lists, tables) is cut so that tagging stays linear and fast.
MAX_SENTENCE_TOKENS = 120


# A token with offsets: the word tokens' tuple type, so that the words of a tagging run are the place
# scan's tokens as they are (Tokenized.words), with no copy.
Tok = Token


def tokenize(text: str) -> list[str]:
    """The token strings of ``text`` (for dictionary keys and tests)."""
    return [m.group() for m in TOKEN_RE.finditer(text)]


# The same tokens as separators of a split: ``split`` returns separators and tokens alternately,
# so the offsets are running sums of the parts' lengths, with no match object per token.
_TOKEN_SPLIT_RE = regex.compile("(" + TOKEN_RE.pattern + ")")
_new_tuple = tuple.__new__
_TEXT = attrgetter("text")
# What a one-character word token may be (WORD_RE's first characters).
_WORD_CHAR = regex.compile(r"[\p{L}\p{M}\p{N}\u0640]")


def sentences(text: str, start: int = 0, end: int | None = None) -> Iterator[list[Tok]]:
    """Sentences of ``text[start:end]`` as lists of tokens with offsets into ``text``.

    A sentence ends after a sentence-final mark, at a line break, and after
    MAX_SENTENCE_TOKENS tokens (counted afresh after each cut).
    """
    stop = len(text) if end is None else end
    window = text if start == 0 and stop == len(text) else text[start:stop]
    split = _split(window, start)
    if split is not None:
        yield from _cut(*split)


def _split(window: str, start: int) -> tuple[list[Tok], list[int]] | None:
    """The tokens of ``window`` (offsets from ``start``) and the sorted token indices where a sentence
    ends (the last is the token count); None for a window without tokens."""
    parts = _TOKEN_SPLIT_RE.split(window)  # separator, token, separator, …, separator
    if len(parts) < 2:
        return None
    bounds = list(accumulate(map(len, parts), initial=start))
    words = parts[1::2]
    tokens = list(map(_new_tuple, repeat(Tok), zip(bounds[1:-1:2], bounds[2::2], words, strict=True)))
    # Where a sentence may end is found in the text (a few dozen characters an article), not by asking
    # each of its hundreds of tokens and separators: the part holding such a character is found by
    # bisection over the parts' starts (a part of no characters starts where the next one does, and
    # bisect_right passes over it).
    cuts = {len(tokens)}
    for match in _CUT_CHAR.finditer(window):
        k = bisect_right(bounds, match.start() + start) - 1  # parts[k] holds the character
        if k % 2:
            if parts[k] in SENTENCE_END:  # the token k // 2 is a mark that ends a sentence
                cuts.add(k // 2 + 1)
        elif k:
            cuts.add(k // 2)  # a line break in the separator before token k // 2
    return tokens, sorted(cuts)


def _cut(tokens: list[Tok], cuts: list[int]) -> Iterator[list[Tok]]:
    first = 0
    for cut in cuts:
        while cut - first > MAX_SENTENCE_TOKENS:
            yield tokens[first : first + MAX_SENTENCE_TOKENS]
            first += MAX_SENTENCE_TOKENS
        yield tokens[first:cut]
        first = cut


class Tokenized:
    """One tokenisation of a whole text, for every stage that reads its tokens: the tagger's sentences
    (:func:`sentences`) and the words among the tokens, which are exactly
    :func:`marsad.text.tokenize.tokens` of the same text (the tagger's tokens are those words plus
    single marks, and a mark never starts a word), so that the text is split once, not once per stage."""

    __slots__ = ("_tokens", "_words", "sentences")

    def __init__(self, text: str) -> None:
        split = _split(text, 0)
        self._tokens, cuts = split if split is not None else ([], [])
        self.sentences: list[list[Tok]] = [sent for sent in _cut(self._tokens, cuts) if sent]
        self._words: list[Token] | None = None

    @property
    def words(self) -> list[Token]:
        """The word tokens (those of :data:`marsad.text.tokenize.WORD_RE`), in order."""
        if self._words is None:
            texts = list(map(_TEXT, self._tokens))
            # A mark is a token of one character that starts no word: each distinct one is tested once.
            marks = {t for t in set(texts) if len(t) == 1 and _WORD_CHAR.match(t) is None}
            self._words = list(compress(self._tokens, [t not in marks for t in texts])) if marks else self._tokens
        return self._words


_MATCHING_TOKENS = "matching-tokens"


def matching_tokens(doc: Document) -> Tokenized:
    """The tokens of ``doc.matching``, split once and kept with the document (the entities and places
    stages both read them)."""
    view = doc.matching
    return doc.derived(_MATCHING_TOKENS, view.text, lambda d: Tokenized(view.text))


def built_matching_words(doc: Document) -> list[str] | None:
    """The word texts of ``doc.matching`` (``WORD_RE.findall(doc.matching.text)``) when a stage has
    split it already, else None (for the store's full-text columns and shingles, which need not
    split it again)."""
    view = doc.built_view("matching")
    tokenized = doc.built_derived(_MATCHING_TOKENS, view.text) if view is not None else None
    return list(map(_TEXT, tokenized.words)) if isinstance(tokenized, Tokenized) else None
