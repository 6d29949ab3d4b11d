"""Distributional word classes for the NER tagger, learned from redistributable unlabelled text.

Not shipped: used as tagger features (prefixes of the class path at 4, 7 and 10 splits and
the whole path, the neighbours' 6-split classes; or 4 and 8 splits only) they did not help on
the development slices of ANERcorp (docs/ner.md, docs/evaluation-log.md), so the package
has no class file.  The script stays so that the experiment can be repeated on more text.
The classes that did help are learned from ar-corrector's 33 M-token counts, on the user's
machine and opt-in: ``marsad ner build-classes`` (``marsad.ner.word_classes``).

A word never seen in a training name may still occur in unlabelled text, next to the same
words as names the tagger knows.  This script learns word classes from redistributable
running text only (nothing here comes from a source that may not ship):

- ``../shared/data/open-arabic-text``: NTREX-128 (CC BY-SA 4.0), UD Arabic-PUD sentences
  (CC BY-SA 3.0), XQuAD Arabic contexts (CC BY-SA 4.0);
- the words (not the tags) of the NER training corpora, exactly the part the shipped model is
  trained on: ANERcorp's train part minus the held-out tail (CC BY-SA 4.0) and AQMAR train
  (CC BY-SA 3.0); plus the Wojood public sample's train and val parts (MIT).

Each word is normalised (``marsad.text.normalize``) and loses its proclitic
(``marsad.ner.features.split_proclitic``: ``وبريطانيا`` and ``لبريطانيا`` are one
``بريطانيا``).  A word seen at least :data:`MIN_COUNT` times is described by the counts of
its left and right neighbours among the :data:`CONTEXTS` most frequent words, weighted by
positive pointwise mutual information and reduced to :data:`DIMENSIONS` dimensions by SVD;
the unit vectors are then split in two again and again (spherical 2-means started from the
sign of the first principal direction, so the result is deterministic) down to
:data:`DEPTH` levels or :data:`MIN_SPLIT` words.  A word's class is its path of ``0``/``1``
choices, so a prefix of the path is a coarser class (as with Brown clusters); the tagger
uses prefixes of several lengths.

    python tools/build_ner_clusters.py --out FILE [--shared DIR] [--exclude F:T ...]

The output is gzipped ``word<TAB>path`` lines under a header saying where the text came from.
``--exclude F:T`` leaves a slice of ANERcorp's train part (fractions of its
sentences) out of the text, for experiments that score on that slice.
"""

from __future__ import annotations

import argparse
import gzip
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))  # the checkout's own package and data files

from marsad.ner.conll import column_blocks, read_conll, split_holdout  # noqa: E402
from marsad.ner.tokens import tokenize  # noqa: E402
from marsad.ner.word_classes import _context_key, embed, paths, ppmi  # noqa: E402
from marsad.train.ner import ANERCORP_TRAIN, AQMAR_TRAIN, DEFAULT_HOLDOUT  # noqa: E402

DEFAULT_SHARED = ROOT.parent / "shared"
OPEN_TEXT = ("ntrex128.arb.txt", "ar_pud.txt", "xquad_ar_contexts.txt")
WOJOOD = ("train.txt", "val.txt")
MIN_COUNT = 2
CONTEXTS = 2000
DIMENSIONS = 80
DEPTH = 14
MIN_SPLIT = 8
HEADER = (
    "# Built by tools/build_ner_clusters.py from redistributable text: NTREX-128 (CC BY-SA 4.0), UD\n"
    "# Arabic-PUD (CC BY-SA 3.0), XQuAD (CC BY-SA 4.0), the words of ANERcorp's train part minus its\n"
    "# held-out tail (CC BY-SA 4.0), AQMAR train (CC BY-SA 3.0), the Wojood sample (MIT).\n"
    "word\tpath\n"
)


def _conll_words(path: Path) -> Iterator[list[str]]:
    for block in column_blocks(path.read_text(encoding="utf-8")):
        yield [columns[0] for columns in block if columns and columns[0] != "$#$"]


def corpus(shared: Path, exclude: Sequence[tuple[float, float]] = ()) -> Iterator[list[str]]:
    """The sentences (lists of tokens as written) of every input text."""
    data = shared / "data"
    for name in OPEN_TEXT:
        for line in (data / "open-arabic-text" / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield tokenize(line)
    anercorp, _tail = split_holdout(read_conll(data / ANERCORP_TRAIN).sentences, DEFAULT_HOLDOUT)
    skip = [range(round(lo * len(anercorp)), round(hi * len(anercorp))) for lo, hi in exclude]
    for index, sentence in enumerate(anercorp):
        if not any(index in part for part in skip):
            yield [token for token, _tag in sentence]
    for sentence in read_conll(data / AQMAR_TRAIN).sentences:
        yield [token for token, _tag in sentence]
    for name in WOJOOD:
        yield from _conll_words(data / "wojood-sample" / name)


def context_matrix(sentences: Iterable[Sequence[str]]) -> tuple[list[str], csr_matrix]:
    """Words seen ≥ MIN_COUNT times and their left/right neighbour counts (PPMI-weighted)."""
    keyed = [[_context_key(token) for token in sentence] for sentence in sentences]
    counts = Counter(key for sentence in keyed for key in sentence)
    words = sorted(
        (w for w, c in counts.items() if c >= MIN_COUNT and any(ch.isalpha() for ch in w)),
        key=lambda w: (-counts[w], w),
    )
    row_of = {w: i for i, w in enumerate(words)}
    contexts = sorted(counts, key=lambda w: (-counts[w], w))[:CONTEXTS]
    column_of = {w: i for i, w in enumerate(contexts)}
    pairs: Counter[tuple[int, int]] = Counter()
    for sentence in keyed:
        padded = ["<s>", *sentence, "</s>"]
        for i in range(1, len(padded) - 1):
            row = row_of.get(padded[i])
            if row is None:
                continue
            left, right = column_of.get(padded[i - 1]), column_of.get(padded[i + 1])
            if left is not None:
                pairs[row, left] += 1
            if right is not None:
                pairs[row, CONTEXTS + right] += 1
    rows, columns = zip(*sorted(pairs), strict=True)
    values = np.array([pairs[key] for key in sorted(pairs)], dtype=np.float64)
    matrix = csr_matrix((values, (rows, columns)), shape=(len(words), 2 * CONTEXTS))
    return words, ppmi(matrix)


def build_text(shared: Path, exclude: Sequence[tuple[float, float]] = ()) -> str:
    words, weighted = context_matrix(corpus(shared, exclude))
    classes = paths(embed(weighted, DIMENSIONS), DEPTH, MIN_SPLIT)
    lines = [f"{word}\t{path}\n" for word, path in sorted(zip(words, classes, strict=True)) if path]
    return HEADER + "".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--exclude", action="append", default=[], metavar="F:T")
    args = parser.parse_args()
    if not (args.shared / "data" / ANERCORP_TRAIN).is_file():
        print(f"build_ner_clusters: {ANERCORP_TRAIN} not found under {args.shared}/data", file=sys.stderr)
        return 2
    exclude = [(float(lo), float(hi)) for lo, _colon, hi in (part.partition(":") for part in args.exclude)]
    text = build_text(args.shared, exclude)
    args.out.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    print(f"{args.out.name}: {text.count(chr(10)) - 4} words", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
