"""tools/diagnose_speakers.py places each gold speaker from its cue in the sentences that hold words."""

from __future__ import annotations

from diagnose_speakers import Trace, where
from marsad.attribution.learned.context import Context
from marsad.attribution.text import analyse
from marsad.document import Document

# A title in the headline, the minister in the lede, a continuation in each of the next paragraphs: every
# full stop before a line break leaves a sentence of its own with no word in the analysis.
TEXT = ("الوزير يزور عمان\n"
        "وصل وزير الخارجية إلى عمان أمس.\n"
        "وقال الوزير إن المحادثات مستمرة.\n"
        "وأضاف أن الوفد وصل.\n"
        "وتابع أن الزيارة ناجحة.")


def _span(word: str, after: int = 0) -> tuple[int, int]:
    start = TEXT.index(word, after)
    return start, start + len(word)


def _trace() -> Trace:
    doc = Document(TEXT)
    trace = Trace()
    trace.ctx = Context(doc, analyse(doc))
    return trace


def test_a_continuation_in_the_next_paragraph_is_one_sentence_back() -> None:
    trace = _trace()
    said = _span("وقال")
    assert where(trace, _span("وأضاف"), _span("الوزير", said[0])) == "one sentence back"
    assert where(trace, _span("وتابع"), _span("الوزير", said[0])) == "2-4 sentences back"


def test_the_same_sentence_and_the_headline() -> None:
    trace = _trace()
    said = _span("وقال")
    assert where(trace, said, _span("الوزير", said[0])) == "same sentence, after the cue"
    assert where(trace, _span("وتابع"), _span("الوزير")) == "the first sentence (headline)"
    assert where(trace, said, _span("الوفد")) == "a later sentence"
    assert where(Trace(), said, _span("الوزير")) == "?"  # no context recorded: not placed
