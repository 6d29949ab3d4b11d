"""Quotations and attributions: the seed article through the full pipeline, and synthetic frames.

The synthetic sentences are written for these tests; they exercise one frame each.
"""

from __future__ import annotations

from marsad.document import Document, Quote
from marsad.pipeline import Pipeline


def run(pipeline: Pipeline, text: str) -> Document:
    doc = pipeline(Document(text))
    assert not [e for e in doc.errors if e.stage in ("quotes", "events")], doc.errors
    return doc


def by_cue(doc: Document, cue: str) -> Quote:
    found = [q for q in doc.quotes if q.cue["text"] == cue]
    assert found, f"no quote led by {cue!r}: {[q.cue['text'] for q in doc.quotes]}"
    return found[0]


# -- the seed ---------------------------------------------------------------------
def test_seed_quote_cues_and_speakers(seed_doc: Document) -> None:
    assert by_cue(seed_doc, "قالت").speaker["text"] == "روسيا"
    borenkov = by_cue(seed_doc, "وقال").speaker
    assert borenkov is not None and "بورينكوف" in borenkov["text"] and "حميميم" in borenkov["text"]
    statement = by_cue(seed_doc, "وأضاف")
    assert statement.speaker is not None and statement.speaker["text"] == "البيان"
    assert statement.direct
    # the statement speaks for its author, the head of the Hmeimim centre
    assert statement.chain[0] == by_cue(seed_doc, "وقال").chain[0]
    assert by_cue(seed_doc, "واعتبرت").speaker["text"] == "وزارة الدفاع الروسية"
    assert by_cue(seed_doc, "وقالت").speaker["text"] == "وزارة الخارجية الأمريكية"


def test_seed_chains_end_in_the_medium(seed_doc: Document) -> None:
    # "وفق موقع RT" names the medium of the whole run of Russian statements
    for cue in ("قالت", "وقال", "وأضاف", "واعتبرت"):
        assert by_cue(seed_doc, cue).chain[-1] == "RT", cue
    # the State Department is quoted directly by the outlet, not through RT
    assert "RT" not in by_cue(seed_doc, "وقالت").chain


def test_seed_spans_are_original_surfaces(seed_doc: Document) -> None:
    text = seed_doc.text
    assert seed_doc.span_problems() == []
    for q in seed_doc.quotes:
        for part in (q.cue, q.content, q.speaker):
            if part is not None and part["start"] >= q.start and part["end"] <= q.end:
                assert text[part["start"]:part["end"]] == part["text"]
        assert not seed_doc.is_boilerplate(q.cue["start"], q.cue["end"])


def test_nothing_from_boilerplate_line(seed_doc: Document) -> None:
    line_start = seed_doc.text.index("إقرأ أيضاً")
    line_end = seed_doc.text.index("\n", line_start)
    assert all(not (line_start <= q.start < line_end) for q in seed_doc.quotes)


# -- synthetic frames ----------------------------------------------------------------
def test_verb_first_speaker_with_role(pipeline: Pipeline) -> None:
    doc = run(pipeline, "وقال المتحدث باسم الخارجية إن المفاوضات ستستأنف الأسبوع المقبل.")
    q = by_cue(doc, "وقال")
    assert q.speaker is not None and q.speaker["text"] == "المتحدث باسم الخارجية"
    assert q.content["text"] == "المفاوضات ستستأنف الأسبوع المقبل"
    assert not q.direct


def test_source_first_speaker(pipeline: Pipeline) -> None:
    doc = run(pipeline, "المتحدث باسم الجيش قال إن القوات تقدمت نحو البلدة.")
    q = by_cue(doc, "قال")
    assert q.speaker is not None and q.speaker["text"] == "المتحدث باسم الجيش"
    assert q.start == 0  # the quote starts with its speaker


def test_continued_speaker_agrees_in_gender(pipeline: Pipeline) -> None:
    doc = run(pipeline, "قالت الوزارة إن الحدود مغلقة. وقال المتحدث إن المعبر سيفتح قريبا. وأضافت أن القرار نهائي.")
    assert by_cue(doc, "وقال").speaker["text"] == "المتحدث"
    # "وأضافت" (feminine, no subject) continues the ministry, not the spokesman
    assert by_cue(doc, "وأضافت").speaker["text"] == "الوزارة"


def test_speaker_left_null_with_a_reason(pipeline: Pipeline) -> None:
    doc = run(pipeline, "وأضاف أن الاجتماع انتهى دون نتائج.")
    q = by_cue(doc, "وأضاف")
    assert q.speaker is None and q.speaker_reason


def test_statement_speaks_for_its_author(pipeline: Pipeline) -> None:
    doc = run(pipeline, "وأصدرت اللجنة الدولية بيانا حول الأوضاع في المدينة.\nوأضاف البيان أن قوات الأمن اعتقلت عشرين متظاهرا.")
    q = by_cue(doc, "وأضاف")
    assert q.speaker is not None and q.speaker["text"] == "البيان"
    assert q.chain[0] == "اللجنة الدولية"


def test_multi_sentence_direct_quote(pipeline: Pipeline) -> None:
    doc = run(pipeline, "وقال الرئيس: «لن نتراجع. سنواصل القتال حتى النهاية». وأضاف أن الجيش جاهز.")
    q = by_cue(doc, "وقال")
    assert q.direct and q.content["text"] == "لن نتراجع. سنواصل القتال حتى النهاية"
    assert by_cue(doc, "وأضاف").speaker["text"] == "الرئيس"


def test_quote_before_its_verb(pipeline: Pipeline) -> None:
    doc = run(pipeline, "«الوضع خطير جدا»، قال المبعوث الدولي.")
    q = by_cue(doc, "قال")
    assert q.direct and q.content["text"] == "الوضع خطير جدا"
    assert q.speaker is not None and q.speaker["text"] == "المبعوث الدولي"


