"""tools/duplicate_classes.py classes each duplicate, each merged mention and each pair of events kept apart by
what differs between the two mentions (round 31), and counts the classes side by side."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from attribution_helpers import arg_of, span_of
from duplicate_classes import CLASS_KINDS, Run, Tally, class_table, merge_classes, pair_classes
from marsad.attribution.learned.extract import stage_context
from marsad.attribution.learned.linear import BinaryModel
from marsad.document import Document, Event
from marsad.evaluate.attribution import Scores
from marsad.pipeline import Pipeline, PipelineConfig

TEXT = ('شنت الطائرات غارات على المدينة. وقال الوزير إن "القصف لن يمر دون رد". '
        'وكانت المدينة هادئة. وأسفرت الغارات عن قتلى.')


def _event(word: str, actor: str | None = None, confidence: float = 0.9) -> Event:
    event = Event("ASSAULT", None, arg_of(TEXT, word), arg_of(TEXT, actor) if actor else None, None, None, None,
                  "asserted", None)
    event.confidence = confidence
    return event


def _run(golds: list[dict[str, Any]], kept_words: list[tuple[str, str | None]]) -> Run:
    # the full pipeline, for the quote the classes read
    ctx = stage_context(Pipeline.from_config(PipelineConfig())(Document(TEXT)))
    kept = [(ctx.token_at(span_of(TEXT, word)[0]), _event(word, actor)) for word, actor in kept_words]
    models: Any = SimpleNamespace(coref=BinaryModel({}, 1.0, 0.2))  # p = 0.73 for every pair
    return Run("test", "a1", TEXT, golds, ctx, kept, models)


def _gold(word: str, same_as: int | None = None) -> dict[str, Any]:
    gold: dict[str, Any] = {"type": "ASSAULT", "trigger": list(span_of(TEXT, word))}
    if same_as is not None:
        gold["same_as"] = same_as
    return gold


def test_a_pair_is_classed_by_what_differs_between_its_mentions() -> None:
    run = _run([], [("غارات", "الطائرات"), ("القصف", None), ("الغارات", None)])
    (a, raids), (b, shelling), (c, again) = run.kept
    quoted = pair_classes(run, raids, shelling, a, b, 0.12)
    assert quoted["actor"] == "one missing"  # the quote's mention names no actor
    assert quoted["target"] == "none"
    assert quoted["quote"] == "one quoted"
    assert quoted["sentences apart"] == "1"
    assert quoted["first in headline/lede"] == "True"
    assert quoted["coreference p"] == "< 0.15"
    assert quoted["later's confidence"] == ">= 0.7"
    later = pair_classes(run, raids, again, a, c, 0.8)
    assert later["quote"] == "both narrative"
    assert later["sentences apart"] == "2-3"
    assert later["words"] == "the same stem"  # الغارات after غارات
    assert later["coreference p"] == ">= 0.7"
    shelling.actor = arg_of(TEXT, "الوزير")  # a lone title names no party: it contradicts nothing
    assert pair_classes(run, raids, shelling, a, b, 0.12)["actor"] == "one party"
    shelling.actor = arg_of(TEXT, "المدينة")
    assert pair_classes(run, raids, shelling, a, b, 0.12)["actor"] == "differ"
    shelling.actor["confidence"] = 0.2  # under the merge's floor
    assert pair_classes(run, raids, shelling, a, b, 0.12)["actor"] == "differ (doubtful)"
    shelling.actor = arg_of(TEXT, "الطائرات")
    assert pair_classes(run, raids, shelling, a, b, 0.12)["actor"] == "one party"


def test_merged_mentions_and_events_kept_apart_are_counted_by_outcome() -> None:
    # gold: the raids and their re-mention are one event, the shelling in the quote another
    golds = [_gold("غارات"), _gold("القصف"), _gold("الغارات", same_as=0)]
    run = _run(golds, [("غارات", "الطائرات"), ("القصف", None), ("الغارات", None)])
    raids = run.kept[0][1]
    merged = Event(raids.type, None, raids.trigger, raids.actor, None, None, None, "asserted", None)
    merged.mentions = [{key: run.kept[k][1].trigger[key] for key in ("start", "end", "text")} for k in (1, 2)]
    out = merge_classes(run, [merged])
    assert len(out["wrong"]) == 1 and "«القصف»" in out["wrong"][0]["_example"]  # a distinct event lost
    assert len(out["right"]) == 1 and "«الغارات»" in out["right"][0]["_example"]  # the re-mention
    assert out["false"] == [] and out["apart"] == [] and out["false apart"] == []
    # kept apart instead: the shelling is another gold event (apart), a stray word none (false apart)
    apart = merge_classes(run, [raids, run.kept[1][1]])
    assert len(apart["apart"]) == 1 and apart["wrong"] == []
    stray = _run([_gold("غارات")], [("غارات", "الطائرات"), ("القصف", None)])
    assert len(merge_classes(stray, [stray.kept[0][1], stray.kept[1][1]])["false apart"]) == 1


def test_the_class_table_counts_every_outcome_side_by_side() -> None:
    run = _run([], [("غارات", "الطائرات"), ("القصف", None)])
    (a, raids), (b, shelling) = run.kept
    row = pair_classes(run, raids, shelling, a, b, 0.12)
    tally = Tally(Scores(), [], [], [row], {"wrong": [row, row], "right": [], "false": [], "apart": [row]})
    lines = class_table(tally)
    assert lines[0].startswith("    classes (dimension: value duplicate 1/wrong 2/right 0/false 0/apart 1")
    assert "      quote: one quoted 1/2/0/0/1/0" in lines
    assert not any("_example" in line for line in lines)  # the example is no class
    assert len(CLASS_KINDS) == 6


def test_a_denial_and_a_source_are_classes_of_their_own() -> None:
    # round 33: a denial merged into the claim it denies (`ونفى المتحدث … لم تطلق النار` after the claimed
    # shelling) is counted apart from two other statuses, and the two mentions' sources are compared
    run = _run([], [("غارات", "الطائرات"), ("القصف", None)])
    (a, raids), (b, shelling) = run.kept
    assert pair_classes(run, raids, shelling, a, b, 0.12)["status"] == "same"
    assert pair_classes(run, raids, shelling, a, b, 0.12)["source"] == "none"
    shelling.status = "claimed"
    assert pair_classes(run, raids, shelling, a, b, 0.12)["status"] == "differ"
    shelling.status, shelling.source = "denied", arg_of(TEXT, "الطائرات")
    row = pair_classes(run, raids, shelling, a, b, 0.12)
    assert row["status"] == "one denied" and row["source"] == "one missing"
    raids.status, raids.source = "claimed", arg_of(TEXT, "المدينة")
    row = pair_classes(run, shelling, raids, b, a, 0.12)
    assert row["status"] == "one denied" and row["source"] == "differ"
    raids.source = arg_of(TEXT, "الوزير")  # a lone title names no party, as in the merge
    assert pair_classes(run, raids, shelling, a, b, 0.12)["source"] == "one party"


def test_the_round_35_variants_read_a_denial_and_a_name_inside_another() -> None:
    """``denial-apart`` keeps a denial from the claim; ``retold-inside-*`` reads one actor phrase inside the other's."""
    from duplicate_classes import _actor_inside, _one_denied

    run = _run([], [("غارات", "الطائرات"), ("القصف", None)])
    (a, raids), (b, shelling) = run.kept
    entry = ({"غار"}, [a], raids)
    assert not _one_denied(run.ctx, entry, shelling, b)
    shelling.status = "denied"
    assert _one_denied(run.ctx, entry, shelling, b)
    raids.status = "denied"
    assert not _one_denied(run.ctx, entry, shelling, b)
    text = "قال كارلوس ألبرتو باريرا إن باريرا وافق ونحن وافقنا"
    assert _actor_inside(arg_of(text, "كارلوس ألبرتو باريرا"), arg_of(text, "باريرا"))
    assert not _actor_inside(arg_of(text, "كارلوس ألبرتو باريرا"), arg_of(text, "وافق"))
    assert not _actor_inside(arg_of(text, "نحن"), arg_of(text, "نحن"))  # a pronoun names no party
