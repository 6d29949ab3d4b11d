"""tools/event_coverage.py sorts each gold event into where the learned layer loses it, guesses the part of
speech of its trigger, sorts each false event by what stands at its word, and reads each article out of fold
with the model of its outer fold."""

from __future__ import annotations

from pathlib import Path

import pytest

from attribution_helpers import arg_of, context_of, span_of
from event_coverage import classify, false_class, part_of_speech, where_it_stands
from marsad.attribution.learned.extract import stage_context
from marsad.cli.train_common import FoldModels
from marsad.document import Document, Event
from marsad.evaluate.attribution import _Cluster
from marsad.pipeline import Pipeline, PipelineConfig
from marsad.train.refit import outer_fold

TEXT = "وشنت الطائرات غارات على المدينة بعد الاجتماع وقالت الوزارة إن القوات مهاجمة"


def test_the_part_of_speech_is_read_from_the_letters() -> None:
    ctx = context_of(TEXT)
    assert part_of_speech(ctx, span_of(TEXT, "وشنت")) == "verb"
    assert part_of_speech(ctx, span_of(TEXT, "الاجتماع")) == "verbal noun"
    assert part_of_speech(ctx, span_of(TEXT, "مهاجمة")) == "participle"
    assert part_of_speech(ctx, span_of(TEXT, "شنت الطائرات غارات")) == "multi-word"


WHERE_TEXT = 'شنت الطائرات غارات على المدينة. وقال الوزير إن "الهجوم لن يمر دون رد". ودعت منظمة العفو الدولية إلى وقف القصف.'


def test_where_an_event_word_stands() -> None:
    # the full pipeline, for the entities and quotes the classes read
    ctx = stage_context(Pipeline.from_config(PipelineConfig())(Document(WHERE_TEXT)))
    assert where_it_stands(ctx, span_of(WHERE_TEXT, "غارات")) == "first sentence"
    assert where_it_stands(ctx, span_of(WHERE_TEXT, "الهجوم")) == "quote"
    assert where_it_stands(ctx, span_of(WHERE_TEXT, "العفو")) == "name"  # inside منظمة العفو الدولية
    assert where_it_stands(ctx, span_of(WHERE_TEXT, "القصف")) == "plain"


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


FALSE_TEXT = "وشنت الطائرات غارات على المدينة ودعت الوزارة إلى وقف التصعيد. وفي المساء عقد الوزراء اجتماعا طارئا"


def _output(text: str, event_type: str, word: str) -> Event:
    return Event(event_type, None, arg_of(text, word), None, None, None, None, "asserted", None)


def test_a_false_event_is_classed_by_what_stands_at_its_word() -> None:
    ctx = context_of(FALSE_TEXT)
    raids = _Cluster("ASSAULT", [{"type": "ASSAULT", "trigger": list(span_of(FALSE_TEXT, "غارات"))}])
    meeting = _Cluster("CONSULT", [{"type": "CONSULT", "trigger": list(span_of(FALSE_TEXT, "اجتماعا"))}])
    clusters = [raids, meeting]
    # the raids' word again, of their type: a second output event for one gold event
    assert false_class(ctx, clusters, _output(FALSE_TEXT, "ASSAULT", "غارات")) == "a re-mention"
    assert false_class(ctx, clusters, _output(FALSE_TEXT, "COERCE", "غارات")) == "right word, wrong type"
    # no gold trigger at the word, the raids coded in its sentence
    assert false_class(ctx, clusters, _output(FALSE_TEXT, "REQUEST", "ودعت")) == "not an event, beside a coded event"
    # with only the raids coded, the second sentence holds no gold event: its type in the article or not
    assert false_class(ctx, [raids], _output(FALSE_TEXT, "ASSAULT", "طارئا")) == "not an event, its type elsewhere"
    assert false_class(ctx, [raids], _output(FALSE_TEXT, "CONSULT", "طارئا")) == "not an event, none of its type"
    # with only the meeting coded, the first sentence holds none: no REQUEST in the article
    assert false_class(ctx, [meeting], _output(FALSE_TEXT, "REQUEST", "ودعت")) == "not an event, none of its type"


def test_out_of_fold_each_article_is_read_by_the_model_of_its_outer_fold(tmp_path: Path) -> None:
    for k in range(4):
        (tmp_path / f"A-{k}.json").write_text("{}", encoding="utf-8")
    models = FoldModels(None, str(tmp_path), 4)
    for article_id in ("aner-0001", "ntrex-017", "snn-2015-07-26-1416"):
        assert models.path(article_id) == str((tmp_path / f"A-{outer_fold(article_id, 4)}.json").resolve())
    assert FoldModels(None, None).path("aner-0001") is None  # the shipped model
    (tmp_path / "A-3.json").unlink()
    with pytest.raises(SystemExit):
        FoldModels(None, str(tmp_path), 4)
    with pytest.raises(SystemExit):
        FoldModels("model.json", str(tmp_path), 3)
