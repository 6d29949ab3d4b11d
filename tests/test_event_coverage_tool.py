"""tools/event_coverage.py sorts each gold event into where the learned layer loses it, and guesses the
part of speech of its trigger."""

from __future__ import annotations

from attribution_helpers import arg_of, context_of, span_of
from event_coverage import classify, part_of_speech
from marsad.document import Event
from marsad.evaluate.attribution import _Cluster

TEXT = "وشنت الطائرات غارات على المدينة بعد الاجتماع وقالت الوزارة إن القوات مهاجمة"


def test_the_part_of_speech_is_read_from_the_letters() -> None:
    ctx = context_of(TEXT)
    assert part_of_speech(ctx, span_of(TEXT, "وشنت")) == "verb"
    assert part_of_speech(ctx, span_of(TEXT, "الاجتماع")) == "verbal noun"
    assert part_of_speech(ctx, span_of(TEXT, "مهاجمة")) == "participle"
    assert part_of_speech(ctx, span_of(TEXT, "شنت الطائرات غارات")) == "multi-word"


def test_a_gold_event_is_classed_where_it_is_lost() -> None:
    ctx = context_of(TEXT)
    cluster = _Cluster("ASSAULT", [{"type": "ASSAULT", "trigger": list(span_of(TEXT, "غارات")), "actor": list(span_of(TEXT, "الطائرات"))}])
    start, end = span_of(TEXT, "غارات")
    index = next(t.index for t in ctx.tokens if t.start == start)

    def scored(label: str, p: float) -> list[tuple[int, int, int, str, float, float, bool]]:
        return [(start, end, index, label, p, 0.45, False)]

    assert classify(TEXT, ctx, cluster, [], None) == "not a candidate"
    assert classify(TEXT, ctx, cluster, scored("ASSAULT", 0.3), None) == "under threshold, best type right"
    assert classify(TEXT, ctx, cluster, scored("COERCE", 0.3), None) == "under threshold, best type wrong"
    assert classify(TEXT, ctx, cluster, scored("COERCE", 0.6), None) == "wrong type"
    assert classify(TEXT, ctx, cluster, scored("ASSAULT", 0.6), None) == "kept, not matched"
    found = Event("ASSAULT", None, arg_of(TEXT, "غارات"), None, None, None, None, "asserted", None)
    assert classify(TEXT, ctx, cluster, scored("ASSAULT", 0.6), found) == "matched, actor missing"
    found.actor = arg_of(TEXT, "الطائرات")
    assert classify(TEXT, ctx, cluster, scored("ASSAULT", 0.6), found) == "matched, actor right"
    found.actor = arg_of(TEXT, "الوزارة")
    assert classify(TEXT, ctx, cluster, scored("ASSAULT", 0.6), found) == "matched, actor wrong"
