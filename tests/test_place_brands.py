"""A car's make named like a town is not a place (round 19): سيارة رينو is Renault, not Reno, Nevada."""

from __future__ import annotations

import pytest

from marsad.document import Document
from marsad.geo.gazetteer import Gazetteer, cache_dir, load
from marsad.stages.boilerplate import BoilerplateStage
from marsad.stages.places import PlaceStage


@pytest.fixture(scope="module")
def stage(tmp_path_factory: pytest.TempPathFactory) -> PlaceStage:
    gazetteer: Gazetteer = load(tmp_path_factory.mktemp("no-user-places"), cache_dir())
    return PlaceStage(gazetteer)


def places(stage: PlaceStage, text: str) -> dict[str, str | None]:
    """Each mention's words → the id of its place (None: unresolved)."""
    doc = Document(text)
    BoilerplateStage()(doc)
    stage(doc)
    return {text[start:end]: place.id for place in doc.places for start, end in place.mentions}


def test_a_cars_make_is_not_a_town(stage: PlaceStage) -> None:
    # سيارة رينو: Renault, not Reno, Nevada; the make throughout the article («رينو داستر», اقتحام رينو)
    text = "أطلقت الشركة «رينو داستر» الجديدة. وتتميز سيارة رينو بأنها رياضية، وتمثل اقتحام رينو لعالم البيك أب."
    assert "رينو" not in places(stage, text)
    assert "لينكولن" not in places(stage, "وصلت سيارة لينكولن السوداء إلى لندن.")


def test_a_town_after_a_car_bombs_word_stays_a_place(stage: PlaceStage) -> None:
    # the word of the car, then its adjective: the town after them is where it exploded
    assert places(stage, "انفجرت سيارة مفخخة في بغداد صباح اليوم.")["بغداد"] == "geonames:98182"
    assert places(stage, "وصلت سيارات الإسعاف إلى حلب.")["حلب"] is not None
