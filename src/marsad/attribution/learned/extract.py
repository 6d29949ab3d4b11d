"""Apply the learned models to a document the rules have annotated.

Quotes keep the rules' cue and content; the speaker is chosen among candidate
phrases (the rules' speaker, entities, party descriptions, the previous
speaker) by the speaker model, or left ``null`` under its threshold.

Events: every rule event and every other trigger-lexicon word is a candidate;
the trigger model keeps those it believes (``confidence`` = its probability),
the argument model picks actor and target among candidate phrases (each with
its ``confidence``, ``null`` under the threshold), the status model decides the
status, and re-mentions of one event in the article (same type and trigger
stem, compatible actor) are merged into one event with all its ``mentions``.
"""

from __future__ import annotations

import math
from copy import copy
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar, cast

import numpy as np

from marsad.attribution.institutions import in_institution_name
from marsad.attribution.learned.addressee import addressee_verb, addressees
from marsad.attribution.learned.bounds import check_slots
from marsad.attribution.learned.context import (
    ANTECEDENT,
    ANTECEDENT_ADDED,
    ARGUMENT_GROUPS,
    ARGUMENT_WINDOW,
    COMPLEMENTISERS,
    FRAME_SUBJECT,
    MAX_SUBJECT_WORDS,
    SPEAKER_GROUPS,
    SPEAKER_WINDOW,
    ArgumentRoleKeys,
    Context,
    CueReading,
    EventAtoms,
    Phrase,
    PhraseAtoms,
    Span,
    TriggerHints,
    TriggerWords,
    after_statement_link,
    argument_event_atoms,
    argument_none_features,
    argument_phrase_atoms,
    argument_role_keys,
    bare,
    bucket,
    circumstantial_participle,
    coref_features,
    cue_far_features,
    cue_far_slots,
    cue_features,
    cue_frame,
    cue_gender,
    ends_subject,
    party_heads,
    plural_subject_verb,
    rank_phrases,
    read_through,
    speaker_cue_atoms,
    speaker_frame_words,
    speaker_keys,
    speaker_none_features,
    speaker_phrase_atoms,
    status_features,
    trigger_far_features,
    trigger_far_slots,
    trigger_features,
    trigger_hints,
    trigger_near_features,
    trigger_pronoun,
    trigger_word_features,
    trigger_words,
    verb_stems,
)
from marsad.attribution.learned.coref import resolve_actor
from marsad.attribution.learned.frames import Frame, frame_before
from marsad.attribution.learned.grouped import GroupedScorer
from marsad.attribution.learned.linear import (
    BinaryModel,
    ChoiceModel,
    ModelFileError,
    MulticlassModel,
    NestedModel,
    binary_from_dict,
    choice_from_dict,
    multiclass_from_dict,
    read_model_file,
    status_model_from_dict,
)
from marsad.attribution.learned.parties import names_no_party, one_party
from marsad.attribution.learned.prefilter import CueFilter, TriggerFilter, TriggerSelect
from marsad.attribution.learned.status_attributed import source_phrase_after
from marsad.attribution.learned.status_rules import guide_status
from marsad.attribution.lexicon import CUE, lexicon, lookup_cue, lookup_trigger, strip_proclitics
from marsad.attribution.text import analysed
from marsad.document import Document, Event, Quote
from marsad.resources import data_file
from marsad.text.normalize import normalize

MODEL_FILE = "attribution-model.json"
CUE_MODEL = "cue model"  # speaker_reason of the quotes the cue model added
ROLES = ("actor", "target")


NO_EVENT = "NONE"
T = TypeVar("T")


@dataclass(slots=True)
class AttributionModels:
    trigger: MulticlassModel  # PLOVER type or NONE
    argument: ChoiceModel  # which candidate phrase is the actor (target), or none
    status: MulticlassModel | NestedModel  # nested: denied/planned/hypothetical, then asserted or claimed
    speaker: ChoiceModel
    # verb stems of the training triggers → their types: candidates beyond the lexicons
    vocabulary: dict[str, tuple[str, ...]] = field(default_factory=dict)
    trigger_threshold: float = 0.5  # for words only the lexicons propose
    meta: dict[str, Any] = field(default_factory=dict)
    trigger_threshold_rules: float = 0.5  # for words the rules made an event of
    # word form → what the lexicons and the vocabulary say of it (bounded: reset when full)
    hint_cache: dict[str, TriggerHints | None] = field(default_factory=dict, repr=False)
    # quote cues the rules miss: a binary model over reporting words, and the verb stems of the
    # training cues (older model files have neither)
    cue: BinaryModel | None = None
    cue_vocabulary: frozenset[str] = frozenset()
    cue_cache: dict[str, CueReading | None] = field(default_factory=dict, repr=False)
    # is a later event word a re-mention of an earlier event of its type (older files: a stem rule)
    coref: BinaryModel | None = None
    # the cue model's probability under which a quote the rules found is dropped (older files: none is)
    cue_threshold_rules: float = 0.0
    # the argument model's threshold for each role (older files: its one threshold for both)
    argument_thresholds: dict[str, float] = field(default_factory=dict)
    # the coreference model's probability from which a re-mention is merged although its actor or
    # target differs from the earlier event's (older files: None, never)
    coref_threshold_conflicting: float | None = None
    # where the rules read an event as claimed by a source they found, the margin by which the status
    # model's "asserted" must beat "claimed" to overrule them (older files: 0.0, any margin does)
    status_rule_margin: float = 0.0

    # the bounds that pass over candidates the trigger and cue models cannot keep (built on first use)
    _trigger_filter: TriggerFilter | None = field(default=None, repr=False)
    _cue_filter: CueFilter | None = field(default=None, repr=False)
    _trigger_words: TriggerWords | None = field(default=None, repr=False)
    # word form → the trigger model's bias plus the weights of the word's own features (see word_scores)
    _word_scores: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    def argument_threshold(self, role: str) -> float:
        return self.argument_thresholds.get(role, self.argument.threshold)

    def trigger_filter(self) -> TriggerFilter:
        if self._trigger_filter is None:
            self._trigger_filter = TriggerFilter(self.trigger, NO_EVENT)
        return self._trigger_filter

    def trigger_words(self) -> TriggerWords:
        """The vocabulary with UniversalPetrarch's verbs and the root index of each (built on first use)."""
        if self._trigger_words is None or self._trigger_words.vocabulary is not self.vocabulary:
            self._trigger_words = trigger_words(self.vocabulary)
        return self._trigger_words

    def argument_scorer(self) -> GroupedScorer:
        """The argument model's weights summed per group of features (built on first use)."""
        return self.argument.grouped(ARGUMENT_GROUPS)

    def word_scores(self, ctx: Context, candidates: list[EventCandidate]) -> np.ndarray:
        """For each candidate, what its scores start from: the trigger model's bias, and for a candidate
        whose own features were left apart (:func:`event_candidates`, ``word_apart``) the sum of their
        weights too, once per word form (most candidates of an article are words the model met before)."""
        bias = self.trigger.scores_many([[]])[0]
        rows = []
        cache = self._word_scores
        for cand in candidates:
            if cand.hints is None:
                rows.append(bias)
                continue
            form = ctx.tokens[cand.index].form
            row = cache.get(form)
            if row is None:
                if len(cache) > HINT_CACHE_SIZE:
                    cache.clear()
                row = cache[form] = self.trigger.scores_many([trigger_word_features(form, cand.hints, None)])[0]
            rows.append(row)
        return np.array(rows).reshape(len(rows), len(self.trigger.labels))

    def cue_filter(self) -> CueFilter:
        assert self.cue is not None
        if self._cue_filter is None:
            self._cue_filter = CueFilter(self.cue)
        return self._cue_filter


def models_from_dict(data: dict[str, Any]) -> AttributionModels:
    m = data["models"]
    try:
        return AttributionModels(
            multiclass_from_dict(m["trigger"]), choice_from_dict(m["argument"]), status_model_from_dict(m["status"]),
            choice_from_dict(m["speaker"]),
            {str(k): tuple(str(t) for t in v) for k, v in data.get("vocabulary", {}).items()},
            float(m["trigger"].get("threshold", 0.5)),
            {k: v for k, v in data.items() if k not in ("models", "vocabulary")},
            trigger_threshold_rules=float(m["trigger"].get("threshold_rules", m["trigger"].get("threshold", 0.5))),
            cue=binary_from_dict(m["cue"]) if "cue" in m else None,
            cue_vocabulary=frozenset(str(x) for x in data.get("cue_vocabulary", [])),
            coref=binary_from_dict(m["coref"]) if "coref" in m else None,
            cue_threshold_rules=float(m["cue"].get("threshold_rules", 0.0)) if "cue" in m else 0.0,
            argument_thresholds={str(role): float(t) for role, t in m["argument"].get("role_thresholds", {}).items()},
            coref_threshold_conflicting=_optional_float(m.get("coref", {}).get("threshold_conflicting")),
            status_rule_margin=float(m["status"].get("rule_margin", 0.0)))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ModelFileError(f"attribution model is incomplete or malformed ({exc})") from None


def _optional_float(value: Any) -> float | None:
    return None if value is None else float(value)


def load_models(path: Path) -> AttributionModels:
    return _load_cached(str(path.resolve()))


@lru_cache(maxsize=4)
def _load_cached(path: str) -> AttributionModels:
    """One copy per process of each model file: the quotes and events stages share it."""
    return models_from_dict(read_model_file(Path(path)))


