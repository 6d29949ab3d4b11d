"""Attribution and event vocabulary, loaded once from the data files and folded.

Data files are written in natural spelling; every form is folded here to the
matching form (:func:`marsad.text.normalize.normalize`) so lookups compare like
with like.  Verb triggers are stored as a past/present pair and conjugated here:
the few affixes of the third and first person are enough for news prose.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from marsad.resources import read_tsv_dicts, read_yaml
from marsad.text.memo import WordMemo
from marsad.text.normalize import normalize

# Proclitics a cue or trigger may carry; longest first.
_PROCLITICS = ("وبال", "فبال", "ولل", "وال", "فال", "بال", "لل", "وب", "ول", "فب", "فل", "وس", "فس",
               "و", "ف", "ب", "ل", "س", "ال")


@dataclass(frozen=True, slots=True)
class Cue:
    form: str
    gender: str
    polarity: str
    kind: str
    bare: bool


@dataclass(frozen=True, slots=True)
class Trigger:
    type: str
    mode: str | None
    present: bool  # a present-tense verb form (قد + present = "may")
    verbal: bool  # a finite verb (subject may follow it)
    length: int = 1  # tokens
    weak: bool = False  # only when the sentence has no other trigger of the type
    genitive_target: bool = False  # after this verbal noun the genitive is the target
    participle: bool = False  # a circumstantial participle: its subject is the main clause's
    vote: bool = False  # a vote: the side word later in the clause names the target
    split: bool = False  # verb … subject … object: the trigger spans verb to object


@dataclass(slots=True)
class Lexicon:
    cues: dict[str, Cue]
    according_to: list[tuple[str, ...]]
    statement_nouns: set[str]
    statement_links: set[str]
    publish_verbs: set[str]
    media_nouns: set[str]
    reporter_nouns: set[str]
    titles: set[str]
    pronouns: set[str]
    complementizers: set[str]
    speaker_stops: set[str]
    triggers: dict[str, Trigger]
    phrases: dict[tuple[str, ...], Trigger]
    mode_cues: dict[str, dict[str, str]]  # type → cue word → mode
    hostile: set[str]
    negation: set[str]
    negation_window: int
    planned: list[tuple[str, ...]]
    hypothetical: list[tuple[str, ...]]
    may: set[str]
    figure_kinds: dict[str, str]
    quantities: dict[str, str | int]
    figure_window: int
    fillers: list[tuple[str, ...]] = field(default_factory=list)
    time_adverbs: list[tuple[str, ...]] = field(default_factory=list)
    referents: list[tuple[str, ...]] = field(default_factory=list)
    target_preps: set[str] = field(default_factory=set)
    split_places: set[str] = field(default_factory=set)
    object_pronouns: set[str] = field(default_factory=set)
    speech_acts: set[str] = field(default_factory=set)
    physical: set[str] = field(default_factory=set)
    self_reference: set[str] = field(default_factory=set)
    content_breakers: set[str] = field(default_factory=set)
    lead_ins: set[str] = field(default_factory=set)
    according_verb_pronouns: tuple[str, ...] = ()
    according_resumptives: set[str] = field(default_factory=set)
    outlet_background: set[str] = field(default_factory=set)
    trigger_adjectives: set[str] = field(default_factory=set)
    accusation_modes: set[str] = field(default_factory=set)
    accusation_targets: set[str] = field(default_factory=set)
    modal_window: int = 12
    agent_markers: list[tuple[str, ...]] = field(default_factory=list)
    between: set[str] = field(default_factory=set)
    agent_nouns: set[str] = field(default_factory=set)
    vote_verbs: set[str] = field(default_factory=set)
    instrument_nouns: set[str] = field(default_factory=set)
    exposure_verbs: set[str] = field(default_factory=set)
    # verb form → (object words, trigger) for verbs whose object follows their subject
    split_phrases: dict[str, tuple[set[str], Trigger]] = field(default_factory=dict)
    verb_forms: dict[str, Trigger] = field(default_factory=dict)
    vote_against: set[str] = field(default_factory=set)
    vote_for: set[str] = field(default_factory=set)
    max_phrase: int = field(default=1)
    # broken constructs (``phrase_gaps``): a noun phrase's head form (also accusative) → its phrases'
    # rests with the genitive under ل (``("لاطلاق", "النار")``) and their triggers; the adjectives that
    # may stand between, and how many
    gap_heads: dict[str, dict[tuple[str, ...], Trigger]] = field(default_factory=dict)
    gap_adjectives: set[str] = field(default_factory=set)
    gap_max: int = 0
    # first word → phrases that start with it (longest first), for one lookup per token
    according_index: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    phrase_heads: set[str] = field(default_factory=set)
    status_particles: set[str] = field(default_factory=set)
    not_negation_after: set[str] = field(default_factory=set)


def fold(text: str) -> str:
    return normalize(text.strip())


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(fold(text).split())


def conjugate(past: str, present: str) -> tuple[set[str], set[str]]:
    """Third/first person forms of a verb: (past forms, present forms), folded."""
    if past[-1:] in "ىا":
        # weak final (ألقى, دعا): ألقت, ألقوا, دعت, دعوا
        base = past[:-1]
        past_forms = {past, base + "ت", base + "وا", base + "تا", past + "نا", base + "ينا", base + "ونا"}
    else:
        past_forms = {past + s for s in ("", "ت", "وا", "ا", "تا", "نا")}
    stem = present[1:] if present[:1] in "يت" else present
    present_forms: set[str] = set()
    for prefix in ("ي", "ت", "ن", "ا"):
        for suffix in ("", "ون", "ان", "ن", "وا"):
            present_forms.add(prefix + stem + suffix)
    # weak-final present (يدعو, يلتقي): plural drops the final letter
    if stem[-1:] in "وي":
        for prefix in ("ي", "ت"):
            present_forms.add(prefix + stem[:-1] + "ون")
    return {fold(f) for f in past_forms}, {fold(f) for f in present_forms}


def _split_mode(entry: str) -> tuple[str, str | None]:
    word, _, mode = entry.partition("|")
    return word, (mode or None)


def _folded(words: Any) -> set[str]:
    return {fold(w) for w in words}


def _phrases_longest_first(texts: Any) -> list[tuple[str, ...]]:
    return sorted((_phrase(p) for p in texts), key=len, reverse=True)


def _load_cues() -> dict[str, Cue]:
    return {
        fold(row["form"]): Cue(fold(row["form"]), row["gender"], row["polarity"], row["kind"],
                               row["bare"] == "yes")
        for row in read_tsv_dicts("quote_verbs.tsv")
    }


@dataclass(slots=True)
class _TriggerTables:
    """What ``event_types.yaml`` gives: single-word triggers, phrases, mode cues, verb readings."""

    triggers: dict[str, Trigger] = field(default_factory=dict)
    phrases: dict[tuple[str, ...], Trigger] = field(default_factory=dict)
    mode_cues: dict[str, dict[str, str]] = field(default_factory=dict)
    verb_forms: dict[str, Trigger] = field(default_factory=dict)
    hostile: set[str] = field(default_factory=set)

    def add_verbs(self, name: str, entries: list[str]) -> None:
        for entry in entries:
            pair, mode = _split_mode(entry)
            past, present = pair.split()
            past_forms, present_forms = conjugate(past, present)
            for form in past_forms:
                self.triggers.setdefault(form, Trigger(name, mode, False, True))
                self.verb_forms.setdefault(form, Trigger(name, mode, False, True))
            for form in present_forms:
                self.triggers.setdefault(form, Trigger(name, mode, True, True))
                self.verb_forms.setdefault(form, Trigger(name, mode, True, True))

    def add_nouns(self, name: str, entries: list[str], gen_target: bool) -> None:
        triggers = self.triggers
        for entry in entries:
            word, mode = _split_mode(entry)
            # a form that is both a past verb and a verbal noun (قصف, حشد) is read as the noun:
            # its genitive and its verb-first subject are the same phrase
            noun = fold(word)
            if noun in triggers and triggers[noun].type == name and triggers[noun].verbal:
                del triggers[noun]
            triggers.setdefault(noun, Trigger(name, mode, False, False, 1, False, gen_target))

    def add_participles(self, name: str, entries: list[str]) -> None:
        for entry in entries:
            word, mode = _split_mode(entry)
            self.triggers.setdefault(fold(word), Trigger(name, mode, False, True, participle=True))

    def add_weak(self, name: str, entries: list[str]) -> None:
        for entry in entries:
            word, mode = _split_mode(entry)
            if " " in word:
                past, present = word.split()
                past_forms, present_forms = conjugate(past, present)
                for form in past_forms | present_forms:
                    self.triggers.setdefault(form, Trigger(name, mode, form in present_forms, True, 1, True))
            else:
                self.triggers.setdefault(fold(word), Trigger(name, mode, False, False, 1, True))

    def add_phrases(self, name: str, entries: list[str], gen_target: bool) -> None:
        for entry in entries:
            words, mode = _split_mode(entry)
            verbal = words.startswith("+")
            tokens = _phrase(words.lstrip("+"))
            self.phrases[tokens] = Trigger(name, mode, False, verbal, len(tokens), False, gen_target)

    def add_type(self, name: str, spec: dict[str, Any]) -> None:
        if spec.get("hostile"):
            self.hostile.add(name)
        gen_target = spec.get("genitive") == "target"
        self.add_verbs(name, spec.get("verbs") or [])
        self.add_nouns(name, spec.get("nouns") or [], gen_target)
        self.add_participles(name, spec.get("participles") or [])
        self.add_weak(name, spec.get("weak") or [])
        self.add_phrases(name, spec.get("phrases") or [], gen_target)
        self.mode_cues[name] = {fold(w): mode for mode, words in (spec.get("modes") or {}).items() for w in words}


def _load_trigger_tables(types: dict[str, Any]) -> _TriggerTables:
    tables = _TriggerTables()
    for name, spec in types.items():
        tables.add_type(name, spec)
    return tables


def _base_lexicon(src: dict[str, Any], tables: _TriggerTables, status: dict[str, Any],
                  figures: dict[str, Any]) -> Lexicon:
    """The required fields: quote sources, trigger tables, status cues and figures."""
    return Lexicon(
        cues=_load_cues(),
        according_to=_phrases_longest_first(src["according_to"]),
        statement_nouns=_folded(src["statement_nouns"]),
        statement_links=_folded(src["statement_links"]),
        publish_verbs=_folded(src["publish_verbs"]),
        media_nouns=_folded(src["media_nouns"]),
        reporter_nouns=_folded(src["reporter_nouns"]),
        titles=_folded(src["titles"]),
        pronouns=_folded(src["pronouns"]),
        complementizers=_folded(src["complementizers"]),
        speaker_stops=_folded(src["speaker_stops"]),
        triggers=tables.triggers,
        phrases=tables.phrases,
        mode_cues=tables.mode_cues,
        hostile=tables.hostile,
        negation=_folded(status["negation"]),
        negation_window=int(status["negation_window"]),
        planned=[_phrase(p) for p in status["planned"]],
        hypothetical=[_phrase(p) for p in status["hypothetical"]],
        may=_folded(status["may"]),
        figure_kinds={fold(w): kind for kind, words in figures["kinds"].items() for w in words},
        quantities={fold(k): v for k, v in figures["quantities"].items()},
        figure_window=int(figures["window"]),
    )


def _add_event_words(lex: Lexicon, event_data: dict[str, Any], src: dict[str, Any], status: dict[str, Any]) -> None:
    """Argument, place and status vocabulary from ``event_types.yaml`` and its neighbours."""
    lex.fillers = _phrases_longest_first(event_data["fillers"])
    lex.time_adverbs = _phrases_longest_first(event_data["time_adverbs"])
    lex.referents = _phrases_longest_first(event_data["referents"])
    lex.target_preps = _folded(event_data["target_preps"])
    lex.split_places = set(event_data["split_places"])
    lex.object_pronouns = _folded(event_data["object_pronouns"])
    lex.speech_acts = set(event_data["speech_acts"])
    lex.physical = set(event_data["physical"])
    lex.self_reference = _folded(src["self_reference"])
    lex.content_breakers = _folded(src["content_breakers"])
    lex.lead_ins = _folded(src["lead_ins"])
    lex.according_verb_pronouns = tuple(sorted(_folded(src["according_verb_pronouns"]), key=len, reverse=True))
    lex.according_resumptives = _folded(src["according_resumptives"])
    lex.outlet_background = _folded(src.get("outlet_background", []))
    lex.trigger_adjectives = _folded(event_data["trigger_adjectives"])
    lex.accusation_modes = set(event_data["accusation_modes"])
    lex.accusation_targets = _folded(event_data["accusation_targets"])
    lex.modal_window = int(status["modal_window"])
    lex.agent_markers = _phrases_longest_first(event_data["agent_markers"])
    lex.between = _folded(event_data["between"])
    lex.instrument_nouns = _folded(event_data["instrument_nouns"])
    lex.exposure_verbs = _folded(event_data["exposure_verbs"])


def _add_split_phrases(lex: Lexicon, entries: list[dict[str, Any]]) -> None:
    for entry in entries:
        past, present = entry["verb"].split()
        objects = _folded(entry["objects"])
        past_forms, present_forms = conjugate(past, present)
        for form in past_forms | present_forms:
            trig = Trigger(entry["type"], entry.get("mode"), form in present_forms, True, split=True)
            lex.split_phrases[form] = (objects, trig)


def _with_lam(word: str) -> str:
    """The genitive of a broken construct under ل: the article's alif drops (النار → للنار)."""
    return "ل" + word[1:] if word.startswith("ال") else "ل" + word


