"""Accusation, denial, claim and condemnation frames around an event word.

``اتهمت الحكومة الحوثيين بقصف تعز``: the shelling stands in an accusation frame, whose subject (the
government) is the source of the claim and whose object (the Houthis) is the shelling's actor; ``تبنى
التنظيم الهجوم``: the frame's subject is the attack's actor; ``أدانت الوزارة الهجوم``: it is neither. The
frame words, their kinds and parts of speech live in ``data/event_frames.tsv``; this module finds the
nearest one before an event word in its sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from marsad.attribution.learned.context import Context, verb_stems
from marsad.resources import read_tsv_dicts
from marsad.text.normalize import normalize

FRAME_WINDOW = 15  # how many words before an event word a frame word is looked for
RESPONSIBILITY_REACH = 8  # how many words before مسؤولية its verb is looked for (حمّلت الوزارة النظام السوري …)
FRAME_KINDS = ("accuse", "deny", "claim", "condemn")


@dataclass(frozen=True)
class Frame:
    """A frame word before an event word: its kind, its token, and the token of the verb whose subject
    is the frame's (the frame word itself when it is a verb, ``حمّل`` of ``حمّل … مسؤولية``; None for a
    noun: ``إدانتها``, ``اتهامات``)."""

    kind: str
    word: int
    verb: int | None


@lru_cache(maxsize=1)
def frame_words() -> dict[str, tuple[str, str]]:
    """``data/event_frames.tsv``: folded word → its kind (accuse, accuse-verb, deny, claim, responsibility,
    condemn) and part (verb, noun)."""
    words: dict[str, tuple[str, str]] = {}
    for row in read_tsv_dicts("event_frames.tsv"):
        key = normalize(row["word"])
        # the verb نفى and the noun نفي fold to one word: it is read as the verb, whose subject is found next
        # to it (``ونفى التحالف قصف``) as the noun's owner is (``نفي الحكومة``); a noun reading would find none
        if words.get(key, ("", ""))[1] != "verb":
            words[key] = (row["kind"], row["part"])
    return words


@lru_cache(maxsize=65536)
def word_reading(form: str) -> tuple[str, str] | None:
    """The frame kind and part of one folded word, read without its clitics, person endings and a pronoun
    ending (``verb_stems``, longest reading first); then a ``ت`` a pronoun leaves of a ``ة`` read as ``ه``
    (``مسؤوليته``), after every plain reading (``وأدانت`` is the verb أدان, not the noun إدانة)."""
    words = frame_words()
    readings = sorted(verb_stems(form), key=len, reverse=True)
    found = next((words[r] for r in readings if r in words), None)
    if found is None:
        found = next((words[r[:-1] + "ه"] for r in readings if r.endswith("ت") and r[:-1] + "ه" in words), None)
    return found


def word_kind(form: str) -> str | None:
    """The frame kind of one folded word (:func:`word_reading`), or None."""
    reading = word_reading(form)
    return reading[0] if reading else None


def frame_before(ctx: Context, index: int, window: int = FRAME_WINDOW) -> Frame | None:
    """The nearest frame word before the token at ``index`` in its sentence (at most ``window`` words back),
    or None. ``مسؤولية`` takes its kind from a verb just before it: ``حمّل`` an accusation, ``نفى`` a denial,
    else a claim (``أعلن مسؤوليته``, ``تبنى المسؤولية``); a verb of bearing (``حمّل``) is a frame only
    with it."""
    toks = ctx.tokens
    first, _ = ctx.sentence_bounds(index)
    seen = 0
    for k in range(index - 1, first - 1, -1):
        if not toks[k].is_word:
            continue
        seen += 1
        if seen > window:
            return None
        reading = word_reading(toks[k].form)
        if reading is None:
            continue
        kind, part = reading
        if kind == "responsibility":
            verbs = [(j, word_kind(toks[j].form)) for j in range(max(first, k - RESPONSIBILITY_REACH), k)
                     if toks[j].is_word]
            bearing = next((j for j, w in reversed(verbs) if w == "accuse-verb"), None)
            denial = next((j for j, w in reversed(verbs) if w == "deny"), None)
            if bearing is not None:
                return Frame("accuse", k, bearing)
            return Frame("deny", k, denial) if denial is not None else Frame("claim", k, None)
        if kind in FRAME_KINDS:
            return Frame(kind, k, k if part == "verb" else None)
    return None
