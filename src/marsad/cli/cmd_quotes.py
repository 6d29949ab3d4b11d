"""``marsad quotes``: the stored quotes across documents, with their speakers, filtered and exported."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any, TextIO

import typer

from marsad.cli.console import (
    IngestedSinceOption,
    check_choice,
    check_confidence_option,
    check_date,
    display,
    fail,
    open_store_or_fail,
    stdout,
    terminal_safe,
    words_checker,
)
from marsad.cli.filter_checks import check_day_range, unknown_outlet_hint

DB_HELP = "Database file (default: $MARSAD_DB, else marsad.db in the user data directory)."
FORMATS = ("table", "json", "jsonl", "csv")
# The CSV's columns, in order: the quote, its speaker, its document; then where the speaker and the
# quote are in the article's original text ([start, end) offsets, as the JSON's speaker_span/text_span).
CSV_COLUMNS = ("published", "outlet", "speaker", "speaker_canonical", "speaker_id", "speaker_confidence", "direct",
               "text", "cue", "chain", "document_id", "document", "id", "title", "url", "reviewed", "verdict",
               "speaker_start", "speaker_end", "text_start", "text_end")


def _spans(item: dict[str, Any]) -> dict[str, Any]:
    """The JSON's ``speaker_span`` / ``text_span`` as the CSV's four offset columns (empty when unknown)."""
    out: dict[str, Any] = {}
    for name in ("speaker", "text"):
        span = item.get(f"{name}_span")
        start, end = (span[0], span[1]) if isinstance(span, list | tuple) and len(span) == 2 else (None, None)
        out[f"{name}_start"], out[f"{name}_end"] = start, end
    return out


def _check_format(value: str) -> str:
    return check_choice(value, FORMATS)


_check_words = words_checker("has no word to look for")


def quotes_command(
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    speaker: Annotated[str | None, typer.Option(
        callback=_check_words,
        help="The speaker: a name as written or canonical, by whole words in any Arabic spelling "
             "(وزارة الخارجية الاميركية = US State Department), or a dictionary id (actor:usa-state).")] = None,
    q: Annotated[str | None, typer.Option(
        "--q", callback=_check_words,
        help="Text in the quote (a part of it, obfuscation undone: الكيميائية finds الكيـ.ميائية).")] = None,
    source: Annotated[str | None, typer.Option(help="The outlet that published the article, exactly.")] = None,
    since: Annotated[str | None, typer.Option(help="First publication day, YYYY-MM-DD.", callback=check_date)] = None,
    until: Annotated[str | None, typer.Option(help="Last publication day, YYYY-MM-DD.", callback=check_date)] = None,
    min_confidence: Annotated[float | None, typer.Option(
        "--min-confidence", callback=check_confidence_option,
        help="Keep quotes whose speaker the learned model chose with at least this probability (0 to 1); "
             "drops the rules' quotes, which have none.")] = None,
    ingested_since: IngestedSinceOption = None,
    limit: Annotated[int, typer.Option(min=1, help="Maximum number of quotes.")] = 100,
    fmt: Annotated[str, typer.Option(
        "--format", callback=_check_format,
        help="table, json (one array), jsonl (JSON Lines) or csv (UTF-8 with BOM).")] = "table",
    out: Annotated[str | None, typer.Option("--out", help="Write to this file instead of the terminal.")] = None,
    as_json: Annotated[bool, typer.Option(
        "--json", help="One JSON object per quote per line, like the other commands (same as --format jsonl).")] = False,
) -> None:
    """List quotes across documents, newest article first: who said what, direct or indirect, where
    and when ("according to whom"; the events one speaker claims: marsad events --claimed-by)."""
    from marsad.store import QuoteFilters

    if as_json:
        if fmt not in ("table", "jsonl"):
            fail(f"--json and --format {fmt} disagree: give one of them")
        fmt = "jsonl"
    if out and fmt == "table":
        fail("--out writes a file: give --format json, jsonl or csv")
    check_day_range(since, until)
    filters = QuoteFilters(speaker=speaker, q=q, source=source, since=since, until=until,
                           ingested_since=ingested_since,
                           min_confidence=min_confidence)
    store = open_store_or_fail(db, readonly=True)
    with store:
        quotes, total = store.quotes(filters, limit=limit)
        if not quotes:
            unknown_outlet_hint(store, source)
    if fmt == "table":
        _print_table(quotes, total)
        return
    if not out:
        _write(fmt, quotes, sys.stdout)
        return
    try:
        with open(out, "w", encoding="utf-8", newline="") as handle:
            _write(fmt, quotes, handle)
    except OSError as exc:
        fail(f"cannot write {out}: {exc.strerror or exc}")
    print(f"wrote {len(quotes)} quotes to {terminal_safe(out, one_line=True)}", file=sys.stderr)


def _write(fmt: str, quotes: list[dict[str, Any]], handle: TextIO) -> None:
    if fmt == "json":
        json.dump(quotes, handle, ensure_ascii=False, indent=1)
        handle.write("\n")
    elif fmt == "jsonl":
        for item in quotes:
            handle.write(json.dumps(item, ensure_ascii=False) + "\n")
    else:
        from marsad.store.export import csv_lines

        rows = ({**{c: item.get(c) for c in CSV_COLUMNS}, "chain": " > ".join(item.get("chain") or []),
                 **_spans(item)} for item in quotes)
        for piece in csv_lines(rows, CSV_COLUMNS):
            handle.write(piece)


def _print_table(quotes: list[dict[str, Any]], total: int) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from marsad.cli.tables import column_widths

    if not quotes:
        stdout.print("no quotes match")
        return
    # The day, the kind and the confidence are short codes never cut; the speaker and the quote wrap.
    # Under the first quote of each article: its title, outlet and id (what `marsad document ID` takes).
    scored = any(_confidence_text(item.get("speaker_confidence")) for item in quotes)
    caption = f"{len(quotes)} of {total} quote(s), newest article first; k: d direct, i indirect"
    table = Table(show_lines=True, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1),
                  caption=caption + ("; p: the speaker model's confidence" if scored else ""))
    columns = [("date", True), ("speaker", False), ("k", True), *([("p", True)] if scored else []), ("quote", False)]
    rows: list[list[str]] = []
    previous = None
    for item in quotes:
        speaker = display(item.get("speaker_canonical") or item.get("speaker") or "—", one_line=True)
        if item.get("speaker") and item.get("speaker_canonical") and item["speaker"] != item["speaker_canonical"]:
            # each name on its own line: the canonical one is not cut after its first words
            speaker = f"{display(item['speaker'], one_line=True)}\n({display(item['speaker_canonical'], one_line=True)})"
        relays = _relays(item)
        if relays:  # according to whom the article has it: the parties it came through (as `marsad events`)
            speaker += "\nvia " + display(" > ".join(relays), one_line=True)
        where = " · ".join(str(v) for v in (item.get("title"), item.get("outlet"), item.get("document_id")) if v)
        quote = display(str(item.get("text") or ""), one_line=True)
        if item.get("document_id") != previous:  # the article once, under its first quote
            quote += "\n" + display(where, one_line=True)
            previous = item.get("document_id")
        rows.append([str(item.get("published") or "")[:10], speaker,
                     "d" if item.get("direct") else "i",
                     *([_confidence_text(item.get("speaker_confidence")) or ""] if scored else []), quote])
    # Every column is shown (the quote and its speaker are the point); a column is padded by a space
    # each side, two more than column_widths counts between columns.
    # The speaker and the quote share the width left alike: a speaker's name (`US State Department`)
    # then fits on its line at 80 columns and the quote takes the rest.
    widths = column_widths(columns, rows, stdout.width - 2 * (len(columns) - 1))
    for (header, code), width in zip(columns, widths.values(), strict=True):
        if code:
            table.add_column(header, no_wrap=True)
        else:
            table.add_column(header, overflow="fold", width=width)
    for cells in rows:
        # Text cells: a plain string would be read as rich markup ([link=...] makes a terminal link).
        body, _, where = cells[-1].partition("\n")
        shown = Text(body)
        if where:
            shown.append("\n" + where, style="dim")
        table.add_row(*(Text(cell) for cell in cells[:-1]), shown)
    stdout.print(table)
    if total > len(quotes):
        stdout.print(f"{total - len(quotes)} more: raise --limit or narrow the filters", highlight=False)


def _relays(item: dict[str, Any]) -> list[str]:
    """The parties a quote came through after its speaker (``RT`` in ``Russia > RT``)."""
    chain = item.get("chain")
    names = {item.get("speaker"), item.get("speaker_canonical")}
    return [str(p) for p in chain[1:] if p and p not in names] if isinstance(chain, list) else []


def _confidence_text(value: object) -> str | None:
    return f"{value:.2f}" if isinstance(value, float | int) and not isinstance(value, bool) else None


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    app.command("quotes")(quotes_command)
