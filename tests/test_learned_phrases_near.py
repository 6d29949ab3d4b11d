"""The candidate phrases of the argument and speaker choosers, whose noun runs start only at the tokens a
per-document list of openers names (``Context.phrase_openers``, from each word form's ``_phrase_bits``), are
the phrases the per-token scan gives: the same spans with the same origins, at every word of the seed and
twelve open train articles, with and without the clause's cuts, with and without extra spans."""

from __future__ import annotations

from marsad.attribution.learned.context import (
    ARGUMENT_WINDOW,
    MAX_PHRASE_TOKENS,
    SPEAKER_WINDOW,
    Context,
    Phrase,
    Span,
    _is_function_word,
    _is_party_head,
    party_heads,
)


def _per_token(ctx: Context, index: int, window: int, extra: dict[Span, str], clause_parts: bool) -> list[Phrase]:
    """The definition: every token of the window tested for a run's start, then for the run going on."""
    first, last = ctx.sentence_bounds(index)
    lo, hi = max(first, index - window), min(last, index + window + 1)
    found: dict[Span, Phrase] = {}

    def add(span: Span, origin: str) -> None:
        found.setdefault(span, Phrase(span[0], span[1])).origins.add(origin)

    for span in ctx.entity_order:
        if lo <= span[0] < hi and span[1] <= hi and not (span[0] <= index < span[1]):
            add(span, f"ent:{ctx.entity_spans[span]}")
    heads = party_heads()
    toks = ctx.tokens
    i = lo
    while i < hi:
        tok = toks[i]
        is_head = tok.is_word and _is_party_head(tok.form, heads)
        starts = tok.is_word and i != index and (is_head or tok.form.startswith(("ال", "وال")))
        if not starts or (clause_parts and _is_function_word(tok.form)):
            i += 1
            continue
        j = i + 1
        while (j < hi and j - i < MAX_PHRASE_TOKENS and j != index and toks[j].is_word
               and (toks[j].form.startswith("ال") or ctx.starts_entity(j))
               and not (clause_parts and (ctx._starts_new_phrase(j, heads) or _is_function_word(toks[j].form)))):
            j += 1
        if clause_parts:
            j = ctx._through_name(i, j, index, hi)
        add((i, j), "head" if is_head else "np")
        i = j
    for span, origin in extra.items():
        if span[0] != index:
            add(span, origin)
    return list(found.values())


def _rows(phrases: list[Phrase]) -> list[tuple[int, int, frozenset[str]]]:
    return [(p.first, p.last, frozenset(p.origins)) for p in phrases]


def test_phrases_near_are_the_per_token_scan(seed_and_train_contexts: list[Context]) -> None:
    compared = runs = heads = 0
    for ctx in seed_and_train_contexts:
        words = [tok.index for tok in ctx.tokens if tok.is_word]
        for index in words:
            # an extra span at the word itself is left out, one elsewhere is added with its origin
            extra = {(index, index + 1): "rule-actor", (max(0, index - 2), index): "quote-speaker"}
            for window, clause_parts in ((ARGUMENT_WINDOW, True), (SPEAKER_WINDOW, False)):
                for given in ({}, extra):
                    expected = _per_token(ctx, index, window, given, clause_parts)
                    assert _rows(ctx.phrases_near(index, window, dict(given), clause_parts)) == _rows(expected), (
                        ctx.doc.text[:40], index, window, clause_parts)
                    compared += 1
                    runs += sum("np" in p.origins for p in expected)
                    heads += sum("head" in p.origins for p in expected)
    assert compared > 5000
    assert runs > 1000 and heads > 100  # both kinds of run are met


def test_openers_are_the_words_a_run_may_start_at(seed_and_train_contexts: list[Context]) -> None:
    heads = party_heads()
    left_out = 0
    for ctx in seed_and_train_contexts:
        opens = [tok.index for tok in ctx.tokens
                 if tok.is_word and (_is_party_head(tok.form, heads) or tok.form.startswith(("ال", "وال")))]
        assert ctx.phrase_openers(False) == opens
        assert ctx.phrase_openers(True) == [i for i in opens if not _is_function_word(ctx.tokens[i].form)]
        left_out += len(opens) - len(ctx.phrase_openers(True))
    assert left_out > 10  # function words with the article (الذي، اليوم) are met and left out in a clause
