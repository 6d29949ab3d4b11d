"""The North Caucasus (round 37, issue 13): a story on Chechnya named Ingushetia and North Ossetia beside Dagestan
and the town of Gudermes, and the index had none of them (reported with no location).  Ingushetia and North Ossetia
are divisions abroad (``geo_divisions_abroad.tsv``, with the GeoNames admin-1 keys of Nazran and Vladikavkaz);
Gudermes, a town under the population bar for towns abroad, has the press's spellings in ``geo_arabic_names.tsv``."""

from __future__ import annotations

from marsad.stages.places import PlaceStage
from place_stage_helpers import place_of, run_tagged


def test_republics_and_gudermes_are_found(place_stage: PlaceStage) -> None:
    text = ("وامتد نفوذ الحاكم إلى إنغوشيا وأوسيتيا الشمالية وداغستان، "
            "واندلعت اشتباكات في مدينة جودرميس شرق غروزني.")
    doc = run_tagged(place_stage, text, (("إنغوشيا وأوسيتيا الشمالية", "LOC"), ("غروزني", "LOC")))
    for name, place_id in (("إنغوشيا", "admin1:RU.19"), ("أوسيتيا الشمالية", "admin1:RU.68"),
                           ("جودرميس", "geonames:558118")):
        place = place_of(doc, name)
        assert place is not None and place.id == place_id, name
