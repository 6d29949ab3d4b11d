"""Distributional word classes for the name tagger, built on the user's machine (opt-in).

A word's class is a path of binary splits (``0110101111111111``): words used
next to the same neighbours share a long prefix, so a name never seen in
training still looks like the names of its class.  The classes are learned from
the word bigram counts of the PyPI package ``ar-corrector`` (MIT; about 33 M
tokens, ``pip install marsad[ner-classes]``).  Its upstream corpora's licences
are not all stated, so the project ships nothing derived from them: ``marsad ner
build-classes`` (:func:`build_from_ar_corrector`) reads the installed package's
counts with the dotless repair's restricted unpickler and writes the class file
into the user's cache directory (:func:`class_file`).  When that file exists,
:func:`marsad.ner.crf.default_model` is the tagger trained with class features;
otherwise the default tagger, which has none.  Nothing here ever builds the file
implicitly (up to a few minutes of CPU and 2.4 GB of memory).

The build: PPMI-weighted left and right neighbour counts of every word seen at
least ``min_count`` times (normalised, without its proclitic; the 2,000 most
frequent words as contexts), reduced by SVD to 80 dimensions and split by
spherical 2-means (started from the sign of the first principal direction, so
the result is deterministic) down to 16 levels.
"""

from __future__ import annotations

import gzip
import logging
import os
import tempfile
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from marsad.errors import MarsadError
from marsad.ner.features import split_proclitic
from marsad.resources.cache import cache_dir
from marsad.text.normalize import normalize

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

_log = logging.getLogger(__name__)
CLASS_FILE = "ner-word-classes.tsv.gz"
MIN_COUNT = 20
CONTEXTS = 2000
DIMENSIONS = 80
DEPTH = 16
MIN_SPLIT = 8
INSTALL_HINT = "pip install 'marsad[ner-classes]'"
HEADER = (
    "# Built by 'marsad ner build-classes' (min count {min_count}) from the word bigram counts of the\n"
    "# PyPI package ar-corrector {version} (MIT License, Copyright (c) 2021 Bassel Kassem): the class path of\n"
    "# every word seen at least {min_count} times; no counts are kept. Not redistributed: see docs/ner.md.\n"
    "word\tpath\n"
)


class WordClassError(MarsadError):
    """The word-class file cannot be built or read."""


def class_file() -> Path:
    """Where the class file lives: the user's cache directory (``MARSAD_CACHE_DIR`` when set)."""
    return cache_dir() / CLASS_FILE


def parse_classes(data: bytes, source: str = CLASS_FILE) -> dict[str, str]:
    """Word -> class path from the gzipped ``word<TAB>path`` lines of a class file."""
    try:
        text = gzip.decompress(data).decode("utf-8")
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise WordClassError(f"{source}: damaged word-class file ({exc}); rebuild with 'marsad ner build-classes'") from None
    classes: dict[str, str] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            word, _tab, path = line.partition("\t")
            if path and word != "word":
                classes[word] = path
    return classes


@lru_cache(maxsize=1)
def cached_classes() -> dict[str, str] | None:
    """The classes of the user's class file, read once per process; None when it was never built.

    An unreadable or damaged file is reported in one line (logged) and read as absent, so the
    tagger falls back to the default model instead of stopping every analysis.
    """
    path = class_file()
    try:
        return parse_classes(path.read_bytes(), str(path)) or None
    except FileNotFoundError:
        return None
    except OSError as exc:
        _log.warning("%s: cannot read (%s); the name tagger runs without word classes", path, exc.strerror)
    except WordClassError as exc:
        _log.warning("%s; the name tagger runs without word classes", exc)
    return None


def cluster_key(token: str) -> str:
    """The form a word class is kept under: normalised, without its proclitic."""
    stem: str = split_proclitic(normalize(token) or token)[1]
    return stem


