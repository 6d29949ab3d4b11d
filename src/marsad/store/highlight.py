"""Where the words of a search query occur in a document's original text (for snippets).

A document word matches when its normalised form, or one of its clitic-stripped
stems, is one of the query's forms or starts with one of its prefixes
(:func:`marsad.store.fts.word_matches`).
Deciding that for every word of every result costs about half a millisecond per
document, most of a search request.  A matching word always *contains* one of
the query forms (stems are substrings; only a final ``ه`` may be written ``ت``
before a suffix), so one compiled pattern per query — each letter accepting the
spellings that normalise to it, with diacritics, tatweel or invisible marks
allowed between letters — finds the few candidate words in C, and only those are
checked with the exact rule.  The result is the same as checking every word.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from marsad.store import fts
from marsad.text.normalize import normalize, translation_table
from marsad.text.tokenize import WORD_RE

# Presentation forms are folded by NFKC, which the per-letter classes do not model.
_PRESENTATION = regex.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
# Characters a word token may be made of (tokenize.WORD_RE without numbers).
_RUN = r"[\p{L}\p{M}\u0640\u200c\u200d]"
_RUN_BEFORE = regex.compile(_RUN + "*", regex.REVERSE)  # matched backwards from a position
_RUN_AFTER = regex.compile(_RUN + "*")
# Before a pronoun suffix a final ta marbuta (normalised ه) is written ت.
_NORMALISED_TA_MARBUTA = "ه"

# Snippets normalise the candidate words; words repeat across results and queries.
_normalised_word = lru_cache(maxsize=200_000)(normalize)


def matching_spans(text: str, forms: frozenset[str]) -> list[list[int]]:
    """[start, end) of every word of ``text`` that matches one of the query ``forms``."""
    finder = _finder(forms)
    if finder is None or _PRESENTATION.search(text):
        return _every_word(text, forms)
    spans: list[list[int]] = []
    done = 0  # text before this offset has been checked
    for hit in finder.finditer(text):
        if hit.start() < done:
            continue  # another hit inside a run already checked
        # Widen the hit to the whole run of word characters around it (a run may
        # hold more than one token, e.g. around a lone joiner); check each token.
        before = _RUN_BEFORE.match(text, 0, hit.start())  # a `*` pattern: always matches
        after = _RUN_AFTER.match(text, hit.end())
        start = before.start() if before else hit.start()
        end = after.end() if after else hit.end()
        for token in WORD_RE.finditer(text, start, end):
            if _matches(token.group(), forms):
                spans.append([token.start(), token.end()])
        done = max(end, hit.end())
    return spans


def _matches(word: str, forms: frozenset[str]) -> bool:
    return fts.word_matches(_normalised_word(word), forms, fts.ends_in_ta_marbuta(word))


def _every_word(text: str, forms: frozenset[str]) -> list[list[int]]:
    """The plain rule: check every word (for texts and queries the pattern does not model)."""
    verdicts: dict[str, bool] = {}
    spans: list[list[int]] = []
    for match in WORD_RE.finditer(text):
        word = match.group()
        verdict = verdicts.get(word)
        if verdict is None:
            verdict = verdicts[word] = _matches(word, forms)
        if verdict:
            spans.append([match.start(), match.end()])
    return spans


@lru_cache(maxsize=1)
def _spellings() -> tuple[dict[str, str], str]:
    """Normalised letter → the characters that normalise to it; and the characters normalisation deletes."""
    variants: dict[str, str] = {}
    deleted = ""
    for code, replacement in translation_table().items():
        if replacement == "":
            deleted += chr(code)
        else:
            variants[replacement] = variants.get(replacement, replacement) + chr(code)
    return variants, deleted


@lru_cache(maxsize=4096)
def _finder(forms: frozenset[str]) -> regex.Pattern[str] | None:
    """A pattern matching any query form loosely (in any spelling that normalises to it), or None."""
    cores: set[str] = set()
    for form in forms:
        form = form.removesuffix(fts.PREFIX_MARK)  # a prefix is found like a word
        core = form[:-1] if form.endswith(_NORMALISED_TA_MARBUTA) else form
        if not core or not all(regex.fullmatch(_RUN, c) for c in core):
            return None  # numbers, symbols: the plain rule handles them
        cores.add(core)
    if not cores:
        return None
    variants, deleted = _spellings()
    between = f"(?:[{regex.escape(deleted)}])*"

    def loose(core: str) -> str:
        return between.join("[" + regex.escape(variants.get(c, c)) + "]" for c in core)

    alternation = "|".join(loose(core) for core in sorted(cores, key=len, reverse=True))
    return regex.compile(alternation)


def pair_spans(text: str, pairs: list[tuple[frozenset[str], frozenset[str]]]) -> list[list[int]]:
    """[start, end) of both words wherever a word matching a pair's first forms is followed, across
    white space only, by a word matching its second (a query word written apart: ``كفر نبل``)."""
    spans: list[list[int]] = []
    if not pairs:
        return spans
    # Most results hold no such pair: one search of the normalised text rules them out, where
    # finding every word of each part (a part such as الم is everywhere) doubled a search's time.
    normalised = normalize(text)
    for first, second in pairs:
        if not _pair_probe(first, second).search(normalised):
            continue
        after = {start: end for start, end in matching_spans(text, second)}
        for start, end in matching_spans(text, first):
            gap = end
            while gap < len(text) and text[gap].isspace():
                gap += 1
            if gap > end and gap in after:
                spans += [[start, end], [gap, after[gap]]]
    return spans


@lru_cache(maxsize=1024)
def _pair_probe(first: frozenset[str], second: frozenset[str]) -> regex.Pattern[str]:
    """A pattern every normalised text holding the pair side by side matches (and a few more): a first
    form, white space, a second form (whose final ه may be written ت before a suffix)."""
    def alternation(forms: frozenset[str], strip_ta_marbuta: bool) -> str:
        cores = {f.removesuffix(fts.PREFIX_MARK) for f in forms}
        if strip_ta_marbuta:
            cores = {c[:-1] if c.endswith(_NORMALISED_TA_MARBUTA) and len(c) > 1 else c for c in cores}
        return "|".join(regex.escape(c) for c in sorted(cores, key=len, reverse=True))

    return regex.compile(f"(?:{alternation(first, False)})\\s+(?:{alternation(second, True)})")
