"""A verb carrying its own plural subject (``هاجموا``, ``يتهمون``): its subject stands before it, so the learned
actor chooser takes none of the phrases after it, which are its object (round 35)."""

from __future__ import annotations

import pytest

from marsad.attribution.learned.context import Context, plural_subject_verb, trigger_words
from marsad.attribution.learned.extract import actor_choice, argument_candidates, event_candidates
from marsad.attribution.text import analysed
from marsad.document import Document
from marsad.pipeline import Pipeline, PipelineConfig
from marsad.text.normalize import normalize


@pytest.mark.parametrize("word", ["هاجموا", "وهددوا", "اتهموا", "يتهمون", "ويتهمون", "يرفضون", "ينسحبوا"])
def test_verbs_with_a_plural_subject_ending(word: str) -> None:
    assert plural_subject_verb(normalize(word))


@pytest.mark.parametrize("word", [
    "هاجم", "وهاجمت", "يتهم",  # singular or feminine: the subject may follow
    "المحتجون", "المسلحون",  # a noun's plural ending, no present prefix
    "تتعاون",  # ends in ون, but تتعا is no verb
    "قالوا",  # a plural verb the trigger lexicon does not read as an event
])
def test_words_that_only_look_like_one(word: str) -> None:
    assert not plural_subject_verb(normalize(word))


def test_the_phrases_after_such_a_verb_are_no_actor_choice() -> None:
    text = "دخل المسلحون إلى القرية فجرا ثم هاجموا المجلس المحلي وأحرقوا مقره."
    doc = Pipeline.from_config(PipelineConfig(extraction="rules"))(Document(text, published="2020-01-10"))
    ctx = Context(doc, analysed(doc))
    cand = next(c for c in event_candidates(ctx, trigger_words({}))
                if text[ctx.tokens[c.index].start:ctx.tokens[c.index].end] == "هاجموا")
    phrases = argument_candidates(ctx, cand)
    allowed = {ctx.surface((p.first, p.last)) for p in phrases if actor_choice(p, cand.index)}
    offered = {ctx.surface((p.first, p.last)) for p in phrases}
    assert "المجلس المحلي" in offered and "المجلس المحلي" not in allowed
    assert "المسلحون" in allowed
    # without a verb to read, every candidate stays a choice
    assert {ctx.surface((p.first, p.last)) for p in phrases if actor_choice(p)} == offered


def test_the_learned_extraction_does_not_give_the_object_as_the_actor() -> None:
    # before round 35 the council attacked was given as the attacker
    text = "وقال سكان إن المسلحين دخلوا القرية فجرا ثم هاجموا المجلس المحلي وأحرقوا مقره."
    doc = Pipeline.from_config(PipelineConfig(extraction="learned"))(Document(text, published="2020-01-10"))
    event = next(e for e in doc.events if e.trigger["text"] == "هاجموا")
    assert event.actor is not None and event.actor["text"] == "المسلحين"
