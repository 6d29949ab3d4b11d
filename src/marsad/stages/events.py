"""PLOVER events with status (asserted, claimed, denied, planned, hypothetical) and sources.

The rules live in :mod:`marsad.attribution.events`; triggers, modes, status cues
and figure words in ``data/event_*.yaml``.  Quotations found by the quotes stage
give the status and the chain of sources of the events inside them.
"""

from __future__ import annotations

from marsad.attribution.events import find_events
from marsad.attribution.lexicon import lexicon
from marsad.attribution.text import analysed
from marsad.document import Document


class EventStage:
    name = "events"

    def __init__(self) -> None:
        lexicon()

    def __call__(self, doc: Document) -> None:
        doc.events.extend(find_events(analysed(doc)))
