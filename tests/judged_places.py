"""The shape every judged place probe file keeps (``tests/gold/places/*_judged.tsv``).

SaudiNewsNet text may not be committed: every row is a document key, offsets, a verdict, a half, a level and a
place id, never a surface.
"""

from __future__ import annotations

from pathlib import Path

import regex

HEADER = ["doc", "start", "end", "verdict", "half", "level", "id"]
SNN_KEY = r"snn:2015-\d\d-\d\d:\d+"


def judged_rows(path: Path, doc_key: str = SNN_KEY) -> list[list[str]]:
    """The judged rows of ``path`` (header left out), each checked to hold coordinates and labels only."""
    rows = [line.split("\t") for line in path.read_text("utf-8").splitlines() if line and not line.startswith("#")]
    assert rows[0] == HEADER
    for doc, start, end, verdict, half, level, place_id in rows[1:]:
        assert regex.fullmatch(doc_key, doc), doc
        assert 0 <= int(start) < int(end) and verdict in ("right", "wrong", "notplace") and half in ("probe", "held")
        assert level in ("city", "district", "region", "country", "unresolved")
        assert regex.fullmatch(r"-|[a-z0-9]+:[\w.-]+", place_id), place_id
    return rows[1:]
