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
from marsad.text.dotless import DocumentWords, DotlessIndex, fits
from marsad.text.dotless_context import (
    ContextModel,
    ContextModelError,
    context_model,
    first_letter,
    load_model_file,
    shape,
    train_context,
)
from marsad.text.normalize import normalize
from marsad.train.repair_context import (
    BREAK,
    build_corpus_context_model,
    has_first_letter_rival,
    read_exclusions,
    read_token_sentences,
    text_sentences,
)


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
    text = "قال: نعمل من أجل السلام. ثم كرر: ٮعمل بجد."
    found = Deobfuscator(min_dotless_confidence=0.7).find(text)
    assert [(f.original, f.replacement) for f in found] == [("ٮعمل", "نعمل")]
    # About 0.8 of the probability: under the default threshold (0.95) the word is noted, نعمل first.
    findings = Deobfuscator().find_all(text)
    assert findings.repairs == [] and findings.undecided[0].readings[0][0] == "نعمل"


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
    RepairStage(min_dotless_confidence=0.7)(doc)
    assert [(r.original, r.replacement, r.kind) for r in doc.repairs] == [(written, word, "dotless")]


def test_the_default_threshold_notes_what_it_does_not_repair() -> None:
    # الحرب holds about 0.86 of the probability beside اندلعت (الحزب the rest): under 0.95, so noted.
    doc = Document("اندلعت الحرٮ في المدينة.")
    RepairStage()(doc)
    assert doc.repairs == []
    assert [n.kind for n in doc.notes] == ["repair-undecided"]
    assert "readings: الحرب" in doc.notes[0].message


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
    # The console wraps long lines (the message holds the temporary path): compare word by word.
    assert "none of the training corpora found" in " ".join(result.output.split())
    assert "Traceback" not in result.output


# -- a context model trained on the user's own articles ------------------------------------
# Sentences written for these tests: the air force bombs (يقصف الطيران, verb first) and
# "accused ... of bombing" (بقصف مواقع).  The shipped model reads ٮٯصڡ before الطيران as
# بقصف and before مواقع as يقصف; a model counted on these articles reads both the other way.
_NEWS_SENTENCES = (
    "يقصف الطيران الحربي أحياء المدينة منذ الصباح الباكر",
    "وفي المساء يقصف الطيران مواقع المسلحين قرب النهر",
    "قال شهود إن الطيران يقصف القرى الشرقية كل ليلة",
    "ويقصف الطيران الطرق التي تصل بين البلدات",
    "اتهمت المعارضة القوات الحكومية بقصف مواقع مدنية في الريف",
    "وقامت المدفعية بقصف مواقع الفصائل على أطراف البلدة",
)


def _article(i: int) -> dict[str, str]:
    k = len(_NEWS_SENTENCES)
    body = "\n".join([f"العدد {i}", *(_NEWS_SENTENCES[(i + j) % k] + "." for j in range(k))])
    return {"url": f"https://news.example/{i}", "content": body}


def _write_jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write_jsonl(tmp_path_factory.mktemp("corpus") / "news.jsonl", [_article(i) for i in range(12)])


@pytest.fixture(scope="module")
def corpus_model_file(corpus_file: Path) -> Path:
    model, stats = build_corpus_context_model([str(corpus_file)])
    assert stats.articles == 12 and stats.excluded == 0
    path = corpus_file.parent / "news.model"
    model.save(path)
    return path


def test_a_model_trained_on_own_articles_flips_what_the_shipped_model_gets_wrong(
    index: DotlessIndex, model: ContextModel, corpus_model_file: Path
) -> None:
    own = load_model_file(corpus_model_file)
    shipped_before_airforce = index.choose("ٮٯصڡ", right="الطيران", context=model)
    own_before_airforce = index.choose("ٮٯصڡ", right="الطيران", context=own)
    assert shipped_before_airforce is not None and shipped_before_airforce.word == "بقصف"
    assert own_before_airforce is not None and own_before_airforce.word == "يقصف"
    shipped_before_sites = index.choose("ٮٯصڡ", right="مواقع", context=model)
    own_before_sites = index.choose("ٮٯصڡ", right="مواقع", context=own)
    assert shipped_before_sites is not None and shipped_before_sites.word == "يقصف"
    assert own_before_sites is not None and own_before_sites.word == "بقصف"
    assert own_before_sites.confidence > 0.9


