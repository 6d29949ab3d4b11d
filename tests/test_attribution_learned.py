"""The learned attribution layer: model files, candidate scoring, abstention, merging, training."""

from __future__ import annotations

import json
import math
from copy import deepcopy
from pathlib import Path
from typing import Any

import pytest

from marsad.attribution.learned.extract import (
    NO_EVENT,
    AttributionModels,
    decide_status,
    load_models,
    rescore_events,
    rescore_quotes,
    resolve_models,
)
from marsad.attribution.learned.linear import (
    BinaryModel,
    ChoiceModel,
    ModelFileError,
    MulticlassModel,
    binary_from_dict,
    choice_from_dict,
)
from marsad.document import Document
from marsad.evaluate.attribution import Scores, score_article
from marsad.evaluate.gold_corpus import Article
from marsad.pipeline import Pipeline, PipelineConfig
from marsad.train.attribution import (
    TRIGGER_LABELS,
    Examples,
    _gold_arguments,
    examples_from_article,
    save,
    train,
    vocabulary_of,
)

ROOT = Path(__file__).resolve().parent.parent
STATUSES = ["asserted", "claimed", "denied", "planned", "hypothetical"]


def _token_at(ctx: Any, form: str) -> int:
    """The index of the first token of ``ctx`` written ``form`` (normalised)."""
    return next(i for i, t in enumerate(ctx.tokens) if t.form == form)


def _context_of(rules: Pipeline, text: str) -> Any:
    """The learned layer's view of ``text`` after the rule pipeline."""
    from marsad.attribution.learned.context import Context
    from marsad.attribution.text import analysed

    doc = rules(Document(text, published="2019-12-12"))
    return Context(doc, analysed(doc))


def _status_model(label: str = "asserted") -> MulticlassModel:
    return MulticlassModel(STATUSES, {s: {} for s in STATUSES}, {s: (3.0 if s == label else 0.0) for s in STATUSES})


def _trigger_model(no_event: dict[str, float]) -> MulticlassModel:
    """Every candidate is an event of the type its lexicon or rule names, unless ``no_event`` says otherwise."""
    weights = {t: {f"lex={t}": 3.0, f"rule={t}": 3.0} for t in TRIGGER_LABELS if t != NO_EVENT}
    weights[NO_EVENT] = no_event
    biases = {t: 0.0 for t in TRIGGER_LABELS}
    biases[NO_EVENT] = -3.0
    return MulticlassModel(list(TRIGGER_LABELS), weights, biases)


def _models(no_event: dict[str, float], argument: dict[str, float], speaker: dict[str, float] | None = None,
            argument_threshold: float = 0.3, speaker_threshold: float = 0.3) -> AttributionModels:
    # an argument model without weights abstains: "none" must outweigh the pooled mass of overlapping
    # candidates, which several zero-scored boundaries of one phrase would reach against a zero "none"
    return AttributionModels(_trigger_model(no_event), ChoiceModel(argument or ABSTAIN, argument_threshold),
                             _status_model(), ChoiceModel(speaker or {}, speaker_threshold))


ABSTAIN = {"NONE|r=actor": 10.0, "NONE|r=target": 10.0}


@pytest.fixture(scope="module")
def rules() -> Pipeline:
    return Pipeline.from_config(PipelineConfig(extraction="rules"))


def test_a_scoped_claim_the_rules_sourced_stays_claimed_within_the_margin() -> None:
    from marsad.document import Event

    # the model leans to "asserted" by about 0.12 (weights 0.3 vs 0)
    status = MulticlassModel(STATUSES, {s: {} for s in STATUSES},
                             {s: (0.3 if s == "asserted" else 0.0) for s in STATUSES})
    models = AttributionModels(_trigger_model({}), ChoiceModel({}, 0.3), status, ChoiceModel({}, 0.3),
                               status_rule_margin=0.5)

    def event(rule_status: str, source: dict[str, Any] | None) -> Event:
        return Event("ASSAULT", None, {"start": 0, "end": 1}, None, None, None, None, rule_status, source)

    report = {"text": "تقريرا", "start": 0, "end": 6}
    assert decide_status(models, ["scoped-by=ACCUSE"], event("claimed", report)) == "claimed"
    # without the scoping word, without the rules' source or their claimed reading, the model decides
    assert decide_status(models, [], event("claimed", report)) == "asserted"
    assert decide_status(models, ["scoped-by=ACCUSE"], event("claimed", None)) == "asserted"
    assert decide_status(models, ["scoped-by=ACCUSE"], event("asserted", report)) == "asserted"
    # a wider lead than the margin overrules the rules
    models.status_rule_margin = 0.05
    assert decide_status(models, ["scoped-by=ACCUSE"], event("claimed", report)) == "asserted"
    # the margin goes into the model file and comes back
    from marsad.attribution.learned.extract import models_from_dict
    m = {"trigger": _trigger_model({}).to_dict(), "argument": ChoiceModel({}, 0.3).to_dict(),
         "status": {**status.to_dict(), "rule_margin": 0.5}, "speaker": ChoiceModel({}, 0.3).to_dict()}
    assert models_from_dict({"models": m}).status_rule_margin == 0.5


def test_binary_model_round_trips_and_scores() -> None:
    model = BinaryModel({"a": 2.0, "b": -1.0}, 0.5, threshold=0.4)
    again = binary_from_dict(json.loads(json.dumps(model.to_dict())))
    assert again.probability(["a"]) == pytest.approx(model.probability(["a"]))
    assert model.probability(["a"]) > model.probability([]) > model.probability(["b"])
    assert again.threshold == 0.4


def test_choice_model_softmax_over_candidates_and_none() -> None:
    model = ChoiceModel({"good": 3.0, "NONE": 0.0}, threshold=0.5)
    index, p = model.choose([["bad"], ["good"]], ["NONE"])
    assert index == 1 and p == pytest.approx(20.0855 / (20.0855 + 2), rel=1e-3)
    assert model.choose([["bad"], ["bad"]], ["NONE"])[0] is None  # each 1/3: under 0.5
    assert model.choose([], ["NONE"]) == (None, 0.0)
    again = choice_from_dict(json.loads(json.dumps(model.to_dict())))
    assert again.choose([["bad"], ["good"]], ["NONE"]) == (index, pytest.approx(p))


def test_choice_model_pools_candidates_that_overlap_the_best_one() -> None:
    model = ChoiceModel({"party": 1.0, "NONE": 0.0}, threshold=0.5)
    # two boundaries of one party (tokens 3-5 and 3-8) and an unrelated phrase (10-11)
    candidates, spans = [["party"], ["party"], ["other"]], [(3, 5), (3, 8), (10, 11)]
    alone = model.choose(candidates, ["NONE"])
    assert alone[0] is None and alone[1] < 0.5  # the mass is split: each boundary alone is unsure
    index, p = model.choose(candidates, ["NONE"], spans)
    assert index in (0, 1) and p == pytest.approx(2 * alone[1])
    apart = model.choose(candidates, ["NONE"], [(3, 5), (6, 8), (10, 11)])
    assert apart[0] is None  # candidates that do not overlap are not pooled


def test_none_must_outweigh_the_pooled_party_not_one_boundary() -> None:
    """"None" scoring above each boundary of a party but below the two together loses (no threshold)."""
    model = ChoiceModel({"party": 1.0, "NONE": 1.5}, threshold=0.0)
    candidates, spans = [["party"], ["party"]], [(3, 5), (3, 8)]
    index, p = model.choose(candidates, ["NONE"], spans, 0.0)
    assert index in (0, 1) and p == pytest.approx(2 * math.e / (2 * math.e + math.exp(1.5)))
    # without spans each boundary stands alone, and "none" wins
    assert model.choose(candidates, ["NONE"], None, 0.0)[0] is None
    # one boundary alone still loses to a stronger "none"
    assert model.choose([["party"]], ["NONE"], [(3, 5)], 0.0)[0] is None


def _plain_context(text: str) -> Any:
    from marsad.attribution.learned.context import Context
    from marsad.attribution.text import analysed

    doc = Document(text)
    return Context(doc, analysed(doc))


def test_a_pronoun_subject_before_the_trigger_is_an_argument_feature() -> None:
    from marsad.attribution.learned.context import Phrase, argument_features

    ctx = _plain_context("وقال الأمين العام إنه طلب من إسرائيل تسليم الخرائط.")
    trigger = _token_at(ctx, "طلب")
    israel = _token_at(ctx, "اسرائيل")
    feats = argument_features(ctx, trigger, "REQUEST", "actor", Phrase(israel, israel + 1, {"ent:LOC"}, "a0"))
    assert "r=actor|pron-subj|dir=after" in feats and "r=actor|pron-subj|rank=a0" in feats
    plain = _plain_context("وقال الأمين العام إن إسرائيل طلبت تسليم الخرائط.")
    verb = _token_at(plain, "طلبت")
    assert not any("pron-subj" in f for f in argument_features(plain, verb, "REQUEST", "actor", Phrase(0, 1)))


def test_argument_labels_prefer_the_mentions_own_party() -> None:
    own = {"actor": [10, 15], "target": None}
    other = {"actor": [40, 45], "target": [50, 55]}
    assert _gold_arguments(own, [own, other], "actor") == [(10, 15)]
    # where the mention names no party for the role, any mention of the event's does
    assert _gold_arguments(own, [own, other], "target") == [(50, 55)]


def test_multiclass_model_prefers_the_weighted_label() -> None:
    model = MulticlassModel(["x", "y"], {"x": {"f": 3.0}, "y": {}}, {"x": 0.0, "y": 0.5})
    assert model.best(["f"])[0] == "x"
    assert model.best([])[0] == "y"
    assert sum(model.probabilities(["f"]).values()) == pytest.approx(1.0)


def test_a_bad_model_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(ModelFileError, match="not a Marsad attribution model"):
        load_models(path)
    with pytest.raises(ValueError, match="choose one of: learned, rules"):
        resolve_models("magic", None)
    assert resolve_models("rules", None) is None


def test_trigger_model_drops_a_false_trigger_and_keeps_the_attack(rules: Pipeline) -> None:
    doc = rules(Document("قصفت الطائرات الحربية مدينة إدلب فجر اليوم.", published="2019-12-12"))
    rule_triggers = sorted(ev.trigger["text"] for ev in doc.events)
    models = _models({"w=فجر": 9.0}, {})
    rescore_events(doc, models)
    kept = [ev.trigger["text"] for ev in doc.events]
    assert "قصفت" in kept and "فجر" not in kept, (rule_triggers, kept)
    event = next(ev for ev in doc.events if ev.trigger["text"] == "قصفت")
    assert 0.5 < (event.confidence or 0) <= 1 and event.id == "e1"


