"""Accusation, denial, claim and condemnation frames (``data/event_frames.tsv``): the frame word an event
word stands after in its sentence, and its kind (round 32)."""

from __future__ import annotations

import pytest

from marsad.attribution.learned.context import FRAME_SUBJECT, Context, trigger_words
from marsad.attribution.learned.extract import actor_choice, argument_candidates, event_candidates
from marsad.attribution.learned.frames import FRAME_KINDS, frame_before, word_kind
from marsad.attribution.text import analysed
from marsad.document import Document
from marsad.pipeline import Pipeline, PipelineConfig
from marsad.text.normalize import normalize


@pytest.fixture(scope="module")
def rules() -> Pipeline:
    return Pipeline.from_config(PipelineConfig(extraction="rules"))


def _frame(rules: Pipeline, text: str, word: str) -> tuple[str, str] | None:
    doc = rules(Document(text, published="2020-01-10"))
    ctx = Context(doc, analysed(doc))
    index = next(k for k, tok in enumerate(ctx.tokens) if text[tok.start:tok.end] == word)
    found = frame_before(ctx, index)
    return None if found is None else (found.kind, text[ctx.tokens[found.word].start:ctx.tokens[found.word].end])


@pytest.mark.parametrize(("word", "kind"), [
    ("واتهمت", "accuse"), ("اتهموا", "accuse"), ("تتهم", "accuse"), ("واتهمته", "accuse"), ("الاتهامات", "accuse"),
    ("ونفى", "deny"), ("نفت", "deny"), ("ينفي", "deny"),
    ("وتبنت", "claim"), ("يتبنى", "claim"),
    ("وأدانت", "condemn"), ("إدانتها", "condemn"), ("واستنكر", "condemn"), ("تنديد", "condemn"),
    ("مسؤوليته", "responsibility"), ("المسؤولية", "responsibility"),
])
def test_frame_words_with_their_clitics_and_endings(word: str, kind: str) -> None:
    assert word_kind(normalize(word)) == kind


@pytest.mark.parametrize("word", ["الدين", "حملة", "بلدان", "الهجوم", "المدينة", "قال"])
def test_words_that_only_look_like_a_frame_word(word: str) -> None:
    # حملة reads as the verb of bearing, which is a frame only before مسؤولية
    assert word_kind(normalize(word)) not in FRAME_KINDS


def test_the_frame_an_event_word_stands_in(rules: Pipeline) -> None:
    text = "اتهمت الحكومة اليمنية الحوثيين بقصف أحياء سكنية في مدينة تعز."
    assert _frame(rules, text, "بقصف") == ("accuse", "اتهمت")
    # the frame word's own event stands in no frame
    assert _frame(rules, text, "اتهمت") is None
    assert _frame(rules, "ونفى المتحدث باسم الجماعة قصف المدينة.", "قصف") == ("deny", "ونفى")
    assert _frame(rules, "وأدانت الأمم المتحدة قصف المستشفى في إدلب.", "قصف") == ("condemn", "وأدانت")
    assert _frame(rules, "وتبنى تنظيم داعش الهجوم على الموقع.", "الهجوم") == ("claim", "وتبنى")


def test_responsibility_takes_its_kind_from_the_verb_before_it(rules: Pipeline) -> None:
    assert _frame(rules, "وحمّلت الوزارة النظام مسؤولية الهجوم على البلدة.", "الهجوم") == ("accuse", "مسؤولية")
    assert _frame(rules, "وأعلن تنظيم داعش مسؤوليته عن الهجوم على الموقع.", "الهجوم") == ("claim", "مسؤوليته")
    assert _frame(rules, "ونفت الحركة مسؤوليتها عن الانفجار في المخيم.", "الانفجار") == ("deny", "مسؤوليتها")


def test_no_frame_in_another_sentence_or_too_far_back(rules: Pipeline) -> None:
    assert _frame(rules, "اتهمت الحكومة الحوثيين. وقصفت الطائرات المدينة.", "وقصفت") is None
    assert _frame(rules, "وأطلقت الحكومة حملة لقصف المواقع.", "لقصف") is None
    far = "اتهمت الحكومة " + "الرئيس والوزير والنائب والقائد والمسؤول والمحافظ والمدير والضابط والجندي " * 2 + "بقصف المدينة."
    assert _frame(rules, far, "بقصف") is None


def _subjects(rules: Pipeline, text: str, word: str) -> list[str]:
    """The candidates of the event word marked as its frame's subject (which the actor may not take)."""
    doc = rules(Document(text, published="2020-01-10"))
    ctx = Context(doc, analysed(doc))
    cand = next(c for c in event_candidates(ctx, trigger_words({})) if text[ctx.tokens[c.index].start:
                                                                          ctx.tokens[c.index].end] == word)
    phrases = argument_candidates(ctx, cand)
    assert all(actor_choice(p) == (FRAME_SUBJECT not in p.origins) for p in phrases)
    return [ctx.surface((p.first, p.last)) for p in phrases if FRAME_SUBJECT in p.origins]


