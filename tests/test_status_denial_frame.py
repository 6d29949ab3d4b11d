"""The status model reads a denial word before an event word as a feature of its own (round 34): a
denial (``نفى``, ``نافيا``, ``أنكر``, ``استبعد``) up to fifteen words back in the sentence, further than
the scope window's eight, and told apart from the other negations (``لم``, ``غير``), which negate a word
more often than they deny an event."""

from __future__ import annotations

from dataclasses import replace

import pytest

from marsad.attribution.learned.context import Context, status_features, trigger_words
from marsad.attribution.learned.extract import _event_for, event_candidates
from marsad.attribution.text import analysed
from marsad.document import Document
from marsad.pipeline import Pipeline, PipelineConfig


@pytest.fixture(scope="module")
def rules() -> Pipeline:
    return Pipeline.from_config(PipelineConfig(extraction="rules"))


def _features(rules: Pipeline, text: str, word: str) -> list[str]:
    """The status features of ``word`` read as an ASSAULT the rules made no event of."""
    doc = rules(Document(text, published="2019-12-12"))
    ctx = Context(doc, analysed(doc))
    cand = next(c for c in event_candidates(ctx, trigger_words({})) if ctx.tokens[c.index].form == word)
    event = _event_for(ctx, replace(cand, rule=None, type="ASSAULT"), 0.9)
    return status_features(ctx, event, cand.index)


@pytest.mark.parametrize("text", [
    # the denial verb ten words before the attack: beyond the scope window
    "ونفى المتحدث باسم وزارة الدفاع في بيان صدر مساء أمس أن تكون القوات قد شنت هجوما على القرية.",
    # a participle of denial, which the frame words did not list before
    "وأكد الوزير أن الحكومة ماضية في الإصلاح، نافيا ما ذكرته الصحف عن هجوم على القرية.",
    # أنكر and استبعد deny as نفى does
    "وأنكر قائد الشرطة وقوع هجوم على القرية.",
    "واستبعد المسؤول أي هجوم على القرية في الأيام المقبلة.",
])
def test_an_event_after_a_denial_word_carries_the_denial_frame(rules: Pipeline, text: str) -> None:
    feats = _features(rules, text, "هجوما" if "هجوما" in text else "هجوم")
    # the rules read some denials as a quote (``نفى … أن``): the frame is joined with whether it is one
    inquote = "inquote" in feats
    assert "frame=deny" in feats and f"frame=deny|inquote={inquote}" in feats


@pytest.mark.parametrize("text", [
    # a negation particle negates the verb; it is no denial frame (the scope class still reads it)
    "ولم تتوقف القوات عن الهجوم على القرية منذ أسبوع.",
    # an accusation is another frame
    "واتهمت الحكومة المتمردين بشن هجوم على القرية.",
])
def test_other_frames_and_negations_are_no_denial(rules: Pipeline, text: str) -> None:
    word = "الهجوم" if "الهجوم" in text else "هجوم"
    feats = _features(rules, text, word)
    assert not any(f.startswith("frame=deny") for f in feats)
