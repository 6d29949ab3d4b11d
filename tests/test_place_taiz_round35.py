"""Taiz decided in a Yemeni story (round 35, issue 13): the regional extract's records of Sanaa's and Raymah's
governorates carry the name ``تعز`` (a Who's On First error), so the city of Taiz was left undecided between three
governorates (44 mentions of unseen news).  A division's record no longer brings a name
the project gives another division of its country (``marsad.geo.gazetteer._own_names``)."""

from __future__ import annotations

from marsad.geo.names import name_key
from marsad.stages.places import PlaceStage
from place_stage_helpers import located_at, place_of, run_tagged

TAIZ = (13.58, 44.02)


def test_taiz_is_decided(place_stage: PlaceStage) -> None:
    for text in ("وصلت قافلة مساعدات طبية إلى محافظة تعز في اليمن يوم الخميس.",
                 "تعاني مدن يمنية كثيرة، ومنها صنعاء وتعز، من انقطاع الكهرباء."):
        doc = run_tagged(place_stage, text, (("تعز", "LOC"), ("صنعاء", "LOC"), ("اليمن", "GPE")))
        assert located_at(place_of(doc, "تعز"), TAIZ, within=0.5), text


def test_no_other_governorate_is_named_taiz(place_stage: PlaceStage) -> None:
    gaz = place_stage.gaz
    ids = {gaz.entries[i].id for i in gaz.names[name_key("تعز")]}
    assert "admin1:YE.25" in ids and not ids & {"admin1:YE.16", "admin1:YE.27"}
