"""The events-and-quotes gold corpus: its pool, splits, annotations and tools."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from marsad.evaluate.gold_corpus import GoldCorpus, GoldCorpusError, check_annotation, load_annotation
from tool_module import load_tool

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "gold"


@pytest.fixture(scope="module")
def corpus() -> GoldCorpus:
    return GoldCorpus(GOLD, None)


def test_sealed_test_split_is_large_and_mixed(corpus: GoldCorpus) -> None:
    test = corpus.ids("test")
    open_test = [i for i in test if i.startswith(("aner-", "ntrex-"))]
    assert len(test) >= 120 and len(open_test) >= 40
    assert set(corpus.splits.values()) == {"train", "dev", "test"}


def test_open_articles_carry_their_text_and_attribution(corpus: GoldCorpus) -> None:
    rows = [json.loads(line) for line in (GOLD / "open-articles.jsonl").read_text("utf-8").splitlines()]
    # Every open article names a licence that allows redistribution (CC BY-SA, or MIT for the Wojood sample).
    assert rows and all(("CC BY-SA" in r["attribution"]) != ("MIT License" in r["attribution"]) for r in rows)
    assert {r["corpus"] for r in rows if "MIT License" in r["attribution"]} == {"wojood"}
    article = corpus.article(rows[0]["id"])
    assert article.text == rows[0]["text"] and article.split in ("train", "dev", "test")


def test_saudinewsnet_needs_the_shared_folder_and_stores_no_text(corpus: GoldCorpus) -> None:
    snn = [i for i in corpus.ids() if i.startswith("snn-")]
    assert snn
    with pytest.raises(GoldCorpusError, match="shared data folder"):
        corpus.article(snn[0])
    listing = (GOLD / "saudinewsnet-articles.tsv").read_text("utf-8")
    assert listing.splitlines()[0].split("\t") == ["id", "file", "index", "source", "url", "published", "sha1"]
    for path in (GOLD / "annotations").glob("snn-*.json"):
        data = json.loads(path.read_text("utf-8"))
        assert "text" not in data and all("text" not in ev for ev in data["events"])


def test_check_annotation_names_what_is_wrong() -> None:
    text = "قصفت الطائرات المدينة."
    bad = {"events": [{"type": "BOMB", "status": "maybe", "trigger": [0, 99], "same_as": 3}],
           "quotes": [{"cue": None, "direct": "no"}]}
    problems = " | ".join(check_annotation(bad, text))
    for expected in ("type 'BOMB'", "status 'maybe'", "bad span [0, 99]", "same_as", "no cue", "direct"):
        assert expected in problems
    good = {"events": [{"type": "ASSAULT", "status": "asserted", "trigger": [0, 4], "actor": [5, 13]}],
            "quotes": []}
    assert check_annotation(good, text) == []


def test_every_open_annotation_is_sound(corpus: GoldCorpus) -> None:
    paths = {k: v for k, v in corpus.annotation_paths().items() if not k.startswith("snn-")}
    if not paths:
        pytest.skip("no open annotation committed yet")
    for article_id, path in paths.items():
        assert check_annotation(load_annotation(path), corpus.article(article_id).text) == [], article_id


def test_every_saudinewsnet_annotation_matches_its_article(shared_dir: Path) -> None:
    corpus = GoldCorpus(GOLD, shared_dir / "data")
    paths = {k: v for k, v in corpus.annotation_paths().items() if k.startswith("snn-")}
    if not paths:
        pytest.skip("no SaudiNewsNet annotation committed yet")
    for article_id, path in paths.items():
        assert check_annotation(load_annotation(path), corpus.article(article_id).text) == [], article_id


def test_anchor_tool_turns_surfaces_into_offsets(tmp_path: Path, corpus: GoldCorpus) -> None:
    article = corpus.article("aner-0001")
    words = article.text.split()
    draft = {"id": "aner-0001", "annotator": "test", "events": [
        {"sent": " ".join(words[:12]), "type": "CONSULT", "trigger": "كلمة-ليست-في-النص", "actor": None,
         "status": "hypothetical", "source": words[6], "same_as": None}], "quotes": []}
    draft_path = tmp_path / "d.json"
    tool = [sys.executable, str(ROOT / "tools" / "gold" / "anchor.py"), "--out", str(tmp_path), str(draft_path)]
    draft_path.write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
    run = subprocess.run(tool, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1 and "not found in the article" in run.stdout
    assert not (tmp_path / "aner-0001.json").exists()
    draft["events"][0]["trigger"] = words[9]
    draft_path.write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
    run = subprocess.run(tool, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout
    gold = json.loads((tmp_path / "aner-0001.json").read_text("utf-8"))
    start, end = gold["events"][0]["trigger"]
    assert article.text[start:end] == words[9]
    s_start, s_end = gold["events"][0]["source"]
    assert article.text[s_start:s_end] == words[6]


def test_second_passes_are_by_another_annotator(corpus: GoldCorpus) -> None:
    firsts = corpus.annotation_paths()
    for article_id, path in corpus.annotation_paths("second-pass").items():
        assert article_id in corpus.splits
        if article_id in firsts:
            first = load_annotation(firsts[article_id]).get("annotator")
            assert load_annotation(path).get("annotator") != first, f"{article_id}: both passes by {first}"


def test_anchor_prefers_whole_words_and_ignores_diacritic_order() -> None:
    anchor = load_tool("gold/anchor.py")
    text = "قال التالي إن الحكومة اليمنية ثم لي. وفي اليمن بدمشق قالَّ"
    assert not anchor.on_word_boundary(text, text.index("لي"), text.index("لي") + 2)  # inside التالي
    assert anchor.on_word_boundary(text, text.index("دمشق"), text.index("دمشق") + 4)  # after the clitic ب
    sent = (text.index("ثم"), text.index("لي.") + 3)  # اليمنية just before, اليمن just after
    where = anchor.locate(text, "اليمن", sent)
    assert text[where[0]:where[1]] == "اليمن" and where[0] == text.index("في اليمن") + 3
    start, end = anchor.locate(text, "قالّ", (text.index("بدمشق"), len(text)))  # shadda typed after the fatha
    assert text[start:end] == "قالَّ"


def test_eval_scores_only_the_corpora_asked_for(corpus: GoldCorpus, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from marsad.cli import app

    # No shared folder: SaudiNewsNet articles cannot be read, and asking for an open corpus alone must not
    # even try (no warning about them).
    args = ["eval", "quotes", str(GOLD), "--split", "dev", "--extraction", "rules", "--shared", str(tmp_path)]
    result = CliRunner().invoke(app, [*args, "--corpora", "ntrex128", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    annotated = set(corpus.annotation_paths())
    expected = [i for i in corpus.ids("dev") if i in annotated and corpus.corpus_of(i) == "ntrex128"]
    assert report["overall"]["articles"] == len(expected) > 0
    assert set(report["by_corpus"]) == {"ntrex128"}
    assert "SaudiNewsNet" not in (result.stderr or "")
    bad = CliRunner().invoke(app, [*args, "--corpora", "nosuch"])
    assert bad.exit_code != 0 and "anercorp" in bad.output and "Traceback" not in bad.output


def test_a_corpus_without_saudinewsnet_references_is_read(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from marsad.cli import app

    # A folder of open articles only: splits, texts, two passes of one article; no SaudiNewsNet list.
    rows = [json.loads(line) for line in (GOLD / "open-articles.jsonl").read_text("utf-8").splitlines()]
    second = sorted(p.stem for p in (GOLD / "second-pass").glob("*.json") if not p.stem.startswith("snn-"))[0]
    row = next(r for r in rows if r["id"] == second)
    (tmp_path / "open-articles.jsonl").write_text(json.dumps(row, ensure_ascii=False) + "\n", "utf-8")
    (tmp_path / "splits.tsv").write_text(f"id\tsplit\n{second}\ttrain\n", "utf-8")
    for which in ("annotations", "second-pass"):
        (tmp_path / which).mkdir()
        (tmp_path / which / f"{second}.json").write_bytes((GOLD / which / f"{second}.json").read_bytes())
    result = CliRunner().invoke(app, ["eval", "agreement", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["overall"]["articles"] == 1
    assert GoldCorpus(tmp_path).corpora() == [row["corpus"]]


def _written_corpus(tmp_path: Path, rows: list[dict[str, object]]) -> Path:
    (tmp_path / "splits.tsv").write_text("id\tsplit\naner-0001\tdev\n", "utf-8")
    (tmp_path / "open-articles.jsonl").write_text(
        json.dumps({"id": "aner-0001", "corpus": "anercorp", "text": "نص"}, ensure_ascii=False) + "\n", "utf-8")
    (tmp_path / "written-articles.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return tmp_path


def test_written_articles_are_read_into_the_train_split_only(tmp_path: Path) -> None:
    text = "قال وزير الخارجية إن المحادثات ستستأنف."
    root = _written_corpus(tmp_path, [{"id": "written-0001", "corpus": "marsad-written", "text": text}])
    corpus = GoldCorpus(root)
    assert corpus.ids("train") == ["written-0001"]
    assert corpus.article("written-0001").text == text
    assert corpus.corpus_of("written-0001") == "marsad-written"
    assert corpus.corpora() == ["anercorp", "marsad-written"]


@pytest.mark.parametrize(("row", "message"), [
    ({"id": "written-0001", "corpus": "marsad-written", "text": "نص", "split": "test"}, "train-only"),
    ({"id": "aner-0001", "corpus": "marsad-written", "text": "نص"}, "already in the corpus"),
    ({"id": "written-0002", "corpus": "anercorp", "text": "نص"}, "needs corpus"),
])
def test_a_written_article_that_would_score_or_clash_is_refused(tmp_path: Path, row: dict[str, object],
                                                                message: str) -> None:
    with pytest.raises(GoldCorpusError, match=message):
        GoldCorpus(_written_corpus(tmp_path, [row]))


def test_the_shipped_written_articles_are_train_only_and_sound(corpus: GoldCorpus) -> None:
    written = [i for i in corpus.ids() if corpus.corpus_of(i) == "marsad-written"]
    assert all(corpus.splits[i] == "train" for i in written)
    for article_id in written:
        path = GOLD / "annotations" / f"{article_id}.json"
        if path.is_file():
            assert check_annotation(load_annotation(path), corpus.article(article_id).text) == []
