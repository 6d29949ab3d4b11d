"""Afghanistan's provinces (round 36, issue 13): the news names them after `ولاية` or `إقليم` in every Afghan story,
and the index had only Helmand and Nangarhar, so `لوغار`, `فارياب`, `بكتيكا` were reported with no location and
`زابل` was read as the town of Zābol.  ``geo_divisions_abroad.tsv`` has 21 more, each at its approximate centre;
``بروان`` (Parwan, also a name, ``مقتل بروان``) and ``تخار`` (``فتخار`` "so choose") count only after a cue."""

from __future__ import annotations

from marsad.stages.places import PlaceStage
from place_stage_helpers import place_of, run_tagged


def test_provinces_are_found(place_stage: PlaceStage) -> None:
    text = ("قتل عشرة جنود في ولاية لوغار جنوب كابل، وأصيب آخرون في إقليم فارياب وفي ولاية بكتيكا، "
            "وتحطمت مروحية في ولاية زابل الأفغانية.")
    doc = run_tagged(place_stage, text, (("كابل", "LOC"),))
    for name, place_id in (("لوغار", "admin1:AF.17"), ("فارياب", "admin1:AF.07"), ("بكتيكا", "admin1:AF.29"),
                           ("زابل", "admin1:AF.28")):
        place = place_of(doc, name)
        assert place is not None and place.id == place_id, name


def test_a_name_that_is_a_word_needs_its_cue(place_stage: PlaceStage) -> None:
    assert place_of(run_tagged(place_stage, "ومنذ مقتل بروان في المدينة، سجلت حوادث كثيرة."), "بروان") is None
    place = place_of(run_tagged(place_stage, "زار الوزير ولاية بروان شمال كابل."), "بروان")
    assert place is not None and place.id == "admin1:AF.40"
