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


def test_the_chemical_attacks_are_the_commission_reports_claim(learned_seed: Document) -> None:
    attacks = [e for e in _of_type(learned_seed, "ASSAULT") if "هجـ." in e.trigger["text"]]
    assert attacks
    for attack in attacks:
        assert attack.status == "claimed"
        assert "تقرير" in _text(attack.source)


def test_russia_rejected_the_draft_resolution(learned_seed: Document) -> None:
    assert "روسيا" in {_text(e.actor) for e in _of_type(learned_seed, "REJECT")}
