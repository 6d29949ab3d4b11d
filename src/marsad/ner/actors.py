"""The actor and country dictionaries: who an entity is, by id or canonical name.

``data/actors.yaml`` holds governments, ministries, armed forces and groups,
international organisations, NGOs, agencies, media and recurring officials;
``data/countries.tsv`` the Arabic names of every ISO 3166 country.  Other stages
(quotes, events) use :func:`lookup` to learn an actor's type, kind and country
from the ``id`` or ``canonical`` the entity stage wrote.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml

from marsad.errors import MarsadError
from marsad.resources import read_text, read_tsv_dicts

ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "NORP")


class ActorDataError(MarsadError, ValueError):
    """A malformed entry in the actor dictionary."""


@dataclass(frozen=True, slots=True)
class Actor:
    """One dictionary entry: an actor from actors.yaml or a country from countries.tsv."""

    id: str
    type: str
    canonical: str
    kind: str
    country: str | None
    names: tuple[str, ...]


def _actor_from_entry(entry: object, position: int) -> Actor:
    if not isinstance(entry, dict):
        raise ActorDataError(f"actors.yaml entry {position} is not a mapping")
    missing = [key for key in ("id", "type", "canonical", "kind", "names") if key not in entry]
    if missing:
        raise ActorDataError(f"actors.yaml entry {position} lacks {', '.join(missing)}")
    if entry["type"] not in ENTITY_TYPES:
        raise ActorDataError(f"actors.yaml entry {entry['id']}: unknown type {entry['type']!r}")
    names = entry["names"]
    if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
        raise ActorDataError(f"actors.yaml entry {entry['id']}: names must be a list of strings")
    country = entry.get("country")
    return Actor(
        id=str(entry["id"]),
        type=str(entry["type"]),
        canonical=str(entry["canonical"]),
        kind=str(entry["kind"]),
        country=str(country) if country else None,
        names=tuple(names),
    )


@lru_cache(maxsize=1)
def actors() -> tuple[Actor, ...]:
    """Every actor of ``data/actors.yaml``, validated."""
    # The C loader when PyYAML has it: the pure-Python one costs ~0.1 s of start-up here.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(read_text("actors.yaml"), Loader=loader)
    entries = data.get("actors") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ActorDataError("actors.yaml must have a top-level 'actors' list")
    found = tuple(_actor_from_entry(entry, i) for i, entry in enumerate(entries))
    ids = [a.id for a in found]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ActorDataError(f"actors.yaml: duplicate ids {', '.join(duplicates)}")
    return found


@lru_cache(maxsize=1)
def countries() -> tuple[Actor, ...]:
    """One entry per country (id = ISO alpha-2) with all its Arabic names."""
    by_code: dict[str, tuple[str, list[str]]] = {}
    for row in read_tsv_dicts("countries.tsv"):
        code = row["iso2"]
        by_code.setdefault(code, (row["canonical"], []))[1].append(row["name"])
    return tuple(
        Actor(id=code, type="GPE", canonical=canonical, kind="country", country=code, names=tuple(names))
        for code, (canonical, names) in by_code.items()
    )


@lru_cache(maxsize=1)
def _index() -> dict[str, Actor]:
    index: dict[str, Actor] = {}
    for actor in (*countries(), *actors()):
        index.setdefault(actor.id, actor)
        index.setdefault(actor.id.lower(), actor)
        index.setdefault(actor.canonical.lower(), actor)
    return index


def lookup(key: str) -> Actor | None:
    """The actor or country with this id (``actor:hts``, ``SY``) or English canonical name."""
    index = _index()
    return index.get(key) or index.get(key.strip().lower())
