"""Running the ``marsad`` command in tests through typer's runner."""

from __future__ import annotations

from typer.testing import CliRunner

from marsad.cli import app


def run_ok(*args: str) -> str:
    """The command's standard output at a wide terminal; the test fails with the output if it does not exit 0."""
    done = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
    assert done.exit_code == 0, done.output
    return done.stdout


def run_cli(*args: str) -> tuple[int, str, str]:
    """The command's exit code, standard output and standard error at a wide terminal, whatever the exit."""
    done = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
    return done.exit_code, done.stdout, done.stderr
