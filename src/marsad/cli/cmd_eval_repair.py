"""``marsad eval repair``: obfuscate real articles, repair them, score the repairs."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from marsad.cli.console import fail, warn

if TYPE_CHECKING:
    from marsad.evaluate.repair import RepairScore

DEFAULT_JSONL = "../shared/data/saudinewsnet/syria_related_subset.jsonl"


def iter_article_texts(path: Path, limit: int) -> Iterator[str]:
    """Article bodies (``content`` or ``text``) of a JSON Lines file; bad lines are reported and skipped."""
    with path.open(encoding="utf-8", errors="replace") as handle:
        count = 0
        for number, line in enumerate(handle, 1):
            if count >= limit:
                return
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                warn(f"{path.name}:{number}", f"not JSON ({exc.msg}); line skipped")
                continue
            body = record.get("content") or record.get("text") if isinstance(record, dict) else None
            if not isinstance(body, str) or not body.strip():
                warn(f"{path.name}:{number}", "no 'content' or 'text' field; line skipped")
                continue
            count += 1
            yield body


def eval_repair(
    jsonl: Annotated[str, typer.Argument(help="JSON Lines file of articles ('content' or 'text' field).")] = (
        DEFAULT_JSONL
    ),
    n: Annotated[int, typer.Option("--n", min=1, help="Number of articles to use.")] = 1000,
    rate: Annotated[float, typer.Option("--rate", min=0.0, max=1.0, help="Share of words to obfuscate.")] = 0.12,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the obfuscation generator.")] = 0,
    style: Annotated[
        str,
        typer.Option(
            "--style",
            help="Obfuscation style: 'marsad' (the project's tricks) or 'circulating' "
            "(separators after every letter, random mixes, Persian look-alikes, kashida).",
        ),
    ] = "marsad",
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as one JSON object.")] = False,
    min_dotless_confidence: Annotated[
        float | None,
        typer.Option(
            "--min-dotless-confidence",
            min=0.0,
            max=1.0,
            help="Leave a dotless word as written below this share of probability (default: the stage's; 0 = always guess).",
        ),
    ] = None,
    context_model: Annotated[
        Path | None,
        typer.Option(
            "--context-model",
            help="Context model file to weigh dotless readings with (default: "
            "the shipped one), e.g. one trained with 'marsad train repair-context --corpus'.",
        ),
    ] = None,
) -> None:
    """Score the repair stage: restored words per trick, wrong repairs, false edits on clean text."""
    from rich.progress import Progress

    from marsad.evaluate.obfuscate import STYLES
    from marsad.evaluate.repair import RepairScore, score_article
    from marsad.stages.repair import ContextModelError, RepairStage

    if style not in STYLES:
        fail(f"unknown --style {style!r}; valid: {', '.join(STYLES)}")

    path = Path(jsonl)
    if not path.is_file():
        fail(f"{jsonl}: no such file (give a JSON Lines file of articles)")
    options: dict[str, Any] = {"context_model": context_model}
    if min_dotless_confidence is not None:
        options["min_dotless_confidence"] = min_dotless_confidence
    try:
        stage = RepairStage(**options)
    except ContextModelError as exc:
        fail(str(exc))
    score = RepairScore()
    with Progress(transient=True, disable=not sys.stderr.isatty()) as progress:
        task = progress.add_task("repairing", total=n)
        for i, text in enumerate(iter_article_texts(path, n)):
            score_article(stage, text, score, rate=rate, seed=seed + i, style=style)
            progress.advance(task)
    if score.articles == 0:
        fail(f"{jsonl}: no articles with a 'content' or 'text' field")
    if as_json:
        print(json.dumps(score.to_dict(), ensure_ascii=False))
        return
    _print_report(score)


def _print_report(score: RepairScore) -> None:
    from marsad.evaluate.obfuscate import ALL_TRICKS

    data = score.to_dict()
    print(f"articles: {data['articles']}   broken words: {data['broken_words']}")
    print(f"{'trick':20} {'words':>7} {'restored exactly':>17}")
    for trick in ALL_TRICKS:
        if score.gold_by_trick[trick]:
            print(f"{trick:20} {score.gold_by_trick[trick]:7d} {score.restored_pct(trick):16.2f}%")
    print(f"{'all':20} {data['broken_words']:7d} {score.restored_pct():16.2f}%")
    print(f"{'all but dotless':20} {'':7} {score.restored_pct_without('dotless'):16.2f}%")
    print(f"repairs: {score.repairs}   wrong: {score.wrong_repairs} ({score.wrong_pct:.2f}%)")
    by_trick = ", ".join(f"{t} {n}" for t, n in score.wrong_by_trick.most_common())
    if by_trick:
        print(f"wrong repairs by trick: {by_trick}; without dotless: {score.wrong_pct_without('dotless'):.2f}%")
    print(
        f"clean originals: {score.clean_words} words, {score.clean_false_edits} false edits "
        f"({score.false_edits_per_10k:.3f} per 10k words), {score.clean_protected_edits} on numbers/abbreviations, "
        f"{score.clean_tatweel_edits} decorative tatweel removals"
    )


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    groups["eval"].command("repair")(eval_repair)
