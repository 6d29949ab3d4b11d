"""A country inside a quoted name (round 32, branch plc32b, issue 13): a company's or a newspaper's name quoted after
its word (``شركة «تايوان باور»``, ``لشركة “ نيبال ايرلاينز”``, ``صحيفة «قطر»``) is no place when the entity stage tagged
the country, as it was not when the country was found by the scan; and a stadium's quoted name with its town stated
(``استاد "الإمارات" في العاصمة لندن``, Arsenal's ground) is placed at that town, as the name not quoted was in round
32.  A country quoted after a verb or a preposition, and a stadium's name with no town stated, stay as they were."""

from __future__ import annotations

from marsad.document import Document
from marsad.stages.places import PlaceStage
from place_stage_helpers import place_of, run_with_countries

LONDON = (51.51, -0.13)
COUNTRY_IDS = {"تايوان": "TW", "نيبال": "NP", "قطر": "QA", "الإمارات": "AE"}


def _run(place_stage: PlaceStage, text: str, towns: tuple[str, ...] = ()) -> Document:
    return run_with_countries(place_stage, text, COUNTRY_IDS, towns)


def test_a_country_opening_a_company_s_quoted_name_is_no_place(place_stage: PlaceStage) -> None:
    text = "وقالت شركة « تايوان باور» وهي شركة الكهرباء الرئيسية في الجزيرة إن الإعصار قطع التيار عن آلاف المنازل."
    assert place_of(_run(place_stage, text), "تايوان") is None
    text = "ويزداد السفر الجوي صعوبة مع شركة “ نيبال ايرلاينز”، التي شهدت طائراتها عشرات الحوادث."
    assert place_of(_run(place_stage, text), "نيبال") is None
    text = "وقالت صحيفة «قطر» في عددها الصادر اليوم إن الأمطار كانت غزيرة."
    assert place_of(_run(place_stage, text), "قطر") is None


def test_a_quoted_country_after_other_words_is_still_the_country(place_stage: PlaceStage) -> None:
    text = 'ووصل الوفد إلى "قطر" أمس في زيارة تستمر يومين.'
    place = place_of(_run(place_stage, text), "قطر")
    assert place is not None and place.id == "country:QA"
    # (a mark written onto the word before closes an earlier quotation: the country after it is the country)
    text = 'وقال الوزير إن الاتفاق "تاريخي" قطر ستوقعه الشهر المقبل.'
    place = place_of(_run(place_stage, text), "قطر")
    assert place is not None and place.id == "country:QA"


def test_a_stadium_s_quoted_name_with_its_town_is_at_the_town(place_stage: PlaceStage) -> None:
    text = 'وفاز أرسنال على ضيفه تشيلسي على استاد "الإمارات" في العاصمة لندن مساء أمس.'
    stadium = place_of(_run(place_stage, text, ("لندن",)), "الإمارات")
    assert stadium is not None and stadium.id != "country:AE" and stadium.country == "GB"
    assert stadium.lat is not None and stadium.lon is not None
    assert abs(stadium.lat - LONDON[0]) < 0.2 and abs(stadium.lon - LONDON[1]) < 0.2


def test_a_stadium_s_quoted_name_with_no_town_stays_as_it_was(place_stage: PlaceStage) -> None:
    text = 'وفاز أرسنال على ضيفه تشيلسي على استاد "الإمارات" كما ساهم ذلك الفوز في صدارته.'
    stadium = place_of(_run(place_stage, text), "الإمارات")
    assert stadium is not None and stadium.id == "country:AE"
