"""A weather report's sea state is no sea (round 34, issue 13): ``وحالة البحر متوسط الموج`` ("the sea's state:
moderate waves") was read as the Mediterranean, for the article a compound name's later words may drop makes
``البحر متوسط`` a spelling of ``البحر المتوسط``.  The phrase from ``حالة`` is a row of ``geo_not_places.tsv``; the sea
named as a sea stays a place."""

from __future__ import annotations

from marsad.stages.places import PlaceStage
from place_stage_helpers import place_ids_by_surface, run_tagged

MEDITERRANEAN = "region:mediterranean"


def test_the_sea_state_of_a_weather_report_is_no_place(place_stage: PlaceStage) -> None:
    for text in ("وتوقعت الأرصاد رياحا شمالية غربية، وحالة البحر متوسط الموج في الصباح.",
                 "وتكون حالة البحر متوسط الموج إلى مضطرب على السواحل."):
        doc = run_tagged(place_stage, text)
        assert MEDITERRANEAN not in place_ids_by_surface(doc).values(), text


def test_the_mediterranean_named_as_a_sea_stays_a_place(place_stage: PlaceStage) -> None:
    for text, surface in (("وعبر المهاجرون البحر المتوسط باتجاه الشواطئ الأوروبية.", "البحر المتوسط"),
                          ("غرق قارب في البحر الأبيض المتوسط أمس.", "البحر الأبيض المتوسط")):
        doc = run_tagged(place_stage, text)
        assert place_ids_by_surface(doc).get(surface) == MEDITERRANEAN, text
