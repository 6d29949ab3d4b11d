"""Reading CoNLL-style NER files (``token TAG`` per line, blank line between sentences).

ANERcorp writes ``B-PERS``/``B-MISC``, AQMAR ``B-PER``/``B-MIS`` (plus a few stray
variants such as ``B-MIS1```); both are mapped to the project's types
``PERSON``, ``LOC``, ``ORG`` and ``MISC`` so that they train and score together.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import regex

from marsad.errors import MarsadError

TYPE_MAP = {"PERS": "PERSON", "PER": "PERSON", "PERSON": "PERSON", "LOC": "LOC", "ORG": "ORG", "GPE": "LOC"}
_MISC = regex.compile(r"^MISC?\W*\d*\W*$")

Sentence = list[tuple[str, str]]


class ConllError(MarsadError, ValueError):
    """A file that cannot be read as CoNLL NER data."""


@dataclass(slots=True)
class ConllFile:
    sentences: list[Sentence]
    skipped_lines: int


def normalise_tag(tag: str) -> str | None:
    """``B-PERS`` → ``B-PERSON``; ``I-MIS1`` → ``I-MISC``; None for an unusable tag."""
    if tag == "O":
        return "O"
    prefix, _, kind = tag.partition("-")
    if prefix not in ("B", "I") or not kind:
        return None
    if kind in TYPE_MAP:
        return f"{prefix}-{TYPE_MAP[kind]}"
    if _MISC.match(kind):
        return f"{prefix}-MISC"
    return None


def column_blocks(text: str) -> Iterator[list[list[str]]]:
    """The blank-line-separated blocks (sentences) of a column file, each line split into its columns."""
    current: list[list[str]] = []
    for line in text.splitlines():
        parts = line.split()
        if parts:
            current.append(parts)
        elif current:
            yield current
            current = []
    if current:
        yield current


def read_conll(path: Path) -> ConllFile:
    """Sentences of ``(token, tag)``; malformed lines are counted and skipped."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise ConllError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise ConllError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise ConllError(f"{path}: cannot read ({exc.strerror})") from None
    sentences: list[Sentence] = []
    skipped = 0
    for block in column_blocks(text):
        current: Sentence = []
        for parts in block:
            tag = normalise_tag(parts[-1]) if len(parts) >= 2 else None
            if tag is None:
                skipped += 1
            else:
                current.append((parts[0], tag))
        if current:
            sentences.append(current)
    if not sentences:
        raise ConllError(f"{path}: no 'token TAG' lines found")
    return ConllFile(sentences, skipped)


def split_holdout(sentences: list[Sentence], fraction: float) -> tuple[list[Sentence], list[Sentence]]:
    """(train, held-out): the held-out part is the LAST ``fraction`` of the sentences.

    A contiguous tail keeps whole articles on one side, so names repeated
    within an article do not leak from training into evaluation.
    """
    if not 0.0 <= fraction < 1.0:
        raise ValueError(f"hold-out fraction must be in [0, 1), got {fraction}")
    cut = len(sentences) - round(len(sentences) * fraction)
    return sentences[:cut], sentences[cut:]