@lru_cache(maxsize=1)
def shipped_models() -> AttributionModels | None:
    """The model trained on the redistributable part of the gold corpus, if this build ships one."""
    path = Path(str(data_file(MODEL_FILE)))
    return load_models(path) if path.is_file() else None


# -- candidates (shared with training) ----------------------------------------------
@dataclass(slots=True)
class EventCandidate:
    index: int  # token of the trigger
    type: str
    rule: Event | None
    features: list[str]
    # the word's own features are left out of ``features`` and scored once per word form (run time:
    # event_candidates(word_apart=True), see word_scores); None: ``features`` are all of them
    hints: TriggerHints | None = None


HINT_CACHE_SIZE = 200_000


def event_candidates(ctx: Context, words: TriggerWords,
                     cache: dict[str, TriggerHints | None] | None = None, select: TriggerSelect | None = None,
                     check: bool = False, word_apart: bool = False) -> list[EventCandidate]:
    """The rules' events and every other word some source reads as an event word.

    ``select``: which of the words the rules made no event of are candidates (a :class:`TriggerFilter`'s
    selector at run time: the words the model cannot keep are passed over).
    ``check``: that the far features of every other word fill their declared slots (training).
    ``word_apart`` (run time): the other words' candidates carry their near and far features only, and
    their ``hints``; their own features, the same wherever the word stands, are scored once per word
    form (:meth:`AttributionModels.word_scores`)."""
    out: list[EventCandidate] = []
    covered: set[int] = set()
    if cache is None:
        cache = {}
    elif len(cache) > HINT_CACHE_SIZE:
        cache.clear()
    flags = ctx.at.token_flags()
    for ev in ctx.doc.events:
        span = ctx.token_span(int(ev.trigger["start"]), int(ev.trigger["end"]))
        if span is None or span[0] in covered:
            continue
        # the word of a multi-word trigger that the lexicons know (شنت الطائرات الغارات → الغارات)
        head = next((k for k in range(*span) if lookup_trigger(ctx.tokens[k].form) is not None), span[0])
        covered.update(range(*span))
        form = ctx.tokens[head].form
        found = cache[form] if form in cache else cache.setdefault(form, trigger_hints(form, words, flags[head]))
        hints = found or TriggerHints(None, (), ())
        out.append(EventCandidate(head, ev.type, ev, trigger_features(ctx, head, hints, ev.type)))
    others = [(index, hints) for index, hints in ctx.trigger_candidates(words, cache) if index not in covered]
    if select is not None:
        others = select(ctx, others)  # word by word: the words it keeps do not depend on the others
    # a word that names an institution with its head (منظمة حظر الأسلحة) is no event: never a candidate
    # (told after the filter, which passes over most words: the same words stay)
    others = [(index, hints) for index, hints in others if not in_institution_name(ctx.tokens, index)]
    for index, hints in others:
        guess = hints.lexicon.type if hints.lexicon else (hints.vocabulary or hints.petrarch)[0]
        if word_apart:
            features = [*trigger_near_features(ctx, index, hints), *trigger_far_features(ctx, index, hints)]
            out.append(EventCandidate(index, guess, None, features, hints))
        else:
            out.append(EventCandidate(index, guess, None, trigger_features(ctx, index, hints, None)))
        if check:
            check_slots(trigger_far_features(ctx, index, hints),
                        trigger_far_slots(hints.lexicon.type if hints.lexicon else None))
    return out


def _words_only(ctx: Context, span: Span | None) -> Span | None:
    """The span without the quotation marks and punctuation at its edges: the rules' ``“هيئة تحرير
    الشام”`` and the entity ``هيئة تحرير الشام`` are one candidate, not two that split its probability."""
    if span is None:
        return None
    first, last = span
    while first < last and not ctx.tokens[first].is_word:
        first += 1
    while last > first and not ctx.tokens[last - 1].is_word:
        last -= 1
    return (first, last) if last > first else None


def argument_candidates(ctx: Context, cand: EventCandidate) -> list[Phrase]:
    extra: dict[Span, str] = {}
    if cand.rule is not None:
        for role in ROLES:
            arg = getattr(cand.rule, role)
            if arg and isinstance(arg.get("start"), int):
                span = _words_only(ctx, ctx.token_span(int(arg["start"]), int(arg["end"])))
                if span is not None:
                    extra[ctx.first_clause_part(span)] = f"rule-{role}"
    # who speaks around the trigger: the actor of a speech act (داعيا، وانتقد) or of what a quote reports,
    # often named a sentence earlier
    trigger_at = ctx.tokens[cand.index].start
    sentence = ctx.tokens[cand.index].sentence
    for cue_sentence, content_start, content_end, span in ctx.quote_speakers():
        inside = content_start is not None and content_end is not None and content_start <= trigger_at < content_end
        if inside or cue_sentence == sentence:
            extra.setdefault(span, "quote-speaker")
    phrases = ctx.phrases_near(cand.index, ARGUMENT_WINDOW, extra, clause_parts=True)
    if trigger_pronoun(ctx.tokens[cand.index].form) is not None:
        mark_antecedent(ctx, cand.index, phrases)
    mark_frame_subject(ctx, cand.index, phrases)
    return rank_phrases(phrases, cand.index)


FRAME_REACH = 8  # how many words before the event word the frame word may stand
SUBJECT_GAP = 2  # how many words may stand between a frame verb and its subject (``اتهمت أمس الحكومة``)
# an accusation or a condemnation: its subject says the act is another party's (a claim or a denial is often
# the subject's own act: ``تبنى التنظيم الهجوم``, ``نفت الحركة مسؤوليتها عن الانفجار``)
NOT_ACTOR_FRAMES = frozenset({"accuse", "condemn"})
QAD = frozenset({"قد", "وقد", "لقد", "فقد"})  # between a subject and its verb: ``المنظمة قد اتهمت``


def mark_frame_subject(ctx: Context, index: int, phrases: list[Phrase]) -> None:
    """Mark the subject of an accusation or condemnation frame the event word stands in
    (:func:`marsad.attribution.learned.frames.frame_before`), which the actor may not take
    (:func:`actor_choice`): ``اتهمت الحكومة الحوثيين بقصف``, ``حمّلت الوزارة النظام مسؤولية الهجوم``,
    ``أدانت الأمم المتحدة قصف المستشفى`` — the party right after the frame's verb (of an accusation, the
    first of two, or the one party after a verb with an object pronoun: ``اتهمته الحكومة بـ``), unless one
    stands right before a verb with no object pronoun: ``الحكومة اتهمت الحوثيين``, ``المنظمة قد اتهمت``
    (with a pronoun, ``إسرائيل واتهمها``, the party before is the accused); ``أعربت الإمارات عن إدانتها للتفجير`` — the party a noun's pronoun
    stands for, the nearest before it."""
    frame = frame_before(ctx, index, FRAME_REACH)
    if frame is None or frame.kind not in NOT_ACTOR_FRAMES:
        return
    subject = frame_subject(ctx, index, phrases, frame)
    if subject is not None:
        subject.origins.add(FRAME_SUBJECT)


def frame_subject(ctx: Context, index: int, phrases: list[Phrase], frame: Frame) -> Phrase | None:
    """The party of ``phrases`` that is the subject of ``frame``, the frame the event word at ``index``
    stands in (:func:`mark_frame_subject` says how it is found), or None."""
    parties = [p for p in phrases if _names_party(p)]
    subject: Phrase | None = None
    if frame.verb is not None:
        v = frame.verb
        # a party right before a verb with no object pronoun is its subject (``الحكومة اتهمت الحوثيين``),
        # else the party right after it (``اتهمت الحكومة الحوثيين``)
        pronoun = trigger_pronoun(ctx.tokens[v].form) is not None
        before = [p for p in parties if p.last <= v and all(ctx.tokens[j].form in QAD for j in range(p.last, v))]
        after = sorted((p for p in parties if v < p.first and p.last <= index), key=lambda p: (p.first, -p.last))
        if before and not pronoun:
            subject = max(before, key=lambda p: p.last - p.first)
        # after an accusing verb the first of two parties (the accuser, then the accused): one party alone
        # is the accused when the subject was named earlier (``نفت …، واتهمت الجيش بقصف``)
        elif after and after[0].first <= v + 1 + SUBJECT_GAP and (frame.kind != "accuse" or pronoun or len(after) > 1):
            subject = after[0]
    elif trigger_pronoun(ctx.tokens[frame.word].form) is not None:
        before = [p for p in parties if p.last <= frame.word]
        subject = max(before, key=lambda p: (p.last, p.last - p.first)) if before else None
    return subject


ANTECEDENT_SENTENCES = 2  # how many sentences back the party a trigger's pronoun stands for is looked for


def _names_party(phrase: Phrase) -> bool:
    return any(o.startswith("ent:") or o == "head" for o in phrase.origins)


def mark_antecedent(ctx: Context, index: int, phrases: list[Phrase]) -> None:
    """Mark the party the pronoun on the event word at ``index`` most likely stands for (``واتهمها``,
    ``تطالبه``, ``لقائه``): the nearest party named before it in its sentence; where none is, the last
    entity of the two sentences before, added as a candidate (the window stops at the sentence) that only
    the target may take (:func:`actor_candidate`)."""
    before = [p for p in phrases if p.last <= index and _names_party(p)]
    if before:
        max(before, key=lambda p: (p.last, p.last - p.first)).origins.add(ANTECEDENT)
        return
    sentence = ctx.tokens[index].sentence
    lo = ctx.at.sentences[max(0, sentence - ANTECEDENT_SENTENCES)].first
    hi = ctx.at.sentences[sentence].first
    found = [span for span in ctx.entity_order if lo <= span[0] and span[1] <= hi]
    if found:
        span = max(found, key=lambda sp: (sp[1], sp[1] - sp[0]))
        phrases.append(Phrase(span[0], span[1], {f"ent:{ctx.entity_spans[span]}", ANTECEDENT, ANTECEDENT_ADDED}))


