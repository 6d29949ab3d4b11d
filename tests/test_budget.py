"""The per-document CPU budget: a document that uses it up keeps what finished and says what was skipped."""

from __future__ import annotations

import itertools

import pytest

from marsad.document import Document, Entity
from marsad.pipeline import DEFAULT_CPU_BUDGET, Pipeline, PipelineConfig, PipelineConfigError


class _Costly:
    """A stage that adds one entity and costs ``cost`` seconds on the pipeline's clock."""

    def __init__(self, name: str, ticks: itertools.count[int], cost: int) -> None:
        self.name, self.ticks, self.cost = name, ticks, cost
        self.runs = 0

    def __call__(self, doc: Document) -> None:
        self.runs += 1
        for _ in range(self.cost):
            next(self.ticks)
        doc.entities.append(Entity(0, 3, doc.text[:3], "ORG"))


def _pipeline(costs: list[int], budget: float) -> tuple[Pipeline, list[_Costly]]:
    ticks = itertools.count()
    stages = [_Costly(f"s{k}", ticks, cost) for k, cost in enumerate(costs)]
    # a clock that advances when a stage works (and by one per reading): the test does not depend
    # on the machine's speed

    def clock() -> float:
        return float(next(ticks))

    return Pipeline(stages, cpu_budget=budget, clock=clock), stages


def test_a_document_past_its_budget_keeps_what_finished_and_notes_what_was_skipped() -> None:
    pipeline, stages = _pipeline([10, 100, 10, 10], budget=50)
    doc = pipeline(Document("خبر عاجل عن الحرب"))
    assert [s.runs for s in stages] == [1, 1, 0, 0]  # s1 ran past the budget; s2 and s3 were skipped
    assert len(doc.entities) == 2
    notes = [n for n in doc.notes if n.kind == "budget"]
    assert len(notes) == 1 and "stages not run: s2, s3" in notes[0].message
    assert not doc.errors


def test_a_document_within_its_budget_runs_every_stage_without_a_note() -> None:
    pipeline, stages = _pipeline([10, 10, 10], budget=1000)
    doc = pipeline(Document("خبر"))
    assert [s.runs for s in stages] == [1, 1, 1]
    assert not [n for n in doc.notes if n.kind == "budget"]


def test_the_budget_is_per_document() -> None:
    pipeline, stages = _pipeline([30, 30, 30], budget=50)
    first, second = pipeline(Document("خبر أول")), pipeline(Document("خبر ثان"))
    assert [s.runs for s in stages] == [2, 2, 0]
    assert len(first.notes) == len(second.notes) == 1


def test_the_budget_is_configurable_and_checked() -> None:
    assert Pipeline.build(["boilerplate"]).cpu_budget == DEFAULT_CPU_BUDGET
    config = PipelineConfig(stages=("boilerplate",), cpu_budget=2.5)
    assert Pipeline.build(None, config).cpu_budget == 2.5
    assert PipelineConfig.from_json(config.to_json()) == config
    for bad in (0, -1, float("inf"), float("nan"), "10", True):
        with pytest.raises(PipelineConfigError, match="cpu_budget"):
            PipelineConfig(cpu_budget=bad)  # type: ignore[arg-type]


def test_the_real_pipeline_stops_a_document_at_its_budget() -> None:
    text = "قالت وزارة الدفاع إن الطائرات قصفت مواقع في ريف حلب أمس. " * 40
    doc = Pipeline.build(None, PipelineConfig(cpu_budget=1e-9))(Document(text))
    assert not doc.entities and not doc.events  # only the first stage ran
    assert [n.kind for n in doc.notes] == ["budget"]
    assert "stages not run: repair" in doc.notes[0].message
