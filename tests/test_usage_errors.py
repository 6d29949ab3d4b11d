"""A usage error of the `marsad` command is one line on stderr (exit 2), naming what was wrong,
the valid choices when there are some, and where the help is; help itself is unchanged.
Run as the installed command runs (a fresh interpreter through ``marsad.cli.main``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def _marsad(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from marsad.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize(("args", "expected"), [
    (["events", "--type", "FOO", "--db", "none.db"], ["'FOO' is not a known event type", "valid: AGREE", "ASSAULT"]),
    (["events", "--format", "xml"], ["'--format'", "'xml' is not one of", "csv", "parquet", "plover"]),
    (["analyze", "--bogus"], ["No such option: --bogus"]),
    (["spark"], ["Missing argument"]),
    (["frobnicate"], ["No such command 'frobnicate'"]),
])
def test_usage_error_is_one_line(args: list[str], expected: list[str]) -> None:
    done = _marsad(*args)
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: ")
    for part in expected:
        assert part in lines[0]
    command = " ".join(["marsad", *args[:1]]) if args[0] != "frobnicate" else "marsad"
    assert lines[0].endswith(f"(see {command} --help)")


def test_help_and_a_bare_group_still_print_the_help() -> None:
    helped = _marsad("events", "--help")
    assert helped.returncode == 0 and "--claimed-by" in helped.stdout
    group = _marsad("train")
    assert "attribution" in group.stdout + group.stderr


@pytest.mark.parametrize("workers", ["1", "2"])
def test_analyze_to_a_file_shows_its_progress_on_the_terminal(tmp_path: Path, workers: str) -> None:
    # `marsad analyze --json batch.jsonl > out.jsonl` on a terminal: the JSON goes to the file,
    # and the terminal (stderr) shows how far the work is; the bad record is reported there too.
    import pty

    batch = tmp_path / "batch.jsonl"
    rows = [json.dumps({"id": f"r{i}", "text": "قصفت الطائرات مدينة حلب يوم الأحد."}, ensure_ascii=False)
            for i in range(3)]
    batch.write_text("\n".join([*rows, "{broken"]) + "\n", "utf-8")
    out = tmp_path / "out.jsonl"
    leader, follower = pty.openpty()
    with out.open("w") as stdout:
        done = subprocess.run([sys.executable, "-c", "from marsad.cli import main; main()", "analyze", "--json",
                               "--stages", "boilerplate", "--workers", workers, str(batch)],
                              stdout=stdout, stderr=follower, timeout=120, check=False)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: everything was read
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    terminal = shown.decode("utf-8", "replace")
    assert done.returncode == 1
    assert [json.loads(line)["source_id"] for line in out.read_text("utf-8").splitlines()] == ["r0", "r1", "r2"]
    assert "analysing" in terminal and "line 4: invalid JSON" in terminal
    assert "{" not in terminal.replace("{broken", "")  # no JSON on the terminal
