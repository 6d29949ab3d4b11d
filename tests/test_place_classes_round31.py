"""Place classes left by round 30 (round 31, issue 13): a town that plays a match in a sentence of sport is a club
named by its city (``تعادل برشلونة مع فالنسيا``, ``تغلب ميلان على روما``), and a country that is the opponent after
a winner (``فوز العراق على السعودية``) a national team; a town where the match is played is still the place."""

from __future__ import annotations

from marsad.stages.places import PlaceStage
from place_stage_helpers import place_ids_by_surface, run_tagged

ROME = "geonames:3169070"


def test_a_town_after_a_word_of_playing_and_before_its_opponent_is_a_club(place_stage: PlaceStage) -> None:
    text = "تعادل برشلونة مع فالنسيا في المباراة التي أقيمت مساء السبت ضمن الدوري الإسباني."
    assert "برشلونة" not in place_ids_by_surface(run_tagged(place_stage, text, (("برشلونة", "LOC"),)))
    text = "وعلق المدرب على فوز برشلونة على إشبيلية في الجولة الأولى من الدوري الإسباني."
    assert "برشلونة" not in place_ids_by_surface(run_tagged(place_stage, text, (("برشلونة", "LOC"),)))


def test_the_opponent_after_the_winner_is_a_club(place_stage: PlaceStage) -> None:
    text = "تغلب ميلان على روما بهدفين نظيفين في الدوري الإيطالي لكرة القدم."
    assert "روما" not in place_ids_by_surface(run_tagged(place_stage, text, (("روما", "LOC"),)))
    text = "وخاض الفريق المباراة الودية مع برشلونة استعدادا للموسم الجديد."
    assert "برشلونة" not in place_ids_by_surface(run_tagged(place_stage, text, (("برشلونة", "LOC"),)))


def test_a_country_after_the_winner_and_on_is_a_national_team(place_stage: PlaceStage) -> None:
    # (a word of playing two words back: فوز, the winner, على, the loser)
    text = "وقال المدرب إن فوز العراق على السعودية في التصفيات يبقي المنتخب في المنافسة على بطاقة التأهل."
    found = place_ids_by_surface(run_tagged(place_stage, text, (("العراق", "LOC"), ("السعودية", "LOC"))))
    assert "السعودية" not in found


def test_the_town_where_the_match_is_played_or_won_is_still_a_place(place_stage: PlaceStage) -> None:
    # where the match is played, a city's bid and a town that faces something are places on a sports page too
    text = "وأقيمت المباراة في روما وفاز فيها الفريق الضيف بهدفين في الدوري الإيطالي."
    assert place_ids_by_surface(run_tagged(place_stage, text, (("روما", "LOC"),))).get("روما") == ROME
    # (alone in a sentence the city is named with nothing that tells it from its namesakes: kept, unresolved)
    text = "ووصل المنتخب إلى برشلونة استعدادا للمباراة الودية أمام الفريق المضيف."
    assert "برشلونة" in place_ids_by_surface(run_tagged(place_stage, text, (("برشلونة", "LOC"),)))
    text = "وقوبل فوز روما بحق استضافة دورة الألعاب الأولمبية بترحيب اللاعبين."
    assert place_ids_by_surface(run_tagged(place_stage, text, (("روما", "LOC"),))).get("روما") == ROME


def test_tanomah_of_asir_is_not_the_qassim_village_of_the_name(place_stage: PlaceStage) -> None:
    # the Arabic name was given to a GeoNames village of al-Qassim, 900 km north of the governorate of Asir
    text = "وأضاف محافظ تنومة أن فعاليات مهرجان تنومة هذا العام بحضور أمير منطقة عسير تجاوزت التوقعات."
    found = {p.id: (p.lat, p.lon) for p in run_tagged(place_stage, text, (("تنومة", "LOC"),)).places}
    assert "geonames:101581" not in found
    lat, lon = found["named:gov-tanomah"]
    assert lat is not None and lon is not None and abs(lat - 18.93) < 0.2 and abs(lon - 42.17) < 0.2


def test_a_country_after_an_airline_s_bare_word_is_the_airline_s_name(place_stage: PlaceStage) -> None:
    # طيران with no article opens a company's name (Emirates, Middle East Airlines): the country or region is no place
    text = "وأعلنت طيران الإمارات تشغيل رحلة يومية ثانية بين دبي وسياتل اعتبارا من الشهر المقبل."
    found = place_ids_by_surface(run_tagged(place_stage, text, (("دبي", "LOC"), ("سياتل", "LOC"))))
    assert "الإمارات" not in found and found.get("دبي") == "geonames:292223"
    text = "وتقلع رحلات طيران الشرق الأوسط من بيروت إلى جدة يوميا."
    assert "الشرق الأوسط" not in place_ids_by_surface(run_tagged(place_stage, text))
    # (the air force named with its article and adjective is no company, and the country named apart stays)
    text = "وشن الطيران الروسي غارات على مواقع في سوريا، وقالت روسيا إنها استهدفت مواقع التنظيم."
    found = place_ids_by_surface(run_tagged(place_stage, text))
    assert found.get("روسيا") == "country:RU" and found.get("سوريا") == "country:SY"


def test_a_country_after_news_agency_is_the_agency_s_name(place_stage: PlaceStage) -> None:
    # وكالة is an organisation word already; with أنباء between, the country is still the agency's name
    text = "ونقلت وكالة أنباء البحرين عن الوزير قوله إن الاجتماع عقد في المنامة."
    found = place_ids_by_surface(run_tagged(place_stage, text, (("المنامة", "LOC"),)))
    assert "البحرين" not in found and found.get("المنامة") == "geonames:290340"


def test_a_rival_host_after_from_stays_the_country(place_stage: PlaceStage) -> None:
    # (a word of playing two words back counts before على and مع only: here the country competes to host)
    text = "وكانت الصين تواجه منافسة من الفلبين على استضافة البطولة."
    found = place_ids_by_surface(run_tagged(place_stage, text, (("الصين", "LOC"), ("الفلبين", "LOC"))))
    assert found.get("الفلبين") == "country:PH"