def test_argument_model_abstains_below_its_threshold(rules: Pipeline) -> None:
    doc = rules(Document("قصفت الطائرات الحربية مدينة إدلب.", published="2019-12-12"))
    # no weights: every candidate and "none" are equally likely, far under the threshold
    rescore_events(doc, _models({}, {}, argument_threshold=0.9))
    assert doc.events and all(ev.actor is None and ev.target is None for ev in doc.events)
    doc = rules(Document("قصفت الطائرات الحربية مدينة إدلب.", published="2019-12-12"))
    rescore_events(doc, _models({}, {"NONE|r=actor": 6.0, "NONE|r=target": 6.0}, argument_threshold=0.0))
    assert all(ev.actor is None or ev.actor["confidence"] < 0.05 for ev in doc.events)


def test_argument_model_picks_the_phrase_it_scores_highest(rules: Pipeline) -> None:
    doc = rules(Document("قصفت الطائرات الحربية مدينة إدلب.", published="2019-12-12"))
    weights = {"r=actor|dir=after|dist=0": 5.0, "r=target|head=مدينه": 5.0}
    rescore_events(doc, _models({}, weights))
    event = doc.events[0]
    assert event.actor is not None and event.actor["text"].startswith("الطائرات")
    assert event.target is not None and "إدلب" in event.target["text"]
    assert doc.text[event.actor["start"]:event.actor["end"]] == event.actor["text"]
    assert 0 < event.actor["confidence"] <= 1


def test_actor_and_target_abstain_at_their_own_thresholds(rules: Pipeline, tmp_path: Path) -> None:
    weights = {"r=actor|dir=after|dist=0": 5.0, "r=target|head=مدينه": 5.0}
    models = _models({}, weights, argument_threshold=0.3)
    models.argument_thresholds = {"actor": 0.3, "target": 0.999}
    doc = rules(Document("قصفت الطائرات الحربية مدينة إدلب.", published="2019-12-12"))
    rescore_events(doc, models)
    event = doc.events[0]
    assert event.actor is not None and event.actor["text"].startswith("الطائرات")
    assert event.target is None  # the same weights name it at the shared threshold (test above)
    # the thresholds by role survive the model file; a file without them falls back to the one threshold
    path = tmp_path / "model.json"
    save(models, path, {})
    again = load_models(path)
    assert again.argument_threshold("target") == 0.999 and again.argument_threshold("actor") == 0.3
    models.argument_thresholds = {}
    assert models.argument_threshold("target") == 0.3


def test_a_rule_argument_in_quotation_marks_is_the_entity_inside_them(rules: Pipeline) -> None:
    """The rules' ``“هيئة تحرير الشام”`` and the entity ``هيئة تحرير الشام`` are one candidate: two would
    split its probability, and "none" would win over each half."""
    from marsad.attribution.learned.context import Context, trigger_words
    from marsad.attribution.learned.extract import argument_candidates, event_candidates
    from marsad.attribution.text import analysed

    doc = rules(Document("رصدت الطائرات حشد “هيئة تحرير الشام” لقواتها في محيط مدينة حلب.", published="2019-12-12"))
    assert doc.events[0].actor is not None and doc.events[0].actor["text"] == "“هيئة تحرير الشام”"
    ctx = Context(doc, analysed(doc))
    massing = next(c for c in event_candidates(ctx, trigger_words({})) if c.rule is not None)
    offered = {ctx.surface((p.first, p.last)): p.origins for p in argument_candidates(ctx, massing)}
    assert offered["هيئة تحرير الشام"] >= {"ent:ORG", "rule-actor"}
    assert not any("“" in surface for surface in offered)


def test_the_target_never_overlaps_the_actor(rules: Pipeline) -> None:
    """``بدعم الفصائل المعارضة والمقاتلة``: once ``الفصائل المعارضة`` is the actor, the longer phrase
    around it is no target (one party is not both)."""
    text = "ويتهم النظام السوري الخوذ البيضاء بدعم الفصائل المعارضة والمقاتلة في المناطق."
    weights = {"r=actor|src=head": 6.0, "r=actor|dir=after": 2.0, "r=target|src=rule-target": 6.0}
    doc = rules(Document(text, published="2019-12-12"))
    rescore_events(doc, _models({}, weights, argument_threshold=0.0))
    support = next(ev for ev in doc.events if ev.trigger["text"] == "بدعم")
    assert support.actor is not None and support.actor["text"] == "الفصائل المعارضة"
    assert support.target is None or (support.target["end"] <= support.actor["start"]
                                      or support.actor["end"] <= support.target["start"]), (support.actor, support.target)
    # without the actor there, the same weights name the longer phrase as the target
    doc = rules(Document(text, published="2019-12-12"))
    rescore_events(doc, _models({}, {"NONE|r=actor": 9.0, "r=target|src=rule-target": 6.0}, argument_threshold=0.0))
    support = next(ev for ev in doc.events if ev.trigger["text"] == "بدعم")
    assert support.actor is None and support.target is not None
    assert support.target["text"] == "الفصائل المعارضة والمقاتلة"


def test_a_flat_threshold_curve_is_a_tie_that_goes_to_the_lower_threshold() -> None:
    import math

    from marsad.train.attribution import Group, best_threshold_choice

    w = math.log(0.6 / 0.4)  # one candidate against "none": probability 0.6
    right = Group([(["c"], True)], ["NONE"])
    wrong = Group([(["c"], False)], ["NONE"], missed=True)  # gold names an argument no candidate covers
    filler = [Group([], ["NONE"]) for _ in range(100)]  # nothing offered, nothing in gold: right at any threshold
    groups = [right, wrong, wrong, *filler]
    model = ChoiceModel({"c": w})
    # answering at 0.6 scores one less than abstaining: without a tie the threshold goes above 0.6
    assert best_threshold_choice(model, groups, wrong_cost=1.0) == 0.65
    # one group in a hundred is within the tie: the lowest threshold
    assert best_threshold_choice(model, groups, wrong_cost=1.0, tie=0.01) == 0.05
    # a real difference is no tie
    assert best_threshold_choice(model, [right, wrong, wrong, wrong, *filler], wrong_cost=1.0, tie=0.01) == 0.65


def test_participant_and_role_cues(rules: Pipeline) -> None:
    from marsad.attribution.learned.context import (
        Context,
        argument_features,
        rank_phrases,
        status_features,
        trigger_words,
    )
    from marsad.attribution.learned.extract import argument_candidates, event_candidates
    from marsad.attribution.text import analysed

    doc = rules(Document("وفي دمشق أمس قصفت الطائرات الروسية مواقع جبهة النصرة. وأوضح المتحدث أن الجيش سيهاجم المدينة.",
                         published="2019-12-12"))
    ctx = Context(doc, analysed(doc))
    cands = {ctx.tokens[c.index].form: c for c in event_candidates(ctx, trigger_words({}))}
    attack = cands["قصفت"]
    # the attack has a party named after it in an anchored sentence (a place and a date)
    assert "anchored" in attack.features and "ent-after=none" not in attack.features
    phrases = rank_phrases(argument_candidates(ctx, attack), attack.index)
    planes = next(p for p in phrases if ctx.surface((p.first, p.last)).startswith("الطائرات"))
    feats = argument_features(ctx, attack.index, "ASSAULT", "actor", planes)
    assert "r=actor|t=ASSAULT|dir=after|dist=0" in feats
    # the second attack is reported (وأوضح … أن) and in the future (سي…)
    later = cands["سيهاجم"]
    event = next(ev for ev in doc.events if ev.trigger["start"] == ctx.tokens[later.index].start)
    feats = status_features(ctx, event, later.index)
    assert any(f.startswith("reported-clause=") for f in feats) and "f2=سي" in feats


def test_status_features_read_the_scope_the_event_stands_in(rules: Pipeline) -> None:
    from marsad.attribution.learned.context import Context, scope_cues
    from marsad.attribution.text import analysed
    from marsad.text.normalize import normalize

    def cues(text: str, word: str) -> list[str]:
        doc = rules(Document(text, published="2019-12-12"))
        ctx = Context(doc, analysed(doc))
        index = next(k for k, tok in enumerate(ctx.tokens) if tok.form == normalize(word))
        return scope_cues(ctx, index, ctx.sentence_bounds(index)[0], False)

    # a conditional just before the event word, its distance, and the class within the window
    assert {"scope=condition", "scope=condition|d=1", "in-scope=condition"} <= set(cues(
        "وقال الدبلوماسي إنه إذا وافقت باريس فستحذو الدول الأخرى حذوها.", "وافقت"))
    # an intention two words before (with a pronoun ending on the scope word: عزمها)
    assert "scope=intention|d=2-3" in cues("وأعلنت الحكومة عزمها القيام بهجوم على المدينة.", "بهجوم")
    # what a draft resolution or statement would do has not happened (a run of two words)
    assert "in-scope=possibility" in cues("وقدمت بريطانيا مشروع قرار يدين الهجمات على المدنيين.", "يدين")
    # a run of two words (في حال) is one scope word
    assert "scope=condition" in cues("وستتصرف القوات في حال هجوم المسلحين على الحدود.", "هجوم")
    # the event word's own future prefix, and a future predicate right after a noun event
    assert "self=future" in cues("وقال المتحدث إن الوزيرة ستزور المنطقة الأسبوع المقبل.", "ستزور")
    assert "after=future" in cues("وأكد أنان أن أي هجوم بري سيمثل تصعيدا خطيرا.", "هجوم")
    # an allegation word right after the event word
    assert "after=allegation" in cues("وقدمت والدته بلاغا للشرطة بشأن الاعتداء المزعوم على ابنها.", "الاعتداء")
    # a plain past report has none of them; a noun starting with سي is no future verb
    plain = cues("قصفت الطائرات الروسية مواقع المسلحين في سياسة معلنة.", "قصفت")
    assert not [f for f in plain if f.startswith(("scope=", "in-scope=", "self=", "after="))]
    assert "self=future" not in cues("وتحدث الوزير عن السياسة المتبعة.", "السياسة")
    # words that only look like a scope word: the police (الشرطة, not شرط + a pronoun), a verb whose
    # letters hold a particle (تغير is not غير), a state (ولاية, not لأي + a pronoun)
    for text, word in (("واعتقلت الشرطة المشتبه به أمس.", "المشتبه"), ("وقالت الشرطة إن الهجوم وقع ليلا.", "الهجوم"),
                       ("تغير الوضع بعد الهجوم على المدينة.", "الوضع"), ("وفي ولاية تكساس اعتقل رجل.", "اعتقل")):
        assert not [f for f in cues(text, word) if f.startswith(("scope=condition", "scope=negation",
                                                                 "scope=possibility"))], (text, cues(text, word))
    # قد before a past verb asserts; before a present verb it is "may"
    assert "scope=possibility" not in cues("وقد قتل الجنود عشرة مسلحين.", "قتل")
    assert "scope=possibility|d=1" in cues("وقد تهاجم القوات المدينة.", "تهاجم")
    # a verb of a verb class still matches with its person prefix (حذرت من غزو)
    assert "scope=warning" in cues("وحذرت الوزيرة من غزو لبنان.", "غزو")


