"""tools/trigger_gold_consistency.py counts each trigger word of the event gold annotated against left out."""

from __future__ import annotations

import pytest

from trigger_gold_consistency import NOT_EVENT, count_keys, inconsistent, main, word_key

# Two articles of one's own writing: the shelling is a trigger twice and left out twice, each time in an article
# where it is a trigger elsewhere; the siege is ASSAULT in one article and COERCE in the other.
FIRST = "قصفت الطائرات المدينة. وأسفر القصف عن قتلى. واستمر الحصار على المدينة."
SECOND = "وبدأ الحصار في الربيع. وقصفت المدافع الحي. وتواصل القصف ليلا."


def _span(text: str, word: str, nth: int = 0) -> list[int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return [start, start + len(word)]


ARTICLES = [
    ("a", FIRST, [{"type": "ASSAULT", "trigger": _span(FIRST, "قصفت")},
                  {"type": "ASSAULT", "trigger": _span(FIRST, "الحصار")}]),
    ("b", SECOND, [{"type": "COERCE", "trigger": _span(SECOND, "الحصار")},
                   {"type": "ASSAULT", "trigger": _span(SECOND, "وقصفت")}]),
]


def test_a_verb_and_its_verbal_noun_share_a_key() -> None:
    assert word_key("وقصفت") == word_key("القصف") == "قصف"
    assert word_key("والحصار", "form") == "حصار"


def test_left_out_words_are_counted_with_the_article_that_uses_them() -> None:
    keys = count_keys(ARTICLES)
    shelling = keys["قصف"]
    assert (shelling.annotated, shelling.left_out, shelling.same_article) == (2, 2, 2)
    assert [o.type for o in shelling.occurrences] == ["ASSAULT", NOT_EVENT, "ASSAULT", NOT_EVENT]
    assert shelling.lexicon == "ASSAULT"
    siege = keys["حصار"]
    assert siege.types == {"ASSAULT": 1, "COERCE": 1} and siege.other_types == 1 and siege.left_out == 0


def test_the_most_inconsistent_keys_come_first() -> None:
    listed = inconsistent(count_keys(ARTICLES), 2)
    assert [k.key for k in listed] == ["قصف", "حصار"]
    assert listed[0].inconsistency == 2 and listed[1].inconsistency == 1
    assert listed[0].row()["types"] == {"ASSAULT": 2}


def test_bad_options_fail_at_once(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--split", "test"])
    assert "invalid choice" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--min", "0"])
    assert "--min" in capsys.readouterr().err
