"""``marsad ingest``: read, analyse and store articles in the SQLite database."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from marsad.cli.console import (
    AllowNetworkOption,
    AttributionModelOption,
    ExtractionOption,
    MinConfidenceOption,
    RepairContextModelOption,
    SourceOption,
    StagesOption,
    allowed_networks,
    check_date,
    fail,
    markup,
    open_store_or_fail,
    pipeline_config,
    progress_columns,
    stderr,
    stdout,
    warn,
)

if TYPE_CHECKING:
    from marsad.pipeline import PipelineConfig
    from marsad.store.queries import Store

# How an analysis asked with no option is named to the user.
DEFAULT_OPTIONS = "the default options"
SAMPLES = Path(__file__).resolve().parent.parent / "samples"
DEFAULT_SERVE_PORT = 8765
DB_HELP = "Database file (default: $MARSAD_DB, else marsad.db in the user data directory)."


def ingest_command(
    sources: Annotated[
        list[str] | None,
        typer.Argument(help="Files, directories, ZIP/WARC archives, feeds or URLs; a directory of Parquet "
                            "files (Spark output) is loaded without re-analysis."),
    ] = None,
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    sample: Annotated[bool, typer.Option("--sample", help="Ingest the bundled sample article(s).")] = False,
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="Allow fetching URLs on private and loopback networks "
                                                    "(not link-local ones such as 169.254.169.254).")
    ] = False,
    allow_network: AllowNetworkOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    workers: Annotated[int, typer.Option(min=1, max=32, help="Processes analysing documents.")] = 1,
    batch_size: Annotated[
        int, typer.Option(min=1, max=100_000, help="Documents stored per commit at most (also: a commit every 2 s).")
    ] = 500,
    transaction_seconds: Annotated[
        float, typer.Option(min=0.05, max=3600.0, help="Seconds a write transaction may hold the database's lock "
                                                        "(another writer, such as a review in the API, waits that long).")
    ] = 1.0,
    stages: StagesOption = None,
    repair_context_model: RepairContextModelOption = None,
    extraction: ExtractionOption = None,
    attribution_model: AttributionModelOption = None,
    min_confidence: MinConfidenceOption = None,
    source: SourceOption = None,
    published: Annotated[
        str | None,
        typer.Option(help="Publication date YYYY-MM-DD of every document read, over the dates the inputs give "
                          "(resolves 'yesterday' etc.), as 'marsad analyze --published'.", callback=check_date),
    ] = None,
    refresh_outlet: Annotated[
        bool, typer.Option("--refresh-outlet", help="Documents already stored take the outlet their input is read "
                           "with now (the site the readers find, or --source); they are not analysed again.")
    ] = False,
    retry_skipped: Annotated[
        bool, typer.Option("--retry-skipped", help="Read again, and report as failed, the feed entries an earlier "
                           "run skipped (no text) and that have not changed since; by default they are counted "
                           "as 'skipped before' and not reported again.")
    ] = False,
) -> None:
    """Ingest articles: new ones are analysed and stored; already stored ones are skipped."""
    from marsad.ingest import IngestSummary, ingest
    from marsad.ingest.service import skip_label

    inputs = list(sources or [])
    if sample:
        inputs.extend(str(p) for p in sorted(SAMPLES.glob("*.txt")))
    if not inputs:
        fail("give at least one SOURCE (file, directory, archive, feed or URL), or --sample")
    # Checked now; the pipeline is built where it runs (here, or once per worker), when first needed.
    config = pipeline_config(stages, repair_context_model, extraction, attribution_model, min_confidence)
    networks = allowed_networks(allow_network)
    store = open_store_or_fail(db)
    from rich.progress import Progress

    from marsad.readers.dispatch import expected_items

    def line(s: IngestSummary) -> str:
        return (f"new {s.new}  unchanged {s.unchanged}  failed {len(s.failed)}  "
                f"[bold]{s.per_second:.1f}[/] docs/s")

    show = not as_json and sys.stderr.isatty()
    # The total when counting it is cheap (files, JSON Lines lines): then a bar, percentage and ETA.
    total = expected_items(inputs) if show else None
    with store, Progress(*progress_columns(total), console=stderr, transient=True, disable=not show) as bar:
        task = bar.add_task("starting…", total=total or None)
        summary = ingest(inputs, store, config,
                         progress=lambda s: bar.update(task, description=line(s), completed=s.documents),
                         published=published, allow_private=allow_private, allow_networks=networks, workers=workers,
                         batch_size=batch_size, transaction_seconds=transaction_seconds,
                         source=source, refresh_outlets=refresh_outlet, retry_skipped=retry_skipped)
        path = store.path
        # Inputs skipped as stored may hold an older Marsad's analysis: say so, and how to renew it.
        stale = _stale_count(store) if summary.unchanged and not as_json else 0
        renew = reanalyze_advice(store.analyses(), str(path) if db else None) if stale else ""
        # Documents this run analysed beside stored ones this Marsad analysed with other options (another
        # extraction, stages or model): their events are listed together, so say so.
        mixed = other_options(store, config) if summary.new and not as_json else []
    if as_json:
        sys.stdout.write(json.dumps({**summary.to_dict(), "db": str(path)}, ensure_ascii=False) + "\n")
    else:
        refreshed = f" ({summary.refreshed} given their outlet anew)" if refresh_outlet else ""
        # Documents are what is stored; a bad line or an unreadable input is skipped, and said apart
        # by kind (each one is also named on stderr).
        skipped = f"{len(summary.failed)} skipped"
        if summary.failed:
            kinds = ", ".join(skip_label(kind, count) for kind, count in summary.skipped())
            skipped += f" ({kinds}, each said on stderr)"
        rate = summary.stored / summary.seconds if summary.seconds > 0 else 0.0
        # A stored article read again with other words (a corrected feed item, the full page of an item
        # stored from its summary) is not "unchanged": the stored copy is kept, and the user is told.
        versions = f"; {summary.versions} new version(s) kept beside them" if summary.versions else ""
        changed = (f" {len(summary.changed)} changed (the stored copies kept{versions}, each said on stderr),"
                   if summary.changed else "")
        # A feed entry that gave no document before and has not changed is not a new failure (store.memory).
        remembered = ""
        if summary.remembered:
            first = min(f for _, _, f in summary.remembered)
            remembered = (f", {len(summary.remembered)} skipped before and not reported again (unchanged feed "
                          f"entries with no text, the first skipped {first}; --retry-skipped reports them)")
        stdout.print(f"stored in {markup(str(path))}: {summary.new} new, {summary.unchanged} unchanged{refreshed},"
                     f"{changed} {skipped}{remembered}; {summary.stored} documents in {summary.seconds:.1f} s, {rate:.1f} docs/s",
                     soft_wrap=True)
        # The store's option as the commands below need it: plain for warn (stderr), escaped for rich's markup.
        db_plain = f" --db {shlex.quote(str(path))}" if db else ""
        db_arg = markup(db_plain)
        if summary.new:
            stdout.print(f"the events of this run's articles: marsad events{db_arg} --ingested-since {summary.started}",
                         soft_wrap=True)
        if mixed:
            groups = "; ".join(f"{n:,} with {markup(label)}" for n, label in mixed)
            given = _given_options(config)
            stdout.print(f"this run analysed with {markup(' '.join(given) or DEFAULT_OPTIONS)}; other stored documents "
                         f"were analysed with other options ({groups}) and their events are listed together: marsad "
                         f"reanalyze{db_arg}{markup(''.join(' ' + o for o in given))} gives them this "
                         "run's options (marsad stats lists them)", soft_wrap=True)
        if stale:
            stdout.print(f"{stale} stored documents were analysed by another (or an unknown) Marsad; re-analyse them "
                         f"with: {renew}", soft_wrap=True)
        for doc_id, where, stored in summary.changed[:50]:
            when = "earlier in this run" if stored == "this run" else f"on {stored}"
            warn(where, f"its text differs from the copy stored {when} ({doc_id}); the stored copy is kept: an "
                        "article is stored once, its offsets never move (docs/store.md, \"An article read again\"); "
                        f"this text is kept as a version beside it: marsad document{db_plain} {doc_id}")
        if len(summary.changed) > 50:
            print(f"marsad: … and {len(summary.changed) - 50} more changed articles", file=sys.stderr)
        for source, reason in summary.failed[:50]:
            warn(source, reason)
        if len(summary.failed) > 50:
            print(f"marsad: … and {len(summary.failed) - 50} more failures", file=sys.stderr)
        if sample:
            stdout.print(f"open the dashboard: marsad serve{db_arg}   (then browse http://127.0.0.1:{_serve_port()})",
                         soft_wrap=True)
            stdout.print(f"search it:          marsad search{db_arg} أسلحة", soft_wrap=True)
    raise typer.Exit(1 if summary.failed else 0)


def reanalyze_advice(analyses: list[dict[str, Any]], db: str | None) -> str:
    """The ``marsad reanalyze`` command that renews the stale documents with the options they were
    analysed with (a store ingested with ``--extraction learned`` stays learned), as markup."""
    from marsad.ingest.provenance import build_fingerprint, stale_command_options

    options = stale_command_options(analyses, build_fingerprint())
    words = ["marsad", "reanalyze", *(["--db", db] if db else []), *(options or [])]
    advice = markup(" ".join(shlex.quote(word) for word in words))
    if options is None:
        advice += (" (with the default options: their analyses had different ones, which 'marsad stats --json'"
                   " lists under analyses)")
    elif "FILE" in options:
        advice += " (FILE: the model file they were analysed with)"
    return advice


def options_label(config: PipelineConfig) -> str:
    """The options an analysis was asked with, as the command line gives them, or "the default options"."""
    return " ".join(_given_options(config)) or DEFAULT_OPTIONS


def _given_options(config: PipelineConfig) -> list[str]:
    from marsad.ingest.provenance import command_options, stamp_for

    return command_options(json.loads(stamp_for(config).description))


def other_options(store: Store, config: PipelineConfig) -> list[tuple[int, str]]:
    """The stored documents this Marsad's build analysed with other options than ``config``'s, by option
    set (documents, options as given; a model file as ``FILE``), most first.  Another build's documents
    are stale, said apart."""
    from marsad.ingest.provenance import build_fingerprint, command_options, stamp_for

    others = store.other_analyses(build_fingerprint(), stamp_for(config).key)
    return [(int(a["documents"]), " ".join(command_options(a.get("description"))) or DEFAULT_OPTIONS) for a in others]


def _stale_count(store: Store) -> int:
    from marsad.ingest.provenance import build_fingerprint

    return store.count_stale(build_fingerprint())


def _serve_port() -> int:
    """The port ``marsad serve`` listens on by default (kept in one place, the serve command)."""
    import inspect

    try:
        from marsad.cli.cmd_serve import serve

        default = inspect.signature(serve).parameters["port"].default
    except (ImportError, KeyError):
        return DEFAULT_SERVE_PORT
    return default if isinstance(default, int) else DEFAULT_SERVE_PORT


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    app.command("ingest")(ingest_command)
