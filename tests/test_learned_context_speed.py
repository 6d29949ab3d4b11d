"""The learned layer's per-document lookups, made faster, give what the straightforward loops they replaced
gave (kept here verbatim as the reference), and the one Context the quotes and events stages share gives
the output two fresh Contexts gave."""

from __future__ import annotations

from itertools import accumulate
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from marsad.attribution.learned import extract
from marsad.attribution.learned.context import _COMMA, _PACKED, Context, _word_flags, bare, known_or_unseen
from marsad.attribution.learned.extract import attribution_context, cue_words
from marsad.attribution.learned.linear import summed_rows
from marsad.attribution.text import analysed
from marsad.document import Document
from marsad.pipeline import Pipeline, PipelineConfig

SAMPLE = Path(__file__).resolve().parent.parent / "src" / "marsad" / "samples" / "seed-aleppo-2019-12-12.txt"
# marks, commas of both scripts, words of one and two letters, digits, a quotation, a reporting verb
SYNTHETIC = ("قال الوزير، في بيان: «إن القوات ستنسحب». و قد أكد 3 مسؤولين , أن ما جرى ؛ هجوم؛ "
             "وأضاف أن الهجوم على الهجوم في 2019 ... لا ، ولا ; و أ ب")


def _old_flag_sums(ctx: Context) -> list[int]:
    comma = _PACKED[_COMMA]
    steps = [_PACKED[_word_flags(tok.form)] if tok.is_word else comma if tok.form in "،,؛;" else 0
             for tok in ctx.tokens]
    return list(accumulate(steps, initial=0))


def _old_stem_positions(ctx: Context) -> dict[str, list[int]]:
    positions: dict[str, list[int]] = {}
    toks = ctx.tokens
    indices = [tok.index for tok in toks if tok.is_word and len(tok.form) >= 3]
    for i, stem in zip(indices, map(bare, [toks[i].form for i in indices]), strict=True):
        positions.setdefault(stem, []).append(i)
    return positions


def _old_cue_words(ctx: Context, vocabulary: frozenset[str], cache: dict[str, Any]) -> list[tuple[int, Any]]:
    taken: set[int] = set()
    for quote in ctx.doc.quotes:
        span = ctx.token_span(int(quote.cue["start"]), int(quote.cue["end"]))
        if span is not None:
            taken.update(range(*span))
    out = []
    for sentence in ctx.at.sentences:
        if sentence.boilerplate:
            continue
        for i in range(sentence.first, sentence.last):
            tok = ctx.tokens[i]
            if i in taken or not tok.is_word or len(tok.form) < 2:
                continue
            form = tok.form
            reading = cache[form] if form in cache else cache.setdefault(form, extract._cue_reading(form, vocabulary))
            if reading is not None:
                out.append((i, reading))
    return out


@pytest.fixture(scope="module")
def rule_docs() -> list[Document]:
    rules = Pipeline.from_config(PipelineConfig(extraction="rules"))
    return [rules(Document(text, published="2019-12-12")) for text in (SAMPLE.read_text(encoding="utf-8"), SYNTHETIC)]


def test_running_counts_and_stems_match_the_loops_they_replaced(rule_docs: list[Document]) -> None:
    commas = short = 0
    for doc in rule_docs:
        ctx = Context(doc, analysed(doc))
        ctx.between_flags(0, 1)
        assert ctx._flag_sums == _old_flag_sums(ctx)
        ctx.stem_counts(0)
        assert ctx._stem_positions == _old_stem_positions(ctx)
        commas += sum(tok.form in "،,؛;" for tok in ctx.tokens)
        short += sum(tok.is_word and len(tok.form) < 3 for tok in ctx.tokens)
    assert commas > 4 and short > 4  # the synthetic text has the cases the per-form steps decide


