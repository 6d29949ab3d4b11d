"""``marsad gazetteer import`` (add Who's On First / GeoNames places) and ``marsad gazetteer lookup``."""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from marsad.cli.console import fail, markup, stdout, terminal_safe


def _use_gazetteer_dir(path: Path | None) -> Path:
    from marsad.geo.gazetteer import user_gazetteer_dir

    if path is not None:
        os.environ["MARSAD_GAZETTEER"] = str(path)
    return user_gazetteer_dir()


GazetteerOption = Annotated[
    Path | None,
    typer.Option(
        "--gazetteer",
        help="Directory of the user gazetteer (default: $MARSAD_GAZETTEER, else the user data directory).",
    ),
]


def import_places(
    paths: Annotated[
        list[Path], typer.Argument(help="Who's On First (.geojson, dir, TSV) or GeoNames files.")
    ],
    fmt: Annotated[str, typer.Option("--format", help="wof, geonames or auto (detect per file).")] = "auto",
    gazetteer: GazetteerOption = None,
) -> None:
    """Add places from Who's On First or GeoNames files to the user gazetteer."""
    from rich.progress import Progress

    from marsad.geo import gazetteer as gz
    from marsad.geo.importer import FORMATS, ImportFormatError, merge, read_places

    if fmt not in (*FORMATS, "auto"):
        fail(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}, auto")
    directory = _use_gazetteer_dir(gazetteer)
    records = gz.read_user_places(directory)
    by_country: Counter[str] = Counter()
    added = updated = bad = 0
    with Progress(transient=True) as progress:
        task = progress.add_task("reading", total=len(paths))
        for path in paths:
            progress.update(task, description=f"reading {markup(path.name)}")
            try:
                found = read_places(path, fmt)
            except (ImportFormatError, OSError) as exc:
                print(f"marsad: {terminal_safe(str(exc), one_line=True)}", file=sys.stderr)
                bad += 1
                progress.advance(task)
                continue
            records, new, changed = merge(records, found)
            added += new
            updated += changed
            by_country.update(r.country for r in found)
            progress.console.print(f"{markup(str(path))}: {len(found):,} places with Arabic names", soft_wrap=True)
            progress.advance(task)
    if added or updated:
        try:
            gz.write_user_places(directory, records)
        except OSError as exc:
            fail(f"cannot write the user gazetteer in {directory}: {exc}")
        stdout.print("compiling the index …")
        gaz = gz.load(directory)
        stdout.print(f"index: {len(gaz.entries):,} places, {len(gaz.names):,} names")
    stdout.print(f"added {added:,} places, updated {updated:,}; user gazetteer: {markup(str(directory))}", soft_wrap=True)
    for country, count in by_country.most_common():
        stdout.print(f"  {markup(country)}  {count:,}")
    raise typer.Exit(1 if bad else 0)


def lookup(
    name: Annotated[str, typer.Argument(help="A place name as written (clitics such as ب/ل are tried off).")],
    country: Annotated[
        list[str] | None,
        typer.Option("--country", help="A country the article names (ISO alpha-2); repeatable."),
    ] = None,
    limit: Annotated[int, typer.Option(help="Show at most this many candidates.")] = 15,
    gazetteer: GazetteerOption = None,
) -> None:
    """Show the gazetteer candidates of a name with their scores and the reasons for them."""
    from marsad.geo import gazetteer as gz
    from marsad.geo.names import fold_word, name_key, name_words
    from marsad.geo.resolve import Context, decide, score_candidates
    from marsad.geo.scan import name_readings

    _use_gazetteer_dir(gazetteer)
    gaz = gz.load()
    key = name_key(name)
    if key not in gaz.names:
        words = name_words(name)
        for _prefix, stem in name_readings(words[0]) if words else ():
            folded = " ".join(
                [fold_word(stem, initial=True), *(fold_word(w, initial=False) for w in words[1:])]
            )
            if folded in gaz.names:
                key = folded
                break
    if key not in gaz.names:
        fail(f"{name!r} is not in the gazetteer (looked up as {key!r})", code=1)
    countries = Counter(c.upper() for c in country or [])
    scored = score_candidates(gaz, gaz.names[key], Context(countries=countries))
    winner = decide(scored)
    policy = gaz.policy.get(key, "free")
    stdout.print(
        markup(
            f"{name} → key {key!r}: {len(scored)} candidate(s), word frequency (Zipf) {gaz.zipf.get(key, 0):.2f}, "
            f"policy {policy}; " + (f"resolves to {winner.entry.id}" if winner else "unresolved without more context")
        ),
        soft_wrap=True,
    )
    for item in scored[:limit]:
        e = item.entry
        admin1 = gaz.admin1_name(e.admin1) if e.feature != "country" else None
        stdout.print(
            # Imported gazetteers are user data: every name is made inert and markup-safe.
            f"{item.score:6.2f}  {markup(f'{e.id:22}')} {markup(e.name)} ({markup(e.name_ar)}) {markup(e.country or '')}"
            f"{' / ' + markup(admin1) if admin1 else ''}  {markup(e.feature)} p{e.precision}  {e.lat:.4f},{e.lon:.4f}"
            f"  pop {e.population:,}",
            soft_wrap=True,
        )
        stdout.print("        " + markup("; ".join(item.reasons)), soft_wrap=True)


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    groups["gazetteer"].command("import")(import_places)
    groups["gazetteer"].command("lookup")(lookup)