def actor_candidate(phrase: Phrase) -> bool:
    """Whether the actor may take ``phrase``: not a party an earlier sentence gives only as what a pronoun
    on the event word stands for (the actor's candidates stay those of its sentence)."""
    return ANTECEDENT_ADDED not in phrase.origins


def actor_choice(phrase: Phrase, before_only: int | None = None) -> bool:
    """Whether the actor may take ``phrase`` at run time: an :func:`actor_candidate` that is not the subject
    of an accusation or condemnation of the event (:func:`mark_frame_subject`), nor, when ``before_only`` is
    the token of a verb carrying its own plural subject (:func:`plural_subject_verb`: ``هاجموا مراكز
    الشرطة``), a phrase after that verb. Training still offers those phrases (as the phrases it learns from),
    so the weights are those of a model without the rules."""
    return (actor_candidate(phrase) and FRAME_SUBJECT not in phrase.origins
            and (before_only is None or phrase.first < before_only))


EARLIER_SENTENCES = 4  # how far back a continuation may reach for the last person named


def subject_after_cue(ctx: Context, cue_index: int) -> Span | None:
    """The words in subject position right after a reporting verb (``واعترف ناطق عسكري``, ``كشفت
    دراسة``): indefinite subjects are neither entities nor definite noun runs."""
    if cue_frame(ctx, cue_index) != "subj":
        return None
    return _subject_from(ctx, cue_index + 1)


def _subject_from(ctx: Context, first: int) -> Span:
    """Up to three words from ``first``, ended by a complementiser, preposition or reporting word."""
    toks = ctx.tokens
    _, last = ctx.sentence_bounds(first)
    end = first + 1
    while end < last and end - first < MAX_SUBJECT_WORDS and toks[end].is_word and not ends_subject(toks[end].form):
        end += 1
    return first, end


LEAD_IN_WORDS = 6  # words of a fronted phrase before its comma (``وحول مشاركة أحمد في التصوير،``)
_COMMAS = frozenset({"،", ","})


def clause_subject(ctx: Context, cue_index: int) -> Span | None:
    """The subject of the clause the cue's sentence opens with, when the cue stands later in it: a
    participle or a verb whose speaker was named before (``وجدد عدد من المواطنين مطالبهم … مؤكدين``,
    ``من جانبه، أرجع نائب المشرف … مشيرا``, ``لورد أدونيس عضو حزب العمال، قلل … قائلا``). After a
    clause-initial verb (a word with neither the article nor a name) the words after it; else the name
    or words it opens with. Often beyond the window of phrases near the cue."""
    toks = ctx.tokens
    first, _ = ctx.sentence_bounds(cue_index)
    k = _next_word(ctx, first, cue_index)
    if k is None:
        return None
    lex = lexicon()
    if any(c in lex.speaker_stops or c in lex.lead_ins for c in strip_proclitics(toks[k].form)):
        comma = next((j for j in range(k + 1, min(cue_index, k + LEAD_IN_WORDS + 1)) if toks[j].form in _COMMAS), None)
        if comma is None:
            return None
        k = _next_word(ctx, comma + 1, cue_index)
        if k is None:
            return None
    if (named := _named_before(ctx, k, cue_index)) is not None:
        return named
    form = toks[k].form
    if not (form.startswith(("ال", "وال")) or _is_party_word(form)):  # a verb opens the clause
        k = _next_word(ctx, k + 1, cue_index)
        if k is None:
            return None
        if (named := _named_before(ctx, k, cue_index)) is not None:
            return named
    if ends_subject(toks[k].form) or toks[k].form in lex.pronouns:  # ``عن ستانيشيف``, ``في إجابته``: no subject
        return None
    span = _subject_from(ctx, k)
    return (span[0], min(span[1], cue_index)) if span[0] < cue_index else None


def _named_before(ctx: Context, k: int, cue_index: int) -> tuple[int, int] | None:
    """The entity that starts at token ``k`` when it ends before the cue, as a token span."""
    end = ctx.entity_end_at(k)
    return (k, end) if end is not None and end <= cue_index else None


def _next_word(ctx: Context, start: int, stop: int) -> int | None:
    """The first word token in ``[start, stop)``, or None."""
    return next((j for j in range(start, stop) if ctx.tokens[j].is_word), None)


def _is_party_word(form: str) -> bool:
    return any(r in party_heads() for r in strip_proclitics(form))


def statement_author(ctx: Context, cue_index: int) -> Span | None:
    """The author a statement after the cue names (``وأفاد بيان صادر عن يونيفيل``: يونيفيل)."""
    _, last = ctx.sentence_bounds(cue_index)
    for k in range(cue_index + 2, min(last, cue_index + SPEAKER_SPAN)):
        if ctx.tokens[k].is_word and after_statement_link(ctx, k):
            return _subject_from(ctx, k)
    return None


def speaker_candidates(ctx: Context, quote: Quote, previous: Quote | None,
                       addressee_rule: bool = True) -> tuple[int, list[Phrase]]:
    """The cue's token and the phrases that may be the quote's speaker, ranked. ``addressee_rule`` (run
    time): a call or accusation's candidates split at a second noun phrase and without its addressee
    (:mod:`marsad.attribution.learned.addressee`); training offers the phrases without the rule (as the
    actor's :func:`actor_choice` does), so the weights are those of a model without it."""
    cue_index = ctx.token_at(int(quote.cue["start"]))
    extra: dict[Span, str] = {}
    for origin, q in (("rule", quote), ("previous-speaker", previous)):
        sp = q.speaker if q is not None else None
        if sp and isinstance(sp.get("start"), int):
            span = ctx.token_span(int(sp["start"]), int(sp["end"]))
            if span is not None:
                extra[span] = origin
    # a continuation (مشيرا، وأضاف) names its speaker in an earlier sentence: the last party named there
    sentence = ctx.tokens[cue_index].sentence
    if sentence > 0:
        before = ctx.at.sentences[sentence - 1]
        parties = [span for span in ctx.entity_order if before.first <= span[0] and span[1] <= before.last
                   and ctx.entity_spans[span] in ("PERSON", "ORG")]
        if parties:
            extra.setdefault(parties[-1], "previous-sentence-party")
        # after a paragraph of background (``التقت العربي إمام المسجد … وأضاف``): the last person named
        # in the sentences before
        lo = ctx.at.sentences[max(0, sentence - EARLIER_SENTENCES)].first
        persons = [span for span in ctx.entity_order if lo <= span[0] and span[1] <= before.last
                   and ctx.entity_spans[span] == "PERSON"]
        if persons:
            extra.setdefault(persons[-1], "earlier-person")
    subject = subject_after_cue(ctx, cue_index)
    if subject is not None:
        extra.setdefault(subject, "after-cue")
    author = statement_author(ctx, cue_index)
    if author is not None:
        extra.setdefault(author, "statement-author")
    # a report or statement as the subject (``وشمل التقرير``, ``وأضاف البيان``) speaks for its issuer, named
    # with it or where the report was first mentioned (``وأصدرت لجنة التحقيق … تقريرا``), often out of reach
    for first in {span[0] for span, origin in extra.items() if origin in ("rule", "after-cue")}:
        issuer = ctx.statement_issuer(first)
        if issuer is not None:
            extra.setdefault(issuer, "report-issuer")
    # a call or accusation names its subject and its addressee side by side after the verb: its candidates
    # are split where a second noun phrase starts, and the addressee is never one (learned/addressee.py)
    addressed = addressee_rule and addressee_verb(ctx.tokens[cue_index].form)
    if addressed:
        split: dict[Span, str] = {}
        for span, origin in extra.items():
            split.setdefault(ctx.first_clause_part(span) if span[0] > cue_index else span, origin)
        extra = split
    phrases = ctx.phrases_near(cue_index, SPEAKER_WINDOW, extra, clause_parts=addressed)
    # a participle or a cue that names no subject after it: the speaker opens the clause
    opener = clause_subject(ctx, cue_index) if cue_frame(ctx, cue_index) != "subj" else None
    if opener is not None:  # its own origin also where another source offers the same words
        same = next((p for p in phrases if (p.first, p.last) == opener), None)
        if same is None:
            phrases.append(same := Phrase(opener[0], opener[1]))
        same.origins.add("clause-subject")
    if previous is not None:
        _mark_previous_speaker(ctx, cue_index, previous, phrases)
    content = ctx.token_span(int(quote.content["start"]), int(quote.content["end"])) if quote.content else None
    if content is not None:  # the speaker is never inside what is said, save the subject of a bare cue
        # (``وقدرت وزارة السياحة خسارة…``: the statement follows the verb and its subject directly)
        phrases = [p for p in phrases if not (content[0] <= p.first and p.last <= content[1])
                   or (p.first == cue_index + 1 and not quote.direct)]
    if addressed:
        dropped = {id(p) for p in addressees(ctx, cue_index, phrases)}
        phrases = [p for p in phrases if id(p) not in dropped]
    return cue_index, rank_phrases(phrases, cue_index)


