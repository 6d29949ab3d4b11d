"""``marsad search``: full-text search over the stored, repaired and normalised articles."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer
from typer.core import TyperCommand, TyperOption

from marsad.cli.console import (
    IngestedSinceOption,
    check_date,
    display,
    fail,
    markup,
    open_store_or_fail,
    stderr,
    stdout,
    visual_order,
)
from marsad.cli.filter_checks import check_day_range, unknown_outlet_hint

if TYPE_CHECKING:
    from rich.text import Text

DB_HELP = "Database file (default: $MARSAD_DB, else marsad.db in the user data directory)."


QUERY_HELP = (
    'Words to find (all must occur); a OR b; -word excludes; "a phrase"; prefix*. '
    "Spelling variants and clitics fold (حلب finds وحلب, not حلبة)."
)


def search_command(
    query: Annotated[str | None, typer.Argument(help=QUERY_HELP, show_default=False)] = None,
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="Maximum number of results.")] = 10,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many results (paging).")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per result per line.")] = False,
    reindex: Annotated[
        bool, typer.Option("--reindex", help="Rebuild the search index (after upgrading Marsad) and exit.")
    ] = False,
    source: Annotated[str | None, typer.Option(
        "--source", help="Only articles of this outlet, exactly as stored (as 'marsad events --source').")] = None,
    since: Annotated[str | None, typer.Option(
        help="Only articles published on or after this day, YYYY-MM-DD.", callback=check_date)] = None,
    until: Annotated[str | None, typer.Option(
        help="Only articles published on or before this day, YYYY-MM-DD.", callback=check_date)] = None,
    ingested_since: IngestedSinceOption = None,
) -> None:
    """Search the stored articles; prints how many match and a snippet with the matching words highlighted.

    Syntax: all words must occur; a OR b; -word excludes; "a phrase"; prefix*.
    """
    from marsad.store import EmptyQueryError, Filters
    from marsad.store.fts import SYNTAX_HELP

    if reindex:
        _reindex(db)
        return
    if query is None:
        fail(f"give the words to search for ({SYNTAX_HELP})")
    check_day_range(since, until)
    # The documents' filters of marsad events (round 34): a month of crawl is searched a week at a time.
    filters = Filters(source=source.strip() if source and source.strip() else None, since=since, until=until,
                      ingested_since=ingested_since)
    store = open_store_or_fail(db, readonly=True)
    with store:
        try:
            results = store.search(query, limit=limit, offset=offset, filters=filters)
            total = store.count_search(query, filters=filters)
        except EmptyQueryError as exc:  # also bad syntax (QuerySyntaxError)
            fail(str(exc))
        if not total:
            unknown_outlet_hint(store, filters.source)
        if store.search_index_stale():
            stderr.print("note: this database's search index was built by an older Marsad;"
                         " 'marsad search --reindex' rebuilds it", soft_wrap=True)
    if as_json:
        for item in results:
            sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
        return
    if not results:
        if total:
            stdout.print(f"{total} document(s) match; none from {offset + 1}", soft_wrap=True)
        else:
            among = " among the articles the options keep" if filters.active() else ""
            stdout.print(f"no document matches {markup(query)}{among}", soft_wrap=True)
        raise typer.Exit(1)
    stdout.print(f"{total} document(s) match; showing {offset + 1}–{offset + len(results)}", soft_wrap=True)
    for rank, item in enumerate(results, start=offset + 1):
        head = " · ".join(str(v) for v in (item["title"] or item["id"], item["source"], item["published"]) if v)
        # The title and the snippet are prose: rich wraps them between words at the terminal's width
        # (the terminal's own wrap cut Arabic words in two).  The URL stays one line, whole, to copy.
        stdout.print(f"\n[bold]{rank}. {markup(head)}[/]")
        if item["url"]:
            stdout.print(f"   {markup(item['url'])}", soft_wrap=True)
        stdout.print(_snippet(item["snippet"], item["highlights"]))
        if item.get("later_versions"):
            # The hit is in the text first stored; the outlet has corrected the article since.
            count = int(item["later_versions"])
            stdout.print(f"   [italic]an older text: the article was read again with other words {count} time(s), last "
                         f"{markup(str(item.get('latest_version_seen') or '')[:10])}; marsad document "
                         f"{markup(item['id'])} --version {count} prints the latest[/]", soft_wrap=True)


def _reindex(db: str | None) -> None:
    """Open the database for writing: that re-indexes a store whose index an older Marsad built."""

    store = open_store_or_fail(db)
    with store:
        count = store.count_documents()
    stdout.print(f"search index up to date: {count} document(s)", soft_wrap=True)


def _snippet(snippet: str, highlights: list[list[int]]) -> Text:
    """The snippet with the matched words highlighted, each piece made safe on its own (an
    escape is longer than the character it shows, so the highlight offsets hold only before).

    The line stays in logical order so a bidi-aware terminal shows it right to left; with
    MARSAD_BIDI=visual it is reordered as a whole and shown without highlights.
    """
    from rich.text import Text

    if visual_order():
        return Text(display(snippet))
    out = Text()
    pos = 0
    for start, end in sorted(highlights):
        if start < pos:
            continue
        out.append(display(snippet[pos:start]))
        out.append(display(snippet[start:end]), style="bold reverse")
        pos = end
    out.append(display(snippet[pos:]))
    return out


class _SearchCommand(TyperCommand):
    """``marsad search -داعش سوريا`` reads the query, not an unknown option ``-د``.

    Click reads every argument that starts with ``-`` as options.  Here an argument that starts with
    one ``-``, is not an option of the command and is not an option's value (``--limit -3``) is moved
    after ``--``, so it reaches the query wherever it stands; long options (``--jsn``) still fail as
    unknown, and an explicit ``--`` leaves the arguments as they are.
    """

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        return super().parse_args(ctx, dash_words_last(self.get_params(ctx), args))


def dash_words_last(params: Sequence[object], args: list[str]) -> list[str]:
    """``args`` with the words that start with one ``-`` and are not options (nor option values)
    after a ``--``; ``args`` itself when there are none or a ``--`` is already given."""
    if "--" in args:
        return args
    takes_value = {
        name: not (param.is_flag or param.count)
        for param in params
        if isinstance(param, TyperOption)
        for name in (*param.opts, *param.secondary_opts)
    }
    kept: list[str] = []
    words: list[str] = []
    value_next = False
    for arg in args:
        if value_next:
            kept.append(arg)
            value_next = False
        elif arg.startswith("-") and not arg.startswith("--") and len(arg) > 1 and arg not in takes_value:
            words.append(arg)
        else:
            kept.append(arg)
            value_next = takes_value.get(arg, False)
    return [*kept, "--", *words] if words else args


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    app.command("search", cls=_SearchCommand)(search_command)
