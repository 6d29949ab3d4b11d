"""Running the ``marsad`` command in tests through typer's runner."""

from __future__ import annotations

import re

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


# Box drawing of typer's and rich's panels and tables.
BOX = re.compile("[│╭╮╰╯─┃┏┓┗┛━┡┩╇┳┻┼┠┨┯┷└┘┌┐├┤┬┴]")


def flat(text: str) -> str:
    """Output with box drawing and line wrapping removed (what a reader reads, at any width). Typer reads the
    panel width once, when its rich module is first imported, so a message in an error panel may wrap at a
    width another test chose: match messages in ``flat(err)``."""
    return " ".join(BOX.sub(" ", text).split())
