"""Named stages and the pipeline that runs them over one document at a time.

A stage is any object with a ``name`` and a ``__call__(doc)`` that annotates the
document.  What each stage reads, adds and edits is declared once, in its
:class:`StageSpec` in :data:`STAGES`, and the pipeline holds stages to it:

* :meth:`Pipeline.build` refuses a list of stages in which a stage *needs* an
  annotation list (``StageSpec.reads``) that no earlier stage adds, and says
  which stages to add.  The document's own fields (:data:`DOCUMENT_FIELDS`:
  text, id, source, url, title, published) are always available, whether a
  reader filled them or not; annotations that arrive already filled on an input
  document (e.g. entities in a JSON record) do not count, because whether they
  are there is not known when the pipeline is built.
* Before a stage runs, every list and field it adds or edits is snapshotted;
  if the stage raises or leaves offsets that do not match the text, they are
  restored exactly (the same records, with the same values, in the same order),
  the error is recorded on the document (``doc.errors``) and the pipeline goes
  on with the next stage.
* With ``strict=True`` (the tests run so) a stage that changes anything it did
  not declare is treated as failed in the same way.
* Each document has a CPU-time budget (``PipelineConfig.cpu_budget``, default
  :data:`DEFAULT_CPU_BUDGET` seconds of the calling thread): once a stage ends
  past it, the stages left are not run and a ``budget`` note says which, so a
  pathological document is stored with what finished instead of holding up a
  batch or a server.  The budget is checked between stages: a document stops
  after at most the budget plus the one stage that was running.

Stages load their resources (lexicons, models, gazetteer) once, when they are
built, so a pipeline is built once per process (or Spark executor, or ingest
worker) from a :class:`PipelineConfig` — a small, frozen, picklable value — and
reused for every document.  Nothing here or in a stage reads the environment:
every option travels in the config.
"""

from __future__ import annotations

import copy
import importlib
import importlib.util
import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields, replace
from operator import attrgetter
from typing import Any, Protocol, runtime_checkable

from marsad.document import ANNOTATION_TYPES, Document, Note, StageError
from marsad.errors import MarsadError
from marsad.resources.collector import tune_gc

# Fields every document has from its reader; a stage may read them without any earlier stage.
DOCUMENT_FIELDS: tuple[str, ...] = ("text", "id", "source", "url", "title", "published")
# Everything a stage can change: the annotation lists and the document's mutable fields.
ANNOTATION_LISTS: tuple[str, ...] = tuple(ANNOTATION_TYPES)
DOCUMENT_STATE: tuple[str, ...] = ("id", "source", "url", "title", "published", "published_detected")


@runtime_checkable
class Stage(Protocol):
    name: str

    def __call__(self, doc: Document) -> None: ...


@dataclass(frozen=True, slots=True)
class StageSpec:
    """One stage: where to build it from, and its contract with the document.

    ``reads``: annotation lists (or document fields) the stage cannot do without;
    an earlier stage must add each list.  ``reads_if_present``: lists it uses
    when an earlier stage added them and does without otherwise (the matching
    view is simply unrepaired without repairs).  ``adds``: lists it appends to.
    ``edits``: lists whose existing records it may change, reorder or remove,
    and document fields it may set.  ``options``: ``(PipelineConfig field,
    factory keyword)`` pairs handed to the factory when the field is set.
    """

    name: str
    factory: str  # "module:callable" returning a Stage
    summary: str
    reads: tuple[str, ...] = ()
    reads_if_present: tuple[str, ...] = ()
    adds: tuple[str, ...] = ()
    edits: tuple[str, ...] = ()
    options: tuple[tuple[str, str], ...] = ()

    @property
    def writes(self) -> tuple[str, ...]:
        """Everything the stage may change, each name once."""
        return tuple(dict.fromkeys(self.adds + self.edits))

    @classmethod
    def declared_by(cls, stage: Stage) -> StageSpec:
        """The contract of a stage object built outside :meth:`Pipeline.build`.

        Its own ``reads``/``adds``/``edits`` attributes when it has them, else the
        registry's spec of a stage with its name (``Pipeline([PlaceStage(gaz)])``).
        """
        if not hasattr(stage, "adds") and not hasattr(stage, "edits"):
            known = next((spec for spec in STAGES if spec.name == stage.name), None)
            if known is not None:
                return known
        return cls(
            stage.name,
            "",
            "",
            reads=tuple(getattr(stage, "reads", ())),
            reads_if_present=tuple(getattr(stage, "reads_if_present", ())),
            adds=tuple(getattr(stage, "adds", ())),
            edits=tuple(getattr(stage, "edits", ())),
        )