def _add_phrase_gaps(lex: Lexicon, gaps: dict[str, Any]) -> None:
    """Index the noun phrases (not the verb phrases: their second word is an object, not a genitive)
    by head, with the genitive under ل, for :meth:`match_gapped_phrase`."""
    lex.gap_adjectives = _folded(gaps["adjectives"])
    lex.gap_max = int(gaps["max"])
    for words, trig in lex.phrases.items():
        if trig.verbal or len(words) < 2:
            continue
        rest = (_with_lam(words[1]), *words[2:])
        for head in (words[0], words[0] + "ا"):  # "وقفا دائما لإطلاق النار": the accusative head
            lex.gap_heads.setdefault(head, {}).setdefault(rest, trig)


def _add_votes(lex: Lexicon, votes: dict[str, Any]) -> None:
    for entry in votes["verbs"]:
        past, present = entry.split()
        past_forms, present_forms = conjugate(past, present)
        lex.vote_verbs |= past_forms | present_forms
    lex.vote_against = _folded(votes["against"])
    lex.vote_for = _folded(votes["for"])


def _add_indexes(lex: Lexicon, status: dict[str, Any]) -> None:
    """Lookup helpers derived from the loaded words."""
    for phrase in lex.according_to:
        lex.according_index.setdefault(phrase[0], []).append(phrase)
    lex.phrase_heads = {key[0] for key in lex.phrases}
    lex.status_particles = lex.negation | lex.may
    lex.not_negation_after = _folded(status["not_negation_after"])
    lex.max_phrase = max((len(k) for k in lex.phrases), default=1)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    src: dict[str, Any] = read_yaml("quote_sources.yaml")
    event_data: dict[str, Any] = read_yaml("event_types.yaml")
    tables = _load_trigger_tables(event_data["types"])
    status: dict[str, Any] = read_yaml("event_status.yaml")
    figures: dict[str, Any] = read_yaml("event_figures.yaml")
    lex = _base_lexicon(src, tables, status, figures)
    _add_event_words(lex, event_data, src, status)
    lex.verb_forms = tables.verb_forms
    _add_split_phrases(lex, event_data["split_phrases"])
    lex.agent_nouns = _folded(event_data["agent_nouns"])
    _add_votes(lex, event_data["votes"])
    _add_phrase_gaps(lex, event_data["phrase_gaps"])
    _add_indexes(lex, status)
    return lex


