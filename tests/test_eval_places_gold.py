"""``marsad eval places --gold-corpus``: place mentions scored against the place gold corpus."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.document import Document, Place
from marsad.evaluate.gold_corpus import Article, GoldCorpus
from marsad.evaluate.places import (
    GoldPlaceScores,
    evaluate_gold_places,
    located_right,
    match_mentions,
    score_gold_places,
)

ANER = "قصفت الطائرات حلب ثم بحلب مجددا، وقال مسؤول في سوريا إن ميدان القتال في دير الزور."
NTREX = "زار الوزير عمان ثم الرياض."
SNN_ID = "snn-2015-07-21-0001"


def gold_place(text: str, word: str, nth: int = 1, **labels: Any) -> dict[str, Any]:
    start = -1
    for _ in range(nth):
        start = text.index(word, start + 1)
    return {"mention": [start, start + len(word)], "name_en": word, "kind": "city", "country": "SY",
            "lat": None, "lon": None, "gazetteer_id": None, **labels}


def write_gold(root: Path) -> Path:
    root.mkdir()
    (root / "splits.tsv").write_text(f"id\tsplit\naner-0001\ttest\nntrex-001\tdev\n{SNN_ID}\ttest\n", "utf-8")
    rows = [{"id": "aner-0001", "corpus": "anercorp", "text": ANER, "attribution": "CC BY-SA"},
            {"id": "ntrex-001", "corpus": "ntrex128", "text": NTREX, "attribution": "CC BY-SA"}]
    (root / "open-articles.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    (root / "saudinewsnet-articles.tsv").write_text(
        "id\tfile\tindex\tsource\turl\tpublished\tsha1\n"
        f"{SNN_ID}\t2015-07-21.zip\t1\tspa\t\t2015-07-21\t{'0' * 40}\n", "utf-8")
    places = root / "places"
    places.mkdir()
    aleppo = {"lat": 36.2, "lon": 37.16}
    gold = {
        "aner-0001": [gold_place(ANER, "حلب", **aleppo), gold_place(ANER, "بحلب", **aleppo),
                      gold_place(ANER, "سوريا", kind="country", lat=35.0, lon=38.0),
                      gold_place(ANER, "دير الزور", lat=35.33, lon=40.14)],
        "ntrex-001": [gold_place(NTREX, "عمان", country="JO", lat=31.95, lon=35.93),
                      gold_place(NTREX, "الرياض", country="SA", lat=24.69, lon=46.72)],
        SNN_ID: [],
    }
    for article_id, items in gold.items():
        (places / f"{article_id}.json").write_text(json.dumps({"id": article_id, "places": items}), "utf-8")
    return root


def system_place(text: str, word: str, country: str, lat: float, lon: float, precision: int = 1,
                 nth: int = 1) -> Place:
    start = -1
    for _ in range(nth):
        start = text.index(word, start + 1)
    return Place(f"test:{word}", word, word, country, None, lat, lon, precision, mentions=[[start, start + len(word)]])


def fake_analyse(doc: Document) -> Document:
    """Finds حلب (as the bare name inside بحلب too), Syria, a false city-level ميدان, Oman
    for Amman and Riyadh; misses Deir ez-Zor."""
    if doc.text == ANER:
        doc.places = [system_place(ANER, "حلب", "SY", 36.21, 37.15),
                      system_place(ANER, "حلب", "SY", 36.21, 37.15, nth=2),
                      system_place(ANER, "سوريا", "SY", 35.0, 38.5, precision=4),
                      system_place(ANER, "ميدان", "ID", 3.59, 98.67)]
    else:
        doc.places = [system_place(NTREX, "عمان", "OM", 21.5, 57.0, precision=4),
                      system_place(NTREX, "الرياض", "SA", 24.71, 46.68)]
    return doc


def test_mentions_match_by_overlap_one_to_one() -> None:
    assert match_mentions([(0, 5), (10, 14)], [(1, 5), (2, 4), (20, 22)]) == {0: 0}
    assert match_mentions([(0, 5)], [(5, 9)]) == {}


def test_located_right_by_distance_or_country_code() -> None:
    city = {"kind": "city", "country": "JO", "lat": 31.95, "lon": 35.93}
    amman = Place("a", "عمان", "Amman", "JO", None, 31.96, 35.94, 1)
    oman = Place("o", "عمان", "Oman", "OM", None, 21.5, 57.0, 4)
    assert located_right(city, amman) == (True, pytest.approx(1.4, abs=0.2))
    assert located_right(city, oman) is not None and located_right(city, oman)[0] is False  # type: ignore[index]
    assert located_right({**city, "kind": "country", "country": "OM"}, oman) == (True, None)
    assert located_right({**city, "lat": None, "lon": None}, amman) is None  # the gold gives no location


def test_scores_per_corpus_and_skips_saudinewsnet_without_shared(tmp_path: Path) -> None:
    corpus = GoldCorpus(write_gold(tmp_path / "gold"), None)
    report = evaluate_gold_places(corpus, None, fake_analyse)
    assert any(SNN_ID in e and "shared data folder" in e for e in report.errors)
    overall = report.overall
    assert overall.articles == 2
    assert (overall.mentions.gold, overall.mentions.predicted, overall.mentions.correct) == (6, 6, 5)
    # Aleppo twice, Syria by its code, Riyadh right; Amman put in Oman
    assert (overall.located.right, overall.located.total) == (4, 5)
    # city-level system mentions: حلب ×2, ميدان, الرياض; ميدان has no gold mention
    assert (overall.city_level.right, overall.city_level.total) == (1, 4)
    aner, ntrex = report.by_corpus["anercorp"], report.by_corpus["ntrex128"]
    assert aner.mentions.recall == 0.75 and ntrex.located.value == 0.5
    details = "\n".join(report.details)
    assert "missed\t«دير الزور»" in details and "false city-level place\t«ميدان»" in details
    assert "mislocated\t«عمان»" in details and "OM, 2387 km" in details
    dev = evaluate_gold_places(corpus, "dev", fake_analyse)
    assert dev.overall.articles == 1 and set(dev.by_corpus) == {"ntrex128"}


def test_the_command_reads_the_gold_corpus(tmp_path: Path) -> None:
    root = write_gold(tmp_path / "gold")
    runner = CliRunner()
    result = runner.invoke(app, ["eval", "places", "--gold-corpus", str(root), "--split", "all",
                                 "--shared", str(tmp_path / "nowhere"), "--stages", "boilerplate,places",
                                 "--json", "--details"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["overall"]["articles"] == 2 and out["overall"]["mentions"]["gold"] == 6
    # the real places stage finds at least Aleppo and Syria, and puts Syria in Syria
    assert out["overall"]["mentions"]["correct"] >= 2 and out["overall"]["located_right"]["right"] >= 1
    assert set(out["by_corpus"]) == {"anercorp", "ntrex128"} and isinstance(out["details"], list)
    bad = runner.invoke(app, ["eval", "places", "--gold-corpus", str(root), "--split", "held-out"])
    assert bad.exit_code != 0 and "train, dev, test, all" in bad.output
    neither = runner.invoke(app, ["eval", "places"])
    assert neither.exit_code != 0 and "--gold-corpus" in neither.output


def test_a_name_split_in_two_costs_precision_but_is_no_false_place() -> None:
    text = "قتل عشرة في دير الزور أمس"
    article = Article("t-1", "anercorp", "dev", text, None)
    gold = {"places": [gold_place(text, "دير الزور", lat=35.33, lon=40.14)]}
    doc = Document(text)
    doc.places = [system_place(text, "دير", "SY", 35.3, 40.1), system_place(text, "الزور", "SY", 35.3, 40.1)]
    scores, details = GoldPlaceScores(), []
    score_gold_places(article, gold, doc, scores, details)
    assert (scores.mentions.gold, scores.mentions.predicted, scores.mentions.correct) == (1, 2, 1)
    assert (scores.city_level.right, scores.city_level.total) == (0, 2)
    assert scores.located.value == 1.0 and len(details) == 1 and "split mention" in details[0]
