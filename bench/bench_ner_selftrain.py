"""Self-training of the name tagger on unlabelled redistributable text, scored on a development slice.

A model of the shipped recipe is trained without the slice (``bench_ner_dev``'s dev A or dev B),
tags the unlabelled sentences, and the sentences it tags with a best-path probability of at least
``--threshold`` are added to its training data as if they were gold; the retrained model is scored
on the slice as ``bench_ner_dev`` scores a recipe (sentence by sentence, runs of 20 with
``spread_names``, the whole entity stage). The unlabelled text is the open text of the shared data
(NTREX-128, UD Arabic-PUD, XQuAD: none of their 8-grams occurs in ANERcorp or AQMAR) and the
project's written articles (``gold/written-articles.jsonl``, training split only).

    python bench/bench_ner_selftrain.py --slice A --threshold 0.9
    python bench/bench_ner_selftrain.py --slice B --threshold 0.9 --base /tmp/devB.model  # reuse a base model
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import pycrfsuite

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_ner_dev import ARTICLE, report, slice_inputs
from marsad.ner.conll import Sentence
from marsad.ner.consistency import spread_names
from marsad.ner.crf import NerModel, TrainingParams, load, save, train
from marsad.ner.dictionary import name_word_list
from marsad.ner.features import sentence_features
from marsad.ner.tokens import sentences as token_sentences
from marsad.text.normalize import normalize

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared"
OPEN_TEXT = ("ntrex128.arb.txt", "ar_pud.txt", "xquad_ar_contexts.txt")
WRITTEN = ROOT / "gold" / "written-articles.jsonl"
MIN_TOKENS = 4


def unlabelled_texts(shared: Path, sources: set[str]) -> Iterator[str]:
    """The unlabelled texts as articles: runs of ARTICLE lines of the open text (one sentence or
    paragraph a line, in document order), each written article whole."""
    if "open" in sources:
        for name in OPEN_TEXT:
            lines = (shared / "data" / "open-arabic-text" / name).read_text("utf-8").splitlines()
            for first in range(0, len(lines), ARTICLE):
                yield "\n".join(lines[first : first + ARTICLE])
    if "written" in sources and WRITTEN.is_file():
        for row in WRITTEN.read_text("utf-8").splitlines():
            if row.strip():
                yield str(json.loads(row)["text"])


def tagged_sentences(
    model: NerModel, texts: Iterator[str], classes: Mapping[str, str] | None, spread: bool = False
) -> Iterator[tuple[float, Sentence]]:
    """(best-path probability, sentence with the model's tags) for every sentence of the texts; with
    ``spread``, each text's names are spread over its sentences as the stage does (``spread_names``)."""
    tagger = pycrfsuite.Tagger()
    tagger.open_inmemory(model._blob)
    for text in texts:
        tokens_of: list[list[str]] = []
        words_of: list[list[str]] = []
        tags_of: list[list[str]] = []
        probabilities: list[float] = []
        for sentence in token_sentences(text):
            tokens = [tok.text for tok in sentence]
            if len(tokens) < MIN_TOKENS:
                continue
            words = [normalize(t) or t for t in tokens]
            tags = tagger.tag(sentence_features(words, None, None, classes, model.names))
            probabilities.append(tagger.probability(tags))
            tokens_of.append(tokens)
            words_of.append(words)
            tags_of.append(list(tags))
        if spread and tags_of:
            tags_of = spread_names(words_of, tags_of)
        for p, tokens, tags in zip(probabilities, tokens_of, tags_of, strict=True):
            yield p, list(zip(tokens, tags, strict=True))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--slice", choices=("A", "B"), default="A")
    parser.add_argument("--threshold", type=float, nargs="+", default=[0.9],
                        help="best-path probabilities a silver sentence needs (one retraining each)")
    parser.add_argument("--min-names", type=int, default=0, help="names a silver sentence must hold")
    parser.add_argument("--sources", default="open,written", help="comma-separated: open, written")
    parser.add_argument("--word-classes", action="store_true",
                        help="the word classes of 'marsad ner build-classes' as features too")
    parser.add_argument("--spread", action="store_true",
                        help="spread each unlabelled article's names over its sentences before choosing")
    parser.add_argument("--student", choices=("same", "plain"), default="same",
                        help="plain: the retrained model has no word classes even when the tagging model has")
    parser.add_argument("--base", type=Path, help="the base model: read when the file exists, else trained and written")
    parser.add_argument("--save", type=Path, help="also write each retrained model, as FILE.<threshold>")
    args = parser.parse_args()
    inputs = slice_inputs("bench_ner_selftrain", args.shared, args.word_classes, args.slice)
    if inputs is None:
        return 2
    classes, training, dev = inputs
    params = TrainingParams(c1=0.05, c2=0.01, max_iterations=200)
    names = name_word_list()
    if args.base is not None and args.base.is_file():
        base = load(args.base, classes)
    else:
        base = train(training, params=params, names=names, classes=classes)
        if args.base is not None:
            save(base, args.base)
    label = f"dev {args.slice}" + (" with word classes" if args.word_classes else "")
    label += " (names spread)" if args.spread else ""
    report(f"{label} base", base, dev)
    silver = list(tagged_sentences(base, unlabelled_texts(args.shared, set(args.sources.split(","))), classes,
                                   args.spread))
    for threshold in args.threshold:
        chosen = [
            s for p, s in silver
            if p >= threshold and sum(tag.startswith("B-") for _t, tag in s) >= args.min_names
        ]
        names_in = sum(tag.startswith("B-") for s in chosen for _t, tag in s)
        started = time.process_time()
        student = None if args.student == "plain" else classes
        model = train(training + chosen, params=params, names=names, classes=student)
        cpu = time.process_time() - started
        if args.save is not None:
            save(model, args.save.with_name(f"{args.save.name}.{threshold}"))
        what = f"{label}{' -> plain' if student is None and classes else ''} + {len(chosen)} of {len(silver)} silver sentences (p >= {threshold}, {names_in} names)"
        print(f"{what}: trained in {cpu:.0f} s CPU", flush=True)
        report(what, model, dev)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
