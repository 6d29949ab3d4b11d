"""The CLI defects of issue 15, each pinned: unknown filter values, JSON Lines, markup in
user text, a busy port, --version, ingest progress, reader messages and titles, the input
record's own id, and what ``marsad events`` counts.  Every test runs at 80 and 200 columns:
the CLI's output must not depend on the terminal's width."""

from __future__ import annotations

import json
import socket
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli_helpers import flat
from marsad.cli import app
from test_export import _merged_db


def run(columns: int, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": str(columns), "TERMINAL_WIDTH": str(columns)})
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(("option", "value", "listed"), [
    ("--status", "confirmed", "asserted, claimed, denied, planned, hypothetical"),
    ("--type", "FOO", "AGREE, CONSULT"),
    ("--country", "Narnia", "ISO 3166 code (SY) or a name (Syria, سوريا)"),
])
def test_unknown_filter_values_fail_listing_the_choices(
    tmp_path: Path, columns: int, option: str, value: str, listed: str
) -> None:
    code, out, err = run(columns, "events", "--db", str(_merged_db(tmp_path)), option, value)
    assert code == 2 and "no events match" not in out
    assert f"'{value}' is not a known" in flat(err) and listed in flat(err)


def test_country_names_resolve_to_codes(tmp_path: Path, columns: int) -> None:
    db = str(_merged_db(tmp_path))
    by_code = run(columns, "events", "--db", db, "--country", "SY", "--json")
    assert by_code[0] == 0 and len(by_code[1].splitlines()) == 1
    for name in ("Syria", "syria", "سوريا", "sy"):
        assert run(columns, "events", "--db", db, "--country", name, "--json") == by_code
    # Types and statuses in any case.
    assert run(columns, "events", "--db", db, "--type", "assault", "--json")[1] == by_code[1]


def test_help_suggests_only_valid_values(columns: int) -> None:
    code, out, _ = run(columns, "events", "--help")
    assert code == 0
    assert "confirmed" not in out and "asserted" in flat(out) and "Syria" in flat(out)


def test_events_json_is_json_lines_and_the_table_says_what_it_counts(tmp_path: Path, columns: int) -> None:
    db = str(_merged_db(tmp_path))
    code, out, _ = run(columns, "events", "--db", db, "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["event_type"] for r in rows] == ["ASSAULT", "PROTEST"]
    code, out, _ = run(columns, "events", "--db", db)
    # Two events from three reports: the syndicated strike is one event of two reports.
    assert code == 0 and "2 event(s), merged from 3 report(s)" in flat(out)


def test_the_events_table_keeps_dates_types_and_statuses_whole(tmp_path: Path, columns: int) -> None:
    """At 80 columns the nine columns once cut every code to `2019-…`, `ASSAU…`, `clai…`: the codes
    stay whole at any width and the names wrap instead."""
    code, out, _ = run(columns, "events", "--db", str(_merged_db(tmp_path)))
    lines = out.splitlines()
    assert code == 0 and max(len(line) for line in lines) <= columns
    strike = next(line for line in lines if "ASSAULT" in line)
    assert "2019-12-11" in strike and "claimed" in strike
    assert any("PROTEST" in line and "2019-12-01" in line and "confirmed" in line for line in lines)
    assert "…" not in out


def test_square_brackets_in_paths_are_printed_literally(tmp_path: Path, columns: int) -> None:
    odd = tmp_path / "x[" / "]y.db"
    code, out, err = run(columns, "events", "--db", str(tmp_path / "x" / "[" / "]y.db"))
    assert code == 2 and f"no database at {tmp_path / 'x' / '[' / ']y.db'}" in err.replace("\n", "")
    odd.parent.mkdir()
    article = tmp_path / "a.txt"
    article.write_text("خبر قصير عن القصف في حلب.\n", encoding="utf-8")
    code, out, err = run(columns, "ingest", "--db", str(odd), "--stages", "boilerplate", str(article))
    assert code == 0 and f"stored in {odd}: 1 new" in out.replace("\n", ""), err


def test_spark_hint_keeps_its_brackets(monkeypatch: pytest.MonkeyPatch, columns: int) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", None)  # as if the extra were not installed
    code, _, err = run(columns, "spark", "in.jsonl", "--out", "out")
    assert code == 2 and "pip install 'marsad[spark]'" in err.replace("\n", "")


def test_busy_port_fails_before_printing_the_url(tmp_path: Path, columns: int) -> None:
    from marsad.cli.cmd_serve import EXIT_CANNOT_LISTEN

    db = str(_merged_db(tmp_path))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, out, err = run(columns, "serve", "--db", db, "--port", str(port))
    assert code == EXIT_CANNOT_LISTEN == 3
    assert "http://" not in out and f"cannot listen on 127.0.0.1:{port}" in err


def test_version(columns: int) -> None:
    from marsad import __version__

    assert run(columns, "--version") == (0, f"marsad {__version__}\n", "")


def test_ingest_progress_knows_its_total_when_it_can(tmp_path: Path) -> None:
    from rich.progress import TaskProgressColumn, TimeRemainingColumn

    from marsad.cli.cmd_ingest import progress_columns
    from marsad.readers.dispatch import expected_items

    (tmp_path / "a.txt").write_text("خبر", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text("<p>خبر</p>", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text('{"text": "x"}\n\n{"text": "y"}\nnot json\n', encoding="utf-8")
    assert expected_items([str(tmp_path)]) == 5
    assert expected_items([str(tmp_path / "a.txt"), str(tmp_path / "c.jsonl")]) == 4
    (tmp_path / "d.zip").write_bytes(b"PK")
    assert expected_items([str(tmp_path)]) is None  # an archive holds an unknown number
    assert expected_items(["https://example.org/feed.xml"]) is None
    shown = progress_columns(5)
    assert any(isinstance(c, TaskProgressColumn) for c in shown)
    assert any(isinstance(c, TimeRemainingColumn) for c in shown)
    assert not any(isinstance(c, TaskProgressColumn | TimeRemainingColumn) for c in progress_columns(None))


def test_invalid_json_message_says_at_once(tmp_path: Path, columns: int) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "abc\n', encoding="utf-8")
    code, _, err = run(columns, "analyze", "--json", "--stages", "boilerplate", str(path))
    assert code == 1 and "Unterminated string starting at column 10" in err and "at at" not in err


def test_titles_are_unescaped_and_record_ids_kept(tmp_path: Path, columns: int) -> None:
    path = tmp_path / "in.jsonl"
    records = [
        {"id": "rec-7", "title": "&#8220;قصف&#8221; &amp; نزوح", "text": "قصف الطيران مدينة حلب صباح اليوم."},
        {"id": 42, "text": "تظاهر مئات الأشخاص في دمشق أمس."},
        {"text": "خبر بلا معرف."},
    ]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    code, out, _ = run(columns, "analyze", "--json", "--stages", "boilerplate", str(path))
    docs = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and docs[0]["title"] == "“قصف” & نزوح"
    assert [d["source_id"] for d in docs] == ["rec-7", "42", None]
    assert docs[0]["id"] != "rec-7"  # Marsad's own id stays (it recognises re-ingests)
    db = str(tmp_path / "s.db")
    assert run(columns, "ingest", "--db", db, "--stages", "boilerplate", str(path))[0] == 0
    code, out, _ = run(columns, "document", "--db", db, "rec-7", "--json")
    found = json.loads(out)
    assert code == 0 and found["id"] == docs[0]["id"] and found["source_id"] == "rec-7"
    assert json.loads(run(columns, "document", "--db", db, docs[1]["id"], "--json")[1])["source_id"] == "42"
    code, out, _ = run(columns, "document", "--db", db, "42")
    assert code == 0 and "source id: 42" in out
    code, _, err = run(columns, "document", "--db", db, "rec-8")
    assert code == 1 and "no document with id or source_id 'rec-8'" in flat(err)

    from fastapi.testclient import TestClient

    from marsad.web.app import create_app

    client = TestClient(create_app(Path(db), cache=False))
    assert client.get("/api/documents/rec-7").json()["id"] == docs[0]["id"]
    assert client.get("/api/documents/nope").status_code == 404
