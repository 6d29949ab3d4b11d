"""False places of unseen text, by class (tools/probe_places_fresh.py): names that only look like places."""

from __future__ import annotations

from marsad.document import Document
from marsad.stages.places import PlaceStage
from place_stage_helpers import run_tagged


def run(place_stage: PlaceStage, text: str, tagged: tuple[str, ...] = ()) -> Document:
    """The stage on ``text``, with an entity-stage ``LOC`` tag on every whole-word occurrence of ``tagged``."""
    return run_tagged(place_stage, text, tuple((word, "LOC") for word in tagged))


def countries(doc: Document) -> set[str | None]:
    return {p.country for p in doc.places}


def test_a_noun_tagged_by_its_shape_is_not_a_city_abroad(place_stage: PlaceStage) -> None:
    # سيول "floods", commoner as السيول: the tagger's tag on each of its mentions vouches for nothing
    floods = "إعصار روزا يهدد فينيكس مع اجتياح سيول. وحذرت الأرصاد من حدوث سيول في أريزونا، وتتسبب الأمطار في سيول."
    assert "KR" not in countries(run(place_stage, floods, tagged=("سيول",)))
    # ... but the capital of an article that names its country stays
    korea = "قال وزير خارجية كوريا الجنوبية في سيول إن المحادثات ستستأنف. وتستضيف سيول القمة المقبلة."
    assert any(p.country == "KR" and p.name == "سيول" for p in run(place_stage, korea, tagged=("سيول",)).places)


def test_a_city_abroad_whose_name_is_no_noun_keeps_its_tag(place_stage: PlaceStage) -> None:
    # (برلين never takes the article: the tag on exactly its words still vouches for it)
    doc = run(place_stage, "وصل الوزير إلى برلين أمس. وقالت برلين إنها ترحب بالاتفاق.", tagged=("برلين",))
    assert any(p.country == "DE" for p in doc.places)


def test_a_chamber_of_commerce_is_no_place(place_stage: PlaceStage) -> None:
    text = (
        "وأوضح رئيس لجنة الملاحة البحرية في غرفة جدة أن أهمية قناة السويس الجديدة كبيرة للتجارة. وقال رئيس لجنة "
        "النقل البحري بغرفة جدة التجارية إن افتتاح القناة يخدم موانئ البحر الأحمر."
    )
    assert "SA" not in countries(run(place_stage, text, tagged=("جدة",)))
    # (the town itself is one)
    assert "SA" in countries(run(place_stage, "وعقد اللقاء في جدة بحضور أعضاء الغرفة.", tagged=("جدة",)))


def test_a_ship_class_named_after_a_town_is_no_place(place_stage: PlaceStage) -> None:
    doc = run(place_stage, "وستحل السفينة محل فرقاطات من فئة بريمن القديمة.", tagged=("بريمن",))
    assert "DE" not in countries(doc)


def test_a_kinship_word_before_a_given_name_is_no_town(place_stage: PlaceStage) -> None:
    # جده "his grandfather" reads as جدة (Jeddah) in the matching view, whatever the town's size
    text = (
        "وقالت الصحيفة البريطانية إن تمثال أوليفر كرومويل خارج قصر وستمنستر في لندن كان هدفا للحملة. ولم يطلب "
        "التضحية بكرومويل الخاطئ لأفعال جده توماس في القرن السادس عشر."
    )
    assert "SA" not in countries(run(place_stage, text, tagged=("جده",)))


def test_a_team_named_again_and_again_without_a_cue_is_no_town(place_stage: PlaceStage) -> None:
    report = (
        "ولم يعلن بريمن عن الفريق الذي سينتقل إليه المهاجم. وقال بريمن في بيان إن اللاعب رحل عن بريمن بعد أن سدد "
        "الشرط الجزائي. وانضم المهاجم إلى بريمن في عام 2013 وسجل 17 هدفا في 49 مباراة في الدوري، ولعب دورا في "
        "الموسم الماضي عندما ابتعد الفريق عن الهبوط."
    )
    assert "DE" not in countries(run(place_stage, report, tagged=("بريمن",)))
    # a town the report names once, after a preposition, is the town (the team's camp)
    camp = (
        "ويخوض الفريق معسكره في ميونيخ استعدادا للموسم. وسجل المهاجم هدفين في المباراة الودية وقال المدرب إن "
        "اللاعبين في حالة جيدة قبل انطلاق الدوري والكأس."
    )
    assert "DE" in countries(run(place_stage, camp, tagged=("ميونيخ",)))


def test_a_common_word_is_not_vouched_for_by_its_other_spelling(place_stage: PlaceStage) -> None:
    # الميادين "the squares" (Al Mayadin, Syria) in an Egyptian story: ميادين, the same town's other key, says nothing
    text = (
        "عمت الفرحة أنحاء مصر أمس ابتهاجا بافتتاح قناة السويس الجديدة، حيث تزينت الشوارع والميادين بالأعلام المصرية. "
        "وكثفت قوات الأمن بالسويس من تواجدها، ولوحظت التمركزات الأمنية بالميادين والمحاور الرئيسية بالعاصمة، ونشرت "
        "الصحف صور كافة شوارع وميادين مصر."
    )
    assert countries(run(place_stage, text)) == {"EG"}


def test_low_income_countries_are_not_the_low_countries(place_stage: PlaceStage) -> None:
    assert run(place_stage, "وتقع معظم تلك الوفيات في البلدان منخفضة الدخل والبلدان متوسطة الدخل.").places == []


def test_an_education_directorate_is_an_office(place_stage: PlaceStage) -> None:
    text = "دعت إدارة تعليم الطائف المرشحين للوظائف التعليمية إلى المقابلة. وقال مدير تعليم الطائف إن اللجان جاهزة."
    assert "SA" not in countries(run(place_stage, text, tagged=("الطائف",)))
