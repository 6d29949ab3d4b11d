"""Dotless readings weighed with their neighbours, the document, and abstention on close calls."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.document import Document
from marsad.stages.repair import RepairStage
from marsad.text.deobfuscate import Deobfuscator
from marsad.text.dotless import DocumentWords, DotlessIndex
from marsad.text.dotless_context import ContextModel, context_model, first_letter, shape, train_context
from marsad.text.dotless_training import has_first_letter_rival, read_token_sentences


@pytest.fixture(scope="module")
def index() -> DotlessIndex:
    return DotlessIndex.get()


@pytest.fixture(scope="module")
def model() -> ContextModel:
    return context_model()


# -- the neighbours decide ---------------------------------------------------------
def test_relative_pronoun_flips_the_verb_prefix(index: DotlessIndex, model: ContextModel) -> None:
    # Alone, ٮٯول reads as the commoner يقول; after التي ("which", feminine) it is تقول.
    assert index.choose("ٮٯول").word == "يقول"  # type: ignore[union-attr]
    after_feminine = index.choose("ٮٯول", left="التي", context=model)
    assert after_feminine is not None and after_feminine.word == "تقول"
    after_masculine = index.choose("ٮٯول", left="الذي", context=model)
    assert after_masculine is not None and after_masculine.word == "يقول"


def test_masculine_relative_flips_taamal_to_yaamal(index: DotlessIndex, model: ContextModel) -> None:
    alone = index.choose("ٮعمل")
    assert alone is not None and alone.word == "تعمل"
    choice = index.choose("ٮعمل", left="الذي", right="على", context=model)
    assert choice is not None and choice.word == "يعمل"


def test_feminine_subject_makes_the_reading_confident(index: DotlessIndex, model: ContextModel) -> None:
    alone = index.choose("ٮعمل")
    in_context = index.choose("ٮعمل", left="الحكومة", right="على", context=model)
    assert alone is not None and in_context is not None
    assert in_context.word == "تعمل"
    assert in_context.confidence > alone.confidence + 0.2


def test_unknown_neighbours_leave_the_ranking_to_frequency(index: DotlessIndex, model: ContextModel) -> None:
    alone = index.choose("ٮعد")
    with_nonsense = index.choose("ٮعد", left="ككككك", right="ظظظظظ", context=model)
    assert alone is not None and with_nonsense is not None
    assert with_nonsense.word == alone.word == "بعد"


# -- the document decides ----------------------------------------------------------
def test_document_pair_decides_between_war_and_party(index: DotlessIndex) -> None:
    alone = index.choose("الحرٮ", right="الديمقراطي")
    assert alone is not None and alone.word == "الحرب"
    words = DocumentWords.of(["فاز", "الحزب", "الديمقراطي"], [("فاز", "الحزب"), ("الحزب", "الديمقراطي")])
    with_pair = index.choose("الحرٮ", words, right="الديمقراطي")
    assert with_pair is not None and with_pair.word == "الحزب"
    without_pair = index.choose("الحرٮ", DocumentWords.of(["فاز", "الحزب", "الديمقراطي"]), right="الديمقراطي")
    assert without_pair is not None and without_pair.word == "الحزب"
    assert with_pair.score > without_pair.score  # the pair adds to the word's own presence


def test_document_counts_are_a_cache_model() -> None:
    doc = DocumentWords.of(["نعمل", "نعمل", "قال"])
    assert "نعمل" in doc and "تعمل" not in doc
    assert doc.total == 3
    twice = doc.log_probability("نعمل", 4.0)
    absent = doc.log_probability("تعمل", 4.0)
    assert twice > absent
    assert doc.log_probability("نعمل", 4.0, unseen=True) == pytest.approx(absent)


def test_stage_uses_the_words_the_article_spells_in_full() -> None:
    found = Deobfuscator().find("قال: نعمل من أجل السلام. ثم كرر: ٮعمل بجد.")
    assert [(f.original, f.replacement) for f in found] == [("ٮعمل", "نعمل")]


# -- abstention ---------------------------------------------------------------------
def test_a_close_call_without_context_is_left_as_written() -> None:
    text = "المدرسة التي ٮعمل فيها كبيرة."
    assert Deobfuscator().find(text) == []
    eager = Deobfuscator(min_dotless_confidence=0.0).find(text)
    assert [f.replacement for f in eager] == ["تعمل"]
    assert eager[0].confidence < 0.7


def test_an_undecided_word_is_noted_with_its_readings() -> None:
    text = "المدرسة التي ٮعمل فيها كبيرة."
    findings = Deobfuscator().find_all(text)
    assert findings.repairs == []
    [undecided] = findings.undecided
    assert text[undecided.start : undecided.end] == undecided.original == "ٮعمل"
    words = [w for w, _ in undecided.readings]
    assert words[:2] == ["تعمل", "يعمل"]
    assert sum(share for _, share in undecided.readings) <= 1.0
    doc = Document(text)
    RepairStage()(doc)
    assert doc.repairs == []
    [note] = [n for n in doc.notes if n.kind == "repair-undecided"]
    assert note.message.startswith("ٮعمل [13, 17) left as written; readings: تعمل (")


def test_abstention_still_undoes_the_other_tricks_of_the_word() -> None:
    # ٮعمل alone is a close call; its separator is still removed.
    found = Deobfuscator().find("ثم ٮع.مل")
    assert [(f.original, f.replacement, f.kind) for f in found] == [("ٮع.مل", "ٮعمل", "separator")]


@pytest.mark.parametrize(
    ("text", "written", "word"),
    [
        ("قالت الوزارة إن الحكومة ٮعمل على خطة جديدة.", "ٮعمل", "تعمل"),
        ("اندلعت الحرٮ في المدينة.", "الحرٮ", "الحرب"),
    ],
)
def test_confident_readings_are_still_repaired(text: str, written: str, word: str) -> None:
    doc = Document(text)
    RepairStage()(doc)
    assert [(r.original, r.replacement, r.kind) for r in doc.repairs] == [(written, word, "dotless")]


# -- the model ------------------------------------------------------------------------
# Sentences written for this test (not from any corpus).
_SENTENCES = [
    ["الشركة", "تعمل", "في", "المدينة"],
    ["الشركة", "تعمل", "في", "القرية"],
    ["الرجل", "يعمل", "في", "المصنع"],
    ["المعلمة", "تعمل", "،", "والطالب", "يعمل"],
]


def test_training_counts_neighbours_and_breaks_at_punctuation(tmp_path: Path) -> None:
    model = train_context(_SENTENCES, header={"license": "test"})
    assert model.left.pairs["الشركه تعمل"] == 2
    assert model.right.pairs["في تعمل"] == 2
    assert "، تعمل" not in model.right.pairs and "، والطالب" not in model.left.pairs
    assert model.left.shapes["ال~ة تعمل"] == 3  # الشركة twice, المعلمة once
    path = tmp_path / "m.model"
    model.save(path)
    again = ContextModel.load(path)
    assert again.left.pairs == model.left.pairs and again.header["license"] == "test"
    evidence = again.evidence(["تعمل", "يعمل"], "الشركة", "")
    assert evidence[0] > 0.0 > evidence[1]


def test_a_file_of_another_format_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.model"
    path.write_bytes(gzip.compress(json.dumps({"format": "something-else"}).encode()))
    with pytest.raises(ValueError, match="not a repair context model"):
        ContextModel.load(path)


def test_shipped_model_carries_its_licence_and_is_small(model: ContextModel) -> None:
    assert "CC BY-SA" in model.header["license"]
    assert any("ANERcorp" in a for a in model.header["attribution"])
    shipped = Path(__file__).parents[1] / "src" / "marsad" / "data" / "repair-context.model"
    assert shipped.stat().st_size < 2_000_000


def test_shapes_and_first_letters() -> None:
    assert shape("الحكومة") == "ال~ة"
    assert shape("والجيش") == "وال~ش"
    assert shape("قال") == "~ل"
    assert first_letter("يعمل") == "ي" and first_letter("وتعمل") == "ت"
    assert first_letter("قال") == "" and first_letter("بن") == ""
    assert has_first_letter_rival("يعمل")  # تعمل, نعمل
    assert not has_first_letter_rival("قال")


def test_token_reader_skips_segment_markers(tmp_path: Path) -> None:
    path = tmp_path / "c.txt"
    path.write_text("$#$ O\nالشركة O\nتعمل O\n\nالرجل B-PERS\n", encoding="utf-8")
    assert read_token_sentences(path) == [["الشركة", "تعمل"], ["الرجل"]]


def test_train_command_writes_a_model_and_reports_a_missing_corpus(tmp_path: Path) -> None:
    runner = CliRunner()
    data = tmp_path / "data"
    (data / "aqmar").mkdir(parents=True)
    (data / "aqmar" / "train.txt").write_text(
        "\n\n".join("\n".join(f"{t} O" for t in s) for s in _SENTENCES) + "\n", encoding="utf-8"
    )
    out = tmp_path / "ctx.model"
    result = runner.invoke(app, ["train", "repair-context", "--data", str(data), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert ContextModel.load(out).right.pairs["في تعمل"] == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(app, ["train", "repair-context", "--data", str(empty), "--out", str(out)])
    assert result.exit_code != 0
    assert "none of the training corpora found" in result.output
    assert "Traceback" not in result.output
