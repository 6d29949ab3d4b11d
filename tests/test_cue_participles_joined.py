"""A participle the run time joins to the rules' quote before it (``وصرحت الوزيرة … قائلة:``) is no example of
the cue model: it never stands as a quote of its own, and the gold marks that statement's cue on the verb, so
read alone it taught "no statement" for every ``قائلا`` after a comma (round 35)."""

from __future__ import annotations

from marsad.attribution.learned.context import Context
from marsad.attribution.learned.extract import cue_candidates, participles_joined
from marsad.attribution.text import analyse
from marsad.document import Document
from marsad.pipeline import Pipeline, PipelineConfig
from marsad.train.attribution import Examples, _cue_examples

TEXT = ("وصرحت الوزيرة سارة الخطيب قائلة: إن الخطة جاهزة للتنفيذ.\n"
        "وانتقد النائب قرار الحكومة، قائلا إن الوقت تأخر كثيرا.")
VOCABULARY = frozenset({"قائله", "قائلا", "صرح"})


def _context() -> Context:
    doc = Pipeline.from_config(PipelineConfig(extraction="rules"))(Document(TEXT))
    return Context(doc, analyse(doc))


def _index(ctx: Context, form: str) -> int:
    return next(i for i, tok in enumerate(ctx.tokens) if tok.form == form)


def test_the_participle_after_the_rules_verb_is_joined_the_one_after_a_comma_is_not() -> None:
    ctx = _context()
    cues_before = [dict(q.cue) for q in ctx.doc.quotes]
    candidates = cue_candidates(ctx, VOCABULARY)
    joined_word, alone_word = _index(ctx, "قائله"), _index(ctx, "قائلا")
    assert {joined_word, alone_word} <= {i for i, _ in candidates}
    assert participles_joined(ctx, candidates) == {joined_word}
    assert [dict(q.cue) for q in ctx.doc.quotes] == cues_before  # the document's quotes are not touched


def test_a_joined_participle_is_no_cue_example() -> None:
    ctx = _context()
    verb, said = TEXT.index("وصرحت"), TEXT.index("قائلا")
    gold = [{"cue": {"start": verb, "end": verb + len("وصرحت")}},
            {"cue": {"start": said, "end": said + len("قائلا")}}]
    out = Examples()
    _cue_examples(ctx, gold, VOCABULARY, out)
    words = [next(f[2:] for f in feats if f.startswith("w=")) for feats, _ in out.cue]
    assert "قائلا" in words
    assert "قائله" not in words  # before round 35: an example labelled no statement
