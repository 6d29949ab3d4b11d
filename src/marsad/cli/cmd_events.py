"""``marsad events``: stored events, merged across the reports of one story, filtered and exported."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Annotated, TextIO

import typer

from marsad.cli.console import (
    IngestedSinceOption,
    check_choice,
    check_confidence_option,
    check_country,
    check_date,
    check_event_type,
    check_status,
    display,
    fail,
    open_store_or_fail,
    stdout,
    terminal_safe,
    words_checker,
)
from marsad.cli.filter_checks import check_day_range, unknown_outlet_hint, unknown_place_hint

DB_HELP = "Database file (default: $MARSAD_DB, else marsad.db in the user data directory)."


def _check_format(value: str) -> str:
    from marsad.store.export import FORMATS

    return check_choice(value, FORMATS)


_check_claimant = words_checker("names no claimant: give a name or an id (روسيا, RT, actor:rus-mod)")


def events_command(
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    type: Annotated[str | None, typer.Option(
        "--type", callback=check_event_type, help="PLOVER event type, e.g. ASSAULT, PROTEST (any case).")] = None,
    actor: Annotated[str | None, typer.Option(
        help="Part of the actor's or target's name, or its dictionary id (actor:hts, SY).")] = None,
    place: Annotated[str | None, typer.Option(help="Part of the place label, its governorate, or the place as written (حلب).")] = None,
    country: Annotated[str | None, typer.Option(
        callback=check_country, help="Country: ISO 3166 code or name (SY, Syria, سوريا).")] = None,
    status: Annotated[str | None, typer.Option(
        callback=check_status, help="Event status: asserted, claimed, denied, planned or hypothetical.")] = None,
    since: Annotated[str | None, typer.Option(help="First event date, YYYY-MM-DD.", callback=check_date)] = None,
    until: Annotated[str | None, typer.Option(help="Last event date, YYYY-MM-DD.", callback=check_date)] = None,
    ingested_since: IngestedSinceOption = None,
    min_confidence: Annotated[float | None, typer.Option(
        "--min-confidence", callback=check_confidence_option,
        help="Keep events the model scored at least this high (0 to 1); drops rule-only events, which have no score.",
    )] = None,
    claimed_by: Annotated[str | None, typer.Option(
        "--claimed-by", callback=_check_claimant,
        help="Who the event is according to: its claim source as written (روسيا), its canonical name "
             "(Russian Ministry of Defence) or dictionary id (actor:rus-mod), or any party of its chain "
             "(RT: everything relayed through RT).  Whole words, in any Arabic spelling (الاميركية finds "
             "الأمريكية); not the outlet that published the article (that is --source).")] = None,
    min_outlets: Annotated[int | None, typer.Option(
        "--min-outlets", min=1,
        help="Keep events told by at least N outlets: the outlets of the articles whose events are grouped as "
             "telling the same act (same type, actors that do not differ, the same or a near place, dates a "
             "day apart at most; docs/store.md, \"Corroboration\").")] = None,
    source: Annotated[str | None, typer.Option(
        "--source", help="The outlet that published the reports, exactly as 'marsad quotes --source' and the "
                         "API's source filter take it (a site such as aljazeera.net).")] = None,
    fmt: Annotated[
        str, typer.Option("--format", help="table, json (one array), jsonl (JSON Lines), csv (UTF-8 with BOM), "
                          "parquet, plover (PLOVER JSON Lines) or geojson (a point per located event, for QGIS).",
                          callback=_check_format)
    ] = "table",
    out: Annotated[str | None, typer.Option("--out", help="Write to this file (required for parquet).")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Maximum number of events.")] = 1_000_000,
    as_json: Annotated[bool, typer.Option(
        "--json", help="One JSON object per event per line, like the other commands (same as --format jsonl).")] = False,
    count_by: Annotated[str | None, typer.Option(
        "--count-by", callback=_check_count_keys,
        help="Count the events instead of listing them, by one or more of: type, mode, status, actor, target, "
             "place, admin1, country, day, week (its first day; weeks start on Saturday), month — joined by "
             "commas (week,actor).  One row per combination with its events and reports; --format table, "
             "csv, json or jsonl.")] = None,
) -> None:
    """List events, one per story: the reports of one event in syndicated copies are merged (the
    dashboard, /api/stats and marsad stats count stored event rows, one per event per article; the
    table's last line gives the events, their reports and the rows)."""
    from marsad.store import Filters, export

    if as_json:
        if fmt not in ("table", "jsonl"):
            fail(f"--json and --format {fmt} disagree: give one of them")
        fmt = "jsonl"
    if count_by is not None and fmt not in ("table", "csv", "json", "jsonl"):
        fail(f"--count-by writes a table, CSV, JSON or JSON Lines, not --format {fmt}")
    if fmt == "parquet" and not out:
        fail("--format parquet writes a file: give --out FILE.parquet")
    check_day_range(since, until)
    filters = Filters(type=type, actor=actor, place=place, country=country, status=status, since=since,
                      until=until, min_confidence=min_confidence, claimed_by=claimed_by,
                      ingested_since=ingested_since, min_outlets=min_outlets,
                      source=source.strip() if source and source.strip() else None)
    store = open_store_or_fail(db, readonly=True)
    with store:
        events = store.merged_events(filters, limit=limit)
        if not events:
            unknown_outlet_hint(store, filters.source)
            unknown_place_hint(store, place)
    if count_by is not None:
        _write_counts(events, count_by, fmt, out)
        return
    try:
        if fmt == "table":
            _print_table(events)
        elif fmt == "parquet":
            assert out is not None
            count = export.write_parquet(events, out)
            print(f"wrote {count} events to {terminal_safe(out, one_line=True)}", file=sys.stderr)
        else:
            writer = {"csv": export.write_csv, "json": export.write_json, "jsonl": export.write_jsonl,
                      "plover": export.write_plover, "geojson": export.write_geojson}[fmt]
            count = _write_to(out, lambda handle: writer(events, handle), "events")
            if fmt == "geojson" and count < len(events):
                # A GIS layer holds points only: say what the map will not show.
                print(f"marsad: {len(events) - count} of {len(events)} events have no coordinates (no place, "
                      "or a place without a point) and are not in the GeoJSON; --format csv lists them all",
                      file=sys.stderr)
    except export.ExportError as exc:
        fail(str(exc))


def _check_count_keys(value: str | None) -> str | None:
    from marsad.store.counts import CountKeyError, parse_count_keys

    if value is None:
        return None
    try:
        return ",".join(parse_count_keys(value))
    except CountKeyError as exc:
        raise typer.BadParameter(str(exc)) from None


def _write_counts(events: list[dict[str, object]], keys_text: str, fmt: str, out: str | None) -> None:
    """``--count-by``: the events counted by the keys, as a table or a file pandas and R read as it is."""
    import json

    from marsad.store.counts import count_events
    from marsad.store.export import csv_lines

    keys = tuple(keys_text.split(","))
    rows = count_events(events, keys)
    if fmt == "table":
        _print_counts(rows, keys, sum(row["events"] for row in rows))
        return
    if fmt == "csv":
        text = "".join(csv_lines(rows, (*keys, "events", "reports")))
    elif fmt == "json":
        text = json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    else:
        text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)

    def write_text(handle: TextIO) -> int:
        handle.write(text)
        return len(rows)

    _write_to(out, write_text, "counts")


