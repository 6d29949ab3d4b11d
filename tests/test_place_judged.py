"""Hand-judged mentions as training examples of the place scorer (``marsad train places --judged``)."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from marsad.evaluate.judged_places import JudgedFileError, JudgedSet, JudgedText, Judgement, read_judged
from marsad.pipeline import Pipeline
from marsad.stages.places import PlaceStage

TEXT = "قصفت الطائرات مدينة حلب أمس، وقال أحمد الحمص في طرابلس إن الوضع صعب في ميدان الحرب وفي دمشق."


def span(word: str) -> tuple[int, int]:
    return TEXT.index(word), TEXT.index(word) + len(word)


ALEPPO, TRIPOLI, DAMASCUS = span("حلب"), span("طرابلس"), span("دمشق")
SQUARE = span("ميدان")  # "square, field": a town of Indonesia to the gazetteer


@pytest.fixture()
def gold(tmp_path: Path) -> Path:
    """A gold folder: a train, a dev and a test article, and a train article with place gold."""
    root = tmp_path / "gold"
    (root / "places").mkdir(parents=True)
    (root / "splits.tsv").write_text("id\tsplit\na\ttrain\nb\tdev\nc\ttest\nd\ttrain\n", "utf-8")
    (root / "places" / "d.json").write_text("{}", "utf-8")
    rows = [{"id": k, "corpus": "ntrex128", "text": TEXT} for k in "abcd"]
    (root / "open-articles.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n",
                                              "utf-8")
    return root


def probe_file(path: Path, rows: list[str], first: str = "# Hand judgements of a probe check") -> Path:
    path.write_text("\n".join([first, "doc\tstart\tend\tverdict\thalf\tlevel", *rows]) + "\n", "utf-8")
    return path


def test_only_the_probe_halves_of_open_train_and_dev_text_are_read(gold: Path, tmp_path: Path) -> None:
    judged = probe_file(tmp_path / "j.tsv", [
        "open:a\t20\t23\tplace\tprobe\tcity",
        "open:a\t69\t74\tnotplace\tprobe\tcity",
        "open:a\t48\t52\tplace\theld\tcity",      # held half: only ever scored
        "open:b\t48\t52\tplace\tprobe\tcity",     # a dev article without place gold may be learned from
        "open:c\t20\t23\tplace\tprobe\tcity",     # test split: sealed
        "open:d\t20\t23\tplace\tprobe\tcity",     # its place gold labels it already
        "snn:2015-07-26:3\t0\t4\tplace\tprobe\tcity",  # SaudiNewsNet: not redistributable
    ])
    found = read_judged([judged], gold, tmp_path)
    assert [(t.key, t.judgements) for t in found.texts] == [
        ("open:a", [Judgement(20, 23, True), Judgement(69, 74, False)]),
        ("open:b", [Judgement(48, 52, True)])]
    assert found.skipped == {"held half": 1, "not of the train or dev split": 1, "article with place gold": 1,
                             "saudinewsnet (not redistributable)": 1}


def test_eval_places_format_gives_the_right_entry_and_a_held_file_gives_nothing(gold: Path, tmp_path: Path) -> None:
    header = "line\tstart\tend\tverdict\tgold\tsystem"
    lines = ["# Check of some articles, lines of gold/open-articles.jsonl", header,
             "1\t20\t23\tok\tgeonames:170063\tgeonames:170063", "1\t69\t74\tnotplace\t\tgeonames:1", "1\t48\t52\tunresolved\t\t"]
    probe = tmp_path / "probe.tsv"
    probe.write_text("\n".join(lines) + "\n", "utf-8")
    found = read_judged([probe], gold, tmp_path)
    assert found.texts[0].judgements == [Judgement(20, 23, True, "geonames:170063"), Judgement(69, 74, False),
                                         Judgement(48, 52, True)]
    held = tmp_path / "held.tsv"
    held.write_text("\n".join(["# Held half of the check, lines of gold/open-articles.jsonl", *lines[1:]]) + "\n",
                    "utf-8")
    assert read_judged([held], gold, tmp_path).texts == []


@pytest.mark.parametrize(("rows", "message"), [
    (["open:a\t20\t23\tmaybe\tprobe\tcity"], "unknown verdict 'maybe'"),
    (["open:a\t20\t999\tplace\tprobe\tcity"], "outside the text of open:a"),
    (["open:zz\t20\t23\tplace\tprobe\tcity"], "unknown document 'open:zz'"),
    (["open:a\tx\t23\tplace\tprobe\tcity"], "row 2 is malformed"),
])
def test_bad_judgement_files_are_refused_with_a_message(gold: Path, tmp_path: Path, rows: list[str],
                                                        message: str) -> None:
    with pytest.raises(JudgedFileError, match=message):
        read_judged([probe_file(tmp_path / "j.tsv", rows)], gold, tmp_path)


def test_lines_of_another_corpus_are_refused(gold: Path, tmp_path: Path) -> None:
    lines_elsewhere = tmp_path / "snn.tsv"
    lines_elsewhere.write_text("# lines of the SaudiNewsNet subset\nline\tstart\tend\tverdict\tgold\tsystem\n", "utf-8")
    with pytest.raises(JudgedFileError, match=re.escape("not said to be lines of gold/open-articles.jsonl")):
        read_judged([lines_elsewhere], gold, tmp_path)


def test_judged_candidates_are_labelled_and_unjudged_ones_are_not() -> None:
    from marsad.train.places import collect_judged, prepare_judged

    judged = JudgedSet([JudgedText("open:a", TEXT, [Judgement(*ALEPPO, True), Judgement(*SQUARE, False),
                                                    Judgement(*TRIPOLI, True, "geonames:266826")])], {})
    items = prepare_judged(judged, Pipeline.build(["boilerplate", "repair", "entities"]))
    stage = PlaceStage(learned=False)
    candidates, _evidence = stage.candidates(copy.deepcopy(items[0].doc))
    assert {(m.start, m.end) for m in candidates} >= {ALEPPO, TRIPOLI, DAMASCUS, SQUARE}
    tripoli = next(m for m in candidates if (m.start, m.end) == TRIPOLI)
    lebanese = [s.entry.country == "LB" for s in tripoli.scored]
    assert True in lebanese and False in lebanese
    (examples,) = collect_judged(items, stage)
    # Aleppo and Tripoli places, the square not; Damascus, a candidate nobody judged, is no example
    assert sorted(label for _features, label in examples.place) == [0, 1, 1]
    # Tripoli's entries label the which model: the Lebanese ones right (the city, or an entry within a few km),
    # the Libyan ones wrong; Aleppo's judgement names no entry, so nothing
    assert [label for _features, label in examples.which] == [int(x) for x in lebanese]


@pytest.mark.parametrize("line", ["x", "0", "99"])
def test_a_line_that_is_not_one_of_the_pool_is_refused_with_a_message(gold: Path, tmp_path: Path, line: str) -> None:
    judged = tmp_path / "lines.tsv"
    judged.write_text("# lines of gold/open-articles.jsonl\nline\tstart\tend\tverdict\tgold\tsystem\n"
                      f"{line}\t0\t3\tok\t\t\n", "utf-8")
    with pytest.raises(JudgedFileError, match=re.escape(f"no line '{line}' in open-articles.jsonl")):
        read_judged([judged], gold, tmp_path)
