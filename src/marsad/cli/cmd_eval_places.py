"""``marsad eval places``: place mentions and geocoding against hand judgements of real articles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from marsad.cli.console import fail

DEFAULT_JSONL = "../shared/data/saudinewsnet/syria_related_subset.jsonl"
DEFAULT_STAGES = "boilerplate,repair,entities,places"


def eval_places(
    judged_file: Annotated[
        Path, typer.Argument(help="Judgement TSV (e.g. tests/gold/places/saudinewsnet_judged.tsv).")
    ],
    data: Annotated[
        Path, typer.Option("--data", help="The JSON Lines corpus the judgements point into (by line number).")
    ] = Path(DEFAULT_JSONL),
    n: Annotated[int, typer.Option("--n", min=1, help="How many articles to analyse.")] = 200,
    step: Annotated[int, typer.Option("--step", min=1, help="Take every STEP-th line of the corpus.")] = 14,
    stages: Annotated[str, typer.Option("--stages", help="Comma-separated stages to run.")] = DEFAULT_STAGES,
    dump: Annotated[
        str | None,
        typer.Option(
            "--dump", help="'sample' (unjudged mentions with context, to judge) or 'article:LINE' (to annotate)."
        ),
    ] = None,
    sample_size: Annotated[int, typer.Option("--sample-size", min=1, help="Mentions printed by --dump sample.")] = 200,
    seed: Annotated[int, typer.Option("--seed", help="Random seed of --dump sample.")] = 7,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as one JSON object.")] = False,
) -> None:
    """Place precision, right-place share and recall of the places stage against hand judgements."""
    from marsad.evaluate import places as ev
    from marsad.pipeline import UnknownStageError

    if not judged_file.is_file():
        fail(f"{judged_file}: no such judgement file")
    if not data.is_file():
        fail(f"{data}: not found (the JSON Lines corpus the judgements point into; give --data)")
    article: int | None = None
    if dump is not None and dump != "sample":
        kind, _, line = dump.partition(":")
        if kind != "article" or not line.isdigit():
            fail(f"--dump must be 'sample' or 'article:LINE', not {dump!r}")
        article = int(line)
    names = [s.strip() for s in stages.split(",") if s.strip()]
    try:
        docs, seconds = ev.analyse(ev.load_articles(data, n, step), names)
    except UnknownStageError as exc:
        fail(str(exc))
    judged, full = ev.read_judged(judged_file)
    if dump == "sample":
        lines = ev.sample_lines(docs, judged, sample_size, seed)
    elif article is not None:
        if article not in docs:
            fail(f"--dump article:{article}: line {article} is not among the analysed articles (--n, --step)")
        lines = ev.article_lines(docs, article)
    elif as_json:
        report = ev.score(docs, judged, full)
        out = {
            "articles": len(docs),
            "seconds": round(seconds, 2),
            "now": dict(report.now),
            "dropped": dict(report.dropped),
            "checked": report.checked,
            "places": report.places,
            "full_articles": report.full_articles,
            "true_mentions": report.true_mentions,
            "produced": report.produced,
            "right_of_true": report.right,
        }
        print(json.dumps(out, ensure_ascii=False))
        return
    else:
        lines = ev.report_lines(ev.score(docs, judged, full))
    for line in [*ev.summary_lines(docs, names, seconds), *lines]:
        print(line)


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    groups["eval"].command("places")(eval_places)
