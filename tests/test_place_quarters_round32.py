"""A quarter of a town named with its town (round 32, issue 13): ``حي السليمانية بالرياض`` is Riyadh's quarter, not
Sulaymaniyah in Iraq, and ``حي النزهة بجدة`` a Jeddah quarter, not a name left with no location: the quarter is placed
at the town the next words state (``ب``, ``في``, ``بمدينة``, a direction: ``data/geo_quarter_links.tsv``).  What does
not state the town (a trip to it, a list, an adjective the entity stage tagged) leaves the quarter as it was."""

from __future__ import annotations

from marsad.document import Document
from marsad.pipeline import Pipeline
from marsad.stages.places import PlaceStage
from place_stage_helpers import located_at, place_of, run_tagged

RIYADH = (24.69, 46.72)
JEDDAH = (21.49, 39.19)
MAKKAH = (21.43, 39.83)
MEDINA = (24.47, 39.61)
SULAYMANIYAH_IQ = "admin1:IQ.05"


def test_riyadh_s_quarter_is_placed_at_riyadh(place_stage: PlaceStage) -> None:
    # (Iraq's Sulaymaniyah is one of the name's places: the quarter was reported with no location)
    text = "وأعلنت شرطة الرياض القبض على مواطن سرق سيارة في حي السليمانية بالرياض، وكان قد وصل من العراق قبل أسبوع."
    doc = run_tagged(place_stage, text, (("السليمانية", "LOC"), ("الرياض", "LOC"), ("العراق", "LOC")))
    quarter = place_of(doc, "السليمانية")
    assert quarter is not None and quarter.id != SULAYMANIYAH_IQ
    assert quarter.country == "SA" and located_at(quarter, RIYADH)
    town = place_of(doc, "الرياض")
    assert town is not None and town is not quarter  # (the town stays a place of its own, its own marker)


def test_a_quarter_with_its_town_is_placed_at_the_town(place_stage: PlaceStage) -> None:
    text = "وباشرت فرق الدفاع المدني حريقا اندلع في شقة سكنية بحي النزهة بجدة مساء أمس."
    assert located_at(place_of(run_tagged(place_stage, text, (("النزهة", "LOC"), ("جدة", "LOC"))), "النزهة"), JEDDAH)
    text = "وتقع العمارة التي انهارت في حي الزاهر في مكة المكرمة قرب الطريق الدائري."
    assert located_at(place_of(run_tagged(place_stage, text, (("الزاهر", "LOC"), ("مكة", "LOC"))), "الزاهر"), MAKKAH)
    text = "وقال الأهالي إن المياه انقطعت عن حي الخالدية بمدينة الرياض منذ أسبوع."
    assert located_at(place_of(run_tagged(place_stage, text, (("الخالدية", "LOC"), ("الرياض", "LOC"))), "الخالدية"), RIYADH)


def test_a_quarter_at_a_namesake_abroad_is_placed_at_its_town(pipeline: Pipeline) -> None:
    # (the entity stage's reading: the quarter was given Jordan's Russeifa's country, with no location)
    doc = pipeline(Document("وافتتحت المحطة الرئيسية للقطار في حي الرصيفة بمكة المكرمة أمس.", published="2015-08-01"))
    quarter = place_of(doc, "الرصيفة")
    assert quarter is not None and quarter.country == "SA" and located_at(quarter, MAKKAH)


def test_a_direction_from_the_town_states_it_too(place_stage: PlaceStage) -> None:
    text = "واشتكى سكان حي الجرف غرب المدينة المنورة من تأخر مشروع الصرف الصحي."
    doc = run_tagged(place_stage, text, (("الجرف", "LOC"), ("المدينة المنورة", "LOC")))
    assert located_at(place_of(doc, "الجرف"), MEDINA)


def test_what_does_not_state_the_town_leaves_the_quarter_as_it_was(place_stage: PlaceStage) -> None:
    # a trip from the quarter to a town, and a list, say nothing of where the quarter is
    text = "وانتقل التاجر من حي النزهة إلى الرياض قبل عامين."
    assert not located_at(place_of(run_tagged(place_stage, text, (("النزهة", "LOC"), ("الرياض", "LOC"))), "النزهة"), RIYADH)
    text = "وشهدت أحياء النزهة، والرياض، وجدة أمطارا غزيرة."
    assert not located_at(place_of(run_tagged(place_stage, text, (("النزهة", "LOC"), ("الرياض", "LOC"))), "النزهة"), RIYADH)
    # an adjective after حي that the entity stage tags is no quarter's name: not put on the map at Kabul
    text = "وأسفر هجوم بشاحنة مفخخة في حي سكني في كابول عن سقوط 15 قتيلا."
    found = place_of(run_tagged(place_stage, text, (("سكني", "LOC"), ("كابول", "LOC"))), "سكني")
    assert found is None or found.lat is None


def test_a_stadium_named_after_a_place_is_placed_at_its_stated_town(place_stage: PlaceStage) -> None:
    # Petra Stadium in Amman, not the ruins 200 km south
    text = "وتقام مباريات البطولة على ملعب البتراء بمدينة عمان الأردنية اعتبارا من الأسبوع المقبل."
    doc = run_tagged(place_stage, text, (("البتراء", "LOC"), ("عمان", "LOC")))
    stadium = place_of(doc, "البتراء")
    assert stadium is not None and stadium.feature == "facility" and located_at(stadium, (31.96, 35.95))


def test_a_quarter_in_a_sentence_naming_one_town_of_the_article_is_that_town_s(place_stage: PlaceStage) -> None:
    text = "وقال شهود في الرياض إن حريقا اندلع أمس في عمارة سكنية بحي الخالدية، ولم تسجل أي إصابات."
    doc = run_tagged(place_stage, text, (("الرياض", "LOC"), ("الخالدية", "LOC")))
    assert located_at(place_of(doc, "الخالدية"), RIYADH)


def test_a_town_of_another_country_or_sense_gives_the_quarter_nothing(place_stage: PlaceStage) -> None:
    # two towns in the sentence: which one's quarter it is, the sentence does not say
    text = "وانتقل المقر من جدة إلى الرياض، في حي الخالدية، مطلع العام."
    doc = run_tagged(place_stage, text, (("جدة", "LOC"), ("الرياض", "LOC"), ("الخالدية", "LOC")))
    found = place_of(doc, "الخالدية")
    assert found is None or found.lat is None
    # a town named as no place where (a school named after it) places no quarter there
    text = "وتشمل المراكز متوسطة حائل في حي النقرة، وثانوية الكسائي في حي الشفاء."
    doc = run_tagged(place_stage, text, (("حائل", "LOC"), ("النقرة", "LOC"), ("الشفاء", "LOC")))
    for quarter in ("النقرة", "الشفاء"):
        found = place_of(doc, quarter)
        assert found is None or found.lat is None
