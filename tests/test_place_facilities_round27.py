"""Facilities located where they stand, not at the place they are named after (round 27, issue 13): the
facility class of the train and dev gold's located-wrong mentions (tools/located_errors.py), fixed as data of
geo_landmarks.tsv, each row with its coordinates and where they come from."""

from __future__ import annotations

from marsad.stages.places import PlaceStage
from test_place_located_round26 import located


def test_a_market_named_after_its_builder_is_located_in_its_city(place_stage: PlaceStage) -> None:
    # سوق غرينجر (the Grainger Market) is in Newcastle upon Tyne; without a row it was reported unresolved
    found = located(place_stage, "وتجول الزوار في سوق غرينجر وسط المدينة القديمة قبل أن يعودوا إلى الفندق.")
    assert found.get("سوق غرينجر") == ("landmark:grainger-market", "GB")


def test_an_earthwork_is_located_at_its_line(place_stage: PlaceStage) -> None:
    # the Danevirke, a wall of earth in Schleswig-Holstein, with and without the article
    found = located(place_stage, "وامتد خط الدانيفيركه الدفاعي عبر شبه الجزيرة، وبقيت أجزاء من دانيفيركه حتى اليوم.")
    assert found.get("الدانيفيركه") == ("landmark:danevirke", "DE")
    assert found.get("دانيفيركه") == ("landmark:danevirke", "DE")


def test_a_park_an_air_base_and_a_press_centre_are_located(place_stage: PlaceStage) -> None:
    found = located(place_stage, "وأقيم الحفل في حديقة ييربا بوينا قبل أن تهبط طائرة الرئيس في قاعدة فيلاكوبلاي.")
    assert found.get("حديقة ييربا بوينا") == ("landmark:yerba-buena-gardens", "US")
    assert found.get("قاعدة فيلاكوبلاي") == ("landmark:villacoublay", "FR")
    found = located(place_stage, "وعقد المتحدث مؤتمرا صحفيا في بيت أغرون يوم الأحد.")
    assert found.get("بيت أغرون") == ("landmark:beit-agron", "IL")


def test_the_suez_crisis_is_the_canal_not_the_town(place_stage: PlaceStage) -> None:
    # أزمة السويس (the Suez Crisis of 1956) is about the canal; Suez the town is 60 km from its middle
    found = located(place_stage, "وكشفت أزمة السويس عام 1956 حدود نفوذ القوى الاستعمارية القديمة.")
    assert found.get("أزمة السويس") == ("landmark:suez-canal", "EG")
    # the town itself is still the town
    found = located(place_stage, "ووصل المحافظ إلى مدينة السويس صباح أمس.")
    assert found["السويس"][0] != "landmark:suez-canal"


def test_a_planned_canal_is_not_the_city_it_is_named_after(place_stage: PlaceStage) -> None:
    found = located(place_stage, "وأعلنت الحكومة التركية بدء العمل في مشروع قناة إسطنبول الذي يربط البحر الأسود ببحر مرمرة.")
    assert any(v == ("landmark:kanal-istanbul", "TR") for v in found.values()), found
