"""The garbage collector's thresholds for processes that load Marsad's resources and analyse in bulk.

An article allocates hundreds of thousands of short-lived containers (tokens, features, records),
almost none of them in cycles: at the default threshold (700) the young generation was collected
~5.5 times per article (1,651 collections for 300 SaudiNewsNet articles), each pass also walking
what survived into the older generations; at 20,000, 37 collections and about 8 % less CPU on the
same articles.  Start-up is the same story: importing the libraries and loading the lexicons,
models and gazetteer ran 132 young, 12 middle and one full collection (about 0.1 s of the 0.7 s
CPU of ``marsad analyze --sample``), none of which found garbage worth the walk.  Memory is
unaffected in practice (cyclic garbage waits at most 20,000 allocations longer).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import sys
from typing import Any

GC_THRESHOLDS = (20_000, 20, 20)


def tune_gc() -> None:
    """Raise the collector's thresholds to :data:`GC_THRESHOLDS` (never lower a higher setting).

    Called by the command line before its imports and when a pipeline is built: a process that
    builds one analyses documents in bulk.  A disabled threshold (0) is left as it is.
    """
    current = gc.get_threshold()
    if current[0] == 0:
        return
    wanted = tuple(max(have, want) for have, want in zip(current, GC_THRESHOLDS, strict=False))
    if wanted != current:
        gc.set_threshold(*wanted)


_MALLOC_TRIM: Any = None  # glibc's malloc_trim, once looked up (False where there is none: musl, macOS)


def release_free_memory() -> None:
    """Give the C allocator's free memory back to the system (glibc's ``malloc_trim``; elsewhere nothing).

    A long ingest frees as much as it allocates (each batch's rows, the word memos emptied when full,
    SQLite's pages), but glibc keeps freed memory for reuse and returns little of it: over 10,000
    SaudiNewsNet articles it held 22 MiB of the 375 MiB RSS free.  A call costs about a millisecond
    in an ingest (it walks the heap's free lists): an ingest calls it after each written batch."""
    global _MALLOC_TRIM
    if _MALLOC_TRIM is None:
        _MALLOC_TRIM = False
        if sys.platform.startswith("linux"):
            with contextlib.suppress(OSError, AttributeError):  # (a C library without it)
                _MALLOC_TRIM = ctypes.CDLL("libc.so.6").malloc_trim
    if _MALLOC_TRIM:
        _MALLOC_TRIM(0)