def test_cue_words_and_the_cache_scan_match_the_loop(rule_docs: list[Document], shipped_attribution: Any) -> None:
    vocabulary = shipped_attribution.cue_vocabulary
    for doc in rule_docs:
        ctx = Context(doc, analysed(doc))
        # a cold cache, a warm one, and one that holds a reading of a mark and of a one-letter word (which
        # the scan must still pass over, as the loop did)
        warm: dict[str, Any] = {}
        _old_cue_words(ctx, vocabulary, warm)
        odd = {**warm, "،": ("say", True), "و": ("say", True), ":": ("say", False)}
        for cache in ({}, warm, odd):
            assert cue_words(ctx, vocabulary, dict(cache)) == _old_cue_words(ctx, vocabulary, dict(cache))
        found = known_or_unseen(ctx.forms(), 0, len(ctx.tokens), odd)
        assert all(len(ctx.tokens[i].form) >= 2 and ctx.tokens[i].is_word for i in found)
        assert {ctx.tokens[i].form for i in found} >= {f for f, r in warm.items() if r is not None} & set(ctx.forms())


def test_one_context_for_both_stages_gives_the_output_of_two(monkeypatch: pytest.MonkeyPatch,
                                                             shipped_attribution: Any) -> None:
    learned = Pipeline.from_config(PipelineConfig(extraction="learned"))
    texts = (SAMPLE.read_text(encoding="utf-8"), SYNTHETIC)
    shared = [learned(Document(text, published="2019-12-12")).to_dict() for text in texts]
    made: list[Context] = []

    def fresh(doc: Document) -> Context:  # the earlier code: a new Context in each stage
        made.append(Context(doc, analysed(doc)))
        return made[-1]

    monkeypatch.setattr(extract, "attribution_context", fresh)
    separate = [learned(Document(text, published="2019-12-12")).to_dict() for text in texts]
    assert len(made) == 2 * len(texts)
    assert shared == separate
    assert any(d["events"] for d in shared) and any(d["quotes"] for d in shared)


def test_the_shared_context_is_kept_until_what_it_reads_changes() -> None:
    rules = Pipeline.from_config(PipelineConfig(extraction="rules"))
    doc = rules(Document(SAMPLE.read_text(encoding="utf-8"), published="2019-12-12"))
    assert doc.times
    first = attribution_context(doc)
    assert doc.quotes and len(first.quote_contents) == sum(1 for q in doc.quotes if q.content)
    removed = doc.quotes.pop()
    assert attribution_context(doc) is first  # the same one, with the quotes read anew
    assert all(quote is not removed for _, _, quote in first.quote_contents)
    doc.times = doc.times[1:]  # the times it reads changed: a new one
    second = attribution_context(doc)
    assert second is not first
    doc.entities = doc.entities[1:]  # so did the entities (and with them the analysis)
    assert attribution_context(doc) is not second


def _old_summed_rows(matrix: np.ndarray, index: dict[str, int], rows: list[list[str]]) -> np.ndarray:
    zero = len(index)
    indices: list[int] = []
    starts: list[int] = []
    for feats in rows:
        starts.append(len(indices))
        indices.append(zero)
        indices += [index.get(f, zero) for f in feats]
    summed: np.ndarray = np.add.reduceat(matrix[indices], starts, axis=0)
    return summed


def test_summed_rows_gather_the_rows_the_indexing_did_bit_for_bit(shipped_attribution: Any) -> None:
    rng = np.random.default_rng(18)
    names = [f"f{k}" for k in range(40)]
    index = {name: k for k, name in enumerate(names)}
    matrix = np.vstack([rng.normal(size=(len(names), 5)) * 10.0 ** rng.integers(-8, 3, size=(len(names), 1)),
                        np.zeros((1, 5))])
    rows = [[names[k] if k < len(names) else "unknown" for k in rng.integers(0, 45, size=n)]
            for n in rng.integers(0, 30, size=200)]
    rows[3] = []
    assert summed_rows(matrix, index, rows).tobytes() == _old_summed_rows(matrix, index, rows).tobytes()
    # and on the trigger model's own weights, for the seed's candidates
    trigger = shipped_attribution.trigger
    trigger.probabilities_many([[]])  # compiles the weight matrix
    rules = Pipeline.from_config(PipelineConfig(extraction="rules"))
    doc = rules(Document(SAMPLE.read_text(encoding="utf-8"), published="2019-12-12"))
    ctx = Context(doc, analysed(doc))
    feats = [cand.features for cand in extract.event_candidates(ctx, shipped_attribution.trigger_words(), {})]
    assert len(feats) > 20
    assert (summed_rows(trigger._matrix, trigger._feature_index, feats).tobytes()
            == _old_summed_rows(trigger._matrix, trigger._feature_index, feats).tobytes())
