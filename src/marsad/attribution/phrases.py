"""Noun phrases around cues and triggers: who, and where their surface is.

A phrase is a run of tokens ``[first, last)``.  An entity found by the entities
stage is taken whole; without one, a phrase is a short run of words that stops
at prepositions, complementisers, punctuation, cues and triggers.  The entity
with the best type inside a phrase gives its canonical name.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from marsad.attribution.datelines import dateline_tokens
from marsad.attribution.lexicon import fold, lexicon, lookup_cue, lookup_trigger, strip_proclitics
from marsad.attribution.text import CLAUSE_END, QUOTE_MARKS, AnalysedText
from marsad.document import Entity

MAX_PHRASE = 7
# how far a name in apposition may follow the role it names
APPOSITION_GAP = 12
# a quotation this short after a noun is a name, not speech
QUOTED_NAME_WORDS = 4
# a preposition glued to the article opens a prepositional phrase
_PP_PREFIXES = ("بال", "لل", "وبال", "ولل", "كال", "فبال")
# which entity names a phrase: a person over an organisation over a country
_TYPE_RANK = {"PERSON": 0, "PER": 0, "PERS": 0, "ORG": 1, "GPE": 2, "LOC": 3}


@dataclass(slots=True)
class Phrase:
    first: int
    last: int
    entity: Entity | None
    # where the name starts when a role comes first ("مدير المركز، اللواء X" → X)
    name_first: int | None = None

    @property
    def size(self) -> int:
        return self.last - self.first


def finder_for(at: AnalysedText) -> PhraseFinder:
    """The phrase finder of an analysed text, built once."""
    if not isinstance(at.finder, PhraseFinder):
        at.finder = PhraseFinder(at)
    return at.finder


class PhraseFinder:
    """Phrase lookups over one analysed text (entities indexed by token)."""

    def __init__(self, at: AnalysedText) -> None:
        self.at = at
        self.lex = lexicon()
        self.modal_words = {p[0] for p in self.lex.planned + self.lex.hypothetical if len(p) == 1}
        self.entity_at: list[Entity | None] = [None] * len(at.tokens)
        self.entity_last: dict[int, int] = {}
        ents = sorted(at.doc.entities, key=lambda e: (e.start, -(e.end - e.start)))
        k = 0
        toks = at.tokens
        ends = [t.end for t in toks]  # increasing: the first token ending after an entity's start is a bisection
        for ent in ents:
            k = bisect_right(ends, ent.start, k)
            j = k
            covered: list[int] = []
            while j < len(toks) and toks[j].start < ent.end:
                if self.entity_at[j] is None:
                    covered.append(j)
                j += 1
            for idx in covered:
                self.entity_at[idx] = ent
            if covered:
                self.entity_last[covered[0]] = covered[-1] + 1
        # a dateline (``دمشق (سانا) -``) names no party: its words belong to no phrase
        self.dateline = dateline_tokens(at)
        for idx in self.dateline:
            self.entity_at[idx] = None
        self.place_tokens: set[int] = set()
        starts = [t.start for t in toks]
        for place in at.doc.places:
            for m in place.mentions:
                k = max(0, bisect_right(starts, m[0]) - 1)
                while k < len(toks) and toks[k].start < m[1]:
                    if toks[k].end > m[0]:
                        self.place_tokens.add(k)
                    k += 1

    # -- boundaries --------------------------------------------------------
    def is_stop(self, i: int) -> bool:
        tok = self.at.tokens[i]
        if not tok.is_word or i in self.dateline:
            return True
        form = tok.form
        lex = self.lex
        bare = form[1:] if form[:1] in "وف" and len(form) > 2 else form  # "وفي", "فإن", "ولم"
        for f in {form, bare}:
            if f in lex.speaker_stops or f in lex.complementizers or f in lex.pronouns:
                return True
            if f in self.modal_words:
                return True  # "يخطط التنظيم لشن هجوم": the modal verb is not part of the subject
        if self.entity_at[i] is None:
            if form.startswith(_PP_PREFIXES):
                return True  # "بالإعداد", "للقوات": a prepositional phrase, not part of the name
            if form[:1] in "بل" and len(form) > 3 and (
                lookup_trigger(form[1:]) is not None or form[1:] in lex.figure_kinds
            ):
                return True  # "أفاد المرصد بمقتل…": the content, not the speaker
        return lookup_cue(form) is not None

    def is_function_word(self, i: int) -> bool:
        form = self.at.tokens[i].form
        bare = form[1:] if form[:1] in "وف" and len(form) > 2 else form
        lex = self.lex
        return any(f in lex.speaker_stops or f in lex.complementizers for f in {form, bare})

    def entity_phrase(self, i: int) -> Phrase | None:
        ent = self.entity_at[i]
        if ent is None:
            return None
        first = i
        while first > 0 and self.entity_at[first - 1] is ent:
            first -= 1
        last = i + 1
        while last < len(self.at.tokens) and self.entity_at[last] is ent:
            last += 1
        return Phrase(first, last, ent)

    def phrase_after(
        self, i: int, end: int, *, limit: int = MAX_PHRASE, force_first: bool = False
    ) -> Phrase | None:
        """The noun phrase starting at token ``i`` (before ``end``), or None.

        ``force_first`` accepts a first word that would otherwise stop a phrase
        (``لوكالة`` after ``وفقاً``: the preposition is glued to the head).
        """
        if i >= end:
            return None
        close = self.at.quote_pairs.get(i)
        if close is not None and close < end and close - i <= QUOTED_NAME_WORDS + 1:
            # a name in quotation marks: “لجنة التحقيق”
            return Phrase(i, close + 1, self.best_entity(i, close + 1))
        if not self.at.tokens[i].is_word:
            return None
        if self.is_stop(i) and self.entity_at[i] is None and not force_first:
            return None
        j = i + 1 if force_first and self.entity_at[i] is None else i
        while j < end and j - i < limit:
            if self.entity_at[j] is not None and self.is_function_word(j):
                break  # a gazetteer hit on a function word ("فإن" read as a town)
            if self.entity_at[j] is not None:
                ph = self.entity_phrase(j)
                assert ph is not None
                j = max(j + 1, min(ph.last, end))
                continue
            close = self.at.quote_pairs.get(j)
            if close is not None and close - j <= QUOTED_NAME_WORDS + 1:
                j = close + 1  # a quoted name: موقع “RT”، منظمة “الخوذ البيضاء”
                continue
            if self.is_stop(j):
                break
            j += 1
        if j == i:
            return None
        return Phrase(i, j, self.best_entity(i, j))

    def phrase_before(self, i: int, start: int) -> Phrase | None:
        """The phrase that ends right before token ``i`` (not before ``start``)."""
        j = i
        while j > start and j - i > -MAX_PHRASE:
            prev = j - 1
            if self.is_stop(prev) and self.entity_at[prev] is None:
                break
            j = prev
        if j == i:
            return None
        return Phrase(j, i, self.best_entity(j, i))

    def best_entity(self, first: int, last: int) -> Entity | None:
        """The entity that names tokens ``first..last-1``.

        A person or organisation anywhere in the phrase names it; a country or
        place only when it heads the phrase (``مدير مركز … في سوريا`` is not Syria).
        """
        best: Entity | None = None
        head = first + 1 if first in self.at.quote_pairs else first
        for idx in range(first, last):
            ent = self.entity_at[idx]
            if ent is None:
                continue
            rank = _TYPE_RANK.get(ent.type, 9)
            if rank >= 2 and (head >= last or self.entity_at[head] is not ent):
                continue
            if best is None or rank < _TYPE_RANK.get(best.type, 9):
                best = ent
        return best

    def entities_in(self, first: int, last: int) -> list[Phrase]:
        out: list[Phrase] = []
        idx = first
        while idx < last:
            if self.entity_at[idx] is not None:
                ph = self.entity_phrase(idx)
                assert ph is not None
                out.append(ph)
                idx = ph.last
            else:
                idx += 1
        return out

    def apposition_end(self, last: int, end: int) -> int:
        """Extend a speaker phrase over a later ``، <title> <name>``.

        ``مدير مركز حميميم … التابعة لوزارة الدفاع الروسية، اللواء يوري بورينكوف``:
        the name in apposition may follow the role's own complements.
        """
        toks = self.at.tokens
        k = last
        while k < end and k - last <= APPOSITION_GAP:
            if toks[k].form in ("،", ","):
                if k + 1 < end and self.is_title(k + 1):
                    j = k + 1
                    while j < end and j - k <= 6 and toks[j].is_word and (j == k + 1 or not self.is_stop(j)):
                        j += 1
                    return j
                return last
            if not toks[k].is_word or self.is_cue_or_complementizer(k):
                return last
            k += 1
        return last

    def is_cue_or_complementizer(self, i: int) -> bool:
        form = self.at.tokens[i].form
        return form in self.lex.complementizers or lookup_cue(form) is not None

    def is_title(self, i: int) -> bool:
        return any(c in self.lex.titles for c in strip_proclitics(self.at.tokens[i].form))

    def is_clause_end(self, i: int) -> bool:
        return self.at.tokens[i].form in CLAUSE_END

    def is_quote_mark(self, i: int) -> bool:
        return self.at.tokens[i].form in QUOTE_MARKS

    # -- naming --------------------------------------------------------------
    def record(self, ph: Phrase) -> dict[str, object]:
        start, end, text = self.at.span_text(ph.first, ph.last)
        canonical = ph.entity.canonical if ph.entity is not None else None
        return {"start": start, "end": end, "text": text, "canonical": canonical}

    def name(self, ph: Phrase) -> str:
        """What a chain shows for a phrase: the canonical name, else the quoted name, else the surface."""
        if ph.entity is not None and ph.entity.canonical:
            return ph.entity.canonical
        for opener in self.at.openers_in(ph.first, ph.last):
            closer = self.at.quote_pairs[opener]
            if closer < ph.last:
                return self.at.span_text(opener + 1, closer)[2]
        return self.at.span_text(ph.name_first if ph.name_first is not None else ph.first, ph.last)[2]

    def with_apposition(self, ph: Phrase, end: int) -> Phrase:
        """``ph`` extended over a name in apposition, its name taken from there."""
        last = self.apposition_end(ph.last, end)
        if last == ph.last:
            return ph
        name_first = last - 1
        while name_first > ph.last and self.at.tokens[name_first - 1].form not in ("،", ","):
            name_first -= 1
        return Phrase(ph.first, last, self.best_entity(ph.first, last), name_first)

    def gender(self, ph: Phrase) -> str:
        """Grammatical gender of a phrase's head (for pronoun and continued speakers)."""
        head = self.at.tokens[ph.first].form
        head_entity = self.entity_at[ph.first]
        if head_entity is not None and head_entity.type == "GPE":
            return "f"  # country names take feminine agreement
        if self.is_title(ph.first) and not head.endswith("ه"):
            return "m"
        return "f" if fold(head).endswith("ه") else "m"

