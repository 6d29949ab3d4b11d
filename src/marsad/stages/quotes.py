"""Quotations and attributions: who says what, and through whom.

The rules live in :mod:`marsad.attribution.quotes`; the vocabulary in
``data/quote_verbs.tsv`` and ``data/quote_sources.yaml``. With the learned
models (``extraction="learned"``, see :mod:`marsad.attribution.learned`), the
speaker model then chooses each quote's speaker among candidate phrases, or
abstains.
"""

from __future__ import annotations

from marsad.attribution.chain_spans import locate_quote_chains
from marsad.attribution.learned.extract import AttributionModels, rescore_quotes, resolve_models
from marsad.attribution.lexicon import lexicon
from marsad.attribution.quotes import QuoteFinder
from marsad.attribution.text import analysed
from marsad.document import Document


class QuoteStage:
    name = "quotes"

    def __init__(self, extraction: str = "rules", attribution_model: str | None = None) -> None:
        lexicon()
        self.models: AttributionModels | None = resolve_models(extraction, attribution_model)

    def __call__(self, doc: Document) -> None:
        finder = QuoteFinder(analysed(doc))
        doc.quotes.extend(finder.run())
        if self.models is not None:
            rescore_quotes(doc, self.models)
        # Last, so the spans follow the chains as the learned speakers left them.
        locate_quote_chains(doc, finder.named)
