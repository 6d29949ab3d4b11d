"""The stage contract: declarations checked at build, rollback by snapshot, undeclared writes caught,
and the pipeline configuration as a picklable value."""

from __future__ import annotations

import pickle
from dataclasses import replace
from pathlib import Path

import pytest

from marsad.document import ANNOTATION_TYPES, Document, Entity, Note, Place, TimeExpression
from marsad.pipeline import (
    DOCUMENT_FIELDS,
    DOCUMENT_STATE,
    STAGE_NAMES,
    STAGES,
    MissingStageError,
    Pipeline,
    PipelineConfig,
    PipelineConfigError,
    StageSpec,
    UnknownStageError,
    check_config,
    check_contract,
    resolve_stages,
)
from marsad.text.dotless_context import ContextModelError

SPEC = {spec.name: spec for spec in STAGES}


# -- the registry itself ---------------------------------------------------------------------
def test_the_default_order_satisfies_every_declaration() -> None:
    check_contract(STAGES)  # raises if a stage read what no earlier stage adds
    assert [spec.name for spec in resolve_stages(None)] == list(STAGE_NAMES)


def test_declarations_name_only_real_lists_fields_and_options() -> None:
    known = set(ANNOTATION_TYPES) | set(DOCUMENT_FIELDS) | set(DOCUMENT_STATE)
    config_fields = set(PipelineConfig.__dataclass_fields__)
    for spec in STAGES:
        for name in (*spec.reads, *spec.reads_if_present, *spec.adds, *spec.edits):
            assert name in known, (spec.name, name)
        for field, _keyword in spec.options:
            assert field in config_fields, (spec.name, field)
        assert spec.adds, spec.name  # a stage that adds nothing has no place in the flow


def test_stages_declare_what_they_really_change() -> None:
    # The cases issue 11 found undeclared: times sets the publication date and notes,
    # places edits entities the entity stage found.
    assert {"published", "published_detected"} <= set(SPEC["times"].edits) and "notes" in SPEC["times"].adds
    assert "entities" in SPEC["places"].edits
    assert "notes" in SPEC["repair"].adds


def test_the_full_pipeline_keeps_to_its_declarations_in_strict_mode(seed_text: str) -> None:
    doc = Pipeline.from_config(PipelineConfig(strict=True))(Document(seed_text))
    assert doc.errors == []
    assert doc.entities and doc.places and doc.times and doc.events and doc.notes


def test_strict_mode_catches_a_real_stage_whose_spec_leaves_out_an_edit(seed_text: str) -> None:
    # times detects the seed's publication date (doc.published); a spec without that edit is caught.
    untruthful = replace(SPEC["times"], edits=())
    stage = Pipeline.build(["times"]).stages[0]
    doc = Pipeline([stage], specs=[untruthful], strict=True)(Document(seed_text))
    assert [e.stage for e in doc.errors] == ["times"]
    assert "published" in doc.errors[0].message and "does not declare" in doc.errors[0].message
    assert doc.published is None and not doc.published_detected and doc.times == [] and doc.notes == []


# -- build checks order and completeness -------------------------------------------------------
def test_a_stage_without_its_inputs_fails_at_build_naming_what_to_add() -> None:
    with pytest.raises(MissingStageError) as caught:
        Pipeline.build(["events"])
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("stage 'events' reads entities, places, times, quotes, which no earlier stage adds")
    assert "add: entities, places, times, quotes" in message
    assert ", ".join(STAGE_NAMES) in message


def test_the_stages_to_add_include_what_they_need_in_turn() -> None:
    with pytest.raises(MissingStageError) as caught:
        Pipeline.build(["quotes", "events"])
    message = str(caught.value)
    assert "stage 'quotes' reads entities" in message and "stage 'events' reads entities, places, times," in message
    assert "add: entities, places, times (" in message


def test_optional_inputs_do_not_block_a_build() -> None:
    # places and times use entities/repairs when present and run without them.
    assert Pipeline.build(["boilerplate", "places", "times"]).names == ["boilerplate", "places", "times"]
    # Requested out of order, stages still run in the default order.
    assert Pipeline.build(["events", "quotes", "times", "places", "entities"]).names == [
        "entities", "places", "times", "quotes", "events"
    ]


def test_an_unknown_stage_lists_the_valid_ones() -> None:
    with pytest.raises(UnknownStageError, match=r"unknown stage\(s\) nonsense; valid stages: boilerplate, repair"):
        Pipeline.build(["boilerplate", "nonsense"])


# -- rollback by snapshot -----------------------------------------------------------------------------
TEXT = "قال أحمد إن القوات وصلت إلى حلب أمس"


