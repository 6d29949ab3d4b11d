"""Round 31: the speaker chooser reads how a continuation (``وأضافت``, ``وقال`` without a subject) stands to
the quote before it — the quote's distance in sentences and whether the two cues agree in gender and
number — on the previous speaker's candidate (sentences written for the test)."""

from __future__ import annotations

import pytest

from marsad.attribution.learned.context import Context, Phrase
from marsad.attribution.learned.extract import speaker_candidates
from marsad.attribution.text import analysed
from marsad.document import Document, Quote
from marsad.pipeline import Pipeline, PipelineConfig


@pytest.fixture(scope="module")
def rules() -> Pipeline:
    return Pipeline.from_config(PipelineConfig(extraction="rules"))


def _previous_speaker(rules: Pipeline, text: str, cue: str) -> tuple[Phrase, str]:
    """The previous speaker's candidate for the quote whose cue is ``cue`` (the rules' first quote as the
    quote before it), and that speaker's text."""
    doc = rules(Document(text, published="2019-12-12"))
    ctx = Context(doc, analysed(doc))
    quotes: list[Quote] = list(doc.quotes)
    first = quotes[0]
    assert first.speaker is not None
    later = next(q for q in quotes if q.cue["text"] == cue)
    _, phrases = speaker_candidates(ctx, later, first)
    start, end = int(first.speaker["start"]), int(first.speaker["end"])
    span = ctx.token_span(start, end)
    phrase = next(p for p in phrases if (p.first, p.last) == span)
    return phrase, text[start:end]


def test_a_continuation_right_after_the_quote_agrees_with_its_cue(rules: Pipeline) -> None:
    text = "وقالت وزيرة الصحة إن المستشفيات جاهزة. وأضافت أن الحملة تبدأ غدا."
    phrase, speaker = _previous_speaker(rules, text, "وأضافت")
    assert "وزيرة" in speaker
    assert "previous-speaker" in phrase.origins
    assert "previous-quote=next" in phrase.origins
    assert "previous-cue-gender=agree" in phrase.origins


def test_a_cue_of_the_other_gender_far_from_the_quote_is_told_apart(rules: Pipeline) -> None:
    """``وقالت`` three sentences after ``قال الوزير``: another speaker, further back than a continuation."""
    text = ("وقال الوزير إن القوات تقدمت. وشهدت المدينة هدوءا. وفتحت المحلات أبوابها. "
            "وقالت إن الوضع تحسن كثيرا.")
    phrase, speaker = _previous_speaker(rules, text, "وقالت")
    assert speaker == "الوزير"
    assert "previous-quote=far" in phrase.origins
    assert "previous-cue-gender=clash" in phrase.origins
    assert "previous-quote=next" not in phrase.origins


def test_an_adverb_after_the_verb_is_no_subject(rules: Pipeline) -> None:
    """``وقال أيضا إن``: the verb names no subject of its own (the speaker was named before), so the frame
    is ``none`` and no subject is offered after the verb; a name after the verb is still its subject."""
    from marsad.attribution.learned.context import cue_frame
    from marsad.attribution.learned.extract import subject_after_cue

    text = "وقال الوزير إن القوات تقدمت. وقال أيضا إن الهجوم فشل. وقال كذلك إن الوفد غادر."
    doc = rules(Document(text, published="2019-12-12"))
    ctx = Context(doc, analysed(doc))
    cues = [i for i, tok in enumerate(ctx.tokens) if tok.form == "وقال"]
    assert len(cues) == 3
    assert cue_frame(ctx, cues[0]) == "subj"
    assert [cue_frame(ctx, i) for i in cues[1:]] == ["none", "none"]
    assert [subject_after_cue(ctx, i) for i in cues[1:]] == [None, None]
