"""The ``marsad`` command line: argument parsing and printing only.

Each ``cmd_*.py`` module in this package adds its commands to the app through a
``register(app, groups)`` function, so a command lives beside nothing but its
own options.  Groups (``train``, ``eval``, ``gazetteer``) are sub-commands.
"""

from __future__ import annotations

import atexit
import importlib
import os
import pkgutil
import sys
import threading
from typing import Annotated, NoReturn

import typer

app = typer.Typer(
    name="marsad",
    help="Marsad (مرصد): an Arabic-first news observatory. Repairs obfuscated words, finds who did "
    "what to whom, where, when and according to whom.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

GROUPS: dict[str, typer.Typer] = {
    "train": typer.Typer(help="Train the project's statistical models.", no_args_is_help=True),
    "eval": typer.Typer(help="Evaluate a component against gold data (precision/recall/F1).", no_args_is_help=True),
    "gazetteer": typer.Typer(help="Inspect and extend the place gazetteer.", no_args_is_help=True),
}


def _print_version(value: bool) -> None:
    if value:
        from marsad import __version__

        print(f"marsad {__version__}")
        raise typer.Exit(0)


@app.callback()
def _options(
    version: Annotated[bool, typer.Option(
        "--version", callback=_print_version, is_eager=True, help="Print Marsad's version and exit.")] = False,
) -> None:
    """Marsad (مرصد): an Arabic-first news observatory. Repairs obfuscated words, finds who did what to whom,
    where, when and according to whom."""


def _register_commands() -> None:
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module_info.name.startswith("cmd_"):
            module = importlib.import_module(f"{__name__}.{module_info.name}")
            module.register(app, GROUPS)
    for name, group in GROUPS.items():
        if group.registered_commands:
            app.add_typer(group, name=name)


_register_commands()


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
    except SystemExit as done:
        _exit_now(done.code)
    _exit_now(0)


def _exit_now(code: str | int | None) -> NoReturn:
    """End the process without freeing every object one by one.

    An analysis leaves millions of objects loaded (lexicon, gazetteer, models); the interpreter's
    shutdown frees them one at a time, about 0.5 s of CPU for a command that analysed one article,
    while the operating system reclaims the memory at once.  Exit handlers still run and the
    output is flushed; if another (non-daemon) thread is still running, the ordinary exit joins it.
    """
    if any(t is not threading.current_thread() and not t.daemon for t in threading.enumerate()):
        sys.exit(code)
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        print(code, file=sys.stderr)
        status = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            status = status or 120  # what the interpreter returns when it cannot flush standard output
    os._exit(status)
