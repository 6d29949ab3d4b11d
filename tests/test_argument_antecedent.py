"""A pronoun on the event word (``واتهمته``, ``تطالبه``) stands for a party named before it: that party is
marked as the antecedent for the target, and found in an earlier sentence where its own sentence names none."""

from __future__ import annotations

import pytest

from marsad.attribution.learned.context import (
    ANTECEDENT,
    ANTECEDENT_ADDED,
    Context,
    Phrase,
    argument_features,
    trigger_pronoun,
    trigger_words,
)
from marsad.attribution.learned.extract import EventCandidate, argument_candidates, event_candidates
from marsad.attribution.text import analysed
from marsad.document import Document
from marsad.pipeline import Pipeline, PipelineConfig
from marsad.train.attribution import _argument_groups

EARLIER = "وصل وزير الخارجية الروسي سيرغي لافروف أمس. واتهمته المعارضة السورية بدعم النظام."


@pytest.fixture(scope="module")
def rules() -> Pipeline:
    return Pipeline.from_config(PipelineConfig(extraction="rules"))


def _event(rules: Pipeline, text: str, word: str) -> tuple[Context, EventCandidate]:
    doc = rules(Document(text, published="2019-12-12"))
    ctx = Context(doc, analysed(doc))
    return ctx, next(c for c in event_candidates(ctx, trigger_words({})) if ctx.tokens[c.index].form == word)


def _offered(ctx: Context, cand: EventCandidate) -> dict[str, set[str]]:
    return {ctx.surface((p.first, p.last)): p.origins for p in argument_candidates(ctx, cand)}


def test_the_pronoun_an_event_word_carries() -> None:
    assert trigger_pronoun("واتهمها") == "ها"
    assert trigger_pronoun("تطالبه") == "ه"
    assert trigger_pronoun("واتهمهما") == "هما"  # اتهم + هما, not اتهمه + ما
    assert trigger_pronoun("عالجتهم") == "هم"  # the ت of a feminine verb before the pronoun
    assert trigger_pronoun("لقائه") == "ه"  # a hamza on its seat before the pronoun
    # a ه that belongs to the word, and words without one
    for word in ("الاتجاه", "اشتباه", "الهجوم", "وزارة", "مواجهة"):
        assert trigger_pronoun(word) is None, word


def test_the_nearest_party_before_the_pronoun_is_its_antecedent(rules: Pipeline) -> None:
    ctx, accuse = _event(rules, "أصدر البرلمان بيانا ضد وزير الداخلية، ثم اتهمه الرئيس بالفساد.", "اتهمه")
    offered = _offered(ctx, accuse)
    assert ANTECEDENT in offered["وزير الداخلية"]
    assert not any(ANTECEDENT in origins for surface, origins in offered.items() if surface != "وزير الداخلية")


def test_an_antecedent_in_the_sentence_before_is_a_target_candidate_only(rules: Pipeline) -> None:
    ctx, accuse = _event(rules, EARLIER, "واتهمته")
    offered = _offered(ctx, accuse)
    assert {ANTECEDENT, ANTECEDENT_ADDED} <= offered["سيرغي لافروف"]
    # the same sentence without the pronoun: the party before is no candidate (the window is the sentence)
    ctx2, plain = _event(rules, EARLIER.replace("واتهمته", "واتهمت"), "واتهمت")
    assert "سيرغي لافروف" not in _offered(ctx2, plain)
    # in training, the actor's group never offers it, the target's does
    start = EARLIER.index("سيرغي لافروف")
    lavrov = {"start": start, "end": start + len("سيرغي لافروف"), "text": "سيرغي لافروف"}
    gold = {"type": "ACCUSE", "target": lavrov}
    accuse.type = "ACCUSE"
    groups = {g.role: g for g in _argument_groups(ctx, accuse, [gold], gold)}
    span = ctx.token_span(lavrov["start"], lavrov["end"])
    assert span not in groups["actor"].spans
    assert span in groups["target"].spans and not groups["target"].missed


def test_the_actor_features_do_not_read_the_antecedent() -> None:
    from marsad.attribution.learned.context import Context as Ctx

    doc = Document("أصدر البرلمان بيانا ضد وزير الداخلية، ثم اتهمه الرئيس بالفساد.")
    ctx = Ctx(doc, analysed(doc))
    trigger = next(k for k, t in enumerate(ctx.tokens) if t.form == "اتهمه")
    phrase = Phrase(4, 6, {"head", ANTECEDENT}, "b1", "b0")
    assert "r=target|src=antecedent" in argument_features(ctx, trigger, "ACCUSE", "target", phrase)
    actor = argument_features(ctx, trigger, "ACCUSE", "actor", phrase)
    assert "r=actor|src=head" in actor and not any("antecedent" in f for f in actor)
