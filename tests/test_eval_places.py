"""``marsad eval places``: the scorer of place mentions against hand judgements."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from marsad.cli import app
from marsad.document import Document, Place
from marsad.evaluate.places import (
    analyse,
    article_lines,
    classify,
    judged_lines,
    load_articles,
    load_lines,
    read_judged,
    report_lines,
    score,
)

TEXT = "قصفت الطائرات حلب وحماة أمس، ثم إدلب"


def place(place_id: str | None, word: str) -> Place:
    start = TEXT.index(word)
    return Place(place_id, word, word, "SY", None, None, None, None, mentions=[[start, start + len(word)]])


def span(word: str) -> tuple[int, int, int]:
    return (1, TEXT.index(word), TEXT.index(word) + len(word))


def judged_file(tmp_path: Path) -> Path:
    rows = [
        "# full: 1",
        "line\tstart\tend\tverdict\tgold\tsystem",
        "\t".join(map(str, (*span("حلب"), "ok", "", "place:aleppo"))),
        "\t".join(map(str, (*span("حماة"), "notplace", "", "place:hama"))),
        "\t".join(map(str, (*span("إدلب"), "missed", "", ""))),
        "\t".join(map(str, (*span("الطائرات"), "ok", "", "place:old"))),
    ]
    path = tmp_path / "judged.tsv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_judgements_are_read_with_the_fully_annotated_articles(tmp_path: Path) -> None:
    judged, full = read_judged(judged_file(tmp_path))
    assert full == {1}
    assert judged[span("حلب")] == ("ok", "", "place:aleppo")
    assert judged[span("إدلب")] == ("missed", "", "")
    assert read_judged(tmp_path / "none.tsv") == ({}, set())


def test_a_judged_mention_is_classified_by_what_the_stage_says_now() -> None:
    assert classify(("notplace", "", ""), "place:x") == "notplace"
    assert classify(("ok", "", "place:x"), None) == "unresolved"
    assert classify(("ok", "", "place:x"), "place:x") == "right"
    assert classify(("wrong", "", "place:x"), "place:x") == "wrong"
    assert classify(("ok", "", "place:x"), "place:y") == "unverified"  # changed since judged


def test_score_counts_precision_right_place_and_recall(tmp_path: Path) -> None:
    doc = Document(TEXT)
    doc.places.extend([place("place:aleppo", "حلب"), place("place:hama", "حماة")])
    judged, full = read_judged(judged_file(tmp_path))
    report = score({1: doc}, judged, full)
    assert dict(report.now) == {"right": 1, "notplace": 1}
    assert dict(report.dropped) == {"ok": 1}  # الطائرات is no longer reported
    assert (report.checked, report.places) == (2, 1)
    # Fully annotated: حلب, إدلب (missed) and الطائرات are the true mentions; only حلب is produced.
    assert (report.true_mentions, report.produced, report.right) == (3, 1, 1)
    lines = report_lines(report)
    assert lines[1] == "place precision (the mention is a place): 0.500  (1/2)"
    assert lines[-1].endswith("recall 0.333, share geocoded to the right place 0.333")
    assert article_lines({1: doc}, 1)[0] == TEXT


def test_command_runs_the_pipeline_and_reports(tmp_path: Path) -> None:
    corpus = tmp_path / "articles.jsonl"
    corpus.write_text(json.dumps({"content": TEXT, "url": "u1"}, ensure_ascii=False) + "\n", encoding="utf-8")
    runner = CliRunner()
    args = ["eval", "places", str(judged_file(tmp_path)), "--data", str(corpus), "--stages", "boilerplate"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "1 articles, stages boilerplate" in result.output
    assert "0 place mentions" in result.output  # no places stage: every judged mention is dropped
    assert "judged ones it no longer produces: {'ok': 2, 'notplace': 1}" in result.output
    result = runner.invoke(app, [*args, "--json"])
    assert json.loads(result.output.splitlines()[-1])["dropped"] == {"ok": 2, "notplace": 1}


def test_command_fails_in_one_line_on_bad_arguments(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["eval", "places", str(tmp_path / "none.tsv")])
    assert result.exit_code != 0 and "no such judgement file" in result.output
    corpus = tmp_path / "a.jsonl"
    corpus.write_text("{}\n", encoding="utf-8")
    judged = judged_file(tmp_path)
    result = runner.invoke(app, ["eval", "places", str(judged), "--data", str(corpus), "--dump", "nope"])
    assert result.exit_code != 0 and "'sample' or 'article:LINE'" in result.output
    result = runner.invoke(app, ["eval", "places", str(judged), "--data", str(corpus), "--stages", "nope"])
    assert result.exit_code != 0 and "valid stages" in result.output
    assert "Traceback" not in result.output


def test_a_judgement_file_may_name_the_lines_it_judges(tmp_path: Path) -> None:
    # '# lines:' picks articles the every-STEP-th sampling never reaches (a held-out check): lines 2 and 5.
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"content": f"text {n}"}) + "\n" for n in range(1, 7)), encoding="utf-8")
    judged = tmp_path / "held.tsv"
    judged.write_text("# lines: 5 2\nline\tstart\tend\tverdict\tgold\tsystem\n2\t0\t4\tnotplace\t\t\n", encoding="utf-8")
    wanted = judged_lines(judged)
    assert wanted == {2, 5}
    assert [(n, a["content"]) for n, a in load_lines(corpus, wanted)] == [(2, "text 2"), (5, "text 5")]
    assert [n for n, _a in load_articles(corpus, 10, 3)] == [1, 4]
    assert judged_lines(judged_file(tmp_path)) == set()
    result = CliRunner().invoke(app, ["eval", "places", str(judged), "--data", str(corpus), "--stages", "boilerplate"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("2 articles")
    judged.write_text("# lines: 5 two\n", encoding="utf-8")
    bad = CliRunner().invoke(app, ["eval", "places", str(judged), "--data", str(corpus)])
    assert bad.exit_code != 0 and "must list line numbers" in bad.output and "Traceback" not in bad.output


def test_a_gold_pool_record_is_read_by_its_text_field(tmp_path: Path) -> None:
    # gold/open-articles.jsonl holds "text" where SaudiNewsNet holds "content": both are analysed.
    corpus = tmp_path / "pool.jsonl"
    rows = [{"id": "aner-0001", "text": TEXT}, {"content": "نص آخر"}]
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    docs, _seconds = analyse(load_lines(corpus, {1, 2}), ["boilerplate"])
    assert docs[1].text == TEXT and docs[2].text == "نص آخر"


ROOT = Path(__file__).resolve().parent.parent


def test_the_anercorp_check_names_only_train_and_dev_articles_without_place_gold() -> None:
    # The ANERcorp check points by line into gold/open-articles.jsonl: its '# ids:' header must still name
    # those lines, and none of them may be a (sealed) test article or one the place gold annotates.
    rows = (ROOT / "gold" / "open-articles.jsonl").read_text("utf-8").splitlines()
    split = dict(line.split("\t")[:2] for line in (ROOT / "gold" / "splits.tsv").read_text("utf-8").splitlines()[1:])
    seen: set[str] = set()
    for half, size in (("probe", 20), ("held", 20), ("probe2", 40)):
        path = ROOT / "tests" / "gold" / "places" / f"anercorp_{half}.tsv"
        header = next(line for line in path.read_text("utf-8").splitlines() if line.startswith("# ids:"))
        ids = dict(item.split("=") for item in header.split(":", 1)[1].split())
        assert {int(n) for n in ids} == judged_lines(path) and len(ids) == size
        # the second probe draws other articles: none is in the first check's probe or held half
        assert seen.isdisjoint(ids.values())
        seen |= set(ids.values())
        for number, doc_id in ids.items():
            assert json.loads(rows[int(number) - 1])["id"] == doc_id
            assert split[doc_id] in ("train", "dev")
            assert not (ROOT / "gold" / "places" / f"{doc_id}.json").exists()
        judged, full = read_judged(path)
        assert {n for n, _s, _e in judged} <= judged_lines(path) and full <= judged_lines(path)


def test_probe_verdicts_and_summary_read_a_judgement_file(tmp_path: Path) -> None:
    from marsad.evaluate.places import probe_summary, read_probe_verdicts

    judged = tmp_path / "judged.tsv"
    judged.write_text("# a probe\ndoc\tstart\tend\tverdict\nsnn-1\t3\t9\tnotplace\tميدان\naq-2\t0\t4\tplace\n", "utf-8")
    assert read_probe_verdicts(judged) == {("snn-1", 3, 9): "notplace", ("aq-2", 0, 4): "place"}
    line = probe_summary("held", {"articles": 2, "city place": 3, "city notplace": 1, "country place": 4})
    assert line.startswith("held: 2 articles; city-level: 4 judged, 1 not places (25.0%)")
    assert line.endswith("precision 0.875")
