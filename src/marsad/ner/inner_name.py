"""The tagger's name inside a longer dictionary match: the dictionary's identity over the name's span.

The dictionaries list names with the words the press writes around them (``حركة حماس``, ``حزب الله
اللبناني``, and the formal ``دولة الكويت``) so that every form matches, but the name itself is the
part a country adjective or an institution's head describes: the tagger, trained on text annotated
so, tags ``حماس``, ``حزب الله``, ``الكويت``.  When the tagger tagged exactly one name of the
dictionary entry's type strictly inside the match and every other word of the match is such a
describing word, the entity takes the tagger's span and keeps the dictionary's id and canonical
name.  A title or role stays inside the span (``الرئيس السوري بشار الأسد``): the attribution model
reads a title and a name as one chain of entities before a statement's أن.  A match holding any other word
keeps its whole span (``جنوب إفريقيا`` is South Africa, not Africa with ``جنوب`` around it).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from marsad.ner.dictionary import Hit, clitic_forms
from marsad.ner.iob import chunks
from marsad.resources import read_tsv_dicts
from marsad.text.country_adjectives import nisba_words
from marsad.text.normalize import normalize

# The tagger's type for a dictionary entry's type (countries are GPE, the tagger says LOC).
TAGGER_TYPE = {"GPE": "LOC", "ORG": "ORG", "PERSON": "PERSON"}


@cache
def describing_words() -> frozenset[str]:
    """Normalised words that describe a name without being part of it, with the proclitics a word takes
    (بدولة, لحركة, للدولة: the dictionaries' :func:`~marsad.ner.dictionary.clitic_forms`):
    ``data/ner_name_descriptors.tsv``, the institutions' heads of ``data/ner_org_context.tsv`` and the
    country adjectives."""
    words = {normalize(row["word"]) for row in read_tsv_dicts("ner_name_descriptors.tsv")}
    words.update(normalize(row["word"]) for row in read_tsv_dicts("ner_org_context.tsv") if row["kind"] == "head")
    words.update(nisba_words())
    return frozenset(form for word in words for form, _size in clitic_forms(word))


def inner_name(
    hit: Hit, kind: str, words: Sequence[str], tags: Sequence[str], roles: Sequence[Hit]
) -> tuple[int, int] | None:
    """``(first, stop)`` of the tagger's name inside ``hit`` that the dictionary entry (of type
    ``kind``) names, or None when the whole match is the name.

    ``words`` and ``tags`` are the sentence's normalised tokens and the tagger's tags; ``roles``
    are the sentence's role matches (``الرئيس``, ``وزير الخارجية``), whose tokens are never taken off.
    """
    wanted = TAGGER_TYPE.get(kind)
    if wanted is None or hit.size < 2 or all(tag == "O" for tag in tags[hit.first : hit.last + 1]):
        return None
    # Every name the tagger found touching the match (MISC too): exactly one, of the entry's type,
    # strictly inside it.
    inside = [(tagged, first, stop) for tagged, first, stop in chunks(tags) if first <= hit.last and stop > hit.first]
    if len(inside) != 1:
        return None
    tagged, first, stop = inside[0]
    if tagged != wanted or first < hit.first or stop > hit.last + 1 or stop - first == hit.size:
        return None
    # A title or role is not taken off (``الرئيس السوري بشار الأسد`` stays whole): the attribution
    # model reads a title and a name as one entity chain before a statement's أن.
    role_tokens = {i for role in roles for i in range(role.first, role.last + 1)}
    known = describing_words()
    for i in (*range(hit.first, first), *range(stop, hit.last + 1)):
        if i in role_tokens or words[i] not in known:
            return None
    return first, stop
