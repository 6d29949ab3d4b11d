"""Mark page-furniture lines ("read also", "watch", "follow us", share lines) as boilerplate.

The lines stay in ``text`` (offsets are sacred); later stages skip them.  The
patterns live in ``data/boilerplate.tsv`` and are matched on the normalised form
of each line.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from marsad.document import Boilerplate, Document
from marsad.resources import read_tsv_dicts
from marsad.text.normalize import normalize

# A line may start with bullets, dashes or quotes before the cue words.
_LEADING_PUNCT = regex.compile(r"^[\s\p{P}\p{S}]*")
# Furniture lines are short; a long paragraph that opens with "watch" is news.
MAX_LINE_CHARS = 300


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[str, regex.Pattern[str]], ...]:
    return tuple((row["kind"], regex.compile(row["pattern"])) for row in read_tsv_dicts("boilerplate.tsv"))


def classify_line(line: str) -> str | None:
    """The boilerplate kind of one line, or None for article text."""
    if not line.strip() or len(line) > MAX_LINE_CHARS:
        return None
    folded = normalize(_LEADING_PUNCT.sub("", line))
    for kind, pattern in _patterns():
        if pattern.search(folded):
            return kind
    return None


class BoilerplateStage:
    name = "boilerplate"
    reads = ("text",)
    adds = ("boilerplate",)

    def __init__(self) -> None:
        _patterns()

    def __call__(self, doc: Document) -> None:
        pos = 0
        text = doc.text
        for line in text.splitlines(keepends=True):
            body = line.rstrip("\r\n")
            kind = classify_line(body)
            if kind is not None:
                start = pos + (len(body) - len(body.lstrip()))
                end = pos + len(body.rstrip())
                doc.boilerplate.append(Boilerplate(start, end, kind))
            pos += len(line)
