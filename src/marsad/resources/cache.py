"""Compiled resources kept between processes, in the user cache directory.

Building some resources (an Aho-Corasick automaton over every dictionary name and
its clitic forms, parsed lexicons) costs a tenth of a second or more in every
process that analyses text: every ``marsad analyze``, every ingest worker, every
Spark executor.  :func:`cached` pickles what a build returns under the cache
directory (``MARSAD_CACHE_DIR``, else the user cache directory) and later
processes unpickle it.

A cache file is named by a fingerprint of everything the result depends on: the
package version, the Python version, the package's code (the size and modification
time of every module: an edited rule anywhere invalidates every cache, which costs
one rebuild), the caller's sources (the bytes of the data files it reads, versions
of the libraries whose objects it keeps) and the kind.  A changed data file or rule
gives a new name, never a stale result.  The cache is only ever a shortcut:

* unwritable directory: the resource is built, and nothing is written;
* damaged or foreign file (truncated, another format, an unpicklable class): it is
  built again and the file replaced;
* several processes at once: each writes a file of its own and renames it into
  place (atomic), so a reader sees the old file or the whole new one.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

# Cache files of one kind kept side by side (two checkouts of different versions do not evict
# each other at every start).
KEEP_PER_KIND = 2


def cache_dir() -> Path:
    """``MARSAD_CACHE_DIR``, else the user cache directory of ``marsad``."""
    configured = os.environ.get("MARSAD_CACHE_DIR")
    if configured:
        return Path(configured).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("marsad"))


def fingerprint(kind: str, sources: Iterable[bytes | str]) -> str:
    """A short hash of the package and Python versions, the package's code, ``kind`` and every source."""
    # The installed distribution's version (importing ``marsad`` itself would reach every layer).
    version = library_version("marsad")
    digest = hashlib.sha1(f"{kind}\0{version}\0{sys.version}\0{pickle.HIGHEST_PROTOCOL}".encode())
    digest.update(code_signature().encode())
    for source in sources:
        data = source.encode("utf-8") if isinstance(source, str) else source
        digest.update(len(data).to_bytes(8, "little"))  # so that moving bytes between sources changes the key
        digest.update(data)
    return digest.hexdigest()[:16]


@cache
def code_signature() -> str:
    """Every module of the package by path, size and modification time (a millisecond; read once)."""
    root = Path(__file__).resolve().parent.parent
    entries = []
    for path in sorted(root.rglob("*.py")):
        try:
            stat = path.stat()
        except OSError:
            continue
        entries.append(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha1("\n".join(entries).encode()).hexdigest()


def data_sources(*names: str) -> list[bytes]:
    """The bytes of the packaged data files ``names``: the sources of a resource built from them."""
    from marsad.resources import data_file

    return [data_file(name).read_bytes() for name in names]


def library_version(package: str) -> str:
    """``package==version`` (or ``package absent``): a source for results holding the library's objects."""
    try:
        return f"{package}=={metadata.version(package)}"
    except metadata.PackageNotFoundError:
        return f"{package} absent"


def cached(kind: str, sources: Iterable[bytes | str], build: Callable[[], T], expected: type[T]) -> T:
    """``build()``, or what an earlier process built from the same sources.

    ``kind`` names the resource (a file name part: letters, digits, ``-``); ``expected`` is the
    type of the result (anything else read from the cache is ignored).
    """
    directory = cache_dir()
    path = directory / f"{kind}-{fingerprint(kind, sources)}.pickle"
    found = _read(path, expected)
    if found is not None:
        return found
    result = build()
    _write(path, result, kind)
    return result


def _read(path: Path, expected: type[T]) -> T | None:
    # The unpickled objects are all live: collections during the load only cost start-up time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        with path.open("rb") as handle:
            value = pickle.load(handle)
    except Exception:
        return None
    finally:
        if collecting:
            gc.enable()
    return value if isinstance(value, expected) else None  # a foreign object is rebuilt


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it, so a reader sees the old file or
    the whole new one, never a part (concurrent processes, a crash mid-write)."""
    fd, partial = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def _write(path: Path, value: object, kind: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        atomic_write(path, data)
        siblings = sorted(path.parent.glob(f"{kind}-*.pickle"), key=_mtime, reverse=True)
        for stale in siblings[KEEP_PER_KIND:]:
            stale.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass  # an unwritable cache (or an unpicklable value) only costs start-up time


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
