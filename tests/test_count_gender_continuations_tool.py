"""tools/count_gender_continuations.py classes a quote whose cue clashes in gender with the cue before."""

from __future__ import annotations

from count_gender_continuations import Said, continuation_class

# An interview alternating two people: the third cue (وقال) clashes with the second (وقالت) and agrees with
# the first, whose speaker is the one it continues.
TEXT = ("قال أحمد إن الطريق مغلق. وقالت منى إن الجسر مفتوح. وقال إن الشرطة وصلت. "
        "وأضافت سلمى أن المطر توقف.")


def _who(word: str) -> dict[str, object]:
    start = TEXT.index(word)
    return {"start": start, "end": start + len(word), "text": word}


def _span(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


QUOTES: list[Said] = [("m", _who("أحمد")), ("f", _who("منى")), ("m", None), ("f", _who("سلمى"))]


def test_the_speaker_two_quotes_back_is_the_last_agreeing_one() -> None:
    assert continuation_class(TEXT, QUOTES, 2, _span("أحمد")) == "the last agreeing speaker"
    assert continuation_class(TEXT, QUOTES, 2, _span("منى")) == "the previous speaker"
    assert continuation_class(TEXT, QUOTES, 2, _span("سلمى")) == "another party"


def test_agreeing_cues_and_the_first_quote_are_not_counted() -> None:
    assert continuation_class(TEXT, QUOTES, 0, _span("أحمد")) == ""
    agreeing: list[Said] = [("f", _who("منى")), ("f", _who("سلمى"))]
    assert continuation_class(TEXT, agreeing, 1, _span("سلمى")) == ""
    unread: list[Said] = [("x", _who("منى")), ("m", _who("أحمد"))]
    assert continuation_class(TEXT, unread, 1, _span("أحمد")) == ""


def test_no_earlier_quote_agrees() -> None:
    # the fourth quote (f) clashes with the third (m); the only earlier f quote is منى's
    assert continuation_class(TEXT, QUOTES, 3, _span("منى")) == "the last agreeing speaker"
    alone: list[Said] = [("f", _who("منى")), ("m", _who("أحمد"))]
    assert continuation_class(TEXT, alone, 1, _span("أحمد")) == "no earlier speaker agrees"
