"""Datelines: the place and outlet that open an article or a paragraph (``دمشق (سانا) -``).

A dateline is page furniture, not part of the first sentence: ``دمشق (وكالة الأنباء التجريبية) -
اتهمت وزارة الدفاع …`` has the ministry as the accuser, never the place and outlet before the dash.
The tokens of a dateline are therefore no part of any phrase (actor, target or speaker). Only the
shape is read (a short run of words, an outlet in parentheses, a dash) at a paragraph's start, so no
word list is needed; parentheses and dashes are not tokens of the analysed text, which is why the
original text is matched.
"""

from __future__ import annotations

import regex

from marsad.attribution.text import AnalysedText

# up to four words (the place, maybe its country), the outlet in parentheses, then a dash; not a line of results,
# where a second name with its country in parentheses follows the dash (``ستيوا بوخارست (رومانيا) - ليون (فرنسا)``)
_DATELINE = regex.compile(
    r"[^\S\n]*(?:[\p{L}\p{M}]+[^\S\n]+){0,3}[\p{L}\p{M}]+[^\S\n]*\([^()\n]{1,60}\)[^\S\n]*[-–—](?![^\n(]{0,40}\()"
)


def dateline_tokens(at: AnalysedText) -> set[int]:
    """The token indices inside a dateline at the start of the text or of a paragraph."""
    toks = at.tokens
    text = at.doc.text
    out: set[int] = set()
    for i, tok in enumerate(toks):
        if i > 0 and toks[i - 1].paragraph == tok.paragraph:
            continue
        m = _DATELINE.match(text, tok.start)
        if m is None:
            continue
        k = i
        while k < len(toks) and toks[k].start < m.end():
            out.add(k)
            k += 1
    return out