def _clitics_by_rank(clitics: tuple[str, ...]) -> tuple[dict[str, int], tuple[int, ...]]:
    """Each clitic's position in ``clitics`` and the lengths they come in: a word starts (ends) with
    at most one clitic of each length, so a slice per length finds them all."""
    return {c: i for i, c in enumerate(clitics)}, tuple(sorted({len(c) for c in clitics}))


_PROCLITIC_RANK, _PROCLITIC_LENGTHS = _clitics_by_rank(_PROCLITICS)


# The per-form LRU caches of the readings and what they cue: 2^15 forms each (at 2^16, over a
# whole-corpus ingest, strip_proclitics alone held 18 MiB of reading tuples and the others 6-7 MiB
# each; news vocabulary is Zipfian and an LRU keeps the frequent forms).
_FORM_CACHE = 1 << 15


def _leading_proclitics(form: str) -> list[str]:
    """The proclitics ``form`` starts with, in the order of ``_PROCLITICS`` (the order readings are tried)."""
    found = [form[:n] for n in _PROCLITIC_LENGTHS if len(form) >= n and form[:n] in _PROCLITIC_RANK]
    found.sort(key=_PROCLITIC_RANK.__getitem__)
    return found


@lru_cache(maxsize=_FORM_CACHE)
def strip_proclitics(form: str) -> tuple[str, ...]:
    """The form and its readings without leading conjunction/preposition/article."""
    return _without_proclitics(form, _leading_proclitics(form))