def test_re_mentions_are_merged_into_one_event(rules: Pipeline) -> None:
    text = "شنت الطائرات الغارات على مدينة دوما. وأسفرت الغارات عن مقتل عشرة مدنيين."
    doc = rules(Document(text, published="2019-12-12"))
    rescore_events(doc, _models({}, {}))
    raids = [ev for ev in doc.events if ev.type == "ASSAULT" and "الغارات" in ev.trigger["text"]]
    assert len(raids) == 1
    assert [m["text"] for m in raids[0].mentions] == ["الغارات"]
    assert raids[0].mentions[0]["start"] > raids[0].trigger["start"]


def test_coreference_model_merges_what_it_scores_as_one_event_and_nothing_else(rules: Pipeline) -> None:
    text = "زار الرئيس المصري موسكو أمس. وخلال الزيارة بحث الرئيسان العلاقات. ثم زار الرئيس المصري باريس."
    def consult_events(coref: BinaryModel) -> list[Any]:
        doc = rules(Document(text, published="2019-12-12"))
        models = _models({}, {})
        models.coref = coref
        rescore_events(doc, models)
        return [ev for ev in doc.events if ev.type == "CONSULT"]

    # a model that reads the article on the later word (الزيارة) as a re-mention, and nothing else
    merged = consult_events(BinaryModel({"def=True": 6.0}, -3.0, 0.5))
    visits = [ev for ev in merged if ev.trigger["text"] in ("زار", "الزيارة")]
    assert any([m["text"] for m in ev.mentions] == ["الزيارة"] for ev in visits), [
        (ev.trigger["text"], ev.mentions) for ev in merged]
    # the second visit (زار … باريس) shares the stem but the model does not merge it
    assert sum(1 for ev in merged if ev.trigger["text"] == "زار") == 2
    apart = consult_events(BinaryModel({}, -3.0, 0.5))
    assert all(not ev.mentions for ev in apart) and len(apart) == len(merged) + 1


def test_a_re_mention_naming_other_parties_merges_only_when_the_model_is_confident(rules: Pipeline) -> None:
    from marsad.attribution.learned.context import Context
    from marsad.attribution.learned.extract import merge_mentions
    from marsad.attribution.text import analysed
    from marsad.document import Event

    text = "هاجمت القوات المدينة أمس. وكانت المدينة هادئة منذ شهور. وأسفر الهجوم الذي شنه المسلحون عن قتلى."
    doc = rules(Document(text, published="2019-12-12"))
    ctx = Context(doc, analysed(doc))

    def event(word: str, actor: str) -> tuple[int, Event]:
        start, a = text.index(word), text.index(actor)
        return ctx.token_at(start), Event("ASSAULT", None, {"start": start, "end": start + len(word), "text": word},
                                          {"start": a, "end": a + len(actor), "text": actor}, None, None, None,
                                          "asserted", None)

    def merged(conflicting: float | None) -> list[Event]:
        kept = [event("هاجمت", "القوات"), event("الهجوم", "المسلحون")]
        return merge_mentions(ctx, kept, BinaryModel({}, 1.0, 0.2), conflicting)  # p = 0.73 for every pair

    assert len(merged(None)) == 2  # the actors differ: never merged without a threshold for that
    assert len(merged(0.8)) == 2  # nor when the model is less sure than it
    one = merged(0.7)
    assert len(one) == 1 and [m["text"] for m in one[0].mentions] == ["الهجوم"]
    assert one[0].actor is not None and one[0].actor["text"] == "القوات"  # the first mention's arguments


def test_a_doubtful_argument_keeps_no_re_mention_apart(rules: Pipeline) -> None:
    from marsad.attribution.learned.context import Context
    from marsad.attribution.learned.extract import MERGE_ARGUMENT_FLOOR, merge_mentions
    from marsad.attribution.text import analysed
    from marsad.document import Event

    text = "هاجمت القوات المدينة أمس. وكانت المدينة هادئة منذ شهور. وأسفر الهجوم الذي شنه المسلحون عن قتلى."
    doc = rules(Document(text, published="2019-12-12"))
    ctx = Context(doc, analysed(doc))

    def event(word: str, actor: str, confidence: float) -> tuple[int, Event]:
        start, a = text.index(word), text.index(actor)
        return ctx.token_at(start), Event("ASSAULT", None, {"start": start, "end": start + len(word), "text": word},
                                          {"start": a, "end": a + len(actor), "text": actor, "confidence": confidence},
                                          None, None, None, "asserted", None)

    def merged(first: float, later: float) -> list[Event]:
        kept = [event("هاجمت", "القوات", first), event("الهجوم", "المسلحون", later)]
        return merge_mentions(ctx, kept, BinaryModel({}, 1.0, 0.2), None)  # p = 0.73; differing actors never merge

    sure = MERGE_ARGUMENT_FLOOR + 0.3
    doubtful = MERGE_ARGUMENT_FLOOR - 0.1
    assert len(merged(sure, sure)) == 2  # two actors both believed: two events
    one = merged(sure, doubtful)  # the later actor is a doubtful phrase: a re-mention all the same
    assert len(one) == 1 and [m["text"] for m in one[0].mentions] == ["الهجوم"]
    assert one[0].actor is not None and one[0].actor["text"] == "القوات"
    one = merged(doubtful, sure)  # the merged event takes the actor of its most confident mention
    assert len(one) == 1 and one[0].actor is not None and one[0].actor["text"] == "المسلحون"


def test_mentions_one_sentence_apart_merge_although_their_arguments_differ(rules: Pipeline) -> None:
    from marsad.attribution.learned.context import Context
    from marsad.attribution.learned.extract import NEAR_SENTENCES, merge_mentions
    from marsad.attribution.text import analysed
    from marsad.document import Event

    near = "هاجمت القوات المدينة أمس. وأسفر الهجوم الذي شنه المسلحون عن قتلى."
    far = "هاجمت القوات المدينة أمس. وكانت المدينة هادئة منذ شهور. وأسفر الهجوم الذي شنه المسلحون عن قتلى."
    assert NEAR_SENTENCES == 1

    def merged(text: str, p: float) -> list[Event]:
        doc = rules(Document(text, published="2019-12-12"))
        ctx = Context(doc, analysed(doc))

        def event(word: str, actor: str) -> tuple[int, Event]:
            start, a = text.index(word), text.index(actor)
            return ctx.token_at(start), Event(
                "ASSAULT", None, {"start": start, "end": start + len(word), "text": word},
                {"start": a, "end": a + len(actor), "text": actor, "confidence": 0.9}, None, None, None,
                "asserted", None)

        kept = [event("هاجمت", "القوات"), event("الهجوم", "المسلحون")]
        bias = 1.0 if p > 0.5 else -2.0  # p = 0.73 / 0.12 for every pair
        return merge_mentions(ctx, kept, BinaryModel({}, bias, 0.2), None)

    one = merged(near, 0.73)  # the next sentence, two confident actors: one event all the same
    assert len(one) == 1 and [m["text"] for m in one[0].mentions] == ["الهجوم"]
    assert len(merged(far, 0.73)) == 2  # two sentences apart the differing actors keep them apart
    assert len(merged(near, 0.12)) == 2  # and near, the coreference model must still reach its threshold


def test_a_pronoun_or_a_lone_title_keeps_no_re_mention_apart(rules: Pipeline) -> None:
    from marsad.attribution.learned.context import Context
    from marsad.attribution.learned.extract import merge_mentions
    from marsad.attribution.learned.parties import names_no_party, one_party
    from marsad.attribution.text import analysed
    from marsad.document import Event

    assert names_no_party({"text": "نحن"}) and names_no_party({"text": "الوزير"})
    assert not names_no_party({"text": "الرئيس شافيز"}) and not names_no_party({"text": "باريرا"})
    assert one_party({"text": "نحن"}, {"text": "الرئيس شافيز"})
    assert not one_party({"text": "القوات"}, {"text": "المسلحون"})

    text = ("زار الرئيس شافيز دمشق أمس. وكانت المدينة هادئة منذ شهور. وقال المسؤول: نحن نستقبل قائدا كبيرا. "
            "وزار المسلحون دمشق أيضا.")
    doc = rules(Document(text, published="2019-12-12"))
    ctx = Context(doc, analysed(doc))

    def event(word: str, actor: str, at: int = 0) -> tuple[int, Event]:
        start, a = text.index(word, at), text.index(actor)
        return ctx.token_at(start), Event(
            "CONSULT", None, {"start": start, "end": start + len(word), "text": word},
            {"start": a, "end": a + len(actor), "text": actor, "confidence": 0.9}, None, None, None,
            "asserted", None)

    def merged(actor: str) -> list[Event]:
        kept = [event("زار", "الرئيس شافيز"), event("نستقبل", actor)]
        return merge_mentions(ctx, kept, BinaryModel({}, 1.0, 0.2), None)  # p = 0.73; differing actors never merge

    one = merged("نحن")  # a pronoun names no other party: a re-mention
    assert len(one) == 1 and [m["text"] for m in one[0].mentions] == ["نستقبل"]
    assert one[0].actor is not None and one[0].actor["text"] == "الرئيس شافيز"
    assert len(merged("المسلحون")) == 2  # another named party two sentences on keeps them apart


def test_a_re_mention_whose_target_alone_differs_merges_from_a_lower_probability(rules: Pipeline) -> None:
    from marsad.attribution.learned.context import Context
    from marsad.attribution.learned.extract import TARGET_CONFLICT_THRESHOLD, merge_mentions
    from marsad.attribution.text import analysed
    from marsad.document import Event

    text = ("أطلق المسلح النار على وايد سيمز أمس. وكانت المدينة هادئة منذ شهور. واعترف المسلح بإطلاق النار "
            "على وايد حتى الموت. وأطلق الجنود النار على المتظاهرين.")
    doc = rules(Document(text, published="2019-12-12"))
    ctx = Context(doc, analysed(doc))

    def arg(phrase: str, at: int = 0) -> dict[str, object]:
        a = text.index(phrase, at)
        return {"start": a, "end": a + len(phrase), "text": phrase, "confidence": 0.9}

    def event(word: str, actor: str | None, target: str, at: int = 0) -> tuple[int, Event]:
        start = text.index(word, at)
        return ctx.token_at(start), Event("ASSAULT", None, {"start": start, "end": start + len(word), "text": word},
                                          arg(actor) if actor else None, arg(target), None, None, "asserted", None)

    def merged(later: tuple[int, Event], p: float) -> list[Event]:
        bias = {0.55: 0.2, 0.3: -0.847}[p]  # the model's probability for every pair
        return merge_mentions(ctx, [event("أطلق", "المسلح", "وايد سيمز"), later], BinaryModel({}, bias, 0.2), 0.7)

    assert 0.3 < TARGET_CONFLICT_THRESHOLD <= 0.55
    shooting = event("بإطلاق", "المسلح", "وايد حتى الموت")
    one = merged(shooting, 0.55)  # one actor, another boundary of the victim: a re-mention
    assert len(one) == 1 and [m["text"] for m in one[0].mentions] == ["بإطلاق"]
    assert len(merged(event("بإطلاق", None, "وايد حتى الموت"), 0.55)) == 1  # no actor on one side: the same
    assert len(merged(shooting, 0.3)) == 2  # the model must still reach the lower threshold
    other = event("وأطلق", "الجنود", "المتظاهرين")
    assert len(merged(other, 0.55)) == 2  # other soldiers and other victims: a separate shooting


