"""Loading the package's language data files, once.

Every lexicon, pattern list and model lives under ``marsad/data``.  Helpers here
read TSV/YAML/JSON from there; heavy resources (gazetteer index, CRF model,
word-form lexicon) have their own modules that cache what they build.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import yaml


@cache
def _data_root() -> Traversable:
    # ``marsad.data`` is a namespace package: finding its directory scans the import path, so it is
    # found once per process, not once per file (a few milliseconds each, 40 files at start-up).
    return resources.files("marsad.data")


def data_file(name: str) -> Traversable:
    """The packaged data file ``marsad/data/<name>``."""
    return _data_root().joinpath(name)


def read_text(name: str) -> str:
    return data_file(name).read_text("utf-8")


def iter_tsv(name: str) -> Iterator[list[str]]:
    """Rows of a packaged TSV file; ``#`` comment lines and blank lines skipped.

    The first non-comment row is a header when the file says so; callers that
    want dicts use :func:`read_tsv_dicts`.
    """
    for line in read_text(name).splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        yield line.split("\t")


def read_tsv_dicts(name: str) -> list[dict[str, str]]:
    """A packaged TSV whose first non-comment row names the columns."""
    rows = iter_tsv(name)
    header = next(rows)
    return [dict(zip(header, row + [""] * (len(header) - len(row)), strict=False)) for row in rows]


# The C loader when PyYAML has it (the same documents, parsed several times faster: start-up).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def read_yaml(name: str) -> Any:
    return yaml.load(read_text(name), Loader=_YAML_LOADER)


@cache
def read_json(name: str) -> Any:
    return json.loads(read_text(name))
