"""Which lines of a text are page furniture ("read also", "watch", "follow us", share lines).

Pure text logic, used by the boilerplate stage (which records the spans on the
Document) and by the HTML reader (which drops "related" blocks and "read also"
lines before they reach the article text).  The patterns live in
``data/boilerplate.tsv`` and are matched on the normalised form of each line.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

import regex

from marsad.resources import read_tsv_dicts
from marsad.text.normalize import normalize, normalize_view

# A line may start with bullets, dashes or quotes before the cue words.
_LEADING_PUNCT = regex.compile(r"^[\s\p{P}\p{S}]*")
# Furniture lines are short; a long paragraph that opens with "watch" is news.
MAX_LINE_CHARS = 300


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[str, str, regex.Pattern[str]], ...]:
    return tuple(
        (row["kind"], row["scope"], regex.compile(row["pattern"])) for row in read_tsv_dicts("boilerplate.tsv")
    )


def load_patterns() -> None:
    """Read and compile ``data/boilerplate.tsv`` now rather than on the first line."""
    _patterns()


def classify_line(line: str) -> str | None:
    """The boilerplate kind of one whole line, or None for article text."""
    if not line.strip() or len(line) > MAX_LINE_CHARS:
        return None
    folded = normalize(_LEADING_PUNCT.sub("", line))
    for kind, scope, pattern in _patterns():
        if scope == "line" and pattern.search(folded):
            return kind
    return None


def find_tail(line: str) -> tuple[int, str] | None:
    """Where furniture appended to a line starts (offset into ``line``) and its kind."""
    folded = None
    for kind, scope, pattern in _patterns():
        if scope != "tail":
            continue
        if folded is None:
            # The view's text is normalize(line): search that, and build the view (a map per
            # character, ten times the cost) only for the rare line that has a tail to map back.
            folded = normalize(line)
        match = pattern.search(folded)
        if match and len(folded) - match.start() <= MAX_LINE_CHARS:
            return normalize_view(line).to_original(match.start(), match.start())[0], kind
    return None


def furniture_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, kind)`` of every furniture line, or furniture tail of a line, in ``text``.

    A whole furniture line is trimmed of its surrounding whitespace; a tail runs
    from where the furniture starts to the line's last non-space character.
    """
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        kind = classify_line(body)
        if kind is not None:
            start = pos + (len(body) - len(body.lstrip()))
            end = pos + len(body.rstrip())
            yield start, end, kind
        else:
            tail = find_tail(body)
            if tail is not None:
                end = pos + len(body.rstrip())
                if pos + tail[0] < end:
                    yield pos + tail[0], end, tail[1]
        pos += len(line)
