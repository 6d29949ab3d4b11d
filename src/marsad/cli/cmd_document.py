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
    version: Annotated[int | None, typer.Option(
        "--version", min=1, help="Print the text of this later version (its outlet's correction, read after the "
                                 "article was stored; not analysed) instead of the stored document.")] = None,
) -> None:
    """Show one stored document with its annotations (exit 1 when there is none with this id)."""

    store = open_store_or_fail(db, readonly=True)
    with store:
        found = store.document(doc_id)
    if found is None:
        fail(f"no document with id or source_id {doc_id!r}", code=1)
    versions = found.get("versions") or []
    if version is not None:
        chosen = next((v for v in versions if v["version"] == version), None)
        if chosen is None:
            held = f"its versions are 1 to {len(versions)}" if versions else "it has no later version"
            fail(f"document {found['id']} has no version {version}: {held}", code=1)
        sys.stdout.write(json.dumps(chosen, ensure_ascii=False) + "\n" if as_json else chosen["text"] + "\n")
        return
    if as_json:
        sys.stdout.write(json.dumps(found, ensure_ascii=False) + "\n")
        return
    from marsad.cli.render import render_document
    from marsad.document import Document

    render_document(Document.from_dict(found))
    if versions:
        import shlex

        db_arg = f" --db {shlex.quote(db)}" if db else ""
        # The stored text is the one analysed (offsets never move); a correction read later is kept beside it.
        print(f"read again with other words since it was stored ({found.get('ingested_at')}); the text above is "
              f"the one analysed, {len(versions)} later version(s) kept:")
        for v in versions:
            seen = v["first_seen"] + (f", last {v['last_seen']}" if v["last_seen"] != v["first_seen"] else "")
            print(f"  {v['version']}: read {seen} from {v['source'] or '?'}, {len(v['text'])} characters: "
                  f"marsad document{db_arg} {found['id']} --version {v['version']}")


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    app.command("document")(document_command)
