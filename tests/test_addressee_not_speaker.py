"""The party a call, appeal, urging, demand or accusation addresses is never its speaker (round 37, issue 12).

`دعا الرئيس السوري بشار الأسد المجتمع الدولي إلى التحرك`: the annotation guide reads the call as a statement whose
speaker is the subject; the addressee after it is "never the speaker/actor of the statement". The learned speaker
chooser offers such a cue's candidates split where the second noun phrase starts and drops the addressee
(`data/addressee_verbs.tsv`, `marsad.attribution.learned.addressee`), so an event inside the call never reads
accuser and accused as one speaker phrase.
"""

from __future__ import annotations

import pytest

from marsad.attribution.learned.addressee import addressee_verb
from marsad.attribution.learned.context import Context
from marsad.attribution.learned.extract import speaker_candidates
from marsad.attribution.text import analysed
from marsad.document import Document, Quote
from marsad.pipeline import Pipeline, PipelineConfig
from marsad.text.normalize import normalize


@pytest.fixture(scope="module")
def rules() -> Pipeline:
    return Pipeline.from_config(PipelineConfig(extraction="rules"))


def _quote(text: str, cue: str, content: str, speaker: str | None = None) -> Quote:
    """An indirect quote on ``cue`` whose content starts at ``content`` (as the cue model makes one)."""
    start, begin = text.index(cue), text.index(content)
    said = {"start": begin, "end": len(text) - 1, "text": text[begin:-1]}
    who = None
    if speaker is not None:
        at = text.index(speaker)
        who = {"start": at, "end": at + len(speaker), "text": speaker}
    return Quote(start, len(text) - 1, {"start": start, "end": start + len(cue), "text": cue}, who, said, False)


def _candidates(rules: Pipeline, text: str, cue: str, content: str) -> list[str]:
    doc = rules(Document(text, published="2020-01-10"))
    doc.quotes[:] = []
    ctx = Context(doc, analysed(doc))
    _, phrases = speaker_candidates(ctx, _quote(text, cue, content), None)
    return [ctx.surface((p.first, p.last)) for p in phrases]


@pytest.mark.parametrize("word", ["ودعا", "دعت", "يدعو", "وناشد", "وحثت", "يحث", "وطالبت", "يطالبون", "واتهمت",
                                  "يتهمون", "وتتهم"])
def test_verbs_that_address_a_party(word: str) -> None:
    assert addressee_verb(normalize(word))


@pytest.mark.parametrize("word", ["وقال", "وأضاف", "أكد", "مشيرا", "الدعوة", "وادعت"])
def test_verbs_that_do_not(word: str) -> None:
    assert not addressee_verb(normalize(word))


@pytest.mark.parametrize(("text", "cue", "content", "subject", "addressee"), [
    ("ودعا الرئيس السوري بشار الأسد المجتمع الدولي إلى التحرك لوقف العدوان.", "ودعا", "إلى",
     "الرئيس السوري بشار الأسد", "المجتمع الدولي"),
    ("اتهمت الحكومة اليمنية الحوثيين بقصف أحياء سكنية في مدينة تعز.", "اتهمت", "بقصف", "الحكومة اليمنية",
     "الحوثيين"),
    ("وطالبت ألمانيا إسرائيل بتقديم اعتذار رسمي.", "وطالبت", "بتقديم", "ألمانيا", "إسرائيل"),
    ("ودعا وزير الخارجية الروسي سيرغي لافروف الغرب إلى الحوار.", "ودعا", "إلى",
     "وزير الخارجية الروسي سيرغي لافروف", "الغرب"),
])
def test_the_addressee_is_no_speaker_candidate(rules: Pipeline, text: str, cue: str, content: str, subject: str,
                                               addressee: str) -> None:
    found = _candidates(rules, text, cue, content)
    assert subject in found
    # neither the addressee nor a phrase holding subject and addressee together
    assert not any(addressee in phrase for phrase in found), found


@pytest.mark.parametrize(("text", "cue", "content", "party"), [
    # one party alone after the verb: the subject (here) or the addressee of a subject named before, left to
    # the model
    ("ودعا أنان إلى عقد مؤتمر دولي.", "ودعا", "إلى", "أنان"),
    # the verb's pronoun is the addressee: the party after it is the subject
    ("واتهمته الحكومة بقصف المدينة.", "واتهمته", "بقصف", "الحكومة"),
    # a name led by ب is no preposition that ends the subject
    ("ودعا بان كي مون الأطراف إلى ضبط النفس.", "ودعا", "إلى", "بان كي مون"),
])
def test_the_subject_stays_a_candidate(rules: Pipeline, text: str, cue: str, content: str, party: str) -> None:
    assert party in _candidates(rules, text, cue, content)
