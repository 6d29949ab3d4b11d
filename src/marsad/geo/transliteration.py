"""Foreign place names transliterated another way (``data/geo_variants.yaml``, ``transliteration``).

Arabic writes a foreign name with or without its long vowels and with one of several letters for a sound
Arabic lacks (g: غ, ج, ق), so a place tag the gazetteer does not know is often a known place spelt another
way (ليسيستر for ليستر, Leicester).  Its *skeleton* keeps the first letter and the consonants after it, with
the letter classes folded and doubled letters written once; a tag whose skeleton names exactly one
locality or division abroad (records of one place a few km apart count once) is read as that place.  A
short skeleton (fewer than ``strict_below`` consonants) must match without folding a letter class: شينجيه
shares the skeleton of شنغهاي only through ج/غ.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import regex

from marsad.geo.gazetteer import Gazetteer
from marsad.geo.names import name_key, rules
from marsad.geo.resolve import SAME_PLACE_KM, haversine_km
from marsad.resources import read_yaml
from marsad.text.normalize import normalize

_DOUBLED = regex.compile(r"(.)\1+")
_FEATURES = frozenset({"locality", "admin1"})


@dataclass(frozen=True, slots=True)
class SkeletonRules:
    classes: dict[int, str]
    vowels: frozenset[str]
    min_consonants: int
    strict_below: int


@lru_cache(maxsize=1)
def skeleton_rules() -> SkeletonRules:
    data = read_yaml("geo_variants.yaml")["transliteration"]
    classes = {ord(normalize(str(k))): normalize(str(v)) for k, v in data["letter_classes"].items()}
    return SkeletonRules(
        classes, frozenset(normalize(str(data["vowels"]))), int(data["min_consonants"]), int(data["strict_below"])
    )


def skeleton(key: str, *, fold: bool = True) -> str:
    """The skeleton of a lookup key: per word, its first letter and then its consonants (classes folded
    unless ``fold=False``, doubled letters once): ``ليسيستر`` and ``ليستر`` are both ``لستر``."""
    r = skeleton_rules()
    words = []
    for word in (key.translate(r.classes) if fold else key).split():
        rest = "".join(ch for ch in word[1:] if ch not in r.vowels)
        words.append(_DOUBLED.sub(r"\1", word[:1] + rest))
    return " ".join(words)


class SkeletonIndex:
    """Skeleton → the gazetteer's localities and divisions abroad whose names have it."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        home = rules().home_countries
        index: defaultdict[str, set[tuple[str, int]]] = defaultdict(set)
        for key, ids in gaz.names.items():
            for i in ids:
                entry = gaz.entries[i]
                if entry.feature in _FEATURES and entry.country and entry.country not in home:
                    index[skeleton(key)].add((key, i))
        self.index = {k: tuple(sorted(v)) for k, v in index.items()}

    def place(self, name: str) -> tuple[tuple[int, ...], bool]:
        """The records of the one place abroad a name not in the gazetteer spells another way (else ()), and
        whether its skeleton is long enough to stand alone (``strict_below`` consonants or more; a shorter
        one, ليسيستر or درهم "dirham", wants the article to name the place's country)."""
        key = name_key(name)
        if not key or key.startswith(rules().article):
            return (), False
        found = skeleton(key)
        consonants = sum(1 for ch in found if ch != " ")
        if consonants < skeleton_rules().min_consonants:
            return (), False
        strict = consonants < skeleton_rules().strict_below
        bare = skeleton(key, fold=False)
        hits = tuple(sorted({i for n, i in self.index.get(found, ()) if not strict or skeleton(n, fold=False) == bare}))
        if not hits:
            return (), False
        first = self.gaz.entries[hits[0]]
        if any(
            haversine_km(first.lat, first.lon, self.gaz.entries[i].lat, self.gaz.entries[i].lon) >= SAME_PLACE_KM
            for i in hits[1:]
        ):
            return (), False
        return hits, not strict
