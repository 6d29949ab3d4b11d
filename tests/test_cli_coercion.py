"""The CLI's option coercion without pydantic (marsad.cli.coercion): typer's answers, typer's errors."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Annotated, Any

import pytest
import typer
import typer.main
from typer._click.exceptions import BadParameter

from marsad.cli.coercion import FastCoercion, install_fast_coercion

_SAMPLE_APP = typer.Typer(add_completion=False)


@_SAMPLE_APP.command()
def _sample(
    paths: Annotated[list[str] | None, typer.Argument()] = None,
    name: Annotated[str | None, typer.Option()] = None,
    workers: Annotated[int, typer.Option(min=1, max=32)] = 1,
    count: Annotated[int, typer.Option()] = 0,
    ratio: Annotated[float | None, typer.Option()] = None,
    flag: Annotated[bool, typer.Option("--flag")] = False,
) -> None:
    """A command with the kinds of parameter Marsad's commands have."""


def _params() -> dict[str, Any]:
    command = typer.main.get_command(_SAMPLE_APP)
    return {param.name: param for param in command.params}


# (parameter, value): values answered without typer's adapter, and values left to it.
_CASES = [
    ("paths", None), ("paths", ("a.txt", "-")), ("paths", ["x"]), ("paths", ()),
    ("name", None), ("name", "مرصد"), ("name", ""), ("name", b"bytes"),
    ("workers", 1), ("workers", "2"), ("workers", "32"), ("workers", "0"), ("workers", "33"),
    ("workers", "007"), ("workers", " 3"), ("workers", "+4"), ("workers", "abc"), ("workers", "1_0"), ("workers", True),
    ("count", "0"), ("count", "-5"), ("count", "12345678901234567890123"), ("count", 7),
    ("ratio", None), ("ratio", "0.5"), ("ratio", "x"),
    ("flag", None), ("flag", "yes"),
]


def _outcome(coercion: Any, param: Any, value: Any) -> tuple[str, Any]:
    ctx = typer.Context(typer.main.get_command(_SAMPLE_APP))
    try:
        result = coercion.coerce(value, param=param, ctx=ctx)
    except BadParameter as error:
        return "error", error.format_message()
    return type(result).__name__, result


@pytest.mark.parametrize(("name", "value"), _CASES)
def test_fast_coercion_answers_as_typers_own(name: str, value: Any) -> None:
    from typer._coercion import build_runtime_param

    param = _params()[name]
    expected = _outcome(build_runtime_param(param.type_descriptor), param, value)
    assert _outcome(FastCoercion(), param, value) == expected


def test_install_reaches_subcommands_and_the_help_option() -> None:
    app = typer.Typer(add_completion=False)
    app.command("one")(_sample)
    app.command("two")(_sample)
    command = typer.main.get_command(app)
    assert install_fast_coercion(command) == 2 * 6  # the six parameters of each sub-command
    sub = command.commands["one"]  # type: ignore[attr-defined]
    assert all(isinstance(param._runtime_param, FastCoercion) for param in sub.params)
    help_option = sub.get_help_option(typer.Context(sub))
    assert isinstance(help_option._runtime_param, FastCoercion)
    assert install_fast_coercion(command) == 0  # already installed: nothing replaced


def test_a_one_article_command_imports_no_pydantic_and_keeps_typers_errors() -> None:
    probe = (
        "import atexit, sys\n"
        "from marsad.cli import main\n"
        "atexit.register(lambda: print('pydantic' in sys.modules, file=sys.stderr))\n"
        "sys.argv = ['marsad', *sys.argv[1:]]\n"
        "main()\n"
    )

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, timeout=300,
                              check=False)

    done = run("analyze", "--sample", "--json", "--stages", "boilerplate", "--workers", "1")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["id"]
    assert done.stderr.strip().splitlines()[-1] == "False"
    bad = run("analyze", "--sample", "--workers", "0")
    assert bad.returncode == 2
    assert "greater than or equal to 1" in bad.stderr and bad.stderr.strip().splitlines()[-1] == "True"