_MATCHING_VIEW = ("repairs", "boilerplate")  # the repaired, normalised view and the furniture lines

# The default flow, in order.  Each entry names a factory so that building a
# pipeline imports only the stages it uses.
STAGES: tuple[StageSpec, ...] = (
    StageSpec(
        "boilerplate", "marsad.stages.boilerplate:BoilerplateStage", "mark page furniture lines",
        adds=("boilerplate",),
    ),
    StageSpec(
        "repair", "marsad.stages.repair:RepairStage", "repair moderation-evasion obfuscation",
        adds=("repairs", "notes"),
        options=(("repair_context_model", "context_model"), ("min_dotless_confidence", "min_dotless_confidence")),
    ),
    StageSpec(
        "entities", "marsad.stages.entities:EntityStage", "named entities (PERSON, ORG, GPE, LOC)",
        reads_if_present=_MATCHING_VIEW,
        adds=("entities",),
    ),
    StageSpec(
        "places", "marsad.stages.places:PlaceStage", "geocode place mentions",
        # Entities give it countries and block names inside persons; it runs without them too.
        reads_if_present=(*_MATCHING_VIEW, "entities"),
        adds=("places", "entities"),
        edits=("entities",),  # gives ids to place entities and sorts the list
    ),
    StageSpec(
        "times", "marsad.stages.times:TimeStage", "dates and times, normalised",
        reads=("published",),
        reads_if_present=_MATCHING_VIEW,
        adds=("times", "notes"),
        edits=("published", "published_detected"),  # a publication date detected from the text
    ),
    StageSpec(
        "quotes", "marsad.stages.quotes:QuoteStage", "quotations and attributions",
        reads=("entities",),
        reads_if_present=_MATCHING_VIEW,
        adds=("quotes",),
        options=(("extraction", "extraction"), ("attribution_model", "attribution_model")),
    ),
    StageSpec(
        "events", "marsad.stages.events:EventStage", "PLOVER events with status and sources",
        reads=("entities", "places", "times", "quotes", "published"),
        reads_if_present=_MATCHING_VIEW,
        adds=("events",),
        options=(
            ("extraction", "extraction"),
            ("attribution_model", "attribution_model"),
            ("event_min_confidence", "min_confidence"),
        ),
    ),
)
STAGE_NAMES: tuple[str, ...] = tuple(spec.name for spec in STAGES)


# Seconds of CPU one document may take: a 1,000,000-character article needs about 10-20; past
# this, what finished is kept and the rest is skipped with a note.
DEFAULT_CPU_BUDGET = 120.0


class PipelineConfigError(MarsadError, ValueError):
    """A pipeline that cannot be built as asked; the message is one line and lists the valid choices."""


class UnknownStageError(PipelineConfigError):
    pass


class MissingStageError(PipelineConfigError):
    """A requested stage needs what no earlier requested stage adds."""


