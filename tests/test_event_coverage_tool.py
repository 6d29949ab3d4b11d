"""tools/event_coverage.py sorts each gold event into where the learned layer loses it, and guesses the
part of speech of its trigger."""

from __future__ import annotations

import sys
from pathlib import Path

from marsad.attribution.learned.context import Context
from marsad.attribution.text import analysed
from marsad.document import Document, Event
from marsad.evaluate.attribution import _Cluster

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from event_coverage import classify, part_of_speech  # noqa: E402

TEXT = "وشنت الطائرات غارات على المدينة بعد الاجتماع وقالت الوزارة إن القوات مهاجمة"


def _span(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


def _arg(word: str) -> dict[str, object]:
    start, end = _span(word)
    return {"text": word, "start": start, "end": end}


def _context() -> Context:
    doc = Document(TEXT)
    return Context(doc, analysed(doc))


def test_the_part_of_speech_is_read_from_the_letters() -> None:
    ctx = _context()
    assert part_of_speech(ctx, _span("وشنت")) == "verb"
    assert part_of_speech(ctx, _span("الاجتماع")) == "verbal noun"
    assert part_of_speech(ctx, _span("مهاجمة")) == "participle"
    assert part_of_speech(ctx, _span("شنت الطائرات غارات")) == "multi-word"


def test_a_gold_event_is_classed_where_it_is_lost() -> None:
    ctx = _context()
    cluster = _Cluster("ASSAULT", [{"type": "ASSAULT", "trigger": list(_span("غارات")), "actor": list(_span("الطائرات"))}])
    start, end = _span("غارات")
    index = next(t.index for t in ctx.tokens if t.start == start)

    def scored(label: str, p: float) -> list[tuple[int, int, int, str, float, float, bool]]:
        return [(start, end, index, label, p, 0.45, False)]

    assert classify(TEXT, ctx, cluster, [], None) == "not a candidate"
    assert classify(TEXT, ctx, cluster, scored("ASSAULT", 0.3), None) == "under threshold, best type right"
    assert classify(TEXT, ctx, cluster, scored("COERCE", 0.3), None) == "under threshold, best type wrong"
    assert classify(TEXT, ctx, cluster, scored("COERCE", 0.6), None) == "wrong type"
    assert classify(TEXT, ctx, cluster, scored("ASSAULT", 0.6), None) == "kept, not matched"
    found = Event("ASSAULT", None, _arg("غارات"), None, None, None, None, "asserted", None)
    assert classify(TEXT, ctx, cluster, scored("ASSAULT", 0.6), found) == "matched, actor missing"
    found.actor = _arg("الطائرات")
    assert classify(TEXT, ctx, cluster, scored("ASSAULT", 0.6), found) == "matched, actor right"
    found.actor = _arg("الوزارة")
    assert classify(TEXT, ctx, cluster, scored("ASSAULT", 0.6), found) == "matched, actor wrong"
