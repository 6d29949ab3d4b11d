"""``marsad train repair-context``: the neighbour counts that settle dotless readings."""

from __future__ import annotations

import glob
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from marsad.cli.console import fail, warn

# Whether --corpus training counts (left, word, right) triples unless told otherwise.
JOINT_DEFAULT = False

if TYPE_CHECKING:
    from marsad.text.dotless_context import ContextModel
    from marsad.train.repair_context import CorpusText


def train_repair_context(
    out: Annotated[Path, typer.Option("--out", help="Model file to write (e.g. repair-context.model).")],
    data: Annotated[
        Path,
        typer.Option(
            "--data", help="Directory holding anercorp/, aqmar/ and wojood-sample/ (the shared data)."
        ),
    ] = Path("../shared/data"),
    corpus: Annotated[
        list[str] | None,
        typer.Option(
            "--corpus",
            help="Train on your own articles instead: JSON Lines/JSON ('text' or 'content'), ZIP archives of "
            "those, text files or directories; a quoted glob ('news/*.zip') is expanded. Repeatable.",
        ),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude",
            help="Leave out the articles of this file (matched by url, else by text; see --near-copies), "
            "e.g. an evaluation set. Repeatable.",
        ),
    ] = None,
    with_licensed: Annotated[
        bool,
        typer.Option("--with-licensed", help="With --corpus: add the licensed corpora found under --data."),
    ] = False,
    min_pair_count: Annotated[
        int,
        typer.Option("--min-pair-count", min=1, help="With --corpus: drop neighbour pairs seen fewer times."),
    ] = 1,
    near_copies: Annotated[
        bool,
        typer.Option(
            "--near-copies/--no-near-copies",
            help="With --exclude: also leave out articles sharing half their 8-word runs with an excluded one "
            "(republished agency stories).",
        ),
    ] = True,
    joint: Annotated[
        bool,
        typer.Option(
            "--joint/--no-joint",
            help="With --corpus: also count each word with its left and right neighbour together "
            "(a larger model; helps when the corpus has millions of words).",
        ),
    ] = JOINT_DEFAULT,
    min_joint_count: Annotated[
        int,
        typer.Option(
            "--min-joint-count",
            min=1,
            help="With --joint: drop (left, word, right) triples seen fewer times.",
        ),
    ] = 1,
) -> None:
    """Count word neighbours: in the licensed corpora (reproduces the shipped model), or in your own articles."""
    from marsad.train.repair_context import CorpusError, build_context_model, load_corpora

    started = time.monotonic()
    if exclude and not corpus:
        fail("--exclude needs --corpus (the licensed corpora have no articles to exclude)")
    licensed: list[CorpusText] = []
    if not corpus or with_licensed:
        data_dir = data.resolve()
        if (data_dir / "data" / "anercorp").is_dir():
            data_dir = data_dir / "data"  # accept the shared directory itself as well as its data/
        if not data_dir.is_dir():
            fail(f"--data {data}: not a directory")
        try:
            licensed = load_corpora(data_dir)
        except CorpusError as exc:
            fail(str(exc))
        for item in licensed:
            print(f"counting {item.name}: {len(item.sentences)} sentences", file=sys.stderr)
    if corpus:
        model = _train_on_corpus(
            corpus, exclude or [], licensed, min_pair_count, near_copies, joint, min_joint_count
        )
    else:
        model = build_context_model(licensed)
    try:
        model.save(out)
    except OSError as exc:
        fail(f"cannot write {out}: {exc.strerror}")
    size = out.stat().st_size / 1e6
    print(f"wrote {out} ({size:.2f} MB) in {time.monotonic() - started:.0f} s", file=sys.stderr)


def _train_on_corpus(
    corpus: list[str],
    exclude: list[str],
    licensed: list[CorpusText],
    min_pair_count: int,
    near_copies: bool,
    joint: bool,
    min_joint_count: int,
) -> ContextModel:
    from marsad.train.repair_context import Exclusions, build_corpus_context_model, read_exclusions

    corpus, exclude = _expand(corpus), _expand(exclude)
    exclusions = Exclusions()
    if exclude:
        exclusions, failures = read_exclusions(exclude, near_copies=near_copies)
        for failure in failures:
            warn("exclude", failure)
        print(
            f"excluding {len(exclusions.text_hashes)} articles ({len(exclusions.urls)} urls)", file=sys.stderr
        )
    model, stats = build_corpus_context_model(
        corpus,
        exclusions=exclusions,
        licensed=licensed,
        min_pair_count=min_pair_count,
        joint=joint,
        min_joint_count=min_joint_count,
    )
    for failure in stats.failures:
        warn("corpus", failure)
    if stats.articles == 0:
        fail(f"no articles read from {', '.join(corpus)} (after exclusions)")
    print(
        f"counted {stats.articles} articles, {stats.tokens} tokens; excluded {stats.excluded} "
        f"({stats.excluded_by_url} by url, {stats.excluded_by_text} by text, {stats.excluded_near} near copies); "
        f"{stats.unreadable} unreadable",
        file=sys.stderr,
    )
    return model


def _expand(paths: list[str]) -> list[str]:
    """Paths with glob patterns (``'news/*.zip'``, quoted) expanded; a missing path is an error."""
    out: list[str] = []
    missing: list[str] = []
    for path in paths:
        if glob.has_magic(path):
            matched = sorted(glob.glob(path))
            out.extend(matched)
            if not matched:
                missing.append(path)
        elif Path(path).exists():
            out.append(path)
        else:
            missing.append(path)
    if missing:
        fail(f"no such file or directory: {', '.join(missing)}")
    return out


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    groups["train"].command("repair-context")(train_repair_context)
