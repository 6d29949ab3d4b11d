"""Places of Saudi news the round-22 fresh probe's probe half got wrong, by class (tools/probe_places_snn22.py):
the Copa América spelt أميركا, New Zealand spelt نيوزلندا, a US state the article places with a country adjective,
Jeddah's press name عروس البحر الأحمر, Lake Chad and the Council of Senior Scholars."""

from __future__ import annotations

from pathlib import Path

from judged_places import SNN_KEY, judged_rows
from marsad.document import Document, Entity
from marsad.stages.places import PlaceStage
from test_place_lookalikes_encyclopaedic import names


def test_the_copa_america_spelt_with_ye_is_no_cuba(place_stage: PlaceStage) -> None:
    assert "كوبا" not in names(place_stage, "وغاب نيمار عن المباراة لإيقافه في كوبا أميركا عقب طرده.")
    assert names(place_stage, "ووصل الوفد إلى كوبا أمس في زيارة رسمية.").get("كوبا") == "Cuba"


def test_new_zealand_without_its_ya_is_new_zealand(place_stage: PlaceStage) -> None:
    assert names(place_stage, "ويقيم المنتخب معسكره في نيوزلندا حتى نهاية الشهر.").get("نيوزلندا") == "New Zealand"



def test_a_state_spelt_another_way_is_placed_by_the_adjective_after_it(place_stage: PlaceStage) -> None:
    # كلورادو (Colorado written without its first و): a short skeleton wants its country named, and the
    # adjective after the name names it, here even across a closing bracket
    assert names(place_stage, "وقال إنه ولد في كلورادو الأميركية.", tagged=("كلورادو",)).get("كلورادو") == "Colorado"
    assert names(place_stage, "فالرجل لم يولد إلا في ( كلورادو ) الأميركية.", tagged=("كلورادو",)).get("كلورادو") == "Colorado"
    # with another country's adjective, or none, it stays unplaced
    assert names(place_stage, "وقال إنه ولد في كلورادو البرازيلية.", tagged=("كلورادو",)).get("كلورادو") is None
    assert names(place_stage, "وقال إنه ولد في كلورادو منذ زمن.", tagged=("كلورادو",)).get("كلورادو") is None


def test_the_bride_of_the_red_sea_is_jeddah(place_stage: PlaceStage) -> None:
    found = names(place_stage, "وتواصل الأمانة مشاريع تطوير الواجهة البحرية لعروس البحر الأحمر هذا العام.")
    assert found.get("عروس البحر الأحمر") == "Jeddah"
    assert "البحر الأحمر" not in found
    assert names(place_stage, "وعبرت السفينة البحر الأحمر أمس.").get("البحر الأحمر") == "Red Sea"
    # the press name adds no reading of جده "his grandfather" as the city
    assert "جده" not in names(place_stage, "ودفع الرجل ثمن أفعال جده توماس في القرن السادس عشر.")



def test_lake_chad_is_the_lake_not_the_country(place_stage: PlaceStage) -> None:
    found = names(place_stage, "وشن المسلحون هجمات على جزر بحيرة تشاد أمس.")
    assert found.get("بحيرة تشاد") == "Lake Chad" and "تشاد" not in found
    assert names(place_stage, "ووصل الرئيس إلى تشاد أمس.").get("تشاد") == "Chad"


def test_the_council_of_senior_scholars_holds_no_place(place_stage: PlaceStage) -> None:
    # the entity stage tags the council an organisation; its word كبار is Kabbar, a Syrian village
    text = "وقال الشيخ عبدالله المنيع عضو هيئة كبار العلماء إن التقويم دقيق."
    doc = Document(text)
    council = text.index("هيئة")
    doc.entities.append(Entity(council, council + len("هيئة كبار العلماء"), "هيئة كبار العلماء", "ORG"))
    place_stage(doc)
    assert all(text[s:e] != "كبار" for p in doc.places for s, e in p.mentions)


def test_the_round_22_judgements_hold_offsets_and_verdicts_only() -> None:
    # SaudiNewsNet text may not be committed: every row is a key, offsets, a verdict, a half, a level and an id
    path = Path(__file__).parent / "gold" / "places" / "snn22_judged.tsv"
    assert len(judged_rows(path, SNN_KEY + r"|open:aner-\d{4}")) >= 400
