"""tools/status_errors.py sorts every duplicate event into one class by where its trigger stands."""

from __future__ import annotations

from marsad.attribution.learned.context import Context
from marsad.attribution.text import analysed
from marsad.document import Document, Event
from status_errors import duplicate_class, duplicate_kind

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