def _word_sentences_between(ctx: Context, lo: int, hi: int) -> int:
    """How many sentences strictly between sentences ``lo`` and ``hi`` hold a word (the line break after a
    full stop is a sentence of its own in the analysis, with none)."""
    toks, sentences = ctx.tokens, ctx.at.sentences
    return sum(any(toks[j].is_word for j in range(sentences[k].first, sentences[k].last)) for k in range(lo + 1, hi))


def _mark_previous_speaker(ctx: Context, cue_index: int, previous: Quote, phrases: list[Phrase]) -> None:
    """Tell the previous speaker's candidate how the quote before stands to this cue: in the same sentence,
    the sentence right before, or further back (``وأضاف`` right after a quote continues it; three quotes on
    the previous speaker stays near even when its name is far), and whether the two cues agree in gender
    and number (``وأضافت`` after ``قالت`` continues her; ``وقالت`` after ``قال`` names another speaker)."""
    sp = previous.speaker
    if not sp or not isinstance(sp.get("start"), int):
        return
    span = ctx.token_span(int(sp["start"]), int(sp["end"]))
    phrase = next((p for p in phrases if (p.first, p.last) == span), None)
    if phrase is None:
        return
    ends = [int(previous.cue["end"])] + ([int(previous.content["end"])] if previous.content else [])
    last = ctx.tokens[ctx.token_at(max(ends) - 1)].sentence
    here = ctx.tokens[cue_index].sentence
    gap = "same" if last >= here else "next" if _word_sentences_between(ctx, last, here) == 0 else "far"
    phrase.origins.add(f"previous-quote={gap}")
    prev_index = ctx.token_at(int(previous.cue["start"]))
    a, b = cue_gender(ctx.tokens[prev_index].form), cue_gender(ctx.tokens[cue_index].form)
    if "x" not in (a, b):
        phrase.origins.add(f"previous-cue-gender={'agree' if a == b else 'clash'}")


# -- decisions -----------------------------------------------------------------------
def overlapping(a: Phrase, b: Phrase) -> bool:
    """Whether two candidate phrases share a token (one party cannot be both actor and target)."""
    return a.first < b.last and b.first < a.last


def _arg_record(ctx: Context, phrase: Phrase, confidence: float, rule_arg: dict[str, Any] | None) -> dict[str, Any]:
    start, end = ctx.offsets((phrase.first, phrase.last))
    record: dict[str, Any] = {"text": ctx.doc.text[start:end], "start": start, "end": end}
    canonical, actor_id = resolve_actor(ctx.doc, start, end)
    if canonical is None and rule_arg and rule_arg.get("start") == start and rule_arg.get("end") == end:
        canonical = rule_arg.get("canonical")
    if canonical:
        record["canonical"] = canonical
    if actor_id:
        record["id"] = actor_id
    record["confidence"] = round(confidence, 3)
    return record


def choose(model: ChoiceModel, phrases: list[Phrase], features: list[list[str]],
           none: list[str], threshold: float | None = None) -> tuple[Phrase | None, float]:
    index, p = model.choose(features, none, [(ph.first, ph.last) for ph in phrases], threshold)
    return (phrases[index] if index is not None else None), p


def _cue_reading(form: str, vocabulary: frozenset[str], flags: int | None = None) -> CueReading | None:
    """What the cue lexicon and the training cues say of ``form`` (None: neither reads it as a reporting
    word). ``flags``: the word's :func:`~marsad.attribution.lexicon.token_flags` when the caller has them;
    without the ``CUE`` bit the cue lexicon has no entry for it, so it is not looked up again."""
    hint = lookup_cue(form) if flags is None or flags & CUE else None
    known = bool(vocabulary) and (bare(form) in vocabulary or bool(verb_stems(form) & vocabulary))
    return (hint.kind if hint else None, known) if hint is not None or known else None


def cue_candidates(ctx: Context, vocabulary: frozenset[str],
                   cache: dict[str, CueReading | None] | None = None,
                   check: bool = False) -> list[tuple[int, list[str]]]:
    """Words outside the rules' cues that the cue lexicon or the training cues read as reporting words,
    with their features (``check``: that their far features fill their slots, in training)."""
    out = []
    for i, reading in cue_words(ctx, vocabulary, cache):
        out.append((i, cue_features(ctx, i, *reading)))
        if check:
            check_slots(cue_far_features(ctx, i), cue_far_slots())
    return out


def cue_words(ctx: Context, vocabulary: frozenset[str],
              cache: dict[str, CueReading | None] | None = None) -> list[tuple[int, CueReading]]:
    """Words outside the rules' cues that the cue lexicon or the training cues read as reporting words,
    with that reading (``cache``: the reading of each word form, kept by the models)."""
    if cache is None:
        cache = {}
    elif len(cache) > HINT_CACHE_SIZE:
        cache.clear()
    taken: set[int] = set()
    for quote in ctx.doc.quotes:
        span = ctx.token_span(int(quote.cue["start"]), int(quote.cue["end"]))
        if span is not None:
            taken.update(range(*span))
    indices, forms, flags = ctx.candidate_words()
    found = read_through(cache, forms, lambda k: _cue_reading(forms[k], vocabulary, flags[k]),
                         skip=lambda k: indices[k] in taken)
    return [(i, cast("CueReading", reading)) for i, reading in zip(indices, found, strict=True)
            if reading is not None and i not in taken]


SPEAKER_SPAN = 15  # tokens between a cue and its أن/إن/: or quotation (the speaker stands there)


def quote_for_cue(ctx: Context, index: int) -> Quote | None:
    """The statement a cue word introduces: a quotation in marks, or what follows أن/إن/: — the
    subject between the cue and it (``وقدرت وزارة السياحة أن…``) is where the speaker stands —
    else the rest of the sentence; None when nothing follows."""
    toks = ctx.tokens
    _, last = ctx.sentence_bounds(index)
    k = index + 1
    while k < min(last, index + SPEAKER_SPAN) and not (
            bare(toks[k].form) in COMPLEMENTISERS or toks[k].form == ":" or k in ctx.at.quote_pairs):
        k += 1
    if k >= min(last, index + SPEAKER_SPAN):
        k = index + 1  # no introducer: the statement follows the cue directly
    elif k not in ctx.at.quote_pairs:
        k += 1  # past أن / :
    direct = k < last and k in ctx.at.quote_pairs
    if direct:
        first, end_token = k + 1, ctx.at.quote_pairs[k]
    else:
        first, end_token = k, last
        while end_token > first and not toks[end_token - 1].is_word:
            end_token -= 1
    if end_token <= first:
        return None
    c_start, c_end = toks[first].start, toks[end_token - 1].end
    q_start, q_end = toks[index].start, toks[index].end
    cue: dict[str, Any] = {"start": q_start, "end": q_end, "text": ctx.doc.text[q_start:q_end]}
    content: dict[str, Any] = {"start": c_start, "end": c_end, "text": ctx.doc.text[c_start:c_end]}
    return Quote(min(q_start, c_start), max(q_end, c_end), cue, None, content, direct)


def rule_cue_rows(ctx: Context, vocabulary: frozenset[str],
                  cache: dict[str, CueReading | None] | None = None) -> list[tuple[Quote, list[str]]]:
    """The rules' quotes, each with the cue model's features of its cue word (and ``by-rules``)."""
    if cache is None:
        cache = {}
    out = []
    for quote in ctx.doc.quotes:
        if (quote.speaker_reason or "").startswith(CUE_MODEL):
            continue
        index = ctx.token_at(int(quote.cue["start"]))
        form = ctx.tokens[index].form
        reading = cache[form] if form in cache else cache.setdefault(form, _cue_reading(form, vocabulary))
        hint, known = reading if reading is not None else (None, False)
        out.append((quote, [*cue_features(ctx, index, hint, known), "by-rules", *_rule_frame(ctx, quote)]))
    return out


def _rule_frame(ctx: Context, quote: Quote) -> list[str]:
    """What the rules made of the statement: a speaker or none, in quotation marks or not, and how long
    what is said runs (a statement in marks with a named speaker is seldom anything else)."""
    content = ctx.token_span(int(quote.content["start"]), int(quote.content["end"])) if quote.content else None
    words = bucket(content[1] - content[0]) if content is not None else "0"
    kind = _speaker_kind(ctx, quote)
    return [f"rule-speaker={quote.speaker is not None}", f"rule-direct={quote.direct}", f"rule-words={words}",
            f"rule-direct={quote.direct}|rule-speaker={quote.speaker is not None}",
            f"rule-speaker-kind={kind}", f"rule-speaker-kind={kind}|rule-direct={quote.direct}"]


def _speaker_kind(ctx: Context, quote: Quote) -> str:
    """What the rules' speaker is: a person or an organisation speaks (``كشف … سلفان شالوم``), a country
    is as often the actor of an act that only looks like a statement (``أعلنت روسيا الحرب``)."""
    sp = quote.speaker
    if not sp or not isinstance(sp.get("start"), int):
        return "none"
    span = ctx.token_span(int(sp["start"]), int(sp["end"]))
    if span is None:
        return "none"
    kinds = {kind for (first, last), kind in ctx.entity_spans.items() if span[0] <= first and last <= span[1]}
    return next((k for k in ("PERSON", "ORG", "GPE", "LOC") if k in kinds), "phrase")


