"""The learned layer's candidate words, read once per document with the analysis's lexicon flags, are the
words the per-token definition gives: the same trigger hints, cue readings and counts between words."""

from __future__ import annotations

from itertools import accumulate

from marsad.attribution.learned.context import (
    _COMMA,
    _COMPLEMENT,
    _PACKED,
    _RELATIVE,
    _TRIGGER,
    CLAUSE_WORDS,
    COMPLEMENTISERS,
    Context,
    TriggerHints,
    bare,
    trigger_hints,
)
from marsad.attribution.learned.extract import AttributionModels, CueReading, _cue_reading, cue_words
from marsad.attribution.lexicon import lookup_trigger


def _words(ctx: Context) -> list[int]:
    """The per-token definition: words of two letters or more outside boilerplate, in text order."""
    return [i for sentence in ctx.at.sentences if not sentence.boilerplate
            for i in range(sentence.first, sentence.last)
            if ctx.tokens[i].is_word and len(ctx.tokens[i].form) >= 2]


def test_trigger_candidates_are_the_per_token_reading(shipped_attribution: AttributionModels,
                                                      seed_and_train_contexts: list[Context]) -> None:
    words = shipped_attribution.trigger_words()
    found = lexicon_words = 0
    for ctx in seed_and_train_contexts:
        expected: list[tuple[int, TriggerHints]] = []
        for i in _words(ctx):
            hints = trigger_hints(ctx.tokens[i].form, words)  # looked up in every table, no flags
            if hints is not None:
                expected.append((i, hints))
        # a cold cache, then the warm one the first pass filled: the same words with the same hints
        cache: dict[str, TriggerHints | None] = {}
        assert list(ctx.trigger_candidates(words, cache)) == expected
        assert list(ctx.trigger_candidates(words, cache)) == expected
        found += len(expected)
        lexicon_words += sum(h.lexicon is not None for _, h in expected)
    assert found > 500
    assert 50 < lexicon_words < found - 50  # both the lexicon's words and the others are there


def test_cue_words_are_the_per_token_reading(shipped_attribution: AttributionModels,
                                             seed_and_train_contexts: list[Context]) -> None:
    vocabulary = shipped_attribution.cue_vocabulary
    found = 0
    for ctx in seed_and_train_contexts:
        taken: set[int] = set()
        for quote in ctx.doc.quotes:
            span = ctx.token_span(int(quote.cue["start"]), int(quote.cue["end"]))
            if span is not None:
                taken.update(range(*span))
        expected: list[tuple[int, CueReading]] = []
        for i in _words(ctx):
            reading = _cue_reading(ctx.tokens[i].form, vocabulary)
            if i not in taken and reading is not None:
                expected.append((i, reading))
        cache: dict[str, CueReading | None] = {}
        assert cue_words(ctx, vocabulary, cache) == expected
        assert cue_words(ctx, vocabulary, cache) == expected
        found += len(expected)
    assert found > 20


def test_counts_between_words_read_the_lexicon_as_before(seed_and_train_contexts: list[Context]) -> None:
    triggers = 0
    for ctx in seed_and_train_contexts:
        steps = []
        for tok in ctx.tokens:
            if tok.is_word:
                word = bare(tok.form)
                flags = ((_TRIGGER if lookup_trigger(tok.form) is not None else 0)
                         | (_RELATIVE if word in CLAUSE_WORDS else 0) | (_COMPLEMENT if word in COMPLEMENTISERS else 0))
                triggers += bool(flags & _TRIGGER)
                steps.append(_PACKED[flags])
            else:
                steps.append(_PACKED[_COMMA] if tok.form in "،,؛;" else 0)
        sums = list(accumulate(steps, initial=0))
        n = len(ctx.tokens)
        for lo in range(0, n - 1, 7):
            for hi in (lo + 1, min(n, lo + 5), min(n, lo + 40)):
                counts = sums[hi] - sums[lo]
                expected = sum(1 << bit for bit in range(4) if counts >> (bit * 32) & (1 << 32) - 1)
                assert ctx.between_flags(lo, hi) == expected
    assert triggers > 50