def test_according_to_makes_an_indirect_quote(pipeline: Pipeline) -> None:
    doc = run(pipeline, "قتل عشرة مدنيين في قصف على البلدة، بحسب المرصد السوري.")
    q = by_cue(doc, "بحسب")
    assert q.speaker is not None and q.speaker["text"] == "المرصد السوري"
    assert q.content["text"] == "قتل عشرة مدنيين في قصف على البلدة"


def test_medium_and_speaker_with_naql_an(pipeline: Pipeline) -> None:
    doc = run(pipeline, "ونقلت وكالة رويترز عن مصدر عسكري قوله إن الطائرات قصفت المطار.")
    q = by_cue(doc, "ونقلت")
    assert q.speaker is not None and q.speaker["text"] == "مصدر عسكري"
    assert len(q.chain) == 2 and q.chain[0] == "مصدر عسكري"


def test_participle_continues_the_main_speaker(pipeline: Pipeline) -> None:
    doc = run(pipeline, "قال الوزير إن المحادثات مستمرة، مشيرا إلى أن الاتفاق قريب.")
    assert by_cue(doc, "قال").content["text"] == "المحادثات مستمرة"
    assert by_cue(doc, "مشيرا").speaker["text"] == "الوزير"


def test_bad_input_gives_no_quotes_and_no_error(pipeline: Pipeline) -> None:
    for text in ("", "   \n\n", "«", "قال", "قال إن", "«»، قال"):
        doc = run(pipeline, text)
        assert doc.span_problems() == []


def test_pronoun_only_speaker_takes_the_latest_compatible_name(pipeline: Pipeline) -> None:
    doc = run(pipeline, "التقى وزير الخارجية الروسي سيرغي لافروف نظيره الأمريكي في جنيف. وقال إن المحادثات كانت بناءة.")
    q = by_cue(doc, "وقال")
    assert q.speaker is not None
    assert "لافروف" in q.speaker["text"] or "وزير الخارجية" in q.speaker["text"]


def test_any_text_gives_valid_spans_and_no_stage_error(pipeline: Pipeline) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    pieces = st.sampled_from(["قال", "وقالت", "إن", "أن", "«", "»", "“", "”", '"', "،", ".", ":", "\n", "بحسب",
                              "وفق", "الجيش", "قصف", "لم", "قد", "مقتل", "عشرات", "ـ.", "روسيا", "البيان",
                              "وأضاف", "نفى", "صوتت", "ضد", "لصالحه", "في", "حلب", "12", " "])

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(pieces, max_size=40))
    def check(parts: list[str]) -> None:
        doc = pipeline(Document(" ".join(parts)))
        assert not [e for e in doc.errors if e.stage in ("quotes", "events")], doc.errors
        assert doc.span_problems() == []
        for ev in doc.events:
            for arg in (ev.actor, ev.target, ev.place, *ev.figures):
                if arg and isinstance(arg.get("start"), int):
                    assert doc.text[arg["start"]:arg["end"]] == arg.get("text")

    check()


# -- the analysis shared with the events stage ------------------------------------
def test_analysis_is_shared_by_quotes_and_events_and_follows_the_entities() -> None:
    from marsad.attribution.text import analysed
    from marsad.document import Entity

    text = "وقال الرئيس إن القصف مستمر."
    doc = Document(text)
    doc.entities.append(Entity(4, 11, "الرئيس", "PERSON"))
    first = analysed(doc)
    assert analysed(doc) is first  # the events stage reuses the quotes stage's analysis
    assert analysed(Document(text)) is not first  # kept on the document, not shared across documents
    # an entity moved to another span (same count): the analysis is rebuilt on the new spans
    doc.entities[0] = Entity(15, 20, "القصف", "ORG")
    second = analysed(doc)
    assert second is not first
    from marsad.attribution.phrases import finder_for

    pf = finder_for(second)
    tagged = {i for i, e in enumerate(pf.entity_at) if e is not None}
    assert [second.tokens[i].form for i in sorted(tagged)] == ["القصف"]


def test_fahasb_only_is_no_according_to_phrase() -> None:
    """``ليس هذا فحسب، بل`` ("not only"): no source follows ``فحسب``; ``فحسب ما قالته`` still names one."""
    from marsad.attribution.quotes import find_quotes
    from marsad.attribution.text import analyse

    for text in ("وليس ذلك بالنسبة للسياح فحسب ولكن أيضا للسكان.", "ليس هذا فحسب، بل ويوصون آخرين بها.",
                 "من يحضر الحضور فحسب من العرب؟"):
        assert not find_quotes(analyse(Document(text))), text
    quotes = find_quotes(analyse(Document("فحسب ما قالته الدراسة فإن الأرقام كبيرة.")))
    # the relative clause belongs to the cue, as in the listed "بحسب ما أفادت" (round 33): the source is the study
    assert [(q.cue["text"], q.speaker and q.speaker["text"]) for q in quotes] == [("فحسب ما قالته", "الدراسة")]


def test_the_outlets_own_background_is_no_quote(pipeline: Pipeline) -> None:
    """``ويذكر أن …`` with no subject is the outlet asserting (annotation guide): no quote, and its
    events are asserted; with a subject the verb reports as usual."""
    doc = run(pipeline, "ويذكر أن القوات الحكومية اعتقلت عشرات المحتجين الشهر الماضي.")
    assert not doc.quotes
    assert doc.events and all(ev.status == "asserted" for ev in doc.events)
    said = run(pipeline, "ويذكر المتحدث باسم الشرطة أن القوات اعتقلت عشرات المحتجين.")
    assert [q.cue["text"] for q in said.quotes] == ["ويذكر"]