def add_quotes(doc: Document, ctx: Context, models: AttributionModels) -> dict[int, float]:
    """Quotes whose cue the rules missed and the cue model believes; the rules' quotes whose cue it
    does not believe (``أعلنت روسيا الحرب`` is no statement) are dropped.

    Returns the cue model's belief that each quote it judged is a statement (by ``id`` of the quote;
    none without a cue model)."""
    if models.cue is None:
        return {}
    cue = models.cue
    words = cue_words(ctx, models.cue_vocabulary, models.cue_cache)
    beliefs = {id(quote): cue.probability(feats)
               for quote, feats in rule_cue_rows(ctx, models.cue_vocabulary, models.cue_cache)}
    if models.cue_threshold_rules > 0:
        doubted = {key for key, p in beliefs.items() if p < models.cue_threshold_rules}
        if doubted:
            doc.quotes[:] = [quote for quote in doc.quotes if id(quote) not in doubted]
    words = _join_participles(ctx, doc.quotes, words)
    # the words the cue model cannot believe are passed over before their far features are built
    added = []
    for index, reading in models.cue_filter().select(ctx, words, cue.threshold):
        p = cue.probability(cue_features(ctx, index, *reading))
        if p >= cue.threshold:
            quote = quote_for_cue(ctx, index)
            if quote is not None:
                quote.speaker_reason = f"{CUE_MODEL} p={p:.2f}"
                beliefs[id(quote)] = p
                added.append(quote)
    if added:
        doc.quotes.extend(added)
        doc.quotes.sort(key=lambda q: (int(q.cue["start"]), int(q.cue["end"])))
    return beliefs


def _join_participles(ctx: Context, quotes: list[Quote], candidates: list[tuple[int, T]]) -> list[tuple[int, T]]:
    """``وأضاف قائلا``: one statement with a two-word cue, not a second quote whose cue is the
    participle (nor ``قائلا`` the speaker of the first). The rules' quote takes the participle into its cue,
    also across the verb's subject when what is said follows the participle (``وصرحت السيدة موريس
    لصحيفة واشنطن بوست قائلة: «…»``: the cue spans the verb and the participle)."""
    by_cue_end = {int(q.cue["end"]): q for q in quotes}
    left = []
    for index, what in candidates:
        tok = ctx.tokens[index]
        hint = lookup_cue(tok.form)
        participle = (hint is not None and hint.kind == "participle") or speaker_frame_words().get(tok.form) == "participle"
        quote = by_cue_end.get(ctx.tokens[index - 1].end) if index > 0 else None
        if quote is None and participle:
            quote = _verb_before_participle(ctx, quotes, index)
        if quote is None or not participle:
            left.append((index, what))
            continue
        start = int(quote.cue["start"])
        quote.cue = {"start": start, "end": tok.end, "text": ctx.doc.text[start:tok.end]}
        quote.end = max(quote.end, tok.end)
        if quote.speaker and int(quote.speaker.get("start", -1)) == tok.start:
            quote.speaker = None
    return left


def participles_joined(ctx: Context, candidates: list[tuple[int, T]]) -> set[int]:
    """The candidate words the run time joins to the rules' quote before them (:func:`_join_participles`:
    ``وأضاف قائلا``, ``وصرحت السيدة ديفيس قائلة:``). They never stand as quotes of their own, so the cue
    model is not taught them as examples: the gold marks such a statement's cue on the verb, and the
    participle read alone was a "no statement" that pulled down every ``قائلا`` after a comma, whose
    statements it then doubted (round 35). The document's quotes are left as they are."""
    quotes = [copy(q) for q in ctx.doc.quotes]
    kept = {index for index, _ in _join_participles(ctx, quotes, candidates)}
    return {index for index, _ in candidates} - kept


def folded_name(text: str) -> str:
    """A phrase as names are compared: normalised, whitespace collapsed (as the scorer compares them)."""
    return " ".join(normalize(text).split())


def speaker_names(ctx: Context, phrases: list[Phrase]) -> list[str]:
    """The party each speaker candidate names, as pooling compares them: its folded surface, but for a
    statement or report with a known issuer the issuer's (``التقرير`` speaks for ``لجنة التحقيق``, so
    the two candidates pool their probability)."""
    names = []
    for ph in phrases:
        issuer = ctx.statement_issuer(ph.first)
        names.append(folded_name(ctx.surface(issuer if issuer is not None else (ph.first, ph.last))))
    return names


def same_party(a: Span, b: Span, name_a: str, name_b: str) -> bool:
    """Two candidate phrases name one party: they overlap, or one name contains the other
    (``كوفي أنان`` in the sentence before and ``أنان`` as the previous speaker)."""
    if a[0] < b[1] and b[0] < a[1]:
        return True
    return bool(name_a and name_b) and (name_a in name_b or name_b in name_a)


def pooled_choice(model: ChoiceModel, features: list[list[str]], none: list[str], spans: list[Span],
                  names: list[str]) -> tuple[int | None, float]:
    """The party most likely to be the speaker and its probability: the mass of every candidate naming
    it (overlapping, or one name contained in the other), as the scorer accepts any mention of the right
    party, and as training maximises. Returns its best-scored mention, or None when "nobody" weighs
    more than the likeliest party (``نجاد`` named twice outweighs "nobody" though neither mention
    alone does). No threshold."""
    if not features:
        return None, 0.0
    return pooled_choice_scores([model.score(f) for f in features], model.score(none), spans, names)


def pooled_choice_scores(scores: list[float], none_score: float, spans: list[Span],
                         names: list[str]) -> tuple[int | None, float]:
    """:func:`pooled_choice` from the candidates' scores (the sums of their features' weights)."""
    if not scores:
        return None, 0.0
    top = max(*scores, none_score)
    exp = [math.exp(x - top) for x in scores]
    none_mass = math.exp(none_score - top)
    total = sum(exp) + none_mass
    n = len(scores)
    mass = [sum(exp[j] for j in range(n) if j == i or same_party(spans[i], spans[j], names[i], names[j]))
            for i in range(n)]
    best = max(range(n), key=lambda i: (mass[i], scores[i]))
    if none_mass >= mass[best]:
        return None, mass[best] / total
    return best, mass[best] / total


PARTICIPLE_REACH = 12  # tokens from a reporting verb to the participle that introduces its statement


def _verb_before_participle(ctx: Context, quotes: list[Quote], index: int) -> Quote | None:
    """The quote whose cue is a verb earlier in the participle's sentence, when its statement follows
    the participle and no other cue stands between them."""
    tok = ctx.tokens[index]
    first, _ = ctx.sentence_bounds(index)
    lo = ctx.tokens[max(first, index - PARTICIPLE_REACH)].start
    best: Quote | None = None
    for quote in quotes:
        cue_start, cue_end = int(quote.cue["start"]), int(quote.cue["end"])
        if lo <= cue_start and cue_end <= tok.start and (best is None or cue_start > int(best.cue["start"])):
            best = quote
    if best is None or not best.content or int(best.content["start"]) < tok.end:
        return None
    if any(int(best.cue["end"]) <= int(q.cue["start"]) < tok.start for q in quotes if q is not best):
        return None
    return best


def choose_speaker(ctx: Context, models: AttributionModels, quote: Quote, previous: Quote | None,
                   belief: float) -> tuple[Phrase | None, float]:
    """The speaker model's best phrase for the quote (None when "nobody" wins) and its confidence: the
    probability of the party it names (:func:`pooled_choice`) times the cue model's ``belief`` that the
    quote is a statement at all (a speaker given to a non-quote is as wrong as a wrong speaker). The
    caller applies the threshold."""
    return speaker_choice(ctx, models.speaker, quote, previous, belief)


def speaker_choice(ctx: Context, speaker: ChoiceModel, quote: Quote, previous: Quote | None,
                   belief: float = 1.0, addressee_rule: bool = True) -> tuple[Phrase | None, float]:
    """:func:`choose_speaker` with a given speaker model (training guesses the previous speaker with
    a model fitted on other articles, without the addressee rule: see :func:`speaker_candidates`)."""
    cue_index, phrases = speaker_candidates(ctx, quote, previous, addressee_rule)
    cue_form = ctx.tokens[cue_index].form
    by_rules = not (quote.speaker_reason or "").startswith(CUE_MODEL)
    # the scores of [*speaker_features(…), f"origin={by_rules}"], added group by group (GroupedScorer)
    scorer = speaker.grouped(SPEAKER_GROUPS)
    cue = speaker_cue_atoms(ctx, cue_index, cue_form)
    origin = speaker.weights.get(f"origin={by_rules}", 0.0)
    scores = [scorer.score(speaker_keys(cue, speaker_phrase_atoms(ctx, cue_index, ph))) + origin for ph in phrases]
    index, p = pooled_choice_scores(scores,
                                    speaker.score(speaker_none_features(cue_form, bool(quote.speaker), len(phrases),
                                                                        by_rules)),
                                    [(ph.first, ph.last) for ph in phrases], speaker_names(ctx, phrases))
    return (phrases[index] if index is not None else None), p * belief


def with_speaker(ctx: Context, quote: Quote, phrase: Phrase) -> Quote:
    start, end = ctx.offsets(with_name(ctx, phrase))
    return replace(quote, speaker={"start": start, "end": end})


TITLE_TO_NAME = 5  # words between a title and the person's name it introduces