def _with_entities() -> tuple[Document, list[Entity]]:
    doc = Document(TEXT)
    first = Entity(4, 8, "أحمد", "PERSON")
    second = Entity(TEXT.index("حلب"), TEXT.index("حلب") + 3, "حلب", "LOC")
    doc.entities.extend([first, second])
    return doc, [first, second]


class SortsThenBreaks:
    """Adds an entity with bad offsets, sorts the list so that it comes first, and so fails its span check."""

    name = "sorts_then_breaks"
    adds = ("entities",)

    def __call__(self, doc: Document) -> None:
        doc.entities.append(Entity(0, 3, "خطأ", "PERSON"))  # doc.text[0:3] is "قال"
        doc.entities.sort(key=lambda e: e.start)


def test_a_failed_stage_that_sorted_the_list_leaves_the_existing_entities_exactly() -> None:
    doc, existing = _with_entities()
    before = [repr(e) for e in existing]
    Pipeline([SortsThenBreaks()])(doc)
    assert [e.stage for e in doc.errors] == ["sorts_then_breaks"]
    assert "bad offsets" in doc.errors[0].message
    # The old rollback cut the list back to its old length: it kept the stage's entity and
    # dropped the last existing one.
    assert doc.entities == existing and all(a is b for a, b in zip(doc.entities, existing, strict=True))
    assert [repr(e) for e in doc.entities] == before


class EditsThenRaises:
    name = "edits_then_raises"
    adds = ("entities", "notes")
    edits = ("entities", "published")

    def __call__(self, doc: Document) -> None:
        doc.entities[0].canonical = "أحمد محمد"
        doc.entities[1].id = "geonames:170063"
        del doc.entities[0]
        doc.entities.append(Entity(4, 8, "أحمد", "ORG"))
        doc.notes.append(Note("x", "half done"))
        doc.published = "2020-01-01"
        raise RuntimeError("boom")


def test_a_failed_stage_that_edited_records_in_place_is_undone_record_by_record() -> None:
    doc, existing = _with_entities()
    doc.notes.append(Note("reader", "encoding guessed"))
    before = [repr(e) for e in existing]
    Pipeline([EditsThenRaises()])(doc)
    assert doc.errors[0].message == "RuntimeError: boom"
    assert [repr(e) for e in doc.entities] == before
    assert all(a is b for a, b in zip(doc.entities, existing, strict=True))  # the same records, restored
    assert doc.notes == [Note("reader", "encoding guessed")] and doc.published is None


class EditsPlaceMentionsThenRaises:
    """Changes a nested list of an existing record in place (a place's mentions), then fails."""

    name = "edits_place_mentions_then_raises"
    adds = ("places",)
    edits = ("places",)

    def __call__(self, doc: Document) -> None:
        doc.places[0].mentions[0][1] = 99
        doc.places[0].mentions.append([0, 3])
        doc.places[0].name = "دمشق"
        raise RuntimeError("late failure")


def test_a_failed_stage_that_changed_a_nested_list_in_place_gets_its_old_values_back() -> None:
    start = TEXT.index("حلب")
    doc = Document(TEXT)
    place = Place("geonames:170063", "حلب", "Aleppo", "SY", None, 36.2, 37.16, 3, [[start, start + 3]])
    doc.places.append(place)
    Pipeline([EditsPlaceMentionsThenRaises()])(doc)
    assert doc.errors[0].message == "RuntimeError: late failure"
    assert doc.places == [place] and doc.places[0] is place
    assert place.mentions == [[start, start + 3]] and place.name == "حلب"


def test_a_failed_repair_stage_forgets_the_views_built_on_its_repairs() -> None:
    from marsad.document import Repair

    class RepairsThenRaises:
        name = "repairs_then_raises"
        adds = ("repairs",)

        def __call__(self, doc: Document) -> None:
            doc.repairs.append(Repair(0, 3, "قال", "XYZ", "test"))
            doc.invalidate_views()
            assert doc.clean_text.startswith("XYZ")
            raise RuntimeError("late failure")

    doc = Pipeline([RepairsThenRaises()])(Document(TEXT))
    assert doc.repairs == [] and doc.clean_text == TEXT


# -- undeclared writes ---------------------------------------------------------------------------------
class NotesOnTheSide:
    """Declares times, also writes a note and changes an existing entity."""

    name = "notes_on_the_side"
    adds = ("times",)

    def __call__(self, doc: Document) -> None:
        start = TEXT.index("أمس")
        doc.times.append(TimeExpression(start, start + 3, "أمس", "2020-01-01", "day"))
        doc.notes.append(Note("times", "undeclared"))
        doc.entities[0].type = "ORG"


def test_strict_mode_turns_an_undeclared_write_into_a_stage_error_and_undoes_it() -> None:
    doc, existing = _with_entities()
    before = [repr(e) for e in existing]
    Pipeline([NotesOnTheSide()], strict=True)(doc)
    assert [e.stage for e in doc.errors] == ["notes_on_the_side"]
    message = doc.errors[0].message
    assert message.startswith("UndeclaredWriteError: changed entities, notes,")
    assert doc.notes == [] and doc.times == [] and [repr(e) for e in doc.entities] == before


