"""The place-mention gold: one file per article in ``gold/places/<id>.json``.

Each file lists every geographic mention of the article as offsets into its text
(SaudiNewsNet texts never enter the project) with the place it names::

    {"id": "aner-0001", "corpus": "anercorp", "annotator": "P1",
     "places": [{"mention": [s, e], "name_en": "Cairo", "kind": "city", "country": "EG",
                 "lat": 30.04, "lon": 31.24, "gazetteer_id": "geonames:360630"}]}

``mention`` is the place's words as written, a glued clitic included (``بحلب``);
``lat``/``lon`` are null when the annotator could not place it (it is still a mention).
Files are written by ``tools/gold/anchor_places.py`` from annotators' drafts.
"""

from __future__ import annotations

from typing import Any

import regex

PLACE_KINDS = ("country", "governorate", "city", "town", "village", "region", "facility", "neighbourhood")
CITY_LEVEL_KINDS = frozenset({"city", "town", "village"})
GAZETTEER_ID = regex.compile(r"(?:geonames|wof):\d+")
COUNTRY_CODE = regex.compile(r"[A-Z]{2}")


def check_place(place: dict[str, Any], what: str) -> list[str]:
    """Problems of one place's labels (its mention aside); empty when they are sound."""
    problems: list[str] = []
    name = place.get("name_en")
    if not isinstance(name, str) or not name.strip():
        problems.append(f"{what}: name_en missing")
    if place.get("kind") not in PLACE_KINDS:
        problems.append(f"{what}: kind {place.get('kind')!r} is not one of {', '.join(PLACE_KINDS)}")
    country = place.get("country")
    if country is not None and not (isinstance(country, str) and COUNTRY_CODE.fullmatch(country)):
        problems.append(f"{what}: country {country!r} is not an ISO 3166 alpha-2 code (SY, IQ, SA...) or null")
    lat, lon = place.get("lat"), place.get("lon")
    if (lat is None) != (lon is None):
        problems.append(f"{what}: give both lat and lon, or neither")
    elif lat is not None and lon is not None:
        numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lat, lon))
        if not numbers or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            problems.append(f"{what}: lat/lon {lat!r}, {lon!r} are not coordinates (lat -90..90, lon -180..180)")
    gid = place.get("gazetteer_id")
    if gid is not None and not (isinstance(gid, str) and GAZETTEER_ID.fullmatch(gid)):
        problems.append(f"{what}: gazetteer_id {gid!r} must be 'geonames:<id>', 'wof:<id>' or null")
    return problems


def check_places(data: dict[str, Any], text: str) -> list[str]:
    """Problems of one place-gold file against its article text (empty when it is sound)."""
    places = data.get("places")
    if not isinstance(places, list):
        return ["places: expected a list"]
    problems: list[str] = []
    seen: set[tuple[int, int]] = set()
    for k, place in enumerate(places):
        if not isinstance(place, dict):
            problems.append(f"place {k}: expected an object")
            continue
        span = place.get("mention")
        if not (isinstance(span, list) and len(span) == 2 and all(isinstance(v, int) for v in span)
                and 0 <= span[0] < span[1] <= len(text)):
            problems.append(f"place {k}: bad mention span {span!r}")
        elif (span[0], span[1]) in seen:
            problems.append(f"place {k}: mention {span!r} is listed twice")
        else:
            seen.add((span[0], span[1]))
        problems.extend(check_place(place, f"place {k}"))
    return problems
