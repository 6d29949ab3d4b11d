"""The faster feature builders of ``learned/context.py`` give the very feature lists the earlier
definitions gave, kept here verbatim as the reference: the same strings. The trigger features come in the
groups the bounds read (the word's own, near, far), the argument features in the groups the grouped scorer
adds, so both are compared as multisets (a linear model adds the same weights in either order)."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.attribution.learned.context import (
    CLAUSE_WORDS,
    COMPLEMENTISERS,
    FRAME_SUBJECT,
    TARGET_ONLY_ORIGINS,
    Context,
    Phrase,
    TriggerHints,
    _stem_shape,
    _verb_readings,
    _verbal,
    argument_features,
    bare,
    bucket,
    clitic,
    trigger_features,
    trigger_hints,
    trigger_words,
)
from marsad.attribution.learned.extract import argument_candidates, event_candidates, shipped_models
from marsad.attribution.lexicon import lookup_trigger
from marsad.attribution.text import analysed
from marsad.document import Document
from marsad.pipeline import Pipeline, PipelineConfig

SAMPLE = Path(__file__).resolve().parent.parent / "src" / "marsad" / "samples" / "seed-aleppo-2019-12-12.txt"
SENTENCES = [
    "وفي دمشق أمس قصفت الطائرات الروسية، التي انطلقت من حميميم، مواقع جبهة النصرة في ريف إدلب.",
    "وأوضح المتحدث باسم الجيش أن القوات الحكومية سيهاجم المدينة بعد أن رفضت الفصائل الانسحاب منها.",
    "واتهمت وزارة الخارجية الأمريكية النظام السوري بالضلوع في الهجمات الكيماوية؛ ونفت دمشق ذلك.",
]


def old_trigger_features(ctx: Context, index: int, hints: TriggerHints, rule_type: str | None) -> list[str]:
    toks = ctx.tokens
    tok = toks[index]
    stem = bare(tok.form)
    prev = bare(toks[index - 1].form) if index > 0 else "<s>"
    nxt = bare(toks[index + 1].form) if index + 1 < len(toks) else "</s>"
    feats = [f"w={tok.form}", f"s={stem}", f"p1={prev}", f"n1={nxt}", f"cl={clitic(tok.form)}",
             f"rule={rule_type}", *_stem_shape(stem), *_verb_readings(tok.form)]
    if hints.lexicon is not None:
        lex = hints.lexicon
        feats += [f"lex={lex.type}", f"lex={lex.type}|verbal={lex.verbal}", f"lex={lex.type}|cl={clitic(tok.form)}",
                  f"lex={lex.type}|p1={prev}", f"weak={lex.weak}"]
    feats += [f"up={t}" for t in hints.petrarch]
    feats += [f"voc={t}" for t in hints.vocabulary]
    if len(hints.petrarch) == 1:
        feats.append(f"up1={hints.petrarch[0]}")
    feats += [*hints.root_features, *(f"rvoc={t}" for t in hints.root_vocabulary),
              *(f"rup={t}" for t in hints.root_petrarch)]
    if ctx.covering_quote(tok.start) is not None:
        feats.append("inquote")
    if tok.sentence == 0:
        feats.append("first-sentence")
    if index == 0 or not toks[index - 1].is_word:
        feats.append("after-punct")
    cues = ctx.participant_cues(index)
    feats.extend(cues)
    if index + 1 < len(toks) and toks[index + 1].is_word:
        feats.append(f"n1cl={clitic(toks[index + 1].form)}")
    feats.append(f"p2={bare(toks[index - 2].form) if index > 1 else '<s>'}")
    feats.append(f"n2={bare(toks[index + 2].form) if index + 2 < len(toks) else '</s>'}")
    if hints.lexicon is not None:
        feats.extend(f"lex={hints.lexicon.type}|{cue}" for cue in cues)
    seen, total = ctx.stem_counts(index)
    definite = "ال" in clitic(tok.form)
    feats += [f"freq={bucket(total)}", f"freq={bucket(total)}|def={definite}", f"earlier={bucket(seen)}",
              f"earlier={bucket(seen)}|def={definite}"]
    known = {ent.id for ent in ctx.doc.entities if ent.id}
    parties = sum(1 for ent in ctx.doc.entities if ent.type in ("PERSON", "ORG"))
    feats += [f"art-ids={bucket(len(known))}", f"art-parties={bucket(parties)}"]
    return feats


def old_argument_features(ctx: Context, event_index: int, event_type: str, role: str, phrase: Phrase) -> list[str]:
    toks = ctx.tokens
    before = phrase.last <= event_index
    direction = "before" if before else "after"
    distance = event_index - phrase.last if before else phrase.first - event_index - 1
    between = range(phrase.last, event_index) if before else range(event_index + 1, phrase.first)
    head = toks[phrase.first]
    prev = toks[phrase.first - 1].form if phrase.first > 0 else "<s>"
    r = role
    feats = [
        f"r={r}", f"r={r}|dir={direction}", f"r={r}|dist={bucket(distance)}",
        f"r={r}|t={event_type}|dir={direction}", f"r={r}|dir={direction}|dist={bucket(distance)}",
        f"r={r}|prev={bare(prev)}", f"r={r}|cl={clitic(head.form)}", f"r={r}|dir={direction}|cl={clitic(head.form)}",
        f"r={r}|head={bare(head.form)}", f"r={r}|len={bucket(phrase.last - phrase.first)}",
        f"r={r}|trigcl={clitic(toks[event_index].form)}|dir={direction}",
        f"r={r}|rank={phrase.rank}", f"r={r}|t={event_type}|rank={phrase.rank}",
        f"r={r}|verbal={_verbal(toks[event_index].form)}|rank={phrase.rank}",
        f"r={r}|verbal={_verbal(toks[event_index].form)}|prev={bare(prev)}",
    ]
    first, _ = ctx.sentence_bounds(event_index)
    if phrase.first == first or (phrase.first == first + 1 and not toks[first].is_word):
        feats.append(f"r={r}|sentence-start|dir={direction}")
    feats.extend(f"r={r}|src={o}" for o in _origins(r, phrase))
    feats.extend(f"r={r}|dir={direction}|src={o}" for o in _origins(r, phrase))
    comma = trigger = relative = complement = False
    for k in between:
        tok = toks[k]
        if not tok.is_word:
            comma = comma or tok.form in "،,؛;"
            continue
        trigger = trigger or lookup_trigger(tok.form) is not None
        word = bare(tok.form)
        relative = relative or word in CLAUSE_WORDS
        complement = complement or word in COMPLEMENTISERS
    if comma:
        feats.append(f"r={r}|comma-between")
    if trigger:
        feats.append(f"r={r}|trigger-between")
    if head.form[:1].isdigit():
        feats.append(f"r={r}|number")
    feats.extend(_old_role_cues(ctx, event_index, event_type, role, phrase, direction, distance))
    if relative:
        feats.append(f"r={r}|relative-between|dir={direction}")
    if complement:
        feats.append(f"r={r}|complement-between|dir={direction}")
    return feats


def _origins(r: str, phrase: Phrase) -> set[str]:
    """The phrase's origins as the role reads them: the actor does not read the target's own (round 23), and
    neither reads the mark of a frame's subject (round 32: a run-time choice, no feature)."""
    origins = phrase.origins - {FRAME_SUBJECT}
    return origins - TARGET_ONLY_ORIGINS if r == "actor" else origins


