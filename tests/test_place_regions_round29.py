"""Round 29 (issue 13): the classes round 28 left.  Kurdistan is a region, not the populationless locality of its
name; every Saudi governorate with no Saudi entry has one (its seat, at a GeoNames point or hand-placed); a seat
GeoNames names in no Arabic gets its Arabic name even where another Saudi town bears it, and the article's region
tells the two apart (``data/geo_named_areas.tsv``, ``data/geo_arabic_names.tsv``, ``data/geo_regions.tsv``)."""

from __future__ import annotations

from marsad.geo.gazetteer import PRECISION_COUNTRY, PRECISION_DISTRICT, PRECISION_TOWN
from marsad.stages.places import PlaceStage
from test_place_regions_round27 import located


def test_kurdistan_is_a_region_not_a_town(place_stage: PlaceStage) -> None:
    # the index had only a WOF locality of no population, a town-level marker for a region of four countries
    found = located(place_stage, "ويطالب الأكراد باستقلال كردستان منذ عقود، ويعيش كثير منهم في ديار بكر.")
    assert found["كردستان"] == ("named:kurdistan", PRECISION_COUNTRY)


def test_the_kurdistan_region_of_iraq_is_an_area_of_iraq(place_stage: PlaceStage) -> None:
    found = located(place_stage, "وقصفت الطائرات التركية قرى في إقليم كردستان العراق، ونددت بغداد بالقصف.")
    assert found["إقليم كردستان العراق"] == ("named:kurdistan-region-iraq", PRECISION_DISTRICT)
    assert "العراق" not in found
    found = located(place_stage, "وتوجه الوفد إلى إقليم كردستان بعد زيارة بغداد.")
    assert found["إقليم كردستان"] == ("named:kurdistan-region-iraq", PRECISION_DISTRICT)


def test_saudi_governorates_with_no_entry_are_placed(place_stage: PlaceStage) -> None:
    found = located(place_stage, "وافتتح أمير منطقة جازان مشروعا في محافظة العارضة، ثم زار رفحاء وشرورة ووادي الدواسر.")
    assert found["العارضة"] == ("named:gov-al-aridah", PRECISION_DISTRICT)  # only Yemeni hamlets before
    assert found["رفحاء"] == ("named:gov-rafha", PRECISION_DISTRICT)
    assert found["شرورة"] == ("named:gov-sharurah", PRECISION_DISTRICT)
    assert found["وادي الدواسر"] == ("named:gov-wadi-ad-dawasir", PRECISION_DISTRICT)


def test_al_soudah_of_asir_and_its_yemeni_namesake(place_stage: PlaceStage) -> None:
    found = located(place_stage, "وتوافد السياح على منتزه السودة في منطقة عسير هربا من حر الصيف.")
    assert found["السودة"] == ("named:al-soudah", PRECISION_TOWN)  # a Yemeni district before
    found = located(place_stage, "وسيطر المسلحون على مديرية السودة في محافظة عمران شمال صنعاء.")
    assert found["السودة"][0] != "named:al-soudah"


def test_a_seat_named_by_a_common_word_needs_its_cue(place_stage: PlaceStage) -> None:
    found = located(place_stage, "وافتتح المحافظ مدرسة جديدة في محافظة حقل على خليج العقبة.")
    assert found["حقل"] == ("named:gov-haql", PRECISION_DISTRICT)
    found = located(place_stage, "وزرع الفلاحون حقل القمح قرب الرياض هذا العام.")
    assert "حقل" not in found


def test_saudi_namesakes_told_apart_by_the_articles_region(place_stage: PlaceStage) -> None:
    # Turabah of the Makkah Region, which GeoNames names in no Arabic, and the Ha'il village Turubah
    found = located(place_stage, "وزار الأمير محافظة تربة التابعة لمنطقة مكة المكرمة، والتقى محافظ الطائف.")
    assert found["تربة"] == ("geonames:101322", PRECISION_TOWN)
    found = located(place_stage, "وهطلت أمطار غزيرة على حائل وتربة والشملي أمس.")
    assert found["تربة"] == ("geonames:393275", PRECISION_TOWN)


def test_a_country_closing_a_quoted_name_is_that_name_not_the_country(place_stage: PlaceStage) -> None:
    # a company, a militia and a festival whose quoted names end with a country
    found = located(place_stage, "وأعلنت شركة «زين السعودية» عرضا جديدا، وسيطرت مليشيا «فجر ليبيا» على المطار.")
    assert "السعودية" not in found
    assert "ليبيا" not in found
    found = located(place_stage, "وافتتح مهرجان «صيف البحرين» أمس في العاصمة.")
    assert "البحرين" not in found


def test_a_country_in_a_quoted_sentence_or_after_a_direction_is_the_country(place_stage: PlaceStage) -> None:
    found = located(place_stage, "وهتف المتظاهرون «الموت لأميركا» أمام السفارة، وقتل جنود بولاية عين الدفلى \"غرب الجزائر\".")
    assert found["أميركا"] == ("country:US", PRECISION_COUNTRY)
    assert found["الجزائر"] == ("country:DZ", PRECISION_COUNTRY)
    found = located(place_stage, "ودعا الرئيس «إيران» إلى احترام الاتفاق.")
    assert found["إيران"] == ("country:IR", PRECISION_COUNTRY)
