"""tools/status_errors.py sorts every duplicate event into one class by where its trigger stands."""

from __future__ import annotations

from marsad.attribution.learned.context import Context
from marsad.attribution.text import analysed
from marsad.document import Document, Event, Quote
from status_errors import duplicate_class, duplicate_kind, frame_class

TEXT = "شنت الطائرات الغارات والهجمات على المدينة. وأسفرت الغارات عن قتلى. وقالت الوزارة إن القصف استمر."


def _event(word: str, nth: int = 0) -> Event:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return Event("ASSAULT", None, {"start": start, "end": start + len(word), "text": word}, None, None, None, None,
                 "asserted", None)


def test_duplicates_are_classed_by_where_their_triggers_stand() -> None:
    doc = Document(TEXT)
    ctx = Context(doc, analysed(doc))
    first, coordinated, again, other = (_event("الغارات"), _event("والهجمات"), _event("الغارات", 1),
                                        _event("القصف"))
    preds = [first, coordinated, again, other, _event("الغارات")]
    assert duplicate_class(ctx, preds, 4, 0) == "same trigger span twice"
    assert duplicate_class(ctx, preds, 1, 0) == "same sentence, coordinated (X وY)"
    assert duplicate_class(ctx, preds, 2, 0) == "later sentence, same word"
    assert duplicate_class(ctx, preds, 3, 0) == "later sentence, another word"


KINDS = "قصفت الطائرات المدينة. وقال السكان إن القصف استمر. ثم قصفت الطائرات القرية وتواصل القصف."


def test_duplicates_are_sorted_into_the_issues_kinds() -> None:
    doc = Document(KINDS)
    ctx = Context(doc, analysed(doc))

    def at(word: str, nth: int) -> Event:
        start = -1
        for _ in range(nth + 1):
            start = KINDS.index(word, start + 1)
        return Event("ASSAULT", None, {"start": start, "end": start + len(word), "text": word}, None, None, None,
                     None, "asserted", None)

    lede, body, verb, noun = at("قصفت", 0), at("القصف", 0), at("قصفت", 1), at("القصف", 1)
    preds = [lede, body, verb, noun]
    assert duplicate_kind(ctx, preds, 1, 0) == "headline/lede and body"
    assert duplicate_kind(ctx, preds, 3, 2) == "a noun after its verb"
    assert duplicate_kind(ctx, preds, 2, 3) == "a noun after its verb"
    assert duplicate_kind(ctx, preds, 3, 1) == "other"


FRAMES = ("قال المتحدث إن الجيش قصف القرية. وأضاف المتحدث أن القوات اعتقلت عشرة. "
          "واعتقلت الشرطة خمسة بحسب الوكالة. وقصفت الطائرات البلدة.")


def _framed(text: str, word: str) -> tuple[Context, int]:
    """A context over ``text`` with one quote (the first sentence's content after إن) and the index of ``word``."""
    doc = Document(text)
    cue, content = text.index("قال"), text.index("الجيش")
    doc.quotes.append(Quote(cue, text.index("."), {"start": cue, "end": cue + 3, "text": "قال"}, None,
                            {"start": content, "end": text.index("."), "text": text[content:text.index(".")]}, False))
    ctx = Context(doc, analysed(doc))
    return ctx, ctx.token_at(text.index(word))


def test_status_errors_are_classed_by_what_settles_them() -> None:
    ctx, index = _framed(FRAMES, "اعتقلت")  # the sentence right after the quote has no quote of its own
    assert frame_class(ctx, [], index, "claimed", "asserted").startswith("claim whose source is in the sentence before")
    assert frame_class(ctx, [], index, "asserted", "claimed") == "outlet's narration after a quote read as claimed"
    ctx, index = _framed(FRAMES, "واعتقلت")
    assert frame_class(ctx, [], index, "claimed", "asserted") == "claim with «وفق/بحسب/حسب» after it read as asserted"
    ctx, index = _framed(FRAMES, "وقصفت")
    assert frame_class(ctx, [], index, "claimed", "asserted") == "claim with no frame in its sentence read as asserted"
    assert frame_class(ctx, ["pre=يذكر"], index, "asserted", "claimed") == (
        "outlet's background (يذكر أن, وكان) read as claimed")
    assert frame_class(ctx, ["inquote"], index, "claimed", "asserted") == "claim in a quote read as asserted"
    assert frame_class(ctx, ["self=future"], index, "planned", "asserted") == (
        "planned read as asserted, with a scope word of its kind")
    assert frame_class(ctx, [], index, "planned", "asserted") == "planned read as asserted, without a scope word of its kind"
    ctx, index = _framed(FRAMES, "قصف")
    assert frame_class(ctx, [], index, "claimed", "asserted") == (
        "claim with no frame in its sentence read as asserted (first sentence)")