@dataclass(frozen=True, slots=True)
class PipelineConfig:
    """Everything needed to build a pipeline, as a value that pickles and serialises to JSON.

    ``stages``: stage names (run in the default order), or None for every
    installed stage.  ``repair_context_model``: a context model file for dotless
    repairs (None: the shipped model); give a path every process that builds the
    pipeline can read (ingest workers, Spark executors).  ``min_dotless_confidence``:
    None keeps the repair stage's default.  ``extraction`` (``learned`` or ``rules``),
    ``attribution_model`` (a model file) and ``event_min_confidence``: the quotes and
    events stages' options, None for their defaults.  ``strict``: treat a stage that changes
    what it did not declare as failed (tests; costs a fingerprint of the document
    per stage).  ``cpu_budget``: CPU seconds one document may take before the stages left are
    skipped with a note (None: :data:`DEFAULT_CPU_BUDGET`).
    """

    stages: tuple[str, ...] | None = None
    repair_context_model: str | None = None
    min_dotless_confidence: float | None = None
    extraction: str | None = None
    attribution_model: str | None = None
    event_min_confidence: float | None = None
    strict: bool = False
    cpu_budget: float | None = None  # seconds; None: DEFAULT_CPU_BUDGET

    def __post_init__(self) -> None:
        if self.stages is not None and not isinstance(self.stages, tuple):
            object.__setattr__(self, "stages", tuple(self.stages))
        budget = self.cpu_budget
        if budget is not None and (
            isinstance(budget, bool) or not isinstance(budget, int | float) or not budget > 0 or budget == float("inf")
        ):
            raise PipelineConfigError(f"cpu_budget must be a positive number of seconds, not {budget!r}")

    @property
    def effective_extraction(self) -> str | None:
        """The extraction the quotes and events stages run: as given, else ``learned`` when a model
        option asks for it (a model file or a minimum confidence only mean something to the learned
        models; left to the stages' default, the rules, they were silently ignored), else None."""
        if self.extraction is None and (self.attribution_model is not None or self.event_min_confidence is not None):
            return "learned"
        return self.extraction

    def to_json(self) -> str:
        return json.dumps({f.name: getattr(self, f.name) for f in fields(self)}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> PipelineConfig:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise PipelineConfigError("pipeline configuration is not a JSON object")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise PipelineConfigError(
                f"unknown pipeline option(s) {', '.join(unknown)}; valid: {', '.join(sorted(known))}"
            )
        return cls(**data)


def available_stages() -> list[str]:
    """Names of the stages whose modules are installed in this build."""
    return [
        spec.name
        for spec in STAGES
        if importlib.util.find_spec(spec.factory.partition(":")[0]) is not None
    ]


def resolve_stages(names: Iterable[str] | None) -> tuple[StageSpec, ...]:
    """The specs of ``names`` in default order (None: every installed stage), contract checked.

    Raises :class:`UnknownStageError` or :class:`MissingStageError` (one line each).
    """
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
    specs = tuple(spec for spec in STAGES if spec.name in wanted)
    check_contract(specs)
    return specs


def check_contract(specs: Sequence[StageSpec]) -> None:
    """Raise :class:`MissingStageError` when a stage reads a list no earlier stage in ``specs`` adds."""
    available = set(DOCUMENT_FIELDS)
    problems: list[str] = []
    missing_inputs: list[str] = []
    for spec in specs:
        missing = [name for name in spec.reads if name not in available]
        if missing:
            problems.append(f"stage {spec.name!r} reads {', '.join(missing)}, which no earlier stage adds")
            missing_inputs.extend(missing)
        available.update(spec.adds)
    if problems:
        needed = _providers(missing_inputs, {spec.name for spec in specs})
        raise MissingStageError(
            "; ".join(problems)
            + f"; add: {', '.join(needed)} (valid stages, in order: {', '.join(STAGE_NAMES)})"
        )


def _providers(inputs: Iterable[str], present: set[str]) -> list[str]:
    """The registry stages (in order) that add ``inputs``, with what they need in turn."""
    chosen: set[str] = set()
    pending = list(inputs)
    while pending:
        name = pending.pop()
        provider = next((spec for spec in STAGES if name in spec.adds), None)
        if provider is None or provider.name in present or provider.name in chosen:
            continue
        chosen.add(provider.name)
        pending.extend(provider.reads)
    return [name for name in STAGE_NAMES if name in chosen]


def check_config(config: PipelineConfig) -> tuple[StageSpec, ...]:
    """Everything about ``config`` that can fail, checked without building a stage.

    For processes that hand the config on (the ingest pool, the Spark driver, the
    server before its workers start): a bad stage list or an unusable context
    model fails here, in one line, before any work is shared out.  Raises
    :class:`PipelineConfigError` or :class:`~marsad.text.dotless_context.ContextModelError`.
    """
    specs = resolve_stages(config.stages)
    names = {spec.name for spec in specs}
    for option in (f.name for f in fields(config) if f.name not in ("stages", "strict")):
        if getattr(config, option) is None:
            continue
        owners = [spec.name for spec in STAGES if any(field == option for field, _ in spec.options)]
        if not names.intersection(owners):
            raise PipelineConfigError(
                f"option {option} is for the {', '.join(owners)} stage, which is not among the stages "
                f"({', '.join(spec.name for spec in specs) or 'none'})"
            )
    if config.min_dotless_confidence is not None and not 0.0 <= config.min_dotless_confidence <= 1.0:
        raise PipelineConfigError(f"min_dotless_confidence {config.min_dotless_confidence} is not between 0 and 1")
    if config.repair_context_model is not None:
        from marsad.text.dotless_context import load_model_file

        load_model_file(config.repair_context_model)  # read once per process: later builds reuse it
    if config.event_min_confidence is not None and not 0.0 <= config.event_min_confidence <= 1.0:
        raise PipelineConfigError(f"min confidence {config.event_min_confidence} is not between 0 and 1")
    if config.extraction == "rules":
        # The rules have no model and give no confidence: these options would change nothing.
        if config.attribution_model is not None:
            raise PipelineConfigError("an attribution model is for the learned extraction, not 'rules'")
        if config.event_min_confidence is not None:
            raise PipelineConfigError("min confidence is for the learned extraction: the rules' events have none")
    extraction = config.effective_extraction
    if extraction is not None:
        from marsad.attribution.learned.extract import resolve_models

        try:  # the model file is read once per process; the stages reuse it
            resolve_models(extraction, config.attribution_model)
        except ValueError as exc:
            raise PipelineConfigError(str(exc)) from None
    return specs


def _instantiate(spec: StageSpec, config: PipelineConfig) -> Stage:
    module_name, _, attr = spec.factory.partition(":")
    module = importlib.import_module(module_name)
    options = {keyword: config.effective_extraction if field == "extraction" else getattr(config, field)
               for field, keyword in spec.options}
    stage: Stage = getattr(module, attr)(**{k: v for k, v in options.items() if v is not None})
    return stage


# Field values that need no copy to be restored: nothing can change them in place.
_IMMUTABLE = frozenset({str, int, float, bool, type(None)})
_GETTERS: dict[type, tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]] = {}


