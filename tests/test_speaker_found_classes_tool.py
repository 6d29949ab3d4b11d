"""tools/speaker_found_classes.py and the kind of gold speaker tools/diagnose_speakers.py records (round 34)."""

from __future__ import annotations

import json
from pathlib import Path

from diagnose_speakers import Trace, cue_context, relayed, speaker_kind
from marsad.attribution.learned.context import Context
from marsad.attribution.text import analyse
from marsad.document import Document, Entity, Quote
from speaker_found_classes import band_tables, chooser_class, chosen_origin, tables

TEXT = ("وقال وزير الخارجية سامي العلي إن المحادثات مستمرة. وأكدت وزارة الصحة أن الوباء انحسر. "
        "وذكر البيان أن الوفد وصل. ونقلت الوكالة عن مصادر محلية أن القصف توقف. وقال العلي إن الوفد عاد.")


def _span(word: str, after: int = 0) -> tuple[int, int]:
    start = TEXT.index(word, after)
    return start, start + len(word)


def _trace() -> Trace:
    doc = Document(TEXT)
    name, ministry = _span("سامي العلي"), _span("وزارة الصحة")
    doc.entities = [Entity(*name, "سامي العلي", "PERSON"), Entity(*ministry, "وزارة الصحة", "ORG")]
    trace = Trace()
    trace.ctx = Context(doc, analyse(doc))
    return trace


def test_what_the_gold_speaker_is() -> None:
    trace = _trace()
    assert speaker_kind(trace, _span("وزير الخارجية سامي العلي")) == "title + name"
    assert speaker_kind(trace, _span("سامي العلي")) == "person name"
    assert speaker_kind(trace, _span("وزارة الصحة")) == "organisation"
    assert speaker_kind(trace, _span("البيان")) == "statement or document"
    assert speaker_kind(trace, _span("مصادر محلية")) == "indefinite phrase"
    assert speaker_kind(trace, _span("الوكالة")) == "definite phrase, no name"
    # the last quote's العلي is no entity of its own, but the surname of the person tagged in full before
    assert speaker_kind(trace, _span("العلي", TEXT.index("عاد") - 20)) == "a name untagged here, tagged in full elsewhere"
    assert speaker_kind(Trace(), _span("البيان")) == "?"


def test_a_relay_in_the_cue_sentence() -> None:
    trace = _trace()
    assert relayed(trace, _span("ونقلت"))
    assert not relayed(trace, _span("وذكر"))


def test_what_the_chooser_had() -> None:
    def line(outcome: str, **kw: object) -> dict[str, object]:
        return {"outcome": outcome, **kw}

    assert chooser_class(line("abstained: right first", right_mass=0.9), 0.525) == \
        "right party first, killed by the cue belief"  # the party alone reaches the threshold
    assert chooser_class(line("abstained: right first", right_mass=0.4), 0.525) == "right party first, speaker model unsure"
    assert chooser_class(line("abstained: right not first", right_rank=1), 0.525) == 'right party first, "nobody" over it'
    assert chooser_class(line("abstained: right not first", right_rank=2), 0.525) == "right party second"
    assert chooser_class(line("abstained: right not first", right_rank=5), 0.525) == "right party third or later"
    assert chooser_class(line("abstained: no candidate"), 0.525) == "no candidate covers the gold speaker"
    wrong = line("wrong", candidates=[["الوزير", 0.8, ["np", "previous-quote=next", "previous-speaker"]]])
    assert chosen_origin(wrong) == "the previous speaker"  # the most telling origin, not the first listed
    assert chooser_class(wrong, 0.525) == "wrong: the previous speaker"
    assert chosen_origin(line("wrong", candidates=[])) == "other"


def test_tables_count_found_speakers_only(tmp_path: Path) -> None:
    rows = [{"outcome": "right", "kind": "person name", "where": "same sentence, after the cue"},
            {"outcome": "cue: under threshold", "kind": "person name"},  # the quote not found: not counted
            {"outcome": "decision", "mass": 0.9},
            {"outcome": "abstained: right first", "right_mass": 0.8, "kind": "organisation", "relay": True,
             "where": "same sentence, after the cue"}]
    path = tmp_path / "dev.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out = tables([path], 0.525)
    assert "| found | 2 |" in out and "| right | 1 |" in out and "| lost (null or wrong) | 1 |" in out
    assert "| right party first, killed by the cue belief | 1 |" in out
    assert "| relay — right party first, killed by the cue belief | 1 |" in out
    assert "| organisation — lost | 1 |" in out and "| person name — right | 1 |" in out


def test_the_cue_context_of_a_decision() -> None:
    """Round 35: what diagnose_speakers.py records around a quote's cue, on sentences written for it."""
    text = "وقال الوزير إن المحادثات مستمرة، مضيفا أن الوفد وصل، بينما لم تقل الوزارة شيئا."
    doc = Document(text)
    ctx = Context(doc, analyse(doc))
    forms = [tok.form for tok in ctx.tokens]
    said, adding, told = forms.index("وقال"), forms.index("مضيفا"), forms.index("تقل")
    quote = Quote(0, len(text), {"start": 0, "end": 4, "text": "وقال"}, None, None, False)
    first = cue_context(ctx, said, quote, True)
    assert (first["opens_sentence"], first["shape"], first["intro"], first["negated"]) == (True, "past or other",
                                                                                           "comp@2", False)
    second = cue_context(ctx, adding, quote, False)
    assert (second["opens_sentence"], second["shape"], second["intro"]) == (False, "participle", "comp@1")
    third = cue_context(ctx, told, quote, False)
    assert (third["shape"], third["negated"], third["intro"]) == ("present", True, "none")


def test_band_tables_count_the_band_only(tmp_path: Path) -> None:
    """Round 35: only decisions whose first party is sure and whose product with the belief is not."""
    def decision(mass: float, belief: float, right: bool, gold_speaker: bool, gold_quote: bool,
                 shape: str) -> dict[str, object]:
        return {"outcome": "decision", "mass": mass, "belief": belief, "right": right, "gold_speaker": gold_speaker,
                "gold_quote": gold_quote, "context": {"shape": shape, "intro": "comp@2", "sentence": 3}}
    lines = [decision(0.9, 0.5, True, True, True, "participle"),     # in the band, a statement, right
             decision(0.9, 0.5, False, False, False, "present"),     # in the band, no gold quote
             decision(0.9, 0.5, False, False, True, "present"),      # in the band, a gold quote without speaker
             decision(0.9, 0.9, True, True, True, "present"),        # over the threshold: not counted
             decision(0.4, 0.9, False, True, True, "present")]       # the speaker model unsure: not counted
    path = tmp_path / "dev.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    table = band_tables([path], 0.525)
    assert "| all | 1 / 0 vs 1 / 1 (0.33) |" in table
    assert "| the cue's form: participle | 1 / 0 vs 0 / 0 (1.00) |" in table
    assert "| the cue's form: present | 0 / 0 vs 1 / 1 (0.00) |" in table
    assert "| what introduces the statement after it: comp | 1 / 0 vs 1 / 1 (0.33) |" in table
    assert "| in the first two sentences: False | 1 / 0 vs 1 / 1 (0.33) |" in table
