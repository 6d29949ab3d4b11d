"""tools/diagnose_speakers.py places each gold speaker from its cue in the sentences that hold words."""

from __future__ import annotations

from diagnose_speakers import ORACLE, Trace, oracle_quotes, where
from marsad.attribution.learned.context import Context
from marsad.attribution.learned.extract import CUE_MODEL
from marsad.attribution.text import analyse
from marsad.document import Document, Quote

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


# Round 32: --oracle-cues adds a quote for each gold cue the pipeline missed, as the cue model makes its own.
ORACLE_TEXT = "وتطرق وزير المالية إلى الأزمة الاقتصادية في البلاد. وقال الوزير إن الحكومة ستدعم المصارف."


def _gold_quote(cue: str, speaker: str | None) -> dict[str, object]:
    """A gold quote as the gold corpus writes it: ``[start, end]`` spans."""
    start = ORACLE_TEXT.index(cue)
    quote: dict[str, object] = {"cue": [start, start + len(cue)], "speaker": None}
    if speaker is not None:
        at = ORACLE_TEXT.index(speaker)
        quote["speaker"] = [at, at + len(speaker)]
    return quote


def test_oracle_quotes_add_the_missed_gold_cues_only() -> None:
    doc = Document(ORACLE_TEXT)
    ctx = Context(doc, analyse(doc))
    said = ORACLE_TEXT.index("وقال")
    found = Quote(said, len(ORACLE_TEXT), {"start": said, "end": said + 4, "text": "وقال"}, None, None, False)
    gold = {"quotes": [_gold_quote("وتطرق", "وزير المالية"), _gold_quote("وقال", "الوزير"),
                       _gold_quote("الأزمة", None)]}
    added = oracle_quotes(ctx, gold, [found])
    assert [q.cue["text"] for q in added] == ["وتطرق"]  # وقال has its quote; a gold quote without a speaker is skipped
    assert ORACLE in (added[0].speaker_reason or "") and (added[0].speaker_reason or "").startswith(CUE_MODEL)
    assert added[0].content is not None and added[0].content["text"].startswith("وزير المالية")