def test_a_quote_retelling_the_narratives_event_merges_from_a_lower_probability(rules: Pipeline) -> None:
    from marsad.attribution.learned.context import Context
    from marsad.attribution.learned.extract import QUOTE_RETOLD_THRESHOLD, merge_mentions
    from marsad.attribution.text import analysed
    from marsad.document import Event

    text = ("أوقفت الشرطة التركية ثلاثة رجال في إسطنبول أمس. وكانت المدينة هادئة منذ شهور. "
            "وقال المتحدث باسم الشرطة: \"اعتقلنا ثلاثة رجال كانوا يخططون لهجوم\". "
            "واعتقلت الشرطة اليونانية رجلين في أثينا. وأوقف الجيش خمسة مسلحين.")
    doc = rules(Document(text, published="2019-12-12"))
    ctx = Context(doc, analysed(doc))
    assert [text[s:e] for s, e, _ in ctx.quote_contents] == ["اعتقلنا ثلاثة رجال كانوا يخططون لهجوم"]

    def event(word: str, actor: str | None) -> tuple[int, Event]:
        start = text.index(word)
        a = text.index(actor) if actor else 0
        return ctx.token_at(start), Event(
            "COERCE", None, {"start": start, "end": start + len(word), "text": word},
            {"start": a, "end": a + len(actor), "text": actor, "confidence": 0.9} if actor else None,
            None, None, None, "asserted", None)

    def merged(later: tuple[int, Event], p: float) -> list[Event]:
        bias = {0.17: -1.586, 0.12: -1.992}[p]  # the model's probability for every pair, under its threshold 0.2
        return merge_mentions(ctx, [event("أوقفت", "الشرطة التركية"), later], BinaryModel({}, bias, 0.2), 0.7)

    assert 0.12 < QUOTE_RETOLD_THRESHOLD <= 0.17
    retold = event("اعتقلنا", None)  # the police spokesman's own word for the arrest, inside the quote
    one = merged(retold, 0.17)
    assert len(one) == 1 and [m["text"] for m in one[0].mentions] == ["اعتقلنا"]
    assert len(merged(retold, 0.12)) == 2  # the model must still reach the lower threshold
    # outside the quote, another word under the model's threshold is another arrest; so is one inside a quote
    # whose actor names another party (two confident actors)
    assert len(merged(event("واعتقلت", "الشرطة اليونانية"), 0.17)) == 2
    assert len(merged(event("وأوقف", None), 0.17)) == 2
    other = event("اعتقلنا", "المتحدث باسم الشرطة")
    assert len(merged(other, 0.17)) == 2


def test_trigger_features_count_the_stem_in_the_article(rules: Pipeline) -> None:
    from marsad.attribution.learned.context import Context, trigger_words
    from marsad.attribution.learned.extract import event_candidates
    from marsad.attribution.text import analysed

    doc = rules(Document("بدأت العملية العسكرية أمس. وقالت القوات إن العملية مستمرة وإن العملية ستنتهي قريبا.",
                         published="2019-12-12"))
    ctx = Context(doc, analysed(doc))
    firsts = [k for k, tok in enumerate(ctx.tokens) if tok.form == "العمليه"]
    assert len(firsts) == 3 and ctx.stem_counts(firsts[0]) == (0, 3) and ctx.stem_counts(firsts[2]) == (2, 3)
    features = {c.index: c.features for c in event_candidates(ctx, trigger_words({"عملي": ("ASSAULT",)}))}
    assert "freq=3" in features[firsts[1]] and "earlier=1|def=True" in features[firsts[1]]


def test_coreference_examples_follow_the_gold_same_as_links(rules: Pipeline) -> None:
    text = "شنت الطائرات غارة على دوما. وأسفرت الغارة عن قتلى. وفي اليوم التالي قصفت المدفعية حرستا."
    doc = rules(Document(text, published="2019-12-12"))
    first, again, other = text.index("غارة"), text.index("الغارة"), text.index("قصفت")
    gold = {"events": [{"type": "ASSAULT", "trigger": [first, first + 4], "status": "asserted"},
                       {"type": "ASSAULT", "trigger": [again, again + 6], "status": "asserted", "same_as": 0},
                       {"type": "ASSAULT", "trigger": [other, other + 4], "status": "asserted"}],
            "quotes": []}
    examples = Examples()
    examples_from_article(_article(text), gold, doc, examples, vocabulary_of([(_article(text), gold)]))
    assert sorted(label for _, label in examples.coref) == [False, False, True]
    positive = next(features for features, label in examples.coref if label)
    assert "def=True" in positive and ("share=root" in positive or "share=stem" in positive)


def test_speaker_model_can_abstain_and_choose(rules: Pipeline) -> None:
    text = "وقال المتحدث باسم الجيش إن القوات تقدمت."
    doc = rules(Document(text, published="2019-12-12"))
    assert doc.quotes
    rescore_quotes(doc, _models({}, {}, speaker={}, speaker_threshold=0.9))
    assert doc.quotes[0].speaker is None  # no weights: no candidate reaches the threshold
    doc = rules(Document(text, published="2019-12-12"))
    rescore_quotes(doc, _models({}, {}, speaker={"dir=after|dist=0": 4.0, "src=head": 1.0}))
    speaker = doc.quotes[0].speaker
    assert speaker is not None and speaker["text"].startswith("المتحدث")


def _article(text: str) -> Article:
    return Article("t-1", "test", "train", text, "2019-12-12")


def test_scorer_counts_clusters_duplicates_and_abstention(rules: Pipeline) -> None:
    text = "شنت الطائرات الغارات على مدينة دوما. وأسفرت الغارات عن مقتل عشرة مدنيين."
    doc = rules(Document(text, published="2019-12-12"))
    first = text.index("الغارات")
    second = text.index("الغارات", first + 1)
    gold = {"events": [
        {"type": "ASSAULT", "trigger": [first, first + 7], "actor": None, "target": None, "status": "asserted"},
        {"type": "ASSAULT", "trigger": [second, second + 7], "actor": None, "target": None, "status": "asserted",
         "same_as": 0},
    ], "quotes": []}
    doc.events = [ev for ev in doc.events if "الغارات" in ev.trigger["text"]]
    for ev in doc.events:
        ev.actor = ev.target = None
    assert len(doc.events) == 2  # the rules give one per mention
    scores = Scores()
    score_article(_article(text), gold, doc, scores, [])
    assert scores.events_type.gold == 1 and scores.events_type.correct == 1
    assert scores.duplicates.right == 1 and scores.duplicates.total == 2
    assert scores.actor_right.right == 1  # no actor in gold, none given: right
    rescore_events(doc, _models({}, {}, argument_threshold=0.99))
    doc.events = [ev for ev in doc.events if "الغارات" in ev.trigger["text"]]  # other words are not scored here
    merged = Scores()
    score_article(_article(text), gold, doc, merged, [])
    assert merged.duplicates.right == 0 and merged.events_type.precision == 1.0


def test_training_learns_the_gold_of_its_article(rules: Pipeline, tmp_path: Path) -> None:
    text = "قصفت الطائرات الحربية مدينة إدلب فجر اليوم. وقال المتحدث باسم الجيش إن القوات تقدمت."
    doc = rules(Document(text, published="2019-12-12"))
    t = text.index("قصفت")
    actor = text.index("الطائرات")
    target = text.index("مدينة")
    gold = {"events": [{"type": "ASSAULT", "trigger": [t, t + 4], "actor": [actor, actor + 16],
                        "target": [target, target + 10], "status": "asserted"}],
            "quotes": [{"cue": [text.index("وقال"), text.index("وقال") + 4],
                        "speaker": [text.index("المتحدث"), text.index("الجيش") + 5], "direct": False}]}
    examples = Examples()
    vocabulary = vocabulary_of([(_article(text), gold)])
    assert vocabulary["قصف"] == ("ASSAULT",)
    for _ in range(5):
        examples_from_article(_article(text), gold, doc, examples, vocabulary)
    labels = {label for _, label in examples.trigger}
    assert "ASSAULT" in labels and NO_EVENT in labels
    models = train(examples, examples, vocabulary, c=10.0)
    path = tmp_path / "model.json"
    save(models, path, {"trained_on": "test"})
    loaded = load_models(path)
    fresh = rules(Document(text, published="2019-12-12"))
    rescore_events(fresh, loaded)
    assert [ev.trigger["text"] for ev in fresh.events] == ["قصفت"]
    assert fresh.events[0].actor is not None and fresh.events[0].actor["start"] == actor


def test_short_forms_resolve_to_the_actor_named_before(rules: Pipeline) -> None:
    from marsad.attribution.learned.coref import resolve_actor

    text = "قصفت قوات النظام السوري بلدة كفرنبل. وأعلنت جبهة النصرة أن الجبهة سيطرت على التلة."
    doc = rules(Document(text, published="2019-01-01"))
    full = text.index("قوات النظام السوري")
    assert resolve_actor(doc, full, full + len("قوات النظام السوري")) == (
        "Syrian government forces", "actor:syr-forces")
    short = text.index("الجبهة")
    assert resolve_actor(doc, short, short + len("الجبهة")) == ("Nusra Front", "actor:nusra")
    town = text.index("بلدة")
    assert resolve_actor(doc, town, town + len("بلدة")) == (None, None)


def test_the_first_word_of_a_name_is_that_name_not_a_party_named_before(rules: Pipeline) -> None:
    """``وزارة`` opening ``وزارة الخارجية الأمريكية`` is the State Department, not the Russian
    ministry named in the sentence before (the seed's State Department quote once read so)."""
    from marsad.attribution.learned.coref import resolve_actor

    text = ("واعتبرت وزارة الدفاع الروسية أن الهدف واضح. "
            "وقالت وزارة الخارجية الأمريكية إن النظام السوري يستخدم الأسلحة الكيميائية.")
    doc = rules(Document(text, published="2019-12-12"))
    head = text.index("وزارة الخارجية")
    assert any(e.start == head and e.canonical == "US State Department" for e in doc.entities)
    assert resolve_actor(doc, head, head + len("وزارة")) == ("US State Department", "actor:usa-state")
    earlier = text.index("وزارة الدفاع")
    assert resolve_actor(doc, earlier, earlier + len("وزارة")) == (
        "Russian Ministry of Defence", "actor:rus-mod")


