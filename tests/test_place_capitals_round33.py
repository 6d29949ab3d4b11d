"""A country's name that is also its capital's, the text calling it the capital (round 33, issue 13): ``وسط تونس
العاصمة``, ``بالكويت العاصمة``, ``جيبوتي العاصمة``, ``بالعاصمة تونس``, ``العاصمة التونسية تونس`` is the city, not the
country, though the entity stage tagged the country (before round 33 the tag gave the country's entry only).  A
country named without the word, the word followed by an adjective (``الكويت العاصمة الاقتصادية``: what the text says
of the country), and the capital named by its adjective alone (``العاصمة الأردنية``, no name: nothing reported, as
before) stay as they were."""

from __future__ import annotations

from marsad.document import Document, Place
from marsad.stages.place_capitals import capital_said
from marsad.stages.places import PlaceStage
from place_stage_helpers import located_at, place_of, run_with_countries

COUNTRY_IDS = {"تونس": "TN", "الكويت": "KW", "جيبوتي": "DJ", "الجزائر": "DZ", "الأردن": "JO"}
TUNIS = (36.82, 10.17)
KUWAIT_CITY = (29.37, 47.97)
DJIBOUTI_CITY = (11.59, 43.15)
ALGIERS = (36.73, 3.09)


def _run(place_stage: PlaceStage, text: str) -> Document:
    return run_with_countries(place_stage, text, COUNTRY_IDS, proclitic_b=True)


def _at(place: Place | None, point: tuple[float, float]) -> bool:
    """A city-level place (precision 1) at ``point``."""
    return place is not None and place.precision == 1 and located_at(place, point, within=0.2)


def test_a_country_before_the_capital_s_word_is_the_city(place_stage: PlaceStage) -> None:
    assert _at(place_of(_run(place_stage, "وتجمع مئات المحتجين وسط تونس العاصمة مساء أمس."), "تونس"), TUNIS)
    text = "وأدى التفجير في مسجد بمنطقة الصوابر بالكويت العاصمة إلى سقوط قتلى."
    assert _at(place_of(_run(place_stage, text), "الكويت"), KUWAIT_CITY)
    assert _at(place_of(_run(place_stage, "ووصل الوفد إلى جيبوتي العاصمة في زيارة رسمية."), "جيبوتي"), DJIBOUTI_CITY)


def test_a_country_after_the_capital_s_word_is_the_city(place_stage: PlaceStage) -> None:
    text = "وأقيمت الحصة التدريبية على ملعب بالعاصمة تونس صباح اليوم."
    assert _at(place_of(_run(place_stage, text), "تونس"), TUNIS)
    text = "وتنطلق بالعاصمة الجزائر اليوم أعمال المؤتمر الدولي للطاقة."
    assert _at(place_of(_run(place_stage, text), "الجزائر"), ALGIERS)
    text = "وأجرى المنتخب تدريبه في العاصمة التونسية تونس قبل المباراة."
    assert _at(place_of(_run(place_stage, text), "تونس"), TUNIS)


def test_a_country_without_the_capital_s_word_stays_the_country(place_stage: PlaceStage) -> None:
    for text, name, code in (
        ("وزار الرئيس تونس الأسبوع الماضي والتقى نظيره.", "تونس", "TN"),
        ("وقال الوزير إن الكويت العاصمة الاقتصادية للخليج منذ عقود.", "الكويت", "KW"),
        ("وقالت الكويت إن العاصمة شهدت أمطارا غزيرة.", "الكويت", "KW"),
    ):
        place = place_of(_run(place_stage, text), name)
        assert place is not None and place.id == f"country:{code}", text


def test_the_capital_named_by_its_country_s_adjective_alone_is_not_reported(place_stage: PlaceStage) -> None:
    doc = _run(place_stage, "وعقد الاجتماع في العاصمة الأردنية بحضور الوزراء.")
    assert doc.places == []


def test_capital_said_reads_the_words_on_either_side() -> None:
    text = "في العاصمة الأردنية عمان وفي تونس العاصمة"
    amman = text.index("عمان")
    said = capital_said(text, amman, amman + len("عمان"))
    assert said is not None and said.country == "JO"
    tunis = text.index("تونس")
    assert capital_said(text, tunis, tunis + len("تونس")) == (None,)
    assert capital_said("زار تونس أمس", 4, 8) is None
