"""``marsad reanalyze``: analyse the stored articles again; ``marsad stats``: what a store holds.

A store outlives the Marsad that filled it: ``stats`` says how many documents an older (or
unknown) Marsad analysed, and ``reanalyze`` runs this Marsad's pipeline over their stored
original texts (docs/store.md, "Re-analysis").
"""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from marsad.cli.cmd_ingest import DB_HELP, options_label, reanalyze_advice
from marsad.cli.console import (
    AttributionModelOption,
    ExtractionOption,
    MinConfidenceOption,
    RepairContextModelOption,
    StagesOption,
    fail,
    markup,
    open_store_or_fail,
    pipeline_config,
    progress_columns,
    stderr,
    stdout,
    warn,
)


def _db_argument(db: str | None) -> str:
    return f" --db {shlex.quote(db)}" if db else ""


# Said by `stats` and `reanalyze` of a store with no document (a new store, or an empty SQLite file).
NO_DOCUMENTS = "no documents stored yet: store some with marsad ingest{db} FILES (or --sample)"


def reanalyze_command(
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    every: Annotated[bool, typer.Option("--all", help="Analyse every stored document again, not only those "
                                                     "another Marsad (or other options) analysed.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    workers: Annotated[int, typer.Option(min=1, max=32, help="Processes analysing documents.")] = 1,
    batch_size: Annotated[
        int, typer.Option(min=1, max=100_000, help="Documents written per commit at most (also: a commit every "
                                                   "second); each document is replaced whole.")
    ] = 64,
    stages: StagesOption = None,
    repair_context_model: RepairContextModelOption = None,
    extraction: ExtractionOption = None,
    attribution_model: AttributionModelOption = None,
    min_confidence: MinConfidenceOption = None,
) -> None:
    """Analyse the stored articles again from their stored texts (no re-fetch) with this Marsad and these
    options: by default those another Marsad, or other options, analysed (marsad stats counts them and
    gives the command with their options); ids, texts, outlets and reviews stay. Interrupted, run it again
    to finish. Exit 1 when a document failed (it keeps its older analysis); none at --db: exit 2."""
    from rich.progress import Progress

    from marsad.ingest.provenance import stamp_for
    from marsad.ingest.reanalyse import ReanalysisSummary, reanalyse
    from marsad.store.db import default_db_path

    config = pipeline_config(stages, repair_context_model, extraction, attribution_model, min_confidence)
    target = Path(db) if db else default_db_path()
    if not target.is_file():  # nothing to re-analyse: never create an empty store here
        fail(f"no database at {target} (run 'marsad ingest' first)")
    store = open_store_or_fail(target)

    def line(s: ReanalysisSummary) -> str:
        return (f"re-analysed {s.reanalysed}  failed {len(s.failed)}  "
                f"[bold]{s.per_second:.1f}[/] docs/s")

    show = not as_json and sys.stderr.isatty()
    with store:
        # The bar's scale (the run counts its targets again as it starts).
        total = len(store.reanalysis_targets(None if every else stamp_for(config).key)) if show else None
        with Progress(*progress_columns(total, "re-analysing"), console=stderr, transient=True,
                      disable=not show) as bar:
            task = bar.add_task("starting…", total=total or None)

            def progress(s: ReanalysisSummary) -> None:
                bar.update(task, description=line(s), completed=s.done, total=s.targets or None)

            summary = reanalyse(store, config, every=every, workers=workers, progress=progress,
                                batch_size=batch_size)
        path = store.path
        stored = summary.targets > 0 or store.count_documents() > 0
    if as_json:
        sys.stdout.write(json.dumps({**summary.to_dict(), "db": str(path)}, ensure_ascii=False) + "\n")
    else:
        if summary.targets == 0 and not stored:
            stdout.print(f"{markup(str(path))}: " + NO_DOCUMENTS.format(db=markup(_db_argument(db))), soft_wrap=True)
        elif summary.targets == 0:
            stdout.print(f"{markup(str(path))}: every document is analysed by this Marsad with these options "
                         "(give --all to analyse them again anyway)", soft_wrap=True)
        else:
            stdout.print(
                f"re-analysed in {markup(str(path))} with {markup(options_label(config))}: {summary.reanalysed} of "
                f"{summary.targets} documents, "
                f"{len(summary.failed)} failed, {summary.skipped} skipped ({summary.seconds:.1f} s, "
                f"{summary.per_second:.1f} docs/s); reviews: {summary.reviews_kept} kept, "
                f"{len(summary.detached)} detached", soft_wrap=True)
        for doc_id, reason in summary.failed[:50]:
            warn(doc_id, reason)
        if len(summary.failed) > 50:
            print(f"marsad: … and {len(summary.failed) - 50} more failures", file=sys.stderr)
        for entry in summary.detached[:50]:
            warn(f"{entry['document_id']} {entry['kind']} review {entry['review']}",
                 f"detached: {entry['reason']} (kept in the review history)")
    raise typer.Exit(1 if summary.failed else 0)


def _stats_note(name: str, stats: dict[str, Any]) -> str:
    """What a count holds when it is not what a reader would take it for: the stored documents that
    are empty or not Arabic (kept, with a note), and the event rows, which ``marsad events`` merges."""
    if name == "documents":
        empty, foreign = stats.get("documents_empty") or 0, stats.get("documents_without_arabic") or 0
        if not empty and not foreign:
            return ""
        return f"  ({empty:,} empty, {foreign:,} with no Arabic letters: their notes are in marsad document ID)"
    if name == "events" and stats.get("merged_events") is not None and stats["events"]:
        return (f"  (stored rows, one per event per article; marsad events merges them into "
                f"{stats['merged_events']:,} events from {stats['event_reports']:,} reports)")
    return ""


def _stats_lines(stats: dict[str, Any], db: str | None) -> list[str]:
    from marsad.ingest.provenance import command_options

    lines = [f"{markup(str(stats['path']))} (schema version {stats['schema_version']})"]
    for name in ("documents", "events", "quotes", "entities", "places", "times", "repairs", "sources"):
        lines.append(f"  {name:<10} {stats[name]:>10,}" + _stats_note(name, stats))
    lines.append(f"  {'stories':<10} {stats['multi_report_clusters']:>10,}  (with two reports or more)")
    first, last = stats.get("published_first"), stats.get("published_last")
    if first:
        lines.append(f"  published  {str(first)[:10]} to {str(last)[:10]}")
    if stats.get("document_versions"):
        lines.append(f"  {stats['document_versions']:,} later version(s) of corrected articles kept beside them "
                     "(marsad document ID lists an article's)")
    if stats.get("skipped_entries"):
        lines.append(f"  {stats['skipped_entries']:,} feed entries with no text remembered: not reported again "
                     "while unchanged (marsad ingest --retry-skipped reads them again)")
    stale = int(stats.get("stale_documents") or 0)
    analyses: list[dict[str, Any]] = stats.get("analyses") or []
    if not stats["documents"]:
        lines.append("  " + NO_DOCUMENTS.format(db=markup(_db_argument(db))))
    elif stale:
        lines.append(f"  {stale:,} of {stats['documents']:,} documents were analysed by another (or an unknown) "
                     f"Marsad; bring them up to date with: {reanalyze_advice(analyses, db)}")
    else:
        lines.append("  every document is analysed by this Marsad")
        # A plain `marsad reanalyze` asks for the default options: say which documents it would redo.
        for analysis in analyses:
            options = command_options(analysis.get("description"))
            if options:
                lines.append(f"    {analysis['documents']:,} of them with {markup(' '.join(options))} (a "
                             "reanalyze without these options would analyse them again with the defaults)")
    return lines


def stats_command(
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Count what the store holds, and how many documents an older (or unknown) Marsad analysed, with
    the marsad reanalyze command that brings them up to date. The store is only read (one from an older
    schema is upgraded first); none at --db: exit 2."""
    from marsad.ingest.provenance import build_fingerprint

    # Written when older than this Marsad's schema (the counts read the newest columns).
    store = open_store_or_fail(db, readonly=True)
    with store:
        build = build_fingerprint()
        stats = store.stats(build=build)
        stats["build"] = build
        stats["analyses"] = store.analyses()
    if as_json:
        sys.stdout.write(json.dumps(stats, ensure_ascii=False) + "\n")
        return
    for text in _stats_lines(stats, db):
        stdout.print(text, soft_wrap=True)


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    app.command("reanalyze")(reanalyze_command)
    app.command("stats")(stats_command)
