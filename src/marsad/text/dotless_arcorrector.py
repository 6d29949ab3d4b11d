"""A dotless context model from the word bigram counts of the PyPI package ``ar-corrector``.

``ar-corrector`` 1.1.6 (MIT; ``pip install marsad[dotless]``) ships word
bigram counts from about 33 million tokens, mostly news
(``ar_corrector/resources/ngram_plus1.pickle``: previous word -> Counter of
next words; the 234,707 most frequent words, rarer ones as ``<unk>``).  Its
upstream corpora's licences are not all stated, so the project copies nothing:
the counts are read from the installed package at run time, with a restricted
unpickler (only ``collections.Counter``/``defaultdict``: a pickle can run
code), and the model counted from them is cached in the user's cache
directory, never in the package.

When the package is installed, :func:`default_context_model` (the model the
deobfuscator weighs dotless readings with unless given one) is this model
instead of the shipped one (measured in ``docs/repair.md``:
about two points more dotless words restored with fewer wrong repairs).

Counting mirrors :func:`marsad.text.dotless_context.train_context`: each
bigram ``a b`` seen ``n`` times adds ``n`` to the left-neighbour tables of
``b`` and to the right-neighbour tables of ``a`` (for words whose skeleton has
rivals); ``<s>``, ``<unk>`` and tokens that are not plain Arabic words cut the
pair, as at run time.
"""

from __future__ import annotations

import collections
import importlib.metadata
import importlib.util
import io
import os
import pickle
import tempfile
import threading
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

from marsad.text.dotless import DotlessIndex, has_first_letter_rival
from marsad.text.dotless_context import (
    ContextModel,
    _Side,
    context_model,
    first_letter,
    is_arabic_word,
    shape,
)
from marsad.text.normalize import normalize

PACKAGE = "ar_corrector"
DISTRIBUTION = "ar-corrector"
BIGRAMS = "ngram_plus1.pickle"
_ALLOWED = frozenset({("collections", "Counter"), ("collections", "defaultdict")})
# A rival reading with another first letter must be at least this common (Zipf);
# the same rule as the shipped model's training (marsad.train.repair_context).
LICENSE_NOTE = (
    "counts derived at run time from the installed package ar-corrector (MIT); "
    "its upstream corpora's licences are not all stated: not redistributed"
)


class CountsUnpickler(pickle.Unpickler):
    """Unpickles only ``Counter``/``defaultdict`` of plain values; any other class is refused."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED:
            return getattr(collections, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a counts file")


def installed_version() -> str | None:
    """The installed ``ar-corrector`` version, or None when it is not installed."""
    if importlib.util.find_spec(PACKAGE) is None:
        return None
    try:
        return importlib.metadata.version(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return None


def load_bigrams(raw: bytes | None = None) -> dict[Any, Counter[str]]:
    """The bigram counts (from the installed package unless ``raw`` pickle bytes are given)."""
    if raw is None:
        raw = (resources.files(PACKAGE) / "resources" / BIGRAMS).read_bytes()
    data = CountsUnpickler(io.BytesIO(raw)).load()
    if not isinstance(data, dict):
        raise pickle.UnpicklingError(f"{BIGRAMS}: not a mapping ({type(data).__name__})")
    return data


def build_model(bigrams: dict[Any, Counter[str]], header: dict[str, Any] | None = None) -> ContextModel:
    """Count the neighbour tables of a :class:`ContextModel` from ``(previous,) -> Counter(next)`` counts."""
    pairs: tuple[Counter[str], Counter[str]] = (Counter(), Counter())
    shapes: tuple[Counter[str], Counter[str]] = (Counter(), Counter())
    first: tuple[dict[str, Counter[str]], dict[str, Counter[str]]] = ({}, {})
    kept: dict[str, tuple[bool, str]] = {}
    norm: dict[str, str] = {}
    index = DotlessIndex.get()

    def keep(word: str) -> tuple[bool, str]:
        found = kept.get(word)
        if found is None:
            x = first_letter(word)
            found = kept[word] = (index.has_rival(word), x if x and has_first_letter_rival(word) else "")
        return found

    def add(side: int, word: str, neighbour_raw: str, neighbour: str, n: int, letter: str) -> None:
        neighbour_shape = shape(neighbour_raw)
        pairs[side][f"{neighbour} {word}"] += n
        shapes[side][f"{neighbour_shape} {word}"] += n
        if letter:
            for key in (neighbour, neighbour_shape):
                first[side].setdefault(key, Counter())[letter] += n

    tokens = 0
    for context, following in bigrams.items():
        if not (isinstance(context, tuple) and len(context) == 1 and isinstance(following, dict)):
            continue
        a = context[0]
        if not isinstance(a, str) or not is_arabic_word(a):
            continue
        wa = norm.setdefault(a, normalize(a))
        keep_a = keep(wa)
        for b, n in following.items():
            if not isinstance(b, str) or not isinstance(n, int):
                continue
            tokens += n
            if not is_arabic_word(b):
                continue
            wb = norm.get(b)
            if wb is None:
                wb = norm[b] = normalize(b)
            keep_b = keep(wb)
            if keep_b[0]:
                add(0, wb, a, wa, n, keep_b[1])
            if keep_a[0]:
                add(1, wa, b, wb, n, keep_a[1])
    sides = [
        _Side(dict(pairs[k]), dict(shapes[k]), {key: dict(c) for key, c in first[k].items()}) for k in (0, 1)
    ]
    info = {"trained_on": [{"package": DISTRIBUTION, "file": BIGRAMS, "bigram_tokens": tokens}], "license": LICENSE_NOTE}
    return ContextModel(sides[0], sides[1], {**info, **(header or {})})


def cache_path(version: str) -> Path:
    """Where the model counted from ``ar-corrector`` ``version`` is cached (the user's cache directory)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "marsad" / f"repair-context-ar-corrector-{version}.model"


_lock = threading.Lock()
_loaded: list[ContextModel | None] = []


def ar_corrector_model() -> ContextModel | None:
    """The context model from ``ar-corrector``'s counts, or None when the package is not installed.

    Built once (about 4-6 minutes of one core and up to 5.6 GB of memory) into the
    user's cache directory, then read from there (written to a temporary file
    and renamed, so concurrent processes never read half a file).
    """
    with _lock:
        if _loaded:
            return _loaded[0]
        version = installed_version()
        model: ContextModel | None = None
        if version is not None:
            path = cache_path(version)
            if not path.is_file():
                built = build_model(load_bigrams(), {"ar_corrector_version": version})
                path.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".part")
                os.close(fd)
                built.save(Path(tmp))
                os.chmod(tmp, 0o644)  # mkstemp's 0600 would hide a shared cache from other users
                os.replace(tmp, path)
            model = ContextModel.load(path)
        _loaded.append(model)
        return model


def default_context_model() -> ContextModel:
    """The default context model: ar-corrector's when installed (``marsad[dotless]``), else the shipped one."""
    return ar_corrector_model() or context_model()
