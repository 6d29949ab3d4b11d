"""The seed article through the full pipeline with the learned extraction: the events the rules' seed
tests expect (Russia, through RT, claims HTS is massing at Aleppo; the chemical attacks are the
commission's report's; Russia's vote against the draft resolution)."""

from __future__ import annotations

import pytest

from conftest import SEED_PATH
from marsad.document import Document, Event
from marsad.pipeline import Pipeline, PipelineConfig
from marsad.readers import ReadFailure, read_inputs


@pytest.fixture(scope="module")
def learned_seed() -> Document:
    items = list(read_inputs([str(SEED_PATH)]))
    assert items and not isinstance(items[0], ReadFailure)
    doc = items[0]
    assert isinstance(doc, Document)
    return Pipeline.from_config(PipelineConfig(extraction="learned", strict=True))(doc)


def _text(arg: dict[str, object] | None) -> str:
    return str(arg.get("text")) if arg else ""


def _of_type(doc: Document, type_: str) -> list[Event]:
    return [e for e in doc.events if e.type == type_]


# The massing was a known gap of the round-10 model (the rules' trigger threshold chosen on dev at 0.30,
# `حشد` at 0.26); the model with the root features chose 0.20 and keeps it again.
def test_hts_massing_at_aleppo_is_claimed_by_russia(learned_seed: Document) -> None:
    massing = [e for e in _of_type(learned_seed, "MOBILIZE") if "هيئة تحرير الشام" in _text(e.actor)]
    assert massing, [(e.type, e.trigger["text"], _text(e.actor)) for e in learned_seed.events]
    assert massing[0].status == "claimed"
    assert _text(massing[0].source) == "روسيا"
    # Russia, through RT (``وفق موقع RT``): the relay belongs to the chain
    assert massing[0].chain[:1] == ["Russia"] and "RT" in massing[0].chain


def test_the_chemical_attacks_are_the_commission_reports_claim(learned_seed: Document) -> None:
    attacks = [e for e in _of_type(learned_seed, "ASSAULT") if "هجـ." in e.trigger["text"]]
    assert attacks
    for attack in attacks:
        assert attack.status == "claimed"
        assert "تقرير" in _text(attack.source)
        assert attack.chain == ["لجنة التحقيق"]  # the report's issuer


def test_russia_rejected_the_draft_resolution(learned_seed: Document) -> None:
    assert "روسيا" in {_text(e.actor) for e in _of_type(learned_seed, "REJECT")}


# Round 22: what a draft resolution would do has not happened (``صاغت … مشروع قرار يفرض عقوبات``: the
# rules read it as hypothetical; the status model now sees ``مشروع قرار`` as a possibility scope word).
def test_the_draft_resolutions_sanctions_are_not_asserted(learned_seed: Document) -> None:
    sanctions = [e for e in learned_seed.events if "عقـ.وبات" in e.trigger["text"]]
    assert sanctions
    assert all(e.status == "hypothetical" for e in sanctions), [(e.type, e.status) for e in sanctions]


# Round 22: ``وطرحت الدول القرار للتصويت حيث وافقت عليه تسع دول``: the states and the resolution are two
# phrases, never one party ``الدول القرار``.
def test_no_party_runs_from_the_states_into_the_resolution(learned_seed: Document) -> None:
    parties = {_text(arg) for e in learned_seed.events for arg in (e.actor, e.target)}
    assert not any("الدول القرار" in party for party in parties), parties
