"""Shared terminal helpers: consoles, one-line error messages, RTL display.

Every human-readable print of untrusted text (article text, titles, URLs, sources, input
names, messages quoting them) goes through :func:`display` (or :func:`markup` inside rich
markup): it makes the text inert for a terminal.  JSON and JSON Lines outputs are written
as they are, exactly.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import ProgressColumn

    from marsad.pipeline import Pipeline, PipelineConfig
    from marsad.store.queries import Store

    stdout: Console
    stderr: Console

T = TypeVar("T")


def __getattr__(name: str) -> Console:
    """The rich consoles ``stdout`` and ``stderr``, made on first use: importing rich costs about
    0.02 s of CPU, which a command writing JSON (``marsad analyze --json``) never needs."""
    if name not in ("stdout", "stderr"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    made: Console | None = globals().get(name)
    if made is not None:
        return made
    from rich.console import Console

    made = Console(highlight=False, soft_wrap=False) if name == "stdout" else Console(stderr=True, highlight=False)
    globals()[name] = made  # later uses find the module attribute itself
    return made


# What a terminal would act on instead of showing: C0 controls (ESC starts every CSI/OSC
# sequence: screen clearing, window titles, OSC 8 links, OSC 52 clipboard writes), DEL, the
# C1 controls (0x9b is a one-byte CSI, 0x9d a one-byte OSC), the bidi embeddings, overrides
# and isolates (U+202A-202E, U+2066-2069: they make text display as something else) and lone
# surrogates (not writable as UTF-8).  Newline and tab are kept in multi-line text.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSAFE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str, *, one_line: bool = False) -> str:
    """``text`` with every control character shown as a visible escape (ESC becomes ``\\x1b``).

    Escaping the introducer disarms a whole sequence: what follows it is printed as plain
    text.  ``one_line`` also escapes newlines and tabs (titles, URLs, table cells).  The
    result contains no unsafe character, so applying it twice changes nothing.
    """
    return (_UNSAFE_LINE if one_line else _UNSAFE).sub(_visible, text)


def visual_order() -> bool:
    """Reorder RTL text for terminals without a bidi algorithm (MARSAD_BIDI=visual)."""
    return os.environ.get("MARSAD_BIDI", "").lower() == "visual"


def display(text: str, *, one_line: bool = False) -> str:
    """Untrusted text as it should be written to this terminal: made inert, then reordered
    for terminals without bidi (MARSAD_BIDI=visual)."""
    text = terminal_safe(text, one_line=one_line)
    if not visual_order():
        return text
    from bidi import get_display

    return "\n".join(get_display(line) for line in text.split("\n"))


def markup(text: str, *, one_line: bool = True) -> str:
    """Untrusted text to put inside a rich markup string: :func:`display` (on one line by
    default), with rich's own ``[...]`` tags escaped (``[link=...]`` would make a terminal link)."""
    from rich.markup import escape

    return escape(display(text, one_line=one_line))


def fail(message: str, code: int = 2) -> NoReturn:
    # soft_wrap: rich would break a long message (a deep file path) at the console width,
    # splitting the words a user or a script greps for; the terminal wraps it visually anyway
    __getattr__("stderr").print(f"[bold red]error:[/] {markup(message, one_line=False)}", soft_wrap=True)
    sys.exit(code)


def open_store_or_fail(db: str | Path | None, *, readonly: bool = False) -> Store:
    """The store at ``db`` (or the default one), or exit 2 with the store's one-line reason."""
    from marsad.store.db import StoreError
    from marsad.store.queries import open_store

    try:
        return open_store(db, readonly=readonly)
    except StoreError as exc:
        fail(str(exc))


def warn(source: str, reason: str) -> None:
    """One line per bad input, on stderr (input names and reasons can quote hostile text)."""
    print(warning_line(source, reason), file=sys.stderr)


def warning_line(source: str, reason: str) -> str:
    return f"marsad: {terminal_safe(source, one_line=True)}: {terminal_safe(reason, one_line=True)}"


