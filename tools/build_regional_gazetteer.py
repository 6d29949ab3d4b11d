"""Generate ``data/geo_regional.tsv.gz``: villages, districts and neighbourhoods of the region that ship.

Source: the Who's On First extracts of ``../shared/data/wof-arab-gazetteer`` (one flattened TSV per
country: SY, IQ, LB, PS, JO, YE, LY; CC0 with CC BY parts from GeoNames, see
``data/geo_regional.tsv.gz.LICENSE.md``).  Each file is read by the same reader as
``marsad gazetteer import`` (:func:`marsad.geo.importer.read_places`), so the shipped places have the
import's ids (``wof:…``), admin-1 keys and features; the gazetteer then adds them exactly as it adds
imported places (a place GeoNames already has only brings its extra Arabic names).

A Who's On First record that lacks a GeoNames concordance but shares a name with a GeoNames city of the
package within :data:`SAME_PLACE_KM` is the same place recorded twice: it is given that city's id, so
that it only adds names instead of becoming a second candidate.

Kept compact: only the columns the gazetteer reads, coordinates to 4 decimals (about 10 m),
romanised variants and names the gazetteer would drop anyway (non-Arabic letters, too short, too
long) left out, and rows that bring nothing (no usable Arabic name) skipped.

    python tools/build_regional_gazetteer.py [--wof DIR] [--check] [--out FILE]

``--check`` only compares (exit status 1 when the committed file, or ``--out``, differs from a fresh
build).
"""

from __future__ import annotations

import argparse
import gzip
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
sys.path.insert(0, str(SRC))  # the checkout's own package and data files

from marsad.geo.gazetteer import REGIONAL_COLUMNS, REGIONAL_FILE, package_cities  # noqa: E402
from marsad.geo.importer import read_places  # noqa: E402
from marsad.geo.names import name_key, usable_arabic_name  # noqa: E402
from marsad.geo.resolve import haversine_km  # noqa: E402

DEFAULT_WOF = ROOT.parent / "shared" / "data" / "wof-arab-gazetteer"
COUNTRIES = ("sy", "iq", "lb", "ps", "jo", "ye", "ly")
SAME_PLACE_KM = 3.0


def _package_cities() -> dict[tuple[str, str], list[tuple[float, float, str]]]:
    """(country, name key) → points and ids of the GeoNames cities the gazetteer has anyway."""
    found: dict[tuple[str, str], list[tuple[float, float, str]]] = {}
    for city in package_cities().values():
        for name in city["alternatenames"]:
            if usable_arabic_name(name):
                point = (city["latitude"], city["longitude"], str(city["geonameid"]))
                found.setdefault((city["countrycode"], name_key(name)), []).append(point)
    return found


def build_rows(wof_dir: Path) -> list[str]:
    rows: list[str] = []
    seen: set[str] = set()
    package = _package_cities()
    for country in COUNTRIES:
        path = wof_dir / f"wof_{country}_places.tsv"
        if not path.is_file():
            raise SystemExit(f"{path}: not found (give --wof, the folder of the Who's On First extracts)")
        for record in read_places(path, "wof"):
            names = list(dict.fromkeys(n.strip() for n in record.names_ar if usable_arabic_name(n.strip())))
            if not names or record.id in seen:
                continue
            seen.add(record.id)
            if not record.gn_id:
                record.gn_id = next(
                    (
                        gn_id
                        for name in names
                        for lat, lon, gn_id in package.get((record.country, name_key(name)), ())
                        if haversine_km(lat, lon, record.lat, record.lon) < SAME_PLACE_KM
                    ),
                    "",
                )
            cells = [
                record.id,
                record.name.replace("\t", " "),
                "|".join(names),
                f"{record.lat:.4f}",
                f"{record.lon:.4f}",
                record.country,
                record.admin1,
                record.admin1_name,
                record.feature,
                str(record.population),
                record.gn_id,
            ]
            rows.append("\t".join(cells))
    return rows


def render(rows: list[str]) -> bytes:
    header = [
        "# Built by tools/build_regional_gazetteer.py from Who's On First (CC0; GeoNames parts CC BY 4.0);",
        "# see geo_regional.tsv.gz.LICENSE.md.  Do not edit by hand.",
        "\t".join(REGIONAL_COLUMNS),
    ]
    text = "\n".join([*header, *rows]) + "\n"
    # mtime=0: the same rows always give the same bytes, so --check can compare files.
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--wof", type=Path, default=DEFAULT_WOF)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--out", type=Path, default=SRC / "marsad" / "data" / REGIONAL_FILE)
    args = parser.parse_args()
    data = render(build_rows(args.wof))
    target: Path = args.out
    if args.check:
        same = target.is_file() and target.read_bytes() == data
        if not same:
            print(f"{target.name}: out of date", file=sys.stderr)
            raise SystemExit(1)
        print(f"{target.name}: up to date")
        return
    target.write_bytes(data)
    print(f"{target.name}: {len(data):,} bytes")


if __name__ == "__main__":
    main()
