"""The unseen-change probe compares only the articles both runs drew (tools/probe_places_change27.py)."""

from probe_places_change27 import changed_readings


def test_an_article_drawn_in_one_run_only_is_no_change() -> None:
    text = "وصل الوفد إلى حلب أمس"
    before = {"a": {(14, 17): ("city", "geonames:170063")}, "gone": {(0, 3): ("city", "x")}}
    now = {"a": {(14, 17): ("city", "geonames:170063")}, "new": {(14, 17): ("city", "geonames:170063")}}
    drawn = [("a", "probe", text), ("new", "held", text)]
    listing, unmatched = changed_readings(before, now, drawn)
    assert listing == []
    assert unmatched == 2


def test_a_reading_that_differs_is_listed_with_both_readings() -> None:
    text = "وصل الوفد إلى حلب أمس"
    before = {"a": {(14, 17): ("city", "geonames:170063")}}
    now = {"a": {(14, 17): ("unresolved", "-")}}
    listing, unmatched = changed_readings(before, now, [("a", "probe", text)])
    assert unmatched == 0
    assert len(listing) == 1
    assert "city geonames:170063 -> unresolved -" in listing[0]
    assert "[حلب]" in listing[0]
