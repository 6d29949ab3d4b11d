"""Places of ANERcorp news the round-24 judged probe's probe half got wrong, by class (tools/probe_places_open24.py):
an accord named by its town after مبادئ, a town opening a title in a list of quoted titles, national teams after a
word of winning that begins with ف or with the win's adjective before the opponent, and the press's spellings of
Guangzhou and Turkmenistan."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import regex

from marsad.stages.places import PlaceStage
from test_place_lookalikes_encyclopaedic import names
from tool_module import TOOLS, load_tool

PLACES = Path(__file__).parent / "gold" / "places"


def test_an_accords_principles_name_no_town(place_stage: PlaceStage) -> None:
    assert "الطائف" not in names(place_stage, "واكد اصرار الامم المتحدة على الدعم الدولي لمبادىء الطائف وبرنامج الحكومة.")
    assert "الطائف" not in names(place_stage, "وتمسك المجلس بمبادئ الطائف في بيانه الأخير.")
    assert names(place_stage, "ووصل الوفد إلى الطائف أمس.").get("الطائف") == "Ta’if"


def test_a_town_opening_a_title_in_a_list_of_quoted_titles_is_no_place(place_stage: PlaceStage) -> None:
    text = "ومن تلك الأعمال » الكرنك « و » بداية ونهاية « و » القاهرة 30 « و » اللص والكلاب « وعشرات غيرها."
    assert "القاهرة" not in names(place_stage, text)
    assert "القاهرة" not in names(place_stage, "وأخرج أفلاما منها «القاهرة الجديدة» و«زقاق المدق».")
    # an epithet in quotation marks, listed with nothing, is still the town
    assert names(place_stage, "وزار الوفد «حلب الشهباء» أمس واطلع على أسواقها.").get("حلب") == "Aleppo"
    assert names(place_stage, "ووصل الوفد إلى القاهرة أمس.").get("القاهرة") == "Cairo"


def test_national_teams_after_a_win_are_no_places(place_stage: PlaceStage) -> None:
    text = ("وحققت هولندا فوزا ضعيفا على لوكسمبورغ الضعيفة بهدف وحيد في المباراة، بينما تعادلت السويد مع "
            "الدانمارك في المباراة الثانية.")
    found = names(place_stage, text)
    assert "هولندا" not in found and "لوكسمبورغ" not in found
    # على after a word of playing names the opponent (the word before the name is read normalised: علي)
    assert "البرازيل" not in names(place_stage, "واحتفل اللاعبون بالفوز على البرازيل في نهائي البطولة.")
    # a country where something happens after such a word is still a place
    assert names(place_stage, "واحتفل الحزب بفوز كبير في هولندا بعد المباراة الانتخابية.").get("هولندا") == "Netherlands"


def test_the_press_spellings_of_guangzhou_and_turkmenistan(place_stage: PlaceStage) -> None:
    assert names(place_stage, "ودفن الصحابي في مدينة قوانغتشو الصينية.").get("قوانغتشو") == "Guangzhou"
    assert names(place_stage, "وحدودها المشتركة مع دول مثل تركمنستان وأفغانستان.").get("تركمنستان") == "Turkmenistan"


def test_the_round_24_judgements_are_of_train_and_dev_articles_without_place_gold() -> None:
    # the probe reads open text outside every place gold, never an article of the sealed test split
    root = TOOLS.parent
    split = dict(line.split("\t")[:2] for line in (root / "gold" / "splits.tsv").read_text("utf-8").splitlines()[1:])
    placed = {path.stem for path in (root / "gold" / "places").glob("*.json")}
    rows = [line.split("\t") for line in (PLACES / "open24_judged.tsv").read_text("utf-8").splitlines()
            if line and not line.startswith("#")]
    assert rows[0] == ["doc", "start", "end", "verdict", "half", "level", "id"]
    for doc, start, end, verdict, half, level, place_id in rows[1:]:
        pool_id = doc.removeprefix("open:")
        assert pool_id.startswith("aner-") and split[pool_id] in ("train", "dev") and pool_id not in placed, doc
        assert 0 <= int(start) < int(end) and verdict in ("right", "wrong", "notplace") and half in ("probe", "held")
        assert level in ("city", "district", "region", "country", "unresolved")
        assert regex.fullmatch(r"-|[a-z0-9]+:[\w.-]+", place_id), place_id
    assert len(rows) > 340


def test_the_probe_draws_again_the_articles_it_judged(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(TOOLS))
    tool = load_tool("probe_places_open24.py")
    root = TOOLS.parent
    drawn = tool.draw(root / "gold", PLACES, 44, 24)
    judged = {line.split("\t")[0] for line in (PLACES / "open24_judged.tsv").read_text("utf-8").splitlines()
              if line and not line.startswith(("#", "doc\t"))}
    assert len(drawn) == 44 and judged <= {key for key, _, _ in drawn}
    # none of them was judged by an earlier ANERcorp check
    rows = [json.loads(line) for line in (root / "gold" / "open-articles.jsonl").read_text("utf-8").splitlines()]
    assert not {key.removeprefix("open:") for key in judged} & tool.judged_ids(PLACES, rows)
