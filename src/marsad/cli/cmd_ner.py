"""``marsad train ner``, ``marsad eval ner`` and ``marsad ner build-classes``: the CRF name tagger."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from marsad.cli.console import fail


def _print_scores(title: str, result: dict[str, Any]) -> None:
    print(title)
    print(f"  {'type':8} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6}")
    rows = [*result["types"].items(), ("overall", result["overall"])]
    for name, c in rows:
        print(
            f"  {name:8} {c['precision']:6.2f} {c['recall']:6.2f} {c['f1']:6.2f} {c['gold']:6d} {c['predicted']:6d}"
        )
    print(f"  (overall = micro-average over {', '.join(result['overall_types'])}; exact span and type)")


def train_ner(
    out: Annotated[Path, typer.Option("--out", help="Model file to write (e.g. ner-crf.model).")],
    data: Annotated[
        Path | None,
        typer.Option("--data", help="Directory holding anercorp/ and aqmar/ (the shared data directory)."),
    ] = None,
    train_files: Annotated[
        list[Path] | None, typer.Option("--train", help="Extra CoNLL training file (repeatable).")
    ] = None,
    holdout: Annotated[
        float, typer.Option(help="Fraction of ANERcorp held out (its last sentences).")
    ] = 0.15,
    aqmar: Annotated[bool, typer.Option(help="Also train on aqmar/train.txt when present.")] = True,
    c1: Annotated[float, typer.Option(help="L1 regularisation (prunes features: smaller model).")] = 0.05,
    c2: Annotated[float, typer.Option(help="L2 regularisation.")] = 0.01,
    iterations: Annotated[int, typer.Option(help="L-BFGS iterations.")] = 200,
    word_classes: Annotated[
        bool,
        typer.Option(
            "--word-classes",
            help="Use the word classes of 'marsad ner build-classes' as features "
            "(reproduces ner-crf-classes.model).",
        ),
    ] = False,
    name_list: Annotated[
        bool,
        typer.Option(
            help="Use the packaged name-word list (data/ner-name-words.tsv) as features "
            "(both shipped models read it).",
        ),
    ] = True,
) -> None:
    """Train the CRF name tagger; reproduces the shipped model with the default options."""
    from marsad.evaluate.ner import evaluate_model
    from marsad.ner.crf import TrainingParams, dump
    from marsad.ner.dictionary import name_word_list
    from marsad.ner.word_classes import cached_classes
    from marsad.train.ner import AQMAR_DEV, TrainingDataError, load_training_data, train_model

    classes = None
    if word_classes:
        classes = cached_classes()
        if classes is None:
            fail("--word-classes: no word-class file; build it first with 'marsad ner build-classes'")

    data_dir = data.resolve() if data else None
    if data_dir is not None and not data_dir.is_dir():
        fail(f"--data {data}: not a directory")
    if data_dir is not None and (data_dir / "data" / "anercorp").is_dir():
        data_dir = data_dir / "data"  # accept the shared directory itself as well as its data/
    try:
        training = load_training_data(data_dir, train_files or [], holdout=holdout, use_aqmar=aqmar)
    except (TrainingDataError, ValueError) as exc:
        fail(str(exc))
    for source in training.sources:
        held = f"; held out: {source['heldout']}" if "heldout" in source else ""
        print(f"training on {source['file']}: {source['sentences_used']} sentences{held}", file=sys.stderr)
    started = time.monotonic()
    model = train_model(
        training,
        TrainingParams(c1=c1, c2=c2, max_iterations=iterations),
        holdout=holdout,
        progress=lambda msg: print(msg, file=sys.stderr),
        classes=classes,
        names=name_word_list() if name_list else None,
    )
    evaluation: dict[str, Any] = {}
    if training.heldout:
        evaluation["anercorp_heldout"] = evaluate_model(model, training.heldout).as_dict()
    if data_dir is not None and (data_dir / AQMAR_DEV).is_file():
        from marsad.ner.conll import read_conll

        evaluation["aqmar_dev"] = evaluate_model(model, read_conll(data_dir / AQMAR_DEV).sentences).as_dict()
    model.header["evaluation"] = {k: v["overall"] for k, v in evaluation.items()}
    blob = dump(model)
    try:
        out.write_bytes(blob)
    except OSError as exc:
        fail(f"cannot write {out}: {exc.strerror}")
    print(f"wrote {out} ({len(blob) / 1e6:.2f} MB) in {time.monotonic() - started:.0f} s", file=sys.stderr)
    for name, result in evaluation.items():
        _print_scores(name, result)


def eval_ner(
    gold: Annotated[Path, typer.Argument(help="CoNLL file with gold tags ('token TAG' per line).")],
    model_path: Annotated[
        Path | None, typer.Option("--model", help="Model file (default: the shipped model).")
    ] = None,
    part: Annotated[
        str,
        typer.Option(
            help="'all' sentences, or the 'heldout' tail that 'marsad train ner' kept out of training."
        ),
    ] = "all",
    article: Annotated[
        int,
        typer.Option(
            min=1,
            help="Tag runs of this many sentences as one article and spread each name over it "
            "(document consistency: marsad.ner.consistency); 1 = sentence by sentence.",
        ),
    ] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Entity-level precision/recall/F1 per type (CoNLL style) of the tagger on a gold file."""
    from marsad.evaluate.ner import evaluate_model
    from marsad.ner.conll import ConllError, read_conll, split_holdout
    from marsad.ner.crf import ModelError, default_model, load
    from marsad.train.ner import DEFAULT_HOLDOUT

    if part not in ("all", "heldout"):
        fail(f"--part must be 'all' or 'heldout', not {part!r}")
    try:
        model = load(model_path) if model_path else default_model()
    except ModelError as exc:
        fail(str(exc))
    if model is None:
        fail("no model shipped with this installation; give --model FILE (see 'marsad train ner')")
    assert model is not None
    try:
        sentences = read_conll(gold).sentences
    except ConllError as exc:
        fail(str(exc))
    if part == "heldout":
        fraction = float(model.header.get("holdout_fraction", DEFAULT_HOLDOUT))
        sentences = split_holdout(sentences, fraction)[1]
    started = time.monotonic()
    result = evaluate_model(model, sentences, article=article).as_dict()
    elapsed = time.monotonic() - started
    result["sentences"] = len(sentences)
    result["article_sentences"] = article
    result["tokens"] = sum(len(s) for s in sentences)
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        _print_scores(
            f"{gold.name} ({part}: {result['sentences']} sentences, {result['tokens']} tokens)", result
        )
        print(f"  tagged in {elapsed:.1f} s", file=sys.stderr)


