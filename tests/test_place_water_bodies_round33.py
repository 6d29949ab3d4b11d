"""Guantanamo Bay (round 33, branch plc33c, issue 13): ``خليج جوانتانامو`` is the name of the detention camp's
entry, matched whole from ``خليج`` (it was the camp read from ``جوانتانامو`` alone, or ``خليج غوانتانامو`` the Cuban
city of Guantánamo); a gulf the gazetteer has stays matched whole (``خليج عمان``, the Gulf of Oman, not Oman or
Amman)."""

from __future__ import annotations

from marsad.stages.places import PlaceStage
from place_stage_helpers import place_ids_by_surface, run_tagged


def test_guantanamo_bay_is_the_camp_s_name_whole(place_stage: PlaceStage) -> None:
    text = "ونقل المعتقلون إلى القاعدة البحرية الأمريكية في خليج جوانتانامو في كوبا."
    assert place_ids_by_surface(run_tagged(place_stage, text)).get("خليج جوانتانامو") == "conflict:guantanamo"
    text = "وأغلقت أجزاء من القاعدة العسكرية الأمريكية في خليج غوانتانامو في كوبا بعد العاصفة."
    found = place_ids_by_surface(run_tagged(place_stage, text, (("غوانتانامو", "LOC"), ("كوبا", "LOC"))))
    assert found.get("خليج غوانتانامو") == "conflict:guantanamo" and found.get("كوبا") == "country:CU"


def test_a_gulf_of_the_gazetteer_is_matched_whole(place_stage: PlaceStage) -> None:
    text = "ورصدت البحرية ناقلة نفط في خليج عمان قرب السواحل الإيرانية."
    assert place_ids_by_surface(run_tagged(place_stage, text)).get("خليج عمان") == "named:gulf-of-oman"
    text = "وعبرت ناقلة النفط مضيق هرمز متجهة إلى خليج عمان صباح اليوم."
    found = place_ids_by_surface(run_tagged(place_stage, text, (("مضيق هرمز", "LOC"), ("خليج عمان", "LOC"))))
    assert found.get("مضيق هرمز") == "conflict:hormuz" and found.get("خليج عمان") == "named:gulf-of-oman"
