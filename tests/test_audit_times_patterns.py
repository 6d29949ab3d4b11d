"""The pattern audit's grouping of times-stage outputs (tools/audit_times_patterns.py)."""

from __future__ import annotations

from audit_times_patterns import Output, _shape, grouped


def test_shapes_fold_digits_months_and_weekdays() -> None:
    assert _shape("عام 2013") == "عام N"
    assert _shape("15 يوليو 2015") == "N MONTH N"
    assert _shape("مساء الثلاثاء") == "مساء WEEKDAY"
    assert _shape("خلال شهر رمضان") == "خلال شهر HIJRI_MONTH"
    assert _shape("أمس") == "امس"  # the matching view's folding


def _output(n: int, kind: str) -> Output:
    return Output("a.zip", n, "u", 0, 1, "2015", kind)


def test_rare_shapes_pool_in_their_kind_unless_kept() -> None:
    items = [(_output(i, "year"), "عام N") for i in range(30)]
    items += [(_output(100, "year"), "سنه N"), (_output(101, "day_word"), "غدا")]
    groups = grouped(items, frozenset({"day_word: غدا"}))
    assert len(groups["year: عام N"]) == 30
    assert [o.index for o in groups["year: (other)"]] == [100]
    assert [o.index for o in groups["day_word: غدا"]] == [101]
