"""The bounded memos: the per-word one computes once per word form; both empty themselves at their limit."""

from __future__ import annotations

from marsad.text.memo import BoundedMemo, WordMemo


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


def test_a_keyed_memo_keeps_what_is_put_and_empties_at_its_limit() -> None:
    memo: BoundedMemo[tuple[str, int], bool] = BoundedMemo(limit=2)
    assert memo.put(("حلب", 1), True) is True
    assert memo.put(("ادلب", 2), False) is False
    assert memo.known == {("حلب", 1): True, ("ادلب", 2): False}
    memo.put(("درعا", 3), True)  # the third key empties the memo first
    assert memo.known == {("درعا", 3): True}
    assert memo.known.get(("حلب", 1)) is None
