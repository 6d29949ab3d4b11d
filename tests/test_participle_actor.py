"""A circumstantial participle of the trigger lexicon (``داعيا``, ``مطالبا``, ``متهمة``): its subject is the main
clause's, named before it, so the learned actor chooser takes none of the phrases after it, which are its object —
the addressee of a call, the accused (round 36)."""

from __future__ import annotations

import pytest

from marsad.attribution.learned.context import circumstantial_participle
from marsad.document import Document
from marsad.pipeline import Pipeline, PipelineConfig
from marsad.text.normalize import normalize


@pytest.mark.parametrize("word", ["داعيا", "داعياً", "داعية", "مطالبا", "ومطالبا", "مطالبين", "متهما", "متهمة"])
def test_the_lexicons_participles(word: str) -> None:
    assert circumstantial_participle(normalize(word))


@pytest.mark.parametrize("word", [
    "دعا", "ودعت", "طالب",  # verbs: the subject may follow
    "مطالبة", "مطالب",  # the demand (a noun), not the participle
    "اتهام",
])
def test_words_that_are_not_one(word: str) -> None:
    assert not circumstantial_participle(normalize(word))


@pytest.mark.parametrize(("text", "word", "addressee"), [
    # before round 36 the organisations called on were given as the caller
    ("وقال وزير الصحة إن المستشفيات ممتلئة، داعيا المنظمات الدولية إلى تقديم الأدوية.", "داعيا", "المنظمات الدولية"),
    # before: the government asked was the one asking
    ("انتقد النائب قرار رفع الأسعار، مطالبا الحكومة بالتراجع عنه.", "مطالبا", "الحكومة"),
])
def test_the_learned_extraction_gives_the_addressee_as_target(text: str, word: str, addressee: str) -> None:
    doc = Pipeline.from_config(PipelineConfig(extraction="learned"))(Document(text, published="2020-01-10"))
    event = next(e for e in doc.events if e.trigger["text"] == word)
    assert (event.actor or {}).get("text") != addressee
    assert event.target is not None and event.target["text"] == addressee


def test_the_caller_named_before_is_the_actor() -> None:
    text = "وقال وزير الصحة إن المستشفيات ممتلئة، داعيا المنظمات الدولية إلى تقديم الأدوية."
    doc = Pipeline.from_config(PipelineConfig(extraction="learned"))(Document(text, published="2020-01-10"))
    event = next(e for e in doc.events if e.trigger["text"] == "داعيا")
    assert event.actor is not None and event.actor["text"] == "وزير الصحة"
