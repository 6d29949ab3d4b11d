"""The pinned quality floors of floors.toml for the events-and-quotes extraction (gold dev split)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, check_floors
from marsad.evaluate.attribution import evaluate_corpus
from marsad.evaluate.gold_corpus import GoldCorpus
from marsad.pipeline import Pipeline, PipelineConfig


@pytest.mark.parametrize("extraction", ["rules", "learned"])
def test_attribution_on_the_dev_split_stays_above_its_floors(extraction: str, shared_dir: Path) -> None:
    corpus = GoldCorpus(ROOT / "gold", shared_dir / "data")
    report = evaluate_corpus(corpus, "dev", Pipeline.from_config(PipelineConfig(extraction=extraction)))
    assert report.errors == []
    assert report.overall.articles >= 140
    s = report.overall
    check_floors(f"attribution.{extraction}", {
        "events_type_f1": s.events_type.f1, "events_type_actor_f1": s.events_actor.f1,
        "quote_speakers_precision": s.speakers.precision, "quote_speakers_recall": s.speakers.recall,
        "duplicates": s.duplicates.value, "status_right": s.status_right.value,
    })


def test_a_floor_that_is_not_met_fails_with_its_name() -> None:
    with pytest.raises(AssertionError, match=r"events_type_f1 0\.1000 < floor 0\.3"):
        check_floors("attribution.rules", {"events_type_f1": 0.1, "events_type_actor_f1": 0.5,
                                           "quote_speakers_precision": 0.9, "quote_speakers_recall": 0.9,
                                           "duplicates": 0.0})
    with pytest.raises(AssertionError, match="no such score"):
        check_floors("attribution.rules", {"events_type_f1": 0.9})
