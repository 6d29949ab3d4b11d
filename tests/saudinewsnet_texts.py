"""The (url, content) of SaudiNewsNet articles named by (archive, index), for the tests of gold files that store
offsets only (the articles' text stays in the shared data)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest


def article_texts(shared_dir: Path, wanted: set[tuple[str, int]]) -> dict[tuple[str, int], tuple[str, str]]:
    """(archive, index) -> (url, content); skips the test, with the reason, when an archive is absent."""
    out: dict[tuple[str, int], tuple[str, str]] = {}
    for archive in sorted({a for a, _ in wanted}):
        zip_path = shared_dir / "data" / "saudinewsnet" / archive
        if not zip_path.is_file():
            pytest.skip(f"SaudiNewsNet archive {archive} not present in shared data")
        with zipfile.ZipFile(zip_path) as zf:
            name = next(n for n in zf.namelist() if n.endswith(".json"))
            items = json.loads(zf.read(name).decode("utf-8"))
        for a, index in wanted:
            if a == archive:
                out[(a, index)] = (items[index].get("url", ""), items[index].get("content") or "")
    return out