@pytest.mark.parametrize(("text", "word", "subject"), [
    ("اتهمت الحكومة اليمنية الحوثيين بقصف أحياء سكنية في مدينة تعز.", "بقصف", "الحكومة اليمنية"),
    ("وحمّلت وزارة الخارجية النظام السوري مسؤولية الهجوم على البلدة.", "الهجوم", "وزارة الخارجية"),
    ("وأدانت الأمم المتحدة قصف المستشفى في إدلب.", "قصف", "الأمم المتحدة"),
    ("وقال البيان إن الحكومة اتهمت الحوثيين بقصف المدينة.", "بقصف", "الحكومة"),
    ("وكانت المنظمة قد اتهمت في تقريرها السلطات باحتجاز ناشطين.", "باحتجاز", "المنظمة"),
    ("واتهمته الحكومة بقصف المدينة.", "بقصف", "الحكومة"),
])
def test_the_subject_of_an_accusation_or_condemnation_is_no_actor(rules: Pipeline, text: str, word: str,
                                                                   subject: str) -> None:
    assert _subjects(rules, text, word) == [subject]


@pytest.mark.parametrize(("text", "word"), [
    # the party before a verb with an object pronoun is the accused, the subject is not named here
    ("وانتقد الوزير الحكومة واتهمها بقصف المدينة.", "بقصف"),
    # one party after an accusing verb is the accused: the subject was named before
    ("ونفت الحركة ذلك، واتهمت الجيش بقصف الأحياء السكنية.", "بقصف"),
    # a claim's or a denial's subject is often the actor: not marked
    ("وتبنى تنظيم داعش الهجوم على الموقع.", "الهجوم"),
    ("ونفت الحركة مسؤوليتها عن الانفجار في المخيم.", "الانفجار"),
    # no frame word before the event word
    ("وقصفت الطائرات الحربية مدينة تعز.", "وقصفت"),
])
def test_no_frame_subject(rules: Pipeline, text: str, word: str) -> None:
    assert _subjects(rules, text, word) == []


def test_the_tool_classes_the_accuser_as_the_frames_subject() -> None:
    from frame_events import actor_outcome
    from marsad.evaluate.attribution import _clusters

    text = "اتهمت الحكومة اليمنية الحوثيين بقصف أحياء سكنية في مدينة تعز."

    def span(words: str) -> list[int]:
        return [text.index(words), text.index(words) + len(words)]

    def arg(words: str) -> dict[str, object]:
        return {"start": text.index(words), "end": text.index(words) + len(words), "text": words}

    accuse = {"type": "ACCUSE", "trigger": span("اتهمت"), "actor": span("الحكومة اليمنية"), "target": span("الحوثيين")}
    shelling = {"type": "ASSAULT", "trigger": span("بقصف"), "actor": span("الحوثيين"), "target": None,
                "source": span("الحكومة اليمنية"), "status": "claimed"}
    cluster = _clusters([accuse, shelling])[1]
    assert actor_outcome(text, cluster, arg("الحوثيين"), [], accuse) == "right"
    assert actor_outcome(text, cluster, arg("الحكومة اليمنية"), [], accuse) == "wrong: the frame's subject"
    assert actor_outcome(text, cluster, arg("مدينة تعز"), [], accuse) == "wrong: other"
    assert actor_outcome(text, cluster, None, [], accuse) == "abstained"


@pytest.mark.parametrize(("text", "word", "subject"), [
    ("اتهمت الحكومة اليمنية الحوثيين بقصف أحياء سكنية في مدينة تعز يوم الخميس، ما أدى إلى مقتل ثلاثة مدنيين.",
     "بقصف", "الحكومة اليمنية"),
    ("وحمّلت وزارة الخارجية النظام السوري مسؤولية الهجوم الكيماوي على خان شيخون.", "الهجوم", "وزارة الخارجية"),
    ("وأدانت الأمم المتحدة قصف المستشفى في إدلب.", "قصف", "الأمم المتحدة"),
])
def test_the_learned_extraction_never_gives_the_accuser_as_the_actor(text: str, word: str, subject: str) -> None:
    learned = Pipeline.from_config(PipelineConfig(extraction="learned"))
    doc = learned(Document(text, published="2020-01-10"))
    event = next(e for e in doc.events if e.trigger["text"] == word)
    assert not (event.actor and subject in str(event.actor.get("text")))
