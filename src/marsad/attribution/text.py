"""The analysed text of a document: tokens, quotation marks and sentences.

Attribution and event rules work on the normalised matching view of the
repaired text (``doc.matching``).  Leftover in-word obfuscation dots
(``متهـ.مة`` → ``متهم.مه`` once tatweel is folded) would split words, so a dot
between two letters that the original wrote next to a tatweel is dropped here;
with the repair stage present there is nothing left to drop.  Every token keeps
its original ``[start, end)`` span, computed once.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Hashable
from dataclasses import dataclass, field
from itertools import accumulate, compress, count, repeat
from operator import and_, itemgetter, not_
from sys import intern
from typing import Any, NamedTuple, cast

import numpy as np
import regex

from marsad.attribution.lexicon import FLAGS
from marsad.document import Document
from marsad.text.offsets import TextView, ViewBuilder
from marsad.text.spans import SpanIndex

# A word (letters/marks) or a number; punctuation that matters is tokenised separately.
_TOKEN_RE = regex.compile(r"[\p{L}\p{M}]+|\p{N}+(?:[.,]\p{N}+)*|[«»“”„\"‹›:،,.!?؟؛;\n]")
# The tokens as separators of a split: the text between tokens and the tokens alternate.
_TOKEN_SPLIT_RE = regex.compile(f"({_TOKEN_RE.pattern})")
_new_tuple = tuple.__new__
_FORM, _IS_WORD = itemgetter(3), itemgetter(4)  # Token.form, Token.is_word
_FIRST = itemgetter(0)
_OPENERS = {"«": "»", "“": "”", "‹": "›", "„": "“", '"': '"', "”": "”"}
_CLOSERS = {"»", "”", "›", '"', "“"}
SENTENCE_END = {".", "!", "?", "؟", "\n"}
CLAUSE_END = SENTENCE_END | {"،", ",", "؛", ";"}
QUOTE_MARKS = set(_OPENERS) | _CLOSERS
# A dot inside a word, next to a tatweel in the original: obfuscation, not punctuation.
_INWORD_DOT = regex.compile(r"(?<=\p{L})[.•*·](?=\p{L})")


class Token(NamedTuple):
    """A token of the analysed text (a tuple: an article has hundreds, made in one C-level pass;
    every field is known when it is made and never changes).  ``index`` is the token's position,
    in place of the tuple method no caller uses."""

    index: int  # type: ignore[assignment]
    start: int  # original offsets
    end: int
    form: str  # matching form
    is_word: bool = True  # a word or number (not punctuation)
    sentence: int = -1
    paragraph: int = 0


@dataclass(slots=True)
class Sentence:
    index: int
    first: int  # token indices, inclusive/exclusive
    last: int
    boilerplate: bool = False


@dataclass(slots=True)
class AnalysedText:
    doc: Document
    tokens: list[Token]
    sentences: list[Sentence]
    # token index of an opening quotation mark → token index of its closing mark
    quote_pairs: dict[int, int] = field(default_factory=dict)
    # the phrase finder built over this text (kept here so the events stage reuses it)
    finder: Any = None

    def openers_in(self, first: int, last: int) -> list[int]:
        """The opening marks at tokens ``first..last-1``, in order (pairs are found left to right,
        so the openers are sorted; a binary search keeps a long document linear)."""
        openers = self._openers()
        return openers[bisect_left(openers, first) : bisect_left(openers, last)]

    def opener_of(self, closer: int) -> int | None:
        """The opening mark paired with the closing mark at token ``closer``."""
        closers = self._closers()
        k = bisect_left(closers, closer)
        return self._openers()[k] if k < len(closers) and closers[k] == closer else None

    def _openers(self) -> list[int]:
        if self._sorted_openers is None or len(self._sorted_openers) != len(self.quote_pairs):
            self._sorted_openers = sorted(self.quote_pairs)
            self._sorted_closers = [self.quote_pairs[o] for o in self._sorted_openers]
        return self._sorted_openers

    def release(self) -> None:
        """Forget the phrase finder, which refers back to this analysis (called when the document
        releases its analyses: without the cycle, the analysis and its document are freed at once)."""
        self.finder = None

    def _closers(self) -> list[int]:
        self._openers()
        assert self._sorted_closers is not None
        return self._sorted_closers

    _sorted_openers: list[int] | None = field(default=None, init=False, repr=False, compare=False)
    _sorted_closers: list[int] | None = field(default=None, init=False, repr=False, compare=False)
    _flags: list[int] | None = field(default=None, init=False, repr=False, compare=False)
    _flagged: dict[int, list[int]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def flagged_in(self, mask: int, first: int, last: int) -> list[int]:
        """The word tokens ``first..last-1`` whose :func:`~marsad.attribution.lexicon.token_flags`
        share a bit with ``mask``, in order: the rules' scans visit only these (most words start
        nothing), and the quotes and events stages look each word up once between them."""
        found = self._flagged.get(mask)
        if found is None:
            # (the tokens whose flags share a bit with the mask, picked in C: no Python loop over the tokens)
            found = self._flagged[mask] = list(compress(count(), map(and_, self.token_flags(), repeat(mask))))
        return found[bisect_left(found, first) : bisect_left(found, last)]

    def token_flags(self) -> list[int]:
        """Each token's :func:`~marsad.attribution.lexicon.token_flags` (0 for a mark), made once per
        document: the rules' scans and the learned layer's candidate words read the same list."""
        if self._flags is None:
            # The memo's dict answers most words in one C-level pass; what it does not know is a
            # new word (computed and remembered) or a mark (never in the memo: its flags are 0).
            forms = list(map(_FORM, self.tokens))
            flags: list[int | None] = list(map(FLAGS.known.get, forms))
            for i in compress(count(), map(not_, map(_IS_WORD, self.tokens))):
                flags[i] = 0  # a mark
            for i in [i for i, known in enumerate(flags) if known is None]:
                flags[i] = FLAGS(forms[i])
            self._flags = cast("list[int]", flags)
        return self._flags

    def span_text(self, first: int, last: int) -> tuple[int, int, str]:
        """Original span and surface of tokens ``first..last-1``."""
        start, end = self.tokens[first].start, self.tokens[last - 1].end
        return start, end, self.doc.text[start:end]

    def sentence_of(self, index: int) -> Sentence:
        return self.sentences[self.tokens[index].sentence]


def _working_view(doc: Document) -> TextView:
    view = doc.matching
    original = doc.text
    builder = ViewBuilder(len(view.text))
    pos = 0
    for m in _INWORD_DOT.finditer(view.text):
        o_start, o_end = view.to_original(m.start(), m.end())
        near = original[max(0, o_start - 1) : o_end + 1]
        if "\u0640" not in near:
            continue
        builder.copy(view.text[pos : m.start()], pos)
        pos = m.end()
    if pos == 0:
        return view
    builder.copy(view.text[pos:], pos)
    text, offsets = builder.build()
    return TextView(text, offsets.compose(view.offsets))


def _pair_quotes(forms: list[str]) -> dict[int, int]:
    """Opening mark → its closing mark (token indices), left to right, within a paragraph."""
    pairs: dict[int, int] = {}
    n = len(forms)
    # Only marks can open a pair: the scan starts at each opener (most tokens are words).
    openers = [i for i, form in enumerate(forms) if form in _OPENERS]
    k = 0
    while k < len(openers):
        i = openers[k]
        closer = _OPENERS[forms[i]]
        alt = "“" if closer == "”" else closer  # some texts close with the opening curly mark
        j = i + 1
        while j < n and forms[j] != closer and forms[j] != alt and forms[j] != "\n":
            j += 1
        if j < n and forms[j] != "\n" and j > i + 1:
            pairs[i] = j
            k = bisect_left(openers, j + 1, k)  # the next opener after the closing mark
        else:
            k += 1
    return pairs


def _ends_sentence(text: str, forms: list[str], starts: list[int], ends: list[int], words: list[bool],
                   i: int) -> bool:
    """A full stop ends a sentence unless it is inside a word or an abbreviation.

    ``سي.ان.ان`` (no space after the dot) and ``د. ب. أ`` (one-letter pieces) go on.
    """
    if forms[i] != ".":
        return True
    after = text[ends[i] : ends[i] + 1]
    if after and not after.isspace() and after not in "\"'»”)]":
        return False
    return not (i > 0 and words[i - 1] and len(forms[i - 1]) == 1 and ends[i - 1] == starts[i])


def analyse(doc: Document) -> AnalysedText:
    view = _working_view(doc)
    # The text splits into (between, token, between, …, between): each token's view offsets are
    # running sums of the parts' lengths, with no match object per token.
    parts = _TOKEN_SPLIT_RE.split(view.text)
    # Interned: the word caches asked about these forms (strip_proclitics, lookup_cue, mode_cue …, some
    # 2^15-2^16 forms each over a long run) keep the one string the word memos keep for that form
    # (marsad.text.memo), not a copy of their own from whichever article first asked (~85 bytes a form).
    forms: list[str] = list(map(intern, parts[1::2]))
    if forms:
        bounds = np.fromiter(accumulate(map(len, parts)), dtype=np.int64, count=len(parts))
        # Original offsets of the tokens' first and last characters only: the whole text's as
        # Python lists would cost some 70 bytes a character.
        o_starts = view.offsets.starts[bounds[0:-1:2]]
        o_ends = view.offsets.ends[bounds[1::2] - 1]
        kept = o_ends > o_starts  # a token standing for no original character is dropped
        if not kept.all():
            forms = list(compress(forms, kept.tolist()))
            o_starts, o_ends = o_starts[kept], o_ends[kept]
        starts: list[int] = o_starts.tolist()
        ends: list[int] = o_ends.tolist()
    else:
        starts, ends = [], []
    words = list(map(str.isalnum, map(_FIRST, forms)))  # each form's first character (forms are never empty)
    pairs = _pair_quotes(forms)
    closes = set(pairs.values())
    # Sentences end only at marks: the tokens that end one, open a quotation or close one.
    marks = sorted({i for i, form in enumerate(forms) if form in SENTENCE_END}.union(pairs, closes))
    text = doc.text
    inside_until = -1
    bounds_of: list[tuple[int, int, int]] = []  # (first, last, paragraph) of each sentence
    first = 0
    paragraph = 0
    for i in marks:
        if i in pairs:
            inside_until = pairs[i]
        form = forms[i]
        hard = form == "\n"
        soft = form in SENTENCE_END and i > inside_until and _ends_sentence(text, forms, starts, ends, words, i)
        # a sentence may also end right after a closing mark that follows a full stop
        if hard or soft or (i in closes and i > 0 and forms[i - 1] in SENTENCE_END):
            bounds_of.append((first, i + 1, paragraph))
            first = i + 1
            if hard:
                paragraph += 1
                inside_until = -1
    if first < len(forms):
        bounds_of.append((first, len(forms), paragraph))
    sentence_of: list[int] = []
    paragraph_of: list[int] = []
    for k, (first, last, par) in enumerate(bounds_of):
        sentence_of += [k] * (last - first)
        paragraph_of += [par] * (last - first)
    toks = list(map(_new_tuple, repeat(Token), zip(
        range(len(forms)), starts, ends, forms, words, sentence_of, paragraph_of, strict=True
    )))
    sentences = [Sentence(k, first, last) for k, (first, last, _par) in enumerate(bounds_of)]
    if doc.boilerplate:  # without furniture lines no sentence is furniture
        boilerplate = SpanIndex((b.start, b.end) for b in doc.boilerplate)
        for sent in sentences:
            if True not in words[sent.first : sent.last]:
                continue
            first_word = words.index(True, sent.first, sent.last)
            last_word = sent.last - 1 - words[sent.first : sent.last][::-1].index(True)
            start = starts[first_word]
            sent.boilerplate = doc.is_boilerplate(start, ends[last_word]) or boilerplate.overlaps(start, start + 1)
    return AnalysedText(doc, toks, sentences, pairs)


def _dependencies(doc: Document) -> Hashable:
    """What an analysis reads besides the text: repairs, boilerplate, entities and place mentions."""
    return (
        tuple((r.start, r.end, r.replacement) for r in doc.repairs),
        tuple((b.start, b.end) for b in doc.boilerplate),
        tuple((e.start, e.end, e.text, e.type, e.canonical, e.id) for e in doc.entities),
        tuple(tuple((m[0], m[1]) for m in p.mentions) for p in doc.places),
    )


def analysed(doc: Document) -> AnalysedText:
    """:func:`analyse`, kept on the document until what it reads changes.

    The quotes and events stages run one after the other on the same document: the
    second reuses the first's analysis (and its phrase finder).
    """
    return doc.derived("attribution", _dependencies(doc), analyse)
