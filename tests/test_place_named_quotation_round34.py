"""A place inside a quoted name that a naming word introduces is part of that name (round 34, branch plc34b,
issue 13): ``عُرف التنظيم باسم "الدولة الإسلامية في العراق والشام"`` names a group, not Iraq; ``أطلقت حملة بعنوان
"معاً من أجل الأردن"`` a campaign.  The naming words are ``data/geo_naming_words.tsv``; a country is no exception
(the entity stage tags it); a quotation the place opens, or a place word before it inside, still names the place."""

from __future__ import annotations

from marsad.stages.places import PlaceStage
from place_stage_helpers import place_ids_by_surface, run_with_countries


def test_a_country_inside_a_quoted_name_after_a_naming_word_is_no_place(place_stage: PlaceStage) -> None:
    for text, country, code in (
        ('وكان التنظيم يعرف سابقا باسم "الدولة الإسلامية في العراق والشام" قبل أن يغير اسمه.', "العراق", "IQ"),
        ('وأطلقت الجمعية حملة بعنوان «معاً من أجل الأردن» لجمع التبرعات.', "الأردن", "JO"),
        ('وتنظم الوزارة مهرجانا تحت شعار "أطفال سوريا أولا" في الشهر المقبل.', "سوريا", "SY"),
    ):
        doc = run_with_countries(place_stage, text, {country: code})
        assert f"country:{code}" not in place_ids_by_surface(doc).values(), text


def test_a_quotation_the_place_opens_or_without_a_naming_word_stays_a_place(place_stage: PlaceStage) -> None:
    for text, country, code in (
        ('وتعرف المنطقة باسم "العراق" في الخرائط القديمة، وزارها الوفد أمس.', "العراق", "IQ"),
        ('وقال الوزير إن "الدولة الإسلامية في العراق" ما زالت تهدد المنطقة.', "العراق", "IQ"),
        ('وهي المنطقة المعروفة باسم "سوريا الكبرى" في كتب التاريخ، وزارها الوفد.', "سوريا", "SY"),
        ('ووصل الوفد إلى الأردن أمس لبحث الأزمة.', "الأردن", "JO"),
    ):
        doc = run_with_countries(place_stage, text, {country: code})
        assert f"country:{code}" in place_ids_by_surface(doc).values(), text


def test_a_place_after_a_bloc_or_a_call_is_no_place(place_stage: PlaceStage) -> None:
    for text, country, code in (
        ("وفازت كتلة فلسطين في انتخابات مجلس الطلبة بالجامعة أمس.", "فلسطين", "PS"),
        ("وقال الأمين العام لحركة نداء تونس إن الحزب سيشارك في الحكومة.", "تونس", "TN"),
    ):
        doc = run_with_countries(place_stage, text, {country: code})
        assert f"country:{code}" not in place_ids_by_surface(doc).values(), text