def test_corpus_model_header_names_its_source_and_claims_no_licence(
    corpus_file: Path, corpus_model_file: Path
) -> None:
    header = load_model_file(corpus_model_file).header
    assert "license" not in header
    (trained,) = header["trained_on"]
    assert trained["corpus"] == [str(corpus_file)] and trained["articles"] == 12
    # 12 articles of "العدد N" and the 6 sentences; numbers and full stops are not words.
    assert trained["tokens"] == 12 * (1 + sum(len(s.split()) for s in _NEWS_SENTENCES))


def test_running_text_is_cut_where_the_stage_cuts_neighbours() -> None:
    sentences = list(text_sentences("قال الوزير، إن القصفَ مستمر\nفي (المدينة) اليوم 12 ساعة"))
    assert sentences == [
        ["قال", "الوزير", BREAK, "إن", BREAK, "مستمر"],
        ["في", BREAK, "المدينة", BREAK, "اليوم", BREAK, "ساعة"],
    ]


def test_excluded_articles_are_left_out_by_url_and_by_text(corpus_file: Path, tmp_path: Path) -> None:
    # Article 0 by its url; article 1 by its text alone (no url, other line breaks and spaces).
    first, second = _article(0), _article(1)
    reworded = {"text": "  " + second["content"].replace("\n", " \n  ")}
    exclude = _write_jsonl(tmp_path / "eval.jsonl", [first, reworded])
    # The test articles share their sentences, so near copies are not looked for here.
    exclusions, failures = read_exclusions([str(exclude)], near_copies=False)
    assert failures == [] and exclusions.urls == {first["url"]}
    model, stats = build_corpus_context_model([str(corpus_file)], exclusions=exclusions)
    assert (stats.articles, stats.excluded_by_url, stats.excluded_by_text) == (10, 1, 1)
    full, _ = build_corpus_context_model([str(corpus_file)])
    assert model.right.pairs["الطيران يقصف"] * 12 == full.right.pairs["الطيران يقصف"] * 10
    assert model.header["excluded_articles"] == 2


def test_near_copies_of_excluded_articles_are_left_out(tmp_path: Path) -> None:
    # The same story republished with another url and another first line.
    story = "\n".join(_NEWS_SENTENCES)
    original = {"url": "https://agency.example/1", "content": "دمشق - وكالة الأنباء\n" + story}
    copy = {"url": "https://paper.example/7", "content": "نشرت الصحيفة اليوم\n" + story}
    other = {
        "url": "https://paper.example/8",
        "content": "عاد الهدوء إلى المدينة بعد أسبوع من المعارك الطويلة",
    }
    corpus = _write_jsonl(tmp_path / "corpus.jsonl", [copy, other])
    exclude = _write_jsonl(tmp_path / "eval.jsonl", [original])
    strict, _ = read_exclusions([str(exclude)])
    _, stats = build_corpus_context_model([str(corpus)], exclusions=strict)
    assert (stats.articles, stats.excluded_near) == (1, 1)
    loose, _ = read_exclusions([str(exclude)], near_copies=False)
    _, stats = build_corpus_context_model([str(corpus)], exclusions=loose)
    assert (stats.articles, stats.excluded) == (2, 0)


def test_pairs_seen_less_often_than_the_minimum_are_dropped(corpus_file: Path) -> None:
    full, _ = build_corpus_context_model([str(corpus_file)])
    pruned, _ = build_corpus_context_model([str(corpus_file)], min_pair_count=13)
    assert full.right.pairs["الطيران يقصف"] == 24  # "يقصف الطيران" in two sentences of each of 12 articles
    assert "الطيران يقصف" in pruned.right.pairs and len(pruned.right.pairs) < len(full.right.pairs)
    assert pruned.right.shapes == full.right.shapes  # shape counts are all kept


_AIRFORCE = "ٮٯصڡ الطيران الحربي أحياء المدينة منذ الصباح."


def _dotless_reading(stage: RepairStage, text: str) -> str:
    doc = Document(text)
    stage(doc)
    return next((r.replacement for r in doc.repairs if r.kind == "dotless"), "")


