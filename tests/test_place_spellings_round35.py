"""Places the Saudi press writes in a spelling the index lacked (round 35, issue 13): Zurich as ``زيوريخ``, Bangladesh
as ``بنجلاديش``, the Maldives as ``المالديف`` (without ``جزر``), Hafar al-Batin and Abu Arish written as one word
(``حفرالباطن``, ``أبوعريش``) and Milwaukee as ``ميلووكي`` were reported with no location (90 mentions of unseen news);
they are rows of ``geo_arabic_names.tsv`` and ``geo_countries.tsv``.  And a person's nationality the entity stage
tags as a place (``بنجلاديشي الجنسية``, "of Bangladeshi nationality", after a name in a list) is no place
(``geo_description_words.tsv``)."""

from __future__ import annotations

from marsad.stages.places import PlaceStage
from place_stage_helpers import place_ids_by_surface, run_tagged


def test_the_press_spellings_are_located(place_stage: PlaceStage) -> None:
    for text, surface, place_id in (
        ("سافر المدرب إلى زيوريخ للقاء مسؤولي الاتحاد الدولي.", "زيوريخ", "geonames:2657896"),
        ("وصلت شحنة من الأرز المستورد من بنجلاديش إلى الميناء.", "بنجلاديش", "country:BD"),
        ("يقضي كثير من السياح عطلتهم في المالديف كل شتاء.", "المالديف", "country:MV"),
        ("افتتح رجل أعمال مصنعا جديدا في حفرالباطن هذا الشهر.", "حفرالباطن", "geonames:106297"),
        ("هطلت أمطار غزيرة في أبوعريش مساء السبت.", "أبوعريش", "geonames:110619"),
        ("انتقل اللاعب من فريق في شيكاغو إلى ميلووكي الموسم الماضي.", "ميلووكي", "geonames:5263045"),
    ):
        doc = run_tagged(place_stage, text, ((surface, "LOC"),))
        assert place_ids_by_surface(doc).get(surface) == place_id, text


def test_a_nationality_in_a_list_of_names_is_no_place(place_stage: PlaceStage) -> None:
    for text, tag in (("1 - سالم عبدالكريم فؤاد - بنجلاديشي الجنسية . 2 - نادر حميد صابر - بنغلاديشي الجنسية .",
                       "بنجلاديشي الجنسية"),
                      ("ضبط رجال الأمن سائقا باكستاني الجنسية يقود بلا رخصة في جدة.", "باكستاني الجنسية")):
        doc = run_tagged(place_stage, text, ((tag, "LOC"), ("بنغلاديشي الجنسية", "LOC")))
        assert all("الجنسية" not in surface for surface in place_ids_by_surface(doc)), text


def test_the_country_itself_stays_a_place(place_stage: PlaceStage) -> None:
    doc = run_tagged(place_stage, "ولد الكاتب في بنغلاديش ثم هاجر إلى لندن.", (("بنغلاديش", "GPE"),))
    assert place_ids_by_surface(doc).get("بنغلاديش") == "country:BD"
