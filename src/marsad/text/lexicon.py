"""Arabic word forms and their frequencies, from ``wordfreq``'s Arabic list.

The list ships inside the ``wordfreq`` PyPI package (about 620,000 forms, most
of them with their clitics attached).  Lookups are made on the normalised
matching form (``marsad.text.normalize``), so hamza/alef spelling, ``ة``/``ه``
and ``ى``/``ي`` do not matter; a form that is not listed as written is tried
again with its clitics removed.  The list is read once per process, on first
use, and kept as one dict of about 70 MB; the folded dict is cached on disk (user
cache directory, or ``MARSAD_CACHE_DIR``) keyed by the wordfreq version and the
normalisation table, so later processes load it in a fraction of the build time.

    >>> Lexicon.get().known("وأسلحتها")
    True
"""

from __future__ import annotations

import hashlib
import marshal
import os
import threading
from collections.abc import Iterator
from importlib import metadata, resources
from pathlib import Path

from marsad.text.normalize import normalize, translation_table
from marsad.text.tokenize import readings

# wordfreq stores words in buckets of one centibel: bucket ``b`` holds words of
# frequency 10**(-b/100), i.e. a Zipf value of 9 - b/100.
_ZIPF_OF_BUCKET_ZERO = 9.0
# A clitic-stripped stem shorter than this is too easy to match by accident.
MIN_STEM_FOR_CLITICS = 3
_STEM_CACHE_SIZE = 16384


def iter_wordfreq_arabic() -> Iterator[tuple[str, int]]:
    """Every Arabic form of wordfreq's large list with its bucket, most frequent first.

    Read straight from the packaged file so that wordfreq's own cache does not
    keep a second copy of the list in memory.
    """
    import wordfreq

    path = wordfreq.available_languages("large")["ar"]
    for bucket, words in enumerate(wordfreq.read_cBpack(path)):
        for word in words:
            yield word, bucket


def zipf_of_bucket(bucket: int) -> float:
    return _ZIPF_OF_BUCKET_ZERO - bucket / 100.0


class Lexicon:
    """Known Arabic word forms (normalised) with their Zipf frequency."""

    _instance: Lexicon | None = None
    _lock = threading.Lock()

    def __init__(self, buckets: dict[str, int]) -> None:
        self._buckets = buckets
        self._stem_cache: dict[str, float] = {}

    @classmethod
    def get(cls) -> Lexicon:
        """The process-wide lexicon, built on first use."""
        if cls._instance is None:
            with cls._lock:
                if cls._instance is None:
                    cls._instance = cls._from_wordfreq()
        return cls._instance

    @classmethod
    def _from_wordfreq(cls) -> Lexicon:
        cache = _cache_path()
        try:
            loaded = marshal.loads(cache.read_bytes())
            if isinstance(loaded, dict) and loaded:
                return cls(loaded)
        except (OSError, EOFError, ValueError, TypeError):
            pass  # no cache yet, or a damaged one: rebuild
        lexicon = cls._build()
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            partial = cache.with_suffix(f".{os.getpid()}.tmp")
            partial.write_bytes(marshal.dumps(lexicon._buckets))
            partial.replace(cache)  # atomic: a concurrent reader sees the old file or the whole new one
        except OSError:
            pass  # a read-only cache only costs start-up time
        return lexicon

    @classmethod
    def _build(cls) -> Lexicon:
        buckets: dict[str, int] = {}
        # wordfreq's forms are NFKC already, so the character table alone normalises them.
        table = translation_table()
        for word, bucket in iter_wordfreq_arabic():
            key = word.translate(table)
            # Several spellings fold to one key; keep the most frequent (first seen).
            buckets.setdefault(key, bucket)
        return cls(buckets)

    def __len__(self) -> int:
        return len(self._buckets)

    def zipf(self, word: str) -> float:
        """Zipf frequency of the word as written (after normalisation); 0.0 when unknown."""
        bucket = self._buckets.get(normalize(word))
        return 0.0 if bucket is None else zipf_of_bucket(bucket)

    def listed(self, word: str) -> bool:
        """True when the word, as written (normalised), is in the list."""
        return normalize(word) in self._buckets

    def known(self, word: str) -> bool:
        """True when the word or one of its clitic readings is a listed form."""
        return self.best_zipf(word) > 0.0

    def best_zipf(self, word: str) -> float:
        """Zipf of the word, else of its best clitic reading's stem; 0.0 when unknown."""
        key = normalize(word)
        bucket = self._buckets.get(key)
        if bucket is not None:
            return zipf_of_bucket(bucket)
        cached = self._stem_cache.get(key)
        if cached is None:
            cached = self._stem_zipf(key)
            if len(self._stem_cache) >= _STEM_CACHE_SIZE:
                self._stem_cache.clear()
            self._stem_cache[key] = cached
        return cached

    def _stem_zipf(self, key: str) -> float:
        best: int | None = None
        for reading in readings(key)[1:]:
            if len(reading.stem) < MIN_STEM_FOR_CLITICS:
                continue
            bucket = self._buckets.get(reading.stem)
            if bucket is not None and (best is None or bucket < best):
                best = bucket
        return 0.0 if best is None else zipf_of_bucket(best)


def _cache_path() -> Path:
    """Where the folded lexicon is cached: keyed by wordfreq's version and the normalisation table."""
    configured = os.environ.get("MARSAD_CACHE_DIR")
    if configured:
        base = Path(configured).expanduser()
    else:
        import platformdirs

        base = Path(platformdirs.user_cache_dir("marsad"))
    table = resources.files("marsad.data").joinpath("normalization.tsv").read_bytes()
    key = hashlib.sha1(metadata.version("wordfreq").encode() + b"\0" + table).hexdigest()[:16]
    return base / f"lexicon-{key}.marshal"