def _without_proclitics(form: str, leading: list[str]) -> tuple[str, ...]:
    """:func:`strip_proclitics` given the proclitics ``form`` starts with."""
    out = [form]
    for p in leading:
        if len(form) - len(p) >= 2:
            out.append(form[len(p) :])
    return tuple(out)


@lru_cache(maxsize=_FORM_CACHE)
def lookup_cue(form: str) -> Cue | None:
    cues = lexicon().cues
    for candidate in (form, *(form[1:] for _ in (0,) if form[:1] in "وف")):
        cue = cues.get(candidate)
        if cue is not None:
            return cue
    return None


# Clitics a verb cannot take (the article, prepositions).
_NOMINAL_PREFIX = ("ال", "ب", "ل", "ك")


# Object pronouns a trigger may carry (رفضته, هجومهم); the clitic file's full list is for lookups
# of any word, this short one is enough for verbs and verbal nouns.
_ENCLITICS = ("ه", "ها", "هم", "هما", "هن", "ته", "تها", "تهم", "نا", "ت")


_ENCLITIC_RANK, _ENCLITIC_LENGTHS = _clitics_by_rank(_ENCLITICS)


def _trailing_enclitics(rest: str) -> list[str]:
    """The pronouns ``rest`` ends with, in the order of ``_ENCLITICS``."""
    found = [rest[-n:] for n in _ENCLITIC_LENGTHS if len(rest) >= n and rest[-n:] in _ENCLITIC_RANK]
    found.sort(key=_ENCLITIC_RANK.__getitem__)
    return found