def test_strict_mode_catches_a_change_to_records_of_a_list_the_stage_only_adds_to() -> None:
    class RetypesAnEntity:
        name = "retypes"
        adds = ("entities",)

        def __call__(self, doc: Document) -> None:
            doc.entities[1].type = "GPE"

    doc, existing = _with_entities()
    Pipeline([RetypesAnEntity()], strict=True)(doc)
    assert "entities (existing records)" in doc.errors[0].message
    assert existing[1].type == "LOC"


def test_without_strict_mode_declared_stages_run_unchecked() -> None:
    doc, _existing = _with_entities()
    Pipeline([NotesOnTheSide()])(doc)
    assert doc.errors == [] and len(doc.notes) == 1  # the check costs a fingerprint per stage: tests only


def test_a_registry_stage_built_by_hand_keeps_its_registry_contract() -> None:
    stage = Pipeline.build(["times"]).stages[0]
    assert not hasattr(stage, "adds")
    assert Pipeline([stage]).specs == [SPEC["times"]]
    assert StageSpec.declared_by(SortsThenBreaks()).adds == ("entities",)


# -- configuration -------------------------------------------------------------------------------------
def test_the_config_is_a_picklable_json_value() -> None:
    config = PipelineConfig(stages=["boilerplate", "repair"], repair_context_model="/models/own.model",  # type: ignore[arg-type]
                            min_dotless_confidence=0.5)
    assert config.stages == ("boilerplate", "repair")
    assert pickle.loads(pickle.dumps(config)) == config
    assert PipelineConfig.from_json(config.to_json()) == config
    with pytest.raises(PipelineConfigError, match=r"unknown pipeline option\(s\) colour; valid: attribution_model, cpu_budget, event_min_confidence"):
        PipelineConfig.from_json('{"colour": "red"}')
    with pytest.raises(AttributeError):
        config.strict = True  # type: ignore[misc]


def test_build_records_its_config_and_names_override_the_config_stages() -> None:
    config = PipelineConfig(stages=("boilerplate", "repair"))
    pipeline = Pipeline.build(["boilerplate"], config)
    assert pipeline.names == ["boilerplate"] and pipeline.config == replace(config, stages=("boilerplate",))
    assert Pipeline([]).config is None


def test_check_config_refuses_options_for_absent_stages_and_bad_models(tmp_path: Path) -> None:
    with pytest.raises(PipelineConfigError, match="repair_context_model is for the repair stage"):
        check_config(PipelineConfig(stages=("boilerplate",), repair_context_model=str(tmp_path / "m")))
    with pytest.raises(PipelineConfigError, match="between 0 and 1"):
        check_config(PipelineConfig(min_dotless_confidence=1.5))
    with pytest.raises(ContextModelError, match=r"missing\.model"):
        check_config(PipelineConfig(repair_context_model=str(tmp_path / "missing.model")))
    assert [s.name for s in check_config(PipelineConfig(stages=("boilerplate",)))] == ["boilerplate"]


def test_no_stage_reads_the_environment() -> None:
    import marsad.stages as stages_package

    for path in Path(stages_package.__file__).parent.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "os.environ" not in source and "getenv(" not in source, path.name


class TimesStageBreakingEntities:
    """Declares it adds times, but gives an entity bad offsets (an undeclared write)."""

    name = "times_breaking_entities"
    adds = ("times",)

    def __call__(self, doc: Document) -> None:
        doc.entities.append(Entity(0, 3, "خطأ", "PERSON"))  # doc.text[0:3] is "قال"


class Undeclared:
    """Declares nothing and gives an entity bad offsets."""

    name = "undeclared_stage"

    def __call__(self, doc: Document) -> None:
        doc.entities.append(Entity(0, 3, "خطأ", "PERSON"))


def test_span_checks_after_a_stage_cover_what_it_may_write() -> None:
    """After each stage the lists it declares are checked (the others were checked already); strict mode and
    a stage that declares nothing check every list, so an undeclared bad span is still found there."""
    doc = Pipeline([TimesStageBreakingEntities()])(Document(TEXT))
    assert doc.errors == [] and doc.span_problems(("times",)) == [] and doc.span_problems(("entities",))
    doc = Pipeline([TimesStageBreakingEntities()], strict=True)(Document(TEXT))
    assert [e.stage for e in doc.errors] == ["times_breaking_entities"]
    doc = Pipeline([Undeclared()])(Document(TEXT))
    assert [e.stage for e in doc.errors] == ["undeclared_stage"] and "bad offsets" in doc.errors[0].message