def with_name(ctx: Context, phrase: Phrase) -> Span:
    """The speaker phrase, through the person's name when it is a title that introduces one (``المشرف العام
    على المهرجان عادل العثمان``, ``رئيس اللجنة المنظمة لكأس العالم في كرة القدم فرانتس بكنباور``): title
    and name are one mention of one person, and the name is how the next quotes (``مشيرا``, ``وأضاف``) and
    the reader know him. Only across title words (:func:`_title_word`), and not when the phrase already
    holds a person's name."""
    toks = ctx.tokens
    if any(ctx.entity_spans.get(span) == "PERSON" for span in ctx.entity_order
           if phrase.first <= span[0] and span[1] <= phrase.last):
        return phrase.first, phrase.last
    _, last = ctx.sentence_bounds(phrase.first)
    after_link = False
    for k in range(phrase.last, min(last, phrase.last + TITLE_TO_NAME + 1)):
        ends = [span[1] for span in ctx.entity_order if span[0] == k and ctx.entity_spans[span] == "PERSON"]
        if ends:
            return phrase.first, max(ends)
        # the noun after a preposition of titles may lack the article (``في كرة القدم``)
        if not toks[k].is_word or not (_title_word(toks[k].form) or after_link):
            break
        after_link = toks[k].form in _TITLE_LINKS
    return phrase.first, phrase.last


_TITLE_LINKS = frozenset({"في", "علي", "لدي"})  # folded في، على، لدى: the prepositions inside a title


def _title_word(form: str) -> bool:
    """A word that may continue a title before the name (``على المهرجان``, ``بوزارة الحج``, ``لدى الأمم
    المتحدة``): a preposition of titles, a word with the article (also after ب/ل), or a party head — not a
    verb, a word with a pronoun, ``عن`` (``عن تعيين لويس كيسي``: the name is the object) or a function word
    with the article's letters (``إلى``, ``الذي``, ``اليوم``: ``وتحدث الوزير إلى X`` names the addressee)."""
    if form in _TITLE_LINKS:
        return True
    stops = lexicon().speaker_stops
    if form in stops or (form[:1] in "وف" and form[1:] in stops):
        return False
    return form.startswith(("ال", "بال", "لل")) or any(r in party_heads() for r in strip_proclitics(form))


# A continuation (وأضاف) follows the best guess for the quote before even under the threshold, but not a
# guess the models hardly believe (a non-quote's phrase, ``وانتقد بشكل غير مباشر الموقف``).
GUESS_FLOOR = 0.25


def _as_phrase(span: Span, phrase: Phrase) -> Phrase:
    return phrase if (phrase.first, phrase.last) == span else Phrase(span[0], span[1], set(phrase.origins))


def continued(ctx: Context, quote: Quote, best: Phrase | None, confidence: float) -> Quote | None:
    """The quote as the next quote's previous speaker sees it: with its best guess, if believed enough."""
    return with_speaker(ctx, quote, best) if best is not None and confidence >= GUESS_FLOOR else None


_CONTEXT = "attribution-context"


def stage_context(doc: Document) -> Context:
    """The :class:`Context` of ``doc`` for the quotes and events stages, kept with the document: the
    events stage reuses the one the quotes stage built (its token lookups, candidate words and counts)
    while the analysis and the times it reads are the same; its quotes are read again."""
    at = analysed(doc)
    # the analysis is rebuilt when the entities, places, boilerplate or repairs change; a kept Context
    # holds its analysis, so no later one can have the same id
    key = (id(at), tuple((t.start, t.end) for t in doc.times))
    ctx: Context | None = doc.built_derived(_CONTEXT, key)
    if ctx is None:
        return doc.derived(_CONTEXT, key, lambda d: Context(d, at))
    ctx.refresh_quotes()
    return ctx


def rescore_quotes(doc: Document, models: AttributionModels) -> None:
    ctx = stage_context(doc)
    beliefs = add_quotes(doc, ctx, models)
    ctx.refresh_quotes()
    previous: Quote | None = None
    for quote in doc.quotes:
        by_rules = not (quote.speaker_reason or "").startswith(CUE_MODEL)
        best, p = choose_speaker(ctx, models, quote, previous, beliefs.get(id(quote), 1.0))
        # a continuation (وأضاف) follows the best guess even where it is not given (under the threshold)
        guess = continued(ctx, quote, best, p)
        if p < models.speaker.threshold:
            best = None
        old = quote.speaker
        if best is None:
            quote.speaker = None
            if quote.chain and old and quote.chain[0] in (old.get("canonical"), old.get("text")):
                quote.chain = quote.chain[1:]  # the rules' guess is not kept as the source either
        else:
            quote.speaker = _arg_record(ctx, _as_phrase(with_name(ctx, best), best), p, old)
            if quote.chain and old and quote.chain[0] in (old.get("canonical"), old.get("text")):
                quote.chain[0] = quote.speaker.get("canonical") or quote.speaker["text"]
            elif not quote.chain:
                quote.chain = [quote.speaker.get("canonical") or quote.speaker["text"]]
        found = "" if by_rules else f"{quote.speaker_reason}; "
        quote.speaker_reason = found + (f"model p={p:.2f}" if best is not None else f"abstained p={p:.2f}")
        if quote.speaker is not None:
            previous = quote
        elif guess is not None:
            previous = guess


def event_decisions(model: MulticlassModel, rows: list[list[str]],
                    base: np.ndarray | None = None) -> list[tuple[str, float]]:
    """For every candidate of a document, in one product: the most likely event type and the
    probability that the word is an event at all (1 − P(no event)). ``base``: the scores each row
    starts from (:meth:`AttributionModels.word_scores`), instead of the model's bias."""
    if not rows:
        return []
    probs = model.probabilities_many(rows, base)
    none = model.labels.index(NO_EVENT)
    masked = probs.copy()
    masked[:, none] = -1.0
    best = masked.argmax(axis=1)
    return [(model.labels[int(k)], float(1.0 - probs[i, none])) for i, k in enumerate(best)]


def rescore_events(doc: Document, models: AttributionModels, min_confidence: float | None = None) -> None:
    ctx = stage_context(doc)
    kept = decide_events(ctx, models, min_confidence)
    doc.events[:] = merge_mentions(ctx, kept, models.coref, models.coref_threshold_conflicting)
    for k, event in enumerate(doc.events, start=1):
        event.id = f"e{k}"


def decide_events(ctx: Context, models: AttributionModels,
                  min_confidence: float | None = None) -> list[tuple[int, Event]]:
    """The events the models keep, each with its trigger token, in text order, before re-mentions
    are merged (``tools/event_pairs_experiment.py`` reads the pairs of these, as the run meets them)."""
    kept: list[tuple[int, Event]] = []
    phrases_of: dict[int, list[Phrase]] = {}  # id(event) → its argument candidates (a denial's subject, below)
    # the words the rules made no event of and the model cannot keep at their threshold are passed over
    select = models.trigger_filter().selector(models.trigger_threshold if min_confidence is None else min_confidence)
    candidates = event_candidates(ctx, models.trigger_words(), models.hint_cache, select, word_apart=True)
    decisions = event_decisions(models.trigger, [cand.features for cand in candidates],
                                models.word_scores(ctx, candidates))
    for cand, (label, p) in zip(candidates, decisions, strict=True):
        if min_confidence is not None:
            threshold = min_confidence
        else:
            threshold = models.trigger_threshold_rules if cand.rule is not None else models.trigger_threshold
        if p < threshold:
            continue
        cand.type = label
        event = _event_for(ctx, cand, p)
        rule = cand.rule
        phrases = argument_candidates(ctx, cand)
        # the values the features are made of, read once per phrase for both roles (see argument_features)
        atoms = [argument_phrase_atoms(ctx, cand.index, ph) for ph in phrases]
        event_atoms = argument_event_atoms(ctx, cand.index, cand.type)
        keys = [argument_role_keys(event_atoms, a) for a in atoms]  # the same for both roles
        # a verb that carries its plural subject (هاجموا, يتهمون) and a circumstantial participle (داعيا,
        # مطالبا: its subject is the main clause's) have their object after them, not their actor
        form = ctx.tokens[cand.index].form
        before_only = cand.index if plural_subject_verb(form) or circumstantial_participle(form) else None
        ak = [k for k, ph in enumerate(phrases) if actor_choice(ph, before_only)]
        actor, pa = choose_argument(models, "actor", event_atoms, [phrases[k] for k in ak], [atoms[k] for k in ak],
                                    bool(rule and rule.actor), [keys[k] for k in ak])
        keep = [k for k, ph in enumerate(phrases) if actor is None or not overlapping(ph, actor)]
        target, pt = choose_argument(models, "target", event_atoms, [phrases[k] for k in keep],
                                      [atoms[k] for k in keep], bool(rule and rule.target), [keys[k] for k in keep])
        event.actor = _arg_record(ctx, actor, pa, rule.actor if rule else None) if actor else None
        event.target = _arg_record(ctx, target, pt, rule.target if rule else None) if target else None
        kept.append((cand.index, event))
        phrases_of[id(event)] = phrases
    # the status of every event kept, its model applied to all of them at once (an event's status
    # features read the rules' status and source and the words around it, not the other events)
    rows = [status_features(ctx, event, index) for index, event in kept]
    labels = models.status.labels
    for (index, event), features, probs in zip(kept, rows, models.status.probabilities_many(rows).tolist(),
                                               strict=True):
        event.status = status = decide_status(models, features, event, dict(zip(labels, probs, strict=True)))
        if status == "asserted":  # a phrase closing the sentence may name whose claim it is
            status = _claimed_by_closing_phrase(ctx, index, event)
        if status == "asserted":  # the outlet says so: no party to attribute it to
            event.source = None
            event.chain = []
        elif not event.chain:
            _chain_from_quote(ctx, event)
    for index, event in kept:
        if event.status == "denied" and not event.source:
            _source_from_denial(ctx, index, event, phrases_of[id(event)])
    kept.sort(key=lambda pair: pair[0])
    return kept


