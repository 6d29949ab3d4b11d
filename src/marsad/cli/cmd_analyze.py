"""``marsad analyze``: one article (or many) → JSON Lines or a readable RTL view."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from marsad.pipeline import PipelineConfig

from marsad.cli.console import (
    AllowNetworkOption,
    AttributionModelOption,
    ExtractionOption,
    MinConfidenceOption,
    RepairContextModelOption,
    SourceOption,
    StagesOption,
    allowed_networks,
    build_pipeline,
    check_date,
    fail,
    pipeline_config,
    warn,
)

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "seed-aleppo-2019-12-12.txt"


def analyze(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files, directories or URLs to analyse (.txt, .html, .jsonl, .json, .zip, .warc[.gz], "
            ".rss/.atom/.xml, http(s) URLs); '-' reads standard input."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per document per line.")] = False,
    published: Annotated[
        str | None,
        typer.Option(help="Publication date YYYY-MM-DD (resolves 'yesterday' etc.).", callback=check_date),
    ] = None,
    stages: StagesOption = None,
    sample: Annotated[bool, typer.Option("--sample", help="Analyse the bundled sample article.")] = False,
    allow_private: Annotated[
        bool,
        typer.Option("--allow-private", help="Allow fetching URLs on private and loopback networks "
                                            "(not link-local ones such as 169.254.169.254)."),
    ] = False,
    allow_network: AllowNetworkOption = None,
    repair_context_model: RepairContextModelOption = None,
    extraction: ExtractionOption = None,
    attribution_model: AttributionModelOption = None,
    min_confidence: MinConfidenceOption = None,
    source: SourceOption = None,
    workers: Annotated[
        int, typer.Option(min=1, max=32, help="Processes analysing documents (output keeps the input order).")
    ] = 1,
) -> None:
    """Analyse articles: repairs, boilerplate, entities, places, times, quotes, events."""
    from marsad.readers import ReadFailure, read_inputs

    inputs = list(paths or [])
    if sample:
        inputs.append(str(SAMPLE))
    if not inputs:
        fail("give at least one PATH (or '-' for standard input, or --sample)")
    config = pipeline_config(stages, repair_context_model, extraction, attribution_model, min_confidence)
    networks = allowed_networks(allow_network)
    if workers > 1:
        raise typer.Exit(_analyze_in_workers(inputs, config, workers, as_json, published, allow_private, source,
                                             networks))
    pipeline = build_pipeline(config)
    bad = done = 0
    with _progress(inputs, as_json) as (advance, warn):
        for item in read_inputs(inputs, published=published, allow_private=allow_private, allow_networks=networks,
                                source=source):
            if isinstance(item, ReadFailure):
                warn(item.source, item.reason)
                bad += 1
                advance(done, bad)
                continue
            try:
                doc = pipeline(item)
                if as_json:
                    sys.stdout.write(doc.to_json() + "\n")
                else:
                    from marsad.cli.render import render_document

                    render_document(doc)
                done += 1
            except Exception as exc:  # one document's surprise is its own failure; the later inputs still run
                detail = str(exc).splitlines()[0][:200] if str(exc) else ""
                warn(item.source or item.id, f"unexpected {type(exc).__name__}{': ' + detail if detail else ''}")
                bad += 1
            advance(done, bad)
    raise typer.Exit(1 if bad else 0)


@contextmanager
def _progress(
    inputs: list[str], as_json: bool
) -> Iterator[tuple[Callable[[int, int], None], Callable[[str, str], None]]]:
    """A progress line on the terminal while JSON goes elsewhere (``--json > out.jsonl``): a long
    batch is otherwise silent for minutes.  Not when the JSON itself is on the terminal, nor
    without a terminal (a script's log).  Yields how to advance it (documents done, failed) and
    how to report a bad input: its one line printed above the bar, never wrapped."""
    if not (as_json and sys.stderr.isatty() and not sys.stdout.isatty()):
        yield (lambda done, bad: None), warn
        return
    from rich.progress import Progress
    from rich.text import Text

    from marsad.cli.console import progress_columns, stderr, warning_line
    from marsad.readers.dispatch import expected_items

    total = expected_items(inputs)
    # redirect_stdout off: the JSON must reach the file untouched, never the progress console.
    with Progress(*progress_columns(total, "analysing"), console=stderr, transient=True,
                  redirect_stdout=False) as bar:
        task = bar.add_task("", total=total or None)

        def advance(done: int, bad: int) -> None:
            bar.update(task, completed=done + bad, description=f"done {done}  failed {bad}")

        def report(source: str, reason: str) -> None:
            bar.console.print(Text(warning_line(source, reason)), soft_wrap=True)

        yield advance, report


def _analyze_in_workers(
    inputs: list[str], config: PipelineConfig, workers: int, as_json: bool, published: str | None, allow_private: bool,
    source: str | None = None, networks: list[str] | None = None,
) -> int:
    """Like the one-process loop, with the pipeline in ``workers`` processes (none built here); the exit code."""
    from marsad.document import Document
    from marsad.ingest.workers import AnalysisFailure, analyse_to_dict, analyse_to_json, in_workers
    from marsad.readers import read_inputs

    items = read_inputs(inputs, published=published, allow_private=allow_private, allow_networks=networks or (),
                        source=source)
    bad = done = 0
    with _progress(inputs, as_json) as (advance, warn):
        for result in in_workers(config, analyse_to_json if as_json else analyse_to_dict, items, workers):
            if isinstance(result, AnalysisFailure):
                warn(result.source, result.message)
                bad += 1
            elif isinstance(result, str):
                sys.stdout.write(result + "\n")
                done += 1
            else:
                from marsad.cli.render import render_document

                render_document(Document.from_dict(result))
                done += 1
            advance(done, bad)
    return 1 if bad else 0


def list_stages() -> None:
    """List the pipeline stages, what each reads and adds."""
    from marsad.pipeline import STAGES, available_stages

    present = set(available_stages())
    for spec in STAGES:
        mark = "✓" if spec.name in present else "–"
        print(f"{mark} {spec.name:12} {spec.summary}")
        contract = [
            ("needs", spec.reads),
            ("uses", spec.reads_if_present),
            ("adds", spec.adds),
            ("edits", spec.edits),
        ]
        print(" " * 15 + "; ".join(f"{label} {', '.join(names)}" for label, names in contract if names))


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    app.command("analyze")(analyze)
    app.command("stages")(list_stages)
