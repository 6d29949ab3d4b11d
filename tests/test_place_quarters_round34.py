"""A quarter whose sentence names no place is the article's town's (round 34, issue 13): ``في حي السور`` of a story
about Yanbu, ``بحي الجزيرة`` of one about Riyadh's feast were reported with no location, because the town is named
sentences away (or in the dateline).  When the quarter's sentence names no other place and the article resolves one
town in its country, the quarter is placed there; a sentence that names another place (a region, a town the stage
left unresolved) or an article with two towns leaves it as it was, and so does a town named once and not as where
(``بداخل عمارة`` "inside a building" read as al-Amarah, Iraq)."""

from __future__ import annotations

from marsad.stages.places import PlaceStage
from place_stage_helpers import located_at, place_of, run_tagged

RIYADH = (24.69, 46.72)
JAZAN = (16.89, 42.55)


def _unlocated(found: object) -> bool:
    return found is None or getattr(found, "lat", None) is None


def test_a_quarter_of_a_sentence_with_no_place_is_the_article_s_town_s(place_stage: PlaceStage) -> None:
    text = ("أقيمت احتفالات العيد في الرياض في عدة مواقع. "
            "وأقبل الزوار على شراء منتجات الأسر في ساحة العروض بحي الخالدية طوال أيام العيد.")
    doc = run_tagged(place_stage, text, (("الرياض", "LOC"), ("الخالدية", "LOC")))
    found = place_of(doc, "الخالدية")
    assert found is not None and found.feature == "quarter" and located_at(found, RIYADH)


def test_a_sentence_naming_another_place_or_an_article_of_two_towns_gives_nothing(place_stage: PlaceStage) -> None:
    # the quarter's own sentence names a region: the quarter is there, not at the article's one town
    text = ("أعلن الدفاع المدني في جازان عن خطة جديدة. "
            "وسقطت قذائف على حي الخالدية بمنطقة نجران دون إصابات.")
    doc = run_tagged(place_stage, text, (("جازان", "LOC"), ("نجران", "LOC"), ("الخالدية", "LOC")))
    found = place_of(doc, "الخالدية")
    assert _unlocated(found) or not located_at(found, JAZAN, within=0.5)
    # two towns of the article: which one's quarter it is, the text does not say
    text = ("زار الوفد جدة ثم الرياض الأسبوع الماضي. "
            "وتفقد الوفد مشروعات الإسكان في حي الخالدية طوال اليوم.")
    doc = run_tagged(place_stage, text, (("جدة", "LOC"), ("الرياض", "LOC"), ("الخالدية", "LOC")))
    assert _unlocated(place_of(doc, "الخالدية"))
    # the one town named once, and not as where (a council's name): not enough to say the quarter is there
    text = ("أعلنت أمانة الرياض خطة جديدة للحدائق. "
            "وتشمل الخطة حديقة كبيرة في حي الخالدية طوال العام.")
    doc = run_tagged(place_stage, text, (("الرياض", "LOC"), ("الخالدية", "LOC")))
    assert _unlocated(place_of(doc, "الخالدية"))