def choose_argument(models: AttributionModels, role: str, event: EventAtoms, phrases: list[Phrase],
                     atoms: list[PhraseAtoms], rule_has_it: bool,
                     keys: list[ArgumentRoleKeys] | None = None) -> tuple[Phrase | None, float]:
    """The argument model's phrase for ``role`` (None under its threshold) and its probability: the
    scores of :func:`argument_features` added group by group (:class:`GroupedScorer`). ``keys``: the
    :func:`argument_role_keys` of ``atoms`` when the caller made them (once for both roles)."""
    scorer = models.argument_scorer()
    if keys is None:
        keys = [argument_role_keys(event, a) for a in atoms]
    scores = scorer.head_scores(role, keys)
    none = models.argument.score(argument_none_features(event[0], role, rule_has_it, len(phrases)))
    index, p = models.argument.choose_scores(scores, none, [(ph.first, ph.last) for ph in phrases],
                                             models.argument_threshold(role))
    return (phrases[index] if index is not None else None), p


def _claimed_by_closing_phrase(ctx: Context, index: int, event: Event) -> str:
    """``claimed`` when an "according to" phrase closes the event's sentence (``…، كما ذكرت وكالة أنباء
    الأناضول``, ``…، بحسب الأناضول``: :func:`source_phrase_after`), with the party it names as the source
    where the event has none (inside a quote the speaker stays); else the status it had."""
    span = source_phrase_after(ctx, index)
    if span is None:
        return event.status
    event.status = "claimed"
    if event.source is None:
        start, end = ctx.tokens[span[0]].start, ctx.tokens[span[1] - 1].end
        event.source = {"text": ctx.doc.text[start:end], "canonical": None, "start": start, "end": end}
    return event.status


def _source_of(speaker: dict[str, Any]) -> dict[str, Any]:
    """An event's source as its quote's speaker names it (without the speaker's confidence or id)."""
    return {k: v for k, v in speaker.items() if k in ("text", "canonical", "start", "end")}


def _source_from_denial(ctx: Context, index: int, event: Event, phrases: list[Phrase]) -> None:
    """A denied event's source is the party that denies it (the annotation guide: "denied = a party negates
    it"): in ``ونفى التحالف قصف المستشفى`` the coalition, the subject of the denial word the status was read
    from (:func:`marsad.attribution.learned.frames.frame_before`, as far back as the status feature looks).
    A denial the rules read as a quote (``نفى … أن``) already has its speaker as the source."""
    frame = frame_before(ctx, index)
    if frame is None or frame.kind != "deny":
        return
    subject = frame_subject(ctx, index, phrases, frame)
    if subject is not None:
        event.source = _source_of(_arg_record(ctx, subject, 1.0, None))


def _chain_from_quote(ctx: Context, event: Event) -> None:
    """A claim inside a quote is the quote's: its speaker (when one was given) and its chain, as the
    quotes were decided (a rules' event inside a quote whose speaker the model held back still has
    the relay, ``وفق موقع RT``, that the outlet names)."""
    quote = ctx.covering_quote(int(event.trigger["start"]))
    if quote is None or not quote.chain:
        return
    if quote.speaker:
        event.source = _source_of(quote.speaker)
    event.chain = list(quote.chain)


def decide_status(models: AttributionModels, features: list[str], event: Event,
                  probs: dict[str, float] | None = None) -> str:
    """The status model's reading, except that a claim the rules attributed to a source they found
    stays a claim unless "asserted" wins by the margin chosen on dev: the model sees the sentence
    through words, the rules see the accusation or report that scopes the event (اتهمت … بالضلوع في
    هجمات: the attacks are the accuser's claim, as the annotation guide says). ``probs``: the status
    model's probabilities of ``features`` when the caller has them (one product for all the events of a
    document). Where the annotation guide states the status outright (a denial word, a condition, a
    future form, a possibility word right before the event: ``data/status_rules.yaml``), its status is
    taken before either."""
    guided = guide_status(features)
    if guided is not None:
        return guided
    if probs is None:
        probs = models.status.probabilities(features)
    status = max(probs, key=probs.__getitem__)
    if (status == "asserted" and event.status == "claimed" and event.source
            and any(f.startswith("scoped-by=") for f in features)
            and probs[status] - probs.get("claimed", 0.0) < models.status_rule_margin):
        return "claimed"
    return status


def _event_for(ctx: Context, cand: EventCandidate, confidence: float) -> Event:
    rule = cand.rule
    tok = ctx.tokens[cand.index]
    if rule is not None:
        event = Event(cand.type, rule.mode if cand.type == rule.type else None, dict(rule.trigger), rule.actor,
                      rule.target, rule.place, rule.date, rule.status, rule.source, list(rule.chain),
                      list(rule.figures))
    else:
        quote = ctx.covering_quote(tok.start)
        source = None
        chain: list[str] = []
        # inside a quote the event is the quote's claim whether or not the speaker model named its speaker:
        # the status model learned ``rs=claimed`` from the rules' quotes, which nearly always have one, and
        # read a quote whose speaker it abstained on as the outlet's own (``rs=asserted``) at run time
        status = "claimed" if quote is not None else "asserted"
        if quote is not None and quote.speaker:
            source = _source_of(quote.speaker)
            chain = list(quote.chain)
        event = Event(cand.type, None, {"start": tok.start, "end": tok.end, "text": ctx.doc.text[tok.start:tok.end]},
                      None, None, _place_near(ctx, cand.index), ctx.doc.published, status, source, chain, [])
    event.confidence = round(confidence, 3)
    return event


def _place_near(ctx: Context, index: int) -> dict[str, Any] | None:
    first, last = ctx.sentence_bounds(index)
    lo, hi = ctx.tokens[first].start, ctx.tokens[last - 1].end
    trigger_at = ctx.tokens[index].start
    best: tuple[int, dict[str, Any]] | None = None
    for place in ctx.doc.places:
        for start, end in place.mentions:
            if lo <= start and end <= hi:
                # Named as the rules' events name their places (the canonical name, as written when
                # there is none), so one place has one label in the table, the exports and the map.
                record = {"name": place.canonical or place.name, "id": place.id, "lat": place.lat, "lon": place.lon,
                          "text": ctx.doc.text[start:end], "start": start, "end": end, "precision": place.precision}
                distance = abs(start - trigger_at)
                if best is None or distance < best[0]:
                    best = (distance, record)
    return best[1] if best else None


def merge_mentions(ctx: Context, kept: list[tuple[int, Event]], coref: BinaryModel | None = None,
                   conflicting: float | None = None) -> list[Event]:
    """One event per trigger, and one event for its re-mentions in the article.

    A later event is a re-mention of an earlier one of the same type when the
    coreference model says so for one of the earlier event's mentions (``زيارة``
    … ``مباحثات`` … ``الزيارة``) and their actors and targets do not contradict
    each other — or, where they do, when the model's probability reaches
    ``conflicting`` (None: never), or where the two stand at most ``NEAR_SENTENCES``
    apart: one of the two mentions then usually has the other party of a visit or
    a wrong phrase; where only their targets differ (the actors name one party, or one
    mention has none), from ``TARGET_CONFLICT_THRESHOLD``. A mention inside a quote and an earlier one
    outside it (or the other way round) whose arguments agree merge from ``QUOTE_RETOLD_THRESHOLD``: a
    quote retelling the narrative's event. Without a model, when their trigger
    words share a stem (``شنت الطائرات الغارات`` … ``وأسفرت الغارات``) and their
    arguments agree. An actor or target given under ``MERGE_ARGUMENT_FLOOR`` contradicts nothing (a
    doubtful phrase, ``الطائرتين`` as the hijackers, should not keep a re-mention apart), nor does a
    pronoun or a lone title (``نحن``, ``الفريق``); the merged event keeps, for each role, the argument its
    most confident mention gave that names a party.

    Each re-mention in ``mentions`` keeps its own status, source and chain (:func:`mention_record`), as the
    gold keeps each ``same_as`` record's: a claim and the denial merged into it show both.
    The merged event keeps its first mention's status: a headline or lede states what later mentions
    retell inside quotes. Of the 70 dev events with re-mentions, 26 have mentions the status model reads
    differently; dev status right with the first mention's 159/193, the most confident mention's 156,
    the summed probabilities 155, "claimed" if any mention's 157, the first mention outside a quote's
    157, the last mention's 150 (docs/evaluation-log.md).
    """
    out: list[tuple[set[str], list[int], Event]] = []
    seen_triggers: set[tuple[str, int]] = set()
    for index, event in kept:
        if (event.type, index) in seen_triggers:
            continue
        seen_triggers.add((event.type, index))
        stems = _trigger_stems(ctx, event, index)
        first = _earlier_mention(ctx, out, index, event, stems, coref, conflicting)
        if first is not None:
            first[1].append(index)
            first[2].mentions.append(mention_record(event))
            for role in ("actor", "target", "place"):
                mine, theirs = getattr(first[2], role), getattr(event, role)
                if theirs is not None and (mine is None or (role in ROLES and _better_argument(theirs, mine))):
                    setattr(first[2], role, theirs)
            continue
        out.append((stems, [index], event))
    return [event for _, _, event in out]


