"""Running the place stage alone on a sentence, with the entity stage's tags given by hand (place class tests)."""

from __future__ import annotations

import regex

from marsad.document import Document, Entity
from marsad.stages.boilerplate import BoilerplateStage
from marsad.stages.places import PlaceStage


def run_tagged(place_stage: PlaceStage, text: str, tags: tuple[tuple[str, str], ...] = ()) -> Document:
    """The stage on ``text``, with an entity-stage tag (surface, type) on every whole-word occurrence."""
    doc = Document(text)
    BoilerplateStage()(doc)
    for word, label in tags:
        for found in regex.finditer(rf"(?<!\p{{L}}){word}(?!\p{{L}})", text):
            doc.entities.append(Entity(found.start(), found.end(), word, label))
    doc.entities.sort(key=lambda e: (e.start, e.end))
    place_stage(doc)
    return doc


def place_ids_by_surface(doc: Document) -> dict[str, str | None]:
    """Each mention's surface → its place's id."""
    return {doc.text[s:e]: p.id for p in doc.places for s, e in p.mentions}
