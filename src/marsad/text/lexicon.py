"""Arabic word forms and their frequencies, from ``wordfreq``'s Arabic list.

The list ships inside the ``wordfreq`` PyPI package (about 620,000 forms, most
of them with their clitics attached).  Lookups are made on the normalised
matching form (``marsad.text.normalize``), so hamza/alef spelling, ``ة``/``ه``
and ``ى``/``ي`` do not matter; a form that is not listed as written is tried
again with its clitics removed.  The list is read once per process, on first
use; the folded dict is cached on disk (user cache directory, or ``MARSAD_CACHE_DIR``)
keyed by the wordfreq version, the normalisation table and the Python version, so
later processes load it in a fraction of the build time.  The cache is cut into
shards by a stable hash of the key, kept marshalled (11 MB), and a lookup decodes
the one shard its key is in and keeps the answer, not the shard: the pipeline asks a
few hundred words per 1,000 articles, and keeping each decoded shard whole (600
forms for one answer) grew a long run's memory towards the whole list's 70-90 MB.
A caller that asks many different words (:data:`RESIDENT_AFTER` decodes) gets the
whole list as one dict instead, as before.

    >>> Lexicon.get().known("وأسلحتها")
    True
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import threading
import zlib
from collections.abc import Callable, Iterator
from importlib import metadata
from pathlib import Path

from marsad.resources import data_file
from marsad.text.memo import BoundedMemo
from marsad.text.normalize import normalize, translation_table
from marsad.text.tokenize import readings

# wordfreq stores words in buckets of one centibel: bucket ``b`` holds words of
# frequency 10**(-b/100), i.e. a Zipf value of 9 - b/100.
_ZIPF_OF_BUCKET_ZERO = 9.0
# A clitic-stripped stem shorter than this is too easy to match by accident.
MIN_STEM_FOR_CLITICS = 3
_STEM_CACHE_SIZE = 16384
# Shards of the cached lexicon (about 600 forms each); the cache format's version is in its name.
_SHARDS = 1024
_CACHE_FORMAT = "shards1"
# Answers kept from the shards (a few hundred different words per 1,000 news articles are asked).
_ASKED_LIMIT = 1 << 15
# Shard decodes (≈ 60 µs each) after which every shard is read into one dict and kept: a caller that
# asks this many different words pays about a second once, then a dict lookup per word.
RESIDENT_AFTER = 1 << 14
_UNLISTED = -1


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

    def __init__(self, buckets: dict[str, int], shards: list[bytes] | None = None, size: int | None = None) -> None:
        """``buckets``: the forms read so far; ``shards``: the marshalled shards still to read on
        need (None: ``buckets`` is the whole list); ``size``: the number of forms of the whole list."""
        self._buckets = buckets
        self._stem_cache: dict[str, float] = {}
        self._size = size if size is not None else len(buckets)
        self._shards: list[bytes] | None = list(shards) if shards is not None else None
        # The buckets of the keys asked of the shards (_UNLISTED for a key not in the list).
        self._asked: BoundedMemo[str, int] = BoundedMemo(_ASKED_LIMIT)
        self._decodes = 0
        self._shard_lock = threading.Lock()
        # The bucket of a normalised key, None when unlisted: a plain dict lookup once the list is resident.
        self._bucket: Callable[[str], int | None] = buckets.get if shards is None else self._bucket_sharded

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
            if _valid_shards(loaded):
                size, shards = loaded
                return cls({}, shards, size)
        except (OSError, EOFError, ValueError, TypeError):
            pass  # no cache yet, or a damaged one: rebuild
        lexicon = cls(_build_buckets())
        _write_cache(cache, lexicon._buckets)
        return lexicon

    @classmethod
    def _build(cls) -> Lexicon:
        return cls(_build_buckets())

    def _bucket_sharded(self, key: str) -> int | None:
        bucket = self._asked.known.get(key)
        if bucket is None:
            part = self._decode(_shard_of(key))
            bucket = self._asked.put(key, part.get(key, _UNLISTED))
        return None if bucket == _UNLISTED else bucket

    def _decode(self, index: int) -> dict[str, int]:
        """The forms of shard ``index``; after :data:`RESIDENT_AFTER` decodes (or a damaged shard) the
        whole list, kept from then on."""
        shards = self._shards
        if shards is None:  # another thread made the list resident meanwhile
            return self._buckets
        self._decodes += 1
        if self._decodes < RESIDENT_AFTER:
            try:
                part = marshal.loads(shards[index])
                if isinstance(part, dict):
                    return part
            except (EOFError, ValueError, TypeError):
                pass
            # A damaged shard: the whole list, built again (slow, but never a wrong answer), and the
            # cache written again for the next process.
            whole = _build_buckets()
            _write_cache(_cache_path(), whole)
            self._make_resident(whole)
        else:
            self._make_resident(None)
        return self._buckets

    def _make_resident(self, whole: dict[str, int] | None) -> None:
        """Keep the whole list as one dict (``whole``, else every shard decoded) and look keys up there."""
        with self._shard_lock:
            shards = self._shards
            if shards is None:
                return
            if whole is None:
                whole = {}
                try:
                    for shard in shards:
                        part = marshal.loads(shard)
                        if not isinstance(part, dict):
                            raise TypeError("not a dict")
                        whole.update(part)
                except (EOFError, ValueError, TypeError):
                    whole = _build_buckets()
                    _write_cache(_cache_path(), whole)
            self._buckets = whole
            self._bucket = whole.get
            self._shards = None
            self._asked = BoundedMemo(1)

    def __len__(self) -> int:
        return self._size

    def zipf(self, word: str) -> float:
        """Zipf frequency of the word as written (after normalisation); 0.0 when unknown."""
        bucket = self._bucket(normalize(word))
        return 0.0 if bucket is None else zipf_of_bucket(bucket)

    def listed(self, word: str) -> bool:
        """True when the word, as written (normalised), is in the list."""
        return self._bucket(normalize(word)) is not None

    def known(self, word: str) -> bool:
        """True when the word or one of its clitic readings is a listed form."""
        return self.best_zipf(word) > 0.0

    def best_zipf(self, word: str) -> float:
        """Zipf of the word, else of its best clitic reading's stem; 0.0 when unknown."""
        key = normalize(word)
        bucket = self._bucket(key)
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
            bucket = self._bucket(reading.stem)
            if bucket is not None and (best is None or bucket < best):
                best = bucket
        return 0.0 if best is None else zipf_of_bucket(best)


