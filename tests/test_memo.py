"""The bounded memos: the per-word one computes once per word form; both empty themselves at their limit."""

from __future__ import annotations

from typing import NamedTuple

from marsad.text.memo import BoundedMemo, WordMemo, compact


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


def _fresh(text: str) -> str:
    """An equal string that is not the interned one (built at run time, never a constant)."""
    return "".join(list(text))


def test_a_memo_keeps_one_string_per_form_in_its_values() -> None:
    def split(word: str) -> tuple[tuple[int, str], ...]:
        return ((0, word), (1, word[1:]))  # the stem is a new string at every call

    memo = WordMemo(split)
    stem = _fresh("العراق")
    first, second = memo(_fresh("والعراق")), memo(_fresh("فالعراق"))
    assert first[1][1] is second[1][1]  # the two words' equal stems: one string
    assert first[1][1] == stem and first[1][1] is not stem


def test_compact_interns_strings_in_plain_tuples_and_leaves_other_values() -> None:
    class Pair(NamedTuple):
        prefix: str
        stem: str

    word = _fresh("والعراق")
    found = compact(((_fresh("و"), word), ()))
    assert found == (("و", "والعراق"), ()) and found[0][1] is compact(_fresh("والعراق"))
    pair = Pair(_fresh("و"), _fresh("العراق"))
    assert compact(pair) is pair  # a named tuple is not rebuilt (its type would be lost)
    inside = compact((pair, _fresh("العراق"), 3, frozenset({"x"})))
    assert inside[0] is pair and inside[1] is compact(_fresh("العراق")) and inside[2:] == (3, frozenset({"x"}))
    assert compact(7) == 7 and compact(None) is None
