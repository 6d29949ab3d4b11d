"""PLOVER events with status and source chain: the seed through the full pipeline, and
synthetic sentences (written for these tests) for each status, votes and figures."""

from __future__ import annotations

from marsad.document import Document, Event
from marsad.pipeline import Pipeline

STATUSES = {"asserted", "claimed", "denied", "planned", "hypothetical"}
PLOVER = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
          "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}


def run(pipeline: Pipeline, text: str) -> Document:
    doc = pipeline(Document(text, published="2015-07-21"))
    assert not [e for e in doc.errors if e.stage in ("quotes", "events")], doc.errors
    return doc


def text_of(arg: dict[str, object] | None) -> str:
    return str(arg.get("text")) if arg else ""


def events(doc: Document, type_: str, trigger: str | None = None) -> list[Event]:
    out = [e for e in doc.events if e.type == type_ and (trigger is None or trigger in e.trigger["text"])]
    assert out, f"no {type_} {trigger or ''} in {[(e.type, e.trigger['text']) for e in doc.events]}"
    return out


# -- the seed -----------------------------------------------------------------------
def test_seed_russia_accuses_white_helmets(seed_doc: Document) -> None:
    ev = [e for e in events(seed_doc, "ACCUSE") if text_of(e.actor) == "روسيا" and "الخوذ البيضاء" in text_of(e.target)]
    assert ev and ev[0].status == "asserted"


def test_seed_hts_mobilising_at_aleppo_is_claimed_by_russia_via_rt(seed_doc: Document) -> None:
    ev = [e for e in events(seed_doc, "MOBILIZE") if "هيئة تحرير الشام" in text_of(e.actor)]
    assert ev
    mob = ev[0]
    assert mob.status == "claimed"
    assert mob.source is not None and mob.source["text"] == "روسيا"
    assert mob.chain[-1] == "RT"
    assert mob.place is not None and mob.place["text"] == "حلب"
    assert mob.date == "2019-12-12"


def test_seed_state_department_accuses_syrian_government(seed_doc: Document) -> None:
    ev = [e for e in events(seed_doc, "ACCUSE")
          if text_of(e.actor) == "وزارة الخارجية الأمريكية" and text_of(e.target) == "النظام السوري"]
    assert ev and ev[0].status == "asserted"
    # and the chemical attack it alleges is claimed, sourced to the State Department
    cbrn = [e for e in events(seed_doc, "ASSAULT") if text_of(e.actor) == "النظام السوري" and e.mode == "CBRN"
            and e.status == "claimed"]
    assert cbrn and cbrn[0].source is not None and cbrn[0].source["text"] == "وزارة الخارجية الأمريكية"


def test_seed_veto_of_the_draft_resolution(seed_doc: Document) -> None:
    rejects = events(seed_doc, "REJECT")
    assert {text_of(e.actor) for e in rejects} >= {"روسيا", "الصين", "بوليفيا"}
    assert all(text_of(e.target) == "القرار" and e.status == "asserted" for e in rejects)


def test_seed_chemical_attacks_with_figures_from_the_report(seed_doc: Document) -> None:
    attacks = [e for e in events(seed_doc, "ASSAULT", "هجـ.وم") if e.place is not None]
    places = {e.place["text"] for e in attacks if e.place}
    assert {"خان شيخون", "دوما"} <= places
    for ev in attacks:
        assert ev.mode == "CBRN" and ev.status == "claimed"
        figures = {(f["kind"], f["value"]) for f in ev.figures}
        assert {("killed", "dozens"), ("injured", "hundreds")} <= figures
        assert all(f["source"] for f in ev.figures)  # who reported them: the commission's report


def test_seed_events_are_valid_and_outside_boilerplate(seed_doc: Document) -> None:
    assert seed_doc.span_problems() == []
    line_start = seed_doc.text.index("إقرأ أيضاً")
    line_end = seed_doc.text.index("\n", line_start)
    for ev in seed_doc.events:
        assert ev.type in PLOVER and ev.status in STATUSES
        assert not (line_start <= ev.trigger["start"] < line_end)
        assert seed_doc.text[ev.trigger["start"]:ev.trigger["end"]] == ev.trigger["text"]
        if ev.status in ("claimed", "denied"):
            assert ev.source is not None and ev.chain
            # The source is cited like every annotation: a span of the original text.
            assert seed_doc.text[ev.source["start"]:ev.source["end"]] == ev.source["text"]
        for arg in (ev.actor, ev.target, ev.place, *ev.figures):
            if arg and isinstance(arg.get("start"), int):
                assert seed_doc.text[arg["start"]:arg["end"]] == arg.get("text")


# -- status --------------------------------------------------------------------------------
def test_negated_attack_in_a_quote_is_denied(pipeline: Pipeline) -> None:
    doc = run(pipeline, "قالت وزارة الدفاع إن طائراتها لم تقصف مدينة حمص أمس.")
    ev = events(doc, "ASSAULT", "تقصف")[0]
    assert ev.status == "denied" and text_of(ev.source) == "وزارة الدفاع"
    assert text_of(ev.actor) == "طائراتها"


def test_outlet_negation_is_denied_without_source(pipeline: Pipeline) -> None:
    doc = run(pipeline, "لم تقصف الطائرات الحربية بلدة كفرنبل يوم الأحد.")
    ev = events(doc, "ASSAULT")[0]
    assert ev.status == "denied" and ev.source is None
    assert text_of(ev.actor) == "الطائرات الحربية"


def test_denial_verb_makes_its_content_denied(pipeline: Pipeline) -> None:
    doc = run(pipeline, "نفى الجيش أن يكون قد قصف مستشفى في المدينة.")
    ev = events(doc, "ASSAULT", "قصف")[0]
    assert ev.status == "denied" and text_of(ev.source) == "الجيش"


