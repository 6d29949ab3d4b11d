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

# The application.  ``main`` registers the commands it runs; ``marsad.cli.app`` (tests, other
# entry points) is the application with every command registered (module ``__getattr__`` below).
_app = typer.Typer(
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
    "ner": typer.Typer(help="Optional resources of the name tagger.", no_args_is_help=True),
}


def _print_version(value: bool) -> None:
    if value:
        from marsad import __version__

        print(f"marsad {__version__}")
        raise typer.Exit(0)


@_app.callback()
def _options(
    version: Annotated[bool, typer.Option(
        "--version", callback=_print_version, is_eager=True, help="Print Marsad's version and exit.")] = False,
) -> None:
    """Marsad (مرصد): an Arabic-first news observatory. Repairs obfuscated words, finds who did what to whom,
    where, when and according to whom."""


# The module of each top-level command, so that ``marsad analyze`` imports and registers its own
# module alone: before running one command typer reads the signature and type hints of every
# registered one (23 commands: ~0.04 s of CPU, a tenth of a one-article analysis).  Group
# commands (train, eval, gazetteer, ner), help and anything unknown register every module.
# tests/test_startup.py checks this table against what the modules register.
COMMAND_MODULES: dict[str, str] = {
    "analyze": "cmd_analyze",
    "stages": "cmd_analyze",
    "document": "cmd_document",
    "events": "cmd_events",
    "quotes": "cmd_quotes",
    "export-gold": "cmd_export_gold",
    "ingest": "cmd_ingest",
    "reanalyze": "cmd_reanalyze",
    "stats": "cmd_reanalyze",
    "search": "cmd_search",
    "serve": "cmd_serve",
    "spark": "cmd_spark",
}
_registered: set[str] = set()


def _register(module_names: list[str]) -> None:
    for name in module_names:
        if name not in _registered:
            _registered.add(name)
            importlib.import_module(f"{__name__}.{name}").register(_app, GROUPS)


def _all_command_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name.startswith("cmd_"))


def register_commands(argv: list[str] | None = None) -> typer.Typer:
    """Register the commands ``argv`` (the arguments after the program name) can run; all of
    them when ``argv`` is None or does not start with a top-level command.  Returns the app."""
    module = COMMAND_MODULES.get(argv[0]) if argv else None
    if module is not None:
        _register([module])
        return _app
    _register(_all_command_modules())
    for name, group in GROUPS.items():
        if group.registered_commands and not any(info.typer_instance is group for info in _app.registered_groups):
            _app.add_typer(group, name=name)
    return _app


def __getattr__(name: str) -> typer.Typer:
    if name == "app":
        return register_commands()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    from marsad.cli import console
    from marsad.cli.coercion import run
    from marsad.resources.collector import tune_gc

    tune_gc()  # before the command's imports and resources
    console.freeze_resources = True
    try:
        run(register_commands(sys.argv[1:]))  # typer's app(), without pydantic for plain values
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
    except SystemExit as done:
        _exit_now(done.code)


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