def test_trigger_features_count_the_parties_the_article_names(rules: Pipeline) -> None:
    """An article naming known actors and persons differs, for the trigger model, from one naming none."""
    from marsad.attribution.learned.context import Context, trigger_words
    from marsad.attribution.learned.extract import event_candidates
    from marsad.attribution.text import analysed

    def article_features(text: str) -> set[str]:
        doc = rules(Document(text, published="2019-12-12"))
        ctx = Context(doc, analysed(doc))
        found = {f for c in event_candidates(ctx, trigger_words({})) for f in c.features if f.startswith(("art-ids=", "art-parties="))}
        known = len({ent.id for ent in doc.entities if ent.id})
        assert f"art-ids={known}" in found
        return found

    political = article_features("قصفت قوات النظام السوري مواقع هيئة تحرير الشام في إدلب، "
                                 "واتهم الجيش السوري الفصائل بالهجوم.")
    health = article_features("أكدت دراسة حديثة أن الهجوم على الدهون يبدأ بالرياضة.")
    assert "art-ids=0" in health and "art-ids=0" not in political


def _weight_tables(model: dict[str, Any]) -> dict[str, dict[str, float]]:
    """Label → weights of a model as the file holds it (a nested model's parts prefixed by their name)."""
    if model["kind"] == "nested":
        return {f"{part}:{label}": weights for part in ("outer", "inner")
                for label, weights in _weight_tables(model[part]).items()}
    return dict(model["weights"]) if model["kind"] == "multiclass" else {"": model["weights"]}