def _field_getter(kind: type) -> tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]:
    """A record type's field names and a getter of all their values as one tuple (made once per type)."""
    known = _GETTERS.get(kind)
    if known is None:
        names = tuple(f.name for f in fields(kind))
        get = attrgetter(*names)
        known = _GETTERS[kind] = (names, get if len(names) > 1 else lambda record: (get(record),))
    return known


def _field_values(record: Any) -> tuple[Any, ...]:
    """The values of a record's fields, each one that could be changed in place deep-copied.

    The snapshot of an edited list (the places stage edits every entity list) is taken before every
    such stage and almost never used: an entity's fields are all strings and integers, so the copy
    is one C-level getter and one type test instead of ``copy.deepcopy``'s walk of each record."""
    values = _field_getter(type(record))[1](record)
    if _IMMUTABLE.issuperset(map(type, values)):
        return values
    return tuple(value if type(value) in _IMMUTABLE else copy.deepcopy(value) for value in values)


class _Snapshot:
    """The state of the lists and fields a stage may change, restorable exactly."""

    __slots__ = ("_added", "_edited", "_fields")

    def __init__(self, doc: Document, adds: Iterable[str], edits: Iterable[str]) -> None:
        edited = set(edits)
        # Appended-to lists: remembering which records were there is enough.
        self._added = {name: list(getattr(doc, name)) for name in adds if name not in edited}
        # Edited lists: the records themselves and a deep copy of each one's values.
        self._edited: dict[str, tuple[list[Any], list[tuple[Any, ...]]]] = {}
        for name in edited:
            if name in ANNOTATION_TYPES:
                records = list(getattr(doc, name))
                self._edited[name] = (records, [_field_values(record) for record in records])
        self._fields = {name: getattr(doc, name) for name in edited if name not in ANNOTATION_TYPES}

    def restore(self, doc: Document) -> None:
        for name, records in self._added.items():
            getattr(doc, name)[:] = records
        for name, (records, values) in self._edited.items():
            for record, value in zip(records, values, strict=True):
                for field_name, field_value in zip(_field_getter(type(record))[0], value, strict=True):
                    setattr(record, field_name, field_value)
            getattr(doc, name)[:] = records
        for name, value in self._fields.items():
            setattr(doc, name, value)
        if "repairs" in self._added or "repairs" in self._edited:
            doc.invalidate_views()


