"""Place classes left by round 29 (round 30, issue 13): a country named as the leader of an organisation
(``التحالف الذي تقوده السعودية``, tagged whole by the entity stage) is the country."""

from __future__ import annotations

from marsad.stages.places import PlaceStage
from place_stage_helpers import place_ids_by_surface, run_tagged


def test_the_country_that_leads_a_coalition_tagged_whole_is_the_country(place_stage: PlaceStage) -> None:
    # the entity stage tags the whole phrase as the coalition (actors.yaml): the country after تقوده is named,
    # not a word of the organisation's name
    text = "وشنت طائرات التحالف الذي تقوده السعودية غارات على مواقع الحوثيين في محافظة صعدة اليمنية."
    found = place_ids_by_surface(run_tagged(place_stage, text, (("التحالف الذي تقوده السعودية", "ORG"),)))
    assert found.get("السعودية") == "country:SA"
    text = "وقال المتحدث باسم التحالف بقيادة السعودية إن قواته دمرت مخزنا للأسلحة في اليمن."
    found = place_ids_by_surface(run_tagged(place_stage, text, (("التحالف بقيادة السعودية", "ORG"),)))
    assert found.get("السعودية") == "country:SA"


def test_without_a_leader_word_the_adjective_inside_an_organisation_stays_out(place_stage: PlaceStage) -> None:
    # (round 28's class, next to the new one: the agency's adjective is no place)
    text = "ونقلت وكالة الأنباء السعودية عن وزير المالية قوله إن الميزانية أقرت."
    assert "السعودية" not in place_ids_by_surface(run_tagged(place_stage, text, (("وكالة الأنباء السعودية", "ORG"),)))


def test_the_country_quoted_alone_as_a_company_s_short_name_is_no_place(place_stage: PlaceStage) -> None:
    # the article names the airline by the country's adjective (الخطوط السعودية): "السعودية" quoted alone is
    # the airline's short name (Saudia), not Saudi Arabia
    text = "وأعلنت الخطوط السعودية تسيير رحلات إضافية، وقالت إن \"السعودية\" سيرت 40 رحلة إلى الرياض."
    found = place_ids_by_surface(run_tagged(place_stage, text, (("السعودية", "LOC"), ("الرياض", "LOC"))))
    assert "السعودية" not in found
    assert found.get("الرياض") == "geonames:108410"


def test_the_company_s_short_name_still_says_which_kingdom_the_article_means(place_stage: PlaceStage) -> None:
    # the airline's short name is no place, but المملكة of the same story is still Saudi Arabia, though every other
    # place it names is abroad
    text = ("وتقدم الخطوط السعودية خدمة الإنترنت على رحلاتها، وتبذل \"السعودية\" جهودا لتطوير خدماتها "
            "في رحلاتها بين المملكة وكل من لندن ونيويورك وباريس.")
    found = place_ids_by_surface(run_tagged(place_stage, text, (("لندن", "LOC"), ("نيويورك", "LOC"), ("باريس", "LOC"))))
    assert "السعودية" not in found
    assert found.get("المملكة") == "country:SA"


def test_the_country_quoted_alone_beside_its_own_name_is_the_country(place_stage: PlaceStage) -> None:
    # المملكة العربية السعودية is the country's own name, not an organisation's adjective
    text = "وقال الكاتب إن المملكة العربية السعودية ستبقى، وإن «السعودية» لن تتراجع عن موقفها."
    found = {(s, e) for p in run_tagged(place_stage, text).places for s, e in p.mentions if p.id == "country:SA"}
    start = text.index("«") + 1
    assert (start, start + len("السعودية")) in found