@lru_cache(maxsize=65536)
def lookup_trigger(form: str) -> Trigger | None:
    """The trigger a token spells, with its clitics removed.

    A reading that strips both a prefix and a suffix must leave a stem of four
    letters or more (``وزارة`` is not و+زار+ه "and he visited him"), and a verb
    never carries the article or a preposition.
    """
    return _find_trigger(form, _leading_proclitics(form))


def _find_trigger(form: str, leading: list[str]) -> Trigger | None:
    """:func:`lookup_trigger` given the proclitics ``form`` starts with."""
    triggers = lexicon().triggers
    if form.endswith("ا") and form[:-1] in triggers and not triggers[form[:-1]].verbal:
        # accusative tanween ("انفجاراً", "قصفاً") before the rare dual verb "قصفا"
        return triggers[form[:-1]]
    hit = triggers.get(form)
    if hit is not None:
        return hit
    for prefix in ("", *leading):
        rest = form[len(prefix):]
        if len(rest) < 2:
            continue
        for suffix in ("", *_trailing_enclitics(rest)):
            if suffix:
                stem = rest[: -len(suffix)]
            else:
                if not prefix:
                    continue
                stem = rest
            if len(stem) < 2:
                continue
            hit = triggers.get(stem)
            if hit is None:
                continue
            if prefix and suffix and len(stem) < 4:
                continue
            if hit.verbal and any(p in prefix for p in _NOMINAL_PREFIX):
                continue
            if not hit.verbal and prefix.endswith("س"):
                continue
            return hit
    return None


