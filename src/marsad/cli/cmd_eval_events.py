"""``marsad eval events``: quotes and events against gold annotations of real articles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from marsad.cli.console import build_pipeline, fail, pipeline_config, warn

if TYPE_CHECKING:
    from marsad.evaluate.events import Report

DEFAULT_JSONL = "../shared/data/saudinewsnet/syria_related_subset.jsonl"


DEFAULT_GOLD = "gold"
DEFAULT_SHARED = "../shared/data"
SPLIT_CHOICES = ("train", "dev", "test", "all")

# Options shared by the corpus commands (eval events, eval quotes, eval agreement).
GoldArg = Annotated[str, typer.Argument(help="The gold corpus (a folder with splits.tsv; default: gold), or for "
                                             "'eval events' an older folder of line-numbered gold files.")]
SplitOpt = Annotated[str, typer.Option("--split", help="Corpus split to score: train, dev, test (sealed: score it "
                                                        "once per round, never tune on it) or all.")]
SharedOpt = Annotated[str, typer.Option("--shared", help="The shared data folder holding SaudiNewsNet (its text "
                                                          "never ships).")]
ExtractionOpt = Annotated[str, typer.Option("--extraction", help="learned (the shipped models, or "
                                                                  "--attribution-model) or rules (the rule set "
                                                                  "alone, for comparison).")]
ModelOpt = Annotated[str | None, typer.Option("--attribution-model", help="A model file from 'marsad train "
                                                                          "attribution'.")]
CorporaOpt = Annotated[str, typer.Option("--corpora", help="Comma-separated corpora to score (e.g. anercorp,ntrex128), "
                                                          "or all.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the scores as one JSON object.")]
DetailsOpt = Annotated[bool, typer.Option("--details", help="List every miss, extra and wrong label.")]


def eval_events(
    gold_dir: GoldArg = DEFAULT_GOLD,
    split: SplitOpt = "dev",
    shared: SharedOpt = DEFAULT_SHARED,
    data: Annotated[
        str, typer.Option("--data", help="Older gold folders only: the JSON Lines corpus they point into.")
    ] = DEFAULT_JSONL,
    extraction: ExtractionOpt = "learned",
    attribution_model: ModelOpt = None,
    corpora: CorporaOpt = "all",
    as_json: JsonOpt = False,
    details: DetailsOpt = False,
) -> None:
    """Events and quotes against gold: P/R/F1, actor/target/status right, duplicates, speakers."""
    if (Path(gold_dir) / "splits.tsv").is_file():
        _eval_corpus(Path(gold_dir), split, Path(shared), as_json, details, "events", extraction, attribution_model,
                     corpora)
        return
    from marsad.evaluate.events import GoldError, evaluate
    from marsad.pipeline import Pipeline

    pipeline = Pipeline.build()
    try:
        report = evaluate(Path(gold_dir), Path(data), pipeline)
    except GoldError as exc:
        fail(str(exc))
        return
    for message in report.errors:
        warn(gold_dir, message)
    if report.documents == 0:
        fail("no gold article could be scored")
    if as_json:
        _print_json(report, details)
        return
    _print_report(report, details)


def eval_quotes(
    gold_dir: GoldArg = DEFAULT_GOLD,
    split: SplitOpt = "dev",
    shared: SharedOpt = DEFAULT_SHARED,
    extraction: ExtractionOpt = "learned",
    attribution_model: ModelOpt = None,
    corpora: CorporaOpt = "all",
    as_json: JsonOpt = False,
    details: DetailsOpt = False,
) -> None:
    """Quotes against gold: cue P/R/F1 and speaker precision/recall."""
    if not (Path(gold_dir) / "splits.tsv").is_file():
        fail(f"{gold_dir} is not a gold corpus (no splits.tsv); the default is the project's gold folder")
    _eval_corpus(Path(gold_dir), split, Path(shared), as_json, details, "quotes", extraction, attribution_model,
                 corpora)


def eval_agreement(
    gold_dir: GoldArg = DEFAULT_GOLD,
    shared: SharedOpt = DEFAULT_SHARED,
    as_json: JsonOpt = False,
    details: DetailsOpt = False,
) -> None:
    """Inter-annotator agreement: the second pass scored against the first (same measures as eval events)."""
    from marsad.evaluate.attribution import agreement
    from marsad.evaluate.gold_corpus import GoldCorpus, GoldCorpusError

    try:
        corpus = GoldCorpus(Path(gold_dir), Path(shared) if Path(shared).is_dir() else None)
    except GoldCorpusError as exc:
        fail(str(exc))
    report = agreement(corpus)
    for message in report.errors:
        warn(gold_dir, message)
    if report.overall.articles == 0:
        fail("no article has both passes yet")
    _print(report, as_json, details, "events", "agreement (second pass against first)")


def _print_json(report: Any, details: bool) -> None:
    out = report.as_dict()
    if details:
        out["details"] = report.details
    print(json.dumps(out, ensure_ascii=False))


def _print(report: Any, as_json: bool, details: bool, what: str, heading: str) -> None:
    if as_json:
        _print_json(report, details)
        return
    print(f"{heading}   articles scored: {report.overall.articles}")
    for name, scores in [("all", report.overall), *sorted(report.by_corpus.items())]:
        print(f"\n[{name}] {scores.articles} articles")
        _print_scores(scores, what)
    if details:
        for line in report.details:
            print("  " + line)


def _eval_corpus(root: Path, split: str, shared: Path, as_json: bool, details: bool, what: str,
                 extraction: str, attribution_model: str | None, corpora: str = "all") -> None:
    from marsad.attribution.learned.extract import EXTRACTION_CHOICES, shipped_models
    from marsad.evaluate.attribution import evaluate_corpus
    from marsad.evaluate.gold_corpus import GoldCorpus, GoldCorpusError

    if split not in SPLIT_CHOICES:
        fail(f"unknown split {split!r}; choose one of: {', '.join(SPLIT_CHOICES)}")
    try:
        corpus = GoldCorpus(root, shared if shared.is_dir() else None)
    except GoldCorpusError as exc:
        fail(str(exc))
    wanted: frozenset[str] | None = None
    if corpora != "all":
        known = corpus.corpora()
        wanted = frozenset(name.strip() for name in corpora.split(",") if name.strip())
        unknown = sorted(wanted - set(known))
        if unknown or not wanted:
            fail(f"unknown corpora {', '.join(unknown) or corpora!r}; choose from: {', '.join(known)}, or all")
    extraction = extraction.strip().lower()
    if extraction not in EXTRACTION_CHOICES:
        fail(f"unknown extraction {extraction!r}; choose one of: {', '.join(EXTRACTION_CHOICES)}")
    if extraction == "learned" and attribution_model is None and shipped_models() is None:
        fail("this build ships no attribution model; train one with 'marsad train attribution' "
             "or use --extraction rules")
    pipeline = build_pipeline(pipeline_config(None, None, extraction, attribution_model))
    report = evaluate_corpus(corpus, None if split == "all" else split, pipeline, wanted)
    for message in report.errors:
        warn(str(root), message)
    if report.overall.articles == 0:
        fail(f"no annotated article of split {split!r} could be scored")
    _print(report, as_json, details, what, f"split: {split}   extraction: {extraction}")


def _print_scores(scores: Any, what: str) -> None:
    tallies = [("quotes (cue)", scores.quotes), ("quote speakers", scores.speakers)]
    if what == "events":
        tallies = [("events: type", scores.events_type), ("events: type+actor", scores.events_actor),
                   ("events: type+actor+target", scores.events_actor_target), *tallies]
    print(f"{'':28} {'gold':>5} {'pred':>5} {'ok':>5} {'P':>6} {'R':>6} {'F1':>6}")
    for name, c in tallies:
        print(f"{name:28} {c.gold:5d} {c.predicted:5d} {c.correct:5d} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f}")
    if what == "events":
        shares = [("actor right (matched)", scores.actor_right), ("target right (matched)", scores.target_right),
                  ("actor precision (given)", scores.actor_precision),
                  ("target precision (given)", scores.target_precision),
                  ("status right (matched)", scores.status_right), ("duplicate events", scores.duplicates)]
        for name, share in shares:
            print(f"{name:28} {share.right}/{share.total} = {share.value:.3f}")


def _print_report(report: Report, details: bool) -> None:
    print(f"articles scored: {report.documents}")
    rows = [
        ("quotes (cue found)", report.quotes),
        ("quote speakers", report.speakers),
        ("events: type (trigger)", report.events_type),
        ("events: type+actor", report.events_actor),
        ("events: type+actor+target", report.events_actor_target),
    ]
    print(f"{'':28} {'gold':>5} {'pred':>5} {'ok':>5} {'P':>6} {'R':>6} {'F1':>6}")
    for name, c in rows:
        print(f"{name:28} {c.gold:5d} {c.predicted:5d} {c.correct:5d} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f}")
    print(f"{'status accuracy':28} {report.status.right}/{report.status.total} = {report.status.value:.3f}")
    print(f"{'place match':28} {report.place.right}/{report.place.total} = {report.place.value:.3f}")
    if details:
        for line in report.details:
            print("  " + line)


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    groups["eval"].command("events")(eval_events)
    groups["eval"].command("quotes")(eval_quotes)
    groups["eval"].command("agreement")(eval_agreement)