def test_intention_is_planned(pipeline: Pipeline) -> None:
    doc = run(pipeline, "تعتزم الحكومة فرض عقوبات على الشركات المخالفة.")
    ev = events(doc, "SANCTION")[0]
    assert ev.status == "planned" and text_of(ev.target) == "الشركات المخالفة"
    doc = run(pipeline, "يخطط التنظيم لشن هجوم على المطار.")
    ev = events(doc, "ASSAULT")[0]
    assert ev.status == "planned" and text_of(ev.actor) == "التنظيم" and text_of(ev.target) == "المطار"


def test_may_and_conditions_are_hypothetical(pipeline: Pipeline) -> None:
    assert events(run(pipeline, "قد تقصف الطائرات مواقع المعارضة في الشمال."), "ASSAULT")[0].status == "hypothetical"
    assert events(run(pipeline, "وفي حال هاجم المسلحون القرية فإن الجيش سيرد."), "ASSAULT")[0].status == "hypothetical"
    # قد before a past verb is "has", not "may"
    assert events(run(pipeline, "وقد قصفت الطائرات مواقع المعارضة أمس."), "ASSAULT")[0].status == "asserted"


def test_plain_report_is_asserted(pipeline: Pipeline) -> None:
    doc = run(pipeline, "وقصفت الطائرات الحربية مواقع المسلحين في ريف حلب.")
    ev = events(doc, "ASSAULT")[0]
    assert ev.status == "asserted" and ev.source is None and ev.chain == []
    assert ev.mode == "aerial" and text_of(ev.actor) == "الطائرات الحربية"


# -- arguments, votes, figures ---------------------------------------------------------------
def test_votes_against_reject_and_for_support(pipeline: Pipeline) -> None:
    doc = run(pipeline, "وصوتت روسيا ضد مشروع القرار، فيما صوتت فرنسا لصالحه.")
    reject = events(doc, "REJECT")[0]
    assert text_of(reject.actor) == "روسيا" and text_of(reject.target) == "مشروع القرار"
    support = events(doc, "SUPPORT")[0]
    assert text_of(support.actor) == "فرنسا" and text_of(support.target) == "القرار"


def test_figures_with_their_source(pipeline: Pipeline) -> None:
    doc = run(pipeline, "قتل عشرة مدنيين وأصيب 25 آخرون في قصف على البلدة، بحسب المرصد السوري.")
    ev = events(doc, "ASSAULT", "قصف")[0]
    assert ev.status == "claimed"
    kinds = {(f["kind"], f["value"]) for f in ev.figures}
    assert {("killed", 10), ("injured", 25)} <= kinds
    assert all(f["source"] for f in ev.figures)


def test_outlet_figures_have_no_source(pipeline: Pipeline) -> None:
    doc = run(pipeline, "وأسفرت الغارات عن مقتل عشرات المقاتلين وتدمير خمس آليات.")
    ev = events(doc, "ASSAULT")[0]
    assert ("killed", "dozens") in {(f["kind"], f["value"]) for f in ev.figures}
    assert all(f["source"] is None for f in ev.figures)


def test_date_falls_back_to_publication(pipeline: Pipeline) -> None:
    doc = run(pipeline, "وقصفت الطائرات الحربية مواقع المسلحين.")
    assert events(doc, "ASSAULT")[0].date == "2015-07-21"


def test_event_is_never_dated_after_publication_unless_planned(pipeline: Pipeline) -> None:
    # Published 2015-07-21: a September date in the sentence cannot date a raid that happened.
    doc = run(pipeline, "وقصفت الطائرات الحربية مواقع المسلحين قبل محادثات سبتمبر المقبل.")
    assert events(doc, "ASSAULT")[0].date == "2015-07-21"
    doc = run(pipeline, "وقصفت الطائرات الحربية أمس مواقع المسلحين.")
    assert events(doc, "ASSAULT")[0].date == "2015-07-20"


def test_json_round_trip_keeps_events(pipeline: Pipeline) -> None:
    doc = run(pipeline, "قالت وزارة الدفاع إن طائراتها لم تقصف مدينة حمص أمس.")
    again = Document.from_json(doc.to_json())
    assert [(e.type, e.status, e.chain) for e in again.events] == [(e.type, e.status, e.chain) for e in doc.events]


def test_verb_and_object_around_the_subject(pipeline: Pipeline) -> None:
    doc = run(pipeline, "وأطلق مسلحون النار على دورية للشرطة في المدينة.")
    ev = events(doc, "ASSAULT")[0]
    assert ev.mode == "small-arms" and text_of(ev.actor) == "مسلحون"
    assert text_of(ev.target).startswith("دورية")
    doc = run(pipeline, "ألقت الشرطة القبض على ثلاثة مشتبهين.")
    ev = events(doc, "COERCE")[0]
    assert text_of(ev.actor) == "الشرطة" and text_of(ev.target) == "ثلاثة مشتبهين"


def test_approving_an_agreement_is_agree(pipeline: Pipeline) -> None:
    doc = run(pipeline, "ووافقت الحكومة على اتفاق مع المعارضة.")
    ev = events(doc, "AGREE")[0]
    assert text_of(ev.actor) == "الحكومة"
    assert not [e for e in doc.events if e.type == "SUPPORT"]


def test_negation_with_conjunction_denies(pipeline: Pipeline) -> None:
    doc = run(pipeline, "وقال المتحدث إن الاتفاق ولا يتضمن تقديم مساعدات للمسلحين.")
    ev = events(doc, "AID")[0]
    assert ev.status == "denied" and text_of(ev.source) == "المتحدث"
