"""A statement or report speaks for its issuer: the chain follows the report back to who issued it.

The sentences are written for these tests; each names the issuer in one of the ways the annotation
guide's chains follow (a publishing verb, ``صادر عن``, ``لـ``, an earlier mention of the report).
"""

from __future__ import annotations

from marsad.document import Document, Quote
from marsad.pipeline import Pipeline


def run(pipeline: Pipeline, text: str) -> Document:
    doc = pipeline(Document(text, published="2019-12-12"))
    assert not [e for e in doc.errors if e.stage in ("quotes", "events")], doc.errors
    return doc


def quote(doc: Document, cue: str) -> Quote:
    found = [q for q in doc.quotes if q.cue["text"] == cue]
    assert found, [q.cue["text"] for q in doc.quotes]
    return found[0]


def test_an_accusing_report_stands_for_its_publisher(pipeline: Pipeline) -> None:
    doc = run(pipeline, "وأصدرت لجنة التحقيق تقريرا اتهمت النظام بالضلوع في هجمات ضد المدنيين.")
    attacks = [ev for ev in doc.events if ev.type == "ASSAULT"]
    assert attacks and attacks[0].status == "claimed"
    assert attacks[0].source is not None and attacks[0].source["text"] == "تقريرا"  # what the text names
    assert attacks[0].chain[:1] == ["لجنة التحقيق"]  # the party that claims it


def test_a_statement_issued_by_a_body_speaks_for_it(pipeline: Pipeline) -> None:
    doc = run(pipeline, "وأفاد بيان صادر عن قيادة الشرطة أن قوات الأمن اعتقلت ثلاثة مسلحين.")
    said = quote(doc, "وأفاد")
    assert said.speaker is not None and said.speaker["text"] == "بيان"
    assert said.chain[:1] == ["قيادة الشرطة"]


def test_a_statement_of_lam_names_its_issuer_without_the_preposition(pipeline: Pipeline) -> None:
    doc = run(pipeline, "وذكر بيان للجيش أن قواته قتلت مسلحين في اشتباك.")
    assert quote(doc, "وذكر").chain[:1] == ["الجيش"]


def test_a_definite_report_refers_back_to_the_one_issued_earlier(pipeline: Pipeline) -> None:
    doc = run(pipeline, "وأصدرت منظمة الرقابة تقريرا عن الحرب. وقال التقرير إن القصف استهدف المدنيين.")
    said = quote(doc, "وقال")
    assert said.speaker is not None and said.speaker["text"] == "التقرير"
    assert said.chain[:1] == ["منظمة الرقابة"]


def test_the_medium_a_statement_was_given_to_is_not_its_issuer(pipeline: Pipeline) -> None:
    doc = run(pipeline, "وفي تصريحات للتلفزيون الرسمي أمس أكد الوزير أن الحكومة سترد.")
    assert all("التلفزيون" not in name for q in doc.quotes for name in q.chain)


def test_a_statement_named_after_its_issuer_does_not_follow_itself(pipeline: Pipeline) -> None:
    """``بيان عبد العاطي``: the name opening at the statement noun is read as the statement's own
    issuer; following it must stop there (it once recursed until Python's limit and lost the
    article's quotes)."""
    doc = run(pipeline, "وأشار بيان عبد العاطي إلى «أهمية الدور الذي لعبته دول جوار ليبيا».")
    said = quote(doc, "وأشار")
    assert said.content is not None and "أهمية الدور" in said.content["text"]
