"""A usage error of the `marsad` command is one line on stderr (exit 2), naming what was wrong,
the valid choices when there are some, and where the help is; help itself is unchanged.
Run as the installed command runs (a fresh interpreter through ``marsad.cli.main``)."""

from __future__ import annotations

import subprocess
import sys

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
