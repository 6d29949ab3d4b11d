"""The party a call, appeal, urging, demand or accusation is addressed to is never its speaker.

``دعا الرئيس السوري بشار الأسد المجتمع الدولي إلى التحرك``, ``اتهمت الحكومة اليمنية الحوثيين بقصف تعز``:
the annotation guide reads such a verb as a reported statement whose speaker is its subject, and the party
after the subject (the addressee, the accused) "never the speaker/actor of the statement". Subject and
addressee stand side by side after the verb, where one noun run would offer them as one candidate
(``الحكومة اليمنية الحوثيين``); round 36's retrain on the gold that reads calls as statements gave the
addressee as speaker out of fold (``وناشد الدول الغربية``) and the accuser and accused as one phrase. The
verbs live in ``data/addressee_verbs.tsv``.
"""

from __future__ import annotations

from functools import lru_cache

from marsad.attribution.learned.context import (
    Context,
    Phrase,
    party_heads,
    speaker_frame_words,
    trigger_pronoun,
    verb_stems,
)
from marsad.attribution.lexicon import lookup_cue, strip_proclitics
from marsad.resources import read_tsv_dicts
from marsad.text.normalize import normalize


@lru_cache(maxsize=1)
def _verbs() -> tuple[frozenset[str], frozenset[str]]:
    """``data/addressee_verbs.tsv``: the folded verb forms, and the forms of other verbs that read as them."""
    rows = read_tsv_dicts("addressee_verbs.tsv")
    return (frozenset(normalize(row["word"]) for row in rows if row["kind"] != "not"),
            frozenset(normalize(row["word"]) for row in rows if row["kind"] == "not"))


@lru_cache(maxsize=65536)
def addressee_verb(form: str) -> bool:
    """Whether the folded word ``form`` is a verb whose object is the party addressed or accused (read
    without its clitics, person ending and object pronoun: ``وطالبت``, ``يتهمون``, ``ودعاه``)."""
    verbs, others = _verbs()
    readings = verb_stems(form)
    return any(r in verbs for r in readings) and not any(r in others for r in readings)


def addressees(ctx: Context, cue_index: int, phrases: list[Phrase]) -> list[Phrase]:
    """The candidates of the addressee-verb cue at ``cue_index`` that name the party it addresses or
    accuses: in the verb's clause (after it, before the first word that ends a subject: ``إلى``,
    ``بقصف``, ``أن``), when the verb carries no object pronoun (``دعاه الرئيس إلى``: the one after is the
    subject), every party after the first one (the subject, with the words of its name and title): ``دعا
    الرئيس السوري بشار الأسد | المجتمع الدولي``, ``اتهمت الحكومة اليمنية | الحوثيين``.

    A phrase that holds the subject and the addressee together (``ألمانيا إسرائيل``) is dropped with them.
    One party alone after the verb is left to the model: the subject (``كما دعا أنان إلى``) or the
    addressee of a subject named before (``كما دعا المجتمع الدولي إلى``) read alike; so is a party before
    the verb (``الحكومة اتهمت الحوثيين``), which a fronted phrase (``وفي كلمته أمام المؤتمر دعا الرئيس``)
    looks like."""
    toks = ctx.tokens
    _, last = ctx.sentence_bounds(cue_index)
    stop = next((k for k in range(cue_index + 1, last) if _ends_clause_part(ctx, k)), last)
    after = [p for p in phrases if cue_index < p.first < stop]
    if not after:
        return []
    if trigger_pronoun(toks[cue_index].form) is not None:
        return []
    first = min(p.first for p in after)
    # the subject's extent: its name or noun run (split where a second noun phrase starts), not a span
    # of words taken up to a preposition (``ألمانيا إسرائيل`` before ``بتقديم``), which may reach the addressee
    parts = [p for p in after if p.first == first and _split_phrase(p)] or [p for p in after if p.first == first]
    subject_end = max(p.last for p in parts)
    later = [p for p in after if p.first >= subject_end]
    # and a phrase of the subject and the addressee together (``ألمانيا إسرائيل``, ``الدكتور سعيد هيئات``),
    # not a subject's indefinite adjective (``مسؤول كبير``)
    crossing = [p for p in after if p.first < subject_end < p.last
                and (_opens_phrase(ctx, subject_end) or any(q.first < p.last for q in later))]
    return later + crossing


def _opens_phrase(ctx: Context, k: int) -> bool:
    """Whether token ``k`` may open a second noun phrase: a name starts there, or a word with the article
    or a party head (``هيئات``) stands there."""
    form = ctx.tokens[k].form
    return (ctx.entity_end_at(k) is not None or form.startswith(("ال", "وال"))
            or any(r in party_heads() for r in strip_proclitics(form)))


def _ends_clause_part(ctx: Context, k: int) -> bool:
    """Whether token ``k`` ends the parties after the verb: punctuation, a complementiser or preposition
    (``إلى``, ``أن``, ``data/speaker_frames.tsv``), another reporting word, or a word led by ب/ل (``بقصف``,
    ``للأمم``) that is not a name (``بشار الأسد``)."""
    tok = ctx.tokens[k]
    if not tok.is_word:
        return True
    form = tok.form
    if form in speaker_frame_words() or lookup_cue(form) is not None:
        return True
    return form[:1] in "بل" and not ctx.in_entity(k)


def _split_phrase(phrase: Phrase) -> bool:
    """A named entity or a noun run (which the cue's candidates split at a second noun phrase)."""
    return any(o.startswith("ent:") or o in ("head", "np") for o in phrase.origins)
