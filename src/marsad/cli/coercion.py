"""Option values without pydantic when typer's answer is already known.

typer (0.29) coerces every non-boolean option and argument through a pydantic
``TypeAdapter``, built the first time the parameter is processed, even when the
value is absent.  Importing pydantic for it, and building the adapters, costs
≈ 0.1 s of CPU on every command: a fifth of a one-article ``marsad analyze``.

Most values need no coercion at all: an absent option (None, or an empty tuple
for a repeated one), a string for a ``str`` option, strings for a ``list[str]``
argument, a plain decimal for an ``int`` option inside its bounds.  For those,
:class:`FastCoercion` returns what typer's adapter would return; everything else
(other types, paths, files, choices, malformed or out-of-range numbers) goes to
typer's own coercion, built on first use, so validation and error messages stay
typer's.  typer keeps the coercion of a parameter in ``_TyperParameter._runtime_param``
(its own lazy cache); :func:`install_fast_coercion` fills that cache and leaves
any parameter it does not recognise (another typer version) untouched.
"""

from __future__ import annotations

import errno
import re
import sys
from typing import Any, NoReturn, TextIO, cast, get_args, get_origin

import typer.main

# typer 0.29 parses with its own copy of click and raises that copy's errors
from typer._click import exceptions as click_errors
from typer._click.utils import PacifyFlushWrapper

# A bare group's help comes as this error (shown as the help, not as an error).
_NO_ARGS_IS_HELP = click_errors.NoArgsIsHelpError

# A plain decimal integer as pydantic reads it; anything else (signs, spaces, underscores,
# leading zeros) is left to typer's adapter.
_PLAIN_INT = re.compile(r"(?:0|[1-9][0-9]{0,17})")
# Returned by _fast_value when the value is not one it can answer for.
_UNKNOWN = object()


def _fast_value(descriptor: Any, value: Any, multiple: bool) -> Any:
    info = descriptor.parameter_info
    if descriptor.file_annotation is not None or info.parser is not None:
        return _UNKNOWN
    if value is None:
        return () if multiple else None
    annotation = descriptor.annotation
    if annotation is str:
        return value if type(value) is str and not multiple else _UNKNOWN
    if get_origin(annotation) is list and get_args(annotation) == (str,):
        if multiple and type(value) in (list, tuple) and all(type(item) is str for item in value):
            return list(value)
        return _UNKNOWN
    if annotation is int and not multiple and not info.clamp:
        if type(value) is str and _PLAIN_INT.fullmatch(value):
            number = int(value)
        elif type(value) is int:
            number = value
        else:
            return _UNKNOWN
        if (info.min is not None and number < info.min) or (info.max is not None and number > info.max):
            return _UNKNOWN
        return number
    return _UNKNOWN


class FastCoercion:
    """A parameter's coercion: the known answers here, typer's adapter for the rest."""

    def __init__(self) -> None:
        self._typer: Any = None

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        multiple = bool(param.multiple or param.nargs == -1)
        fast = _fast_value(param.type_descriptor, value, multiple)
        if fast is not _UNKNOWN:
            return fast
        if self._typer is None:
            from typer._coercion import build_runtime_param

            self._typer = build_runtime_param(param.type_descriptor)
        return self._typer.coerce(value, param=param, ctx=ctx)


def install_fast_coercion(command: Any) -> int:
    """Give every typer parameter of ``command`` (and its sub-commands) a :class:`FastCoercion`.

    Returns how many parameters got one.  A parameter without typer's coercion cache
    (``_runtime_param`` unset and a ``type_descriptor``) keeps typer's own behaviour."""
    installed = sum(_install(param) for param in getattr(command, "params", ()))
    make_help_option = getattr(command, "get_help_option", None)
    if make_help_option is not None:
        # The help option is made when a context is, not with the command's parameters.
        def get_help_option(ctx: Any) -> Any:
            option = make_help_option(ctx)
            if option is not None:
                _install(option)
            return option

        command.get_help_option = get_help_option
    for sub in getattr(command, "commands", {}).values():
        installed += install_fast_coercion(sub)
    return installed


def _install(param: Any) -> bool:
    if hasattr(param, "type_descriptor") and getattr(param, "_runtime_param", False) is None:
        param._runtime_param = FastCoercion()
        return True
    return False


def run(app: typer.Typer) -> NoReturn:
    """Run ``app`` as ``app()`` does (typer's ``Typer.__call__``), with fast coercion installed,
    and a usage error told in one line (:func:`usage_line`) instead of typer's framed panel
    with the usage, the error and a hint: what a script's log or a terminal keeps readable."""
    command = typer.main.get_command(app)
    install_fast_coercion(command)
    try:
        # Not standalone, so that the errors come here; what standalone mode does besides is below.
        result = command.main(standalone_mode=False)
    except click_errors.UsageError as exc:
        if isinstance(exc, _NO_ARGS_IS_HELP):  # a bare group: its help, as typer shows it
            _typer_show(exc)
        else:
            print(usage_line(exc), file=sys.stderr)
        sys.exit(exc.exit_code)
    except click_errors.ClickException as exc:
        _typer_show(exc)
        sys.exit(exc.exit_code)
    except typer.Abort:
        print("Aborted!", file=sys.stderr)
        sys.exit(1)
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            raise
        # the reader of standard output went away (`marsad events | head`): quietly, as click does
        sys.stdout = cast(TextIO, PacifyFlushWrapper(sys.stdout))
        sys.stderr = cast(TextIO, PacifyFlushWrapper(sys.stderr))
        sys.exit(1)
    # An exit code (typer.Exit, Ctrl-C's 130) comes back as the result; commands return None.
    sys.exit(result if isinstance(result, int) and not isinstance(result, bool) else 0)


def usage_line(exc: click_errors.UsageError) -> str:
    """``error: MESSAGE (see marsad COMMAND --help)``: the message on one line (the valid choices
    when the option has some), and where the help is."""
    message = " ".join(exc.format_message().split())
    path = exc.ctx.command_path.split()[1:] if exc.ctx is not None else []
    return f"error: {message} (see {' '.join(['marsad', *path])} --help)"


def _typer_show(exc: click_errors.ClickException) -> None:
    try:
        from typer import rich_utils
    except ImportError:  # typer without rich
        exc.show()
    else:
        rich_utils.rich_format_error(exc)