def _context_key(token: str) -> str:
    """The word's class key; numbers are one context word (they get no class)."""
    key = cluster_key(token)
    return key if any(c.isalpha() for c in key) or not any(c.isdigit() for c in key) else "<num>"


def ppmi(matrix: csr_matrix) -> csr_matrix:
    """Positive pointwise mutual information of a count matrix."""
    from scipy.sparse import csr_matrix

    total = matrix.sum()
    row_sums = np.asarray(matrix.sum(axis=1)).ravel()
    column_sums = np.asarray(matrix.sum(axis=0)).ravel()
    coo = matrix.tocoo()
    pmi = np.log(coo.data * total / (row_sums[coo.row] * column_sums[coo.col]))
    keep = pmi > 0
    return csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=matrix.shape)


def bigram_context_matrix(
    bigrams: Mapping[Any, Mapping[str, int]], min_count: int, contexts: int = CONTEXTS
) -> tuple[list[str], csr_matrix]:
    """Words seen ≥ ``min_count`` times and their PPMI-weighted left/right neighbour counts.

    ``bigrams`` maps ``(previous,)`` to ``{next: n}`` (``ar-corrector``'s counts, rarer words
    merged into ``<unk>``); a word's occurrences are counted as the left or the right word of a pair.
    """
    from scipy.sparse import csr_matrix

    key_of: dict[str, int] = {}
    keys: list[str] = []

    def key_id(token: str) -> int:
        found = key_of.get(token)
        if found is None:
            key = "<s>" if token == "<s>" else "<unk>" if token == "<unk>" else _context_key(token)
            found = key_of[token] = len(keys)
            keys.append(key)
        return found

    lefts: list[int] = []
    rights: list[int] = []
    values: list[int] = []
    for context, following in bigrams.items():
        if not (isinstance(context, tuple) and len(context) == 1 and isinstance(context[0], str)):
            continue
        a = key_id(context[0])
        for b, n in following.items():
            if isinstance(b, str) and isinstance(n, int):
                lefts.append(a)
                rights.append(key_id(b))
                values.append(n)
    # Token ids -> class-key ids (several written forms share one key).
    distinct = sorted(set(keys))
    index_of = {k: i for i, k in enumerate(distinct)}
    remap = np.array([index_of[k] for k in keys], dtype=np.int64)
    left, right = remap[np.array(lefts, dtype=np.int64)], remap[np.array(rights, dtype=np.int64)]
    weights = np.array(values, dtype=np.float64)
    counts = np.bincount(left, weights=weights, minlength=len(distinct)) + np.bincount(
        right, weights=weights, minlength=len(distinct)
    )
    order = sorted(range(len(distinct)), key=lambda i: (-counts[i], distinct[i]))
    words = [
        distinct[i]
        for i in order
        if counts[i] >= min_count and distinct[i] not in ("<s>", "<unk>") and any(ch.isalpha() for ch in distinct[i])
    ]
    row = np.full(len(distinct), -1, dtype=np.int64)
    row[[index_of[w] for w in words]] = np.arange(len(words))
    column = np.full(len(distinct), -1, dtype=np.int64)
    top = [i for i in order if distinct[i] != "<unk>"][:contexts]
    column[top] = np.arange(len(top))
    # The right word's left neighbour, and the left word's right neighbour.
    keep = (row[right] >= 0) & (column[left] >= 0)
    matrix = csr_matrix((weights[keep], (row[right][keep], column[left][keep])), shape=(len(words), 2 * contexts))
    keep = (row[left] >= 0) & (column[right] >= 0)
    matrix = matrix + csr_matrix(
        (weights[keep], (row[left][keep], contexts + column[right][keep])), shape=(len(words), 2 * contexts)
    )
    return words, ppmi(matrix.tocsr())


