"""A country inside a quoted name (round 32, branch plc32b, issue 13): a company's or a newspaper's name quoted after
its word (``شركة «تايوان باور»``, ``لشركة “ نيبال ايرلاينز”``, ``صحيفة «قطر»``) is no place when the entity stage tagged
the country, as it was not when the country was found by the scan; and a stadium's quoted name with its town stated
(``استاد "الإمارات" في العاصمة لندن``, Arsenal's ground) is placed at that town, as the name not quoted was in round
32.  A country quoted after a verb or a preposition, and a stadium's name with no town stated, stay as they were."""

from __future__ import annotations

import regex

from marsad.document import Document, Entity, Place
from marsad.stages.boilerplate import BoilerplateStage
from marsad.stages.places import PlaceStage

LONDON = (51.51, -0.13)
COUNTRY_IDS = {"تايوان": "TW", "نيبال": "NP", "قطر": "QA", "الإمارات": "AE"}


def _run(place_stage: PlaceStage, text: str, towns: tuple[str, ...] = ()) -> Document:
    """The stage on ``text`` with the entity stage's tags: a country (GPE, its ISO code) on every country of
    :data:`COUNTRY_IDS` and a LOC on every word of ``towns``."""
    doc = Document(text)
    BoilerplateStage()(doc)
    for word, code in COUNTRY_IDS.items():
        for found in regex.finditer(rf"(?<!\p{{L}}){word}(?!\p{{L}})", text):
            doc.entities.append(Entity(found.start(), found.end(), word, "GPE", None, code))
    for word in towns:
        for found in regex.finditer(rf"(?<!\p{{L}}){word}(?!\p{{L}})", text):
            doc.entities.append(Entity(found.start(), found.end(), word, "LOC"))
    doc.entities.sort(key=lambda e: (e.start, e.end))
    place_stage(doc)
    return doc


def _place_of(doc: Document, surface: str) -> Place | None:
    for place in doc.places:
        if any(doc.text[s:e] == surface for s, e in place.mentions):
            return place
    return None


def test_a_country_opening_a_company_s_quoted_name_is_no_place(place_stage: PlaceStage) -> None:
    text = "وقالت شركة « تايوان باور» وهي شركة الكهرباء الرئيسية في الجزيرة إن الإعصار قطع التيار عن آلاف المنازل."
    assert _place_of(_run(place_stage, text), "تايوان") is None
    text = "ويزداد السفر الجوي صعوبة مع شركة “ نيبال ايرلاينز”، التي شهدت طائراتها عشرات الحوادث."
    assert _place_of(_run(place_stage, text), "نيبال") is None
    text = "وقالت صحيفة «قطر» في عددها الصادر اليوم إن الأمطار كانت غزيرة."
    assert _place_of(_run(place_stage, text), "قطر") is None


def test_a_quoted_country_after_other_words_is_still_the_country(place_stage: PlaceStage) -> None:
    text = 'ووصل الوفد إلى "قطر" أمس في زيارة تستمر يومين.'
    place = _place_of(_run(place_stage, text), "قطر")
    assert place is not None and place.id == "country:QA"
    # (a mark written onto the word before closes an earlier quotation: the country after it is the country)
    text = 'وقال الوزير إن الاتفاق "تاريخي" قطر ستوقعه الشهر المقبل.'
    place = _place_of(_run(place_stage, text), "قطر")
    assert place is not None and place.id == "country:QA"


def test_a_stadium_s_quoted_name_with_its_town_is_at_the_town(place_stage: PlaceStage) -> None:
    text = 'وفاز أرسنال على ضيفه تشيلسي على استاد "الإمارات" في العاصمة لندن مساء أمس.'
    stadium = _place_of(_run(place_stage, text, ("لندن",)), "الإمارات")
    assert stadium is not None and stadium.id != "country:AE" and stadium.country == "GB"
    assert stadium.lat is not None and stadium.lon is not None
    assert abs(stadium.lat - LONDON[0]) < 0.2 and abs(stadium.lon - LONDON[1]) < 0.2


def test_a_stadium_s_quoted_name_with_no_town_stays_as_it_was(place_stage: PlaceStage) -> None:
    text = 'وفاز أرسنال على ضيفه تشيلسي على استاد "الإمارات" كما ساهم ذلك الفوز في صدارته.'
    stadium = _place_of(_run(place_stage, text), "الإمارات")
    assert stadium is not None and stadium.id == "country:AE"
