"""The annotation guide's statuses overrule the status model where the guide states them (round 36,
``data/status_rules.yaml``): a denial word before the event (denied), a condition (hypothetical), the
event word's own future form or a future word up to three words before it (planned), a possibility word
right before it (hypothetical) — whoever states the event, inside a quote too. Sentences written for
the project."""

from __future__ import annotations

import pytest

from marsad.attribution.learned.extract import AttributionModels, decide_status
from marsad.attribution.learned.linear import ChoiceModel, MulticlassModel
from marsad.attribution.learned.status_rules import guide_status
from marsad.document import Document, Event
from marsad.pipeline import Pipeline, PipelineConfig
from test_attribution_learned import STATUSES, _trigger_model


def _leaning_model(status: str) -> AttributionModels:
    """Models whose status part reads every event as ``status``, far ahead of the others."""
    model = MulticlassModel(STATUSES, {s: {} for s in STATUSES}, {s: (3.0 if s == status else 0.0) for s in STATUSES})
    return AttributionModels(_trigger_model({}), ChoiceModel({}, 0.3), model, ChoiceModel({}, 0.3))


def _event(status: str = "claimed") -> Event:
    source = {"text": "المتحدث", "start": 0, "end": 7}
    return Event("ASSAULT", None, {"start": 0, "end": 1}, None, None, None, None, status, source)


@pytest.mark.parametrize(("features", "status"), [
    (["frame=deny", "frame=deny|inquote=True", "inquote"], "denied"),
    (["scope=condition", "scope=condition|d=4+", "scope=condition|inquote=True", "inquote"], "hypothetical"),
    (["self=future", "inquote"], "planned"),
    (["scope=future", "scope=future|d=2-3"], "planned"),
    (["scope=possibility", "scope=possibility|d=1"], "hypothetical"),
    # the first rule of the file decides: a denial before a condition
    (["frame=deny", "scope=condition", "scope=condition|d=1"], "denied"),
])
def test_the_guide_s_status_overrules_a_model_leaning_to_a_claim(features: list[str], status: str) -> None:
    models = _leaning_model("claimed")
    assert guide_status(features) == status
    assert decide_status(models, features, _event()) == status


@pytest.mark.parametrize("features", [
    # a future word further back, a possibility word not right before the event, a condition only
    # somewhere in the window behind a nearer scope word of another class: the model decides
    ["scope=future", "scope=future|d=4+"],
    ["scope=possibility", "scope=possibility|d=2-3"],
    ["scope=presupposed", "scope=presupposed|d=1", "in-scope=condition"],
    ["inquote", "cue=قال"],
])
def test_without_the_guide_s_cue_the_model_decides(features: list[str]) -> None:
    assert guide_status(features) is None
    assert decide_status(_leaning_model("claimed"), features, _event()) == "claimed"


@pytest.fixture(scope="module")
def learned() -> Pipeline:
    return Pipeline.from_config(PipelineConfig(extraction="learned"))


@pytest.mark.parametrize(("text", "word", "status"), [
    # a denial verb twelve words before the attack, whose content the rules read as the spokesman's quote
    ("ونفى المتحدث باسم الحركة في بيان مساء أمس أن تكون قواتها قد هاجمت القرية.", "هاجمت", "denied"),
    # a future form inside a quote: an announced action, not yet the spokesman's claim of a fact
    ("وأكد المتحدث أن الجيش سيقصف مواقع المسلحين في المنطقة.", "سيقصف", "planned"),
])
def test_the_shipped_extraction_follows_the_guide(learned: Pipeline, text: str, word: str, status: str) -> None:
    doc = learned(Document(text, published="2019-12-12"))
    events = [e for e in doc.events if e.trigger["text"] == word]
    assert events, [(e.type, e.trigger["text"]) for e in doc.events]
    assert events[0].status == status


def test_a_bad_rule_in_the_data_file_names_the_valid_choices(monkeypatch: pytest.MonkeyPatch) -> None:
    import marsad.attribution.learned.status_rules as rules_module

    real = rules_module.read_yaml

    def fake(name: str) -> object:
        if name == "status_rules.yaml":
            return {"rules": [{"cue": "rumour", "status": "claimed"}]}
        return real(name)

    monkeypatch.setattr(rules_module, "read_yaml", fake)
    rules_module.status_rules.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"unknown cue .rumour.*condition"):
            rules_module.status_rules()
    finally:
        rules_module.status_rules.cache_clear()


def test_the_status_tool_scores_the_guide_s_rules_unless_model_only() -> None:
    from status_cv import StatusItem, fit, readings

    items = [StatusItem(f"a{k}", "anercorp", ("pre=قال", "t=ASSAULT"), "claimed", frozenset({"claimed"}))
             for k in range(10)]
    model = fit(items, 1.0)
    conditional = StatusItem("x", "anercorp", ("pre=قال", "scope=condition", "scope=condition|d=1"),
                             "hypothetical", frozenset({"hypothetical"}))
    assert readings(model, [conditional]) == ["hypothetical"]
    assert readings(model, [conditional], guide=False) == ["claimed"]
