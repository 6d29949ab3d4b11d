"""Marsad (مرصد): an Arabic-first news observatory.

>>> from marsad import analyze_text
>>> doc = analyze_text("قالت روسيا إن ...")

Every door (``marsad analyze``, ``marsad ingest``, the API, the Spark job)
builds the same :class:`~marsad.pipeline.Pipeline` and calls it per document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from marsad.document import Document


def analyze_text(text: str, *, title: str | None = None, published: str | None = None) -> Document:
    """Run the default pipeline over one text and return the analysed Document."""
    from marsad.document import Document
    from marsad.pipeline import Pipeline

    return Pipeline.build()(Document(text, title=title, published=published))
