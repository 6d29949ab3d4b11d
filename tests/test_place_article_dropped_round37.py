"""A city's name without its article (round 37, issue 13): GeoNames lists Persian forms of Arab cities without
the article (``رباط`` for Rabat, ``حله`` for Hillah, ``عقبه`` for Aqaba), and an Arabic word that common counts only
after a cue.  A hamlet of Who's On First with the bare word for its own name kept the word free, so ``أهل رباط``
("people of the frontier watch"), ``رباط الكاحل`` ("the ankle's ligament"), a mountain pass ``عقبة`` or ``بحلة
جديدة`` ("in a new guise") were Rabat, Aqaba and Hillah.  A namesake too small to pass without a cue no longer
keeps the word free."""

from __future__ import annotations

import pytest

from marsad.stages.places import PlaceStage
from place_stage_helpers import place_of, run_tagged


@pytest.mark.parametrize(
    ("text", "word", "city", "place_id"),
    [
        ("وقالت الهيئة إن أهل القرية أهل رباط وصبر على الشدائد.", "رباط", "الرباط", "geonames:2538475"),
        ("وأعلن النادي أن مدافعه تعرض لتمزق في رباط الركبة سيبعده شهرا.", "رباط", "الرباط", "geonames:2538475"),
        ("وتقدمت القوات نحو عقبة جبلية وعرة تربط بين الواديين.", "عقبة", "العقبة", "geonames:250774"),
        ("وظهر الملعب في حلة جديدة بعد ترميمه.", "حلة", "الحلة", "geonames:99347"),
    ],
)
def test_the_bare_word_is_no_city(place_stage: PlaceStage, text: str, word: str, city: str, place_id: str) -> None:
    # (tagged as the entity stage tags it: a tag raises the word's bar)
    assert place_of(run_tagged(place_stage, text, ((word, "LOC"),)), word) is None
    # the city, written with its article, is still found
    place = place_of(run_tagged(place_stage, f"ووصل الوزير إلى {city} أمس."), city)
    assert place is not None and place.id == place_id
