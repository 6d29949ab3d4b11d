"""The place-mention gold: anchoring annotators' drafts into offsets, and the files' form."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from marsad.evaluate.gold_corpus import GoldCorpus
from marsad.evaluate.gold_places import check_places
from tool_module import load_tool

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "gold" / "anchor_places.py"
ALEPPO = {"name_en": "Aleppo", "kind": "city", "country": "SY", "lat": 36.2, "lon": 37.16, "gazetteer_id": None}
DAMASCUS = {"name_en": "Damascus", "kind": "city", "country": "SY", "lat": 33.51, "lon": 36.29,
            "gazetteer_id": "geonames:170654"}
RIF = {"name_en": "Rif Dimashq", "kind": "governorate", "country": "SY", "lat": 33.5, "lon": 36.6, "gazetteer_id": None}


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    return load_tool("gold/anchor_places.py")


def run(tool: ModuleType, text: str, places: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[str], list[str]]:
    errors: list[str] = []
    notes: list[str] = []
    anchored = tool.anchor_places(text, {"id": "x", "places": places}, errors, notes)
    return anchored, errors, notes


TEXT = "قصفت الطائرات حلب. وفي حلب قتل عشرة، وفي بحلب أيضا. ثم دمشق، ريف دمشق، وحلبية قرية."


def test_all_takes_every_whole_word_occurrence_and_leaves_longer_names_alone(tool: ModuleType) -> None:
    places, errors, notes = run(tool, TEXT, [
        {"mention": "حلب", "occurrences": "all", **ALEPPO},
        {"mention": "دمشق", "occurrences": "all", **DAMASCUS},
        {"mention": "ريف دمشق", "occurrences": "all", **RIF},
    ])
    assert errors == []
    surfaces = [(TEXT[s:e], p["name_en"]) for p in places for s, e in [p["mention"]]]
    # حلب twice (not in بحلب nor حلبية), دمشق once: the one in ريف دمشق belongs to the governorate
    assert surfaces == [("حلب", "Aleppo"), ("حلب", "Aleppo"), ("دمشق", "Damascus"), ("ريف دمشق", "Rif Dimashq")]
    assert len(notes) == 1 and "«بحلب»" in notes[0] and "حلبية" not in notes[0]
    assert check_places({"places": places}, TEXT) == []


def test_sent_and_nth_occurrence_locate_one_mention(tool: ModuleType) -> None:
    text = "زار الوفد عمان ثم عاد إلى عمان مساء. وفي سلطنة عمان قال"
    places, errors, _ = run(tool, text, [
        {"sent": "زار الوفد عمان ثم عاد إلى عمان", "mention": "عمان#2", "name_en": "Amman", "kind": "city",
         "country": "JO", "lat": 31.95, "lon": 35.93, "gazetteer_id": None},
        {"sent": "وفي سلطنة عمان", "mention": "سلطنة عمان", "name_en": "Oman", "kind": "country",
         "country": "OM", "lat": 21.5, "lon": 57.0, "gazetteer_id": None},
    ])
    assert errors == []
    assert [p["mention"][0] for p in places] == [text.index("عمان مساء"), text.index("سلطنة")]


def test_problems_are_named_and_nothing_is_anchored_wrongly(tool: ModuleType) -> None:
    _, errors, _ = run(tool, TEXT, [
        {"mention": "حمص", "occurrences": "all", **ALEPPO},
        {"mention": "حلب", **ALEPPO},
        {"sent": "وفي حلب قتل", "mention": "حلب", **{**ALEPPO, "kind": "metropolis", "country": "Syria"}},
        {"mention": "دمشق", "occurrences": "all", **{**DAMASCUS, "lat": 133.5, "gazetteer_id": "osm:1"}},
        {"sent": "ثم دمشق، ريف", "mention": "دمشق", **RIF},
        {"mention": "حلب#2", "occurrences": "all", **ALEPPO},
    ])
    joined = " | ".join(errors)
    for expected in ("«حمص» has no whole-word occurrence", "give a sent", "kind 'metropolis'",
                     "country 'Syria'", "lat/lon 133.5", "gazetteer_id 'osm:1'", "give the mention alone"):
        assert expected in joined, expected
    _, errors, _ = run(tool, TEXT, [{"mention": "دمشق", "occurrences": "all", **DAMASCUS},
                                    {"sent": "ثم دمشق، ريف", "mention": "دمشق", **RIF}])
    assert errors and "two places" in errors[0]


def test_the_tool_writes_offsets_only(tmp_path: Path) -> None:
    article = GoldCorpus(ROOT / "gold", None).article("aner-0001")
    draft = {"id": "aner-0001", "annotator": "test", "places": [
        {"mention": "لبنان", "occurrences": "all", "name_en": "Lebanon", "kind": "country", "country": "LB",
         "lat": 33.85, "lon": 35.86, "gazetteer_id": None}]}
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
    bad.write_text(json.dumps({**draft, "id": "aner-nope"}), encoding="utf-8")
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, str(TOOL), "--out", str(out), str(bad), str(good)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "unknown article id 'aner-nope'" in result.stdout
    expected = len(re.findall(r"(?<!\w)لبنان(?!\w)", article.text))  # not لللبنانيين nor بلبنان
    assert 0 < expected < article.text.count("لبنان")
    assert f"ok aner-0001 ({expected} mentions)" in result.stdout
    gold = json.loads((out / "aner-0001.json").read_text("utf-8"))
    assert "text" not in gold and all(article.text[s:e] == "لبنان" for s, e in (p["mention"] for p in gold["places"]))
    assert check_places(gold, article.text) == []


def test_every_committed_place_gold_fits_its_article() -> None:
    corpus = GoldCorpus(ROOT / "gold", None)
    paths = {k: v for k, v in corpus.annotation_paths("places").items() if not k.startswith("snn-")}
    if not paths:
        pytest.skip("no open place gold committed yet")
    for article_id, path in paths.items():
        data = json.loads(path.read_text("utf-8"))
        assert data["id"] == article_id and "text" not in data
        assert check_places(data, corpus.article(article_id).text) == [], article_id


def test_every_saudinewsnet_place_gold_fits_its_article(shared_dir: Path) -> None:
    corpus = GoldCorpus(ROOT / "gold", shared_dir / "data")
    paths = {k: v for k, v in corpus.annotation_paths("places").items() if k.startswith("snn-")}
    if not paths:
        pytest.skip("no SaudiNewsNet place gold committed yet")
    for article_id, path in paths.items():
        data = json.loads(path.read_text("utf-8"))
        assert "text" not in data and check_places(data, corpus.article(article_id).text) == [], article_id
