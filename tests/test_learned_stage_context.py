"""The quotes and events stages share one learned-layer Context per document: the events stage reuses the
quotes stage's (its quotes read again), a change of what the Context reads gives a new one, and the events
are those a fresh Context gives."""

from __future__ import annotations

from typing import Any

from attribution_helpers import SAMPLE
from marsad.attribution.learned.extract import stage_context
from marsad.attribution.text import analysed
from marsad.document import Document, TimeExpression
from marsad.pipeline import Pipeline, PipelineConfig


def _until_quotes(pipeline: Pipeline) -> Document:
    """The seed after every stage up to the quotes stage, its analyses kept."""
    doc = Document(SAMPLE.read_text(encoding="utf-8"), published="2019-12-12")
    for stage, spec in zip(pipeline.stages, pipeline.specs, strict=True):
        if stage.name == "events":
            break
        pipeline._run_stage(stage, spec, doc)
    assert not doc.errors and doc.quotes
    return doc


def test_the_events_stage_reuses_the_quotes_stage_context(shipped_attribution: Any) -> None:
    pipeline = Pipeline.from_config(PipelineConfig(extraction="learned"))
    doc = _until_quotes(pipeline)
    ctx = stage_context(doc)
    assert stage_context(doc) is ctx
    # its quotes are read again: a quote the stage between dropped is not seen
    dropped = doc.quotes.pop()
    assert all(quote is not dropped for _, _, quote in stage_context(doc).quote_contents)
    doc.quotes.append(dropped)
    # what the Context reads changed: a new one, on the analysis of the changed document
    doc.times.append(TimeExpression(0, 4, doc.text[0:4], "2019-12-12", "day"))
    assert stage_context(doc) is not ctx
    again = stage_context(doc)
    doc.entities.pop()
    fresh = stage_context(doc)
    assert fresh is not again and fresh.at is analysed(doc)


def test_the_shared_context_gives_the_events_a_fresh_one_gives(shipped_attribution: Any) -> None:
    pipeline = Pipeline.from_config(PipelineConfig(extraction="learned"))
    events = pipeline.stages[pipeline.names.index("events")]
    spec = pipeline.specs[pipeline.names.index("events")]
    shared, fresh = _until_quotes(pipeline), _until_quotes(pipeline)
    fresh.release_derived()  # the events stage builds its own analysis and Context
    for doc in (shared, fresh):
        pipeline._run_stage(events, spec, doc)
    assert not shared.errors and not fresh.errors
    assert len(shared.events) > 3
    assert repr(shared.events) == repr(fresh.events)
    assert repr(shared.quotes) == repr(fresh.quotes)
