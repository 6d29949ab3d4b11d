"""False places of encyclopaedic text, by class (tools/probe_places_aqmar.py, its probe half): verbs after a verbal
particle, common plurals after a demonstrative, national teams playing a match, competitions and clubs."""

from __future__ import annotations

from marsad.stages.places import PlaceStage
from test_place_lookalikes import run


def names(place_stage: PlaceStage, text: str, tagged: tuple[str, ...] = ()) -> dict[str, str | None]:
    """Each mention's surface → its place's English name (or None when unresolved), with an entity-stage ``LOC``
    tag on every whole-word occurrence of ``tagged``."""
    doc = run(place_stage, text, tagged)
    return {text[s:e]: p.canonical for p in doc.places for s, e in p.mentions}


def test_a_name_after_a_verbal_particle_is_a_verb(place_stage: PlaceStage) -> None:
    # بوشر "was begun" (Bawshar, Oman) after وقد
    assert "بوشر" not in names(place_stage, "وتم توسيع المسجد كما هو عليه الحال اليوم وقد بوشر بالعمل في عام 1990.")
    assert names(place_stage, "ووصل الوفد إلى مسقط أمس.").get("مسقط") == "Muscat"


def test_a_definite_name_after_a_demonstrative_is_a_common_noun(place_stage: PlaceStage) -> None:
    assert "الإمارات" not in names(place_stage, "ولكل إمارة من هذه الإمارات أمير أو حاكم يدير شؤونها.")
    assert "الإمارات" in names(place_stage, "وزار الوزير الإمارات الأسبوع الماضي.")
    # a singular after a demonstrative is the place named again (المملكة, Saudi Arabia in the Saudi press)
    assert "الخليج" in names(place_stage, "وتسعى إيران إلى الهيمنة على مياه الخليج. ولن تهيمن على هذا الخليج أي قوة.")


def test_a_country_that_plays_a_match_is_a_team(place_stage: PlaceStage) -> None:
    found = names(place_stage, "وفي الربع النهائي فازت البرتغال على تركيا 1 - 0 بهدف نونو غوميش.")
    assert "البرتغال" not in found and "تركيا" not in found
    # (the sentence speaks of sport even where the passage does not: the score before على)
    assert "مالطا" not in names(place_stage, "وقد ولدت الفكرة في القرن التاسع عشر. ثم فاز المنتخب 4 - 0 على مالطا.")
    # a country hosting, or where something happens, is a place
    hosts = names(place_stage, "وعقد كأس 1978 في الأرجنتين وفاز به المضيف، وأقيمت المباراة النهائية في بوينس آيرس.")
    assert hosts.get("الأرجنتين") == "Argentina"
    # ... and a country acting outside sport stays one
    assert names(place_stage, "وأعلنت تركيا أن قواتها دخلت الأراضي السورية.").get("تركيا") in ("Turkey", "Türkiye")


def test_competitions_and_clubs_named_after_places_are_no_places(place_stage: PlaceStage) -> None:
    assert "إسبانيا" not in names(place_stage, "وفاز الفريق بكأس ملك إسبانيا تسع عشرة مرة.")
    assert "أوروبا" not in names(place_stage, "وحقق المنتخب إنجازا في كأس أمم أوروبا عام 2004.")
    assert "كوبا" not in names(place_stage, "ويشارك المنتخب في بطولة كوبا أمريكا كل أربع سنوات.")
    assert "مدريد" not in names(place_stage, "ولعب راؤول في صفوف ريال مدريد منذ صغره.", tagged=("مدريد",))
    assert "مدريد" not in names(place_stage, "وانتقل اللاعب إلى نادي أتلتيكو مدريد عام 1994.", tagged=("مدريد",))
    # (the club's name says nothing of the city elsewhere in the article)
    club = names(place_stage, "ولعب راؤول في صفوف ريال مدريد منذ صغره، وولد في مدينة مدريد عام 1977.", tagged=("مدريد",))
    assert club.get("مدريد") == "Madrid"
    assert names(place_stage, "ملك إسبانيا ألفونسو الثالث عشر زار المدينة.").get("إسبانيا") == "Spain"


def test_a_tag_that_describes_a_place_or_counts_a_noun_is_no_place(place_stage: PlaceStage) -> None:
    # the entity stage's tag on an indefinite noun and its adjective names no place
    assert not names(place_stage, "ولم ترسل دولة أوروبية فريقا إلى البطولة.", tagged=("دولة أوروبية",))
    # ... nor on a noun counted after a number (the accusative of أحد عشر)
    assert not names(place_stage, "فإذا وجدت ذرة تحمل أحد عشر بروتونا فهي ذرة صوديوم.", tagged=("بروتونا",))
    # a foreign name after a cue keeps its tag (not an adjective: it does not agree)
    assert "مقاطعة ماناتي" in names(place_stage, "وسجلت تركيزات عالية في مقاطعة ماناتي.", tagged=("مقاطعة ماناتي",))


def test_an_area_that_plays_a_match_is_a_team(place_stage: PlaceStage) -> None:
    found = names(place_stage, "وفي ربع النهائي فازت البرتغال بعد 2004 على إنجلترا 3 - 2 بركلات الترجيح.")
    assert "إنجلترا" not in found
    assert names(place_stage, "ونشأت كرة القدم الحديثة في إنجلترا في القرن التاسع عشر.").get("إنجلترا") == "England"
