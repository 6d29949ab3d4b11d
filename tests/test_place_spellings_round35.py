"""Places the Saudi press writes in a spelling the index lacked (round 35, issue 13): Zurich as ``زيوريخ``, Bangladesh
as ``بنجلاديش``, the Maldives as ``المالديف`` (without ``جزر``), Hafar al-Batin and Abu Arish written as one word
(``حفرالباطن``, ``أبوعريش``) and Milwaukee as ``ميلووكي`` were reported with no location (90 mentions of unseen news);
they are rows of ``geo_arabic_names.tsv`` and ``geo_countries.tsv``.  And a person's nationality the entity stage
tags as a place (``بنجلاديشي الجنسية``, "of Bangladeshi nationality", in a list of names) is no place
(``geo_description_words.tsv``)."""

from __future__ import annotations

from marsad.stages.places import PlaceStage
from place_stage_helpers import place_ids_by_surface, run_tagged


def test_the_press_spellings_are_located(place_stage: PlaceStage) -> None:
    for text, surface, place_id in (
        ("وتعقد اللجنة اجتماعها اليوم في زيوريخ لتحديد موعد الانتخابات.", "زيوريخ", "geonames:2657896"),
        ("وطالب المكتب المواطنين بالذهاب إلى بنجلاديش لإتمام الإجراءات.", "بنجلاديش", "country:BD"),
        ("ووصل الوفد اليوم إلى جمهورية المالديف للمشاركة في الاحتفال.", "المالديف", "country:MV"),
        ("وانطلق أمس مهرجان حفرالباطن للصيف بحضور المحافظ.", "حفرالباطن", "geonames:106297"),
        ("وافتتحت الجمعية مقرها الجديد بمحافظة أبوعريش في منطقة جازان.", "أبوعريش", "geonames:110619"),
        ("وأقيمت المباراة في ميلووكي بولاية ويسكونسن.", "ميلووكي", "geonames:5263045"),
    ):
        doc = run_tagged(place_stage, text, ((surface, "LOC"),))
        assert place_ids_by_surface(doc).get(surface) == place_id, text


def test_a_nationality_in_a_list_of_names_is_no_place(place_stage: PlaceStage) -> None:
    for text, tag in (("12 - محمد بلال حسين محمد - بنجلاديشي الجنسية . 13 - أفاز الدين نور - بنغلاديشي الجنسية .",
                       "بنجلاديشي الجنسية"),
                      ("وقبضت الشرطة على عامل باكستاني الجنسية في جدة.", "باكستاني الجنسية")):
        doc = run_tagged(place_stage, text, ((tag, "LOC"), ("بنغلاديشي الجنسية", "LOC")))
        assert all("الجنسية" not in surface for surface in place_ids_by_surface(doc)), text


def test_the_country_itself_stays_a_place(place_stage: PlaceStage) -> None:
    doc = run_tagged(place_stage, "وصل العمال من بنغلاديش إلى جدة.", (("بنغلاديش", "GPE"),))
    assert place_ids_by_surface(doc).get("بنغلاديش") == "country:BD"
