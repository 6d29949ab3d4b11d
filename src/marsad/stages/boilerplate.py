"""Mark page-furniture lines ("read also", "watch", "follow us", share lines) as boilerplate.

The lines stay in ``text`` (offsets are sacred); later stages skip them.  Which
lines are furniture is decided by :mod:`marsad.text.boilerplate` (patterns in
``data/boilerplate.tsv``); this stage records them on the document.
"""

from __future__ import annotations

from marsad.document import Boilerplate, Document
from marsad.text.boilerplate import furniture_spans, load_patterns


class BoilerplateStage:
    name = "boilerplate"

    def __init__(self) -> None:
        load_patterns()

    def __call__(self, doc: Document) -> None:
        doc.boilerplate.extend(Boilerplate(start, end, kind) for start, end, kind in furniture_spans(doc.text))
