"""Candidates and their features, computed from a document the rules have annotated.

Everything here reads the public annotations (entities, places, quotes, events)
and the analysed text (tokens with original offsets, sentences); the same
functions build the training examples and score at run time, so what the
models learn is what they see.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, compress, count, repeat
from operator import and_, gt, itemgetter, not_
from typing import Any, cast

from marsad.attribution.issuers import IssuerFinder
from marsad.attribution.learned.roots import root_index, word_readings
from marsad.attribution.lexicon import (
    TRIGGER,
    Trigger,
    fold,
    is_statement_word,
    lexicon,
    lookup_cue,
    lookup_trigger,
    strip_proclitics,
)
from marsad.attribution.phrases import finder_for
from marsad.attribution.text import AnalysedText, Token
from marsad.document import Document, Event, Quote
from marsad.resources import read_tsv_dicts, read_yaml
from marsad.text.normalize import normalize

Span = tuple[int, int]  # token indices [first, last)
MAX_PHRASE_TOKENS = 5
ARGUMENT_WINDOW = 18  # tokens either side of a trigger where arguments are looked for
SPEAKER_WINDOW = 14
MAX_SUBJECT_WORDS = 3  # the words after a reporting verb offered as its subject
_FORM, _IS_WORD = itemgetter(3), itemgetter(4)  # Token.form, Token.is_word, read in C-level passes


@lru_cache(maxsize=1)
def party_heads() -> frozenset[str]:
    """Nouns that head a description of a party (قوات، ميليشيات، وزارة …): ``data/party_heads.tsv``."""
    return frozenset(normalize(row["word"]) for row in read_tsv_dicts("party_heads.tsv"))


@lru_cache(maxsize=1)
def qualifying_heads() -> frozenset[str]:
    """Party heads that with the article also qualify the noun before them (``الفصائل المعارضة``):
    the ``qualifies`` column of ``data/party_heads.tsv``."""
    return frozenset(normalize(row["word"]) for row in read_tsv_dicts("party_heads.tsv") if row["qualifies"] == "yes")


@lru_cache(maxsize=1)
def referent_nouns() -> frozenset[str]:
    """Nouns of a decision or a document (the rules' referents, ``data/event_types.yaml``: قرار, اتفاق,
    بيان): with the article after a word with the article they open the object, never go on a party's
    name (``وطرحت الدول | القرار للتصويت``)."""
    return frozenset(ref[0] for ref in lexicon().referents if len(ref) == 1)


@lru_cache(maxsize=1)
def coref_words() -> dict[str, str]:
    """Words around an event word that mark a re-mention (``هذا الهجوم``): ``data/coref_words.tsv``."""
    return {normalize(row["word"]): row["kind"] for row in read_tsv_dicts("coref_words.tsv")}


@lru_cache(maxsize=1)
def petrarch_verbs() -> dict[str, tuple[str, ...]]:
    """Verb lemma → its likely PLOVER types (a type with a quarter or more of the lemma's codes):
    ``data/petrarch_verbs.tsv``, built from UniversalPetrarch's Arabic dictionary."""
    out: dict[str, tuple[str, ...]] = {}
    for row in read_tsv_dicts("petrarch_verbs.tsv"):
        counts = [(t, int(n)) for t, _, n in (item.partition(":") for item in row["types"].split(",")) if n]
        total = sum(n for _, n in counts) or 1
        out[normalize(row["lemma"])] = tuple(t for t, n in counts if n / total >= 0.25)
    return out


@lru_cache(maxsize=1)
def _verb_affixes() -> tuple[tuple[str, ...], tuple[str, ...]]:
    data = read_yaml("verb_affixes.yaml")
    return tuple(data["present_prefixes"]), tuple(sorted(data["suffixes"], key=len, reverse=True))


@lru_cache(maxsize=1)
def _plural_subject_affixes() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """``verb_affixes.yaml``: the past's plural subject endings, the present's, and the present prefixes."""
    data = read_yaml("verb_affixes.yaml")
    return (tuple(data["plural_subject_past"]), tuple(data["plural_subject_present"]),
            tuple(data["plural_subject_prefixes"]))


@lru_cache(maxsize=65536)
def plural_subject_verb(form: str) -> bool:
    """Whether the folded word ``form`` is an event verb carrying its own plural subject: the past's ``وا``
    (``هاجموا``, ``وهددوا``) or a present prefix with ``ون`` (``يتهمون``, ``ويرفضون``), where the word without
    the ending is one the trigger lexicon reads (``تتعاون`` ends in ``ون`` but ``تتعا`` is no verb). Its subject
    stands before it, so the phrases after it are its object or later words, never its subject."""
    past, present, prefixes = _plural_subject_affixes()
    for reading in strip_proclitics(form):
        for ending in past:
            if len(reading) - len(ending) >= 3 and reading.endswith(ending) and lookup_trigger(reading[:-len(ending)]):
                return True
        for ending in present:
            if (len(reading) - len(ending) >= 4 and reading.startswith(prefixes) and reading.endswith(ending)
                    and lookup_trigger(reading[:-len(ending)])):
                return True
    return False


@lru_cache(maxsize=65536)
def circumstantial_participle(form: str) -> bool:
    """Whether the folded word ``form`` is one of the trigger lexicon's circumstantial participles
    (``data/event_types.yaml`` ``participles``: ``داعيا``, ``مطالبا``, ``متهمة``, ``ومطالبين``). Its subject is
    the main clause's, named before it (``ودعت اللجنة …، داعية السلطات إلى``), so the phrases after it are its
    object or later words, never its subject: out of fold the learned chooser took the addressee after it."""
    trigger = lookup_trigger(form)
    return trigger is not None and trigger.participle


@lru_cache(maxsize=1)
def _affixes_by_length() -> tuple[dict[int, frozenset[str]], dict[int, frozenset[str]]]:
    """The verb prefixes and suffixes grouped by length: a word ends with at most one suffix of
    each length, so one slice and one set lookup per length find them all (no affix is empty)."""
    prefixes, suffixes = _verb_affixes()
    grouped: list[dict[int, frozenset[str]]] = []
    for affixes in (prefixes, suffixes):
        lengths = sorted({len(a) for a in affixes if a})
        grouped.append({n: frozenset(a for a in affixes if len(a) == n) for n in lengths})
    return grouped[0], grouped[1]


def _without_suffixes(word: str, out: set[str], suffixes: dict[int, frozenset[str]]) -> None:
    """Add ``word`` without each verb suffix it ends with, where two letters or more remain."""
    for n, group in suffixes.items():
        if len(word) - n >= 2 and word[-n:] in group:
            out.add(word[:-n])


@lru_cache(maxsize=65536)
def verb_stems(form: str) -> frozenset[str]:
    """Readings of a word as a verb or verbal noun: clitics, present-tense prefixes and
    person/number endings removed (``وحثت`` → ``حث``, ``يطالبون`` → ``طالب``)."""
    prefixes, suffixes = _affixes_by_length()
    out: set[str] = set()
    for reading in strip_proclitics(form):
        out.add(reading)
        _without_suffixes(reading, out, suffixes)
        for n, group in prefixes.items():
            if len(reading) - n >= 3 and reading[:n] in group:
                rest = reading[n:]
                out.add(rest)
                _without_suffixes(rest, out, suffixes)
    return frozenset(out)


@lru_cache(maxsize=65536)
def _is_party_head(form: str, heads: frozenset[str]) -> bool:
    return any(r in heads for r in strip_proclitics(form))


@lru_cache(maxsize=65536)
def _is_function_word(form: str) -> bool:
    """A word with the article's letters that names no party: a preposition, relative pronoun or
    time word of the phrase stops (``الى``, ``الذي``, ``اليوم``: ``lexicon().speaker_stops``)."""
    stops = lexicon().speaker_stops
    return form in stops or (form[:1] in "وف" and form[1:] in stops)


# What a word may be in a candidate phrase (see Context.phrases_near), as bits of _phrase_bits
_WORD, _HEAD, _OPENS, _ARTICLE, _FUNCTION = 1, 2, 4, 8, 16
_PHRASE_BITS: dict[str, int] = {}  # word form → its _phrase_bits, for every document
PHRASE_BITS_SIZE = 200_000  # forms kept (the memo is emptied when full)


def _phrase_bits(form: str) -> int:
    """The bits of a word (not a mark) for the noun runs of :meth:`Context.phrases_near`: a word, a party
    head, one that opens a run (a party head or a word with the article, ``ال``/``وال``), one with the
    article (``ال``: a run goes on over it), a function word (a run in a clause neither starts nor goes
    on there)."""
    head = _is_party_head(form, party_heads())
    return (_WORD | (_HEAD if head else 0) | (_OPENS if head or form.startswith(("ال", "وال")) else 0)
            | (_ARTICLE if form.startswith("ال") else 0) | (_FUNCTION if _is_function_word(form) else 0))


@lru_cache(maxsize=65536)
def bare(form: str) -> str:
    """The form without its leading conjunction, preposition and article (a stem of 3+ letters).

    Ambiguous forms (``وزارة`` is not و+زارة) keep a wrong reading here; features
    carry the form as written too, and party heads are matched on every reading.
    """
    return min((r for r in strip_proclitics(form) if len(r) >= 3 or r == form), key=len)


@lru_cache(maxsize=65536)
def clitic(form: str) -> str:
    stem = bare(form)
    return form[: len(form) - len(stem)] if form.endswith(stem) else ""


def bucket(n: int) -> str:
    return str(n) if n < 4 else "4-7" if n < 8 else "8-15" if n < 16 else "16+"


UNREAD = object()  # a form a cache has no answer for yet (None is an answer: "no candidate")


def read_through(cache: dict[str, Any], forms: list[str], read: Callable[[int], Any],
                 skip: Callable[[int], bool] | None = None) -> list[Any]:
    """Each form's answer: the ones ``cache`` holds in one C-level pass over it, the others ``read(k)`` for the
    k-th form and remembered (a form a document repeats is read once). A position ``skip`` refuses stays
    :data:`UNREAD`."""
    found = list(map(cache.get, forms, repeat(UNREAD)))
    for k in [k for k, answer in enumerate(found) if answer is UNREAD and not (skip is not None and skip(k))]:
        answer = cache.get(forms[k], UNREAD)
        if answer is UNREAD:
            answer = cache[forms[k]] = read(k)
        found[k] = answer
    return found


@dataclass(frozen=True, slots=True)
class TriggerHints:
    """What each source says a word may be: the rules' lexicon entry, UniversalPetrarch's and
    the model vocabulary's types."""

    lexicon: Trigger | None
    petrarch: tuple[str, ...]
    vocabulary: tuple[str, ...]
    root_features: tuple[str, ...] = ()  # rt=ROOT, pt=TEMPLATE (:mod:`marsad.attribution.learned.roots`)
    root_vocabulary: tuple[str, ...] = ()  # the types of the trained vocabulary's words of those roots
    root_petrarch: tuple[str, ...] = ()  # the types of UniversalPetrarch's verbs of those roots


@dataclass(frozen=True, slots=True)
class TriggerWords:
    """The tables a word is read against as a trigger candidate: the model's vocabulary (verb stems of the
    training triggers → their types), UniversalPetrarch's verbs, and the root → types index of each,
    made with the tables (:func:`trigger_words`) and passed along with them."""

    vocabulary: dict[str, tuple[str, ...]]
    verbs: dict[str, tuple[str, ...]]
    vocabulary_roots: dict[str, tuple[str, ...]]
    verb_roots: dict[str, tuple[str, ...]]
    stems: frozenset[str]  # the keys of ``vocabulary`` and ``verbs``: a word none of whose verb stems is one
    # and that the rules' lexicon does not know is no candidate, told by one set test


@lru_cache(maxsize=1)
def _petrarch_roots() -> dict[str, tuple[str, ...]]:
    return root_index(petrarch_verbs())


def trigger_words(vocabulary: dict[str, tuple[str, ...]]) -> TriggerWords:
    """The tables of a model's vocabulary: made once per model (or training run), not per word."""
    verbs = petrarch_verbs()
    return TriggerWords(vocabulary, verbs, root_index(vocabulary), _petrarch_roots(),
                        frozenset(vocabulary) | frozenset(verbs))


def trigger_hints(form: str, words: TriggerWords, flags: int | None = None) -> TriggerHints | None:
    """What each source says ``form`` may be (None: no source reads it as an event word). ``flags``: the
    word's :func:`~marsad.attribution.lexicon.token_flags` when the caller has them; without the
    ``TRIGGER`` bit the rules' lexicon knows no reading of it, so it is not looked up again."""
    lexicon_hit = lookup_trigger(form) if flags is None or flags & TRIGGER else None
    stems = verb_stems(form)
    if lexicon_hit is None and stems.isdisjoint(words.stems):
        return None
    petrarch = tuple(sorted({t for st in stems for t in words.verbs.get(st, ())}))
    learned = tuple(sorted({t for st in stems for t in words.vocabulary.get(st, ())}))
    if lexicon_hit is None and not petrarch and not learned:
        return None
    # the root and template of the word, and the types of the known words of that root: ``الاغتيال``
    # shares the evidence of a trained ``اغتال``, ``تفجيرات`` that of ``فجر`` (UniversalPetrarch)
    found = word_readings(bare(form), stems)
    roots = {root for root, _, _ in found}
    by_vocabulary, by_petrarch = words.vocabulary_roots, words.verb_roots
    return TriggerHints(lexicon_hit, petrarch, learned,
                        tuple(sorted({f"rt={root}" for root in roots} | {f"pt={p}" for _, p, _ in found})),
                        tuple(sorted({t for root in roots for t in by_vocabulary.get(root, ())})),
                        tuple(sorted({t for root in roots for t in by_petrarch.get(root, ())})))


@dataclass(slots=True)
class Phrase:
    """A candidate argument or speaker: tokens ``first..last-1`` and where it came from."""

    first: int
    last: int
    origins: set[str] = field(default_factory=set)
    rank: str = ""  # "b0" nearest before the anchor, "a1" second nearest after, …
    party_rank: str = ""  # the same order among the phrases that name a party (entities, party heads)


def rank_phrases(phrases: list[Phrase], anchor: int) -> list[Phrase]:
    """Mark each phrase with its order of nearness on its side of the anchor token."""
    before = sorted((p for p in phrases if p.last <= anchor), key=lambda p: anchor - p.last)
    after = sorted((p for p in phrases if p.last > anchor), key=lambda p: p.first - anchor)
    for side, group in (("b", before), ("a", after)):
        for k, phrase in enumerate(group):
            phrase.rank = f"{side}{min(k, 3)}"
        parties = [p for p in group if any(o.startswith("ent:") or o == "head" for o in p.origins)]
        for k, phrase in enumerate(parties):
            phrase.party_rank = f"{side}{min(k, 3)}"
    return phrases


class Context:
    """The analysed text of one document with lookups from offsets to tokens."""

    def __init__(self, doc: Document, at: AnalysedText) -> None:
        self.doc = doc
        self.at = at
        self.tokens: list[Token] = at.tokens
        self._starts = [t.start for t in self.tokens]
        self.entity_spans: dict[Span, str] = {}
        for ent in doc.entities:
            span = self.token_span(ent.start, ent.end)
            if span is not None:
                self.entity_spans.setdefault(span, ent.type)
        self.entity_order = sorted(self.entity_spans)
        self._entity_starts = {span[0] for span in self.entity_spans}
        self._entity_ends = {span[1] for span in self.entity_spans}
        self._entity_end_of: dict[int, int] = {}  # an entity's first token → the end of the longest one there
        for first, last in self.entity_spans:
            self._entity_end_of[first] = max(last, self._entity_end_of.get(first, last))
        self._entity_firsts = [span[0] for span in self.entity_order]
        self._anchored: set[int] | None = None  # sentences naming a place or a date
        self.quote_contents: list[tuple[int, int, Quote]] = []
        self._quote_speakers: list[tuple[int, int | None, int | None, Span]] | None = None
        self.refresh_quotes()
        self._time_tokens: set[int] | None = None
        self._stem_positions: dict[str, list[int]] | None = None
        self._article_parties: list[str] | None = None  # see article_parties
        self._flag_sums: list[int] | None = None  # running packed counts of token kinds, see between_flags
        self._issuers: IssuerFinder | None = None
        # the near trigger features of each word, by its token and lexicon type: the trigger filter reads
        # them for every candidate and the model again for the candidates that pass (trigger_near_features)
        self.trigger_nears: dict[tuple[int, str | None], list[str]] = {}
        self._candidate_words: tuple[list[int], list[str], list[int]] | None = None  # see candidate_words
        self._phrase_bits: list[int] | None = None  # see phrase_bits
        self._phrase_openers: dict[bool, list[int]] = {}  # see phrase_openers

    def issuers(self) -> IssuerFinder:
        if self._issuers is None:
            self._issuers = IssuerFinder(self.at, finder_for(self.at))
        return self._issuers

    def issuer_kind(self, index: int) -> str:
        """How the statement noun at ``index`` names its issuer: ``own`` (``بيان صادر عن X``,
        ``وأصدرت X تقريرا``), ``earlier`` (a definite ``التقرير`` that refers back to a report issued
        earlier in the article), or ``none``."""
        if self.issuers().issuer(index) is None:
            return "none"
        return "own" if self.issuers().own_issuer(index) is not None else "earlier"

    def statement_issuer(self, index: int) -> Span | None:
        """The issuer of the statement noun at ``index`` (see :class:`IssuerFinder`), as a token span."""
        if not is_statement_word(self.tokens[index].form):
            return None
        found = self.issuers().issuer(index)
        return (found.first, found.last) if found is not None else None

    def in_time(self, index: int) -> bool:
        """Whether token ``index`` lies in a time expression (``هذا الشهر`` is no speaker)."""
        if self._time_tokens is None:
            found: set[int] = set()
            for t in self.doc.times:
                span = self.token_span(t.start, t.end)
                if span is not None:
                    found.update(range(*span))
            self._time_tokens = found
        return index in self._time_tokens

    def refresh_quotes(self) -> None:
        """Re-read the document's quotes (after quotes were added to it)."""
        self.quote_contents = [
            (int(q.content["start"]), int(q.content["end"]), q) for q in self.doc.quotes if q.content
        ]
        self._quote_speakers = None

    def quote_speakers(self) -> list[tuple[int, int | None, int | None, Span]]:
        """The quotes that name a speaker, in order: the sentence of the cue, the offsets of what is said
        (None without content) and the speaker's token span; read once per document, not per event."""
        if self._quote_speakers is None:
            found: list[tuple[int, int | None, int | None, Span]] = []
            for quote in self.doc.quotes:
                sp = quote.speaker
                if not sp or not isinstance(sp.get("start"), int):
                    continue
                span = self.token_span(int(sp["start"]), int(sp["end"]))
                if span is None:
                    continue
                cue_sentence = self.tokens[self.token_at(int(quote.cue["start"]))].sentence
                content = quote.content
                found.append((cue_sentence, int(content["start"]) if content else None,
                              int(content["end"]) if content else None, span))
            self._quote_speakers = found
        return self._quote_speakers

    def token_at(self, offset: int) -> int:
        """Index of the token covering or following ``offset``."""
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and self.tokens[i].end > offset:
            return i
        return min(i + 1, len(self.tokens) - 1)

    def token_span(self, start: int, end: int) -> Span | None:
        if not self.tokens:
            return None
        first = self.token_at(start)
        # the first token from ``first`` on that starts at or after ``end`` (a bisection: a speaker's or a
        # quote's span may be long, and a walk over it cost a Python step per token)
        last = bisect.bisect_left(self._starts, end, first)
        return (first, last) if last > first else None

    def offsets(self, span: Span) -> tuple[int, int]:
        return self.tokens[span[0]].start, self.tokens[span[1] - 1].end

    def surface(self, span: Span) -> str:
        start, end = self.offsets(span)
        return self.doc.text[start:end]

    def sentence_bounds(self, index: int) -> Span:
        sentence = self.at.sentence_of(index)
        return sentence.first, sentence.last

    def participant_cues(self, index: int) -> list[str]:
        """Whether the word at ``index`` has participants and an anchor: the nearest named entity
        after and before it in its sentence (``زيارة الرئيس``: a visit by someone; a bare ``الزيارة``
        is often a re-mention or a generic one), and a place or date in the sentence."""
        first, last = self.sentence_bounds(index)
        order, firsts = self.entity_order, self._entity_firsts
        k = bisect.bisect_right(firsts, index)
        after = f"ent-after={bucket(firsts[k] - index - 1)}" if k < len(firsts) and firsts[k] < last else "ent-after=none"
        before = "ent-before=none"
        j = k - 1
        while j >= 0 and order[j][0] >= first:
            if order[j][1] <= index:
                before = f"ent-before={bucket(index - order[j][1])}"
                break
            j -= 1
        if self._anchored is None:
            self._anchored = set()
            for start in [m[0] for place in self.doc.places for m in place.mentions] + [t.start for t in self.doc.times]:
                self._anchored.add(self.tokens[self.token_at(start)].sentence)
        out = [after, before]
        if self.tokens[index].sentence in self._anchored:
            out.append("anchored")
        return out

    def stem_counts(self, index: int) -> tuple[int, int]:
        """How often the stem of the word at ``index`` occurs in the article before it, and in all
        (words of three letters or more)."""
        if self._stem_positions is None:
            positions: dict[str, list[int]] = {}
            toks = self.tokens
            indices = [tok.index for tok in toks if tok.is_word and len(tok.form) >= 3]
            setdefault = positions.setdefault
            for i, stem in zip(indices, map(bare, [toks[i].form for i in indices]), strict=True):
                setdefault(stem, []).append(i)
            self._stem_positions = positions
        found = self._stem_positions.get(bare(self.tokens[index].form), [])
        return bisect.bisect_left(found, index), len(found)

    def article_parties(self) -> list[str]:
        """How many known actors (entities with an actor id) and how many persons and organisations
        the article names, bucketed."""
        if self._article_parties is None:
            known = {ent.id for ent in self.doc.entities if ent.id}
            parties = sum(1 for ent in self.doc.entities if ent.type in ("PERSON", "ORG"))
            self._article_parties = [f"art-ids={bucket(len(known))}", f"art-parties={bucket(parties)}"]
        return self._article_parties

    def between_flags(self, lo: int, hi: int) -> int:
        """The kinds of token (``_COMMA`` … ``_COMPLEMENT``) found among tokens ``lo..hi-1`` (lo < hi):
        running counts of each kind over the document, so that any span costs one subtraction."""
        if self._flag_sums is None:
            # a trigger word is one the rules' lexicon knows: the analysis's flags say so for every token
            # (0 for a mark); each token's step is read per word form in one C-level pass (_token_step)
            trigger_bits = map(and_, self.at.token_flags(), repeat(TRIGGER))
            steps = map(_token_step, map(_FORM, self.tokens), map(_IS_WORD, self.tokens), trigger_bits)
            self._flag_sums = list(accumulate(steps, initial=0))
        return _kinds_counted(self._flag_sums[hi] - self._flag_sums[lo])

    def starts_entity(self, index: int) -> bool:
        """Whether an entity starts at token ``index``."""
        return index in self._entity_starts

    def covering_quote(self, offset: int) -> Quote | None:
        for start, end, quote in self.quote_contents:
            if start <= offset < end:
                return quote
        return None

    # -- candidates --------------------------------------------------------------
    def trigger_candidates(self, words: TriggerWords,
                           cache: dict[str, TriggerHints | None]) -> Iterator[tuple[int, TriggerHints]]:
        """Every token that some source reads as an event word, outside boilerplate: the rules'
        trigger lexicon, UniversalPetrarch's verbs, or the trained model's own vocabulary.
        ``cache`` keeps the answer per word form (it depends on the vocabulary: one per model)."""
        indices, forms, flags = self.candidate_words()
        found = read_through(cache, forms, lambda k: trigger_hints(forms[k], words, flags[k]))
        for i, hints in zip(indices, found, strict=True):
            if hints is not None:
                yield i, cast("TriggerHints", hints)

    def candidate_words(self) -> tuple[list[int], list[str], list[int]]:
        """The tokens a trigger or cue candidate may be (words of two letters or more outside boilerplate),
        their forms and their lexicon flags: made once per document for both stages' candidates."""
        if self._candidate_words is None:
            indices = [i for sentence in self.at.sentences if not sentence.boilerplate
                       for i in range(sentence.first, sentence.last)]
            toks = self.tokens
            indices = [i for i in indices if toks[i].is_word and len(toks[i].form) >= 2]
            flags = self.at.token_flags()
            self._candidate_words = (indices, [toks[i].form for i in indices], [flags[i] for i in indices])
        return self._candidate_words

    def phrase_bits(self) -> list[int]:
        """Each token's :func:`_phrase_bits` (0 for a mark), read per word form: made once per document
        for every candidate phrase of both stages."""
        if self._phrase_bits is None:
            if len(_PHRASE_BITS) > PHRASE_BITS_SIZE:
                _PHRASE_BITS.clear()
            forms = list(map(_FORM, self.tokens))
            bits = read_through(_PHRASE_BITS, forms, lambda k: _phrase_bits(forms[k]))
            for i in compress(count(), map(not_, map(_IS_WORD, self.tokens))):
                bits[i] = 0  # a mark
            self._phrase_bits = bits
        return self._phrase_bits

    def phrase_openers(self, clause_parts: bool) -> list[int]:
        """The tokens a noun run of :meth:`phrases_near` may start at, in order: the words with the article
        and the party heads; in a clause (``clause_parts``) not the function words among them."""
        found = self._phrase_openers.get(clause_parts)
        if found is None:
            bits = self.phrase_bits()
            opens = map(and_, bits, repeat(_OPENS))
            if clause_parts:
                opens = map(gt, opens, map(and_, bits, repeat(_FUNCTION)))  # opens (4) and not a function word (0)
            found = self._phrase_openers[clause_parts] = list(compress(count(), opens))
        return found

    def phrases_near(self, index: int, window: int, extra: dict[Span, str],
                     clause_parts: bool = False) -> list[Phrase]:
        """Entities, party descriptions and definite noun runs near token ``index`` in its sentence
        (and, for speakers, the sentence before), plus ``extra`` spans with their origin.

        ``clause_parts`` (arguments): a noun run ends where a new noun phrase starts in it — after a
        name (``وتتهم الشيخة حسينة | الحكومة``) and before a party head that follows a word with the
        article (``ودعا المفتش الأميركي | الحكومة العراقية``): after a verb, subject and object stand
        side by side, and one run would offer both parties as one candidate; a run that reaches into
        a name goes on to its end (``الرئيس حسني مبارك``)."""
        first, last = self.sentence_bounds(index)
        lo, hi = max(first, index - window), min(last, index + window + 1)
        found: dict[Span, Phrase] = {}

        def add(span: Span, origin: str) -> None:
            # a Phrase is made only for a span not yet found (most spans come from one source)
            phrase = found.get(span)
            if phrase is None:
                phrase = found[span] = Phrase(span[0], span[1])
            phrase.origins.add(origin)

        k = bisect.bisect_left(self.entity_order, (lo, lo))
        while k < len(self.entity_order) and self.entity_order[k][0] < hi:
            span = self.entity_order[k]
            if span[1] <= hi and not (span[0] <= index < span[1]):
                add(span, f"ent:{self.entity_spans[span]}")
            k += 1
        heads = party_heads()
        # the runs start only at the tokens that may open one (read per word form once per document,
        # see _phrase_bits): the scan goes from one to the next instead of over every token between
        bits = self.phrase_bits()
        openers = self.phrase_openers(clause_parts)
        entity_starts = self._entity_starts
        k, n = bisect.bisect_left(openers, lo), len(openers)
        while k < n:
            i = openers[k]
            if i >= hi:
                break
            if i == index:
                k += 1
                continue
            j = i + 1
            while (j < hi and j - i < MAX_PHRASE_TOKENS and j != index and bits[j] & _WORD
                   and (bits[j] & _ARTICLE or j in entity_starts)
                   and not (clause_parts and (bits[j] & _FUNCTION or self._starts_new_phrase(j, heads)))):
                j += 1
            if clause_parts:
                j = self._through_name(i, j, index, hi)
            add((i, j), "head" if bits[i] & _HEAD else "np")
            k = bisect.bisect_left(openers, j, k + 1)  # the next run starts where this one ends, or after
        for span, origin in extra.items():
            if span[0] != index:
                add(span, origin)
        return list(found.values())

    def entity_end_at(self, first: int) -> int | None:
        """Where the longest named entity that starts at token ``first`` ends; None if none starts there."""
        return self._entity_end_of.get(first)

    def _through_name(self, i: int, j: int, index: int, hi: int) -> int:
        """The end of the run ``i..j-1`` taken on to the end of a name that starts in it (arguments): a
        title and its name are one mention, ``الرئيس الفرنسي جاك شيراك``, where the run of words with
        the article stopped at ``جاك`` and left the name cut in two candidates that split its
        probability and push the next party (the object) one rank further."""
        for k in range(i, j):
            end = self.entity_end_at(k)
            if end is not None and j < end <= hi and not (k <= index < end):
                return end
        return j

    def first_clause_part(self, span: Span) -> Span:
        """``span`` up to the second noun phrase in it, if any (the rules' ``الشيخة حسينة الحكومة``
        after ``وتتهم`` names the accuser and the accused: the accuser is the first)."""
        heads = party_heads()
        for j in range(span[0] + 1, span[1]):
            if self.tokens[j].form.startswith(("ال", "وال")) and self._starts_new_phrase(j, heads):
                return span[0], j
        return span

    def _starts_new_phrase(self, j: int, heads: frozenset[str]) -> bool:
        """Whether token ``j`` of a noun run starts a second noun phrase: a name ends right before it
        (and ``j`` is no part of that name), or it is a party head with the article after a word with
        the article (an adjective or a complete noun phrase, not the first term of a construct), or a
        decision or document noun with the article there (:func:`referent_nouns`)."""
        if j in self._entity_ends and not self._inside_entity(j):
            return True
        form, prev = self.tokens[j].form, self.tokens[j - 1].form
        if not (form.startswith(("ال", "وال")) and prev.startswith(("ال", "وال"))):
            return False
        return ((_is_party_head(form, heads) and form not in qualifying_heads())
                or _is_party_head(form, referent_nouns()))

    def in_entity(self, j: int) -> bool:
        """Whether token ``j`` lies in a named entity (starting at it or before it)."""
        return j in self._entity_end_of or self._inside_entity(j)

    def _inside_entity(self, j: int) -> bool:
        """Whether token ``j`` lies inside an entity that starts before it."""
        k = bisect.bisect_right(self._entity_firsts, j - 1) - 1
        while k >= 0 and self.entity_order[k][0] > j - 4 * MAX_PHRASE_TOKENS:
            first, last = self.entity_order[k]
            if first < j < last:
                return True
            k -= 1
        return False


# -- features ----------------------------------------------------------------------
def trigger_features(ctx: Context, index: int, hints: TriggerHints, rule_type: str | None) -> list[str]:
    """Features of "the word at ``index`` is an event (of which type)", in three groups (see
    :mod:`marsad.attribution.learned.bounds`): the word's own, near ones, and far ones that fill the
    slots :func:`trigger_far_slots` declares. A new feature goes to the group it belongs to; a far one
    needs its slot, or candidates the model would keep may be passed over (tests and training check)."""
    return [*trigger_word_features(ctx.tokens[index].form, hints, rule_type),
            *trigger_near_features(ctx, index, hints), *trigger_far_features(ctx, index, hints)]


def trigger_word_features(form: str, hints: TriggerHints, rule_type: str | None) -> list[str]:
    """The features of the word alone and what the lexicons say of it: the same wherever it stands."""
    word = _trigger_word(form)
    feats = [word.written, word.stem, word.clitic, f"rule={rule_type}", *word.pieces]
    lex = hints.lexicon
    if lex is not None:
        feats += [f"lex={lex.type}", f"lex={lex.type}|verbal={lex.verbal}", f"lex={lex.type}|{word.clitic}",
                  f"weak={lex.weak}"]
    if hints.petrarch:
        feats += [f"up={t}" for t in hints.petrarch]
    if hints.vocabulary:
        feats += [f"voc={t}" for t in hints.vocabulary]
    if len(hints.petrarch) == 1:
        feats.append(f"up1={hints.petrarch[0]}")
    # the root's evidence: an unseen verbal noun of a root training saw as an event word shares its weights
    feats += hints.root_features
    feats += [f"rvoc={t}" for t in hints.root_vocabulary]
    feats += [f"rup={t}" for t in hints.root_petrarch]
    return feats


def trigger_near_features(ctx: Context, index: int, hints: TriggerHints) -> list[str]:
    """Features read from the words around the event word and the article's counts: cheap to read.
    Made once per word of a document (kept by ``ctx``: the filter and the model both read them); the
    list is shared, not to be changed."""
    key = (index, hints.lexicon.type if hints.lexicon is not None else None)
    found = ctx.trigger_nears.get(key)
    if found is None:
        found = ctx.trigger_nears[key] = _trigger_near_features(ctx, index, hints)
    return found


def _trigger_near_features(ctx: Context, index: int, hints: TriggerHints) -> list[str]:
    # The trigger filter reads the same features as rows of its bound, for all of a document's words at once
    # (``prefilter.trigger_near_rows``): a near feature added here is added there too (a test compares them).
    toks = ctx.tokens
    n = len(toks)
    tok = toks[index]
    # the strings each neighbour gives are made once per word form (:func:`neighbour_features`)
    before = neighbour_features(toks[index - 1].form) if index > 0 else SENTENCE_START
    after = neighbour_features(toks[index + 1].form) if index + 1 < n else SENTENCE_END
    feats = [before[0], after[1]]
    if hints.lexicon is not None:
        feats.append(lexicon_p1(hints.lexicon.type, before[0]))
    if tok.sentence == 0:
        feats.append("first-sentence")
    if index == 0 or not toks[index - 1].is_word:
        feats.append("after-punct")
    if index + 1 < n and toks[index + 1].is_word:
        feats.append(after[4])
    feats.append(neighbour_features(toks[index - 2].form)[2] if index > 1 else "p2=<s>")
    feats.append(neighbour_features(toks[index + 2].form)[3] if index + 2 < n else "n2=</s>")
    # how many parties the whole article names: one that names no known actor and few persons or
    # organisations (health, schooling, sport) seldom reports an event between parties, whatever its words
    feats += ctx.article_parties()
    return feats


@lru_cache(maxsize=1 << 17)
def neighbour_features(form: str) -> tuple[str, str, str, str, str]:
    """The features a word gives the event word it stands next to (``p1``, ``n1``, ``p2``, ``n2`` by its
    stem, ``n1cl`` by its clitic): made once per word form, and their hashes with them."""
    stem = bare(form)
    return f"p1={stem}", f"n1={stem}", f"p2={stem}", f"n2={stem}", f"n1cl={clitic(form)}"


SENTENCE_START = ("p1=<s>", "", "p2=<s>", "", "")
SENTENCE_END = ("", "n1=</s>", "", "n2=</s>", "")


@lru_cache(maxsize=1 << 17)
def lexicon_p1(lexicon_type: str, p1: str) -> str:
    """``lex=TYPE|p1=WORD`` from the ``p1=WORD`` feature."""
    return f"lex={lexicon_type}|{p1}"


_FAR_SLOTS = ("inquote", "ent-after=", "ent-before=", "anchored")
_FREQ_SLOTS = ("freq=", "freq=", "earlier=", "earlier=")


@lru_cache(maxsize=64)
def trigger_far_slots(lexicon_type: str | None) -> tuple[str, ...]:
    """The slots of :func:`trigger_far_features`, in order, for a word the trigger lexicon reads as
    ``lexicon_type`` (None: a word it does not know)."""
    if lexicon_type is None:
        return (*_FAR_SLOTS, *_FREQ_SLOTS)
    lex = f"lex={lexicon_type}|"
    return (*_FAR_SLOTS, f"{lex}ent-after=", f"{lex}ent-before=", f"{lex}anchored", *_FREQ_SLOTS)


def trigger_far_features(ctx: Context, index: int, hints: TriggerHints) -> list[str]:
    """Features that cost more to read (quotes, entities, the article's use of the stem); each fills
    one slot of :func:`trigger_far_slots`."""
    tok = ctx.tokens[index]
    feats = []
    if ctx.quote_contents and ctx.covering_quote(tok.start) is not None:
        feats.append("inquote")
    cues = ctx.participant_cues(index)
    feats += cues
    lex = hints.lexicon
    if lex is not None:
        feats += [f"lex={lex.type}|{cue}" for cue in cues]
    # how often the article uses the word's stem, and how often before it: the subject of a report
    # (العملية، الحرب، الانسحاب) recurs as its background, where one named event is a word or two
    seen, total = ctx.stem_counts(index)
    freq, earlier, definite = f"freq={bucket(total)}", f"earlier={bucket(seen)}", _trigger_word(tok.form).definite
    feats += [freq, f"{freq}|def={definite}", earlier, f"{earlier}|def={definite}"]
    return feats


@dataclass(frozen=True, slots=True)
class _TriggerWord:
    """The pieces of :func:`trigger_features` that depend on the word alone, built once per form."""

    written: str  # w=…
    stem: str  # s=…
    clitic: str  # cl=…
    pieces: tuple[str, ...]  # the stem's shape, then its readings as a verb
    definite: bool  # the word carries the article


@lru_cache(maxsize=65536)
def _trigger_word(form: str) -> _TriggerWord:
    stem, cl = bare(form), clitic(form)
    return _TriggerWord(f"w={form}", f"s={stem}", f"cl={cl}", (*_stem_shape(stem), *_verb_readings(form)), "ال" in cl)


@lru_cache(maxsize=65536)
def _verb_readings(form: str) -> tuple[str, ...]:
    """The word read as a verb or verbal noun without its affixes (``ورفضته`` → ``vs=رفض``): inflected
    forms share the weights of the forms seen in training."""
    return tuple(sorted(f"vs={stem}" for stem in verb_stems(form) if len(stem) >= 3))


@lru_cache(maxsize=65536)
def _stem_shape(stem: str) -> tuple[str, ...]:
    """Character pieces of the stem, so that derived and inflected forms of one root share weights
    (اعتداء, الاعتداءات, اعتدى share ``g3=عتد``) where the word itself was never seen in training."""
    grams = {f"g3={gram}" for gram in _trigrams(stem)}
    return (f"b3={stem[:3]}", f"e2={stem[-2:]}", *sorted(grams))


def _trigrams(stem: str) -> set[str]:
    """The stem's three-letter pieces (none for a stem under three letters)."""
    return {stem[k:k + 3] for k in range(max(0, len(stem) - 2))}


def argument_features(ctx: Context, event_index: int, event_type: str, role: str, phrase: Phrase) -> list[str]:
    """Features of "``phrase`` is the event's ``role``": where it lies from the trigger, what it is
    made of, what lies between them, and cues of its role in the trigger's clause: the event type with
    direction and distance (``هجوم الحوثيين`` names the attacker, ``احتلال العراق`` the occupied), its
    order among the phrases that name a party (entities, party heads), and the word before it with the
    event type (``على`` for an attack's target, ``مع`` for a meeting's).

    They come in groups (:data:`ARGUMENT_GROUPS`), each made from a few values (:func:`argument_keys`):
    at run time the chooser adds each group's weights once per distinct key
    (:class:`marsad.attribution.learned.grouped.GroupedScorer`) instead of building the strings."""
    keys = argument_keys(role, argument_event_atoms(ctx, event_index, event_type),
                         argument_phrase_atoms(ctx, event_index, phrase))
    return [feature for group, key in zip(ARGUMENT_GROUPS, keys, strict=True) for feature in group(*key)]


# what the event word gives every candidate phrase: its type, whether the lexicon reads it as a verb, its
# clitic, and whether a complementiser with a pronoun stands right before it (see _arg_between)
EventAtoms = tuple[str, str, str, bool]
# what a phrase is to the event word: direction, distance bucket, the word before it, the clitic and stem
# of its first word, its length bucket, whether it opens with a digit, its rank and party rank, its
# origins, the kinds of word between it and the trigger, whether it opens the trigger's sentence
PhraseAtoms = tuple[str, str, str, str, str, str, bool, str, str, frozenset[str], int, bool]


def argument_event_atoms(ctx: Context, event_index: int, event_type: str) -> EventAtoms:
    """The values the argument features read from the event word (the same for all its candidates)."""
    trigger_form = ctx.tokens[event_index].form
    pron = event_index > 0 and _pronoun_subject(ctx.tokens[event_index - 1].form)
    return event_type, _verbal(trigger_form), clitic(trigger_form), pron


def argument_phrase_atoms(ctx: Context, event_index: int, phrase: Phrase) -> PhraseAtoms:
    """The values the argument features read from a candidate phrase and where it lies from the event word
    (the same for both roles)."""
    toks = ctx.tokens
    before = phrase.last <= event_index
    distance = event_index - phrase.last if before else phrase.first - event_index - 1
    head_form = toks[phrase.first].form
    prev = bare(toks[phrase.first - 1].form) if phrase.first > 0 else "<s>"
    first = ctx.at.sentences[toks[event_index].sentence].first
    opens = phrase.first == first or (phrase.first == first + 1 and not toks[first].is_word)
    # what lies between the phrase and the trigger, from the document's running counts
    lo, hi = (phrase.last, event_index) if before else (event_index + 1, phrase.first)
    between = ctx.between_flags(lo, hi) if hi > lo else 0
    return ("before" if before else "after", bucket(distance), prev, clitic(head_form), bare(head_form),
            bucket(phrase.last - phrase.first), head_form[:1].isdigit(), phrase.rank, phrase.party_rank,
            frozenset(phrase.origins), between, opens)


ArgumentKeys = tuple[tuple[str, str, str, str, str, str], tuple[str, str, str, str, str, bool],
                     tuple[str, str, str, str, str, str], tuple[str, str, str, str, bool],
                     tuple[str, str, str, frozenset[str], bool], tuple[str, str, str, str],
                     tuple[str, str, int, bool, bool]]


def argument_keys(r: str, event: EventAtoms, phrase: PhraseAtoms) -> ArgumentKeys:
    """The arguments of each group of :data:`ARGUMENT_GROUPS` for one role, event word and phrase."""
    t, verbal, trigcl, pron = event
    direction, dist, prev, head_cl, head, length, number, rank, party_rank, origins, between, opens = phrase
    return ((r, t, direction, dist, verbal, trigcl), (r, prev, head_cl, head, length, number),
            (r, t, direction, verbal, prev, head_cl), (r, t, verbal, rank, pron), (r, t, direction, origins, pron),
            (r, t, verbal, party_rank), (r, direction, between, opens, pron))


# the keys of argument_keys without their role (the first value of each): the same for both roles
ArgumentRoleKeys = tuple[tuple[str, str, str, str, str], tuple[str, str, str, str, bool],
                         tuple[str, str, str, str, str], tuple[str, str, str, bool],
                         tuple[str, str, frozenset[str], bool], tuple[str, str, str],
                         tuple[str, int, bool, bool]]


def argument_role_keys(event: EventAtoms, phrase: PhraseAtoms) -> ArgumentRoleKeys:
    """:func:`argument_keys` without the role: ``argument_keys(r, e, p)`` is ``(r, *key)`` for each key of
    ``argument_role_keys(e, p)`` (made once per phrase for both roles, see ``GroupedScorer.head_scores``)."""
    t, verbal, trigcl, pron = event
    direction, dist, prev, head_cl, head, length, number, rank, party_rank, origins, between, opens = phrase
    return ((t, direction, dist, verbal, trigcl), (prev, head_cl, head, length, number),
            (t, direction, verbal, prev, head_cl), (t, verbal, rank, pron), (t, direction, origins, pron),
            (t, verbal, party_rank), (direction, between, opens, pron))


def _arg_position(r: str, t: str, direction: str, dist: str, verbal: str, trigcl: str) -> list[str]:
    """Where the phrase lies from the trigger, with the event type and the trigger's form."""
    return [f"r={r}", f"r={r}|dir={direction}", f"r={r}|dist={dist}", f"r={r}|t={t}|dir={direction}",
            f"r={r}|dir={direction}|dist={dist}", f"r={r}|trigcl={trigcl}|dir={direction}",
            f"r={r}|t={t}|dir={direction}|dist={dist}", f"r={r}|verbal={verbal}|dir={direction}|dist={dist}"]


def _arg_words(r: str, prev: str, head_cl: str, head: str, length: str, number: bool) -> list[str]:
    """What the phrase is made of, and the word before it."""
    feats = [f"r={r}|prev={prev}", f"r={r}|cl={head_cl}", f"r={r}|head={head}", f"r={r}|len={length}"]
    if number:
        feats.append(f"r={r}|number")
    return feats


def _arg_words_in_clause(r: str, t: str, direction: str, verbal: str, prev: str, head_cl: str) -> list[str]:
    """The word before the phrase and its clitic with the trigger's type, direction and form (``على`` for an
    attack's target, ``مع`` for a meeting's)."""
    return [f"r={r}|dir={direction}|cl={head_cl}", f"r={r}|verbal={verbal}|prev={prev}", f"r={r}|t={t}|prev={prev}",
            f"r={r}|dir={direction}|prev={prev}"]


def _arg_rank(r: str, t: str, verbal: str, rank: str, pron: bool) -> list[str]:
    """The phrase's order of nearness on its side of the trigger."""
    feats = [f"r={r}|rank={rank}", f"r={r}|t={t}|rank={rank}", f"r={r}|verbal={verbal}|rank={rank}"]
    if pron:
        feats.append(f"r={r}|pron-subj|rank={rank}")
    return feats


# The origins that speak of the target alone (see ``extract.mark_antecedent``): the party a pronoun on the
# event word stands for is what ``واتهمها`` and ``تطالبه`` act on; as an actor cue it moved the actor's weights
# for nothing (round 23), so the actor's features do not read them.
ANTECEDENT = "antecedent"  # the party named last before an event word that carries a pronoun
ANTECEDENT_ADDED = "antecedent-added"  # that party found in an earlier sentence: a target candidate only
TARGET_ONLY_ORIGINS = frozenset({ANTECEDENT, ANTECEDENT_ADDED})
# The subject of an accusation or condemnation frame (``extract.mark_frame_subject``): no actor candidate of
# the act it accuses or condemns, and read by no feature (the target's weights stay as they were)
FRAME_SUBJECT = "frame-subject"


def _arg_origins(r: str, t: str, direction: str, origins: frozenset[str], pron: bool) -> list[str]:
    """Where the phrase came from (an entity of a type, a party head, a noun run, the rules' argument)."""
    if r == "actor" and not origins.isdisjoint(TARGET_ONLY_ORIGINS):
        origins = origins - TARGET_ONLY_ORIGINS
    if FRAME_SUBJECT in origins:
        origins = origins - {FRAME_SUBJECT}
    feats = [f"r={r}|src={o}" for o in origins]
    feats += [f"r={r}|dir={direction}|src={o}" for o in origins]
    feats += [f"r={r}|t={t}|src={o}" for o in origins]
    if pron:
        feats += [f"r={r}|pron-subj|src={o}" for o in origins]
    return feats


def _arg_party_rank(r: str, t: str, verbal: str, party_rank: str) -> list[str]:
    """The phrase's order among the phrases that name a party (entities, party heads)."""
    if not party_rank:
        return []
    return [f"r={r}|prank={party_rank}", f"r={r}|t={t}|prank={party_rank}", f"r={r}|verbal={verbal}|prank={party_rank}"]


def _arg_between(r: str, direction: str, between: int, opens: bool, pron: bool) -> list[str]:
    """What lies between the phrase and the trigger, whether the phrase opens the sentence, and a
    complementiser with a pronoun right before the trigger (``مؤكدا أنه طلب من إسرائيل``: the subject is
    that pronoun, a party named earlier, and the party after the verb is more often its object)."""
    feats = []
    if opens:
        feats.append(f"r={r}|sentence-start|dir={direction}")
    if between & _COMMA:
        feats.append(f"r={r}|comma-between")
    if between & _TRIGGER:
        feats.append(f"r={r}|trigger-between")
    if between & _RELATIVE:
        feats.append(f"r={r}|relative-between|dir={direction}")
    if between & _COMPLEMENT:
        feats.append(f"r={r}|complement-between|dir={direction}")
    if pron:
        feats.append(f"r={r}|pron-subj|dir={direction}")
    return feats


# The groups of the argument features, in the order of :func:`argument_keys`.
ARGUMENT_GROUPS: tuple[Callable[..., list[str]], ...] = (_arg_position, _arg_words, _arg_words_in_clause, _arg_rank,
                                                         _arg_origins, _arg_party_rank, _arg_between)


_THIRD_PERSON = ("ه", "ها", "هم", "هما", "هن")  # pronoun endings of a subject named before (أنه, أنها, أنهم)


_OBJECT_PRONOUNS = ("هما", "هم", "هن", "ها", "ه")  # longest first: واتهمهما is اتهم + هما, not اتهمه + ما


@lru_cache(maxsize=65536)
def trigger_pronoun(form: str) -> str | None:
    """The third-person pronoun an event word carries (``واتهمها`` → ``ها``, ``لقائه`` → ``ه``,
    ``إدانته`` → ``ه`` after its ة), or None. The word without it must read as an event word, or end as
    only a word with a pronoun ends: a hamza on its seat (``لقائه``, ``اعتدائهم``), the ت of a feminine
    verb or of a ة before a pronoun (``عالجتهم``, ``مطالبته``). A ه after alif is a root letter more
    often than a pronoun (``الاتجاه``, ``اشتباه``)."""
    for suffix in _OBJECT_PRONOUNS:
        if len(form) < len(suffix) + 3 or not form.endswith(suffix):
            continue
        rest = form[: -len(suffix)]
        if lookup_trigger(rest) is not None or any(lookup_trigger(r) is not None for r in verb_stems(rest)):
            return suffix
        if rest.endswith(("ائ", "ؤ")) or (rest.endswith("ت") and len(rest) >= 4):
            return suffix
        if rest.endswith("ت") and lookup_trigger(rest[:-1] + "ة") is not None:
            return suffix
    return None


@lru_cache(maxsize=65536)
def _pronoun_subject(form: str) -> bool:
    """``أنه``, ``بأنها``, ``وأنهم``: the complementiser أن carrying a third-person pronoun."""
    return any(r[:2] == "ان" and r[2:] in _THIRD_PERSON for r in strip_proclitics(form))


# what a word between a phrase and its trigger may be, one bit each (see :func:`argument_features`)
_COMMA, _TRIGGER, _RELATIVE, _COMPLEMENT = 1, 2, 4, 8
_FLAG_BITS = 32  # each kind's running count takes one field of this many bits (no document has 2**32 tokens)


@lru_cache(maxsize=65536)
def _clause_flags(form: str) -> int:
    """The kinds of word ``form`` is between a phrase and a trigger besides a trigger word (read from the
    analysis's lexicon flags, see :meth:`Context.between_flags`): a relative pronoun (``الذي``), a
    complementiser (``أن``)."""
    word = bare(form)
    return (_RELATIVE if word in CLAUSE_WORDS else 0) | (_COMPLEMENT if word in COMPLEMENTISERS else 0)


@lru_cache(maxsize=1 << 16)
def _token_step(form: str, is_word: bool, trigger: int) -> int:
    """What a token adds to the running counts of :meth:`Context.between_flags`: a word its trigger bit
    (``trigger``: its lexicon flags' ``TRIGGER`` bit) and clause kinds, a comma mark one comma."""
    if is_word:
        return _PACKED[(_TRIGGER if trigger else 0) | _clause_flags(form)]
    # a comma mark as the first version of this loop tested it (a substring of the marks)
    return _PACKED[_COMMA] if form in "،,؛;" else 0


@lru_cache(maxsize=1 << 12)
def _kinds_counted(counts: int) -> int:
    """The kinds (``_COMMA`` … ``_COMPLEMENT``) whose field of packed ``counts`` is not zero."""
    mask = (1 << _FLAG_BITS) - 1
    flags = 0
    for bit in range(4):
        if counts >> (bit * _FLAG_BITS) & mask:
            flags |= 1 << bit
    return flags


def _packed(flags: int) -> int:
    """The flags spread out one per field, so that sums of them count each kind separately."""
    out = 0
    for bit in range(4):
        if flags >> bit & 1:
            out |= 1 << (bit * _FLAG_BITS)
    return out


_PACKED = tuple(_packed(flags) for flags in range(16))


SCOPING_TYPES = frozenset({"ACCUSE", "REJECT", "THREATEN", "REQUEST"})
CLAUSE_WORDS = frozenset({"الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي", "اللاتي"})


def _verbal(form: str) -> str:
    """Whether the lexicon reads the trigger word as a finite verb (subject and object around it)."""
    hit = lookup_trigger(form)
    return "?" if hit is None else "v" if hit.verbal else "n"


def status_features(ctx: Context, event: Event, index: int) -> list[str]:
    toks = ctx.tokens
    tok = toks[index]
    first, _ = ctx.sentence_bounds(index)
    feats = [f"rs={event.status}", f"t={event.type}", f"t={event.type}|rs={event.status}",
             f"cl={clitic(tok.form)}", f"s={bare(tok.form)}"]
    for k in range(max(first, index - 5), index):
        if toks[k].is_word:
            feats.append(f"pre={bare(toks[k].form)}")
    quote = ctx.covering_quote(tok.start)
    if quote is not None:
        feats.append("inquote")
        cue = bare(str(quote.cue.get("text", "")))
        feats.append(f"cue={cue}")
        if quote.direct:
            feats.append("inquote-direct")
    # a source outside any quote (the accuser of ``اتهمت النظام بالضلوع في هجمات``); inside a quote the
    # quote is the evidence, whether or not its speaker was named: the speaker model abstains on many
    # quotes at run time that had the rules' speaker in training
    if event.source and quote is None:
        feats.append("has-source")
    feats.extend(_tense_cues(ctx, index, first))
    feats.extend(scope_cues(ctx, index, first, quote is not None))
    feats.extend(_denial_cues(ctx, index, quote is not None))
    return feats


def _denial_cues(ctx: Context, index: int, in_quote: bool) -> list[str]:
    """A denial word up to fifteen words before the event word in its sentence (``نفى فيه أن تكون
    الولايات المتحدة شنت هجمات``, ``نافيا ما ذكره مسؤولون عن تدمير``): the frame of ``data/event_frames.tsv``,
    which reaches further than the scope window and tells a denial from the other negations (``لم``, ``غير``,
    ``دون`` negate a word more often than they deny an event), with whether the event is inside a quote."""
    # imported here: the frames module reads this one's word stems
    from marsad.attribution.learned.frames import frame_before

    frame = frame_before(ctx, index)
    if frame is None or frame.kind != "deny":
        return []
    return ["frame=deny", f"frame=deny|inquote={in_quote}"]


@lru_cache(maxsize=1)
def status_scope() -> tuple[int, dict[tuple[str, ...], str]]:
    """``data/status_scope.yaml``: the window, and each scope word or run of words (normalised) → its
    class (condition, negation, future, intention, possibility, necessity, purpose, presupposed)."""
    data = read_yaml("status_scope.yaml")
    words: dict[tuple[str, ...], str] = {}
    for kind, entries in data["classes"].items():
        for entry in entries:
            words.setdefault(tuple(normalize(str(entry)).split()), str(kind))
    return int(data["window"]), words


@lru_cache(maxsize=1)
def scope_limits() -> tuple[frozenset[str], frozenset[str]]:
    """``data/status_scope.yaml``: the classes whose words are verbs (read with a person prefix and
    ending too), and the words that only look like a scope word with a pronoun ending (normalised)."""
    data = read_yaml("status_scope.yaml")
    return (frozenset(str(k) for k in data.get("verb_classes", [])),
            frozenset(normalize(str(w)) for w in data.get("not_scope", [])))


# Pronoun endings a scope word may carry (عزمها, استنكاره, اعتزامهم).
_SCOPE_ENDINGS = ("ه", "ها", "هم", "هما", "هن", "نا", "كم")


@lru_cache(maxsize=65536)
def _scope_kind(form: str) -> str | None:
    """The scope class of one word, read without its leading clitics and a pronoun ending; a verb's
    class also without its person prefix and ending."""
    _, words = status_scope()
    verb_classes, not_scope = scope_limits()
    readings = strip_proclitics(form)
    if any(reading in not_scope for reading in readings):
        return None
    for reading in readings:
        kind = words.get((reading,))
        if kind is None:
            kind = next((words[(reading[:-len(e)],)] for e in _SCOPE_ENDINGS
                         if reading.endswith(e) and len(reading) - len(e) >= 3 and (reading[:-len(e)],) in words),
                        None)
        if kind is not None:
            return kind
    kind = next((words[(stem,)] for stem in verb_stems(form)
                 if len(stem) >= 3 and (stem,) in words and words[(stem,)] in verb_classes), None)
    return kind or _future_verb(form)


@lru_cache(maxsize=1)
def _qad_words() -> tuple[frozenset[str], tuple[str, ...]]:
    """``data/status_scope.yaml``: the forms of قد and the prefixes of a present verb."""
    data = read_yaml("status_scope.yaml")
    return (frozenset(normalize(str(w)) for w in data.get("qad", [])),
            tuple(str(p) for p in data.get("present_prefixes", [])))


def _past_after_qad(ctx: Context, k: int) -> bool:
    """Whether the word at ``k`` is قد and the word after it a past (not a present) verb: قد before a
    past verb asserts (وقد قتل), before a present verb (قد تكون) it is "may", a possibility word."""
    toks = ctx.tokens
    qad, present_prefixes = _qad_words()
    if toks[k].form not in qad or k + 1 >= len(toks) or not toks[k + 1].is_word:
        return False
    return not toks[k + 1].form.startswith(present_prefixes)


def _future_verb(form: str) -> str | None:
    """``future`` for a present-tense verb with the future prefix سـ (``وسيجري``, ``ستزور``): the form
    without و/ف and سـ must read as a verb UniversalPetrarch or the trigger lexicon knows."""
    word = form[1:] if form[:1] in "وف" else form
    if len(word) < 5 or word[0] != "س" or word[1] not in "يتن":
        return None
    rest = word[1:]
    if lookup_trigger(rest) is not None or lookup_cue(rest) is not None:
        return "future"
    verbs = petrarch_verbs()
    return "future" if any(stem in verbs for stem in verb_stems(rest) if len(stem) >= 3) else None


def scope_cues(ctx: Context, index: int, first: int, in_quote: bool) -> list[str]:
    """The scope the event word stands in, from the words before it in its sentence (``اذا وافقت``,
    ``تعتزم القيام بهجوم``, ``من المقرر أن يرفع … دعوى``, ``بعد توقفه``): the nearest scope word's
    class, with its distance and whether the event is inside a quote (a conditional inside a quote
    is still hypothetical), and every class within the window; ``future`` also for the event word's
    own future prefix (``ستزور``)."""
    window, words = status_scope()
    toks = ctx.tokens
    out: list[str] = []
    own = _future_verb(toks[index].form)
    if own is not None:
        out.append("self=future")
    # a future verb just after a noun event is its predicate (أي هجوم بري إسرائيلي سيمثل تصعيدا)
    _, last = ctx.sentence_bounds(index)
    if any(toks[k].is_word and _future_verb(toks[k].form) for k in range(index + 1, min(last, index + 4))):
        out.append("after=future")
    # an allegation word right after the event word (الاعتداء المزعوم)
    if any(toks[k].is_word and _scope_kind(toks[k].form) == "allegation" for k in range(index + 1, min(last, index + 3))):
        out.append("after=allegation")
    seen: set[str] = set()
    nearest: tuple[str, int] | None = None
    for k in range(index - 1, max(first, index - window) - 1, -1):
        if not toks[k].is_word:
            continue
        kind = None
        if k + 1 < index:  # a run of two words first (في حال, من أجل, على وشك, لا بد)
            kind = next((words[(r, toks[k + 1].form)] for r in strip_proclitics(toks[k].form)
                         if (r, toks[k + 1].form) in words), None)
        kind = kind or _scope_kind(toks[k].form)
        if kind is None or (kind == "possibility" and _past_after_qad(ctx, k)):
            continue
        if nearest is None:
            nearest = (kind, index - k)
        seen.add(kind)
    if nearest is not None:
        kind, distance = nearest
        near = "1" if distance == 1 else "2-3" if distance <= 3 else "4+"
        out += [f"scope={kind}", f"scope={kind}|d={near}", f"scope={kind}|inquote={in_quote}"]
    out.extend(f"in-scope={kind}" for kind in sorted(seen))
    return out


def _tense_cues(ctx: Context, index: int, first: int) -> list[str]:
    """What the word's form and the word just before it say of tense and mood: the letters the word
    starts and ends with (``سي``: future, ``ي``/``ت``: present, ``ت`` at the end: past), and the
    particle before it (``لم``, ``لن``, ``سوف``, ``قد``)."""
    toks = ctx.tokens
    form = toks[index].form
    before = bare(toks[index - 1].form) if index > first and toks[index - 1].is_word else "<s>"
    out = [f"f2={form[:2]}", f"l2={form[-2:]}", f"pre1={before}"]
    # an accusation, denial or claim word earlier in the sentence scopes what follows it
    # (تقريرا اتهمت النظام بالضلوع في هجمات: the attacks are the report's claim)
    for k in range(max(first, index - 8), index):
        hit = lookup_trigger(toks[k].form) if toks[k].is_word else None
        if hit is not None and hit.type in SCOPING_TYPES:
            out.append(f"scoped-by={hit.type}")
            break
    # a reporting word and its أن earlier in the sentence (وأوضح الصباغ أن المركز دعا …): a reported
    # clause, even where no quote was made of it
    for k in range(max(first, index - 25), index):
        if toks[k].is_word and bare(toks[k].form) in COMPLEMENTISERS:
            cue = next((lookup_cue(toks[j].form) for j in range(max(first, k - 8), k)
                        if toks[j].is_word and lookup_cue(toks[j].form) is not None), None)
            if cue is not None:
                out.append(f"reported-clause={cue.kind}")
                break
    when = _time_direction(ctx, index)
    if when is not None:
        out.append(f"when={when}")
    return out


TIME_REACH = 12  # tokens either side of an event word within which a time word dates it


@lru_cache(maxsize=1)
def time_directions() -> dict[str, int]:
    """Time words by the direction they point from the publication date: ``المقبل``, ``غدا`` +1 (to
    come), ``الماضي``, ``أمس`` -1 (past), ``الحالي``, ``اليوم`` 0 (``data/time_lexicon.yaml``)."""
    lex = read_yaml("time_lexicon.yaml")
    words = {**lex["day_words"], **lex["directions"]}
    return {normalize(w): (int(v) > 0) - (int(v) < 0) for w, v in words.items() if len(w.split()) == 1}


def _time_direction(ctx: Context, index: int) -> str | None:
    """Where the nearest time word of the sentence around the event word points: ``future`` (``الجولة
    المقبلة``, ``غدا``: a planned event), ``past`` or ``present``; None without one."""
    first, last = ctx.sentence_bounds(index)
    toks = ctx.tokens
    for d in range(1, TIME_REACH + 1):
        for k in (index + d, index - d):
            if first <= k < last and toks[k].is_word:
                found = _time_word(toks[k].form)
                if found is not None:
                    return found
    return None


@lru_cache(maxsize=1 << 17)
def _time_word(form: str) -> str | None:
    """Where the time word ``form`` points (``past``, ``present``, ``future``), None for any other word:
    once per word form (an event word asks some twenty words around it)."""
    directions = time_directions()
    found = next((directions[c] for c in strip_proclitics(form) if c in directions), None)
    return None if found is None else ("past", "present", "future")[found + 1]


COMPLEMENTISERS = frozenset({"ان", "بان", "وان", "فان"})
QUOTE_OPENERS = frozenset({"«", "“", '"', "„", "‹", ":"})


CueReading = tuple[str | None, bool]  # the cue lexicon's kind of a word (or None), and whether training saw its stem


def cue_features(ctx: Context, index: int, cue_hint: str | None, in_vocabulary: bool) -> list[str]:
    """Features of a word that may introduce a reported statement (a quote cue), in the three groups of
    :mod:`marsad.attribution.learned.bounds` (a far feature needs its slot in :func:`cue_far_slots`)."""
    return [*cue_word_features(ctx.tokens[index].form, cue_hint, in_vocabulary), *cue_near_features(ctx, index),
            *cue_far_features(ctx, index)]


@lru_cache(maxsize=65536)
def cue_word_features(form: str, cue_hint: str | None, in_vocabulary: bool) -> tuple[str, ...]:
    """The features of the word alone and of what the lexicon and training say of it."""
    stem = bare(form)
    return (f"w={form}", f"s={stem}", f"cl={clitic(form)}", f"lex={cue_hint}", f"voc={in_vocabulary}",
            *_stem_shape(stem),
            # the word read as a verb without its affixes: يذكرون and ويشيرون share the weights of ذكر, يشير
            *_verb_readings(form))


def cue_near_features(ctx: Context, index: int) -> list[str]:
    """Features of the words right around the cue word: cheap to read."""
    toks = ctx.tokens
    prev = bare(toks[index - 1].form) if index > 0 else "<s>"
    nxt = toks[index + 1].form if index + 1 < len(toks) else "</s>"
    nxt2 = toks[index + 2].form if index + 2 < len(toks) else "</s>"
    feats = [f"p1={prev}", f"n1={bare(nxt)}"]
    if bare(nxt) in COMPLEMENTISERS or nxt in COMPLEMENTISERS:
        feats.append("then-complementiser")
    if nxt in QUOTE_OPENERS or nxt2 in QUOTE_OPENERS:
        feats.append("then-quotation")
    if toks[index].sentence == 0:
        feats.append("first-sentence")
    return feats


_CUE_FAR_SLOTS = ("inside-quote", "intro=", "intro=", "named-intro=", "named-intro=", "obj=", "obj=")


def cue_far_slots() -> tuple[str, ...]:
    """The slots of :func:`cue_far_features`, in order."""
    return _CUE_FAR_SLOTS


def cue_far_features(ctx: Context, index: int) -> list[str]:
    """Features read further from the cue word (quotes, the statement's introducer, names after it);
    each fills one slot of :func:`cue_far_slots`."""
    tok = ctx.tokens[index]
    feats = []
    if ctx.covering_quote(tok.start) is not None:
        feats.append("inside-quote")
    # ``وبين رئيس الهيئة أن…``, ``وعبر المدير عن…``: whether a statement's introducer follows after the
    # subject tells the verb from the preposition (بين "between", عبر "through")
    introducer = introducer_after(ctx, index)
    feats.append(f"intro={introducer}")
    feats.append(f"intro={introducer}|s={bare(tok.form)}")
    # ``بيّن مدير عام الهيئة … المهندس محمد العمرة أن``: a named subject right after the word and the
    # statement's introducer right after that name, however long the name runs (a verb, its subject, أن)
    named = introducer_after_names(ctx, index)
    if named is not None:
        feats.append(f"named-intro={named}")
        feats.append(f"named-intro={named}|cl={clitic(tok.form)}")
    # ``بحسب المرصد`` names a source, ``بحسب مواقفها`` / ``وفقا للمراسيم`` a standard: what the word is
    # followed by (a party, a statement, a noun with a possessive pronoun, anything else)
    kind = object_kind(ctx, index)
    feats.append(f"obj={kind}")
    feats.append(f"obj={kind}|s={bare(tok.form)}")
    return feats


@lru_cache(maxsize=1)
def _possessives() -> tuple[str, ...]:
    """The third-person possessive pronouns of ``data/clitics.yaml`` (ها، هم، هما، هن; not the one-letter
    ه, the ending of too many bare nouns)."""
    return tuple(e for e in read_yaml("clitics.yaml")["enclitics"] if e.startswith("ه") and len(e) >= 2)


def object_kind(ctx: Context, index: int) -> str:
    """What the word after the cue is (past a one- or two-letter link, ``ل``, ``ما``): ``entity``,
    ``party`` (a party head), ``statement``, ``possessive`` (a noun with a pronoun: no source) or ``other``."""
    toks = ctx.tokens
    k = index + 1
    if k < len(toks) and toks[k].is_word and len(toks[k].form) <= 2:
        k += 1
    if k >= len(toks) or toks[k].sentence != toks[index].sentence or not toks[k].is_word:
        return "none"
    if ctx.starts_entity(k):
        return "entity"
    form = toks[k].form
    if any(r in party_heads() for r in strip_proclitics(form)):
        return "party"
    if is_statement_word(form):
        return "statement"
    if len(bare(form)) >= 5 and form.endswith(_possessives()):
        return "possessive"
    return "other"


NAMED_INTRO_GAP = 2  # words between the end of the named subject and its أن/إن/colon/quotation


def introducer_after_names(ctx: Context, index: int) -> str | None:
    """When named entities follow the word directly (one after the other: a title and a name), what
    stands right after them: ``comp``, ``colon``, ``quote`` within ``NAMED_INTRO_GAP`` words, or
    ``other``; None when no name follows the word."""
    toks = ctx.tokens
    _, last = ctx.sentence_bounds(index)
    k = index + 1
    while k < last and (end := ctx.entity_end_at(k)) is not None:
        k = end
    if k == index + 1:
        return None
    for j in range(k, min(last, k + NAMED_INTRO_GAP + 1)):
        form = toks[j].form
        if bare(form) in COMPLEMENTISERS or form in COMPLEMENTISERS:
            return "comp"
        if form == ":":
            return "colon"
        if j in ctx.at.quote_pairs or form in QUOTE_OPENERS:
            return "quote"
    return "other"


INTRODUCER_REACH = 15  # tokens after a cue word within which its أن/إن/colon/quotation stands


def introducer_after(ctx: Context, index: int) -> str:
    """What introduces a statement within reach after the word, in its sentence: ``comp`` (أن/إن),
    ``colon``, ``quote`` (an opening quotation mark), with the distance bucket; ``none`` without one."""
    toks = ctx.tokens
    _, last = ctx.sentence_bounds(index)
    for k in range(index + 1, min(last, index + INTRODUCER_REACH)):
        form = toks[k].form
        kind = ("comp" if bare(form) in COMPLEMENTISERS or form in COMPLEMENTISERS else
                "colon" if form == ":" else "quote" if k in ctx.at.quote_pairs or form in QUOTE_OPENERS else None)
        if kind is not None:
            return f"{kind}@{bucket(k - index)}"
    return "none"


def argument_none_features(event_type: str, role: str, rule_has_it: bool, candidates: int) -> list[str]:
    """Features of "no candidate is the actor/target": the chooser's alternative."""
    return [f"NONE|r={role}", f"NONE|r={role}|t={event_type}", f"NONE|r={role}|rule={rule_has_it}",
            f"NONE|r={role}|n={bucket(candidates)}"]


def speaker_none_features(cue_form: str, rule_has_it: bool, candidates: int, by_rules: bool = True) -> list[str]:
    """``by_rules``: the rules found the quote (else the cue model did, and the rules had no speaker to offer)."""
    return ["NONE", f"NONE|cue={bare(cue_form)}", f"NONE|cuecl={clitic(cue_form)}", f"NONE|rule={rule_has_it}",
            f"NONE|n={bucket(candidates)}", f"NONE|origin={by_rules}"]


@lru_cache(maxsize=1)
def speaker_frame_words() -> dict[str, str]:
    """Words after a reporting verb that show it names no subject of its own (``أن``, ``إلى``,
    ``سموه``, ``قائلا``), by kind: ``data/speaker_frames.tsv``."""
    return {fold(row["word"]): row["kind"] for row in read_tsv_dicts("speaker_frames.tsv")}


def cue_frame(ctx: Context, cue_index: int) -> str:
    """What follows the cue word: ``subj`` (a word that may be its subject), ``none`` (a
    complementiser, preposition, colon or quotation: the speaker was named earlier)."""
    toks = ctx.tokens
    k = cue_index + 1
    if k >= len(toks) or toks[k].sentence != toks[cue_index].sentence:
        return "none"
    tok = toks[k]
    if not tok.is_word:
        return "none" if tok.form in QUOTE_OPENERS or k in ctx.at.quote_pairs else "punct"
    return "none" if tok.form in speaker_frame_words() else "subj"


@lru_cache(maxsize=65536)
def ends_subject(form: str) -> bool:
    """A word that cannot continue the subject after a reporting verb: a complementiser or
    preposition (``إنه``, ``إلى``), another reporting word, or a word led by ب/ل (``بضرورة``)."""
    return form in speaker_frame_words() or lookup_cue(form) is not None or any(c in "بل" for c in clitic(form))


_ABOUT = fold("عن")


def after_statement_link(ctx: Context, index: int) -> bool:
    """Token ``index`` follows ``صادر عن`` / ``الصادر عن`` (``بيان صادر عن يونيفيل``: the statement's
    author, who speaks through it)."""
    toks = ctx.tokens
    if index < 2 or toks[index - 1].form != _ABOUT:
        return False
    links = lexicon().statement_links
    return any(r in links and r != _ABOUT for r in strip_proclitics(toks[index - 2].form))


def speaker_features(ctx: Context, cue_index: int, phrase: Phrase, cue_form: str) -> list[str]:
    """Features of "``phrase`` is the speaker of the quote whose cue word is at ``cue_index``", in the
    groups of :data:`SPEAKER_GROUPS` (see :func:`argument_features`: the chooser adds them group by group)."""
    keys = speaker_keys(speaker_cue_atoms(ctx, cue_index, cue_form), speaker_phrase_atoms(ctx, cue_index, phrase))
    return [feature for group, key in zip(SPEAKER_GROUPS, keys, strict=True) for feature in group(*key)]


# the cue word's stem and clitic, what follows it (cue_frame), and the gender and number it agrees with
CueAtoms = tuple[str, str, str, str]
# the phrase's direction and distance bucket from the cue, the word before it, the clitic and stem of its first
# word, its length, whether it opens with a digit, whether it is in the cue's sentence, its rank, how many
# sentences before the cue, its origins, the gender its first word shows, whether it stands right after the
# cue, lies in a time expression, holds a reporting word, opens a quotation, what follows it, whether it
# follows ``صادر عن``, and for a statement noun whether its author is named after it and how it names its issuer
SpeakerAtoms = tuple[str, str, str, str, str, str, bool, bool, str, str, frozenset[str], str, bool, bool, bool,
                     bool, str, bool, tuple[bool, str] | None]


def speaker_cue_atoms(ctx: Context, cue_index: int, cue_form: str) -> CueAtoms:
    """The values the speaker features read from the cue word (the same for all its candidates)."""
    return bare(cue_form), clitic(cue_form), cue_frame(ctx, cue_index), cue_gender(cue_form)


def speaker_phrase_atoms(ctx: Context, cue_index: int, phrase: Phrase) -> SpeakerAtoms:
    """The values the speaker features read from a candidate phrase and where it stands from the cue."""
    toks = ctx.tokens
    before = phrase.last <= cue_index
    distance = cue_index - phrase.last if before else phrase.first - cue_index - 1
    head = toks[phrase.first].form
    prev = toks[phrase.first - 1].form if phrase.first > 0 else "<s>"
    statement = None
    if is_statement_word(head):
        authored = any(after_statement_link(ctx, k) for k in range(phrase.first + 2, min(phrase.last + 3, len(toks))))
        statement = (authored, ctx.issuer_kind(phrase.first))
    return ("before" if before else "after", bucket(distance), bare(prev), clitic(head), bare(head),
            bucket(phrase.last - phrase.first), head[:1].isdigit(),
            toks[phrase.first].sentence == toks[cue_index].sentence, phrase.rank,
            bucket(toks[cue_index].sentence - toks[phrase.first].sentence) if before else "0",
            frozenset(phrase.origins), _head_gender(head, phrase.origins), phrase.first == cue_index + 1,
            any(ctx.in_time(k) for k in range(phrase.first, phrase.last)),
            any(lookup_cue(toks[k].form) is not None for k in range(phrase.first, phrase.last) if toks[k].is_word),
            phrase.first > 0 and (phrase.first - 1) in ctx.at.quote_pairs, _what_follows(ctx, phrase.last),
            after_statement_link(ctx, phrase.first), statement)


SpeakerKeys = tuple[tuple[str, str, str, str, str, str], tuple[str, str, str, str, bool],
                    tuple[bool, str, str, str, str], tuple[str, str, frozenset[str], str, bool],
                    tuple[str, str, bool, str, bool, bool, bool, bool, tuple[bool, str] | None]]


def speaker_keys(cue: CueAtoms, phrase: SpeakerAtoms) -> SpeakerKeys:
    """The arguments of each group of :data:`SPEAKER_GROUPS` for one cue and phrase."""
    stem, cuecl, frame, gender = cue
    (direction, dist, prev, head_cl, head, length, number, same_sentence, rank, sentences, origins, head_gender,
     right_after, time, has_cue_word, opens_quotation, follow, author, statement) = phrase
    return ((direction, dist, stem, cuecl, frame, follow), (prev, head_cl, head, length, number),
            (same_sentence, rank, cuecl, frame, sentences), (direction, frame, origins, head_cl, has_cue_word),
            (gender, head_gender, right_after, follow, time, has_cue_word, opens_quotation, author, statement))


def _speaker_position(direction: str, dist: str, cue: str, cuecl: str, frame: str, follow: str) -> list[str]:
    """Where the phrase stands from the cue, with the cue's stem, clitic and frame, and what follows the
    phrase: a subject is followed by what it says (أن، «، :) or by a place or time (في بيان); an object or a
    word of the statement by more of the clause."""
    return [f"dir={direction}", f"dist={dist}", f"dir={direction}|dist={dist}", f"cue={cue}|dir={direction}",
            f"cuecl={cuecl}|dir={direction}", f"frame={frame}|dir={direction}", f"follow={follow}|dir={direction}"]


def _speaker_words(prev: str, head_cl: str, head: str, length: str, number: bool) -> list[str]:
    """What the phrase is made of, and the word before it."""
    feats = [f"prev={prev}", f"cl={head_cl}", f"head={head}", f"len={length}"]
    if number:
        feats.append("number")
    return feats


def _speaker_rank(same_sentence: bool, rank: str, cuecl: str, frame: str, sentences: str) -> list[str]:
    """The phrase's order of nearness to the cue, and how many sentences before it."""
    return [f"same-sentence={same_sentence}", f"rank={rank}", f"cuecl={cuecl}|rank={rank}", f"frame={frame}|rank={rank}",
            f"frame={frame}|sdist={sentences}"]


def _speaker_origins(direction: str, frame: str, origins: frozenset[str], head_cl: str,
                     has_cue_word: bool) -> list[str]:
    """Where the phrase came from; what it is made of, for each source (the rules' ``أمام الحشد``,
    ``كلمتها``, ``أضافت``); a reporting word in it, for each source (وتابع قائلا: قائلا is no speaker)."""
    feats = [f"src={o}" for o in origins]
    feats += [f"dir={direction}|src={o}" for o in origins]
    feats += [f"frame={frame}|src={o}" for o in origins]
    feats += [f"src={o}|cl={head_cl}" for o in origins]
    if has_cue_word:
        feats += [f"has-cue-word|src={o}" for o in origins]
    return feats


def _speaker_marks(gender: str, head_gender: str, right_after: bool, follow: str, time: bool, has_cue_word: bool,
                   opens_quotation: bool, author: bool, statement: tuple[bool, str] | None) -> list[str]:
    """Agreement (``وقالت`` has a feminine or collective subject, ``الوزارة``; ``مؤكدين`` a plural one), the
    phrase right after the cue, a time phrase (أعلن هذا الشهر), a reporting word in it, an opening quotation
    before it, and a relay: the statement (بيان، التقرير) names its author after it, the author is the
    speaker; a report that refers back to one a named party issued speaks for that party (``وشمل التقرير``)."""
    feats = [f"agree={gender}|{head_gender}"]
    if right_after:
        feats += ["right-after-cue", f"right-after-cue|follow={follow}"]
    if time:
        feats.append("time")
    if has_cue_word:
        feats.append("has-cue-word")
    if opens_quotation:
        feats.append("opens-quotation")
    if author:
        feats.append("statement-author")
    if statement is not None:
        feats += [f"statement-noun|authored={statement[0]}", f"statement-noun|issuer={statement[1]}"]
    return feats


# The groups of the speaker features, in the order of :func:`speaker_keys`.
SPEAKER_GROUPS: tuple[Callable[..., list[str]], ...] = (_speaker_position, _speaker_words, _speaker_rank,
                                                        _speaker_origins, _speaker_marks)


@lru_cache(maxsize=65536)
def cue_gender(form: str) -> str:
    """The gender and number the cue word agrees with: the lexicon's (``data/quote_verbs.tsv``), else
    read from its ending (``أضافت`` feminine, ``مشيرين`` plural), else ``x``."""
    cue = lookup_cue(form)
    if cue is not None:
        return cue.gender
    stem = bare(form)
    if stem.endswith(("وا", "ون", "ين")):
        return "p"
    if stem.endswith(("ت", "ه")) or stem.startswith("ت"):
        return "f"
    return "x"


def _head_gender(form: str, origins: set[str]) -> str:
    """The gender and number a phrase's first word shows (folded: ``ة`` reads ``ه``); a person's name shows none."""
    if "ent:PERSON" in origins:
        return "person"
    stem = bare(form)
    if stem.endswith(("ون", "ين", "ات")):
        return "p"
    if stem.endswith("ه") and len(stem) > 3:
        return "f"
    return "m"


def _what_follows(ctx: Context, index: int) -> str:
    """The kind of token at ``index`` (right after a phrase): a complementiser, a quotation or colon,
    other punctuation, a preposition, another word, or the end of the sentence."""
    toks = ctx.tokens
    if index >= len(toks) or toks[index].sentence != toks[index - 1].sentence:
        return "end"
    tok = toks[index]
    if index in ctx.at.quote_pairs or tok.form in QUOTE_OPENERS:
        return "quote"
    if not tok.is_word:
        return "punct"
    if bare(tok.form) in COMPLEMENTISERS or tok.form in COMPLEMENTISERS:
        return "compl"
    return speaker_frame_words().get(tok.form, "word")


def coref_features(ctx: Context, first: int, later: int, event_type: str) -> list[str]:
    """Features of "the event word at ``later`` re-mentions the event of the same type at ``first``"
    (token indices, ``first`` < ``later``): shared stem or root letters, distance in sentences, the
    article or a demonstrative on the later word, verb or noun on each side."""
    toks = ctx.tokens
    a, b = toks[first], toks[later]
    stem_a, stem_b = bare(a.form), bare(b.form)
    share = "stem" if stem_a == stem_b else "root" if _trigrams(stem_a) & _trigrams(stem_b) else "none"
    distance = bucket(max(0, b.sentence - a.sentence))
    marks = coref_words()
    around = {marks.get(toks[k].form) for k in (later - 1, later + 1) if 0 <= k < len(toks)} - {None}
    definite = "ال" in clitic(b.form)
    t = event_type
    feats = [
        "bias", f"t={t}", f"share={share}", f"t={t}|share={share}", f"sdist={distance}",
        f"share={share}|sdist={distance}", f"t={t}|sdist={distance}",
        f"def={definite}", f"def={definite}|share={share}",
        f"verbal={_verbal(a.form)}{_verbal(b.form)}", f"verbal={_verbal(a.form)}{_verbal(b.form)}|share={share}",
        f"first-in-lede={a.sentence == 0}",
    ]
    feats.extend(f"mark={m}" for m in sorted(str(x) for x in around))
    return feats