def _write_to(out: str | None, write: Callable[[TextIO], int], what: str) -> int:
    """``write`` to the file ``out`` (saying on stderr how many ``what`` it holds) or to standard output;
    the count ``write`` returns.  A file that cannot be written fails with the reason, not a traceback."""
    if not out:
        return write(sys.stdout)
    try:
        with open(out, "w", encoding="utf-8", newline="") as handle:
            count = write(handle)
    except OSError as exc:
        fail(f"cannot write {out}: {exc.strerror or exc}")
    print(f"wrote {count} {what} to {terminal_safe(out, one_line=True)}", file=sys.stderr)
    return count


def _print_counts(rows: list[dict[str, object]], keys: tuple[str, ...], total: int) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    if not rows:
        stdout.print("no events match")
        return
    caption = f"{total} event(s), as marsad events lists them, in {len(rows)} row(s)"
    undated = [key for key in keys if key in ("day", "week", "month") and any(r[key] is None for r in rows)]
    if undated:
        caption += f"; {'/'.join(undated)} —: the event's date is not that precise, or there is none"
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for key in keys:
        table.add_column(key, overflow="fold")
    table.add_column("events", justify="right", no_wrap=True)
    table.add_column("reports", justify="right", no_wrap=True)
    for row in rows:
        table.add_row(*(Text(display(str(row[key]), one_line=True) if row[key] is not None else "—")
                        for key in keys), str(row["events"]), str(row["reports"]))
    stdout.print(table)
    stdout.print(Text(caption))  # under the table, not as its caption: a narrow table would fold it


