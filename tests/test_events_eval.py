"""``marsad eval events``: the scorer on a synthetic corpus, the gold files' form, and the
figures on the real annotated articles (skipped without ../shared)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import check_floors
from marsad.cli import app
from marsad.document import Document, Event, Quote
from marsad.evaluate.events import GoldError, evaluate, load_gold

GOLD_DIR = Path(__file__).resolve().parent / "gold" / "events"
# written for this test
ARTICLE = "قال المتحدث إن الطائرات قصفت القرية. وهاجم المسلحون الحاجز."


def write_case(tmp_path: Path, gold: dict[str, object]) -> tuple[Path, Path]:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"url": "u1", "content": "other"}, ensure_ascii=False) + "\n"
                      + json.dumps({"url": "u2", "content": ARTICLE}, ensure_ascii=False) + "\n", "utf-8")
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    base = {"line": 2, "url": "u2", "field": "content", "sha1": hashlib.sha1(ARTICLE.encode()).hexdigest()}
    (gold_dir / "a.json").write_text(json.dumps({**base, **gold}, ensure_ascii=False), "utf-8")
    return gold_dir, corpus


def span(surface: str) -> list[int]:
    start = ARTICLE.index(surface)
    return [start, start + len(surface)]


def fake_analyse(doc: Document) -> Document:
    """A fixed prediction: one right quote, one right event, one event with the wrong actor."""
    text = doc.text
    cue, spk = span("قال"), span("المتحدث")
    doc.quotes.append(Quote(0, len(text), {"start": cue[0], "end": cue[1], "text": "قال"},
                            {"start": spk[0], "end": spk[1], "text": "المتحدث", "canonical": None},
                            {"start": 11, "end": 30, "text": text[11:30]}, False))
    t1, a1 = span("قصفت"), span("الطائرات")
    doc.events.append(Event("ASSAULT", None, {"start": t1[0], "end": t1[1], "text": "قصفت"},
                            {"text": "الطائرات", "start": a1[0], "end": a1[1]}, None, None, None, "claimed", None))
    t2 = span("وهاجم")
    doc.events.append(Event("ASSAULT", None, {"start": t2[0], "end": t2[1], "text": "وهاجم"},
                            {"text": "الحاجز"}, None, None, None, "claimed", None))
    return doc


def test_scorer_counts(tmp_path: Path) -> None:
    gold_dir, corpus = write_case(tmp_path, {
        "quotes": [{"cue": span("قال"), "speaker": span("المتحدث"), "direct": False}],
        "events": [
            {"type": "ASSAULT", "trigger": span("قصفت"), "actor": span("الطائرات"), "target": span("القرية"),
             "status": "claimed", "place": None},
            {"type": "ASSAULT", "trigger": span("وهاجم"), "actor": span("المسلحون"), "target": span("الحاجز"),
             "status": "asserted", "place": None},
        ],
    })
    report = evaluate(gold_dir, corpus, fake_analyse)
    assert report.documents == 1
    assert (report.speakers.correct, report.speakers.gold, report.speakers.predicted) == (1, 1, 1)
    assert report.events_type.correct == 2
    assert report.events_actor.correct == 1 and report.events_actor.f1 == pytest.approx(0.5)
    assert report.events_actor_target.correct == 0  # the first event's target was not predicted
    assert (report.status.right, report.status.total) == (1, 2)


def test_changed_corpus_is_reported_not_scored(tmp_path: Path) -> None:
    gold_dir, corpus = write_case(tmp_path, {"quotes": [], "events": []})
    data = json.loads((gold_dir / "a.json").read_text("utf-8"))
    data["sha1"] = "0" * 40
    (gold_dir / "a.json").write_text(json.dumps(data), "utf-8")
    report = evaluate(gold_dir, corpus, fake_analyse)
    assert report.documents == 0 and "checksum" in report.errors[0]


def test_bad_gold_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text('{"line": 1, "events": [{"type": "ASSAULT", "status": "asserted", '
                                     '"trigger": [5, 2]}]}', "utf-8")
    with pytest.raises(GoldError, match="trigger"):
        load_gold(tmp_path)
    with pytest.raises(GoldError, match="not a directory"):
        load_gold(tmp_path / "missing")


def test_cli_reports_a_missing_corpus_in_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "events", str(GOLD_DIR), "--data", str(tmp_path / "none.jsonl")])
    assert result.exit_code != 0
    assert "Traceback" not in (result.output or "")


def test_gold_files_hold_offsets_and_labels_only() -> None:
    files = sorted(GOLD_DIR.glob("*.json"))
    assert len(files) >= 20
    allowed_top = {"dataset", "line", "url", "field", "sha1", "quotes", "events"}
    for path in files:
        data = json.loads(path.read_text("utf-8"))
        assert set(data) <= allowed_top, path.name
        for q in data["quotes"]:
            assert set(q) <= {"cue", "speaker", "direct"}
        for ev in data["events"]:
            assert set(ev) <= {"type", "trigger", "actor", "target", "status", "place"}
            assert all(isinstance(v, (str, list, type(None))) for v in ev.values())
    assert len(load_gold(GOLD_DIR)) == len(files)


def test_real_articles_meet_the_targets(saudinewsnet_jsonl: Path) -> None:
    from marsad.pipeline import Pipeline

    report = evaluate(GOLD_DIR, saudinewsnet_jsonl, Pipeline.build())
    assert report.errors == []
    assert report.documents >= 20
    check_floors("events_old_dev", {
        "quote_speakers_precision": report.speakers.precision, "quote_speakers_recall": report.speakers.recall,
        "events_type_actor_f1": report.events_actor.f1, "status": report.status.value})
