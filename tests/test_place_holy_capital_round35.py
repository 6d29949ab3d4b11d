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
    for text, tagged in (("وتمكنت فرق الدفاع المدني بالعاصمة المقدسة من إخماد حريق في مستودع.", "العاصمة المقدسة"),
                         ("شب حريق في مستودع جنوب شرق العاصمة المقدسة مساء أمس.", "العاصمة المقدسة")):
        doc = run_tagged(place_stage, text, ((tagged, "LOC"),))
        assert MAKKAH in place_ids_by_surface(doc).values(), text


def test_the_holy_capitals_municipality_is_makkah_not_sanaa(place_stage: PlaceStage) -> None:
    for text in ("وأبرمت أمانة العاصمة المقدسة ثلاثة عقود جديدة لتطوير الطرق.",
                 "وأكد المتحدث أن أمانة العاصمة المقدّسة حريصة على نظافة الأحياء."):
        doc = run_tagged(place_stage, text, (("أمانة العاصمة", "LOC"),))
        ids = place_ids_by_surface(doc)
        assert MAKKAH in ids.values(), text
        assert "admin1:YE.26" not in ids.values() and None not in ids.values(), text


def test_sanaas_capital_governorate_and_the_holy_lands_stay(place_stage: PlaceStage) -> None:
    doc = run_tagged(place_stage, "وسيطرت المقاومة على مديريات في أمانة العاصمة صنعاء.", (("أمانة العاصمة", "LOC"),))
    assert place_ids_by_surface(doc).get("أمانة العاصمة") == "admin1:YE.26"
    doc = run_tagged(place_stage, "وتوجه الحجاج إلى الأراضي المقدسة لأداء المناسك.")
    assert MAKKAH not in place_ids_by_surface(doc).values()


def test_makkah_named_twice_ways_is_one_town_for_its_quarter(place_stage: PlaceStage) -> None:
    text = ("أخمدت فرق الدفاع المدني بمكة المكرمة فجر أمس حريقا في عمارة سكنية بحي العزيزية، أوضح ذلك المتحدث "
            "الرسمي للدفاع المدني بالعاصمة المقدسة.")
    doc = run_tagged(place_stage, text, (("مكة المكرمة", "LOC"), ("العاصمة المقدسة", "LOC"), ("العزيزية", "LOC")))
    assert located_at(place_of(doc, "العزيزية"), (21.43, 39.83))
