"""Installed package versions, read from the ``*.dist-info`` directory names on ``sys.path``.

Cache keys name the versions of the libraries whose objects they hold (wordfreq, babel,
pyahocorasick …). ``importlib.metadata`` answers that too, but importing it (with the ``email``
parser it reads ``METADATA`` with) is about a twentieth of a second of every command's start-up;
an installed wheel's directory name already says ``name-version`` (the wheel and
``.dist-info`` specifications escape ``-`` in both parts, so the first ``-`` splits them). Other
layouts (``.egg-info``, a name not found) fall back to ``importlib.metadata``.
"""

from __future__ import annotations

import os
import re
import sys
from functools import cache

_SUFFIX = ".dist-info"


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


@cache
def _dist_info_versions(path_entries: tuple[str, ...]) -> dict[str, str]:
    """Normalised distribution name → version, the first entry of ``sys.path`` winning (as imports do)."""
    found: dict[str, str] = {}
    for entry in path_entries:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(_SUFFIX):
                dist, _, version = name[: -len(_SUFFIX)].partition("-")
                if version:
                    found.setdefault(_normalised(dist), version)
    return found


def installed_version(package: str) -> str | None:
    """The installed version of distribution ``package``, or None when it is not installed."""
    version = _dist_info_versions(tuple(sys.path)).get(_normalised(package))
    if version is not None:
        return version
    from importlib import metadata  # the rare layouts: pay for the full machinery only then

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None