def build_classes(
    min_count: Annotated[
        int, typer.Option(min=1, help="A word needs this many occurrences in the counts to get a class.")
    ] = 20,
    force: Annotated[bool, typer.Option("--force", help="Rebuild even when the class file exists.")] = False,
) -> None:
    """Build the tagger's word classes from the installed ar-corrector package into the cache directory.

    Opt-in, once (half a minute to a few minutes of CPU, 2.4 GB): then the entities stage tags names
    with the class-trained model (docs/ner.md).
    """
    from marsad.ner.word_classes import WordClassError, build_from_ar_corrector, class_file, write_class_file

    target = class_file()
    if target.is_file() and not force:
        print(f"{target} exists (give --force to rebuild)", file=sys.stderr)
        return
    started = time.monotonic()
    try:
        text = build_from_ar_corrector(min_count, progress=lambda msg: print(msg, file=sys.stderr))
        path = write_class_file(text, target)
    except WordClassError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot write {target}: {exc.strerror}")
    words = sum(1 for line in text.splitlines() if line and not line.startswith("#")) - 1
    print(f"wrote {path} ({words} words) in {time.monotonic() - started:.0f} s", file=sys.stderr)
    # Say which tagger the entities stage now uses: the class model reads only the classes of the
    # build it was trained with (the default --min-count).
    from marsad.ner.crf import CLASSES_MODEL, packaged_model

    packaged_model.cache_clear()
    if packaged_model(True) is not None:
        print(f"the entities stage now tags names with {CLASSES_MODEL}; delete {path} to switch back", file=sys.stderr)
    else:
        print(f"{CLASSES_MODEL} does not fit this class file: the default model keeps tagging", file=sys.stderr)


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    groups["train"].command("ner")(train_ner)
    groups["eval"].command("ner")(eval_ner)
    groups["ner"].command("build-classes")(build_classes)