def mention_record(event: Event) -> dict[str, Any]:
    """A re-mention as the event it merges into keeps it: its trigger span, and what the models decided
    for it alone — its status, its source and chain (a denial by its own party), its trigger confidence.
    Its ``chain_spans`` are located with the events' (:func:`marsad.attribution.chain_spans.locate_event_chains`)."""
    return {**{k: event.trigger[k] for k in ("start", "end", "text")}, "status": event.status,
            "source": dict(event.source) if isinstance(event.source, dict) else None,
            "chain": list(event.chain), "confidence": event.confidence}


def _earlier_mention(ctx: Context, out: list[tuple[set[str], list[int], Event]], index: int, event: Event,
                     stems: set[str], coref: BinaryModel | None,
                     conflicting: float | None = None) -> tuple[set[str], list[int], Event] | None:
    """The earlier event that ``event`` re-mentions: the likeliest one by the model, if any reaches
    its threshold (``conflicting`` where their arguments differ); without a model, the first whose
    trigger shares a stem and whose arguments agree."""
    same = [entry for entry in out if entry[2].type == event.type]
    if coref is None:
        return next((entry for entry in same if entry[0] & stems and _compatible(entry[2], event)), None)
    best: tuple[float, tuple[set[str], list[int], Event]] | None = None
    quoted = ctx.covering_quote(ctx.tokens[index].start) is not None
    for entry in same:
        sentence = ctx.tokens[index].sentence
        compatible = _compatible(entry[2], event)
        at_threshold = compatible or any(
            abs(ctx.tokens[k].sentence - sentence) <= NEAR_SENTENCES for k in entry[1])
        need = coref.threshold if at_threshold else _conflicting_threshold(entry[2], event, conflicting)
        if need is None:
            continue
        probs = [(coref.probability(coref_features(ctx, k, index, event.type)), k) for k in entry[1]]
        p, reach = max(pk for pk, _ in probs), max(need, coref.threshold)
        if p < reach and compatible:
            # a quote retelling the narrative's event in other words (or the narrative a quote's)
            retold = [pk for pk, k in probs if (ctx.covering_quote(ctx.tokens[k].start) is not None) != quoted]
            if retold and max(retold) >= QUOTE_RETOLD_THRESHOLD:
                p, reach = max(retold), QUOTE_RETOLD_THRESHOLD
        if p >= reach and (best is None or p > best[0]):
            best = (p, entry)
    return best[1] if best else None


def _trigger_stems(ctx: Context, event: Event, index: int) -> set[str]:
    span = ctx.token_span(int(event.trigger["start"]), int(event.trigger["end"])) or (index, index + 1)
    words = [ctx.tokens[k].form for k in range(*span) if ctx.tokens[k].is_word]
    stems = {bare(w) for w in words if lookup_trigger(w) is not None}
    return stems or {bare(ctx.tokens[index].form)}


# The argument model's probability under which an actor or target does not keep two mentions of one
# type apart (see merge_mentions). Chosen on dev among 0.3 / 0.35 / 0.4 / 0.5 with the merged event's
# arguments taken from its most confident mention: at 0.4 dev duplicates 6.3 % → 4.3 % at the same
# type+actor F1 (0.323); 0.5 reaches 3.1 % for −0.004. On the open train split in four folds (models
# fitted on the other folds) 0.4 gives 5.6 % → 5.5 % at the same type+actor F1 (docs/evaluation-log.md).
MERGE_ARGUMENT_FLOOR = 0.4

# The coreference probability from which a mention inside a quote and one of its type outside it merge when
# their arguments agree (where the model's own threshold is higher): a quote retelling the narrative's event
# in the speaker's words (`أوقفت الشرطة التركية` … «واعتقلت», `الهجمات` … «قصفت») mostly uses another word,
# which the coreference model, reading the trigger words alone, scores low (0.03–0.2 out of fold). Such pairs
# were the largest class of the duplicates out of fold (20 of 52, round 25). The open train and dev articles
# in four outer folds (tools/refit_cv.py's models, coreference threshold 0.3 in each): duplicates 2.6 % →
# 2.1 % (49/1902 → 39/1851), type F1 0.4316 → 0.4311, type+actor F1 0.2502 → 0.2504; dev (the shipped model,
# threshold 0.2): 8/369 → 7/364, type F1 0.4811 → 0.4816, type+actor F1 0.3077 → 0.3071. From 0.2 the folds
# gain less (42/1874), from 0.1 dev loses type+actor F1 (0.3045); docs/evaluation-log.md, round 25.
QUOTE_RETOLD_THRESHOLD = 0.15

# Mentions of one type at most this many sentences apart merge at the coreference model's own threshold
# even where their arguments differ: so close, the other party of a visit (`زيارة … أجرى خلالها محادثات
# مع`), a wrong phrase (`دعا فيه الأطباء`) or the same party named again differ more often than two
# events of one type do (dev: 8 of the 11 merges it adds are re-mentions). Dev (all 258 articles):
# duplicates 4.4 % → 3.1 % (13/297 → 9/286), type+actor F1 0.281 → 0.280; the open train split in four
# folds 3.8 % → 2.7 %, 0.253 → 0.250; the same sentence only (0): dev 3.5 %, 0.279 (docs/evaluation-log.md).
# The distance is in the analysed text's sentences, where a line break after a full stop is a sentence of
# its own (a third to a half of the dev sentences of every corpus but XQuAD hold no word): between paragraphs
# one per line, "one apart" is then the same sentence. Counting only sentences with words (the next sentence
# truly one apart), or 2, loses dev type+actor F1 0.3084 → 0.2860 for one duplicate fewer (round 18): across
# a full stop, differing actors are mostly two events.
NEAR_SENTENCES = 1


def _confidence(argument: dict[str, Any]) -> float:
    """An argument's confidence; one the rules gave (no ``confidence``) is taken as certain."""
    return float(argument.get("confidence", 1.0))


def _better_argument(theirs: dict[str, Any], mine: dict[str, Any]) -> bool:
    """Whether a later mention's argument replaces the merged event's: the more confident one, except
    that a phrase naming no party (a pronoun, a lone title) never replaces one that names a party."""
    if names_no_party(theirs) != names_no_party(mine):
        return names_no_party(mine)
    return _confidence(theirs) > _confidence(mine)


def _compatible(a: Event, b: Event, floor: float = MERGE_ARGUMENT_FLOOR) -> bool:
    """No role where both mentions name a different party (:func:`parties.one_party`: a pronoun or a lone
    title names none) with a confidence of at least ``floor``. A pronoun or a lone title as one side's
    actor kept two of the eight dev duplicates apart (``نحن نستقبل`` / ``زيارة`` (الرئيس شافيز), ``استقبل``
    (الفريق) / ``اللقاء``): counted as no contradiction, dev duplicates 2.3 % → 1.7 % (8/346 → 6/343) and
    type+actor F1 0.2915 → 0.2926 (docs/evaluation-log.md)."""
    for role in ROLES:
        x, y = getattr(a, role), getattr(b, role)
        if x and y and not one_party(x, y) and min(_confidence(x), _confidence(y)) >= floor:
            return False
    return True


# The coreference probability from which two mentions merge when only their targets differ (their actors
# name one party, or one mention names none): a target is right for half the matched events (an actor for
# about 0.63), and a re-mention's target is often another boundary or a wrong phrase (`إطلاق النار على وايد
# سيمز` … `بإطلاق النار على وايد حتى الموت`), so a differing target alone is weaker evidence of two events
# than a differing actor, which still needs the model file's threshold_conflicting (0.7). Dev: 0.3 to 0.6 give
# the same output (duplicates 10/432 → 9/430, type F1 0.4921 → 0.4932, type+actor F1 0.3084 → 0.3091); the
# open train split in four folds: 0.4 the best type and type+actor F1 (27/996 → 23/988, 0.4414 → 0.4431,
# 0.2520 → 0.2529), 0.3 fewer duplicates (21/984) for less (0.4420, 0.2525), 0.5 and 0.6 less of both.
# An actor under MERGE_ARGUMENT_FLOOR counted as agreeing here merges distinct visits and accusations on
# dev (type+actor F1 0.3063); docs/evaluation-log.md, round 18.
TARGET_CONFLICT_THRESHOLD = 0.4


def _conflicting_threshold(a: Event, b: Event, conflicting: float | None) -> float | None:
    """The probability two mentions whose arguments contradict need to merge: ``conflicting`` (None:
    never), or ``TARGET_CONFLICT_THRESHOLD`` when only their targets differ."""
    if conflicting is None:
        return None
    if not a.actor or not b.actor or one_party(a.actor, b.actor):
        return min(conflicting, TARGET_CONFLICT_THRESHOLD)
    return conflicting


EXTRACTION_CHOICES = ("learned", "rules")


def resolve_models(extraction: str, model_path: str | None) -> AttributionModels | None:
    """The models a stage should apply: none for ``rules``; a given file, else the shipped one."""
    if extraction not in EXTRACTION_CHOICES:
        raise ValueError(f"unknown extraction {extraction!r}; choose one of: {', '.join(EXTRACTION_CHOICES)}")
    if extraction == "rules":
        return None
    if model_path is not None:
        return load_models(Path(model_path))
    return shipped_models()