@lru_cache(maxsize=_FORM_CACHE)
def figure_kind(form: str) -> str | None:
    """The figure kind (killed, injured …) the first reading of ``form`` names that has one."""
    kinds = lexicon().figure_kinds
    return next((kinds[c] for c in strip_proclitics(form) if c in kinds), None)


@lru_cache(maxsize=_FORM_CACHE)
def mode_cue(form: str, event_type: str) -> str | None:
    """The mode (``airstrike`` …) that the first reading of ``form`` cues for events of ``event_type``."""
    cues = lexicon().mode_cues.get(event_type) or {}
    return next((cues[c] for c in strip_proclitics(form) if c in cues), None)


def matches_word(form: str, words: set[str]) -> bool:
    return any(candidate in words for candidate in strip_proclitics(form))


@lru_cache(maxsize=16384)
def is_statement_word(form: str) -> bool:
    """A statement noun, with or without clitics ("ببيان", "البيان")."""
    nouns = lexicon().statement_nouns
    return any(c in nouns for c in strip_proclitics(form))


@lru_cache(maxsize=16384)
def is_vote_word(form: str) -> bool:
    verbs = lexicon().vote_verbs
    return any(c in verbs for c in strip_proclitics(form))


# What a token may start, so that scans skip the many tokens that start nothing.
CUE, ACCORDING, STATEMENT, TRIGGER, PHRASE, VOTE = 1, 2, 4, 8, 16, 32


def _flags_of(form: str) -> int:
    """What ``form`` may start: the tests of :func:`lookup_cue`, :func:`is_statement_word`,
    :func:`lookup_trigger`, :func:`is_vote_word` and the phrase tables, computed together from one
    reading of the word's proclitics and without filling each lookup's own cache (every distinct
    word of a corpus is asked once; only the few flagged ones are looked up again by the rules)."""
    lex = lexicon()
    leading = _leading_proclitics(form)
    heads = _without_proclitics(form, leading)
    flags = 0
    conjunction = form[:1] in "وف"
    if form in lex.cues or (conjunction and form[1:] in lex.cues):
        flags |= CUE
    if form in lex.according_index or (conjunction and form[1:] in lex.according_index):
        flags |= ACCORDING
    if not lex.statement_nouns.isdisjoint(heads):
        flags |= STATEMENT
    if _find_trigger(form, leading) is not None:
        flags |= TRIGGER
    if not lex.phrase_heads.isdisjoint(heads) or not lex.gap_heads.keys().isdisjoint(heads):
        flags |= PHRASE
    if not lex.vote_verbs.isdisjoint(heads) or not lex.split_phrases.keys().isdisjoint(heads):
        flags |= VOTE
    return flags


# News vocabulary outgrows 65,536 forms within 1,000 articles (71,071 distinct words in the first
# 1,000 SaudiNewsNet articles): an LRU cache of that size missed most words of a second pass over
# them.  A plain dict of 131,072 words (emptied when full) keeps a corpus's working vocabulary.
FLAGS: WordMemo[int] = WordMemo(_flags_of)


def token_flags(form: str) -> int:
    """The bits (:data:`CUE`, :data:`ACCORDING`, …) of what ``form`` may start; 0 for most words."""
    return FLAGS(form)
