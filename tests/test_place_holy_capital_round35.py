"""Makkah named by its epithet (round 35, issue 13): the Saudi press calls Makkah ``العاصمة المقدسة`` ("the holy
capital") and its municipality ``أمانة العاصمة المقدسة``; the first was reported with no location and the second
read as ``أمانة العاصمة``, Sanaa's capital governorate, and left unresolved in a Saudi story (94 mentions of unseen
Saudi news).  Both are names of an entry of ``geo_named_areas.tsv`` at Makkah (the municipality as ``أمانة جدة`` is Jeddah);
Sanaa's governorate named on its own, and a holy land that is no town, stay as they were; and Makkah named both ways
in one sentence is one town for a quarter of it (``marsad.stages.place_quarters``)."""

from __future__ import annotations

from marsad.stages.places import PlaceStage
from place_stage_helpers import located_at, place_ids_by_surface, place_of, run_tagged

MAKKAH = "named:makkah-holy-capital"


def test_the_holy_capital_is_makkah(place_stage: PlaceStage) -> None:
    for text, tagged in (("يزور ملايين المعتمرين العاصمة المقدسة في شهر رمضان.", "العاصمة المقدسة"),
                         ("افتتح فندق جديد شمال العاصمة المقدسة قرب الطريق الدائري.", "العاصمة المقدسة")):
        doc = run_tagged(place_stage, text, ((tagged, "LOC"),))
        assert MAKKAH in place_ids_by_surface(doc).values(), text


def test_the_holy_capitals_municipality_is_makkah_not_sanaa(place_stage: PlaceStage) -> None:
    for text in ("طرحت أمانة العاصمة المقدسة مناقصة لإنارة الشوارع الفرعية.",
                 "زرعت أمانة العاصمة المقدّسة آلاف الأشجار على جانبي الطريق."):
        doc = run_tagged(place_stage, text, (("أمانة العاصمة", "LOC"),))
        ids = place_ids_by_surface(doc)
        assert MAKKAH in ids.values(), text
        assert "admin1:YE.26" not in ids.values() and None not in ids.values(), text


def test_sanaas_capital_governorate_and_the_holy_lands_stay(place_stage: PlaceStage) -> None:
    doc = run_tagged(place_stage, "ارتفعت أسعار الوقود في أمانة العاصمة صنعاء هذا الأسبوع.", (("أمانة العاصمة", "LOC"),))
    assert place_ids_by_surface(doc).get("أمانة العاصمة") == "admin1:YE.26"
    doc = run_tagged(place_stage, "كتب الرحالة عن رحلته الطويلة إلى الأراضي المقدسة.")
    assert MAKKAH not in place_ids_by_surface(doc).values()


def test_makkah_named_twice_ways_is_one_town_for_its_quarter(place_stage: PlaceStage) -> None:
    text = ("افتتحت بلدية فرعية بمكة المكرمة مكتبا جديدا بحي العزيزية لخدمة السكان، كما ذكرت وسائل الإعلام "
            "بالعاصمة المقدسة.")
    doc = run_tagged(place_stage, text, (("مكة المكرمة", "LOC"), ("العاصمة المقدسة", "LOC"), ("العزيزية", "LOC")))
    assert located_at(place_of(doc, "العزيزية"), (21.43, 39.83))
