"""Places the article's context decides: a town's name after a demonstrative, a street named after a town, a
name that is a country and a town of another country (عمان), a car's make named like a town (سيارة رينو is
Renault, not Reno, Nevada)."""

from __future__ import annotations

from marsad.document import Document, Entity
from marsad.stages.boilerplate import BoilerplateStage
from marsad.stages.places import PlaceStage


def places(place_stage: PlaceStage, text: str) -> dict[str, str | None]:
    """Each mention's words → the id of its place (None: unresolved)."""
    doc = Document(text)
    BoilerplateStage()(doc)
    place_stage(doc)
    return {text[start:end]: place.id for place in doc.places for start, end in place.mentions}


def test_a_town_name_after_a_demonstrative_is_a_common_noun(place_stage: PlaceStage) -> None:
    # العمارة "the building" (Al Amarah), الزاوية "the angle" (Zawiya)
    assert "العمارة" not in places(place_stage, "تعتبر هذه العمارة من أجمل المباني في المدينة.")
    assert "الزاوية" not in places(place_stage, "ومن هذه الزاوية تبقى القاعدة مصدر قلق أكبر.")
    # ... while a country or a region is named again so, and the town itself stays a place
    assert "الخليج" in places(place_stage, "ولهذا الخليج أهمية كبيرة في التجارة.")
    assert places(place_stage, "وصل الوزير إلى العمارة جنوبي العراق.").get("العمارة") == "geonames:99608"


def test_a_street_named_after_a_town_is_not_that_town(place_stage: PlaceStage) -> None:
    found = places(place_stage, "انفجرت سيارة مفخخة في شارع بغداد في دمشق صباح اليوم.")
    assert "بغداد" in found and found["بغداد"] is None  # a place (the street), not Baghdad
    assert found["دمشق"] is not None
    # Baghdad itself is still Baghdad
    assert places(place_stage, "انفجرت سيارة مفخخة في بغداد صباح اليوم.")["بغداد"] == "geonames:98182"


def test_amman_in_a_story_about_jordan(place_stage: PlaceStage) -> None:
    found = places(place_stage, "وصل الوفد الأردني إلى عمان أمس. وقال الملك عبدالله إن الأردن يدعم الحل.")
    assert found["عمان"] == "geonames:250441"


def test_oman_is_not_read_as_amman_when_the_text_speaks_of_oman(place_stage: PlaceStage) -> None:
    # an Omani adjective elsewhere: the rule does not decide
    found = places(place_stage, "زار الوزير عمان أمس والتقى نظيره العماني. وقال إن الأردن يدعم الحل.")
    assert found["عمان"] != "geonames:250441"
    # a list of countries: Oman
    listed = places(place_stage, "يشارك عمال من سريلانكا، والصين، وبولندا، وعمان، وبنغلاديش. وقال إن الأردن يدعم الحل.")
    assert listed["عمان"] == "country:OM"
    # Benin in a list of countries is the country, not Benin City, though Nigeria is named (every mention)
    text = (
        "وتشارك في القوة نيجيريا والنيجر وتشاد والكاميرون وبنين. وقال مسؤول في نيجيريا إن القوة جاهزة. "
        "وأكدت بنين أنها سترسل جنودا."
    )
    doc = Document(text)
    BoilerplateStage()(doc)
    place_stage(doc)
    assert {p.id for p in doc.places if text[p.mentions[0][0] : p.mentions[0][1]] == "بنين"} <= {"country:BJ", None}


def test_a_country_name_with_tanween_is_an_adjective_or_a_noun(place_stage: PlaceStage) -> None:
    # the entity stage's country tags too: سورياً "a Syrian", كوبًا "a cup", رومانياً "Roman"
    tagged = _tagged_run(place_stage, "أوقف الجيش 23 شخصاً سورياً قرب الحدود.", "سوريا")
    assert "SY" not in {p.country for p in tagged.places}
    tagged = _tagged_run(place_stage, "سافر الوزير إلى سوريا أمس.", "سوريا")
    assert "SY" in {p.country for p in tagged.places}


def _tagged_run(place_stage: PlaceStage, text: str, country: str) -> Document:
    """The stage with an entity-stage ``GPE`` tag on ``country`` (its ISO code as the id, as the entity stage gives)."""
    doc = Document(text)
    BoilerplateStage()(doc)
    start = text.index(country)
    doc.entities.append(Entity(start, start + len(country), country, "GPE", id="SY"))
    place_stage(doc)
    return doc


def test_verbs_and_adjectives_spelt_like_villages_are_words(place_stage: PlaceStage) -> None:
    # أجزم "I assert" (Ijzim), لجأت "took refuge" (ل + Ghat), دمره "destroyed it" (Dimra), بلا "without"
    for text in (
        "أستطيع أن أجزم بأن القيادات متورطة.",
        "وقد لجأت الحكومة إلى طرح حلول أخرى.",
        "إن القطاع الزراعي دمره النزاع.",
        "وتحولت البلاد إلى دولة بلا رأس.",
        "وتحتضن عدة محافظات يمنية عناصر التنظيم.",
    ):
        assert all(place.precision != 1 for place in _run(place_stage, text).places), text
    # ... the villages themselves, after a cue
    assert places(place_stage, "هجر سكان قرية إجزم عام 1948.")["إجزم"] == "palestine1948:ijzim"


def _run(place_stage: PlaceStage, text: str) -> Document:
    doc = Document(text)
    BoilerplateStage()(doc)
    place_stage(doc)
    return doc


def test_min_nahiyat_before_a_common_word_is_the_idiom(place_stage: PlaceStage) -> None:
    # من ناحية حرية الرأي "in terms of freedom of opinion": not the Iraqi village Hurriyah
    assert "حرية" not in places(place_stage, "وهي أفضل بكثير من الدول في المنطقة من ناحية حرية الرأي والبيان.")
    assert "المضمون" not in places(place_stage, "إلا أنه من ناحية المضمون صالح للاستخدام.")
    # ... while a subdistrict stays one, after the same words or after في ناحية
    assert places(place_stage, "انسحب المقاتلون من ناحية الصقلاوية شمال الفلوجة.").get("الصقلاوية") is not None
    assert "حرية" in places(place_stage, "وقتل ثلاثة في ناحية حرية بمحافظة بابل.")


def test_a_cars_make_is_not_a_town(place_stage: PlaceStage) -> None:
    # سيارة رينو: Renault, not Reno, Nevada; the make throughout the article («رينو داستر», اقتحام رينو)
    text = "أطلقت الشركة «رينو داستر» الجديدة. وتتميز سيارة رينو بأنها رياضية، وتمثل اقتحام رينو لعالم البيك أب."
    assert "رينو" not in places(place_stage, text)
    assert "لينكولن" not in places(place_stage, "وصلت سيارة لينكولن السوداء إلى لندن.")


def test_a_town_after_a_car_bombs_word_stays_a_place(place_stage: PlaceStage) -> None:
    # the word of the car, then its adjective: the town after them is where it exploded
    assert places(place_stage, "انفجرت سيارة مفخخة في بغداد صباح اليوم.")["بغداد"] == "geonames:98182"
    assert places(place_stage, "وصلت سيارات الإسعاف إلى حلب.")["حلب"] is not None
