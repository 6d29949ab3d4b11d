"""tools/eval_speakers_cv.py scores the speakers kept at each threshold, as the run-time threshold keeps them."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from eval_speakers_cv import at_threshold, curve
from marsad.document import Document, Quote

TEXT = "وقال الوزير إن المحادثات مستمرة. وأضاف المتحدث أن الوفد وصل."


def _span(word: str) -> dict[str, Any]:
    start = TEXT.index(word)
    return {"start": start, "end": start + len(word), "text": word}


def _quote(cue: str, speaker: str, confidence: float) -> Quote:
    c, s = _span(cue), _span(speaker)
    content = _span("المحادثات مستمرة") if cue == "وقال" else _span("الوفد وصل")
    return Quote(c["start"], content["end"], c, {**s, "confidence": confidence}, content, False)


def test_a_speaker_counts_from_its_own_confidence_up() -> None:
    doc = Document(TEXT)
    doc.quotes[:] = [_quote("وقال", "الوزير", 0.9), _quote("وأضاف", "الوفد", 0.6)]  # the second is wrong
    gold = {"quotes": [{"cue": [_span("وقال")["start"], _span("وقال")["end"]],
                        "speaker": [_span("الوزير")["start"], _span("الوزير")["end"]]},
                       {"cue": [_span("وأضاف")["start"], _span("وأضاف")["end"]],
                        "speaker": [_span("المتحدث")["start"], _span("المتحدث")["end"]]}]}
    article = SimpleNamespace(text=TEXT, id="t-1")
    low = at_threshold([(article, gold, doc)], 0.5).speakers  # type: ignore[list-item]
    assert (low.gold, low.predicted, low.correct) == (2, 2, 1)
    high = at_threshold([(article, gold, doc)], 0.7).speakers  # type: ignore[list-item]
    assert (high.predicted, high.correct) == (1, 1)
    assert at_threshold([(article, gold, doc)], 0.9).speakers.correct == 1  # a confidence at the threshold is kept
    assert doc.quotes[1].speaker is not None  # the documents are not changed


def test_the_curve_reports_the_quotes_found(capsys: pytest.CaptureFixture[str]) -> None:
    """The quote cues found (the cue model's side, the same at every speaker threshold) head the curve: a gold
    quote the models missed lowers its recall, a quote gold lacks its precision."""
    doc = Document(TEXT)
    doc.quotes[:] = [_quote("وقال", "الوزير", 0.9)]
    said = [_span("وقال")["start"], _span("وقال")["end"]]
    added = [_span("وأضاف")["start"], _span("وأضاف")["end"]]
    gold = {"quotes": [{"cue": said, "speaker": None}, {"cue": added, "speaker": None}]}
    article = SimpleNamespace(text=TEXT, id="t-1")
    curve("dev", [(article, gold, doc)])  # type: ignore[list-item]
    assert "quotes 1 right of 1 given, 2 gold (P 1.000 / R 0.500)" in capsys.readouterr().out
