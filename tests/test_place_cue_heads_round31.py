"""A cue word that is a cue only after its noun (round 31, issue 13, branch plc31b): ``محلي`` names the town in
``مجلس محلي البيرة`` "the local council of al-Bireh", but after any other noun it is the adjective "local"
(``عن مصدر محلي قوله إن`` "a local source quoted as saying"), and the word after it is no town: ``قوله`` "his
saying" was read as Kavála, Greece (``قولة``), and an event of a Syrian story placed there."""

from __future__ import annotations

from marsad.document import Document
from marsad.geo.scan import cue_heads
from marsad.pipeline import Pipeline
from marsad.stages.places import PlaceStage
from place_stage_helpers import place_ids_by_surface, run_tagged

KAVALA = "geonames:735861"
AL_BIREH = "geonames:7303419"


def test_local_after_a_source_is_an_adjective_not_a_cue(place_stage: PlaceStage) -> None:
    text = "ونقلت الوكالة عن مصدر محلي قوله إن الاشتباكات في طفس أدت إلى مقتل عنصرين من قوات النظام."
    found = place_ids_by_surface(run_tagged(place_stage, text))
    assert "قوله" not in found
    assert KAVALA not in found.values()
    assert "طفس" in found  # (the town of the story is still found)
    text = "وقال مسؤول محلي قوله إن المياه وصلت إلى الأحياء الشرقية."
    assert KAVALA not in place_ids_by_surface(run_tagged(place_stage, text)).values()


def test_local_after_council_is_still_the_towns_cue(place_stage: PlaceStage) -> None:
    text = "وقال رئيس مجلس محلي البيرة إن البلدية بدأت العمل في الشارع الرئيسي."
    assert place_ids_by_surface(run_tagged(place_stage, text)).get("البيرة") is not None


def test_the_cue_heads_come_from_the_data_file() -> None:
    assert "مجلس" in cue_heads()["محلي"]


def test_the_event_of_a_local_sources_report_is_not_placed_at_kavala(pipeline: Pipeline) -> None:
    # (the dashboard trial's class: the event took the only place of its sentence)
    doc = pipeline(Document("ونقلت الوكالة عن مصدر محلي قوله إن غارة جوية أدت إلى مقتل عنصرين من قوات النظام.",
                            published="2020-01-12"))
    attacks = [e for e in doc.events if e.type == "ASSAULT"]
    assert attacks
    assert all(e.place is None or e.place.get("id") != KAVALA for e in attacks)
