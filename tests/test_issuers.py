"""A statement or report speaks for its issuer: the chain follows the report back to who issued it.

The sentences are written for these tests; each names the issuer in one of the ways the annotation
guide's chains follow (a publishing verb, ``صادر عن``, ``لـ``, an earlier mention of the report).
"""

from __future__ import annotations

import pytest

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


@pytest.mark.parametrize(("text", "cue", "speaker", "issuer"), [
    # a statement issued by a body speaks for it
    ("وأفاد بيان صادر عن قيادة الشرطة أن قوات الأمن اعتقلت ثلاثة مسلحين.", "وأفاد", "بيان", "قيادة الشرطة"),
    # a statement "of" (لـ) names its issuer without the preposition
    ("وذكر بيان للجيش أن قواته قتلت مسلحين في اشتباك.", "وذكر", None, "الجيش"),
    # a definite report refers back to the one issued earlier
    ("وأصدرت منظمة الرقابة تقريرا عن الحرب. وقال التقرير إن القصف استهدف المدنيين.", "وقال", "التقرير",
     "منظمة الرقابة"),
])
def test_a_statement_speaks_for_its_issuer(pipeline: Pipeline, text: str, cue: str, speaker: str | None,
                                           issuer: str) -> None:
    said = quote(run(pipeline, text), cue)
    if speaker is not None:
        assert said.speaker is not None and said.speaker["text"] == speaker
    assert said.chain[:1] == [issuer]


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
    from marsad.attribution.issuers import IssuerFinder
    from marsad.attribution.phrases import finder_for
    from marsad.attribution.text import analysed

    at = analysed(doc)
    noun = next(i for i, tok in enumerate(at.tokens) if tok.form == "بيان")
    found = IssuerFinder(at, finder_for(at)).issuer(noun)
    assert found is None or found.first > noun  # never a phrase that takes in the noun itself
