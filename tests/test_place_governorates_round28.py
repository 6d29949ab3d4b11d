"""Saudi governorates and named regions the index had no entry for (round 28, issue 13): a governorate whose name
no gazetteer entry has is placed at its seat with district precision, a governorate seat GeoNames names in no
Arabic gets its Arabic name, and Tihama, Najd, the Negev and the Syrian Desert are regions, not the hamlets of
their names (``data/geo_named_areas.tsv``, ``data/geo_arabic_names.tsv``, ``data/geo_regions.tsv``)."""

from __future__ import annotations

from marsad.geo import gazetteer
from marsad.geo.gazetteer import PRECISION_COUNTRY, PRECISION_DISTRICT, PRECISION_TOWN
from marsad.stages.places import PlaceStage
from test_place_regions_round27 import located


def test_a_governorate_with_no_town_entry_is_placed_at_its_seat(place_stage: PlaceStage) -> None:
    found = located(place_stage, "وافتتح محافظ الأحساء مستشفى جديدا، وزار وفد محافظة القنفذة ومحافظة رجال ألمع.")
    assert found["الأحساء"] == ("named:gov-al-ahsa", PRECISION_DISTRICT)
    assert found["القنفذة"] == ("named:gov-al-qunfudhah", PRECISION_DISTRICT)
    assert found["رجال ألمع"] == ("named:gov-rijal-alma", PRECISION_DISTRICT)


def test_muhayil_asir_is_one_name_not_the_asir_region(place_stage: PlaceStage) -> None:
    found = located(place_stage, "وافتتحت وزارة الصحة مركزا جديدا لغسيل الكلى في محايل عسير هذا العام.")
    assert found["محايل عسير"] == ("named:gov-muhayil", PRECISION_DISTRICT)
    assert "عسير" not in found


def test_dhahran_al_janub_is_not_dhahran(place_stage: PlaceStage) -> None:
    # the border governorate of Asir, 1,000 km from Dhahran in the Eastern Province
    found = located(place_stage, "وانتقل المعلم من أبها إلى مدرسة ابتدائية في ظهران الجنوب مطلع العام الدراسي.")
    assert found["ظهران الجنوب"] == ("named:gov-dhahran-al-janub", PRECISION_DISTRICT)
    assert "ظهران" not in found


def test_al_ahsa_named_bare_in_a_list_is_placed(place_stage: PlaceStage) -> None:
    # with no cue: a district's population does not count for a bare name, so al-Ahsa is an area with its seat's
    found = located(place_stage, "وتمتد الواحات القديمة على سواحل البحرين والأحساء وقطر.", ("الأحساء",))
    assert found["الأحساء"] == ("named:gov-al-ahsa", PRECISION_DISTRICT)


def test_a_seat_geonames_names_in_no_arabic_is_found(place_stage: PlaceStage) -> None:
    found = located(place_stage, "وتوقف القطار الجديد في محافظة الليث، ثم واصل المسافرون رحلتهم بالحافلة إلى عفيف.")
    assert found["الليث"] == ("geonames:109253", PRECISION_TOWN)
    assert found["عفيف"] == ("geonames:110250", PRECISION_TOWN)


def test_tihama_and_the_negev_are_regions_not_hamlets(place_stage: PlaceStage) -> None:
    # Tihama was the WOF hamlet of Marib, 70 km east of Sanaa; the Negev a village of Ma'an, Jordan
    found = located(place_stage, "وتزرع الذرة في سهول تهامة منذ قرون، ويعيش الرعاة في صحراء النقب.")
    assert found["تهامة"] == ("named:tihama", PRECISION_COUNTRY)
    assert found["صحراء النقب"] == ("named:negev", PRECISION_COUNTRY)
    found = located(place_stage, "وانتشرت الميليشيات في البادية السورية شرق حمص.")
    assert found["البادية السورية"] == ("named:syrian-desert", PRECISION_COUNTRY)


def test_najd_after_a_cue_and_the_verb_we_find(place_stage: PlaceStage) -> None:
    found = located(place_stage, "وتقع الرياض في هضبة نجد وسط الجزيرة العربية.")
    assert found["هضبة نجد"] == ("named:najd", PRECISION_COUNTRY)
    # نجد "we find" is the verb
    found = located(place_stage, "وعندما ننظر إلى الأرقام نجد أن البطالة تراجعت في الرياض.")
    assert "نجد" not in found


def test_an_edit_of_the_named_areas_renews_the_cached_index() -> None:
    # the named areas were left out of the cache's fingerprint: an edited row was served from an old index
    assert gazetteer.NAMED_AREAS_FILE in gazetteer._DATA_FILES