def _old_role_cues(ctx: Context, event_index: int, event_type: str, r: str, phrase: Phrase, direction: str,
                   distance: int) -> list[str]:
    toks = ctx.tokens
    verbal = _verbal(toks[event_index].form)
    prev = bare(toks[phrase.first - 1].form) if phrase.first > 0 else "<s>"
    dist = bucket(distance)
    feats = [f"r={r}|t={event_type}|dir={direction}|dist={dist}", f"r={r}|verbal={verbal}|dir={direction}|dist={dist}",
             f"r={r}|t={event_type}|prev={prev}", f"r={r}|dir={direction}|prev={prev}"]
    feats.extend(f"r={r}|t={event_type}|src={o}" for o in _origins(r, phrase))
    if phrase.party_rank:
        feats.append(f"r={r}|prank={phrase.party_rank}")
        feats.append(f"r={r}|t={event_type}|prank={phrase.party_rank}")
        feats.append(f"r={r}|verbal={verbal}|prank={phrase.party_rank}")
    return feats


@pytest.fixture(scope="module")
def contexts() -> list[Context]:
    rules = Pipeline.from_config(PipelineConfig(extraction="rules"))
    texts = [SAMPLE.read_text(encoding="utf-8"), " ".join(SENTENCES)]
    out = []
    for text in texts:
        doc = rules(Document(text, published="2019-12-12"))
        out.append(Context(doc, analysed(doc)))
    return out


def test_trigger_and_argument_features_match_the_earlier_definitions(contexts: list[Context]) -> None:
    models = shipped_models()
    words = trigger_words(models.vocabulary if models is not None else {})
    checked = between_marks = lexicon_hits = 0
    for ctx in contexts:
        candidates = event_candidates(ctx, words, {})
        assert candidates
        for cand in candidates:
            form = ctx.tokens[cand.index].form
            hints = trigger_hints(form, words) or TriggerHints(None, (), ())
            lexicon_hits += hints.lexicon is not None
            for h, rule_type in ((hints, cand.type), (TriggerHints(None, ("ACCUSE", "ASSAULT"), ("X",)), None)):
                assert sorted(trigger_features(ctx, cand.index, h, rule_type)) == sorted(
                    old_trigger_features(ctx, cand.index, h, rule_type))
            phrases = argument_candidates(ctx, cand)
            for phrase in phrases:
                for role in ("actor", "target"):
                    new = argument_features(ctx, cand.index, cand.type, role, phrase)
                    assert sorted(new) == sorted(old_argument_features(ctx, cand.index, cand.type, role, phrase))
                    between_marks += sum(f.endswith(("-between", "-between|dir=before", "-between|dir=after"))
                                         for f in new)
                    checked += 1
    assert checked > 50 and between_marks > 10 and lexicon_hits > 5  # real phrases, with words between them and their triggers
