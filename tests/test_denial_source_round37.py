"""A denied event's source is the party that denies it (issue 12, round 37).

The annotation guide: "``denied`` = a party negates it", and an event's source is who the article
attributes it to. Since round 36 the guide's denial word makes ``ونفى التحالف قصف المستشفى`` denied, but
no source was named: the denial verb ``نفى`` and the noun ``نفي`` fold to one word, which the frame list
read as the noun, so the verb's subject was never looked for. The sentences are written for these tests.
"""

from __future__ import annotations

from typing import Any

import pytest

from marsad.attribution.learned.frames import frame_words
from marsad.document import Document, Event
from marsad.pipeline import Pipeline, PipelineConfig


@pytest.fixture(scope="module")
def learned(shipped_attribution: Any) -> Pipeline:
    return Pipeline.from_config(PipelineConfig(extraction="learned"))


def _event(pipeline: Pipeline, text: str, word: str) -> Event:
    doc = pipeline(Document(text, published="2020-03-05"))
    return next(e for e in doc.events if word in (e.trigger["text"], *(m["text"] for m in e.mentions or [])))


def test_the_denial_verb_reads_as_a_verb() -> None:
    assert frame_words()["نفي"] == ("deny", "verb")


@pytest.mark.parametrize(("text", "word", "denier"), [
    ("ونفى التحالف قصف المستشفى في مدينة إدلب أمس.", "قصف", "التحالف"),
    ("نفى الجيش الإسرائيلي استهداف سيارة الإسعاف في غزة.", "استهداف", "الجيش الإسرائيلي"),
])
def test_a_denied_event_names_the_party_that_denies_it(learned: Pipeline, text: str, word: str, denier: str) -> None:
    event = _event(learned, text, word)
    assert event.status == "denied"
    assert event.source is not None and event.source["text"] == denier
    assert text[event.source["start"]:event.source["end"]] == denier
