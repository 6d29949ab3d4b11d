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
from typing import Any

import regex

from marsad.attribution.lexicon import token_flags
from marsad.document import Document
from marsad.text.offsets import TextView, ViewBuilder
from marsad.text.spans import SpanIndex

# A word (letters/marks) or a number; punctuation that matters is tokenised separately.
_TOKEN_RE = regex.compile(r"[\p{L}\p{M}]+|\p{N}+(?:[.,]\p{N}+)*|[«»“”„\"‹›:،,.!?؟؛;\n]")
_OPENERS = {"«": "»", "“": "”", "‹": "›", "„": "“", '"': '"', "”": "”"}
_CLOSERS = {"»", "”", "›", '"', "“"}
SENTENCE_END = {".", "!", "?", "؟", "\n"}
CLAUSE_END = SENTENCE_END | {"،", ",", "؛", ";"}
QUOTE_MARKS = set(_OPENERS) | _CLOSERS
# A dot inside a word, next to a tatweel in the original: obfuscation, not punctuation.
_INWORD_DOT = regex.compile(r"(?<=\p{L})[.•*·](?=\p{L})")


@dataclass(slots=True)
class Token:
    index: int
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
            if self._flags is None:
                self._flags = [token_flags(t.form) if t.is_word else 0 for t in self.tokens]
            found = self._flagged[mask] = [i for i, flags in enumerate(self._flags) if flags & mask]
        return found[bisect_left(found, first) : bisect_left(found, last)]

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


def _pair_quotes(tokens: list[Token]) -> dict[int, int]:
    pairs: dict[int, int] = {}
    i = 0
    n = len(tokens)
    while i < n:
        closer = _OPENERS.get(tokens[i].form)
        if closer is None:
            i += 1
            continue
        alt = "“" if closer == "”" else closer  # some texts close with the opening curly mark
        j = i + 1
        while j < n and tokens[j].form not in (closer, alt) and tokens[j].form != "\n":
            j += 1
        if j < n and tokens[j].form != "\n" and j > i + 1:
            pairs[i] = j
            i = j + 1
        else:
            i += 1
    return pairs


def _ends_sentence(text: str, toks: list[Token], i: int) -> bool:
    """A full stop ends a sentence unless it is inside a word or an abbreviation.

    ``سي.ان.ان`` (no space after the dot) and ``د. ب. أ`` (one-letter pieces) go on.
    """
    tok = toks[i]
    if tok.form != ".":
        return True
    after = text[tok.end : tok.end + 1]
    if after and not after.isspace() and after not in "\"'»”)]":
        return False
    prev = toks[i - 1] if i > 0 else None
    return not (prev is not None and prev.is_word and len(prev.form) == 1 and prev.end == tok.start)


def analyse(doc: Document) -> AnalysedText:
    view = _working_view(doc)
    toks: list[Token] = []
    # Offsets of the tokens' first and last characters only: the whole text's as Python lists
    # would cost some 70 bytes a character.
    found = [(m.start(), m.end() - 1, m.group()) for m in _TOKEN_RE.finditer(view.text)]
    o_starts = view.offsets.starts[[f[0] for f in found]].tolist() if found else []
    o_ends = view.offsets.ends[[f[1] for f in found]].tolist() if found else []
    for (_s, _e, form), start, end in zip(found, o_starts, o_ends, strict=True):
        if end <= start:
            continue
        toks.append(Token(len(toks), start, end, form, form[0].isalnum()))
    del found, o_starts, o_ends
    pairs = _pair_quotes(toks)
    inside_until = -1
    closes = {j for j in pairs.values()}
    sentences: list[Sentence] = []
    first = 0
    paragraph = 0
    for i, tok in enumerate(toks):
        if i in pairs:
            inside_until = pairs[i]
        tok.sentence = len(sentences)
        tok.paragraph = paragraph
        hard = tok.form == "\n"
        soft = tok.form in SENTENCE_END and i > inside_until and _ends_sentence(doc.text, toks, i)
        # a sentence may also end right after a closing mark that follows a full stop
        if hard or soft or (i in closes and i > 0 and toks[i - 1].form in SENTENCE_END):
            sentences.append(Sentence(len(sentences), first, i + 1))
            first = i + 1
            if hard:
                paragraph += 1
                inside_until = -1
    if first < len(toks):
        sentences.append(Sentence(len(sentences), first, len(toks)))
    boilerplate = SpanIndex((b.start, b.end) for b in doc.boilerplate)
    for sent in sentences:
        if sent.last > sent.first:
            words = [t for t in toks[sent.first : sent.last] if t.is_word]
            if words:
                sent.boilerplate = doc.is_boilerplate(words[0].start, words[-1].end) or boilerplate.overlaps(
                    words[0].start, words[0].start + 1
                )
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