def embed(matrix: csr_matrix, dimensions: int = DIMENSIONS) -> NDArray[np.float64]:
    """Unit row vectors of the matrix's leading singular directions (signs fixed)."""
    from scipy.sparse.linalg import svds

    k = min(dimensions, min(matrix.shape) - 1)  # svds needs fewer directions than either side
    u, s, _vt = svds(matrix, k=k, random_state=0, solver="arpack")
    vectors = u * np.sqrt(s)
    signs = np.sign(vectors[np.abs(vectors).argmax(axis=0), np.arange(vectors.shape[1])])
    vectors = vectors * signs
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit: NDArray[np.float64] = vectors / np.where(norms == 0, 1.0, norms)
    return unit


def _split(vectors: NDArray[np.float64]) -> NDArray[np.bool_]:
    """Spherical 2-means, started from the sign of the first principal direction."""
    centred = vectors - vectors.mean(axis=0)
    _u, _s, vt = np.linalg.svd(centred, full_matrices=False)
    direction = vt[0] * np.sign(vt[0][np.abs(vt[0]).argmax()])
    side = centred @ direction > 0
    for _ in range(20):
        if side.all() or not side.any():
            break
        a, b = vectors[side].mean(axis=0), vectors[~side].mean(axis=0)
        new = vectors @ a > vectors @ b
        if (new == side).all():
            break
        side = new
    chosen: NDArray[np.bool_] = np.asarray(side, dtype=bool)
    return chosen


def paths(vectors: NDArray[np.float64], depth: int = DEPTH, min_split: int = MIN_SPLIT) -> list[str]:
    """Each row's path of binary splits (a prefix is a coarser class)."""
    out = [""] * len(vectors)
    stack: list[tuple[NDArray[np.intp], str]] = [(np.arange(len(vectors)), "")]
    while stack:
        members, path = stack.pop()
        if len(path) >= depth or len(members) < min_split:
            for index in members:
                out[index] = path
            continue
        side = _split(vectors[members])
        if side.all() or not side.any():
            for index in members:
                out[index] = path
            continue
        stack.append((members[side], path + "1"))
        stack.append((members[~side], path + "0"))
    return out


def classes_text(
    bigrams: Mapping[Any, Mapping[str, int]],
    *,
    version: str,
    min_count: int = MIN_COUNT,
    contexts: int = CONTEXTS,
    dimensions: int = DIMENSIONS,
    progress: Callable[[str], None] | None = None,
) -> str:
    """The class file's text (header and sorted ``word<TAB>path`` lines) learned from bigram counts."""
    say = progress or (lambda _message: None)
    words, weighted = bigram_context_matrix(bigrams, min_count, contexts)
    say(f"{len(words)} words seen at least {min_count} times; reducing their neighbour counts")
    classes = paths(embed(weighted, dimensions))
    say("splitting into classes done")
    lines = [f"{word}\t{path}\n" for word, path in sorted(zip(words, classes, strict=True)) if path]
    return HEADER.format(version=version, min_count=min_count) + "".join(lines)


def build_from_ar_corrector(
    min_count: int = MIN_COUNT, progress: Callable[[str], None] | None = None
) -> str:
    """The class file's text learned from the installed ``ar-corrector`` package's bigram counts.

    Raises :class:`WordClassError` (one line, with the install command) when the package
    or scipy is missing.
    """
    from marsad.text.dotless_arcorrector import installed_version, load_bigrams

    version = installed_version()
    if version is None:
        raise WordClassError(f"ar-corrector is not installed: {INSTALL_HINT}")
    try:
        import scipy  # noqa: F401  (the SVD; brought by the same extra)
    except ImportError:
        raise WordClassError(f"scipy is not installed: {INSTALL_HINT}") from None
    if progress:
        progress(f"reading the bigram counts of ar-corrector {version}")
    return classes_text(load_bigrams(), version=version, min_count=min_count, progress=progress)


def write_class_file(text: str, path: Path | None = None) -> Path:
    """Write the class file (to the cache directory by default) atomically; returns its path."""
    path = path or class_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would hide a shared cache from other users
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    cached_classes.cache_clear()
    return path
