"""Reading Who's On First and GeoNames files into :class:`PlaceRecord` s for the user gazetteer.

Formats (``detect_format`` tells them apart from the file name and first line):

* ``wof``: Who's On First GeoJSON features (``*.geojson``, a file or a directory tree of them), or a
  flattened WOF table (TSV with a ``wof_id`` column, ``names_ar`` '|'-joined, ``region_id``,
  ``gn_id``);
* ``geonames``: a GeoNames dump (``allCountries.txt``, ``SY.txt``: 19 tab-separated columns, no
  header) or a GeoNames-style TSV with a header (``geonameid``, ``names_ar`` or ``alternatenames``).

Regions are matched to the built-in admin-1 table by Arabic or English name so that imported villages
share the division key of the GeoNames cities; a record carrying a GeoNames id the package already has
only adds its names to that entry.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marsad.errors import MarsadError
from marsad.geo.gazetteer import PlaceRecord
from marsad.geo.names import name_key
from marsad.resources import read_tsv_dicts

FORMATS = ("wof", "geonames")

WOF_FEATURES = {
    "region": "admin1",
    "county": "admin2",
    "localadmin": "admin2",
    "locality": "locality",
    "neighbourhood": "neighbourhood",
    "borough": "neighbourhood",
}
GEONAMES_ADMIN_FEATURES = {"ADM1": "admin1", "ADM2": "admin2", "ADM3": "admin2"}


class ImportFormatError(MarsadError, ValueError):
    """A file that is not in a format the importer reads (the message says why, in one line)."""


@dataclass(slots=True)
class _AdminTable:
    by_key: dict[tuple[str, str], str]  # (country, folded name) -> admin1 key
    names: dict[str, str]

    @classmethod
    def load(cls) -> _AdminTable:
        by_key: dict[tuple[str, str], str] = {}
        names: dict[str, str] = {}
        for row in read_tsv_dicts("geo_admin1.tsv"):
            admin1 = f"{row['country']}.{row['code']}"
            names[admin1] = row["name_en"]
            by_key[(row["country"], row["name_en"].lower())] = admin1
            for name in row["names_ar"].split("|"):
                by_key[(row["country"], name_key(name.lstrip("?")))] = admin1
        return cls(by_key, names)

    def match(self, country: str, names: Iterable[str]) -> str | None:
        for name in names:
            for key in (name_key(name), name.strip().lower()):
                found = self.by_key.get((country, key))
                if found:
                    return found
        return None


def detect_format(path: Path) -> str:
    """``wof`` or ``geonames`` for a file or directory; raises :class:`ImportFormatError`."""
    if path.is_dir():
        if any(path.rglob("*.geojson")):
            return "wof"
        raise ImportFormatError(f"{path}: directory holds no .geojson files (give TSV files one by one)")
    if path.suffix == ".geojson":
        return "wof"
    try:
        with path.open(encoding="utf-8") as handle:
            first = next((line for line in handle if line.strip() and not line.startswith("#")), "")
    except UnicodeDecodeError:
        raise ImportFormatError(f"{path}: not UTF-8 text") from None
    columns = first.rstrip("\n").split("\t")
    if "wof_id" in columns:
        return "wof"
    if "geonameid" in columns or (len(columns) >= 15 and columns[0].isdigit()):
        return "geonames"
    raise ImportFormatError(
        f"{path}: not a Who's On First (.geojson or TSV with wof_id) or GeoNames (19-column dump) file"
    )


def read_places(path: Path, fmt: str = "auto") -> list[PlaceRecord]:
    """All usable places of one file or directory."""
    if not path.exists():
        raise ImportFormatError(f"{path}: no such file or directory")
    fmt = detect_format(path) if fmt == "auto" else fmt
    if fmt not in FORMATS:
        raise ImportFormatError(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}, auto")
    admin = _AdminTable.load()
    if fmt == "wof":
        if path.is_dir() or path.suffix == ".geojson":
            return _wof_records(_wof_geojson_rows(path), admin)
        return _wof_records(_tsv_rows(path, required=("wof_id", "lat", "lon")), admin)
    return _geonames_records(path, admin)


# -- Who's On First --------------------------------------------------------------------------------


def _tsv_rows(path: Path, required: tuple[str, ...]) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        header: list[str] | None = None
        for line in handle:
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.rstrip("\n").split("\t")
            if header is None:
                header = cells
                missing = [c for c in required if c not in header]
                if missing:
                    raise ImportFormatError(f"{path}: missing column(s) {', '.join(missing)}")
                continue
            yield dict(zip(header, cells, strict=False))


def _wof_geojson_rows(path: Path) -> Iterator[dict[str, str]]:
    files = sorted(path.rglob("*.geojson")) if path.is_dir() else [path]
    for file in files:
        if "-alt-" in file.name:
            continue  # alternate geometries repeat a place
        try:
            feature = json.loads(file.read_text("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ImportFormatError(f"{file}: not valid GeoJSON ({exc.__class__.__name__})") from None
        props: dict[str, Any] = feature.get("properties") or {}
        if "wof:id" not in props:
            continue
        names_ar: list[str] = []
        for key, values in props.items():
            if key.startswith(("name:ara_", "name:arb_", "name:apc_", "name:ajp_", "name:acm_", "name:arz_")):
                names_ar.extend(v for v in values if isinstance(v, str))
        hierarchy = (props.get("wof:hierarchy") or [{}])[0]
        lat = props.get("lbl:latitude", props.get("geom:latitude"))
        lon = props.get("lbl:longitude", props.get("geom:longitude"))
        concordances = props.get("wof:concordances") or {}
        yield {
            "wof_id": str(props["wof:id"]),
            "country": str(props.get("wof:country", "")),
            "placetype": str(props.get("wof:placetype", "")),
            "name": str(props.get("wof:name", "")),
            "name_en": str((props.get("name:eng_x_preferred") or [""])[0]),
            "names_ar": "|".join(names_ar),
            "lat": "" if lat is None else str(lat),
            "lon": "" if lon is None else str(lon),
            "is_current": str(props.get("mz:is_current", -1)),
            "region_id": str(hierarchy.get("region_id", "")),
            "gn_id": str(concordances.get("gn:id", "")),
            "population": str(props.get("wof:population", props.get("gn:population", 0)) or 0),
        }


def _number(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def _wof_records(rows: Iterable[dict[str, str]], admin: _AdminTable) -> list[PlaceRecord]:
    rows = [r for r in rows if r.get("is_current", "-1") != "0" and r.get("placetype") in WOF_FEATURES]
    # Regions first: their admin-1 key (built-in when the name matches) and English name.
    region_key: dict[str, tuple[str, str]] = {}
    for row in rows:
        if row["placetype"] == "region":
            names = [n for n in row.get("names_ar", "").split("|") if n] + [
                row.get("name_en", ""),
                row["name"],
            ]
            key = admin.match(row["country"], names) or f"wof:{row['wof_id']}"
            region_key[row["wof_id"]] = (key, admin.names.get(key) or row.get("name_en") or row["name"])
    records: list[PlaceRecord] = []
    for row in rows:
        lat, lon = _number(row.get("lat", "")), _number(row.get("lon", ""))
        names_ar = [n for n in row.get("names_ar", "").split("|") if n]
        if lat is None or lon is None or not names_ar or not row.get("country"):
            continue
        feature = WOF_FEATURES[row["placetype"]]
        if feature == "admin1":
            admin1, admin1_name = region_key[row["wof_id"]]
            record_id = f"admin1:{admin1}" if not admin1.startswith("wof:") else f"wof:{row['wof_id']}"
        else:
            admin1, admin1_name = region_key.get(row.get("region_id", ""), ("", ""))
            record_id = f"wof:{row['wof_id']}"
        gn_id = row.get("gn_id", "")
        records.append(
            PlaceRecord(
                id=record_id,
                name=row.get("name_en") or row["name"],
                names_ar=names_ar,
                lat=lat,
                lon=lon,
                country=row["country"].upper(),
                admin1=admin1,
                admin1_name=admin1_name,
                feature=feature,
                population=int(_number(row.get("population", "0") or "0") or 0),
                gn_id=gn_id if gn_id not in ("", "0", "-1") else "",
            )
        )
    return records


# -- GeoNames -----------------------------------------------------------------------------------------

_DUMP_COLUMNS = [
    "geonameid",
    "name",
    "asciiname",
    "alternatenames",
    "latitude",
    "longitude",
    "feature_class",
    "feature_code",
    "countrycode",
    "cc2",
    "admin1code",
    "admin2code",
    "admin3code",
    "admin4code",
    "population",
    "elevation",
    "dem",
    "timezone",
    "modified",
]


def _geonames_rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        first = True
        header: tuple[str, ...] | list[str] = _DUMP_COLUMNS
        for line in handle:
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.rstrip("\n").split("\t")
            if first:
                first = False
                if "geonameid" in cells:
                    header = cells
                    continue
            yield dict(zip(header, cells, strict=False))


def _geonames_records(path: Path, admin: _AdminTable) -> list[PlaceRecord]:
    records: list[PlaceRecord] = []
    for row in _geonames_rows(path):
        lat, lon = _number(row.get("latitude", "")), _number(row.get("longitude", ""))
        country = row.get("countrycode", "").upper()
        if lat is None or lon is None or not country or not row.get("geonameid", "").isdigit():
            continue
        feature_class = row.get("feature_class", "P")
        if feature_class == "P":
            feature = "locality"
        elif feature_class == "A" and row.get("feature_code") in GEONAMES_ADMIN_FEATURES:
            feature = GEONAMES_ADMIN_FEATURES[row["feature_code"]]
        else:
            continue
        separator = "|" if "names_ar" in row else ","
        raw_names = row.get("names_ar") or row.get("alternatenames", "")
        names_ar = [n for n in raw_names.split(separator) if any("\u0621" <= ch <= "\u064a" for ch in n)]
        if not names_ar:
            continue
        admin1 = f"{country}.{row.get('admin1code', '')}" if row.get("admin1code") else ""
        gn_id = row["geonameid"]
        records.append(
            PlaceRecord(
                id=f"admin1:{admin1}"
                if feature == "admin1" and admin1 in admin.names
                else f"geonames:{gn_id}",
                name=row.get("name", ""),
                names_ar=names_ar,
                lat=lat,
                lon=lon,
                country=country,
                admin1=admin1,
                admin1_name=admin.names.get(admin1, row.get("name", "") if feature == "admin1" else ""),
                feature=feature,
                population=int(_number(row.get("population", "0") or "0") or 0),
                gn_id=gn_id,
            )
        )
    return records


def merge(
    existing: Iterable[PlaceRecord], added: Iterable[PlaceRecord]
) -> tuple[list[PlaceRecord], int, int]:
    """Existing user places updated with ``added``: (records, how many new, how many updated)."""
    by_id = {r.id: r for r in existing}
    new = updated = 0
    for record in added:
        old = by_id.get(record.id)
        if old is None:
            new += 1
        else:
            updated += 1
            record.names_ar = list(dict.fromkeys([*old.names_ar, *record.names_ar]))
        by_id[record.id] = record
    return list(by_id.values()), new, updated