def _build_buckets() -> dict[str, int]:
    buckets: dict[str, int] = {}
    # wordfreq's forms are NFKC already, so the character table alone normalises them.
    table = translation_table()
    for word, bucket in iter_wordfreq_arabic():
        key = word.translate(table)
        # Several spellings fold to one key; keep the most frequent (first seen).
        buckets.setdefault(key, bucket)
    return buckets


def _write_cache(cache: Path, buckets: dict[str, int]) -> None:
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        partial.write_bytes(marshal.dumps(_to_shards(buckets)))
        partial.replace(cache)  # atomic: a concurrent reader sees the old file or the whole new one
        # Older caches go, but the newest two stay: two installations (another Python) sharing the
        # directory do not rebuild at every start.
        caches = sorted(cache.parent.glob("lexicon-*.marshal"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in caches[2:]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only cache only costs start-up time


def _shard_of(key: str) -> int:
    # crc32, not hash(): the shard of a key must be the same in every process.
    return zlib.crc32(key.encode("utf-8")) % _SHARDS


def _to_shards(buckets: dict[str, int]) -> tuple[int, list[bytes]]:
    """What the cache holds: the number of forms and each shard's dict, marshalled on its own."""
    parts: list[dict[str, int]] = [{} for _ in range(_SHARDS)]
    for key, bucket in buckets.items():
        parts[_shard_of(key)][key] = bucket
    return len(buckets), [marshal.dumps(part) for part in parts]


def _valid_shards(loaded: object) -> bool:
    if not (isinstance(loaded, tuple) and len(loaded) == 2):
        return False
    size, shards = loaded
    return (
        isinstance(size, int) and size > 0 and isinstance(shards, list) and len(shards) == _SHARDS
        and all(isinstance(shard, bytes) for shard in shards)
    )


def _cache_path() -> Path:
    """Where the folded lexicon is cached: keyed by wordfreq's version, the normalisation table,
    the Python version (marshal's format) and the cache's format."""
    configured = os.environ.get("MARSAD_CACHE_DIR")
    if configured:
        base = Path(configured).expanduser()
    else:
        import platformdirs

        base = Path(platformdirs.user_cache_dir("marsad"))
    table = data_file("normalization.tsv").read_bytes()
    parts = (metadata.version("wordfreq"), sys.version, _CACHE_FORMAT)
    key = hashlib.sha1("\0".join(parts).encode() + b"\0" + table).hexdigest()[:16]
    return base / f"lexicon-{key}.marshal"