def test_the_shipped_model_is_reproduced_from_the_open_gold(tmp_path: Path) -> None:
    """Retraining on the redistributable train split (no shared data) gives the shipped model."""
    import subprocess
    import sys

    shipped = json.loads((ROOT / "src" / "marsad" / "data" / "attribution-model.json").read_text("utf-8"))
    out = tmp_path / "model.json"
    run = subprocess.run([sys.executable, "-c", "from marsad.cli import main; main()", "train", "attribution",
                          "--gold", str(ROOT / "gold"), "--shared", str(tmp_path / "no-shared"), "--out", str(out)],
                         capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    again = json.loads(out.read_text("utf-8"))
    assert again["trained_on"] == shipped["trained_on"] and shipped["trained_on"]["corpora"] == ["anercorp", "ntrex128"]
    assert again["vocabulary"] == shipped["vocabulary"]
    for name, model in shipped["models"].items():
        for key in ("threshold", "threshold_rules"):
            assert again["models"][name].get(key) == model.get(key), (name, key)
        tables, tables_again = _weight_tables(model), _weight_tables(again["models"][name])
        assert tables.keys() == tables_again.keys(), name
        for label, weights in tables.items():
            for feature, weight in weights.items():
                assert abs(tables_again[label].get(feature, 0.0) - weight) < 0.02, (name, label, feature)


def test_learned_extraction_on_the_seed(seed_text: str) -> None:
    """What the learned layer keeps of the seed: the commission's report, the UN vote, scored events."""
    from marsad.readers import read_inputs

    doc = next(iter(read_inputs([str(ROOT / "src" / "marsad" / "samples" / "seed-aleppo-2019-12-12.txt")])))
    assert isinstance(doc, Document)
    doc = Pipeline.from_config(PipelineConfig(extraction="learned"))(doc)
    assert not doc.errors and not doc.span_problems()
    assert [ev.id for ev in doc.events] == [f"e{k}" for k in range(1, len(doc.events) + 1)]
    assert all(ev.confidence is not None and 0 < ev.confidence <= 1 for ev in doc.events)
    report = [ev for ev in doc.events if ev.type == "ASSAULT" and ev.status == "claimed"
              and ev.chain and "لجنة التحقيق" in ev.chain[0]]
    assert report, "the chemical attacks are attributed to the commission's report"
    # the report that accuses speaks for the commission that issued it (وأصدرت لجنة التحقيق … تقريرا)
    assert any(ev.source and ev.source["text"] == "تقريرا" for ev in report)
    # The HTS massing claimed by Russia via RT: a known gap of the learned layer since round 10's model
    # (tests/test_learned_seed.py holds it as a strict expected failure; the rules keep it).
    veto = [ev for ev in doc.events if ev.type == "REJECT" and ev.actor and ev.actor.get("id") == "RU"]
    assert veto and veto[0].status == "asserted"
    for quote in doc.quotes:
        if quote.speaker is not None:
            assert 0 < quote.speaker["confidence"] <= 1
            assert doc.text[quote.speaker["start"]:quote.speaker["end"]] == quote.speaker["text"]
    # a claim inside a quote is never left without the quote's chain, even where the model held the
    # quote's speaker back (``وأضاف البيان: … بالتعاون مع`` still comes via RT)
    claimed_in_quotes = [(ev, quote) for ev in doc.events for quote in doc.quotes
                         if ev.status != "asserted" and quote.content and quote.chain
                         and quote.content["start"] <= ev.trigger["start"] < quote.content["end"]]
    assert claimed_in_quotes
    assert all(ev.chain and ev.chain[-1] == quote.chain[-1] for ev, quote in claimed_in_quotes)


def test_cue_model_adds_a_quote_the_rules_miss(rules: Pipeline) -> None:
    from marsad.attribution.learned.extract import CUE_MODEL

    text = "وتكهن الخبير الاقتصادي أن الأضرار ستزيد كلما طالت الحرب."
    doc = rules(Document(text, published="2019-12-12"))
    assert not any(q.cue["text"] == "وتكهن" for q in doc.quotes)
    models = _models({}, {}, speaker={"dir=after|dist=0": 4.0, "src=np": 1.0})
    models.cue = BinaryModel({"w=وتكهن": 6.0}, -3.0, threshold=0.5)
    models.cue_vocabulary = frozenset({"تكهن"})  # a cue seen in training, unknown to the rules' lexicon
    rescore_quotes(doc, models)
    added = [q for q in doc.quotes if q.cue["text"] == "وتكهن"]
    assert len(added) == 1 and (added[0].speaker_reason or "").startswith(CUE_MODEL)
    assert added[0].content["text"] == "الأضرار ستزيد كلما طالت الحرب"  # after أن, the subject left out
    assert added[0].speaker is not None and added[0].speaker["text"].startswith("الخبير")
    models.cue = BinaryModel({}, -3.0, threshold=0.5)  # a cue model that believes nothing adds nothing
    fresh = rules(Document(text, published="2019-12-12"))
    before = len(fresh.quotes)
    rescore_quotes(fresh, models)
    assert len(fresh.quotes) == before


def test_cue_model_drops_a_rule_quote_it_does_not_believe(rules: Pipeline) -> None:
    text = "أعلنت روسيا الحرب على الإرهاب. وقال الوزير إن القوات تقدمت."
    doc = rules(Document(text, published="2019-12-12"))
    cues = [q.cue["text"] for q in doc.quotes]
    assert "وقال" in cues
    models = _models({}, {})
    # believes قال; doubts the other cues the rules found
    models.cue = BinaryModel({"s=قال": 6.0}, -3.0, threshold=0.5)
    models.cue_threshold_rules = 0.5
    rescore_quotes(doc, models)
    kept = [q.cue["text"] for q in doc.quotes]
    assert "وقال" in kept and "أعلنت" not in kept, (cues, kept)
    models.cue_threshold_rules = 0.0  # older model files: every rule quote is kept
    fresh = rules(Document(text, published="2019-12-12"))
    rescore_quotes(fresh, models)
    assert [q.cue["text"] for q in fresh.quotes] == cues


def test_the_subject_after_a_bare_cue_is_a_speaker_candidate(rules: Pipeline) -> None:
    """``واعترف ناطق عسكري بمقتل ضابط``: the statement follows the verb and its indefinite subject
    directly; the subject is offered (and not dropped as part of what is said), ``بمقتل`` ends it."""
    from marsad.attribution.learned.context import Context
    from marsad.attribution.learned.extract import quote_for_cue, speaker_candidates
    from marsad.attribution.text import analysed

    text = "واعترف ناطق عسكري بمقتل ضابط في الهجوم."
    doc = rules(Document(text, published="2019-12-12"))
    ctx = Context(doc, analysed(doc))
    quote = quote_for_cue(ctx, 0)
    assert quote is not None and quote.content["text"].startswith("ناطق")  # no أن: the rest of the sentence
    _, phrases = speaker_candidates(ctx, quote, None)
    offered = {ctx.surface((ph.first, ph.last)): ph.origins for ph in phrases}
    assert "after-cue" in offered.get("ناطق عسكري", set()), offered
    assert not any(surface.startswith("بمقتل") for surface in offered)


def test_a_speaker_needs_the_cue_models_belief_in_the_quote(rules: Pipeline) -> None:
    """The speaker's confidence is the speaker model's probability times the cue model's belief that
    the quote is a statement: the same speaker is given for a believed cue, withheld for a doubted one."""
    text = "وقال المتحدث باسم الجيش إن القوات تقدمت."
    speaker = {"dir=after|dist=0": 6.0, "src=head": 2.0}
    believed = _models({}, {}, speaker=speaker, speaker_threshold=0.5)
    believed.cue = BinaryModel({"s=قال": 8.0}, -2.0, threshold=0.5)
    doc = rules(Document(text, published="2019-12-12"))
    rescore_quotes(doc, believed)
    given = doc.quotes[0].speaker
    assert given is not None and given["text"].startswith("المتحدث") and given["confidence"] > 0.9
    doubted = _models({}, {}, speaker=speaker, speaker_threshold=0.5)
    doubted.cue = BinaryModel({"s=قال": 2.5}, -2.0, threshold=0.5)  # belief 0.62, kept as a quote
    doc = rules(Document(text, published="2019-12-12"))
    rescore_quotes(doc, doubted)
    assert doc.quotes and doc.quotes[0].speaker is not None  # 0.62 × ~1 still reaches 0.5
    doubted.cue = BinaryModel({"s=قال": 1.0}, -2.0, threshold=0.5)  # belief 0.27: no speaker, quote kept
    doc = rules(Document(text, published="2019-12-12"))
    rescore_quotes(doc, doubted)
    assert doc.quotes and doc.quotes[0].speaker is None
    assert "abstained" in (doc.quotes[0].speaker_reason or "")


def test_a_participle_after_the_verb_joins_its_cue(rules: Pipeline) -> None:
    """``وأضاف قائلا: «…»`` is one statement: the rules' quote takes قائلا into its cue, and the cue
    model does not add a second quote for it."""
    text = "وأضاف قائلا: «لن نتراجع عن مواقفنا»."
    doc = rules(Document(text, published="2019-12-12"))
    assert [q.cue["text"] for q in doc.quotes] == ["وأضاف"]
    models = _models({}, {})
    models.cue = BinaryModel({"w=قائلا": 6.0}, -3.0, threshold=0.5)
    models.cue_vocabulary = frozenset({"قائلا"})  # a cue seen in training (the rules' lexicon lacks it)
    rescore_quotes(doc, models)
    assert [q.cue["text"] for q in doc.quotes] == ["وأضاف قائلا"]
    assert doc.quotes[0].speaker is None or doc.quotes[0].speaker["text"] != "قائلا"


def test_the_speaker_threshold_weighs_speakers_given_to_non_quotes(rules: Pipeline) -> None:
    """Run-time dev groups (``models`` given) include the quotes gold does not have, with no right
    candidate: a chooser that names a speaker for them is charged for it."""
    from marsad.attribution.learned.context import Context
    from marsad.attribution.text import analyse
    from marsad.train.attribution import _speaker_examples

    text = "أعلنت روسيا الحرب على الإرهاب. وقال الوزير إن القوات تقدمت."
    doc = rules(Document(text, published="2019-12-12"))
    cue = text.index("وقال")
    speaker = text.index("الوزير")
    gold = [{"cue": [cue, cue + 4], "speaker": [speaker, speaker + 6], "content": [speaker + 10, len(text) - 1]}]
    models = _models({}, {}, speaker={"dir=after|dist=0": 4.0})
    models.cue = BinaryModel({}, 3.0, threshold=0.5)  # believes every cue
    out = Examples()
    _speaker_examples(Context(doc, analyse(doc)), gold, out, models)
    assert len(out.speaker) == len(doc.quotes) >= 2
    non_quote = [g for g in out.speaker if not g.has_gold]
    assert non_quote and all(g.missed for g in out.speaker)  # abstaining scores nothing, as the scorer counts
    assert all(0 < g.belief <= 1 for g in out.speaker)


def test_a_speaker_named_twice_pools_its_mentions() -> None:
    """The scorer accepts any mention of the right party, and training maximises their summed
    probability: two mentions of one name together outweigh "nobody", though neither alone does."""
    from marsad.attribution.learned.extract import pooled_choice

    model = ChoiceModel({"NONE": 0.2})
    features = [["a"], ["b"], ["c"]]
    spans = [(0, 1), (5, 6), (9, 11)]
    index, p = pooled_choice(model, features, ["NONE"], spans, ["نجاد", "نجاد", "مجلس الامن"])
    assert index in (0, 1) and p == pytest.approx(2 / (3 + 1.2214), rel=1e-3)
    # three different names, each under "nobody": abstain
    assert pooled_choice(model, features, ["NONE"], spans, ["نجاد", "فرنسا", "مجلس الامن"])[0] is None
    # a name inside a longer mention of it (كوفي أنان … أنان) and overlapping spans pool too
    index, _ = pooled_choice(ChoiceModel({"a": 0.1, "NONE": 0.5}), features, ["NONE"], [(0, 2), (5, 6), (1, 3)],
                             ["كوفي انان", "انان", "فرنسا"])
    assert index == 0


def test_a_statement_names_its_author_as_the_speaker(rules: Pipeline) -> None:
    """``وأفاد بيان صادر عن يونيفيل بأن…``: the author of the statement is offered as the speaker and
    marked as such; the statement noun is marked as one whose author is named."""
    from marsad.attribution.learned.context import Context, speaker_features
    from marsad.attribution.learned.extract import speaker_candidates
    from marsad.attribution.text import analysed

    text = "وأفاد بيان صادر عن يونيفيل بأن وحدات إسرائيلية انسحبت من البلدة."
    doc = rules(Document(text, published="2019-12-12"))
    ctx = Context(doc, analysed(doc))
    assert doc.quotes
    cue_index, phrases = speaker_candidates(ctx, doc.quotes[0], None)
    offered = {ctx.surface((ph.first, ph.last)): ph for ph in phrases}
    assert "statement-author" in offered["يونيفيل"].origins, offered.keys()
    assert "statement-author" in speaker_features(ctx, cue_index, offered["يونيفيل"], "وافاد")
    statement = next(ph for surface, ph in offered.items() if surface.startswith("بيان"))
    assert "statement-noun|authored=True" in speaker_features(ctx, cue_index, statement, "وافاد")


def test_a_participle_after_the_subject_joins_the_verbs_cue(rules: Pipeline) -> None:
    """``وصرحت السيدة موريس لصحيفة واشنطن بوست قائلة: «…»``: one statement; the cue spans the verb and
    the participle (annotators mark either), and no second quote is made of the participle."""
    text = "وصرحت السيدة موريس لصحيفة واشنطن بوست قائلة: «أريد أن أريهم أنه لا يسعك ذلك»."
    doc = rules(Document(text, published="2019-12-12"))
    assert [q.cue["text"] for q in doc.quotes] == ["وصرحت"]
    models = _models({}, {})
    models.cue = BinaryModel({"w=قائلة": 6.0}, -3.0, threshold=0.5)
    models.cue_vocabulary = frozenset({"قائله"})
    rescore_quotes(doc, models)
    assert [q.cue["text"] for q in doc.quotes] == ["وصرحت السيدة موريس لصحيفة واشنطن بوست قائلة"]
    assert doc.quotes[0].content["text"].startswith("أريد")
    # a participle whose sentence has said its statement already (before it) starts a quote of its own
    text = "وصرح الوزير بأن القوات تقدمت، مضيفا أن المعارك مستمرة."
    doc = rules(Document(text, published="2019-12-12"))
    assert len(doc.quotes) == 2


def test_new_reporting_verbs_and_participles_make_rule_quotes(rules: Pipeline) -> None:
    """Reporting verbs and participles of ``data/quote_verbs.tsv`` beyond قال/أكد: رجح، أنكر، منوها، مبينا."""
    text = ("ورجح الخبير الاقتصادي أمين فارس أن تزيد الخسائر، منوها إلى أن الحرب ستؤثر على الخزينة. "
            "وأنكر الزوجان أن الرسالة عنصرية، مبينين أنها أرسلت خطأ.")
    doc = rules(Document(text, published="2019-12-12"))
    cues = [q.cue["text"] for q in doc.quotes]
    assert cues == ["ورجح", "منوها", "وأنكر", "مبينين"], cues
    assert doc.quotes[1].speaker is not None and "فارس" in doc.quotes[1].speaker["text"]


def test_a_continuation_follows_only_a_believed_guess(rules: Pipeline) -> None:
    """Under the threshold the best guess still names the next quote's previous speaker, but not a
    guess under the floor (the phrase of a non-quote)."""
    from marsad.attribution.learned.context import Context, Phrase
    from marsad.attribution.learned.extract import GUESS_FLOOR, continued
    from marsad.attribution.text import analysed

    text = "وقال الوزير إن القوات تقدمت."
    doc = rules(Document(text, published="2019-12-12"))
    ctx = Context(doc, analysed(doc))
    quote, phrase = doc.quotes[0], Phrase(1, 2)
    kept = continued(ctx, quote, phrase, GUESS_FLOOR + 0.01)
    assert kept is not None and kept.speaker == {"start": text.index("الوزير"), "end": text.index("الوزير") + 6}
    assert continued(ctx, quote, phrase, GUESS_FLOOR - 0.01) is None
    assert continued(ctx, quote, None, 0.9) is None


def test_training_continuations_follow_the_guessed_previous_speaker(rules: Pipeline) -> None:
    """Trained with a model's guesses (``guess``), a continuation (``وأضاف``) is offered the party the
    guessing model chose for the quote before, as at run time, not the rules' speaker of that quote:
    none where the model abstains, the minister where it names him."""
    from marsad.attribution.learned.context import Context
    from marsad.attribution.text import analyse
    from marsad.train.attribution import _speaker_examples

    text = "وقال الوزير إن القوات تقدمت. وأضاف أن الهجوم فشل."
    gold = [{"cue": [text.index("وقال"), text.index("وقال") + 4],
             "speaker": [text.index("الوزير"), text.index("الوزير") + 6]},
            {"cue": [text.index("وأضاف"), text.index("وأضاف") + 5],
             "speaker": [text.index("الوزير"), text.index("الوزير") + 6]}]

    def continuation(guess: ChoiceModel | None) -> list[list[str]]:
        doc = rules(Document(text, published="2019-12-12"))
        assert [q.cue["text"] for q in doc.quotes] == ["وقال", "وأضاف"]
        assert doc.quotes[0].speaker is not None  # the rules name the minister
        out = Examples()
        _speaker_examples(Context(doc, analyse(doc)), gold, out, guess=guess)
        return [feats for feats, _ in out.speaker[1].candidates if "src=previous-speaker" in feats]

    assert continuation(None)  # the rules' speaker of the quote before
    assert not continuation(ChoiceModel({"NONE": 10.0}))  # the guessing model abstains: nobody to follow
    assert continuation(ChoiceModel({"right-after-cue": 10.0}))  # it names the minister right after وقال


def test_speaker_groups_rebuilt_by_folds_keep_their_quotes_and_gold(rules: Pipeline) -> None:
    """The groups rebuilt with guessed previous speakers are the same quotes with the same gold
    (one group per quote, the right party still right), in the articles' order."""
    from marsad.train.attribution import speaker_groups_by_guess

    texts = ["وقال الوزير إن القوات تقدمت. وأضاف أن الهجوم فشل.",
             "وقال السفير إن المحادثات انتهت. وأضاف أن الوفد غادر."]
    documents = []
    for text in texts:
        speaker = text.split()[1]
        gold = {"quotes": [{"cue": [text.index(cue), text.index(cue) + len(cue)],
                            "speaker": [text.index(speaker), text.index(speaker) + len(speaker)]}
                           for cue in ("وقال", "وأضاف")]}
        documents.append((_article(text), gold, rules(Document(text, published="2019-12-12"))))
    plain = Examples()
    for article, gold, doc in documents:
        examples_from_article(article, gold, deepcopy(doc), plain)
    rebuilt = speaker_groups_by_guess(documents, c=1.0, folds=2)
    assert len(rebuilt) == len(plain.speaker) == 4
    assert [g.has_gold for g in rebuilt] == [g.has_gold for g in plain.speaker] == [True] * 4
    # the first quote of each article has no previous speaker: nothing to guess, the same group
    assert rebuilt[0].candidates == plain.speaker[0].candidates


def test_cue_features_read_the_verb_and_the_rules_frame(rules: Pipeline) -> None:
    """An inflected reporting verb shares the weights of its stem (``يذكرون`` → ``vs=ذكر``); a rules'
    quote is described by what the rules made of it (a speaker, quotation marks, its length)."""
    from marsad.attribution.learned.context import Context, cue_features
    from marsad.attribution.learned.extract import rule_cue_rows
    from marsad.attribution.text import analysed

    text = "وقال الوزير: «القوات تقدمت». ويذكرون أن الحياة صعبة."
    doc = rules(Document(text, published="2019-12-12"))
    ctx = Context(doc, analysed(doc))
    index = _token_at(ctx, "ويذكرون")
    assert "vs=ذكر" in cue_features(ctx, index, "verb", False)
    rows = rule_cue_rows(ctx, frozenset())
    said = next(feats for quote, feats in rows if quote.cue["text"] == "وقال")
    assert {"by-rules", "rule-speaker=True", "rule-direct=True", "rule-words=2"} <= set(said)


def test_cue_features_see_the_introducer_after_the_subject(rules: Pipeline) -> None:
    """``وبين رئيس الهيئة أن…`` (explained) has its complementiser after the subject; ``بين الطرفين``
    (between) has none in its sentence: the cue model can tell the verb from the preposition."""
    from marsad.attribution.learned.context import cue_features, introducer_after

    text = "وبين رئيس الهيئة أن الأسعار ارتفعت. وجرى اتفاق بين الطرفين. وعبر المدير: «نحن مستعدون»."
    ctx = _context_of(rules, text)
    explained = _token_at(ctx, "وبين")
    between = _token_at(ctx, "بين")
    expressed = _token_at(ctx, "وعبر")
    assert introducer_after(ctx, explained) == "comp@3"
    assert introducer_after(ctx, between) == "none"
    assert introducer_after(ctx, expressed) == "colon@2"
    feats = cue_features(ctx, explained, None, True)
    assert "intro=comp@3" in feats and "intro=comp@3|s=بين" in feats


def test_subject_and_object_after_a_verb_are_two_candidates(rules: Pipeline) -> None:
    """``ودعا المفتش الأميركي الحكومة العراقية إلى …``: one noun run would offer the caller and the
    called as one phrase (and, once it is the actor, leave no target); the run ends where a party head
    follows a complete noun phrase, the rules' long argument is cut there, and ``إلى`` is no phrase.
    A head that qualifies the head before it (``الفصائل المعارضة``) stays in its phrase."""
    from marsad.attribution.learned.context import Context, trigger_words
    from marsad.attribution.learned.extract import argument_candidates, event_candidates
    from marsad.attribution.text import analysed

    doc = rules(Document("ودعا المفتش الأميركي الحكومة العراقية إلى اتخاذ خطوات جريئة لحماية المواقع.",
                         published="2019-12-12"))
    ctx = Context(doc, analysed(doc))
    call = next(c for c in event_candidates(ctx, trigger_words({})) if ctx.tokens[c.index].form == "ودعا")
    offered = {ctx.surface((p.first, p.last)) for p in argument_candidates(ctx, call)}
    assert {"المفتش الأميركي", "الحكومة العراقية"} <= offered
    assert not any("الأميركي الحكومة" in surface for surface in offered), offered
    assert "إلى" not in offered
    doc = rules(Document("ويتهم النظام السوري الخوذ البيضاء بدعم الفصائل المعارضة في المناطق.", published="2019-12-12"))
    ctx = Context(doc, analysed(doc))
    support = next(c for c in event_candidates(ctx, trigger_words({})) if ctx.tokens[c.index].form == "بدعم")
    assert "الفصائل المعارضة" in {ctx.surface((p.first, p.last)) for p in argument_candidates(ctx, support)}
    # after a head too: the protesters demand, the government is asked
    doc = rules(Document("وطالب المتظاهرون الحكومة التركية بعدم إرسال قوات.", published="2019-12-12"))
    ctx = Context(doc, analysed(doc))
    demand = next(c for c in event_candidates(ctx, trigger_words({})) if ctx.tokens[c.index].form == "وطالب")
    offered = {ctx.surface((p.first, p.last)) for p in argument_candidates(ctx, demand)}
    assert "المتظاهرون" in offered and not any("المتظاهرون الحكومة" in surface for surface in offered), offered


def test_a_decision_noun_after_a_definite_word_opens_the_object(rules: Pipeline) -> None:
    """``وقدمت الدول الأعضاء الاتفاق للمجلس``: subject and object stand side by side after the verb; a noun
    of a decision or document with the article (the rules' referents: قرار, اتفاق, بيان) starts the
    object, so ``الأعضاء الاتفاق`` is no candidate party, while ``الدول الأعضاء`` stays one phrase."""
    from marsad.attribution.learned.context import Context, trigger_words
    from marsad.attribution.learned.extract import argument_candidates, event_candidates
    from marsad.attribution.text import analysed

    doc = rules(Document("وقدمت الدول الأعضاء الاتفاق للمجلس ثم وافقت عليه اللجنة بالإجماع.",
                         published="2019-12-12"))
    ctx = Context(doc, analysed(doc))
    agree = next(c for c in event_candidates(ctx, trigger_words({})) if ctx.tokens[c.index].form == "وافقت")
    offered = {ctx.surface((p.first, p.last)) for p in argument_candidates(ctx, agree)}
    assert "الدول الأعضاء" in offered, offered
    assert not any("الأعضاء الاتفاق" in surface for surface in offered), offered


def test_cue_features_see_the_introducer_after_a_named_subject(rules: Pipeline) -> None:
    """``وأوضح الأمين العام للأمم المتحدة أنطونيو غوتيريش أن…``: the names right after the verb (a title
    and a name, one entity after the other) end where the statement's أن stands; a verb whose named
    object is followed by more of the clause (``والتقى أنطونيو غوتيريش الرئيس…``) has no introducer
    there, and a word followed by no name gets no such feature."""
    from marsad.attribution.learned.context import cue_features, introducer_after_names

    text = ("وأوضح الأمين العام للأمم المتحدة أنطونيو غوتيريش أن الوضع خطير. "
            "والتقى أنطونيو غوتيريش الرئيس الفرنسي في باريس. وجرى اتفاق بين الطرفين.")
    ctx = _context_of(rules, text)
    # the cue verb with a named subject, the verb with a named object, the preposition
    for form, introducer in {"واوضح": "comp", "والتقي": "other", "بين": None}.items():
        assert introducer_after_names(ctx, _token_at(ctx, form)) == introducer, form
    assert "named-intro=comp|cl=و" in cue_features(ctx, _token_at(ctx, "واوضح"), "verb", True)
    assert not any(f.startswith("named-intro=") for f in cue_features(ctx, _token_at(ctx, "بين"), None, True))


def test_train_cue_words_are_read_with_the_other_folds_vocabulary(rules: Pipeline) -> None:
    """A reporting verb that only one train article uses is no cue candidate in that article when the
    vocabulary comes from the other folds (as a verb the train split never used is none at run time);
    read with the whole split's vocabulary, it is a candidate and a positive example."""
    from marsad.train.attribution import collect, cue_vocabulary_of

    texts = ["وامتدح الوزير أن القوات تقدمت في الشمال.", "ونبهت السفيرة أن المحادثات انتهت أمس."]
    articles = []
    for k, text in enumerate(texts):
        cue = text.split()[0]
        gold = {"events": [], "quotes": [{"cue": [0, len(cue)], "speaker": [len(cue) + 1, text.index(" أن")]}]}
        articles.append((Article(f"t-{k}", "test", "train", text, "2019-12-12"), gold))
    vocabulary = cue_vocabulary_of(articles)
    whole = collect(articles, rules, {}, vocabulary)
    folded = collect(articles, rules, {}, vocabulary, cue_folds=2)
    assert sum(1 for _, label in whole.cue if label) == 2
    assert sum(1 for _, label in folded.cue if label) == 0


def test_pooled_corpora_feed_only_the_pooled_parts(rules: Pipeline) -> None:
    """``--pool-corpora``: a pooled corpus's article adds trigger examples (and its trigger word to the
    vocabulary the caller reads from the whole list) but no argument, status or speaker example and no
    kept document; without pooling its examples are everyone's."""
    from marsad.train.attribution import collect, pool_parts

    texts = {"news": "قصفت الطائرات الحربية مدينة إدلب. وقال المتحدث إن القوات تقدمت.",
             "wiki": "هاجم الجيش المدينة عام 1940. وذكر المؤرخ أن الحصار طال."}
    articles = []
    for corpus, text in texts.items():
        trigger = text.split()[0]
        gold = {"events": [{"type": "ASSAULT", "trigger": [0, len(trigger)], "status": "asserted"}],
                "quotes": []}
        articles.append((Article(f"t-{corpus}", corpus, "train", text, "2019-12-12"), gold))
    vocabulary = vocabulary_of(articles)
    kept: list[Any] = []
    pooled = Examples()
    news = collect(articles, rules, vocabulary, keep=kept, pooled=frozenset({"wiki"}), pooled_out=pooled)
    assert [article.corpus for article, _, _ in kept] == ["news"]
    assert news.articles == 1 and pooled.articles == 1
    alone = len(news.trigger), len(news.argument), len(news.status)
    assert pooled.trigger and pooled.argument and pooled.status
    pool_parts(news, pooled, ["trigger"])
    assert len(news.trigger) == alone[0] + len(pooled.trigger)
    # the bagged trigger choice resamples by article: the news article's rows are its own, the pooled ones after
    assert news.trigger_articles == [alone[0]] and pooled.trigger_articles == [len(pooled.trigger)]
    assert (len(news.argument), len(news.status)) == alone[1:]
    assert sum(1 for _, label in news.trigger if label == "ASSAULT") == 2
    together = collect(articles, rules, vocabulary)
    assert len(together.argument) == alone[1] + len(pooled.argument)
    assert together.trigger_articles == [alone[0], len(pooled.trigger)]


def test_train_attribution_rejects_an_unknown_pooled_part() -> None:
    from typer.testing import CliRunner

    from marsad.cli import app

    result = CliRunner().invoke(app, ["train", "attribution", "--pool-corpora", "xquad", "--pool-parts", "speaker",
                                      "--out", "/nonexistent/model.json"])
    assert result.exit_code != 0
    assert "unknown --pool-parts speaker" in result.output and "Traceback" not in result.output


def test_a_title_speaker_runs_through_the_name_it_introduces(rules: Pipeline) -> None:
    """``المشرف العام على المهرجان عادل العثمان``: a title followed in the same noun phrase by a person's
    name is one mention, given through the name; a comma between them (``المشرف العام، عادل العثمان``)
    or a phrase that is the name itself stays as it was; so does a phrase whose next words are no title
    (``رئيس الوزراء عن تعيين عادل العثمان``: the name is the object), while a noun after a title's
    preposition may lack the article (``في كرة القدم``); a function word (``إلى``) ends the title."""
    from marsad.attribution.learned.context import Context, Phrase
    from marsad.attribution.learned.extract import with_name
    from marsad.attribution.text import analysed

    text = "وأكد المشرف العام على المهرجان عادل العثمان أن الحفل ناجح. وزار المشرف العام، عادل العثمان، المدينة."
    doc = rules(Document(text, published="2019-12-12"))
    ctx = Context(doc, analysed(doc))
    titles = [i for i, t in enumerate(ctx.tokens) if t.form == "المشرف"]
    name = _token_at(ctx, "عادل")
    assert ctx.surface(with_name(ctx, Phrase(titles[0], titles[0] + 2))) == "المشرف العام على المهرجان عادل العثمان"
    assert with_name(ctx, Phrase(titles[1], titles[1] + 2)) == (titles[1], titles[1] + 2)
    assert with_name(ctx, Phrase(name, name + 2)) == (name, name + 2)
    text = "وأعلن رئيس الوزراء عن تعيين عادل العثمان مديرا. وقال رئيس اللجنة المنظمة في كرة القدم عادل العثمان إن الفريق جاهز."
    doc = rules(Document(text, published="2019-12-12"))
    ctx = Context(doc, analysed(doc))
    heads = [i for i, t in enumerate(ctx.tokens) if t.form == "رئيس"]
    assert with_name(ctx, Phrase(heads[0], heads[0] + 2)) == (heads[0], heads[0] + 2)
    assert ctx.surface(with_name(ctx, Phrase(heads[1], heads[1] + 2))).endswith("في كرة القدم عادل العثمان")
    text = "وتحدث الوزير إلى عادل العثمان عن الحفل."  # the addressee after إلى is no part of the title
    doc = rules(Document(text, published="2019-12-12"))
    ctx = Context(doc, analysed(doc))
    minister = _token_at(ctx, "الوزير")
    assert with_name(ctx, Phrase(minister, minister + 1)) == (minister, minister + 1)

def test_a_title_and_the_name_it_runs_into_are_one_candidate(rules: Pipeline) -> None:
    """``دعوة الرئيس الفرنسي جاك شيراك``: the run of words with the article reaches the name's first
    word; it goes on to the name's end, so the title and the name are one mention (the name alone
    stays a candidate too), not ``الرئيس الفرنسي جاك`` and a name cut off from its title."""
    from marsad.attribution.learned.context import Context, trigger_words
    from marsad.attribution.learned.extract import argument_candidates, event_candidates
    from marsad.attribution.text import analysed

    doc = rules(Document("وقالت ان اردوغان رد على دعوة الرئيس الفرنسي جاك شيراك الذي تباحث معه السبت.",
                         published="2019-12-12"))
    assert any(doc.text[e.start:e.end] == "جاك شيراك" for e in doc.entities)
    ctx = Context(doc, analysed(doc))
    call = next(c for c in event_candidates(ctx, trigger_words({})) if doc.text[ctx.tokens[c.index].start:ctx.tokens[c.index].end] == "دعوة")
    offered = {ctx.surface((p.first, p.last)) for p in argument_candidates(ctx, call)}
    assert {"الرئيس الفرنسي جاك شيراك", "جاك شيراك", "اردوغان"} <= offered, offered
    assert "الرئيس الفرنسي جاك" not in offered


def test_a_preposition_after_the_cue_names_no_subject(rules: Pipeline) -> None:
    """``وقالت أمام الحشد إن…``, ``صرح به الزوج``: a preposition (with its pronoun) after the verb shows the
    speaker was named before (the cue's frame is ``none``) and is no speaker offered after the verb."""
    from marsad.attribution.learned.context import cue_frame
    from marsad.attribution.learned.extract import subject_after_cue

    ctx = _context_of(rules, "وقالت أمام الحشد إن الحملة مستمرة.")
    assert cue_frame(ctx, 0) == "none"
    assert subject_after_cue(ctx, 0) is None
    ctx = _context_of(rules, "وقالت الوزيرة أمام الحشد إن الحملة مستمرة.")
    assert cue_frame(ctx, 0) == "subj"
    span = subject_after_cue(ctx, 0)
    assert span is not None and ctx.surface(span) == "الوزيرة"  # the subject stops at the preposition


def test_nested_status_model_shares_out_the_plain_probability_and_round_trips() -> None:
    from marsad.attribution.learned.linear import NestedModel, status_model_from_dict

    outer = MulticlassModel(["plain", "denied", "planned", "hypothetical"],
                            {"plain": {}, "denied": {}, "planned": {}, "hypothetical": {"cond": 3.0}},
                            {"plain": 1.0, "denied": 0.0, "planned": 0.0, "hypothetical": 0.0})
    inner = MulticlassModel(["asserted", "claimed"], {"asserted": {}, "claimed": {"inquote": 2.0}},
                            {"asserted": 0.0, "claimed": 0.0})
    model = NestedModel(outer, inner, "plain")
    probs = model.probabilities(["inquote"])
    assert set(probs) == set(STATUSES) == set(model.labels)
    assert abs(sum(probs.values()) - 1.0) < 1e-9 and max(probs, key=probs.__getitem__) == "claimed"
    plain = outer.probabilities(["inquote"])["plain"]
    assert abs(probs["claimed"] - plain * inner.probabilities(["inquote"])["claimed"]) < 1e-9
    # a condition inside a quote: the modality wins over who states it
    both = model.probabilities(["inquote", "cond"])
    assert max(both, key=both.__getitem__) == "hypothetical"
    again = status_model_from_dict(json.loads(json.dumps(model.to_dict())))
    assert isinstance(again, NestedModel) and again.probabilities(["inquote", "cond"]) == pytest.approx(both)
    # older files hold one multiclass model
    assert isinstance(status_model_from_dict(_status_model().to_dict()), MulticlassModel)


def test_status_training_learns_a_modality_from_quoted_and_unquoted_events() -> None:
    from marsad.train.attribution import fit_status

    rows: list[tuple[list[str], Any]] = []
    for _ in range(20):
        rows += [(["inquote"], "claimed"), (["said"], "asserted"), (["cond"], "hypothetical"),
                 (["future"], "planned"), (["inquote", "said"], "claimed")]
    rows += [(["inquote", "cond"], "hypothetical")]
    model = fit_status(rows, 1.0)

    def decide(features: list[str]) -> str:
        probs = model.probabilities(features)
        return max(probs, key=probs.__getitem__)

    assert decide(["inquote"]) == "claimed" and decide(["said"]) == "asserted"
    assert decide(["cond"]) == "hypothetical" and decide(["inquote", "cond"]) == "hypothetical"
    assert decide(["future"]) == "planned"


def test_a_participle_is_offered_the_subject_its_clause_opens_with(rules: Pipeline) -> None:
    """``وجدد عدد من المواطنين مطالبهم، مؤكدين أن…``, ``من جانبه، أرجع نائب المشرف … مشيرا إلى…``: the
    speaker of a participle is the subject of the clause it continues, after a clause-initial verb and a
    fronted phrase set off by a comma; a sentence that opens with a preposition and no comma offers none."""
    from marsad.attribution.learned.extract import clause_subject

    ctx = _context_of(rules, "وجدد عدد من المواطنين مطالبهم بتوسعة الطريق، مؤكدين أنه يشكل خطورة.")
    span = clause_subject(ctx, _token_at(ctx, "مؤكدين"))
    assert span is not None and ctx.surface(span).startswith("عدد")
    ctx = _context_of(rules, "من جانبه، أرجع نائب المشرف نجاح الاحتفالية إلى الأسر، مشيرا إلى أن الحضور فاق التوقعات.")
    span = clause_subject(ctx, _token_at(ctx, "مشيرا"))
    assert span is not None and ctx.surface(span).startswith("نائب")  # the subject, not the lead-in
    ctx = _context_of(rules, "في الصباح الباكر مشيرا إلى أن الحضور فاق التوقعات.")
    assert clause_subject(ctx, _token_at(ctx, "مشيرا")) is None


def test_speaker_features_read_agreement_of_cue_and_phrase() -> None:
    """``وقالت`` agrees with a feminine or collective subject, ``مؤكدين`` with a plural one."""
    from marsad.attribution.learned.context import Phrase, cue_gender, speaker_features
    from marsad.text.normalize import normalize

    assert cue_gender(normalize("وقالت")) == "f"
    assert cue_gender(normalize("مؤكدين")) == "p"
    ctx = _plain_context("وقالت الوزارة إن الطريق مغلق.")
    feats = speaker_features(ctx, 0, Phrase(1, 2, {"np"}), ctx.tokens[0].form)
    assert "agree=f|f" in feats


def test_the_cue_model_reads_what_the_rules_speaker_is(rules: Pipeline) -> None:
    """A statement by a named person is a statement more often than a country's act (``أعلنت روسيا الحرب``):
    the rules' quote carries its speaker's kind to the cue model."""
    from marsad.attribution.learned.extract import rule_cue_rows

    ctx = _context_of(rules, "وقال الرئيس الفرنسي جاك شيراك إن الحرب ستنتهي قريبا.")
    rows = rule_cue_rows(ctx, frozenset())
    assert rows and "rule-speaker-kind=PERSON" in rows[0][1]
    ctx = _context_of(rules, "وقال إن الحرب ستنتهي قريبا.")
    rows = rule_cue_rows(ctx, frozenset())
    assert rows and "rule-speaker-kind=none" in rows[0][1]


def test_the_cue_model_reads_what_an_according_to_word_names(rules: Pipeline) -> None:
    """``بحسب المصادر`` names a source, ``بحسب مواقفها`` a standard (a noun with a possessive pronoun),
    ``وفقا للبيان`` a statement: the cue model's far features say which."""
    from marsad.attribution.learned.bounds import check_slots
    from marsad.attribution.learned.context import Context, cue_far_features, cue_far_slots, object_kind
    from marsad.attribution.text import analyse

    text = "وتربط المملكة معوناتها بحسب مواقفها. وقتل عشرة بحسب المصادر. وانسحبت القوات وفقا للبيان."
    doc = rules(Document(text, published="2019-12-12"))
    ctx = Context(doc, analyse(doc))
    kinds = {}
    for i, tok in enumerate(ctx.tokens):
        if tok.form in ("بحسب", "وفقا"):
            kinds.setdefault(tok.form, []).append(object_kind(ctx, i))
            feats = cue_far_features(ctx, i)
            check_slots(feats, cue_far_slots())
            assert f"obj={object_kind(ctx, i)}" in feats
    assert kinds == {"بحسب": ["possessive", "party"], "وفقا": ["statement"]}


def test_the_speaker_threshold_is_the_lowest_that_reaches_the_precision_floor() -> None:
    from marsad.train.speaker_folds import THRESHOLD_GRID, Given, precision_threshold

    # right at 0.9 and 0.6, wrong at 0.52 and 0.45: from 0.525 on two of two are right
    given = [Given(0.9, True), Given(0.6, True), Given(0.52, False), Given(0.45, False)]
    assert precision_threshold(given, 0.85) == 0.525
    assert precision_threshold(given, 0.6) == 0.475  # two right of three
    assert precision_threshold([Given(0.9, False)], 0.85) == THRESHOLD_GRID[-1]  # never reached
