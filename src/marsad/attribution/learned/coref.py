"""Canonical actors for argument and speaker phrases, through the document.

A phrase is the entity it is (``قوات النظام السوري`` → Syrian government forces),
or contains one (``طائرات تابعة لقوات النظام`` → the entity inside), or is a short
form that refers back to a named actor earlier in the article: ``النظام`` after
``النظام السوري``, ``الجبهة`` after ``جبهة النصرة``, ``التنظيم`` after ``تنظيم
الدولة``. The antecedent is the latest earlier entity with a dictionary id one of
whose names contains the short form's head word; counts by actor then rest on
ids, not on surfaces.
"""

from __future__ import annotations

from functools import lru_cache

from marsad.attribution.learned.context import bare
from marsad.document import Document, Entity
from marsad.ner.actors import lookup
from marsad.text.normalize import normalize


@lru_cache(maxsize=4096)
def _name_words(actor_id: str) -> frozenset[str]:
    actor = lookup(actor_id)
    if actor is None:
        return frozenset()
    return frozenset(bare(w) for name in actor.names for w in normalize(name).split())


def resolve_actor(doc: Document, start: int, end: int) -> tuple[str | None, str | None]:
    """``(canonical, id)`` of the phrase ``doc.text[start:end]``, or ``(None, None)``."""
    inside: Entity | None = None
    # the phrase may be the first words of a longer name (``وزارة`` of ``وزارة الخارجية الأمريكية``): it
    # is then that name, never a short form of another party's (the ministry named before)
    opening: Entity | None = None
    for ent in doc.entities:
        if ent.start == start and ent.end == end and (ent.canonical or ent.id):
            return ent.canonical, ent.id
        if start <= ent.start and ent.end <= end and ent.canonical and (
                inside is None or ent.end - ent.start > inside.end - inside.start):
            inside = ent
        if opening is None and ent.start == start and ent.end > end:
            opening = ent
    if inside is not None:
        return inside.canonical, inside.id
    if opening is not None:
        return opening.canonical, opening.id
    words = normalize(doc.text[start:end]).split()
    if not words or len(words) > 2:
        return None, None
    head = bare(words[0])
    for ent in sorted(doc.entities, key=lambda e: e.start, reverse=True):
        if ent.end <= start and ent.id and ent.canonical and head in _name_words(ent.id):
            return ent.canonical, ent.id
    return None, None
