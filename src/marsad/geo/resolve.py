"""Disambiguation: score the gazetteer candidates of one mention from what the document says.

Evidence, each with a reason string so that ``marsad gazetteer lookup`` and debugging can show why
a candidate won:

* prior: prominence (log population; countries and divisions are prominent by nature), and a
  division's seat is preferred over the division when the name stands alone (``حلب`` = the city);
* cue: the word before the name (``مدينة`` → a town, ``محافظة`` → a division, ``دولة`` → a country);
* container: the place the mention is said to be in (``دوما بريف دمشق``, ``أبو ظهور في محافظة إدلب``);
* document: the countries, divisions and points of the other places resolved in the same article.

A mention is resolved only when its best candidate beats the runner-up by :data:`MARGIN` (or the
two are the same place recorded twice); otherwise it stays unresolved with its candidate count.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from marsad.geo.gazetteer import Entry, Gazetteer

# 0.45 rather than 0.5: a city 13 times bigger than its namesake wins alone (Jacksonville, Florida against
# Jacksonville, North Carolina; San Francisco against the Argentine one), not Athens, Greece (5 times Athens,
# Georgia). Train CV: 12 more mentions located right, none lost; 0.40 lost Acre to a Syrian village.
MARGIN = 0.45
# Two candidates closer than this are the same place recorded twice (a city and the division it is
# the seat of, or a GeoNames and a Who's On First record).
SAME_PLACE_KM = 15.0
NEAR_KM = 50.0
# A cheap box around NEAR_KM checked before the great-circle distance (degrees of latitude; longitude
# degrees shrink with latitude, so the box is twice as wide, enough up to 60° N/S).
_NEAR_DEGREES = NEAR_KM / 111.0 + 0.01
# Per factor of ten in population; a namesake 13 times bigger wins by MARGIN on population alone.
POPULATION_WEIGHT = 0.4
# A town abroad that GeoNames' other Arabic-script names qualify with its region (``Gazetteer.qualified``)
# against a namesake town they do not: Newcastle, New South Wales (508,000) against Newcastle upon Tyne
# (300,000), Athens, Georgia against Athens. More than MARGIN plus the population gap of those pairs, so
# the famous place wins where the article says nothing; less than a stated container (+2) or the
# article's country (+0.8).
QUALIFIED_PENALTY = 0.6
# ... only for an unqualified town this big: the famous namesakes the rule is for are (Newcastle upon Tyne 300,000,
# Westminster 248,000); a small one is rather half of a longer name (``بور توفيق`` Port Tawfiq read as Bor, South
# Sudan, 27,000, over Bor, Russia; judged on unseen text, round 26).
QUALIFIED_AGAINST_MIN_POPULATION = 100_000


@dataclass(slots=True)
class Scored:
    index: int
    entry: Entry
    score: float
    reasons: list[str] = field(default_factory=list)
    # each piece of evidence's share of the score, by its name (the learned scorer re-weighs them)
    findings: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class Context:
    """What the rest of the document says, for one mention."""

    cue: str | None = None
    container: Sequence[Entry] = ()
    is_container: bool = False
    countries: Counter[str] = field(default_factory=Counter)
    admin1: Counter[str] = field(default_factory=Counter)
    points: Sequence[tuple[float, float]] = ()
    country_hint: str | None = None
    rank_namesakes: bool = True  # False: no QUALIFIED_PENALTY (the stage says the name may be a club's)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def _prior(gaz: Gazetteer, entry: Entry, reasons: list[str], findings: dict[str, float]) -> float:
    score = findings["population"] = POPULATION_WEIGHT * math.log10(entry.population + 1)
    reasons.append(f"population {entry.population:,} {score:+.2f}")
    if entry.feature == "country":
        score += 1.0
        findings["country"] = 1.0
        reasons.append("country +1.00")
    elif entry.feature == "admin2":
        # a bare name is more often the town than the district named after it
        score -= 0.5
        findings["district"] = -0.5
        reasons.append("district -0.50")
    elif entry.feature == "locality" and entry.curated and not entry.population:
        # a village written for the project (data/geo_palestine_1948.tsv) is what Arabic text names, not the
        # Who's On First hamlets of the same name that record no population either (دير ياسين)
        score += 0.5
        reasons.append("written for the project +0.50")
    elif entry.feature == "locality":
        seat = gaz.admin1(entry.admin1)
        if seat is not None and haversine_km(seat.lat, seat.lon, entry.lat, entry.lon) < 1.0:
            score += 0.3
            findings["seat"] = 0.3
            reasons.append("seat of its division +0.30")
    return score


_CUE_BONUS: dict[str, dict[str, float]] = {
    "settlement": {"locality": 1.0, "neighbourhood": 1.0, "admin2": -0.5, "admin1": -1.0, "country": -2.0},
    # a governorate and its district often share the name; "محافظة" names the governorate
    "division": {"admin1": 1.0, "admin2": 0.6, "locality": -0.5, "country": -1.0},
    "country": {"country": 1.0, "locality": -1.0, "admin1": -1.0},
}


@dataclass(slots=True)
class _Evidence:
    """The context of one mention with what every candidate is compared against worked out once."""

    gaz: Gazetteer
    ctx: Context
    container_admin1: set[str]
    container_countries: set[str]
    top_country: str | None

    @classmethod
    def of(cls, gaz: Gazetteer, ctx: Context) -> _Evidence:
        return cls(
            gaz,
            ctx,
            {e.admin1 for e in ctx.container if e.feature != "country" and e.admin1},
            {e.country for e in ctx.container},
            ctx.countries.most_common(1)[0][0] if ctx.countries else None,
        )


# One piece of evidence about a candidate: a score change and its reason, or None when it says nothing.
_Finding = tuple[float, str] | None


def _cue(ev: _Evidence, entry: Entry) -> _Finding:
    cue = ev.ctx.cue
    if not cue:
        return None
    bonus = _CUE_BONUS.get(cue, {}).get(entry.feature, 0.0)
    return (bonus, f"cue {cue} {bonus:+.2f}") if bonus else None


def _contains_another(ev: _Evidence, entry: Entry) -> _Finding:
    if ev.ctx.is_container and entry.feature in ("admin1", "admin2", "country"):
        return 1.0, "contains another place +1.00"
    return None


def _inside_container(ev: _Evidence, entry: Entry) -> _Finding:
    if not ev.ctx.container:
        return None
    if entry.admin1 and entry.admin1 in ev.container_admin1 and entry.feature != "admin1":
        return 2.0, f"inside {ev.gaz.admin1_name(entry.admin1) or entry.admin1} +2.00"
    if entry.country in ev.container_countries:
        return 1.0, f"inside {entry.country} +1.00"
    return -0.5, "outside the stated container -0.50"


def _country_adjective(ev: _Evidence, entry: Entry) -> _Finding:
    hint = ev.ctx.country_hint
    if not hint or entry.feature == "country":
        return None
    if entry.country == hint:
        return 1.5, f"called {hint} by the adjective after it +1.50"
    return -3.0, f"the adjective after it says {hint} -3.00"


def _country_named(ev: _Evidence, entry: Entry) -> _Finding:
    seen = ev.ctx.countries.get(entry.country, 0)
    if not seen or entry.feature == "country":
        return None
    bonus = min(1.0, 0.5 * seen) + (0.3 if entry.country == ev.top_country else 0.0)
    return bonus, f"{entry.country} named in the article {bonus:+.2f}"


def _admin1_named(ev: _Evidence, entry: Entry) -> _Finding:
    if entry.admin1 and ev.ctx.admin1.get(entry.admin1) and entry.feature != "country":
        return 0.5, f"{ev.gaz.admin1_name(entry.admin1) or entry.admin1} named in the article +0.50"
    return None


def _near_another(ev: _Evidence, entry: Entry) -> _Finding:
    if entry.feature != "country" and any(
        abs(lat - entry.lat) < _NEAR_DEGREES
        and abs(lon - entry.lon) < 2 * _NEAR_DEGREES
        and haversine_km(lat, lon, entry.lat, entry.lon) < NEAR_KM
        for lat, lon in ev.ctx.points
    ):
        return 0.5, f"within {NEAR_KM:.0f} km of another place in the article +0.50"
    return None


# Applied in this order after the prior (the order of the reasons shown to the user).
_EVIDENCE: tuple[Callable[[_Evidence, Entry], _Finding], ...] = (
    _cue, _contains_another, _inside_container, _country_adjective, _country_named, _admin1_named, _near_another,
)


# An entry's prior depends on the entry alone: (score, reasons, findings) per entry, per gazetteer.
_Prior = tuple[float, tuple[str, ...], tuple[tuple[str, float], ...]]
_PRIORS: dict[int, tuple[Gazetteer, dict[int, _Prior]]] = {}
_PRIORS_LIMIT = 1 << 16


def _priors(gaz: Gazetteer) -> dict[int, _Prior]:
    held = _PRIORS.get(id(gaz))
    if held is None or held[0] is not gaz:
        if len(_PRIORS) > 8:
            _PRIORS.clear()
        held = _PRIORS[id(gaz)] = (gaz, {})
    return held[1]


def _lesser_namesakes(gaz: Gazetteer, indexes: Sequence[int]) -> frozenset[int]:
    """The qualified towns among ``indexes`` when a town of ``QUALIFIED_AGAINST_MIN_POPULATION`` among them is
    not qualified (else none: the qualifier only ranks namesakes against each other)."""
    qualified = gaz.qualified
    if not qualified or len(indexes) < 2:
        return frozenset()
    lesser = frozenset(i for i in indexes if i in qualified)
    if lesser and any(
        i not in qualified
        and gaz.entries[i].feature == "locality"
        and gaz.entries[i].population >= QUALIFIED_AGAINST_MIN_POPULATION
        for i in indexes
    ):
        return lesser
    return frozenset()


def score_candidates(gaz: Gazetteer, indexes: Iterable[int], ctx: Context) -> list[Scored]:
    """Candidates with scores and reasons, best first."""
    scored: list[Scored] = []
    evidence = _Evidence.of(gaz, ctx)
    priors = _priors(gaz)
    indexes = tuple(indexes)
    lesser = _lesser_namesakes(gaz, indexes) if ctx.rank_namesakes else frozenset()
    for index in indexes:
        entry = gaz.entries[index]
        prior = priors.get(index)
        if prior is None:  # (worked out once per entry: the reasons are formatted strings)
            if len(priors) >= _PRIORS_LIMIT:
                priors.clear()
            reasons: list[str] = []
            findings: dict[str, float] = {}
            prior = priors[index] = (_prior(gaz, entry, reasons, findings), tuple(reasons), tuple(findings.items()))
        score = prior[0]
        reasons = list(prior[1])
        findings = dict(prior[2])
        if index in lesser:
            score -= QUALIFIED_PENALTY
            reasons.append(f"a namesake qualified by its region -{QUALIFIED_PENALTY:.2f}")
        for rule in _EVIDENCE:
            finding = rule(evidence, entry)
            if finding is not None:
                score += finding[0]
                reasons.append(finding[1])
                findings[rule.__name__.lstrip("_")] = finding[0]
        scored.append(Scored(index, entry, round(score, 3), reasons, findings))
    scored.sort(key=lambda s: (-s.score, -s.entry.population, s.entry.id))
    return scored


def decide(scored: Sequence[Scored], country_hint: str | None = None) -> Scored | None:
    """The winner, or None when the evidence does not separate the top two (or the article names
    the place's country and no candidate lies there)."""
    if not scored:
        return None
    best = scored[0]
    # (a region spans countries: القوقاز الروسي is the Caucasus, the adjective saying which part of it)
    if country_hint and best.entry.feature not in ("country", "region") and best.entry.country != country_hint:
        return None
    if len(scored) == 1:
        return best
    second = scored[1]
    if best.score - second.score >= MARGIN:
        return best
    if haversine_km(best.entry.lat, best.entry.lon, second.entry.lat, second.entry.lon) < SAME_PLACE_KM:
        return best
    return None