def test_stage_reads_the_model_from_its_option_never_the_environment(
    corpus_model_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _dotless_reading(RepairStage(min_dotless_confidence=0.0), _AIRFORCE) == "بقصف"
    own = RepairStage(min_dotless_confidence=0.0, context_model=corpus_model_file)
    assert _dotless_reading(own, _AIRFORCE) == "يقصف"
    # The variable older versions read is ignored: configuration travels as arguments.
    monkeypatch.setenv("MARSAD_REPAIR_CONTEXT_MODEL", str(corpus_model_file))
    assert _dotless_reading(RepairStage(min_dotless_confidence=0.0), _AIRFORCE) == "بقصف"


def test_a_pipeline_config_carries_the_model_to_the_stage(corpus_model_file: Path) -> None:
    from marsad.pipeline import Pipeline, PipelineConfig

    config = PipelineConfig(
        stages=("repair",), repair_context_model=str(corpus_model_file), min_dotless_confidence=0.0
    )
    assert _dotless_reading(Pipeline.from_config(config).stages[0], _AIRFORCE) == "يقصف"  # type: ignore[arg-type]
    default = PipelineConfig(stages=("repair",), min_dotless_confidence=0.0)
    assert _dotless_reading(Pipeline.from_config(default).stages[0], _AIRFORCE) == "بقصف"  # type: ignore[arg-type]


def test_a_bad_model_path_is_one_clear_line(tmp_path: Path) -> None:
    missing = tmp_path / "nope.model"
    with pytest.raises(ContextModelError, match=r"nope\.model") as caught:
        RepairStage(context_model=missing)
    assert "\n" not in str(caught.value)
    plain = tmp_path / "plain.model"
    plain.write_text("not a model", encoding="utf-8")
    with pytest.raises(ContextModelError, match="not gzip-compressed"):
        RepairStage(context_model=plain)
    wrong = tmp_path / "wrong.model"
    wrong.write_bytes(gzip.compress(b"[1, 2]"))
    with pytest.raises(ContextModelError, match="not a repair context model"):
        RepairStage(context_model=wrong)


def test_commands_report_a_bad_model_path_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles = _write_jsonl(tmp_path / "a.jsonl", [_article(0)])
    missing = str(tmp_path / "nope.model")
    runner = CliRunner()
    for args in (
        ["eval", "repair", str(articles), "--context-model", missing],
        ["analyze", str(articles), "--repair-context-model", missing],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        # One message (the terminal console may wrap it), naming the file and what is wrong.
        message = " ".join(result.output.split())
        assert "Traceback" not in result.output and message.count("error:") == 1
        assert message.startswith("error: repair context model") and "nope.model: No such file" in message


def test_train_command_learns_from_a_corpus_and_excludes_an_evaluation_file(
    corpus_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exclude = _write_jsonl(tmp_path / "eval.jsonl", [_article(3)])
    out = tmp_path / "own.model"
    runner = CliRunner()
    # The test articles share their sentences: without --no-near-copies all would be left out.
    args = [
        "train",
        "repair-context",
        "--corpus",
        str(corpus_file),
        "--exclude",
        str(exclude),
        "--no-near-copies",
    ]
    result = runner.invoke(app, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "excluded 1 (1 by url, 0 by text, 0 near copies)" in result.output
    assert load_model_file(out).header["trained_on"][0]["articles"] == 11
    # The model is usable by the evaluation command.
    evaluated = runner.invoke(app, ["eval", "repair", str(exclude), "--context-model", str(out), "--json"])
    assert evaluated.exit_code == 0, evaluated.output
    missing = runner.invoke(
        app, ["train", "repair-context", "--corpus", str(tmp_path / "none*.jsonl"), "--out", str(out)]
    )
    assert missing.exit_code == 2 and "no such file" in missing.output and "Traceback" not in missing.output


# -- joint (left, word, right) counts ------------------------------------------------
# Each side alone is seen as often with يعمل as with تعمل; only the pair of
# neighbours tells them apart: حين يعمل هنا, حين تعمل هناك, كما تعمل هنا, كما يعمل هناك.
_CROSSED = [
    *[["حين", "يعمل", "هنا"]] * 3,
    *[["حين", "تعمل", "هناك"]] * 3,
    *[["كما", "تعمل", "هنا"]] * 3,
    *[["كما", "يعمل", "هناك"]] * 3,
]


def test_joint_counts_decide_where_each_neighbour_alone_cannot(index: DotlessIndex) -> None:
    separate = train_context(_CROSSED)
    joint = train_context(_CROSSED, joint=True)
    assert separate.joint is None and joint.joint is not None
    assert joint.joint["حين يعمل هنا"] == 3 and "هنا يعمل حين" not in joint.joint
    # The separate evidence is the same for both pairs of neighbours, so it cannot
    # give them different readings; the joint counts do.
    readings = {}
    for name, model in (("separate", separate), ("joint", joint)):
        for left, right in (("حين", "هنا"), ("حين", "هناك"), ("كما", "هنا"), ("كما", "هناك")):
            choice = index.choose("ٮعمل", left=left, right=right, context=model)
            assert choice is not None
            readings[name, left, right] = choice.word
    assert (
        len({readings["separate", left, right] for left in ("حين", "كما") for right in ("هنا", "هناك")}) == 1
    )
    assert readings["joint", "حين", "هنا"] == readings["joint", "كما", "هناك"] == "يعمل"
    assert readings["joint", "حين", "هناك"] == readings["joint", "كما", "هنا"] == "تعمل"


def test_joint_counts_add_nothing_for_an_unseen_pair_or_one_side() -> None:
    model = train_context(_CROSSED, joint=True)
    assert model.joint_evidence(["يعمل", "تعمل"], [3.0, 3.5], "حين", "هناك")[0] < 0.0
    assert model.joint_evidence(["يعمل", "تعمل"], [3.0, 3.5], "حين", "أمس") == [0.0, 0.0]
    assert model.joint_evidence(["يعمل", "تعمل"], [3.0, 3.5], "حين", "") == [0.0, 0.0]
    assert train_context(_CROSSED).joint_evidence(["يعمل", "تعمل"], [3.0, 3.5], "حين", "هنا") == [0.0, 0.0]


def test_joint_counts_are_stored_only_when_trained(tmp_path: Path) -> None:
    joint, separate = train_context(_CROSSED, joint=True), train_context(_CROSSED)
    assert "joint" not in separate.to_json()  # the shipped model's file is unchanged
    path = tmp_path / "joint.model"
    joint.save(path)
    again = ContextModel.load(path)
    assert again.joint == joint.joint and "joint" not in again.header


def test_triples_seen_less_often_than_the_minimum_are_dropped(corpus_file: Path) -> None:
    full, _ = build_corpus_context_model([str(corpus_file)], joint=True)
    pruned, _ = build_corpus_context_model([str(corpus_file)], joint=True, min_joint_count=13)
    assert full.joint is not None and pruned.joint is not None
    once_an_article = normalize("الطيران يقصف القرى")
    assert full.joint[once_an_article] == 12 and once_an_article not in pruned.joint
    assert full.joint[normalize("المساء يقصف الطيران")] == 12
    assert pruned.joint == {k: n for k, n in full.joint.items() if n >= 13}
    assert pruned.header["min_joint_count"] == 13


def test_train_command_counts_triples_only_when_asked(corpus_file: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["train", "repair-context", "--corpus", str(corpus_file)]
    plain, joint = tmp_path / "plain.model", tmp_path / "joint.model"
    assert runner.invoke(app, [*args, "--out", str(plain)]).exit_code == 0
    result = runner.invoke(app, [*args, "--joint", "--min-joint-count", "2", "--out", str(joint)])
    assert result.exit_code == 0, result.output
    assert load_model_file(plain).joint is None
    triples = load_model_file(joint).joint
    assert triples is not None and triples[normalize("المساء يقصف الطيران")] == 12
    assert load_model_file(joint).header["min_joint_count"] == 2


# -- final letter shapes ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("written", "candidate", "fits_it"),
    [
        ("ڡعلٮ", "فعلت", True),
        ("ڡعلٮ", "فعلي", False),  # a final ي is written ى, not ٮ
        ("ٮٮٮ", "بين", False),  # a final ن is written ں
        ("ٮٮں", "بين", True),
        ("ٮعمل", "نعمل", True),  # inside the word ٮ is any of ب ت ث ن ي
        ("حرڡ", "حرق", False),  # a final ق is written ٯ
        ("حرڡ", "حرف", True),
    ],
)
def test_a_final_letter_reads_only_as_the_letters_of_its_shape(written: str, candidate: str, fits_it: bool) -> None:
    assert fits(written, candidate) is fits_it


def test_a_stem_before_a_suffix_is_not_a_word_end() -> None:
    # وحداٮها: the ت of the stem وحدات is inside the word, so it may be any letter of the ٮ class.
    assert fits("وحداٮ", "وحدات", final=False)
    assert fits("ٮٮ", "بن", final=False) and not fits("ٮٮ", "بن")
