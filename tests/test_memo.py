"""The per-word memo: computes once per word form, empties itself at its limit."""

from __future__ import annotations

from marsad.text.memo import WordMemo


def test_a_word_is_computed_once_and_the_memo_empties_at_its_limit() -> None:
    calls: list[str] = []

    def reverse(word: str) -> str:
        calls.append(word)
        return word[::-1]

    memo = WordMemo(reverse, limit=2)
    assert memo("حلب") == "بلح" and memo("حلب") == "بلح"
    assert calls == ["حلب"]
    memo("ادلب")
    assert set(memo.known) == {"حلب", "ادلب"}
    memo("درعا")  # the third word empties the memo first
    assert set(memo.known) == {"درعا"}
    assert memo("حلب") == "بلح" and calls == ["حلب", "ادلب", "درعا", "حلب"]
