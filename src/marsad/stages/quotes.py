"""Quotations and attributions: who says what, and through whom.

The rules live in :mod:`marsad.attribution.quotes`; the vocabulary in
``data/quote_verbs.tsv`` and ``data/quote_sources.yaml``.
"""

from __future__ import annotations

from marsad.attribution.lexicon import lexicon
from marsad.attribution.quotes import find_quotes
from marsad.attribution.text import analysed
from marsad.document import Document


class QuoteStage:
    name = "quotes"

    def __init__(self) -> None:
        lexicon()

    def __call__(self, doc: Document) -> None:
        doc.quotes.extend(find_quotes(analysed(doc)))
