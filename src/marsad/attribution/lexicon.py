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
    referents: list[tuple[str, ...]] = field(default_factory=list)
    target_preps: set[str] = field(default_factory=set)
    split_places: set[str] = field(default_factory=set)
    object_pronouns: set[str] = field(default_factory=set)
    speech_acts: set[str] = field(default_factory=set)
    physical: set[str] = field(default_factory=set)
    self_reference: set[str] = field(default_factory=set)
    content_breakers: set[str] = field(default_factory=set)
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


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    cues = {
        fold(row["form"]): Cue(fold(row["form"]), row["gender"], row["polarity"], row["kind"],
                               row["bare"] == "yes")
        for row in read_tsv_dicts("quote_verbs.tsv")
    }
    src: dict[str, Any] = read_yaml("quote_sources.yaml")
    event_data: dict[str, Any] = read_yaml("event_types.yaml")
    types: dict[str, Any] = event_data["types"]
    triggers: dict[str, Trigger] = {}
    phrases: dict[tuple[str, ...], Trigger] = {}
    mode_cues: dict[str, dict[str, str]] = {}
    verb_forms: dict[str, Trigger] = {}
    hostile: set[str] = set()
    for name, spec in types.items():
        if spec.get("hostile"):
            hostile.add(name)
        gen_target = spec.get("genitive") == "target"
        for entry in (spec.get("verbs") or []):
            pair, mode = _split_mode(entry)
            past, present = pair.split()
            past_forms, present_forms = conjugate(past, present)
            for form in past_forms:
                triggers.setdefault(form, Trigger(name, mode, False, True))
                verb_forms.setdefault(form, Trigger(name, mode, False, True))
            for form in present_forms:
                triggers.setdefault(form, Trigger(name, mode, True, True))
                verb_forms.setdefault(form, Trigger(name, mode, True, True))
        for entry in (spec.get("nouns") or []):
            word, mode = _split_mode(entry)
            # a form that is both a past verb and a verbal noun (قصف, حشد) is read as the noun:
            # its genitive and its verb-first subject are the same phrase
            noun = fold(word)
            if noun in triggers and triggers[noun].type == name and triggers[noun].verbal:
                del triggers[noun]
            triggers.setdefault(noun, Trigger(name, mode, False, False, 1, False, gen_target))
        for entry in (spec.get("participles") or []):
            word, mode = _split_mode(entry)
            triggers.setdefault(fold(word), Trigger(name, mode, False, True, participle=True))
        for entry in (spec.get("weak") or []):
            word, mode = _split_mode(entry)
            if " " in word:
                past, present = word.split()
                past_forms, present_forms = conjugate(past, present)
                for form in past_forms | present_forms:
                    triggers.setdefault(form, Trigger(name, mode, form in present_forms, True, 1, True))
            else:
                triggers.setdefault(fold(word), Trigger(name, mode, False, False, 1, True))
        for entry in (spec.get("phrases") or []):
            words, mode = _split_mode(entry)
            verbal = words.startswith("+")
            tokens = _phrase(words.lstrip("+"))
            phrases[tokens] = Trigger(name, mode, False, verbal, len(tokens), False, gen_target)
        mode_cues[name] = {fold(w): mode for mode, words in (spec.get("modes") or {}).items() for w in words}
    status: dict[str, Any] = read_yaml("event_status.yaml")
    figures: dict[str, Any] = read_yaml("event_figures.yaml")
    figure_kinds = {fold(w): kind for kind, words in figures["kinds"].items() for w in words}
    quantities: dict[str, str | int] = {fold(k): v for k, v in figures["quantities"].items()}
    lex = Lexicon(
        cues=cues,
        according_to=sorted((_phrase(p) for p in src["according_to"]), key=len, reverse=True),
        statement_nouns={fold(w) for w in src["statement_nouns"]},
        statement_links={fold(w) for w in src["statement_links"]},
        publish_verbs={fold(w) for w in src["publish_verbs"]},
        media_nouns={fold(w) for w in src["media_nouns"]},
        reporter_nouns={fold(w) for w in src["reporter_nouns"]},
        titles={fold(w) for w in src["titles"]},
        pronouns={fold(w) for w in src["pronouns"]},
        complementizers={fold(w) for w in src["complementizers"]},
        speaker_stops={fold(w) for w in src["speaker_stops"]},
        triggers=triggers,
        phrases=phrases,
        mode_cues=mode_cues,
        hostile=hostile,
        negation={fold(w) for w in status["negation"]},
        negation_window=int(status["negation_window"]),
        planned=[_phrase(p) for p in status["planned"]],
        hypothetical=[_phrase(p) for p in status["hypothetical"]],
        may={fold(w) for w in status["may"]},
        figure_kinds=figure_kinds,
        quantities=quantities,
        figure_window=int(figures["window"]),
    )
    lex.fillers = sorted((_phrase(p) for p in event_data["fillers"]), key=len, reverse=True)
    lex.referents = sorted((_phrase(p) for p in event_data["referents"]), key=len, reverse=True)
    lex.target_preps = {fold(w) for w in event_data["target_preps"]}
    lex.split_places = set(event_data["split_places"])
    lex.object_pronouns = {fold(w) for w in event_data["object_pronouns"]}
    lex.speech_acts = set(event_data["speech_acts"])
    lex.physical = set(event_data["physical"])
    lex.self_reference = {fold(w) for w in src["self_reference"]}
    lex.content_breakers = {fold(w) for w in src["content_breakers"]}
    lex.trigger_adjectives = {fold(w) for w in event_data["trigger_adjectives"]}
    lex.accusation_modes = set(event_data["accusation_modes"])
    lex.accusation_targets = {fold(w) for w in event_data["accusation_targets"]}
    lex.modal_window = int(status["modal_window"])
    lex.agent_markers = sorted((_phrase(p) for p in event_data["agent_markers"]), key=len, reverse=True)
    lex.between = {fold(w) for w in event_data["between"]}
    lex.verb_forms = verb_forms
    lex.instrument_nouns = {fold(w) for w in event_data["instrument_nouns"]}
    lex.exposure_verbs = {fold(w) for w in event_data["exposure_verbs"]}
    for entry in event_data["split_phrases"]:
        past, present = entry["verb"].split()
        objects = {fold(w) for w in entry["objects"]}
        past_forms, present_forms = conjugate(past, present)
        for form in past_forms | present_forms:
            trig = Trigger(entry["type"], entry.get("mode"), form in present_forms, True, split=True)
            lex.split_phrases[form] = (objects, trig)
    lex.agent_nouns = {fold(w) for w in event_data["agent_nouns"]}
    votes = event_data["votes"]
    for entry in votes["verbs"]:
        past, present = entry.split()
        past_forms, present_forms = conjugate(past, present)
        lex.vote_verbs |= past_forms | present_forms
    lex.vote_against = {fold(w) for w in votes["against"]}
    lex.vote_for = {fold(w) for w in votes["for"]}
    for phrase in lex.according_to:
        lex.according_index.setdefault(phrase[0], []).append(phrase)
    lex.phrase_heads = {key[0] for key in phrases}
    lex.status_particles = lex.negation | lex.may
    lex.not_negation_after = {fold(w) for w in status["not_negation_after"]}
    lex.max_phrase = max((len(k) for k in phrases), default=1)
    return lex


