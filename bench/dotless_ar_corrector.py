"""Measure a dotless context model built from the PyPI package ``ar-corrector``'s bigram counts.

``ar-corrector`` 1.1.6 (MIT) ships word bigram counts from about 33 million
tokens (``ar_corrector/resources/ngram_plus1.pickle``: previous word ->
Counter of next words; the 234,707 most frequent words, rarer ones as
``<unk>``).  Its upstream corpora's licences are not all stated, so nothing is
copied into the project: this script reads the installed package's file at run
time, with a restricted unpickler (only ``collections.Counter`` and
``collections.defaultdict``), and writes the model outside the repository.

The counting is :func:`marsad.text.dotless_arcorrector.build_model` (the one
the optional extra ``marsad[dotless]`` uses at run time); this script writes
the model to a file so that ``marsad eval repair --context-model`` can score it.

    pip install ar-corrector
    python bench/dotless_ar_corrector.py build --out ../arcorr-context.model
    python bench/dotless_ar_corrector.py texts --data ../shared/data/open-arabic-text --out ../open-arabic.jsonl
    marsad eval repair ../shared/data/saudinewsnet/syria_related_subset.jsonl --n 1000 --rate 0.12 \\
        --seed 0 --context-model ../arcorr-context.model --json

(``texts`` turns the open-arabic-text files into a JSON Lines file of
article-sized texts for ``marsad eval repair``: each XQuAD paragraph is one
text, NTREX-128 and UD Arabic-PUD sentences are grouped ten to a text.)
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import IO

from marsad.text.dotless_arcorrector import build_model, load_bigrams

SENTENCES_PER_TEXT = 10


def write_texts(data: Path, out: IO[str]) -> int:
    count = 0

    def emit(text: str, source: str) -> None:
        nonlocal count
        if text.strip():
            out.write(json.dumps({"text": text, "source": source}, ensure_ascii=False) + "\n")
            count += 1

    for line in (data / "xquad_ar_contexts.txt").read_text("utf-8").splitlines():
        emit(line, "xquad")
    for name in ("ntrex128.arb.txt", "ar_pud.txt"):
        lines = [s for s in (data / name).read_text("utf-8").splitlines() if s.strip()]
        for i in range(0, len(lines), SENTENCES_PER_TEXT):
            emit("\n".join(lines[i : i + SENTENCES_PER_TEXT]), name)
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the context model from ar-corrector's bigram counts")
    b.add_argument("--out", type=Path, required=True)
    t = sub.add_parser("texts", help="open-arabic-text files as JSON Lines for 'marsad eval repair'")
    t.add_argument("--data", type=Path, required=True)
    t.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    if args.command == "texts":
        with args.out.open("w", encoding="utf-8") as handle:
            print(f"{write_texts(args.data, handle)} texts -> {args.out}")
        return
    start = time.perf_counter()
    bigrams = load_bigrams()
    print(f"loaded {len(bigrams):,} contexts in {time.perf_counter() - start:.1f} s")
    model = build_model(bigrams)
    del bigrams
    model.save(args.out)
    print(
        f"left pairs {len(model.left.pairs):,}, right pairs {len(model.right.pairs):,}; "
        f"{args.out.stat().st_size / 1e6:.1f} MB in {time.perf_counter() - start:.1f} s"
    )


if __name__ == "__main__":
    main()
