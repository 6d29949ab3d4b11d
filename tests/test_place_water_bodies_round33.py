"""A gulf or a strait named after a town or a country (round 33, branch plc33c, issue 13): ``خليج السويس`` (the
Gulf of Suez), ``خليج تونس`` (the Gulf of Tunis), ``مضيق تايوان`` (the Taiwan Strait) name a water body, not the
town or the country; a gulf the gazetteer has is matched whole (``خليج عمان``), Guantanamo Bay is its facility, and a
town's sea front after ``بحر`` (``كورنيش بحر جدة``) stays the town."""

from __future__ import annotations

from marsad.stages.places import PlaceStage
from place_stage_helpers import place_ids_by_surface, run_tagged


def test_a_town_after_gulf_is_the_gulf_s_name(place_stage: PlaceStage) -> None:
    text = "وعبرت السفينة خليج السويس في طريقها إلى البحر الأحمر بعد توقف قصير."
    assert "السويس" not in place_ids_by_surface(run_tagged(place_stage, text))
    text = "وأقام المنتخب معسكره على شاطئ خليج تونس قبل السفر إلى القاهرة."
    found = place_ids_by_surface(run_tagged(place_stage, text, (("تونس", "LOC"), ("القاهرة", "LOC"))))
    assert "تونس" not in found and "القاهرة" in found


def test_a_country_after_strait_is_the_strait_s_name(place_stage: PlaceStage) -> None:
    text = "ومن المتوقع أن يعبر الإعصار مضيق تايوان ويضرب إقليم فوجيان في الصين مساء اليوم."
    found = place_ids_by_surface(run_tagged(place_stage, text, (("تايوان", "LOC"), ("الصين", "LOC"))))
    assert "تايوان" not in found and found.get("الصين") == "country:CN"


def test_a_gulf_of_the_gazetteer_and_guantanamo_bay_stay_places(place_stage: PlaceStage) -> None:
    text = "ورصدت البحرية ناقلة نفط في خليج عمان قرب السواحل الإيرانية."
    assert place_ids_by_surface(run_tagged(place_stage, text)).get("خليج عمان") == "named:gulf-of-oman"
    text = "ونقل المعتقلون إلى القاعدة البحرية الأمريكية في خليج جوانتانامو في كوبا."
    assert place_ids_by_surface(run_tagged(place_stage, text)).get("خليج جوانتانامو") == "conflict:guantanamo"


def test_a_town_s_sea_front_stays_the_town(place_stage: PlaceStage) -> None:
    text = "وتجمع الأهالي على كورنيش بحر جدة في أحد أيام العيد."
    assert place_ids_by_surface(run_tagged(place_stage, text, (("جدة", "LOC"),))).get("جدة") == "geonames:105343"
