"""Regions, seas, rivers, islands and unlisted towns located at the precision they have (round 27, issue 13):
the located-wrong classes of the train and dev gold that ``tools/located_errors.py`` calls "region" and
"no-entry", read from ``data/geo_named_areas.tsv`` and the Rif's bare name after a cue."""

from __future__ import annotations

from marsad.geo.gazetteer import PRECISION_COUNTRY, PRECISION_DISTRICT, PRECISION_TOWN
from marsad.stages.places import PlaceStage
from test_place_lookalikes import run


def located(place_stage: PlaceStage, text: str, tagged: tuple[str, ...] = ()) -> dict[str, tuple[str | None, int | None]]:
    """Each mention's surface → (its place's id, its precision)."""
    doc = run(place_stage, text, tagged)
    return {text[s:e]: (p.id, p.precision) for p in doc.places for s, e in p.mentions}


def test_a_sea_or_strait_is_placed_at_its_centroid_with_region_precision(place_stage: PlaceStage) -> None:
    found = located(place_stage, "وعبرت ناقلات النفط خليج عدن ومضيق جبل طارق هذا الأسبوع.")
    assert found["خليج عدن"] == ("named:gulf-of-aden", PRECISION_COUNTRY)
    assert found["مضيق جبل طارق"] == ("named:gibraltar-strait", PRECISION_COUNTRY)


def test_a_river_is_not_the_town_it_is_named_after(place_stage: PlaceStage) -> None:
    # نهر سانت جونز was read as St. John's, Newfoundland, 3,000 km from the river
    found = located(place_stage, "وأبحر المستكشف في نهر سانت جونز شمال فلوريدا.")
    assert found["نهر سانت جونز"] == ("named:st-johns-river", PRECISION_DISTRICT)


def test_an_island_and_a_historical_region_are_areas_of_their_country(place_stage: PlaceStage) -> None:
    found = located(place_stage, "وتقع جزيرة نياس قبالة ساحل سومطرة، وباعت ولاية فورتمبيرغ الدير لصناعي.")
    assert found["جزيرة نياس"] == ("named:nias", PRECISION_DISTRICT)
    assert found["فورتمبيرغ"] == ("named:wurttemberg", PRECISION_DISTRICT)


def test_a_town_no_gazetteer_source_lists_is_placed(place_stage: PlaceStage) -> None:
    found = located(place_stage, "وانتصر نابليون في أوسترليتز عام 1805.", ("أوسترليتز",))
    assert found["أوسترليتز"] == ("named:austerlitz", PRECISION_TOWN)


def test_a_quarter_is_placed_and_a_common_word_quarter_needs_its_cue(place_stage: PlaceStage) -> None:
    found = located(place_stage, "وأقيم المعرض في حي رفيديا غرب نابلس.")
    assert found["رفيديا"] == ("named:rafidia", PRECISION_TOWN)
    found = located(place_stage, "واشتكى سكان حي الإرسال في مدينة البيرة من انقطاع المياه.")
    assert found["الإرسال"] == ("named:irsal-bireh", PRECISION_TOWN)
    # الإرسال "the transmission" without حي is the word
    found = located(place_stage, "وتوقف الإرسال التلفزيوني ساعة كاملة في رام الله.")
    assert "الإرسال" not in found


def test_the_rif_after_a_cue_and_its_other_mentions(place_stage: PlaceStage) -> None:
    # جمهورية الريف is the Rif Republic; the article's other bare الريف then name the region too
    text = "وأعلن الخطابي جمهورية الريف عام 1921 في شمال المغرب، ولقب بأسد الريف."
    doc = run(place_stage, text, ("الريف",))
    rif = [p for p in doc.places if p.id == "landmark:rif"]
    assert len(rif) == 1 and rif[0].precision == PRECISION_DISTRICT
    assert [text[s:e] for s, e in rif[0].mentions] == ["الريف", "الريف"]


def test_the_countryside_is_no_place(place_stage: PlaceStage) -> None:
    # الريف "the countryside", even tagged by the entity stage, is not the Rif (nor an unresolved place)
    for text in ("ونزحت عائلات كثيرة من الريف إلى المدينة.", "وعاد المزارعون إلى الريف السوري بعد الهدنة."):
        assert "الريف" not in located(place_stage, text, ("الريف",))


def test_greenland_is_placed_at_its_centre_not_at_its_capital(place_stage: PlaceStage) -> None:
    # a country without a row in geo_countries.tsv is placed at its capital: Nuuk lies 1,000 km from the
    # island's centre, which is where a map of a story about the ice sheet belongs
    doc = run(place_stage, "وذاب جزء كبير من الجليد في غرينلاند هذا الصيف.")
    greenland = next(p for p in doc.places if p.id == "country:GL")
    assert greenland.lat is not None and greenland.lat > 70.0


def test_new_holland_is_the_old_name_of_australia_not_the_netherlands(place_stage: PlaceStage) -> None:
    found = located(place_stage, "ورسم البحارة الهولنديون سواحل هولندا الجديدة في القرن السابع عشر.")
    assert found["هولندا الجديدة"] == ("named:new-holland", PRECISION_DISTRICT)


def test_a_historical_region_inside_a_state_s_name_leaves_the_state_whole(place_stage: PlaceStage) -> None:
    # the region's name فورتمبيرج is the second word of the German state's; the state is the place (three unseen
    # articles read the region alone once the region had an entry)
    found = located(place_stage, "ألقت الشرطة في ولاية بادن فورتمبيرج جنوب غرب ألمانيا القبض على رجل.", ("بادن فورتمبيرج",))
    assert found["بادن فورتمبيرج"][0] == "admin1:DE.01"
    assert "فورتمبيرج" not in found
