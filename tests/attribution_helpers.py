"""Shared helpers for the tests of the attribution tools: spans, arguments and a learned context over one
synthetic sentence of the project's own writing."""

from __future__ import annotations

from marsad.attribution.learned.context import Context
from marsad.attribution.text import analysed
from marsad.document import Document


def span_of(text: str, word: str) -> tuple[int, int]:
    """The ``[start, end)`` span of the first occurrence of ``word`` in ``text``."""
    start = text.index(word)
    return start, start + len(word)


def arg_of(text: str, word: str) -> dict[str, object]:
    """An event argument as the output JSON gives it, on the first occurrence of ``word``."""
    start, end = span_of(text, word)
    return {"text": word, "start": start, "end": end}


def context_of(text: str) -> Context:
    """The learned layer's context of a document holding only ``text``."""
    doc = Document(text)
    return Context(doc, analysed(doc))
