"""Which referent a place name gets (round 26, issue 13): the classes of the train and dev gold's located-wrong
mentions that were fixed (tools/located_errors.py lists them all, by class)."""

from __future__ import annotations

from marsad.geo.gazetteer import default_gazetteer
from marsad.geo.names import name_key
from marsad.geo.resolve import Context, decide, score_candidates
from marsad.stages.places import PlaceStage
from test_place_lookalikes import run


def located(place_stage: PlaceStage, text: str, tagged: tuple[str, ...] = ()) -> dict[str, tuple[str | None, str | None]]:
    """Each mention's surface → (its place's id, its country)."""
    doc = run(place_stage, text, tagged)
    return {text[s:e]: (p.id, p.country) for p in doc.places for s, e in p.mentions}


def test_the_famous_place_beats_a_namesake_geonames_qualifies_by_its_region(place_stage: PlaceStage) -> None:
    # Newcastle, New South Wales counts more people than Newcastle upon Tyne, but GeoNames' Persian name of it
    # carries its state after a comma (نیوکاسل، نیو ساوت ولز), as a lesser namesake's does; Athens, Georgia too
    found = located(place_stage, "وتشكلت الفرقة في نيوكاسل عام 1979 وعزفت في حاناتها سنوات.")
    assert found["نيوكاسل"][1] == "GB"
    found = located(place_stage, "وقضى الفيلسوف شبابه في أثينا قبل أن يرحل عنها.")
    assert found["أثينا"][1] == "GR"


def test_the_article_still_places_the_qualified_namesake(place_stage: PlaceStage) -> None:
    # an adjective after the name, or the country named in the article, outweighs the qualifier
    found = located(place_stage, "ووصل الوفد إلى مدينة نيوكاسل الأسترالية أمس.")
    assert found["نيوكاسل"][1] == "AU"


def test_the_qualifier_only_ranks_namesakes_against_each_other() -> None:
    # a qualified town with no unqualified namesake keeps its score (it is not pushed under a village)
    gaz = default_gazetteer()
    qualified = sorted(gaz.qualified)
    assert qualified, "the built-in gazetteer marks no qualified namesake"
    lone = next(i for i in qualified if len(gaz.names.get(name_key(gaz.entries[i].name_ar), ())) == 1)
    alone = score_candidates(gaz, [lone], Context())
    assert not any("qualified" in reason for reason in alone[0].reasons)
    newcastle = score_candidates(gaz, gaz.names[name_key("نيوكاسل")], Context())
    best = decide(newcastle)
    assert best is not None and best.entry.country == "GB"
    assert any("qualified" in reason for s in newcastle for reason in s.reasons if s.entry.country == "AU")


def test_an_institute_named_after_its_state_is_located_at_the_institute(place_stage: PlaceStage) -> None:
    # معهد ماساتشوستس للتكنولوجيا (MIT) is in Cambridge, not at Massachusetts' centre 59 km away
    found = located(place_stage, "وحصل على الدكتوراه من معهد ماساتشوستس للتكنولوجيا قبل أن يعود إلى بلاده.")
    assert found.get("معهد ماساتشوستس للتكنولوجيا") == ("landmark:mit", "US")
    # the state itself is still the state
    found = located(place_stage, "وضربت العاصفة ولاية ماساتشوستس أمس.")
    assert found["ماساتشوستس"][0] == "admin1:US.MA"
