"""``marsad export-gold`` writes a reviewed event's merged re-mentions (round 36, branch ux36).

The JSON contract has carried each event's ``mentions`` (the re-mentions the models merged into it, each
with its own status and source) since round 35, and the reviewer sees them as "also mentioned"; the gold
written from a review dropped them, so training on the analysts' reviews never learned a merge.  They now
follow their event as gold re-mentions (``same_as``), kept or rejected with it."""

from __future__ import annotations

import json
from pathlib import Path

from cli_helpers import run_cli
from marsad.evaluate.attribution import annotated_articles
from marsad.evaluate.gold_corpus import GoldCorpus, check_annotation, load_annotation
from marsad.store.queries import open_store
from webdata import report_article


def _store_with_a_merged_event(db: Path) -> str:
    """The report article whose shelling (``قصـ.فت``) is told again as ``القصف``, merged as a re-mention
    with its own status; returns the article's text."""
    doc = report_article()
    start = doc.text.index("القصف")
    assault = next(e for e in doc.events if e.type == "ASSAULT")
    assault.mentions = [{"start": start, "end": start + len("القصف"), "text": "القصف", "status": "asserted",
                         "source": None, "chain": [], "confidence": 0.9}]
    with open_store(db) as store:
        store.add_many([doc.to_dict()])
    return doc.text


def _export(db: Path, out: Path) -> tuple[dict[str, object], dict[str, object], str]:
    code, stdout, err = run_cli("export-gold", "--db", str(db), "--out", str(out), "--dev-share", "0", "--json")
    assert code == 0, stdout + err
    corpus = GoldCorpus(out)
    (gold_id,) = corpus.ids()
    return json.loads(stdout), load_annotation(corpus.annotation_paths()[gold_id]), gold_id


def test_a_reviewed_events_re_mentions_are_written_as_gold_re_mentions(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    text = _store_with_a_merged_event(db)
    doc_id = report_article().id
    with open_store(db) as store:
        store.review("event", doc_id, "i0", verdict="right", corrections={}, reviewer="rana")
    summary, annotation, gold_id = _export(db, tmp_path / "gold")
    assert summary["events"] == 1 and summary["mentions"] == 1
    first, again = annotation["events"]  # type: ignore[misc]
    assert text[first["trigger"][0]:first["trigger"][1]] == "قصـ.فت" and first["same_as"] is None
    assert text[again["trigger"][0]:again["trigger"][1]] == "القصف"
    assert (again["same_as"], again["type"], again["status"], again["source"]) == (0, "ASSAULT", "asserted", None)
    assert first["status"] == "claimed"  # each mention keeps its own status
    assert check_annotation(annotation, text) == []
    # the loader reads the re-mention into its event, as it reads gold/
    corpus = GoldCorpus(tmp_path / "gold")
    errors: list[str] = []
    ((article, gold),) = list(annotated_articles(corpus, "train", errors))
    assert errors == [] and article.id == gold_id and [e["same_as"] for e in gold["events"]] == [None, 0]
    # the human summary says it
    code, out, _ = run_cli("export-gold", "--db", str(db), "--out", str(tmp_path / "again"))
    assert code == 0 and "1 event(s) (and 1 re-mention(s) merged into them)" in out


def test_a_rejected_events_re_mentions_are_rejected_with_it(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    text = _store_with_a_merged_event(db)
    with open_store(db) as store:
        store.review("event", report_article().id, "i0", verdict="wrong", corrections={}, reviewer="rana")
    summary, annotation, _ = _export(db, tmp_path / "gold")
    assert summary["rejected"] == 1 and summary["mentions"] == 1 and annotation["events"] == []
    rejected = annotation["rejected"]["events"]  # type: ignore[index]
    assert [text[e["trigger"][0]:e["trigger"][1]] for e in rejected] == ["قصـ.فت", "القصف"]
    assert [e["same_as"] for e in rejected] == [None, 0]
