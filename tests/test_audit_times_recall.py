"""The recall audit's date-looking tokens and their grouping (tools/audit_times_recall.py)."""

from __future__ import annotations

from audit_times_recall import _AB_LOOKALIKES, Token, _before_class, _patterns, grouped
from marsad.text.normalize import normalize


def _tokens(text: str) -> list[tuple[str, str]]:
    view = normalize(text)
    found: list[tuple[str, str]] = []
    claimed: list[tuple[int, int]] = []
    for name, pattern in _patterns():
        for m in pattern.finditer(view):
            if not any(s < m.end() and m.start() < e for s, e in claimed):
                claimed.append(m.span())
                found.append((name, m.group()))
    return found


def test_date_looking_tokens_by_pattern() -> None:
    tokens = _tokens("وفي جمادى الآخرة من عام 2014 وحتى 2020 سافر أمس في مارس، ثم 15/7 الأسبوع الماضي و1436هـ")
    names = {name for name, _ in tokens}
    assert {"hijri_month", "month", "year_word", "year", "day_word", "numeric", "direction", "hijri_mark"} <= names
    # a year word's number is one token, not also a bare year
    assert ("year_word", "عام 2014") in tokens
    assert ("year", "2020") in tokens
    # the door "باب" matches the month pattern (ب + آب) and is one of the look-alikes uncovered() skips
    assert [t for t in _tokens("وقف عند باب المسجد") if t[0] == "month"] == [("month", "باب")]
    assert "باب" in _AB_LOOKALIKES


def test_the_word_before_a_token_is_classed() -> None:
    assert _before_class("في") == "after a cue word"
    assert _before_class("وحتي") == "after a cue word"
    assert _before_class("2015،") == "after a number"
    assert _before_class("«") == "after punctuation"
    assert _before_class("رمضان") == "after a date name"
    assert _before_class("الرئيس") == "after another word"


def test_rare_groups_pool_in_their_pattern() -> None:
    items = [(Token("a.zip", i, "u", 0, 1, "year"), "after a cue word") for i in range(10)]
    items.append((Token("a.zip", 99, "u", 0, 1, "year"), "after punctuation"))
    groups = grouped(items)
    assert len(groups["year: after a cue word"]) == 10
    assert [t.index for t in groups["year: (other)"]] == [99]
