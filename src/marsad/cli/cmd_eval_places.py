"""``marsad eval places``: place mentions and geocoding against hand judgements of real articles,
or against the place-mention gold corpus (``--gold-corpus gold``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from marsad.cli.console import fail, warn

DEFAULT_JSONL = "../shared/data/saudinewsnet/syria_related_subset.jsonl"
DEFAULT_STAGES = "boilerplate,repair,entities,places"
SPLIT_CHOICES = ("train", "dev", "test", "all")


def eval_places(
    judged_file: Annotated[
        Path | None,
        typer.Argument(help="Judgement TSV (e.g. tests/gold/places/saudinewsnet_judged.tsv); or give --gold-corpus."),
    ] = None,
    data: Annotated[
        Path, typer.Option("--data", help="The JSON Lines corpus the judgements point into (by line number).")
    ] = Path(DEFAULT_JSONL),
    n: Annotated[
        int, typer.Option("--n", min=1, help="How many articles to analyse (unless the file's '# lines:' names them).")
    ] = 200,
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
    gold_corpus: Annotated[
        Path | None,
        typer.Option("--gold-corpus", help="Score against the place gold of this gold corpus (e.g. gold: its "
                                           "places/<id>.json) instead of a judgement file."),
    ] = None,
    split: Annotated[
        str, typer.Option("--split", help="With --gold-corpus: train, dev, test (sealed: score it once per round, "
                                          "never tune on it) or all.")
    ] = "dev",
    shared: Annotated[
        Path, typer.Option("--shared", help="With --gold-corpus: the shared data folder holding SaudiNewsNet "
                                            "(its text never ships; without it those articles are skipped).")
    ] = Path("../shared/data"),
    details: Annotated[
        bool, typer.Option("--details", help="With --gold-corpus: list every missed, false and mislocated place.")
    ] = False,
) -> None:
    """Place precision, right-place share and recall of the places stage against hand judgements or gold."""
    from marsad.evaluate import places as ev
    from marsad.pipeline import UnknownStageError

    if gold_corpus is not None:
        if judged_file is not None:
            fail("give either a judgement file or --gold-corpus, not both")
        _eval_gold(gold_corpus, split, shared, stages, as_json, details)
        return
    if judged_file is None:
        fail("give a judgement file (e.g. tests/gold/places/saudinewsnet_judged.tsv) or --gold-corpus gold")
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
        wanted = ev.judged_lines(judged_file)
    except ValueError as exc:
        fail(str(exc))
    try:
        articles = ev.load_lines(data, wanted) if wanted else ev.load_articles(data, n, step)
        docs, seconds = ev.analyse(articles, names)
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


def _eval_gold(root: Path, split: str, shared: Path, stages: str, as_json: bool, details: bool) -> None:
    from marsad.evaluate import places as ev
    from marsad.evaluate.gold_corpus import GoldCorpus, GoldCorpusError
    from marsad.pipeline import Pipeline, UnknownStageError

    if split not in SPLIT_CHOICES:
        fail(f"unknown split {split!r}; choose one of: {', '.join(SPLIT_CHOICES)}")
    try:
        corpus = GoldCorpus(root, shared if shared.is_dir() else None)
        pipeline = Pipeline.build([s.strip() for s in stages.split(",") if s.strip()])
    except (GoldCorpusError, UnknownStageError) as exc:
        fail(str(exc))
    report = ev.evaluate_gold_places(corpus, None if split == "all" else split, pipeline)
    for message in report.errors:
        warn(str(root), message)
    if report.overall.articles == 0:
        fail(f"no article of split {split!r} with place gold ({root}/{ev.GOLD_PLACES}/<id>.json) could be scored")
    if as_json:
        out = report.as_dict()
        if details:
            out["details"] = report.details
        print(json.dumps(out, ensure_ascii=False))
        return
    for line in ev.gold_report_lines(report):
        print(line)
    if details:
        for line in report.details:
            print("  " + line)


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    groups["eval"].command("places")(eval_places)
