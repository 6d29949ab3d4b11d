"""The learned layer's token spans and the phrase finder's entity tokens, found by bisection over the
tokens' offsets (round 31), are those the token-by-token walks they replaced find: on the seed article
after the whole pipeline, and on a sentence written for the test whose entities nest, overlap, fall between
tokens and run past the text, with a repaired word (tatweel, presentation forms) among the tokens."""

from __future__ import annotations

from marsad.attribution.learned.context import Context, Span
from marsad.attribution.phrases import PhraseFinder
from marsad.attribution.text import AnalysedText, analysed
from marsad.document import Document, Entity
from marsad.pipeline import Pipeline


def _walked_span(ctx: Context, start: int, end: int) -> Span | None:
    """``Context.token_span`` as written before round 31: from the first token, one token at a time."""
    if not ctx.tokens:
        return None
    first = ctx.token_at(start)
    last = first
    while last < len(ctx.tokens) and ctx.tokens[last].start < end:
        last += 1
    return (first, last) if last > first else None


def _walked_entity_tokens(at: AnalysedText) -> tuple[list[Entity | None], dict[int, int]]:
    """``PhraseFinder``'s entity of each token and where each entity's tokens end, by the walk it used."""
    entity_at: list[Entity | None] = [None] * len(at.tokens)
    entity_last: dict[int, int] = {}
    toks = at.tokens
    k = 0
    for ent in sorted(at.doc.entities, key=lambda e: (e.start, -(e.end - e.start))):
        while k < len(toks) and toks[k].end <= ent.start:
            k += 1
        j = k
        covered: list[int] = []
        while j < len(toks) and toks[j].start < ent.end:
            if entity_at[j] is None:
                covered.append(j)
            j += 1
        for idx in covered:
            entity_at[idx] = ent
        if covered:
            entity_last[covered[0]] = covered[-1] + 1
    return entity_at, entity_last


def _offsets(doc: Document, at: AnalysedText) -> list[int]:
    """Every token edge, the offset inside each token and between tokens, and past the text's end."""
    found = {0, len(doc.text), len(doc.text) + 3}
    for tok in at.tokens:
        found.update((tok.start, tok.end, (tok.start + tok.end) // 2, tok.end + 1))
    return sorted(found)


def _check(doc: Document) -> None:
    at = analysed(doc)
    assert at.tokens
    ctx = Context(doc, at)
    offsets = _offsets(doc, at)
    pairs = 0
    for i, start in enumerate(offsets):
        for end in offsets[i : i + 40]:
            assert ctx.token_span(start, end) == _walked_span(ctx, start, end), (start, end)
            pairs += 1
    assert pairs > 100
    finder = PhraseFinder(at)
    entity_at, entity_last = _walked_entity_tokens(at)
    assert finder.entity_at == entity_at
    assert finder.entity_last == entity_last
    assert any(entity_at)


def test_bisections_find_the_seed_articles_spans_and_entity_tokens(pipeline: Pipeline, seed_text: str) -> None:
    doc = pipeline(Document(seed_text, published="2019-12-12"))
    assert doc.entities
    _check(doc)


def test_bisections_find_the_spans_of_nested_and_overlapping_entities() -> None:
    text = "قال الرئيس السوري بشار الأسد، إن وزارة الدفاع الروسيـــة قصفت ﻻ شيء في ريف حلب. وأضاف الأسد: «لا»."
    doc = Document(text)

    def entity(words: str, kind: str, shift: int = 0) -> Entity:
        start = text.index(words) + shift
        return Entity(start, start + len(words), text[start : start + len(words)], kind)

    doc.entities = [
        entity("بشار الأسد", "PERSON"),
        entity("الرئيس السوري بشار الأسد", "PERSON"),  # the longer one over the same tokens
        entity("السوري بشار", "PERSON"),  # overlapping both
        entity("وزارة الدفاع الروسيـــة", "ORG"),
        entity("الدفاع", "ORG", shift=2),  # starting inside a token
        entity("ريف حلب. وأضاف الأسد: «لا».", "LOC"),  # over a sentence end, to the text's end
        entity("الأسد:", "PERSON"),
    ]
    _check(doc)