def _fingerprint(doc: Document, names: Iterable[str]) -> dict[str, str]:
    # repr() of the slots dataclasses spells out every value, nested lists and dicts included.
    return {name: repr(getattr(doc, name)) for name in names}


class UndeclaredWriteError(MarsadError, RuntimeError):
    """A stage changed a list or field its spec does not declare (found in strict mode)."""


class Pipeline:
    """An ordered list of stages applied to documents, each held to its declared contract."""

    def __init__(
        self,
        stages: Sequence[Stage],
        *,
        specs: Sequence[StageSpec] | None = None,
        strict: bool = False,
        config: PipelineConfig | None = None,
        cpu_budget: float | None = None,
        clock: Callable[[], float] = time.thread_time,
    ) -> None:
        self.stages = list(stages)
        self.specs = list(specs) if specs is not None else [StageSpec.declared_by(s) for s in self.stages]
        if len(self.specs) != len(self.stages):
            raise ValueError("one spec per stage")
        self.strict = strict
        self.config = config  # what built it (None for a hand-made pipeline): handed to worker processes
        self.cpu_budget = cpu_budget if cpu_budget is not None else DEFAULT_CPU_BUDGET
        self.clock = clock  # the CPU time of the thread analysing the document (a server analyses in several)

    @classmethod
    def build(cls, names: Iterable[str] | None = None, config: PipelineConfig | None = None) -> Pipeline:
        """The named stages (None: ``config.stages``, else every installed stage), in default order.

        Raises :class:`PipelineConfigError` for an unknown stage name or a stage
        whose inputs no earlier stage adds, before any stage is built.
        """
        config = config if config is not None else PipelineConfig()
        if names is not None:
            config = replace(config, stages=tuple(names))
        specs = resolve_stages(config.stages)
        tune_gc()  # before loading the stages' resources, whose many objects each collection would walk
        stages = [_instantiate(spec, config) for spec in specs]
        return cls(stages, specs=specs, strict=config.strict, config=config, cpu_budget=config.cpu_budget)

    @classmethod
    def from_config(cls, config: PipelineConfig) -> Pipeline:
        return cls.build(None, config)

    @property
    def names(self) -> list[str]:
        return [stage.name for stage in self.stages]

    def __call__(self, doc: Document) -> Document:
        return self.timed(doc, self.clock, {})

    def analyse_keeping_analyses(self, doc: Document) -> Document:
        """Run the pipeline on ``doc`` and keep its shared analyses (tokens, normalised words) for a
        caller that reads them next, as the store's row preparation does; that caller then calls
        ``doc.release_derived()`` so the document is freed by reference counting."""
        return self.timed(doc, self.clock, {}, release=False)

    def run(self, docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            yield self(doc)

    def timed(
        self, doc: Document, clock: Callable[[], float], spent: dict[str, float], *, release: bool = True
    ) -> Document:
        """Run the pipeline on ``doc``, adding each stage's time by ``clock`` to ``spent[stage name]``
        (for benchmarks: the same per-stage work, error capture included, as a plain call).
        ``release=False`` keeps the shared analyses for the caller (see :meth:`analyse_keeping_analyses`)."""
        budget_started = self.clock()
        for k, (stage, spec) in enumerate(zip(self.stages, self.specs, strict=True)):
            used = self.clock() - budget_started if k else 0.0  # the first stage always runs
            if used > self.cpu_budget:
                skipped = ", ".join(s.name for s in self.stages[k:])
                doc.notes.append(
                    Note(
                        "budget",
                        f"CPU budget of {self.cpu_budget:g} s used up ({used:.1f} s, {len(doc.text):,} characters);"
                        f" stages not run: {skipped}",
                    )
                )
                break
            started = clock()
            self._run_stage(stage, spec, doc)
            spent[stage.name] = spent.get(stage.name, 0.0) + clock() - started
        # The stages' shared analyses (tokens, attribution) are read by no one after the last stage,
        # and they refer back to the document: released here, a document its caller drops is freed
        # by reference counting (with them, it waited for the collector, 9 % of the CPU of a run).
        if release:
            doc.release_derived()
        return doc

    def _run_stage(self, stage: Stage, spec: StageSpec, doc: Document) -> None:
        if self.strict:
            # Snapshot everything, so that an undeclared change is rolled back too.
            undeclared = [n for n in (*ANNOTATION_LISTS, *DOCUMENT_STATE) if n not in spec.writes]
            snapshot = _Snapshot(doc, (), (*ANNOTATION_LISTS, *DOCUMENT_STATE))
            before = _fingerprint(doc, undeclared)
            appended = {n: list(getattr(doc, n)) for n in spec.adds if n not in spec.edits}
            appended_values = _fingerprint(doc, appended)
        else:
            snapshot = _Snapshot(doc, spec.adds, spec.edits)
        try:
            stage(doc)
            # The lists the stage may write, checked again; the others were checked after the stage that
            # wrote them, against the same text.  All of them in strict mode (an undeclared write is looked
            # for too) and for a stage that declares nothing.
            problems = doc.span_problems(None if self.strict or not spec.writes else spec.writes)
            if problems:
                raise ValueError("bad offsets: " + "; ".join(problems[:3]))
            if self.strict:
                self._check_declared(doc, before, appended, appended_values)
        except Exception as exc:  # a stage bug must not lose the document or the batch
            snapshot.restore(doc)
            doc.errors.append(StageError(spec.name, f"{type(exc).__name__}: {exc}"))

    @staticmethod
    def _check_declared(
        doc: Document, before: dict[str, str], appended: dict[str, list[Any]], appended_values: dict[str, str]
    ) -> None:
        changed = [name for name, value in _fingerprint(doc, before).items() if value != before[name]]
        for name, records in appended.items():
            # A list the stage only adds to must still start with the same records, unchanged.
            now = getattr(doc, name)
            same_records = len(now) >= len(records) and all(a is b for a, b in zip(now, records, strict=False))
            if not same_records or repr(now[: len(records)]) != appended_values[name]:
                changed.append(f"{name} (existing records)")
        if changed:
            raise UndeclaredWriteError(f"changed {', '.join(changed)}, which the stage does not declare")
