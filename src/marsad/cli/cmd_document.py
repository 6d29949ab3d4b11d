"""``marsad document``: one stored document, by Marsad's id or by the input record's own id."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from marsad.cli.console import fail, open_store_or_fail

DB_HELP = "Database file (default: $MARSAD_DB, else marsad.db in the user data directory)."


def document_command(
    doc_id: Annotated[str, typer.Argument(
        metavar="ID", help="Marsad's document id (sha1:…, url:…) or the input record's own id (source_id).")],
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the stored document as one JSON object.")] = False,
) -> None:
    """Show one stored document with its annotations (exit 1 when there is none with this id)."""

    store = open_store_or_fail(db, readonly=True)
    with store:
        found = store.document(doc_id)
    if found is None:
        fail(f"no document with id or source_id {doc_id!r}", code=1)
    if as_json:
        sys.stdout.write(json.dumps(found, ensure_ascii=False) + "\n")
        return
    from marsad.cli.render import render_document
    from marsad.document import Document

    render_document(Document.from_dict(found))


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    app.command("document")(document_command)
