"""An "according to" phrase that closes the event's sentence makes the status model's asserted reading the
phrase's party's claim (round 37, ``data/status_rules.yaml``, ``attributed_after``): the annotation guide's
``claimed`` ("only attributed to a party: قال/أعلن/اتهم/زعم/بحسب"). Sentences written for the project."""

from __future__ import annotations

import pytest

from marsad.attribution.learned.context import Context
from marsad.attribution.learned.status_attributed import source_phrase_after
from marsad.attribution.text import analyse
from marsad.document import Document
from marsad.pipeline import Pipeline, PipelineConfig

CLOSED = "اعتقلت الشرطة عشرات المتظاهرين في وسط المدينة أمس، كما ذكرت وكالة الأنباء الرسمية."


@pytest.fixture(scope="module")
def learned() -> Pipeline:
    return Pipeline.from_config(PipelineConfig(extraction="learned"))


@pytest.fixture(scope="module")
def rules() -> Pipeline:
    return Pipeline.from_config(PipelineConfig(extraction="rules"))


def _phrase(rules: Pipeline, text: str, word: str) -> str | None:
    doc = rules(Document(text, published="2019-12-12"))
    ctx = Context(doc, analyse(doc))
    index = next(k for k, tok in enumerate(ctx.tokens) if tok.form == word)
    span = source_phrase_after(ctx, index)
    if span is None:
        return None
    return text[ctx.tokens[span[0]].start:ctx.tokens[span[1] - 1].end]


def test_the_arrests_are_the_agency_s_claim(learned: Pipeline) -> None:
    doc = learned(Document(CLOSED, published="2019-12-12"))
    events = [e for e in doc.events if e.trigger["text"] == "اعتقلت"]
    assert events, [(e.type, e.trigger["text"]) for e in doc.events]
    assert events[0].status == "claimed"
    source = events[0].source
    assert source is not None and source["text"] == "وكالة الأنباء الرسمية"
    assert CLOSED[source["start"]:source["end"]] == source["text"]


def test_without_the_phrase_the_outlet_asserts_it(learned: Pipeline) -> None:
    text = "اعتقلت الشرطة عشرات المتظاهرين في وسط المدينة أمس."
    doc = learned(Document(text, published="2019-12-12"))
    events = [e for e in doc.events if e.trigger["text"] == "اعتقلت"]
    assert events and events[0].status == "asserted" and events[0].source is None


@pytest.mark.parametrize(("text", "party"), [
    (CLOSED, "وكالة الأنباء الرسمية"),
    ("اعتقلت الشرطة عشرات المتظاهرين أمس، حسبما أفادت مصادر أمنية.", "مصادر أمنية"),
    ("اعتقلت الشرطة عشرات المتظاهرين أمس، وفقا لما أعلنه مكتب المحافظ.", "مكتب المحافظ"),
    ("اعتقلت الشرطة عشرات المتظاهرين أمس بحسب شهود عيان.", "شهود عيان"),
])
def test_the_closing_phrase_names_its_party(rules: Pipeline, text: str, party: str) -> None:
    assert _phrase(rules, text, "اعتقلت") == party


@pytest.mark.parametrize("text", [
    # "حسب" in mid-sentence, a parenthesis with most of the sentence after it: not the sentence's source
    "اعتقلت الشرطة - حسب شهود عيان - عشرات المتظاهرين الذين تجمعوا في الساحة الرئيسية وسط المدينة مساء أمس"
    " بعد انتهاء المباراة.",
    # "كما" opening the outlet's next clause, with no reporting verb after it
    "اعتقلت الشرطة عشرات المتظاهرين أمس، كما أغلقت الطرق المؤدية إلى الساحة.",
    "اعتقلت الشرطة عشرات المتظاهرين في وسط المدينة أمس.",
])
def test_no_phrase_closes_the_sentence(rules: Pipeline, text: str) -> None:
    assert _phrase(rules, text, "اعتقلت") is None
