"""An accusation read as a statement whose speaker the model abstains on keeps its accuser (round 36).

When the learned layer keeps a party's accusation as a quote (`تقريرا اتهمت النظام بالضلوع في هجمات`; a model
trained on a gold that annotates accusations as statements does so for the seed) and the speaker model abstains on
it, the rules' event inside read its source from that quote and lost the accuser its own frame names. A quote
naming no party (no speaker, no relay, not a denial) now gives way to the accusation frame around the same words.
"""

from __future__ import annotations

from marsad.attribution.events import find_events
from marsad.attribution.text import analyse
from marsad.document import Document, Quote
from marsad.pipeline import Pipeline, PipelineConfig

TEXT = ("وأصدرت لجنة التحقيق الدولية تقريرا اتهمت النظام السوري بالضلوع في هجمات كيماوية ضد المدنيين "
        "في ريف دمشق.")


def _attacks(speakerless_quote: bool) -> list[tuple[str, str, list[str]]]:
    doc = Pipeline.from_config(PipelineConfig(extraction="rules"))(Document(TEXT, published="2019-12-12"))
    doc.quotes[:] = []
    if speakerless_quote:  # the accusation as the learned layer now keeps it, its speaker abstained on
        cue = TEXT.index("اتهمت")
        content = TEXT.index("النظام")
        doc.quotes.append(Quote(cue, len(TEXT) - 1, {"start": cue, "end": cue + 5, "text": "اتهمت"}, None,
                                {"start": content, "end": len(TEXT) - 1, "text": TEXT[content:-1]}, False))
    events = find_events(analyse(doc))
    return [(e.status, str((e.source or {}).get("text")), e.chain) for e in events
            if e.type == "ASSAULT" and e.trigger["text"] == "هجمات"]


def test_a_speakerless_quote_over_the_accusation_keeps_the_accuser() -> None:
    # as with no quote at all: the accuser the frame names, its chain through the report's issuer
    assert _attacks(speakerless_quote=True) == _attacks(speakerless_quote=False)
    assert _attacks(speakerless_quote=True) == [("claimed", "تقريرا", ["لجنة التحقيق الدولية"])]
    # a quote whose speaker was given still decides the source
    doc = Pipeline.from_config(PipelineConfig(extraction="rules"))(Document(TEXT, published="2019-12-12"))
    doc.quotes[:] = []
    cue, name = TEXT.index("اتهمت"), TEXT.index("لجنة")
    content = TEXT.index("النظام")
    doc.quotes.append(Quote(cue, len(TEXT) - 1, {"start": cue, "end": cue + 5, "text": "اتهمت"},
                            {"start": name, "end": name + 4, "text": "لجنة"},
                            {"start": content, "end": len(TEXT) - 1, "text": TEXT[content:-1]}, False, ["لجنة"]))
    events = [e for e in find_events(analyse(doc)) if e.type == "ASSAULT" and e.trigger["text"] == "هجمات"]
    assert [(e.status, (e.source or {}).get("text"), e.chain) for e in events] == [("claimed", "لجنة", ["لجنة"])]
