"""PLOVER events with status (asserted, claimed, denied, planned, hypothetical) and sources.

The rules live in :mod:`marsad.attribution.events`; triggers, modes, status cues
and figure words in ``data/event_*.yaml``.  Quotations found by the quotes stage
give the status and the chain of sources of the events inside them. With the
learned models (``extraction="learned"``), the rules' events and
the other trigger-lexicon words are candidates that the trigger, argument and
status models decide on, each decision with its confidence, and re-mentions
are merged.
"""

from __future__ import annotations

from marsad.attribution.chain_spans import locate_event_chains
from marsad.attribution.events import find_events
from marsad.attribution.learned.extract import AttributionModels, rescore_events, resolve_models
from marsad.attribution.lexicon import lexicon
from marsad.attribution.text import analysed
from marsad.document import Document, Event


class EventStage:
    name = "events"

    def __init__(self, extraction: str = "rules", attribution_model: str | None = None,
                 min_confidence: float | None = None) -> None:
        lexicon()
        self.models: AttributionModels | None = resolve_models(extraction, attribution_model)
        self.min_confidence = min_confidence

    def __call__(self, doc: Document) -> None:
        doc.events.extend(find_events(analysed(doc)))
        if self.models is not None:
            rescore_events(doc, self.models, self.min_confidence)
        locate_event_chains(doc)
        for event in doc.events:
            event.statuses = mention_statuses(event)


def mention_statuses(event: Event) -> list[str]:
    """The distinct statuses of ``event``'s mentions: its own (the first mention's) first, then its
    merged re-mentions' in text order; what a reader needs to see a claim and its denial on one event."""
    out = [event.status]
    for mention in event.mentions:
        status = mention.get("status")
        if isinstance(status, str) and status not in out:
            out.append(status)
    return out
