"""A listed company or a group named after a country (round 33, issue 13): in market news the national operator of a
telecom company (``زين السعودية``, Zain's Saudi company), a petrochemical company (``كيان السعودية``) and a holding
group (``مجموعة السعودية``, ``مجموعة دبي العالمية``) carry a country's or a town's name that is no place there; the
country named on its own in the same sentence stays one."""

from __future__ import annotations

from marsad.stages.places import PlaceStage
from place_stage_helpers import place_ids_by_surface, run_tagged


def test_a_country_after_a_listed_company_s_word_is_the_company_s_name(place_stage: PlaceStage) -> None:
    text = "وجاءت أسهم شركات الإنماء وزين السعودية ودار الأركان وكيان السعودية على قائمة الأكثر نشاطا في السوق."
    assert "السعودية" not in place_ids_by_surface(run_tagged(place_stage, text))
    assert "السعودية" not in place_ids_by_surface(run_tagged(place_stage, text, (("السعودية", "LOC"),)))
    text = "وقال الرئيس التنفيذي لشركة زين الكويت إن الشركة رفعت أرباحها في الربع الثاني."
    assert "الكويت" not in place_ids_by_surface(run_tagged(place_stage, text))


def test_a_country_or_a_town_after_group_is_the_group_s_name(place_stage: PlaceStage) -> None:
    text = "وارتفع سهم مجموعة السعودية للأبحاث بنسبة ثلاثة في المئة في ختام التداول."
    assert "السعودية" not in place_ids_by_surface(run_tagged(place_stage, text))
    text = "وتعثرت مجموعة دبي العالمية عن سداد ديونها المستحقة للبنوك في الإمارات."
    found = place_ids_by_surface(run_tagged(place_stage, text, (("دبي", "LOC"),)))
    assert "دبي" not in found and found.get("الإمارات") == "country:AE"


def test_the_country_named_on_its_own_stays_a_place(place_stage: PlaceStage) -> None:
    # (the company's word counts right before the name only: the same sentence's country after في is the place)
    text = "وقال الرئيس التنفيذي لشركة زين إن الشركة توسع شبكتها في السعودية والكويت هذا العام."
    found = place_ids_by_surface(run_tagged(place_stage, text))
    assert found.get("السعودية") == "country:SA" and found.get("الكويت") == "country:KW"


def test_a_town_after_an_insurer_s_first_word_is_the_insurer_s_name(place_stage: PlaceStage) -> None:
    # الإنماء طوكيو مارين, an insurer listed on the Saudi market, is written الإنماء طوكيو in market reports
    # (the entity stage tags the town: tagged, a big city is kept unless a word says it is a name)
    tokyo = (("طوكيو", "LOC"),)
    text = "وجاءت أسهم شركات سابك والإنماء طوكيو ووفاء للتأمين على رأس الشركات الأكثر ارتفاعا."
    assert "طوكيو" not in place_ids_by_surface(run_tagged(place_stage, text, tokyo))
    text = "وارتفع سهم الانماء طوكيو م بنسبة تسعة في المئة ليغلق عند أعلى مستوياته."
    assert "طوكيو" not in place_ids_by_surface(run_tagged(place_stage, text, tokyo))
    # (Tokyo where something happens stays the city)
    text = "ووصل وزير التجارة إلى طوكيو في زيارة رسمية يبحث خلالها الاستثمارات المشتركة."
    assert place_ids_by_surface(run_tagged(place_stage, text, tokyo)).get("طوكيو") == "geonames:1850147"


def test_a_country_in_a_stadium_s_cup_is_the_cup_s_name(place_stage: PlaceStage) -> None:
    # كأس إستاد الإمارات, the Emirates Cup played at Arsenal's ground: كأس before the stadium's word, not before the country
    text = "وخسر الفريق مباراتيه في بطولة كأس إستاد الإمارات الودية أمام فياريال وأرسنال."
    assert "الإمارات" not in place_ids_by_surface(run_tagged(place_stage, text, (("الإمارات", "LOC"),)))
    text = "وتقام بطولة كأس استاد الإمارات الودية حاليا في لندن بمشاركة أربعة أندية."
    found = place_ids_by_surface(run_tagged(place_stage, text, (("الإمارات", "LOC"), ("لندن", "LOC"))))
    assert "الإمارات" not in found and found.get("لندن") == "geonames:2643743"
