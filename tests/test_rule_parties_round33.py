"""Words the rule set took as parties though they name none (round 33, sentences written for the
project): a dateline as an accuser, the relative clause of ``بحسب ما`` / ``وفق ما`` in a speaker, a
time adverb as the actor of an attack."""

from __future__ import annotations

from typing import Any

import pytest

from marsad.document import Document
from marsad.pipeline import Pipeline, PipelineConfig


@pytest.fixture(scope="module")
def rules() -> Pipeline:
    return Pipeline.from_config(PipelineConfig(extraction="rules"))


def _text(arg: Any) -> str | None:
    return None if arg is None else str(arg["text"])


def _party_texts(doc: Document) -> list[str]:
    out: list[str] = []
    for ev in doc.events:
        out += [t for t in (_text(ev.actor), _text(ev.target)) if t is not None]
    out += [t for q in doc.quotes if (t := _text(q.speaker)) is not None]
    return out


@pytest.mark.parametrize("text", [
    "دمشق (وكالة الأنباء التجريبية) - اتهمت وزارة الدفاع السورية فصائل المعارضة بقصف أحياء في حلب.",
    "مقدمة قصيرة.\nعمان (رويترز) – أدانت الحكومة الأردنية الهجوم على القافلة.",
])
def test_a_dateline_is_no_party(rules: Pipeline, text: str) -> None:
    doc = rules(Document(text, published="2026-11-01"))
    accuse = [ev for ev in doc.events if ev.type in ("ACCUSE", "REJECT", "CONDEMN") or _text(ev.actor)]
    assert accuse, "the sentence after the dateline still gives its event"
    for party in _party_texts(doc):
        assert "(" not in party and "وكالة الأنباء التجريبية" not in party and "رويترز" not in party
        assert not party.startswith(("دمشق", "عمان"))
    first = doc.events[0]
    assert _text(first.actor) is not None and _text(first.actor).startswith(("وزارة الدفاع", "الحكومة الأردنية"))


def test_a_place_and_outlet_inside_a_sentence_is_not_a_dateline(rules: Pipeline) -> None:
    # only the start of a paragraph holds a dateline: the same shape later is left to the phrases
    text = "وقال مدير المكتب في دمشق (سوريا) - في اتصال هاتفي - إن الوضع هادئ."
    doc = rules(Document(text, published="2026-11-01"))
    assert [_text(q.speaker) for q in doc.quotes] == ["مدير المكتب"]


@pytest.mark.parametrize(("text", "speaker"), [
    ("وقتل ثلاثة مدنيين في القصف بحسب ما أفاد به مكتب الأمم المتحدة لتنسيق الشؤون الإنسانية.",
     "مكتب الأمم المتحدة لتنسيق الشؤون الإنسانية"),
    ("وأصيب عشرة أشخاص وفق ما نقلته وكالة تونس أفريقيا للأنباء.", "وكالة تونس أفريقيا للأنباء"),
    ("وأصيب عشرة أشخاص بحسب ما ذكرته صحيفة الغد.", "صحيفة الغد"),
])
def test_the_speaker_of_an_according_clause_is_the_named_party(rules: Pipeline, text: str, speaker: str) -> None:
    doc = rules(Document(text, published="2026-11-01"))
    assert [_text(q.speaker) for q in doc.quotes] == [speaker]


@pytest.mark.parametrize("text", [
    "ولم يعلق الجيش الإسرائيلي على الغارة حتى الآن.",
    "ولم تعلق الشرطة على الهجوم حاليا.",
])
def test_a_time_adverb_is_no_party(rules: Pipeline, text: str) -> None:
    doc = rules(Document(text, published="2026-11-01"))
    for party in _party_texts(doc):
        assert party not in ("حتى الآن", "الآن", "حاليا") and not party.startswith("حتى")


def test_a_name_that_folds_to_now_still_names_a_speaker(rules: Pipeline) -> None:
    # folded, "آلان" is "الآن": the adverb alone is no stop word, or the name would be cut
    doc = rules(Document("وقال آلان دوبوا أستاذ الاقتصاد إن الأسعار سترتفع.", published="2026-11-01"))
    assert [_text(q.speaker) for q in doc.quotes] == ["آلان دوبوا أستاذ الاقتصاد"]


def test_a_verb_s_subject_after_a_time_adverb(rules: Pipeline) -> None:
    doc = rules(Document("وأغارت مؤخرا طائرات حربية على مواقع المسلحين في المدينة.", published="2026-11-01"))
    assert [(ev.type, _text(ev.actor)) for ev in doc.events] == [("ASSAULT", "طائرات حربية")]


def test_a_line_of_results_is_no_dateline() -> None:
    from marsad.attribution.datelines import dateline_tokens
    from marsad.attribution.text import analyse

    assert not dateline_tokens(analyse(Document("فريق الشمال (الأردن) - فريق الجنوب (مصر) صفر - 1.")))
    assert dateline_tokens(analyse(Document("عمان (رويترز) - قال الوزير إن الوضع هادئ.")))
