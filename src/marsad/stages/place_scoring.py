"""The evidence the learned place scorer weighs (:mod:`marsad.geo.scorer`), as named numbers.

For a candidate mention (``place_features``): how common the name is as an ordinary word (wordfreq
Zipf, and how far it is from the hand-set bar), the cue before it (settlement, division, country,
preposition, an organisation word), whether it is inside a person or organisation name or tagged as
a place by the entity stage, the population and kind of its candidates, the article's country
focus, resolved places nearby, repetition in the article and how the name was matched (a
proclitic taken off, several words, a very short name).

For one gazetteer candidate of a mention (``candidate_features``): each piece of evidence of
:mod:`marsad.geo.resolve` (population, cue, container, country named in the article, ...), its
distance to the best score, and the kind of place.

The document evidence comes from the hand-set rules' first reading of the article, with each name's
own share set aside (a name does not vouch for itself).
"""

from __future__ import annotations

import math
from collections import Counter
from typing import TYPE_CHECKING

from marsad.geo.gazetteer import Entry, Gazetteer
from marsad.geo.resolve import NEAR_KM, Scored, haversine_km

if TYPE_CHECKING:
    from marsad.stages.places import Mention

_NEAR_DEGREES = NEAR_KM / 111.0 + 0.01
KINDS = ("country", "admin1", "admin2", "locality", "region")
MAX_NEAR_CANDIDATES = 12


class DocumentEvidence:
    """What the article's other places say, from the rules' reading of it."""

    def __init__(self, resolved: list[Mention], candidates: list[Mention]) -> None:
        self.countries: Counter[str] = Counter()
        self.own_countries: dict[str, Counter[str]] = {}
        self.points: dict[str, list[tuple[float, float]]] = {}
        for mention in resolved:
            if mention.choice is None:
                continue
            entry = mention.choice.entry
            if entry.country:
                self.countries[entry.country] += 1
                self.own_countries.setdefault(mention.key, Counter())[entry.country] += 1
            if entry.precision <= 3:
                self.points.setdefault(mention.key, []).append((entry.lat, entry.lon))
        self.key_counts: Counter[str] = Counter(m.key for m in candidates)
        self.accepted_keys: Counter[str] = Counter(m.key for m in resolved)
        self._others: dict[str, tuple[Counter[str], list[tuple[float, float]]]] = {}
        self._names: dict[tuple[str, str | None], dict[str, float]] = {}

    def name_features(
        self, gaz: Gazetteer, key: str, candidates: tuple[int, ...], chosen: Entry | None
    ) -> dict[str, float]:
        """What the gazetteer and the article say of a name and the rules' reading of it (the kind
        and population of the entry they chose, else of its most populous candidate)."""
        memo = (key, chosen.id if chosen is not None else None)
        found = self._names.get(memo)
        if found is not None:
            return found
        entries = [gaz.entries[i] for i in candidates]
        features: dict[str, float] = {"no_candidate": float(not entries),
                                      "repeated": math.log(self.key_counts.get(key, 1))}
        if entries:
            best = chosen or max(entries, key=lambda e: (e.population, e.feature == "country"))
            features["log_population"] = math.log10(best.population + 1)
            features[f"kind_{_kind(best)}"] = 1.0
            features["curated"] = float(any(e.curated for e in entries))
            features["log_candidates"] = math.log(len(entries))
            countries, points = self.others(key)
            total = sum(countries.values())
            if total:
                shares = [countries.get(e.country, 0) / total for e in entries if e.country]
                features["focus_share"] = max(shares, default=0.0)
                top = countries.most_common(1)[0][0]
                features["focus_top"] = float(any(e.country == top for e in entries))
            # (a name with very many namesakes, a common word, is not placed by its neighbours)
            features["near_other"] = float(
                bool(points) and len(entries) <= MAX_NEAR_CANDIDATES and any(_near(e, points) for e in entries)
            )
        self._names[memo] = features
        return features

    def others(self, key: str) -> tuple[Counter[str], list[tuple[float, float]]]:
        found = self._others.get(key)
        if found is None:
            countries = self.countries - self.own_countries.get(key, Counter())
            points = [p for other, pts in self.points.items() if other != key for p in pts]
            found = self._others[key] = (countries, points)
        return found


def _near(entry: Entry, points: list[tuple[float, float]]) -> bool:
    return entry.feature != "country" and any(
        abs(lat - entry.lat) < _NEAR_DEGREES
        and abs(lon - entry.lon) < 2 * _NEAR_DEGREES
        and haversine_km(lat, lon, entry.lat, entry.lon) < NEAR_KM
        for lat, lon in points
    )


def _kind(entry: Entry) -> str:
    return entry.feature if entry.feature in KINDS else "other"


def place_features(gaz: Gazetteer, mention: Mention, evidence: DocumentEvidence) -> dict[str, float]:
    """The evidence for and against a candidate mention being a place."""
    scanned = mention.match is not None
    chosen = mention.choice.entry if mention.choice is not None else None
    features = dict(evidence.name_features(gaz, mention.key, mention.candidates, chosen))
    zipf = gaz.zipf.get(mention.key, 0.0) if scanned else 0.0
    features.update({
        "rules_accept": float(mention.accepted),
        "blocked": float(mention.blocked),
        "entity_only": float(not scanned and not mention.key.startswith("country:")),
        "entity_country": float(mention.key.startswith("country:")),
        "zipf": zipf,
        "zipf_4": float(zipf >= 4.0),
        "bar_margin": max(-3.0, min(3.0, mention.margin)) if scanned else 0.0,
        f"cue_{mention.cue or 'none'}": 1.0,
        "org_before": float(mention.org_before),
        "org_after": float(mention.org_after),
        "country_hint": float(mention.country_hint is not None),
        "listed": float(mention.listed),
    })
    if scanned:
        assert mention.match is not None
        features["proclitic"] = float(bool(mention.match.prefix))
        features["words"] = float(mention.key.count(" ") + 1)
        features["short"] = float(len(mention.key.replace(" ", "")) <= 3)
    elsewhere = evidence.accepted_keys.get(mention.key, 0) - int(mention.accepted)
    features["accepted_elsewhere"] = float(elsewhere > 0)
    features["sport_sentence"] = float(mention.sport)
    return features


def candidate_features(mention: Mention, scored: Scored, best: Scored, home: frozenset[str]) -> dict[str, float]:
    """The evidence that ``scored`` is the place ``mention`` means."""
    features = {f"rule_{name}": value for name, value in scored.findings.items()}
    entry = scored.entry
    features["rule_gap"] = max(-5.0, scored.score - best.score)
    features["rule_best"] = float(scored is best)
    features[f"which_kind_{_kind(entry)}"] = 1.0
    features["which_curated"] = float(entry.curated)
    features["which_home"] = float(entry.country in home)
    features["which_candidates"] = math.log(len(mention.scored))
    return features
