"""tools/argument_errors.py sorts each role of a matched event into one error class."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from argument_errors import (
    classify,
    gold_rank,
    instead_class,
    kinds,
    print_kinds,
    recording,
    relative_head,
    trigger_kind,
    word_before,
)
from attribution_helpers import arg_of, context_of, span_of
from conftest import SEED_PATH
from marsad.attribution.learned.context import Phrase
from marsad.document import Document, Quote
from marsad.pipeline import Pipeline, PipelineConfig

TEXT = "دعا الرئيس المجتمع الدولي إلى التحرك"


def test_right_and_wrong_answers_are_told_apart() -> None:
    gold = {"actor": [span_of(TEXT, "الرئيس")], "target": [span_of(TEXT, "المجتمع الدولي")]}
    assert classify(TEXT, None, None, [], gold, "actor", arg_of(TEXT, "الرئيس")) == "right: named"
    assert classify(TEXT, None, None, [], {"actor": [], "target": []}, "actor", None) == "right: none"
    assert classify(TEXT, None, None, [], {"actor": [], "target": []}, "actor", arg_of(TEXT, "الرئيس")) == "wrong: gold has none"
    # the addressee given as the actor is the other role
    assert classify(TEXT, None, None, [], gold, "actor", arg_of(TEXT, "المجتمع الدولي")) == "wrong: the other role (swapped)"


def test_an_abstention_is_classed_by_the_rank_of_the_covering_candidate() -> None:
    ctx = context_of(TEXT)
    president, community, move = Phrase(1, 2), Phrase(2, 4), Phrase(5, 6)
    gold = {"actor": [span_of(TEXT, "الرئيس")], "target": []}
    first = [(president, 2.0), (community, 1.0), (None, 3.0)]
    second = [(president, 1.0), (community, 2.0), (None, 3.0)]
    assert classify(TEXT, ctx, 0, first, gold, "actor", None) == "abstained: covering candidate ranked 1st"
    assert classify(TEXT, ctx, 0, second, gold, "actor", None) == "abstained: covering candidate ranked 2nd"
    assert classify(TEXT, ctx, 0, [(move, 1.0), (None, 0.0)], gold, "actor", None) == "abstained: no candidate covers"


def test_a_wrong_actor_is_classed_by_where_it_stands_and_what_it_is() -> None:
    ctx = context_of(TEXT)
    president, community = Phrase(1, 2, {"head"}), Phrase(2, 4, {"np"})
    actor, target = [span_of(TEXT, "الرئيس")], [span_of(TEXT, "المجتمع الدولي")]
    # the addressee after the subject stands in the object's place; a run of neither entity nor head is a filler
    assert instead_class(ctx, TEXT, 0, community, actor, target) == ("verb: later after (object)", "filler")
    assert instead_class(ctx, TEXT, 0, president, target, actor) == ("verb: first party after", "other party")
    # a phrase that runs over the gold actor and the target is both in one
    both = Phrase(1, 4, {"head"})
    assert instead_class(ctx, TEXT, 0, both, actor, target) == ("verb: first party after", "actor and target in one")


def test_the_gold_actors_rank_and_probability_among_the_candidates() -> None:
    ctx = context_of(TEXT)
    president, community = Phrase(1, 2, {"head"}), Phrase(2, 4, {"np"})
    chosen: list[tuple[Phrase | None, float]] = [(president, 0.0), (community, 2.0), (None, 0.0)]
    assert gold_rank(TEXT, ctx, chosen, [span_of(TEXT, "الرئيس")]) == ("2nd", "0.1-0.3")
    assert gold_rank(TEXT, ctx, chosen, [span_of(TEXT, "التحرك")]) == ("no candidate", "-")


def test_kinds_name_a_passive_marker_and_a_filler_phrase() -> None:
    text = "تم اعتقال الناشط على يد الشرطة هناك أيضا"
    ctx = context_of(text)
    trigger = 1  # اعتقال
    police, filler = Phrase(5, 6, {"head"}), Phrase(6, 8, {"rule-actor"})
    chosen: list[tuple[Phrase | None, float]] = [(police, 1.0), (filler, 2.0), (None, 0.0)]
    gold = [span_of(text, "الشرطة")]
    found = kinds(ctx, text, trigger, chosen, gold, arg_of(text, "هناك أيضا"))
    assert "passive" in found and "filler chosen" in found
    assert "trigger in quote" not in found
    # a party head chosen is no filler, and without تم or على يد nothing is passive
    plain = "اعتقلت الشرطة الناشط"
    ctx2 = context_of(plain)
    found2 = kinds(ctx2, plain, 0, [(Phrase(1, 2, {"head"}), 1.0)], [span_of(plain, "الشرطة")], arg_of(plain, "الشرطة"))
    assert found2 == []


def test_kinds_name_a_trigger_inside_a_quote() -> None:
    text = 'وقال الوزير: "هاجمت الشرطة المتظاهرين" أمس.'
    ctx = context_of(text)
    start, end = span_of(text, "هاجمت الشرطة المتظاهرين")
    ctx.doc.quotes.append(Quote(start, end, arg_of(text, "وقال"), None, {"start": start, "end": end}, True))
    ctx.refresh_quotes()
    trigger = next(i for i, t in enumerate(ctx.tokens) if t.form == "هاجمت")
    assert "trigger in quote" in kinds(ctx, text, trigger, [], [], None)
    after = next(i for i, t in enumerate(ctx.tokens) if t.form == "امس")
    assert "trigger in quote" not in kinds(ctx, text, after, [], [], None)


# the gold tools that read --corpora share its check (train_common.chosen_corpora)
@pytest.mark.parametrize("tool", ["argument_errors.py", "frame_events.py", "unseen_triggers.py"])
def test_an_unknown_corpus_is_named_with_the_choices(tmp_path: Path, tool: str) -> None:
    root = Path(__file__).resolve().parent.parent
    run = subprocess.run([sys.executable, str(root / "tools" / tool), "--gold", str(root / "gold"),
                          "--shared", str(tmp_path / "no-shared"), "--corpora", "anercorp,nosuch"],
                         capture_output=True, text=True, timeout=120, cwd=root,
                         env={**os.environ, "PYTHONPATH": str(root / "src")})
    assert run.returncode == 2
    assert "unknown corpora nosuch; choose from: anercorp" in run.stderr and "Traceback" not in run.stderr


def test_the_recording_hook_follows_the_events_stage() -> None:
    """The hook takes what the events stage passes the chooser (the role keys too): a hook out of step
    fails inside the stage, which records the error on the document, and the table came out empty."""
    pipeline = Pipeline.from_config(PipelineConfig(extraction="learned"))
    calls: list[dict[str, Any]] = []
    with recording(calls):
        doc = pipeline(Document("واتهمت المعارضة السورية الحكومة بقصف المدينة.", published="2019-12-12"))
    assert doc.errors == []
    assert doc.events and calls
    assert any(set(call["roles"]) == {"actor", "target"} for call in calls)


def test_the_trigger_kind_tells_a_verb_with_its_own_subject_from_one_without() -> None:
    text = "وصل المسلحون إلى القرية. ثم هاجموا مركز الشرطة، وهاجم الجيش المخيم بعد الهجوم."
    ctx = context_of(text)
    at = {t.form: i for i, t in enumerate(ctx.tokens)}
    # the gunmen named a sentence earlier are the subject of هاجموا: the party after it is its object
    assert trigger_kind(ctx, at["هاجموا"]) == "verb, no party after"
    assert trigger_kind(ctx, at["وهاجم"]) == "verb, party after"
    assert trigger_kind(ctx, at["الهجوم"]) == "noun or unread"


def test_the_kinds_table_counts_right_and_wrong_where_gold_stands(capsys: Any) -> None:
    from collections import Counter

    table = Counter({("verb, no party after", "earlier sentence", False): 3,
                     ("verb, no party after", "before", True): 2})
    print_kinds(table)
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if "verb, no party after" in line)
    # right of all, then right / wrong for before, after, earlier sentence, later sentence, none
    assert row.split()[4:] == ["2/5", "2/0", "0/0", "0/3", "0/0", "0/0"]


def test_out_of_fold_models_that_are_missing_are_named(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    run = subprocess.run([sys.executable, str(root / "tools" / "argument_errors.py"), "--gold", str(root / "gold"),
                          "--shared", str(tmp_path / "no-shared"), "--split", "train",
                          "--fold-models", str(tmp_path)],
                         capture_output=True, text=True, timeout=120, cwd=root,
                         env={**os.environ, "PYTHONPATH": str(root / "src")})
    assert run.returncode == 2
    assert "no fold model" in run.stderr and "Traceback" not in run.stderr


def test_a_noun_triggers_actor_is_classed_by_how_gold_names_it() -> None:
    from argument_errors import noun_actor_class

    text = "شنت القوات الروسية غارات على حلب، وقال الجيش إن هجوم المسلحين فشل"
    ctx = context_of(text)
    at = {text[t.start:t.end]: i for i, t in enumerate(ctx.tokens)}
    forces, gunmen = span_of(text, "القوات الروسية"), span_of(text, "المسلحين")
    assert noun_actor_class(ctx, text, at["غارات"], [forces], False, False) == "light-verb subject"
    assert noun_actor_class(ctx, text, at["غارات"], [forces], True, False) == "right"
    assert noun_actor_class(ctx, text, at["غارات"], [], False, False) == "gold has none"
    assert noun_actor_class(ctx, text, at["هجوم"], [gunmen], False, False) == "genitive: missed"
    assert noun_actor_class(ctx, text, at["هجوم"], [gunmen], False, True) == "genitive: taken as target"
    # the army speaks before the attack: neither a genitive nor a light verb's subject
    assert noun_actor_class(ctx, text, at["هجوم"], [span_of(text, "الجيش")], False, False) == "before, other"
    adjective = "وقتل عشرة في الغارات الروسية على حلب"
    actx = context_of(adjective)
    trigger = next(i for i, t in enumerate(actx.tokens) if adjective[t.start:t.end] == "الغارات")
    assert noun_actor_class(actx, adjective, trigger, [span_of(adjective, "الروسية")], False, False) \
        == "nationality adjective"


def test_a_light_verb_is_found_before_the_noun_within_its_clause() -> None:
    from argument_errors import light_verb_before

    ctx = context_of("شنت القوات الروسية غارات، وبعد ذلك هجوم")
    at = {t.form: i for i, t in enumerate(ctx.tokens)}
    assert light_verb_before(ctx, at["غارات"]) == at["شنت"]
    # a comma closes the light verb's clause
    assert light_verb_before(ctx, at["هجوم"]) is None
    plain = context_of("أعلنت الشرطة اعتقال الناشط")
    assert light_verb_before(plain, 2) is None


# Round 29: a verb right after an indefinite noun opens a relative clause (جملة صفة) whose subject is that noun
@pytest.mark.parametrize(("text", "verb", "noun"), [
    ("وأصدرت المنظمة بيانا يتهم الحكومة بقمع المتظاهرين.", "يتهم", "بيانا"),
    ("وتبنى المجلس قرارا يدين الهجوم على السفارة.", "يدين", "قرارا"),
    ("ونفذ المسلحون هجوما استهدف مركزا للشرطة في المدينة.", "استهدف", "هجوما"),
    ("ونشرت الجمعية دراسة تتهم الشركات بتلويث النهر.", "تتهم", "دراسة"),
])
def test_the_indefinite_noun_before_a_verb_heads_its_clause(text: str, verb: str, noun: str) -> None:
    ctx = context_of(text)
    index = next(i for i, t in enumerate(ctx.tokens) if t.form == verb)
    head = relative_head(ctx, index)
    assert head is not None and ctx.surface((head, head + 1)) == noun
    assert trigger_kind(ctx, index) == "verb after an indefinite noun"


@pytest.mark.parametrize(("text", "verb"), [
    ("واتهمت الحكومة المعارضة بقمع المتظاهرين.", "واتهمت"),  # the verb opens the sentence
    ("وقال إن التقرير اتهم الحكومة بالفساد.", "اتهم"),  # a definite noun before the verb
    ("وكانوا قد اتهموا الجيش بخرق الهدنة.", "اتهموا"),  # a particle before the verb
    ("ثم استهدفوا مركزا للشرطة.", "استهدفوا"),  # the indefinite noun after the verb is its object
])
def test_no_relative_head_without_an_indefinite_noun_right_before(text: str, verb: str) -> None:
    ctx = context_of(text)
    index = next(i for i, t in enumerate(ctx.tokens) if t.form == verb)
    assert relative_head(ctx, index) is None
    assert trigger_kind(ctx, index) != "verb after an indefinite noun"


def test_the_seed_report_heads_the_accusing_clause() -> None:
    ctx = context_of(SEED_PATH.read_text(encoding="utf-8"))
    heads = {(ctx.tokens[k].form, t.form) for i, t in enumerate(ctx.tokens)
             if t.is_word and (k := relative_head(ctx, i)) is not None}
    assert ("تقريرا", "اتهمت") in heads


def test_the_word_before_a_given_phrase_is_recorded_folded() -> None:
    text = "عقد الوزير محادثات مع الرئيس السوري"
    ctx = context_of(text)
    assert word_before(ctx, span_of(text, "الرئيس السوري")[0]) == "مع"
    assert word_before(ctx, span_of(text, "عقد")[0]) == "<s>"
