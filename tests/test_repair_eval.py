"""The obfuscation generator, the repair scorer and ``marsad eval repair``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import check_floors
from marsad.cli import app
from marsad.evaluate.obfuscate import (
    ALL_TRICKS,
    CIRCULATING_TRICKS,
    TRICKS,
    obfuscate,
    to_dotless,
    to_presentation,
)
from marsad.evaluate.repair import RepairScore, evaluate, score_article
from marsad.stages.repair import RepairStage
from marsad.text.normalize import normalize

# A short news text written for these tests.
NEWS = (
    "قالت مصادر محلية إن القصف المدفعي استهدف الأحياء الشرقية من المدينة صباح اليوم، "
    "مما أدى إلى مقتل خمسة مدنيين وإصابة آخرين بجروح متفاوتة. وأضافت المصادر أن الفصائل "
    "المسلحة ردت باستهداف مواقع القوات الحكومية بالصواريخ، في حين أعلنت وزارة الدفاع أن "
    "وحداتها أسقطت طائرة مسيرة قرب المطار العسكري. وطالبت منظمات إنسانية بفتح ممرات آمنة "
    "لإجلاء العائلات المحاصرة وإدخال المساعدات الطبية والغذائية إلى السكان.\n"
    "وفي سياق متصل، اتهمت الحكومة جماعات مسلحة بتخزين الأسلحة والذخائر داخل المدارس "
    "والمستشفيات، بينما نفت المعارضة هذه الاتهامات وقالت إنها تهدف إلى تبرير الهجمات."
)


@pytest.fixture(scope="module")
def stage() -> RepairStage:
    return RepairStage()


# -- the generator ------------------------------------------------------------------
@pytest.mark.parametrize("trick", ALL_TRICKS)
def test_generator_applies_each_trick_and_records_gold(trick: str) -> None:
    result = obfuscate(NEWS, rate=1.0, seed=3, tricks=[trick])
    assert result.gold, f"{trick} changed no word"
    assert {g.trick for g in result.gold} == {trick}
    for g in result.gold:
        broken = result.text[g.start : g.end]
        assert broken != g.word
        assert g.word in NEWS
    # Text outside the gold spans is the original text.
    pieces, pos = [], 0
    for g in result.gold:
        pieces.append(result.text[pos : g.start])
        pieces.append(g.word)
        pos = g.end
    pieces.append(result.text[pos:])
    assert "".join(pieces) == NEWS


def test_generator_is_seeded_and_rate_bounded() -> None:
    a = obfuscate(NEWS, rate=0.3, seed=7)
    b = obfuscate(NEWS, rate=0.3, seed=7)
    c = obfuscate(NEWS, rate=0.3, seed=8)
    assert a == b
    assert a.text != c.text
    words = len(NEWS.split())
    assert 0 < len(a.gold) < 0.3 * words * 1.6
    assert obfuscate(NEWS, rate=0.0).text == NEWS


def test_generator_rejects_unknown_tricks() -> None:
    with pytest.raises(ValueError, match="unknown trick"):
        obfuscate(NEWS, tricks=["rot13"])
    with pytest.raises(ValueError, match="valid: marsad, circulating"):
        obfuscate(NEWS, style="rot13")


def test_generator_styles_use_their_own_tricks() -> None:
    marsad = obfuscate(NEWS, rate=1.0, seed=2)
    circulating = obfuscate(NEWS, rate=1.0, seed=2, style="circulating")
    assert {g.trick for g in marsad.gold} <= set(TRICKS)
    assert {g.trick for g in circulating.gold} == set(CIRCULATING_TRICKS)


def test_generator_breaks_words_with_every_separator_and_several_per_word() -> None:
    result = obfuscate(NEWS * 5, rate=1.0, seed=4, tricks=["separators"])
    breaks = [sum(1 for ch in result.text[g.start : g.end] if ch in "./\\|-_*•·+~'") for g in result.gold]
    assert min(breaks) >= 2
    used = {ch for g in result.gold for ch in result.text[g.start : g.end]}
    assert set("./\\|-_*•·+~'") <= used
    assert any("\u0640" in result.text[g.start : g.end] for g in result.gold)
    assert any("\u0640" not in result.text[g.start : g.end] for g in result.gold)


def test_dotless_and_presentation_writing() -> None:
    assert to_dotless("قتل") == "ٯٮل"
    assert to_dotless("النصرة") == "الٮصره"
    assert to_dotless("يمكن") == "ٮمكں"
    presented = to_presentation("قتل")
    assert presented == "\ufed7\ufe98\ufede"
    assert normalize(presented) == "قتل"


# -- the scorer ------------------------------------------------------------------------
@pytest.mark.parametrize("trick", ALL_TRICKS)
def test_each_trick_is_restored_on_written_news(trick: str) -> None:
    score = evaluate([NEWS] * 3, rate=1.0, seed=0, tricks=[trick])
    assert set(score.gold_by_trick) == {trick}
    # Dotless words below 0.95 of the probability are left as written (issue 14): about 80 % are restored.
    floor = 75.0 if trick == "dotless" else 100.0
    assert score.restored_pct(trick) >= floor
    assert score.clean_false_edits == 0


def test_score_counts_restored_wrong_and_false_edits(stage: RepairStage) -> None:
    score = evaluate([NEWS] * 4, rate=0.3, seed=1)
    data = score.to_dict()
    assert data["articles"] == 4
    assert data["broken_words"] == sum(v["words"] for v in data["by_trick"].values())
    assert data["restored_exactly_pct"] >= 90.0
    assert data["clean_false_edits"] == 0
    assert data["clean_edits_on_numbers_or_abbreviations"] == 0
    assert data["wrong_repairs"] <= data["repairs"]


def test_scorer_notices_a_wrong_restoration(stage: RepairStage, monkeypatch: pytest.MonkeyPatch) -> None:
    """A repair stage that restores the wrong word must be scored as wrong, not restored."""
    from marsad.document import Repair

    original_call = RepairStage.__call__

    def sabotaged(self: RepairStage, doc: object) -> None:
        original_call(self, doc)  # type: ignore[arg-type]
        for r in doc.repairs:  # type: ignore[attr-defined]
            if r.kind == "separator":
                r.replacement = "خطأ"
        assert all(isinstance(r, Repair) for r in doc.repairs)  # type: ignore[attr-defined]

    monkeypatch.setattr(RepairStage, "__call__", sabotaged)
    score = RepairScore()
    score_article(RepairStage(), NEWS, score, rate=1.0, seed=0)
    assert score.gold_by_trick["separator"] > 0
    assert score.restored_by_trick["separator"] == 0
    assert score.wrong_repairs >= score.gold_by_trick["separator"]


# -- the command -----------------------------------------------------------------------
def test_cli_eval_repair_json(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    lines = [json.dumps({"content": NEWS}, ensure_ascii=False), "not json", json.dumps({"text": NEWS})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "repair", str(path), "--n", "5", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout.strip().splitlines()[-1])
    assert data["articles"] == 2
    assert data["restored_exactly_pct"] > 80.0
    assert set(data["by_trick"]) <= set(TRICKS)
    circulating = CliRunner().invoke(app, ["eval", "repair", str(path), "--n", "5", "--json", "--style", "circulating"])
    assert circulating.exit_code == 0, circulating.output
    data = json.loads(circulating.stdout.strip().splitlines()[-1])
    assert set(data["by_trick"]) <= set(CIRCULATING_TRICKS)
    assert data["restored_exactly_pct_without_dotless"] > 90.0
    bad = CliRunner().invoke(app, ["eval", "repair", str(path), "--style", "rot13"])
    assert bad.exit_code != 0 and "Traceback" not in bad.output and "circulating" in bad.output


def test_cli_eval_repair_table_and_bad_path(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"content": NEWS}, ensure_ascii=False) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "repair", str(path), "--n", "1"])
    assert result.exit_code == 0, result.output
    assert "restored exactly" in result.stdout
    missing = CliRunner().invoke(app, ["eval", "repair", str(tmp_path / "nope.jsonl")])
    assert missing.exit_code == 2
    assert "Traceback" not in missing.output
    assert "no such file" in " ".join(missing.output.split())


def test_cli_eval_repair_dotless_confidence_option(tmp_path: Path) -> None:
    # A close call (ٮعمل after التي: تعمل or يعمل) in otherwise plain text, nothing obfuscated.
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"content": "المدرسة التي ٮعمل فيها كبيرة."}, ensure_ascii=False) + "\n", "utf-8")
    args = ["eval", "repair", str(path), "--rate", "0", "--json"]
    cautious = CliRunner().invoke(app, args)
    eager = CliRunner().invoke(app, [*args, "--min-dotless-confidence", "0"])
    assert cautious.exit_code == 0 and eager.exit_code == 0, cautious.output + eager.output
    assert json.loads(cautious.stdout.strip().splitlines()[-1])["repairs"] == 0
    assert json.loads(eager.stdout.strip().splitlines()[-1])["repairs"] == 1
    bad = CliRunner().invoke(app, [*args, "--min-dotless-confidence", "2"])
    assert bad.exit_code == 2 and "Traceback" not in bad.output


# -- real articles (../shared) -------------------------------------------------------
def _articles(path: Path, n: int) -> list[str]:
    texts = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            texts.append(json.loads(line)["content"])
            if len(texts) >= n:
                break
    return texts


def test_real_articles_sample(saudinewsnet_jsonl: Path) -> None:
    score = evaluate(_articles(saudinewsnet_jsonl, 25), rate=0.12, seed=0)
    check_floors("repair.sample", {"restored_pct": score.restored_pct(),
                                   "restored_dotless_pct": score.restored_pct("dotless"),
                                   "false_edits_per_10k": score.false_edits_per_10k})
    assert score.clean_protected_edits == 0


@pytest.mark.slow
def test_real_articles_full(saudinewsnet_jsonl: Path) -> None:
    score = evaluate(_articles(saudinewsnet_jsonl, 1000), rate=0.12, seed=0)
    check_floors("repair.full", {"restored_pct": score.restored_pct(),
                                 "restored_dotless_pct": score.restored_pct("dotless"),
                                 "wrong_pct": score.wrong_pct, "false_edits_per_10k": score.false_edits_per_10k})
    assert score.clean_protected_edits == 0


@pytest.mark.slow
def test_a_context_model_trained_on_the_other_articles_beats_the_shipped_one(
    saudinewsnet_jsonl: Path, tmp_path: Path
) -> None:
    # Self-supervised: count neighbours in the SaudiNewsNet ZIPs, leaving out every
    # article of the evaluation file (by url, text and near copy).  The model is
    # CC BY-NC-SA data: it lives in tmp_path only.  About 2 minutes of training.
    from marsad.train.repair_context import build_corpus_context_model, read_exclusions

    zips = sorted(str(p) for p in saudinewsnet_jsonl.parent.glob("*.zip"))
    if not zips:
        pytest.skip("SaudiNewsNet ZIPs not present in shared data")
    exclusions, failures = read_exclusions([str(saudinewsnet_jsonl)])
    assert failures == []
    model, stats = build_corpus_context_model(zips, exclusions=exclusions)
    assert stats.excluded_by_url == len(exclusions.urls)  # every evaluation article is in the ZIPs
    path = tmp_path / "snn-context.model"
    model.save(path)
    texts = _articles(saudinewsnet_jsonl, 300)
    shipped, own = RepairScore(), RepairScore()
    shipped_stage, own_stage = RepairStage(), RepairStage(context_model=path)
    for i, text in enumerate(texts):
        score_article(shipped_stage, text, shipped, rate=0.12, seed=i)
        score_article(own_stage, text, own, rate=0.12, seed=i)
    assert own.restored_pct("dotless") >= shipped.restored_pct("dotless") + 1.0
    assert own.wrong_repairs <= shipped.wrong_repairs
    assert own.false_edits_per_10k <= 1.0
