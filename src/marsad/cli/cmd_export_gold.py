"""``marsad export-gold``: analysts' reviews written as a gold corpus that ``marsad train`` reads."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from marsad.cli.console import fail, open_store_or_fail, terminal_safe

DB_HELP = "Database file (default: $MARSAD_DB, else marsad.db in the user data directory)."


def export_gold_command(
    out: Annotated[str, typer.Option("--out", help="Folder to write the corpus into (created if missing).")],
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    dev_share: Annotated[float, typer.Option(
        "--dev-share", min=0.0, max=1.0,
        help="Share of the articles put in the dev split (fixed per document), the rest in train.")] = 0.2,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as one JSON object.")] = False,
) -> None:
    """Write the reviewed events and quotes in the annotation format (gold/ layout, corpus 'review');
    train on them with: marsad train attribution --gold OUT --corpora review."""
    from marsad.train.review_gold import export_gold

    store = open_store_or_fail(db, readonly=True)
    target = Path(out)
    try:
        with store:
            summary = export_gold(store, target, dev_share=dev_share)
    except OSError as exc:
        fail(f"cannot write {out}: {exc.strerror or exc}")
    for skipped in summary.skipped:
        print(f"marsad: skipped {terminal_safe(skipped, one_line=True)}", file=sys.stderr)
    if as_json:
        print(json.dumps(summary.to_json(), ensure_ascii=False))
        return
    if summary.articles == 0:
        print("no reviewed event or quote: wrote an empty corpus", file=sys.stderr)
    mentions = f" (and {summary.mentions} re-mention(s) merged into them)" if summary.mentions else ""
    print(f"wrote {summary.articles} article(s), {summary.events} event(s){mentions}, {summary.quotes} quote(s) "
          f"and {summary.rejected} rejected item(s) to {terminal_safe(out, one_line=True)} "
          f"(splits: {', '.join(f'{k} {v}' for k, v in sorted(summary.splits.items())) or 'none'})")


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    app.command("export-gold")(export_gold_command)