def progress_columns(total: int | None, label: str = "ingesting") -> tuple[ProgressColumn, ...]:
    """What a progress line shows (``marsad ingest``, ``marsad analyze`` into a file): with a known
    total, a bar, done/total, the percentage and the time left; without one, a spinner and the
    counts so far."""
    from rich.progress import (
        BarColumn,
        SpinnerColumn,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns: tuple[ProgressColumn, ...] = (SpinnerColumn(), TextColumn(label))
    if total:
        columns += (BarColumn(), TextColumn("{task.completed:,.0f}/{task.total:,.0f}"), TaskProgressColumn(),
                    TextColumn("ETA"), TimeRemainingColumn())
    return (*columns, TextColumn("{task.description}"), TimeElapsedColumn())


def check_date(value: str | None) -> str | None:
    """A typer callback: an ISO date YYYY-MM-DD, or a usage error naming the expected form."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None


def _refused_as_usage(check: Callable[[Any], T], value: Any) -> T | None:
    """``check(value)``, None for None, and a check's ValueError (its one-line reason) as a usage error."""
    if value is None:
        return None
    try:
        return check(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


def check_ingested_since_option(value: str | None) -> str | None:
    """A typer callback: a moment of ``--ingested-since`` (a day, or a time in UTC or with its offset)."""
    from marsad.store.filters import check_ingested_since

    return _refused_as_usage(check_ingested_since, value)


# "What is new since my last look": when the article was stored, not when it was published or what
# day its event is (``marsad events`` and ``marsad search``; the API's ``ingested_since``).
IngestedSinceOption = Annotated[str | None, typer.Option(
    "--ingested-since", callback=check_ingested_since_option,
    help="Only articles stored at or after this moment: a day YYYY-MM-DD or a time YYYY-MM-DDTHH:MM in UTC "
         "(or with its offset, +03:00) - what is new since a last look; not the publication day nor the "
         "event's date (--since).  marsad ingest prints the moment of its run.")]


def check_confidence_option(value: float | None) -> float | None:
    """A typer callback: a confidence between 0 and 1, or a usage error saying so."""
    from marsad.store.filters import check_confidence

    return _refused_as_usage(check_confidence, value)


def check_choice(value: str, choices: tuple[str, ...]) -> str:
    """``value`` if it is one of ``choices``, else a usage error listing them."""
    if value not in choices:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(choices)}")
    return value


def words_checker(refusal: str) -> Callable[[str | None], str | None]:
    """A typer callback for a name or text filter: stripped, or refused when it holds no word (blank or punctuation
    alone asks for nothing, and would otherwise be answered "no match"). ``refusal`` follows the quoted value."""

    def check(value: str | None) -> str | None:
        from marsad.text.tokenize import WORD_RE

        if value is None:
            return None
        if not WORD_RE.search(value):
            raise typer.BadParameter(f"{value!r} {refusal}")
        return value.strip()

    return check


def _checked(check: Callable[[str], str], value: str | None) -> str | None:
    from marsad.attribution.choices import UnknownChoice

    if value is None:
        return None
    try:
        return check(value)
    except UnknownChoice as exc:
        raise typer.BadParameter(str(exc)) from None


def check_event_type(value: str | None) -> str | None:
    """A typer callback: a PLOVER event type (any case), or a usage error listing them."""
    from marsad.attribution import choices

    return _checked(choices.event_type, value)


def check_status(value: str | None) -> str | None:
    """A typer callback: an event status the pipeline gives, or a usage error listing them."""
    from marsad.attribution import choices

    return _checked(choices.status, value)


def check_country(value: str | None) -> str | None:
    """A typer callback: the ISO 3166 code of a country given by code, English or Arabic name
    (events store countries as codes), or a usage error."""
    from marsad.attribution import choices

    return _checked(choices.country_code, value)


# The pipeline options shared by `analyze`, `ingest`, `spark` and `serve`: each
# command turns them into one PipelineConfig, checked before any input is read.
StagesOption = Annotated[
    str | None,
    typer.Option("--stages", help="Comma-separated stages to run (default: all). See 'marsad stages'."),
]
RepairContextModelOption = Annotated[
    str | None,
    typer.Option(
        "--repair-context-model",
        help="Context model for dotless repairs (trained with 'marsad train repair-context --corpus').",
    ),
]


ExtractionOption = Annotated[
    str | None,
    typer.Option(
        "--extraction",
        help="Quotes and events: 'rules' (the rule set; the default) or 'learned' (the rules propose, the "
        "trained models decide, with confidences; see docs/events.md for how the two compare). "
        "--attribution-model or --min-confidence alone mean 'learned'.",
    ),
]
AttributionModelOption = Annotated[
    str | None,
    typer.Option("--attribution-model", help="A model file from 'marsad train attribution' instead of the shipped "
                 "one (learned extraction)."),
]
MinConfidenceOption = Annotated[
    float | None,
    typer.Option(
        "--min-confidence",
        help="Keep only events the trigger model believes at least this much (0-1): higher trades recall for "
        "precision (learned extraction; the rules' events have no confidence). Default: the threshold chosen on "
        "the dev split when the model was trained.",
    ),
]



def check_outlet(value: str | None) -> str | None:
    """A typer callback for ``--source``: the outlet's name with its spaces tidied, or a usage error
    for a name without a letter or digit (it would name nothing an analyst could filter by)."""
    if value is None:
        return None
    name = " ".join(value.split())
    if not any(ch.isalnum() for ch in name) or len(name) > 200:
        raise typer.BadParameter("give the outlet's name (a letter or digit, at most 200 characters), "
                                 "e.g. --source alriyadh.com")
    return name


# `analyze`, `ingest` and `spark`: the outlet of every document of the run, when the user knows it.
SourceOption = Annotated[
    str | None,
    typer.Option("--source", metavar="NAME", callback=check_outlet,
                 help="The outlet (news site) of every document read, e.g. --source alriyadh.com: it wins over "
                 "the site the readers find (a page's canonical link, a WARC record's host) and a JSON record's "
                 "own 'source'."),
]


AllowNetworkOption = Annotated[
    list[str] | None,
    typer.Option("--allow-network", metavar="CIDR",
                 help="Allow fetching URLs in this network only (repeatable), e.g. 10.1.0.0/16."),
]


def allowed_networks(values: list[str] | None) -> list[str]:
    """The ``--allow-network`` values, each a network (``10.1.0.0/16``) or one address; a bad one fails
    at once (``marsad analyze`` and ``marsad ingest`` alike)."""
    import ipaddress

    networks: list[str] = []
    for value in values or []:
        try:
            networks.append(str(ipaddress.ip_network(value.strip(), strict=False)))
        except ValueError:
            fail(f"--allow-network {value!r} is not a network; give CIDR notation such as 10.1.0.0/16 or fd00::/8")
    return networks


def pipeline_config(
    stages: str | None,
    repair_context_model: str | None = None,
    extraction: str | None = None,
    attribution_model: str | None = None,
    min_confidence: float | None = None,
) -> PipelineConfig:
    """The checked config for the pipeline options, or one line and exit 2.

    Checking loads the model once in this process, so a pipeline built here
    afterwards reuses it; worker processes get the config, not a pipeline.
    """
    from marsad.pipeline import PipelineConfig, PipelineConfigError, check_config
    from marsad.text.dotless_context import ContextModelError

    names = tuple(name.strip() for name in stages.split(",") if name.strip()) if stages else None
    model = str(Path(repair_context_model).resolve()) if repair_context_model else None
    attribution = str(Path(attribution_model).resolve()) if attribution_model else None
    # Choices in any case, as --type and --status take them (`--extraction Learned`).
    extraction = extraction.strip().lower() if extraction else extraction
    config = PipelineConfig(stages=names, repair_context_model=model, extraction=extraction,
                            attribution_model=attribution, event_min_confidence=min_confidence)
    try:
        check_config(config)
    except (PipelineConfigError, ContextModelError) as exc:
        fail(str(exc))
    return config


# Set by ``marsad.cli.main`` when the process is the command's own (not a test or another program
# running the app): the resources a command's pipeline loads then leave the collector's care.
freeze_resources = False


def build_pipeline(config: PipelineConfig) -> Pipeline:
    """The pipeline of a config :func:`pipeline_config` checked (one line and exit 2 if a stage cannot load).

    The stages load about a million long-lived objects (lexicons, models, the gazetteer); with the
    collector running, its next collections walked them all (0.02–0.03 s of a one-article
    command's CPU).  They are built with the collector paused and, in the command's own process,
    frozen (``gc.freeze``: never walked again; they live as long as the process anyway)."""
    from marsad.pipeline import Pipeline, PipelineConfigError
    from marsad.text.dotless_context import ContextModelError

    collecting = gc.isenabled()
    gc.disable()
    try:
        return Pipeline.from_config(config)
    except (PipelineConfigError, ContextModelError) as exc:
        fail(str(exc))
    finally:
        if freeze_resources:
            gc.freeze()
        if collecting:
            gc.enable()
