"""PLOVER events: trigger, arguments, status and the chain of sources.

For every trigger (a verb, verbal noun or phrase from ``data/event_types.yaml``)
outside boilerplate:

* arguments come from the trigger's clause (between commas/full stops): a
  phrase right before a verb is its subject (SVO); otherwise the phrase after a
  verb is the subject (VSO) and the next one the object; after a verbal noun the
  genitive is the actor and a phrase after ``على``/``ضد`` the target.  An object
  pronoun (``رفضته``, ``وافقت عليه``) points back to a referent noun (القرار).
  Coordinated actors (``روسيا والصين وبوليفيا``) give one event each;
* the place is a place mention in the clause (else the sentence); for attacks,
  coordinated places (``خان شيخون … ومدينة دوما``) give one event each;
* the date is a time expression in the sentence, else the publication date;
* status: inside a quotation's content the event is ``claimed`` by its speaker
  (``denied`` under a verb of denial) and inherits the quotation's chain;
  negation right before the trigger makes it ``denied``; a modal cue earlier in
  the clause makes it ``planned`` or ``hypothetical``;
* figures (killed, injured, fighters, vehicles…) in the sentence are attached to
  its hostile events, each with the speaker who reported it;
* a party's claim that another party committed a hostile act is also that
  party's ACCUSE (asserted: the outlet reports the accusation itself).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from marsad.attribution.issuers import IssuerFinder
from marsad.attribution.lexicon import (
    PHRASE,
    TRIGGER,
    VOTE,
    Trigger,
    figure_kind,
    fold,
    is_vote_word,
    lexicon,
    lookup_cue,
    lookup_trigger,
    mode_cue,
    strip_proclitics,
)
from marsad.attribution.phrases import Phrase, finder_for
from marsad.attribution.text import CLAUSE_END, AnalysedText, Sentence
from marsad.document import Event, Quote

_DATE_PREFIX = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?")
_PLACE_CONTAINERS = {fold(w) for w in ("ريف", "محافظة", "منطقة", "مدينة", "بلدة", "قرية", "حي")}
_FROM = (fold("من"),)
_VERB_CONTEXT = {fold(w) for w in ("قد", "لم", "لن", "أن", "سوف", "يكون", "كان", "كانت", "تكون")}
_RELATIVES = {fold(w) for w in ("الذي", "التي", "الذين")}
_PEOPLE = {fold(w) for w in ("شخص", "شخصا", "أشخاص", "مدنيا", "مدنيين", "جنود", "جنديا")}
_ENTITY_ACTOR_TYPES = {"PERSON", "PER", "PERS", "ORG", "GPE", "NORP"}


def _source_ref(party: dict[str, Any]) -> dict[str, Any]:
    """An event's source: the party's words, canonical name and, when the party is a span of the
    text (a speaker, an accuser), its offsets, so the source is cited like every other annotation."""
    source = {"text": party["text"], "canonical": party.get("canonical")}
    if isinstance(party.get("start"), int) and isinstance(party.get("end"), int):
        source.update(start=party["start"], end=party["end"])
    return source


@dataclass(slots=True)
class QuoteScope:
    quote: Quote
    cue_tok: int
    first: int
    last: int
    denied: bool
    reporter: bool


@dataclass(slots=True)
class Found:
    trigger: Trigger
    first: int
    last: int


@dataclass(slots=True)
class Args:
    actors: list[dict[str, Any] | None]
    target: dict[str, Any] | None
    actor_tokens: set[int] = field(default_factory=set)


# first token, end token and record of a place mention
_PlaceMention = tuple[int, int, dict[str, Any]]


def _specificity(p: _PlaceMention) -> int:
    precision = p[2].get("precision")
    return precision if isinstance(precision, int) else 5  # town 1 … country 4


# (accuser, accused, first token of the charge) of an ACCUSE in a sentence
_Accusation = tuple[dict[str, Any], dict[str, Any] | None, int]


@dataclass(slots=True)
class _SentenceRun:
    """The events found so far in one sentence, and what later triggers look back at."""

    out: list[tuple[Found, Event]] = field(default_factory=list)
    seen_clause_types: set[tuple[int, str]] = field(default_factory=set)
    # sentence → the ACCUSE in it
    accusers: dict[int, _Accusation] = field(default_factory=dict)


class EventFinder:
    def __init__(self, at: AnalysedText) -> None:
        self.at = at
        self.doc = at.doc
        self.lex = lexicon()
        self.pf = finder_for(at)
        self.issuers = IssuerFinder(at, self.pf)
        self.starts = [t.start for t in at.tokens]
        self.scopes = [self.scope_of(q) for q in self.doc.quotes]
        self.index_scopes()
        self.place_mentions = self.index_places()
        self.place_firsts = [p[0] for p in self.place_mentions]
        self.times_by_start = sorted(self.doc.times, key=lambda t: t.start)
        self.time_starts = [t.start for t in self.times_by_start]
        self.agent_heads = {marker[0] for marker in self.lex.agent_markers}
        self.referent_heads = {ref[0] for ref in self.lex.referents}
        # modal cues by status (hypothetical first: it wins) and first word → the words after it
        self.modal_cues: list[tuple[str, dict[str, list[tuple[str, ...]]]]] = []
        for status, cues in (("hypothetical", self.lex.hypothetical), ("planned", self.lex.planned)):
            by_head: dict[str, list[tuple[str, ...]]] = {}
            for cue in cues:
                by_head.setdefault(cue[0], []).append(cue[1:])
            self.modal_cues.append((status, by_head))
        # tokens inside a short quotation: a name in marks, not an event ("“الخوذ البيضاء”")
        self.quoted_names = {k for o, c in at.quote_pairs.items() if c - o <= 5 for k in range(o + 1, c)}

    # -- indexing ---------------------------------------------------------------
    def token_at(self, offset: int) -> int:
        return max(0, bisect_right(self.starts, offset) - 1)

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        first = self.token_at(start)
        if first < len(self.starts) and self.at.tokens[first].end <= start:
            first += 1
        last = bisect_right(self.starts, max(start, end - 1))
        return first, max(first, last)

    def scope_of(self, q: Quote) -> QuoteScope:
        first, last = self.token_range(q.content["start"], q.content["end"])
        cue_tok = self.token_at(q.cue["start"])
        cue = lookup_cue(fold(q.cue.get("text", "")).replace(".", ""))
        speaker_text = fold(str((q.speaker or {}).get("text", "")))
        reporter = any(c in self.lex.reporter_nouns for w in speaker_text.split() for c in strip_proclitics(w))
        return QuoteScope(q, cue_tok, first, last, cue is not None and cue.polarity == "deny", reporter)

    def index_scopes(self) -> None:
        """The quotation scopes by first token (ties in the order of the quotes), with the furthest
        last token so far, and by the sentence of their cue: a long document asks for them per token."""
        self.scopes_by_first = sorted(range(len(self.scopes)), key=lambda k: (self.scopes[k].first, k))
        self.scope_firsts = [self.scopes[k].first for k in self.scopes_by_first]
        self.scope_reach: list[int] = []
        for k in self.scopes_by_first:
            self.scope_reach.append(max(self.scope_reach[-1] if self.scope_reach else -1, self.scopes[k].last))
        self.scopes_by_cue_sentence: dict[int, list[QuoteScope]] = {}
        for sc in self.scopes:
            self.scopes_by_cue_sentence.setdefault(self.at.tokens[sc.cue_tok].sentence, []).append(sc)

    def places_between(self, first: int, last: int, avoid: set[int]) -> list[_PlaceMention]:
        """The place mentions whose first token is in ``[first, last)`` and not avoided, in order."""
        lo, hi = bisect_left(self.place_firsts, first), bisect_left(self.place_firsts, last)
        return [p for p in self.place_mentions[lo:hi] if p[0] not in avoid]

    def index_places(self) -> list[_PlaceMention]:
        out: list[_PlaceMention] = []
        for place in self.doc.places:
            for m in place.mentions:
                first, last = self.token_range(m[0], m[1])
                if last <= first:
                    continue
                out.append((first, last, {
                    "name": place.canonical or place.name, "id": place.id, "lat": place.lat, "lon": place.lon,
                    "text": self.doc.text[m[0]:m[1]], "start": m[0], "end": m[1], "precision": place.precision,
                }))
        out.sort(key=lambda x: x[0])
        return out

    # -- triggers ----------------------------------------------------------------
    def triggers_in(self, sent: Sentence) -> list[Found]:
        toks = self.at.tokens
        found: list[Found] = []
        free = sent.first  # the first token no phrase found so far takes
        for i in self.at.flagged_in(TRIGGER | PHRASE | VOTE, sent.first, sent.last):
            if i < free or self.pf.entity_at[i] is not None or i in self.quoted_names:
                continue
            tok = toks[i]
            hit = self.match_phrase(i, sent.last) or self.match_gapped_phrase(i, sent.last) or self.split_phrase(i, sent)
            if hit is not None:
                found.append(hit)
                free = hit.last
                continue
            trig = lookup_trigger(tok.form) or self.vote_trigger(i, sent)
            if trig is not None and trig.type == "SUPPORT" and trig.verbal and self.agreement_follows(i, sent):
                trig = Trigger("AGREE", None, trig.present, True)  # "وافق على تفاهم مع": an agreement
            if trig is not None and not trig.verbal and i > sent.first and toks[i - 1].form in _VERB_CONTEXT:
                # "قد قصف", "لم يقصف", "أن هاجم": the verb reading of a form that is also a noun
                trig = self.lex.verb_forms.get(tok.form, trig)
            if trig is not None:
                found.append(Found(trig, i, i + 1))
        # a killing word is an event of its own only when its clause has no other attack word
        strong = {(self.clause(f.first, f.last, sent)[0], f.trigger.type) for f in found if not f.trigger.weak}
        return [
            f for f in found
            if not (f.trigger.weak and (self.clause(f.first, f.last, sent)[0], f.trigger.type) in strong)
        ]

    def agreement_follows(self, i: int, sent: Sentence) -> bool:
        """An agreement noun within three words after a verb of approval."""
        toks = self.at.tokens
        for k in range(i + 1, min(sent.last, i + 4)):
            hit = lookup_trigger(toks[k].form)
            if hit is not None and hit.type == "AGREE" and not hit.verbal:
                return True
        return False

    def split_phrase(self, i: int, sent: Sentence) -> Found | None:
        """``أطلق مسلحون النار``: a verb and its object with the subject in between."""
        toks = self.at.tokens
        entry = next((self.lex.split_phrases[c] for c in strip_proclitics(toks[i].form)
                      if c in self.lex.split_phrases), None)
        if entry is None:
            return None
        objects, trig = entry
        for k in range(i + 1, min(sent.last, i + 6)):
            if toks[k].form in CLAUSE_END:
                return None
            if any(c in objects for c in strip_proclitics(toks[k].form)):
                return Found(trig, i, k + 1)
        return None

    def vote_trigger(self, i: int, sent: Sentence) -> Trigger | None:
        """A vote is SUPPORT or REJECT by the side named later in its clause."""
        lex = self.lex
        if not is_vote_word(self.at.tokens[i].form):
            return None
        toks = self.at.tokens
        for k in range(i + 1, sent.last):
            form = toks[k].form
            if form in CLAUSE_END:
                break
            if form in lex.vote_against:
                return Trigger("REJECT", None, False, True, vote=True)
            if form in lex.vote_for:
                return Trigger("SUPPORT", None, False, True, vote=True)
        return None

    def match_phrase(self, i: int, end: int) -> Found | None:
        toks = self.at.tokens
        heads = [h for h in strip_proclitics(toks[i].form) if h in self.lex.phrase_heads]
        if not heads:
            return None
        for n in range(min(self.lex.max_phrase, end - i), 1, -1):
            rest = tuple(toks[i + k].form for k in range(1, n))
            for head in heads:
                trig = self.lex.phrases.get((head, *rest))
                if trig is not None:
                    return Found(trig, i, i + n)
        return None

    def match_gapped_phrase(self, i: int, end: int) -> Found | None:
        """A noun phrase broken by adjectives, its genitive under ل: ``وقف فوري وشامل لإطلاق النار``
        is the ceasefire of ``وقف إطلاق النار``; read word by word, its ``إطلاق النار`` is a shooting."""
        toks, lex = self.at.tokens, self.lex
        tables = [lex.gap_heads[h] for h in strip_proclitics(toks[i].form) if h in lex.gap_heads]
        if not tables:
            return None
        k = i + 1
        while k < end and k - i <= lex.gap_max and not lex.gap_adjectives.isdisjoint(strip_proclitics(toks[k].form)):
            k += 1
        for table in tables:
            for rest, trig in table.items():
                if k + len(rest) <= end and all(toks[k + n].form == w for n, w in enumerate(rest)):
                    return Found(trig, i, k + len(rest))
        return None

    # -- clauses -------------------------------------------------------------------
    def clause(self, first: int, last: int, sent: Sentence) -> tuple[int, int]:
        toks = self.at.tokens
        c0 = first
        while c0 > sent.first and toks[c0 - 1].form not in CLAUSE_END:
            c0 -= 1
        c1 = last
        while c1 < sent.last and toks[c1].form not in CLAUSE_END:
            c1 += 1
        return c0, c1

    def scope_at(self, i: int) -> QuoteScope | None:
        """The innermost quotation holding token ``i``: the one that starts last (of two starting
        together, the later quote)."""
        k = bisect_right(self.scope_firsts, i) - 1
        while k >= 0 and self.scope_reach[k] > i:  # no earlier scope reaches ``i`` once this fails
            sc = self.scopes[self.scopes_by_first[k]]
            if i < sc.last:
                return sc
            k -= 1
        return None

    # -- arguments -----------------------------------------------------------------
    def is_place(self, ph: Phrase) -> bool:
        head = ph.first + 1 if ph.first in self.at.quote_pairs else ph.first
        return head in self.pf.place_tokens and (ph.entity is None or ph.entity.type not in ("ORG", "PERSON"))

    def actor_like(self, ph: Phrase | None) -> bool:
        if ph is None or (self.is_place(ph) and not self.is_gpe(ph)):
            return False
        head = self.at.tokens[ph.first].form
        if ph.first not in self.at.quote_pairs and (lookup_trigger(head) is not None or head in self.lex.figure_kinds):
            return False
        if self.is_victim(ph):
            return False
        if ph.entity is not None:
            return ph.entity.type != "LOC"
        if ph.first in self.at.quote_pairs:
            return True
        if self.quantity_headed(ph):
            return True  # "وافقت عليه تسع دول"
        if any(c.startswith("ال") or c in self.lex.agent_nouns for c in strip_proclitics(head)):
            return True
        if self.pf.is_title(ph.first):
            return True
        # definite by construct state: "قوات الأمن", "طيران التحالف" (not an imperfect verb: "يزال المحققون")
        return (ph.last > ph.first + 1 and self.at.tokens[ph.first + 1].form.startswith("ال")
                and not head.startswith("ي"))

    def subject_np(self, ph: Phrase | None) -> Phrase | None:
        """A definite subject ends where an indefinite word starts its object ("الغارات الجوية عدداً")."""
        if ph is None or not self.at.tokens[ph.first].form.startswith(("ال", "وال", "فال")):
            return ph
        toks = self.at.tokens
        for k in range(ph.first + 1, ph.last):
            if self.pf.entity_at[k] is not None or k in self.at.quote_pairs or not toks[k].is_word:
                continue
            if not toks[k].form.startswith(("ال", "وال")):
                return Phrase(ph.first, k, self.pf.best_entity(ph.first, k))
        return ph

    def is_statement(self, i: int) -> bool:
        return any(c in self.lex.statement_nouns for c in strip_proclitics(self.at.tokens[i].form))

    def skip_fillers(self, k: int, end: int) -> int:
        return self._skip_listed(self.skip_adverb(k, end), end, self.lex.fillers)

    def skip_adverb(self, k: int, end: int) -> int:
        """Past a time adverb at ``k`` (``نستقبل الآن قائدا``): it names no party and stops a phrase."""
        return self._skip_listed(k, end, self.lex.time_adverbs)

    def _skip_listed(self, k: int, end: int, runs: Iterable[tuple[str, ...]]) -> int:
        """Past the first listed run of word forms that stands at ``k`` (ending by ``end``), or ``k``."""
        toks = self.at.tokens
        for run in runs:
            n = len(run)
            if k + n <= end and tuple(toks[k + m].form for m in range(n)) == run:
                return k + n
        return k

    def arg(self, ph: Phrase) -> dict[str, Any]:
        ent = ph.entity
        if ent is not None and self.pf.entity_phrase(ph.first) == Phrase(ph.first, ph.last, ent):
            # the entity's own span: without the conjunction glued to "والصين"
            return {"text": ent.text, "canonical": ent.canonical, "start": ent.start, "end": ent.end}
        rec = self.pf.record(ph)
        return {"text": rec["text"], "canonical": rec["canonical"], "start": rec["start"], "end": rec["end"]}

    def split_actors(self, ph: Phrase) -> list[dict[str, Any] | None]:
        ents = self.pf.entities_in(ph.first, ph.last)
        if len(ents) >= 2 and all(self.at.tokens[e.first].form.startswith("و") for e in ents[1:]):
            return [self.arg(e) for e in ents]
        return [self.arg(ph)]

    def referent(self, before: int, sent: Sentence) -> dict[str, Any] | None:
        toks = self.at.tokens
        lower = self.at.sentences[sent.index - 1].first if sent.index > 0 else sent.first
        heads = self.referent_heads
        for k in range(before - 1, lower - 1, -1):
            if not any(w in heads for w in strip_proclitics(toks[k].form)):
                continue  # no referent starts here
            for ref in self.lex.referents:
                n = len(ref)
                if k + n > len(toks):
                    continue
                if ref[0] in strip_proclitics(toks[k].form) and all(
                    toks[k + m].form == ref[m] for m in range(1, n)
                ):
                    return self.arg(Phrase(k, k + n, None))
        return None

    def arguments(self, f: Found, sent: Sentence, c0: int, c1: int) -> Args:
        """Actor(s) and target of a trigger, by the strategy its kind calls for."""
        k, pronoun_object = self.past_trigger(f, c1)
        trig = f.trigger
        if trig.weak:
            actor_ph, obj = self.weak_arguments(f, c0, c1, k)
        elif trig.verbal:
            if trig.vote:
                return self.vote_arguments(f, c0, c1)
            if trig.split:
                return self.split_arguments(f, c0, c1)
            pronoun_object = pronoun_object or self.glued_object_pronoun(f)
            actor_ph, obj = self.verb_arguments(f, c0, c1, k)
        else:
            actor_ph, obj = self.noun_arguments(f, c0, c1, k)
        if obj is None and trig.type in self.lex.hostile and not trig.weak:
            obj = self.exposed(f, c0) or self.victims_before(f, c0)
        return self.build_args(f, sent, actor_ph, obj, pronoun_object)

    def past_trigger(self, f: Found, c1: int) -> tuple[int, bool]:
        """The first token after the trigger's adjectives and object pronoun, and whether there was one."""
        toks = self.at.tokens
        k = f.last
        while k < c1 and toks[k].form in self.lex.trigger_adjectives:
            k += 1  # "الغارة الجوية": an adjective, not the genitive
        if k < c1 and toks[k].form in self.lex.object_pronouns:
            return k + 1, True
        return k, False

    def glued_object_pronoun(self, f: Found) -> bool:
        """A verb with an object pronoun glued on (رفضته)."""
        form = self.at.tokens[f.first].form
        return form not in self.lex.triggers and any(form.endswith(s) for s in ("ه", "ها", "هم", "ته"))

    def relative_antecedent(self, j: int, c0: int) -> Phrase | None:
        """``عبدالعزيز الذي قتل 5 جنود``: the phrase before the relative pronoun before ``j``."""
        if j - 1 >= c0 and self.at.tokens[j - 1].form in _RELATIVES:
            return self.pf.phrase_before(j - 1, c0)
        return None

    def weak_arguments(self, f: Found, c0: int, c1: int, k: int) -> tuple[Phrase | None, Phrase | None]:
        """"مقتل 27 شخصاً", "قُتل خمسة جنود": the victim follows a killing word."""
        toks = self.at.tokens
        obj = self.pf.phrase_after(self.skip_fillers(k, c1), c1)
        before = self.pf.phrase_before(f.first, c0)
        if f.trigger.verbal and before is not None and (
            obj is None or toks[obj.first].form[:1] in "وب"
        ):
            # "جندياً تركياً قُتل وأصيب آخر", "شرطيين قُتلا برصاصة": the victim came first
            obj, before = before, None
        if before is None:
            before = self.relative_antecedent(f.first, c0)
        actor_ph = before if f.trigger.verbal and self.actor_like(before) else None
        if actor_ph is None:
            # "قتل عنصر … على يد قوات الأمن"; a bare "من" after a killing word is partitive
            actor_ph = self.agent_after(k, c1, explicit_only=True)
        return actor_ph, obj

    def verb_subject_before(self, f: Found, c0: int) -> tuple[int, Phrase | None]:
        """The phrase before a verb (past its status particles), and where the particles start."""
        toks = self.at.tokens
        j = f.first
        while j - 1 >= c0 and toks[j - 1].form in self.lex.status_particles:
            j -= 1  # "طائراتها لم تقصف": the subject stands before the particle
        before = self.pf.phrase_before(j, c0)
        if before is None:
            before = self.relative_antecedent(j, c0)
        if before is not None and self.is_statement(before.last - 1):
            before = Phrase(before.last - 1, before.last, None)  # "تقريراً اتهمت…": the report
        return j, before

    def svo_subject(self, before: Phrase | None, j: int) -> bool:
        """The phrase before the verb is its subject (subject-verb-object order)."""
        if before is None:
            return False
        adjacent = before.last == j and not self.quantity_headed(before) and not self.governed(before)
        return (
            (self.actor_like(before) and not self.governed(before)) or adjacent or self.is_statement(before.first)
        )

    def verb_arguments(self, f: Found, c0: int, c1: int, k: int) -> tuple[Phrase | None, Phrase | None]:
        j, before = self.verb_subject_before(f, c0)
        if f.trigger.participle:
            return None, self.phrase_skipping_preps(k, c1)  # "…، متهمةً منظمة X": X is the target
        if self.svo_subject(before, j):
            return before, self.phrase_skipping_preps(k, c1)
        k = self.skip_fillers(k, c1)
        after = self.subject_np(self.pf.phrase_after(k, c1))
        # verb-first: the phrase after the verb is its subject, definite or not
        if after is not None and self.vso_subject(f, after):
            return after, self.phrase_skipping_preps(after.last, c1)
        return None, self.phrase_skipping_preps(k, c1)

    def vso_subject(self, f: Found, after: Phrase) -> bool:
        """The phrase after a verb is its subject: not a place, a victim, an indefinite or a trigger."""
        if self.is_place(after) and not self.is_gpe(after):
            return False
        if self.is_victim(after):
            return False
        if f.last - f.first > 1 and not self.actor_like(after):
            return False  # an indefinite phrase after a phrase trigger
        return lookup_trigger(self.at.tokens[after.first].form) is None

    def noun_arguments(self, f: Found, c0: int, c1: int, k: int) -> tuple[Phrase | None, Phrase | None]:
        after = self.pf.phrase_after(k, c1)
        actor_ph, obj = self.genitive_arguments(f, c1, k, after)
        if actor_ph is None:
            actor_ph = self.agent_after(k, c1)
        # a target after "على"/"ضد", past the genitive: "هجوم التنظيم على المدينة"
        if obj is None:
            obj = self.phrase_skipping_preps(after.last if after is not None else k, c1, require_prep=True)
        if actor_ph is None:
            actor_ph = self.clause_subject(f.first, c0)
        return actor_ph, obj

    def genitive_arguments(
        self, f: Found, c1: int, k: int, after: Phrase | None
    ) -> tuple[Phrase | None, Phrase | None]:
        """What the phrase after a verbal noun is: ``بين X و Y``, its target, or its actor."""
        between = self.between_args(k, c1)
        if between is not None:
            return between
        if f.trigger.genitive_target:
            return None, self.genitive_target(c1, k, after)
        if any(c in self.lex.instrument_nouns for c in strip_proclitics(self.at.tokens[f.first].form)):
            return None, None  # "قذائف الهاون": the weapon, not who fired it
        if after is not None and self.actor_like(after) and not self.quantity_headed(after):
            return after, None
        return None, None

    def genitive_target(self, c1: int, k: int, after: Phrase | None) -> Phrase | None:
        if after is not None and not self.is_place(after):
            return after
        tok = self.at.tokens[k] if k < c1 else None
        if tok is not None and tok.form.startswith("ل") and tok.is_word:
            return self.pf.phrase_after(k, c1, force_first=True)  # "مساعدات للنازحين": the recipient
        return None

    def second_subject(self, actor_ph: Phrase | None, obj: Phrase | None) -> tuple[Phrase | None, Phrase | None]:
        """"يتهم النظام السوري وحليفه الروسي الخوذ البيضاء": a second subject, then the object.

        Returns the second subject (or None) and the object without it.
        """
        if actor_ph is None or obj is None or not self.at.tokens[obj.first].form.startswith("و"):
            return None, obj
        inner = next((e for e in self.pf.entities_in(obj.first + 1, obj.last)), None)
        if inner is None or inner.first <= obj.first:
            return None, obj
        return Phrase(obj.first, inner.first, None), Phrase(inner.first, obj.last, self.pf.best_entity(inner.first, obj.last))

    def build_args(
        self, f: Found, sent: Sentence, actor_ph: Phrase | None, obj: Phrase | None, pronoun_object: bool
    ) -> Args:
        extra_actor, obj = self.second_subject(actor_ph, obj)
        target: dict[str, Any] | None = None
        if obj is not None and not self.is_place(obj):
            target = self.arg(obj)
        elif pronoun_object:
            target = self.referent(f.first, sent)
        actors: list[dict[str, Any] | None] = self.split_actors(actor_ph) if actor_ph is not None else [None]
        if extra_actor is not None:
            second = self.arg(extra_actor)
            if second["text"][:1] == "و":  # "وحليفه الروسي": the conjunction is not the name
                second = {**second, "text": second["text"][1:], "start": second["start"] + 1}
            if second["text"].strip():
                actors.append(second)
        return Args(actors, target, _token_set(actor_ph) | _token_set(obj))

    def split_arguments(self, f: Found, c0: int, c1: int) -> Args:
        """Subject between the verb and its object, target after the object."""
        inner = self.pf.phrase_after(f.first + 1, f.last - 1)
        actor_ph = inner if inner is not None else self.pf.phrase_before(f.first, c0)
        if actor_ph is not None and not self.actor_like(actor_ph) and inner is None:
            actor_ph = None
        k = f.last
        toks = self.at.tokens
        while k < c1 and toks[k].form in self.lex.trigger_adjectives:
            k += 1  # "شن … الغارات الجوية على قواعد"
        obj = self.phrase_skipping_preps(k, c1)
        if obj is not None and self.is_place(obj):
            obj = None
        actors: list[dict[str, Any] | None] = self.split_actors(actor_ph) if actor_ph is not None else [None]
        tokens = set(range(actor_ph.first, actor_ph.last)) if actor_ph is not None else set()
        return Args(actors, self.arg(obj) if obj is not None else None, tokens)

    def vote_arguments(self, f: Found, c0: int, c1: int) -> Args:
        """``صوتت روسيا ضد مشروع القرار``: the voters act; the side word names the target."""
        toks = self.at.tokens
        lex = self.lex
        side = next((m for m in range(f.last, c1) if toks[m].form in lex.vote_against | lex.vote_for), c1)
        actor_ph = self.pf.phrase_after(self.skip_fillers(f.last, side), side)
        target: dict[str, Any] | None = None
        for m in range(side, c1):
            form = toks[m].form
            if form in lex.vote_against or form in lex.vote_for:
                obj = self.pf.phrase_after(m + 1, c1)
                if obj is not None:
                    target = self.arg(obj)
                elif form.endswith(("ه", "ها")):
                    target = self.referent(m, self.at.sentence_of(m))
                break
        actors: list[dict[str, Any] | None] = self.split_actors(actor_ph) if actor_ph is not None else [None]
        tokens = set(range(actor_ph.first, actor_ph.last)) if actor_ph is not None else set()
        return Args(actors, target, tokens)

    def phrase_skipping_preps(self, k: int, end: int, *, require_prep: bool = False) -> Phrase | None:
        toks = self.at.tokens
        had_prep = False
        k = self.skip_adverb(k, end)
        while k < end and toks[k].form in self.lex.target_preps:
            had_prep = True
            k += 1
        if require_prep and not had_prep:
            # a target glued to its preposition: "على مواقع", "ضد المدنيين", or "بالضلوع" → none
            return None
        return self.pf.phrase_after(k, end)

    def governed(self, ph: Phrase) -> bool:
        """A phrase right after a preposition ("ضد المدنيين") is not a subject."""
        if ph.first == 0:
            return False
        prev = self.at.tokens[ph.first - 1].form
        return any(c in self.lex.target_preps or c in self.lex.speaker_stops for c in strip_proclitics(prev))

    def exposed(self, f: Found, c0: int) -> Phrase | None:
        """``تعرض بلدة الزبداني لهجوم``: the one exposed to the attack is its target."""
        toks = self.at.tokens
        if not toks[f.first].form.startswith("ل"):
            return None
        for k in range(f.first - 1, c0 - 1, -1):
            if any(c in self.lex.exposure_verbs for c in strip_proclitics(toks[k].form)):
                ph = self.pf.phrase_after(k + 1, f.first)
                return ph if ph is not None and not self.is_place(ph) else None
        return None

    def victims_before(self, f: Found, c0: int) -> Phrase | None:
        """``بمقتل اثنين من قادة التنظيم في غارة``: who was killed is the attack's target."""
        toks = self.at.tokens
        for k in range(f.first - 1, c0 - 1, -1):
            words = strip_proclitics(toks[k].form)
            if any(self.lex.figure_kinds.get(w) in ("killed", "injured") for w in words):
                ph = self.pf.phrase_after(k + 1, f.first)
                if ph is not None and not self.is_place(ph):
                    return ph
        return None

    def is_gpe(self, ph: Phrase) -> bool:
        return ph.entity is not None and ph.entity.type == "GPE"

    def quantity_headed(self, ph: Phrase) -> bool:
        head = self.at.tokens[ph.first].form
        return head.isdigit() or any(c in self.lex.quantities for c in strip_proclitics(head))

    def is_victim(self, ph: Phrase) -> bool:
        """A counted phrase of people killed/injured ("27 شخصاً") is not an agent."""
        return self.quantity_headed(ph) and any(
            c in self.lex.figure_kinds or c in _PEOPLE for i in range(ph.first, ph.last)
            for c in strip_proclitics(self.at.tokens[i].form)
        )

    def between_args(self, k: int, end: int) -> tuple[Phrase, Phrase | None] | None:
        """``اشتباكات بين X و Y``: X acts, Y is the target."""
        toks = self.at.tokens
        if k >= end or toks[k].form not in self.lex.between:
            return None
        first = self.pf.phrase_after(k + 1, end)
        if first is None:
            return None
        j = first.last
        while j < end and not toks[j].form.startswith("و"):
            j += 1
        second = self.pf.phrase_after(j, end, force_first=True) if j < end else None
        return first, second

    def agent_after(self, k: int, end: int, *, explicit_only: bool = False) -> Phrase | None:
        """``هجوم شنه تنظيم داعش``, ``قصف … من قوات النظام``: the agent named after the trigger.

        Explicit markers (``على يد``, ``من قبل``, ``شنه``) win over a bare ``من``.
        """
        toks = self.at.tokens
        heads = self.agent_heads
        window = range(k, min(end, k + 8))
        for bare_from in (False,) if explicit_only else (False, True):
            for m in window:
                if toks[m].form not in heads:
                    continue
                if bare_from and m > 0 and (toks[m - 1].form.isdigit() or any(
                    c in self.lex.quantities for c in strip_proclitics(toks[m - 1].form)
                )):
                    continue  # "13 من عناصرهم": a part of a count, not an agent
                for marker in self.lex.agent_markers:
                    if (marker == _FROM) != bare_from:
                        continue
                    n = len(marker)
                    if m + n > end or tuple(toks[m + q].form for q in range(n)) != marker:
                        continue
                    ph = self.pf.phrase_after(m + n, end, force_first=True)
                    if ph is None or not self.actor_like(ph):
                        continue
                    agent_head = any(c in self.lex.agent_nouns for c in strip_proclitics(toks[ph.first].form))
                    if bare_from and not agent_head and self.pf.entity_at[ph.first] is None:
                        continue  # "تحرير الجامعة من سيطرة التنظيم": from, not by
                    return ph
        return None

    def clause_subject(self, i: int, c0: int) -> Phrase | None:
        """The subject at the start of the trigger's clause (after a complementiser or a first verb)."""
        toks = self.at.tokens
        k = self.clause_subject_start(i, c0)
        if k is None:
            return None
        ph = self.pf.entity_phrase(k) or self.subject_np(self.pf.phrase_after(k, i, limit=3))
        if ph is None or ph.last > i or not (self.actor_like(ph) or self.agent_headed(ph)) or self.quantity_headed(ph):
            return None
        nxt = lookup_trigger(toks[ph.last].form) if ph.last < len(toks) else None
        if nxt is not None and nxt.weak:
            return None  # "الجنود قُتلوا": the subject of a killing verb is its victim
        return ph

    def agent_headed(self, ph: Phrase | None) -> bool:
        return ph is not None and any(
            c in self.lex.agent_nouns for c in strip_proclitics(self.at.tokens[ph.first].form)
        )

    def clause_subject_start(self, i: int, c0: int) -> int | None:
        """Where the clause's subject may start, before ``i``: past complementisers and a first verb."""
        toks = self.at.tokens
        scope = self.scope_at(i)
        k = max(c0, scope.first) if scope is not None else c0
        while k < i and (not toks[k].is_word or toks[k].form in self.lex.complementizers):
            k += 1
        if k < i and any(c in self.lex.speaker_stops for c in strip_proclitics(toks[k].form)):
            return None  # "وفي العراق أصابت الغارات": a prepositional phrase, no subject here
        if k >= i:
            return None
        agentive = self.agent_headed(self.pf.phrase_after(k, i, limit=3))
        if not agentive and self.pf.entity_at[k] is None and not toks[k].form.startswith(("ال", "وال")):
            k += 1  # a verb first: "شنت طائرات النظام غارات"
        return k if k < i else None

    # -- place, date, status ---------------------------------------------------------
    def places_for(self, f: Found, sent: Sentence, c0: int, c1: int, avoid: set[int]) -> list[dict[str, Any]]:
        pool = self.place_pool(f, sent, c0, c1, avoid)
        if not pool:
            return []
        chosen = [self.primary_place(f, pool)]
        if f.trigger.type in self.lex.split_places:
            chosen.extend(self.coordinated_places(sent, avoid, chosen[0]))
        seen: set[str] = set()
        out: list[dict[str, Any]] = []
        for p in chosen:
            key = str(p[2]["name"])
            if key not in seen:
                seen.add(key)
                out.append({k: v for k, v in p[2].items()})
        return out

    def sentence_places(self, sent: Sentence, avoid: set[int]) -> list[_PlaceMention]:
        return self.places_between(sent.first, sent.last, avoid)

    def place_pool(self, f: Found, sent: Sentence, c0: int, c1: int, avoid: set[int]) -> list[_PlaceMention]:
        in_clause = self.places_between(c0, c1, avoid)
        if f.trigger.type not in self.lex.physical:
            return in_clause  # a statement's place is where it is made, said in its own clause
        return in_clause or self.sentence_places(sent, avoid)

    def is_container(self, first: int) -> bool:
        """"بإدلب", "بريف دمشق": the province that contains the place just named."""
        toks = self.at.tokens
        form = toks[first].form
        if form.startswith("ب") and not form.startswith("بن"):
            return True
        prev = toks[first - 1].form if first > 0 else ""
        return prev.startswith("ب") and any(c in _PLACE_CONTAINERS for c in strip_proclitics(prev))

    def primary_place(self, f: Found, pool: list[_PlaceMention]) -> _PlaceMention:
        """The most specific place named after the trigger ("في سوريا … قرب الحسكة" → الحسكة)."""
        after = [p for p in pool if p[0] >= f.last and not self.is_container(p[0])] or [
            p for p in pool if p[0] >= f.last
        ]
        if after:
            return min(after, key=_specificity)
        before = [p for p in pool if p[0] < f.first]
        return before[-1] if before else pool[0]

    def coordinated_places(self, sent: Sentence, avoid: set[int], primary: _PlaceMention) -> list[_PlaceMention]:
        """For attacks: "خان شيخون … ومدينة دوما" are places of their own."""
        toks = self.at.tokens
        out: list[_PlaceMention] = []
        for p in self.sentence_places(sent, avoid):
            if p[0] <= primary[0] or self.is_container(p[0]):
                continue
            lead = [toks[q].form for q in range(max(sent.first, p[0] - 2), p[0] + 1) if toks[q].is_word]
            if any(w.startswith("و") for w in lead):
                out.append(p)
        return out

    def date_for(self, sent: Sentence, planned: bool = False) -> str | None:
        s0 = self.at.tokens[sent.first].start
        s1 = self.at.tokens[sent.last - 1].end
        published = _DATE_PREFIX.match(self.doc.published or "")
        k = bisect_left(self.time_starts, s0)
        while k < len(self.time_starts) and self.time_starts[k] < s1:
            m = _DATE_PREFIX.match(self.times_by_start[k].value or "")
            k += 1
            if m:
                value = m.group()
                # An event that happened cannot be dated after its article: such a time
                # names something else ("the talks on Monday next week") unless it is planned.
                if published and not planned and value > published.group()[: len(value)]:
                    continue
                return value
        if self.doc.published:
            m = _DATE_PREFIX.match(self.doc.published)
            if m:
                return m.group()
        return None

    def modality(self, f: Found, c0: int) -> str | None:
        toks = self.at.tokens
        lex = self.lex
        for k in range(max(c0, f.first - lex.negation_window), f.first):
            form = toks[k].form
            if form in lex.negation or (form[:1] in "وف" and form[1:] in lex.negation):  # "ولا يتضمن"
                nxt = toks[k + 1].form
                if any(c in lex.not_negation_after for c in strip_proclitics(nxt)):
                    continue  # "لا يزال القصف مستمراً": still, not a denial
                return "denied"
        if f.trigger.present and f.first > c0 and toks[f.first - 1].form in lex.may:
            return "hypothetical"
        head = toks[f.first].form
        future = head[:2] in ("سي", "ست", "سن") or head[:3] in ("وسي", "وست", "فسي")
        if f.trigger.present and head not in lex.triggers and future:
            return "planned"
        lo = max(c0, f.first - lex.modal_window)
        for k in range(f.first - 1, lo - 1, -1):
            if toks[k].form in lex.content_breakers:
                lo = k + 1  # "… سوف تستمر، وذلك بعد يوم من هجوم": the outlet's own words
                break
        forms = [toks[k].form for k in range(lo, f.first)]
        readings = [strip_proclitics(form) for form in forms]
        for status, by_head in self.modal_cues:
            # any cue of the status anywhere in the window: its first word (clitics stripped) then the rest
            for k, words in enumerate(readings):
                for word in words:
                    for rest in by_head.get(word, ()):
                        if k + len(rest) < len(forms) and tuple(forms[k + 1 : k + 1 + len(rest)]) == rest:
                            return status
        return None

    def mode_for(self, f: Found, c0: int, c1: int, sent: Sentence) -> str | None:
        if f.trigger.mode:
            return f.trigger.mode
        cues = self.lex.mode_cues.get(f.trigger.type) or {}
        if not cues:
            return None
        toks = self.at.tokens
        for lo, hi in ((c0, c1), (sent.first, sent.last)):
            for k in range(lo, hi):
                mode = mode_cue(toks[k].form, f.trigger.type)
                if mode is not None:
                    return mode
        return None

    # -- figures ------------------------------------------------------------------------
    def figures_in(self, sent: Sentence) -> list[dict[str, Any]]:
        toks = self.at.tokens
        lex = self.lex
        used: set[int] = set()
        out: list[dict[str, Any]] = []
        for k in range(sent.first, sent.last):
            kind = figure_kind(toks[k].form)
            if kind is None:
                continue
            order = [k - d for d in range(1, lex.figure_window + 1)] + [k + d for d in range(1, lex.figure_window + 1)]
            for q in order:
                if q < sent.first or q >= sent.last or q in used:
                    continue
                value = self.quantity(q)
                if value is None:
                    continue
                used.add(q)
                scope = self.scope_at(k)
                source = None
                if scope is not None and scope.quote.chain:
                    source = scope.quote.chain[0]
                start, end, text = self.at.span_text(min(k, q), max(k, q) + 1)
                out.append({"kind": kind, "value": value, "source": source, "text": text,
                            "start": start, "end": end, "token": k})
                break
        return out

    def quantity(self, q: int) -> int | str | None:
        form = self.at.tokens[q].form
        if form.isdigit():
            return int(form)
        for c in strip_proclitics(form):
            if c in self.lex.quantities:
                return self.lex.quantities[c]
        return None

    # -- the run ---------------------------------------------------------------------------
    def run(self) -> list[Event]:
        events: list[Event] = []
        for sent in self.at.sentences:
            if sent.boilerplate or sent.last <= sent.first:
                continue
            events.extend(self.sentence_events(sent))
        events.extend(self.derived_accusations(events))
        return events

    def sentence_events(self, sent: Sentence) -> list[Event]:
        run = _SentenceRun()
        for f in self.triggers_in(sent):
            self.trigger_events(f, sent, run)
        self.attach_figures(sent, run.out)
        return [ev for _f, ev in run.out if ev.actor or ev.target or ev.place or ev.figures]

    def coordinated(self, f: Found, c0: int, out: list[tuple[Found, Event]]) -> bool:
        """"قصفاً واشتباكات" are two events; "قصف رتل للتنظيم وتدميره" is one (the pronoun).

        And only right after the first: "مقتل ثمانية … وتدمير عجلتين" is the same attack's toll.
        """
        head = self.at.tokens[f.first].form
        previous_end = max((g.last for g, ev in out if ev.type == f.trigger.type and g.first >= c0), default=-9)
        return (head.startswith("و") and f.first > c0 and not head.endswith(("ه", "ها", "هم"))
                and f.first - previous_end <= 1)

    def fill_missing_target(self, f: Found, sent: Sentence, c0: int, args: Args, out: list[tuple[Found, Event]]) -> None:
        """One event per type and clause ("الغارة … التي استهدفت محافظة الحسكة" is one attack):
        the later trigger only fills a target the first one left empty."""
        for g, ev in out:
            same_clause = ev.type == f.trigger.type and self.clause(g.first, g.last, sent)[0] == c0
            if same_clause and ev.target is None and args.target is not None:
                ev.target = args.target

    def speaker_as_actor(self, f: Found, sent: Sentence, args: Args, out: list[tuple[Found, Event]]) -> None:
        """A speech act without an actor: the speaker of a quotation cued earlier in the sentence,
        or for a participle the main clause's actor."""
        speaker_scope = next(
            (sc for sc in self.scopes_by_cue_sentence.get(sent.index, ()) if sc.cue_tok < f.first),
            None,
        )
        if speaker_scope is not None and speaker_scope.quote.speaker:
            spk = speaker_scope.quote.speaker
            args.actors = [{"text": spk["text"], "canonical": spk.get("canonical"),
                            "start": spk["start"], "end": spk["end"]}]
        elif f.trigger.participle:
            main = [ev for g, ev in out if self.scope_at(g.first) is None and ev.actor]
            if main:
                args.actors = [main[-1].actor]  # "ودعا المبعوث …، مطالباً النظام": the main clause's actor

    def attribution(
        self, f: Found, scope: QuoteScope | None, args: Args, accusation: _Accusation | None
    ) -> tuple[str, dict[str, Any] | None, list[str]]:
        """Status, source and chain from the quotation around the trigger or an accusation before it."""
        accused_of = accusation is not None and f.trigger.type != "ACCUSE" and f.first >= accusation[2]
        # a quote naming no party (its speaker abstained on, no relay) says less than the accusation frame
        # around the same words: "تقريرا اتهمت النظام بالضلوع في هجمات" read as a statement keeps its accuser
        if scope is not None and not (accused_of and not scope.quote.speaker and not scope.quote.chain
                                      and not scope.denied):
            said_by = scope.quote.speaker
            source = _source_ref(said_by) if said_by else None
            return ("denied" if scope.denied else "claimed"), source, list(scope.quote.chain)
        if accusation is not None and f.trigger.type != "ACCUSE" and f.first >= accusation[2]:
            # "اتهمت النظام بالضلوع في هجمات": what one is accused of (after بـ) is the
            # accuser's claim, and the accused is who did it
            accuser, accused, _charge = accusation
            if accused is not None:
                args.actors = [accused]
            return "claimed", _source_ref(accuser), [self.claimant(accuser)]
        return "asserted", None, []

    def claimant(self, party: dict[str, Any]) -> str:
        """The chain's first link for a party: a statement or report (``تقريرا اتهمت النظام``) stands
        for its issuer (``وأصدرت لجنة التحقيق … تقريرا``), as a quote by a report does."""
        if isinstance(party.get("start"), int):
            issuer = self.issuers.issuer(self.token_at(int(party["start"])))
            if issuer is not None:
                return self.pf.name(issuer)
        return str(party.get("canonical") or party["text"])

    def note_accusation(self, f: Found, sent: Sentence, args: Args, accusers: dict[int, _Accusation]) -> None:
        if f.trigger.type == "ACCUSE" and args.actors[0] is not None:
            charge = next(
                (k for k in range(f.last, sent.last) if self.at.tokens[k].form.startswith("ب")), sent.last
            )
            accusers.setdefault(sent.index, (args.actors[0], args.target, charge))

    def trigger_events(self, f: Found, sent: Sentence, run: _SentenceRun) -> None:
        c0, c1 = self.clause(f.first, f.last, sent)
        coordinated = self.coordinated(f, c0, run.out)
        args = self.arguments(f, sent, c0, c1)
        if (c0, f.trigger.type) in run.seen_clause_types and not coordinated:
            self.fill_missing_target(f, sent, c0, args, run.out)
            return
        run.seen_clause_types.add((c0, f.trigger.type))
        scope = self.scope_at(f.first)
        if args.actors == [None] and f.trigger.type in self.lex.speech_acts and scope is None:
            self.speaker_as_actor(f, sent, args, run.out)
        places: list[dict[str, Any] | None] = list(self.places_for(f, sent, c0, c1, args.actor_tokens))
        if not places:
            places = [None]
        status, source, chain = self.attribution(f, scope, args, run.accusers.get(sent.index))
        modal = self.modality(f, c0)
        if modal is not None:
            status = modal
        t_start, t_end, t_text = self.at.span_text(f.first, f.last)
        mode = self.mode_for(f, c0, c1, sent)
        date = self.date_for(sent, planned=status == "planned")
        self.note_accusation(f, sent, args, run.accusers)
        for actor in args.actors:
            for place in places:
                ev = Event(
                    type=f.trigger.type, mode=mode,
                    trigger={"start": t_start, "end": t_end, "text": t_text},
                    actor=actor, target=args.target, place=place, date=date,
                    status=status, source=source, chain=chain,
                )
                run.out.append((f, ev))

    def attach_figures(self, sent: Sentence, out: list[tuple[Found, Event]]) -> None:
        """Figures of the sentence go to each of its hostile events."""
        hostile = [ev for _f, ev in out if ev.type in self.lex.hostile]
        if not hostile:
            return  # nothing to attach them to: the figures need not be looked for
        figures = self.figures_in(sent)
        if not figures:
            return
        for fig in figures:
            record = {k: v for k, v in fig.items() if k != "token"}
            for ev in hostile:
                ev.figures.append(dict(record))

    def accusatory(self, ev: Event) -> bool:
        """A claimed act that accuses: a prohibited weapon, or civilians as its target."""
        if ev.mode in self.lex.accusation_modes:
            return True
        if _folded_words(ev.target) & self.lex.accusation_targets:
            return True
        # civilians named in the sentence of the act ("حالة السكان المدنيين … من قصف")
        i = self.token_at(ev.trigger["start"])
        sent = self.at.sentence_of(i)
        return any(
            c in self.lex.accusation_targets for k in range(sent.first, sent.last)
            for c in strip_proclitics(self.at.tokens[k].form)
        )

    def derived_accusations(self, events: list[Event]) -> list[Event]:
        """A party's claim that another party attacked or coerced is also its accusation."""
        out: list[Event] = []
        seen = {(_name(e.actor), _name(e.target)) for e in events if e.type == "ACCUSE"}
        for ev in events:
            if ev.type not in self.lex.hostile or ev.status != "claimed" or ev.actor is None or ev.source is None:
                continue
            if not self.accusatory(ev):
                continue
            scope = next((sc for sc in self.scopes if sc.quote.speaker and sc.quote.speaker.get("text") == ev.source["text"]
                          and sc.first <= self.token_at(ev.trigger["start"]) < sc.last), None)
            if scope is None or scope.reporter or scope.quote.speaker is None:
                continue
            spk = scope.quote.speaker
            actor = {"text": spk["text"], "canonical": spk.get("canonical"), "start": spk["start"], "end": spk["end"]}
            key = (_name(actor), _name(ev.actor))
            if key[0] == key[1] or key in seen:
                continue
            seen.add(key)
            out.append(Event(
                type="ACCUSE", mode=None, trigger=dict(scope.quote.cue), actor=actor, target=dict(ev.actor),
                place=None, date=ev.date, status="asserted", source=None, chain=[],
            ))
        return out


def _token_set(ph: Phrase | None) -> set[int]:
    return set(range(ph.first, ph.last)) if ph is not None else set()


def _folded_words(arg: dict[str, Any] | None) -> set[str]:
    if not arg:
        return set()
    return {c for w in fold(str(arg.get("text", ""))).split() for c in strip_proclitics(w)}


def _name(arg: dict[str, Any] | None) -> str:
    if not arg:
        return ""
    return str(arg.get("canonical") or fold(str(arg.get("text", ""))))


def find_events(at: AnalysedText) -> list[Event]:
    return EventFinder(at).run()
