"""A noun phrase of the trigger lexicon broken by adjectives, its genitive under ل (sentences written
for these tests): ``وقف فوري لإطلاق النار`` is the ceasefire ``وقف إطلاق النار``, not a shooting."""

from __future__ import annotations

import pytest

from marsad.attribution.lexicon import lexicon
from marsad.document import Document
from marsad.pipeline import Pipeline, PipelineConfig


def triggers(pipeline: Pipeline, text: str) -> list[tuple[str, str]]:
    doc = pipeline(Document(text, published="2015-07-21"))
    return [(e.type, e.trigger["text"]) for e in doc.events]


@pytest.mark.parametrize(("text", "span"), [
    ("دعت الأمم المتحدة إلى وقف فوري لإطلاق النار في اليمن.", "وقف فوري لإطلاق النار"),
    ("طالب مجلس الأمن بوقف فوري وشامل لإطلاق النار في المدينة.", "بوقف فوري وشامل لإطلاق النار"),
    ("أعلنت الحكومة وقفا دائما لإطلاق النار في الجنوب.", "وقفا دائما لإطلاق النار"),
    ("دعا الوسيط إلى وقف لإطلاق نار في غزة.", "وقف لإطلاق نار"),
])
def test_a_broken_ceasefire_is_the_ceasefire_not_a_shooting(pipeline: Pipeline, text: str, span: str) -> None:
    found = triggers(pipeline, text)
    assert ("AGREE", span) in found, found
    assert not [t for t in found if t[0] == "ASSAULT"], found


def test_the_whole_ceasefire_phrase_is_unchanged(pipeline: Pipeline) -> None:
    found = triggers(pipeline, "دعت الأمم المتحدة إلى وقف إطلاق النار في اليمن.")
    assert ("AGREE", "وقف إطلاق النار") in found and not [t for t in found if t[0] == "ASSAULT"], found


@pytest.mark.parametrize("text", [
    "وقع تبادل لإطلاق النار بين الجانبين قرب الحدود.",  # an exchange of fire is an attack
    "قتل ثلاثة أشخاص في إطلاق النار على الحاجز.",
    "أكد الجيش وقف العمليات بعد إطلاق النار على الدورية.",  # no ل: a shooting after the stop
])
def test_a_shooting_stays_an_attack(pipeline: Pipeline, text: str) -> None:
    assert [t for t in triggers(pipeline, text) if t[0] == "ASSAULT"]


def test_only_noun_phrases_break_and_the_genitive_takes_lam() -> None:
    gaps = lexicon().gap_heads
    assert ("لاطلاق", "النار") in gaps["وقف"] and ("لاطلاق", "النار") in gaps["وقفا"]
    assert ("للنار",) in gaps["اطلاق"]
    assert "وقع" not in gaps  # "+وقع اتفاق": a verb and its object, not a construct


def test_the_learned_extraction_reads_the_broken_ceasefire_too() -> None:
    found = triggers(Pipeline.from_config(PipelineConfig(extraction="learned")),
                     "دعت الأمم المتحدة إلى وقف فوري لإطلاق النار في اليمن.")
    assert not [t for t in found if t[0] == "ASSAULT"], found
