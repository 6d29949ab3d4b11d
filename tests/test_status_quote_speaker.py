"""An event word inside a quote is the quote's claim to the status model whether or not the speaker
model named the quote's speaker (round 33): the rules' status the model reads (``rs=``) no longer turns
into the outlet's own ``asserted`` when the speaker is abstained on at run time."""

from __future__ import annotations

from dataclasses import replace

import pytest

from marsad.attribution.learned.context import Context, status_features, trigger_words
from marsad.attribution.learned.extract import _event_for, event_candidates
from marsad.attribution.text import analysed
from marsad.document import Document
from marsad.pipeline import Pipeline, PipelineConfig

TEXT = "وقال المتحدث باسم الوزارة إن المفاوضات مع الوفد استمرت ثلاثة أيام في العاصمة."


@pytest.fixture(scope="module")
def rules() -> Pipeline:
    return Pipeline.from_config(PipelineConfig(extraction="rules"))


def _talks(rules: Pipeline, speaker: bool) -> tuple[Context, int, str, dict[str, object] | None, list[str]]:
    """The talks (``المفاوضات``) read as a word the rules made no event of, inside the spokesman's
    quote with or without its speaker: the event's status, its source and its status features."""
    doc = rules(Document(TEXT, published="2019-12-12"))
    assert len(doc.quotes) == 1 and doc.quotes[0].speaker is not None
    if not speaker:
        doc.quotes[0].speaker = None  # as the speaker model leaves a quote it abstains on
    ctx = Context(doc, analysed(doc))
    cand = next(c for c in event_candidates(ctx, trigger_words({})) if ctx.tokens[c.index].form == "المفاوضات")
    cand = replace(cand, rule=None, type="CONSULT")
    event = _event_for(ctx, cand, 0.9)
    return ctx, cand.index, event.status, event.source, status_features(ctx, event, cand.index)


def test_an_event_in_a_quote_with_no_speaker_reads_as_the_quotes_claim(rules: Pipeline) -> None:
    _, _, status, source, feats = _talks(rules, speaker=False)
    assert status == "claimed" and "rs=claimed" in feats and "rs=asserted" not in feats
    assert source is None  # no speaker named: no source is made up
    assert "has-source" not in feats


def test_an_event_in_a_quote_with_its_speaker_is_unchanged(rules: Pipeline) -> None:
    _, _, status, source, feats = _talks(rules, speaker=True)
    assert status == "claimed" and "rs=claimed" in feats
    assert source is not None and "المتحدث" in str(source.get("text"))


def test_an_event_outside_every_quote_is_the_outlets(rules: Pipeline) -> None:
    doc = rules(Document("وانتهت المفاوضات مع الوفد في العاصمة أمس.", published="2019-12-12"))
    ctx = Context(doc, analysed(doc))
    cand = next(c for c in event_candidates(ctx, trigger_words({})) if ctx.tokens[c.index].form == "المفاوضات")
    event = _event_for(ctx, replace(cand, rule=None, type="CONSULT"), 0.9)
    assert event.status == "asserted" and "rs=asserted" in status_features(ctx, event, cand.index)
