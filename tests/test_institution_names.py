"""An event word inside the name of an institution, a treaty or a law names it; it is no event
(sentences written for these tests): ``منظمة حظر الأسلحة الكيميائية`` bans nothing, ``هيئة تحرير الشام``
liberates nothing. The learned layer offers such a word to the trigger model as no candidate."""

from __future__ import annotations

import pytest

from marsad.attribution.institutions import in_institution_name, institution_heads
from marsad.attribution.learned.context import Context
from marsad.attribution.learned.extract import event_candidates, shipped_models
from marsad.attribution.text import analysed
from marsad.document import Document
from marsad.pipeline import Pipeline, PipelineConfig


def named(text: str) -> list[str]:
    """The words of ``text`` that name an institution with the head before them."""
    tokens = analysed(Document(text)).tokens
    return [t.form for i, t in enumerate(tokens) if in_institution_name(tokens, i)]


def candidates(pipeline: Pipeline, text: str) -> list[str]:
    """The words of ``text`` the shipped trigger model is asked about (its vocabulary included)."""
    models = shipped_models()
    assert models is not None
    doc = pipeline(Document(text, published="2019-12-12"))
    ctx = Context(doc, analysed(doc))
    return [ctx.tokens[c.index].form for c in event_candidates(ctx, models.trigger_words())]


@pytest.mark.parametrize(("text", "word"), [
    ("وقعت الدول على اتفاقية حظر الأسلحة الكيميائية عام 1993.", "حظر"),
    ("أصدرت لجنة من خبراء الأمم المتحدة ومنظمة حظر الأسلحة الكيميائية تقريرا.", "حظر"),
    ("طالب الوزير إيران باحترام معاهدة حظر الانتشار النووي.", "حظر"),
    ("وقال إن قانون مكافحة الإرهاب يطبق على الجميع.", "مكافحه"),
    ("سيطرت هيئة تحرير الشام على البلدة.", "تحرير"),
    ("دان الأمين العام لمجلس التعاون اقتحام المسجد.", "التعاون"),
    ("قدمت لجنة التحقيق تقريرها إلى الأمين العام.", "التحقيق"),
])
def test_the_word_that_names_an_institution_is_no_candidate(pipeline: Pipeline, text: str, word: str) -> None:
    assert word in named(text)
    assert word not in candidates(pipeline, text)


@pytest.mark.parametrize(("text", "word"), [
    # a description, not a name: the gold codes the inquiry being set up
    ("أعلنت الحكومة تشكيل لجنة تحقيق عليا في أعمال العنف.", "تحقيق"),
    # the head with the article is a subject, the word after it its verb
    ("وأضاف أن المجلس دعا المجتمع الدولي إلى التحرك.", "دعا"),
    ("كما قضت المحكمة بحبس ثلاثة متهمين.", "بحبس"),
    # a purpose under ل
    ("تم تشكيل لجنة لمداهمة الموقع.", "لمداهمه"),
])
def test_an_event_word_after_a_head_that_names_nothing_stays(pipeline: Pipeline, text: str, word: str) -> None:
    assert word not in named(text)
    assert word in candidates(pipeline, text)


def test_the_heads_are_read_from_the_data_file_in_the_texts_spelling() -> None:
    heads = institution_heads()
    assert {"منظمه", "اتفاقيه", "هيئه", "مجلس", "قانون"} <= heads
    assert "منظمة" not in heads  # folded like the text (ة → ه)


def test_a_head_at_the_end_of_a_sentence_names_nothing() -> None:
    assert named("ووافق المجلس. حظر الأسلحة قائم.") == []
    assert named("انعقد مجلس. التعاون قائم.") == []


def test_the_learned_extraction_reads_no_ban_in_the_organisations_name() -> None:
    doc = Pipeline.from_config(PipelineConfig(extraction="learned"))(
        Document("أصدرت منظمة حظر الأسلحة الكيميائية تقريرا اتهمت فيه النظام بشن هجمات.", published="2019-12-12"))
    assert not [e for e in doc.events if "حظر" in e.trigger["text"]], [(e.type, e.trigger["text"]) for e in doc.events]


def test_the_per_form_readings_answer_as_the_folded_form_does() -> None:
    # the learned layer reads head and genitive per word form (memoised): the same answers as folding each
    # token and testing it, on every head with every prefix and on the words of sentences written for this
    from marsad.attribution.institutions import HEAD_PREFIXES, _folded, _head_form, _is_head
    from marsad.text.normalize import normalize

    words = [prefix + head for head in sorted(institution_heads()) for prefix in HEAD_PREFIXES]
    words += [t.form for t in analysed(Document(
        "أصدرت لجنة من خبراء الأمم المتحدة ومنظمة حظر الأسلحة الكيميائية تقريرا، وقالت هيئة تحرير الشام إن"
        " مجلس الأمن والمجلس الوطني وإتفاقية جنيف لم تُحترم.")).tokens]
    for word in words:
        assert _head_form(word) == _is_head(normalize(word)), word
        assert _folded(word) == normalize(word), word
    assert _head_form("ومنظمة") and not _head_form("المنظمة")


def test_the_run_time_filter_keeps_no_word_that_names_an_institution() -> None:
    # at run time the trigger filter passes over words before institution names are told apart: what it
    # leaves is a part of all the candidates, without the ban in the organisation's name
    models = shipped_models()
    assert models is not None
    pipeline = Pipeline.from_config(PipelineConfig(extraction="learned"))
    doc = pipeline(Document("أصدرت منظمة حظر الأسلحة الكيميائية تقريرا اتهمت فيه النظام بشن هجمات على مدن سورية.",
                            published="2019-12-12"))
    ctx = Context(doc, analysed(doc))
    select = models.trigger_filter().selector(models.trigger_threshold)
    assert select is not None
    chosen = [c.index for c in event_candidates(ctx, models.trigger_words(), select=select, word_apart=True)]
    every = [c.index for c in event_candidates(ctx, models.trigger_words())]
    assert set(chosen) <= set(every)
    assert "حظر" not in [ctx.tokens[i].form for i in every + chosen]