@lru_cache(maxsize=16384)
def strip_proclitics(form: str) -> tuple[str, ...]:
    """The form and its readings without leading conjunction/preposition/article."""
    out = [form]
    for p in _PROCLITICS:
        if form.startswith(p) and len(form) - len(p) >= 2:
            out.append(form[len(p) :])
    return tuple(out)


@lru_cache(maxsize=16384)
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


@lru_cache(maxsize=16384)
def lookup_trigger(form: str) -> Trigger | None:
    """The trigger a token spells, with its clitics removed.

    A reading that strips both a prefix and a suffix must leave a stem of four
    letters or more (``وزارة`` is not و+زار+ه "and he visited him"), and a verb
    never carries the article or a preposition.
    """
    triggers = lexicon().triggers
    if form.endswith("ا") and form[:-1] in triggers and not triggers[form[:-1]].verbal:
        # accusative tanween ("انفجاراً", "قصفاً") before the rare dual verb "قصفا"
        return triggers[form[:-1]]
    hit = triggers.get(form)
    if hit is not None:
        return hit
    for prefix in ("", *_PROCLITICS):
        if prefix and not form.startswith(prefix):
            continue
        rest = form[len(prefix):]
        if len(rest) < 2:
            continue
        for suffix in ("", *_ENCLITICS):
            if suffix:
                if not rest.endswith(suffix):
                    continue
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


@lru_cache(maxsize=16384)
def token_flags(form: str) -> int:
    lex = lexicon()
    flags = 0
    if lookup_cue(form) is not None:
        flags |= CUE
    if form in lex.according_index or (form[:1] in "وف" and form[1:] in lex.according_index):
        flags |= ACCORDING
    if is_statement_word(form):
        flags |= STATEMENT
    if lookup_trigger(form) is not None:
        flags |= TRIGGER
    if any(h in lex.phrase_heads for h in strip_proclitics(form)):
        flags |= PHRASE
    if is_vote_word(form) or any(c in lex.split_phrases for c in strip_proclitics(form)):
        flags |= VOTE
    return flags
