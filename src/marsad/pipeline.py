"""Named stages and the pipeline that runs them over one document at a time.

A stage is any object with a ``name``, the annotation lists it ``reads`` and
``adds``, and a ``__call__(doc)`` that adds its annotations.  Stages load their
resources (lexicons, models, gazetteer) once, when they are built, so a
pipeline is built once per process (or Spark executor) and reused for every
document.  A stage that raises on one document records the error on that
document, its partial output is dropped, and the pipeline goes on.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from marsad.document import Document, StageError


@runtime_checkable
class Stage(Protocol):
    name: str
    reads: tuple[str, ...]
    adds: tuple[str, ...]

    def __call__(self, doc: Document) -> None: ...


@dataclass(frozen=True, slots=True)
class StageSpec:
    name: str
    factory: str  # "module:callable" returning a Stage
    summary: str


# The default flow, in order.  Each entry names a factory so that building a
# pipeline imports only the stages it uses.
STAGES: tuple[StageSpec, ...] = (
    StageSpec("boilerplate", "marsad.stages.boilerplate:BoilerplateStage", "mark page furniture lines"),
    StageSpec("repair", "marsad.stages.repair:RepairStage", "repair moderation-evasion obfuscation"),
    StageSpec("entities", "marsad.stages.entities:EntityStage", "named entities (PERSON, ORG, GPE, LOC)"),
    StageSpec("places", "marsad.stages.places:PlaceStage", "geocode place mentions"),
    StageSpec("times", "marsad.stages.times:TimeStage", "dates and times, normalised"),
    StageSpec("quotes", "marsad.stages.quotes:QuoteStage", "quotations and attributions"),
    StageSpec("events", "marsad.stages.events:EventStage", "PLOVER events with status and sources"),
)
STAGE_NAMES: tuple[str, ...] = tuple(spec.name for spec in STAGES)


class UnknownStageError(ValueError):
    pass


def _instantiate(spec: StageSpec) -> Stage:
    module_name, _, attr = spec.factory.partition(":")
    module = importlib.import_module(module_name)
    stage: Stage = getattr(module, attr)()
    return stage


def available_stages() -> list[str]:
    """Names of the stages whose modules are installed in this build."""
    return [
        spec.name
        for spec in STAGES
        if importlib.util.find_spec(spec.factory.partition(":")[0]) is not None
    ]


class Pipeline:
    """An ordered list of stages applied to documents."""

    def __init__(self, stages: Sequence[Stage]) -> None:
        self.stages = list(stages)

    @classmethod
    def build(cls, names: Iterable[str] | None = None) -> Pipeline:
        """Build the default pipeline, or the named stages in default order."""
        by_name = {spec.name: spec for spec in STAGES}
        if names is None:
            wanted = available_stages()
        else:
            wanted = list(names)
            unknown = [n for n in wanted if n not in by_name]
            if unknown:
                raise UnknownStageError(
                    f"unknown stage(s) {', '.join(unknown)}; valid stages: {', '.join(STAGE_NAMES)}"
                )
        order = [spec for spec in STAGES if spec.name in wanted]
        return cls([_instantiate(spec) for spec in order])

    @property
    def names(self) -> list[str]:
        return [stage.name for stage in self.stages]

    def __call__(self, doc: Document) -> Document:
        for stage in self.stages:
            self._run_stage(stage, doc)
        return doc

    def run(self, docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            yield self(doc)

    @staticmethod
    def _run_stage(stage: Stage, doc: Document) -> None:
        before = {name: len(getattr(doc, name)) for name in stage.adds}
        try:
            stage(doc)
            problems = doc.span_problems()
            if problems:
                raise ValueError("bad offsets: " + "; ".join(problems[:3]))
        except Exception as exc:  # a stage bug must not lose the document or the batch
            for name, count in before.items():
                del getattr(doc, name)[count:]
            if "repairs" in stage.adds:
                doc.invalidate_views()
            doc.errors.append(StageError(stage.name, f"{type(exc).__name__}: {exc}"))