def _print_table(events: list[dict[str, object]]) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from marsad.cli.tables import column_widths

    if not events:
        stdout.print("no events match")
        return
    report_count = sum(count for e in events if isinstance(count := e.get("count"), int))
    # Say what is counted: an event here is one per story, and its reports are the articles telling it
    # (`n`); `marsad stats`, /api/stats and the dashboard count stored event rows, one per event per
    # article, so two events of one article that merge here are one report but two rows.
    row_count = sum(1 for e in events for m in _mentions(e) if not m.get("re_mention"))
    # Borders and padding cost three characters a column; at 80 columns nine columns of them left
    # the date, type and status cut to `2019-…`, `MOBIL…`, `claim…`.  Lines between rows only, one
    # space between columns, and the short codes never cut: the names wrap instead.
    table = Table(show_lines=False, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 0),
                  caption=f"{len(events)} event(s), merged from {report_count} report(s) (a report: an "
                  f"article telling the event) and {row_count} stored event row(s) (what marsad stats, "
                  "/api/stats and the dashboard count: one per event per article)")
    # The confidence column only when a model scored some event: rule-only output has none to show.
    scored = any(_confidence_text(e.get("confidence")) for e in events)
    table.caption = f"{table.caption}; n: the reports of each event" + (
        "; p: the model's confidence" if scored else "")
    # The outlets column only when some event is told by more than one outlet (store/corroboration.py).
    told = any(isinstance(o := e.get("outlets"), int) and o > 1 for e in events)
    if told:
        table.caption = f"{table.caption}; outlets: how many outlets tell the event (its corroboration group)"
    columns = tuple(c for c in _COLUMNS if (scored or c[0] != "p") and (told or c[0] != "outlets"))
    rows: list[list[str]] = []
    for e in events:
        reports = e.get("reports")
        claimed = sorted({_according_to(r) for r in reports if r.get("claim_source")}) if isinstance(
            reports, list) else []
        values: list[object] = [e.get("event_date"), e.get("event_type"), e.get("actor1"), e.get("actor2"),
                                e.get("location"), e.get("status"), e.get("count"), ", ".join(claimed)]
        if told:
            values.insert(7, e.get("outlets"))
        if scored:
            values.insert(6, _confidence_text(e.get("confidence")))
        rows.append([display(str(v), one_line=True) if v is not None else "" for v in values])
    widths = column_widths(columns, rows, stdout.width, _DROPPED_FIRST)
    left_out = [header for i, (header, _codes) in enumerate(columns) if i not in widths]
    if left_out:
        table.caption = f"{table.caption}; not shown at this width: {', '.join(left_out)} (see --format csv)"
    for i, width in widths.items():
        header, codes = columns[i]
        if codes:
            table.add_column(header, no_wrap=True)
        else:
            # its width from column_widths: at least its longest word, so it wraps between words
            table.add_column(header, overflow="fold", width=width)
    for cells in rows:
        # Text cells: a plain string would be read as rich markup ([link=...] makes a terminal link).
        table.add_row(*(Text(cells[i]) for i in widths))
    stdout.print(table)


# (header, a short code that is never cut) in table order; `p` is the model's confidence, `n` the
# number of reports merged into the event (both explained under the table).
_COLUMNS: tuple[tuple[str, bool], ...] = (
    ("date", True), ("type", True), ("actor", False), ("target", False), ("place", False), ("status", True),
    ("p", True), ("n", True), ("outlets", True), ("according to", False),
)


# The name columns left out, in this order, when their longest words do not fit the terminal side by side.
_DROPPED_FIRST = ("according to", "target", "place")


def _mentions(event: dict[str, object]) -> list[dict[str, object]]:
    mentions = event.get("all_mentions")
    return [m for m in mentions if isinstance(m, dict)] if isinstance(mentions, list) else []


def _according_to(report: dict[str, object]) -> str:
    """Who a report attributes its event to, and the parties it came through after them
    (``Russian Ministry of Defence via RT``): what ``--claimed-by`` matches."""
    source = str(report.get("claim_source"))
    chain = report.get("chain")
    relays = [str(p) for p in chain if p and str(p) != source] if isinstance(chain, list) else []
    return source + (" via " + " > ".join(relays) if relays else "")


def _confidence_text(value: object) -> str | None:
    return f"{value:.2f}" if isinstance(value, float | int) and not isinstance(value, bool) else None


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    app.command("events")(events_command)
