"""The gazetteer: name folding, the compiled index, imports from WOF/GeoNames files, the CLI."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.document import Document
from marsad.geo.gazetteer import Gazetteer, cache_dir, extend, load, read_user_places
from marsad.geo.importer import ImportFormatError, detect_format, merge, read_places
from marsad.geo.names import name_key, usable_arabic_name
from marsad.stages.places import PlaceStage

WOF_HEADER = (
    "wof_id\tcountry\tplacetype\tname\tname_en\tnames_ar\tlat\tlon\tis_current\tparent_id\tregion_id"
    "\tcounty_id\tlocaladmin_id\tgn_id\tsrc_geom\tpopulation\n"
)
# Invented ids; coordinates are approximate points from general knowledge.
WOF_ROWS = [
    "900001\tSY\tregion\tIdlib\tIdlib\tإدلب|محافظة إدلب\t35.77\t36.67\t1\t0\t900001\t\t\t\ttest\t",
    "900002\tSY\tlocality\tTall al Ikhtibar\tTall al Ikhtibar\tتل الاختبار|تل اختبار\t35.61\t36.56\t-1\t900001\t900001\t\t\t\ttest\t",
    "900003\tSY\tlocality\tIdlib\tIdlib\tادلب\t35.93\t36.63\t-1\t900001\t900001\t\t\t169389\tgeonames\t",
    "900004\tSY\tlocality\tOld Place\tOld Place\tمكان قديم\t35.0\t36.0\t0\t900001\t900001\t\t\t\ttest\t",
    "900005\tSY\tcampus\tAirport\tAirport\tمطار تجريبي\t35.0\t36.0\t1\t900001\t900001\t\t\t\ttest\t",
]


@pytest.fixture(scope="session")
def base(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return load(tmp_path_factory.mktemp("no-user-places"), cache_dir())


def write_wof(tmp_path: Path) -> Path:
    path = tmp_path / "wof_test.tsv"
    path.write_text(WOF_HEADER + "\n".join(WOF_ROWS) + "\n", "utf-8")
    return path


def test_name_variants_fold_to_one_key() -> None:
    assert name_key("أبو ظهور") == name_key("أبو الظهور") == name_key("ابو الضهور")
    assert name_key("حماة") == name_key("حماه")
    assert name_key("ديالى") == name_key("ديالي")
    assert name_key("إدلب") == name_key("ادلب") == name_key("إِدْلِب")
    assert name_key("دير الزور") == name_key("دير-الزور")
    assert name_key("الرقة") != name_key("رقة")  # the article of the first word is part of the name


def test_unusable_names_are_dropped() -> None:
    assert usable_arabic_name("خان شيخون")
    assert not usable_arabic_name("دبی پارک")  # Persian letters
    assert not usable_arabic_name("يد")  # too short to match safely
    assert not usable_arabic_name("Halab")


def test_index_holds_countries_divisions_and_cities(base: Gazetteer) -> None:
    assert base.country("SY") is not None and base.country("SY").precision == 4  # type: ignore[union-attr]
    idlib = base.admin1("SY.12")
    assert idlib is not None and idlib.precision == 3 and base.admin1_name("SY.12") == "Idlib"
    ids = {e.id for e in base.lookup(name_key("خان شيخون"))}
    assert ids == {"geonames:168325"}
    assert base.policy[name_key("إلى")] == "never"
    assert base.policy[name_key("مدينة")] == "never"  # cue words are never names themselves
    assert base.zipf[name_key("كان")] > 6


def test_second_load_comes_from_the_cache(tmp_path: Path, base: Gazetteer, monkeypatch: pytest.MonkeyPatch) -> None:
    from marsad.geo import gazetteer

    def no_build() -> Gazetteer:
        raise AssertionError("the index was built again instead of read from the cache")

    monkeypatch.setattr(gazetteer, "build", no_build)  # what the cache saves, checked without a clock
    monkeypatch.setattr(gazetteer, "_build_in_child", lambda path: no_build())
    again = load(tmp_path, cache_dir())
    assert len(again.entries) == len(base.entries) and again.names == base.names
    assert list(cache_dir().glob("gazetteer-base-*.pickle"))


def test_cache_state_gives_back_the_same_index(tmp_path: Path) -> None:
    from dataclasses import fields

    from marsad.geo import gazetteer

    # Built here, not loaded: a field the cache forgets would be missing on both sides of a cached load.
    base = gazetteer.build()
    assert base.definite_zipf and base.prefix_words and base.admin1_entry
    path = tmp_path / "gazetteer-base-test.pickle"
    gazetteer._write_cache(path, base, keep=1)
    loaded = gazetteer._read_cache(path)
    assert loaded is not None
    for f in fields(Gazetteer):
        assert getattr(loaded, f.name) == getattr(base, f.name), f.name
    assert all(type(entry) is type(base.entries[0]) for entry in loaded.entries[:100])
    # One object per distinct string: 59,000 entries share a few hundred country codes.
    assert len({id(entry.country) for entry in loaded.entries}) == len({entry.country for entry in loaded.entries})
    # A cache in another format (the Gazetteer object pickled whole, as before) is not read: rebuilt.
    path.write_bytes(pickle.dumps(base))
    assert gazetteer._read_cache(path) is None
    path.write_bytes(b"not a pickle")
    assert gazetteer._read_cache(path) is None
    # A state that lacks one of the index's fields is not read either (the cache is rebuilt).
    path.write_bytes(pickle.dumps(gazetteer._to_state(base)[:-1]))
    assert gazetteer._read_cache(path) is None


def test_detect_formats(tmp_path: Path) -> None:
    assert detect_format(write_wof(tmp_path)) == "wof"
    dump = tmp_path / "SY.txt"
    dump.write_text("\t".join(["1"] + [""] * 18) + "\n", "utf-8")
    assert detect_format(dump) == "geonames"
    bad = tmp_path / "notes.txt"
    bad.write_text("just some text\n", "utf-8")
    with pytest.raises(ImportFormatError, match="not a Who's On First"):
        detect_format(bad)
    with pytest.raises(ImportFormatError, match="no such file"):
        read_places(tmp_path / "missing.tsv")


def test_wof_tsv_import(tmp_path: Path) -> None:
    records = {r.id: r for r in read_places(write_wof(tmp_path))}
    # the region matched the built-in Idlib governorate; not-current and campus rows are skipped
    assert set(records) == {"admin1:SY.12", "wof:900002", "wof:900003"}
    tall = records["wof:900002"]
    assert (tall.admin1, tall.admin1_name, tall.feature, tall.country) == ("SY.12", "Idlib", "locality", "SY")
    assert records["wof:900003"].gn_id == "169389"


def test_wof_geojson_import(tmp_path: Path) -> None:
    feature = {
        "type": "Feature",
        "properties": {
            "wof:id": 900010,
            "wof:placetype": "locality",
            "wof:name": "Sarmin",
            "wof:country": "SY",
            "name:ara_x_preferred": ["سرمين"],
            "geom:latitude": 35.90,
            "geom:longitude": 36.72,
            "wof:hierarchy": [{"region_id": 85678373}],
            "mz:is_current": 1,
        },
        "geometry": {"type": "Point", "coordinates": [36.72, 35.90]},
    }
    folder = tmp_path / "data" / "900" / "010"
    folder.mkdir(parents=True)
    (folder / "900010.geojson").write_text(json.dumps(feature, ensure_ascii=False), "utf-8")
    records = read_places(tmp_path, "auto")
    assert [(r.id, r.names_ar, r.lat) for r in records] == [("wof:900010", ["سرمين"], 35.90)]


def test_geonames_dump_and_header_tsv(tmp_path: Path) -> None:
    row = [
        "7000001",
        "Test Village",
        "Test Village",
        "Test Village,قرية الاختبار,تل الاختبار",
        "35.5",
        "36.5",
        "P",
        "PPL",
        "SY",
        "",
        "12",
        "",
        "",
        "",
        "700",
        "",
        "300",
        "Asia/Damascus",
        "2024-01-01",
    ]
    admin = ["7000002", "Idlib Governorate", "", "محافظة إدلب", "35.8", "36.6", "A", "ADM1", "SY", "", "12"]
    stream = ["7000003", "Wadi", "", "وادي", "35.5", "36.5", "H", "STM", "SY", "", "12"]
    dump = tmp_path / "SY.txt"
    dump.write_text("\n".join("\t".join(r) for r in (row, admin, stream)) + "\n", "utf-8")
    records = {r.id: r for r in read_places(dump, "geonames")}
    assert set(records) == {"geonames:7000001", "admin1:SY.12"}
    village = records["geonames:7000001"]
    assert village.names_ar == ["قرية الاختبار", "تل الاختبار"] and village.population == 700
    header = tmp_path / "cities.tsv"
    header.write_text(
        "geonameid\tname\tnames_ar\tlatitude\tlongitude\tcountrycode\tadmin1code\tpopulation\n"
        "7000004\tOther\tقرية أخرى|Other\t35.1\t36.1\tSY\t12\t0\n",
        "utf-8",
    )
    (other,) = read_places(header)
    assert other.names_ar == ["قرية أخرى"] and other.admin1 == "SY.12"


def test_imported_places_join_the_index(tmp_path: Path, base: Gazetteer) -> None:
    records = read_places(write_wof(tmp_path))
    merged, new, updated = merge([], records)
    assert (new, updated) == (3, 0)
    gaz = extend(base, merged)
    tall = gaz.lookup(name_key("تل الاختبار"))
    assert [e.id for e in tall] == ["wof:900002"] and tall[0].admin1 == "SY.12"
    assert base.lookup(name_key("تل الاختبار")) == []
    # a record GeoNames already has brings names, not a duplicate entry
    assert len(gaz.entries) == len(base.entries) + 1
    text = "قصفت الطائرات قرية تل الاختبار جنوب إدلب"
    doc = Document(text)
    PlaceStage(gaz)(doc)
    assert any(p.id == "wof:900002" and p.precision == 1 and p.admin1 == "Idlib" for p in doc.places)
    before = Document(text)
    PlaceStage(base)(before)
    assert not any(p.name == "تل الاختبار" for p in before.places)


def test_cli_import_and_lookup(tmp_path: Path) -> None:
    runner = CliRunner()
    target = tmp_path / "gaz"
    result = runner.invoke(app, ["gazetteer", "import", str(write_wof(tmp_path)), "--gazetteer", str(target)])
    assert result.exit_code == 0, result.output
    assert "added 3 places" in result.output and "SY  3" in result.output
    assert {r.id for r in read_user_places(target)} == {"admin1:SY.12", "wof:900002", "wof:900003"}
    again = runner.invoke(app, ["gazetteer", "import", str(write_wof(tmp_path)), "--gazetteer", str(target)])
    assert "added 0 places, updated 3" in again.output
    looked = runner.invoke(app, ["gazetteer", "lookup", "بتل الاختبار", "--gazetteer", str(target)])
    assert (
        looked.exit_code == 0 and "wof:900002" in looked.output and "resolves to wof:900002" in looked.output
    )
    missing = runner.invoke(app, ["gazetteer", "lookup", "لامكانهنا", "--gazetteer", str(target)])
    assert missing.exit_code == 1 and "not in the gazetteer" in missing.output
    bad = tmp_path / "bad.txt"
    bad.write_text("hello\n", "utf-8")
    failed = runner.invoke(app, ["gazetteer", "import", str(bad), "--gazetteer", str(target)])
    assert (
        failed.exit_code == 1 and "Traceback" not in failed.output and "not a Who's On First" in failed.output
    )


def test_lookup_shows_scores_and_reasons(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["gazetteer", "lookup", "دوما", "--country", "SY", "--gazetteer", str(tmp_path)]
    )
    assert result.exit_code == 0
    assert "geonames:170592" in result.output and "geonames:284013" in result.output
    assert "SY named in the article" in result.output


def test_shared_wof_import(shared_dir: Path, base: Gazetteer, seed_text: str) -> None:
    path = shared_dir / "data" / "wof-arab-gazetteer" / "wof_sy_places.tsv"
    if not path.is_file():
        pytest.skip("wof_sy_places.tsv not in shared data")
    records = read_places(path)
    assert len(records) > 9000
    regions = {r.admin1 for r in records if r.feature == "admin1"}
    assert {"SY.08", "SY.09", "SY.12"} <= regions  # governorates matched to the built-in table
    gaz = extend(base, records)
    # village level ships built in (data/geo_regional.tsv.gz): importing the same extract adds only the
    # few places the shipped file leaves out (no usable Arabic name of their own)
    assert len(base.entries) > 50000 and len(gaz.entries) - len(base.entries) < 500
    doc = Document(seed_text)
    PlaceStage(gaz)(doc)
    duhur = [p for p in doc.places if p.name == "أبو ظهور"]
    assert duhur and duhur[0].id == "geonames:174611"  # still the Idlib one, now among namesakes
    douma = [p for p in doc.places if p.name == "دوما"]
    assert douma and douma[0].id == "geonames:170592" and douma[0].candidates >= 3


def test_damaged_user_file_costs_only_its_bad_lines(tmp_path: Path) -> None:
    records = read_places(write_wof(tmp_path))
    from marsad.geo.gazetteer import write_user_places

    path = write_user_places(tmp_path / "gaz", records)
    path.write_text(path.read_text("utf-8") + "wof:bad\tBad\tمكان\tnot-a-number\n", "utf-8")
    assert {r.id for r in read_user_places(tmp_path / "gaz")} == {r.id for r in records}


def test_a_missing_cache_is_built_in_a_child_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The build's memory peak stays out of the analysing process: a child writes the cache, this one reads it."""
    import resource

    from marsad.geo import gazetteer

    def no_build() -> Gazetteer:
        raise AssertionError("built in the analysing process")

    monkeypatch.setattr(gazetteer, "build", no_build)
    loaded = load(tmp_path / "no-user-places", tmp_path / "cache")
    assert loaded.country("SY") is not None and len(loaded.entries) > 50_000
    assert list((tmp_path / "cache").glob("gazetteer-base-*.pickle"))
    # a child held the build's peak (hundreds of MiB; ru_maxrss is in KiB on Linux)
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss > 200_000
