"""Score a training recipe of the name tagger on the development slices of the ANERcorp train part.

The held-out tail (``marsad eval ner --part heldout``) is the test: ideas are chosen on two
slices carved from the part the shipped model trains on, never on the tail.  **dev A** is the
last 15 % of that part, **dev B** its 40–55 % slice; each model trains on the rest of the part
plus AQMAR train with the shipped settings (or the options given), and is scored sentence by
sentence, with runs of 20 sentences as articles (``spread_names``, as ``eval ner --article 20``),
and as the whole entity stage (``bench_ner_stage``'s protocol, runs of 20).

    python bench/bench_ner_dev.py --slice A                     # the shipped recipe on dev A
    python bench/bench_ner_dev.py --slice B --names-file FILE   # another name-word list (same format)
    python bench/bench_ner_dev.py --slice A --word-classes      # with the class file of 'marsad ner build-classes'
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_ner_stage import evaluate
from marsad.evaluate.ner import SCORED_TYPES, NerScores, evaluate_model
from marsad.ner.conll import Sentence, read_conll, split_holdout
from marsad.ner.crf import NerModel, TrainingParams, train
from marsad.ner.dictionary import name_word_list
from marsad.ner.word_classes import cached_classes
from marsad.stages.entities import EntityStage
from marsad.train.ner import ANERCORP_TRAIN, AQMAR_TRAIN, DEFAULT_HOLDOUT

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared"
ARTICLE = 20


def dev_slice(part: list[Sentence], name: str) -> tuple[list[Sentence], list[Sentence]]:
    """(training sentences, dev sentences) of the train part for slice ``A`` or ``B``."""
    if name == "A":
        return split_holdout(part, DEFAULT_HOLDOUT)
    lo, hi = round(0.40 * len(part)), round(0.55 * len(part))
    return part[:lo] + part[hi:], part[lo:hi]


def read_names(path: Path) -> dict[str, str]:
    """A name-word list in the packaged file's format (``word<TAB>labels<TAB>people``)."""
    rows = (row.split("\t") for row in path.read_text("utf-8").splitlines() if row and not row.startswith("#"))
    return {row[0]: row[1] + "|" + row[2] for row in rows if len(row) == 3 and row[0] != "word"}



def slice_inputs(prog: str, shared: Path, word_classes: bool, slice_name: str, aqmar: bool = True
                 ) -> tuple[dict[str, str] | None, list[Sentence], list[Sentence]] | None:
    """The user's class file (with ``word_classes``), and the training sentences (ANERcorp
    without its held-out tail and the slice, AQMAR train unless ``aqmar`` is false) and the slice's; None (and one
    line on stderr saying what is missing) when the data or the class file is."""
    data = shared / "data"
    if not (data / ANERCORP_TRAIN).is_file():
        print(f"{prog}: {ANERCORP_TRAIN} not found under {shared}/data", file=sys.stderr)
        return None
    classes = cached_classes() if word_classes else None
    if word_classes and classes is None:
        print(f"{prog}: --word-classes: no class file; build it with 'marsad ner build-classes'", file=sys.stderr)
        return None
    part = split_holdout(read_conll(data / ANERCORP_TRAIN).sentences, DEFAULT_HOLDOUT)[0]
    training, dev = dev_slice(part, slice_name)
    return classes, training + (read_conll(data / AQMAR_TRAIN).sentences if aqmar else []), dev


def line(result: NerScores) -> str:
    o = result.overall
    types = "  ".join(f"{k} {100 * result.per_type[k].f1:.1f}" for k in SCORED_TYPES if k in result.per_type)
    return f"P {100 * o.precision:.1f} R {100 * o.recall:.1f} F1 {100 * o.f1:.1f}   {types}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--slice", choices=("A", "B"), default="A")
    parser.add_argument("--c1", type=float, default=0.05)
    parser.add_argument("--c2", type=float, default=0.01)
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--min-freq", type=int, default=1, help="crfsuite's feature.minfreq")
    parser.add_argument("--no-name-list", action="store_true")
    parser.add_argument("--no-aqmar", action="store_true", help="train without AQMAR train")
    parser.add_argument("--names-file", type=Path, help="a name-word list to use instead of the packaged one")
    parser.add_argument("--word-classes", action="store_true",
                        help="the word classes of 'marsad ner build-classes' as features too")
    parser.add_argument("--save", type=Path, help="also write the model here")
    args = parser.parse_args()
    inputs = slice_inputs("bench_ner_dev", args.shared, args.word_classes, args.slice, aqmar=not args.no_aqmar)
    if inputs is None:
        return 2
    classes, training, dev = inputs
    params = TrainingParams(c1=args.c1, c2=args.c2, max_iterations=args.iterations,
                            min_feature_freq=args.min_freq)
    started = time.process_time()
    names = name_word_list() if args.names_file is None else read_names(args.names_file)
    model = train(training, params=params, names=None if args.no_name_list else names, classes=classes)
    cpu = time.process_time() - started
    if args.save:
        from marsad.ner.crf import save

        save(model, args.save)
    label = f"dev {args.slice} ({len(dev)} sentences; c1 {args.c1} c2 {args.c2} min-freq {args.min_freq}"
    label += f"; names {args.names_file.name})" if args.names_file else ")"
    label += " without the name-word list" if args.no_name_list else ""
    label += " without AQMAR" if args.no_aqmar else ""
    label += " with word classes" if args.word_classes else ""
    print(f"{label}: trained on {len(training)} sentences in {cpu:.0f} s CPU", flush=True)
    report(label, model, dev)
    return 0


def report(label: str, model: NerModel, dev: list[Sentence]) -> None:
    """A model's scores on a slice: the tagger sentence by sentence and in runs of ``ARTICLE``, the stage in runs."""
    print(f"{label} sentence by sentence: {line(evaluate_model(model, dev))}", flush=True)
    print(f"{label} runs of {ARTICLE}: {line(evaluate_model(model, dev, article=ARTICLE))}", flush=True)
    stage = EntityStage()
    stage.model = model
    print(f"{label} stage, runs of {ARTICLE}: {evaluate(stage, dev, ARTICLE)}", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
