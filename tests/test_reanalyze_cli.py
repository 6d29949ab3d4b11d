"""What ``marsad stats``, ``marsad reanalyze`` and ``marsad ingest`` tell a user about re-analysis (round 32,
branch ux32b): a store with no documents is said to be empty (not "every document is analysed"), and the
suggested ``marsad reanalyze`` keeps the options the stale documents were analysed with (a store ingested
with ``--extraction learned`` and re-analysed by the suggested command stays learned).  The documents are
stored by hand with a stamp (no pipeline runs): fast.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from marsad.cli import app
from marsad.document import Document
from marsad.ingest.provenance import command_options, stale_command_options, stamp_for
from marsad.pipeline import PipelineConfig
from marsad.store.analysis import AnalysisStamp
from marsad.store.queries import open_store

TEXTS = ("قال وزير الخارجية إن المحادثات ستستأنف في جنيف الأسبوع المقبل.",
         "وصلت قافلة مساعدات إلى مدينة حلب صباح الأربعاء.")


def cli(*args: str) -> tuple[int, str]:
    done = CliRunner().invoke(app, list(args), env={"COLUMNS": "400"})
    return done.exit_code, done.stdout


def older(config: PipelineConfig) -> AnalysisStamp:
    """The stamp an older Marsad gave an analysis with ``config``'s options."""
    description = json.loads(stamp_for(config).description)
    description["build"] = "0.0.9+0123456789abcdef"
    return AnalysisStamp(key=f"old-{config.extraction}", build=description["build"],
                         description=json.dumps(description, ensure_ascii=False, sort_keys=True))


def store_with(db: Path, *stamps: AnalysisStamp | None) -> None:
    with open_store(db) as store:
        for n, (text, stamp) in enumerate(zip(TEXTS, stamps, strict=False)):
            store.add_many([Document(text, url=f"https://news.example/{n}").to_dict()], stamp)


def test_an_empty_store_is_said_empty_by_stats_and_reanalyze(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    sqlite3.connect(db).close()  # an empty SQLite file, as a new user might give
    code, out = cli("reanalyze", "--db", str(db))
    assert code == 0 and "no documents stored yet" in out and f"marsad ingest --db {db}" in out
    assert "every document" not in out
    code, out = cli("stats", "--db", str(db))
    assert code == 0 and "no documents stored yet" in out and "every document" not in out


def test_the_suggested_reanalyze_keeps_the_options_the_stale_documents_had(tmp_path: Path) -> None:
    learned = older(PipelineConfig(extraction="learned"))
    db = tmp_path / "learned.db"
    store_with(db, learned, learned)
    code, out = cli("stats", "--db", str(db))
    assert code == 0 and "2 of 2 documents" in out
    assert f"bring them up to date with: marsad reanalyze --db {db} --extraction learned\n" in out
    # An ingest that skips them as stored says the same.
    inputs = tmp_path / "in.jsonl"
    inputs.write_text("".join(json.dumps({"url": f"https://news.example/{n}", "text": text}, ensure_ascii=False) + "\n"
                              for n, text in enumerate(TEXTS)), encoding="utf-8")
    code, out = cli("ingest", str(inputs), "--db", str(db))
    assert code == 0 and "0 new, 2 unchanged" in out
    assert f"re-analyse them with: marsad reanalyze --db {db} --extraction learned\n" in out

    # Two analyses with different options: no one command keeps both, so the defaults, said so.
    mixed = tmp_path / "mixed.db"
    store_with(mixed, learned, None)
    code, out = cli("stats", "--db", str(mixed))
    assert f"marsad reanalyze --db {mixed} (with the default options: their analyses had different ones" in out


def test_stats_says_which_documents_a_plain_reanalyze_would_redo(tmp_path: Path) -> None:
    db = tmp_path / "current.db"
    store_with(db, stamp_for(PipelineConfig(extraction="learned")), stamp_for(PipelineConfig()))
    code, out = cli("stats", "--db", str(db))
    assert code == 0 and "every document is analysed by this Marsad" in out
    assert "1 of them with --extraction learned (a reanalyze without these options would analyse them again" in out


def test_command_options_give_back_what_the_options_asked() -> None:
    def options(config: PipelineConfig) -> list[str]:
        return command_options(json.loads(stamp_for(config).description))

    assert options(PipelineConfig()) == [] and command_options(None) == []
    assert options(PipelineConfig(stages=("boilerplate", "repair"), extraction="rules")) == \
        ["--stages", "boilerplate,repair", "--extraction", "rules"]
    assert options(PipelineConfig(event_min_confidence=0.7)) == ["--extraction", "learned", "--min-confidence", "0.7"]
    analyses = [{"build": "old", "description": json.loads(stamp_for(PipelineConfig(extraction="learned")).description)},
                {"build": "now", "description": None}]
    assert stale_command_options(analyses, "now") == ["--extraction", "learned"]
    assert stale_command_options(analyses, "other") is None  # learned and unknown: no one set of options
    assert stale_command_options(analyses[1:], "now") == []  # nothing stale
