"""Tables that fit the terminal without cutting a word: the widths of their columns.

The commands' tables (``marsad events``, ``marsad quotes``) hold short codes that must stay whole
(dates, types, statuses, numbers) and names and quotes that wrap; these functions give each column its
width so that the wrapping ones break between words.
"""

from __future__ import annotations

from collections.abc import Sequence

WORD_MAX = 20  # the widest a name column grows to keep one word whole


def longest_word(header: str, cells: tuple[str, ...]) -> int:
    """The width of the widest word of a column (its header's included), at most :data:`WORD_MAX`."""
    from rich.cells import cell_len

    widest = max((cell_len(word) for text in (header, *cells) for word in text.split()), default=1)
    return min(widest, WORD_MAX)


def column_widths(
    columns: Sequence[tuple[str, bool]], rows: list[list[str]], width: int, drop_first: Sequence[str] = ()
) -> dict[int, int]:
    """The columns shown at ``width`` (index → width, in order) with one space between them.

    The codes (date, type, status, numbers) get their whole width; each name column at least its
    longest word and, of the width left, an equal share until it fits on one line, what it does not
    need going to the others.
    ``columns`` are (header, is a code).  When the names' longest words do not fit side by side, the
    column of ``drop_first``'s first header is left out, and so on (a word cut in two is worse than a
    column the CSV export has anyway).  Rich alone narrowed every wrapping column alike, below its
    longest word, and cut Arabic words in two: halves that read as other words, and that a terminal
    without bidi shows in the wrong order."""
    from rich.cells import cell_len

    def natural(i: int) -> int:
        return max(cell_len(line) for text in (columns[i][0], *(row[i] for row in rows)) for line in text.split("\n"))

    def words(i: int) -> int:
        return longest_word(columns[i][0], tuple(row[i] for row in rows))

    kept = list(range(len(columns)))
    for name in drop_first:
        least = sum(natural(i) if columns[i][1] else words(i) for i in kept) + len(kept) - 1
        if least <= width:
            break
        kept = [i for i in kept if columns[i][0] != name]
    names = [i for i in kept if not columns[i][1]]
    spare = width - (sum(natural(i) for i in kept if columns[i][1]) + len(kept) - 1)
    widths = {i: natural(i) for i in kept}
    if sum(natural(i) for i in names) > spare:  # the names wrap: share the spare width
        given = {i: words(i) for i in names}
        left = spare - sum(given.values())
        while left > 0:
            growing = [i for i in names if given[i] < natural(i)]
            if not growing:
                break
            for i in growing:
                step = min(natural(i) - given[i], max(1, left // len(growing)), left)
                given[i] += step
                left -= step
        widths.update(given)
    return widths
