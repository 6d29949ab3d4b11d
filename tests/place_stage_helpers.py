"""Running the place stage alone on a sentence, with the entity stage's tags given by hand (place class tests)."""

from __future__ import annotations

import regex

from marsad.document import Document, Entity, Place
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


def run_with_countries(place_stage: PlaceStage, text: str, countries: dict[str, str], towns: tuple[str, ...] = (),
                       proclitic_b: bool = False) -> Document:
    """The stage on ``text`` with the entity stage's tags: a country (GPE, its ISO code) on every whole-word
    occurrence of a name of ``countries`` (also after a proclitic ``ب``/``وب`` with ``proclitic_b``) and a LOC on
    every word of ``towns``."""
    doc = Document(text)
    BoilerplateStage()(doc)
    before = "(?:ب|وب)?" if proclitic_b else ""
    for word, code in countries.items():
        for found in regex.finditer(rf"(?<!\p{{L}}){before}({word})(?!\p{{L}})", text):
            doc.entities.append(Entity(found.start(1), found.end(1), word, "GPE", None, code))
    for word in towns:
        for found in regex.finditer(rf"(?<!\p{{L}}){word}(?!\p{{L}})", text):
            doc.entities.append(Entity(found.start(), found.end(), word, "LOC"))
    doc.entities.sort(key=lambda e: (e.start, e.end))
    place_stage(doc)
    return doc


def place_of(doc: Document, surface: str) -> Place | None:
    """The place one of whose mentions is ``surface``, or None."""
    for place in doc.places:
        if any(doc.text[s:e] == surface for s, e in place.mentions):
            return place
    return None


def located_at(place: Place | None, point: tuple[float, float], within: float = 0.1) -> bool:
    """The place has coordinates within ``within`` degrees of ``point`` (latitude and longitude)."""
    return (
        place is not None and place.lat is not None and place.lon is not None
        and abs(place.lat - point[0]) < within and abs(place.lon - point[1]) < within
    )
